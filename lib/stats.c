#include "stats.h"
#include "xalloc.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>

/* Scratch arrays: never a zero-size request, and no way to go on without. */
static int level_ok(double level)
{
	return level > 0 && level < 1;
}

/* Two-sided quantile: the point leaving (1 - level) / 2 in each tail. */
static double upper_p(double level)
{
	return 1 - (1 - level) / 2;
}

void stats_mean_ci(const double *x, size_t n, double level, struct stats_mean *out)
{
	double *copy = NULL;
	const double *v = x;
	size_t i, m = 0;

	for (i = 0; i < n; i++)
		if (!isnan(x[i]))
			m++;
	if (m < n) {
		/* GSL has no notion of missing values: compact them away. */
		copy = xcalloc(m, sizeof(*copy));
		for (i = 0, m = 0; i < n; i++)
			if (!isnan(x[i]))
				copy[m++] = x[i];
		v = copy;
	}
	out->n = m;
	out->mean = m ? gsl_stats_mean(v, 1, m) : NAN;
	out->sd = out->lo = out->hi = NAN;
	if (m >= 2) {
		out->sd = gsl_stats_sd_m(v, 1, m, out->mean);
		if (level_ok(level)) {
			double h = gsl_cdf_tdist_Pinv(upper_p(level), (double)(m - 1)) *
				out->sd / sqrt((double)m);

			out->lo = out->mean - h;
			out->hi = out->mean + h;
		}
	}
	free(copy);
}

size_t stats_quartiles(double *x, size_t n, double *q1, double *median, double *q3)
{
	size_t i, m = 0;

	for (i = 0; i < n; i++)
		if (!isnan(x[i])) {
			double t = x[m];

			x[m++] = x[i];
			x[i] = t;
		}
	if (m == 0) {
		*q1 = *median = *q3 = NAN;
		return 0;
	}
	gsl_sort(x, 1, m);
	*q1 = gsl_stats_quantile_from_sorted_data(x, 1, m, 0.25);
	*median = gsl_stats_quantile_from_sorted_data(x, 1, m, 0.5);
	*q3 = gsl_stats_quantile_from_sorted_data(x, 1, m, 0.75);
	return m;
}

void stats_wilson(long x, long n, double level, double *lo, double *hi)
{
	double z, p, c, h, d;

	if (n <= 0 || x < 0 || x > n || !level_ok(level)) {
		*lo = *hi = NAN;
		return;
	}
	z = gsl_cdf_ugaussian_Pinv(upper_p(level));
	p = (double)x / (double)n;
	c = 2 * (double)n * p + z * z;
	h = z * sqrt(z * z + 4 * (double)n * p * (1 - p));
	d = 2 * ((double)n + z * z);
	/* Rounding must not push the limits outside [0, 1]. */
	*lo = fmax(0.0, (c - h) / d);
	*hi = fmin(1.0, (c + h) / d);
}

/* Row and column totals of a table; *kr and *kc count the non-zero
   ones. -1 on a negative count or fewer than two of either. */
static int table_margins(const long *t, size_t rows, size_t cols, double *rs,
	double *cs, size_t *kr, size_t *kc, double *total)
{
	size_t r, c;

	*kr = *kc = 0;
	*total = 0;
	for (c = 0; c < cols; c++)
		cs[c] = 0;
	for (r = 0; r < rows; r++) {
		rs[r] = 0;
		for (c = 0; c < cols; c++) {
			long o = t[r * cols + c];

			if (o < 0)
				return -1;
			rs[r] += (double)o;
			cs[c] += (double)o;
		}
		*total += rs[r];
		if (rs[r] > 0)
			++*kr;
	}
	for (c = 0; c < cols; c++)
		if (cs[c] > 0)
			++*kc;
	return *kr >= 2 && *kc >= 2 ? 0 : -1;
}

