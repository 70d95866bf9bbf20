/* Surveys: the weighted indicators of each survey. */
#include "doc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db.h"
#include "xalloc.h"

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

int sec_survey(struct doc *d)
{
	int step;
	const char *hdr[7];
	struct table t;
	sqlite3_stmt *st;
	int rc;

	doc_heading(d, 1, doc_tr(d, "Enquêtes", "Surveys"));
	doc_para(d, doc_tr(d, "Les réponses sont pondérées pour que chaque région y pèse comme ses "
		   "associations actives au RNA (calage par ajustement proportionnel itératif). La "
		   "taille effective dit à combien de réponses non pondérées l'échantillon pondéré "
		   "équivaut (Kish) ; les intervalles en tiennent compte.",
		   "Responses are weighted so that each region counts as its active associations in "
		   "the RNA (raking by iterative proportional fitting). The effective size tells how "
		   "many unweighted responses the weighted sample is worth (Kish); the intervals "
		   "account for it."));
	table_init(&t, 7, doc_header_of(d, survey_header_fr, survey_header_en, 7, hdr), survey_csv,
		   survey_right, doc_tr(d, "Indicateurs d'enquête", "Survey indicators"), d->lang);
	if (db_prepare(d->db, &st, "SELECT survey, question, n, n_eff, mean, ci_low, ci_high, "
		       "unweighted_mean, suppressed FROM survey_stats WHERE year = ?1 "
		       "ORDER BY survey, question", d->e)) {
		table_release(&t);
		return doc_fail(d);
	}
	sqlite3_bind_int(st, 1, d->o->year);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *survey = (const char *)sqlite3_column_text(st, 0);
		const char *q = (const char *)sqlite3_column_text(st, 1);

		table_text(&t, survey);
		table_text(&t, question_title(d, survey, q));
		doc_table_int(&t, sqlite3_column_int64(st, 2));
		if (sqlite3_column_int(st, 8)) {
			table_num_as(&t, NAN, 0, "s");
			table_num_as(&t, NAN, 0, "s");
			table_num_as(&t, NAN, 0, "s");
			table_num_as(&t, NAN, 0, "s");
			continue;
		}
		table_num(&t, doc_col_num(st, 3), 0);
		table_num(&t, doc_col_num(st, 4), 2);
		doc_table_interval(d, &t, doc_col_num(st, 5), doc_col_num(st, 6), 2);
		table_num(&t, doc_col_num(st, 7), 2);
	}
	doc_loop_end(d, step);
	sqlite3_finalize(st);
	if (!table_rows(&t))
		doc_para(d, doc_tr(d, "Aucune enquête pour cette année.", "No survey this year."));
	rc = doc_table(d, "enquetes", &t);
	table_release(&t);
	return rc;
}
