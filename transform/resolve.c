#include "resolve.h"
#include "xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db.h"
#include "text.h"

struct commune {
	char code[6], department[4], region[3];
	char *name;		/* as the COG writes it */
};

/* A code that designates a current commune, with how. */
struct alias {
	char code[6];
	enum resolve_rule rule;
	int commune;		/* index in communes */
	int ambiguous;		/* several current communes */
};

/* A postal code and a commune it serves, with one name La Poste or the
   COG gives that commune under it (text_place_key). */
struct postal {
	char code[6];
	int commune;
	const char *key;
	int cog;		/* the COG lists the code for the commune */
};

/* A name (key) of a commune in a department: its own, or that of one of
   its delegated or associated communes. */
struct place {
	char department[4];
	const char *key;
	int commune;
	int ambiguous;		/* the name designates several communes there */
};

struct territory {
	char *name, *insee, *postal;	/* prefixes separated by '|' */
};

struct resolver {
	struct commune *communes;
	size_t ncommunes;
	struct alias *aliases;
	size_t naliases;
	struct postal *postals;
	size_t npostals;
	struct place *places;
	size_t nplaces;
	int *byname;		/* indexes of places, by key then commune */
	struct territory *territories;
	size_t nterritories;
	char **keys;		/* owns the keys the arrays point to */
	size_t nkeys;
};

const char *resolver_rule_name(enum resolve_rule rule)
{
	static const char *const names[RESOLVE_NRULES] = {
		"exact", "zero", "arrondissement", "deleguee", "ancien", "postal",
		"postal-name", "name", "outside", "unresolved",
	};

	return rule < RESOLVE_NRULES ? names[rule] : "?";
}

static int cmp_commune(const void *a, const void *b)
{
	return strcmp(((const struct commune *)a)->code, ((const struct commune *)b)->code);
}

static int cmp_alias(const void *a, const void *b)
{
	const struct alias *x = a, *y = b;
	int c = strcmp(x->code, y->code);

	return c ? c : (int)x->rule - (int)y->rule;
}

static int cmp_alias_code(const void *key, const void *b)
{
	return strcmp(key, ((const struct alias *)b)->code);
}

static int cmp_postal(const void *a, const void *b)
{
	const struct postal *x = a, *y = b;
	int c = strcmp(x->code, y->code);

	return c ? c : x->commune - y->commune;
}

static int cmp_postal_code(const void *key, const void *b)
{
	return strcmp(key, ((const struct postal *)b)->code);
}

static int cmp_place(const void *a, const void *b)
{
	const struct place *x = a, *y = b;
	int c = strcmp(x->department, y->department);

	if (!c)
		c = strcmp(x->key, y->key);
	return c ? c : x->commune - y->commune;
}

/* The places, to sort their indexes by name (qsort has no context). */
static const struct place *sorting;

static int cmp_byname(const void *a, const void *b)
{
	const struct place *x = &sorting[*(const int *)a], *y = &sorting[*(const int *)b];
	int c = strcmp(x->key, y->key);

	return c ? c : x->commune - y->commune;
}

static void copy_code(char *dst, size_t n, const unsigned char *src)
{
	size_t len = src ? strlen((const char *)src) : 0;

	if (len >= n)
		len = n - 1;
	memcpy(dst, src ? (const char *)src : "", len);
	dst[len] = '\0';
}

static char *xstrdup(const char *s)
{
	char *p = strdup(s ? s : "");

	if (!p)
		xalloc_die();
	return p;
}

static int find_commune(const struct resolver *r, const char *code)
{
	struct commune key, *c;

	copy_code(key.code, sizeof(key.code), (const unsigned char *)code);
	c = bsearch(&key, r->communes, r->ncommunes, sizeof(key), cmp_commune);
	return c ? (int)(c - r->communes) : -1;
}

static const struct alias *find_alias(const struct resolver *r, const char *code)
{
	return bsearch(code, r->aliases, r->naliases, sizeof(struct alias), cmp_alias_code);
}

/* The current commune a code designates (itself, or through an alias
   that is not ambiguous), or -1. */
