#include "siting.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "xalloc.h"

/* 1 when unit i comes before unit j: a higher A / (S + 0.5), compared
   exactly as 2A (2S' + 1) against 2A' (2S + 1) in integers, then the
   smaller code. */
static int ahead(const struct cov_unit *u, const long *seats, size_t i, size_t j)
{
	int64_t left = (int64_t)u[i].associations * (2 * (int64_t)seats[j] + 1);
	int64_t right = (int64_t)u[j].associations * (2 * (int64_t)seats[i] + 1);

	if (left != right)
		return left > right;
	return strcmp(u[i].code, u[j].code) < 0;
}

size_t siting_allot(const struct cov_unit *u, size_t n, size_t points, struct siting_point *pt)
{
	long *seats = xcalloc(n, sizeof(*seats));
	size_t i, k, best;

	for (i = 0; i < n; i++)
		seats[i] = u[i].structures;
	/* One point at a time, the highest priority of all: n is the
	   number of EPCIs (about 1,250), points a few dozen. */
	for (k = 0; k < points; k++) {
		best = SIZE_MAX;
		for (i = 0; i < n; i++)
			if (u[i].in_registry && (best == SIZE_MAX || ahead(u, seats, i, best)))
				best = i;
		if (best == SIZE_MAX)
			break;
		pt[k].unit = best;
		pt[k].before = seats[best];
		pt[k].priority = (double)u[best].associations / ((double)seats[best] + 0.5);
		seats[best]++;
	}
	free(seats);
	return k;
}

/* Flags and Gini of departments d[0..n) as the report computes them. */
static void measure(struct cov_unit *d, size_t n, double confidence, double fdr, double *gini,
		    long *flagged)
{
	double *f = xcalloc(n + 1, sizeof(*f)), *l = xcalloc(n + 1, sizeof(*l));

	coverage_compute(d, n, confidence, fdr);
	*gini = coverage_gini(d, n, f, l, NULL);
	*flagged = 0;
	for (size_t i = 0; i < n; i++)
		*flagged += d[i].flagged;
	free(f);
	free(l);
}

size_t siting_effect(const struct cov_unit *epcis, size_t nepcis, const size_t *dept_of,
		     const struct cov_unit *departments, size_t ndepartments, size_t points,
		     double confidence, double fdr, struct siting_point *pt,
		     struct siting_effect *fx)
{
	struct cov_unit *d = xcalloc(ndepartments, sizeof(*d));
	long *added = xcalloc(nepcis, sizeof(*added));
	size_t m, k;

	m = siting_allot(epcis, nepcis, points, pt);
	memcpy(d, departments, ndepartments * sizeof(*d));
	measure(d, ndepartments, confidence, fdr, &fx->gini_before, &fx->flagged_before);
	fx->blank_before = coverage_blank_share(epcis, nepcis, NULL);
	for (k = 0; k < m; k++) {
		size_t dep = dept_of[pt[k].unit];

		added[pt[k].unit]++;
		/* An EPCI that takes part lies wholly in the registry, so its
		   department's covered part counts the point. */
		if (dep < ndepartments) {
			d[dep].structures++;
			d[dep].structures_covered++;
		}
	}
	measure(d, ndepartments, confidence, fdr, &fx->gini_after, &fx->flagged_after);
	fx->blank_after = coverage_blank_share(epcis, nepcis, added);
	free(added);
	free(d);
	return m;
}

static int store_points(sqlite3 *db, int year, const struct cov_unit *epcis,
			const size_t *dept_of, const struct cov_unit *departments,
			const struct siting_point *pt, size_t m, struct err *e)
{
	sqlite3_stmt *st;
	int rc = 0;

	if (db_prepare(db, &st, "INSERT INTO siting(year, rank, epci_code, department_code, "
		       "associations, structures_before, structures_after, priority) "
		       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", e))
		return -1;
	for (size_t k = 0; k < m && !rc; k++) {
		const struct cov_unit *u = &epcis[pt[k].unit];
		size_t dep = dept_of[pt[k].unit];

		sqlite3_bind_int(st, 1, year);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)k + 1);
		sqlite3_bind_text(st, 3, u->code, -1, SQLITE_STATIC);
		if (dep != SIZE_MAX)
			sqlite3_bind_text(st, 4, departments[dep].code, -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(st, 4);
		sqlite3_bind_int64(st, 5, u->associations);
		sqlite3_bind_int64(st, 6, pt[k].before);
		sqlite3_bind_int64(st, 7, pt[k].before + 1);
		sqlite3_bind_double(st, 8, pt[k].priority);
		rc = db_step_done(db, st, e);
	}
	sqlite3_finalize(st);
	return rc;
}

static int store_effect(sqlite3 *db, int year, long points, size_t m,
			const struct siting_effect *fx, struct err *e)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(db, &st, "INSERT INTO siting_effect(year, new_points, allotted, "
		       "gini_before, gini_after, share_assoc_without_structure_before, "
		       "share_assoc_without_structure_after, departments_flagged_before, "
		       "departments_flagged_after) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", e))
		return -1;
	sqlite3_bind_int(st, 1, year);
	sqlite3_bind_int64(st, 2, points);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)m);
	db_bind_num(st, 4, fx->gini_before);
	db_bind_num(st, 5, fx->gini_after);
	db_bind_num(st, 6, fx->blank_before);
	db_bind_num(st, 7, fx->blank_after);
	sqlite3_bind_int64(st, 8, fx->flagged_before);
	sqlite3_bind_int64(st, 9, fx->flagged_after);
	rc = db_step_done(db, st, e);
	sqlite3_finalize(st);
	return rc;
}

int siting_compute(sqlite3 *db, int year, long points, const struct cov_unit *epcis,
		   size_t nepcis, const size_t *dept_of, const struct cov_unit *departments,
		   size_t ndepartments, double confidence, double fdr, struct err *e)
{
	struct siting_point *pt = xcalloc((size_t)points, sizeof(*pt));
	struct siting_effect fx;
	size_t m = 0;
	int rc = -1;

	if (db_exec_year(db, "DELETE FROM siting WHERE year = ?1", year, e) ||
	    db_exec_year(db, "DELETE FROM siting_effect WHERE year = ?1", year, e))
		goto out;
	if (points <= 0) {
		rc = 0;
		goto out;
	}
	m = siting_effect(epcis, nepcis, dept_of, departments, ndepartments, (size_t)points,
			  confidence, fdr, pt, &fx);
	if (store_points(db, year, epcis, dept_of, departments, pt, m, e) ||
	    store_effect(db, year, points, m, &fx, e))
		goto out;
	rc = 0;
out:
	free(pt);
	return rc;
}
