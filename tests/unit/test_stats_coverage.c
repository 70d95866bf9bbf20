/*
 * test_stats_coverage: the coverage statistics against values computed
 * by hand or published by R: poisson.test intervals, p.adjust("BH"), the
 * ineq package's Gini, and a small hand-built set of departments.
 */
#include <stdlib.h>

#include "check.h"
#include <gsl/gsl_cdf.h>

#include "coverage.h"
#include "stats.h"

/* P(X <= k) for X ~ Poisson(mu), by direct summation (not GSL). */
static double ppois(long k, double mu)
{
	double term = exp(-mu), sum = term;

	for (long i = 1; i <= k; i++) {
		term *= mu / (double)i;
		sum += term;
	}
	return sum;
}

static void test_poisson_ci(void)
{
	double lo, hi;

	/* R: poisson.test(10)$conf.int -> 4.795389 18.390356 */
	stats_poisson_ci(10, 1.0, 0.95, &lo, &hi);
	CHECK_NEAR(lo, 4.795389, 1e-6);
	CHECK_NEAR(hi, 18.390356, 1e-6);
	/* R: poisson.test(2, T = 10)$conf.int -> 0.02422093 0.7224688 */
	stats_poisson_ci(2, 10.0, 0.95, &lo, &hi);
	CHECK_NEAR(lo, 0.02422093, 1e-6);
	CHECK_NEAR(hi, 0.7224688, 1e-6);
	/* O = 0: the lower limit is 0; upper qgamma(0.975, 1) = -log(0.025) */
	stats_poisson_ci(0, 2.0, 0.95, &lo, &hi);
	CHECK_NEAR(lo, 0.0, 1e-12);
	CHECK_NEAR(hi, -log(0.025) / 2.0, 1e-9);
	/* Large counts, where GSL's own inversion gives up: the quantiles must
	   still invert the distribution function, and fall within the normal
	   approximation's reach (O +- 1.96 sqrt(O)). */
	{
		static const double shapes[] = { 101, 1160, 2500, 20000, 1e5 };
		static const double ps[] = { 0.025, 0.975, 0.001, 0.999 };

		for (size_t i = 0; i < 5; i++)
			for (size_t k = 0; k < 4; k++) {
				double q = stats_gamma_quantile(ps[k], shapes[i]);

				CHECK_NEAR(gsl_cdf_gamma_P(q, shapes[i], 1.0), ps[k], 1e-9);
			}
		stats_poisson_ci(20000, 20000.0, 0.95, &lo, &hi);
		CHECK(lo > 1 - 2.0 * 1.96 / sqrt(20000) && lo < 1 && hi > 1 &&
		      hi < 1 + 2.0 * 1.96 / sqrt(20000), "[%g, %g]", lo, hi);
	}
	/* E = 0: undefined, not a crash */
	stats_poisson_ci(3, 0.0, 0.95, &lo, &hi);
	CHECK(isnan(lo) && isnan(hi), "E = 0 gives NaN");
}

static void test_bh(void)
{
	/* Hand computation of p.adjust(p, "BH"): sort, m/i * p, running min
	   from the largest, back to the input order. */
	static const struct {
		size_t n;
		double p[6], q[6];
	} v[] = {
		{ 4, { 0.01, 0.04, 0.03, 0.005 }, { 0.02, 0.04, 0.04, 0.02 } },
		{ 4, { 0.05, 0.02, 0.2, 0.9 }, { 0.1, 0.08, 0.2 * 4 / 3, 0.9 } },
		{ 2, { 0.04, 0.041 }, { 0.041, 0.041 } },
		{ 3, { 0.9, 0.8, 0.95 }, { 0.95, 0.95, 0.95 } },
		{ 1, { 0.3 }, { 0.3 } },
		/* R: p.adjust(c(0.001, 0.008, 0.039, 0.041, 0.042, 0.06), "BH")
		   = 0.006 0.024 0.0504 0.0504 0.0504 0.06 */
		{ 6, { 0.001, 0.008, 0.039, 0.041, 0.042, 0.06 },
		  { 0.006, 0.024, 0.0504, 0.0504, 0.0504, 0.06 } },
	};
	double q[6], p[3] = { 0.01, NAN, 0.02 };
	size_t i, k;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		stats_bh(v[i].p, q, v[i].n);
		for (k = 0; k < v[i].n; k++)
			CHECK_NEAR(q[k], v[i].q[k], 1e-12);
	}
	/* NaN is left out of m and stays NaN: m = 2 */
	stats_bh(p, q, 3);
	CHECK_NEAR(q[0], 0.02, 1e-12);
	CHECK(isnan(q[1]), "NaN stays NaN");
	CHECK_NEAR(q[2], 0.02, 1e-12);
}

