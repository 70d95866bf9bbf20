#define PCRE2_CODE_UNIT_WIDTH 8
#include "schema.h"
#include "xalloc.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "embedded.h"
#include "text.h"

struct schema_field {
	char *name;
	char *column;		/* "pana:column": staging column, if not name */
	int unique;
	enum schema_type type;
	int required;
	pcre2_code *pattern;
	char *pattern_src;
	char **enums;
	size_t nenum;
	int has_min, has_max;
	double minimum, maximum;
	long min_len, max_len;	/* -1: none; counted in characters */
	char **missing;		/* NULL: the schema's */
	size_t nmissing;
	char delims[8];		/* list separators */
	int blocking;		/* "pana:blocking": a bad value rejects the row */
	int no_spaces;		/* "pana:normalize" no-spaces: "362 521 879 00034" */
	char **aliases;		/* other column names (the kind's mapping) */
	size_t naliases;
	char **enum_keys;	/* text_key() of each enum value */
	struct label *labels;	/* earlier labels of the kind's mapping */
	size_t nlabels;
	int sibling;		/* the field an earlier column also feeds, or -1 */
	char *format;		/* date, datetime: "format", a strftime pattern */
};

/* An earlier label (its text_key) and the current labels it stands for,
   joined by '|'; "" when the current standard has no equivalent. */
struct label {
	char *key, *to, *as_written;
};

struct schema {
	char *name, *kind, *table;
	struct schema_field *fields;
	size_t nfields, cap;
	char **missing;
	size_t nmissing;
	char **detect;
	size_t ndetect;
	int one_of[4];		/* "pana:oneOfRequired": field indexes */
	size_t none_of;
	int one_of_blocking;
	char *one_of_names;	/* "rna, siret" for messages */
	int header_rows;	/* "pana:headerRows": the names are on the last */
	pcre2_match_data *md;
	struct buf key;		/* scratch for keys while loading */
};

static char *xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p)
		xalloc_die();
	return p;
}

static void free_strv(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void schema_free(struct schema *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->nfields; i++) {
		struct schema_field *f = &s->fields[i];

		free(f->name);
		free(f->column);
		free(f->format);
		pcre2_code_free(f->pattern);
		free(f->pattern_src);
		free_strv(f->enums, f->nenum);
		free_strv(f->enum_keys, f->nenum);
		free_strv(f->missing, f->nmissing);
		free_strv(f->aliases, f->naliases);
		for (size_t k = 0; k < f->nlabels; k++) {
			free(f->labels[k].key);
			free(f->labels[k].to);
			free(f->labels[k].as_written);
		}
		free(f->labels);
	}
	free(s->one_of_names);
	buf_release(&s->key);
	free(s->fields);
	free_strv(s->missing, s->nmissing);
	free_strv(s->detect, s->ndetect);
	pcre2_match_data_free(s->md);
	free(s->name);
	free(s->kind);
	free(s->table);
	free(s);
}

static int strv_from_json(json_t *a, char ***out, size_t *n, const char *what,
			  const char *name, struct err *e)
{
	size_t i;
	json_t *v;

	*out = NULL;
	*n = 0;
	if (!a)
		return 0;
	if (!json_is_array(a))
		return err_set(e, "schema '%s': %s is not an array", name, what);
	*out = calloc(json_array_size(a) + 1, sizeof(char *));
	if (!*out)
		xalloc_die();
	json_array_foreach(a, i, v) {
		char tmp[64];

		if (json_is_string(v))
			(*out)[i] = xstrdup(json_string_value(v));
		else if (json_is_integer(v)) {
			snprintf(tmp, sizeof(tmp), "%lld", (long long)json_integer_value(v));
			(*out)[i] = xstrdup(tmp);
		} else
			return err_set(e, "schema '%s': %s holds a non-string", name, what);
		(*n)++;
	}
	return 0;
}

static int parse_type(const char *t, enum schema_type *out)
{
	static const struct { const char *name; enum schema_type type; } types[] = {
		{ "string", SCHEMA_STRING }, { "integer", SCHEMA_INTEGER },
		{ "number", SCHEMA_NUMBER }, { "date", SCHEMA_DATE },
		{ "datetime", SCHEMA_DATETIME }, { "year", SCHEMA_YEAR },
		{ "list", SCHEMA_LIST },
	};
	size_t i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (!strcmp(t, types[i].name)) {
			*out = types[i].type;
			return 0;
		}
	return -1;
}

static int compile_pattern(struct schema_field *f, const char *src,
			   const char *name, struct err *e)
{
	struct buf b = BUF_INIT;
	int errcode;
	PCRE2_SIZE erroff;

	/* Table Schema patterns match the whole value. */
	buf_addf(&b, "^(?:%s)$", src);
	f->pattern = pcre2_compile((PCRE2_SPTR)b.data, b.len, PCRE2_UTF, &errcode,
				   &erroff, NULL);
	buf_release(&b);
	if (!f->pattern) {
		PCRE2_UCHAR msg[256];

		pcre2_get_error_message(errcode, msg, sizeof(msg));
		return err_set(e, "schema '%s': field '%s': bad pattern: %s", name, f->name,
			       (char *)msg);
	}
	pcre2_jit_compile(f->pattern, PCRE2_JIT_COMPLETE);
	f->pattern_src = xstrdup(src);
	return 0;
}

static int parse_field(struct schema *s, struct schema_field *f, json_t *j,
		       struct err *e)
{
	json_t *c, *v;
	const char *t;