int stats_chisq(const long *table, size_t rows, size_t cols, struct stats_chisq *out)
{
	double *rs = xcalloc(rows, sizeof(*rs)), *cs = xcalloc(cols, sizeof(*cs));
	size_t r, c, kr, kc;
	int ret;

	ret = table_margins(table, rows, cols, rs, cs, &kr, &kc, &out->n);
	out->rows = kr;
	out->cols = kc;
	if (ret < 0) {
		out->x2 = out->p = out->cramer_v = NAN;
		out->df = 0;
		goto out_free;
	}
	out->x2 = 0;
	for (r = 0; r < rows; r++)
		for (c = 0; c < cols; c++) {
			double e = rs[r] * cs[c] / out->n, d;

			/* E = 0 only in a dropped row or column. */
			if (e > 0) {
				d = (double)table[r * cols + c] - e;
				out->x2 += d * d / e;
			}
		}
	out->df = (long)((kr - 1) * (kc - 1));
	out->p = gsl_cdf_chisq_Q(out->x2, (double)out->df);
	out->cramer_v = sqrt(out->x2 / (out->n * (double)((kr < kc ? kr : kc) - 1)));
out_free:
	free(rs);
	free(cs);
	return ret;
}

int stats_chisq_cells(const long *table, size_t rows, size_t cols,
	double *expected, double *stdres)
{
	double *rs = xcalloc(rows, sizeof(*rs)), *cs = xcalloc(cols, sizeof(*cs)), n;
	size_t r, c, kr, kc;
	int ret;

	ret = table_margins(table, rows, cols, rs, cs, &kr, &kc, &n);
	for (r = 0; r < rows; r++)
		for (c = 0; c < cols; c++) {
			size_t k = r * cols + c;
			double e = ret == 0 ? rs[r] * cs[c] / n : 0;

			if (!(e > 0)) {
				if (expected)
					expected[k] = NAN;
				if (stdres)
					stdres[k] = NAN;
				continue;
			}
			if (expected)
				expected[k] = e;
			if (stdres)
				stdres[k] = ((double)table[k] - e) /
					sqrt(e * (1 - rs[r] / n) * (1 - cs[c] / n));
		}
	free(rs);
	free(cs);
	return ret;
}

int stats_kruskal(const double *x, const size_t *group, size_t n, size_t ngroups,
	struct stats_kw *out)
{
	double *v = xcalloc(n, sizeof(*v)), *rsum = xcalloc(ngroups, sizeof(*rsum));
	size_t *g = xcalloc(n, sizeof(*g)), *order = xcalloc(n, sizeof(*order));
	size_t *cnt = xcalloc(ngroups, sizeof(*cnt));
	size_t i, j, m = 0, k = 0;
	double N, ties = 0, h = 0, denom;
	int ret = -1;

	out->n = 0;
	out->groups = 0;
	out->h = out->p = out->eta2 = NAN;
	out->df = 0;
	for (i = 0; i < n; i++) {
		if (isnan(x[i]))
			continue;
		if (group[i] >= ngroups)
			goto out_free;
		v[m] = x[i];
		g[m] = group[i];
		cnt[g[m]]++;
		m++;
	}
	for (j = 0; j < ngroups; j++)
		if (cnt[j])
			k++;
	out->n = m;
	out->groups = k;
	if (k < 2)
		goto out_free;
	/* Mid-ranks: a run of t tied values at sorted positions i..j-1 all
	   get the mean rank (i + 1 + j) / 2, and add t^3 - t to the tie term. */
	gsl_sort_index(order, v, 1, m);
	for (i = 0; i < m; i = j) {
		double rank, t;

		for (j = i + 1; j < m && v[order[j]] == v[order[i]]; j++)
			;
		rank = (double)(i + 1 + j) / 2;
		t = (double)(j - i);
		ties += t * t * t - t;
		for (size_t q = i; q < j; q++)
			rsum[g[order[q]]] += rank;
	}
	N = (double)m;
	denom = 1 - ties / (N * N * N - N);
	if (!(denom > 0))
		goto out_free;	/* all values tied: H is 0/0 */
	for (j = 0; j < ngroups; j++)
		if (cnt[j])
			h += rsum[j] * rsum[j] / (double)cnt[j];
	h = (12 / (N * (N + 1)) * h - 3 * (N + 1)) / denom;
	out->h = h < 0 ? 0 : h;	/* H >= 0 up to rounding */
	out->df = (long)k - 1;
	out->p = gsl_cdf_chisq_Q(out->h, (double)out->df);
	out->eta2 = m > k ? (out->h - (double)k + 1) / (N - (double)k) : NAN;
	ret = 0;
out_free:
	free(v);
	free(g);
	free(order);
	free(rsum);
	free(cnt);
	return ret;
}

