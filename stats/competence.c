#include "competence.h"
#include "xalloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "log.h"
#include "stats.h"

#define MAX_AREAS (CONFIG_MAX_AREAS + 1)	/* the areas, then 'overall' */
#define NLEVELS 5				/* levels 0 to 4 */

/* One diagnostic of the year: its units and its levels by area (NaN: not
   assessed); the last area is the overall mean of those assessed. */
struct diag {
	int region, department;
	double level[MAX_AREAS];
};

struct units {
	char (*code)[8];
	size_t n;
};

struct data {
	struct diag *d;
	size_t n;
	struct units regions, departments;
	size_t nareas;		/* config areas + overall */
	char area[MAX_AREAS][64];
};

/* The summary of one cell, as stored. */
struct cell {
	size_t n;
	struct stats_mean m;
	double median, q1, q3;
	long ge3, low, high;
	double ge3_lo, ge3_hi;
	double eb;
	int suppressed;
};

static int load_units(sqlite3 *db, const char *sql, struct units *u, struct err *e)
{
	sqlite3_stmt *st;
	int step;

	if (db_prepare(db, &st, sql, e))
		return -1;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		u->code = xgrow(u->code, u->n, sizeof(*u->code));
		if (!u->code)
			xalloc_die();
		snprintf(u->code[u->n++], sizeof(*u->code), "%s", sqlite3_column_text(st, 0));
	}
	step = db_loop_end(db, step, e);
	sqlite3_finalize(st);
	if (step)
		return -1;
	return 0;
}

static int unit_index(const struct units *u, const char *code)
{
	size_t i;

	for (i = 0; code && i < u->n; i++)
		if (!strcmp(u->code[i], code))
			return (int)i;
	return -1;
}

static void overall(struct diag *d, size_t nareas)
{
	double sum = 0;
	size_t a, k = 0;

	for (a = 0; a + 1 < nareas; a++)
		if (!isnan(d->level[a])) {
			sum += d->level[a];
			k++;
		}
	d->level[nareas - 1] = k ? sum / (double)k : NAN;
}

/* Reads the diagnostics of year into x (x->regions and departments must
   be loaded). */
static int load_year(sqlite3 *db, const struct config *cfg, int year, struct data *x,
		     struct err *e)
{
	sqlite3_stmt *st;
	char last[128] = "";
	size_t a;
	int step;

	free(x->d);
	x->d = NULL;
	x->n = 0;
	x->nareas = cfg->nareas + 1;
	for (a = 0; a < cfg->nareas; a++)
		snprintf(x->area[a], sizeof(x->area[a]), "%s", cfg->areas[a]);
	snprintf(x->area[cfg->nareas], sizeof(x->area[0]), "overall");
	if (db_prepare(db, &st, "SELECT d.id, d.region_code, d.department_code, l.area, l.level "
		       "FROM diagnostic d LEFT JOIN diagnostic_level l ON l.diagnostic_id = d.id "
		       "WHERE d.year = ?1 ORDER BY d.id", e))
		return -1;
	sqlite3_bind_int(st, 1, year);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);
		const char *area = (const char *)sqlite3_column_text(st, 3);
		struct diag *d;

		if (strcmp(id, last)) {
			if (x->n)
				overall(&x->d[x->n - 1], x->nareas);
			x->d = xgrow(x->d, x->n, sizeof(*x->d));
			if (!x->d)
				xalloc_die();
			d = &x->d[x->n++];
			d->region = unit_index(&x->regions, (const char *)sqlite3_column_text(st, 1));
			d->department = unit_index(&x->departments,
						   (const char *)sqlite3_column_text(st, 2));
			for (a = 0; a < MAX_AREAS; a++)
				d->level[a] = NAN;
			snprintf(last, sizeof(last), "%s", id);
		}
		d = &x->d[x->n - 1];
		for (a = 0; area && a < cfg->nareas; a++)
			if (!strcmp(area, cfg->areas[a]))
				d->level[a] = sqlite3_column_double(st, 4);
	}
	if (x->n)
		overall(&x->d[x->n - 1], x->nareas);
	step = db_loop_end(db, step, e);
	sqlite3_finalize(st);
	if (step)
		return -1;
	return 0;
}

/* The unit of diagnostic d at a level: 0 for national, else its region or
   department index. */
static int unit_of(const struct diag *d, int level)
{
	return level == 0 ? 0 : level == 1 ? d->region : d->department;
}

