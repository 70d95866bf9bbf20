/*
 * pana-report: compute the coverage statistics of the report year, store
 * them in coverage_stats, and write the yearly report: a PDF, its charts
 * as PNG and SVG, its tables as CSV. The output folder reports/YEAR is
 * built aside and swapped in whole, so a reader never sees half a report.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <gsl/gsl_errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "xalloc.h"
#include "access.h"
#include "cli.h"
#include "config.h"
#include "competence.h"
#include "coverage.h"
#include "chart.h"
#include "document.h"
#include "db.h"
#include "exitcode.h"
#include "lock.h"
#include "hash.h"
#include "log.h"
#include "stats.h"
#include "survey.h"

struct report {
	sqlite3 *db;
	const struct config *cfg;
	int year;
	struct cov_unit *regions, *departments, *epcis;
	size_t nregions, ndepartments, nepcis;
	char **dept_region;	/* region code of each department */
	char vintage[64], asof[32];
	double gini, share_assoc_blank, share_pop_blank;
	long epci_blank, dept_blank;
	struct buf dir;		/* the folder being written */
};

/* ---- data ---------------------------------------------------------- */

static int pick_year(struct report *r, struct err *e)
{
	sqlite3_stmt *st;
	char now[21];

	if (r->cfg->year) {
		r->year = r->cfg->year;
		return 0;
	}
	/* The last year with diagnostics, but never one still to come: a
	   date later than today is a mistake (a warning of pana-transform). */
	log_now(now);
	if (db_prepare(r->db, &st, "SELECT max(year) FROM diagnostic WHERE year <= ?1", e))
		return -1;
	sqlite3_bind_int(st, 1, atoi(now));
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		r->year = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (!r->year)
		r->year = atoi(now);
	return 0;
}

static void copy(char *dst, size_t n, const unsigned char *s)
{
	snprintf(dst, n, "%s", s ? (const char *)s : "");
}

/* Counts per department, in one pass over each model table. */
static const char *const dept_sql =
	"WITH a AS (SELECT department_code d, count(*) n FROM association "
	"           WHERE active = 1 GROUP BY 1),"
	" s AS (SELECT department_code d, count(*) n FROM structure GROUP BY 1),"
	" g AS (SELECT department_code d, count(*) n FROM diagnostic WHERE year = ?1 GROUP BY 1),"
	" p AS (SELECT department_code d, sum(population) n FROM commune GROUP BY 1) "
	"SELECT dp.code, dp.name, dp.region_code, dp.in_registry, coalesce(a.n, 0), "
	"       coalesce(p.n, 0), coalesce(s.n, 0), coalesce(g.n, 0) "
	"FROM department dp LEFT JOIN a ON a.d = dp.code LEFT JOIN s ON s.d = dp.code "
	"LEFT JOIN g ON g.d = dp.code LEFT JOIN p ON p.d = dp.code ORDER BY dp.code";

/* NaN or an infinity is a figure not defined: NULL, as the schema says. */
static void bind_num(sqlite3_stmt *st, int i, double v)
{
	if (!isfinite(v))
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_double(st, i, v);
}

/* EPCI: counts through their member communes; an EPCI is outside the
   registry when one of its communes is. */
static const char *const epci_sql =
	"WITH a AS (SELECT c.epci_code e, count(*) n FROM association x "
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

