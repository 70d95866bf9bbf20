/* The key figures: the year in a few bullets. */
#include "doc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db.h"
#include "xalloc.h"

/* "• 1 234 associations...", "• 567 places...": the counts of departments. */
static void key_counts(struct doc *d)
{
	struct buf b = BUF_INIT;
	struct doc_sums all;
	double rate = doc_national_rate(d->reg, d->nreg);

	doc_sum_departments(d, NULL, &all);
	buf_addstr(&b, "• <b>");
	fmt_int(&b, all.assoc, d->lang);
	buf_addstr(&b, doc_tr(d, "</b> associations actives au répertoire national (RNA), hors "
			      "Alsace-Moselle.", "</b> active associations in the national registry "
			      "(RNA), Alsace-Moselle excluded."));
	doc_markup(d, b.data);
	buf_reset(&b);
	buf_addstr(&b, "• <b>");
	fmt_int(&b, all.structures, d->lang);
	if (isnan(rate)) {
		/* No active association: no rate to give. */
		buf_addstr(&b, doc_tr(d, "</b> lieux d'appui au numérique.",
				      "</b> digital support places."));
	} else {
		buf_addstr(&b, doc_tr(d, "</b> lieux d'appui au numérique, soit <b>",
				      "</b> digital support places, that is <b>"));
		fmt_num(&b, rate, 2, d->lang);
		buf_addstr(&b, doc_tr(d, "</b> pour 1 000 associations actives.",
				      "</b> per 1,000 active associations."));
	}
	doc_markup(d, b.data);
	buf_reset(&b);
	buf_addstr(&b, "• <b>");
	fmt_int(&b, all.empty, d->lang);
	buf_addstr(&b, doc_tr(d, "</b> départements sans aucune structure ; <b>",
			      "</b> departments without any structure; <b>"));
	fmt_int(&b, all.flagged, d->lang);
	buf_addstr(&b, doc_tr(d, "</b> départements significativement sous-couverts.",
			      "</b> departments significantly under-covered."));
	doc_markup(d, b.data);
	buf_release(&b);
}

/* "• 12,3 % of associations in white zones; Gini...", when known. */
static void key_white_zones(struct doc *d)
{
	struct buf b = BUF_INIT;
	double share_assoc = doc_query_num(d, "SELECT share_assoc_without_structure FROM "
					   "coverage_summary WHERE year = ?1");
	double gini = doc_query_num(d, "SELECT gini FROM coverage_summary WHERE year = ?1");

	if (isnan(share_assoc))
		return;
	buf_addstr(&b, "• <b>");
	fmt_pct(&b, share_assoc, 1, d->lang);
	buf_addstr(&b, doc_tr(d, "</b> des associations vivent dans une intercommunalité sans "
			      "structure d'appui (« zones blanches »)",
			      "</b> of associations live in an intercommunality with no support "
			      "structure (\"white zones\")"));
	/* No Gini without structures: the Lorenz curve is undefined. */
	if (!isnan(gini)) {
		buf_addstr(&b, doc_tr(d, " ; indice de Gini de la couverture : <b>",
				      "; Gini index of coverage: <b>"));
		fmt_num(&b, gini, 2, d->lang);
		buf_addstr(&b, "</b>");
	}
	buf_addstr(&b, ".");
	doc_markup(d, b.data);
	buf_release(&b);
}

/* "• Mean digital level: 2,31 out of 4 (+0,12 in a year).", when known. */
static void key_level(struct doc *d)
{
	struct buf b = BUF_INIT;
	double mean = doc_query_num(d, "SELECT mean FROM competence_stats WHERE year = ?1 AND "
				    "level = 'national' AND area = 'overall'");
	double diff = doc_query_num(d, "SELECT diff FROM competence_change WHERE year = ?1 AND "
				    "level = 'national' AND area = 'overall'");

	if (isnan(mean))
		return;
	buf_addstr(&b, doc_tr(d, "• Niveau numérique moyen des associations diagnostiquées : <b>",
			      "• Mean digital level of the associations diagnosed: <b>"));
	fmt_num(&b, mean, 2, d->lang);
	buf_addstr(&b, doc_tr(d, "</b> sur 4", "</b> out of 4"));
	if (!isnan(diff)) {
		buf_addstr(&b, doc_tr(d, " (", " ("));
		if (diff > 0)
			buf_addch(&b, '+');
		fmt_num(&b, diff, 2, d->lang);
		buf_addstr(&b, doc_tr(d, " en un an)", " in a year)"));
	}
	buf_addch(&b, '.');
	doc_markup(d, b.data);
	buf_release(&b);
}

int sec_key(struct doc *d)
{
	doc_heading(d, 1, doc_tr(d, "Chiffres clés", "Key figures"));
	key_counts(d);
	key_white_zones(d);
	key_level(d);
	doc_para(d, doc_tr(d, "La Moselle, le Bas-Rhin et le Haut-Rhin relèvent du droit local : "
			   "leurs associations ne figurent pas au RNA. Ils sont signalés « hors "
			   "RNA » et jamais comptés comme zéro.",
			   "Moselle, Bas-Rhin and Haut-Rhin keep their local law: their associations "
			   "are not in the RNA. They are shown as \"not in RNA\", never as zero."));
	return 0;
}
