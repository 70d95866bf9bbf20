/*
 * The record of a source file: its row in source_file, opened as reading
 * starts and completed at its end, and what tells a file already ingested
 * (same path, size and time; same content).
 */
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db.h"
#include "loader.h"
#include "log.h"

int source_start(struct loader *l, struct err *e)
{
	sqlite3_stmt *st;
	char now[21], delim[3];
	int rc;

	log_now(now);
	if (l->delimiter == '\t')
		snprintf(delim, sizeof(delim), "\\t");
	else
		snprintf(delim, sizeof(delim), "%c", l->delimiter);
	if (db_prepare(l->db, &st, "INSERT INTO source_file(path, sha256, kind, encoding, "
		       "delimiter, ingested_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", e))
		return -1;
	sqlite3_bind_text(st, 1, l->path, -1, SQLITE_STATIC);
	/* The hash is known at the end of the file: a placeholder till then. */
	sqlite3_bind_text(st, 2, "pending", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, schema_kind(l->schema), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, csvin_encoding_name(l->encoding), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, delim, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, now, -1, SQLITE_STATIC);
	rc = db_step_done(l->db, st, e);
	sqlite3_finalize(st);
	l->source_id = sqlite3_last_insert_rowid(l->db);
	return rc;
}

int source_find(struct loader *l, const char *sql, const char *text,
		       long long a, long long b, struct err *e)
{
	sqlite3_stmt *st;
	int found;

	if (db_prepare(l->db, &st, sql, e))
		return -1;
	sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, a);
	sqlite3_bind_int64(st, 3, b);
	found = db_step_row(l->db, st, e);
	if (found == 1)
		snprintf(l->st->same_as, sizeof(l->st->same_as), "%s",
			 (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return found;
}

int source_remember_copy(sqlite3 *db, const char *path, const struct stat *sb,
			 const char *sha, struct err *e)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(db, &st, "INSERT OR REPLACE INTO seen_copy(path, bytes, mtime, sha256) "
		       "VALUES (?1, ?2, ?3, ?4)", e))
		return -1;
	sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)sb->st_size);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)sb->st_mtime);
	sqlite3_bind_text(st, 4, sha, -1, SQLITE_STATIC);
	rc = db_step_done(db, st, e);
	sqlite3_finalize(st);
	return rc;
}

int source_finish(struct loader *l, const char *sha, long long mtime, struct err *e)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(l->db, &st, "UPDATE source_file SET rows_read = ?1, rows_loaded = ?2, "
		       "rows_quarantined = ?3, bytes = ?4, encoding = ?5, sha256 = ?7, mtime = ?8, "
		       "rows_warned = ?9 WHERE id = ?6", e))
		return -1;
	sqlite3_bind_text(st, 7, sha, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 8, mtime);
	sqlite3_bind_int64(st, 9, l->st->rows_warned);
	sqlite3_bind_int64(st, 1, l->st->rows_read);
	sqlite3_bind_int64(st, 2, l->st->rows_loaded);
	sqlite3_bind_int64(st, 3, l->st->rows_quarantined);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)l->st->bytes);
	sqlite3_bind_text(st, 5, csvin_encoding_name(l->encoding), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, l->source_id);
	rc = db_step_done(l->db, st, e);
	sqlite3_finalize(st);
	return rc;
}

int source_seen_unchanged(struct loader *l, struct stat *sb, struct err *e)
{
	if (stat(l->path, sb))
		return err_errno(e, errno, "cannot read");
	if (!S_ISREG(sb->st_mode))
		return err_set(e, "not a regular file");
	if (sb->st_size == 0)
		return err_set(e, "the file is empty");
	if (access(l->path, R_OK))
		return err_errno(e, errno, "cannot read");
	return source_find(l, "SELECT path FROM source_file WHERE path = ?1 AND bytes = ?2 "
			   "AND mtime = ?3 UNION ALL SELECT path FROM seen_copy WHERE path = ?1 "
			   "AND bytes = ?2 AND mtime = ?3", l->path, (long long)sb->st_size,
			   (long long)sb->st_mtime, e);
}
