/*
 * competence: the competence statistics of a report year, from the
 * diagnostics in the model, into competence_stats, competence_tests and
 * competence_change (schemas/004-statistics.sql). Computation is done with
 * the functions of stats.h; this module reads the model and writes the
 * tables, in the caller's transaction.
 */
#ifndef PANA_STATS_COMPETENCE_H
#define PANA_STATS_COMPETENCE_H

#include <sqlite3.h>

#include "config.h"
#include "err.h"

/* Fills the three tables for year (replacing its rows). Returns 0 or -1. */
int competence_compute(sqlite3 *db, const struct config *cfg, int year, struct err *e);

#endif
