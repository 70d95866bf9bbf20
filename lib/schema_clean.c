/*
 * schema: the checks and cleaning of values against a loaded Table Schema
 * (schema_check, schema_clean, schema_check_row) and the issues they
 * record; loading and parsing the schema is in schema.c. The checks run
 * once per field of every row ingested: keep them in this one file, where
 * the compiler inlines the helpers.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "schema.h"

#include <errno.h>
#include <math.h>
#include <pcre2.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schema_impl.h"
#include "text.h"
#include "xalloc.h"

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

/* Says that v is not a whole number (or a year, as f says). */
static int not_whole(const struct schema_field *f, const char *v, const char **code,
		     struct buf *msg)
{
	*code = "type-error";
	buf_addf(msg, "'%s' %s", v, f->type == SCHEMA_YEAR ?
		 TR("is not a year", "n'est pas une année") :
		 TR("is not a whole number", "n'est pas un nombre entier"));
	return -1;
}

/* Checks v (len bytes) against the type of field f, but a list; its value
   into *num for a number. */
static int check_type(const struct schema_field *f, const char *v, size_t len, double *num,
		      const char **code, struct buf *msg)
{
	char *end;

	switch (f->type) {
	case SCHEMA_INTEGER:
	case SCHEMA_YEAR:
		/* Digits and a sign only: strtoll alone would take spaces and
		   hexadecimal. */
		if (strspn(v, "+-0123456789") != len)
			return not_whole(f, v, code, msg);
		errno = 0;
		*num = (double)strtoll(v, &end, 10);
		if (errno || *end || end == v || (f->type == SCHEMA_YEAR && len != 4))
			return not_whole(f, v, code, msg);
		break;
	case SCHEMA_NUMBER:
		*num = strtod(v, &end);
		if (*end || end == v || !isfinite(*num) || strspn(v, "+-0123456789.eE") != len) {
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
	case SCHEMA_STRING:
		break;
	}
	return 0;
}

/* Checks v (len bytes, num its value as a number) against the
   constraints of field f: pattern, allowed values, range, length. */
static int check_constraints(const struct schema *s, const struct schema_field *f,
			     const char *v, size_t len, double num, const char **code,
			     struct buf *msg)
{
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

/* Checks a value that is not missing against the type and constraints
   of field f. */
static int validate(const struct schema *s, const struct schema_field *f, const char *v,
		    size_t len, const char **code, struct buf *msg)
{
	double num = 0;

	if (f->type == SCHEMA_LIST)
		return check_list(f, v, code, msg);
	if (check_type(f, v, len, &num, code, msg))
		return -1;
	return check_constraints(s, f, v, len, num, code, msg);
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
	return validate(s, f, v, strlen(v), code, msg);
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
/* "A, B": labels of a list with a comma between them, each cleaned into
   one ('|' between); 0 when every part is a label, else -1. */
static int clean_comma_list(const struct schema *s, const struct schema_field *f, int fi,
			    int split, const char *item, struct buf *one,
			    struct schema_issues *iss)
{
	const char *q = item;

	buf_reset(one);
	while (q && *q && f->type == SCHEMA_LIST && strchr(item, ',')) {
		size_t n = strcspn(q, ","), c = 0;
		struct buf part = BUF_INIT;

		while (c < n && q[c] == ' ')
			c++;
		buf_add(&part, q + c, n - c);
		while (part.len && part.data[part.len - 1] == ' ')
			buf_setlen(&part, part.len - 1);
		if (one->len)
			buf_addch(one, '|');
		if (!part.len || clean_label(s, f, fi, split, part.data, one, iss)) {
			buf_release(&part);
			return -1;
		}
		buf_release(&part);
		q += n + (q[n] == ',');
	}
	return one->len ? 0 : -1;
}

/* Appends to labels ('|' between) each label of one not there yet. */
static void append_once(struct buf *labels, const char *one)
{
	for (const char *l = one; *l;) {
		size_t n = strcspn(l, "|");
		int dup = 0;

		for (const char *o = labels->data; *o && !dup;) {
			size_t m = strcspn(o, "|");

			dup = m == n && !memcmp(o, l, n);
			o += m + (o[m] == '|');
		}
		if (!dup && n) {
			if (labels->len)
				buf_addch(labels, '|');
			buf_add(labels, l, n);
		}
		l += n + (l[n] == '|');
	}
}

/* An item of a list that is no label: set aside, with an issue, unless
   the sibling field takes it (an earlier column that feeds two). */
static void item_unknown(const struct schema *s, const struct schema_field *f, int fi,
			 int split, const char *item, struct schema_issues *iss)
{
	struct buf key = BUF_INIT;
	int other;

	text_key(item, &key);
	other = split && (sibling_takes(&s->fields[f->sibling], key.data) || fi > f->sibling);
	buf_release(&key);
	if (other)
		return;
	issue(iss, fi, f->blocking, "constraint-error", "label-unknown", item, "'%s' %s", item,
	      TR("is not one of the allowed values: set aside",
		 "n'est pas une des valeurs permises : écarté"));
}

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
			size_t keep = iss->n;

			if (clean_comma_list(s, f, fi, split, item.data, &one, iss)) {
				iss->n = keep;
				item_unknown(s, f, fi, split, item.data, iss);
				continue;
			}
		}
		append_once(&labels, one.data);
	}
	buf_addstr(out, labels.data);
	buf_release(&item);
	buf_release(&one);
	buf_release(&labels);
}

