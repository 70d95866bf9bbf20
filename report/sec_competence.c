/* Digital competences: the national profile, the regions, and the tests
   of whether regions differ. */
#include "doc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db.h"
#include "dumbbell.h"
#include "heatmap.h"
#include "stacked.h"
#include "xalloc.h"

/* Competence cells of one level and area, in unit order. */
struct comp {
	char code[16], area[64];
	long n;
	double mean, lo, hi, median, q1, q3, ge3, ge3_lo, ge3_hi, eb;
	int suppressed;
};

static size_t load_comp(struct doc *d, const char *level, struct comp **out)
{
	int step;
	sqlite3_stmt *st;
	size_t n = 0;

	*out = NULL;
	if (db_prepare(d->db, &st, "SELECT code, area, n, mean, ci_low, ci_high, median, q1, q3, "
		       "share_ge3, share_ge3_low, share_ge3_high, eb_mean, suppressed "
		       "FROM competence_stats WHERE year = ?1 AND level = ?2 ORDER BY code", d->e))
		return 0;
	sqlite3_bind_int(st, 1, d->o->year);
	sqlite3_bind_text(st, 2, level, -1, SQLITE_STATIC);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct comp *c;

		*out = xgrow(*out, n, sizeof(**out));
		if (!*out)
			xalloc_die();
		c = &(*out)[n++];
		doc_col_text(c->code, sizeof(c->code), st, 0);
		doc_col_text(c->area, sizeof(c->area), st, 1);
		c->n = sqlite3_column_int64(st, 2);
		c->mean = doc_col_num(st, 3);
		c->lo = doc_col_num(st, 4);
		c->hi = doc_col_num(st, 5);
		c->median = doc_col_num(st, 6);
		c->q1 = doc_col_num(st, 7);
		c->q3 = doc_col_num(st, 8);
		c->ge3 = doc_col_num(st, 9);
		c->ge3_lo = doc_col_num(st, 10);
		c->ge3_hi = doc_col_num(st, 11);
		c->eb = doc_col_num(st, 12);
		c->suppressed = sqlite3_column_int(st, 13);
	}
	doc_loop_end(d, step);
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

/* What the parts of the section share: the competence cells and the labels. */
struct comp_data {
	struct comp *nat, *reg;		/* national and regional cells */
	size_t nnat, nreg;
	size_t na;			/* areas of config.ini, then "overall" */
	const char **alab;		/* na short area labels */
	char (*shortlab)[64];
	const char **rlab;		/* d->nreg region names */
};

static const char *area_at(const struct doc *d, const struct comp_data *c, size_t a)
{
	return a + 1 < c->na ? d->cfg->areas[a] : "overall";
}

static void comp_data_init(struct doc *d, struct comp_data *c)
{
	size_t a, i;

	memset(c, 0, sizeof(*c));
	c->nnat = load_comp(d, "national", &c->nat);
	c->nreg = load_comp(d, "region", &c->reg);
	c->na = d->cfg->nareas + 1;
	c->alab = calloc(c->na + 1, sizeof(char *));
	c->shortlab = calloc(c->na + 1, sizeof(*c->shortlab));
	c->rlab = calloc(d->nreg + 1, sizeof(char *));
	if (!c->alab || !c->shortlab || !c->rlab)
		xalloc_die();
	for (a = 0; a < c->na; a++) {
		doc_short_label(c->shortlab[a], sizeof(c->shortlab[a]),
				doc_area_label(d, area_at(d, c, a)));
		c->alab[a] = c->shortlab[a];
	}
	for (i = 0; i < d->nreg; i++)
		c->rlab[i] = d->reg[i].name;
}

static void comp_data_release(struct comp_data *c)
{
	free(c->nat);
	free(c->reg);
	free(c->alab);
	free(c->shortlab);
	free(c->rlab);
}

static void competence_intro(struct doc *d, const struct comp_data *c)
{
	const struct comp *overall = find_comp(c->nat, c->nnat, "FR", "overall");
	struct buf b = BUF_INIT;

	doc_heading(d, 1, doc_tr(d, "Compétences numériques", "Digital competences"));
	if (!overall || !overall->n)
		doc_para(d, doc_tr(d, "Aucun diagnostic pour cette année.", "No diagnostic this year."));
	buf_addstr(&b, doc_tr(d, "Niveaux de 0 (aucun) à 4 (expert) relevés par les structures "
			      "d'appui lors de leurs diagnostics, par domaine. Les cellules fondées "
			      "sur moins de ",
			      "Levels from 0 (none) to 4 (expert) noted by support structures in "
			      "their diagnostics, by area. Cells resting on fewer than "));
	fmt_int(&b, d->cfg->min_cell, d->lang);
	buf_addstr(&b, doc_tr(d, " diagnostics ne sont pas publiées (« s »).",
			      " diagnostics are not published (\"s\")."));
	doc_para(d, b.data);
	buf_release(&b);
}

