/*
 * pana-stats: the statistics of the report year, from the model tables
 * into the statistics tables (coverage_stats, coverage_summary,
 * coverage_lorenz, coverage_funnel, siting, siting_effect, region_data, competence_*,
 * survey_stats, accessibility), in one
 * transaction. pana-report draws from those tables only.
 */
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "assoc_count.h"
#include "buf.h"
#include "cli.h"
#include "competence.h"
#include "config.h"
#include "coverage.h"
#include "db.h"
#include "exitcode.h"
#include "funnel_limits.h"
#include "lock.h"
#include "log.h"
#include "siting.h"
#include "sources.h"
#include "stats.h"
#include "survey.h"
#include "xalloc.h"

struct stage {
	sqlite3 *db;
	const struct config *cfg;
	int year;
	struct cov_unit *regions, *departments, *epcis;
	size_t nregions, ndepartments, nepcis;
	char **dept_region;	/* region code of each department */
	size_t *epci_dept;	/* index of each EPCI's main department, or SIZE_MAX */
	double gini, share_assoc_blank, share_pop_blank;
	long epci_blank, dept_blank;
};

/* ---- data ---------------------------------------------------------- */

static void copy(char *dst, size_t n, const unsigned char *s)
{
	snprintf(dst, n, "%s", s ? (const char *)s : "");
}

/* Counts per department, in one pass over each model table (the
   associations' already counted, assoc_count_build). */
static const char *const dept_sql =
	"WITH a AS (SELECT department_code d, sum(n) n FROM temp.association_count "
	"           WHERE active = 1 GROUP BY 1),"
	" s AS (SELECT department_code d, count(*) n FROM structure GROUP BY 1),"
	" g AS (SELECT department_code d, count(*) n FROM diagnostic WHERE year = ?1 GROUP BY 1),"
	" p AS (SELECT department_code d, sum(population) n FROM commune GROUP BY 1) "
	"SELECT dp.code, dp.name, dp.region_code, dp.in_registry, coalesce(a.n, 0), "
	"       coalesce(p.n, 0), coalesce(s.n, 0), coalesce(g.n, 0) "
	"FROM department dp LEFT JOIN a ON a.d = dp.code LEFT JOIN s ON s.d = dp.code "
	"LEFT JOIN g ON g.d = dp.code LEFT JOIN p ON p.d = dp.code ORDER BY dp.code";

/* EPCI: counts through their member communes; an EPCI is outside the
   registry when one of its communes is. */
static const char *const epci_sql =
	/* Associations from their counts (assoc_count_build), not each of
	   the 2 M rows joined to its commune. */
	"WITH a AS (SELECT c.epci_code e, sum(x.n) n FROM temp.association_count x "
	"           JOIN commune c ON c.code = x.commune_code WHERE x.active = 1 GROUP BY 1),"
	" s AS (SELECT c.epci_code e, count(*) n FROM structure x "
	"       JOIN commune c ON c.code = x.commune_code GROUP BY 1),"
	" g AS (SELECT c.epci_code e, count(*) n FROM diagnostic x "
	"       JOIN commune c ON c.code = x.commune_code WHERE x.year = ?1 GROUP BY 1),"
	" p AS (SELECT c.epci_code e, sum(c.population) n, min(d.in_registry) reg FROM commune c "
	"       JOIN department d ON d.code = c.department_code GROUP BY 1) "
	"SELECT ep.code, ep.name, coalesce(p.reg, 1), coalesce(a.n, 0), coalesce(p.n, 0), "
	"       coalesce(s.n, 0), coalesce(g.n, 0) "
	"FROM epci ep LEFT JOIN a ON a.e = ep.code LEFT JOIN s ON s.e = ep.code "
	"LEFT JOIN g ON g.e = ep.code LEFT JOIN p ON p.e = ep.code ORDER BY ep.code";

