/*
 * The night's backup of the database, in two steps: the copy
 * (backup_copy), taken while pana-report renders from the same statistics
 * (the two read the database on two cores), then, when the report is
 * written, its rotation into place (backup_keep); when it is not, the
 * copy is removed.
 */
#ifndef PANA_RUN_BACKUP_H
#define PANA_RUN_BACKUP_H

#include <sqlite3.h>

#include "buf.h"
#include "config.h"
#include "err.h"

struct backup {
	sqlite3 *db;
	struct buf key, tmp;
	int copied;
};

/* How backup_copy_db() copied: the database file as it stood, or page by
   page with SQLite's online backup. */
enum { BACKUP_FILE, BACKUP_PAGES };

/* A consistent copy of the database db has open, to path (a file that
   does not exist yet): the file as it stands when every committed page is
   in it, else page by page. BACKUP_FILE or BACKUP_PAGES; -1 (err_io) on
   failure, with no file left at path. */
int backup_copy_db(sqlite3 *db, const char *path, struct err *e);

/* DATABASE.backup.tmp, copied online (backup_copy_db); nothing when
   backups are off, or when nothing changed since the newest. */
int backup_copy(const struct config *cfg, struct backup *b, struct err *e);

/* After a night that completed (keep): DATABASE.backup.1 .. .N, the
   newest first, the copy renamed into place. Else the copy is removed.
   Releases b either way. */
int backup_keep(const struct config *cfg, struct backup *b, int keep, struct err *e);

#endif
