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

#include "schema_impl.h"

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

/* The "constraints" object c of field f. */
static int parse_constraints(struct schema *s, struct schema_field *f, json_t *c,
			     struct err *e)
{
	json_t *v;

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
	return c ? parse_constraints(s, f, c, e) : 0;
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
