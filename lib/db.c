#include "db.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cli.h"

#include "embedded.h"
#include "hash.h"
#include "log.h"

int db_exec(sqlite3 *db, const char *sql, struct err *e)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		err_io(e, "database: %s", msg ? msg : sqlite3_errmsg(db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

int db_prepare(sqlite3 *db, sqlite3_stmt **st, const char *sql, struct err *e)
{
	if (sqlite3_prepare_v2(db, sql, -1, st, NULL) != SQLITE_OK)
		return err_io(e, "database: %s (in: %.80s)", sqlite3_errmsg(db), sql);
	return 0;
}

int db_step_done(sqlite3 *db, sqlite3_stmt *st, struct err *e)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return err_io(e, "database: %s", sqlite3_errmsg(db));
	return 0;
}

int db_loop_end(sqlite3 *db, int rc, struct err *e)
{
	if (rc == SQLITE_DONE)
		return 0;
	return err_io(e, "database: reading rows failed: %s", sqlite3_errmsg(db));
}

int db_step_row(sqlite3 *db, sqlite3_stmt *st, struct err *e)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW)
		return 1;
	return db_loop_end(db, rc, e);
}

int db_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (!s || !*s)
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
}

int db_bind_textn(sqlite3_stmt *st, int i, const char *s, size_t n)
{
	if (!s || !n)
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_text(st, i, s, (int)n, SQLITE_TRANSIENT);
}

int db_exec_year(sqlite3 *db, const char *sql, int year, struct err *e)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(db, &st, sql, e))
		return -1;
	sqlite3_bind_int(st, 1, year);
	rc = db_step_done(db, st, e);
	sqlite3_finalize(st);
	return rc;
}

int db_bind_num(sqlite3_stmt *st, int i, double v)
{
	if (!isfinite(v))
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_double(st, i, v);
}

static int migrate(sqlite3 *db, struct err *e)
{
	const struct embedded_file *f;
	sqlite3_stmt *st;
	int version = 0, n;

	if (db_prepare(db, &st, "PRAGMA user_version", e))
		return -1;
	n = db_step_row(db, st, e);
	if (n == 1)
		version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (n < 0)
		return -1;

	for (f = embedded_files; f->name; f++) {
		char pragma[64];

		if (strlen(f->name) < 5 || strcmp(f->name + strlen(f->name) - 4, ".sql"))
			continue;
		n = atoi(f->name);
		if (n <= version)
			continue;
		if (db_exec(db, "BEGIN IMMEDIATE", e))
			return -1;
		if (db_exec(db, f->data, e)) {
			err_prefix(e, "migration '%s'", f->name);
			db_exec(db, "ROLLBACK", NULL);
			return -1;
		}
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", n);
		if (db_exec(db, pragma, e) || db_exec(db, "COMMIT", e)) {
			db_exec(db, "ROLLBACK", NULL);
			return -1;
		}
		log_debug("database migrated to version %d ('%s')", n, f->name);
		version = n;
	}
	return 0;
}

/* SQLite opens a database it may not write read-only without a word, and
   then fails on the first write with "attempt to write a readonly
   database". Say which file and how to fix it instead: the database, or
   its -wal or -shm left read-only (a chmod a-w then u+w of the database
   alone leaves the -shm at 0444). */
static int check_writable(const char *path, struct err *e)
{
	static const char *const suffixes[] = { "", "-wal", "-shm" };
	char file[4096];
	size_t i;

	for (i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		if ((size_t)snprintf(file, sizeof(file), "%s%s", path, suffixes[i]) >= sizeof(file))
			return err_io(e, "database '%s': path too long", path);
		if (!access(file, W_OK) || errno == ENOENT)
			continue;
		if (errno == EACCES || errno == EROFS || errno == EPERM)
			return err_io(e, "database '%s': '%s' is not writable (%s): give the user "
				      "of pana write access to it (chmod u+w '%s')%s", path, file,
				      strerror(errno), file, i == 2 ? ", or remove it while no "
				      "pana program runs (SQLite makes it again)" : "");
		return err_io(e, "database '%s': cannot check '%s': %s", path, file,
			      strerror(errno));
	}
	return 0;
}

/* PANA_PROFILE=MS: each statement that ran MS milliseconds or more, with
   its time, on the log (for the admin who asks where a night's time goes). */
