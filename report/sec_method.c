/* Methodology: sources, definitions and methods. */
#include "doc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db.h"
#include "xalloc.h"

int sec_methodology(struct doc *d)
{
	doc_heading(d, 1, doc_tr(d, "Méthodologie", "Methodology"));
	doc_heading(d, 2, doc_tr(d, "Sources", "Sources"));
	doc_para(d, doc_tr(d, "Répertoire national des associations (RNA, extraits rna_waldec et rna_import) ; "
		   "lieux de médiation numérique au standard LaMednum ; diagnostics numériques menés par "
		   "les structures d'appui ; enquêtes. Géographie : Code officiel géographique de l'INSEE.",
		   "National registry of associations (RNA, rna_waldec and rna_import extracts); "
		   "digital inclusion places in the LaMednum standard; digital diagnostics by support "
		   "structures; surveys. Geography: INSEE's official geographic code."));
	doc_heading(d, 2, doc_tr(d, "Définitions", "Definitions"));
	doc_para(d, doc_tr(d, "Une association est active quand le RNA la dit en position « A » sans date de "
		   "dissolution ; elle est comptée une fois (sa mise à jour la plus récente) et placée "
		   "sur sa commune actuelle : code INSEE réparé, anciens codes, communes déléguées et "
		   "arrondissements municipaux ramenés à leur commune. La Moselle, le Bas-Rhin et le "
		   "Haut-Rhin ne sont pas au RNA : ils ne sont pas testés et leur couverture est "
		   "donnée à part, pour 100 000 habitants.",
		   "An association is active when the RNA gives it position \"A\" with no dissolution "
		   "date; it counts once (its latest update) and is placed on its current commune: "
		   "INSEE code repaired, old codes, delegated communes and municipal arrondissements "
		   "rolled up. Moselle, Bas-Rhin and Haut-Rhin are not in the RNA: they are not "
		   "tested, and their coverage is shown apart, per 100,000 inhabitants."));
	doc_heading(d, 2, doc_tr(d, "Couverture", "Coverage"));
	{
		struct buf t = BUF_INIT;

		buf_addstr(&t, doc_tr(d, "Nombre attendu de structures : E = N × ΣS / ΣN, N étant les "
				  "associations actives de la zone. Une zone est sous-couverte si "
				  "P(X ≤ O) est faible pour X de loi de Poisson de moyenne E, après "
				  "correction de Benjamini-Hochberg sur les zones d'un même niveau "
				  "que couvre le RNA (taux de fausses découvertes de ",
				  "Expected structures: E = N × ΣS / ΣN, N being the area's active "
				  "associations. An area is under-covered when P(X ≤ O) is small for X "
				  "Poisson with mean E, after the Benjamini-Hochberg correction across "
				  "the areas of a level the RNA covers ("));
		buf_addstr(&t, d->fdr_pct);
		buf_addstr(&t, doc_tr(d, "). L'intervalle de O/E est exact (quantiles de la loi gamma). "
				  "Zones blanches : intercommunalités sans structure.",
				  " false discovery rate). The O/E interval is exact (gamma quantiles). "
				  "White zones: intercommunalities with no structure."));
		doc_para(d, t.data);
		buf_release(&t);
	}
	doc_heading(d, 2, doc_tr(d, "Implantation", "Siting"));
	doc_para(d, doc_tr(d, "Les nouveaux points sont répartis entre intercommunalités par la "
		   "méthode des plus fortes moyennes de Sainte-Laguë, celle qui répartit des sièges "
		   "entre partis, les structures existantes comptant comme sièges déjà acquis : chaque "
		   "point va à l'intercommunalité où A / (S + 0,5) est le plus grand, A ses associations "
		   "actives et S ses structures. Elle a été choisie parce qu'elle ne favorise ni les "
		   "grands ni les petits territoires, là où la méthode de D'Hondt avantage les grands.",
		   "New points are shared out among intercommunalities by Sainte-Laguë's highest "
		   "averages, the method that apportions seats between parties, existing structures "
		   "counting as seats already held: each point goes to the intercommunality with the "
		   "largest A / (S + 0.5), A its active associations and S its structures. It was "
		   "chosen because it favours neither large nor small territories, where D'Hondt's "
		   "method favours the large."));
	doc_heading(d, 2, doc_tr(d, "Compétences", "Competences"));
	doc_para(d, doc_tr(d, "Moyennes avec intervalle de Student, médianes et quartiles, part de niveau 3 ou "
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
	return 0;
}
