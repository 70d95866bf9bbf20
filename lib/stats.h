/*
 * stats: the statistics of the report, as pure functions over arrays, with
 * GSL (methods and reference values: shared/reference/methods.md). No
 * SQLite, no I/O, no global state.
 *
 * Conventions shared by every function:
 * - NaN means "not defined" in outputs, and "missing" in inputs where a
 *   function says so; a function that cannot compute a statistic fills
 *   its outputs with NaN rather than failing loudly.
 * - Functions returning int give 0 when the statistic is defined and -1
 *   when it is not (too few values, bad input such as a negative count or
 *   a group index out of range); -1 is not an error message, only a
 *   signal: the caller decides what to say.
 * - level is a confidence level in (0, 1), such as 0.95; any other value
 *   gives NaN intervals.
 * - Ownership: the caller owns every array passed in or out; nothing is
 *   allocated for the caller. Scratch memory is freed before returning;
 *   an allocation failure aborts, as elsewhere in pana.
 * - Differences are always "second minus first" (year 2 minus year 1).
 * Every caller (coverage, the funnel and Lorenz charts, the document)
 * uses these and keeps no copy of its own.
 */
#ifndef PANA_STATS_H
#define PANA_STATS_H

#include <stddef.h>

struct stats_mean {
	size_t n;		/* values used, NaN left out */
	double mean;		/* NaN when n = 0 */
	double sd;		/* n - 1 denominator; NaN when n < 2 */
	double lo, hi;		/* t interval of the mean; NaN when n < 2 */
};

/* Mean, standard deviation and Student t interval
   mean +- t(1 - (1 - level) / 2, n - 1) * sd / sqrt(n) of x[0..n).
   NaN entries are missing values and are left out. */
void stats_mean_ci(const double *x, size_t n, double level, struct stats_mean *out);

/* Median and quartiles of x[0..n) as R's quantile(type = 7). x is
   reordered in place: its NaN entries (missing, left out) are moved to
   the end and the others sorted ascending. Returns the number of values
   used; when it is 0 the three outputs are NaN. */
size_t stats_quartiles(double *x, size_t n, double *q1, double *median, double *q3);

/* Wilson score interval of the proportion x / n (prop.test without
   continuity correction). NaN when n <= 0 or x is not in [0, n]. */
void stats_wilson(long x, long n, double level, double *lo, double *hi);

struct stats_chisq {
	size_t rows, cols;	/* kept, after dropping all-zero rows and columns */
	double n;		/* total count */
	double x2;		/* Pearson X^2, no continuity correction */
	long df;		/* (rows - 1)(cols - 1) of the kept table */
	double p;		/* upper tail of chi-square(df) */
	double cramer_v;	/* sqrt(X^2 / (n (min(rows, cols) - 1))) */
};

/* Pearson chi-square test of independence on table[rows * cols] (row-
   major counts). Rows and columns that are all zero are dropped before
   the test, and df counts only the kept ones. Returns -1 (outputs NaN,
   df 0) on a negative count, or when fewer than two rows or two columns
   remain. A 2 x k table of successes and failures gives R's k-sample
   prop.test(correct = FALSE). */
int stats_chisq(const long *table, size_t rows, size_t cols, struct stats_chisq *out);

/* Cell by cell companions of stats_chisq on the same table: expected
   counts R_r C_c / N and standardised residuals (O - E) /
   sqrt(E (1 - R_r / N)(1 - C_c / N)) (R's chisq.test()$stdres), each
   rows * cols row-major in the shape of the input; either may be NULL.
   Cells of dropped rows or columns are NaN. Returns -1 as stats_chisq. */
int stats_chisq_cells(const long *table, size_t rows, size_t cols,
	double *expected, double *stdres);

struct stats_kw {
	size_t n;		/* values used, NaN left out */
	size_t groups;		/* non-empty groups */
	double h;		/* Kruskal-Wallis H, corrected for ties */
	long df;		/* groups - 1 */
	double p;		/* upper tail of chi-square(df) */
	double eta2;		/* (H - groups + 1) / (n - groups); NaN if n = groups */
};

