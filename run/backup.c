/*
 * The night's backup: a consistent copy of the database taken online,
 * then rotated into DATABASE.backup.1 .. .N.
 */
#define _GNU_SOURCE	/* O_DIRECT */
#include "backup.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "db.h"
#include "log.h"

/* The copy's unit: a multiple of any page size and of the blocks that
   O_DIRECT asks for. */
#define COPY_CHUNK (1 << 20)
/* Tries at a snapshot held whole by the file (see settled_snapshot):
   pana-report commits its run row as the copy starts. */
#define SETTLE_TRIES 5

/*
 * Opens a read transaction on a snapshot that the database file holds
 * whole: every frame of the WAL was copied into the file (a checkpoint
 * that copied all it found) and no connection committed since
 * (PRAGMA data_version, the same before the checkpoint and in the
 * transaction). While the transaction lasts, no checkpoint writes into
 * the file (a reader holds back the frames after its snapshot), so the
 * file can be copied as it stands. 1 with the transaction open, 0 (none
 * open) when the WAL holds pages not in the file, -1 on error.
 */
static int settled_snapshot(sqlite3 *db, struct err *e)
{
	long long before, after;
	int log = -1, done = -1;

	if (db_query_int(db, "PRAGMA data_version", &before, e))
		return -1;
	/* PASSIVE: never waits for a reader; BUSY when another connection
	   checkpoints at the same time. */
	if (sqlite3_wal_checkpoint_v2(db, NULL, SQLITE_CHECKPOINT_PASSIVE, &log, &done) !=
	    SQLITE_OK || log != done)
		return 0;
	if (db_exec(db, "BEGIN", e))
		return -1;
	if (db_query_int(db, "PRAGMA data_version", &after, e)) {
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	if (after == before)
		return 1;
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return 0;
}

/* Writes n bytes of buf at off; a write O_DIRECT refuses (a length off
   the file system's blocks) is made through the page cache. */
static int write_at(int fd, const char *buf, size_t n, off_t off)
{
	while (n) {
		ssize_t w = pwrite(fd, buf, n, off);

		if (w < 0 && errno == EINVAL && (fcntl(fd, F_GETFL) & O_DIRECT)) {
			if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_DIRECT))
				return -1;
			continue;
		}
		if (w < 0 && errno == EINTR)
			continue;
		if (w == 0)
			errno = EIO;
		if (w <= 0)
			return -1;
		buf += w;
		n -= (size_t)w;
		off += w;
	}
	return 0;
}

/*
 * The database file of db, copied to the new file to and synced.
 *
 * It is read through SQLite's own descriptor of the file: a descriptor
 * of our own would have to be closed, and closing any descriptor of a
 * file drops every POSIX lock the process holds on it, SQLite's
 * included; another process could then take the last connection's
 * exclusive lock and delete the WAL that pana-run's connections still
 * use.
 *
 * The writes go past the page cache (O_DIRECT) where the file system
 * allows: at national scale, 650 MB copied into fresh cache pages took
 * 0.6 to 2 s on a machine just after the night's writes, and 0.3 s
 * straight to the disk. O_DIRECT is set after the file is made: on a file
 * system without it, open() would create the file and then fail.
 */
