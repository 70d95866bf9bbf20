#include "resolve.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

#include "db.h"

struct commune {
	char code[6], department[4], region[3];
};

/* A code that designates a current commune, with how. */
struct alias {
	char code[6];
	enum resolve_rule rule;
	int commune;		/* index in communes */
	int ambiguous;		/* several current communes */
};

struct postal {
	char code[6];
	int commune;
	int count;		/* communes sharing this postal code */
};

struct resolver {
	struct commune *communes;
	size_t ncommunes;
	struct alias *aliases;
	size_t naliases;
	struct postal *postals;
	size_t npostals;
};

const char *resolver_rule_name(enum resolve_rule rule)
{
	static const char *const names[RESOLVE_NRULES] = {
		"exact", "zero", "arrondissement", "deleguee", "ancien", "postal", "unresolved",
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

static void copy_code(char *dst, size_t n, const unsigned char *src)
{
	size_t len = src ? strlen((const char *)src) : 0;

	if (len >= n)
		len = n - 1;
	memcpy(dst, src ? (const char *)src : "", len);
	dst[len] = '\0';
}

static int find_commune(const struct resolver *r, const char *code)
{
	struct commune key, *c;

	copy_code(key.code, sizeof(key.code), (const unsigned char *)code);
	c = bsearch(&key, r->communes, r->ncommunes, sizeof(key), cmp_commune);
	return c ? (int)(c - r->communes) : -1;
}

struct resolver *resolver_load(sqlite3 *db, struct err *e)
{
	static const char *const alias_sql =
		"SELECT code, kind, commune_code FROM commune_alias";
	struct resolver *r = calloc(1, sizeof(*r));
	sqlite3_stmt *st;
	size_t i, j;

	if (!r)
		xalloc_die();
	if (db_prepare(db, &st, "SELECT code, department_code, region_code FROM commune "
		       "ORDER BY code", e))
		goto out_fail;
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct commune *c;

		r->communes = xgrow(r->communes, r->ncommunes, sizeof(*c));
		c = &r->communes[r->ncommunes++];
		copy_code(c->code, sizeof(c->code), sqlite3_column_text(st, 0));
		copy_code(c->department, sizeof(c->department), sqlite3_column_text(st, 1));
		copy_code(c->region, sizeof(c->region), sqlite3_column_text(st, 2));
	}
	sqlite3_finalize(st);
	if (!r->ncommunes) {
		err_set(e, "the geography referential is empty: run pana-ingest first");
		goto out_fail;
	}
	qsort(r->communes, r->ncommunes, sizeof(*r->communes), cmp_commune);

	if (db_prepare(db, &st, alias_sql, e))
		goto out_fail;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *kind = (const char *)sqlite3_column_text(st, 1);
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
	}
	sqlite3_finalize(st);
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

	if (db_prepare(db, &st, "SELECT postal_code, commune_code FROM postal_code", e))
		goto out_fail;
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct postal *p;
		int c = find_commune(r, (const char *)sqlite3_column_text(st, 1));

		if (c < 0)
			continue;
		r->postals = xgrow(r->postals, r->npostals, sizeof(*p));
		p = &r->postals[r->npostals++];
		copy_code(p->code, sizeof(p->code), sqlite3_column_text(st, 0));
		p->commune = c;
	}
	sqlite3_finalize(st);
	qsort(r->postals, r->npostals, sizeof(*r->postals), cmp_postal);
	for (i = 0; i < r->npostals; i = j) {
		for (j = i; j < r->npostals && !strcmp(r->postals[j].code, r->postals[i].code); j++)
			;
		for (size_t k = i; k < j; k++)
			r->postals[k].count = (int)(j - i);
	}
	return r;

out_fail:
	resolver_free(r);
	return NULL;
}

void resolver_free(struct resolver *r)
{
	if (!r)
		return;
	free(r->communes);
	free(r->aliases);
	free(r->postals);
	free(r);
}

static void set(const struct resolver *r, struct resolution *out, enum resolve_rule rule,
		int c)
{
	out->rule = rule;
	out->commune = r->communes[c].code;
	out->department = r->communes[c].department;
	out->region = r->communes[c].region;
}

/* Tries code as a current commune, then as an alias; 1 when placed. */
static int try_code(const struct resolver *r, const char *code, struct resolution *out,
		    enum resolve_rule exact_rule)
{
	const struct alias *a;
	int c = find_commune(r, code);

	if (c >= 0) {
		set(r, out, exact_rule, c);
		return 1;
	}
	a = bsearch(code, r->aliases, r->naliases, sizeof(*a), cmp_alias_code);
	if (!a)
		return 0;
	if (a->ambiguous) {
		out->reason = "the old code now belongs to several communes";
		return 0;
	}
	set(r, out, exact_rule == RESOLVE_ZERO ? RESOLVE_ZERO : a->rule, a->commune);
	if (a->rule == RESOLVE_ARRONDISSEMENT)
		out->arrondissement = a->code;
	return 1;
}

void resolver_commune(const struct resolver *r, const char *insee, const char *postal,
		      struct resolution *out)
{
	char code[8];
	size_t len;
	const struct postal *p;

	memset(out, 0, sizeof(*out));
	out->rule = RESOLVE_NONE;
	if (insee && *insee) {
		len = strlen(insee);
		/* "1400.0": a number formatted by a spreadsheet */
		if (len > 2 && !strcmp(insee + len - 2, ".0"))
			len -= 2;
		if (len == 5) {
			memcpy(code, insee, 5);
			code[5] = '\0';
			if (try_code(r, code, out, RESOLVE_EXACT))
				return;
		} else if (len == 4 && strspn(insee, "0123456789") >= 4) {
			code[0] = '0';
			memcpy(code + 1, insee, 4);
			code[5] = '\0';
			if (try_code(r, code, out, RESOLVE_ZERO))
				return;
		}
		if (!out->reason)
			out->reason = "the INSEE code is not a commune of the referential";
	}
	if (postal && strlen(postal) == 5) {
		p = bsearch(postal, r->postals, r->npostals, sizeof(*p), cmp_postal_code);
		if (p && p->count == 1) {
			set(r, out, RESOLVE_POSTAL, p->commune);
			out->reason = NULL;
			return;
		}
		if (p && !out->reason)
			out->reason = "no INSEE code, and the postal code is shared by several communes";
	}
	if (!out->reason)
		out->reason = postal && *postal ? "no INSEE code, and the postal code is unknown"
			: "no INSEE code and no postal code";
}
