#include "document.h"
#include "xalloc.h"

#include <errno.h>
#include <math.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "chart.h"
#include "cli.h"
#include "db.h"
#include "fmt.h"
#include "plots.h"
#include "render.h"
#include "table.h"

enum {
	SEC_KEY = 1 << 0, SEC_COVERAGE = 1 << 1, SEC_COMPETENCES = 1 << 2, SEC_TRENDS = 1 << 3,
	SEC_SURVEY = 1 << 4, SEC_QUALITY = 1 << 5, SEC_METHOD = 1 << 6,
};
enum { OUT_PDF = 1, OUT_PNG = 2, OUT_SVG = 4, OUT_CSV = 8 };

static const struct { const char *name; unsigned bit; } section_names[] = {
	{ "key", SEC_KEY }, { "coverage", SEC_COVERAGE }, { "competences", SEC_COMPETENCES },
	{ "trends", SEC_TRENDS }, { "survey", SEC_SURVEY }, { "quality", SEC_QUALITY },
	{ "methodology", SEC_METHOD },
}, format_names[] = {
	{ "pdf", OUT_PDF }, { "png", OUT_PNG }, { "svg", OUT_SVG }, { "csv", OUT_CSV },
};

struct doc {
	sqlite3 *db;
	const struct config *cfg;
	const struct document_opts *o;
	enum fmt_lang lang;
	unsigned sections, formats;
	struct render *pdf;
	struct err *e;
	int failed;
	/* The figures of config.ini the words quote: "5 %" for fdr = 0.05,
	   and the flag labels "under-covered (q <= 0.05)" of the charts. */
	char fdr_pct[32], under_m[96], under_f[96];
	char ci[32];		/* "CI" for confidence = 0.95 */
	char ci_label[64];	/* "95% confidence interval", the charts' legends */
};

/* One row of coverage_stats with the unit's name. */
struct unit {
	char code[16], name[96];
	int covered;		/* associations known (not NULL) */
	long assoc, pop, structures, observed, diagnostics;
	double per1000, per100k, expected, oe, oe_low, oe_high, p, q;
	int flagged;
};

/* The document's words in its lang: chart_tr() with d's lang. */
static const char *tr(const struct doc *d, const char *fr, const char *en)
{
	return chart_tr(d->lang, fr, en);
}

static int parse_set(const char *list, const char *what, unsigned *out, struct err *e,
		     const char *cfgpath, int sections)
{
	const char *p = list;
	size_t n = sections ? sizeof(section_names) / sizeof(section_names[0])
		: sizeof(format_names) / sizeof(format_names[0]), i, len;

	*out = 0;
	while (p && *p) {
		p += strspn(p, " ,");
		len = strcspn(p, " ,");
		if (!len)
			break;
		for (i = 0; i < n; i++) {
			const char *name = sections ? section_names[i].name : format_names[i].name;

			if (strlen(name) == len && !strncmp(p, name, len)) {
				*out |= sections ? section_names[i].bit : format_names[i].bit;
				break;
			}
		}
		if (i == n)
			return err_set(e, "'%s': [report] %s: '%.*s' is not one of them", cfgpath,
				       what, (int)len, p);
		p += len;
	}
	return 0;
}

static double col_num(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? NAN : sqlite3_column_double(st, i);
}

static void col_text(char *dst, size_t n, sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	snprintf(dst, n, "%s", s ? (const char *)s : "");
}

static int fail(struct doc *d)
{
	d->failed = 1;
	return -1;
}

/* ---- output helpers --------------------------------------------------- */

static void path_of(struct doc *d, struct buf *b, const char *sub, const char *name,
		    const char *ext)
{
	buf_reset(b);
	buf_addf(b, "%s/%s/%s.%s", d->o->dir, sub, name, ext);
}

/* A chart on the page (h points high) and as charts/NAME.png and .svg. */
static int chart(struct doc *d, const char *name, double h, chart_draw_fn *draw,
		 const void *c)
{
	struct buf path = BUF_INIT;
	const double w = RENDER_PAGE_W - 2 * RENDER_MARGIN + 2 * CHART_FILE_MARGIN;
	int rc = 0;

	if (d->formats & OUT_PNG) {
		path_of(d, &path, "charts", name, "png");
		rc = chart_write_png(path.data, w, h + 2 * CHART_FILE_MARGIN, 2.0, draw, c, d->e);
	}
	if (!rc && (d->formats & OUT_SVG)) {
		path_of(d, &path, "charts", name, "svg");
		rc = chart_write_svg(path.data, w, h + 2 * CHART_FILE_MARGIN, draw, c, d->e);
	}
	if (!rc && d->pdf)
		rc = render_chart(d->pdf, h, draw, c, d->e);
	buf_release(&path);
	return rc ? fail(d) : 0;
}

/* A table on the page and as tables/NAME.csv. */
static int table(struct doc *d, const char *name, const struct table *t)
{
	struct buf path = BUF_INIT;
	int rc = 0;

	if (d->pdf)
		table_render(t, d->pdf);
	if (d->formats & OUT_CSV) {
		path_of(d, &path, "tables", name, "csv");
		rc = table_csv(t, path.data, d->e);
	}
	buf_release(&path);
	return rc ? fail(d) : 0;
}

/* Keeps what follows (h points: a heading, a paragraph, a chart) on one page. */
static void keep(struct doc *d, double h)
{
	if (d->pdf)
		render_need(d->pdf, h);
}

/* Appends v with as few decimals as show it (at most 4): 5, 2,5, 0,05. */
static void num_short(struct buf *b, double v, enum fmt_lang lang)
{
	int k = 0;

	while (k < 4 && fabs(v * pow(10, k) - round(v * pow(10, k))) > 1e-9)
		k++;
	fmt_num(b, v, k, lang);
}

/* Fills the words that quote the false discovery rate and the confidence
   level of config.ini. */
static void doc_words(struct doc *d)
{
	struct buf b = BUF_INIT;

	num_short(&b, d->cfg->fdr * 100, d->lang);
	buf_addstr(&b, tr(d, " %", "%"));
	snprintf(d->fdr_pct, sizeof(d->fdr_pct), "%s", b.data);
	buf_reset(&b);
	buf_addstr(&b, " (q ≤ ");
	num_short(&b, d->cfg->fdr, d->lang);
	buf_addstr(&b, ")");
	snprintf(d->under_m, sizeof(d->under_m), "%s%s",
		 tr(d, "sous-couvert", "under-covered"), b.data);
	snprintf(d->under_f, sizeof(d->under_f), "%s%s",
		 tr(d, "sous-couverte", "under-covered"), b.data);
	buf_reset(&b);
	buf_addstr(&b, tr(d, "IC ", ""));
	num_short(&b, d->cfg->confidence * 100, d->lang);
	buf_addstr(&b, tr(d, " %", "% CI"));
	snprintf(d->ci, sizeof(d->ci), "%s", b.data);
	buf_reset(&b);
	buf_addstr(&b, tr(d, "intervalle de confiance à ", ""));
	num_short(&b, d->cfg->confidence * 100, d->lang);
	buf_addstr(&b, tr(d, "\xe2\x80\xaf%", "% confidence interval"));
	snprintf(d->ci_label, sizeof(d->ci_label), "%s", b.data);
	buf_release(&b);
}

/* The header of a table in the document's language, its interval
   columns (written CI in the arrays) named at config.ini's confidence.
   out holds n entries and must outlive the table. */
static const char *const *header_of(const struct doc *d, const char *const *fr,
				    const char *const *en, size_t n, const char **out)
{
	const char *const *h = d->lang == FMT_FR ? fr : en;
	size_t i;

	for (i = 0; i < n; i++)
		out[i] = strcmp(h[i], "CI") ? h[i] : d->ci;
	return out;
}

static void heading(struct doc *d, int level, const char *text)
{
	if (d->pdf)
		render_heading(d->pdf, level, text);
}

static void para(struct doc *d, const char *text)
{
	if (d->pdf)
		render_paragraph(d->pdf, text);
}

static void markup(struct doc *d, const char *text)
{
	if (d->pdf)
		render_markup(d->pdf, text);
}

/* ---- data ------------------------------------------------------------- */