/* The national mean of each area with its interval. */
static int competence_profile(struct doc *d, const struct comp_data *c)
{
	double *mean = calloc(c->na + 1, sizeof(double)), *lo = calloc(c->na + 1, sizeof(double));
	double *hi = calloc(c->na + 1, sizeof(double));
	struct dumbbell profile;
	size_t a;
	int rc;

	if (!mean || !lo || !hi)
		xalloc_die();
	for (a = 0; a < c->na; a++) {
		const struct comp *x = find_comp(c->nat, c->nnat, "FR", area_at(d, c, a));

		/* NaN for no diagnostic: every one n.d. gives "no data". */
		mean[a] = x && !x->suppressed ? x->mean : NAN;
		lo[a] = x && !x->suppressed ? x->lo : NAN;
		hi[a] = x && !x->suppressed ? x->hi : NAN;
	}
	memset(&profile, 0, sizeof(profile));
	profile.title = doc_tr(d, "Niveau moyen par domaine, France entière",
			       "Mean level by area, France as a whole");
	profile.unit = doc_tr(d, "niveau moyen (0 à 4)", "mean level (0 to 4)");
	profile.n = c->na;
	profile.labels = c->alab;
	profile.delta = mean;
	profile.lo = lo;
	profile.hi = hi;
	profile.decimals = 2;
	profile.interval_label = d->ci_label;
	profile.lang = d->lang;
	rc = doc_figure(d, &(struct doc_figure){
		.heading = doc_tr(d, "Profil national", "National profile"),
		.name = "profil-national", .kind = &dumbbell_chart, .chart = &profile });
	free(mean);
	free(lo);
	free(hi);
	return rc;
}

/* One row of the national table: area x's cells, or "s" where withheld. */
static void national_row(struct doc *d, struct table *t, const char *area, const struct comp *x)
{
	struct buf b = BUF_INIT;
	size_t i;

	table_text(t, doc_area_label(d, area));
	doc_table_int(t, x->n);
	if (x->n > 0 && x->suppressed) {
		/* Withheld, as the paragraph above says: "s". */
		for (i = 0; i < 6; i++)
			table_num_as(t, NAN, 0, "s");
		return;
	}
	table_num(t, x->mean, 2);
	doc_table_interval(d, t, x->lo, x->hi, 2);
	table_num(t, x->median, 1);
	doc_table_interval(d, t, x->q1, x->q3, 1);
	fmt_pct(&b, x->ge3, 1, d->lang);
	table_num_as(t, x->ge3, 3, b.data);
	buf_reset(&b);
	if (isnan(x->ge3_lo)) {
		buf_addstr(&b, "–");
	} else {
		fmt_pct(&b, x->ge3_lo, 1, d->lang);
		buf_addstr(&b, d->lang == FMT_FR ? "\u00a0à\u00a0" : "\u00a0to\u00a0");
		fmt_pct(&b, x->ge3_hi, 1, d->lang);
	}
	table_num_as(t, x->ge3_lo, 3, b.data);
	buf_release(&b);
}

static int competence_national_table(struct doc *d, const struct comp_data *c)
{
	const char *hdr[8];
	struct table t;
	size_t a;
	int rc, any = 0;

	table_init(&t, 8, doc_header_of(d, nat_header_fr, nat_header_en, 8, hdr), nat_csv,
		   nat_right, doc_tr(d, "Compétences par domaine, France entière",
				     "Competences by area, France"), d->lang);
	for (a = 0; a < c->na; a++) {
		const struct comp *x = find_comp(c->nat, c->nnat, "FR", area_at(d, c, a));

		if (!x)
			continue;
		any |= x->n > 0;
		national_row(d, &t, area_at(d, c, a), x);
	}
	if (!any)
		table_clear(&t);	/* no diagnostic in any area: "no data" */
	rc = doc_table(d, "competences-nationales", &t);
	table_release(&t);
	return rc;
}

