#include "assoc_count.h"
#include "xalloc.h"

#include <glib.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "log.h"

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
 * The same counts from one pass and a GLib hash table: SQLite's GROUP BY
 * sorts the 2 M rows first, three quarters of the time at national scale.
 * The key holds what the schema and pana-transform write (codes as text
 * or NULL, integer source and state); a row holding anything else (a
 * blob, a real, a source stored as text) sends the whole count to
 * group_sql. Codes compare by their bytes and length, as SQLite's BINARY
 * comparison of text does, so that a NUL inside one still tells it apart.
 */
enum { K_COMMUNE, K_DEPARTMENT, K_REGION, K_NCODES };

struct key {
	const char *code[K_NCODES];	/* NULL: the code is NULL */
	int len[K_NCODES];
	int64_t source_id, active;
};

/* One per distinct key, both key and value of the table (its first member
   being the key, the table's functions read either as a struct key). */
struct group {
	struct key k;
	int64_t n;
	char text[];		/* the codes, each NUL-terminated for g_str_hash */
};

/* Column col, text or NULL, into k->code[col]; -1 for anything else. A
   lookup key points into the row's own columns, valid until the next
   step: a row of a group already met costs no copy. */
static int read_code(sqlite3_stmt *st, int col, struct key *k)
{
	switch (sqlite3_column_type(st, col)) {
	case SQLITE_NULL:
		k->code[col] = NULL;
		k->len[col] = 0;
		return 0;
	case SQLITE_TEXT:
		k->code[col] = (const char *)sqlite3_column_text(st, col);
		k->len[col] = sqlite3_column_bytes(st, col);
		return k->code[col] ? 0 : -1;
	default:
		return -1;
	}
}

static int read_key(sqlite3_stmt *st, struct key *k)
{
	if (read_code(st, K_COMMUNE, k) || read_code(st, K_DEPARTMENT, k) ||
	    read_code(st, K_REGION, k) ||
	    sqlite3_column_type(st, 3) != SQLITE_INTEGER ||
	    sqlite3_column_type(st, 4) != SQLITE_INTEGER)
		return -1;
	k->source_id = sqlite3_column_int64(st, 3);
	k->active = sqlite3_column_int64(st, 4);
	return 0;
}

/* GLib's own hashes of each field, folded by 31 as g_str_hash folds
   characters: groups of one commune differ only by source and state. A
   NUL inside a code ends what g_str_hash reads, which only weakens the
   hash: equal keys still hash alike. */
static guint key_hash(gconstpointer p)
{
	const struct key *k = p;
	guint h = g_int64_hash(&k->source_id);

	for (int i = 0; i < K_NCODES; i++)
		h = 31 * h + (k->code[i] ? g_str_hash(k->code[i]) : 0);
	return 31 * h + g_int64_hash(&k->active);
}

static gboolean key_equal(gconstpointer pa, gconstpointer pb)
{
	const struct key *a = pa, *b = pb;

	if (a->source_id != b->source_id || a->active != b->active)
		return FALSE;
	for (int i = 0; i < K_NCODES; i++) {
		if (!a->code[i] != !b->code[i] || a->len[i] != b->len[i] ||
		    (a->code[i] && memcmp(a->code[i], b->code[i], (size_t)a->len[i])))
			return FALSE;
	}
	return TRUE;
}

/* A group for k, its codes copied out of the row; freed by the table. */
static struct group *group_new(const struct key *k)
{
	size_t size = sizeof(struct group);
	struct group *g;
	char *p;

	for (int i = 0; i < K_NCODES; i++) {
		if ((size_t)k->len[i] >= SIZE_MAX - size)
			xalloc_die();
		size += k->code[i] ? (size_t)k->len[i] + 1 : 0;
	}
	g = xcalloc(1, size);
	g->k = *k;
	p = g->text;
	for (int i = 0; i < K_NCODES; i++) {
		if (!k->code[i])
			continue;
		memcpy(p, k->code[i], (size_t)k->len[i]);
		g->k.code[i] = p;
		p += k->len[i] + 1;
	}
	return g;
}

static void add(GHashTable *t, const struct key *k)
{
	struct group *g = g_hash_table_lookup(t, k);

	if (!g) {
		g = group_new(k);
		g_hash_table_add(t, g);
	}
	g->n++;
}

/* 0 counted, 1 a value outside the key (nothing counted), -1 error. */
static int scan(sqlite3 *db, GHashTable *t, struct err *e)
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

