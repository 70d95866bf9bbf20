/*
 * fuzz_schema: libFuzzer target for lib/schema.c.
 *
 * The input is used twice:
 *   - as CSV, read with csvin as pana-ingest does: every value of every
 *     record that is valid text is checked against every field of the
 *     built-in schemas (associations, structures, diagnostics with the
 *     default competence areas added, as pana-ingest does), with
 *     schema_is_missing and schema_check; the header goes through
 *     schema_detects and schema_find. Each value is also a candidate
 *     date for schema_valid_date, compared with an independent check.
 *   - as JSON, through schema_parse: garbage must be refused with a
 *     message; a schema that parses is walked through its accessors and
 *     checked against the first values of the CSV reading.
 * Any violation of the contracts in lib/schema.h aborts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "csvin.h"
#include "err.h"
#include "schema.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FAIL(...)                                                          \
	do {                                                               \
		fprintf(stderr, "fuzz_schema: invariant broken at %s:%d: ", \
			__FILE__, __LINE__);                               \
		fprintf(stderr, __VA_ARGS__);                              \
		fputc('\n', stderr);                                       \
		abort();                                                   \
	} while (0)

/* Bounds the work per input. The first values are checked against every
   field of every schema, the next ones against the field their column
   names in the header (or column mod fields), as ingest does. */
#define MAX_VALUES 1024
#define MAX_VALUES_ALL_FIELDS 24
#define MAX_VALUES_PARSED 16
#define MAX_COLUMNS 64

static const char *const builtin_names[] = {
	"associations.schema.json", "structures.schema.json", "diagnostics.schema.json",
};
#define NBUILTIN (sizeof(builtin_names) / sizeof(builtin_names[0]))
static struct schema *builtin[NBUILTIN];

/* The default areas of lib/config.c, added to diagnostics as ingest does. */
static const char *const areas[] = {
	"communication", "collaboration", "gestion", "donnees", "equipement", "strategie",
};

struct values {
	size_t n;		/* values checked so far */
	int col_field[NBUILTIN][MAX_COLUMNS];	/* column -> field, per schema */
	struct schema *extra;	/* the schema parsed from the input, or NULL */
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct err e;
	size_t i, a;

	(void)argc;
	(void)argv;
	for (i = 0; i < NBUILTIN; i++) {
		e.msg[0] = '\0';
		builtin[i] = schema_load(builtin_names[i], &e);
		if (!builtin[i]) {
			fprintf(stderr, "fuzz_schema: cannot load '%s': %s\n", builtin_names[i], e.msg);
			exit(2);
		}
		if (!strcmp(schema_kind(builtin[i]), "diagnostics"))
			for (a = 0; a < sizeof(areas) / sizeof(areas[0]); a++)
				schema_add_int_field(builtin[i], areas[a], 0, 4);
	}
	return 0;
}

static int utf8_valid(const char *s)
{
	size_t n = strlen(s);

	return csvin_utf8_check((const unsigned char *)s, n) == n;
}