static int log_slow(unsigned type, void *ctx, void *stmt, void *ns)
{
	const long long *limit = ctx;
	char *sql;

	if (type != SQLITE_TRACE_PROFILE || *(sqlite3_int64 *)ns < *limit)
		return 0;
	sql = sqlite3_expanded_sql(stmt);
	log_info("statement took %.3f s: %.400s", (double)*(sqlite3_int64 *)ns / 1e9,
		 sql ? sql : sqlite3_sql(stmt));
	sqlite3_free(sql);
	return 0;
}

static void profile(sqlite3 *db)
{
	static long long limit_ns;
	const char *ms = getenv("PANA_PROFILE");

	if (!ms || !*ms)
		return;
	limit_ns = (long long)(strtod(ms, NULL) * 1e6);
	sqlite3_trace_v2(db, SQLITE_TRACE_PROFILE, log_slow, &limit_ns);
}

int db_open(sqlite3 **out, const char *path, struct err *e)
{
	sqlite3 *db = NULL;

	*out = NULL;
	if (check_writable(path, e))
		return -1;
	/* A connection is only ever used by the thread that opened it: no
	   mutex around each call (a row's dozen binds took as many locks). */
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
			    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		err_io(e, "cannot open database '%s': %s", path,
			db ? sqlite3_errmsg(db) : "out of memory");
		goto out_close;
	}
	sqlite3_busy_timeout(db, 10000);
	profile(db);
	sqlite3_extended_result_codes(db, 1);
	/* page_size: for a new database only (a no-op on one in WAL mode):
	   16 KiB pages write the national RNA extract's 260 MB of staging in a
	   quarter of the WAL frames and checkpoint writes of 4 KiB pages. */
	if (db_exec(db, "PRAGMA page_size = 16384;"
			"PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
			"PRAGMA foreign_keys = ON;"
			"PRAGMA cache_size = -32768;", e) ||
	    migrate(db, e)) {
		err_prefix(e, "database '%s'", path);
		goto out_close;
	}
	/* pana-run checkpoints the WAL on a thread of its own as its stages
	   run (run/checkpointer.h): theirs would hold up the night. */
	if (getenv("PANA_CHECKPOINTS") && !strcmp(getenv("PANA_CHECKPOINTS"), "pana-run"))
		sqlite3_wal_autocheckpoint(db, 0);
	*out = db;
	return 0;

out_close:
	sqlite3_close(db);
	return -1;
}

static int open_ro(sqlite3 **db, const char *path, int immutable)
{
	struct buf uri = BUF_INIT;
	int rc;

	/* An absolute path after "file://", an empty authority: "file:" and a
	   path beginning with // would read a host from it. */
	buf_addstr(&uri, path[0] == '/' ? "file://" : "file:");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++)
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("/._-", *p))
			buf_addch(&uri, *p);
		else
			buf_addf(&uri, "%%%02X", *p);
	buf_addstr(&uri, immutable ? "?mode=ro&immutable=1" : "?mode=ro");
	/* As db_open: one thread at a time, no mutex around each call (the
	   statistics read 2 million rows on a thread through one of these). */
	rc = sqlite3_open_v2(uri.data, db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI |
			     SQLITE_OPEN_NOMUTEX, NULL);
	if (rc == SQLITE_OK) {
		/* Its first read waits, as any other, for a writer's recovery. */
		sqlite3_busy_timeout(*db, 10000);
		rc = sqlite3_exec(*db, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL);
	}
	buf_release(&uri);
	return rc;
}

