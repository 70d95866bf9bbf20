/*
 * test_stats: the statistics of lib/stats.c against independent
 * values only: NIST StRD certified values (data in tests/data/nist), R
 * outputs (methods.md section 7, R's attitude and sleep data sets) and
 * cases derived by hand in the comments. Each check states its tolerance:
 * a value published to k digits is checked to half a unit of the last.
 * Data files are found under $PANA_TOP (default ".").
 */
#include <stdlib.h>

#include <gsl/gsl_rng.h>

#include "check.h"
#include "stats.h"

/* Relative tolerance, as GSL's gsl_test_rel (CHECK_NEAR is absolute below 1). */
#define CHECK_REL(got, want, tol) CHECK(fabs((got) - (want)) <= (tol) * fabs(want), \
	"got %.17g, want %.17g (rel tol %g)", (double)(got), (double)(want), (double)(tol))
/* Absolute tolerance, for values published to a fixed number of decimals. */
#define CHECK_ABS(got, want, tol) CHECK(fabs((got) - (want)) <= (tol), \
	"got %.12g, want %.12g (abs tol %g)", (double)(got), (double)(want), (double)(tol))
#define CHECK_NAN(got) CHECK(isnan(got), "got %.12g, want NaN", (double)(got))

/* Reads the numbers of a data file: '#' lines and, if skip_header, the
   first other line are skipped; fields are separated by commas. Returns
   the count (the caller frees *out), 0 when the file cannot be read. */
static size_t load(const char *rel, int skip_header, double **out)
{
	const char *top = getenv("PANA_TOP");
	char path[1024], line[4096];
	size_t n = 0, cap = 0;
	double *v = NULL;
	FILE *f;

	*out = NULL;
	snprintf(path, sizeof(path), "%s/%s", top && *top ? top : ".", rel);
	f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "cannot open '%s'\n", path);
		return 0;
	}
	while (fgets(line, sizeof(line), f)) {
		char *p = line, *end;

		if (*line == '#' || *line == '\n')
			continue;
		if (skip_header) {
			skip_header = 0;
			continue;
		}
		for (;;) {
			double x = strtod(p, &end);

			if (end == p)
				break;
			if (n == cap) {
				cap = cap ? 2 * cap : 256;
				v = realloc(v, cap * sizeof(*v));
				if (!v)
					abort();
			}
			v[n++] = x;
			p = end;
			while (*p == ',' || *p == ' ')
				p++;
		}
	}
	fclose(f);
	*out = v;
	return n;
}

static void test_nist(void)
{
	/* Certified values and GSL's relative tolerances (statistics/
	   test_nist.c): 1e-15 on every mean; on sd as listed. */
	static const struct {
		const char *file;
		size_t n;
		double mean, sd, tol_sd;
	} set[] = {
		{ "tests/data/nist/Lew.dat", 200, -177.435000000000, 277.332168044316, 1e-15 },
		{ "tests/data/nist/Lottery.dat", 218, 518.958715596330, 291.699727470969, 1e-15 },
		{ "tests/data/nist/Mavro.dat", 50, 2.00185600000000, 0.000429123454003053, 1e-13 },
		{ "tests/data/nist/Michelso.dat", 100, 299.852400000000, 0.0790105478190518, 1e-13 },
	};
	/* NumAcc2-4 (n = 1001): c+0.2, then 500 pairs c+0.1, c+0.3; the
	   values as decimal literals, as NIST defines them. */
	static const struct {
		double first, odd, even, mean, tol_sd;
	} acc[] = {
		{ 1.2, 1.1, 1.3, 1.2, 1e-15 },
		{ 1000000.2, 1000000.1, 1000000.3, 1000000.2, 1e-9 },
		{ 10000000.2, 10000000.1, 10000000.3, 10000000.2, 1e-7 },
	};
	static const double acc1[] = { 10000001, 10000003, 10000002 };
	static double x[1001];
	struct stats_mean m;
	size_t i, k;

	for (i = 0; i < sizeof(set) / sizeof(set[0]); i++) {
		double *v;
		size_t n = load(set[i].file, 0, &v);

		CHECK_INT(n, set[i].n);
		stats_mean_ci(v, n, 0.95, &m);
		CHECK_INT(m.n, set[i].n);
		CHECK_REL(m.mean, set[i].mean, 1e-15);
		CHECK_REL(m.sd, set[i].sd, set[i].tol_sd);
		free(v);
	}
	/* NumAcc1: certified mean 10000002, sd 1 */
	stats_mean_ci(acc1, 3, 0.95, &m);
	CHECK_REL(m.mean, 10000002.0, 1e-15);
	CHECK_REL(m.sd, 1.0, 1e-15);
	/* NumAcc2, 3, 4: certified sd 0.1 */
	for (i = 0; i < sizeof(acc) / sizeof(acc[0]); i++) {
		x[0] = acc[i].first;
		for (k = 1; k < 1001; k += 2) {
			x[k] = acc[i].odd;
			x[k + 1] = acc[i].even;
		}
		stats_mean_ci(x, 1001, 0.95, &m);
		CHECK_INT(m.n, 1001);
		CHECK_REL(m.mean, acc[i].mean, 1e-15);
		CHECK_REL(m.sd, 0.1, acc[i].tol_sd);
	}
}

