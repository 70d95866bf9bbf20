/*
 * The associations of an RNA file into the model: most rows placed by
 * their clue in one INSERT ... SELECT, the others by the resolver, one
 * row standing for each RNA id.
 */
#include "model.h"

#include <stdlib.h>

#include "clues.h"
#include "db.h"
#include "log.h"
#include "placer.h"
#include "xalloc.h"

/* The rows of an associations file that the resolver placed: their
   staging rowid, where, and the maj_time that competes in the
   deduplication (NULL when in the future); the rows the clues did not
   place; the ids to place again (see model_associations). They are
   small, and joined to the staging with CROSS JOIN, which SQLite keeps in
   the order written: without statistics on them, its planner would scan
   the 2 million rows of the staging for each of theirs instead. */
#define ASSOCIATION_TEMP_SQL \
	"CREATE TEMP TABLE IF NOT EXISTS association_place(seq INTEGER PRIMARY KEY, " \
	"commune_code TEXT, arrondissement_code TEXT, department_code TEXT, region_code TEXT, " \
	"maj_time TEXT); " \
	"CREATE TEMP TABLE IF NOT EXISTS association_later(seq INTEGER PRIMARY KEY); " \
	"CREATE TEMP TABLE IF NOT EXISTS association_again(id TEXT PRIMARY KEY); " \
	"DELETE FROM temp.association_place; DELETE FROM temp.association_later; " \
	"DELETE FROM temp.association_again"

/* A row that its clue places, with a maj_time that cannot be later than
   the day its file was read (?2): no note, no warning, nothing for the
   resolver. */
#define ASSOCIATION_FAST \
	"(c.code IS NOT NULL AND (s.maj_time IS NULL OR s.maj_time <= ?2))"

/* The model's columns, from staging row s placed by where (c, a clue, or
   p, the resolver's). Theme: the family of the social object, its first
   3 bytes. Active: position A and no dissolution date (the RNA's
   0001-01-01 was read as none). */
#define ASSOCIATION_INTO \
	"INSERT INTO association(id, source_id, titre, commune_code, arrondissement_code, " \
	"department_code, region_code, position, date_creat, date_disso, active, theme, " \
	"maj_time) "
#define ASSOCIATION_SELECT(commune, arrondissement, department, region, maj) \
	"SELECT s.id, ?1, s.titre, " commune ", " arrondissement ", " department ", " \
	region ", s.position, nullif(s.date_creat, ''), nullif(s.date_disso, ''), " \
	"s.position IS 'A' AND s.date_disso IS NULL, " \
	"CASE WHEN length(CAST(s.objet_social1 AS BLOB)) >= 3 " \
	"THEN CAST(substr(CAST(s.objet_social1 AS BLOB), 1, 3) AS TEXT) END, " maj " "

/* Rows of the same id, upserted in staging order: the newest maj_time
   wins (one without loses to a dated one) and, on a tie, the row read
   last. That is the row of the highest (maj_time IS NOT NULL, maj_time,
   order read): what stands depends on which rows came, not on their
   order, except for the ties, which the order breaks. Times are compared
   as instants (NEWER_SQL), not as text: "2024-01-01T08:00:00" is not
   later than "2024-01-01 09:00:00", nor 10:00+02:00 than 09:00Z. */
#define ASSOCIATION_UPSERT \
	"ON CONFLICT(id) DO UPDATE SET source_id = excluded.source_id, " \
	"titre = excluded.titre, commune_code = excluded.commune_code, " \
	"arrondissement_code = excluded.arrondissement_code, " \
	"department_code = excluded.department_code, " \
	"region_code = excluded.region_code, position = excluded.position, " \
	"date_creat = excluded.date_creat, date_disso = excluded.date_disso, " \
	"active = excluded.active, theme = excluded.theme, " \
	"maj_time = excluded.maj_time " \
	"WHERE association.maj_time IS NULL " \
	"OR " NEWER_SQL("excluded.maj_time", "association.maj_time")

/* The rows placed by their clue, in staging order; the others go to
   pana_later(), and pana_placed() counts these. The source is tested
   twice: first for the planner, which then looks up clues for the file's
   rows only, then in the CASE, as SQLite may test a WHERE's terms in any
   order and the functions count. */
#define ASSOCIATION_CLUES_SQL \
	ASSOCIATION_INTO ASSOCIATION_SELECT("c.commune_code", "c.arrondissement_code", \
	"c.department_code", "c.region_code", "s.maj_time") \
	"FROM stg_association s LEFT JOIN temp.clue c ON " \
	CLUES_ON("s.adrs_codeinsee", "s.adrs_codepostal") " " \
	"WHERE s.source_id = ?1 AND CASE WHEN s.source_id IS NOT ?1 THEN 0 WHEN " \
	ASSOCIATION_FAST " THEN pana_placed(c.rule) ELSE pana_later(s.rowid) END " \
	"ORDER BY s.rowid " ASSOCIATION_UPSERT

