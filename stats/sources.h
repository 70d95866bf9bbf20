/*
 * sources: the data behind each region's figures (table region_data):
 * the files that placed rows in the region, the rows placed, and the rows
 * set aside from the region's own files.
 */
#ifndef PANA_STATS_SOURCES_H
#define PANA_STATS_SOURCES_H

#include <sqlite3.h>

#include "err.h"

/* Replaces region_data for year; needs assoc_count_build() first. */
int sources_compute(sqlite3 *db, int year, struct err *e);

#endif
