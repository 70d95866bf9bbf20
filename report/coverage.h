/*
 * coverage: how well support structures cover associations, unit by unit
 * (regions, departments), with GSL.
 *
 * For each unit: O structures against E = N * sum(S) / sum(N) expected from
 * its N active associations; where the registry does not apply (Alsace-
 * Moselle) population stands in for N. A one-sided Poisson test of
 * under-coverage, P(X <= O | E), Benjamini-Hochberg q-values across the
 * units, and the exact interval of O/E from the gamma quantiles (as R's
 * poisson.test). The caller owns the array; nothing is allocated.
 */
#ifndef PANA_REPORT_COVERAGE_H
#define PANA_REPORT_COVERAGE_H

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

/* Benjamini-Hochberg adjusted p-values, as R's p.adjust(p, "BH"); NaN
   entries are left out of the count and stay NaN. */
void coverage_bh(const double *p, double *q, size_t n);

/* Quantile p of the gamma distribution of the given shape (scale 1), also
   for the large shapes where gsl_cdf_gamma_Pinv fails to converge. */
double coverage_gamma_quantile(double p, double shape);

/* Exact Poisson interval for a rate O/E: [lo, hi] at the given level. */
void coverage_poisson_ci(long o, double e, double confidence, double *lo, double *hi);

/* Weighted Gini of the rates x_i = s_i / n_i with weights n_i (units with
   n_i = 0 left out), by the Lorenz-curve formula. NaN when fewer than two
   units are left or the s_i sum to 0: nothing to compare or to share. */
double coverage_gini(const double *s, const double *n, size_t k);

#endif
