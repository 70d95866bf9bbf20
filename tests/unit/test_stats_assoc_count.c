/*
 * test_stats_assoc_count: temp.association_count against SQLite's own
 * GROUP BY of the same rows, on random registries with NULL and empty
 * codes; with codes the hash table takes though pana writes none (a long
 * one, ones told apart only by bytes after a NUL); and with rows it does
 * not take (a source that is text, a code that is a blob, a state that is
 * real), which the GROUP BY then counts. On a thread: the same counts; a
 * thread whose connection fails, the count made on the caller's; and the
 * rows the caller's transaction sees, when another connection commits as
 * the count starts.
 */
#include <fcntl.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

#include "assoc_count.h"
#include "err.h"

static const char *const schema_sql =
	"CREATE TABLE association (id TEXT PRIMARY KEY, source_id INTEGER NOT NULL, "
	"titre TEXT, commune_code TEXT, arrondissement_code TEXT, department_code TEXT, "
	"region_code TEXT, position TEXT, date_creat TEXT, date_disso TEXT, "
	"active INTEGER NOT NULL, theme TEXT, maj_time TEXT) WITHOUT ROWID";

/* Rows of the table not in the GROUP BY, and groups not in the table:
   EXCEPT compares as GROUP BY does (NULLs alike, 1 unlike '1'). */
static const char *const diff_sql =
	"WITH g AS (SELECT commune_code, department_code, region_code, source_id, active, "
	"           count(*) FROM association GROUP BY 1, 2, 3, 4, 5) "
	"SELECT (SELECT count(*) FROM (SELECT * FROM temp.association_count EXCEPT "
	"        SELECT * FROM g)) + "
	"       (SELECT count(*) FROM (SELECT * FROM g EXCEPT "
	"        SELECT * FROM temp.association_count)), "
	"       (SELECT count(*) FROM temp.association_count) - (SELECT count(*) FROM g)";

static const char *const codes[] = { NULL, "", "75056", "2A004", "97411", "01001" };

static void exec(sqlite3 *db, const char *sql)
{
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK) {
		fprintf(stderr, "%s: %s\n", sql, sqlite3_errmsg(db));
		exit(2);
	}
}