/* schema_valid_date by another road: mktime's normalisation. */
static int ref_valid_date(const char *s, size_t len)
{
	struct tm tm;
	int y, m, d;
	size_t i;

	if (len != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	y = atoi(s);
	m = atoi(s + 5);
	d = atoi(s + 8);
	if (y < 1)
		return 0;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = 12;
	tm.tm_isdst = -1;
	timegm(&tm);	/* normalises: 2023-02-29 becomes 2023-03-01 */
	return tm.tm_year == y - 1900 && tm.tm_mon == m - 1 && tm.tm_mday == d;
}

/* schema_clean(): what it stages always passes schema_check(); a valid
   value is staged unchanged with no issue; every issue has a known code,
   a message and a value in valid UTF-8. */
static void check_clean(struct schema *s, size_t i, const char *v, int valid)
{
	struct schema_issues iss;
	struct buf scratch = BUF_INIT, msg = BUF_INIT;
	const char *out, *code = NULL;
	size_t k;

	iss.n = iss.more = 0;
	out = schema_clean(s, i, v, 0, &scratch, &iss);
	if (out && schema_check(s, i, out, &code, &msg))
		FAIL("schema_clean staged '%s' for '%s' of field '%s', which fails: %s", out, v,
		     schema_field_name(s, i), msg.data);
	if (valid == 0 && !schema_is_missing(s, i, v) && (!out || strcmp(out, v)) &&
	    !strpbrk(v, "|;,"))
		FAIL("schema_clean changed the valid '%s' of field '%s'", v, schema_field_name(s, i));
	for (k = 0; k < iss.n; k++) {
		const struct schema_issue *x = &iss.v[k];

		if (!x->code || (strcmp(x->code, "constraint-error") && strcmp(x->code, "type-error")))
			FAIL("schema_clean: an issue with code %s", x->code ? x->code : "NULL");
		if (!x->msg[0] || !utf8_valid(x->msg) || !utf8_valid(x->value))
			FAIL("schema_clean: field '%s', value '%s': a bad message or value",
			     schema_field_name(s, i), v);
	}
	buf_release(&scratch);
	buf_release(&msg);
}

static void check_value(struct schema *s, size_t i, const char *v)
{
	const char *code = NULL;
	struct buf msg = BUF_INIT;
	int missing, rc;

	missing = schema_is_missing(s, i, v);
	if (missing != 0 && missing != 1)
		FAIL("schema_is_missing returned %d", missing);
	if (!*v && !missing)
		FAIL("'' is not a missing value for field '%s'", schema_field_name(s, i));
	rc = schema_check(s, i, v, &code, &msg);
	if (rc == 0) {
		if (msg.len)
			FAIL("schema_check passed '%s' but wrote '%s'", v, msg.data);
	} else if (rc == -1) {
		if (!code || (strcmp(code, "constraint-error") && strcmp(code, "type-error")))
			FAIL("schema_check: field '%s', value '%s': code %s", schema_field_name(s, i),
			     v, code ? code : "NULL");
		if (!msg.len)
			FAIL("schema_check: field '%s', value '%s': no message",
			     schema_field_name(s, i), v);
		if (!utf8_valid(msg.data))
			FAIL("schema_check: field '%s': the message is not valid UTF-8",
			     schema_field_name(s, i));
		if (missing && !schema_field_required(s, i))
			FAIL("schema_check refused a missing value of optional field '%s'",
			     schema_field_name(s, i));
	} else {
		FAIL("schema_check returned %d", rc);
	}
	if (missing && schema_field_required(s, i) && rc != -1)
		FAIL("schema_check passed a missing value of required field '%s'",
		     schema_field_name(s, i));
	buf_release(&msg);
	check_clean(s, i, v, rc);
}

static void check_header(struct schema *s, char *const *names, size_t n)
{
	size_t k;
	int d, f;

	d = schema_detects(s, names, n);
	if (d != 0 && d != 1)
		FAIL("schema_detects returned %d", d);
	for (k = 0; k < n; k++) {
		f = schema_find(s, names[k]);
		if (f >= 0 && ((size_t)f >= schema_nfields(s) ||
			       strcmp(schema_field_name(s, (size_t)f), names[k])))
			FAIL("schema_find('%s') gave field %d", names[k], f);
		f = schema_find_column(s, names[k]);
		if (f >= 0 && (size_t)f >= schema_nfields(s))
			FAIL("schema_find_column('%s') gave field %d", names[k], f);
	}
}

static int on_record(void *ctx, const struct csvin_record *r, struct err *e)
{
	struct values *vals = ctx;
	size_t i, k, j;
	int f;

	(void)e;
	if (r->bad_field >= 0)
		return 0;	/* quarantined by ingest before any schema check */
	if (r->index == 0) {
		/* As ingest: the header names the field of each column. */
		for (k = 0; k < NBUILTIN; k++) {
			check_header(builtin[k], r->field, r->nfields);
			for (i = 0; i < MAX_COLUMNS; i++) {
				f = i < r->nfields ? schema_find(builtin[k], r->field[i]) : -1;
				vals->col_field[k][i] = f >= 0 ? f : (int)(i % schema_nfields(builtin[k]));
			}
		}
		if (vals->extra)
			check_header(vals->extra, r->field, r->nfields);
	}
	for (i = 0; i < r->nfields && vals->n < MAX_VALUES; i++, vals->n++) {
		const char *v = r->field[i];

		if (schema_valid_date(v, r->len[i]) != ref_valid_date(v, r->len[i]))
			FAIL("schema_valid_date('%s') is %d", v, schema_valid_date(v, r->len[i]));
		for (k = 0; k < NBUILTIN; k++) {
			if (vals->n < MAX_VALUES_ALL_FIELDS) {
				for (j = 0; j < schema_nfields(builtin[k]); j++)
					check_value(builtin[k], j, v);
			} else {
				j = i < MAX_COLUMNS ? (size_t)vals->col_field[k][i]
					: i % schema_nfields(builtin[k]);
				check_value(builtin[k], j, v);
			}
		}
		if (vals->extra && vals->n < MAX_VALUES_PARSED)
			for (j = 0; j < schema_nfields(vals->extra); j++)
				check_value(vals->extra, j, v);
	}
	return 0;
}

static struct schema *parse_input(const uint8_t *data, size_t size)
{
	struct schema *s;
	struct err e;
	size_t i, n;
	int f;

	memset(e.msg, 0, sizeof(e.msg));
	s = schema_parse((const char *)data, size, "fuzz", &e);
	if (!s) {
		if (!e.msg[0])
			FAIL("schema_parse refused the input without a message");
		if (!memchr(e.msg, '\0', sizeof(e.msg)))
			FAIL("the error message is not terminated");
		return NULL;
	}
	if (!schema_kind(s) || !schema_name(s))
		FAIL("a parsed schema has no kind or name");
	n = schema_nfields(s);
	if (!n)
		FAIL("a parsed schema has no fields");
	for (i = 0; i < n; i++) {
		const char *name = schema_field_name(s, i);

		if (!name)
			FAIL("field %zu has no name", i);
		f = schema_find(s, name);
		if (f < 0 || (size_t)f > i)
			FAIL("schema_find('%s') gave %d for field %zu", name, f, i);
		if ((unsigned)schema_field_required(s, i) > 1 ||
		    (unsigned)schema_field_unique(s, i) > 1)
			FAIL("field %zu: required or unique is not 0/1", i);
	}
	if (schema_table(s))
		for (const char *p = schema_table(s); *p; p++)
			if (!((*p >= 'a' && *p <= 'z') || *p == '_'))
				FAIL("pana:table '%s' was accepted", schema_table(s));
	for (i = 0; i < sizeof(areas) / sizeof(areas[0]); i++)
		schema_add_int_field(s, areas[i], 0, 4);
	if (schema_nfields(s) != n + sizeof(areas) / sizeof(areas[0]))
		FAIL("schema_add_int_field did not add a field");
	return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct values vals;
	struct csvin c;
	struct err e;

	memset(&vals, 0, sizeof(vals));
	vals.extra = parse_input(data, size);

	e.msg[0] = '\0';
	if (csvin_init(&c, 0, on_record, &vals, &e))
		FAIL("csvin_init: %s", e.msg);
	if (!csvin_feed(&c, (const char *)data, size, &e))
		csvin_finish(&c, &e);
	csvin_release(&c);
	schema_free(vals.extra);
	return 0;
}
