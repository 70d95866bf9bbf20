#include "survey.h"
#include "xalloc.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config.h"
#include "schema.h"

static char *xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p)
		xalloc_die();
	return p;
}

static char *xstrndup(const char *s, size_t n)
{
	char *p = strndup(s, n);

	if (!p)
		xalloc_die();
	return p;
}

static char *lower(const char *s, size_t n)
{
	char *p = xstrndup(s, n);

	for (char *q = p; *q; q++)
		if (*q >= 'A' && *q <= 'Z')
			*q = (char)(*q - 'A' + 'a');
	return p;
}

static int is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

void survey_fold(const char *s, struct buf *out)
{
	int space = 0;

	buf_reset(out);
	for (; *s; s++) {
		if (is_blank((unsigned char)*s)) {
			space = out->len > 0;
			continue;
		}
		if (space)
			buf_addch(out, ' ');
		space = 0;
		buf_addch(out, *s >= 'A' && *s <= 'Z' ? *s - 'A' + 'a' : *s);
	}
}

/* s without the blanks around it: its start, and *n its length. */
static const char *trim(const char *s, size_t *n)
{
	size_t len = strlen(s);

	while (len && is_blank((unsigned char)*s)) {
		s++;
		len--;
	}
	while (len && is_blank((unsigned char)s[len - 1]))
		len--;
	*n = len;
	return s;
}

static void release_question(struct survey_question *q)
{
	size_t i;

	free(q->name);
	free(q->column);
	free(q->title);
	for (i = 0; i < q->nlabels; i++)
		free(q->labels[i].label);
	free(q->labels);
	free(q->split);
	free(q->checked);
	for (i = 0; i < q->noptions; i++) {
		free(q->options[i].code);
		free(q->options[i].label);
		free(q->options[i].title);
	}
	free(q->options);
}

void survey_release(struct survey *s)
{
	size_t i;

	for (i = 0; i < s->nquestions; i++)
		release_question(&s->questions[i]);
	free(s->questions);
	for (i = 0; i < s->ndates; i++)
		free(s->dates[i]);
	free(s->dates);
	free(s->columns);
	free(s->name);
	free(s->id);
	free(s->draft);
	free(s->commune);
	free(s->postal);
	free(s->date_format);
	memset(s, 0, sizeof(*s));
}

static struct survey_question *find_name(const struct survey *s, const char *name, size_t n)
{
	for (size_t i = 0; i < s->nquestions; i++)
		if (strlen(s->questions[i].name) == n && !strncasecmp(s->questions[i].name, name, n))
			return &s->questions[i];
	return NULL;
}

/* Context of the section being read, for messages. */
struct reader {
	struct survey *s;
	const struct config *c;
	const char *section;
	struct err *e;
};

static int add_question(struct reader *r, const char *name, size_t n, const char *column)
{
	struct survey *s = r->s;
	struct survey_question *q;
	size_t len;

	if (!n)
		return err_set(r->e, "'%s': [%s] question.: a question needs a NAME", r->c->path,
			       r->section);
	for (size_t i = 0; i < n; i++)
		if (name[i] == '.' || is_blank((unsigned char)name[i]))
			return err_set(r->e, "'%s': [%s] question '%.*s': a NAME holds no '.' and no "
				       "space", r->c->path, r->section, (int)n, name);
	if (find_name(s, name, n))
		return err_set(r->e, "'%s': [%s] question '%.*s' is declared twice", r->c->path,
			       r->section, (int)n, name);
	column = trim(column, &len);
	if (!len)
		return err_set(r->e, "'%s': [%s] question '%.*s' names no column", r->c->path,
			       r->section, (int)n, name);
	s->questions = xgrow(s->questions, s->nquestions, sizeof(*q));
	q = &s->questions[s->nquestions++];
	memset(q, 0, sizeof(*q));
	q->name = lower(name, n);
	q->column = xstrndup(column, len);
	return 0;
}

