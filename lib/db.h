/*
 * db: the SQLite database that holds everything.
 *
 * db_open() opens (creating if needed) the file, sets the pragmas pana relies
 * on (WAL journal, foreign keys, busy timeout) and applies the numbered
 * migrations embedded from schemas/NNN-*.sql, tracked by PRAGMA user_version.
 * The caller closes the handle with db_close(); a handle is used by one
 * thread at a time (it is opened without SQLite's mutexes). Values always go through
 * bound parameters; no value is ever spliced into SQL text.
 */
#ifndef PANA_DB_H
#define PANA_DB_H

#include <sqlite3.h>
#include <stddef.h>

#include "err.h"

int db_open(sqlite3 **out, const char *path, struct err *e);
/* Opens an existing database for reading only: no creation, no migration,
   no write, so that reading it needs no write access. */
int db_open_readonly(sqlite3 **out, const char *path, struct err *e);
void db_close(sqlite3 *db);

/* Runs SQL without results; -1 with the SQLite message on failure. */
int db_exec(sqlite3 *db, const char *sql, struct err *e);
/* Prepares SQL; -1 with the SQLite message and the statement on failure. */
int db_prepare(sqlite3 *db, sqlite3_stmt **st, const char *sql, struct err *e);
/* Runs sql, one statement without results, with ?1 bound to year: the
   "DELETE FROM t WHERE year = ?1" before a year's statistics. */
int db_exec_year(sqlite3 *db, const char *sql, int year, struct err *e);
/* Steps a statement that returns no row, then resets it. */
int db_step_done(sqlite3 *db, sqlite3_stmt *st, struct err *e);
/* The end of a loop of sqlite3_step() over rows: 0 when rc, the last
   step's result, is SQLITE_DONE; else -1 (err_io) with the database's
   message, so that a read error stops the stage instead of leaving it
   with part of the rows. The caller still finalizes the statement. */
int db_loop_end(sqlite3 *db, int rc, struct err *e);
/* Steps a statement that returns at most the row wanted: 1 a row (read it,
   then reset or finalize), 0 no row, -1 (err_io) a database error. */
int db_step_row(sqlite3 *db, sqlite3_stmt *st, struct err *e);
/* Runs sql, a query of one integer: 0 with it in *out (0 when there is no
   row), -1 (err_io) on a database error. */
int db_query_int(sqlite3 *db, const char *sql, long long *out, struct err *e);
/* Binds text, or NULL when s is NULL or empty. */
int db_bind_text(sqlite3_stmt *st, int i, const char *s);
int db_bind_textn(sqlite3_stmt *st, int i, const char *s, size_t n);
/* Binds a number, or NULL for NaN or an infinity: a figure not defined. */
int db_bind_num(sqlite3_stmt *st, int i, double v);

/* Reads meta.key into out (size n); returns 1 found, 0 not found, -1 error. */
int db_meta_get(sqlite3 *db, const char *key, char *out, size_t n, struct err *e);
int db_meta_set(sqlite3 *db, const char *key, const char *value, struct err *e);

/* Empties the tables pana-transform fills and marks every source file
   for transform again (the caller holds the transaction). */
int db_reset_model(sqlite3 *db, struct err *e);

/* Counts a change of the data (a file ingested, the geography reloaded,
   files transformed), inside the caller's transaction; pana-report
   --if-changed compares it with the one of the last report. */
int db_bump_generation(sqlite3 *db, struct err *e);

/* Run log: starts a 'run' row for a stage, and ends it with a status. */
/* The year the statistics and the report are of: configured (not 0), or
   the last year with diagnostics up to the current one (a later date is a
   mistake), or the current year. -1 on a database error. */
int db_report_year(sqlite3 *db, int configured, int *year, struct err *e);
/* Appends to key what the statistics and the report depend on: the data
   (its generation), the year, config.ini's SHA-256 and pana's version. */
struct buf;
int db_data_key(sqlite3 *db, int year, const char *config_path, struct buf *key,
		struct err *e);
int db_run_start(sqlite3 *db, const char *stage, long long *id, struct err *e);
int db_run_end(sqlite3 *db, long long id, const char *status, const char *message,
	       struct err *e);

#endif
