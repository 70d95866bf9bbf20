#include "assoc_count.h"
#include "xalloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"

/* Declared as in association, so that the values keep their types and
   the counts read from here group and compare as the rows did. */
static const char *const create_sql =
	"DROP TABLE IF EXISTS temp.association_count;"
	"CREATE TEMP TABLE association_count(commune_code TEXT, department_code TEXT, "
	"region_code TEXT, source_id INTEGER, active INTEGER, n INTEGER NOT NULL)";

/* The reference, and the way for values the tally below does not take. */
static const char *const group_sql =
	"INSERT INTO temp.association_count SELECT commune_code, department_code, "
	"region_code, source_id, active, count(*) FROM association GROUP BY 1, 2, 3, 4, 5";

/*
 * The same counts from one pass and a hash table: SQLite's GROUP BY sorts
 * the 2 M rows first, three quarters of the time at national scale. The
 * key holds what the schema and pana-transform write (codes as short text
 * or NULL, integer source and state); a row holding anything else sends
 * the whole count to group_sql. Two keys are equal when their bytes are,
 * as SQLite's BINARY comparison of text: no padding may hide in them.
 */
enum { K_COMMUNE, K_DEPARTMENT, K_REGION, K_NCODES };

struct key {
	int64_t source_id, active;
	uint32_t nulls;		/* bit K_x: that code is NULL */
	char commune[12], department[6], region[10];
};
#define KEY_WORDS 6
_Static_assert(sizeof(struct key) == 8 + 8 + 4 + 12 + 6 + 10, "padding in struct key");
_Static_assert(sizeof(struct key) == KEY_WORDS * sizeof(uint64_t), "struct key in words");

struct group {
	struct key k;
	int64_t n;		/* 0: a free slot */
};

struct tally {
	struct group *slot;
	size_t cap, n;		/* cap a power of 2, kept at least twice n */
};

/* Copies column col, text or NULL, shorter than n bytes and without NUL;
   -1 for anything else. */
static int read_code(sqlite3_stmt *st, int col, char *dst, size_t n, uint32_t *nulls, int bit)
{
	const unsigned char *s;
	size_t len;

	switch (sqlite3_column_type(st, col)) {
	case SQLITE_NULL:
		*nulls |= 1u << bit;
		return 0;
	case SQLITE_TEXT:
		s = sqlite3_column_text(st, col);
		len = (size_t)sqlite3_column_bytes(st, col);
		if (!s || len >= n || memchr(s, 0, len))
			return -1;
		memcpy(dst, s, len);
		return 0;
	default:
		return -1;
	}
}

static int read_key(sqlite3_stmt *st, struct key *k)
{
	memset(k, 0, sizeof(*k));
	if (read_code(st, 0, k->commune, sizeof(k->commune), &k->nulls, K_COMMUNE) ||
	    read_code(st, 1, k->department, sizeof(k->department), &k->nulls, K_DEPARTMENT) ||
	    read_code(st, 2, k->region, sizeof(k->region), &k->nulls, K_REGION) ||
	    sqlite3_column_type(st, 3) != SQLITE_INTEGER ||
	    sqlite3_column_type(st, 4) != SQLITE_INTEGER)
		return -1;
	k->source_id = sqlite3_column_int64(st, 3);
	k->active = sqlite3_column_int64(st, 4);
	return 0;
}

/* Word by word, the scan of 2 M rows being where the time goes; the
   shift brings each word's high bytes (a code's last characters) down to
   the low bits a slot is chosen by. */
static size_t key_hash(const struct key *k)
{
	uint64_t w[KEY_WORDS], h = 0;

	memcpy(w, k, sizeof(w));
	for (size_t i = 0; i < KEY_WORDS; i++) {
		h = (h ^ w[i]) * 0x9e3779b97f4a7c15u;
		h ^= h >> 32;
	}
	return (size_t)h;
}