/* "label: value, "label, quoted": value, label:" into q's labels. */
static int parse_mapping(struct reader *r, struct survey_question *q, const char *v)
{
	const char *p = v;
	struct buf label = BUF_INIT;
	int rc = -1;

	q->mapped = 1;
	for (;;) {
		struct survey_label *l;
		const char *a, *end;
		size_t n;
		char *num, *stop;

		while (is_blank((unsigned char)*p) || *p == ',')
			p++;
		if (!*p)
			break;
		buf_reset(&label);
		if (*p == '"') {
			for (p++; *p && !(*p == '"' && p[1] != '"'); p++) {
				if (*p == '"')
					p++;	/* "" inside quotes: one quote */
				buf_addch(&label, *p);
			}
			if (!*p) {
				err_set(r->e, "'%s': [%s] %s: a quote is not closed", r->c->path,
					r->section, q->name);
				goto out;
			}
			for (p++; is_blank((unsigned char)*p); p++)
				;
			if (*p != ':') {
				err_set(r->e, "'%s': [%s] %s: '%s' is not followed by ':'", r->c->path,
					r->section, q->name, label.data);
				goto out;
			}
		} else {
			end = strchr(p, ':');
			if (!end) {
				err_set(r->e, "'%s': [%s] %s: '%s' has no ':' and no value", r->c->path,
					r->section, q->name, p);
				goto out;
			}
			buf_add(&label, p, (size_t)(end - p));
			a = trim(label.data, &n);
			memmove(label.data, a, n);
			buf_setlen(&label, n);
			p = end;
		}
		p++;	/* the ':' */
		end = p + strcspn(p, ",");
		num = xstrndup(p, (size_t)(end - p));
		a = trim(num, &n);
		q->labels = xgrow(q->labels, q->nlabels, sizeof(*l));
		l = &q->labels[q->nlabels++];
		l->label = xstrdup(label.data);
		l->has_value = n > 0;
		l->value = 0;
		if (n) {
			errno = 0;
			l->value = strtod(a, &stop);
			if (stop != a + n || errno) {
				err_set(r->e, "'%s': [%s] %s: the value of '%s', '%.*s', is not a number "
					"(decimals with a point)", r->c->path, r->section, q->name,
					l->label, (int)n, a);
				free(num);
				goto out;
			}
		}
		free(num);
		p = end;
	}
	rc = 0;
out:
	buf_release(&label);
	return rc;
}

static int add_option(struct reader *r, const char *key, const char *label)
{
	const char *dot = strchr(key, '.');
	struct survey_question *q;
	struct survey_option *o;
	size_t n;

	if (!dot || !dot[1] || strchr(dot + 1, '.'))
		return err_set(r->e, "'%s': [%s] option.%s: write option.QUESTION.CODE = label",
			       r->c->path, r->section, key);
	q = find_name(r->s, key, (size_t)(dot - key));
	if (!q)
		return err_set(r->e, "'%s': [%s] option.%s: no question '%.*s' in the section",
			       r->c->path, r->section, key, (int)(dot - key), key);
	for (size_t i = 0; i < q->noptions; i++)
		if (!strcasecmp(q->options[i].code, dot + 1))
			return err_set(r->e, "'%s': [%s] option.%s is declared twice", r->c->path,
				       r->section, key);
	label = trim(label, &n);
	if (!n)
		return err_set(r->e, "'%s': [%s] option.%s has no label", r->c->path, r->section,
			       key);
	q->options = xgrow(q->options, q->noptions, sizeof(*o));
	o = &q->options[q->noptions++];
	o->code = lower(dot + 1, strlen(dot + 1));
	o->label = xstrndup(label, n);
	o->title = NULL;
	return 0;
}

/* A separator as written, double quotes around it kept off: ", ". */
static char *unquote(const char *v)
{
	size_t n = strlen(v);

	if (n >= 2 && v[0] == '"' && v[n - 1] == '"')
		return xstrndup(v + 1, n - 2);
	return xstrdup(v);
}

/* NAME.title, NAME.split, NAME.checked (prop, after the last dot) of
   question q. */
