/*
 * siting: where N new support points would close most of the gap.
 *
 * The points are shared out among EPCIs by the highest averages of
 * Sainte-Laguë (Webster), the method that apportions seats between
 * parties, with the structures each EPCI already has as its starting
 * seats: each point goes in turn to the EPCI with the highest priority
 * A / (S + 0.5), A its active associations, S its structures so far
 * (existing and already allotted); ties go to the smaller EPCI code. The
 * EPCIs outside the registry (no association count: Alsace-Moselle) take
 * no part. Its divisors make it favour neither large nor small
 * territories: the share of points follows the share of associations
 * without bias either way (Balinski and Young, Fair Representation).
 */
#ifndef PANA_STATS_SITING_H
#define PANA_STATS_SITING_H

#include <sqlite3.h>
#include <stddef.h>

#include "coverage.h"
#include "err.h"

struct siting_point {
	size_t unit;		/* index of the EPCI in the units given */
	long before;		/* its structures and points before this one */
	double priority;	/* associations / (before + 0.5) */
};

/* Allots up to points points among u[0..n) (in_registry says who takes
   part, associations is A, structures S) into pt[0..points), in the
   order they are allotted. Returns how many: points, or 0 when no unit
   takes part. */
size_t siting_allot(const struct cov_unit *u, size_t n, size_t points, struct siting_point *pt);

/* What the points change, with the statistics of the report before and
   after. */
struct siting_effect {
	double gini_before, gini_after;
	double blank_before, blank_after;	/* share of associations in an
						   EPCI without a structure */
	long flagged_before, flagged_after;	/* departments under-covered */
};

/* Allots points among epcis[0..nepcis) and measures the effect on the
   departments: dept_of[i] is the index in departments of the department
   holding most of EPCI i's inhabitants, or (size_t)-1. departments are
   left as they were. */
size_t siting_effect(const struct cov_unit *epcis, size_t nepcis, const size_t *dept_of,
		     const struct cov_unit *departments, size_t ndepartments, size_t points,
		     double confidence, double fdr, struct siting_point *pt,
		     struct siting_effect *fx);

/* The siting of the report year into tables siting and siting_effect:
   points new points ([siting] new_points; 0 writes none), dept_of as for
   siting_effect. */
int siting_compute(sqlite3 *db, int year, long points, const struct cov_unit *epcis,
		   size_t nepcis, const size_t *dept_of, const struct cov_unit *departments,
		   size_t ndepartments, double confidence, double fdr, struct err *e);

#endif