static void test_gini(void)
{
	/* R: ineq::Gini(c(541, 1463, 2445, 3438, 4437, 5401, 6392, 8304,
	   11904, 22261)) = 0.4620911, each unit of weight 1 */
	static const double x[] = { 541, 1463, 2445, 3438, 4437, 5401, 6392, 8304, 11904, 22261 };
	double one[10], g;
	size_t i;

	for (i = 0; i < 10; i++)
		one[i] = 1;
	g = stats_gini(x, one, 10);
	CHECK_NEAR(g, 0.4620911, 1e-7);
	/* Equal rates: no inequality. Weights then do not matter. */
	{
		double s[] = { 2, 4, 6 }, n[] = { 100, 200, 300 };

		CHECK_NEAR(stats_gini(s, n, 3), 0.0, 1e-12);
	}
	/* Two units, weights 1 and 3, rates 0 and 1: F = 0.25, 1;
	   L = 0, 1; G = 1 - (0.25 * 0 + 0.75 * 1) = 0.25 */
	{
		double s[] = { 0, 3 }, n[] = { 1, 3 };

		CHECK_NEAR(stats_gini(s, n, 2), 0.25, 1e-12);
	}
	/* Not defined: no unit, a single one, or nothing to share. */
	{
		double s[] = { 0, 0, 5 }, n[] = { 10, 20, 0 };

		CHECK(isnan(stats_gini(s, n, 0)), "no unit");
		CHECK(isnan(stats_gini(s + 2, n + 1, 1)), "one unit");
		CHECK(isnan(stats_gini(s, n, 3)), "no structure");
		CHECK(isnan(stats_gini(s + 1, n + 1, 2)), "one unit with n > 0");
	}
}

static void test_compute(void)
{
	struct cov_unit u[4];
	size_t i;

	memset(u, 0, sizeof(u));
	/* Three departments in the registry: sum S = 16, sum N = 4000, so
	   E = N * 16 / 4000 = 4, 8, 4. A fourth outside the registry, with
	   its population only: no E, no test, not in the q-values' family;
	   its structures per 100,000 inhabitants only. */
	for (i = 0; i < 3; i++)
		u[i].in_registry = 1;
	u[0].associations = 1000;
	u[0].structures = u[0].structures_covered = 1;
	u[0].population = 100000;
	u[1].associations = 2000;
	u[1].structures = u[1].structures_covered = 10;
	u[1].population = 300000;
	u[2].associations = 1000;
	u[2].structures = u[2].structures_covered = 5;
	u[2].population = 100000;
	u[3].in_registry = 0;
	u[3].associations = 0;
	u[3].structures = 4;
	u[3].population = 500000;
	coverage_compute(u, 4, 0.95, 0.05);

	CHECK_NEAR(u[0].expected, 4.0, 1e-12);
	CHECK_NEAR(u[1].expected, 8.0, 1e-12);
	CHECK_NEAR(u[2].expected, 4.0, 1e-12);
	CHECK(isnan(u[3].expected), "no E outside the registry");
	CHECK_NEAR(u[0].per_1000_assoc, 1.0, 1e-12);
	CHECK_NEAR(u[1].per_1000_assoc, 5.0, 1e-12);
	CHECK(isnan(u[3].per_1000_assoc), "no rate per association outside the registry");
	CHECK_NEAR(u[3].per_100k_pop, 0.8, 1e-12);
	CHECK_NEAR(u[0].p_value, ppois(1, 4.0), 1e-12);
	/* e^-4 (1 + 4) by hand */
	CHECK_NEAR(u[0].p_value, 5 * exp(-4.0), 1e-12);
	CHECK_NEAR(u[1].p_value, ppois(10, 8.0), 1e-12);
	CHECK_NEAR(u[2].p_value, ppois(5, 4.0), 1e-12);
	CHECK(isnan(u[3].p_value) && isnan(u[3].q_value) && isnan(u[3].oe),
	      "no test outside the registry");
	CHECK_INT(u[3].flagged, 0);
	CHECK_NEAR(u[0].oe, 0.25, 1e-12);
	/* O/E interval: poisson.test(1, T = 4) -> 0.006329226 1.393310 */
	CHECK_NEAR(u[0].oe_low, 0.025317 / 4, 1e-5);
	CHECK_NEAR(u[0].oe_high, 5.571643 / 4, 1e-6);
	/* BH over the three tested p-values, by hand: sorted p(1) =
	   P(X <= 1 | 4) < p(2) = P(X <= 5 | 4) < p(3) = P(X <= 10 | 8);
	   q(3) = p(3), q(2) = min(3/2 p(2), q(3)), q(1) = min(3 p(1), q(2)). */
	{
		double p1 = ppois(1, 4.0), p2 = ppois(5, 4.0), p3 = ppois(10, 8.0);
		double q3 = p3, q2 = fmin(1.5 * p2, q3), q1 = fmin(3 * p1, q2);

		CHECK(p1 < p2 && p2 < p3, "order %g %g %g", p1, p2, p3);
		CHECK_NEAR(u[0].q_value, q1, 1e-12);
		CHECK_NEAR(u[2].q_value, q2, 1e-12);
		CHECK_NEAR(u[1].q_value, q3, 1e-12);
		for (i = 0; i < 3; i++)
			CHECK_INT(u[i].flagged, u[i].q_value <= 0.05);
	}
}

int main(void)
{
	test_poisson_ci();
	test_bh();
	test_gini();
	test_compute();
	return t_done("test_stats_coverage");
}