int stats_cronbach(const double *m, size_t rows, size_t cols, double *alpha)
{
	double *d, *sum, items = 0, total;
	size_t i, j, r = 0;
	int ret = -1;

	*alpha = NAN;
	if (cols < 2)
		return -1;
	d = xcalloc(rows * cols, sizeof(*d));
	sum = xcalloc(rows, sizeof(*sum));
	for (i = 0; i < rows; i++) {
		const double *row = m + i * cols;

		for (j = 0; j < cols && !isnan(row[j]); j++)
			;
		if (j < cols)
			continue;	/* incomplete: listwise deletion */
		sum[r] = 0;
		for (j = 0; j < cols; j++) {
			d[r * cols + j] = row[j];
			sum[r] += row[j];
		}
		r++;
	}
	if (r < 2)
		goto out_free;
	/* Item j is column j of the row-major copy: stride cols. */
	for (j = 0; j < cols; j++)
		items += gsl_stats_variance(d + j, cols, r);
	total = gsl_stats_variance(sum, 1, r);
	if (!(total > 0))
		goto out_free;
	*alpha = (double)cols / (double)(cols - 1) * (1 - items / total);
	ret = 0;
out_free:
	free(d);
	free(sum);
	return ret;
}

int stats_eb_normal(const double *mean, const double *var_of_mean, size_t m,
	double *shrunk, double *tau2, double *mu)
{
	double *y = xcalloc(m, sizeof(*y)), *d = xcalloc(m, sizeof(*d));
	double *w = xcalloc(m, sizeof(*w));
	double t2 = NAN, mw = NAN, sum_d = 0, k;
	size_t r, u = 0;
	int ret = -1;

	for (r = 0; r < m; r++)
		if (!isnan(mean[r]) && var_of_mean[r] > 0 && isfinite(var_of_mean[r])) {
			y[u] = mean[r];
			d[u] = var_of_mean[r];
			sum_d += d[u];
			u++;
		}
	if (u >= 2) {
		/* Method of moments (Prasad-Rao, h_ii = 1/m): the spread of the
		   direct means beyond what sampling alone explains. */
		k = (double)u;
		t2 = (gsl_stats_tss(y, 1, u) - (1 - 1 / k) * sum_d) / (k - 1);
		if (t2 < 0)
			t2 = 0;
		for (r = 0; r < u; r++)
			w[r] = 1 / (t2 + d[r]);
		mw = gsl_stats_wmean(w, 1, y, 1, u);
		ret = 0;
	}
	/* Reads mean[r] before writing shrunk[r]: the two may alias. */
	for (r = 0; r < m; r++) {
		double v = var_of_mean[r];

		if (ret == 0 && !isnan(mean[r]) && v > 0 && isfinite(v)) {
			double b = v / (t2 + v);

			shrunk[r] = (1 - b) * mean[r] + b * mw;
		} else {
			shrunk[r] = NAN;
		}
	}
	if (tau2)
		*tau2 = t2;
	if (mu)
		*mu = mw;
	free(y);
	free(d);
	free(w);
	return ret;
}

static void diff_nan(struct stats_diff *out)
{
	out->diff = out->se = out->df = out->lo = out->hi = out->p = NAN;
}

