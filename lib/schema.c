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
};

struct schema {
	char *name, *kind, *table;
	struct schema_field *fields;
	size_t nfields;
	char **missing;
	size_t nmissing;
	char **detect;
	size_t ndetect;
	pcre2_match_data *md;
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
		pcre2_code_free(f->pattern);
		free(f->pattern_src);
		free_strv(f->enums, f->nenum);
		free_strv(f->missing, f->nmissing);
	}
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
	if (strv_from_json(json_object_get(j, "missingValues"), &f->missing,
			   &f->nmissing, "missingValues", s->name, e))
		return -1;
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
	s->fields = calloc(json_array_size(fields) + 64, sizeof(*s->fields));
	if (!s->fields)
		xalloc_die();
	json_array_foreach(fields, i, v) {
		s->nfields++;
		if (parse_field(s, &s->fields[i], v, e))
			goto out_fail;
	}
	s->md = pcre2_match_data_create(4, NULL);
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

int schema_find_column(const struct schema *s, const char *column)
{
	size_t i;

	for (i = 0; i < s->nfields; i++)
		if (!strcmp(s->fields[i].column ? s->fields[i].column : s->fields[i].name, column))
			return (int)i;
	return -1;
}

int schema_find(const struct schema *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->nfields; i++)
		if (!strcmp(s->fields[i].name, name))
			return (int)i;
	return -1;
}

int schema_detects(const struct schema *s, char *const *names, size_t n)
{
	size_t i, k;

	if (!s->ndetect)
		return 0;
	for (i = 0; i < s->ndetect; i++) {
		for (k = 0; k < n; k++)
			if (!strcmp(s->detect[i], names[k]))
				break;
		if (k == n)
			return 0;
	}
	return 1;
}

void schema_add_int_field(struct schema *s, const char *name, long lo, long hi)
{
	struct schema_field *f = &s->fields[s->nfields];

	/* schema_parse() leaves room for 64 added fields. */
	memset(f, 0, sizeof(*f));
	f->name = xstrdup(name);
	f->type = SCHEMA_INTEGER;
	f->has_min = f->has_max = 1;
	f->minimum = (double)lo;
	f->maximum = (double)hi;
	f->min_len = f->max_len = -1;
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
			buf_addf(msg, "'%.*s' is not one of the allowed values", (int)(b - a), p + a);
			return -1;
		}
		p += len;
		if (*p)
			p++;
	}
	return 0;
}

int schema_check(const struct schema *s, size_t i, const char *v,
		 const char **code, struct buf *msg)
{
	const struct schema_field *f = &s->fields[i];
	size_t len = strlen(v);
	double num = 0;
	char *end;

	if (schema_is_missing(s, i, v)) {
		if (!f->required)
			return 0;
		*code = "constraint-error";
		buf_addstr(msg, "a value is required");
		return -1;
	}
	switch (f->type) {
	case SCHEMA_INTEGER:
	case SCHEMA_YEAR:
		/* Digits and a sign only: strtoll alone would take spaces and
		   hexadecimal. */
		if (strspn(v, "+-0123456789") != len) {
			*code = "type-error";
			buf_addf(msg, "'%s' is not %s", v, f->type == SCHEMA_YEAR ?
				 "a year" : "a whole number");
			return -1;
		}
		errno = 0;
		num = (double)strtoll(v, &end, 10);
		if (errno || *end || end == v || (f->type == SCHEMA_YEAR && len != 4)) {
			*code = "type-error";
			buf_addf(msg, "'%s' is not %s", v, f->type == SCHEMA_YEAR ?
				 "a year" : "a whole number");
			return -1;
		}
		break;
	case SCHEMA_NUMBER:
		num = strtod(v, &end);
		if (*end || end == v || !isfinite(num) || strspn(v, "+-0123456789.eE") != len) {
			*code = "type-error";
			buf_addf(msg, "'%s' is not a number", v);
			return -1;
		}
		break;
	case SCHEMA_DATE:
		if (!schema_valid_date(v, len)) {
			*code = "type-error";
			buf_addf(msg, "'%s' is not a date (YYYY-MM-DD)", v);
			return -1;
		}
		break;
	case SCHEMA_DATETIME:
		if (!valid_datetime(v, len)) {
			*code = "type-error";
			buf_addf(msg, "'%s' is not a date and time (YYYY-MM-DD HH:MM:SS)", v);
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

		if (rc < 0) {
			*code = "constraint-error";
			buf_addf(msg, "'%s' does not match the pattern %s", v, f->pattern_src);
			return -1;
		}
	}
	if (f->nenum && check_enum(f, v, len)) {
		*code = "constraint-error";
		buf_addf(msg, "'%s' is not one of the allowed values", v);
		return -1;
	}
	if ((f->has_min && num < f->minimum) || (f->has_max && num > f->maximum)) {
		*code = "constraint-error";
		buf_addf(msg, "%s is out of range [%g, %g]", v, f->has_min ? f->minimum : -INFINITY,
			 f->has_max ? f->maximum : INFINITY);
		return -1;
	}
	if (f->min_len >= 0 || f->max_len >= 0) {
		size_t n = utf8_chars(v);

		if ((f->min_len >= 0 && n < (size_t)f->min_len) ||
		    (f->max_len >= 0 && n > (size_t)f->max_len)) {
			*code = "constraint-error";
			buf_addf(msg, "length %zu is out of range", n);
			return -1;
		}
	}
	return 0;
}
