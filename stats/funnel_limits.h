/*
 * funnel_limits: the control limits of the funnel plot of departments, into
 * coverage_funnel (schemas/012-funnel-limits.sql), so that the report
 * draws them from the statistics tables. The mathematics is
 * stats_funnel_limit()'s.
 */
#ifndef PANA_STATS_FUNNEL_LIMITS_H
#define PANA_STATS_FUNNEL_LIMITS_H

#include <sqlite3.h>
#include <stddef.h>

#include "coverage.h"
#include "err.h"

/* The probabilities of the curves, the narrowest first. */
#define FUNNEL_LIMITS_N 2
extern const double funnel_limits_probability[FUNNEL_LIMITS_N];

/* How many points per curve, at most (fewer where E < FUNNEL_LIMITS_EMIN). */
#define FUNNEL_LIMITS_POINTS 480
#define FUNNEL_LIMITS_EMIN 0.5

/*
 * Replaces the curves of year for the departments dep[0..n): the points
 * E = H (i / FUNNEL_LIMITS_POINTS)^2, i = 1.., at least FUNNEL_LIMITS_EMIN,
 * with H = 2.5 times the largest E of a department in the registry (the
 * points the chart plots), so that any x axis the chart rounds to is
 * covered. Nothing is written when no department has an E > 0. Returns 0,
 * or -1 with e set.
 */
int funnel_limits_store(sqlite3 *db, int year, const struct cov_unit *dep, size_t n,
			struct err *e);

#endif
