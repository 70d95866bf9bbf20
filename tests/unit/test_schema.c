/*
 * test_schema: validation of single values against the built-in Table
 * Schemas, with the Frictionless error code each bad value must get.
 */
#include <stdlib.h>

#include "buf.h"
#include "check.h"
#include "schema.h"

struct vcase {
	const char *schema, *field, *value;
	const char *code;	/* NULL: valid */
};

static const struct vcase cases[] = {
	{ "structures.schema.json", "code_postal", "75011", NULL },
	{ "structures.schema.json", "code_postal", "7500", "constraint-error" },
	{ "structures.schema.json", "code_postal", "75 011", "constraint-error" },
	{ "structures.schema.json", "code_insee", "2A004", NULL },
	{ "structures.schema.json", "code_insee", "97411", NULL },
	{ "structures.schema.json", "code_insee", "20004", "constraint-error" },
	{ "structures.schema.json", "code_insee", "", NULL },
	{ "structures.schema.json", "nom", "", "constraint-error" },
	{ "structures.schema.json", "date_maj", "2024-02-29", NULL },
	{ "structures.schema.json", "date_maj", "2023-02-29", "type-error" },
	{ "structures.schema.json", "date_maj", "29/02/2024", "type-error" },
	{ "structures.schema.json", "latitude", "48.85", NULL },
	{ "structures.schema.json", "latitude", "91", "constraint-error" },
	{ "structures.schema.json", "latitude", "48,85", "type-error" },
	{ "structures.schema.json", "latitude", "0x30", "type-error" },
	{ "structures.schema.json", "latitude", " 48.85", "type-error" },
	{ "structures.schema.json", "latitude", "-4.8e1", NULL },
	{ "geo-epci.schema.json", "population", " 3", "type-error" },
	{ "geo-epci.schema.json", "population", "0x30", "type-error" },
	{ "geo-epci.schema.json", "population", "-3", NULL },
	{ "structures.schema.json", "services",
	  "Aide aux démarches administratives|Loisirs et créations numériques", NULL },
	{ "structures.schema.json", "services",
	  "Aide aux démarches administratives;Compréhension du monde numérique", NULL },
	{ "structures.schema.json", "services", "Aide aux démarches administratives|Cuisine",
	  "constraint-error" },
	{ "structures.schema.json", "pivot", "12345678901234", NULL },
	{ "structures.schema.json", "pivot", "W751234567", NULL },
	{ "structures.schema.json", "pivot", "1234", "constraint-error" },
	{ "associations.schema.json", "id", "W751234567", NULL },
	{ "associations.schema.json", "id", "W9T1002867", NULL },
	{ "associations.schema.json", "id", "751P00085568", "constraint-error" },
	{ "associations.schema.json", "date_disso", "0001-01-01", NULL },
	{ "associations.schema.json", "date_creat", "2019-13-45", "type-error" },
	{ "associations.schema.json", "position", "A", NULL },
	{ "associations.schema.json", "position", "X", "constraint-error" },
	{ "associations.schema.json", "maj_time", "2024-03-01 10:22:31", NULL },
	{ "associations.schema.json", "maj_time", "2024-03-01 25:00:00", "type-error" },
	{ "associations.schema.json", "adrs_codeinsee", "0", NULL },
	{ "associations.schema.json", "objet_social1", "000000", NULL },
	{ "associations.schema.json", "objet_social1", "11005", "constraint-error" },
	{ "diagnostics.schema.json", "taille", "3-9", NULL },
	{ "diagnostics.schema.json", "taille", "3 à 9", "constraint-error" },
	{ "diagnostics.schema.json", "date", "2025-02-30", "type-error" },
};

static void test_values(void)
{
	struct buf msg = BUF_INIT;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct vcase *c = &cases[i];
		struct err e;
		struct schema *s = schema_load(c->schema, &e);
		const char *code = NULL;
		int f, rc;

		CHECK(s != NULL, "%s", e.msg);
		if (!s)
			continue;
		f = schema_find(s, c->field);
		CHECK(f >= 0, "field '%s'", c->field);
		buf_reset(&msg);
		rc = f >= 0 ? schema_check(s, (size_t)f, c->value, &code, &msg) : -1;
		if (c->code)
			CHECK(rc == -1 && code && !strcmp(code, c->code) && msg.len,
			      "'%s' = '%s': want %s, got %s (%s)", c->field, c->value, c->code,
			      rc ? code : "valid", msg.data);
		else
			CHECK(rc == 0, "'%s' = '%s' should be valid: %s", c->field, c->value, msg.data);
		schema_free(s);
	}
	buf_release(&msg);
}