static int load_units(struct doc *d, const char *level, const char *names, struct unit **out,
		      size_t *n)
{
	struct buf sql = BUF_INIT;
	sqlite3_stmt *st;
	struct unit *u;

	*out = NULL;
	*n = 0;
	/* names is a table name of our own: region or department. */
	buf_addf(&sql, "SELECT s.code, g.name, s.associations IS NOT NULL, coalesce(s.associations, 0), "
		 "s.population, s.structures, coalesce(s.observed, s.structures), s.diagnostics, "
		 "s.per_1000_assoc, s.per_100k_pop, s.expected, s.oe, s.oe_low, s.oe_high, s.p_value, "
		 "s.q_value, s.flagged FROM coverage_stats s JOIN %s g ON g.code = s.code "
		 "WHERE s.year = ?1 AND s.level = ?2 ORDER BY s.code", names);
	if (db_prepare(d->db, &st, sql.data, d->e)) {
		buf_release(&sql);
		return fail(d);
	}
	buf_release(&sql);
	sqlite3_bind_int(st, 1, d->o->year);
	sqlite3_bind_text(st, 2, level, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		*out = xgrow(*out, *n, sizeof(**out));
		if (!*out)
			xalloc_die();
		u = &(*out)[(*n)++];
		col_text(u->code, sizeof(u->code), st, 0);
		col_text(u->name, sizeof(u->name), st, 1);
		u->covered = sqlite3_column_int(st, 2);
		u->assoc = sqlite3_column_int64(st, 3);
		u->pop = sqlite3_column_int64(st, 4);
		u->structures = sqlite3_column_int64(st, 5);
		u->observed = sqlite3_column_int64(st, 6);
		u->diagnostics = sqlite3_column_int64(st, 7);
		u->per1000 = col_num(st, 8);
		u->per100k = col_num(st, 9);
		u->expected = col_num(st, 10);
		u->oe = col_num(st, 11);
		u->oe_low = col_num(st, 12);
		u->oe_high = col_num(st, 13);
		u->p = col_num(st, 14);
		u->q = col_num(st, 15);
		u->flagged = sqlite3_column_int(st, 16);
	}
	sqlite3_finalize(st);
	return 0;
}

static double national_rate(const struct unit *u, size_t n)
{
	double s = 0, a = 0;

	for (size_t i = 0; i < n; i++)
		if (u[i].covered) {
			s += (double)u[i].observed;
			a += (double)u[i].assoc;
		}
	return a > 0 ? 1e3 * s / a : NAN;
}