static void test_mean_ci(void)
{
	static const double x[] = { 1, 2, 3, 4 }, xn[] = { 1, NAN, 2, 3, NAN, 4 };
	static const double same[] = { 3, 3, 3 }, one[] = { 7 }, none[] = { NAN, NAN };
	struct stats_mean m;

	/* mean 2.5; sd = sqrt(5/3) = 1.2909944; t(0.975, 3) = 3.182446305
	   (t table); half-width 3.182446305 * 1.2909944 / 2 = 2.0542603, so
	   [0.4457397, 4.5542603] (the brief's 0.445739 / 4.554261 are these
	   cut, not rounded, to 6 decimals: hence 1e-6 on them). */
	stats_mean_ci(x, 4, 0.95, &m);
	CHECK_INT(m.n, 4);
	CHECK_ABS(m.mean, 2.5, 1e-15);
	CHECK_ABS(m.sd, sqrt(5.0 / 3), 1e-15);
	CHECK_ABS(m.lo, 0.445739, 1e-6);
	CHECK_ABS(m.hi, 4.554261, 1e-6);
	CHECK_ABS(m.lo, 2.5 - 3.182446305 * sqrt(5.0 / 3) / 2, 1e-9);
	CHECK_ABS(m.hi, 2.5 + 3.182446305 * sqrt(5.0 / 3) / 2, 1e-9);
	/* NaN are missing: the same four values */
	stats_mean_ci(xn, 6, 0.95, &m);
	CHECK_INT(m.n, 4);
	CHECK_ABS(m.mean, 2.5, 1e-15);
	CHECK_ABS(m.lo, 2.5 - 3.182446305 * sqrt(5.0 / 3) / 2, 1e-9);
	/* All equal: sd 0, a zero-width interval */
	stats_mean_ci(same, 3, 0.95, &m);
	CHECK_ABS(m.sd, 0.0, 0);
	CHECK_ABS(m.lo, 3.0, 0);
	CHECK_ABS(m.hi, 3.0, 0);
	/* n = 1: a mean, no spread */
	stats_mean_ci(one, 1, 0.95, &m);
	CHECK_INT(m.n, 1);
	CHECK_ABS(m.mean, 7.0, 0);
	CHECK_NAN(m.sd);
	CHECK_NAN(m.lo);
	CHECK_NAN(m.hi);
	/* n = 0, and only missing values */
	stats_mean_ci(x, 0, 0.95, &m);
	CHECK_INT(m.n, 0);
	CHECK_NAN(m.mean);
	CHECK_NAN(m.sd);
	stats_mean_ci(none, 2, 0.95, &m);
	CHECK_INT(m.n, 0);
	CHECK_NAN(m.mean);
	/* A level outside (0, 1): no interval, the rest stands */
	stats_mean_ci(x, 4, 95, &m);
	CHECK_ABS(m.mean, 2.5, 1e-15);
	CHECK_NAN(m.lo);
	CHECK_NAN(m.hi);
}

static void test_quartiles(void)
{
	double x[] = { 8, 3, 5, 1, 7, 2, 6, 4 }, y[] = { NAN, 4, 1, NAN, 3, 2 };
	double z[] = { 5, 1, 4, 2, 3 }, one[] = { 9 }, none[] = { NAN };
	double q1, md, q3;
	size_t i;

	/* Type 7: h = (n - 1) f; n = 8: h = 1.75, 3.5, 5.25, so
	   Q1 = 2 + 0.75 * 1 = 2.75, median 4.5, Q3 = 6 + 0.25 = 6.25 */
	CHECK_INT(stats_quartiles(x, 8, &q1, &md, &q3), 8);
	CHECK_ABS(q1, 2.75, 1e-15);
	CHECK_ABS(md, 4.5, 1e-15);
	CHECK_ABS(q3, 6.25, 1e-15);
	for (i = 0; i < 8; i++)
		CHECK_ABS(x[i], (double)(i + 1), 0);	/* sorted in place */
	/* n = 5: h = 1, 2, 3 fall on the data: 2, 3, 4 */
	stats_quartiles(z, 5, &q1, &md, &q3);
	CHECK_ABS(q1, 2.0, 0);
	CHECK_ABS(md, 3.0, 0);
	CHECK_ABS(q3, 4.0, 0);
	/* NaN left out and moved to the end: 1 2 3 4, h = 0.75, 1.5, 2.25 */
	CHECK_INT(stats_quartiles(y, 6, &q1, &md, &q3), 4);
	CHECK_ABS(q1, 1.75, 1e-15);
	CHECK_ABS(md, 2.5, 1e-15);
	CHECK_ABS(q3, 3.25, 1e-15);
	CHECK(isnan(y[4]) && isnan(y[5]), "NaN at the end");
	/* n = 1 and n = 0 */
	CHECK_INT(stats_quartiles(one, 1, &q1, &md, &q3), 1);
	CHECK(q1 == 9 && md == 9 && q3 == 9, "one value is every quartile");
	CHECK_INT(stats_quartiles(none, 1, &q1, &md, &q3), 0);
	CHECK(isnan(q1) && isnan(md) && isnan(q3), "no value: NaN");
	CHECK_INT(stats_quartiles(x, 0, &q1, &md, &q3), 0);
	CHECK_NAN(md);
}

static void test_wilson(void)
{
	/* R: prop.test(x, n, correct = FALSE)$conf.int, printed to 7 decimals */
	static const struct {
		long x, n;
		double level, lo, hi;
	} v[] = {
		{ 60, 114, 0.95, 0.4353037, 0.6156122 },
		{ 829, 902, 0.95, 0.8994424, 0.9351407 },
		{ 82, 150, 0.99, 0.4422135, 0.6471663 },
		{ 5, 10, 0.95, 0.2365931, 0.7634069 },
	};
	double lo, hi;
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		stats_wilson(v[i].x, v[i].n, v[i].level, &lo, &hi);
		CHECK_ABS(lo, v[i].lo, 5e-8);
		CHECK_ABS(hi, v[i].hi, 5e-8);
	}
	/* x = 0: (z^2 - z sqrt(z^2)) / ... = 0 exactly; x = n: upper 1 */
	stats_wilson(0, 20, 0.95, &lo, &hi);
	CHECK_ABS(lo, 0.0, 1e-15);
	stats_wilson(20, 20, 0.95, &lo, &hi);
	CHECK_ABS(hi, 1.0, 1e-15);
	/* 5/10: symmetric about 1/2 */
	stats_wilson(5, 10, 0.95, &lo, &hi);
	CHECK_ABS(lo + hi, 1.0, 1e-15);
	stats_wilson(3, 0, 0.95, &lo, &hi);
	CHECK(isnan(lo) && isnan(hi), "n = 0: NaN");
	stats_wilson(11, 10, 0.95, &lo, &hi);
	CHECK(isnan(lo) && isnan(hi), "x > n: NaN");
}