	v = json_object_get(j, "name");
	if (!json_is_string(v))
		return err_set(e, "schema '%s': a field has no name", s->name);
	f->name = xstrdup(json_string_value(v));
	f->min_len = f->max_len = -1;
	f->sibling = -1;
	v = json_object_get(j, "pana:column");
	if (json_is_string(v))
		f->column = xstrdup(json_string_value(v));
	t = json_string_value(json_object_get(j, "type"));
	if (!t)
		t = "string";
	if (parse_type(t, &f->type))
		return err_set(e, "schema '%s': field '%s': unsupported type '%s'", s->name,
			       f->name, t);
	snprintf(f->delims, sizeof(f->delims), "%s",
		 json_string_value(json_object_get(j, "delimiter")) ?
		 json_string_value(json_object_get(j, "delimiter")) : ",");
	if ((v = json_object_get(j, "pana:delimiters")) && json_is_string(v))
		snprintf(f->delims, sizeof(f->delims), "%s", json_string_value(v));
	v = json_object_get(j, "format");
	if ((f->type == SCHEMA_DATE || f->type == SCHEMA_DATETIME) && json_is_string(v) &&
	    strcmp(json_string_value(v), "default") && strcmp(json_string_value(v), "any")) {
		if (schema_date_format_check(json_string_value(v)))
			return err_set(e, "schema '%s': field '%s': format '%s' is not supported",
				       s->name, f->name, json_string_value(v));
		f->format = xstrdup(json_string_value(v));
	}
	if (strv_from_json(json_object_get(j, "missingValues"), &f->missing,
			   &f->nmissing, "missingValues", s->name, e))
		return -1;
	f->blocking = json_is_true(json_object_get(j, "pana:blocking"));
	if ((v = json_object_get(j, "pana:normalize"))) {
		size_t k;
		json_t *x;

		json_array_foreach(v, k, x) {
			if (json_is_string(x) && !strcmp(json_string_value(x), "no-spaces"))
				f->no_spaces = 1;
			else
				return err_set(e, "schema '%s': field '%s': unknown pana:normalize",
					       s->name, f->name);
		}
	}
	c = json_object_get(j, "constraints");
	if (!c)
		return 0;
	f->required = json_is_true(json_object_get(c, "required"));
	f->unique = json_is_true(json_object_get(c, "unique"));
	if ((v = json_object_get(c, "pattern")) && json_is_string(v) &&
	    compile_pattern(f, json_string_value(v), s->name, e))
		return -1;
	if (strv_from_json(json_object_get(c, "enum"), &f->enums, &f->nenum, "enum",
			   s->name, e))
		return -1;
	if (f->nenum) {
		f->enum_keys = calloc(f->nenum + 1, sizeof(char *));
		if (!f->enum_keys)
			xalloc_die();
		for (size_t k = 0; k < f->nenum; k++) {
			text_key(f->enums[k], &s->key);
			f->enum_keys[k] = xstrdup(s->key.data);
		}
	}
	if ((v = json_object_get(c, "minimum")) && json_is_number(v)) {
		f->has_min = 1;
		f->minimum = json_number_value(v);
	}
	if ((v = json_object_get(c, "maximum")) && json_is_number(v)) {
		f->has_max = 1;
		f->maximum = json_number_value(v);
	}
	if ((v = json_object_get(c, "minLength")) && json_is_integer(v))
		f->min_len = (long)json_integer_value(v);
	if ((v = json_object_get(c, "maxLength")) && json_is_integer(v))
		f->max_len = (long)json_integer_value(v);
	return 0;
}

static void strv_push(char ***v, size_t *n, const char *s)
{
	*v = xgrow(*v, *n, sizeof(char *));
	(*v)[(*n)++] = xstrdup(s);
}

/* 1 when label is one of the current values of field f, as written. */
static int is_current(const struct schema_field *f, const char *label)
{
	for (size_t k = 0; k < f->nenum; k++)
		if (!strcmp(f->enums[k], label))
			return 1;
	return 0;
}

/* Reads the kind's mapping ("pana:mapping", a file of schemas/): the other
   names of each column, and the earlier labels of list and enum fields
   with the current labels they stand for. */
static int load_mapping(struct schema *s, const char *file, struct err *e)
{
	const struct embedded_file *ef = embedded_find(file);
	json_t *root, *v, *m, *x;
	const char *k, *old;
	json_error_t je;
	struct buf to = BUF_INIT;
	int f, rc = -1;

	if (!ef)
		return err_set(e, "schema '%s': mapping '%s' is not built in", s->name, file);
	root = json_loadb(ef->data, ef->len, 0, &je);
	if (!root)
		return err_set(e, "mapping '%s' line %d: %s", file, je.line, je.text);
	/* An earlier column may feed two current ones (publics_accueillis:
	   publics_specifiquement_adresses and prise_en_charge_specifique). */
	json_object_foreach(json_object_get(root, "columns"), k, v) {
		int first = -1;
		size_t i, n = json_is_array(v) ? json_array_size(v) : 1;

		for (i = 0; i < n; i++) {
			json_t *name = json_is_array(v) ? json_array_get(v, i) : v;

			if (!json_is_string(name) ||
			    (f = schema_find(s, json_string_value(name))) < 0) {
				err_set(e, "mapping '%s': column '%s' names no field of schema '%s'",
					file, k, s->name);
				goto out;
			}
			strv_push(&s->fields[f].aliases, &s->fields[f].naliases, k);
			if (first < 0) {
				first = f;
			} else {
				s->fields[first].sibling = f;
				s->fields[f].sibling = first;
			}
		}
	}
	json_object_foreach(json_object_get(root, "values"), k, m) {
		struct schema_field *fd;
		size_t i;

		if ((f = schema_find(s, k)) < 0 || !s->fields[f].nenum) {
			err_set(e, "mapping '%s': values of '%s', a field of schema '%s' with no enum",
				file, k, s->name);
			goto out;
		}
		fd = &s->fields[f];
		json_object_foreach(m, old, v) {
			struct label *l;

			buf_reset(&to);
			json_array_foreach(v, i, x) {
				if (!json_is_string(x) || !is_current(fd, json_string_value(x))) {
					err_set(e, "mapping '%s': '%s' of field '%s' maps to '%s', not a "
						"current value", file, old, k,
						json_is_string(x) ? json_string_value(x) : "?");
					goto out;
				}
				buf_addf(&to, "%s%s", to.len ? "|" : "", json_string_value(x));
			}
			fd->labels = xgrow(fd->labels, fd->nlabels, sizeof(*fd->labels));
			l = &fd->labels[fd->nlabels++];
			text_key(old, &s->key);
			l->key = xstrdup(s->key.data);
			l->to = xstrdup(to.data);
			l->as_written = xstrdup(old);
		}
	}
	rc = 0;
out:
	buf_release(&to);
	json_decref(root);
	return rc;
}