static double query_num(struct doc *d, const char *sql)
{
	sqlite3_stmt *st;
	double v = NAN;

	if (db_prepare(d->db, &st, sql, d->e))
		return NAN;
	if (sqlite3_column_count(st) && sqlite3_bind_parameter_count(st))
		sqlite3_bind_int(st, 1, d->o->year);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = col_num(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* The Lorenz curve of departments that pana-stats stored with the Gini
   of coverage_summary: up to ndep + 1 points into f and l, *m the index of
   the last one. */
static int lorenz_points(struct doc *d, size_t ndep, double *f, double *l, size_t *m)
{
	sqlite3_stmt *st;
	size_t n = 0;
	int rc;

	f[0] = l[0] = 0;
	if (db_prepare(d->db, &st, "SELECT share_units, share_structures FROM coverage_lorenz "
		       "WHERE year = ?1 AND level = 'department' ORDER BY point", d->e))
		return -1;
	sqlite3_bind_int(st, 1, d->o->year);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < ndep + 1) {
		f[n] = sqlite3_column_double(st, 0);
		l[n] = sqlite3_column_double(st, 1);
		n++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return err_set(d->e, "cannot read the Lorenz curve of %d: %s", d->o->year,
			       sqlite3_errmsg(d->db));
	*m = n ? n - 1 : 0;
	return 0;
}

/* The limit curves of the funnel of departments that pana-stats stored
   (coverage_funnel), narrowest first, into p->limits; *mem is one block
   for their points that the caller frees. */
static int funnel_limits(struct doc *d, struct plots_funnel *p, double **mem)
{
	const char *sql = "SELECT probability, expected, lower, upper FROM coverage_funnel "
		"WHERE year = ?1 AND level = 'department' ORDER BY probability, point";
	double n = query_num(d, "SELECT count(*) FROM coverage_funnel "
			     "WHERE year = ?1 AND level = 'department'");
	struct plots_funnel_limits *lm = NULL;
	sqlite3_stmt *st;
	size_t i = 0, m = isfinite(n) && n > 0 ? (size_t)n : 0;
	double *v;
	int rc;

	*mem = v = calloc(3 * m + 1, sizeof(double));
	if (!v)
		xalloc_die();
	p->nlimits = 0;
	if (db_prepare(d->db, &st, sql, d->e))
		return -1;
	sqlite3_bind_int(st, 1, d->o->year);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && i < m) {
		double pr = sqlite3_column_double(st, 0);

		if (!lm || lm->probability != pr) {
			if (p->nlimits == PLOTS_FUNNEL_LIMITS)
				break;
			lm = &p->limits[p->nlimits++];
			lm->probability = pr;
			lm->n = 0;
			lm->expected = v + i;
			lm->lower = v + m + i;
			lm->upper = v + 2 * m + i;
		}
		v[i] = sqlite3_column_double(st, 1);
		v[m + i] = sqlite3_column_double(st, 2);
		v[2 * m + i] = sqlite3_column_double(st, 3);
		lm->n++;
		i++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return err_set(d->e, "cannot read the funnel limits of %d: %s", d->o->year,
			       sqlite3_errmsg(d->db));
	return 0;
}

/* ---- formatting ----------------------------------------------------- */

/* "0,55 à 1,70": an interval that stays on one line. */
static void fmt_interval(struct doc *d, struct buf *b, double lo, double hi, int decimals)
{
	if (isnan(lo) || isnan(hi)) {
		buf_addstr(b, "–");
		return;
	}
	fmt_num(b, lo, decimals, d->lang);
	buf_addstr(b, d->lang == FMT_FR ? "\u00a0à\u00a0" : "\u00a0to\u00a0");
	fmt_num(b, hi, decimals, d->lang);
}

static void table_interval(struct doc *d, struct table *t, double lo, double hi, int decimals)
{
	struct buf b = BUF_INIT;

	fmt_interval(d, &b, lo, hi, decimals);
	table_num_as(t, lo, decimals, b.data);
	buf_release(&b);
}

static void table_p(struct doc *d, struct table *t, double p)
{
	struct buf b = BUF_INIT;

	if (!isnan(p) && p < 0.001) {
		buf_addstr(&b, "<\u00a0");
		fmt_num(&b, 0.001, 3, d->lang);
		table_num_as(t, p, 6, b.data);
	} else {
		table_num(t, p, 3);
	}
	buf_release(&b);
}

static void table_int(struct table *t, long v)
{
	struct buf b = BUF_INIT;

	fmt_int(&b, v, t->lang);
	table_num_as(t, (double)v, -2, b.data);
	buf_release(&b);
}

static const char *area_label(const struct doc *d, const char *area)
{
	size_t i;

	for (i = 0; i < d->cfg->nareas; i++)
		if (!strcmp(d->cfg->areas[i], area))
			return d->cfg->area_labels[i];
	return !strcmp(area, "overall") ? tr(d, "Ensemble des domaines", "All areas") : area;
}

/* The label up to its first " (": "Communication (site web...)" -> "Communication". */
static void short_label(char *dst, size_t n, const char *label)
{
	const char *paren = strstr(label, " (");
	size_t len = paren ? (size_t)(paren - label) : strlen(label);

	snprintf(dst, n, "%.*s", (int)len, label);
}

/* ---- sections --------------------------------------------------------- */

static void key_figures(struct doc *d, const struct unit *reg, size_t nreg,
			const struct unit *dep, size_t ndep)
{
	struct buf b = BUF_INIT;
	long assoc = 0, structures = 0, empty = 0, flagged = 0;
	double mean, diff, share_assoc, gini, rate;
	size_t i;

	for (i = 0; i < ndep; i++) {
		assoc += dep[i].covered ? dep[i].assoc : 0;
		structures += dep[i].structures;
		empty += dep[i].structures == 0;
		flagged += dep[i].flagged;
	}
	(void)reg;
	heading(d, 1, tr(d, "Chiffres clés", "Key figures"));
	buf_addstr(&b, "• <b>");
	fmt_int(&b, assoc, d->lang);
	buf_addstr(&b, tr(d, "</b> associations actives au répertoire national (RNA), hors Alsace-Moselle.",
			  "</b> active associations in the national registry (RNA), Alsace-Moselle excluded."));
	markup(d, b.data);
	buf_reset(&b);
	buf_addstr(&b, "• <b>");
	fmt_int(&b, structures, d->lang);
	rate = national_rate(reg, nreg);
	if (isnan(rate)) {
		/* No active association: no rate to give. */
		buf_addstr(&b, tr(d, "</b> lieux d'appui au numérique.",
				  "</b> digital support places."));
	} else {
		buf_addstr(&b, tr(d, "</b> lieux d'appui au numérique, soit <b>",
				  "</b> digital support places, that is <b>"));
		fmt_num(&b, rate, 2, d->lang);
		buf_addstr(&b, tr(d, "</b> pour 1 000 associations actives.",
				  "</b> per 1,000 active associations."));
	}
	markup(d, b.data);
	buf_reset(&b);
	buf_addstr(&b, "• <b>");
	fmt_int(&b, empty, d->lang);
	buf_addstr(&b, tr(d, "</b> départements sans aucune structure ; <b>",
			  "</b> departments without any structure; <b>"));
	fmt_int(&b, flagged, d->lang);
	buf_addstr(&b, tr(d, "</b> départements significativement sous-couverts.",
			  "</b> departments significantly under-covered."));
	markup(d, b.data);
	share_assoc = query_num(d, "SELECT share_assoc_without_structure FROM coverage_summary WHERE year = ?1");
	gini = query_num(d, "SELECT gini FROM coverage_summary WHERE year = ?1");
	if (!isnan(share_assoc)) {
		buf_reset(&b);
		buf_addstr(&b, "• <b>");
		fmt_pct(&b, share_assoc, 1, d->lang);
		buf_addstr(&b, tr(d, "</b> des associations vivent dans une intercommunalité sans structure "
				  "d'appui (« zones blanches »)",
				  "</b> of associations live in an intercommunality with no support structure "
				  "(\"white zones\")"));
		/* No Gini without structures: the Lorenz curve is undefined. */
		if (!isnan(gini)) {
			buf_addstr(&b, tr(d, " ; indice de Gini de la couverture : <b>",
					  "; Gini index of coverage: <b>"));
			fmt_num(&b, gini, 2, d->lang);
			buf_addstr(&b, "</b>");
		}
		buf_addstr(&b, ".");
		markup(d, b.data);
	}
	mean = query_num(d, "SELECT mean FROM competence_stats WHERE year = ?1 AND level = 'national' "
			 "AND area = 'overall'");
	diff = query_num(d, "SELECT diff FROM competence_change WHERE year = ?1 AND level = 'national' "
			 "AND area = 'overall'");
	if (!isnan(mean)) {
		buf_reset(&b);
		buf_addstr(&b, tr(d, "• Niveau numérique moyen des associations diagnostiquées : <b>",
				  "• Mean digital level of the associations diagnosed: <b>"));
		fmt_num(&b, mean, 2, d->lang);
		buf_addstr(&b, tr(d, "</b> sur 4", "</b> out of 4"));
		if (!isnan(diff)) {
			buf_addstr(&b, tr(d, " (", " ("));
			if (diff > 0)
				buf_addch(&b, '+');
			fmt_num(&b, diff, 2, d->lang);
			buf_addstr(&b, tr(d, " en un an)", " in a year)"));
		}
		buf_addch(&b, '.');
		markup(d, b.data);
	}
	buf_reset(&b);
	buf_addstr(&b, tr(d, "La Moselle, le Bas-Rhin et le Haut-Rhin relèvent du droit local : leurs "
			  "associations ne figurent pas au RNA. Ils sont signalés « hors RNA » et jamais "
			  "comptés comme zéro.",
			  "Moselle, Bas-Rhin and Haut-Rhin keep their local law: their associations are "
			  "not in the RNA. They are shown as \"not in RNA\", never as zero."));
	para(d, b.data);
	buf_release(&b);
}

static const char *const cov_header_fr[] = {
	"Code", "Nom", "Assoc. actives", "Struct.", "/ 1 000 assoc.", "/ 100 000 hab.",
	"O/E", "CI", "q", "Sous-couvert",
};
static const char *const cov_header_en[] = {
	"Code", "Name", "Active assoc.", "Struct.", "/ 1,000 assoc.", "/ 100,000 inh.",
	"O/E", "CI", "q", "Under-covered",
};
static const char *const cov_csv[] = {
	"code", "nom", "associations_actives", "structures", "pour_1000_associations",
	"pour_100000_habitants", "o_sur_e", "o_sur_e_bas", "q", "sous_couvert",
};
static const int cov_right[] = { 0, 0, 1, 1, 1, 1, 1, 1, 1, 0 };

static int coverage_table(struct doc *d, const char *name, const char *caption,
			  const struct unit *u, size_t n)
{
	const char *hdr[10];
	struct table t;
	size_t i;
	int rc;

	table_init(&t, 10, header_of(d, cov_header_fr, cov_header_en, 10, hdr), cov_csv, cov_right,
		   caption, d->lang);
	for (i = 0; i < n; i++) {
		table_text(&t, u[i].code);
		table_text(&t, u[i].name);
		if (u[i].covered)
			table_int(&t, u[i].assoc);
		else
			table_num_as(&t, NAN, 0, tr(d, "hors RNA", "not in RNA"));
		table_int(&t, u[i].structures);
		table_num(&t, u[i].per1000, 2);
		table_num(&t, u[i].per100k, 1);
		table_num(&t, u[i].oe, 2);
		table_interval(d, &t, u[i].oe_low, u[i].oe_high, 2);
		table_p(d, &t, u[i].q);
		table_text(&t, u[i].flagged ? tr(d, "oui", "yes") : "");
	}
	rc = table(d, name, &t);
	table_release(&t);
	return rc;
}

/* How a unit is drawn: outside the registry, flagged, or plain. */
static int unit_flag(const struct unit *u)
{
	return !u->covered ? CHART_OUT_OF_SCOPE : u->flagged ? CHART_FLAGGED : CHART_PLAIN;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Quintile class bounds of the defined values, rounded to whole numbers
   and strictly rising; returns the number of classes (0: let the map
   choose, when there are too few distinct values). */
static size_t quantile_breaks(const double *v, size_t n, double breaks[4])
{
	double *x = calloc(n + 1, sizeof(double));
	size_t m = 0, i, k = 0;

	if (!x)
		xalloc_die();
	for (i = 0; i < n; i++)
		if (!isnan(v[i]))
			x[m++] = v[i];
	qsort(x, m, sizeof(double), cmp_double);
	for (i = 1; i < 5 && m >= 5; i++) {
		double b = round(x[m * i / 5]);

		if (b > x[0] && (!k || b > breaks[k - 1]))
			breaks[k++] = b;
	}
	free(x);
	return k == 4 ? 5 : 0;
}

static int coverage_section(struct doc *d, const struct unit *reg, size_t nreg,
			    const struct unit *dep, size_t ndep)
{
	const char **labels = calloc(ndep + nreg + 1, sizeof(char *));
	double *v = calloc(ndep + nreg + 1, sizeof(double));
	double *ex = calloc(ndep + 1, sizeof(double)), *ob = calloc(ndep + 1, sizeof(double));
	double *f = calloc(ndep + 2, sizeof(double)), *l = calloc(ndep + 2, sizeof(double));
	int *flags = calloc(ndep + nreg + 1, sizeof(int));
	double *lim = NULL;
	struct chart_bars bars;
	struct plots_tilemap map;
	double breaks[4];
	struct plots_funnel funnel;
	struct plots_lorenz lorenz;
	struct buf b = BUF_INIT;
	size_t i, k;
	int rc = -1;

	if (!labels || !v || !ex || !ob || !f || !l || !flags)
		xalloc_die();
	heading(d, 1, tr(d, "Couverture", "Coverage"));
	buf_addstr(&b, tr(d, "Combien de lieux d'appui au numérique pour 1 000 associations actives, "
			  "et où en manque-t-il ? Une zone est dite sous-couverte quand elle compte "
			  "nettement moins de structures que ne le voudrait son nombre d'associations "
			  "(test de Poisson, taux de fausses découvertes de ",
			  "How many digital support places per 1,000 active associations, and where "
			  "are they lacking? An area is under-covered when it has clearly fewer "
			  "structures than its number of associations calls for (Poisson test, "));
	buf_addstr(&b, d->fdr_pct);
	buf_addstr(&b, tr(d, ").", " false discovery rate)."));
	para(d, b.data);
	buf_reset(&b);

	/* the map of departments */
	for (i = 0; i < ndep; i++) {
		labels[i] = dep[i].code;
		v[i] = dep[i].per1000;
		flags[i] = unit_flag(&dep[i]);
	}
	memset(&map, 0, sizeof(map));
	map.title = tr(d, "Structures pour 1 000 associations actives, par département",
		       "Structures per 1,000 active associations, by department");
	map.unit = tr(d, "structures pour 1 000 associations", "structures per 1,000 associations");
	map.n = ndep;
	map.codes = labels;
	map.values = v;
	map.flags = flags;
	map.nclasses = quantile_breaks(v, ndep, breaks);
	map.breaks = map.nclasses ? breaks : NULL;
	/* Too few distinct values for quintiles: the map's own classes, named by it. */
	map.class_note = map.breaks ? tr(d, "classes de même effectif (quintiles)",
					 "classes of equal counts (quintiles)") : NULL;
	map.decimals = 0;
	map.flag_label = d->under_m;
	map.scope_label = tr(d, "hors RNA", "not in RNA");
	map.lang = d->lang;
	keep(d, 470 + 40);
	heading(d, 2, tr(d, "Carte des départements", "Map of departments"));
	if (chart(d, "carte-departements", 470, plots_tilemap_draw_fn, &map))
		goto out;

	/* regions */
	keep(d, 380 + 80);
	heading(d, 2, tr(d, "Par région", "By region"));
	para(d, tr(d, "Le Grand Est est calculé hors Alsace-Moselle, où le RNA ne s'applique pas. En "
		   "vermillon, les régions significativement sous-couvertes.",
		   "Grand Est is computed without Alsace-Moselle, where the RNA does not apply. In "
		   "vermilion, regions significantly under-covered."));
	for (i = 0; i < nreg; i++) {
		labels[i] = reg[i].name;
		v[i] = reg[i].per1000;
		flags[i] = unit_flag(&reg[i]);
	}
	memset(&bars, 0, sizeof(bars));
	bars.title = tr(d, "Structures d'appui pour 1 000 associations actives, par région",
			"Support structures per 1,000 active associations, by region");
	bars.unit = tr(d, "structures pour 1 000 associations actives",
		       "structures per 1,000 active associations");
	bars.n = nreg;
	bars.labels = labels;
	bars.values = v;
	bars.flags = flags;
	bars.reference = national_rate(reg, nreg);
	bars.reference_label = tr(d, "France entière", "France as a whole");
	bars.lang = d->lang;
	bars.decimals = 1;
	bars.flag_label = d->under_f;
	if (chart(d, "couverture-regions", 380, chart_bars_draw_fn, &bars) ||
	    coverage_table(d, "couverture-regions", tr(d, "Couverture par région", "Coverage by region"),
			   reg, nreg))
		goto out;

	/* funnel of departments */
	keep(d, 360 + 110);
	heading(d, 2, tr(d, "Écarts à l'attendu", "Departures from the expected"));
	para(d, tr(d, "Chaque point est un département : en abscisse le nombre de structures attendu "
		   "au vu de ses associations, en ordonnée le rapport observé / attendu. Les courbes "
		   "bornent l'intervalle de fluctuation d'une loi de Poisson à 95 % et 99,8 % : un point "
		   "sous la courbe basse est anormalement peu couvert.",
		   "Each point is a department: across, the number of structures expected from its "
		   "associations; up, the ratio observed / expected. The curves bound the Poisson "
		   "fluctuation at 95% and 99.8%: a point below the lower curve is unusually poorly "
		   "covered."));
	for (i = 0, k = 0; i < ndep; i++) {
		if (!dep[i].covered || !(dep[i].expected > 0))
			continue;
		labels[k] = dep[i].code;
		ex[k] = dep[i].expected;
		ob[k] = (double)dep[i].observed;
		flags[k] = dep[i].flagged ? CHART_FLAGGED : CHART_PLAIN;
		k++;
	}
	memset(&funnel, 0, sizeof(funnel));
	funnel.title = tr(d, "Structures observées et attendues, par département",
			  "Observed and expected structures, by department");
	funnel.n = k;
	funnel.expected = ex;
	funnel.observed = ob;
	funnel.flags = flags;
	funnel.labels = labels;
	funnel.point_label = tr(d, "département", "department");
	funnel.flag_label = d->under_m;
	funnel.lang = d->lang;
	if (funnel_limits(d, &funnel, &lim) ||
	    chart(d, "entonnoir-departements", 360, plots_funnel_draw_fn, &funnel))
		goto out;

	/* Lorenz curve: departments by rising rate */
	{
		size_t m = 0;

		if (lorenz_points(d, ndep, f, l, &m))
			goto out;
		memset(&lorenz, 0, sizeof(lorenz));
		lorenz.title = tr(d, "Concentration de l'offre : courbe de Lorenz des départements",
				  "Concentration of support: Lorenz curve of departments");
		lorenz.ncurves = 1;
		buf_reset(&b);
		buf_addf(&b, "%d", d->o->year);
		lorenz.curves[0].label = b.data;
		lorenz.curves[0].n = m + 1;
		lorenz.curves[0].f = f;
		lorenz.curves[0].l = l;
		lorenz.curves[0].gini = query_num(d, "SELECT gini FROM coverage_summary WHERE year = ?1");
		lorenz.lang = d->lang;
		keep(d, 330 + 90);
		heading(d, 2, tr(d, "Concentration", "Concentration"));
		para(d, tr(d, "Plus la courbe s'éloigne de la diagonale, plus les structures sont "
			   "concentrées dans certains départements au regard de leurs associations ; "
			   "l'indice de Gini le résume (0 : égalité parfaite).",
			   "The further the curve from the diagonal, the more structures concentrate in "
			   "some departments relative to their associations; the Gini index sums it up "
			   "(0: perfect equality)."));
		/* No unit, or no structure: the curve has no data (plots.h). */
		if (chart(d, "lorenz-departements", 330, plots_lorenz_draw_fn, &lorenz))
			goto out;
	}
	heading(d, 2, tr(d, "Par département", "By department"));
	if (coverage_table(d, "couverture-departements",
			   tr(d, "Couverture par département", "Coverage by department"), dep, ndep))
		goto out;
	rc = 0;
out:
	buf_release(&b);
	free(labels);
	free(v);
	free(ex);
	free(ob);
	free(f);
	free(l);
	free(lim);
	free(flags);
	return rc;
}

/* Competence cells of one level and area, in unit order. */
struct comp {
	char code[16], area[64];
	long n;
	double mean, lo, hi, median, q1, q3, ge3, ge3_lo, ge3_hi, eb;
	int suppressed;
};

static size_t load_comp(struct doc *d, const char *level, struct comp **out)
{
	sqlite3_stmt *st;
	size_t n = 0;

	*out = NULL;
	if (db_prepare(d->db, &st, "SELECT code, area, n, mean, ci_low, ci_high, median, q1, q3, "
		       "share_ge3, share_ge3_low, share_ge3_high, eb_mean, suppressed "
		       "FROM competence_stats WHERE year = ?1 AND level = ?2 ORDER BY code", d->e))
		return 0;
	sqlite3_bind_int(st, 1, d->o->year);
	sqlite3_bind_text(st, 2, level, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct comp *c;

		*out = xgrow(*out, n, sizeof(**out));
		if (!*out)
			xalloc_die();
		c = &(*out)[n++];
		col_text(c->code, sizeof(c->code), st, 0);
		col_text(c->area, sizeof(c->area), st, 1);
		c->n = sqlite3_column_int64(st, 2);
		c->mean = col_num(st, 3);
		c->lo = col_num(st, 4);
		c->hi = col_num(st, 5);
		c->median = col_num(st, 6);
		c->q1 = col_num(st, 7);
		c->q3 = col_num(st, 8);
		c->ge3 = col_num(st, 9);
		c->ge3_lo = col_num(st, 10);
		c->ge3_hi = col_num(st, 11);
		c->eb = col_num(st, 12);
		c->suppressed = sqlite3_column_int(st, 13);
	}
	sqlite3_finalize(st);
	return n;
}

static const struct comp *find_comp(const struct comp *c, size_t n, const char *code,
				    const char *area)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(c[i].code, code) && !strcmp(c[i].area, area))
			return &c[i];
	return NULL;
}

static const char *const nat_header_fr[] = {
	"Domaine", "n", "Moyenne", "CI", "Médiane", "Q1 – Q3", "Niveau ≥ 3", "CI",
};
static const char *const nat_header_en[] = {
	"Area", "n", "Mean", "CI", "Median", "Q1 – Q3", "Level ≥ 3", "CI",
};
static const char *const nat_csv[] = {
	"domaine", "n", "moyenne", "moyenne_ic_bas", "mediane", "q1", "part_niveau_3_et_plus",
	"part_ic_bas",
};
static const int nat_right[] = { 0, 1, 1, 1, 1, 1, 1, 1 };

static const char *const test_header_fr[] = {
	"Domaine", "χ² région × niveau", "ddl", "p", "V de Cramér", "H de Kruskal-Wallis", "p",
};
static const char *const test_header_en[] = {
	"Area", "χ² region × level", "df", "p", "Cramér's V", "Kruskal-Wallis H", "p",
};
static const char *const test_csv[] = {
	"domaine", "chi2", "ddl", "p_chi2", "v_cramer", "h_kruskal_wallis", "p_kruskal_wallis",
};
static const int test_right[] = { 0, 1, 1, 1, 1, 1, 1 };

static int competence_section(struct doc *d, const struct unit *reg, size_t nreg)
{
	const char *hdr[8];
	struct comp *nat = NULL, *rc_ = NULL;
	size_t nnat = load_comp(d, "national", &nat), nrc = load_comp(d, "region", &rc_);
	size_t na = d->cfg->nareas + 1, i, a;
	const char **alab = calloc(na + 1, sizeof(char *)), **rlab = calloc(nreg + 1, sizeof(char *));
	char (*shortlab)[64] = calloc(na + 1, sizeof(*shortlab));
	double *mean = calloc(na + 1, sizeof(double)), *lo = calloc(na + 1, sizeof(double));
	double *hi = calloc(na + 1, sizeof(double));
	double *heat = calloc(nreg * na + 1, sizeof(double)), *shares = calloc(nreg * 5 + 1, sizeof(double));
	int *supp = calloc(nreg * na + 1, sizeof(int)), *rsupp = calloc(nreg + 1, sizeof(int));
	long *rn = calloc(nreg + 1, sizeof(long));
	struct plots_dumbbell profile;
	struct plots_heatmap heatmap;
	struct plots_stacked stacked;
	const struct comp *overall;
	struct table t;
	struct buf b = BUF_INIT;
	sqlite3_stmt *st;
	int rc = -1, any;
	static const char *const levels_fr[] = { "0 aucun", "1 débutant", "2 intermédiaire",
		"3 avancé", "4 expert" };
	static const char *const levels_en[] = { "0 none", "1 beginner", "2 intermediate",
		"3 advanced", "4 expert" };

	if (!alab || !rlab || !shortlab || !mean || !lo || !hi || !heat || !shares || !supp ||
	    !rsupp || !rn)
		xalloc_die();
	heading(d, 1, tr(d, "Compétences numériques", "Digital competences"));
	overall = find_comp(nat, nnat, "FR", "overall");
	if (!overall || !overall->n)
		para(d, tr(d, "Aucun diagnostic pour cette année.", "No diagnostic this year."));
	buf_addstr(&b, tr(d, "Niveaux de 0 (aucun) à 4 (expert) relevés par les structures d'appui lors "
			  "de leurs diagnostics, par domaine. Les cellules fondées sur moins de ",
			  "Levels from 0 (none) to 4 (expert) noted by support structures in their "
			  "diagnostics, by area. Cells resting on fewer than "));
	fmt_int(&b, d->cfg->min_cell, d->lang);
	buf_addstr(&b, tr(d, " diagnostics ne sont pas publiées (« s »).",
			  " diagnostics are not published (\"s\")."));
	para(d, b.data);
	for (a = 0; a < na; a++) {
		const char *area = a + 1 < na ? d->cfg->areas[a] : "overall";
		const struct comp *c = find_comp(nat, nnat, "FR", area);

		short_label(shortlab[a], sizeof(shortlab[a]), area_label(d, area));
		alab[a] = shortlab[a];
		/* NaN for no diagnostic: every one n.d. gives "no data". */
		mean[a] = c && !c->suppressed ? c->mean : NAN;
		lo[a] = c && !c->suppressed ? c->lo : NAN;
		hi[a] = c && !c->suppressed ? c->hi : NAN;
	}
	memset(&profile, 0, sizeof(profile));
	profile.title = tr(d, "Niveau moyen par domaine, France entière",
			   "Mean level by area, France as a whole");
	profile.unit = tr(d, "niveau moyen (0 à 4)", "mean level (0 to 4)");
	profile.n = na;
	profile.labels = alab;
	profile.delta = mean;
	profile.lo = lo;
	profile.hi = hi;
	profile.decimals = 2;
	profile.interval_label = d->ci_label;
	profile.lang = d->lang;
	heading(d, 2, tr(d, "Profil national", "National profile"));
	if (chart(d, "profil-national", 250, plots_dumbbell_draw_fn, &profile))
		goto out;
	table_init(&t, 8, header_of(d, nat_header_fr, nat_header_en, 8, hdr), nat_csv, nat_right,
		   tr(d, "Compétences par domaine, France entière", "Competences by area, France"),
		   d->lang);
	for (a = 0, any = 0; a < na; a++) {
		const char *area = a + 1 < na ? d->cfg->areas[a] : "overall";
		const struct comp *c = find_comp(nat, nnat, "FR", area);

		if (!c)
			continue;
		any |= c->n > 0;
		table_text(&t, area_label(d, area));
		table_int(&t, c->n);
		if (c->n > 0 && c->suppressed) {
			/* Withheld, as the paragraph above says: "s". */
			for (i = 0; i < 6; i++)
				table_num_as(&t, NAN, 0, "s");
			continue;
		}
		table_num(&t, c->mean, 2);
		table_interval(d, &t, c->lo, c->hi, 2);
		table_num(&t, c->median, 1);
		table_interval(d, &t, c->q1, c->q3, 1);
		buf_reset(&b);
		fmt_pct(&b, c->ge3, 1, d->lang);
		table_num_as(&t, c->ge3, 3, b.data);
		buf_reset(&b);
		if (isnan(c->ge3_lo)) {
			buf_addstr(&b, "–");
		} else {
			fmt_pct(&b, c->ge3_lo, 1, d->lang);
			buf_addstr(&b, d->lang == FMT_FR ? "\u00a0à\u00a0" : "\u00a0to\u00a0");
			fmt_pct(&b, c->ge3_hi, 1, d->lang);
		}
		table_num_as(&t, c->ge3_lo, 3, b.data);
	}
	if (!any)
		table_clear(&t);	/* no diagnostic in any area: "no data" */
	rc = table(d, "competences-nationales", &t);
	table_release(&t);
	if (rc)
		goto out;
	rc = -1;

	/* regions x areas: shrunk means */
	for (i = 0; i < nreg; i++) {
		rlab[i] = reg[i].name;
		for (a = 0; a < na; a++) {
			const char *area = a + 1 < na ? d->cfg->areas[a] : "overall";
			const struct comp *c = find_comp(rc_, nrc, reg[i].code, area);

			/* A cell without diagnostics is n.d., not withheld. */
			heat[i * na + a] = c && !c->suppressed ? c->eb : NAN;
			supp[i * na + a] = c && c->n > 0 ? c->suppressed : 0;
		}
	}
	memset(&heatmap, 0, sizeof(heatmap));
	heatmap.title = tr(d, "Niveau moyen par région et par domaine (estimation bayésienne)",
			   "Mean level by region and area (empirical Bayes)");
	heatmap.unit = tr(d, "niveau moyen (0 à 4)", "mean level (0 to 4)");
	heatmap.nrows = nreg;
	heatmap.ncols = na;
	heatmap.row_labels = rlab;
	heatmap.col_labels = alab;
	heatmap.values = heat;
	heatmap.suppressed = supp;
	heatmap.lo = heatmap.hi = NAN;
	heatmap.decimals = 1;
	heatmap.lang = d->lang;
	keep(d, 420 + 100);
	heading(d, 2, tr(d, "Par région", "By region"));
	para(d, tr(d, "Les moyennes régionales sont rapprochées de la moyenne nationale d'autant plus "
		   "que la région compte peu de diagnostics (estimation bayésienne empirique), pour ne "
		   "pas prendre le hasard d'un petit échantillon pour une différence.",
		   "Regional means are drawn towards the national mean the more so as the region has "
		   "few diagnostics (empirical Bayes), so as not to mistake the chance of a small "
		   "sample for a difference."));
	if (chart(d, "competences-regions", 420, plots_heatmap_draw_fn, &heatmap))
		goto out;

	/* level distribution by region, all areas together */
	if (db_prepare(d->db, &st, "SELECT d.region_code, l.level, count(*) FROM diagnostic d "
		       "JOIN diagnostic_level l ON l.diagnostic_id = d.id WHERE d.year = ?1 "
		       "GROUP BY 1, 2", d->e))
		goto out;
	sqlite3_bind_int(st, 1, d->o->year);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *code = (const char *)sqlite3_column_text(st, 0);
		int lv = sqlite3_column_int(st, 1);

		for (i = 0; i < nreg; i++)
			if (code && !strcmp(reg[i].code, code) && lv >= 0 && lv <= 4) {
				shares[i * 5 + (size_t)lv] += (double)sqlite3_column_int64(st, 2);
				rn[i] += sqlite3_column_int64(st, 2);
			}
	}
	sqlite3_finalize(st);
	for (i = 0; i < nreg; i++) {
		const struct comp *c = find_comp(rc_, nrc, reg[i].code, "overall");

		for (a = 0; a < 5; a++)
			shares[i * 5 + a] = rn[i] ? shares[i * 5 + a] / (double)rn[i] : 0;
		rsupp[i] = !c || c->suppressed;
	}
	memset(&stacked, 0, sizeof(stacked));
	stacked.title = tr(d, "Répartition des niveaux par région, tous domaines",
			   "Levels by region, all areas");
	stacked.unit = tr(d, "part des niveaux relevés", "share of the levels noted");
	stacked.nrows = nreg;
	stacked.k = 5;
	stacked.row_labels = rlab;
	stacked.level_labels = d->lang == FMT_FR ? levels_fr : levels_en;
	stacked.shares = shares;
	stacked.n = rn;
	stacked.suppressed = rsupp;
	stacked.min_n = d->cfg->min_cell;
	stacked.lang = d->lang;
	if (chart(d, "niveaux-regions", 420, plots_stacked_draw_fn, &stacked))
		goto out;

	/* tests */
	keep(d, 200);
	heading(d, 2, tr(d, "Les régions diffèrent-elles ?", "Do regions differ?"));
	table_init(&t, 7, d->lang == FMT_FR ? test_header_fr : test_header_en, test_csv, test_right,
		   tr(d, "Tests d'indépendance entre région et niveau",
		      "Tests of independence of region and level"), d->lang);
	if (db_prepare(d->db, &st, "SELECT area, chi2, df, p_value, cramers_v, kw_h, kw_p, "
		       "cronbach_alpha FROM competence_tests WHERE year = ?1 ORDER BY rowid", d->e)) {
		table_release(&t);
		goto out;
	}
	sqlite3_bind_int(st, 1, d->o->year);
	any = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *area = (const char *)sqlite3_column_text(st, 0);

		if (!strcmp(area, "overall")) {
			double alpha = col_num(st, 7);

			buf_reset(&b);
			if (isnan(alpha))
				continue;	/* too few complete diagnostics */
			buf_addstr(&b, tr(d, "Cohérence des domaines (alpha de Cronbach) : ",
					  "Consistency of the areas (Cronbach's alpha): "));
			fmt_num(&b, alpha, 2, d->lang);
			buf_addstr(&b, alpha >= 0.7 ? tr(d, " : les domaines mesurent une même aisance "
							 "numérique d'ensemble.", ": the areas measure one "
							 "overall digital ease.")
				   : tr(d, " : les domaines mesurent des choses distinctes.",
					": the areas measure distinct things."));
			continue;
		}
		any |= !isnan(col_num(st, 1)) || !isnan(col_num(st, 5));
		table_text(&t, area_label(d, area));
		table_num(&t, col_num(st, 1), 1);
		table_num(&t, col_num(st, 2), 0);
		table_p(d, &t, col_num(st, 3));
		table_num(&t, col_num(st, 4), 2);
		table_num(&t, col_num(st, 5), 1);
		table_p(d, &t, col_num(st, 6));
	}
	sqlite3_finalize(st);
	if (!any)
		table_clear(&t);	/* no test could be made: "no data" */
	rc = table(d, "tests-regions", &t);
	table_release(&t);
	if (!rc && b.len)
		para(d, b.data);
