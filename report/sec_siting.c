/* Where to act: the siting advice of pana-stats (tables siting and
   siting_effect), for the whole country or one region's sheet. */
#include "doc.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "db.h"

#define SITING_COLS 7
static const char *const siting_fr[SITING_COLS] = {
	"Rang", "Code", "Intercommunalité", "Département", "Assoc. actives", "Structures",
	"Priorité",
};
static const char *const siting_en[SITING_COLS] = {
	"Rank", "Code", "Intercommunality", "Department", "Active assoc.", "Structures",
	"Priority",
};
/* The CSV gives the structures after the point; before is one less. */
static const char *const siting_csv[SITING_COLS] = {
	"rang", "code_epci", "intercommunalite", "departement", "associations_actives",
	"structures_apres", "priorite",
};
static const int siting_right[SITING_COLS] = { 1, 0, 0, 0, 1, 1, 1 };

/* The points in the order they are allotted, those of region only when it
   is not NULL. Points to the EPCI, its department, then the figures. */
static const char *const points_sql =
	"SELECT s.rank, s.epci_code, e.name, s.department_code, coalesce(dp.name, ''), "
	"       s.associations, s.structures_before, s.structures_after, s.priority "
	"FROM siting s JOIN epci e ON e.code = s.epci_code "
	"LEFT JOIN department dp ON dp.code = s.department_code "
	"WHERE s.year = ?1 AND (?2 IS NULL OR dp.region_code = ?2) ORDER BY s.rank";

/* One row: "CA du Centre Littoral", "973 Guyane", "0 → 1". The CSV keeps
   the EPCI's code and both counts apart, as numbers. */
static void point_row(struct doc *d, struct table *t, sqlite3_stmt *st)
{
	struct buf b = BUF_INIT;

	doc_table_int(t, sqlite3_column_int64(st, 0));
	table_text(t, (const char *)sqlite3_column_text(st, 1));
	table_text(t, (const char *)sqlite3_column_text(st, 2));
	buf_addf(&b, "%s %s", sqlite3_column_text(st, 3) ? (const char *)sqlite3_column_text(st, 3)
		 : "", (const char *)sqlite3_column_text(st, 4));
	table_text(t, b.data);
	doc_table_int(t, sqlite3_column_int64(st, 5));
	buf_reset(&b);
	fmt_int(&b, sqlite3_column_int64(st, 6), d->lang);
	buf_addstr(&b, " → ");
	fmt_int(&b, sqlite3_column_int64(st, 7), d->lang);
	table_num_as(t, (double)sqlite3_column_int64(st, 7), -2, b.data);
	table_num(t, sqlite3_column_double(st, 8), 1);
	buf_release(&b);
}

int doc_siting_table(struct doc *d, const char *name, const char *region, long *count)
{
	const char *hdr[SITING_COLS];
	struct table t;
	sqlite3_stmt *st;
	int rc;

	*count = 0;
	if (db_prepare(d->db, &st, points_sql, d->e))
		return doc_fail(d);
	sqlite3_bind_int(st, 1, d->o->year);
	db_bind_text(st, 2, region);
	table_init(&t, SITING_COLS, doc_header_of(d, siting_fr, siting_en, SITING_COLS, hdr), siting_csv, siting_right,
		   doc_tr(d, "Nouveaux points d'appui, dans l'ordre où la méthode les attribue",
			  "New support points, in the order the method allots them"), d->lang);
	t.empty = doc_tr(d, "Aucun des nouveaux points ne va à cette région.",
			 "None of the new points goes to this region.");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		point_row(d, &t, st);
		(*count)++;
	}
	rc = doc_loop_end(d, rc);
	sqlite3_finalize(st);
	rc = rc ? rc : doc_table(d, name, &t);
	table_release(&t);
	return rc;
}

/* "0,29 → 0,28" */
static void before_after(struct doc *d, struct buf *b, double x, double y, int pct)
{
	if (pct)
		fmt_pct(b, x, 1, d->lang);
	else
		fmt_num(b, x, 2, d->lang);
	buf_addstr(b, " → ");
	if (pct)
		fmt_pct(b, y, 1, d->lang);
	else
		fmt_num(b, y, 2, d->lang);
}

/* The row of siting_effect: what the points change. */
struct effect {
	int found;		/* 0: the advice turned off */
	long points, allotted, flagged_before, flagged_after;
	double gini_before, gini_after, blank_before, blank_after;
};

