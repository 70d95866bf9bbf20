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

int sec_competences(struct doc *d)
{
	const struct unit *reg = d->reg;
	size_t nreg = d->nreg;
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
	struct dumbbell profile;
	struct heatmap heatmap;
	struct stacked stacked;
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
	doc_heading(d, 1, doc_tr(d, "Compétences numériques", "Digital competences"));
	overall = find_comp(nat, nnat, "FR", "overall");
	if (!overall || !overall->n)
		doc_para(d, doc_tr(d, "Aucun diagnostic pour cette année.", "No diagnostic this year."));
	buf_addstr(&b, doc_tr(d, "Niveaux de 0 (aucun) à 4 (expert) relevés par les structures d'appui lors "
			  "de leurs diagnostics, par domaine. Les cellules fondées sur moins de ",
			  "Levels from 0 (none) to 4 (expert) noted by support structures in their "
			  "diagnostics, by area. Cells resting on fewer than "));
	fmt_int(&b, d->cfg->min_cell, d->lang);
	buf_addstr(&b, doc_tr(d, " diagnostics ne sont pas publiées (« s »).",
			  " diagnostics are not published (\"s\")."));
	doc_para(d, b.data);
	for (a = 0; a < na; a++) {
		const char *area = a + 1 < na ? d->cfg->areas[a] : "overall";
		const struct comp *c = find_comp(nat, nnat, "FR", area);

		doc_short_label(shortlab[a], sizeof(shortlab[a]), doc_area_label(d, area));
		alab[a] = shortlab[a];
		/* NaN for no diagnostic: every one n.d. gives "no data". */
		mean[a] = c && !c->suppressed ? c->mean : NAN;
		lo[a] = c && !c->suppressed ? c->lo : NAN;
		hi[a] = c && !c->suppressed ? c->hi : NAN;
	}
	memset(&profile, 0, sizeof(profile));
	profile.title = doc_tr(d, "Niveau moyen par domaine, France entière",
			   "Mean level by area, France as a whole");
	profile.unit = doc_tr(d, "niveau moyen (0 à 4)", "mean level (0 to 4)");
	profile.n = na;
	profile.labels = alab;
	profile.delta = mean;
	profile.lo = lo;
	profile.hi = hi;
	profile.decimals = 2;
	profile.interval_label = d->ci_label;
	profile.lang = d->lang;
	doc_heading(d, 2, doc_tr(d, "Profil national", "National profile"));
	if (doc_chart(d, "profil-national", 250, dumbbell_draw_fn, &profile))
		goto out;
	table_init(&t, 8, doc_header_of(d, nat_header_fr, nat_header_en, 8, hdr), nat_csv, nat_right,
		   doc_tr(d, "Compétences par domaine, France entière", "Competences by area, France"),
		   d->lang);
	for (a = 0, any = 0; a < na; a++) {
		const char *area = a + 1 < na ? d->cfg->areas[a] : "overall";
		const struct comp *c = find_comp(nat, nnat, "FR", area);

		if (!c)
			continue;
		any |= c->n > 0;
		table_text(&t, doc_area_label(d, area));
		doc_table_int(&t, c->n);
		if (c->n > 0 && c->suppressed) {
			/* Withheld, as the paragraph above says: "s". */
			for (i = 0; i < 6; i++)
				table_num_as(&t, NAN, 0, "s");
			continue;
		}
		table_num(&t, c->mean, 2);
		doc_table_interval(d, &t, c->lo, c->hi, 2);
		table_num(&t, c->median, 1);
		doc_table_interval(d, &t, c->q1, c->q3, 1);
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
	rc = doc_table(d, "competences-nationales", &t);
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
	heatmap.title = doc_tr(d, "Niveau moyen par région et par domaine (estimation bayésienne)",
			   "Mean level by region and area (empirical Bayes)");
	heatmap.unit = doc_tr(d, "niveau moyen (0 à 4)", "mean level (0 to 4)");
	heatmap.nrows = nreg;
	heatmap.ncols = na;
	heatmap.row_labels = rlab;
	heatmap.col_labels = alab;
	heatmap.values = heat;
	heatmap.suppressed = supp;
	heatmap.lo = heatmap.hi = NAN;
	heatmap.decimals = 1;
	heatmap.lang = d->lang;
	doc_keep(d, 420 + 100);
	doc_heading(d, 2, doc_tr(d, "Par région", "By region"));
	doc_para(d, doc_tr(d, "Les moyennes régionales sont rapprochées de la moyenne nationale d'autant plus "
		   "que la région compte peu de diagnostics (estimation bayésienne empirique), pour ne "
		   "pas prendre le hasard d'un petit échantillon pour une différence.",
		   "Regional means are drawn towards the national mean the more so as the region has "
		   "few diagnostics (empirical Bayes), so as not to mistake the chance of a small "
		   "sample for a difference."));
	if (doc_chart(d, "competences-regions", 420, heatmap_draw_fn, &heatmap))
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
	stacked.title = doc_tr(d, "Répartition des niveaux par région, tous domaines",
			   "Levels by region, all areas");
	stacked.unit = doc_tr(d, "part des niveaux relevés", "share of the levels noted");
	stacked.nrows = nreg;
	stacked.k = 5;
	stacked.row_labels = rlab;
	stacked.level_labels = d->lang == FMT_FR ? levels_fr : levels_en;
	stacked.shares = shares;
	stacked.n = rn;
	stacked.suppressed = rsupp;
	stacked.min_n = d->cfg->min_cell;
	stacked.lang = d->lang;
	if (doc_chart(d, "niveaux-regions", 420, stacked_draw_fn, &stacked))
		goto out;

	/* tests */
	doc_keep(d, 200);
	doc_heading(d, 2, doc_tr(d, "Les régions diffèrent-elles ?", "Do regions differ?"));
	table_init(&t, 7, d->lang == FMT_FR ? test_header_fr : test_header_en, test_csv, test_right,
		   doc_tr(d, "Tests d'indépendance entre région et niveau",
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
			double alpha = doc_col_num(st, 7);

			buf_reset(&b);
			if (isnan(alpha))
				continue;	/* too few complete diagnostics */
			buf_addstr(&b, doc_tr(d, "Cohérence des domaines (alpha de Cronbach) : ",
					  "Consistency of the areas (Cronbach's alpha): "));
			fmt_num(&b, alpha, 2, d->lang);
			buf_addstr(&b, alpha >= 0.7 ? doc_tr(d, " : les domaines mesurent une même aisance "
							 "numérique d'ensemble.", ": the areas measure one "
							 "overall digital ease.")
				   : doc_tr(d, " : les domaines mesurent des choses distinctes.",
					": the areas measure distinct things."));
			continue;
		}
		any |= !isnan(doc_col_num(st, 1)) || !isnan(doc_col_num(st, 5));
		table_text(&t, doc_area_label(d, area));
		table_num(&t, doc_col_num(st, 1), 1);
		table_num(&t, doc_col_num(st, 2), 0);
		doc_table_p(d, &t, doc_col_num(st, 3));
		table_num(&t, doc_col_num(st, 4), 2);
		table_num(&t, doc_col_num(st, 5), 1);
		doc_table_p(d, &t, doc_col_num(st, 6));
	}
	sqlite3_finalize(st);
	if (!any)
		table_clear(&t);	/* no test could be made: "no data" */
	rc = doc_table(d, "tests-regions", &t);
	table_release(&t);
	if (!rc && b.len)
		doc_para(d, b.data);
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