out:
	buf_release(&b);
	free(nat);
	free(rc_);
	free(alab);
	free(rlab);
	free(shortlab);
	free(mean);
	free(lo);
	free(hi);
	free(heat);
	free(shares);
	free(supp);
	free(rsupp);
	free(rn);
	return rc;
}

static const char *const trend_header_fr[] = {
	"Domaine", "Moyenne N−1", "Moyenne N", "Écart", "CI", "p", "Niveau ≥ 3 : écart",
	"CI",
};
static const char *const trend_header_en[] = {
	"Area", "Mean Y−1", "Mean Y", "Change", "CI", "p", "Level ≥ 3: change", "CI",
};
static const char *const trend_csv[] = {
	"domaine", "moyenne_annee_precedente", "moyenne", "ecart", "ecart_ic_bas", "p",
	"ecart_part_niveau_3", "ecart_part_ic_bas",
};
static const int trend_right[] = { 0, 1, 1, 1, 1, 1, 1, 1 };

static int trends_section(struct doc *d)
{
	const char *hdr[8];
	size_t na = d->cfg->nareas + 1, n = 0;
	const char **lab = calloc(na + 1, sizeof(char *));
	char (*shortlab)[64] = calloc(na + 1, sizeof(*shortlab));
	double *delta = calloc(na + 1, sizeof(double)), *lo = calloc(na + 1, sizeof(double));
	double *hi = calloc(na + 1, sizeof(double));
	int *flags = calloc(na + 1, sizeof(int)), year_from = 0, rc = -1;
	struct plots_dumbbell db;
	struct table t;
	struct buf b = BUF_INIT;
	sqlite3_stmt *st;

	if (!lab || !shortlab || !delta || !lo || !hi || !flags)
		xalloc_die();
	heading(d, 1, tr(d, "Évolutions", "Trends"));
	table_init(&t, 8, header_of(d, trend_header_fr, trend_header_en, 8, hdr), trend_csv,
		   trend_right, tr(d, "Évolution sur un an, France entière",
				   "Change over a year, France"), d->lang);
	if (db_prepare(d->db, &st, "SELECT area, year_from, mean_from, mean_to, diff, diff_low, "
		       "diff_high, p_value, share_diff, share_diff_low, share_diff_high, suppressed "
		       "FROM competence_change WHERE year = ?1 AND level = 'national' ORDER BY rowid",
		       d->e)) {
		table_release(&t);
		goto out;
	}
	sqlite3_bind_int(st, 1, d->o->year);
	while (sqlite3_step(st) == SQLITE_ROW && n < na) {
		const char *area = (const char *)sqlite3_column_text(st, 0);

		year_from = sqlite3_column_int(st, 1);
		short_label(shortlab[n], sizeof(shortlab[n]), area_label(d, area));
		lab[n] = shortlab[n];
		delta[n] = col_num(st, 4);
		lo[n] = col_num(st, 5);
		hi[n] = col_num(st, 6);
		flags[n] = !isnan(lo[n]) && (lo[n] > 0 || hi[n] < 0) ? CHART_FLAGGED : CHART_PLAIN;
		n++;
		table_text(&t, area_label(d, area));
		if (sqlite3_column_int(st, 11)) {
			/* Withheld (too few diagnostics one year or the other): "s". */
			for (size_t j = 0; j < 7; j++)
				table_num_as(&t, NAN, 0, "s");
			continue;
		}
		table_num(&t, col_num(st, 2), 2);
		table_num(&t, col_num(st, 3), 2);
		table_num(&t, col_num(st, 4), 2);
		table_interval(d, &t, col_num(st, 5), col_num(st, 6), 2);
		table_p(d, &t, col_num(st, 7));
		buf_reset(&b);
		fmt_num(&b, 100 * col_num(st, 8), 1, d->lang);
		buf_addstr(&b, d->lang == FMT_FR ? "\u202fpt" : " pt");
		table_num_as(&t, col_num(st, 8), 3, b.data);
		table_interval(d, &t, 100 * col_num(st, 9), 100 * col_num(st, 10), 1);
	}
	sqlite3_finalize(st);
	if (!n) {
		/* The chart and the table follow, saying "no data". */
		para(d, tr(d, "Pas de diagnostics l'année précédente : pas d'évolution à mesurer.",
			   "No diagnostics the year before: no change to measure."));
	} else {
		buf_reset(&b);
		buf_addf(&b, tr(d, "Écart du niveau moyen entre %d et %d, avec son intervalle de "
				"confiance (test de Welch). En vermillon, les écarts significatifs. La "
				"part des associations de niveau 3 ou plus est comparée par l'intervalle "
				"de Newcombe.",
				"Change of the mean level from %d to %d, with its confidence interval "
				"(Welch test). In vermilion, significant changes. The share of "
				"associations at level 3 or more is compared with Newcombe's interval."),
			 year_from, d->o->year);
		para(d, b.data);
	}
	memset(&db, 0, sizeof(db));
	db.title = tr(d, "Évolution du niveau moyen sur un an", "Change of the mean level over a year");
	db.unit = tr(d, "écart de niveau moyen (points sur 4)", "change of the mean level (points out of 4)");
	db.n = n;
	db.labels = lab;
	db.delta = delta;
	db.lo = lo;
	db.hi = hi;
	db.flags = flags;
	db.decimals = 2;
	db.interval_label = d->ci_label;
	db.flag_label = tr(d, "écart significatif", "significant change");
	db.lang = d->lang;
	rc = chart(d, "evolution-competences", 250, plots_dumbbell_draw_fn, &db);
	if (!rc)
		rc = table(d, "evolution-competences", &t);
	table_release(&t);
out:
	buf_release(&b);
	free(lab);
	free(shortlab);
	free(delta);
	free(lo);
	free(hi);
	free(flags);
	return rc;
}

