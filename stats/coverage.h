/*
 * coverage: how well support structures cover associations, unit by unit
 * (regions, departments), with GSL.
 *
 * For each unit: O structures against E = N * sum(S) / sum(N) expected from
 * its N active associations. A one-sided Poisson test of under-coverage,
 * P(X <= O | E), Benjamini-Hochberg q-values across the units tested on
 * that measure: those the registry covers. A unit outside the registry
 * (Alsace-Moselle: 57, 67, 68, and the EPCIs with a commune there) has no
 * E, no test and no flag; only its structures per 100,000 inhabitants,
 * shown apart. And the exact interval of O/E from the gamma quantiles (as R's
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

/* The Lorenz curve of structures per association across units[0..n) (the
   units outside the registry left out) into f and l, each of n + 1
   values, its number of points into *npoints when not NULL; returns its
   Gini index (stats_gini_lorenz). */
double coverage_gini(const struct cov_unit *u, size_t n, double *f, double *l, size_t *npoints);

/* The share of the associations of units[0..n) the registry covers that
   live in a unit without any structure, counting added[i] more
   structures in unit i when added is not NULL; NaN without associations. */
double coverage_blank_share(const struct cov_unit *u, size_t n, const long *added);

#endif