/* Regions x areas: the shrunk means. */
static int competence_heatmap(struct doc *d, const struct comp_data *c)
{
	size_t nreg = d->nreg, na = c->na, i, a;
	double *heat = calloc(nreg * na + 1, sizeof(double));
	int *supp = calloc(nreg * na + 1, sizeof(int)), rc;
	struct heatmap heatmap;

	if (!heat || !supp)
		xalloc_die();
	for (i = 0; i < nreg; i++)
		for (a = 0; a < na; a++) {
			const struct comp *x = find_comp(c->reg, c->nreg, d->reg[i].code,
							 area_at(d, c, a));

			/* A cell without diagnostics is n.d., not withheld. */
			heat[i * na + a] = x && !x->suppressed ? x->eb : NAN;
			supp[i * na + a] = x && x->n > 0 ? x->suppressed : 0;
		}
	memset(&heatmap, 0, sizeof(heatmap));
	heatmap.title = doc_tr(d, "Niveau moyen par région et par domaine (estimation bayésienne)",
			       "Mean level by region and area (empirical Bayes)");
	heatmap.unit = doc_tr(d, "niveau moyen (0 à 4)", "mean level (0 to 4)");
	heatmap.nrows = nreg;
	heatmap.ncols = na;
	heatmap.row_labels = c->rlab;
	heatmap.col_labels = c->alab;
	heatmap.values = heat;
	heatmap.suppressed = supp;
	heatmap.lo = heatmap.hi = NAN;
	heatmap.decimals = 1;
	heatmap.lang = d->lang;
	rc = doc_figure(d, &(struct doc_figure){
		.heading = doc_tr(d, "Par région", "By region"),
		.text = doc_tr(d, "Les moyennes régionales sont rapprochées de la moyenne nationale "
			       "d'autant plus que la région compte peu de diagnostics (estimation "
			       "bayésienne empirique), pour ne pas prendre le hasard d'un petit "
			       "échantillon pour une différence.",
			       "Regional means are drawn towards the national mean the more so as "
			       "the region has few diagnostics (empirical Bayes), so as not to "
			       "mistake the chance of a small sample for a difference."),
		.name = "competences-regions", .kind = &heatmap_chart, .chart = &heatmap });
	free(heat);
	free(supp);
	return rc;
}

/* The count of each level (0 to 4) by region, all areas together
   (competence_levels), into shares[i * 5 + level] and their total into
   n[i]. */
static int level_counts(struct doc *d, double *shares, long *n)
{
	int step;
	sqlite3_stmt *st;
	size_t i;

	if (db_prepare(d->db, &st, "SELECT region_code, level, n FROM competence_levels "
		       "WHERE year = ?1", d->e))
		return -1;
	sqlite3_bind_int(st, 1, d->o->year);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *code = (const char *)sqlite3_column_text(st, 0);
		int lv = sqlite3_column_int(st, 1);

		for (i = 0; i < d->nreg; i++)
			if (code && !strcmp(d->reg[i].code, code) && lv >= 0 && lv <= 4) {
				shares[i * 5 + (size_t)lv] += (double)sqlite3_column_int64(st, 2);
				n[i] += sqlite3_column_int64(st, 2);
			}
	}
	doc_loop_end(d, step);
	sqlite3_finalize(st);
	return 0;
}

/* The distribution of levels by region, all areas together. */
static int competence_levels(struct doc *d, const struct comp_data *c)
{
	static const char *const levels_fr[] = { "0 aucun", "1 débutant", "2 intermédiaire",
		"3 avancé", "4 expert" };
	static const char *const levels_en[] = { "0 none", "1 beginner", "2 intermediate",
		"3 advanced", "4 expert" };
	size_t nreg = d->nreg, i, a;
	double *shares = calloc(nreg * 5 + 1, sizeof(double));
	int *rsupp = calloc(nreg + 1, sizeof(int)), rc = -1;
	long *rn = calloc(nreg + 1, sizeof(long));
	struct stacked stacked;

	if (!shares || !rsupp || !rn)
		xalloc_die();
	if (level_counts(d, shares, rn))
		goto out;
	for (i = 0; i < nreg; i++) {
		const struct comp *x = find_comp(c->reg, c->nreg, d->reg[i].code, "overall");

		for (a = 0; a < 5; a++)
			shares[i * 5 + a] = rn[i] ? shares[i * 5 + a] / (double)rn[i] : 0;
		rsupp[i] = !x || x->suppressed;
	}
	memset(&stacked, 0, sizeof(stacked));
	stacked.title = doc_tr(d, "Répartition des niveaux par région, tous domaines",
			       "Levels by region, all areas");
	stacked.unit = doc_tr(d, "part des niveaux relevés", "share of the levels noted");
	stacked.nrows = nreg;
	stacked.k = 5;
	stacked.row_labels = c->rlab;
	stacked.level_labels = d->lang == FMT_FR ? levels_fr : levels_en;
	stacked.shares = shares;
	stacked.n = rn;
	stacked.suppressed = rsupp;
	stacked.min_n = d->cfg->min_cell;
	stacked.lang = d->lang;
	rc = doc_chart(d, "niveaux-regions", &stacked_chart, &stacked);
out:
	free(shares);
	free(rsupp);
	free(rn);
	return rc;
}