static int load_epcis(struct stage *r, struct err *e)
{
	sqlite3_stmt *st;
	int step;

	if (db_prepare(r->db, &st, epci_sql, e))
		return -1;
	sqlite3_bind_int(st, 1, r->year);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct cov_unit *u;

		r->epcis = xgrow(r->epcis, r->nepcis, sizeof(*u));
		if (!r->epcis)
			xalloc_die();
		u = &r->epcis[r->nepcis++];
		memset(u, 0, sizeof(*u));
		copy(u->code, sizeof(u->code), sqlite3_column_text(st, 0));
		copy(u->name, sizeof(u->name), sqlite3_column_text(st, 1));
		u->in_registry = sqlite3_column_int(st, 2);
		u->associations = sqlite3_column_int64(st, 3);
		u->population = sqlite3_column_int64(st, 4);
		u->structures = sqlite3_column_int64(st, 5);
		u->structures_covered = u->in_registry ? u->structures : 0;
		u->diagnostics = sqlite3_column_int64(st, 6);
	}
	step = db_loop_end(r->db, step, e);
	sqlite3_finalize(st);
	if (step)
		return -1;
	return 0;
}

/* The department holding most of each EPCI's inhabitants (then the
   smaller code): where the EPCI is listed, and where a new point given
   to it counts. */
static const char *const epci_department_sql =
	"SELECT epci_code, department_code FROM ("
	"  SELECT epci_code, department_code, row_number() OVER ("
	"    PARTITION BY epci_code ORDER BY sum(population) DESC, department_code) k"
	"  FROM commune WHERE epci_code IS NOT NULL GROUP BY epci_code, department_code)"
	" WHERE k = 1 ORDER BY epci_code";

static size_t find_unit(const struct cov_unit *u, size_t n, const char *code)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(u[i].code, code))
			return i;
	return SIZE_MAX;
}

static int load_epci_departments(struct stage *r, struct err *e)
{
	sqlite3_stmt *st;
	size_t i;
	int rc;

	r->epci_dept = xcalloc(r->nepcis, sizeof(*r->epci_dept));
	for (i = 0; i < r->nepcis; i++)
		r->epci_dept[i] = SIZE_MAX;
	if (db_prepare(r->db, &st, epci_department_sql, e))
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *epci = sqlite3_column_text(st, 0);
		const unsigned char *dep = sqlite3_column_text(st, 1);

		i = find_unit(r->epcis, r->nepcis, epci ? (const char *)epci : "");
		if (i != SIZE_MAX)
			r->epci_dept[i] = find_unit(r->departments, r->ndepartments,
						    dep ? (const char *)dep : "");
	}
	rc = db_loop_end(r->db, rc, e);
	sqlite3_finalize(st);
	return rc;
}

/* The Lorenz curve of departments and its Gini index, from the same
   counts: the structures of each department the registry covers against
   its associations (the others left out), stored point by point. */
