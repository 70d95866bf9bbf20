/*
 * load: ingest one CSV file into staging tables.
 *
 * The file's kind is recognised from its header among the Table Schemas
 * given; columns are bound by name; every row is validated and goes either
 * to the kind's staging table or to quarantine with its line, field, error
 * code and raw text. The whole file loads in one transaction, so a crash
 * leaves nothing of it. rows_read = rows_loaded + rows_quarantined.
 */
#ifndef PANA_INGEST_LOAD_H
#define PANA_INGEST_LOAD_H

#include <sqlite3.h>

#include "config.h"
#include "err.h"
#include "schema.h"

struct load_stats {
	const char *kind;
	const char *encoding;
	char delimiter;
	long rows_read, rows_loaded, rows_quarantined;
	long rows_warned;	/* loaded rows with at least one warning */
	long warnings;		/* warnings on loaded rows */
	unsigned long long bytes;
	/* LOAD_SEEN: the same path, size and time as an ingested file, not
	   read again; LOAD_SAME_CONTENT: read, and its content is that of an
	   ingested file (a copy under another name): nothing kept. */
	int skipped;
	char same_as[512];	/* path of the earlier copy, when skipped */
};

enum { LOAD_SEEN = 1, LOAD_SAME_CONTENT = 2 };

struct load_opts {
	size_t chunk;		/* read size; 0 for the default */
	int progress;		/* draw a progress bar on stderr */
	int single_thread;	/* parse on the caller's thread (tests) */
};

/*
 * Loads path (shown in messages as name). schemas is a NULL-terminated list
 * of candidate schemas; a diagnostics schema gets the config's area columns.
 * Returns 0 (loaded, or skipped as already ingested), or -1 with e set when
 * the file as a whole is rejected; nothing of it is then kept.
 */
int load_file(sqlite3 *db, const struct config *cfg, struct schema **schemas,
	      const char *path, const char *name, const struct load_opts *o,
	      struct load_stats *st, struct err *e);

/* Picks the schema whose "pana:detect" columns the header has (the one
   with most such columns wins); NULL when none does. */
struct schema *load_detect(struct schema **schemas, char *const *names, size_t n);

#endif