static int key_equal(const struct key *a, const struct key *b)
{
	uint64_t x[KEY_WORDS], y[KEY_WORDS], d = 0;

	memcpy(x, a, sizeof(x));
	memcpy(y, b, sizeof(y));
	for (size_t i = 0; i < KEY_WORDS; i++)
		d |= x[i] ^ y[i];
	return !d;
}

/* The slot of k, or the free one where it goes. */
static struct group *find(struct group *slot, size_t cap, const struct key *k)
{
	size_t i = key_hash(k) & (cap - 1);

	while (slot[i].n && !key_equal(&slot[i].k, k))
		i = (i + 1) & (cap - 1);
	return &slot[i];
}

static void grow(struct tally *t)
{
	size_t cap = t->cap ? 2 * t->cap : 1024, i;
	struct group *slot = xcalloc(cap, sizeof(*slot));

	for (i = 0; i < t->cap; i++)
		if (t->slot[i].n)
			*find(slot, cap, &t->slot[i].k) = t->slot[i];
	free(t->slot);
	t->slot = slot;
	t->cap = cap;
}

static void add(struct tally *t, const struct key *k)
{
	struct group *g;

	if (2 * (t->n + 1) > t->cap)
		grow(t);
	g = find(t->slot, t->cap, k);
	if (!g->n) {
		g->k = *k;
		t->n++;
	}
	g->n++;
}

/* 0 counted, 1 a value outside the key (nothing counted), -1 error. */
static int scan(sqlite3 *db, struct tally *t, struct err *e)
{
	sqlite3_stmt *st;
	struct key k;
	int rc;

	if (db_prepare(db, &st, "SELECT commune_code, department_code, region_code, "
		       "source_id, active FROM association", e))
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (read_key(st, &k))
			break;
		add(t, &k);
	}
	rc = rc == SQLITE_ROW ? 1 : db_loop_end(db, rc, e);
	sqlite3_finalize(st);
	return rc;
}

static void bind_code(sqlite3_stmt *st, int i, const char *s, uint32_t nulls, int bit)
{
	if (nulls & (1u << bit))
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
}

static int store(sqlite3 *db, const struct tally *t, struct err *e)
{
	sqlite3_stmt *st;
	size_t i;
	int rc = 0;

	if (db_prepare(db, &st, "INSERT INTO temp.association_count VALUES "
		       "(?1, ?2, ?3, ?4, ?5, ?6)", e))
		return -1;
	for (i = 0; i < t->cap && !rc; i++) {
		const struct group *g = &t->slot[i];

		if (!g->n)
			continue;
		bind_code(st, 1, g->k.commune, g->k.nulls, K_COMMUNE);
		bind_code(st, 2, g->k.department, g->k.nulls, K_DEPARTMENT);
		bind_code(st, 3, g->k.region, g->k.nulls, K_REGION);
		sqlite3_bind_int64(st, 4, g->k.source_id);
		sqlite3_bind_int64(st, 5, g->k.active);
		sqlite3_bind_int64(st, 6, g->n);
		rc = db_step_done(db, st, e);
	}
	sqlite3_finalize(st);
	return rc;
}

static int fill(sqlite3 *db, struct err *e)
{
	struct tally t = { NULL, 0, 0 };
	int rc = scan(db, &t, e);

	if (rc == 0)
		rc = store(db, &t, e);
	else if (rc == 1)
		rc = db_exec(db, group_sql, e);
	free(t.slot);
	return rc;
}

int assoc_count_build(sqlite3 *db, struct err *e)
{
	/* One transaction of the temp database for the table's rows, inside
	   the caller's if there is one. */
	if (db_exec(db, "SAVEPOINT assoc_count", e))
		return -1;
	if (db_exec(db, create_sql, e) || fill(db, e)) {
		db_exec(db, "ROLLBACK TO assoc_count; RELEASE assoc_count", NULL);
		return -1;
	}
	return db_exec(db, "RELEASE assoc_count", e);
}