/* Kruskal-Wallis test of x[i] across groups group[i] in [0, ngroups),
   with mid-ranks for ties and the tie correction of H (as R's
   kruskal.test). NaN values are missing and left out; empty groups do not
   count. Returns -1 (outputs NaN) when a group index is out of range,
   fewer than two groups are non-empty, or all values are tied. */
int stats_kruskal(const double *x, const size_t *group, size_t n, size_t ngroups,
	struct stats_kw *out);

/* Cronbach's alpha k / (k - 1) (1 - sum s_j^2 / s_T^2) of m[rows * cols]
   (row-major: respondents in rows, items in columns), from the complete
   rows only: a row holding a NaN is dropped. Returns -1 (*alpha NaN) when
   cols < 2, fewer than two rows are complete, or the total score does not
   vary. */
int stats_cronbach(const double *m, size_t rows, size_t cols, double *alpha);

/* Normal-normal empirical Bayes (Fay-Herriot, intercept only) over m
   areas with direct means mean[r] and sampling variances of those means
   var_of_mean[r] = D_r (s^2 / n_r). tau2 is the method-of-moments
   between-area variance max(0, [sum (y_r - ybar)^2 - (1 - 1/m) sum D_r]
   / (m - 1)), mu the precision-weighted mean with weights 1 / (tau2 +
   D_r), and shrunk[r] = (1 - B_r) y_r + B_r mu with B_r = D_r / (tau2 +
   D_r). An area whose mean is NaN or whose D_r is NaN or not > 0 is left
   out of the fit (m counts the others) and gets shrunk[r] = NaN. Returns
   -1 (everything NaN) when fewer than two areas are usable. shrunk may
   alias mean. tau2 and mu may be NULL. */
int stats_eb_normal(const double *mean, const double *var_of_mean, size_t m,
	double *shrunk, double *tau2, double *mu);

struct stats_diff {
	double diff;		/* second minus first */
	double se;		/* its standard error (see each function) */
	double df;		/* degrees of freedom; NaN for a normal reference */
	double lo, hi;		/* interval of diff */
	double p;		/* two-sided p-value of diff = 0 */
};

/* Welch two-sample comparison of means from summaries: diff = mean2 -
   mean1, se = sqrt(sd1^2/n1 + sd2^2/n2), Welch-Satterthwaite df, t
   interval and two-sided t p-value (R's t.test(var.equal = FALSE)). n1
   and n2 may be effective sizes (not integers). Returns -1 (all NaN) when
   an input is NaN, an sd is negative or an n below 2; when both sd are 0,
   diff is set and the rest is NaN (returns 0). */
int stats_welch(double mean1, double sd1, double n1, double mean2, double sd2,
	double n2, double level, struct stats_diff *out);

/* Difference of proportions diff = x2/n2 - x1/n1 with Newcombe's hybrid
   score interval from the two Wilson intervals (Newcombe 1998, method
   10), and the pooled z test (z^2 = prop.test(correct = FALSE) X^2): se
   is the pooled sqrt(pbar (1 - pbar)(1/n1 + 1/n2)), df NaN. When pbar is
   0 or 1 the interval stands but se and p are NaN. Returns -1 (all NaN)
   when n1 or n2 <= 0 or a count is outside [0, n]. */
int stats_newcombe(long x1, long n1, long x2, long n2, double level,
	struct stats_diff *out);

/* Raking (iterative proportional fitting) of the weights w[0..n), in
   place. For each margin v < nmargins, cat[v][i] in [0, ncat[v]) is the
   category of unit i and target[v][c] >= 0 the total its weights must
   reach. Sweeps adjust each margin in turn, w_i *= T_vc / sum_c w, until
   max over all v, c of |sum_c w - T_vc| < epsilon (absolute, in units of
   weight), at most maxit sweeps. *iterations (may be NULL) is the number
   of sweeps made, 0 when w already fits. Units in a category whose
   target is 0 end with weight 0. Returns 0 when converged, -1 otherwise:
   - not converged after maxit sweeps: w holds the last sweep (margins
     whose totals disagree never converge);
   - a category index out of range, a negative or NaN weight or target:
     w unchanged, *iterations 0;
   - a category with a positive target but no unit of positive weight,
     which no rescaling can fill: w unchanged, *iterations 0. */