static int current_of(const struct resolver *r, const char *code)
{
	const struct alias *a;
	int c = find_commune(r, code);

	if (c >= 0)
		return c;
	a = find_alias(r, code);
	return a && !a->ambiguous ? a->commune : -1;
}

/* Keeps the key of name, owned by the resolver. */
static const char *keep_key(struct resolver *r, const char *name, struct buf *b)
{
	text_place_key(name, b);
	r->keys = xgrow(r->keys, r->nkeys, sizeof(char *));
	return r->keys[r->nkeys++] = xstrdup(b->data);
}

static void add_postal(struct resolver *r, const char *code, int c, const char *key, int cog)
{
	struct postal *p;

	r->postals = xgrow(r->postals, r->npostals, sizeof(*p));
	p = &r->postals[r->npostals++];
	copy_code(p->code, sizeof(p->code), (const unsigned char *)code);
	p->commune = c;
	p->key = key;
	p->cog = cog;
}

static void add_place(struct resolver *r, int c, const char *key)
{
	struct place *p;

	r->places = xgrow(r->places, r->nplaces, sizeof(*p));
	p = &r->places[r->nplaces++];
	memcpy(p->department, r->communes[c].department, sizeof(p->department));
	p->key = key;
	p->commune = c;
	p->ambiguous = 0;
}

static int load_communes(struct resolver *r, sqlite3 *db, struct buf *b, struct err *e)
{
	sqlite3_stmt *st;
	int rc;
	size_t i;

	if (db_prepare(db, &st, "SELECT code, department_code, region_code, name FROM commune "
		       "ORDER BY code", e))
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct commune *c;

		r->communes = xgrow(r->communes, r->ncommunes, sizeof(*c));
		c = &r->communes[r->ncommunes++];
		copy_code(c->code, sizeof(c->code), sqlite3_column_text(st, 0));
		copy_code(c->department, sizeof(c->department), sqlite3_column_text(st, 1));
		copy_code(c->region, sizeof(c->region), sqlite3_column_text(st, 2));
		c->name = xstrdup((const char *)sqlite3_column_text(st, 3));
	}
	rc = db_loop_end(db, rc, e);
	sqlite3_finalize(st);
	if (rc)
		return -1;
	if (!r->ncommunes)
		return err_set(e, "the geography referential is empty: run pana-ingest first");
	qsort(r->communes, r->ncommunes, sizeof(*r->communes), cmp_commune);
	for (i = 0; i < r->ncommunes; i++)
		add_place(r, (int)i, keep_key(r, r->communes[i].name, b));
	return 0;
}

static int load_aliases(struct resolver *r, sqlite3 *db, struct buf *b, struct err *e)
{
	sqlite3_stmt *st;
	int rc;
	size_t i, j;

	if (db_prepare(db, &st, "SELECT code, kind, commune_code, name FROM commune_alias", e))
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *kind = (const char *)sqlite3_column_text(st, 1);
		const char *name = (const char *)sqlite3_column_text(st, 3);
		struct alias *a;
		int c = find_commune(r, (const char *)sqlite3_column_text(st, 2));

		if (c < 0)
			continue;
		r->aliases = xgrow(r->aliases, r->naliases, sizeof(*a));
		a = &r->aliases[r->naliases++];
		copy_code(a->code, sizeof(a->code), sqlite3_column_text(st, 0));
		a->rule = !strcmp(kind, "arrondissement") ? RESOLVE_ARRONDISSEMENT
			: !strcmp(kind, "ancien") ? RESOLVE_ANCIEN : RESOLVE_DELEGUEE;
		a->commune = c;
		a->ambiguous = 0;
		/* Seynod, Oullins: a delegated commune's name is still used. */
		if (name && *name)
			add_place(r, c, keep_key(r, name, b));
	}
	rc = db_loop_end(db, rc, e);
	sqlite3_finalize(st);
	if (rc)
		return -1;
	/* Sort by code then rule; keep the first of each code, and mark it
	   ambiguous when the same code points at several communes. */
	qsort(r->aliases, r->naliases, sizeof(*r->aliases), cmp_alias);
	for (i = 0, j = 0; i < r->naliases; i++) {
		if (j && !strcmp(r->aliases[j - 1].code, r->aliases[i].code)) {
			if (r->aliases[j - 1].commune != r->aliases[i].commune)
				r->aliases[j - 1].ambiguous = 1;
			continue;
		}
		r->aliases[j++] = r->aliases[i];
	}
	r->naliases = j;
	return 0;
}