static void summarize(const struct data *x, int level, int unit, size_t area,
		      long min_cell, double level_conf, double *scratch, struct cell *c)
{
	size_t i, n = 0;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < x->n; i++) {
		double v = x->d[i].level[area];

		if (unit_of(&x->d[i], level) != unit || isnan(v))
			continue;
		scratch[n++] = v;
		/* The overall mean is not a level: count its shares on the
		   rounded-down level it reaches. */
		c->ge3 += v >= 3;
		c->low += v < 2;
		c->high += v >= 4;
	}
	c->n = n;
	c->suppressed = (long)n < min_cell;
	stats_mean_ci(scratch, n, level_conf, &c->m);
	stats_quartiles(scratch, n, &c->q1, &c->median, &c->q3);
	stats_wilson(c->ge3, (long)n, level_conf, &c->ge3_lo, &c->ge3_hi);
	c->eb = c->m.mean;
}

/* NaN or an infinity is a figure not defined: NULL, as the schema says. */
static void bind_or_null(sqlite3_stmt *st, int i, double v, int suppressed)
{
	if (suppressed || !isfinite(v))
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_double(st, i, v);
}

static int store_cell(sqlite3 *db, sqlite3_stmt *ins, int year, const char *level,
		      const char *code, const char *area, const struct cell *c, struct err *e)
{
	double n = (double)c->n;
	int s = c->suppressed;

	sqlite3_bind_int(ins, 1, year);
	sqlite3_bind_text(ins, 2, level, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 3, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 4, area, -1, SQLITE_STATIC);
	sqlite3_bind_int64(ins, 5, (sqlite3_int64)c->n);
	bind_or_null(ins, 6, c->m.mean, s);
	bind_or_null(ins, 7, c->m.sd, s);
	bind_or_null(ins, 8, c->m.lo, s);
	bind_or_null(ins, 9, c->m.hi, s);
	bind_or_null(ins, 10, c->median, s);
	bind_or_null(ins, 11, c->q1, s);
	bind_or_null(ins, 12, c->q3, s);
	bind_or_null(ins, 13, n > 0 ? (double)c->ge3 / n : NAN, s);
	bind_or_null(ins, 14, c->ge3_lo, s);
	bind_or_null(ins, 15, c->ge3_hi, s);
	bind_or_null(ins, 16, n > 0 ? (double)c->low / n : NAN, s);
	bind_or_null(ins, 17, n > 0 ? (double)c->high / n : NAN, s);
	bind_or_null(ins, 18, c->eb, s);
	sqlite3_bind_int(ins, 19, s);
	return db_step_done(db, ins, e);
}

/* Shrinks the unit means of one level and area towards their common mean
   (normal-normal empirical Bayes); units with few diagnostics use the
   pooled within-unit variance. */
static void shrink(struct cell *cells, size_t nunits)
{
	double *mean = calloc(nunits + 1, sizeof(double));
	double *var = calloc(nunits + 1, sizeof(double));
	double *out = calloc(nunits + 1, sizeof(double));
	double ss = 0, df = 0, pooled;
	size_t u;

	if (!mean || !var || !out)
		xalloc_die();
	for (u = 0; u < nunits; u++)
		if (cells[u].n >= 2) {
			ss += cells[u].m.sd * cells[u].m.sd * (double)(cells[u].n - 1);
			df += (double)(cells[u].n - 1);
		}
	pooled = df > 0 ? ss / df : NAN;
	for (u = 0; u < nunits; u++) {
		double s2 = cells[u].n >= 30 ? cells[u].m.sd * cells[u].m.sd : pooled;

		mean[u] = cells[u].n ? cells[u].m.mean : NAN;
		var[u] = cells[u].n ? s2 / (double)cells[u].n : NAN;
	}
	if (!stats_eb_normal(mean, var, nunits, out, NULL, NULL))
		for (u = 0; u < nunits; u++)
			cells[u].eb = out[u];
	free(mean);
	free(var);
	free(out);
}

static const char *const level_names[] = { "national", "region", "department" };