int db_open_readonly(sqlite3 **out, const char *path, struct err *e)
{
	struct buf wal = BUF_INIT;
	sqlite3 *db = NULL;
	int rc;

	*out = NULL;
	rc = open_ro(&db, path, 0);
	buf_addf(&wal, "%s-wal", path);
	if (rc != SQLITE_OK && db && access(wal.data, F_OK) && access(path, F_OK) == 0) {
		/* A WAL database needs its -shm, which a reader without write
		   access to the folder cannot create; with no -wal there is no
		   write under way, and the file alone is the database. */
		sqlite3_close(db);
		db = NULL;
		rc = open_ro(&db, path, 1);
	}
	buf_release(&wal);
	if (rc != SQLITE_OK) {
		err_io(e, "cannot open database '%s' for reading: %s", path,
		       db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return -1;
	}
	sqlite3_busy_timeout(db, 10000);
	sqlite3_extended_result_codes(db, 1);
	*out = db;
	return 0;
}

void db_close(sqlite3 *db)
{
	if (db)
		sqlite3_close(db);
}

int db_query_int(sqlite3 *db, const char *sql, long long *out, struct err *e)
{
	sqlite3_stmt *st;
	int found;

	*out = 0;
	if (db_prepare(db, &st, sql, e))
		return -1;
	found = db_step_row(db, st, e);
	if (found == 1)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return found < 0 ? -1 : 0;
}

int db_meta_get(sqlite3 *db, const char *key, char *out, size_t n, struct err *e)
{
	sqlite3_stmt *st;
	int found;

	if (db_prepare(db, &st, "SELECT value FROM meta WHERE key = ?1", e))
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	found = db_step_row(db, st, e);
	if (found == 1)
		snprintf(out, n, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return found;
}

int db_meta_set(sqlite3 *db, const char *key, const char *value, struct err *e)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(db, &st, "INSERT INTO meta(key, value) VALUES (?1, ?2) "
			"ON CONFLICT(key) DO UPDATE SET value = excluded.value", e))
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	rc = db_step_done(db, st, e);
	sqlite3_finalize(st);
	return rc;
}

int db_run_start(sqlite3 *db, const char *stage, long long *id, struct err *e)
{
	sqlite3_stmt *st;
	char now[21];
	int rc;

	log_now(now);
	if (db_prepare(db, &st, "INSERT INTO run(stage, started_at) VALUES (?1, ?2)", e))
		return -1;
	sqlite3_bind_text(st, 1, stage, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, now, -1, SQLITE_STATIC);
	rc = db_step_done(db, st, e);
	sqlite3_finalize(st);
	*id = sqlite3_last_insert_rowid(db);
	return rc;
}

int db_run_end(sqlite3 *db, long long id, const char *status, const char *message,
	       struct err *e)
{
	sqlite3_stmt *st;
	char now[21];
	int rc;

	log_now(now);
	if (db_prepare(db, &st, "UPDATE run SET ended_at = ?1, status = ?2, message = ?3 "
			"WHERE id = ?4", e))
		return -1;
	sqlite3_bind_text(st, 1, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, status, -1, SQLITE_STATIC);
	db_bind_text(st, 3, message);
	sqlite3_bind_int64(st, 4, id);
	rc = db_step_done(db, st, e);
	sqlite3_finalize(st);
	return rc;
}

int db_reset_model(sqlite3 *db, struct err *e)
{
	return db_exec(db,
		"DELETE FROM diagnostic_level; DELETE FROM diagnostic;"
		"DELETE FROM structure_item; DELETE FROM structure;"
		"DELETE FROM association; DELETE FROM resolution_count;"
		"DELETE FROM survey_answer; DELETE FROM survey_response;"
		"DELETE FROM commune_coordinates;"
		"DELETE FROM warning WHERE stage = 'transform';"
		"DELETE FROM quarantine WHERE stage = 'transform';"
		"UPDATE source_file SET transformed_at = NULL;", e);
}

int db_bump_generation(sqlite3 *db, struct err *e)
{
	return db_exec(db, "INSERT INTO meta(key, value) VALUES ('data_generation', '1') "
		       "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1", e);
}

int db_report_year(sqlite3 *db, int configured, int *year, struct err *e)
{
	sqlite3_stmt *st;
	char now[21];
	int rc;

	*year = configured;
	if (configured)
		return 0;
	log_now(now);
	if (db_prepare(db, &st, "SELECT max(year) FROM diagnostic WHERE year <= ?1", e))
		return -1;
	sqlite3_bind_int(st, 1, atoi(now));
	rc = db_step_row(db, st, e);
	if (rc == 1 && sqlite3_column_type(st, 0) != SQLITE_NULL)
		*year = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (rc < 0)
		return err_prefix(e, "cannot read the years of diagnostics");
	if (!*year)
		*year = atoi(now);
	return 0;
}

int db_data_key(sqlite3 *db, int year, const char *config_path, struct buf *key,
		struct err *e)
{
	char gen[32], sha[HASH_HEX_LEN + 1];
	int found = db_meta_get(db, "data_generation", gen, sizeof(gen), e);

	if (found < 0 || hash_file(config_path, sha, e))
		return -1;
	buf_addf(key, "%s|%d|%s|%s", found ? gen : "0", year, sha, PANA_VERSION);
	return 0;
}
