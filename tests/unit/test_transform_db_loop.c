/*
 * test_transform_db_loop: a read error in the middle of a loop over rows
 * stops the reader with an I/O error (exit 4 in main) instead of leaving
 * it with part of the rows. The error is made deterministic by a progress
 * handler that interrupts the statement after a fixed number of virtual
 * machine steps, once rows have been read: SQLite then returns
 * SQLITE_INTERRUPT from sqlite3_step(), as it would SQLITE_IOERR or
 * SQLITE_CORRUPT on a failing disk.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "db.h"
#include "geo.h"
#include "resolve.h"

struct countdown {
	long left;	/* progress callbacks before the interruption */
	long calls;
};

static int interrupt_later(void *arg)
{
	struct countdown *c = arg;

	c->calls++;
	return c->left-- <= 0;
}

/* Reads "SELECT code FROM commune": the rows seen, or -1 after err. */
static long count_rows(sqlite3 *db, struct err *e)
{
	sqlite3_stmt *st;
	long n = 0;
	int rc;

	if (db_prepare(db, &st, "SELECT code FROM commune", e))
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		n++;
	rc = db_loop_end(db, rc, e);
	sqlite3_finalize(st);
	return rc ? -1 : n;
}

static void unlink_db(const char *path)
{
	char side[4200];

	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
}

int main(void)
{
	char dbpath[] = "/tmp/pana-test-db-loop-XXXXXX";
	const char *top = getenv("PANA_TOP");
	struct countdown cd;
	struct resolver *r;
	struct err e;
	sqlite3 *db;
	char geo[4096];
	long all, n;
	int fd = mkstemp(dbpath);

	if (fd < 0)
		return 2;
	close(fd);
	snprintf(geo, sizeof(geo), "%s/data/geography", top ? top : ".");
	if (db_open(&db, dbpath, &e) || geo_load(db, geo, &e) < 0) {
		fprintf(stderr, "%s\n", e.msg);
		return 2;
	}

	/* The loop-end check itself. */
	memset(&e, 0, sizeof(e));
	CHECK_INT(db_loop_end(db, SQLITE_DONE, &e), 0);
	CHECK_INT(e.io, 0);
	CHECK_INT(db_loop_end(db, SQLITE_CORRUPT, &e), -1);
	CHECK(e.io == 1, "an I/O error: %s", e.msg);
	CHECK(strstr(e.msg, "reading rows failed") != NULL, "the message says it: %s", e.msg);

	/* A whole read, then the same read interrupted half-way. */
	all = count_rows(db, &e);
	CHECK(all > 1000, "the referential has its communes: %ld (%s)", all, e.msg);
	memset(&cd, 0, sizeof(cd));
	cd.left = 20;
	sqlite3_progress_handler(db, 100, interrupt_later, &cd);
	memset(&e, 0, sizeof(e));
	n = count_rows(db, &e);
	CHECK_INT(n, -1);
	CHECK(e.io == 1, "an I/O error: %s", e.msg);
	CHECK(strstr(e.msg, "interrupted") != NULL, "the message names the error: %s", e.msg);

	/* db_step_row: a read of one row that fails is an error, not "none". */
	{
		sqlite3_stmt *st;

		memset(&cd, 0, sizeof(cd));
		cd.left = 0;
		memset(&e, 0, sizeof(e));
		if (db_prepare(db, &st, "SELECT max(name) FROM commune", &e) == 0) {
			CHECK_INT(db_step_row(db, st, &e), -1);
			CHECK(e.io == 1, "an I/O error: %s", e.msg);
			sqlite3_finalize(st);
		}
		cd.left = 1L << 40;
		if (db_prepare(db, &st, "SELECT count(*) FROM commune", &e) == 0) {
			CHECK_INT(db_step_row(db, st, &e), 1);
			CHECK_INT(sqlite3_column_int64(st, 0), all);
			sqlite3_finalize(st);
		}
	}

	/* A stage's reader: pana-transform's resolver, interrupted half-way
	   through its reads of the referential, fails instead of placing
	   rows on part of it. */
	memset(&cd, 0, sizeof(cd));
	cd.left = 1L << 40;
	r = resolver_load(db, &e);
	CHECK(r != NULL, "without the interruption it loads: %s", e.msg);
	resolver_free(r);
	n = cd.calls;
	CHECK(n > 10, "the whole load makes %ld progress calls", n);
	memset(&cd, 0, sizeof(cd));
	cd.left = n / 2;
	memset(&e, 0, sizeof(e));
	r = resolver_load(db, &e);
	CHECK(r == NULL, "the resolver is not built from part of the referential");
	CHECK(e.io == 1, "an I/O error, exit 4: %s", e.msg);
	CHECK(strstr(e.msg, "interrupted") != NULL, "the message names the error: %s", e.msg);
	resolver_free(r);
	sqlite3_progress_handler(db, 0, NULL, NULL);

	db_close(db);
	unlink_db(dbpath);
	return t_done("test_transform_db_loop");
}