/* The rows the resolver placed, in staging order, but for the ids placed
   again. */
#define ASSOCIATION_RESOLVED_SQL \
	ASSOCIATION_INTO ASSOCIATION_SELECT("p.commune_code", "p.arrondissement_code", \
	"p.department_code", "p.region_code", "p.maj_time") \
	"FROM temp.association_place p CROSS JOIN stg_association s ON s.rowid = p.seq " \
	"WHERE s.id NOT IN (SELECT id FROM temp.association_again) " \
	"ORDER BY p.seq " ASSOCIATION_UPSERT

/* The ids placed again: every placed row of the file, by its clue or by
   the resolver, in staging order. With none (the EXISTS, tested once
   before the loop), no scan of the staging at all. */
#define ASSOCIATION_AGAIN_SQL \
	ASSOCIATION_INTO ASSOCIATION_SELECT("coalesce(p.commune_code, c.commune_code)", \
	"CASE WHEN p.seq IS NULL THEN c.arrondissement_code ELSE p.arrondissement_code END", \
	"coalesce(p.department_code, c.department_code)", \
	"coalesce(p.region_code, c.region_code)", \
	"CASE WHEN p.seq IS NULL THEN s.maj_time ELSE p.maj_time END") \
	"FROM stg_association s LEFT JOIN temp.association_place p ON p.seq = s.rowid " \
	"LEFT JOIN temp.clue c ON p.seq IS NULL AND " \
	CLUES_ON("s.adrs_codeinsee", "s.adrs_codepostal") " " \
	"WHERE EXISTS (SELECT 1 FROM temp.association_again) " \
	"AND s.source_id = ?1 AND s.id IN (SELECT id FROM temp.association_again) " \
	"AND (p.seq IS NOT NULL OR " ASSOCIATION_FAST ") ORDER BY s.rowid " ASSOCIATION_UPSERT

/* pana_placed(rule): counts a row placed by its clue; true. */
static void count_placed(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	struct model_counts *n = sqlite3_user_data(cx);
	int rule = sqlite3_value_int(argv[0]);

	(void)argc;
	if (rule >= 0 && rule < RESOLVE_NRULES) {
		n->rows++;
		n->placed++;
		n->rule[rule]++;
	}
	sqlite3_result_int(cx, 1);
}

/* The staging rowids of the rows the clues do not place. */
struct later {
	long long *seq;
	size_t n;
};

/* pana_later(rowid): keeps a row for the resolver; false. */
static void note_later(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	struct later *l = sqlite3_user_data(cx);

	(void)argc;
	l->seq = xgrow(l->seq, l->n, sizeof(*l->seq));
	l->seq[l->n++] = sqlite3_value_int64(argv[0]);
	sqlite3_result_int(cx, 0);
}

/* Runs sql for source_id (?1) and the day its file was read (?2, where
   sql names it). */
static int exec_placed(sqlite3 *db, const char *sql, long long source_id, const char *day,
		       struct err *e)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(db, &st, sql, e))
		return -1;
	sqlite3_bind_int64(st, 1, source_id);
	sqlite3_bind_text(st, 2, day, 10, SQLITE_STATIC);
	rc = db_step_done(db, st, e);
	sqlite3_finalize(st);
	return rc;
}

/* The rows the clues did not place into temp.association_later, then
   into temp.association_again the ids among theirs whose row in the
   model now comes from the file: a row its clue placed won there, and
   its order against theirs matters. */
static int keep_later(sqlite3 *db, const struct later *l, long long source_id, struct err *e)
{
	sqlite3_stmt *ins;
	size_t i;
	int rc = 0;

	if (db_prepare(db, &ins, "INSERT INTO temp.association_later(seq) VALUES (?1)", e))
		return -1;
	for (i = 0; i < l->n && !rc; i++) {
		sqlite3_bind_int64(ins, 1, l->seq[i]);
		rc = db_step_done(db, ins, e);
	}
	sqlite3_finalize(ins);
	return rc ? -1 : exec_placed(db, "INSERT OR IGNORE INTO temp.association_again(id) "
				     "SELECT s.id FROM temp.association_later l "
				     "CROSS JOIN stg_association s ON s.rowid = l.seq "
				     "WHERE (SELECT a.source_id FROM association a "
				     "WHERE a.id = s.id) = ?1", source_id, NULL, e);
}

/* The rows the clues did not place, through the resolver, in the order
   that gives the warnings and the quarantine theirs (id, then staging
   order), into temp.association_place. */
