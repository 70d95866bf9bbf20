/* Trends: the change of the competences over a year. */
#include "doc.h"
#include "dumbbell.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db.h"
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

int sec_trends(struct doc *d)
{
	const char *hdr[8];
	size_t na = d->cfg->nareas + 1, n = 0;
	const char **lab = calloc(na + 1, sizeof(char *));
	char (*shortlab)[64] = calloc(na + 1, sizeof(*shortlab));
	double *delta = calloc(na + 1, sizeof(double)), *lo = calloc(na + 1, sizeof(double));
	double *hi = calloc(na + 1, sizeof(double));
	int *flags = calloc(na + 1, sizeof(int)), year_from = 0, rc = -1;
	struct dumbbell db;
	struct table t;
	struct buf b = BUF_INIT;
	sqlite3_stmt *st;

	if (!lab || !shortlab || !delta || !lo || !hi || !flags)
		xalloc_die();
	doc_heading(d, 1, doc_tr(d, "Évolutions", "Trends"));
	table_init(&t, 8, doc_header_of(d, trend_header_fr, trend_header_en, 8, hdr), trend_csv,
		   trend_right, doc_tr(d, "Évolution sur un an, France entière",
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
		doc_short_label(shortlab[n], sizeof(shortlab[n]), doc_area_label(d, area));
		lab[n] = shortlab[n];
		delta[n] = doc_col_num(st, 4);
		lo[n] = doc_col_num(st, 5);
		hi[n] = doc_col_num(st, 6);
		flags[n] = !isnan(lo[n]) && (lo[n] > 0 || hi[n] < 0) ? CHART_FLAGGED : CHART_PLAIN;
		n++;
		table_text(&t, doc_area_label(d, area));
		if (sqlite3_column_int(st, 11)) {
			/* Withheld (too few diagnostics one year or the other): "s". */
			for (size_t j = 0; j < 7; j++)
				table_num_as(&t, NAN, 0, "s");
			continue;
		}
		table_num(&t, doc_col_num(st, 2), 2);
		table_num(&t, doc_col_num(st, 3), 2);
		table_num(&t, doc_col_num(st, 4), 2);
		doc_table_interval(d, &t, doc_col_num(st, 5), doc_col_num(st, 6), 2);
		doc_table_p(d, &t, doc_col_num(st, 7));
		buf_reset(&b);
		fmt_num(&b, 100 * doc_col_num(st, 8), 1, d->lang);
		buf_addstr(&b, d->lang == FMT_FR ? "\u202fpt" : " pt");
		table_num_as(&t, doc_col_num(st, 8), 3, b.data);
		doc_table_interval(d, &t, 100 * doc_col_num(st, 9), 100 * doc_col_num(st, 10), 1);
	}
	sqlite3_finalize(st);
	if (!n) {
		/* The chart and the table follow, saying "no data". */
		doc_para(d, doc_tr(d, "Pas de diagnostics l'année précédente : pas d'évolution à mesurer.",
			   "No diagnostics the year before: no change to measure."));
	} else {
		buf_reset(&b);
		buf_addf(&b, doc_tr(d, "Écart du niveau moyen entre %d et %d, avec son intervalle de "
				"confiance (test de Welch). En vermillon, les écarts significatifs. La "
				"part des associations de niveau 3 ou plus est comparée par l'intervalle "
				"de Newcombe.",
				"Change of the mean level from %d to %d, with its confidence interval "
				"(Welch test). In vermilion, significant changes. The share of "
				"associations at level 3 or more is compared with Newcombe's interval."),
			 year_from, d->o->year);
		doc_para(d, b.data);
	}
	memset(&db, 0, sizeof(db));
	db.title = doc_tr(d, "Évolution du niveau moyen sur un an", "Change of the mean level over a year");
	db.unit = doc_tr(d, "écart de niveau moyen (points sur 4)", "change of the mean level (points out of 4)");
	db.n = n;
	db.labels = lab;
	db.delta = delta;
	db.lo = lo;
	db.hi = hi;
	db.flags = flags;
	db.decimals = 2;
	db.interval_label = d->ci_label;
	db.flag_label = doc_tr(d, "écart significatif", "significant change");
	db.lang = d->lang;
	rc = doc_chart(d, "evolution-competences", 250, dumbbell_draw_fn, &db);
	if (!rc)
		rc = doc_table(d, "evolution-competences", &t);
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
