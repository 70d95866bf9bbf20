/*
 * test_db: db_open_readonly() reaches the database at any path a
 * config.ini can name, which it says to SQLite as a URI: absolute, with a
 * leading // (a valid path, which "file:" would read as a host), relative,
 * and with the bytes a URI gives a meaning to (space, %, ?, #, :). Each
 * reads the same row; a path with no database is an error naming it.
 */
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"

#include "db.h"
#include "err.h"

static void make_db(const char *path)
{
	sqlite3 *db;

	if (sqlite3_open(path, &db) != SQLITE_OK ||
	    sqlite3_exec(db, "PRAGMA journal_mode = WAL; CREATE TABLE t(x); "
			 "INSERT INTO t VALUES (42)", NULL, NULL, NULL) != SQLITE_OK) {
		fprintf(stderr, "%s: %s\n", path, sqlite3_errmsg(db));
		exit(2);
	}
	sqlite3_close(db);
}

static void reads(const char *path, const char *what)
{
	sqlite3 *db;
	struct err e;
	long long x = -1;

	CHECK(db_open_readonly(&db, path, &e) == 0, "%s ('%s'): %s", what, path, e.msg);
	if (!db)
		return;
	CHECK(db_query_int(db, "SELECT x FROM t", &x, &e) == 0 && x == 42,
	      "%s ('%s'): got %lld", what, path, x);
	db_close(db);
}

int main(void)
{
	char dir[] = "/tmp/test_db.XXXXXX", path[256], cwd[1024];
	static const char *const names[] = { "plain.sqlite", "with space.sqlite",
		"per%41cent.sqlite", "query?mode=rw.sqlite", "frag#1.sqlite", "co:lon.sqlite" };
	sqlite3 *db;
	struct err e;

	if (!mkdtemp(dir) || !getcwd(cwd, sizeof(cwd)))
		return 2;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		make_db(path);
		reads(path, "absolute");
		snprintf(path, sizeof(path), "/%s/%s", dir, names[i]);
		reads(path, "a leading //");
		if (chdir(dir))
			return 2;
		reads(names[i], "relative");
		if (chdir(cwd))
			return 2;
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		unlink(path);
	}
	snprintf(path, sizeof(path), "%s/none.sqlite", dir);
	CHECK(db_open_readonly(&db, path, &e) == -1 && strstr(e.msg, path),
	      "no database: an error naming it, got '%s'", e.msg);
	CHECK(access(path, F_OK) != 0, "and nothing created");
	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	if (system(path))
		return 2;
	return t_done("test_db");
}