static int resolve_later(struct placer *pl, struct err *e)
{
	static const char *const fields[3] = { "adrs_codeinsee", "adrs_codepostal",
					       "adrs_libcommune" };
	sqlite3_stmt *sel = NULL, *ins = NULL;
	struct resolution res;
	int rc = -1;

	if (db_prepare(pl->db, &sel, "SELECT s.line, s.rowid, s.adrs_codeinsee, "
		       "s.adrs_codepostal, s.adrs_libcommune, s.maj_time "
		       "FROM temp.association_later l CROSS JOIN stg_association s "
		       "ON s.rowid = l.seq ORDER BY s.id, s.rowid", e) ||
	    db_prepare(pl->db, &ins, "INSERT INTO temp.association_place(seq, commune_code, "
		       "arrondissement_code, department_code, region_code, maj_time) "
		       "VALUES (?1, ?2, ?3, ?4, ?5, ?6)", e))
		goto out;
	while ((rc = sqlite3_step(sel)) == SQLITE_ROW) {
		long line = sqlite3_column_int(sel, 0);
		int fut, placed = placer_place(pl, line, fields, stmt_text(sel, 2),
					       stmt_text(sel, 3), stmt_text(sel, 4), 0, &res, e);

		if (placed < 0)
			goto out;
		if (!placed)
			continue;
		sqlite3_bind_int64(ins, 1, sqlite3_column_int64(sel, 1));
		sqlite3_bind_text(ins, 2, res.commune, -1, SQLITE_STATIC);
		db_bind_text(ins, 3, res.arrondissement);
		sqlite3_bind_text(ins, 4, res.department, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 5, res.region, -1, SQLITE_STATIC);
		fut = placer_future_date(pl, line, "maj_time", stmt_text(sel, 5), e);
		if (fut < 0)
			goto out;
		if (fut)
			sqlite3_bind_null(ins, 6);
		else
			sqlite3_bind_text(ins, 6, stmt_text(sel, 5), -1, SQLITE_STATIC);
		if (db_step_done(pl->db, ins, e))
			goto out;
	}
	rc = db_loop_end(pl->db, rc, e);
out:
	sqlite3_finalize(sel);
	sqlite3_finalize(ins);
	return rc;
}

/*
 * The clues place most rows of the file in one INSERT, which sets the
 * others aside as it meets them (one pass over the 2 million rows of the
 * national file); the resolver places those after. What stands for an
 * id is the highest of its rows (ASSOCIATION_UPSERT) and only ties
 * depend on the order, so this gives the model that one pass in staging
 * order gives, but for an id of both kinds of rows where a row of the
 * file placed by its clue stands after the INSERT (duplicates within a
 * file): that row beat the model's, and every row of the id in the file
 * is placed again, in staging order, from none.
 */
int model_associations(sqlite3 *db, const struct resolver *r, long long source_id,
		       struct model_counts *n, struct err *e)
{
	struct later l = { NULL, 0 };
	struct placer pl;
	const char *day = pl.day;	/* filled by placer_init */
	int rc = -1;

	if (sqlite3_create_function(db, "pana_placed", 1, SQLITE_UTF8 | SQLITE_DIRECTONLY, n,
				    count_placed, NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function(db, "pana_later", 1, SQLITE_UTF8 | SQLITE_DIRECTONLY, &l,
				    note_later, NULL, NULL) != SQLITE_OK) {
		err_io(e, "database: %s", sqlite3_errmsg(db));
		goto out_functions;
	}
	if (placer_init(&pl, db, r, source_id, n, e) || db_exec(db, ASSOCIATION_TEMP_SQL, e) ||
	    exec_placed(db, ASSOCIATION_CLUES_SQL, source_id, day, e) ||
	    keep_later(db, &l, source_id, e) || resolve_later(&pl, e) ||
	    exec_placed(db, "DELETE FROM association WHERE id IN "
			"(SELECT id FROM temp.association_again)", source_id, day, e) ||
	    exec_placed(db, ASSOCIATION_RESOLVED_SQL, source_id, day, e) ||
	    exec_placed(db, ASSOCIATION_AGAIN_SQL, source_id, day, e))
		goto out;
	rc = db_exec(db, "DELETE FROM temp.association_place; DELETE FROM temp.association_later; "
		     "DELETE FROM temp.association_again", e);
out:
	placer_release(&pl);
out_functions:
	sqlite3_create_function(db, "pana_placed", 1, SQLITE_UTF8, NULL, NULL, NULL, NULL);
	sqlite3_create_function(db, "pana_later", 1, SQLITE_UTF8, NULL, NULL, NULL, NULL);
	free(l.seq);
	return rc;
}
