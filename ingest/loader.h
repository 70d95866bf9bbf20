/*
 * loader: the state of pana-ingest while it loads one file, shared by
 * load.c and load_survey.c only (no other file includes it). The loader
 * owns every pointer in it; load_file() frees them.
 */
#ifndef PANA_INGEST_LOADER_H
#define PANA_INGEST_LOADER_H

#include <sqlite3.h>
#include <time.h>

#include "buf.h"
#include "config.h"
#include "csvin.h"
#include "load.h"
#include "schema.h"
#include "survey.h"

struct loader {
	sqlite3 *db;
	const struct config *cfg;
	struct schema **schemas;
	struct schema *schema;
	const char *path, *name;
	enum csvin_encoding encoding;
	char delimiter;
	struct csvin csv;
	struct load_stats *st;
	long long source_id;
	size_t nheader;
	char **header;		/* names, trimmed and in lower case */
	char **header_raw;	/* names as the file writes them, trimmed */
	/* Header rows above the names (a survey may have several), kept
	   until the names are bound. */
	char **above[SURVEY_MAX_HEADER_ROWS];
	size_t nabove_fields[SURVEY_MAX_HEADER_ROWS];
	size_t nabove;
	const struct survey *survey;
	const char **label;	/* survey: a field's name in messages, its header */
	int *field_col;		/* schema field -> header column, or -1 */
	int *ins_field;		/* staging column -> schema field; -2: levels */
	/* Per schema field, found once from the header: schema_clean()'s
	   flags; and the fields declared unique. */
	int *clean_flags;
	size_t *uniq, nuniq;
	size_t nins;
	int is_diag, is_survey;
	sqlite3_stmt *ins, *quar, *warn;
	/* The row being read: cleaned values by schema field (NULL when
	   missing or unusable), their scratch space, and what was found. */
	const char **val;
	int *val_len;		/* their lengths when known, else -1 */
	int *area_field;	/* the field of each of cfg's areas, or -1 */
	struct buf *scratch;
	struct schema_issues iss;
	/* The same for the reading thread's prepare_row(), set up with the
	   header and used by that thread only. */
	const char **pval;
	struct buf *pscratch;
	struct schema_issues piss;
	sqlite3_stmt *seen_get, *seen_put;	/* values of "unique" fields */
	struct buf msg, raw, levels;
	int failed_record;	/* the error is about a record, placed by on_record */
	/* progress bar */
	int progress, progress_final, progress_done;
	unsigned long long total;
	struct timespec t0, last;
};

struct stat;

/* The file's row in source_file, as reading starts (its hash still
   "pending"); sets l->source_id. */
int source_start(struct loader *l, struct err *e);
/* Looks for an ingested file by the SQL condition given (bound to text,
   a, b); fills l->st->same_as. 1 found, 0 not, -1 error. */
int source_find(struct loader *l, const char *sql, const char *text, long long a,
		long long b, struct err *e);
/* Remembers a copy of an ingested file, so that it is not read again. */
int source_remember_copy(sqlite3 *db, const char *path, const struct stat *sb,
			 const char *sha, struct err *e);
/* The file's row completed: its counts, encoding, hash and time. */
int source_finish(struct loader *l, const char *sha, long long mtime, struct err *e);
/* Whether l->path (a readable, non-empty regular file, its status into
   sb) was ingested before under this path, size and time: 1 yes (skip it
   without reading), 0 no, -1 with e set. */
int source_seen_unchanged(struct loader *l, struct stat *sb, struct err *e);

/* Binds the columns of l->survey's section to the header's, by their
   text, under a text of a row above when the section says so. */
int load_survey_bind(struct loader *l, long line, struct err *e);
/* Stores the current row of a survey export in stg_survey. */
int load_survey_insert(struct loader *l, const struct csvin_record *r, struct err *e);
/* Records as warnings what the survey's layout tells of the current row. */
void load_survey_check(struct loader *l, const struct csvin_record *r);

#endif