static void test_chisq(void)
{
	/* Agresti (2007) p. 39, gender x party: R chisq.test -> X-squared =
	   30.07 (30.0701), df = 2, p-value = 2.954e-07 */
	static const long agresti[] = { 762, 327, 468, 484, 239, 477 };
	/* The same with an empty row and an empty column added */
	static const long padded[] = {
		762, 0, 327, 468,
		0, 0, 0, 0,
		484, 0, 239, 477,
	};
	/* prop.test(c(83, 90, 129, 70), c(86, 93, 136, 82)): successes and
	   failures -> X-squared = 12.6, df = 3, p-value = 0.005585 */
	static const long smokers[] = { 83, 90, 129, 70, 3, 3, 7, 12 };
	static const long one_row[] = { 1, 2, 3 }, neg[] = { 1, -2, 3, 4 };
	static const long zeros[] = { 0, 0, 0, 0 };
	struct stats_chisq c;
	double e[12], r[12];

	CHECK_INT(stats_chisq(agresti, 2, 3, &c), 0);
	CHECK_ABS(c.x2, 30.0701, 5e-5);
	CHECK_INT(c.df, 2);
	CHECK_ABS(c.p, 2.954e-07, 5e-11);
	/* chi-square with 2 df: Q(x) = exp(-x/2) exactly */
	CHECK_REL(c.p, exp(-c.x2 / 2), 1e-12);
	CHECK_ABS(c.n, 2757.0, 0);
	CHECK_INT(c.rows, 2);
	CHECK_INT(c.cols, 3);
	/* V = sqrt(X^2 / (N (2 - 1))) = sqrt(30.0701 / 2757) = 0.1044 */
	CHECK_ABS(c.cramer_v, 0.1044, 5e-5);
	CHECK_REL(c.cramer_v, sqrt(c.x2 / 2757), 1e-15);
	/* R: chisq.test(...)$expected[1, ] and $stdres[1, 1] */
	CHECK_INT(stats_chisq_cells(agresti, 2, 3, e, r), 0);
	CHECK_ABS(e[0], 703.6714, 5e-5);
	CHECK_ABS(e[1], 319.6453, 5e-5);
	CHECK_ABS(e[2], 533.6834, 5e-5);
	CHECK_ABS(r[0], 4.5020535, 5e-8);
	/* E keeps the margins of O: the M row sums to 484 + 239 + 477 */
	CHECK_ABS(e[3] + e[4] + e[5], 1200.0, 1e-9);
	CHECK_INT(stats_chisq_cells(agresti, 2, 3, NULL, NULL), 0);

	/* Empty row and column dropped: the same test, df 2 not 6 */
	CHECK_INT(stats_chisq(padded, 3, 4, &c), 0);
	CHECK_ABS(c.x2, 30.0701, 5e-5);
	CHECK_INT(c.df, 2);
	CHECK_INT(c.rows, 2);
	CHECK_INT(c.cols, 3);
	CHECK_ABS(c.p, 2.954e-07, 5e-11);
	stats_chisq_cells(padded, 3, 4, e, NULL);
	CHECK_ABS(e[0], 703.6714, 5e-5);
	CHECK_NAN(e[1]);
	CHECK_NAN(e[5]);
	/* M row, column "Ind." (327 + 239 = 566): 1200 * 566 / 2757 */
	CHECK_ABS(e[10], 1200.0 * 566 / 2757, 1e-9);

	CHECK_INT(stats_chisq(smokers, 2, 4, &c), 0);
	CHECK_ABS(c.x2, 12.6, 0.05);
	CHECK_INT(c.df, 3);
	CHECK_ABS(c.p, 0.005585, 5e-7);
	/* 3 df: Q(x) = erfc(sqrt(x/2)) + sqrt(2x/pi) exp(-x/2) */
	CHECK_REL(c.p, erfc(sqrt(c.x2 / 2)) + sqrt(2 * c.x2 / M_PI) * exp(-c.x2 / 2), 1e-10);

	/* Undefined: one row, a negative count, nothing at all */
	CHECK_INT(stats_chisq(one_row, 1, 3, &c), -1);
	CHECK_NAN(c.x2);
	CHECK_NAN(c.p);
	CHECK_INT(stats_chisq(neg, 2, 2, &c), -1);
	CHECK_INT(stats_chisq(zeros, 2, 2, &c), -1);
	CHECK_NAN(c.cramer_v);
	CHECK_INT(stats_chisq_cells(zeros, 2, 2, e, r), -1);
	CHECK(isnan(e[0]) && isnan(r[3]), "undefined cells are NaN");
}

static void test_kruskal(void)
{
	/* R: kruskal.test(list(x, y, z)) -> H = 0.77143, df = 2, p = 0.68
	   (0.6799648). By hand: ranks x 4 5 8 9 10 (36), y 3 6 13 14 (36),
	   z 1 2 7 11 12 (33); sum R^2/n = 259.2 + 324 + 217.8 = 801;
	   H = 12 / (14 * 15) * 801 - 45 = 27/35; p = exp(-H/2) with 2 df. */
	static const double x[] = {
		2.9, 3.0, 2.5, 2.6, 3.2,
		3.8, 2.7, 4.0, 2.4,
		2.8, 3.4, 3.7, 2.2, 2.0,
	};
	static const size_t g[] = { 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 2 };
	/* Ties, a missing value and an empty group (index 1):
	   A = {1, 2, 2}, B = {2, 3, 3}. Ranks 1, 3, 3, 3, 5.5, 5.5; R_A = 7,
	   R_B = 14; 12/42 (49/3 + 196/3) - 21 = 7/3; ties: (27 - 3) + (8 - 2)
	   = 30 over 6^3 - 6 = 210, so H = (7/3) / (6/7) = 49/18, df 1,
	   p = erfc(sqrt(H/2)); eta2 = (49/18 - 1) / (6 - 2) = 31/72. */
	static const double t[] = { 1, 2, 2, NAN, 2, 3, 3 };
	static const size_t tg[] = { 0, 0, 0, 2, 2, 2, 2 };
	static const double same[] = { 1, 1, 1, 1 };
	static const size_t sg[] = { 0, 0, 1, 1 }, bad[] = { 0, 0, 1, 5 };
	struct stats_kw k;

	CHECK_INT(stats_kruskal(x, g, 14, 3, &k), 0);
	CHECK_ABS(k.h, 0.77143, 5e-6);
	CHECK_REL(k.h, 27.0 / 35, 1e-14);
	CHECK_INT(k.df, 2);
	CHECK_INT(k.n, 14);
	CHECK_INT(k.groups, 3);
	CHECK_ABS(k.p, 0.6799648, 5e-8);
	CHECK_REL(k.p, exp(-27.0 / 70), 1e-13);
	/* eta2_H = (H - k + 1) / (n - k) = (27/35 - 2) / 11 */
	CHECK_REL(k.eta2, (27.0 / 35 - 2) / 11, 1e-13);

	CHECK_INT(stats_kruskal(t, tg, 7, 3, &k), 0);
	CHECK_INT(k.n, 6);
	CHECK_INT(k.groups, 2);
	CHECK_INT(k.df, 1);
	CHECK_REL(k.h, 49.0 / 18, 1e-14);
	CHECK_REL(k.p, erfc(sqrt(49.0 / 36)), 1e-12);
	CHECK_REL(k.eta2, 31.0 / 72, 1e-13);

	/* Undefined: all tied, one group, a group index out of range */
	CHECK_INT(stats_kruskal(same, sg, 4, 2, &k), -1);
	CHECK_NAN(k.h);
	CHECK_NAN(k.p);
	CHECK_INT(stats_kruskal(x, g, 5, 3, &k), -1);
	CHECK_INT(k.groups, 1);
	CHECK_INT(stats_kruskal(x, bad, 4, 2, &k), -1);
	CHECK_INT(stats_kruskal(x, g, 0, 3, &k), -1);
}

