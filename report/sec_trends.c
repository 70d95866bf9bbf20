/* Trends: the change of the competences over a year. */
#include "doc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db.h"
#include "dumbbell.h"
#include "xalloc.h"

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

/* The changes of each area, for the chart and the table. */
struct trends {
	size_t n;
	const char **lab;
	char (*shortlab)[64];
	double *delta, *lo, *hi;
	int *flags;
	int year_from;
};

static void trends_init(struct trends *tr, size_t na)
{
	memset(tr, 0, sizeof(*tr));
	tr->lab = calloc(na + 1, sizeof(char *));
	tr->shortlab = calloc(na + 1, sizeof(*tr->shortlab));
	tr->delta = calloc(na + 1, sizeof(double));
	tr->lo = calloc(na + 1, sizeof(double));
	tr->hi = calloc(na + 1, sizeof(double));
	tr->flags = calloc(na + 1, sizeof(int));
	if (!tr->lab || !tr->shortlab || !tr->delta || !tr->lo || !tr->hi || !tr->flags)
		xalloc_die();
}

static void trends_release(struct trends *tr)
{
	free(tr->lab);
	free(tr->shortlab);
	free(tr->delta);
	free(tr->lo);
	free(tr->hi);
	free(tr->flags);
}

/* The table row of a change from the row of competence_change at st. */
static void trend_row(struct doc *d, struct table *t, sqlite3_stmt *st, const char *area)
{
	struct buf b = BUF_INIT;

	table_text(t, doc_area_label(d, area));
	if (sqlite3_column_int(st, 11)) {
		/* Withheld (too few diagnostics one year or the other): "s". */
		for (size_t j = 0; j < 7; j++)
			table_num_as(t, NAN, 0, "s");
		return;
	}
	table_num(t, doc_col_num(st, 2), 2);
	table_num(t, doc_col_num(st, 3), 2);
	table_num(t, doc_col_num(st, 4), 2);
	doc_table_interval(d, t, doc_col_num(st, 5), doc_col_num(st, 6), 2);
	doc_table_p(d, t, doc_col_num(st, 7));
	fmt_num(&b, 100 * doc_col_num(st, 8), 1, d->lang);
	buf_addstr(&b, d->lang == FMT_FR ? "\u202fpt" : " pt");
	table_num_as(t, doc_col_num(st, 8), 3, b.data);
	doc_table_interval(d, t, 100 * doc_col_num(st, 9), 100 * doc_col_num(st, 10), 1);
	buf_release(&b);
}

/* Reads the national changes into tr (at most na) and t. */
static int trends_read(struct doc *d, struct trends *tr, size_t na, struct table *t)
{
	int step;
	sqlite3_stmt *st;

	if (db_prepare(d->db, &st, "SELECT area, year_from, mean_from, mean_to, diff, diff_low, "
		       "diff_high, p_value, share_diff, share_diff_low, share_diff_high, suppressed "
		       "FROM competence_change WHERE year = ?1 AND level = 'national' ORDER BY rowid",
		       d->e))
		return -1;
	sqlite3_bind_int(st, 1, d->o->year);
	while ((step = sqlite3_step(st)) == SQLITE_ROW && tr->n < na) {
		const char *area = (const char *)sqlite3_column_text(st, 0);
		size_t n = tr->n++;

		tr->year_from = sqlite3_column_int(st, 1);
		doc_short_label(tr->shortlab[n], sizeof(tr->shortlab[n]), doc_area_label(d, area));
		tr->lab[n] = tr->shortlab[n];
		tr->delta[n] = doc_col_num(st, 4);
		tr->lo[n] = doc_col_num(st, 5);
		tr->hi[n] = doc_col_num(st, 6);
		tr->flags[n] = !isnan(tr->lo[n]) && (tr->lo[n] > 0 || tr->hi[n] < 0) ?
			CHART_FLAGGED : CHART_PLAIN;
		trend_row(d, t, st, area);
	}
	if (step == SQLITE_ROW)
		step = SQLITE_DONE;	/* the rows wanted are read */
	doc_loop_end(d, step);
	sqlite3_finalize(st);
	return 0;
}

static void trends_words(struct doc *d, const struct trends *tr)
{
	struct buf b = BUF_INIT;

	if (!tr->n) {
		/* The chart and the table follow, saying "no data". */
		doc_para(d, doc_tr(d, "Pas de diagnostics l'année précédente : pas d'évolution à "
				   "mesurer.", "No diagnostics the year before: no change to measure."));
		return;
	}
	buf_addf(&b, doc_tr(d, "Écart du niveau moyen entre %d et %d, avec son intervalle de "
			    "confiance (test de Welch). En vermillon, les écarts significatifs. La "
			    "part des associations de niveau 3 ou plus est comparée par l'intervalle "
			    "de Newcombe.",
			    "Change of the mean level from %d to %d, with its confidence interval "
			    "(Welch test). In vermilion, significant changes. The share of "
			    "associations at level 3 or more is compared with Newcombe's interval."),
		 tr->year_from, d->o->year);
	doc_para(d, b.data);
	buf_release(&b);
}

static int trends_chart(struct doc *d, const struct trends *tr)
{
	struct dumbbell db;

	memset(&db, 0, sizeof(db));
	db.title = doc_tr(d, "Évolution du niveau moyen sur un an",
			  "Change of the mean level over a year");
	db.unit = doc_tr(d, "écart de niveau moyen (points sur 4)",
			 "change of the mean level (points out of 4)");
	db.n = tr->n;
	db.labels = tr->lab;
	db.delta = tr->delta;
	db.lo = tr->lo;
	db.hi = tr->hi;
	db.flags = tr->flags;
	db.decimals = 2;
	db.interval_label = d->ci_label;
	db.flag_label = doc_tr(d, "écart significatif", "significant change");
	db.lang = d->lang;
	return doc_chart(d, "evolution-competences", &dumbbell_chart, &db);
}

int sec_trends(struct doc *d)
{
	size_t na = d->cfg->nareas + 1;
	const char *hdr[8];
	struct trends tr;
	struct table t;
	int rc;

	trends_init(&tr, na);
	doc_heading(d, 1, doc_tr(d, "Évolutions", "Trends"));
	table_init(&t, 8, doc_header_of(d, trend_header_fr, trend_header_en, 8, hdr), trend_csv,
		   trend_right, doc_tr(d, "Évolution sur un an, France entière",
				       "Change over a year, France"), d->lang);
	rc = trends_read(d, &tr, na, &t);
	if (!rc) {
		trends_words(d, &tr);
		rc = trends_chart(d, &tr) || doc_table(d, "evolution-competences", &t) ? -1 : 0;
	}
	table_release(&t);
	trends_release(&tr);
	return rc;
}