/* "362 521 879 00034": v without its spaces and no-break spaces, in
   scratch, with a warning. */
static const char *remove_spaces(int fi, const char *v, struct buf *scratch,
				 struct schema_issues *iss)
{
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
	return scratch->data;
}

/* "48,85" (French Excel): v with a decimal point, in scratch, with a
   warning. v may be scratch's own text. */
static const char *decimal_comma(int fi, const char *v, struct buf *scratch,
				 struct schema_issues *iss)
{
	if (v != scratch->data) {
		buf_reset(scratch);
		buf_addstr(scratch, v);
	}
	*strchr(scratch->data, ',') = '.';
	issue(iss, fi, 0, "type-error", "decimal-comma", v, "'%s' %s %s", v,
	      TR("has a decimal comma: read as", "a une virgule décimale : lu comme"),
	      scratch->data);
	return scratch->data;
}

/* A date (or date and time) of field f in the standard form: as it is, or
   read in the form the field declares (no defect), or in another form it
   can be read in (a warning), in scratch. */
static const char *clean_date(const struct schema_field *f, int fi, const char *v,
			      struct buf *scratch, struct schema_issues *iss)
{
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
	return v;
}

/* The current labels of a value of an enum or list field f ('|' between),
   in scratch; NULL when none is left. */
static const char *clean_labels(const struct schema *s, const struct schema_field *f, int fi,
				int split, const char *v, struct buf *scratch,
				struct schema_issues *iss)
{
	size_t before = iss->n;
	struct buf out = BUF_INIT;

	clean_list(s, f, fi, split, v, &out, iss);
	if (f->type == SCHEMA_STRING && strchr(out.data, '|')) {
		iss->n = before;
		issue(iss, fi, f->blocking, "constraint-error", "label-unknown", v, "'%s' %s", v,
		      TR("is not one of the allowed values", "n'est pas une des valeurs permises"));
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

const char *schema_clean(const struct schema *s, size_t i, const char *v, int flags,
			 struct buf *scratch, struct schema_issues *iss)
{
	return schema_clean_n(s, i, v, strlen(v), flags, scratch, iss);
}

const char *schema_clean_n(const struct schema *s, size_t i, const char *v, size_t len,
			   int flags, struct buf *scratch, struct schema_issues *iss)
{
	const struct schema_field *f = &s->fields[i];
	const char *given = v;
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
	if (f->no_spaces && (strchr(v, ' ') || strstr(v, "\xc2\xa0")))
		v = remove_spaces(fi, v, scratch, iss);
	switch (f->type) {
	case SCHEMA_NUMBER:
		if (strchr(v, ',') && !strchr(v, '.'))
			v = decimal_comma(fi, v, scratch, iss);
		break;
	case SCHEMA_DATE:
	case SCHEMA_DATETIME:
		v = clean_date(f, fi, v, scratch, iss);
		break;
	case SCHEMA_LIST:
	case SCHEMA_STRING:
		/* Fast path: the value is one current label. */
		if (v != given)
			len = strlen(v);
		if (f->nenum && !(f->type == SCHEMA_STRING && !check_enum(f, v, len)))
			return clean_labels(s, f, fi, split, v, scratch, iss);
		break;
	default:
		break;
	}
	if (v != given)
		len = strlen(v);
	if (validate(s, f, v, len, &code, &msg)) {
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