static void test_cronbach(void)
{
	/* Items {1,2,3,4} and {2,1,4,3}: variances 5/3 each; totals
	   {3,3,7,7} have variance 16/3; alpha = 2 (1 - (10/3)/(16/3)) = 0.75.
	   The row with a NaN is dropped. */
	static const double m[] = { 1, 2, 2, 1, 5, NAN, 3, 4, 4, 3 };
	static const double flat[] = { 1, 3, 2, 2, 3, 1 };
	static const double twins[] = { 1, 1, 2, 2, 3, 3 };
	double *v, a;
	size_t n;

	/* R: psych::alpha(attitude)$total$raw_alpha = 0.8431427696 */
	n = load("tests/data/attitude.csv", 1, &v);
	CHECK_INT(n, 30 * 7);
	CHECK_INT(stats_cronbach(v, 30, 7, &a), 0);
	CHECK_ABS(a, 0.8431427696, 5e-11);
	/* A missing answer drops its whole row: 29 complete rows remain,
	   whose alpha is that of the data without row 0. */
	{
		double b;

		v[3] = NAN;
		CHECK_INT(stats_cronbach(v, 30, 7, &a), 0);
		CHECK_INT(stats_cronbach(v + 7, 29, 7, &b), 0);
		CHECK_ABS(a, b, 0);
		CHECK(fabs(a - 0.8431427696) > 1e-6, "row 0 did count before");
	}
	free(v);

	CHECK_INT(stats_cronbach(m, 5, 2, &a), 0);
	CHECK_ABS(a, 0.75, 1e-15);
	/* identical items: alpha 1 */
	CHECK_INT(stats_cronbach(twins, 3, 2, &a), 0);
	CHECK_ABS(a, 1.0, 1e-15);
	/* constant total score: undefined */
	CHECK_INT(stats_cronbach(flat, 3, 2, &a), -1);
	CHECK_NAN(a);
	/* one item, one row, no rows */
	CHECK_INT(stats_cronbach(m, 5, 1, &a), -1);
	CHECK_INT(stats_cronbach(m, 1, 2, &a), -1);
	CHECK_INT(stats_cronbach(m, 0, 2, &a), -1);
	CHECK_NAN(a);
}

static void test_eb(void)
{
	double y[] = { 1, 2, 3, 4, 5 }, d[] = { 0.5, 0.5, 0.5, 0.5, 0.5 };
	double big[] = { 3, 3, 3, 3, 3 }, th[7], tau2, mu;
	size_t i;

	/* Equal D: tau2 = tss/(m-1) - D = 10/4 - 0.5 = 2 by construction;
	   mu = 3 (equal weights); B = 0.5/2.5 = 0.2, so
	   theta = 0.8 y + 0.2 * 3 = 1.4, 2.2, 3.0, 3.8, 4.6. */
	CHECK_INT(stats_eb_normal(y, d, 5, th, &tau2, &mu), 0);
	CHECK_ABS(tau2, 2.0, 1e-14);
	CHECK_ABS(mu, 3.0, 1e-14);
	for (i = 0; i < 5; i++)
		CHECK_ABS(th[i], 0.8 * y[i] + 0.6, 1e-14);
	/* D = 3: 2.5 - 3 < 0, tau2 = 0: everything shrunk to mu */
	CHECK_INT(stats_eb_normal(y, big, 5, th, &tau2, &mu), 0);
	CHECK_ABS(tau2, 0.0, 0);
	for (i = 0; i < 5; i++)
		CHECK_ABS(th[i], 3.0, 1e-14);
	/* Unequal D, tau2 = 0: mu weighs by 1/D. y = 1, 1.2, 0.9 with
	   D = 1, 2, 4: tss = 0.04667 < (2/3) 7; mu = (1 + 0.6 + 0.225) /
	   1.75 = 73/70 */
	{
		double a[] = { 1, 1.2, 0.9 }, b[] = { 1, 2, 4 };

		CHECK_INT(stats_eb_normal(a, b, 3, th, &tau2, &mu), 0);
		CHECK_ABS(tau2, 0.0, 0);
		CHECK_ABS(mu, 73.0 / 70, 1e-14);
		for (i = 0; i < 3; i++)
			CHECK_ABS(th[i], 73.0 / 70, 1e-14);
	}
	/* Unequal D, tau2 > 0: y = 0, 2, 10; D = 1, 1, 4. ybar = 4,
	   tss = 56, (1 - 1/3) 6 = 4, tau2 = 52/2 = 26. Weights 1/27, 1/27,
	   1/30: mu = (2/27 + 1/3) / (2/27 + 1/30) = 110/29. B = 1/27, 1/27,
	   4/30: theta = 110/783, 1618/783, 798/87. */
	{
		double a[] = { 0, 2, 10 }, b[] = { 1, 1, 4 };

		CHECK_INT(stats_eb_normal(a, b, 3, th, &tau2, &mu), 0);
		CHECK_ABS(tau2, 26.0, 1e-13);
		CHECK_ABS(mu, 110.0 / 29, 1e-14);
		CHECK_ABS(th[0], 110.0 / 783, 1e-14);
		CHECK_ABS(th[1], 1618.0 / 783, 1e-14);
		CHECK_ABS(th[2], 798.0 / 87, 1e-14);
	}
	/* Left out: a NaN mean, D = 0 and D NaN; the rest is the first case.
	   shrunk aliases mean. */
	{
		double a[] = { 1, NAN, 2, 3, 7, 4, 8, 5 };
		double b[] = { 0.5, 0.5, 0.5, 0.5, 0, 0.5, NAN, 0.5 };

		CHECK_INT(stats_eb_normal(a, b, 8, a, &tau2, &mu), 0);
		CHECK_ABS(tau2, 2.0, 1e-14);
		CHECK_ABS(mu, 3.0, 1e-14);
		CHECK_ABS(a[0], 1.4, 1e-14);
		CHECK_NAN(a[1]);
		CHECK_ABS(a[2], 2.2, 1e-14);
		CHECK_ABS(a[3], 3.0, 1e-14);
		CHECK_NAN(a[4]);
		CHECK_ABS(a[5], 3.8, 1e-14);
		CHECK_NAN(a[6]);
		CHECK_ABS(a[7], 4.6, 1e-14);
	}
	/* Fewer than two usable areas */
	{
		double a[] = { 1, NAN }, b[] = { 0.5, 0.5 };

		CHECK_INT(stats_eb_normal(a, b, 2, th, &tau2, &mu), -1);
		CHECK(isnan(th[0]) && isnan(th[1]) && isnan(tau2) && isnan(mu),
			"one area: NaN");
		CHECK_INT(stats_eb_normal(a, b, 0, th, NULL, NULL), -1);
	}
}