/* "pana:oneOfRequired": {"fields": [...], "pana:blocking": true}, fields
   of which at least one must have a value (Validata's one-of-required). */
static int load_one_of(struct schema *s, json_t *o, struct err *e)
{
	struct buf names = BUF_INIT;
	json_t *a = json_object_get(o, "fields"), *v;
	size_t i;

	if (!json_is_array(a))
		return err_set(e, "schema '%s': pana:oneOfRequired has no fields", s->name);
	s->one_of_blocking = json_is_true(json_object_get(o, "pana:blocking"));
	json_array_foreach(a, i, v) {
		int f = json_is_string(v) ? schema_find(s, json_string_value(v)) : -1;

		if (f < 0 || s->none_of == sizeof(s->one_of) / sizeof(s->one_of[0])) {
			buf_release(&names);
			return err_set(e, "schema '%s': bad pana:oneOfRequired", s->name);
		}
		s->one_of[s->none_of++] = f;
		buf_addf(&names, "%s%s", names.len ? ", " : "", s->fields[f].name);
	}
	s->one_of_names = buf_detach(&names, NULL);
	return 0;
}

struct schema *schema_parse(const char *json, size_t len, const char *name,
			    struct err *e)
{
	json_error_t je;
	json_t *root, *fields, *v;
	struct schema *s;
	size_t i;

	root = json_loadb(json, len, 0, &je);
	if (!root) {
		err_set(e, "schema '%s' line %d: %s", name, je.line, je.text);
		return NULL;
	}
	s = calloc(1, sizeof(*s));
	if (!s)
		xalloc_die();
	buf_init(&s->key);
	v = json_object_get(root, "name");
	s->name = xstrdup(json_is_string(v) ? json_string_value(v) : name);
	s->kind = xstrdup(json_string_value(json_object_get(root, "pana:kind")) ?
			  json_string_value(json_object_get(root, "pana:kind")) : name);
	v = json_object_get(root, "pana:table");
	s->table = json_is_string(v) ? xstrdup(json_string_value(v)) : NULL;
	if (s->table)
		for (const char *p = s->table; *p; p++)
			if (!((*p >= 'a' && *p <= 'z') || *p == '_')) {
				err_set(e, "schema '%s': pana:table '%s' is not an identifier",
					name, s->table);
				goto out_fail;
			}
	v = json_object_get(root, "pana:headerRows");
	s->header_rows = json_is_integer(v) ? (int)json_integer_value(v) : 1;
	if (s->header_rows < 1 || s->header_rows > 16) {
		err_set(e, "schema '%s': pana:headerRows is not from 1 to 16", name);
		goto out_fail;
	}
	if (strv_from_json(json_object_get(root, "pana:detect"), &s->detect,
			   &s->ndetect, "pana:detect", name, e))
		goto out_fail;
	v = json_object_get(root, "missingValues");
	if (v) {
		if (strv_from_json(v, &s->missing, &s->nmissing, "missingValues", name, e))
			goto out_fail;
	} else {
		s->missing = calloc(2, sizeof(char *));
		if (!s->missing)
			xalloc_die();
		s->missing[0] = xstrdup("");
		s->nmissing = 1;
	}
	fields = json_object_get(root, "fields");
	if (!json_is_array(fields) || !json_array_size(fields)) {
		err_set(e, "schema '%s': no fields", name);
		goto out_fail;
	}
	s->cap = json_array_size(fields) + 16;
	s->fields = calloc(s->cap, sizeof(*s->fields));
	if (!s->fields)
		xalloc_die();
	json_array_foreach(fields, i, v) {
		s->nfields++;
		if (parse_field(s, &s->fields[i], v, e))
			goto out_fail;
	}
	s->md = pcre2_match_data_create(4, NULL);
	if (!s->md)
		xalloc_die();
	v = json_object_get(root, "pana:mapping");
	if (json_is_string(v) && load_mapping(s, json_string_value(v), e))
		goto out_fail;
	v = json_object_get(root, "pana:oneOfRequired");
	if (v && load_one_of(s, v, e))
		goto out_fail;
	json_decref(root);
	return s;

out_fail:
	json_decref(root);
	schema_free(s);
	return NULL;
}

struct schema *schema_load(const char *name, struct err *e)
{
	const struct embedded_file *f = embedded_find(name);