static int store_stats(sqlite3 *db, const struct config *cfg, int year,
		       const struct data *x, struct err *e)
{
	sqlite3_stmt *ins;
	double *scratch = malloc((x->n + 1) * sizeof(double));
	struct cell *cells = NULL;
	size_t a, u, nunits;
	int level, rc = -1;

	if (!scratch)
		xalloc_die();
	if (db_prepare(db, &ins, "INSERT INTO competence_stats(year, level, code, area, n, mean, "
		       "sd, ci_low, ci_high, median, q1, q3, share_ge3, share_ge3_low, share_ge3_high, "
		       "share_low, share_high, eb_mean, suppressed) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
		       "?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)", e))
		goto out;
	for (level = 0; level < 3; level++) {
		const struct units *un = level == 1 ? &x->regions : &x->departments;

		nunits = level == 0 ? 1 : un->n;
		cells = realloc(cells, (nunits + 1) * sizeof(*cells));
		if (!cells)
			xalloc_die();
		for (a = 0; a < x->nareas; a++) {
			for (u = 0; u < nunits; u++)
				summarize(x, level, (int)u, a, cfg->min_cell, cfg->confidence, scratch,
					  &cells[u]);
			if (level > 0)
				shrink(cells, nunits);
			for (u = 0; u < nunits; u++)
				if (store_cell(db, ins, year, level_names[level],
					       level == 0 ? "FR" : un->code[u], x->area[a], &cells[u], e))
					goto out;
		}
	}
	rc = 0;
out:
	sqlite3_finalize(ins);
	free(scratch);
	free(cells);
	return rc;
}

/* Per area: chi-square of region x level, Kruskal-Wallis across regions;
   Cronbach's alpha of the areas on the 'overall' row. */
