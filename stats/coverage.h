/*
 * coverage: how well support structures cover associations, unit by unit
 * (regions, departments), with GSL.
 *
 * For each unit: O structures against E = N * sum(S) / sum(N) expected from
 * its N active associations; where the registry does not apply (Alsace-
 * Moselle) population stands in for N. A one-sided Poisson test of
 * under-coverage, P(X <= O | E), Benjamini-Hochberg q-values across the
 * units, and the exact interval of O/E from the gamma quantiles (as R's
 * poisson.test); the mathematics is stats.h's. The caller owns the
 * array; nothing is allocated.
 */
#ifndef PANA_STATS_COVERAGE_H
#define PANA_STATS_COVERAGE_H

#include <stddef.h>

struct cov_unit {
	/* inputs */
	char code[16];
	char name[96];
	int in_registry;	/* 0: associations unknown (57, 67, 68) */
	long associations;	/* active, in the covered part of the unit */
	long population;
	long structures;	/* all structures of the unit */
	long structures_covered;	/* in the part the registry covers */
	long diagnostics;
	/* outputs; NaN where not defined */
	double per_1000_assoc, per_100k_pop;
	double expected, oe, oe_low, oe_high, p_value, q_value;
	int flagged;
};

/* Fills the outputs of units[0..n). confidence is the level of the O/E
   intervals (0.95), fdr the level at which q-values flag a unit. */
void coverage_compute(struct cov_unit *u, size_t n, double confidence, double fdr);

#endif