static int store_lorenz(struct stage *r, struct err *e)
{
	size_t k = r->ndepartments, i, m;
	double *f = xcalloc(k + 1, sizeof(double)), *l = xcalloc(k + 1, sizeof(double));
	sqlite3_stmt *st = NULL;
	int rc = -1;

	r->gini = coverage_gini(r->departments, k, f, l, &m);
	if (db_prepare(r->db, &st, "DELETE FROM coverage_lorenz WHERE year = ?1", e))
		goto out;
	sqlite3_bind_int(st, 1, r->year);
	if (db_step_done(r->db, st, e))
		goto out;
	sqlite3_finalize(st);
	if (db_prepare(r->db, &st, "INSERT INTO coverage_lorenz(year, level, point, share_units, "
		       "share_structures) VALUES (?1, 'department', ?2, ?3, ?4)", e))
		goto out;
	for (i = 0; i < m; i++) {
		sqlite3_bind_int(st, 1, r->year);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
		sqlite3_bind_double(st, 3, f[i]);
		sqlite3_bind_double(st, 4, l[i]);
		if (db_step_done(r->db, st, e))
			goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(st);
	free(f);
	free(l);
	return rc;
}

/* Gini of structures per association across departments (store_lorenz),
   and the "zones blanches": associations and inhabitants in an EPCI with
   no structure. */
static int store_summary(struct stage *r, struct err *e)
{
	double pop = 0, pop_blank = 0, structures = 0, dept_pop = 0;
	long epci_blank = 0, dept_blank = 0;
	sqlite3_stmt *st;
	size_t i;
	int rc;

	if (store_lorenz(r, e))
		return -1;
	for (i = 0; i < r->ndepartments; i++) {
		dept_blank += r->departments[i].structures == 0;
		structures += (double)r->departments[i].structures;
		dept_pop += (double)r->departments[i].population;
	}
	for (i = 0; i < r->nepcis; i++) {
		const struct cov_unit *u = &r->epcis[i];

		pop += (double)u->population;
		if (u->structures)
			continue;
		epci_blank++;
		pop_blank += (double)u->population;
	}
	r->share_assoc_blank = coverage_blank_share(r->epcis, r->nepcis, NULL);
	r->share_pop_blank = pop > 0 ? pop_blank / pop : NAN;
	r->epci_blank = epci_blank;
	r->dept_blank = dept_blank;
	if (db_prepare(r->db, &st, "INSERT OR REPLACE INTO coverage_summary(year, gini, "
		       "share_assoc_without_structure, share_pop_without_structure, "
		       "epci_without_structure, departments_without_structure, per_100k_pop) "
		       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", e))
		return -1;
	sqlite3_bind_int(st, 1, r->year);
	db_bind_num(st, 2, r->gini);
	db_bind_num(st, 3, r->share_assoc_blank);
	db_bind_num(st, 4, r->share_pop_blank);
	sqlite3_bind_int64(st, 5, epci_blank);
	sqlite3_bind_int64(st, 6, dept_blank);
	db_bind_num(st, 7, dept_pop > 0 ? 1e5 * structures / dept_pop : NAN);
	rc = db_step_done(r->db, st, e);
	sqlite3_finalize(st);
	return rc;
}

static int load_units(struct stage *r, struct err *e)
{
	sqlite3_stmt *st;
	size_t i, k;
	int step;

	if (db_prepare(r->db, &st, "SELECT code, name FROM region ORDER BY code", e))
		return -1;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct cov_unit *u;

		r->regions = xgrow(r->regions, r->nregions, sizeof(*u));
		if (!r->regions)
			xalloc_die();
		u = &r->regions[r->nregions++];
		memset(u, 0, sizeof(*u));
		copy(u->code, sizeof(u->code), sqlite3_column_text(st, 0));
		copy(u->name, sizeof(u->name), sqlite3_column_text(st, 1));
		u->in_registry = 1;
	}
	step = db_loop_end(r->db, step, e);
	sqlite3_finalize(st);
	if (step)
		return -1;
	if (!r->nregions)
		return err_set(e, "the geography referential is empty: run pana-ingest first");
	if (db_prepare(r->db, &st, dept_sql, e))
		return -1;
	sqlite3_bind_int(st, 1, r->year);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct cov_unit *u;

		r->departments = xgrow(r->departments, r->ndepartments, sizeof(*u));
		r->dept_region = xgrow(r->dept_region, r->ndepartments, sizeof(char *));
		if (!r->departments || !r->dept_region)
			xalloc_die();
		u = &r->departments[r->ndepartments];
		memset(u, 0, sizeof(*u));
		copy(u->code, sizeof(u->code), sqlite3_column_text(st, 0));
		copy(u->name, sizeof(u->name), sqlite3_column_text(st, 1));
		r->dept_region[r->ndepartments] = strdup((const char *)sqlite3_column_text(st, 2));
		u->in_registry = sqlite3_column_int(st, 3);
		u->associations = sqlite3_column_int64(st, 4);
		u->population = sqlite3_column_int64(st, 5);
		u->structures = sqlite3_column_int64(st, 6);
		u->structures_covered = u->in_registry ? u->structures : 0;
		u->diagnostics = sqlite3_column_int64(st, 7);
		r->ndepartments++;
	}
	step = db_loop_end(r->db, step, e);
	sqlite3_finalize(st);
	if (step)
		return -1;
	/* Regions add up their departments; the registry covers a region
	   when it covers at least one of its departments. */
	for (i = 0; i < r->nregions; i++) {
		struct cov_unit *g = &r->regions[i];
		int covered = 0;

		for (k = 0; k < r->ndepartments; k++) {
			struct cov_unit *d = &r->departments[k];

			if (strcmp(r->dept_region[k], g->code))
				continue;
			g->associations += d->associations;
			g->population += d->population;
			g->structures += d->structures;
			g->structures_covered += d->structures_covered;
			g->diagnostics += d->diagnostics;
			covered |= d->in_registry;
		}
		g->in_registry = covered;
	}
	return 0;
}

/* The department and region unit i of level lies in (NULL: none). */
static void place_of(const struct stage *r, const struct cov_unit *u, size_t i,
		     const char **dep, const char **reg)
{
	size_t k = SIZE_MAX;

	*dep = *reg = NULL;
	if (u == r->regions)
		*reg = u[i].code;
	else if (u == r->departments)
		k = i;
	else if (u == r->epcis)
		k = r->epci_dept[i];
	if (k < r->ndepartments) {
		*dep = r->departments[k].code;
		*reg = r->dept_region[k];
	}
}

static int store_level(struct stage *r, sqlite3_stmt *st, const char *level,
		       const struct cov_unit *u, size_t n, struct err *e)
{
	const char *dep, *reg;
	size_t i;

	for (i = 0; i < n; i++) {
		place_of(r, u, i, &dep, &reg);
		db_bind_text(st, 18, dep);
		db_bind_text(st, 19, reg);
		sqlite3_bind_int(st, 1, r->year);
		sqlite3_bind_text(st, 2, level, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, u[i].code, -1, SQLITE_STATIC);
		if (u[i].in_registry)
			sqlite3_bind_int64(st, 4, u[i].associations);
		else
			sqlite3_bind_null(st, 4);
		sqlite3_bind_int64(st, 5, u[i].population);
		sqlite3_bind_int64(st, 6, u[i].structures);
		sqlite3_bind_int64(st, 7, u[i].diagnostics);
		db_bind_num(st, 8, u[i].per_1000_assoc);
		db_bind_num(st, 9, u[i].per_100k_pop);
		db_bind_num(st, 10, u[i].expected);
		db_bind_num(st, 11, u[i].oe_low);
		db_bind_num(st, 12, u[i].oe_high);
		db_bind_num(st, 13, u[i].p_value);
		db_bind_num(st, 14, u[i].q_value);
		sqlite3_bind_int(st, 15, u[i].flagged);
		sqlite3_bind_int64(st, 16, u[i].in_registry ? u[i].structures_covered : u[i].structures);
		db_bind_num(st, 17, u[i].oe);
		if (db_step_done(r->db, st, e))
			return -1;
	}
	return 0;
}

static int store_stats(struct stage *r, struct err *e)
{
	sqlite3_stmt *del = NULL, *ins = NULL;
	int rc = -1;

	if (db_prepare(r->db, &del, "DELETE FROM coverage_stats WHERE year = ?1", e) ||
	    db_prepare(r->db, &ins, "INSERT INTO coverage_stats(year, level, code, associations, "
		       "population, structures, diagnostics, per_1000_assoc, per_100k_pop, expected, "
		       "oe_low, oe_high, p_value, q_value, flagged, observed, oe, department_code, "
		       "region_code) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
		       "?14, ?15, ?16, ?17, ?18, ?19)", e))
		goto out;
	sqlite3_bind_int(del, 1, r->year);
	if (db_step_done(r->db, del, e) ||
	    store_level(r, ins, "region", r->regions, r->nregions, e) ||
	    store_level(r, ins, "department", r->departments, r->ndepartments, e) ||
	    store_level(r, ins, "epci", r->epcis, r->nepcis, e) ||
	    store_summary(r, e) ||
	    funnel_limits_store(r->db, r->year, r->departments, r->ndepartments, e) ||
	    siting_compute(r->db, r->year, r->cfg->siting_points, r->epcis, r->nepcis,
			   r->epci_dept, r->departments, r->ndepartments, r->cfg->confidence,
			   r->cfg->fdr, e) ||
	    sources_compute(r->db, r->year, e) ||
	    survey_compute(r->db, r->cfg, r->year, e) ||
	    access_compute(r->db, r->cfg, r->year, e))
		goto out;
	rc = 0;
out:
	sqlite3_finalize(del);
	sqlite3_finalize(ins);
	return rc;
}

/* 1 when the statistics of the last run were made from the same key. */
static int unchanged(struct stage *r, const struct buf *key)
{
	char last[512];

	if (db_meta_get(r->db, "stats_key", last, sizeof(last), NULL) != 1)
		return 0;
	return !strcmp(last, key->data);
}

/* Every statistics table of the year, in one transaction. The
   associations are counted on a second core while the competences, which
   need no count, are computed (0.5 s of a national night); the count
   starts once the transaction holds the write lock, so that it reads the
   rows the transaction sees. */
static int compute(struct stage *r, struct err *e)
{
	struct assoc_count_job *j;
	int rc;

	if (db_exec(r->db, "BEGIN IMMEDIATE", e))
		return -1;
	j = assoc_count_start(r->db, r->cfg->database);
	if (competence_compute(r->db, r->cfg, r->year, e)) {
		assoc_count_cancel(j);
		rc = -1;
	} else {
		rc = assoc_count_finish(j, r->db, e);
	}
	if (!rc)
		rc = load_units(r, e) || load_epcis(r, e) || load_epci_departments(r, e) ? -1 : 0;
	if (!rc) {
		coverage_compute(r->regions, r->nregions, r->cfg->confidence, r->cfg->fdr);
		coverage_compute(r->departments, r->ndepartments, r->cfg->confidence, r->cfg->fdr);
		coverage_compute(r->epcis, r->nepcis, r->cfg->confidence, r->cfg->fdr);
		rc = store_stats(r, e) || db_exec(r->db, "COMMIT", e) ? -1 : 0;
	}
	if (rc)
		db_exec(r->db, "ROLLBACK", NULL);
	return rc;
}

static void stage_release(struct stage *r)
{
	size_t i;

	for (i = 0; i < r->ndepartments; i++)
		free(r->dept_region[i]);
	free(r->dept_region);
	free(r->epci_dept);
	free(r->regions);
	free(r->departments);
	free(r->epcis);
	db_close(r->db);
	memset(r, 0, sizeof(*r));
}

int main(int argc, char **argv)
{
	struct cli cli;
	struct config cfg;
	struct stage r;
	struct buf summary = BUF_INIT, key = BUF_INIT;
	struct err e;
	long long run_id = 0;
	int lock = -1;
	int rc = EXIT_OK, skipped = 0;

	log_prog = "pana-stats";
	memset(&r, 0, sizeof(r));
	/* A GSL routine that fails returns NaN or an error code; it must not
	   abort the nightly run. */
	gsl_set_error_handler_off();
	if (cli_start(&cli, &cfg, argc, argv, "pana-stats",
		      "Computes the statistics of the report year from the model "
		      "tables into the\nstatistics tables of the database, for pana-report.",
		      CLI_IF_CHANGED, &rc))
		return rc;
	r.cfg = &cfg;
	/* One pana program at a time; pana-run hands its lock down. */
	rc = lock_take_or_say(cfg.database, &lock);
	if (rc)
		goto out;
	if (db_open(&r.db, cfg.database, &e) || db_run_start(r.db, "stats", &run_id, &e)) {
		log_error("%s", e.msg);
		rc = EXIT_IO;
		goto out;
	}
	if (db_report_year(r.db, cfg.year, &r.year, &e) || db_data_key(r.db, r.year, cfg.path, &key, &e)) {
		log_error("%s", e.msg);
		rc = EXIT_IO;
		goto out_run;
	}
	if (cli.if_changed && unchanged(&r, &key)) {
		buf_addf(&summary, "nothing changed since the statistics of %d were computed", r.year);
		log_info("%s", summary.data);
		skipped = 1;
		goto out_run;
	}
	if (compute(&r, &e) || db_meta_set(r.db, "stats_key", key.data, &e)) {
		log_error("%s", e.msg);
		rc = EXIT_IO;
		goto out_run;
	}
	buf_addf(&summary, "statistics of %d computed", r.year);
	log_info("%s", summary.data);
out_run:
	if (db_run_end(r.db, run_id, rc ? "failed" : skipped ? "skipped" : "ok",
		       rc ? e.msg : summary.data, &e)) {
		log_error("%s", e.msg);
		rc = EXIT_IO;
	}
out:
	stage_release(&r);
	buf_release(&summary);
	buf_release(&key);
	lock_release(lock);
	config_release(&cfg);
	return rc;
}