	if (!f) {
		err_set(e, "schema '%s' is not built in", name);
		return NULL;
	}
	return schema_parse(f->data, f->len, name, e);
}

const char *schema_kind(const struct schema *s) { return s->kind; }
const char *schema_name(const struct schema *s) { return s->name; }
const char *schema_table(const struct schema *s) { return s->table; }
size_t schema_nfields(const struct schema *s) { return s->nfields; }
const char *schema_field_name(const struct schema *s, size_t i) { return s->fields[i].name; }
int schema_field_required(const struct schema *s, size_t i) { return s->fields[i].required; }

int schema_field_unique(const struct schema *s, size_t i) { return s->fields[i].unique; }
int schema_header_rows(const struct schema *s) { return s->header_rows; }

int schema_find_column(const struct schema *s, const char *column)
{
	size_t i;

	for (i = 0; i < s->nfields; i++)
		if (!strcmp(s->fields[i].column ? s->fields[i].column : s->fields[i].name, column))
			return (int)i;
	return -1;
}

int schema_find_from(const struct schema *s, const char *name, size_t from)
{
	size_t i, k;

	for (i = from; i < s->nfields; i++) {
		if (!strcmp(s->fields[i].name, name))
			return (int)i;
		for (k = 0; k < s->fields[i].naliases; k++)
			if (!strcmp(s->fields[i].aliases[k], name))
				return (int)i;
	}
	return -1;
}

int schema_find(const struct schema *s, const char *name)
{
	size_t i, k;

	for (i = 0; i < s->nfields; i++)
		if (!strcmp(s->fields[i].name, name))
			return (int)i;
	for (i = 0; i < s->nfields; i++)
		for (k = 0; k < s->fields[i].naliases; k++)
			if (!strcmp(s->fields[i].aliases[k], name))
				return (int)i;
	return -1;
}

int schema_field_sibling(const struct schema *s, size_t i)
{
	return s->fields[i].sibling;
}

int schema_field_blocking(const struct schema *s, size_t i)
{
	return s->fields[i].blocking;
}

int schema_detects(const struct schema *s, char *const *names, size_t n)
{
	size_t i, k;

	if (!s->ndetect)
		return 0;
	/* A column may carry an earlier name of the field (the mapping). */
	for (i = 0; i < s->ndetect; i++) {
		int f = schema_find(s, s->detect[i]);

		for (k = 0; k < n; k++)
			if (!strcmp(s->detect[i], names[k]) ||
			    (f >= 0 && schema_find(s, names[k]) == f))
				break;
		if (k == n)
			return 0;
	}
	return 1;
}

void schema_add_int_field(struct schema *s, const char *name, long lo, long hi)
{
	struct schema_field *f;

	if (s->nfields == s->cap) {
		s->fields = realloc(s->fields, 2 * s->cap * sizeof(*s->fields));
		if (!s->fields)
			xalloc_die();
		s->cap *= 2;
	}
	f = &s->fields[s->nfields];
	memset(f, 0, sizeof(*f));
	f->name = xstrdup(name);
	f->type = SCHEMA_INTEGER;
	f->has_min = f->has_max = 1;
	f->minimum = (double)lo;
	f->maximum = (double)hi;
	f->min_len = f->max_len = -1;
	f->sibling = -1;
	s->nfields++;
}

int schema_is_missing(const struct schema *s, size_t i, const char *v)
{
	const struct schema_field *f = &s->fields[i];
	char **m = f->missing ? f->missing : s->missing;
	size_t n = f->missing ? f->nmissing : s->nmissing, k;

	if (!*v)
		return 1;
	for (k = 0; k < n; k++)
		if (m[k][0] == v[0] && !strcmp(m[k], v))
			return 1;
	return 0;
}

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

int schema_valid_date(const char *s, size_t len)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d;

	if (len != 10 || s[4] != '-' || s[7] != '-' || !digits(s, 4) ||
	    !digits(s + 5, 2) || !digits(s + 8, 2))
		return 0;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1 || m < 1 || m > 12 || d < 1)
		return 0;
	return d <= mdays[m - 1] + (m == 2 && is_leap(y));
}

static int valid_datetime(const char *s, size_t len)
{
	int h, mi, se;

	if (len < 19 || !schema_valid_date(s, 10) || (s[10] != ' ' && s[10] != 'T') ||
	    s[13] != ':' || s[16] != ':' || !digits(s + 11, 2) || !digits(s + 14, 2) ||
	    !digits(s + 17, 2))
		return 0;
	h = (s[11] - '0') * 10 + (s[12] - '0');
	mi = (s[14] - '0') * 10 + (s[15] - '0');
	se = (s[17] - '0') * 10 + (s[18] - '0');
	if (h > 23 || mi > 59 || se > 60)
		return 0;
	/* Optional fraction and zone. */
	return len == 19 || (len == 20 && s[19] == 'Z') || s[19] == '.' ||
	       s[19] == '+' || s[19] == '-';
}

static size_t utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static int check_enum(const struct schema_field *f, const char *v, size_t len)
{
	size_t k;

	for (k = 0; k < f->nenum; k++)
		if (strlen(f->enums[k]) == len && !memcmp(f->enums[k], v, len))
			return 0;
	return -1;
}

