#include "coverage.h"
#include "xalloc.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sort.h>
#include <math.h>
#include <stdlib.h>

void coverage_bh(const double *p, double *q, size_t n)
{
	size_t *idx, m = 0, i;
	double *v, run = 1.0;

	idx = malloc((n ? n : 1) * sizeof(*idx));
	v = malloc((n ? n : 1) * sizeof(*v));
	if (!idx || !v)
		xalloc_die();
	for (i = 0; i < n; i++) {
		q[i] = NAN;
		if (!isnan(p[i])) {
			v[m] = p[i];
			idx[m] = i;
			m++;
		}
	}
	{
		/* Sort the defined p-values, keeping where each came from. */
		size_t *order = malloc((m ? m : 1) * sizeof(*order));

		if (!order)
			xalloc_die();
		gsl_sort_index(order, v, 1, m);
		/* From the largest down: q = min over j >= i of m/j * p_(j). */
		for (i = m; i-- > 0;) {
			double adj = v[order[i]] * (double)m / (double)(i + 1);

			if (adj < run)
				run = adj;
			q[idx[order[i]]] = run > 1.0 ? 1.0 : run;
		}
		free(order);
	}
	free(idx);
	free(v);
}

double coverage_gamma_quantile(double p, double shape)
{
	double x, z, c;
	int i;

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

void coverage_poisson_ci(long o, double e, double confidence, double *lo, double *hi)
{
	double a = 1.0 - confidence;

	if (!(e > 0)) {
		*lo = *hi = NAN;
		return;
	}
	*lo = o == 0 ? 0.0 : coverage_gamma_quantile(a / 2, (double)o) / e;
	*hi = coverage_gamma_quantile(1 - a / 2, (double)o + 1) / e;
}

void coverage_compute(struct cov_unit *u, size_t n, double confidence, double fdr)
{
	double sum_n = 0, sum_s = 0, sum_p = 0, sum_s_all = 0, *p, *q;
	size_t i;

	for (i = 0; i < n; i++) {
		sum_p += (double)u[i].population;
		sum_s_all += (double)u[i].structures;
		if (u[i].in_registry) {
			sum_n += (double)u[i].associations;
			sum_s += (double)u[i].structures_covered;
		}
	}
	p = calloc(n ? n : 1, sizeof(*p));
	q = calloc(n ? n : 1, sizeof(*q));
	if (!p || !q)
		xalloc_die();
	for (i = 0; i < n; i++) {
		struct cov_unit *x = &u[i];
		long o;

		x->per_100k_pop = x->population > 0 ?
			1e5 * (double)x->structures / (double)x->population : NAN;
		if (x->in_registry) {
			o = x->structures_covered;
			x->per_1000_assoc = x->associations > 0 ?
				1e3 * (double)o / (double)x->associations : NAN;
			x->expected = sum_n > 0 ? (double)x->associations * sum_s / sum_n : NAN;
		} else {
			/* No registry: population stands in for associations. */
			o = x->structures;
			x->per_1000_assoc = NAN;
			x->expected = sum_p > 0 ? (double)x->population * sum_s_all / sum_p : NAN;
		}
		if (x->expected > 0) {
			x->oe = (double)o / x->expected;
			coverage_poisson_ci(o, x->expected, confidence, &x->oe_low, &x->oe_high);
			x->p_value = gsl_cdf_poisson_P((unsigned)o, x->expected);
		} else {
			/* E = 0: nothing expected, nothing to test. */
			x->oe = x->oe_low = x->oe_high = x->p_value = NAN;
		}
		p[i] = x->p_value;
	}
	coverage_bh(p, q, n);
	for (i = 0; i < n; i++) {
		u[i].q_value = q[i];
		u[i].flagged = !isnan(q[i]) && q[i] <= fdr;
	}
	free(p);
	free(q);
}

double coverage_gini(const double *s, const double *n, size_t k)
{
	double *x, *w, tw = 0, txw = 0, f = 0, l = 0, g = 1.0;
	size_t *order, i, m = 0;

	x = malloc((k ? k : 1) * sizeof(*x));
	w = malloc((k ? k : 1) * sizeof(*w));
	order = malloc((k ? k : 1) * sizeof(*order));
	if (!x || !w || !order)
		xalloc_die();
	for (i = 0; i < k; i++)
		if (n[i] > 0) {
			x[m] = s[i] / n[i];
			w[m] = n[i];
			tw += n[i];
			txw += s[i];
			m++;
		}
	/* Concentration needs two units to compare, and something shared. */
	if (m < 2 || txw <= 0) {
		g = NAN;
		goto out;
	}
	gsl_sort_index(order, x, 1, m);
	/* G = 1 - sum (F_k - F_k-1)(L_k + L_k-1) over units sorted by rate. */
	for (i = 0; i < m; i++) {
		double df = w[order[i]] / tw;
		double nl = l + w[order[i]] * x[order[i]] / txw;

		g -= df * (nl + l);
		f += df;
		l = nl;
	}
out:
	free(x);
	free(w);
	free(order);
	return g;
}