static int store_tests(sqlite3 *db, int year, const struct data *x, struct err *e)
{
	sqlite3_stmt *ins;
	size_t nr = x->regions.n, a, i, n;
	long *table = calloc(nr * NLEVELS + 1, sizeof(long));
	double *v = malloc((x->n + 1) * sizeof(double));
	size_t *g = malloc((x->n + 1) * sizeof(size_t));
	double *m = malloc((x->n * x->nareas + 1) * sizeof(double));
	int rc = -1;

	if (!table || !v || !g || !m)
		xalloc_die();
	if (db_prepare(db, &ins, "INSERT INTO competence_tests(year, area, chi2, df, p_value, "
		       "cramers_v, kw_h, kw_p, cronbach_alpha) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
		       "?8, ?9)", e))
		goto out;
	for (a = 0; a < x->nareas; a++) {
		struct stats_chisq c;
		struct stats_kw k;
		double alpha = NAN;
		int is_overall = a + 1 == x->nareas;

		memset(table, 0, nr * NLEVELS * sizeof(long));
		for (i = 0, n = 0; i < x->n; i++) {
			double lv = x->d[i].level[a];

			if (isnan(lv) || x->d[i].region < 0)
				continue;
			if (!is_overall)
				table[(size_t)x->d[i].region * NLEVELS + (size_t)lv]++;
			v[n] = lv;
			g[n++] = (size_t)x->d[i].region;
		}
		if (is_overall || stats_chisq(table, nr, NLEVELS, &c)) {
			c.x2 = c.p = c.cramer_v = NAN;
			c.df = 0;
		}
		if (stats_kruskal(v, g, n, nr, &k))
			k.h = k.p = NAN;
		if (is_overall) {
			size_t k2 = x->nareas - 1;

			for (i = 0; i < x->n; i++)
				memcpy(m + i * k2, x->d[i].level, k2 * sizeof(double));
			stats_cronbach(m, x->n, k2, &alpha);
		}
		sqlite3_bind_int(ins, 1, year);
		sqlite3_bind_text(ins, 2, x->area[a], -1, SQLITE_STATIC);
		bind_or_null(ins, 3, c.x2, 0);
		if (c.df)
			sqlite3_bind_int64(ins, 4, c.df);
		else
			sqlite3_bind_null(ins, 4);
		bind_or_null(ins, 5, c.p, 0);
		bind_or_null(ins, 6, c.cramer_v, 0);
		bind_or_null(ins, 7, k.h, 0);
		bind_or_null(ins, 8, k.p, 0);
		bind_or_null(ins, 9, alpha, 0);
		if (db_step_done(db, ins, e))
			goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(ins);
	free(table);
	free(v);
	free(g);
	free(m);
	return rc;
}

/* Change from year_from to year, national and by region, for each area:
   Welch on the means, Newcombe on the share at level 3 or more. */
static int store_change(sqlite3 *db, const struct config *cfg, int year, int year_from,
			const struct data *from, const struct data *to, struct err *e)
{
	sqlite3_stmt *ins;
	double *scratch = malloc((from->n + to->n + 1) * sizeof(double));
	size_t a, u;
	int level, rc = -1;

	if (!scratch)
		xalloc_die();
	if (db_prepare(db, &ins, "INSERT INTO competence_change(year, year_from, level, code, area, "
		       "mean_from, mean_to, diff, diff_low, diff_high, p_value, share_from, share_to, "
		       "share_diff, share_diff_low, share_diff_high, suppressed) VALUES (?1, ?2, ?3, "
		       "?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)", e))
		goto out;
	for (level = 0; level < 2; level++) {
		size_t nunits = level == 0 ? 1 : to->regions.n;

		for (u = 0; u < nunits; u++)
			for (a = 0; a < to->nareas; a++) {
				struct cell c1, c2;
				struct stats_diff dm, dp;
				int s;

				summarize(from, level, (int)u, a, cfg->min_cell, cfg->confidence,
					  scratch, &c1);
				summarize(to, level, (int)u, a, cfg->min_cell, cfg->confidence,
					  scratch, &c2);
				s = c1.suppressed || c2.suppressed;
				stats_welch(c1.m.mean, c1.m.sd, (double)c1.n, c2.m.mean, c2.m.sd,
					    (double)c2.n, cfg->confidence, &dm);
				stats_newcombe(c1.ge3, (long)c1.n, c2.ge3, (long)c2.n, cfg->confidence,
					       &dp);
				sqlite3_bind_int(ins, 1, year);
				sqlite3_bind_int(ins, 2, year_from);
				sqlite3_bind_text(ins, 3, level_names[level], -1, SQLITE_STATIC);
				sqlite3_bind_text(ins, 4, level == 0 ? "FR" : to->regions.code[u], -1,
						  SQLITE_STATIC);
				sqlite3_bind_text(ins, 5, to->area[a], -1, SQLITE_STATIC);
				bind_or_null(ins, 6, c1.m.mean, s);
				bind_or_null(ins, 7, c2.m.mean, s);
				bind_or_null(ins, 8, dm.diff, s);
				bind_or_null(ins, 9, dm.lo, s);
				bind_or_null(ins, 10, dm.hi, s);
				bind_or_null(ins, 11, dm.p, s);
				bind_or_null(ins, 12, c1.n ? (double)c1.ge3 / (double)c1.n : NAN, s);
				bind_or_null(ins, 13, c2.n ? (double)c2.ge3 / (double)c2.n : NAN, s);
				bind_or_null(ins, 14, dp.diff, s);
				bind_or_null(ins, 15, dp.lo, s);
				bind_or_null(ins, 16, dp.hi, s);
				sqlite3_bind_int(ins, 17, s);
				if (db_step_done(db, ins, e))
					goto out;
			}
	}
	rc = 0;
out:
	sqlite3_finalize(ins);
	free(scratch);
	return rc;
}

/* The levels noted in the year's diagnostics, counted by region, all
   areas together. */
static int store_levels(sqlite3 *db, int year, struct err *e)
{
	return db_exec_year(db, "INSERT INTO competence_levels(year, region_code, level, n) "
			    "SELECT ?1, d.region_code, l.level, count(*) FROM diagnostic d "
			    "JOIN diagnostic_level l ON l.diagnostic_id = d.id "
			    "WHERE d.year = ?1 AND d.region_code IS NOT NULL "
			    "AND l.level BETWEEN 0 AND 4 GROUP BY 2, 3", year, e);
}

int competence_compute(sqlite3 *db, const struct config *cfg, int year, struct err *e)
{
	struct data to, from;
	int rc = -1;

	memset(&to, 0, sizeof(to));
	memset(&from, 0, sizeof(from));
	if (load_units(db, "SELECT code FROM region ORDER BY code", &to.regions, e) ||
	    load_units(db, "SELECT code FROM department ORDER BY code", &to.departments, e))
		goto out;
	from.regions = to.regions;
	from.departments = to.departments;
	if (db_exec_year(db, "DELETE FROM competence_stats WHERE year = ?1", year, e) ||
	    db_exec_year(db, "DELETE FROM competence_tests WHERE year = ?1", year, e) ||
	    db_exec_year(db, "DELETE FROM competence_change WHERE year = ?1", year, e) ||
	    db_exec_year(db, "DELETE FROM competence_levels WHERE year = ?1", year, e) ||
	    store_levels(db, year, e) || load_year(db, cfg, year, &to, e) ||
	    store_stats(db, cfg, year, &to, e) || store_tests(db, year, &to, e) ||
	    load_year(db, cfg, year - 1, &from, e))
		goto out;
	if (from.n && store_change(db, cfg, year, year - 1, &from, &to, e))
		goto out;
	log_debug("competences %d: %zu diagnostics (%zu the year before)", year, to.n, from.n);
	rc = 0;
out:
	free(to.d);
	free(from.d);
	free(to.regions.code);
	free(to.departments.code);
	return rc;
}