static const char *const survey_header_fr[] = {
	"Enquête", "Question", "Réponses", "Taille effective", "Moyenne pondérée", "CI",
	"Moyenne brute",
};
static const char *const survey_header_en[] = {
	"Survey", "Question", "Responses", "Effective size", "Weighted mean", "CI", "Raw mean",
};
static const char *const survey_csv[] = {
	"enquete", "question", "reponses", "taille_effective", "moyenne_ponderee",
	"moyenne_ic_bas", "moyenne_brute",
};
static const int survey_right[] = { 0, 0, 1, 1, 1, 1, 1 };

/* The wording of a survey question or option: its .title in the [survey
   NAME] section of config.ini, else its key. */
static const char *question_title(const struct doc *d, const char *survey, const char *q)
{
	const struct survey *sv = config_survey(d->cfg, survey);

	return sv ? survey_title(sv, q) : q;
}

static int survey_section(struct doc *d)
{
	const char *hdr[7];
	struct table t;
	sqlite3_stmt *st;
	int rc;

	heading(d, 1, tr(d, "Enquêtes", "Surveys"));
	para(d, tr(d, "Les réponses sont pondérées pour que chaque région y pèse comme ses "
		   "associations actives au RNA (calage par ajustement proportionnel itératif). La "
		   "taille effective dit à combien de réponses non pondérées l'échantillon pondéré "
		   "équivaut (Kish) ; les intervalles en tiennent compte.",
		   "Responses are weighted so that each region counts as its active associations in "
		   "the RNA (raking by iterative proportional fitting). The effective size tells how "
		   "many unweighted responses the weighted sample is worth (Kish); the intervals "
		   "account for it."));
	table_init(&t, 7, header_of(d, survey_header_fr, survey_header_en, 7, hdr), survey_csv,
		   survey_right, tr(d, "Indicateurs d'enquête", "Survey indicators"), d->lang);
	if (db_prepare(d->db, &st, "SELECT survey, question, n, n_eff, mean, ci_low, ci_high, "
		       "unweighted_mean, suppressed FROM survey_stats WHERE year = ?1 "
		       "ORDER BY survey, question", d->e)) {
		table_release(&t);
		return fail(d);
	}
	sqlite3_bind_int(st, 1, d->o->year);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *survey = (const char *)sqlite3_column_text(st, 0);
		const char *q = (const char *)sqlite3_column_text(st, 1);

		table_text(&t, survey);
		table_text(&t, question_title(d, survey, q));
		table_int(&t, sqlite3_column_int64(st, 2));
		if (sqlite3_column_int(st, 8)) {
			table_num_as(&t, NAN, 0, "s");
			table_num_as(&t, NAN, 0, "s");
			table_num_as(&t, NAN, 0, "s");
			table_num_as(&t, NAN, 0, "s");
			continue;
		}
		table_num(&t, col_num(st, 3), 0);
		table_num(&t, col_num(st, 4), 2);
		table_interval(d, &t, col_num(st, 5), col_num(st, 6), 2);
		table_num(&t, col_num(st, 7), 2);
	}
	sqlite3_finalize(st);
	if (!table_rows(&t))
		para(d, tr(d, "Aucune enquête pour cette année.", "No survey this year."));
	rc = table(d, "enquetes", &t);
	table_release(&t);
	return rc;
}

