#include "access.h"
#include "xalloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "log.h"
#include "stats.h"

struct point {
	char code[16];
	double lat, lon;
	double amount;
};

struct access {
	sqlite3 *db;
	struct point *demand, *supply;
	size_t nd, ns;
	double max_km;
};

/* The demand: each current commune with coordinates in the model, its
   active associations counted once. */
static int load_demand(struct access *a, struct err *e)
{
	sqlite3_stmt *st;
	int step;

	if (db_prepare(a->db, &st, "SELECT k.code, k.latitude, k.longitude, coalesce(n.n, 0) "
		       "FROM commune_coordinates k JOIN commune c ON c.code = k.code "
		       "LEFT JOIN (SELECT commune_code, sum(n) n FROM temp.association_count "
		       "WHERE active = 1 GROUP BY 1) n ON n.commune_code = k.code "
		       "ORDER BY k.code", e))
		return -1;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct point *p;

		a->demand = xgrow(a->demand, a->nd, sizeof(*a->demand));
		if (!a->demand)
			xalloc_die();
		p = &a->demand[a->nd++];
		snprintf(p->code, sizeof(p->code), "%s", sqlite3_column_text(st, 0));
		p->lat = sqlite3_column_double(st, 1);
		p->lon = sqlite3_column_double(st, 2);
		p->amount = sqlite3_column_double(st, 3);
	}
	step = db_loop_end(a->db, step, e);
	sqlite3_finalize(st);
	return step ? -1 : 0;
}

/* Great-circle distance in km; NaN (no route) beyond the last band, found
   cheaply from the latitude and longitude differences first. */
static double distance(size_t i, size_t j, void *arg)
{
	const struct access *a = arg;
	const struct point *p = &a->demand[i], *q = &a->supply[j];
	const double rad = M_PI / 180, r = 6371.0;
	double dlat = (q->lat - p->lat) * rad, dlon = (q->lon - p->lon) * rad, h;

	if (fabs(dlat) * r > a->max_km ||
	    fabs(dlon) * r * cos(p->lat * rad) > a->max_km * 1.01 + 1)
		return NAN;
	h = sin(dlat / 2) * sin(dlat / 2) +
	    cos(p->lat * rad) * cos(q->lat * rad) * sin(dlon / 2) * sin(dlon / 2);
	return 2 * r * asin(sqrt(h < 1 ? h : 1));
}

static int load_supply(struct access *a, struct err *e)
{
	sqlite3_stmt *st;
	int step;

	if (db_prepare(a->db, &st, "SELECT id, latitude, longitude FROM structure "
		       "WHERE latitude IS NOT NULL AND longitude IS NOT NULL ORDER BY id", e))
		return -1;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct point *p;

		a->supply = xgrow(a->supply, a->ns, sizeof(*a->supply));
		if (!a->supply)
			xalloc_die();
		p = &a->supply[a->ns++];
		snprintf(p->code, sizeof(p->code), "%s", sqlite3_column_text(st, 0));
		p->lat = sqlite3_column_double(st, 1);
		p->lon = sqlite3_column_double(st, 2);
		p->amount = 1;
	}
	step = db_loop_end(a->db, step, e);
	sqlite3_finalize(st);
	if (step)
		return -1;
	return 0;
}

static int store(struct access *a, int year, const double *access, size_t dropped,
		 struct err *e)
{
	sqlite3_stmt *ins, *sum;
	double total = 0, out = 0;
	size_t i;
	int rc = 0;

	if (db_prepare(a->db, &ins, "INSERT INTO accessibility(year, commune_code, associations, "
		       "access) VALUES (?1, ?2, ?3, ?4)", e))
		return -1;
	for (i = 0; i < a->nd && !rc; i++) {
		sqlite3_bind_int(ins, 1, year);
		sqlite3_bind_text(ins, 2, a->demand[i].code, -1, SQLITE_STATIC);
		sqlite3_bind_int64(ins, 3, (sqlite3_int64)a->demand[i].amount);
		if (isnan(access[i]))
			sqlite3_bind_null(ins, 4);
		else
			sqlite3_bind_double(ins, 4, access[i]);
		total += a->demand[i].amount;
		if (isnan(access[i]))
			out += a->demand[i].amount;
		rc = db_step_done(a->db, ins, e);
	}
	sqlite3_finalize(ins);
	if (rc || db_prepare(a->db, &sum, "UPDATE coverage_summary SET share_assoc_out_of_reach = ?1, "
			     "structures_without_demand = ?2 WHERE year = ?3", e))
		return -1;
	if (total > 0)
		sqlite3_bind_double(sum, 1, out / total);
	else
		sqlite3_bind_null(sum, 1);
	sqlite3_bind_int64(sum, 2, (sqlite3_int64)dropped);
	sqlite3_bind_int(sum, 3, year);
	rc = db_step_done(a->db, sum, e);
	sqlite3_finalize(sum);
	return rc;
}

int access_compute(sqlite3 *db, const struct config *cfg, int year, struct err *e)
{
	double *demand = NULL, *supply = NULL, *access = NULL;
	struct stats_bands bands;
	struct access a;
	size_t i, dropped = 0;
	int rc = -1;

	if (db_exec_year(db, "DELETE FROM accessibility WHERE year = ?1", year, e))
		return -1;
	rc = -1;
	memset(&a, 0, sizeof(a));
	a.db = db;
	/* config.ini's bands, checked at load: at least one, as many weights. */
	a.max_km = cfg->catchment_km[cfg->nbands - 1];
	if (load_demand(&a, e))
		goto out;
	if (!a.nd) {
		rc = 0;		/* no commune coordinates: no accessibility */
		goto out;
	}
	if (load_supply(&a, e))
		goto out;
	demand = calloc(a.nd + 1, sizeof(double));
	supply = calloc(a.ns + 1, sizeof(double));
	access = calloc(a.nd + 1, sizeof(double));
	if (!demand || !supply || !access)
		xalloc_die();
	for (i = 0; i < a.nd; i++)
		demand[i] = a.demand[i].amount;
	for (i = 0; i < a.ns; i++)
		supply[i] = a.supply[i].amount;
	bands.edge = cfg->catchment_km;
	bands.weight = cfg->catchment_weights;
	bands.n = cfg->nbands;
	if (stats_e2sfca(supply, a.ns, demand, a.nd, NULL, distance, &a, &bands, access, &dropped)) {
		err_set(e, "accessibility: invalid catchment bands");
		goto out;
	}
	rc = store(&a, year, access, dropped, e);
	log_info("accessibility: %zu communes, %zu structures (%zu with no association in reach)",
		 a.nd, a.ns, dropped);
out:
	free(a.demand);
	free(a.supply);
	free(demand);
	free(supply);
	free(access);
	return rc;
}