/* The COG's postal codes (each commune under its own name) and La Poste's
   base (its commune, routing and line-5 names), rolled up to current
   communes. */
static int load_postals(struct resolver *r, sqlite3 *db, struct buf *b, struct err *e)
{
	sqlite3_stmt *st;
	int rc, i;

	if (db_prepare(db, &st, "SELECT postal_code, commune_code FROM postal_code", e))
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int c = find_commune(r, (const char *)sqlite3_column_text(st, 1));

		if (c >= 0)
			add_postal(r, (const char *)sqlite3_column_text(st, 0), c,
				   keep_key(r, r->communes[c].name, b), 1);
	}
	rc = db_loop_end(db, rc, e);
	sqlite3_finalize(st);
	if (rc)
		return -1;
	if (db_prepare(db, &st, "SELECT postal_code, commune_code, name, routing_name, line5 "
		       "FROM postal_commune", e))
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *postal = (const char *)sqlite3_column_text(st, 0);
		int c = current_of(r, (const char *)sqlite3_column_text(st, 1));

		if (c < 0)
			continue;
		for (i = 2; i <= 4; i++) {
			const char *name = (const char *)sqlite3_column_text(st, i);

			if (name && *name)
				add_postal(r, postal, c, keep_key(r, name, b), 0);
		}
	}
	rc = db_loop_end(db, rc, e);
	sqlite3_finalize(st);
	if (rc)
		return -1;
	qsort(r->postals, r->npostals, sizeof(*r->postals), cmp_postal);
	return 0;
}

static int load_territories(struct resolver *r, sqlite3 *db, struct err *e)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(db, &st, "SELECT name, insee_prefixes, postal_prefixes FROM territory "
		       "ORDER BY code", e))
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct territory *t;

		r->territories = xgrow(r->territories, r->nterritories, sizeof(*t));
		t = &r->territories[r->nterritories++];
		t->name = xstrdup((const char *)sqlite3_column_text(st, 0));
		t->insee = xstrdup((const char *)sqlite3_column_text(st, 1));
		t->postal = xstrdup((const char *)sqlite3_column_text(st, 2));
	}
	rc = db_loop_end(db, rc, e);
	sqlite3_finalize(st);
	if (rc)
		return -1;
	return 0;
}

struct resolver *resolver_load(sqlite3 *db, struct err *e)
{
	struct resolver *r = calloc(1, sizeof(*r));
	struct buf b = BUF_INIT;
	size_t i, j;

	if (!r)
		xalloc_die();
	if (load_communes(r, db, &b, e) || load_aliases(r, db, &b, e) ||
	    load_postals(r, db, &b, e) || load_territories(r, db, e)) {
		buf_release(&b);
		resolver_free(r);
		return NULL;
	}
	buf_release(&b);
	/* One entry per (department, name, commune); a name that designates
	   several communes of a department is ambiguous there. */
	qsort(r->places, r->nplaces, sizeof(*r->places), cmp_place);
	for (i = 0, j = 0; i < r->nplaces; i++) {
		struct place *p = &r->places[i];

		if (j && !strcmp(r->places[j - 1].department, p->department) &&
		    !strcmp(r->places[j - 1].key, p->key)) {
			if (r->places[j - 1].commune != p->commune)
				r->places[j - 1].ambiguous = 1;
			continue;
		}
		r->places[j++] = *p;
	}
	r->nplaces = j;
	r->byname = malloc((r->nplaces + 1) * sizeof(int));
	if (!r->byname)
		xalloc_die();
	for (i = 0; i < r->nplaces; i++)
		r->byname[i] = (int)i;
	sorting = r->places;
	qsort(r->byname, r->nplaces, sizeof(int), cmp_byname);
	sorting = NULL;
	return r;
}

