/* The appendix on data quality: source files, warnings, rejections and
   placement rules. */
#include "doc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db.h"
#include "xalloc.h"

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
	int step;
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
		return doc_fail(d);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		for (int i = 0; i < 4; i++)
			table_text(t, (const char *)sqlite3_column_text(st, i));
		doc_table_int(t, sqlite3_column_int64(st, 4));
	}
	doc_loop_end(d, step);
	sqlite3_finalize(st);
	return table_rows(t) || t->empty ? doc_table(d, name, t) : 0;
}

/* The source files, those past [ingest] max_quarantined first. */
static int quality_files(struct doc *d)
{
	int step;
	struct table t;
	sqlite3_stmt *st;
	int rc;

	table_init(&t, 7, d->lang == FMT_FR ? files_header_fr : files_header_en, files_csv,
		   files_right, doc_tr(d, "Fichiers sources", "Source files"), d->lang);
	if (db_prepare(d->db, &st, "SELECT replace(path, rtrim(path, replace(path, '/', '')), ''), "
		       "kind, encoding, rows_read, rows_loaded, rows_warned, rows_quarantined, "
		       "rows_quarantined > ?1 * rows_read AS bad FROM source_file "
		       "ORDER BY bad DESC, CASE WHEN bad THEN -1.0 * rows_quarantined / rows_read END, "
		       "kind, path", d->e)) {
		table_release(&t);
		return doc_fail(d);
	}
	sqlite3_bind_double(st, 1, d->cfg->max_quarantined);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		table_text(&t, (const char *)sqlite3_column_text(st, 0));
		table_text(&t, (const char *)sqlite3_column_text(st, 1));
		table_text(&t, (const char *)sqlite3_column_text(st, 2));
		doc_table_int(&t, sqlite3_column_int64(st, 3));
		doc_table_int(&t, sqlite3_column_int64(st, 4));
		doc_table_int(&t, sqlite3_column_int64(st, 5));
		doc_table_int(&t, sqlite3_column_int64(st, 6));
	}
	doc_loop_end(d, step);
	sqlite3_finalize(st);
	rc = doc_table(d, "fichiers-sources", &t);
	table_release(&t);
	return rc;
}

/* Beside the rejections, the three most frequent warnings of each file, at
   each stage; then the three most frequent reasons for setting rows aside. */
static int quality_reasons(struct doc *d)
{
	struct table t;
	int rc;

	table_init(&t, 5, d->lang == FMT_FR ? warn_header_fr : warn_header_en, warn_csv, why_right,
		   doc_tr(d, "Principaux avertissements (lignes gardées)",
			  "Main warnings (rows kept)"), d->lang);
	rc = top_reasons(d, &t, "warning", "rule", "avertissements");
	table_release(&t);
	if (rc)
		return rc;
	table_init(&t, 5, d->lang == FMT_FR ? why_header_fr : why_header_en, why_csv, why_right,
		   doc_tr(d, "Principaux motifs de rejet", "Main reasons for setting rows aside"),
		   d->lang);
	t.empty = doc_tr(d, "Aucune ligne écartée.", "No row set aside.");
	rc = top_reasons(d, &t, "quarantine", "error", "motifs-rejet");
	table_release(&t);
	return rc;
}

/* How rows were placed on current communes, rule by rule. */
static int quality_rules(struct doc *d)
{
	int step;
	struct table t;
	sqlite3_stmt *st;
	int rc;

	doc_para(d, doc_tr(d, "Placement des lignes sur les communes actuelles, par règle : exact ; "
			   "zéro initial restauré (zero) ; arrondissement municipal ; commune "
			   "déléguée ou associée (deleguee) ; ancien code (ancien) ; code postal "
			   "d'une seule commune (postal) ; code postal et nom de commune, d'après la "
			   "base officielle de La Poste (postal-name) ; nom seul, unique dans le "
			   "département du code postal (name) ; collectivité d'outre-mer hors du "
			   "rapport (outside, écartée) ; non résolu (unresolved, écarté). Pour les "
			   "diagnostics, liens trouvés ou non avec l'association et la structure.",
			   "Placement of rows on current communes, by rule: exact; leading zero "
			   "restored (zero); municipal arrondissement; delegated or associated "
			   "commune (deleguee); old code (ancien); postal code of one commune "
			   "(postal); postal code and commune name, from La Poste's official base "
			   "(postal-name); the name alone, unique in the department of the postal "
			   "code (name); overseas collectivity outside the report (outside, set "
			   "aside); unresolved (set aside). For diagnostics, links found or not to "
			   "the association and the structure."));
	table_init(&t, 3, d->lang == FMT_FR ? rules_header_fr : rules_header_en, rules_csv,
		   rules_right, doc_tr(d, "Règles de placement", "Placement rules"), d->lang);
	if (db_prepare(d->db, &st, "SELECT replace(s.path, rtrim(s.path, replace(s.path, '/', '')), "
		       "''), r.rule, r.n FROM resolution_count r JOIN source_file s ON "
		       "s.id = r.source_id ORDER BY s.kind, s.path, r.rule", d->e)) {
		table_release(&t);
		return doc_fail(d);
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		table_text(&t, (const char *)sqlite3_column_text(st, 0));
		table_text(&t, (const char *)sqlite3_column_text(st, 1));
		doc_table_int(&t, sqlite3_column_int64(st, 2));
	}
	doc_loop_end(d, step);
	sqlite3_finalize(st);
	rc = doc_table(d, "regles-placement", &t);
	table_release(&t);
	return rc;
}

int sec_quality(struct doc *d)
{
	doc_heading(d, 1, doc_tr(d, "Annexe : qualité des données", "Appendix: data quality"));
	doc_para(d, doc_tr(d, "Une ligne n'est écartée (table quarantine de la base) que lorsqu'elle "
			   "ne peut servir : sans identifiant ou sans localisation utilisable. Tout "
			   "autre défaut est un avertissement sur une ligne gardée (table warning) : "
			   "libellé d'une version antérieure du standard, date au format français, "
			   "code postal saisi dans la colonne INSEE… Rien n'est perdu ni réparé en "
			   "silence. Les fichiers dont la part de lignes écartées dépasse le seuil de "
			   "la configuration viennent en tête.",
			   "A row is set aside (table quarantine of the database) only when it cannot "
			   "serve: no identifier or no usable location. Any other defect is a warning "
			   "on a kept row (table warning): a label of an earlier version of the "
			   "standard, a French date, a postal code typed in the INSEE column… Nothing "
			   "is lost or repaired silently. Files whose share of rows set aside is past "
			   "the configured threshold come first."));
	return quality_files(d) || quality_reasons(d) || quality_rules(d) ? -1 : 0;
}
