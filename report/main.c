/*
 * pana-report: compute the coverage statistics of the report year, store
 * them in coverage_stats, and write the yearly report: a PDF, its charts
 * as PNG and SVG, its tables as CSV. The output folder reports/YEAR is
 * built aside and swapped in whole, so a reader never sees half a report.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "access.h"
#include "chart.h"
#include "cli.h"
#include "config.h"
#include "competence.h"
#include "coverage.h"
#include "csvout.h"
#include "db.h"
#include "exitcode.h"
#include "fmt.h"
#include "log.h"
#include "render.h"
#include "survey.h"

struct report {
	sqlite3 *db;
	const struct config *cfg;
	enum fmt_lang lang;
	int year;
	struct cov_unit *regions, *departments, *epcis;
	size_t nregions, ndepartments, nepcis;
	char **dept_region;	/* region code of each department */
	char vintage[64], asof[32];
	double gini, share_assoc_blank, share_pop_blank;
	long epci_blank, dept_blank;
	struct buf dir;		/* the folder being written */
};

static const char *tr(const struct report *r, const char *fr, const char *en)
{
	return r->lang == FMT_FR ? fr : en;
}

/* ---- data ---------------------------------------------------------- */

static int pick_year(struct report *r, struct err *e)
{
	sqlite3_stmt *st;
	char now[21];

	if (r->cfg->year) {
		r->year = r->cfg->year;
		return 0;
	}
	if (db_prepare(r->db, &st, "SELECT max(year) FROM diagnostic", e))
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		r->year = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (!r->year) {
		log_now(now);
		r->year = atoi(now);
	}
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

static void bind_num(sqlite3_stmt *st, int i, double v)
{
	if (isnan(v))
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

		r->epcis = realloc(r->epcis, (r->nepcis + 1) * sizeof(*u));
		if (!r->epcis)
			abort();
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
		abort();
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
	r->gini = coverage_gini(s, n, r->ndepartments);
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

		r->regions = realloc(r->regions, (r->nregions + 1) * sizeof(*u));
		if (!r->regions)
			abort();
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

		r->departments = realloc(r->departments, (r->ndepartments + 1) * sizeof(*u));
		r->dept_region = realloc(r->dept_region, (r->ndepartments + 1) * sizeof(char *));
		if (!r->departments || !r->dept_region)
			abort();
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
		       "oe_low, oe_high, p_value, q_value, flagged) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
		       "?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)", e))
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

/* ---- text helpers ---------------------------------------------------- */

/* A table of strings being filled, row after row. */
struct strtab {
	char **cells;
	size_t n, cap;
};

static void st_add(struct strtab *t, struct buf *b)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 256;
		t->cells = realloc(t->cells, t->cap * sizeof(char *));
		if (!t->cells)
			abort();
	}
	t->cells[t->n++] = buf_detach(b, NULL);
}

static void st_str(struct strtab *t, const char *s)
{
	struct buf b = BUF_INIT;

	buf_addstr(&b, s);
	st_add(t, &b);
}

static void st_num(struct strtab *t, double v, int decimals, enum fmt_lang lang)
{
	struct buf b = BUF_INIT;

	fmt_num(&b, v, decimals, lang);
	st_add(t, &b);
}

static void st_free(struct strtab *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->cells[i]);
	free(t->cells);
	memset(t, 0, sizeof(*t));
}

static double national_rate(const struct report *r)
{
	double s = 0, n = 0;

	for (size_t i = 0; i < r->nregions; i++)
		if (r->regions[i].in_registry) {
			s += (double)r->regions[i].structures_covered;
			n += (double)r->regions[i].associations;
		}
	return n > 0 ? 1e3 * s / n : NAN;
}

/* ---- outputs --------------------------------------------------------- */