static int check_list(const struct schema_field *f, const char *v,
		      const char **code, struct buf *msg)
{
	const char *p = v;

	if (!f->nenum)
		return 0;
	while (*p) {
		size_t len = strcspn(p, f->delims), a = 0, b = len;

		while (a < b && p[a] == ' ')
			a++;
		while (b > a && p[b - 1] == ' ')
			b--;
		if (b > a && check_enum(f, p + a, b - a)) {
			*code = "constraint-error";
			buf_addf(msg, "'%.*s' %s", (int)(b - a), p + a,
				 TR("is not one of the allowed values", "n'est pas une des valeurs permises"));
			return -1;
		}
		p += len;
		if (*p)
			p++;
	}
	return 0;
}

/* Checks a value that is not missing against the type and constraints
   of field f. */
static int validate(const struct schema *s, const struct schema_field *f, const char *v,
		    const char **code, struct buf *msg)
{
	size_t len = strlen(v);
	double num = 0;
	char *end;

	switch (f->type) {
	case SCHEMA_INTEGER:
	case SCHEMA_YEAR:
		/* Digits and a sign only: strtoll alone would take spaces and
		   hexadecimal. */
		if (strspn(v, "+-0123456789") != len) {
			*code = "type-error";
			buf_addf(msg, "'%s' %s", v, f->type == SCHEMA_YEAR ?
				 TR("is not a year", "n'est pas une année") :
				 TR("is not a whole number", "n'est pas un nombre entier"));
			return -1;
		}
		errno = 0;
		num = (double)strtoll(v, &end, 10);
		if (errno || *end || end == v || (f->type == SCHEMA_YEAR && len != 4)) {
			*code = "type-error";
			buf_addf(msg, "'%s' %s", v, f->type == SCHEMA_YEAR ?
				 TR("is not a year", "n'est pas une année") :
				 TR("is not a whole number", "n'est pas un nombre entier"));
			return -1;
		}
		break;
	case SCHEMA_NUMBER:
		num = strtod(v, &end);
		if (*end || end == v || !isfinite(num) || strspn(v, "+-0123456789.eE") != len) {
			*code = "type-error";
			buf_addf(msg, "'%s' %s", v, TR("is not a number", "n'est pas un nombre"));
			return -1;
		}
		break;
	case SCHEMA_DATE:
		if (!schema_valid_date(v, len)) {
			*code = "type-error";
			buf_addf(msg, "'%s' %s", v, TR("is not a date (YYYY-MM-DD)",
							 "n'est pas une date (AAAA-MM-JJ)"));
			return -1;
		}
		break;
	case SCHEMA_DATETIME:
		if (!valid_datetime(v, len)) {
			*code = "type-error";
			buf_addf(msg, "'%s' %s", v, TR("is not a date and time (YYYY-MM-DD HH:MM:SS)",
							 "n'est pas une date et heure (AAAA-MM-JJ HH:MM:SS)"));
			return -1;
		}
		break;
	case SCHEMA_LIST:
		return check_list(f, v, code, msg);
	case SCHEMA_STRING:
		break;
	}
	if (f->pattern) {
		int rc = pcre2_match(f->pattern, (PCRE2_SPTR)v, len, 0, 0, s->md, NULL);

		if (rc == PCRE2_ERROR_NOMEMORY)
			xalloc_die();	/* never a value that "does not match" */

		if (rc < 0) {
			*code = "constraint-error";
			buf_addf(msg, "'%s' %s %s", v, TR("does not match the pattern",
							   "ne suit pas le motif"), f->pattern_src);
			return -1;
		}
	}
	if (f->nenum && check_enum(f, v, len)) {
		*code = "constraint-error";
		buf_addf(msg, "'%s' %s", v, TR("is not one of the allowed values",
						 "n'est pas une des valeurs permises"));
		return -1;
	}
	if ((f->has_min && num < f->minimum) || (f->has_max && num > f->maximum)) {
		*code = "constraint-error";
		buf_addf(msg, "%s %s [%g, %g]", v, TR("is out of range", "est hors de l'intervalle"), f->has_min ? f->minimum : -INFINITY,
			 f->has_max ? f->maximum : INFINITY);
		return -1;
	}
	if (f->min_len >= 0 || f->max_len >= 0) {
		size_t n = utf8_chars(v);

		if ((f->min_len >= 0 && n < (size_t)f->min_len) ||
		    (f->max_len >= 0 && n > (size_t)f->max_len)) {
			*code = "constraint-error";
			buf_addf(msg, TR("length %zu is out of range", "longueur %zu hors limites"), n);
			return -1;
		}
	}
	return 0;
}

int schema_check(const struct schema *s, size_t i, const char *v,
		 const char **code, struct buf *msg)
{
	const struct schema_field *f = &s->fields[i];

	if (schema_is_missing(s, i, v)) {
		if (!f->required)
			return 0;
		*code = "constraint-error";
		buf_addstr(msg, TR("a value is required", "une valeur est requise"));
		return -1;
	}
	return validate(s, f, v, code, msg);
}

/* Adds an issue of field f to iss; msg is a printf format. */
/* A place for one more issue in iss, or NULL when it is full; a blocking
   issue then takes the place of the last warning (the one left out is
   counted in more). */
static struct schema_issue *issue_slot(struct schema_issues *iss, int blocking)
{
	size_t k;

	if (iss->n < SCHEMA_MAX_ISSUES)
		return &iss->v[iss->n++];
	iss->more++;
	if (!blocking)
		return NULL;
	/* A blocking problem is never the one left out: it takes the place
	   of the last warning. */
	for (k = iss->n; k-- > 0;)
		if (!iss->v[k].blocking)
			return &iss->v[k];
	return NULL;
}