static int property(struct reader *r, struct survey_question *q, const char *key,
		    const char *prop, const char *value)
{
	char **slot = !strcmp(prop, "title") ? &q->title : !strcmp(prop, "split") ? &q->split :
		&q->checked;

	free(*slot);
	*slot = strcmp(prop, "title") ? unquote(value) : xstrdup(value);
	if (!**slot)
		return err_set(r->e, "'%s': [%s] %s is empty", r->c->path, r->section, key);
	return 0;
}

/* NAME.CODE.title: base is "NAME.CODE". */
static int option_title(struct reader *r, const char *key, const char *base, size_t n,
			const char *value)
{
	const char *dot = memchr(base, '.', n);
	struct survey_question *q = dot ? find_name(r->s, base, (size_t)(dot - base)) : NULL;
	size_t len = dot ? n - (size_t)(dot - base) - 1 : 0;

	for (size_t i = 0; q && i < q->noptions; i++)
		if (strlen(q->options[i].code) == len &&
		    !strncasecmp(q->options[i].code, dot + 1, len)) {
			free(q->options[i].title);
			q->options[i].title = xstrdup(value);
			return 0;
		}
	if (q)
		return err_set(r->e, "'%s': [%s] %s: question '%s' has no option '%.*s'",
			       r->c->path, r->section, key, q->name, (int)len, dot + 1);
	return err_set(r->e, "'%s': [%s] %s: not a setting, and no question of that name "
		       "(question.NAME = COLUMN declares one)", r->c->path, r->section, key);
}

static const char *const settings[] = {
	"header_rows", "id", "date", "date.format", "draft", "commune", "commune.type",
	"postal_code", "questions", NULL
};

static int is_setting(const char *key)
{
	for (size_t i = 0; settings[i]; i++)
		if (!strcmp(key, settings[i]))
			return 1;
	return 0;
}

static char *column(const struct reader *r, const char *key)
{
	const char *v = config_get(r->c, r->section, key);
	size_t n;

	if (!v)
		return NULL;
	v = trim(v, &n);
	return n ? xstrndup(v, n) : NULL;
}

static void add_column(struct survey *s, enum survey_role role, const char *header,
		       const char *under, size_t question, size_t option)
{
	struct survey_column *c;

	s->columns = xgrow(s->columns, s->ncolumns, sizeof(*c));
	c = &s->columns[s->ncolumns++];
	c->role = role;
	c->header = header;
	c->under = under;
	c->question = question;
	c->option = option;
}

static int read_settings(struct reader *r)
{
	struct survey *s = r->s;
	const char *v, *p;
	char *end;
	long n;

	v = config_get(r->c, r->section, "header_rows");
	s->header_rows = 1;
	if (v && *v) {
		errno = 0;
		n = strtol(v, &end, 10);
		if (errno || *end || n < 1 || n > SURVEY_MAX_HEADER_ROWS)
			return err_set(r->e, "'%s': [%s] header_rows: '%s' is not a whole number "
				       "from 1 to %d", r->c->path, r->section, v,
				       SURVEY_MAX_HEADER_ROWS);
		s->header_rows = (int)n;
	}
	s->id = column(r, "id");
	s->draft = column(r, "draft");
	s->commune = column(r, "commune");
	s->postal = column(r, "postal_code");
	s->date_format = column(r, "date.format");
	if (!s->commune)
		return err_set(r->e, "'%s': [%s] commune is missing", r->c->path, r->section);
	if (s->date_format && schema_date_format_check(s->date_format))
		return err_set(r->e, "'%s': [%s] date.format: '%s' uses other than %%d %%m %%Y %%y "
			       "%%H %%M %%S %%p", r->c->path, r->section, s->date_format);
	v = config_get(r->c, r->section, "commune.type");
	if (!v || !*v || !strcmp(v, "auto"))
		s->commune_type = SURVEY_COMMUNE_AUTO;
	else if (!strcmp(v, "insee"))
		s->commune_type = SURVEY_COMMUNE_INSEE;
	else if (!strcmp(v, "postal"))
		s->commune_type = SURVEY_COMMUNE_POSTAL;
	else if (!strcmp(v, "name"))
		s->commune_type = SURVEY_COMMUNE_NAME;
	else
		return err_set(r->e, "'%s': [%s] commune.type: '%s' is not auto, insee, postal or "
			       "name", r->c->path, r->section, v);
	/* Tools name their date columns plainly: commas separate them. */
	for (p = config_get(r->c, r->section, "date"); p && *p;) {
		size_t len = strcspn(p, ",");
		char *one = xstrndup(p, len);
		const char *a = trim(one, &len);

		if (len) {
			s->dates = xgrow(s->dates, s->ndates, sizeof(char *));
			s->dates[s->ndates++] = xstrndup(a, len);
		}
		free(one);
		p += strcspn(p, ",");
		p += *p == ',';
	}
	if (!s->ndates)
		return err_set(r->e, "'%s': [%s] date is missing", r->c->path, r->section);
	return 0;
}