/* P(|T| <= t) for Student's t with an even number of df, closed form
   (no GSL): t / sqrt(nu + t^2) * sum_{j < nu/2} C(2j, j) / 4^j q^j,
   with q = nu / (nu + t^2). */
static double t_central_even(double t, int nu)
{
	double q = nu / (nu + t * t), s = 0, c = 1, qj = 1;

	for (int j = 0; j < nu / 2; j++) {
		s += c * qj;
		qj *= q;
		c *= (2.0 * j + 1) / (2.0 * j + 2);
	}
	return t / sqrt(nu + t * t) * s;
}

static void test_welch(void)
{
	/* R's sleep data (datasets/data/sleep.R): t.test(extra ~ group,
	   data = sleep) -> t = -1.8608, df = 17.776, p-value = 0.07939, 95 %
	   interval of mean1 - mean2 = [-3.3654832, 0.2054832], means 0.75
	   and 2.33. Here diff is mean2 - mean1, so the interval flips. */
	static const double g1[] = { 0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0, 2 };
	static const double g2[] = { 1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4 };
	struct stats_mean a, b;
	struct stats_diff d;

	stats_mean_ci(g1, 10, 0.95, &a);
	stats_mean_ci(g2, 10, 0.95, &b);
	CHECK_ABS(a.mean, 0.75, 1e-14);
	CHECK_ABS(b.mean, 2.33, 1e-14);
	CHECK_INT(stats_welch(a.mean, a.sd, 10, b.mean, b.sd, 10, 0.95, &d), 0);
	CHECK_ABS(d.diff, 1.58, 1e-14);
	CHECK_ABS(d.diff / d.se, 1.8608, 5e-5);
	CHECK_ABS(d.df, 17.776, 5e-4);
	CHECK_ABS(d.p, 0.07939, 5e-6);
	CHECK_ABS(d.lo, -0.2054832, 5e-8);
	CHECK_ABS(d.hi, 3.3654832, 5e-8);

	/* {1,2,3,4} (mean 2.5, var 5/3) vs {2,4,6,8,10} (mean 6, var 10):
	   v1 = 5/12, v2 = 2, SE^2 = 29/12; df = (29/12)^2 / ((5/12)^2/3 +
	   2^2/4) = (841/144) / (457/432) = 2523/457 = 5.5208 */
	CHECK_INT(stats_welch(2.5, sqrt(5.0 / 3), 4, 6, sqrt(10.0), 5, 0.95, &d), 0);
	CHECK_ABS(d.diff, 3.5, 1e-15);
	CHECK_ABS(d.se, sqrt(29.0 / 12), 1e-14);
	CHECK_ABS(d.df, 2523.0 / 457, 1e-12);

	/* {1,2,3,4} vs {3,4,5,6}: equal n and sd, so df = 2 (n - 1) = 6;
	   SE = sqrt(2 * 5/12) = 0.9128709, t = 2/SE = sqrt(4.8);
	   t(0.975, 6) = 2.446912 (t table): 2 -+ 2.2337147; with q = 6/10.8
	   = 5/9 and t/sqrt(6 + t^2) = 2/3: P(|T| <= t) = 2/3 (1 + 5/18 +
	   75/648) = 1806/1944, so p = 138/1944 = 23/324. */
	CHECK_INT(stats_welch(2.5, sqrt(5.0 / 3), 4, 4.5, sqrt(5.0 / 3), 4, 0.95, &d), 0);
	CHECK_ABS(d.df, 6.0, 1e-12);
	CHECK_ABS(d.se, sqrt(5.0 / 6), 1e-15);
	CHECK_ABS(d.lo, 2 - 2.446912 * sqrt(5.0 / 6), 1e-6);
	CHECK_ABS(d.hi, 2 + 2.446912 * sqrt(5.0 / 6), 1e-6);
	CHECK_ABS(d.p, 23.0 / 324, 1e-12);
	CHECK_ABS(d.p, 1 - t_central_even(sqrt(4.8), 6), 1e-12);

	/* Both sd 0: a difference, nothing to test */
	CHECK_INT(stats_welch(1, 0, 5, 2, 0, 5, 0.95, &d), 0);
	CHECK_ABS(d.diff, 1.0, 0);
	CHECK(isnan(d.se) && isnan(d.df) && isnan(d.p) && isnan(d.lo), "no spread: NaN");
	/* n < 2, negative sd, NaN mean */
	CHECK_INT(stats_welch(1, 1, 1, 2, 1, 5, 0.95, &d), -1);
	CHECK_NAN(d.diff);
	CHECK_INT(stats_welch(1, -1, 5, 2, 1, 5, 0.95, &d), -1);
	CHECK_INT(stats_welch(NAN, 1, 5, 2, 1, 5, 0.95, &d), -1);
}