static const char *const files_header_fr[] = {
	"Fichier", "Type", "Encodage", "Lues", "Chargées", "Avec avert.", "Écartées",
};
static const char *const files_header_en[] = {
	"File", "Kind", "Encoding", "Read", "Loaded", "Warned", "Set aside",
};
static const char *const files_csv[] = {
	"fichier", "type", "encodage", "lignes_lues", "lignes_chargees",
	"lignes_avec_avertissement", "lignes_ecartees",
};
static const int files_right[] = { 0, 0, 0, 1, 1, 1, 1 };
static const char *const warn_header_fr[] = { "Fichier", "Étape", "Champ", "Avertissement",
					      "Lignes" };
static const char *const warn_header_en[] = { "File", "Stage", "Field", "Warning", "Rows" };
static const char *const warn_csv[] = { "fichier", "etape", "champ", "avertissement", "lignes" };
static const char *const why_header_fr[] = { "Fichier", "Étape", "Champ", "Motif", "Lignes" };
static const char *const why_header_en[] = { "File", "Stage", "Field", "Reason", "Rows" };
static const char *const why_csv[] = { "fichier", "etape", "champ", "motif", "lignes" };
static const int why_right[] = { 0, 0, 0, 0, 1 };
static const char *const rules_header_fr[] = { "Fichier", "Règle", "Lignes" };
static const char *const rules_header_en[] = { "File", "Rule", "Rows" };
static const char *const rules_csv[] = { "fichier", "regle", "lignes" };
static const int rules_right[] = { 0, 0, 1 };

