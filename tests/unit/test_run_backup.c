/*
 * test_run_backup: backup_copy_db() on a real database. With every page
 * in the file, the file itself, byte for byte, through O_DIRECT or not
 * (tmpfs); with pages still in the WAL behind a reader's snapshot, which
 * a copy of the file would lack, page by page, holding them; a target
 * that cannot be written, an error naming it and no file. After a copy,
 * the process still holds its locks on the database: another process
 * that writes and closes does not take the WAL away from under it.
 */
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"

#include "backup.h"
#include "db.h"
#include "err.h"

static void exec(sqlite3 *db, const char *sql)
{
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK) {
		fprintf(stderr, "%s: %s\n", sql, sqlite3_errmsg(db));
		exit(2);
	}
}

static long long count_in(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	long long n = -1;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			n = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	return n;
}

static int quick_check_ok(const char *path)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	int ok = 0;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &st, NULL) == SQLITE_OK) {
		ok = sqlite3_step(st) == SQLITE_ROW &&
		     !strcmp((const char *)sqlite3_column_text(st, 0), "ok");
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	return ok;
}

/* Rows of 8 KiB of random bytes: 300 make a file of several copy chunks
   and a tail. */
static void add_rows(sqlite3 *db, int n)
{
	char sql[160];

	snprintf(sql, sizeof(sql), "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 "
		 "FROM s WHERE i < %d) INSERT INTO t(y) SELECT randomblob(8192) FROM s", n);
	exec(db, sql);
}

static void copy_settled(sqlite3 *db, const char *main_path, const char *dir)
{
	char path[512];
	struct err e;
	struct stat sb;

	snprintf(path, sizeof(path), "%s/copy.sqlite", dir);
	unlink(path);
	CHECK_INT(backup_copy_db(db, path, &e), BACKUP_FILE);
	CHECK(t_same_bytes(main_path, path) >= 0, "the copy of '%s' is not its bytes", main_path);
	CHECK(stat(path, &sb) == 0 && sb.st_size > 2 * (1 << 20), "a copy of several chunks");
	CHECK(quick_check_ok(path), "the copy in %s passes quick_check", dir);
	CHECK_INT(count_in(path, "SELECT count(*) FROM t"), 300);
	/* No transaction left open: the database takes a write. */
	CHECK(sqlite3_exec(db, "INSERT INTO t(y) VALUES (1); DELETE FROM t WHERE y = 1", NULL,
			   NULL, NULL) == SQLITE_OK, "%s", sqlite3_errmsg(db));
	unlink(path);
}

/* The sqlite3 shell, a process of its own as an admin's would be, writes
   a row and closes: while this process has connections (and so shared
   locks), that close is not the last, and leaves the WAL and its index in
   place. Had the copy dropped the locks (a descriptor of the file opened
   and closed: POSIX locks are the process's), the shell would delete
   them under our connections, and their next commits would be lost. */
static void other_writer_leaves_wal(sqlite3 *db, const char *main_path, const char *dir)
{
	char cmd[640], wal[520], path[512];
	struct err e;

	snprintf(path, sizeof(path), "%s/copy.sqlite", dir);
	CHECK_INT(backup_copy_db(db, path, &e), BACKUP_FILE);
	unlink(path);

	snprintf(cmd, sizeof(cmd), "sqlite3 '%s' 'INSERT INTO t(y) VALUES (2)'", main_path);
	CHECK(system(cmd) == 0, "%s", cmd);
	snprintf(wal, sizeof(wal), "%s-wal", main_path);
	CHECK(access(wal, F_OK) == 0, "%s still there after another process closed", wal);
	exec(db, "INSERT INTO t(y) VALUES (3)");
	CHECK(system(cmd) == 0, "%s", cmd);
	CHECK_INT(count_in(main_path, "SELECT count(*) FROM t WHERE y IN (2, 3)"), 3);
	CHECK(quick_check_ok(main_path), "the database passes quick_check");
	exec(db, "DELETE FROM t WHERE y IN (2, 3)");
	exec(db, "PRAGMA wal_checkpoint(TRUNCATE)");
}

int main(void)
{
	char dir[] = "/tmp/pana-backup-XXXXXX", main_path[512], path[512];
	sqlite3 *w, *r, *c;
	struct err e;

	if (!mkdtemp(dir))
		return 2;
	snprintf(main_path, sizeof(main_path), "%s/pana.sqlite", dir);
	if (db_open(&w, main_path, &e)) {
		fprintf(stderr, "%s\n", e.msg);
		return 2;
	}
	exec(w, "CREATE TABLE t(y)");
	add_rows(w, 300);

	/* First, before this test opens the file itself (which drops the
	   locks just the same), the locks that a copy keeps. */
	other_writer_leaves_wal(w, main_path, dir);
	/* Every page in the file: the file, on disk and on tmpfs. */
	copy_settled(w, main_path, dir);
	if (access("/dev/shm", W_OK) == 0) {
		char shm[] = "/dev/shm/pana-backup-XXXXXX";

		if (mkdtemp(shm)) {
			copy_settled(w, main_path, shm);
			rmdir(shm);
		}
	}

	/* 50 rows committed after a reader's snapshot stay in the WAL, which
	   the file lacks: a copy of the file would have 300 rows. */
	sqlite3_wal_autocheckpoint(w, 0);
	if (sqlite3_open_v2(main_path, &r, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		return 2;
	exec(r, "BEGIN; SELECT count(*) FROM t");
	add_rows(w, 50);
	if (db_open(&c, main_path, &e))
		return 2;
	snprintf(path, sizeof(path), "%s/pages.sqlite", dir);
	CHECK_INT(backup_copy_db(c, path, &e), BACKUP_PAGES);
	CHECK_INT(count_in(path, "SELECT count(*) FROM t"), 350);
	CHECK(quick_check_ok(path), "the page copy passes quick_check");
	unlink(path);
	/* The reader gone, the WAL goes into the file: the file again. */
	exec(r, "COMMIT");
	sqlite3_close(r);
	CHECK_INT(backup_copy_db(c, path, &e), BACKUP_FILE);
	CHECK_INT(count_in(path, "SELECT count(*) FROM t"), 350);
	unlink(path);

	/* A folder that does not exist: an error naming the target, no file. */
	snprintf(path, sizeof(path), "%s/none/copy.sqlite", dir);
	CHECK_INT(backup_copy_db(c, path, &e), -1);
	CHECK(strstr(e.msg, path) != NULL, "got '%s'", e.msg);
	CHECK(access(path, F_OK) != 0, "no file at %s", path);
	/* A file already there is not overwritten. */
	snprintf(path, sizeof(path), "%s/there.sqlite", dir);
	fclose(fopen(path, "w"));
	CHECK_INT(backup_copy_db(c, path, &e), -1);
	CHECK(strstr(e.msg, "there.sqlite") != NULL, "got '%s'", e.msg);
	unlink(path);

	db_close(c);
	db_close(w);
	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	if (system(path))
		return 2;
	return t_done("run_backup");
}