/* What Cronbach's alpha of the areas says, into b. */
static void cronbach_words(struct doc *d, struct buf *b, double alpha)
{
	buf_reset(b);
	buf_addstr(b, doc_tr(d, "Cohérence des domaines (alpha de Cronbach) : ",
			     "Consistency of the areas (Cronbach's alpha): "));
	fmt_num(b, alpha, 2, d->lang);
	buf_addstr(b, alpha >= 0.7 ? doc_tr(d, " : les domaines mesurent une même aisance "
					    "numérique d'ensemble.", ": the areas measure one "
					    "overall digital ease.")
		   : doc_tr(d, " : les domaines mesurent des choses distinctes.",
			    ": the areas measure distinct things."));
}

/* The rows of the tests of independence into t, Cronbach's alpha into b;
   returns 1 when a test could be made, 0 when none, -1 on an error. */
static int tests_rows(struct doc *d, struct table *t, struct buf *b)
{
	int step;
	sqlite3_stmt *st;
	int any = 0;

	if (db_prepare(d->db, &st, "SELECT area, chi2, df, p_value, cramers_v, kw_h, kw_p, "
		       "cronbach_alpha FROM competence_tests WHERE year = ?1 ORDER BY rowid", d->e))
		return -1;
	sqlite3_bind_int(st, 1, d->o->year);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *area = (const char *)sqlite3_column_text(st, 0);

		if (!strcmp(area, "overall")) {
			buf_reset(b);
			/* NaN: too few complete diagnostics. */
			if (!isnan(doc_col_num(st, 7)))
				cronbach_words(d, b, doc_col_num(st, 7));
			continue;
		}
		any |= !isnan(doc_col_num(st, 1)) || !isnan(doc_col_num(st, 5));
		table_text(t, doc_area_label(d, area));
		table_num(t, doc_col_num(st, 1), 1);
		table_num(t, doc_col_num(st, 2), 0);
		doc_table_p(d, t, doc_col_num(st, 3));
		table_num(t, doc_col_num(st, 4), 2);
		table_num(t, doc_col_num(st, 5), 1);
		doc_table_p(d, t, doc_col_num(st, 6));
	}
	doc_loop_end(d, step);
	sqlite3_finalize(st);
	return any;
}

/* Do regions differ? The tests of independence, and Cronbach's alpha. */
static int competence_tests(struct doc *d)
{
	struct table t;
	struct buf b = BUF_INIT;
	int rc;

	table_init(&t, 7, d->lang == FMT_FR ? test_header_fr : test_header_en, test_csv, test_right,
		   doc_tr(d, "Tests d'indépendance entre région et niveau",
			  "Tests of independence of region and level"), d->lang);
	rc = tests_rows(d, &t, &b);
	if (rc >= 0) {
		if (!rc)
			table_clear(&t);	/* no test could be made: "no data" */
		rc = doc_figure(d, &(struct doc_figure){
			.heading = doc_tr(d, "Les régions diffèrent-elles ?", "Do regions differ?"),
			.name = "tests-regions", .table = &t });
		if (!rc && b.len)
			doc_para(d, b.data);
	}
	table_release(&t);
	buf_release(&b);
	return rc ? -1 : 0;
}

int sec_competences(struct doc *d)
{
	struct comp_data c;
	int rc;

	comp_data_init(d, &c);
	competence_intro(d, &c);
	rc = competence_profile(d, &c) || competence_national_table(d, &c) ||
		competence_heatmap(d, &c) || competence_levels(d, &c) || competence_tests(d);
	comp_data_release(&c);
	return rc ? -1 : 0;
}