static void bind_code(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

static void fill(sqlite3 *db, int rows, unsigned seed)
{
	sqlite3_stmt *st;
	char id[32];

	srand(seed);
	exec(db, "DELETE FROM association");
	if (sqlite3_prepare_v2(db, "INSERT INTO association(id, source_id, commune_code, "
			       "department_code, region_code, active) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
			       -1, &st, NULL) != SQLITE_OK)
		exit(2);
	for (int i = 0; i < rows; i++) {
		snprintf(id, sizeof(id), "W%08d", i);
		sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(st, 2, 1 + rand() % 3);
		bind_code(st, 3, codes[rand() % 6]);
		bind_code(st, 4, rand() % 8 ? "75" : NULL);
		bind_code(st, 5, rand() % 2 ? "11" : "94");
		sqlite3_bind_int(st, 6, rand() % 2);
		if (sqlite3_step(st) != SQLITE_DONE)
			exit(2);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
}

static void check_table(sqlite3 *db, const char *what);

static void check_counts(sqlite3 *db, const char *what)
{
	struct err e;

	CHECK(assoc_count_build(db, &e) == 0, "%s: %s", what, e.msg);
	check_table(db, what);
}

/* What the code under test writes on stderr while it counts (its log),
   into said (cap bytes); the count's result. */
static int count_saying(sqlite3 *db, const char *path, char *said, size_t cap, struct err *e)
{
	char log[] = "/tmp/test_assoc_count_log.XXXXXX";
	int fd = mkstemp(log), saved = dup(2), rc;
	ssize_t n;

	if (fd < 0 || saved < 0)
		exit(2);
	fflush(stderr);
	dup2(fd, 2);
	rc = assoc_count_finish(assoc_count_start(db, path), db, e);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	n = pread(fd, said, cap - 1, 0);
	said[n > 0 ? n : 0] = '\0';
	close(fd);
	unlink(log);
	return rc;
}

/* The count made on a thread, through its own connection to the file,
   as the caller holds the write lock. */
static void check_counts_job(const char *path, const char *what)
{
	sqlite3 *db;
	struct err e;

	if (sqlite3_open(path, &db) != SQLITE_OK)
		exit(2);
	exec(db, "BEGIN IMMEDIATE");
	CHECK(assoc_count_finish(assoc_count_start(db, path), db, &e) == 0, "%s: %s", what, e.msg);
	check_table(db, what);
	exec(db, "COMMIT");
	sqlite3_close(db);
}

static void check_table(sqlite3 *db, const char *what)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(db, diff_sql, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW)
		exit(2);
	CHECK(sqlite3_column_int(st, 0) == 0, "%s: %d rows differ", what,
	      sqlite3_column_int(st, 0));
	CHECK(sqlite3_column_int(st, 1) == 0, "%s: %d rows too many", what,
	      sqlite3_column_int(st, 1));
	sqlite3_finalize(st);
}

/* The same counts when made on a thread (assoc_count_start), and its way
   back to the GROUP BY; a database that cannot be read is an error. */
static void check_thread(void)
{
	char path[] = "/tmp/test_assoc_count.XXXXXX";
	int fd = mkstemp(path);
	sqlite3 *db;
	struct err e;

	if (fd < 0 || close(fd) || sqlite3_open(path, &db) != SQLITE_OK)
		exit(2);
	exec(db, schema_sql);
	fill(db, 3000, 9);
	sqlite3_close(db);
	check_counts_job(path, "on a thread");
	if (sqlite3_open(path, &db) != SQLITE_OK)
		exit(2);
	exec(db, "INSERT INTO association(id, source_id, commune_code, active) "
	     "VALUES ('text', 'x', '75056', 1)");
	sqlite3_close(db);
	check_counts_job(path, "a text source, on a thread");
	/* The thread's connection fails: the caller's counts, and says so. */
	if (sqlite3_open(path, &db) != SQLITE_OK)
		exit(2);
	exec(db, "BEGIN IMMEDIATE");
	{
		char said[512];

		CHECK(count_saying(db, "/nonexistent/pana.sqlite", said, sizeof(said), &e) == 0,
		      "a thread that cannot open the database: %s", e.msg);
		check_table(db, "counted after the thread failed");
		CHECK(strstr(said, "/nonexistent/pana.sqlite") &&
		      strstr(said, "without a second thread"), "the fall-back is told: '%s'", said);
	}
	exec(db, "COMMIT");
	sqlite3_close(db);
	/* Neither can: an error. */
	if (sqlite3_open(":memory:", &db) != SQLITE_OK)
		exit(2);
	exec(db, "BEGIN IMMEDIATE");
	{
		char said[512];

		CHECK(count_saying(db, "/nonexistent/pana.sqlite", said, sizeof(said), &e) < 0,
		      "no association table anywhere: an error");
	}
	exec(db, "ROLLBACK");
	sqlite3_close(db);
	unlink(path);
}

/*
 * In WAL mode, another connection holds a write that deactivates half the
 * associations as the count is started outside a write transaction, and
 * commits 50 ms later; the caller then begins its transaction: the count
 * is of the rows that transaction sees, the write included. A thread
 * started there would have read the rows as they were before the commit.
 */
static void check_snapshot(void)
{
	char path[] = "/tmp/test_assoc_count_wal.XXXXXX", side[64];
	const struct timespec pause = { 0, 50 * 1000 * 1000 };
	int fd = mkstemp(path);
	sqlite3 *db, *w;
	struct assoc_count_job *j;
	struct err e;

	if (fd < 0 || close(fd) || sqlite3_open(path, &db) != SQLITE_OK ||
	    sqlite3_open(path, &w) != SQLITE_OK)
		exit(2);
	exec(db, "PRAGMA journal_mode = WAL");
	exec(db, schema_sql);
	fill(db, 20000, 11);
	exec(w, "BEGIN IMMEDIATE; UPDATE association SET active = 1 - active "
	     "WHERE id GLOB '*[02468]'");
	j = assoc_count_start(db, path);
	nanosleep(&pause, NULL);
	exec(w, "COMMIT");
	exec(db, "BEGIN IMMEDIATE");
	CHECK(assoc_count_finish(j, db, &e) == 0, "the count after a commit: %s", e.msg);
	check_table(db, "started outside a write transaction, another committing");
	exec(db, "COMMIT");
	sqlite3_close(w);
	sqlite3_close(db);
	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
}

int main(void)
{
	sqlite3 *db;

	if (sqlite3_open(":memory:", &db) != SQLITE_OK)
		return 2;
	exec(db, schema_sql);
	check_counts(db, "empty");
	for (unsigned seed = 1; seed <= 5; seed++) {
		fill(db, 3000, seed);
		check_counts(db, "random");
	}
	exec(db, "INSERT INTO association(id, source_id, commune_code, active) "
	     "VALUES ('long', 1, '123456789012345', 1)");
	check_counts(db, "a long code");
	exec(db, "INSERT INTO association(id, source_id, commune_code, active) VALUES "
	     "('nul1', 1, CAST(x'373500303536' AS TEXT), 1), "
	     "('nul2', 1, CAST(x'373500303537' AS TEXT), 1), "
	     "('nul3', 1, CAST(x'373500303537' AS TEXT), 1), "
	     "('nul4', 1, CAST(x'3735' AS TEXT), 1)");
	check_counts(db, "codes with a NUL");
	exec(db, "DELETE FROM association WHERE id GLOB 'nul*' OR id = 'long';"
	     "INSERT INTO association(id, source_id, commune_code, active) "
	     "VALUES ('text', 'x', '75056', 1)");
	check_counts(db, "a text source");
	exec(db, "DELETE FROM association WHERE id = 'text';"
	     "INSERT INTO association(id, source_id, commune_code, active) "
	     "VALUES ('blob', 1, x'3735303536', 1)");
	check_counts(db, "a blob code");
	exec(db, "DELETE FROM association WHERE id = 'blob';"
	     "INSERT INTO association(id, source_id, commune_code, active) "
	     "VALUES ('real', 1, '75056', 0.5)");
	check_counts(db, "a real state");
	sqlite3_close(db);
	check_thread();
	check_snapshot();
	return t_done("test_stats_assoc_count");
}
