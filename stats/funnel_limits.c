#include "funnel_limits.h"

#include <math.h>

#include "db.h"
#include "stats.h"

const double funnel_limits_probability[FUNNEL_LIMITS_N] = { 0.95, 0.998 };

/* An x axis rounded up to a "nice" number stays below twice the data. */
#define FUNNEL_LIMITS_REACH 2.5

static double largest_expected(const struct cov_unit *dep, size_t n)
{
	double m = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (dep[i].in_registry && dep[i].expected > 0 && isfinite(dep[i].expected))
			m = fmax(m, dep[i].expected);
	return m;
}

static int store_curve(sqlite3 *db, sqlite3_stmt *st, int year, double pr, double h,
		       struct err *e)
{
	int i, point = 0;

	for (i = 1; i <= FUNNEL_LIMITS_POINTS; i++) {
		/* Denser at small E, where the curves bend. */
		double u = (double)i / FUNNEL_LIMITS_POINTS, ev = h * u * u;

		if (ev < FUNNEL_LIMITS_EMIN)
			continue;
		sqlite3_bind_int(st, 1, year);
		sqlite3_bind_double(st, 2, pr);
		sqlite3_bind_int(st, 3, point++);
		sqlite3_bind_double(st, 4, ev);
		sqlite3_bind_double(st, 5, stats_funnel_limit(ev, (1 - pr) / 2));
		sqlite3_bind_double(st, 6, stats_funnel_limit(ev, 1 - (1 - pr) / 2));
		if (db_step_done(db, st, e))
			return -1;
	}
	return 0;
}

int funnel_limits_store(sqlite3 *db, int year, const struct cov_unit *dep, size_t n,
			struct err *e)
{
	double h = FUNNEL_LIMITS_REACH * largest_expected(dep, n);
	sqlite3_stmt *st = NULL;
	int rc = -1;
	size_t k;

	if (db_prepare(db, &st, "DELETE FROM coverage_funnel WHERE year = ?1", e))
		return -1;
	sqlite3_bind_int(st, 1, year);
	if (db_step_done(db, st, e))
		goto out;
	sqlite3_finalize(st);
	st = NULL;
	if (!(h > 0)) {
		rc = 0;
		goto out;
	}
	if (db_prepare(db, &st, "INSERT INTO coverage_funnel(year, level, probability, point, "
		       "expected, lower, upper) VALUES (?1, 'department', ?2, ?3, ?4, ?5, ?6)", e))
		goto out;
	for (k = 0; k < FUNNEL_LIMITS_N; k++)
		if (store_curve(db, st, year, funnel_limits_probability[k], h, e))
			goto out;
	rc = 0;
out:
	sqlite3_finalize(st);
	return rc;
}