void resolver_free(struct resolver *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->ncommunes; i++)
		free(r->communes[i].name);
	for (i = 0; i < r->nkeys; i++)
		free(r->keys[i]);
	for (i = 0; i < r->nterritories; i++) {
		free(r->territories[i].name);
		free(r->territories[i].insee);
		free(r->territories[i].postal);
	}
	free(r->territories);
	free(r->keys);
	free(r->communes);
	free(r->aliases);
	free(r->postals);
	free(r->places);
	free(r->byname);
	free(r);
}

static void set(const struct resolver *r, struct resolution *out, enum resolve_rule rule,
		int c)
{
	out->rule = rule;
	out->commune = r->communes[c].code;
	out->department = r->communes[c].department;
	out->region = r->communes[c].region;
	out->reason = NULL;
}

static void note(struct resolution *out, const char *rule, const char *field,
		 const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void note(struct resolution *out, const char *rule, const char *field,
		 const char *fmt, ...)
{
	va_list ap;

	out->note_rule = rule;
	out->note_field = field;
	va_start(ap, fmt);
	vsnprintf(out->note, sizeof(out->note), fmt, ap);
	va_end(ap);
}

/* The INSEE clue: a current commune, a repaired code or an alias. Returns
   the commune and sets *rule and *arr, or -1 (with *why when the code is
   known but designates several communes). */
static int insee_clue(const struct resolver *r, const char *insee, enum resolve_rule *rule,
		      const char **arr, const char **why)
{
	char code[8];
	size_t len = strlen(insee);
	const struct alias *a;
	int c, zero = 0;

	/* "1400.0": a number formatted by a spreadsheet */
	if (len > 2 && !strcmp(insee + len - 2, ".0"))
		len -= 2;
	if (len == 5) {
		memcpy(code, insee, 5);
	} else if (len == 4 && strspn(insee, "0123456789") >= 4) {
		code[0] = '0';
		memcpy(code + 1, insee, 4);
		zero = 1;
	} else {
		return -1;
	}
	code[5] = '\0';
	if ((c = find_commune(r, code)) >= 0) {
		*rule = zero ? RESOLVE_ZERO : RESOLVE_EXACT;
		return c;
	}
	a = find_alias(r, code);
	if (!a)
		return -1;
	if (a->ambiguous) {
		*why = TR("the old code now belongs to several communes",
			  "l'ancien code appartient aujourd'hui à plusieurs communes");
		return -1;
	}
	*rule = zero ? RESOLVE_ZERO : a->rule;
	if (a->rule == RESOLVE_ARRONDISSEMENT)
		*arr = a->code;
	return a->commune;
}

/* The postal code as a 5-character code ("1000" and "1000.0" padded),
   or "" when it is none. */
static void postal_clue(const char *postal, char out[6])
{
	size_t len = postal ? strlen(postal) : 0;

	out[0] = '\0';
	if (len > 2 && !strcmp(postal + len - 2, ".0"))
		len -= 2;
	if (strspn(postal ? postal : "", "0123456789") < len || (len != 4 && len != 5))
		return;
	if (len == 4) {
		out[0] = '0';
		memcpy(out + 1, postal, 4);
	} else {
		memcpy(out, postal, 5);
	}
	out[5] = '\0';
}

/* The range of postals entries of code; *n their count. */
static const struct postal *postal_range(const struct resolver *r, const char *code, size_t *n)
{
	const struct postal *p = bsearch(code, r->postals, r->npostals, sizeof(*p),
					 cmp_postal_code), *end = r->postals + r->npostals;
	const struct postal *a;

	*n = 0;
	if (!p)
		return NULL;
	for (a = p; a > r->postals && !strcmp(a[-1].code, code); a--)
		;
	for (p = a; p < end && !strcmp(p->code, code); p++)
		(*n)++;
	return a;
}

/* Distinct communes in entries p[0..n) (whose key is key, when key is not
   NULL): their count, the first in *c. */
static int communes_of(const struct postal *p, size_t n, const char *key, int *c)
{
	int count = 0, last = -1;
	size_t i;

	*c = -1;
	for (i = 0; i < n; i++) {
		if (key && strcmp(p[i].key, key))
			continue;
		if (p[i].commune != last) {	/* sorted by commune within a code */
			if (*c < 0)
				*c = p[i].commune;
			count += p[i].commune != *c || count == 0;
			last = p[i].commune;
		}
	}
	return count;
}

/* Distinct communes in entries p[0..n) that the COG gives the code: their
   count, the first in *c. */
static int cog_commune(const struct postal *p, size_t n, int *c)
{
	*c = -1;
	for (size_t i = 0; i < n; i++) {
		if (!p[i].cog || p[i].commune == *c)
			continue;
		if (*c >= 0)
			return 2;
		*c = p[i].commune;
	}
	return *c >= 0;
}

static int serves(const struct postal *p, size_t n, int c)
{
	for (size_t i = 0; i < n; i++)
		if (p[i].commune == c)
			return 1;
	return 0;
}

/* The commune that name key designates in department dep, or -1 (-2 when
   several). */
static int named_in(const struct resolver *r, const char *dep, const char *key)
{
	struct place k, *p;

	snprintf(k.department, sizeof(k.department), "%s", dep);
	k.key = key;
	k.commune = -1;
	/* Entries are unique per (department, key): compare on those only. */
	for (size_t lo = 0, hi = r->nplaces; lo < hi;) {
		size_t mid = (lo + hi) / 2;
		int c;

		p = &r->places[mid];
		c = strcmp(k.department, p->department);
		if (!c)
			c = strcmp(key, p->key);
		if (!c)
			return p->ambiguous ? -2 : p->commune;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

/* Whether commune c goes by the name key (its own, a delegated commune's). */
static int is_named(const struct resolver *r, int c, const char *key)
{
	int n = named_in(r, r->communes[c].department, key);

	return n == c || n == -2;
}

/* The departments a postal code's first digits can belong to: "01".."95",
   "971".."976", and Corsica's "20" as 2A and 2B. Returns how many. */
static int postal_departments(const char *postal, char dep[2][4])
{
	if (!postal[0])
		return 0;
	if (!strncmp(postal, "97", 2)) {
		snprintf(dep[0], 4, "%.3s", postal);
		return 1;
	}
	if (!strncmp(postal, "20", 2)) {
		snprintf(dep[0], 4, "2A");
		snprintf(dep[1], 4, "2B");
		return 2;
	}
	snprintf(dep[0], 4, "%.2s", postal);
	return 1;
}

/* Whether code starts with one of the '|'-separated prefixes. */
static int has_prefix(const char *code, const char *prefixes)
{
	const char *p = prefixes;

	while (*p) {
		size_t n = strcspn(p, "|");

		if (n && !strncmp(code, p, n))
			return 1;
		p += n + (p[n] == '|');
	}
	return 0;
}

static const struct territory *territory_of(const struct resolver *r, const char *insee,
					    const char *postal)
{
	for (size_t i = 0; i < r->nterritories; i++) {
		const struct territory *t = &r->territories[i];

		if ((insee && strlen(insee) == 5 && has_prefix(insee, t->insee)) ||
		    (postal[0] && has_prefix(postal, t->postal)))
			return t;
	}
	return NULL;
}

/* key without a leading article and without spaces, in out. */
static void loose(const char *key, struct buf *out)
{
	static const char *const articles[] = { "le ", "la ", "les ", "l " };
	size_t k;

	buf_reset(out);
	for (k = 0; k < sizeof(articles) / sizeof(articles[0]); k++)
		if (!strncmp(key, articles[k], strlen(articles[k]))) {
			key += strlen(articles[k]);
			break;
		}
	for (; *key; key++)
		if (*key != ' ')
			buf_addch(out, *key);
}

/* Whether the words of a are the first words of b, or the reverse
   ("loriol" and "loriol sur drome"), articles aside. */
static int word_prefix(const char *a, const char *b)
{
	static const char *const articles[] = { "le ", "la ", "les ", "l " };
	size_t k, n;

	for (k = 0; k < 4; k++) {
		if (!strncmp(a, articles[k], strlen(articles[k])))
			a += strlen(articles[k]);
		if (!strncmp(b, articles[k], strlen(articles[k])))
			b += strlen(articles[k]);
	}
	if (strlen(a) > strlen(b)) {
		const char *t = a;

		a = b;
		b = t;
	}
	n = strlen(a);
	return n >= 3 && !strncmp(a, b, n) && b[n] == ' ';
}

/* Whether a and b differ by one letter at most (one typed, dropped or
   changed: "les molettes", "les mollettes"). */
static int one_edit(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i = 0;

	if (la > lb) {
		const char *t = a;

		a = b;
		b = t;
		la = lb;
		lb = strlen(b);
	}
	if (lb - la > 1)
		return 0;
	while (i < la && a[i] == b[i])
		i++;
	return !strcmp(a + i + (la == lb), b + i + 1) || i == la;
}

/* The one commune of p[0..n) whose name is key once spacing and articles
   are ignored; else whose name starts with key's words or key with its
   words; else, for names of 6 letters or more, one letter away. -1 when
   none or several. */
static int approximate(const struct postal *p, size_t n, const char *key)
{
	struct buf a = BUF_INIT, b = BUF_INIT;
	int pass, found = -1;
	size_t i;

	loose(key, &a);
	for (pass = 0; pass < 3 && found < 0; pass++) {
		for (i = 0; i < n; i++) {
			int hit;

			if (pass == 1) {
				hit = word_prefix(key, p[i].key);
			} else {
				loose(p[i].key, &b);
				hit = pass == 0 ? !strcmp(a.data, b.data)
					: a.len >= 6 && one_edit(a.data, b.data);
			}
			if (!hit)
				continue;
			if (found >= 0 && found != p[i].commune) {
				found = -2;
				break;
			}
			found = p[i].commune;
		}
		if (found == -2)
			break;
	}
	buf_release(&a);
	buf_release(&b);
	return found >= 0 ? found : -1;
}

/* A CEDEX code or a name La Poste spells otherwise: the name alone, when
   it is one commune's in the department of the postal code. 1 placed. */
static int by_name_in_department(const struct resolver *r, const char *postal,
				 const char *key, const struct postal *p, size_t n,
				 struct resolution *out)
{
	char dep[2][4];
	int k, count, found = -1;

	count = postal_departments(postal, dep);
	for (k = 0; k < count; k++) {
		int x = named_in(r, dep[k], key);

		if (x >= 0 && found < 0)
			found = x;
		else if (x != -1)
			found = -2;
	}
	if (found < 0)
		return 0;
	set(r, out, RESOLVE_NAME, found);
	if (n && !serves(p, n, found))
		note(out, "postal-disagrees", "code_postal", "%s %s %s %s (%s): %s",
		     TR("the postal code", "le code postal"), postal,
		     TR("does not serve", "ne dessert pas"), r->communes[found].name,
		     r->communes[found].code,
		     TR("placed by its name, that of one commune of the department",
			"placé par son nom, celui d'une seule commune du département"));
	return 1;
}

/* No usable INSEE code: the postal code and the name. */
static void by_postal(const struct resolver *r, const char *postal, const char *key,
		      const struct postal *p, size_t n, struct resolution *out)
{
	int c;

	if (key && *key && n && communes_of(p, n, key, &c) == 1) {
		set(r, out, RESOLVE_POSTAL_NAME, c);
		return;
	}
	/* A delegated or associated commune's name (Seynod, in 74600 with
	   Annecy) names its parent among the communes of the postal code. */
	if (key && *key && n) {
		int hit = -1;

		for (size_t i = 0; i < n; i++)
			if (named_in(r, r->communes[p[i].commune].department, key) == p[i].commune) {
				hit = hit < 0 || hit == p[i].commune ? p[i].commune : -2;
			}
		if (hit >= 0) {
			set(r, out, RESOLVE_POSTAL_NAME, hit);
			return;
		}
	}
	if (key && *key && n && (c = approximate(p, n, key)) >= 0) {
		set(r, out, RESOLVE_POSTAL_NAME, c);
		note(out, "name-approximate", NULL, "%s %s (%s), %s %s",
		     TR("the name was read as", "le nom a été lu comme"), r->communes[c].name,
		     r->communes[c].code, TR("the only close name among the communes of postal code",
					      "le seul nom proche parmi les communes du code postal"),
		     postal);
		return;
	}
	/* The postal code of one commune; or, when La Poste also delivers a
	   few streets of a neighbour under it (59000: Lille, and Ronchin),
	   of one commune by the COG's own postal codes. */
	if (n && (communes_of(p, n, NULL, &c) == 1 || cog_commune(p, n, &c) == 1)) {
		set(r, out, RESOLVE_POSTAL, c);
		if (key && *key && !is_named(r, c, key))
			note(out, "name-disagrees", NULL, "%s %s (%s) %s",
			     TR("the name does not match the commune of the postal code,",
				"le nom ne correspond pas à la commune du code postal,"),
			     r->communes[c].name, r->communes[c].code,
			     TR("kept", "retenue"));
		return;
	}
	if (key && *key && by_name_in_department(r, postal, key, p, n, out))
		return;
	snprintf(out->why, sizeof(out->why), "%s",
		 !n ? (key && *key ? TR("the postal code is unknown and the name designates no single "
					"commune of its department",
					"le code postal est inconnu et le nom ne désigne aucune commune "
					"unique de son département")
		       : TR("no INSEE code, and the postal code is unknown",
			    "pas de code INSEE, et le code postal est inconnu"))
		 : key && *key ? TR("the postal code is shared by several communes and the name "
				    "matches none of them",
				    "le code postal est partagé par plusieurs communes et le nom "
				    "ne correspond à aucune")
		 : TR("no INSEE code, and the postal code is shared by several communes",
		      "pas de code INSEE, et le code postal est partagé par plusieurs communes"));
	out->reason = out->why;
}

/* The INSEE code designates commune a, which the postal code pc does not
   serve: the postal code and the name (key, "" when none) win when they
   agree on one commune; an INSEE column holding the postal code is read
   as such; else the INSEE code is kept, with a note. */
static void insee_vs_postal(const struct resolver *r, const char *insee, const char *pc,
			    const char *key, const struct postal *p, size_t n, int a,
			    enum resolve_rule rule, const char *arr, struct resolution *out)
{
	int c;

	if (*key && communes_of(p, n, key, &c) == 1 && c != a) {
		set(r, out, RESOLVE_POSTAL_NAME, c);
		if (!strcmp(insee, pc))
			note(out, "insee-was-postal", "code_insee", "%s %s: %s %s (%s)",
			     TR("the INSEE column holds the postal code", "la colonne INSEE "
				"contient le code postal"), insee,
			     TR("the postal code and the name agree on",
				"le code postal et le nom désignent"), r->communes[c].name,
			     r->communes[c].code);
		else
			note(out, "insee-disagrees", "code_insee", "%s %s (%s) %s %s; %s %s (%s)",
			     TR("the INSEE code designates", "le code INSEE désigne"),
			     r->communes[a].name, insee,
			     TR("which the postal code does not serve:",
				"que le code postal ne dessert pas :"), pc,
			     TR("the postal code and the name agree on",
				"le code postal et le nom désignent"), r->communes[c].name,
			     r->communes[c].code);
		return;
	}
	if (!*key && !strcmp(insee, pc) && communes_of(p, n, NULL, &c) == 1) {
		set(r, out, RESOLVE_POSTAL, c);
		note(out, "insee-was-postal", "code_insee", "%s %s: %s (%s)",
		     TR("the INSEE column holds the postal code", "la colonne INSEE "
			"contient le code postal"), insee, r->communes[c].name,
		     r->communes[c].code);
		return;
	}
	set(r, out, rule, a);
	out->arrondissement = arr;
	note(out, "postal-disagrees", "code_postal", "%s %s %s %s (%s): %s",
	     TR("the postal code", "le code postal"), pc,
	     TR("does not serve", "ne dessert pas"), r->communes[a].name,
	     r->communes[a].code, TR("the INSEE code was kept", "le code INSEE est retenu"));
}

void resolver_place(const struct resolver *r, const char *insee, const char *postal,
		    const char *name, struct resolution *out)
{
	enum resolve_rule rule = RESOLVE_NONE;
	const char *arr = NULL, *why = NULL;
	const struct postal *p = NULL;
	const struct territory *t;
	struct buf key = BUF_INIT;
	char pc[6];
	size_t n = 0;
	int a = -1;

	memset(out, 0, sizeof(*out));
	out->rule = RESOLVE_NONE;
	if (insee && !*insee)
		insee = NULL;
	postal_clue(postal, pc);
	if (pc[0])
		p = postal_range(r, pc, &n);
	if (insee)
		a = insee_clue(r, insee, &rule, &arr, &why);
	if (a < 0 && (t = territory_of(r, insee, pc))) {
		out->rule = RESOLVE_OUTSIDE;
		out->reason = t->name;
		return;
	}
	if (name && *name)
		text_place_key(name, &key);
	if (a >= 0 && (!n || serves(p, n, a))) {
		/* The INSEE code, and the postal code when there is one, agree. */
		set(r, out, rule, a);
		out->arrondissement = arr;
		goto out;
	}
	if (a >= 0) {
		insee_vs_postal(r, insee, pc, key.data, p, n, a, rule, arr, out);
		goto out;
	}
	/* No usable INSEE code. */
	if (!pc[0] && !key.len) {
		out->reason = why ? why : insee ?
			TR("the INSEE code is not a commune of the referential",
			   "le code INSEE n'est pas une commune du référentiel")
			: TR("no INSEE code and no postal code", "ni code INSEE ni code postal");
		goto out;
	}
	if (!pc[0]) {
		out->reason = TR("no usable INSEE code or postal code: a name alone does not say "
				 "which department", "ni code INSEE ni code postal utilisable : "
				 "un nom seul ne dit pas le département");
		goto out;
	}
	by_postal(r, pc, key.data, p, n, out);
	if (out->rule != RESOLVE_NONE && insee && !out->note_rule)
		note(out, "insee-disagrees", "code_insee", "'%s' %s",
		     insee, TR("is not a commune of the referential: placed by the other clues",
			       "n'est pas une commune du référentiel : placé par les autres indices"));
out:
	buf_release(&key);
}

void resolver_commune(const struct resolver *r, const char *insee, const char *postal,
		      struct resolution *out)
{
	resolver_place(r, insee, postal, NULL, out);
}

void resolver_name(const struct resolver *r, const char *name, struct resolution *out)
{
	struct buf key = BUF_INIT, list = BUF_INIT;
	size_t lo = 0, hi = r->nplaces, i;
	int found = -1, count = 0;

	memset(out, 0, sizeof(*out));
	out->rule = RESOLVE_NONE;
	text_place_key(name, &key);
	/* The first entry of the name, by binary search on the sorted keys. */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (strcmp(r->places[r->byname[mid]].key, key.data) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = lo; key.len && i < r->nplaces; i++) {
		const struct place *p = &r->places[r->byname[i]];

		if (strcmp(p->key, key.data))
			break;
		/* Sorted by commune within a name: a new one is a new commune. */
		if (p->commune != found || p->ambiguous) {
			count += p->ambiguous ? 2 : 1;
			if (count <= 4)
				buf_addf(&list, "%s%s", list.len ? ", " : "",
					 r->communes[p->commune].code);
			found = p->commune;
		}
	}
	if (count == 1) {
		set(r, out, RESOLVE_NAME, found);
	} else if (!count) {
		snprintf(out->why, sizeof(out->why), "%s", TR("no commune bears that name",
							      "aucune commune ne porte ce nom"));
		out->reason = out->why;
	} else {
		snprintf(out->why, sizeof(out->why), "%s %s%s",
			 TR("several communes bear that name:", "plusieurs communes portent ce nom :"),
			 list.data, count > 4 ? ", ..." : "");
		out->reason = out->why;
	}
	buf_release(&key);
	buf_release(&list);
}
