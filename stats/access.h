/*
 * access: distance-based accessibility of support structures per commune
 * (enhanced two-step floating catchment, stats_e2sfca), when the model
 * holds commune coordinates (table commune_coordinates, which pana-ingest
 * and pana-transform fill from [coverage] commune_coordinates or a file of
 * the inbox with columns code, latitude, longitude). Demand is the active
 * associations of each commune, supply each structure with coordinates,
 * distance the great-circle distance in km, weighted by the bands
 * [coverage] catchment_km and catchment_weights. Writes accessibility and
 * the two accessibility columns of coverage_summary for the year, in the
 * caller's transaction; without coordinates it writes nothing and returns 0.
 * Reads the associations' counts of assoc_count_build(), run first.
 */
#ifndef PANA_STATS_ACCESS_H
#define PANA_STATS_ACCESS_H

#include <sqlite3.h>

#include "config.h"
#include "err.h"

int access_compute(sqlite3 *db, const struct config *cfg, int year, struct err *e);

#endif