/* Fills t with the three most frequent reasons of each file, at each
   stage, from table (quarantine or warning) and its column of reasons, by
   rows concerned; writes it as name unless it is empty and has no text
   for that. */
static int top_reasons(struct doc *d, struct table *t, const char *table_name,
		       const char *reason, const char *name)
{
	struct buf sql = BUF_INIT;
	sqlite3_stmt *st;
	int rc;

	buf_addf(&sql, "SELECT f, stage, field, %s, n FROM (SELECT "
		 "replace(s.path, rtrim(s.path, replace(s.path, '/', '')), '') f, s.kind, q.stage, "
		 "coalesce(q.field, '–') field, q.%s, count(DISTINCT q.line) n, row_number() OVER "
		 "(PARTITION BY q.source_id ORDER BY count(DISTINCT q.line) DESC, q.stage, q.field, "
		 "q.%s) k FROM %s q JOIN source_file s ON s.id = q.source_id "
		 "GROUP BY q.source_id, q.stage, q.field, q.%s) WHERE k <= 3 "
		 "ORDER BY kind, f, n DESC, stage, field", reason, reason, reason, table_name, reason);
	rc = db_prepare(d->db, &st, sql.data, d->e);
	buf_release(&sql);
	if (rc)
		return fail(d);
	while (sqlite3_step(st) == SQLITE_ROW) {
		for (int i = 0; i < 4; i++)
			table_text(t, (const char *)sqlite3_column_text(st, i));
		table_int(t, sqlite3_column_int64(st, 4));
	}
	sqlite3_finalize(st);
	return table_rows(t) || t->empty ? table(d, name, t) : 0;
}

static int quality_section(struct doc *d)
{
	struct table t;
	struct buf b = BUF_INIT;
	sqlite3_stmt *st;
	int rc;

	heading(d, 1, tr(d, "Annexe : qualité des données", "Appendix: data quality"));
	para(d, tr(d, "Une ligne n'est écartée (table quarantine de la base) que lorsqu'elle ne peut "
		   "servir : sans identifiant ou sans localisation utilisable. Tout autre défaut est un "
		   "avertissement sur une ligne gardée (table warning) : libellé d'une version "
		   "antérieure du standard, date au format français, code postal saisi dans la colonne "
		   "INSEE… Rien n'est perdu ni réparé en silence. Les fichiers dont la part de lignes "
		   "écartées dépasse le seuil de la configuration viennent en tête.",
		   "A row is set aside (table quarantine of the database) only when it cannot serve: "
		   "no identifier or no usable location. Any other defect is a warning on a kept row "
		   "(table warning): a label of an earlier version of the standard, a French date, a "
		   "postal code typed in the INSEE column… Nothing is lost or repaired silently. Files "
		   "whose share of rows set aside is past the configured threshold come first."));
	table_init(&t, 7, d->lang == FMT_FR ? files_header_fr : files_header_en, files_csv,
		   files_right, tr(d, "Fichiers sources", "Source files"), d->lang);
	if (db_prepare(d->db, &st, "SELECT replace(path, rtrim(path, replace(path, '/', '')), ''), "
		       "kind, encoding, rows_read, rows_loaded, rows_warned, rows_quarantined, "
		       "rows_quarantined > ?1 * rows_read AS bad FROM source_file "
		       "ORDER BY bad DESC, CASE WHEN bad THEN -1.0 * rows_quarantined / rows_read END, "
		       "kind, path", d->e)) {
		table_release(&t);
		return fail(d);
	}
	sqlite3_bind_double(st, 1, d->cfg->max_quarantined);
	while (sqlite3_step(st) == SQLITE_ROW) {
		table_text(&t, (const char *)sqlite3_column_text(st, 0));
		table_text(&t, (const char *)sqlite3_column_text(st, 1));
		table_text(&t, (const char *)sqlite3_column_text(st, 2));
		table_int(&t, sqlite3_column_int64(st, 3));
		table_int(&t, sqlite3_column_int64(st, 4));
		table_int(&t, sqlite3_column_int64(st, 5));
		table_int(&t, sqlite3_column_int64(st, 6));
	}
	sqlite3_finalize(st);
	rc = table(d, "fichiers-sources", &t);
	table_release(&t);
	if (rc)
		goto out;
	/* Beside the rejections, the three most frequent warnings of each
	   file, at each stage. */
	table_init(&t, 5, d->lang == FMT_FR ? warn_header_fr : warn_header_en, warn_csv, why_right,
		   tr(d, "Principaux avertissements (lignes gardées)",
		      "Main warnings (rows kept)"), d->lang);
	rc = top_reasons(d, &t, "warning", "rule", "avertissements");
	table_release(&t);
	if (rc)
		goto out;
	table_init(&t, 5, d->lang == FMT_FR ? why_header_fr : why_header_en, why_csv, why_right,
		   tr(d, "Principaux motifs de rejet", "Main reasons for setting rows aside"), d->lang);
	t.empty = tr(d, "Aucune ligne écartée.", "No row set aside.");
	rc = top_reasons(d, &t, "quarantine", "error", "motifs-rejet");
	table_release(&t);
	if (rc)
		goto out;
	para(d, tr(d, "Placement des lignes sur les communes actuelles, par règle : exact ; zéro "
		   "initial restauré (zero) ; arrondissement municipal ; commune déléguée ou associée "
		   "(deleguee) ; ancien code (ancien) ; code postal d'une seule commune (postal) ; code "
		   "postal et nom de commune, d'après la base officielle de La Poste (postal-name) ; nom "
		   "seul, unique dans le département du code postal (name) ; collectivité d'outre-mer "
		   "hors du rapport (outside, écartée) ; non résolu (unresolved, écarté). Pour les "
		   "diagnostics, liens trouvés ou non avec l'association et la structure.",
		   "Placement of rows on current communes, by rule: exact; leading zero restored "
		   "(zero); municipal arrondissement; delegated or associated commune (deleguee); old "
		   "code (ancien); postal code of one commune (postal); postal code and commune name, "
		   "from La Poste's official base (postal-name); the name alone, unique in the "
		   "department of the postal code (name); overseas collectivity outside the report "
		   "(outside, set aside); unresolved (set aside). For diagnostics, links found or not "
		   "to the association and the structure."));
	table_init(&t, 3, d->lang == FMT_FR ? rules_header_fr : rules_header_en, rules_csv,
		   rules_right, tr(d, "Règles de placement", "Placement rules"), d->lang);
	if (db_prepare(d->db, &st, "SELECT replace(s.path, rtrim(s.path, replace(s.path, '/', '')), ''), "
		       "r.rule, r.n FROM resolution_count r JOIN source_file s ON s.id = r.source_id "
		       "ORDER BY s.kind, s.path, r.rule", d->e)) {
		table_release(&t);
		rc = fail(d);
		goto out;
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		table_text(&t, (const char *)sqlite3_column_text(st, 0));
		table_text(&t, (const char *)sqlite3_column_text(st, 1));
		table_int(&t, sqlite3_column_int64(st, 2));
	}
	sqlite3_finalize(st);
	rc = table(d, "regles-placement", &t);
	table_release(&t);
out:
	buf_release(&b);
	return rc;
}