int stats_welch(double mean1, double sd1, double n1, double mean2, double sd2,
	double n2, double level, struct stats_diff *out)
{
	double v1, v2;

	diff_nan(out);
	if (!isfinite(mean1) || !isfinite(mean2) || !isfinite(sd1) || !isfinite(sd2) ||
	    !(sd1 >= 0) || !(sd2 >= 0) || !(n1 >= 2) || !(n2 >= 2) ||
	    !isfinite(n1) || !isfinite(n2))
		return -1;
	out->diff = mean2 - mean1;
	v1 = sd1 * sd1 / n1;
	v2 = sd2 * sd2 / n2;
	if (!(v1 + v2 > 0))
		return 0;	/* no spread: nothing to test */
	out->se = sqrt(v1 + v2);
	out->df = (v1 + v2) * (v1 + v2) / (v1 * v1 / (n1 - 1) + v2 * v2 / (n2 - 1));
	out->p = 2 * gsl_cdf_tdist_Q(fabs(out->diff) / out->se, out->df);
	if (level_ok(level)) {
		double h = gsl_cdf_tdist_Pinv(upper_p(level), out->df) * out->se;

		out->lo = out->diff - h;
		out->hi = out->diff + h;
	}
	return 0;
}

int stats_newcombe(long x1, long n1, long x2, long n2, double level,
	struct stats_diff *out)
{
	double p1, p2, l1, u1, l2, u2, pbar, v;

	diff_nan(out);
	if (n1 <= 0 || n2 <= 0 || x1 < 0 || x2 < 0 || x1 > n1 || x2 > n2)
		return -1;
	p1 = (double)x1 / (double)n1;
	p2 = (double)x2 / (double)n2;
	out->diff = p2 - p1;
	stats_wilson(x1, n1, level, &l1, &u1);
	stats_wilson(x2, n2, level, &l2, &u2);
	/* For p2 - p1 the lower limit pairs p2's lower margin with p1's
	   upper one, and the other way round (NaN if level is invalid). */
	out->lo = out->diff - sqrt((p2 - l2) * (p2 - l2) + (u1 - p1) * (u1 - p1));
	out->hi = out->diff + sqrt((u2 - p2) * (u2 - p2) + (p1 - l1) * (p1 - l1));
	pbar = (double)(x1 + x2) / (double)(n1 + n2);
	v = pbar * (1 - pbar) * (1 / (double)n1 + 1 / (double)n2);
	if (v > 0) {
		out->se = sqrt(v);
		out->p = 2 * gsl_cdf_ugaussian_Q(fabs(out->diff) / out->se);
	}
	return 0;
}

/* Largest |sum of w over category - target| over all margins. */
static double rake_gap(const double *w, size_t n, const int *const *cat,
	const double *const *target, const size_t *ncat, size_t nm, double *sum)
{
	double gap = 0;
	size_t v, i, c;

	for (v = 0; v < nm; v++) {
		for (c = 0; c < ncat[v]; c++)
			sum[c] = 0;
		for (i = 0; i < n; i++)
			sum[cat[v][i]] += w[i];
		for (c = 0; c < ncat[v]; c++)
			gap = fmax(gap, fabs(sum[c] - target[v][c]));
	}
	return gap;
}

int stats_rake(double *w, size_t n, const int *const *cat, const double *const *target,
	const size_t *ncat, size_t nmargins, double epsilon, int maxit, int *iterations)
{
	size_t v, i, c, most = 0;
	double *sum;
	int it, ret = -1;

	if (iterations)
		*iterations = 0;
	for (i = 0; i < n; i++)
		if (!(w[i] >= 0))
			return -1;
	for (v = 0; v < nmargins; v++) {
		if (ncat[v] > most)
			most = ncat[v];
		for (c = 0; c < ncat[v]; c++)
			if (!(target[v][c] >= 0))
				return -1;
		for (i = 0; i < n; i++)
			if (cat[v][i] < 0 || (size_t)cat[v][i] >= ncat[v])
				return -1;
	}
	sum = xcalloc(most, sizeof(*sum));
	/* A category to fill with no weight in it: no factor can help. */
	for (v = 0; v < nmargins; v++) {
		for (c = 0; c < ncat[v]; c++)
			sum[c] = 0;
		for (i = 0; i < n; i++)
			sum[cat[v][i]] += w[i];
		for (c = 0; c < ncat[v]; c++)
			if (target[v][c] > 0 && !(sum[c] > 0))
				goto out_free;
	}
	for (it = 0;; it++) {
		if (rake_gap(w, n, cat, target, ncat, nmargins, sum) < epsilon) {
			ret = 0;
			break;
		}
		if (it >= maxit)
			break;
		for (v = 0; v < nmargins; v++) {
			for (c = 0; c < ncat[v]; c++)
				sum[c] = 0;
			for (i = 0; i < n; i++)
				sum[cat[v][i]] += w[i];
			for (i = 0; i < n; i++) {
				double s = sum[cat[v][i]];

				if (s > 0)
					w[i] *= target[v][cat[v][i]] / s;
			}
		}
	}
	if (iterations)
		*iterations = it;
out_free:
	free(sum);
	return ret;
}