static void test_newcombe(void)
{
	/* 56/70 vs 48/80 (Newcombe 1998's first example), derived by hand
	   from the Wilson limits (z = 1.959964): group 1 [0.6918336,
	   0.8769526], group 2 [0.4904547, 0.7003817]. diff = 0.6 - 0.8 =
	   -0.2; lo = -0.2 - sqrt((0.6 - 0.4904547)^2 + (0.8769526 - 0.8)^2)
	   = -0.3338727; hi = -0.2 + sqrt((0.7003817 - 0.6)^2 + (0.8 -
	   0.6918336)^2) = -0.0524315. (For p1 - p2: [0.0524, 0.3339].)
	   z test: pbar = 104/150, z = -0.2 / sqrt(pbar (1 - pbar)(1/70 +
	   1/80)) = -2.650172, p = erfc(|z| / sqrt 2) = 0.008045. */
	static const long t[] = { 56, 14, 48, 32 };
	double l1, u1, l2, u2, pbar = 104.0 / 150;
	struct stats_diff d, e;
	struct stats_chisq c;

	stats_wilson(56, 70, 0.95, &l1, &u1);
	stats_wilson(48, 80, 0.95, &l2, &u2);
	CHECK_ABS(l1, 0.6918336, 5e-8);
	CHECK_ABS(u1, 0.8769526, 5e-8);
	CHECK_ABS(l2, 0.4904547, 5e-8);
	CHECK_ABS(u2, 0.7003817, 5e-8);
	CHECK_INT(stats_newcombe(56, 70, 48, 80, 0.95, &d), 0);
	CHECK_ABS(d.diff, -0.2, 1e-15);
	CHECK_ABS(d.lo, -0.3338727, 5e-8);
	CHECK_ABS(d.hi, -0.0524315, 5e-8);
	CHECK_ABS(d.se, sqrt(pbar * (1 - pbar) * (1.0 / 70 + 1.0 / 80)), 1e-15);
	CHECK_ABS(d.diff / d.se, -2.650172, 5e-7);
	CHECK_REL(d.p, erfc(2.650172 / sqrt(2.0)), 1e-6);
	CHECK(isnan(d.df), "normal reference: df NaN");
	/* z^2 is the 2 x 2 Pearson X^2, and the p-values agree */
	stats_chisq(t, 2, 2, &c);
	CHECK_REL(c.x2, (d.diff / d.se) * (d.diff / d.se), 1e-12);
	CHECK_REL(c.p, d.p, 1e-10);
	/* Swapping the groups negates the difference and its interval */
	stats_newcombe(48, 80, 56, 70, 0.95, &e);
	CHECK_ABS(e.lo, -d.hi, 1e-15);
	CHECK_ABS(e.hi, -d.lo, 1e-15);
	CHECK_ABS(e.p, d.p, 1e-15);
	/* 0/n twice: the interval stands ([-u1, u2]), the test does not */
	CHECK_INT(stats_newcombe(0, 10, 0, 20, 0.95, &d), 0);
	stats_wilson(0, 10, 0.95, &l1, &u1);
	stats_wilson(0, 20, 0.95, &l2, &u2);
	CHECK_ABS(d.lo, -u1, 1e-15);
	CHECK_ABS(d.hi, u2, 1e-15);
	CHECK(isnan(d.p) && isnan(d.se), "pbar = 0: no test");
	CHECK_INT(stats_newcombe(1, 0, 2, 5, 0.95, &d), -1);
	CHECK_NAN(d.diff);
	CHECK_INT(stats_newcombe(6, 5, 2, 5, 0.95, &d), -1);
}