static void methodology(struct doc *d)
{
	heading(d, 1, tr(d, "Méthodologie", "Methodology"));
	heading(d, 2, tr(d, "Sources", "Sources"));
	para(d, tr(d, "Répertoire national des associations (RNA, extraits rna_waldec et rna_import) ; "
		   "lieux de médiation numérique au standard LaMednum ; diagnostics numériques menés par "
		   "les structures d'appui ; enquêtes. Géographie : Code officiel géographique de l'INSEE.",
		   "National registry of associations (RNA, rna_waldec and rna_import extracts); "
		   "digital inclusion places in the LaMednum standard; digital diagnostics by support "
		   "structures; surveys. Geography: INSEE's official geographic code."));
	heading(d, 2, tr(d, "Définitions", "Definitions"));
	para(d, tr(d, "Une association est active quand le RNA la dit en position « A » sans date de "
		   "dissolution ; elle est comptée une fois (sa mise à jour la plus récente) et placée "
		   "sur sa commune actuelle : code INSEE réparé, anciens codes, communes déléguées et "
		   "arrondissements municipaux ramenés à leur commune. La Moselle, le Bas-Rhin et le "
		   "Haut-Rhin ne sont pas au RNA : la couverture y est rapportée à la population.",
		   "An association is active when the RNA gives it position \"A\" with no dissolution "
		   "date; it counts once (its latest update) and is placed on its current commune: "
		   "INSEE code repaired, old codes, delegated communes and municipal arrondissements "
		   "rolled up. Moselle, Bas-Rhin and Haut-Rhin are not in the RNA: coverage there is "
		   "set against population."));
	heading(d, 2, tr(d, "Couverture", "Coverage"));
	{
		struct buf t = BUF_INIT;

		buf_addstr(&t, tr(d, "Nombre attendu de structures : E = N × ΣS / ΣN, N étant les "
				  "associations actives de la zone. Une zone est sous-couverte si "
				  "P(X ≤ O) est faible pour X de loi de Poisson de moyenne E, après "
				  "correction de Benjamini-Hochberg sur les zones d'un même niveau "
				  "(taux de fausses découvertes de ",
				  "Expected structures: E = N × ΣS / ΣN, N being the area's active "
				  "associations. An area is under-covered when P(X ≤ O) is small for X "
				  "Poisson with mean E, after the Benjamini-Hochberg correction across "
				  "the areas of a level ("));
		buf_addstr(&t, d->fdr_pct);
		buf_addstr(&t, tr(d, "). L'intervalle de O/E est exact (quantiles de la loi gamma). "
				  "Zones blanches : intercommunalités sans structure.",
				  " false discovery rate). The O/E interval is exact (gamma quantiles). "
				  "White zones: intercommunalities with no structure."));
		para(d, t.data);
		buf_release(&t);
	}
	heading(d, 2, tr(d, "Compétences", "Competences"));
	para(d, tr(d, "Moyennes avec intervalle de Student, médianes et quartiles, part de niveau 3 ou "
		   "plus avec intervalle de Wilson ; moyennes régionales rapprochées de la moyenne "
		   "nationale par un modèle normal-normal (Fay-Herriot) ; différences entre régions "
		   "testées par le χ² (V de Cramér) et Kruskal-Wallis ; évolutions par les tests de Welch "
		   "et l'intervalle de Newcombe. Aucune cellule fondée sur trop peu de diagnostics n'est "
		   "publiée.",
		   "Means with Student intervals, medians and quartiles, share at level 3 or more with "
		   "Wilson intervals; regional means drawn towards the national mean by a normal-normal "
		   "model (Fay-Herriot); differences between regions tested with χ² (Cramér's V) and "
		   "Kruskal-Wallis; changes with Welch tests and Newcombe intervals. No cell resting on "
		   "too few diagnostics is published."));
}

/* ---- the document ------------------------------------------------------ */

static int make_dir(struct doc *d, const char *sub)
{
	struct buf path = BUF_INIT;
	int rc = 0;

	buf_addf(&path, "%s/%s", d->o->dir, sub);
	if (mkdir(path.data, 0755) && errno != EEXIST)
		rc = err_set(d->e, "cannot create '%s': %s", path.data, strerror(errno));
	buf_release(&path);
	return rc;
}

int document_write(sqlite3 *db, const struct config *cfg, const struct document_opts *o,
		   struct err *e)
{
	const char *sec = config_get(cfg, "report", "sections");
	const char *fmts = config_get(cfg, "report", "formats");
	struct unit *reg = NULL, *dep = NULL;
	size_t nreg = 0, ndep = 0;
	struct render_meta m;
	struct doc d;
	struct buf path = BUF_INIT, s = BUF_INIT, date = BUF_INIT;
	const char *lines[5];
	int rc = -1;

	memset(&d, 0, sizeof(d));
	d.db = db;
	d.cfg = cfg;
	d.o = o;
	d.e = e;
	d.lang = !strcmp(cfg->language, "en") ? FMT_EN : FMT_FR;
	doc_words(&d);
	if (parse_set(sec && *sec ? sec : "key, coverage, competences, trends, survey, quality, "
		      "methodology", "sections", &d.sections, e, cfg->path, 1) ||
	    parse_set(fmts && *fmts ? fmts : "pdf, png, svg, csv", "formats", &d.formats, e,
		      cfg->path, 0))
		return -1;
	if (((d.formats & (OUT_PNG | OUT_SVG)) && make_dir(&d, "charts")) ||
	    ((d.formats & OUT_CSV) && make_dir(&d, "tables")))
		return -1;
	if (load_units(&d, "region", "region", &reg, &nreg) ||
	    load_units(&d, "department", "department", &dep, &ndep))
		goto out;
	if (d.formats & OUT_PDF) {
		buf_addf(&path, "%s/pana-%d.pdf", o->dir, o->year);
		buf_addf(&date, "%sT00:00:00Z", o->asof);
		memset(&m, 0, sizeof(m));
		m.title = cfg->title;
		m.author = cfg->author;
		m.subject = tr(&d, "Couverture des points d'appui au numérique associatif et compétences "
			       "numériques des associations", "Coverage of digital support for "
			       "associations and their digital competences");
		m.keywords = "PANA, associations, numérique, RNA";
		m.creator = "pana " PANA_VERSION;
		m.create_date = date.data;
		m.lang = d.lang;
		if (render_open(&d.pdf, path.data, &m, e))
			goto out;
		buf_addf(&s, tr(&d, "Édition %d", "%d edition"), o->year);
		lines[0] = s.data;
		lines[1] = tr(&d, "Sources : Répertoire national des associations (RNA), lieux de "
			      "médiation numérique (standard LaMednum), diagnostics des structures d'appui, "
			      "enquêtes", "Sources: national registry of associations (RNA), digital "
			      "inclusion places (LaMednum standard), diagnostics by support structures, "
			      "surveys");
		lines[2] = o->vintage;
		lines[3] = o->asof;
		lines[4] = NULL;
		render_cover(d.pdf, cfg->title, *cfg->subtitle ? cfg->subtitle : NULL, lines);
	}
	if ((d.sections & SEC_KEY))
		key_figures(&d, reg, nreg, dep, ndep);
	if ((d.sections & SEC_COVERAGE) && coverage_section(&d, reg, nreg, dep, ndep))
		goto out;
	if ((d.sections & SEC_COMPETENCES) && competence_section(&d, reg, nreg))
		goto out;
	if ((d.sections & SEC_TRENDS) && trends_section(&d))
		goto out;
	if ((d.sections & SEC_SURVEY) && survey_section(&d))
		goto out;
	if ((d.sections & SEC_QUALITY) && quality_section(&d))
		goto out;
	if (d.sections & SEC_METHOD)
		methodology(&d);
	rc = 0;
out:
	if (d.pdf) {
		struct err ce;

		if (render_close(d.pdf, rc ? &ce : e))
			rc = -1;
	}
	free(reg);
	free(dep);
	buf_release(&path);
	buf_release(&s);
	buf_release(&date);
	return rc;
}