static void unit_row(const struct report *r, struct strtab *t, const struct cov_unit *u)
{
	struct buf b = BUF_INIT;

	st_str(t, u->code);
	st_str(t, u->name);
	if (u->in_registry) {
		fmt_int(&b, u->associations, r->lang);
		st_add(t, &b);
	} else {
		st_str(t, tr(r, "hors RNA", "not in RNA"));
	}
	fmt_int(&b, u->structures, r->lang);
	st_add(t, &b);
	st_num(t, u->per_1000_assoc, 2, r->lang);
	st_num(t, u->per_100k_pop, 1, r->lang);
	st_num(t, u->oe, 2, r->lang);
	if (isnan(u->oe_low)) {
		st_str(t, "–");
	} else {
		fmt_num(&b, u->oe_low, 2, r->lang);
		/* non-breaking: the interval stays on one line */
		buf_addstr(&b, r->lang == FMT_FR ? "\u00a0à\u00a0" : "\u00a0to\u00a0");
		fmt_num(&b, u->oe_high, 2, r->lang);
		st_add(t, &b);
	}
	if (isnan(u->q_value)) {
		st_str(t, "–");
	} else if (u->q_value < 0.001) {
		buf_addstr(&b, "<\u00a0");
		fmt_num(&b, 0.001, 3, r->lang);
		st_add(t, &b);
	} else {
		st_num(t, u->q_value, 3, r->lang);
	}
	st_str(t, u->flagged ? tr(r, "oui", "yes") : "");
	buf_release(&b);
}

#define UNIT_COLS 10
static const char *const unit_header_fr[UNIT_COLS] = {
	"Code", "Nom", "Assoc. actives", "Struct.", "/ 1 000 assoc.", "/ 100 000 hab.",
	"O/E", "IC 95 %", "q", "Sous-couvert",
};
static const char *const unit_header_en[UNIT_COLS] = {
	"Code", "Name", "Active assoc.", "Struct.", "/ 1,000 assoc.", "/ 100,000 inh.",
	"O/E", "95% CI", "q", "Under-covered",
};

static void unit_table(struct report *r, struct render *doc, const struct cov_unit *u,
		       size_t n, const char *caption)
{
	static const int right[UNIT_COLS] = { 0, 0, 1, 1, 1, 1, 1, 1, 1, 0 };
	struct strtab t = { 0 };
	struct render_table rt;
	size_t i;

	for (i = 0; i < n; i++)
		unit_row(r, &t, &u[i]);
	rt.ncols = UNIT_COLS;
	rt.nrows = n;
	rt.header = r->lang == FMT_FR ? unit_header_fr : unit_header_en;
	rt.cells = (const char *const *)t.cells;
	rt.align_right = right;
	rt.caption = caption;
	render_table(doc, &rt);
	st_free(&t);
}

static int unit_csv(struct report *r, const char *name, const struct cov_unit *u, size_t n,
		    struct err *e)
{
	static const char *const head[] = {
		"code", "nom", "associations_actives", "population", "structures",
		"diagnostics", "pour_1000_associations", "pour_100000_habitants", "attendu",
		"o_sur_e", "o_sur_e_bas", "o_sur_e_haut", "p", "q", "sous_couvert",
	};
	struct csvout c;
	struct buf path = BUF_INIT;
	size_t i;
	int rc;

	buf_addf(&path, "%s/tables/%s", r->dir.data, name);
	rc = csvout_open(&c, path.data, e);
	buf_release(&path);
	if (rc)
		return -1;
	for (i = 0; i < sizeof(head) / sizeof(head[0]); i++)
		csvout_text(&c, head[i]);
	csvout_end_row(&c);
	for (i = 0; i < n; i++) {
		csvout_text(&c, u[i].code);
		csvout_text(&c, u[i].name);
		if (u[i].in_registry)
			csvout_int(&c, u[i].associations);
		else
			csvout_text(&c, "");
		csvout_int(&c, u[i].population);
		csvout_int(&c, u[i].structures);
		csvout_int(&c, u[i].diagnostics);
		csvout_num(&c, u[i].per_1000_assoc, 4);
		csvout_num(&c, u[i].per_100k_pop, 4);
		csvout_num(&c, u[i].expected, 4);
		csvout_num(&c, u[i].oe, 4);
		csvout_num(&c, u[i].oe_low, 4);
		csvout_num(&c, u[i].oe_high, 4);
		csvout_num(&c, u[i].p_value, 6);
		csvout_num(&c, u[i].q_value, 6);
		csvout_int(&c, u[i].flagged);
		csvout_end_row(&c);
	}
	return csvout_close(&c, e);
}