/* Code col of k into parameter col + 1, the order of the SELECT. */
static void bind_code(sqlite3_stmt *st, int col, const struct key *k)
{
	if (k->code[col])
		sqlite3_bind_text(st, col + 1, k->code[col], k->len[col], SQLITE_STATIC);
	else
		sqlite3_bind_null(st, col + 1);
}

static int store(sqlite3 *db, GHashTable *t, struct err *e)
{
	GHashTableIter it;
	gpointer p;
	sqlite3_stmt *st;
	int rc = 0;

	if (db_prepare(db, &st, "INSERT INTO temp.association_count VALUES "
		       "(?1, ?2, ?3, ?4, ?5, ?6)", e))
		return -1;
	g_hash_table_iter_init(&it, t);
	while (!rc && g_hash_table_iter_next(&it, &p, NULL)) {
		const struct group *g = p;

		for (int col = 0; col < K_NCODES; col++)
			bind_code(st, col, &g->k);
		sqlite3_bind_int64(st, 4, g->k.source_id);
		sqlite3_bind_int64(st, 5, g->k.active);
		sqlite3_bind_int64(st, 6, g->n);
		rc = db_step_done(db, st, e);
	}
	sqlite3_finalize(st);
	return rc;
}

struct assoc_count_job {
	pthread_t th;
	int started;		/* 0: no thread, the count is made on finishing */
	char *path;
	GHashTable *t;
	int rc;			/* scan()'s */
	struct err e;
};

static void *job_run(void *arg)
{
	struct assoc_count_job *j = arg;
	sqlite3 *db = NULL;

	j->rc = db_open_readonly(&db, j->path, &j->e) ? -1 : scan(db, j->t, &j->e);
	db_close(db);
	return NULL;
}

/* A count to make on finishing, on a thread of its own when path names
   the database to read. The groups, nearly all the memory, come from
   xcalloc and die as pana does when it runs out; the table's own arrays
   from GLib, which aborts. */
static struct assoc_count_job *job_new(const char *path)
{
	struct assoc_count_job *j = xcalloc(1, sizeof(*j));

	j->t = g_hash_table_new_full(key_hash, key_equal, free, NULL);
	if (path) {
		size_t n = strlen(path) + 1;

		j->path = memcpy(xcalloc(n, 1), path, n);
		j->started = !pthread_create(&j->th, NULL, job_run, j);
	}
	return j;
}

struct assoc_count_job *assoc_count_start(sqlite3 *db, const char *path)
{
	/* Outside a write transaction, a commit could come between the
	   thread's snapshot and db's: the count is then db's own. */
	return job_new(sqlite3_txn_state(db, "main") == SQLITE_TXN_WRITE ? path : NULL);
}

static void job_free(struct assoc_count_job *j)
{
	g_hash_table_destroy(j->t);
	free(j->path);
	free(j);
}

void assoc_count_cancel(struct assoc_count_job *j)
{
	if (j->started)
		pthread_join(j->th, NULL);
	job_free(j);
}

int assoc_count_finish(struct assoc_count_job *j, sqlite3 *db, struct err *e)
{
	int rc;

	if (j->started)
		pthread_join(j->th, NULL);
	if (j->started && j->rc < 0) {
		/* The thread's connection failed (a path its URI cannot say, a
		   database busy as it opened): db, which works, counts. */
		log_warn("%s: the associations counted without a second thread", j->e.msg);
		g_hash_table_remove_all(j->t);
		j->started = 0;
	}
	if (!j->started)
		j->rc = scan(db, j->t, &j->e);
	rc = j->rc;
	/* One transaction of the temp database for the table's rows, inside
	   the caller's if there is one. */
	if (rc < 0)
		*e = j->e;
	else if (db_exec(db, "SAVEPOINT assoc_count", e))
		rc = -1;
	else if (db_exec(db, create_sql, e) ||
		 (rc == 0 ? store(db, j->t, e) : db_exec(db, group_sql, e))) {
		db_exec(db, "ROLLBACK TO assoc_count; RELEASE assoc_count", NULL);
		rc = -1;
	} else {
		rc = db_exec(db, "RELEASE assoc_count", e);
	}
	job_free(j);
	return rc;
}

int assoc_count_build(sqlite3 *db, struct err *e)
{
	return assoc_count_finish(job_new(NULL), db, e);
}
