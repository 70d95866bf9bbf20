#include "coverage.h"
#include "stats.h"
#include "xalloc.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>

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
			stats_poisson_ci(o, x->expected, confidence, &x->oe_low, &x->oe_high);
			x->p_value = gsl_cdf_poisson_P((unsigned)o, x->expected);
		} else {
			/* E = 0: nothing expected, nothing to test. */
			x->oe = x->oe_low = x->oe_high = x->p_value = NAN;
		}
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