struct region_chart {
	struct chart_bars bars;
	const char **labels;
	double *values;
	int *flags;
};

static void region_chart_init(struct report *r, struct region_chart *c)
{
	size_t i;

	memset(c, 0, sizeof(*c));
	c->labels = calloc(r->nregions, sizeof(char *));
	c->values = calloc(r->nregions, sizeof(double));
	c->flags = calloc(r->nregions, sizeof(int));
	if (!c->labels || !c->values || !c->flags)
		abort();
	for (i = 0; i < r->nregions; i++) {
		c->labels[i] = r->regions[i].name;
		c->values[i] = r->regions[i].per_1000_assoc;
		c->flags[i] = !r->regions[i].in_registry ? CHART_OUT_OF_SCOPE
			: r->regions[i].flagged ? CHART_FLAGGED : CHART_PLAIN;
	}
	c->bars.title = tr(r, "Structures d'appui pour 1 000 associations actives, par région",
			   "Support structures per 1,000 active associations, by region");
	c->bars.unit = tr(r, "structures pour 1 000 associations actives",
			  "structures per 1,000 active associations");
	c->bars.n = r->nregions;
	c->bars.labels = c->labels;
	c->bars.values = c->values;
	c->bars.flags = c->flags;
	c->bars.reference = national_rate(r);
	c->bars.reference_label = tr(r, "France entière", "France as a whole");
	c->bars.lang = r->lang;
	c->bars.decimals = 2;
	c->bars.flag_label = tr(r, "sous-couverte (q ≤ 0,05)", "under-covered (q ≤ 0.05)");
}