double stats_kish(const double *w, size_t n)
{
	double s = 0, s2 = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		s += w[i];
		s2 += w[i] * w[i];
	}
	return s2 > 0 ? s * s / s2 : NAN;
}

static double band_weight(const struct stats_bands *b, double d)
{
	size_t k;

	if (!(d >= 0))
		return 0;	/* NaN: no route */
	for (k = 0; k < b->n; k++)
		if (d <= b->edge[k])
			return b->weight[k];
	return 0;
}

static int bands_ok(const struct stats_bands *b)
{
	size_t k;

	if (!b || b->n == 0)
		return 0;
	for (k = 0; k < b->n; k++) {
		if (!isfinite(b->edge[k]) || !(b->edge[k] > (k ? b->edge[k - 1] : 0)))
			return 0;
		if (!isfinite(b->weight[k]) || !(b->weight[k] >= 0))
			return 0;
	}
	return 1;
}

static int amounts_ok(const double *a, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!isfinite(a[i]) || !(a[i] >= 0))
			return 0;
	return 1;
}

int stats_e2sfca(const double *supply, size_t ns, const double *demand, size_t nd,
	const double *dist, stats_dist_fn fn, void *arg, const struct stats_bands *bands,
	double *access, size_t *dropped)
{
	double *ratio;
	size_t i, j, lost = 0;

	if (dropped)
		*dropped = 0;
	if (!bands_ok(bands) || (!dist && !fn) || !amounts_ok(supply, ns) ||
	    !amounts_ok(demand, nd)) {
		for (i = 0; i < nd; i++)
			access[i] = NAN;
		return -1;
	}
	/* Step 1: the weighted demand each supply point faces, row by row
	   so that a matrix is read in order. */
	ratio = xcalloc(ns, sizeof(*ratio));
	for (i = 0; i < nd; i++) {
		if (demand[i] == 0)
			continue;
		for (j = 0; j < ns; j++) {
			double d = dist ? dist[i * ns + j] : fn(i, j, arg);

			ratio[j] += band_weight(bands, d) * demand[i];
		}
	}
	for (j = 0; j < ns; j++) {
		if (ratio[j] > 0) {
			ratio[j] = supply[j] / ratio[j];
		} else {
			ratio[j] = NAN;	/* no demand in reach: dropped */
			lost++;
		}
	}
	/* Step 2: each demand point sums the ratios it reaches. */
	for (i = 0; i < nd; i++) {
		double a = 0;
		int reached = 0;

		for (j = 0; j < ns; j++) {
			double wt;

			if (isnan(ratio[j]))
				continue;
			wt = band_weight(bands, dist ? dist[i * ns + j] : fn(i, j, arg));
			if (wt > 0) {
				a += wt * ratio[j];
				reached = 1;
			}
		}
		access[i] = reached ? a : NAN;
	}
	if (dropped)
		*dropped = lost;
	free(ratio);
	return 0;
}