static void test_rake(void)
{
	/* 2 x 2, counts [[1, 2], [3, 6]] (rank one: rows in proportion),
	   weights 1, rows to 40/60, columns to 50/50. The raked table is
	   R_a C_b / N = 20, 20, 30, 30, so the weights are 20/1, 20/2, 30/3
	   and 30/6. One sweep reaches it: rows scale by 40/3 and 60/9
	   (13.33, 26.67 | 20, 40), then columns by 1.5 and 0.75. */
	static const int row[] = { 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1 };
	static const int col[] = { 0, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1 };
	static const double want[] = { 20, 10, 10, 10, 10, 10, 5, 5, 5, 5, 5, 5 };
	static const double trow[] = { 40, 60 }, tcol[] = { 50, 50 };
	const int *cat[] = { row, col };
	const double *target[] = { trow, tcol };
	const size_t ncat[] = { 2, 2 };
	double w[12];
	size_t i;
	int it;

	for (i = 0; i < 12; i++)
		w[i] = 1;
	CHECK_INT(stats_rake(w, 12, cat, target, ncat, 2, 1e-9, 50, &it), 0);
	CHECK_INT(it, 1);
	for (i = 0; i < 12; i++)
		CHECK_ABS(w[i], want[i], 1e-12);
	/* Already raked: no sweep */
	CHECK_INT(stats_rake(w, 12, cat, target, ncat, 2, 1e-9, 50, &it), 0);
	CHECK_INT(it, 0);
	/* Kish on the raked weights 20, 5 x 10, 6 x 5: 100^2 / (400 + 500
	   + 150) */
	CHECK_ABS(stats_kish(w, 12), 10000.0 / 1050, 1e-12);

	/* Only the diagonal cells hold units: row 0 is column 0, yet the
	   targets say 50 and 30. No weights fit; IPF swings forever. */
	{
		static const int r2[] = { 0, 0, 1, 1 }, c2[] = { 0, 0, 1, 1 };
		static const double tr[] = { 50, 50 }, tc[] = { 30, 70 };
		const int *k2[] = { r2, c2 };
		const double *t2[] = { tr, tc };

		for (i = 0; i < 4; i++)
			w[i] = 1;
		CHECK_INT(stats_rake(w, 4, k2, t2, ncat, 2, 1e-6, 100, &it), -1);
		CHECK_INT(it, 100);
	}
	/* A positive target on a category with no unit: -1 at once, w
	   unchanged. And a category out of range. */
	{
		static const int r3[] = { 0, 0, 0 }, bad[] = { 0, 2, 1 };
		static const double tr[] = { 2, 1 };
		const int *k3[] = { r3 }, *kb[] = { bad };
		const double *t3[] = { tr };

		for (i = 0; i < 3; i++)
			w[i] = 1;
		CHECK_INT(stats_rake(w, 3, k3, t3, ncat, 1, 1e-6, 100, &it), -1);
		CHECK_INT(it, 0);
		CHECK(w[0] == 1 && w[1] == 1 && w[2] == 1, "w unchanged");
		CHECK_INT(stats_rake(w, 3, kb, t3, ncat, 1, 1e-6, 100, &it), -1);
		CHECK(w[0] == 1 && w[1] == 1 && w[2] == 1, "w unchanged");
	}
	/* A zero target empties its category: one margin, one sweep */
	{
		static const int r4[] = { 0, 1, 1, 2 };
		static const double tr[] = { 6, 0, 4 };
		const int *k4[] = { r4 };
		const double *t4[] = { tr };
		const size_t n4[] = { 3 };

		for (i = 0; i < 4; i++)
			w[i] = 2;
		CHECK_INT(stats_rake(w, 4, k4, t4, n4, 1, 1e-9, 10, &it), 0);
		CHECK_INT(it, 1);
		CHECK(w[0] == 6 && w[1] == 0 && w[2] == 0 && w[3] == 4, "w = 6 0 0 4");
	}
	/* Three margins on 60 units, unequal start weights, no empty cell:
	   converges, every margin within epsilon. */
	{
		int a[60], b[60], c[60];
		static const double ta[] = { 300, 500, 200 }, tb[] = { 450, 550 };
		static const double tc[] = { 100, 250, 400, 250 };
		const int *k5[] = { a, b, c };
		const double *t5[] = { ta, tb, tc };
		const size_t n5[] = { 3, 2, 4 };
		double s[4];
		size_t v, j;

		for (i = 0; i < 60; i++) {
			a[i] = (int)(i % 3);
			b[i] = (int)(i / 3 % 2);
			c[i] = (int)(i / 6 % 4);
		}
		{
			double w5[60];

			for (i = 0; i < 60; i++)
				w5[i] = 1 + (double)(i % 7);
			CHECK_INT(stats_rake(w5, 60, k5, t5, n5, 3, 1e-8, 200, &it), 0);
			CHECK(it > 1, "several sweeps (%d)", it);
			for (v = 0; v < 3; v++) {
				for (j = 0; j < n5[v]; j++)
					s[j] = 0;
				for (i = 0; i < 60; i++)
					s[k5[v][i]] += w5[i];
				for (j = 0; j < n5[v]; j++)
					CHECK_ABS(s[j], t5[v][j], 1e-8);
			}
		}
	}
	/* Kish: n for equal weights; (1 + 3)^2 / (1 + 9) = 16/10 */
	{
		static const double ones[] = { 1, 1, 1, 1 }, w2[] = { 1, 3 }, z[] = { 0, 0 };

		CHECK_ABS(stats_kish(ones, 4), 4.0, 1e-15);
		CHECK_ABS(stats_kish(w2, 2), 1.6, 1e-15);
		CHECK_NAN(stats_kish(ones, 0));
		CHECK_NAN(stats_kish(z, 2));
	}
}

/* Demand and supply points on a plane; distance in km. */
struct plane {
	const double *dx, *dy, *sx, *sy;
	size_t calls;
};

static double plane_dist(size_t i, size_t j, void *arg)
{
	struct plane *p = arg;

	p->calls++;
	return hypot(p->dx[i] - p->sx[j], p->dy[i] - p->sy[j]);
}

static double matrix_dist(size_t i, size_t j, void *arg)
{
	const double *m = arg;

	return m[i * 2 + j];
}