static void test_detect(void)
{
	char *rna[] = { (char *)"id", (char *)"titre", (char *)"position",
			(char *)"maj_time", (char *)"adrs_codeinsee" };
	char *lieux[] = { (char *)"id", (char *)"pivot", (char *)"nom",
			  (char *)"code_postal", (char *)"date_maj" };
	char *other[] = { (char *)"a", (char *)"b" };
	struct err e;
	struct schema *s[4];

	s[0] = schema_load("associations.schema.json", &e);
	s[1] = schema_load("structures.schema.json", &e);
	s[2] = schema_load("diagnostics.schema.json", &e);
	s[3] = NULL;
	CHECK(s[0] && s[1] && s[2], "schemas load");
	if (s[0] && s[1] && s[2]) {
		CHECK(schema_detects(s[0], rna, 5), "RNA header");
		CHECK(!schema_detects(s[1], rna, 5), "RNA header is not structures");
		CHECK(schema_detects(s[1], lieux, 5), "lieux header");
		CHECK(!schema_detects(s[0], other, 2) && !schema_detects(s[1], other, 2) &&
		      !schema_detects(s[2], other, 2), "unknown header");
	}
	for (int i = 0; i < 3; i++)
		schema_free(s[i]);
}

static void test_bad_schemas(void)
{
	static const char *const bad[] = {
		"{",
		"{\"fields\": []}",
		"{\"fields\": [{\"name\": \"a\", \"type\": \"geojson\"}]}",
		"{\"fields\": [{\"name\": \"a\", \"constraints\": {\"pattern\": \"(\"}}]}",
		"{\"pana:table\": \"x; DROP TABLE y\", \"fields\": [{\"name\": \"a\"}]}",
		"{\"fields\": [{\"name\": \"a\", \"type\": \"date\", \"format\": \"%d %B %Y\"}]}",
		"{\"pana:headerRows\": 0, \"fields\": [{\"name\": \"a\"}]}",
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct err e = { .msg = "" };
		struct schema *s = schema_parse(bad[i], strlen(bad[i]), "bad", &e);

		CHECK(s == NULL && e.msg[0], "bad schema %zu refused", i);
		schema_free(s);
	}
}

/* A date field with a "format": the declared form is read without a
   warning; another form still read, with one. */
struct dcase {
	const char *format, *value, *want;	/* want NULL: not a date */
	int warned;
};

static const struct dcase dates[] = {
	{ "%d/%m/%Y - %H:%M", "03/04/2025 - 18:22", "2025-04-03 18:22:00", 0 },
	{ "%d/%m/%Y - %H:%M", "3/4/2025 - 8:22", "2025-04-03 08:22:00", 0 },
	{ "%d/%m/%Y - %H:%M", "2025-04-03 18:22:00", "2025-04-03 18:22:00", 0 },
	{ "%d/%m/%Y - %H:%M", "03/04/2025 18:22", "2025-04-03 18:22:00", 1 },
	{ "%d/%m/%Y %H:%M:%S", "12/05/2025 19:34:56", "2025-05-12 19:34:56", 0 },
	{ "%m/%d/%Y %H:%M:%S", "5/12/2025 19:34:56", "2025-05-12 19:34:56", 0 },
	{ "%m/%d/%Y %H:%M:%S", "13/12/2025 19:34:56", "2025-12-13 19:34:56", 1 },
	{ "%Y/%m/%d %H:%M:%S %p", "2025/05/12 7:34:56 PM", "2025-05-12 19:34:56", 0 },
	{ "%Y/%m/%d %H:%M:%S %p", "2025/05/12 12:04:56 am", "2025-05-12 00:04:56", 0 },
	{ "%d.%m.%y", "31.12.25", "2025-12-31 00:00:00", 0 },
	{ "%d/%m/%Y", "31/02/2025", NULL, 1 },
	{ "%d/%m/%Y - %H:%M", "03/04/2025 - 18:22 ", NULL, 1 },
};

static void test_date_format(void)
{
	struct schema_issues iss;
	struct buf scratch = BUF_INIT, json = BUF_INIT;
	size_t i;

	CHECK(schema_date_format_check("%d/%m/%Y - %H:%M %p %%") == 0, "format read");
	CHECK(schema_date_format_check("%d %B %Y") == -1, "%%B refused");
	CHECK(schema_date_format_check("%d/%m/%") == -1, "a lone %% refused");
	for (i = 0; i < sizeof(dates) / sizeof(dates[0]); i++) {
		const struct dcase *c = &dates[i];
		struct err e;
		struct schema *s;
		const char *v;

		buf_reset(&json);
		buf_addf(&json, "{\"fields\": [{\"name\": \"d\", \"type\": \"datetime\", "
			 "\"format\": \"%s\"}]}", c->format);
		s = schema_parse(json.data, json.len, "dates", &e);
		CHECK(s != NULL, "%s", e.msg);
		if (!s)
			continue;
		iss.n = iss.more = 0;
		v = schema_clean(s, 0, c->value, 0, &scratch, &iss);
		if (c->want)
			CHECK(v && !strcmp(v, c->want), "'%s' by '%s': got '%s', want '%s'", c->value,
			      c->format, v ? v : "(null)", c->want);
		else
			CHECK(v == NULL, "'%s' by '%s': got '%s', want none", c->value, c->format, v);
		CHECK((iss.n > 0) == c->warned, "'%s' by '%s': %zu issues", c->value, c->format,
		      iss.n);
		schema_free(s);
	}
	buf_release(&scratch);
	buf_release(&json);
}

int main(void)
{
	test_values();
	test_date_format();
	test_detect();
	test_bad_schemas();
	return t_done("test_schema");
}