/* Copies src into dst of size n, cut on a character boundary. */
static void copy_text(char *dst, size_t n, const char *src)
{
	size_t len = src ? strlen(src) : 0;

	if (len >= n) {
		len = n - 1;
		while (len && ((unsigned char)src[len] & 0xC0) == 0x80)
			len--;
	}
	if (len)
		memcpy(dst, src, len);
	dst[len] = '\0';
}

void schema_issue_record(struct schema_issues *iss, int f, int blocking, const char *code,
			 const char *rule, const char *value, const char *msg)
{
	struct schema_issue *x = issue_slot(iss, blocking);

	if (!x)
		return;
	x->field = f;
	x->blocking = blocking;
	x->code = code;
	x->rule = rule;
	copy_text(x->value, sizeof(x->value), value);
	copy_text(x->msg, sizeof(x->msg), msg);
}

/* Adds an issue of field f to iss, with the value as read (or NULL); msg
   is a printf format. */
static void __attribute__((format(printf, 7, 8)))
issue(struct schema_issues *iss, int f, int blocking, const char *code, const char *rule,
      const char *value, const char *fmt, ...)
{
	char msg[sizeof(iss->v[0].msg) + 8];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	schema_issue_record(iss, f, blocking, code, rule, value, msg);
}

static int num2(const char *p)
{
	return (p[0] - '0') * 10 + (p[1] - '0');
}

/* Writes "yyyy-mm-dd" and, when with_time, " hh:mm:ss" to out; -1 when
   that is no real date and time. */
static int put_date(struct buf *out, int y, int m, int d, int h, int mi, int se, int with_time)
{
	char date[32];	/* room for any int the caller may pass */

	snprintf(date, sizeof(date), "%04d-%02d-%02d", y, m, d);
	if (!schema_valid_date(date, strlen(date)) || h < 0 || h > 23 || mi < 0 || mi > 59 ||
	    se < 0 || se > 60)
		return -1;
	buf_reset(out);
	buf_addstr(out, date);
	if (with_time)
		buf_addf(out, " %02d:%02d:%02d", h, mi, se);
	return 0;
}

/* Reads the French forms "d/m/yyyy", with an optional time "hh:mm[:ss]"
   after a space, " - " (Framaforms) or " à "; and ISO "yyyy-mm-dd" with
   an optional "Thh:mm[:ss...]" or " hh:mm". Writes "yyyy-mm-dd" and, when
   with_time, " hh:mm:ss" to out. Returns 0, or -1 when v is none of these. */
static int parse_date(const char *v, int with_time, struct buf *out)
{
	int d, m, y, h = 0, mi = 0, se = 0, n = 0;
	const char *t;

	if (sscanf(v, "%2d/%2d/%4d%n", &d, &m, &y, &n) == 3 && n >= 8 &&
	    v[n - 5] == '/' && y >= 1000) {
		t = v + n;
	} else if (strlen(v) >= 10 && schema_valid_date(v, 10)) {
		y = atoi(v);
		m = num2(v + 5);
		d = num2(v + 8);
		t = v + 10;
	} else {
		return -1;
	}
	if (*t) {
		if (!strncmp(t, " - ", 3))
			t += 3;
		else if (!strncmp(t, " \xc3\xa0 ", 4))	/* " à " */
			t += 4;
		else if (*t == ' ' || *t == 'T')
			t++;
		else
			return -1;
		n = 0;
		if (sscanf(t, "%2d:%2d%n", &h, &mi, &n) != 2 || !n)
			return -1;
		t += n;
		if (*t == ':' && sscanf(t + 1, "%2d", &se) == 1)
			t += 3;
		/* A fraction or a zone may follow an ISO time. */
		if (*t && *t != '.' && *t != 'Z' && *t != '+' && *t != '-')
			return -1;
	}
	return put_date(out, y, m, d, h, mi, se, with_time);
}

/* Reads a number of at most max digits (at least min) at *p. */
static int read_num(const char **p, int min, int max, int *out)
{
	int n = 0, k = 0;

	while (k < max && (*p)[k] >= '0' && (*p)[k] <= '9') {
		n = n * 10 + ((*p)[k] - '0');
		k++;
	}
	if (k < min)
		return -1;
	*p += k;
	*out = n;
	return 0;
}

int schema_date_format_check(const char *fmt)
{
	for (; *fmt; fmt++)
		if (*fmt == '%' && !(*++fmt && strchr("dmYyHMSp%", *fmt)))
			return -1;
	return 0;
}

/* Reads v by fmt (schema_date_format_check): day and month of one or two
   digits, %Y four, %y two (20yy), hours of one or two, minutes and
   seconds two, %p AM or PM; other characters as they are. Writes as
   parse_date() does; returns 0, or -1 when v is not in that form. */
static int read_date(const char *fmt, const char *v, int with_time, struct buf *out)
{
	int d = 0, m = 0, y = 0, h = 0, mi = 0, se = 0, pm = -1, n;

	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			if (*v++ != *fmt)
				return -1;
			continue;
		}
		switch (*++fmt) {
		case 'd': n = read_num(&v, 1, 2, &d); break;
		case 'm': n = read_num(&v, 1, 2, &m); break;
		case 'Y': n = read_num(&v, 4, 4, &y); break;
		case 'y': n = read_num(&v, 2, 2, &y); y += 2000; break;
		case 'H': n = read_num(&v, 1, 2, &h); break;
		case 'M': n = read_num(&v, 2, 2, &mi); break;
		case 'S': n = read_num(&v, 2, 2, &se); break;
		case 'p':
			n = -1;
			if ((v[0] == 'A' || v[0] == 'P' || v[0] == 'a' || v[0] == 'p') &&
			    (v[1] == 'M' || v[1] == 'm')) {
				pm = v[0] == 'P' || v[0] == 'p';
				v += 2;
				n = 0;
			}
			break;
		default:
			n = *v++ == '%' ? 0 : -1;
			break;
		}
		if (n)
			return -1;
	}
	if (*v)
		return -1;
	if (pm >= 0) {
		if (h < 1 || h > 12)
			return -1;
		h = h % 12 + (pm ? 12 : 0);
	}
	return put_date(out, y, m, d, h, mi, se, with_time);
}