int stats_rake(double *w, size_t n, const int *const *cat, const double *const *target,
	const size_t *ncat, size_t nmargins, double epsilon, int maxit, int *iterations);

/* Kish effective sample size (sum w)^2 / sum w^2 of the weights w[0..n)
   (finite, >= 0); NaN when n = 0 or every weight is 0. */
double stats_kish(const double *w, size_t n);

/* Distance from demand point i to supply point j (road time or length,
   in the unit of the band edges); NaN when there is no route. */
typedef double (*stats_dist_fn)(size_t i, size_t j, void *arg);

/* Step weights of E2SFCA: a distance d with 0 <= d <= edge[0] weighs
   weight[0], edge[b-1] < d <= edge[b] weighs weight[b]; beyond the last
   edge (or NaN) the point is out of the catchment. For example edges
   10, 20, 30 with weights 1.00, 0.68, 0.22 (Luo and Qi 2009). */
struct stats_bands {
	const double *edge;	/* strictly increasing, > 0 */
	const double *weight;	/* finite, >= 0 */
	size_t n;
};

/* Enhanced two-step floating catchment area (Luo and Qi 2009, the
   method of DREES's APL): R_j = S_j / sum_k W_kj P_k, then A_i = sum_j
   W_ij R_j, with supply[0..ns) = S_j, demand[0..nd) = P_i (finite, >= 0)
   and W from the bands. Distances come from dist[i * ns + j] when dist is
   not NULL, else from fn(i, j, arg), which is then called up to twice per
   pair (no nd x ns matrix is built). A supply point with no demand in
   reach (sum_k W_kj P_k = 0) has no ratio: it is dropped and counted in
   *dropped (may be NULL). access[i] = A_i, NaN for a demand point that no
   kept supply point reaches (outside every catchment: NA, not 0).
   Then sum_i P_i A_i (NaN left out) = sum of the kept S_j. Returns -1
   (access all NaN) on invalid bands, a negative or NaN supply or demand,
   or when dist and fn are both NULL. */
int stats_e2sfca(const double *supply, size_t ns, const double *demand, size_t nd,
	const double *dist, stats_dist_fn fn, void *arg, const struct stats_bands *bands,
	double *access, size_t *dropped);

/* Quantile p of the gamma distribution of the given shape (scale 1). GSL's
   inversion serves up to shape 100; above, where it may fail to converge,
   the Wilson-Hilferty start is polished with Newton's method. NaN when p
   is not in (0, 1) or shape is not > 0. */
double stats_gamma_quantile(double p, double shape);

/* Exact (Garwood) interval of the rate O/E from the gamma quantiles, as
   R's poisson.test: [lo, hi] at the given level; NaN when e is not > 0. */
void stats_poisson_ci(long o, double e, double level, double *lo, double *hi);

/* Control limit of O/E at probability p for a unit expecting e (the
   funnel plot's curves): the gamma quantile of shape e below the median,
   e + 1 above, divided by e. NaN when e is not finite and > 0 or p is
   not in (0, 1). */
double stats_funnel_limit(double e, double p);

/* Benjamini-Hochberg adjusted p-values q[0..n) of p[0..n), as R's
   p.adjust(p, "BH"); NaN entries are left out of the count and stay NaN. */
void stats_bh(const double *p, double *q, size_t n);

/* Lorenz curve of the rates x_i = s_i / n_i weighted by n_i (units with
   n_i not > 0 left out), units by rising rate, ties kept in input order:
   f[0] = l[0] = 0, f[j] the cumulative share of the weights n_i and l[j]
   that of the s_i (0 when they sum to 0). f and l hold k + 1 values;
   returns the number of points written, the units kept plus one. */
size_t stats_lorenz(const double *s, const double *n, size_t k, double *f, double *l);

/* Gini index 1 - sum (f_j - f_j-1)(l_j + l_j-1) of a Lorenz curve of
   npoints points (methods §2). NaN with fewer than three points (under
   two units) or when l does not end above 0 (nothing shared). */
double stats_gini_lorenz(const double *f, const double *l, size_t npoints);

/* Weighted Gini of the rates s_i / n_i with weights n_i: the two
   functions above. NaN when fewer than two units have n_i > 0 or their
   s_i sum to 0. */
double stats_gini(const double *s, const double *n, size_t k);

#endif
