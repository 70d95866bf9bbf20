/*
 * survey: survey indicators of a report year into survey_stats
 * (schemas/004-statistics.sql). Each complete response is weighted by
 * raking to the registry's active associations by region, so that
 * over-represented regions count less; each question's mean value (labels
 * valued through config.ini) is reported weighted, with its interval and
 * the Kish effective sample size, and unweighted. Runs in the caller's
 * transaction, after assoc_count_build() (the margins' counts).
 */
#ifndef PANA_STATS_SURVEY_H
#define PANA_STATS_SURVEY_H

#include <sqlite3.h>

#include "config.h"
#include "err.h"

int survey_compute(sqlite3 *db, const struct config *cfg, int year, struct err *e);

#endif
