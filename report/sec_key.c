/* The key figures: the year in a few bullets. */
#include "doc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db.h"
#include "xalloc.h"

int sec_key(struct doc *d)
{
	const struct unit *reg = d->reg, *dep = d->dep;
	size_t nreg = d->nreg, ndep = d->ndep;
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
	doc_heading(d, 1, doc_tr(d, "Chiffres clés", "Key figures"));
	buf_addstr(&b, "• <b>");
	fmt_int(&b, assoc, d->lang);
	buf_addstr(&b, doc_tr(d, "</b> associations actives au répertoire national (RNA), hors Alsace-Moselle.",
			  "</b> active associations in the national registry (RNA), Alsace-Moselle excluded."));
	doc_markup(d, b.data);
	buf_reset(&b);
	buf_addstr(&b, "• <b>");
	fmt_int(&b, structures, d->lang);
	rate = doc_national_rate(reg, nreg);
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
	fmt_int(&b, empty, d->lang);
	buf_addstr(&b, doc_tr(d, "</b> départements sans aucune structure ; <b>",
			  "</b> departments without any structure; <b>"));
	fmt_int(&b, flagged, d->lang);
	buf_addstr(&b, doc_tr(d, "</b> départements significativement sous-couverts.",
			  "</b> departments significantly under-covered."));
	doc_markup(d, b.data);
	share_assoc = doc_query_num(d, "SELECT share_assoc_without_structure FROM coverage_summary WHERE year = ?1");
	gini = doc_query_num(d, "SELECT gini FROM coverage_summary WHERE year = ?1");
	if (!isnan(share_assoc)) {
		buf_reset(&b);
		buf_addstr(&b, "• <b>");
		fmt_pct(&b, share_assoc, 1, d->lang);
		buf_addstr(&b, doc_tr(d, "</b> des associations vivent dans une intercommunalité sans structure "
				  "d'appui (« zones blanches »)",
				  "</b> of associations live in an intercommunality with no support structure "
				  "(\"white zones\")"));
		/* No Gini without structures: the Lorenz curve is undefined. */
		if (!isnan(gini)) {
			buf_addstr(&b, doc_tr(d, " ; indice de Gini de la couverture : <b>",
					  "; Gini index of coverage: <b>"));
			fmt_num(&b, gini, 2, d->lang);
			buf_addstr(&b, "</b>");
		}
		buf_addstr(&b, ".");
		doc_markup(d, b.data);
	}
	mean = doc_query_num(d, "SELECT mean FROM competence_stats WHERE year = ?1 AND level = 'national' "
			 "AND area = 'overall'");
	diff = doc_query_num(d, "SELECT diff FROM competence_change WHERE year = ?1 AND level = 'national' "
			 "AND area = 'overall'");
	if (!isnan(mean)) {
		buf_reset(&b);
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
	}
	buf_reset(&b);
	buf_addstr(&b, doc_tr(d, "La Moselle, le Bas-Rhin et le Haut-Rhin relèvent du droit local : leurs "
			  "associations ne figurent pas au RNA. Ils sont signalés « hors RNA » et jamais "
			  "comptés comme zéro.",
			  "Moselle, Bas-Rhin and Haut-Rhin keep their local law: their associations are "
			  "not in the RNA. They are shown as \"not in RNA\", never as zero."));
	doc_para(d, b.data);
	buf_release(&b);
	return 0;
}