static void region_chart_free(struct region_chart *c)
{
	free(c->labels);
	free(c->values);
	free(c->flags);
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

static void key_figures(struct report *r, struct render *doc, struct err *e)
{
	struct buf b = BUF_INIT;
	long assoc = 0, structures = 0, empty = 0, flagged = 0, outside = 0;
	size_t i;

	for (i = 0; i < r->ndepartments; i++) {
		const struct cov_unit *d = &r->departments[i];

		assoc += d->associations;
		structures += d->structures;
		empty += d->structures == 0;
		flagged += d->flagged;
		outside += !d->in_registry;
	}
	(void)e;
	render_heading(doc, 1, tr(r, "Chiffres clés", "Key figures"));
	buf_addstr(&b, "<b>");
	fmt_int(&b, assoc, r->lang);
	buf_addstr(&b, tr(r, "</b> associations actives au répertoire national (RNA), hors Alsace-Moselle.",
			  "</b> active associations in the national registry (RNA), Alsace-Moselle excluded."));
	render_markup(doc, b.data);
	buf_reset(&b);
	buf_addstr(&b, "<b>");
	fmt_int(&b, structures, r->lang);
	buf_addstr(&b, tr(r, "</b> lieux d'appui au numérique référencés, soit <b>",
			  "</b> digital support places listed, that is <b>"));
	fmt_num(&b, national_rate(r), 2, r->lang);
	buf_addstr(&b, tr(r, "</b> pour 1 000 associations actives.",
			  "</b> per 1,000 active associations."));
	render_markup(doc, b.data);
	buf_reset(&b);
	buf_addstr(&b, "<b>");
	fmt_int(&b, empty, r->lang);
	buf_addstr(&b, tr(r, "</b> départements sans aucune structure d'appui ; <b>",
			  "</b> departments without any support structure; <b>"));
	fmt_int(&b, flagged, r->lang);
	buf_addstr(&b, tr(r, "</b> départements significativement sous-couverts (test de Poisson, "
			  "taux de fausses découvertes 5 %).",
			  "</b> departments significantly under-covered (Poisson test, 5% false "
			  "discovery rate)."));
	render_markup(doc, b.data);
	buf_reset(&b);
	buf_addf(&b, tr(r, "La Moselle, le Bas-Rhin et le Haut-Rhin (%ld départements) relèvent du "
			"droit local : leurs associations ne figurent pas au RNA. Ils sont signalés "
			"« hors RNA » et jamais comptés comme zéro.",
			"Moselle, Bas-Rhin and Haut-Rhin (%ld departments) keep their local law: "
			"their associations are not in the RNA. They are shown as \"not in RNA\", "
			"never as zero."), outside);
	render_paragraph(doc, b.data);
	buf_release(&b);
}

static int write_report(struct report *r, struct err *e)
{
	struct render *doc = NULL;
	struct render_meta m;
	struct region_chart rc;
	struct buf path = BUF_INIT, s = BUF_INIT, sub = BUF_INIT;
	const char *lines[5];
	char date[64];
	int rcode = -1;

	region_chart_init(r, &rc);
	buf_addf(&path, "%s/charts/couverture-regions.png", r->dir.data);
	if (chart_write_png(path.data, 640, 420, 2.0, chart_bars_draw_fn, &rc.bars, e))
		goto out;
	buf_reset(&path);
	buf_addf(&path, "%s/charts/couverture-regions.svg", r->dir.data);
	if (chart_write_svg(path.data, 640, 420, chart_bars_draw_fn, &rc.bars, e))
		goto out;
	if (unit_csv(r, "couverture-regions.csv", r->regions, r->nregions, e) ||
	    unit_csv(r, "couverture-departements.csv", r->departments, r->ndepartments, e))
		goto out;

	buf_reset(&path);
	buf_addf(&path, "%s/pana-%d.pdf", r->dir.data, r->year);
	buf_addf(&sub, "%s", r->cfg->subtitle);
	memset(&m, 0, sizeof(m));
	m.title = r->cfg->title;
	m.author = r->cfg->author;
	m.subject = tr(r, "Couverture des points d'appui au numérique associatif et compétences "
		       "numériques des associations", "Coverage of digital support for associations "
		       "and their digital competences");
	m.keywords = "PANA, associations, numérique, RNA";
	m.creator = "pana " PANA_VERSION;
	snprintf(date, sizeof(date), "%sT00:00:00Z", r->asof);
	m.create_date = date;
	m.lang = r->lang;
	if (render_open(&doc, path.data, &m, e))
		goto out;
	buf_addf(&s, tr(r, "Édition %d", "%d edition"), r->year);
	lines[0] = s.data;
	lines[1] = tr(r, "Sources : Répertoire national des associations (RNA), lieux de médiation "
		      "numérique (standard LaMednum), diagnostics des structures d'appui",
		      "Sources: national registry of associations (RNA), digital inclusion places "
		      "(LaMednum standard), diagnostics by support structures");
	lines[2] = r->vintage;
	lines[3] = r->asof;
	lines[4] = NULL;
	render_cover(doc, r->cfg->title, sub.len ? sub.data : NULL, lines);
	key_figures(r, doc, e);

	render_heading(doc, 1, tr(r, "Couverture par région", "Coverage by region"));
	render_paragraph(doc, tr(r,
		"Nombre de lieux d'appui au numérique pour 1 000 associations actives. Le Grand Est "
		"est calculé hors Alsace-Moselle, où le RNA ne s'applique pas. En vermillon, les régions "
		"dont le nombre de structures est significativement inférieur à l'attendu.",
		"Digital support places per 1,000 active associations. Grand Est is computed without "
		"Alsace-Moselle, where the RNA does not apply. In vermilion, regions with significantly "
		"fewer structures than expected."));
	if (render_chart(doc, 400, chart_bars_draw_fn, &rc.bars, e))
		goto out_doc;
	unit_table(r, doc, r->regions, r->nregions,
		   tr(r, "Couverture par région", "Coverage by region"));
	render_heading(doc, 1, tr(r, "Couverture par département", "Coverage by department"));
	unit_table(r, doc, r->departments, r->ndepartments,
		   tr(r, "Couverture par département", "Coverage by department"));
	render_heading(doc, 1, tr(r, "Méthodologie", "Methodology"));
	render_paragraph(doc, tr(r,
		"Associations actives : associations du RNA en position « A » sans date de dissolution, "
		"dédoublonnées par numéro RNA (la mise à jour la plus récente l'emporte) et placées sur "
		"leur commune actuelle (code INSEE réparé, anciens codes et arrondissements municipaux "
		"ramenés à la commune). Structures : lieux de médiation numérique dédoublonnés par "
		"identifiant.",
		"Active associations: RNA associations in position \"A\" with no dissolution date, "
		"deduplicated by RNA number (the latest update wins) and placed on their current "
		"commune (INSEE code repaired, old codes and municipal arrondissements rolled up). "
		"Structures: digital inclusion places deduplicated by identifier."));
	render_paragraph(doc, tr(r,
		"Nombre attendu : E = N × ΣS / ΣN, où N est le nombre d'associations actives de la zone "
		"(la population là où le RNA ne s'applique pas). Test de Poisson unilatéral de "
		"sous-couverture P(X ≤ O | E), valeurs q de Benjamini-Hochberg entre zones d'un même "
		"niveau, intervalle exact de O/E (quantiles gamma).",
		"Expected count: E = N × ΣS / ΣN, where N is the number of active associations of the "
		"area (its population where the RNA does not apply). One-sided Poisson test of "
		"under-coverage P(X ≤ O | E), Benjamini-Hochberg q-values across the areas of a level, "
		"exact interval of O/E (gamma quantiles)."));
	rcode = 0;
out_doc:
	if (render_close(doc, e))
		rcode = -1;
out:
	region_chart_free(&rc);
	buf_release(&path);
	buf_release(&s);
	buf_release(&sub);
	return rcode;
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

/* Builds reports/.YEAR.tmp, then swaps it with reports/YEAR in one step. */
static int publish(struct report *r, struct buf *final, struct err *e)
{
	struct buf sub = BUF_INIT;
	int rc = -1;

	buf_addf(final, "%s/%d", r->cfg->reports, r->year);
	buf_addf(&r->dir, "%s/.%d.tmp", r->cfg->reports, r->year);
	if (mkdir_p(r->cfg->reports, e))
		goto out;
	nftw(r->dir.data, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	buf_addf(&sub, "%s/charts", r->dir.data);
	if (mkdir_p(sub.data, e))
		goto out;
	buf_reset(&sub);
	buf_addf(&sub, "%s/tables", r->dir.data);
	if (mkdir_p(sub.data, e))
		goto out;
	if (write_report(r, e))
		goto out;
	if (renameat2(AT_FDCWD, r->dir.data, AT_FDCWD, final->data, RENAME_EXCHANGE) == 0) {
		/* r->dir now holds yesterday's report. */
		nftw(r->dir.data, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	} else if (errno == ENOENT) {
		if (rename(r->dir.data, final->data)) {
			err_set(e, "cannot rename '%s': %s", r->dir.data, strerror(errno));
			goto out;
		}
	} else {
		err_set(e, "cannot replace '%s': %s", final->data, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	if (rc)
		nftw(r->dir.data, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	buf_release(&sub);
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

int main(int argc, char **argv)
{
	struct cli cli;
	struct config cfg;
	struct report r;
	struct buf final = BUF_INIT, summary = BUF_INIT;
	struct err e;
	long long run_id = 0;
	size_t i;
	int rc = EXIT_OK;

	log_prog = "pana-report";
	memset(&r, 0, sizeof(r));
	if (cli_parse(&cli, argc, argv, 0))
		return EXIT_USAGE;
	if (cli.help) {
		cli_usage("pana-report", "Computes the coverage statistics and writes the yearly report "
			  "(PDF, charts,\nCSV tables) under [paths] reports/YEAR; prints the PDF's path.", 0);
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
	r.lang = !strcmp(cfg.language, "en") ? FMT_EN : FMT_FR;
	buf_init(&r.dir);
	if (db_open(&r.db, cfg.database, &e) || db_run_start(r.db, "report", &run_id, &e)) {
		log_error("%s", e.msg);
		rc = EXIT_IO;
		goto out;
	}
	if (pick_year(&r, &e) || read_context(&r, &e) || load_units(&r, &e) ||
	    load_epcis(&r, &e)) {
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
	buf_addf(&summary, "report %d written to '%s'", r.year, final.data);
	log_info("%s", summary.data);
	printf("%s/pana-%d.pdf\n", final.data, r.year);
	if (fflush(stdout)) {
		rc = EXIT_IO;
	}
out_run:
	if (db_run_end(r.db, run_id, rc ? "failed" : "ok", rc ? e.msg : summary.data, &e)) {
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
	db_close(r.db);
	config_release(&cfg);
	chart_fonts_release();
	return rc;
}