static int load_epcis(struct report *r, struct err *e)
{
	sqlite3_stmt *st;

	if (db_prepare(r->db, &st, epci_sql, e))
		return -1;
	sqlite3_bind_int(st, 1, r->year);
	while (sqlite3_step(st) == SQLITE_ROW) {
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
	sqlite3_finalize(st);
	return 0;
}

/* Gini of structures per association across departments, and the "zones
   blanches": associations and inhabitants in an EPCI with no structure. */
static int store_summary(struct report *r, struct err *e)
{
	double *s = calloc(r->ndepartments + 1, sizeof(double));
	double *n = calloc(r->ndepartments + 1, sizeof(double));
	double assoc = 0, assoc_blank = 0, pop = 0, pop_blank = 0;
	long epci_blank = 0, dept_blank = 0;
	sqlite3_stmt *st;
	size_t i;
	int rc;

	if (!s || !n)
		xalloc_die();
	for (i = 0; i < r->ndepartments; i++) {
		const struct cov_unit *d = &r->departments[i];

		if (d->in_registry) {
			s[i] = (double)d->structures;
			n[i] = (double)d->associations;
		}
		dept_blank += d->structures == 0;
	}
	for (i = 0; i < r->nepcis; i++) {
		const struct cov_unit *u = &r->epcis[i];

		pop += (double)u->population;
		if (u->in_registry)
			assoc += (double)u->associations;
		if (u->structures)
			continue;
		epci_blank++;
		pop_blank += (double)u->population;
		if (u->in_registry)
			assoc_blank += (double)u->associations;
	}
	r->gini = stats_gini(s, n, r->ndepartments);
	r->share_assoc_blank = assoc > 0 ? assoc_blank / assoc : NAN;
	r->share_pop_blank = pop > 0 ? pop_blank / pop : NAN;
	r->epci_blank = epci_blank;
	r->dept_blank = dept_blank;
	free(s);
	free(n);
	if (db_prepare(r->db, &st, "INSERT OR REPLACE INTO coverage_summary(year, gini, "
		       "share_assoc_without_structure, share_pop_without_structure, "
		       "epci_without_structure, departments_without_structure) "
		       "VALUES (?1, ?2, ?3, ?4, ?5, ?6)", e))
		return -1;
	sqlite3_bind_int(st, 1, r->year);
	bind_num(st, 2, r->gini);
	bind_num(st, 3, r->share_assoc_blank);
	bind_num(st, 4, r->share_pop_blank);
	sqlite3_bind_int64(st, 5, epci_blank);
	sqlite3_bind_int64(st, 6, dept_blank);
	rc = db_step_done(r->db, st, e);
	sqlite3_finalize(st);
	return rc;
}

static int load_units(struct report *r, struct err *e)
{
	sqlite3_stmt *st;
	size_t i, k;

	if (db_prepare(r->db, &st, "SELECT code, name FROM region ORDER BY code", e))
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
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
	sqlite3_finalize(st);
	if (!r->nregions)
		return err_set(e, "the geography referential is empty: run pana-ingest first");
	if (db_prepare(r->db, &st, dept_sql, e))
		return -1;
	sqlite3_bind_int(st, 1, r->year);
	while (sqlite3_step(st) == SQLITE_ROW) {
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
	sqlite3_finalize(st);
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

static int store_level(struct report *r, sqlite3_stmt *st, const char *level,
		       const struct cov_unit *u, size_t n, struct err *e)
{
	size_t i;

	for (i = 0; i < n; i++) {
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
		bind_num(st, 8, u[i].per_1000_assoc);
		bind_num(st, 9, u[i].per_100k_pop);
		bind_num(st, 10, u[i].expected);
		bind_num(st, 11, u[i].oe_low);
		bind_num(st, 12, u[i].oe_high);
		bind_num(st, 13, u[i].p_value);
		bind_num(st, 14, u[i].q_value);
		sqlite3_bind_int(st, 15, u[i].flagged);
		sqlite3_bind_int64(st, 16, u[i].in_registry ? u[i].structures_covered : u[i].structures);
		bind_num(st, 17, u[i].oe);
		if (db_step_done(r->db, st, e))
			return -1;
	}
	return 0;
}

static int store_stats(struct report *r, struct err *e)
{
	sqlite3_stmt *del = NULL, *ins = NULL;
	int rc = -1;

	if (db_exec(r->db, "BEGIN IMMEDIATE", e))
		return -1;
	if (db_prepare(r->db, &del, "DELETE FROM coverage_stats WHERE year = ?1", e) ||
	    db_prepare(r->db, &ins, "INSERT INTO coverage_stats(year, level, code, associations, "
		       "population, structures, diagnostics, per_1000_assoc, per_100k_pop, expected, "
		       "oe_low, oe_high, p_value, q_value, flagged, observed, oe) VALUES (?1, ?2, ?3, "
		       "?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)", e))
		goto out;
	sqlite3_bind_int(del, 1, r->year);
	if (db_step_done(r->db, del, e) ||
	    store_level(r, ins, "region", r->regions, r->nregions, e) ||
	    store_level(r, ins, "department", r->departments, r->ndepartments, e) ||
	    store_level(r, ins, "epci", r->epcis, r->nepcis, e) ||
	    store_summary(r, e) ||
	    competence_compute(r->db, r->cfg, r->year, e) ||
	    survey_compute(r->db, r->cfg, r->year, e) ||
	    access_compute(r->db, r->cfg, r->year, e) ||
	    db_exec(r->db, "COMMIT", e))
		goto out;
	rc = 0;
out:
	if (rc)
		db_exec(r->db, "ROLLBACK", NULL);
	sqlite3_finalize(del);
	sqlite3_finalize(ins);
	return rc;
}

static int count_query(sqlite3 *db, const char *sql, long *out, struct err *e)
{
	sqlite3_stmt *st;

	*out = 0;
	if (db_prepare(db, &st, sql, e))
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return 0;
}

static int rm_entry(const char *p, const struct stat *sb, int flag, struct FTW *f)
{
	(void)sb;
	(void)flag;
	(void)f;
	return remove(p);
}

static int mkdir_p(const char *path, struct err *e)
{
	struct buf b = BUF_INIT;
	char *p;

	buf_addstr(&b, path);
	for (p = b.data + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(b.data, 0755) && errno != EEXIST) {
			err_set(e, "cannot create '%s': %s", b.data, strerror(errno));
			buf_release(&b);
			return -1;
		}
		*p = '/';
	}
	if (mkdir(b.data, 0755) && errno != EEXIST) {
		err_set(e, "cannot create '%s': %s", b.data, strerror(errno));
		buf_release(&b);
		return -1;
	}
	buf_release(&b);
	return 0;
}

/* The old report goes to reports/.YEAR.old, the new one to reports/YEAR,
   then the old one is removed. A run stopped between the two renames
   leaves .YEAR.old, which the next run puts back first (restore_old). */
static int swap_by_renames(struct report *r, const struct buf *final, struct err *e)
{
	struct buf old = BUF_INIT;
	int rc = -1;

	buf_addf(&old, "%s/.%d.old", r->cfg->reports, r->year);
	nftw(old.data, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	if (rename(final->data, old.data)) {
		err_set(e, "cannot replace '%s': %s", final->data, strerror(errno));
		goto out;
	}
	if (rename(r->dir.data, final->data)) {
		err_set(e, "cannot rename '%s': %s", r->dir.data, strerror(errno));
		if (rename(old.data, final->data))
			log_error("cannot put back '%s' as '%s': %s", old.data, final->data,
				  strerror(errno));
		goto out;
	}
	log_debug("'%s' replaced by two renames (no atomic exchange here)", final->data);
	nftw(old.data, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	rc = 0;
out:
	buf_release(&old);
	return rc;
}

/* A run stopped between the two renames of swap_by_renames() left the
   last report as reports/.YEAR.old and no reports/YEAR: put it back. */
static void restore_old(struct report *r, const struct buf *final)
{
	struct buf old = BUF_INIT;
	struct stat sb;

	buf_addf(&old, "%s/.%d.old", r->cfg->reports, r->year);
	if (stat(final->data, &sb) && errno == ENOENT && !stat(old.data, &sb) &&
	    S_ISDIR(sb.st_mode) && !rename(old.data, final->data))
		log_warn("'%s' put back from '%s'", final->data, old.data);
	buf_release(&old);
}

/* Builds reports/.YEAR.tmp, then swaps it with reports/YEAR in one step. */
static int publish(struct report *r, struct buf *final, struct err *e)
{
	int rc = -1;

	buf_addf(final, "%s/%d", r->cfg->reports, r->year);
	buf_addf(&r->dir, "%s/.%d.tmp", r->cfg->reports, r->year);
	if (mkdir_p(r->cfg->reports, e))
		goto out;
	restore_old(r, final);
	nftw(r->dir.data, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	if (mkdir_p(r->dir.data, e))
		goto out;
	{
		struct document_opts o;

		o.year = r->year;
		o.dir = r->dir.data;
		o.asof = r->asof;
		o.vintage = r->vintage;
		if (document_write(r->db, r->cfg, &o, e))
			goto out;
	}
	if (renameat2(AT_FDCWD, r->dir.data, AT_FDCWD, final->data, RENAME_EXCHANGE) == 0) {
		/* r->dir now holds yesterday's report. */
		nftw(r->dir.data, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	} else if (errno == ENOENT) {
		if (rename(r->dir.data, final->data)) {
			err_set(e, "cannot rename '%s': %s", r->dir.data, strerror(errno));
			goto out;
		}
	} else if (errno == EXDEV || errno == EINVAL || errno == ENOSYS || errno == ENOTSUP) {
		/* No atomic swap here (overlayfs, some network file systems):
		   two renames within reports/, so that a reader finds the old
		   report whole, then no folder for an instant, then the new
		   one whole; never half of one. */
		if (swap_by_renames(r, final, e))
			goto out;
	} else {
		err_set(e, "cannot replace '%s': %s", final->data, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	if (rc)
		nftw(r->dir.data, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	return rc;
}

static int read_context(struct report *r, struct err *e)
{
	sqlite3_stmt *st;
	long n;

	if (db_meta_get(r->db, "cog_vintage", r->vintage, sizeof(r->vintage), e) < 0)
		return -1;
	/* The report is dated by its data, not by the clock: the same
	   database gives the same report. */
	if (db_prepare(r->db, &st, "SELECT substr(max(ingested_at), 1, 10) FROM source_file", e))
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		copy(r->asof, sizeof(r->asof), sqlite3_column_text(st, 0));
	else
		snprintf(r->asof, sizeof(r->asof), "%d-01-01", r->year);
	sqlite3_finalize(st);
	if (count_query(r->db, "SELECT count(*) FROM association", &n, e))
		return -1;
	if (!n)
		log_warn("no association in the model: run pana-ingest and pana-transform first");
	return 0;
}

/* What the report depends on: the data (its generation), the year, the
   configuration and pana's version. */
static int report_key(struct report *r, struct buf *key, struct err *e)
{
	char gen[32], sha[HASH_HEX_LEN + 1];
	int found = db_meta_get(r->db, "data_generation", gen, sizeof(gen), e);

	if (found < 0 || hash_file(r->cfg->path, sha, e))
		return -1;
	buf_addf(key, "%s|%d|%s|%s", found ? gen : "0", r->year, sha, PANA_VERSION);
	return 0;
}

/* 1 when the last report was made from the same key and is still there. */
static int unchanged(struct report *r, const struct buf *key, const struct buf *final)
{
	char last[512];
	struct stat sb;

	if (db_meta_get(r->db, "report_key", last, sizeof(last), NULL) != 1)
		return 0;
	return !strcmp(last, key->data) && !stat(final->data, &sb) && S_ISDIR(sb.st_mode);
}

int main(int argc, char **argv)
{
	struct cli cli;
	struct config cfg;
	struct report r;
	struct buf final = BUF_INIT, summary = BUF_INIT, key = BUF_INIT;
	struct err e;
	long long run_id = 0;
	int lock = -1;
	size_t i;
	int rc = EXIT_OK, skipped = 0;

	log_prog = "pana-report";
	memset(&r, 0, sizeof(r));
	/* A GSL routine that fails returns NaN or an error code; it must not
	   abort the nightly run. */
	gsl_set_error_handler_off();
	if (cli_parse(&cli, argc, argv, CLI_IF_CHANGED))
		return EXIT_USAGE;
	if (cli.help) {
		cli_usage("pana-report", "Computes the statistics of the report year into the database "
			  "and writes the\nyearly report (PDF, charts, CSV tables) under [paths] "
			  "reports/YEAR; prints the PDF's path.", CLI_IF_CHANGED);
		return EXIT_OK;
	}
	if (cli.version) {
		printf("pana-report %s\n", PANA_VERSION);
		return EXIT_OK;
	}
	if (config_load(&cfg, cli.config, &e)) {
		log_error("%s", e.msg);
		config_release(&cfg);
		return EXIT_USAGE;
	}
	r.cfg = &cfg;
	buf_init(&r.dir);
	/* One pana program at a time; pana-run hands its lock down. */
	rc = lock_take(cfg.database, &lock, &e);
	if (rc) {
		log_error("%s", e.msg);
		rc = rc > 0 ? EXIT_LOCKED : EXIT_IO;
		goto out;
	}
	if (db_open(&r.db, cfg.database, &e) || db_run_start(r.db, "report", &run_id, &e)) {
		log_error("%s", e.msg);
		rc = EXIT_IO;
		goto out;
	}
	if (pick_year(&r, &e) || read_context(&r, &e) || report_key(&r, &key, &e)) {
		log_error("%s", e.msg);
		rc = EXIT_IO;
		goto out_run;
	}
	buf_addf(&final, "%s/%d", cfg.reports, r.year);
	if (cli.if_changed && unchanged(&r, &key, &final)) {
		buf_addf(&summary, "nothing changed since the last report: '%s' kept", final.data);
		log_info("%s", summary.data);
		/* -q prints nothing on success: cron mails whatever is printed. */
		if (!cli.quiet)
			printf("%s/pana-%d.pdf\n", final.data, r.year);
		skipped = 1;
		goto out_run;
	}
	buf_reset(&final);
	if (load_units(&r, &e) || load_epcis(&r, &e)) {
		log_error("%s", e.msg);
		rc = EXIT_IO;
		goto out_run;
	}
	coverage_compute(r.regions, r.nregions, cfg.confidence, cfg.fdr);
	coverage_compute(r.departments, r.ndepartments, cfg.confidence, cfg.fdr);
	coverage_compute(r.epcis, r.nepcis, cfg.confidence, cfg.fdr);
	if (store_stats(&r, &e) || publish(&r, &final, &e)) {
		log_error("%s", e.msg);
		rc = EXIT_IO;
		goto out_run;
	}
	if (db_meta_set(r.db, "report_key", key.data, &e)) {
		log_error("%s", e.msg);
		rc = EXIT_IO;
		goto out_run;
	}
	buf_addf(&summary, "report %d written to '%s'", r.year, final.data);
	log_info("%s", summary.data);
	if (!cli.quiet)
		printf("%s/pana-%d.pdf\n", final.data, r.year);
	if (fflush(stdout)) {
		rc = EXIT_IO;
	}
out_run:
	if (db_run_end(r.db, run_id, rc ? "failed" : skipped ? "skipped" : "ok",
		       rc ? e.msg : summary.data, &e)) {
		log_error("%s", e.msg);
		rc = EXIT_IO;
	}
out:
	for (i = 0; i < r.ndepartments; i++)
		free(r.dept_region[i]);
	free(r.dept_region);
	free(r.regions);
	free(r.departments);
	free(r.epcis);
	buf_release(&r.dir);
	buf_release(&final);
	buf_release(&summary);
	buf_release(&key);
	db_close(r.db);
	lock_release(lock);
	config_release(&cfg);
	chart_fonts_release();
	return rc;
}