static void test_e2sfca(void)
{
	static const double edge[] = { 10, 20, 30 }, weight[] = { 1.00, 0.68, 0.22 };
	const struct stats_bands bands = { edge, weight, 3 };
	/* 2 supply points (S = 10, 20), 3 demand points (P = 100, 200, 300).
	   Demand 0: 5 km from S0 (1), 25 km from S1 (0.22); demand 1: 15 km
	   (0.68) and exactly 10 km (the edge: band 1, weight 1); demand 2:
	   beyond 30 km of both.
	   R0 = 10 / (100 + 0.68 * 200) = 10/236; R1 = 20 / (0.22 * 100 +
	   200) = 20/222. A0 = R0 + 0.22 R1 = 0.0423729 + 0.0198198 =
	   0.0621927; A1 = 0.68 R0 + R1 = 0.0288136 + 0.0900901 = 0.1189036
	   (to 7 decimals); A2 = NaN. 100 A0 + 200 A1 = 10 + 20. */
	static const double S[] = { 10, 20 }, P[] = { 100, 200, 300 };
	static const double D[] = { 5, 25, 15, 10, 40, 50 };
	double a[25], b[25];
	size_t dropped;

	CHECK_INT(stats_e2sfca(S, 2, P, 3, D, NULL, NULL, &bands, a, &dropped), 0);
	CHECK_INT(dropped, 0);
	CHECK_ABS(a[0], 10.0 / 236 + 0.22 * 20 / 222, 1e-15);
	CHECK_ABS(a[1], 0.68 * 10 / 236 + 20.0 / 222, 1e-15);
	CHECK_ABS(a[0], 0.0621927, 5e-8);
	CHECK_ABS(a[1], 0.1189036, 5e-8);
	CHECK_NAN(a[2]);
	CHECK_ABS(100 * a[0] + 200 * a[1], 30.0, 1e-12);
	/* The same through a callback */
	CHECK_INT(stats_e2sfca(S, 2, P, 3, NULL, matrix_dist, (void *)D, &bands, b, NULL), 0);
	CHECK(a[0] == b[0] && a[1] == b[1] && isnan(b[2]), "callback = matrix");

	/* Supply with no demand in reach is dropped: move demand 0 and 1
	   out of S1's reach; S1 keeps none, and A counts S0 only. */
	{
		static const double D2[] = { 5, 31, 15, NAN, 40, 50 };

		CHECK_INT(stats_e2sfca(S, 2, P, 3, D2, NULL, NULL, &bands, a, &dropped), 0);
		CHECK_INT(dropped, 1);
		CHECK_ABS(a[0], 10.0 / 236, 1e-15);
		CHECK_ABS(a[1], 0.68 * 10 / 236, 1e-15);
		CHECK_NAN(a[2]);
		CHECK_ABS(100 * a[0] + 200 * a[1], 10.0, 1e-12);
	}

	/* Invariant on a random plane: sum P_i A_i = sum of S_j over the
	   supply points that some positive demand is within 30 km of. The
	   last supply point is put far away, so that one at least drops. */
	{
		double dx[25], dy[25], sx[7], sy[7], p[25], s[7], kept = 0, sum = 0;
		struct plane pl = { dx, dy, sx, sy, 0 };
		gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
		size_t i, j, nkept = 0, outside = 0;
		int keep[7] = { 0 };

		if (!r)
			abort();
		gsl_rng_set(r, 20240601);
		for (i = 0; i < 25; i++) {
			dx[i] = 80 * gsl_rng_uniform(r);
			dy[i] = 80 * gsl_rng_uniform(r);
			p[i] = i % 6 ? (double)(1 + gsl_rng_uniform_int(r, 500)) : 0;
		}
		for (j = 0; j < 7; j++) {
			sx[j] = 80 * gsl_rng_uniform(r);
			sy[j] = 80 * gsl_rng_uniform(r);
			s[j] = 1 + 9 * gsl_rng_uniform(r);
		}
		gsl_rng_free(r);
		sx[6] = sy[6] = 200;
		for (j = 0; j < 7; j++)
			for (i = 0; i < 25; i++)
				if (p[i] > 0 && hypot(dx[i] - sx[j], dy[i] - sy[j]) <= 30) {
					kept += s[j];
					nkept++;
					keep[j] = 1;
					break;
				}
		CHECK_INT(stats_e2sfca(s, 7, p, 25, NULL, plane_dist, &pl, &bands, a, &dropped), 0);
		CHECK(pl.calls <= 2 * 7 * 25, "at most two calls per pair (%zu)", pl.calls);
		for (i = 0; i < 25; i++) {
			if (isnan(a[i]))
				outside++;
			else
				sum += p[i] * a[i];
		}
		CHECK(nkept > 0, "some supply reaches demand");
		CHECK_INT(dropped, 7 - nkept);
		CHECK(dropped >= 1, "the far supply point drops");
		CHECK_REL(sum, kept, 1e-12);
		/* A point is outside when no kept supply is within 30 km */
		for (i = 0; i < 25; i++) {
			int in = 0;

			for (j = 0; j < 7; j++)
				in |= keep[j] && hypot(dx[i] - sx[j], dy[i] - sy[j]) <= 30;
			outside -= !in;
		}
		CHECK_INT(outside, 0);
	}

	/* Bad input: bands not increasing, negative demand, no distances */
	{
		static const double e2[] = { 10, 10 }, w2[] = { 1, 0.5 }, neg[] = { 1, -1, 1 };
		const struct stats_bands bad = { e2, w2, 2 };

		CHECK_INT(stats_e2sfca(S, 2, P, 3, D, NULL, NULL, &bad, a, NULL), -1);
		CHECK_NAN(a[0]);
		CHECK_INT(stats_e2sfca(S, 2, neg, 3, D, NULL, NULL, &bands, a, NULL), -1);
		CHECK_INT(stats_e2sfca(S, 2, P, 3, NULL, NULL, NULL, &bands, a, NULL), -1);
		CHECK_INT(stats_e2sfca(S, 0, P, 3, D, NULL, NULL, &bands, a, &dropped), 0);
		CHECK(isnan(a[0]) && isnan(a[1]) && dropped == 0, "no supply: NaN");
	}
}

/* Lorenz points and Gini, derived by hand. */
static void test_lorenz(void)
{
	double f[4], l[4];

	{
		/* Rates 3 and 1 (the unit with n = 0 is left out), sorted
		   rising: F = 0, 1/2, 1; L = 0, 1/4, 1; G = 1 - (1/2 * 1/4 +
		   1/2 * 5/4) = 1/4. */
		double s[] = { 3, 1, 5 }, n[] = { 1, 1, 0 };

		CHECK(stats_lorenz(s, n, 3, f, l) == 3, "two units kept, three points");
		CHECK_ABS(f[1], 0.5, 1e-15);
		CHECK_ABS(l[1], 0.25, 1e-15);
		CHECK_ABS(f[2], 1, 1e-15);
		CHECK_ABS(l[2], 1, 1e-15);
		CHECK_ABS(stats_gini_lorenz(f, l, 3), 0.25, 1e-12);
		CHECK_ABS(stats_gini(s, n, 3), 0.25, 1e-12);
	}
	{
		/* Equal rates: the diagonal, ties in input order. */
		double s[] = { 2, 1 }, n[] = { 2, 1 };

		CHECK(stats_lorenz(s, n, 2, f, l) == 3, "three points");
		CHECK_ABS(f[1], 2.0 / 3, 1e-15);
		CHECK_ABS(stats_gini(s, n, 2), 0, 1e-12);
	}
	{
		/* Nothing shared, or one unit: no Gini. */
		double s[] = { 0, 0 }, n[] = { 1, 1 };

		CHECK(isnan(stats_gini(s, n, 2)), "no structure: NaN");
		CHECK(isnan(stats_gini(s, n, 1)), "one unit: NaN");
		CHECK(stats_lorenz(s, n, 0, f, l) == 1 && f[0] == 0 && l[0] == 0,
		      "no unit: the origin alone");
	}
	CHECK(isnan(stats_gamma_quantile(0, 5)) && isnan(stats_gamma_quantile(0.5, 0)),
	      "gamma quantile: NaN outside its domain");
	CHECK(isnan(stats_funnel_limit(0, 0.5)), "funnel limit: NaN for E = 0");
}

int main(void)
{
	test_nist();
	test_mean_ci();
	test_quartiles();
	test_wilson();
	test_chisq();
	test_kruskal();
	test_cronbach();
	test_eb();
	test_welch();
	test_newcombe();
	test_rake();
	test_e2sfca();
	test_lorenz();
	return t_done("test_stats");
}