/* The current label that item (not empty) stands for, through case and
   spacing, then the mapping's earlier labels; records what was done.
   Appends to out the label or labels, separated by '|', and returns 0;
   returns -1 when nothing stands for it. */
/* Whether field f, the other half of a split earlier column, takes the
   label whose key is key. */
static int sibling_takes(const struct schema_field *f, const char *key)
{
	size_t k;

	for (k = 0; k < f->nenum; k++)
		if (!strcmp(f->enum_keys[k], key))
			return 1;
	for (k = 0; k < f->nlabels; k++)
		if (!strcmp(f->labels[k].key, key))
			return f->labels[k].to[0] != '\0';
	return 0;
}

static int clean_label(const struct schema *s, const struct schema_field *f, int fi,
		       int split, const char *item, struct buf *out, struct schema_issues *iss)
{
	struct buf key = BUF_INIT;
	size_t k;
	int rc = -1;

	for (k = 0; k < f->nenum; k++)
		if (!strcmp(f->enums[k], item)) {
			buf_addstr(out, item);
			return 0;
		}
	text_key(item, &key);
	for (k = 0; k < f->nenum; k++)
		if (!strcmp(f->enum_keys[k], key.data)) {
			issue(iss, fi, 0, "constraint-error", "label-respelled", item,
			      "'%s' %s '%s'", item,
			      TR("read as", "lu comme"), f->enums[k]);
			buf_addstr(out, f->enums[k]);
			rc = 0;
			goto out;
		}
	for (k = 0; k < f->nlabels; k++)
		if (!strcmp(f->labels[k].key, key.data)) {
			/* Read from a column that feeds two fields: the label
			   may go to the other one, and one of them says when it
			   goes nowhere. */
			if (!f->labels[k].to[0] && split &&
			    (sibling_takes(&s->fields[f->sibling], key.data) || fi > f->sibling)) {
				rc = 0;
				goto out;
			}
			if (f->labels[k].to[0]) {
				issue(iss, fi, 0, "constraint-error", "label-mapped", item,
				      "'%s' %s '%s'",
				      item, TR("is a label of an earlier version of the standard: "
					       "read as", "est un libellé d'une version antérieure du "
					       "standard : lu comme"), f->labels[k].to);
			} else {
				issue(iss, fi, 0, "constraint-error", "label-dropped", item,
				      "'%s' %s", item,
				      TR("is a label of an earlier version of the standard with no "
					 "equivalent today: set aside", "est un libellé d'une version "
					 "antérieure du standard sans équivalent aujourd'hui : écarté"));
			}
			buf_addstr(out, f->labels[k].to);
			rc = 0;
			goto out;
		}
out:
	buf_release(&key);
	return rc;
}

/* Cleans a list (or a single enum value): items split on the field's
   separators (and on commas when that alone makes them known), each
   through clean_label(); unknown items are set aside with an issue. The
   result, duplicates removed, is in out. */
static void clean_list(const struct schema *s, const struct schema_field *f, int fi,
		       int split, const char *v, struct buf *out, struct schema_issues *iss)
{
	struct buf item = BUF_INIT, one = BUF_INIT, labels = BUF_INIT;
	const char *p = v;

	buf_reset(out);
	while (*p) {
		size_t len = strcspn(p, f->type == SCHEMA_LIST ? f->delims : ""), a = 0, b = len;

		while (a < b && (p[a] == ' ' || p[a] == '\t'))
			a++;
		while (b > a && (p[b - 1] == ' ' || p[b - 1] == '\t'))
			b--;
		buf_reset(&item);
		buf_add(&item, p + a, b - a);
		p += len;
		if (*p)
			p++;
		if (!item.len)
			continue;
		buf_reset(&one);
		if (clean_label(s, f, fi, split, item.data, &one, iss)) {
			/* "A, B": a comma between labels */
			const char *q = item.data;
			size_t keep = iss->n;

			buf_reset(&one);
			while (q && *q && f->type == SCHEMA_LIST && strchr(item.data, ',')) {
				size_t n = strcspn(q, ","), c = 0;
				struct buf part = BUF_INIT;

				while (c < n && q[c] == ' ')
					c++;
				buf_add(&part, q + c, n - c);
				while (part.len && part.data[part.len - 1] == ' ')
					buf_setlen(&part, part.len - 1);
				if (one.len)
					buf_addch(&one, '|');
				if (!part.len || clean_label(s, f, fi, split, part.data, &one, iss)) {
					buf_release(&part);
					q = NULL;
					break;
				}
				buf_release(&part);
				q += n + (q[n] == ',');
			}
			if (!q || !one.len) {
				iss->n = keep;
				struct buf key = BUF_INIT;
				int other;

				text_key(item.data, &key);
				other = split && (sibling_takes(&s->fields[f->sibling], key.data) ||
						  fi > f->sibling);
				buf_release(&key);
				if (other)
					continue;
				issue(iss, fi, f->blocking, "constraint-error", "label-unknown", item.data,
				      "'%s' %s",
				      item.data, TR("is not one of the allowed values: set aside",
						    "n'est pas une des valeurs permises : écarté"));
				continue;
			}
		}
		/* Append each label once. */
		for (const char *l = one.data; *l;) {
			size_t n = strcspn(l, "|");
			int dup = 0;

			for (const char *o = labels.data; *o && !dup;) {
				size_t m = strcspn(o, "|");

				dup = m == n && !memcmp(o, l, n);
				o += m + (o[m] == '|');
			}
			if (!dup && n) {
				if (labels.len)
					buf_addch(&labels, '|');
				buf_add(&labels, l, n);
			}
			l += n + (l[n] == '|');
		}
	}
	buf_addstr(out, labels.data);
	buf_release(&item);
	buf_release(&one);
	buf_release(&labels);
}