/* The questions the section declares: question.NAME = COLUMN each, or
   questions = NAME, NAME... (each named after its column). */
static int declare_questions(struct reader *r)
{
	const struct config *c = r->c;
	size_t i;

	for (i = 0; i < c->nentries; i++) {
		const char *key = c->entries[i].key, *v = c->entries[i].value;

		if (strcmp(c->entries[i].section, r->section))
			continue;
		if (!strncmp(key, "question.", 9)) {
			if (add_question(r, key + 9, strlen(key + 9), v))
				return -1;
		} else if (!strcmp(key, "questions")) {
			for (const char *p = v; *p;) {
				size_t len;

				p += strspn(p, " ,\t");
				len = strcspn(p, " ,\t");
				if (!len)
					break;
				if (!find_name(r->s, p, len)) {
					char *col = xstrndup(p, len);
					int rc = add_question(r, p, len, col);

					free(col);
					if (rc)
						return -1;
				}
				p += len;
			}
		}
	}
	return 0;
}

/* An entry of the section that is neither a setting nor a declaration:
   an option, a question's mapping or property (first pass), an option's
   title (second pass, once every option is known). */
static int read_entry(struct reader *r, const char *key, const char *v, int pass)
{
	const char *dot = strrchr(key, '.'), *prop = dot ? dot + 1 : "", *near;
	struct survey_question *q;

	if (!strncmp(key, "option.", 7))
		return !pass ? add_option(r, key + 7, v) : 0;
	if ((q = find_name(r->s, key, strlen(key)))) {
		if (pass)
			return 0;
		for (size_t k = 0; k < q->nlabels; k++)
			free(q->labels[k].label);
		q->nlabels = 0;
		return parse_mapping(r, q, v);
	}
	if (dot && (q = find_name(r->s, key, (size_t)(dot - key))) &&
	    (!strcmp(prop, "title") || !strcmp(prop, "split") || !strcmp(prop, "checked")))
		return !pass ? property(r, q, key, prop, v) : 0;
	if (dot && !strcmp(prop, "title") && strchr(key, '.') != dot)
		return pass ? option_title(r, key, key, (size_t)(dot - key), v) : 0;
	if ((near = config_nearest(key, settings, sizeof(settings) / sizeof(*settings) - 1)))
		return err_set(r->e, "'%s': [%s] %s: not a setting, and no question "
			       "of that name; did you mean '%s'?", r->c->path, r->section,
			       key, near);
	return err_set(r->e, "'%s': [%s] %s: not a setting, and no question of that "
		       "name (question.NAME = COLUMN declares one)", r->c->path,
		       r->section, key);
}

static int read_questions(struct reader *r)
{
	const struct config *c = r->c;
	size_t i;
	int pass;

	/* First the questions, then their options and mappings, then the
	   options' titles: any order in the section will do. */
	if (declare_questions(r))
		return -1;
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < c->nentries; i++) {
			const char *key = c->entries[i].key;

			if (strcmp(c->entries[i].section, r->section) || is_setting(key) ||
			    !strncmp(key, "question.", 9))
				continue;
			if (read_entry(r, key, c->entries[i].value, pass))
				return -1;
		}
	return 0;
}

