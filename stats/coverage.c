#include "coverage.h"
#include "stats.h"
#include "xalloc.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>

void coverage_compute(struct cov_unit *u, size_t n, double confidence, double fdr)
{
	double sum_n = 0, sum_s = 0, *p, *q;
	size_t i;

	for (i = 0; i < n; i++) {
		if (u[i].in_registry) {
			sum_n += (double)u[i].associations;
			sum_s += (double)u[i].structures_covered;
		}
	}
	p = xcalloc(n, sizeof(*p));
	q = xcalloc(n, sizeof(*q));
	for (i = 0; i < n; i++) {
		struct cov_unit *x = &u[i];
		long o = x->structures_covered;

		x->per_100k_pop = x->population > 0 ?
			1e5 * (double)x->structures / (double)x->population : NAN;
		x->per_1000_assoc = x->oe = x->oe_low = x->oe_high = x->p_value = NAN;
		x->expected = NAN;
		p[i] = NAN;
		/* Outside the registry the association test does not apply:
		   the unit is shown per inhabitant, apart, and is not one of
		   the family the q-values are taken over. */
		if (!x->in_registry)
			continue;
		if (x->associations > 0)
			x->per_1000_assoc = 1e3 * (double)o / (double)x->associations;
		x->expected = sum_n > 0 ? (double)x->associations * sum_s / sum_n : NAN;
		/* E = 0: nothing expected, nothing to test. */
		if (!(x->expected > 0))
			continue;
		x->oe = (double)o / x->expected;
		stats_poisson_ci(o, x->expected, confidence, &x->oe_low, &x->oe_high);
		x->p_value = gsl_cdf_poisson_P((unsigned)o, x->expected);
		p[i] = x->p_value;
	}
	stats_bh(p, q, n);
	for (i = 0; i < n; i++) {
		u[i].q_value = q[i];
		u[i].flagged = !isnan(q[i]) && q[i] <= fdr;
	}
	free(p);
	free(q);
}

double coverage_gini(const struct cov_unit *u, size_t n, double *f, double *l, size_t *npoints)
{
	double *s = xcalloc(n + 1, sizeof(*s)), *a = xcalloc(n + 1, sizeof(*a)), g;
	size_t i, m;

	for (i = 0; i < n; i++)
		if (u[i].in_registry) {
			s[i] = (double)u[i].structures_covered;
			a[i] = (double)u[i].associations;
		}
	m = stats_lorenz(s, a, n, f, l);
	g = stats_gini_lorenz(f, l, m);
	if (npoints)
		*npoints = m;
	free(s);
	free(a);
	return g;
}

double coverage_blank_share(const struct cov_unit *u, size_t n, const long *added)
{
	double all = 0, blank = 0;

	for (size_t i = 0; i < n; i++) {
		if (!u[i].in_registry)
			continue;
		all += (double)u[i].associations;
		if (u[i].structures + (added ? added[i] : 0) == 0)
			blank += (double)u[i].associations;
	}
	return all > 0 ? blank / all : NAN;
}