static int effect_load(struct doc *d, struct effect *fx)
{
	static const char *const sql =
		"SELECT new_points, allotted, gini_before, gini_after, "
		"share_assoc_without_structure_before, share_assoc_without_structure_after, "
		"departments_flagged_before, departments_flagged_after FROM siting_effect "
		"WHERE year = ?1";
	sqlite3_stmt *st;
	int rc;

	memset(fx, 0, sizeof(*fx));
	if (db_prepare(d->db, &st, sql, d->e))
		return doc_fail(d);
	sqlite3_bind_int(st, 1, d->o->year);
	rc = db_step_row(d->db, st, d->e);
	if (rc == 1) {
		fx->found = 1;
		fx->points = sqlite3_column_int64(st, 0);
		fx->allotted = sqlite3_column_int64(st, 1);
		fx->gini_before = doc_col_num(st, 2);
		fx->gini_after = doc_col_num(st, 3);
		fx->blank_before = doc_col_num(st, 4);
		fx->blank_after = doc_col_num(st, 5);
		fx->flagged_before = sqlite3_column_int64(st, 6);
		fx->flagged_after = sqlite3_column_int64(st, 7);
	}
	sqlite3_finalize(st);
	return rc < 0 ? doc_fail(d) : 0;
}

static void effect_write(struct doc *d, const struct effect *fx)
{
	struct buf b = BUF_INIT;

	buf_addstr(&b, doc_tr(d, "• Indice de Gini de la couverture des départements : <b>",
			      "• Gini index of the coverage of departments: <b>"));
	before_after(d, &b, fx->gini_before, fx->gini_after, 0);
	buf_addstr(&b, "</b>.");
	doc_markup(d, b.data);
	buf_reset(&b);
	buf_addstr(&b, doc_tr(d, "• Associations vivant dans une intercommunalité sans structure : "
			      "<b>", "• Associations living in an intercommunality without a "
			      "structure: <b>"));
	before_after(d, &b, fx->blank_before, fx->blank_after, 1);
	buf_addstr(&b, "</b>.");
	doc_markup(d, b.data);
	buf_reset(&b);
	buf_addstr(&b, doc_tr(d, "• Départements significativement sous-couverts : <b>",
			      "• Departments significantly under-covered: <b>"));
	fmt_int(&b, fx->flagged_before, d->lang);
	buf_addstr(&b, " → ");
	fmt_int(&b, fx->flagged_after, d->lang);
	buf_addstr(&b, doc_tr(d, "</b> (même test, même taux de fausses découvertes).",
			      "</b> (same test, same false discovery rate)."));
	doc_markup(d, b.data);
	buf_release(&b);
}

int sec_siting(struct doc *d)
{
	struct effect fx;
	struct buf b = BUF_INIT;
	long rows;

	if (effect_load(d, &fx))
		return -1;
	doc_heading(d, 1, doc_tr(d, "Où ouvrir de nouveaux points d'appui",
				 "Where to open new support points"));
	if (!fx.found || !fx.points) {
		doc_para(d, doc_tr(d, "Le conseil d'implantation est désactivé ([siting] new_points "
				   "= 0 dans config.ini).", "The siting advice is turned off ([siting] "
				   "new_points = 0 in config.ini)."));
		return 0;
	}
	if (!fx.allotted) {
		doc_para(d, doc_tr(d, "Aucune intercommunalité du répertoire ne peut recevoir de "
				   "point : pas de conseil d'implantation.", "No intercommunality of "
				   "the registry can receive a point: no siting advice."));
		return 0;
	}
	buf_addstr(&b, doc_tr(d, "Si ", "If "));
	fmt_int(&b, fx.points, d->lang);
	buf_addstr(&b, doc_tr(d, " nouveaux points d'appui ouvraient, où iraient-ils ? Chacun va, à "
			      "tour de rôle, à l'intercommunalité de plus forte priorité : ses "
			      "associations actives divisées par ses structures plus 0,5, en comptant "
			      "les points qu'elle a déjà reçus (méthode de Sainte-Laguë). Ce qu'ils "
			      "changeraient, calculé avec les mêmes statistiques que le reste du "
			      "rapport :",
			      " new support points opened, where should they go? Each goes in turn to "
			      "the intercommunality of highest priority: its active associations "
			      "divided by its structures plus 0.5, counting the points it has already "
			      "received (the Sainte-Laguë method). What they would change, computed "
			      "with the same statistics as the rest of the report:"));
	doc_para(d, b.data);
	buf_release(&b);
	effect_write(d, &fx);
	return doc_siting_table(d, "implantation", NULL, &rows);
}