/* The layout of each question, and the columns in their order. */
static int layout(struct reader *r)
{
	struct survey *s = r->s;
	size_t i, k;

	if (s->id)
		add_column(s, SURVEY_ID, s->id, NULL, 0, 0);
	for (i = 0; i < s->ndates; i++)
		add_column(s, SURVEY_DATE, s->dates[i], NULL, 0, 0);
	if (s->draft)
		add_column(s, SURVEY_DRAFT, s->draft, NULL, 0, 0);
	add_column(s, SURVEY_COMMUNE, s->commune, NULL, 0, 0);
	if (s->postal)
		add_column(s, SURVEY_POSTAL, s->postal, NULL, 0, 0);
	for (i = 0; i < s->nquestions; i++) {
		struct survey_question *q = &s->questions[i];

		if (!q->noptions) {
			if (q->split || q->checked)
				return err_set(r->e, "'%s': [%s] %s.%s: the question has no options "
					       "(option.%s.CODE = label)", r->c->path, r->section,
					       q->name, q->split ? "split" : "checked", q->name);
			q->layout = SURVEY_ONE;
			add_column(s, SURVEY_ANSWER, q->column, NULL, i, 0);
			continue;
		}
		if (q->mapped)
			return err_set(r->e, "'%s': [%s] %s: a multiple-choice question takes no "
				       "mapping: each option is 1 when checked, 0 when not",
				       r->c->path, r->section, q->name);
		if (q->split && q->checked)
			return err_set(r->e, "'%s': [%s] %s: split (one cell) and checked (one "
				       "column per option) exclude each other", r->c->path,
				       r->section, q->name);
		if (q->split) {
			q->layout = SURVEY_SPLIT;
			add_column(s, SURVEY_ANSWER, q->column, NULL, i, 0);
			continue;
		}
		q->layout = SURVEY_COLUMNS;
		for (k = 0; k < q->noptions; k++)
			add_column(s, SURVEY_OPTION, q->options[k].label, q->column, i, k);
	}
	return 0;
}

int survey_parse(struct survey *s, const struct config *c, const char *section,
		 struct err *e)
{
	struct reader r = { s, c, section, e };

	memset(s, 0, sizeof(*s));
	s->name = xstrdup(strncmp(section, "survey ", 7) ? section : section + 7);
	if (!*s->name)
		return err_set(e, "'%s': [%s]: a survey needs a NAME", c->path, section);
	if (read_settings(&r) || read_questions(&r) || layout(&r))
		return -1;
	return 0;
}

const struct survey_question *survey_find(const struct survey *s, const char *key,
					  int *option)
{
	const struct survey_question *q = find_name(s, key, strlen(key));
	const char *dot;

	*option = -1;
	if (q)
		return q;
	dot = strrchr(key, '.');
	if (!dot || !(q = find_name(s, key, (size_t)(dot - key))))
		return NULL;
	for (size_t i = 0; i < q->noptions; i++)
		if (!strcasecmp(q->options[i].code, dot + 1)) {
			*option = (int)i;
			return q;
		}
	return NULL;
}

const char *survey_title(const struct survey *s, const char *key)
{
	int o;
	const struct survey_question *q = survey_find(s, key, &o);
	const char *t = !q ? NULL : o >= 0 ? q->options[o].title : q->title;

	return t ? t : key;
}

int survey_value(const struct survey_question *q, const char *label, double *v)
{
	size_t n;

	label = trim(label, &n);
	for (size_t i = 0; i < q->nlabels; i++) {
		const struct survey_label *l = &q->labels[i];

		if (strlen(l->label) == n && !memcmp(l->label, label, n)) {
			if (!l->has_value)
				return 0;
			*v = l->value;
			return 1;
		}
	}
	return -1;
}

int survey_checked(const struct survey_question *q, const char *cell)
{
	size_t n;

	cell = trim(cell, &n);
	if (!n)
		return 0;
	if (!q->checked || (strlen(q->checked) == n && !memcmp(q->checked, cell, n)))
		return 1;
	return -1;
}

void survey_split(const struct survey_question *q, const char *cell, unsigned char *checked,
		  struct buf *rest)
{
	const char *sep = q->split, *p;
	size_t seplen = strlen(sep), i, n;