double stats_gamma_quantile(double p, double shape)
{
	double x, z, c;
	int i;

	if (!(p > 0 && p < 1) || !(shape > 0))
		return NAN;
	if (shape <= 100)
		return gsl_cdf_gamma_Pinv(p, shape, 1.0);
	/* GSL's inversion does not converge for large shapes: start from the
	   Wilson-Hilferty approximation and polish with Newton's method on
	   the distribution function, which stays accurate there. */
	z = gsl_cdf_ugaussian_Pinv(p);
	c = 1.0 / (9.0 * shape);
	x = shape * pow(1 - c + z * sqrt(c), 3);
	for (i = 0; i < 20; i++) {
		double step = (gsl_cdf_gamma_P(x, shape, 1.0) - p) / gsl_ran_gamma_pdf(x, shape, 1.0);

		if (!isfinite(step))
			break;
		x -= step;
		if (fabs(step) < 1e-12 * x)
			break;
	}
	return x;
}

void stats_poisson_ci(long o, double e, double level, double *lo, double *hi)
{
	double a = 1.0 - level;

	if (!(e > 0) || !level_ok(level) || o < 0) {
		*lo = *hi = NAN;
		return;
	}
	*lo = o == 0 ? 0.0 : stats_gamma_quantile(a / 2, (double)o) / e;
	*hi = stats_gamma_quantile(1 - a / 2, (double)o + 1) / e;
}

double stats_funnel_limit(double e, double p)
{
	if (!(e > 0) || !isfinite(e) || !(p > 0 && p < 1))
		return NAN;
	return stats_gamma_quantile(p, p < 0.5 ? e : e + 1) / e;
}

void stats_bh(const double *p, double *q, size_t n)
{
	size_t *idx = xcalloc(n, sizeof(*idx)), *order, m = 0, i;
	double *v = xcalloc(n, sizeof(*v)), run = 1.0;

	for (i = 0; i < n; i++) {
		q[i] = NAN;
		if (!isnan(p[i])) {
			v[m] = p[i];
			idx[m] = i;
			m++;
		}
	}
	/* Sort the defined p-values, keeping where each came from. */
	order = xcalloc(m, sizeof(*order));
	gsl_sort_index(order, v, 1, m);
	/* From the largest down: q = min over j >= i of m/j * p_(j). */
	for (i = m; i-- > 0;) {
		double adj = v[order[i]] * (double)m / (double)(i + 1);

		if (adj < run)
			run = adj;
		q[idx[order[i]]] = run > 1.0 ? 1.0 : run;
	}
	free(order);
	free(idx);
	free(v);
}

size_t stats_lorenz(const double *s, const double *n, size_t k, double *f, double *l)
{
	size_t *order = xcalloc(k, sizeof(*order)), m = 0, i, j;
	double tw = 0, ts = 0;

	for (i = 0; i < k; i++)
		if (n[i] > 0) {
			order[m++] = i;
			tw += n[i];
			ts += s[i];
		}
	/* Insertion sort by rate: stable, so ties keep the input order, and
	   the units are few (regions, departments). */
	for (i = 1; i < m; i++)
		for (j = i; j > 0 && s[order[j]] / n[order[j]] <
		     s[order[j - 1]] / n[order[j - 1]]; j--) {
			size_t t = order[j];

			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	f[0] = l[0] = 0;
	for (i = 0; i < m; i++) {
		f[i + 1] = f[i] + n[order[i]] / tw;
		l[i + 1] = l[i] + (ts > 0 ? s[order[i]] / ts : 0);
	}
	free(order);
	return m + 1;
}

double stats_gini_lorenz(const double *f, const double *l, size_t npoints)
{
	double sum = 0;
	size_t i;

	/* Two units to compare, and something shared among them. */
	if (npoints < 3 || !(l[npoints - 1] > 0))
		return NAN;
	for (i = 1; i < npoints; i++)
		sum += (f[i] - f[i - 1]) * (l[i] + l[i - 1]);
	return 1 - sum;
}

double stats_gini(const double *s, const double *n, size_t k)
{
	double *f = xcalloc(k + 1, sizeof(*f)), *l = xcalloc(k + 1, sizeof(*l)), g;

	g = stats_gini_lorenz(f, l, stats_lorenz(s, n, k, f, l));
	free(f);
	free(l);
	return g;
}