static int copy_file(sqlite3 *db, const char *to, struct err *e)
{
	sqlite3_file *f = NULL;
	sqlite3_int64 size = 0, off = 0;
	void *buf = NULL;
	int out, flags, rc = -1;

	if (sqlite3_file_control(db, "main", SQLITE_FCNTL_FILE_POINTER, &f) != SQLITE_OK ||
	    !f || !f->pMethods || f->pMethods->xFileSize(f, &size) != SQLITE_OK) {
		err_io(e, "cannot read '%s': %s", sqlite3_db_filename(db, "main"),
		       sqlite3_errmsg(db));
		return -1;
	}
	out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (out < 0) {
		err_io(e, "cannot back up the database to '%s': %s", to, strerror(errno));
		return -1;
	}
	flags = fcntl(out, F_GETFL);
	if (flags >= 0)
		fcntl(out, F_SETFL, flags | O_DIRECT);	/* refused: the page cache */
	if (posix_memalign(&buf, 4096, COPY_CHUNK)) {
		err_io(e, "cannot back up the database to '%s': out of memory", to);
		goto out;
	}
	while (off < size) {
		int n = size - off < COPY_CHUNK ? (int)(size - off) : COPY_CHUNK;
		int r = f->pMethods->xRead(f, buf, n, off);

		if (r != SQLITE_OK) {
			err_io(e, "cannot read '%s': %s", sqlite3_db_filename(db, "main"),
			       sqlite3_errstr(r));
			goto out;
		}
		if (write_at(out, buf, (size_t)n, (off_t)off)) {
			err_io(e, "cannot back up the database to '%s': %s", to,
			       strerror(errno));
			goto out;
		}
		off += n;
	}
	if (fdatasync(out)) {
		err_io(e, "cannot back up the database to '%s': %s", to, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	free(buf);
	if (close(out) && !rc) {
		err_io(e, "cannot back up the database to '%s': %s", to, strerror(errno));
		rc = -1;
	}
	if (rc)
		unlink(to);
	return rc;
}

/* What the database holds, as far as a backup goes: the data's
   generation and the key of the statistics. */
static int state_key(sqlite3 *db, struct buf *key, struct err *e)
{
	char gen[32] = "0", stats[512] = "";

	buf_reset(key);
	if (db_meta_get(db, "data_generation", gen, sizeof(gen), e) < 0 ||
	    db_meta_get(db, "stats_key", stats, sizeof(stats), e) < 0)
		return -1;
	buf_addf(key, "%s|%s", gen, stats);
	return 0;
}

/* 1 when the newest backup holds what the database holds now. */
static int backup_current(sqlite3 *db, const struct config *cfg, const struct buf *key,
			  struct err *e)
{
	struct buf newest = BUF_INIT;
	char last[600];
	int found = db_meta_get(db, "backup_key", last, sizeof(last), e), same;

	buf_addf(&newest, "%s.backup.1", cfg->database);
	same = found == 1 && !strcmp(last, key->data) && !access(newest.data, R_OK);
	buf_release(&newest);
	return found < 0 ? -1 : same;
}

/* A consistent copy of db, page by page with SQLite's online backup, in
   one step under a read lock: in memory a page cache, not the sorters of
   VACUUM INTO (163 MiB for the national database). */
static int copy_pages(sqlite3 *db, const char *path, struct err *e)
{
	sqlite3 *to = NULL;
	sqlite3_backup *b;
	int rc = sqlite3_open_v2(path, &to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);

	/* A file of its own, renamed into place only once whole: no journal
	   (half the time of the copy), one sync at its end. */
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(to, "PRAGMA journal_mode = OFF; PRAGMA synchronous = NORMAL",
				  NULL, NULL, NULL);
	if (rc == SQLITE_OK) {
		b = sqlite3_backup_init(to, "main", db, "main");
		if (b) {
			rc = sqlite3_backup_step(b, -1);
			sqlite3_backup_finish(b);
		}
		rc = rc == SQLITE_DONE || rc == SQLITE_OK ? sqlite3_errcode(to) : rc;
	}
	if (rc != SQLITE_OK)
		err_io(e, "cannot back up the database to '%s': %s", path,
		       to ? sqlite3_errmsg(to) : sqlite3_errstr(rc));
	if (sqlite3_close(to) != SQLITE_OK && rc == SQLITE_OK) {
		err_io(e, "cannot back up the database to '%s': %s", path, sqlite3_errmsg(to));
		rc = SQLITE_ERROR;
	}
	if (rc != SQLITE_OK)
		unlink(path);
	return rc == SQLITE_OK ? 0 : -1;
}


int backup_copy(const struct config *cfg, struct backup *b, struct err *e)
{
	int current;

	if (cfg->backup_keep <= 0)
		return 0;
	if (db_open(&b->db, cfg->database, e) || state_key(b->db, &b->key, e) ||
	    (current = backup_current(b->db, cfg, &b->key, e)) < 0)
		return -1;
	if (current) {
		log_info("nothing changed since the last backup, '%s.backup.1': kept",
			 cfg->database);
		return 0;
	}
	buf_addf(&b->tmp, "%s.backup.tmp", cfg->database);
	if (unlink(b->tmp.data) && errno != ENOENT)
		return err_io(e, "cannot remove '%s': %s", b->tmp.data, strerror(errno));
	if (backup_copy_db(b->db, b->tmp.data, e) < 0)
		return -1;
	b->copied = 1;
	return 0;
}

/* Syncs the folder that holds file, so that the names it was just given
   outlast a power cut. */
static void sync_folder_of(const char *file)
{
	struct buf folder = BUF_INIT;
	const char *slash = strrchr(file, '/');
	int fd;

	if (slash)
		buf_add(&folder, file, slash == file ? 1 : (size_t)(slash - file));
	else
		buf_addstr(&folder, ".");
	fd = open(folder.data, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || fsync(fd))
		log_warn("cannot sync the folder '%s': %s", folder.data, strerror(errno));
	if (fd >= 0)
		close(fd);
	buf_release(&folder);
}

int backup_keep(const struct config *cfg, struct backup *b, int keep, struct err *e)
{
	struct buf from = BUF_INIT, to = BUF_INIT;
	long k;
	int rc = -1;

	if (!b->copied || !keep) {
		if (b->copied)
			unlink(b->tmp.data);
		rc = 0;
		goto out;
	}
	for (k = cfg->backup_keep; k >= 1; k--) {
		buf_reset(&from);
		buf_reset(&to);
		if (k > 1)
			buf_addf(&from, "%s.backup.%ld", cfg->database, k - 1);
		else
			buf_addstr(&from, b->tmp.data);
		buf_addf(&to, "%s.backup.%ld", cfg->database, k);
		if (rename(from.data, to.data) && errno != ENOENT) {
			err_io(e, "cannot rename '%s': %s", from.data, strerror(errno));
			goto out;
		}
	}
	sync_folder_of(cfg->database);
	if (db_meta_set(b->db, "backup_key", b->key.data, e))
		goto out;
	log_info("database backed up to '%s.backup.1' (%ld kept)", cfg->database,
		 cfg->backup_keep);
	rc = 0;
out:
	db_close(b->db);
	b->db = NULL;
	buf_release(&from);
	buf_release(&to);
	buf_release(&b->tmp);
	buf_release(&b->key);
	return rc;
}


int backup_copy_db(sqlite3 *db, const char *path, struct err *e)
{
	const struct timespec pause = { 0, 10 * 1000 * 1000 };
	int i, settled = 0, rc;

	for (i = 0; i < SETTLE_TRIES && !settled; i++) {
		if (i)
			nanosleep(&pause, NULL);
		settled = settled_snapshot(db, e);
		if (settled < 0)
			return -1;
	}
	if (!settled) {
		log_debug("the WAL holds pages the database file lacks: copied page by page");
		return copy_pages(db, path, e) ? -1 : BACKUP_PAGES;
	}
	rc = copy_file(db, path, e);
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	return rc ? -1 : BACKUP_FILE;
}