	buf_reset(rest);
	for (i = 0; i < q->noptions; i++)
		checked[i] = 0;
	p = trim(cell, &n);
	while (n) {
		size_t best = 0, len;
		int hit = -1;

		/* The longest option that the cell holds here, whole. */
		for (i = 0; i < q->noptions; i++) {
			len = strlen(q->options[i].label);
			if (len > n || len <= best || memcmp(p, q->options[i].label, len) ||
			    (len < n && (n - len < seplen || memcmp(p + len, sep, seplen))))
				continue;
			best = len;
			hit = (int)i;
		}
		if (hit >= 0) {
			checked[hit] = 1;
			len = best;
		} else {
			/* Not an option: up to the next separator. */
			const char *next = NULL;

			for (size_t k = 0; seplen && k + seplen <= n && !next; k++)
				if (!memcmp(p + k, sep, seplen))
					next = p + k;
			len = next ? (size_t)(next - p) : n;
			if (rest->len)
				buf_addstr(rest, sep);
			buf_add(rest, p, len);
		}
		p += len;
		n -= len;
		if (n >= seplen && !memcmp(p, sep, seplen)) {
			p += seplen;
			n -= seplen;
		}
		while (n && is_blank((unsigned char)*p)) {
			p++;
			n--;
		}
	}
}

struct schema *survey_schema(const struct survey *sv, struct err *e)
{
	json_t *root, *fields = json_array(), *detect = json_array();
	struct buf name = BUF_INIT, key = BUF_INIT;
	struct schema *s;
	char *text;
	size_t i, k, dates = 0;

	for (i = 0; i < sv->ncolumns; i++) {
		const struct survey_column *c = &sv->columns[i];
		const struct survey_question *q = c->role >= SURVEY_ANSWER ?
			&sv->questions[c->question] : NULL;
		json_t *f;
		int dup = 0;

		buf_reset(&name);
		switch (c->role) {
		case SURVEY_ID: buf_addstr(&name, "id"); break;
		case SURVEY_DATE:
			buf_addstr(&name, "date");
			if (dates++)
				buf_addf(&name, " %zu", dates);
			break;
		case SURVEY_DRAFT: buf_addstr(&name, "draft"); break;
		case SURVEY_COMMUNE: buf_addstr(&name, "commune"); break;
		case SURVEY_POSTAL: buf_addstr(&name, "postal_code"); break;
		case SURVEY_ANSWER: buf_addstr(&name, q->name); break;
		case SURVEY_OPTION:
			buf_addf(&name, "%s.%s", q->name, q->options[c->option].code);
			break;
		}
		if (c->role == SURVEY_ID)
			f = json_pack("{s:s, s:s, s:b, s:{s:b, s:b}}", "name", name.data, "type",
				      "string", "pana:blocking", 1, "constraints", "required", 1,
				      "unique", 1);
		else if (c->role == SURVEY_DATE)
			f = json_pack("{s:s, s:s, s:s}", "name", name.data, "type", "datetime",
				      "format", sv->date_format ? sv->date_format : "default");
		else
			f = json_pack("{s:s, s:s}", "name", name.data, "type", "string");
		json_array_append_new(fields, f);
		survey_fold(c->header, &key);
		for (k = 0; k < json_array_size(detect) && !dup; k++)
			dup = !strcmp(json_string_value(json_array_get(detect, k)), key.data);
		if (!dup)
			json_array_append_new(detect, json_string(key.data));
	}
	buf_release(&name);
	buf_release(&key);
	root = json_pack("{s:s, s:s, s:s, s:i, s:o, s:o}", "name", sv->name, "pana:kind", "survey",
			 "pana:table", "stg_survey", "pana:headerRows", sv->header_rows,
			 "pana:detect", detect, "fields", fields);
	text = root ? json_dumps(root, JSON_COMPACT) : NULL;
	json_decref(root);
	if (!text) {
		err_set(e, "out of memory");
		return NULL;
	}
	s = schema_parse(text, strlen(text), sv->name, e);
	free(text);
	return s;
}
