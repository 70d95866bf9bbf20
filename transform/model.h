/*
 * model: turn the staging rows of one source file into model rows
 * (association, structure, diagnostic and their child tables, commune
 * coordinates), placing each
 * on a current commune and counting, per rule, how rows were placed.
 * Rows that cannot be placed go to quarantine (stage 'transform', error
 * unresolved-commune, or outside-territory for the overseas collectivities
 * the report leaves out); a survey response without a location is kept for
 * the national figures. What the resolver repaired or doubted is a warning.
 * The caller wraps each file in a transaction.
 */
#ifndef PANA_TRANSFORM_MODEL_H
#define PANA_TRANSFORM_MODEL_H

#include <sqlite3.h>

#include "config.h"
#include "err.h"
#include "resolve.h"

struct model_counts {
	long rows, placed, unresolved, outside, warnings;
	long rule[RESOLVE_NRULES];
};

int model_associations(sqlite3 *db, const struct resolver *r, long long source_id,
		       struct model_counts *n, struct err *e);
int model_structures(sqlite3 *db, const struct resolver *r, long long source_id,
		     struct model_counts *n, struct err *e);
int model_diagnostics(sqlite3 *db, const struct resolver *r, const struct config *cfg,
		      long long source_id, struct model_counts *n, struct err *e);
/* Survey responses and their answers, valued through config.ini. */
int model_surveys(sqlite3 *db, const struct resolver *r, const struct config *cfg,
		  long long source_id, struct model_counts *n, struct err *e);
/* Commune coordinates: one point per current commune, the newest file
   winning; a code that is not a current commune is quarantined. */
int model_coordinates(sqlite3 *db, long long source_id, struct model_counts *n,
		      struct err *e);
/* Links diagnostics to the associations and structures they name, for
   every diagnostic not linked yet (an RNA file may arrive later). */
int model_link(sqlite3 *db, struct err *e);
/* Stores the counts in resolution_count. */
int model_save_counts(sqlite3 *db, long long source_id, const struct model_counts *n,
		      struct err *e);

#endif