const char *schema_clean(const struct schema *s, size_t i, const char *v, int flags,
			 struct buf *scratch, struct schema_issues *iss)
{
	const struct schema_field *f = &s->fields[i];
	int split = (flags & SCHEMA_SPLIT) && f->sibling >= 0;
	const char *code = NULL;
	struct buf msg = BUF_INIT;
	int fi = (int)i;

	if (schema_is_missing(s, i, v)) {
		if (f->required) {
			issue(iss, fi, f->blocking, "constraint-error", "required", NULL, "%s",
			      TR("a value is required", "une valeur est requise"));
		}
		return NULL;
	}
	if (f->no_spaces && (strchr(v, ' ') || strstr(v, "\xc2\xa0"))) {
		const char *p;

		buf_reset(scratch);
		for (p = v; *p; p++) {
			if (*p == ' ')
				continue;
			if (!memcmp(p, "\xc2\xa0", 2)) {	/* no-break space */
				p++;
				continue;
			}
			buf_addch(scratch, *p);
		}
		issue(iss, fi, 0, "constraint-error", "spaces-removed", v, "'%s' %s '%s'", v,
		      TR("read as", "lu comme"), scratch->data);
		v = scratch->data;
	}
	switch (f->type) {
	case SCHEMA_NUMBER:
		if (strchr(v, ',') && !strchr(v, '.')) {
			if (v != scratch->data) {
				buf_reset(scratch);
				buf_addstr(scratch, v);
			}
			*strchr(scratch->data, ',') = '.';
			issue(iss, fi, 0, "type-error", "decimal-comma", v, "'%s' %s %s", v,
			      TR("has a decimal comma: read as", "a une virgule décimale : lu comme"),
			      scratch->data);
			v = scratch->data;
		}
		break;
	case SCHEMA_DATE:
	case SCHEMA_DATETIME: {
		size_t len = strlen(v);
		int ok = f->type == SCHEMA_DATE ? schema_valid_date(v, len) : valid_datetime(v, len);
		struct buf d = BUF_INIT;

		/* The form the tool was declared to write is no defect. */
		if (!ok && f->format && !read_date(f->format, v, f->type == SCHEMA_DATETIME, &d)) {
			buf_reset(scratch);
			buf_addstr(scratch, d.data);
			v = scratch->data;
		} else if (!ok && !parse_date(v, f->type == SCHEMA_DATETIME, &d)) {
			issue(iss, fi, 0, "type-error", "date-format", v, "'%s' %s %s", v,
			      TR("is not in the standard form: read as",
				 "n'est pas sous la forme standard : lu comme"), d.data);
			buf_reset(scratch);
			buf_addstr(scratch, d.data);
			v = scratch->data;
		}
		buf_release(&d);
		break;
	}
	case SCHEMA_LIST:
	case SCHEMA_STRING:
		if (f->nenum) {
			size_t before = iss->n;
			struct buf out = BUF_INIT;

			/* Fast path: the value is one current label. */
			if (f->type == SCHEMA_STRING && !check_enum(f, v, strlen(v))) {
				buf_release(&out);
				break;
			}
			clean_list(s, f, fi, split, v, &out, iss);
			if (f->type == SCHEMA_STRING && strchr(out.data, '|')) {
				iss->n = before;
				issue(iss, fi, f->blocking, "constraint-error", "label-unknown", v,
				      "'%s' %s",
				      v, TR("is not one of the allowed values",
					    "n'est pas une des valeurs permises"));
				buf_reset(&out);
			}
			if (strcmp(out.data, v)) {
				buf_reset(scratch);
				buf_addstr(scratch, out.data);
				v = scratch->data;
			}
			buf_release(&out);
			return *v ? v : NULL;
		}
		break;
	default:
		break;
	}
	if (validate(s, f, v, &code, &msg)) {
		issue(iss, fi, f->blocking, code, "invalid", v, "%s", msg.data);
		buf_release(&msg);
		return NULL;
	}
	buf_release(&msg);
	return v;
}

int schema_check_row(const struct schema *s, const char *const *values,
		     struct schema_issues *iss)
{
	size_t k;

	if (!s->none_of)
		return 0;
	for (k = 0; k < s->none_of; k++)
		if (values[s->one_of[k]])
			return 0;
	issue(iss, s->one_of[0], s->one_of_blocking, "constraint-error", "one-of-required", NULL,
	      "%s %s",
	      TR("one of these is required:", "une de ces valeurs est requise :"),
	      s->one_of_names);
	return -1;
}

int schema_issues_blocking(const struct schema_issues *iss)
{
	for (size_t k = 0; k < iss->n; k++)
		if (iss->v[k].blocking)
			return 1;
	return 0;
}
