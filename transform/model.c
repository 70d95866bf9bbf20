#include "model.h"

#include <jansson.h>
#include <stdlib.h>
#include <strings.h>
#include <string.h>

#include "buf.h"
#include "checks.h"
#include "clues.h"
#include "db.h"
#include "log.h"
#include "placer.h"
#include "text.h"

/* Explodes a list field ('|' or ';' between values) into structure_item. */
static int add_items(sqlite3 *db, sqlite3_stmt *ins, const char *id, const char *field,
		     const char *list, struct err *e)
{
	const char *p = list;

	while (p && *p) {
		size_t len = strcspn(p, "|;"), a = 0, b = len;

		while (a < b && p[a] == ' ')
			a++;
		while (b > a && p[b - 1] == ' ')
			b--;
		if (b > a) {
			sqlite3_bind_text(ins, 1, id, -1, SQLITE_STATIC);
			sqlite3_bind_text(ins, 2, field, -1, SQLITE_STATIC);
			sqlite3_bind_text(ins, 3, p + a, (int)(b - a), SQLITE_STATIC);
			if (db_step_done(db, ins, e))
				return -1;
		}
		p += len;
		if (*p)
			p++;
	}
	return 0;
}

/* The staging columns of a structure, in the order of the SELECT below. */
enum { S_LINE, S_ID, S_NOM, S_PIVOT, S_INSEE, S_POSTAL, S_LAT, S_LON, S_DATE, S_SERVICES,
       S_TYPOLOGIE, S_DISPOSITIF, S_PUBLICS, S_COMMUNE };

/* The list fields, in the order of S_SERVICES and after. */
static const char *const structure_lists[] = {
	"services", "typologie", "dispositif_programmes_nationaux",
	"publics_specifiquement_adresses",
};

/* Checks the pivot and the coordinates; binds them into ins (?4, ?9, ?10,
   ?12) and records a warning for what was doubted or repaired. */
static int structure_checks(sqlite3 *db, sqlite3_stmt *sel, sqlite3_stmt *ins,
			    sqlite3_stmt *w, long long source_id, const struct resolution *res,
			    struct model_counts *n, struct err *e)
{
	const char *pivot = stmt_text(sel, S_PIVOT);
	long line = sqlite3_column_int(sel, S_LINE);
	struct buf msg = BUF_INIT;
	int rc = 0;

	/* pivot: a SIRET, else an RNA id; none (00000000000000 or 0 at
	   ingest, which warned) stays NULL. */
	if (!pivot || strspn(pivot, "0") == strlen(pivot)) {
		sqlite3_bind_null(ins, 4);
		sqlite3_bind_null(ins, 12);
	} else if (pivot && checks_siret(pivot)) {
		sqlite3_bind_text(ins, 4, pivot, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 12, "siret", -1, SQLITE_STATIC);
	} else if (pivot && checks_rna(pivot)) {
		sqlite3_bind_text(ins, 4, pivot, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 12, "rna", -1, SQLITE_STATIC);
	} else {
		sqlite3_bind_text(ins, 4, pivot, -1, SQLITE_STATIC);
		sqlite3_bind_null(ins, 12);
		buf_addf(&msg, "'%s' is neither a SIRET (Luhn check) nor an RNA id", pivot ? pivot : "");
		n->warnings++;
		rc = model_warn(db, w, source_id, line, "pivot", "constraint-error", "pivot-invalid", pivot,
				msg.data, e);
	}
	sqlite3_bind_null(ins, 9);
	sqlite3_bind_null(ins, 10);
	if (!rc && sqlite3_column_type(sel, S_LAT) != SQLITE_NULL &&
	    sqlite3_column_type(sel, S_LON) != SQLITE_NULL) {
		double lat = sqlite3_column_double(sel, S_LAT), lon = sqlite3_column_double(sel, S_LON);
		enum checks_coord c = checks_coordinates(res->department, &lat, &lon);

		buf_reset(&msg);
		if (c != CHECKS_COORD_OUTSIDE) {
			sqlite3_bind_double(ins, 9, lat);
			sqlite3_bind_double(ins, 10, lon);
		}
		if (c == CHECKS_COORD_SWAPPED) {
			buf_addf(&msg, "latitude and longitude were exchanged: kept %.6f, %.6f", lat, lon);
			n->warnings++;
			rc = model_warn(db, w, source_id, line, "latitude", "constraint-error",
					"coordinates-swapped", NULL, msg.data, e);
		} else if (c == CHECKS_COORD_OUTSIDE) {
			buf_addf(&msg, "%.6f, %.6f is outside the territory of department %s: dropped",
				 lat, lon, res->department);
			n->warnings++;
			rc = model_warn(db, w, source_id, line, "latitude", "constraint-error",
					"coordinates-outside", NULL, msg.data, e);
		}
	}
	buf_release(&msg);
	return rc;
}

/* A structure replaces the one of the same id unless that one is newer
   (date_maj); RETURNING yields the id only when this row won. */
#define STRUCTURE_UPSERT_SQL \
	"INSERT INTO structure(id, source_id, nom, pivot, commune_code, " \
	"arrondissement_code, department_code, region_code, latitude, longitude, " \
	"date_maj, pivot_kind, typologie) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, " \
	"?10, ?11, ?12, ?13) " \
	"ON CONFLICT(id) DO UPDATE SET source_id = excluded.source_id, " \
	"nom = excluded.nom, pivot = excluded.pivot, " \
	"commune_code = excluded.commune_code, " \
	"arrondissement_code = excluded.arrondissement_code, " \
	"department_code = excluded.department_code, " \
	"region_code = excluded.region_code, latitude = excluded.latitude, " \
	"longitude = excluded.longitude, date_maj = excluded.date_maj, " \
	"pivot_kind = excluded.pivot_kind, typologie = excluded.typologie " \
	"WHERE structure.date_maj IS NULL OR " \
	NEWER_SQL("excluded.date_maj", "structure.date_maj") " " \
	"RETURNING id"

/* Steps an upsert with RETURNING, then resets it: 1 when the row won
   (the id was returned), 0 when the stored one was kept, -1 on error. */
static int upsert_won(sqlite3 *db, sqlite3_stmt *ins, struct err *e)
{
	int step = sqlite3_step(ins), won = step == SQLITE_ROW;

	if (won)
		step = sqlite3_step(ins);
	sqlite3_reset(ins);
	if (step != SQLITE_DONE)
		return err_io(e, "database: %s", sqlite3_errmsg(db));
	return won;
}

int model_structures(sqlite3 *db, const struct resolver *r, long long source_id,
		     struct model_counts *n, struct err *e)
{
	static const char *const fields[3] = { "code_insee", "code_postal", "commune" };
	sqlite3_stmt *sel = NULL, *ins = NULL, *del = NULL, *item = NULL;
	struct resolution res;
	struct placer pl;
	size_t k;
	int rc = -1;

	if (placer_init(&pl, db, r, source_id, n, e) ||
	    db_prepare(db, &sel, "SELECT line, id, nom, pivot, code_insee, code_postal, "
		       "latitude, longitude, date_maj, services, typologie, "
		       "dispositif_programmes_nationaux, publics_specifiquement_adresses, commune "
		       "FROM stg_structure WHERE source_id = ?1 ORDER BY rowid", e) ||
	    db_prepare(db, &ins, STRUCTURE_UPSERT_SQL, e) ||
	    db_prepare(db, &del, "DELETE FROM structure_item WHERE structure_id = ?1", e) ||
	    db_prepare(db, &item, "INSERT OR IGNORE INTO structure_item(structure_id, field, value) "
		       "VALUES (?1, ?2, ?3)", e))
		goto out;
	sqlite3_bind_int64(sel, 1, source_id);
	while ((rc = sqlite3_step(sel)) == SQLITE_ROW) {
		const char *id = stmt_text(sel, S_ID);
		int won, fut;
		long line = sqlite3_column_int(sel, S_LINE);
		int placed = placer_place(&pl, line, fields, stmt_text(sel, S_INSEE),
					  stmt_text(sel, S_POSTAL), stmt_text(sel, S_COMMUNE), 0,
					  &res, e);

		if (placed < 0)
			goto out;
		if (!placed)
			continue;
		sqlite3_bind_text(ins, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(ins, 2, source_id);
		sqlite3_bind_text(ins, 3, stmt_text(sel, S_NOM), -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 5, res.commune, -1, SQLITE_STATIC);
		db_bind_text(ins, 6, res.arrondissement);
		sqlite3_bind_text(ins, 7, res.department, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 8, res.region, -1, SQLITE_STATIC);
		fut = placer_future_date(&pl, line, "date_maj", stmt_text(sel, S_DATE), e);
		if (fut < 0)
			goto out;
		if (fut)
			sqlite3_bind_null(ins, 11);
		else
			sqlite3_bind_text(ins, 11, stmt_text(sel, S_DATE), -1, SQLITE_STATIC);
		db_bind_text(ins, 13, stmt_text(sel, S_TYPOLOGIE));
		if (structure_checks(db, sel, ins, pl.w, source_id, &res, n, e))
			goto out;
		won = upsert_won(db, ins, e);
		if (won < 0)
			goto out;
		if (!won)
			continue;
		sqlite3_bind_text(del, 1, id, -1, SQLITE_STATIC);
		if (db_step_done(db, del, e))
			goto out;
		for (k = 0; k < sizeof(structure_lists) / sizeof(structure_lists[0]); k++)
			if (add_items(db, item, id, structure_lists[k],
				      stmt_text(sel, S_SERVICES + (int)k), e))
				goto out;
	}
	rc = db_loop_end(db, rc, e);
out:
	sqlite3_finalize(sel);
	sqlite3_finalize(ins);
	sqlite3_finalize(del);
	sqlite3_finalize(item);
	placer_release(&pl);
	return rc;
}

/* Whether area (len bytes) has a pair in levels before end. */
static int area_seen(const char *levels, const char *end, size_t len)
{
	const char *p = levels;

	while (p < end) {
		size_t n = strcspn(p, "|");

		if (n > len && p[len] == '=' && !strncmp(p, end, len))
			return 1;
		p += n + (p[n] == '|');
	}
	return 0;
}

static int add_levels(sqlite3 *db, sqlite3_stmt *ins, const struct config *cfg,
		      const char *id, const char *levels, struct err *e)
{
	const char *p = levels;

	while (p && *p) {
		size_t len = strcspn(p, "|");
		const char *eq = memchr(p, '=', len);

		/* A pair for an area already given (staged from a config.ini that
		   listed the area twice, before load refused it) is the same
		   column read again: the first one stands. */
		if (eq && !area_seen(levels, p, (size_t)(eq - p))) {
			sqlite3_bind_text(ins, 1, id, -1, SQLITE_STATIC);
			sqlite3_bind_text(ins, 2, p, (int)(eq - p), SQLITE_STATIC);
			sqlite3_bind_int(ins, 3, atoi(eq + 1));
			if (db_step_done(db, ins, e))
				return -1;
		}
		p += len;
		if (*p)
			p++;
	}
	(void)cfg;
	return 0;
}

/* The placed rows of a diagnostics file: their staging rowid and where. */
#define DIAGNOSTIC_PLACE_SQL \
	"CREATE TEMP TABLE IF NOT EXISTS diagnostic_place(seq INTEGER PRIMARY KEY, " \
	"commune_code TEXT, department_code TEXT, region_code TEXT, rule INTEGER); " \
	"DELETE FROM temp.diagnostic_place"

/* The rows that their clue places, with a date that cannot be later than
   the day their file was read (?2): no note and no warning to give. */
#define DIAGNOSTIC_FAST_SQL \
	"INSERT INTO temp.diagnostic_place(seq, commune_code, department_code, region_code, " \
	"rule) SELECT s.rowid, c.commune_code, c.department_code, c.region_code, c.rule " \
	"FROM stg_diagnostic s JOIN temp.clue c ON " CLUES_ON("s.code_insee", "s.code_postal") \
	" WHERE s.source_id = ?1 AND (s.date IS NULL OR s.date <= ?2)"

/* The placed rows, in staging order: the last one of an id replaces the
   others, as when they were placed one by one. Their levels go first, as
   the row they belong to is replaced. */
#define DIAGNOSTIC_PLACED "FROM temp.diagnostic_place p JOIN stg_diagnostic s ON s.rowid = p.seq "

#define DIAGNOSTIC_INSERT_SQL \
	"DELETE FROM diagnostic_level WHERE diagnostic_id IN (SELECT s.id_diagnostic " \
	DIAGNOSTIC_PLACED "); " \
	"INSERT OR REPLACE INTO diagnostic(id, source_id, year, date, id_structure, rna, " \
	"siret, commune_code, department_code, region_code, taille, secteur) " \
	"SELECT s.id_diagnostic, s.source_id, CAST(substr(s.date, 1, 4) AS INTEGER), s.date, " \
	"nullif(s.id_structure, ''), nullif(s.rna, ''), nullif(s.siret, ''), p.commune_code, " \
	"p.department_code, p.region_code, nullif(s.taille, ''), nullif(s.secteur, '') " \
	DIAGNOSTIC_PLACED "ORDER BY p.seq"

int model_diagnostics(sqlite3 *db, const struct resolver *r, const struct config *cfg,
		      long long source_id, struct model_counts *n, struct err *e)
{
	static const char *const fields[3] = { "code_insee", "code_postal", NULL };
	sqlite3_stmt *fast = NULL, *count = NULL, *sel = NULL, *ins = NULL, *lev = NULL;
	sqlite3_stmt *lvl = NULL;
	struct resolution res;
	struct placer pl;
	int rc = -1;

	if (placer_init(&pl, db, r, source_id, n, e) || db_exec(db, DIAGNOSTIC_PLACE_SQL, e) ||
	    db_prepare(db, &fast, DIAGNOSTIC_FAST_SQL, e) ||
	    db_prepare(db, &count, "SELECT rule, count(*) FROM temp.diagnostic_place "
		       "GROUP BY rule", e) ||
	    /* The other rows, through the resolver, in the order that gives
	       the warnings and the quarantine theirs. */
	    db_prepare(db, &sel, "SELECT line, rowid, code_insee, code_postal, date "
		       "FROM stg_diagnostic WHERE source_id = ?1 AND rowid NOT IN "
		       "(SELECT seq FROM temp.diagnostic_place) ORDER BY rowid", e) ||
	    db_prepare(db, &ins, "INSERT INTO temp.diagnostic_place(seq, commune_code, "
		       "department_code, region_code, rule) VALUES (?1, ?2, ?3, ?4, ?5)", e) ||
	    /* The levels of the last placed row of each id. */
	    db_prepare(db, &lev, "SELECT s.id_diagnostic, s.levels, max(p.seq) "
		       DIAGNOSTIC_PLACED "GROUP BY s.id_diagnostic", e) ||
	    db_prepare(db, &lvl, "INSERT INTO diagnostic_level(diagnostic_id, area, level) "
		       "VALUES (?1, ?2, ?3)", e))
		goto out;
	sqlite3_bind_int64(fast, 1, source_id);
	sqlite3_bind_text(fast, 2, pl.day, 10, SQLITE_STATIC);
	if (db_step_done(db, fast, e))
		goto out;
	while ((rc = sqlite3_step(count)) == SQLITE_ROW) {
		int rule = sqlite3_column_int(count, 0);
		long k = (long)sqlite3_column_int64(count, 1);

		if (rule < 0 || rule >= RESOLVE_NRULES)
			continue;
		n->rows += k;
		n->placed += k;
		n->rule[rule] += k;
	}
	if ((rc = db_loop_end(db, rc, e)))
		goto out;
	rc = -1;
	sqlite3_bind_int64(sel, 1, source_id);
	while ((rc = sqlite3_step(sel)) == SQLITE_ROW) {
		long line = sqlite3_column_int(sel, 0);
		int placed = placer_place(&pl, line, fields, stmt_text(sel, 2), stmt_text(sel, 3),
					  NULL, 0, &res, e);

		if (placed < 0)
			goto out;
		if (!placed)
			continue;
		if (placer_future_date(&pl, line, "date", stmt_text(sel, 4), e) < 0)
			goto out;
		sqlite3_bind_int64(ins, 1, sqlite3_column_int64(sel, 1));
		sqlite3_bind_text(ins, 2, res.commune, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 3, res.department, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 4, res.region, -1, SQLITE_STATIC);
		sqlite3_bind_int(ins, 5, (int)res.rule);
		if (db_step_done(db, ins, e))
			goto out;
	}
	if ((rc = db_loop_end(db, rc, e)) || (rc = db_exec(db, DIAGNOSTIC_INSERT_SQL, e)))
		goto out;
	while ((rc = sqlite3_step(lev)) == SQLITE_ROW)
		if (add_levels(db, lvl, cfg, stmt_text(lev, 0), stmt_text(lev, 1), e))
			goto out;
	rc = db_loop_end(db, rc, e) || db_exec(db, "DELETE FROM temp.diagnostic_place", e) ? -1 : 0;
out:
	sqlite3_finalize(fast);
	sqlite3_finalize(count);
	sqlite3_finalize(sel);
	sqlite3_finalize(ins);
	sqlite3_finalize(lev);
	sqlite3_finalize(lvl);
	placer_release(&pl);
	return rc;
}

/* The value of an answer: an option's is 1 when checked (its label
   stored), 0 when not (""); a question's goes through its mapping. NULL
   (returns 0) when there is none: unmapped, "don't know", the text typed
   for "Other". */
static int answer_value(const struct survey *sv, const char *key, const char *label,
			double *v)
{
	const struct survey_question *q;
	int o;

	if (!sv || !(q = survey_find(sv, key, &o)))
		return 0;
	if (o >= 0) {
		*v = *label ? 1 : 0;
		return 1;
	}
	return q->layout == SURVEY_ONE && survey_value(q, label, v) == 1;
}

/* Places a response by its commune column, as its [survey NAME] says the
   column is to be read; fields get the survey's own column names. */
static int place_response(struct placer *pl, const struct survey *sv, long line,
			  const char *commune, const char *postal, struct resolution *res,
			  struct err *e)
{
	const char *fields[3] = { "commune", "code_postal", "commune" };
	enum survey_commune type = sv ? sv->commune_type : SURVEY_COMMUNE_AUTO;
	int flags = PLACE_KEEP | PLACE_NAME_ALONE;

	if (sv) {
		fields[0] = fields[1] = fields[2] = sv->commune;
		if (sv->postal)
			fields[1] = sv->postal;
	}
	if (postal && !*postal)
		postal = NULL;
	if (type == SURVEY_COMMUNE_AUTO && commune &&
	    commune[strspn(commune, "0123456789AB.")] == '\0') {
		/* A code: an INSEE code when it is one, else a postal code.
		   Where both readings exist (69003 is Albigny-sur-Saône's INSEE
		   code and Lyon 3e's postal code) only commune.type can say. */
		resolver_place(pl->r, commune, NULL, NULL, res);
		if (res->rule != RESOLVE_NONE && res->rule != RESOLVE_OUTSIDE)
			return placer_place(pl, line, fields, commune, postal, NULL, flags, res, e);
		fields[1] = fields[0];
		return placer_place(pl, line, fields, NULL, commune, NULL, flags, res, e);
	}
	switch (type) {
	case SURVEY_COMMUNE_INSEE:
		return placer_place(pl, line, fields, commune, postal, NULL, flags, res, e);
	case SURVEY_COMMUNE_POSTAL:
		/* Never an INSEE code: 13005 is Marseille 5e, not Aubagne. */
		fields[1] = fields[0];
		return placer_place(pl, line, fields, NULL, commune, NULL, flags, res, e);
	default:
		/* A name, with the postal code when there is one. */
		return placer_place(pl, line, fields, NULL, postal, commune, flags, res, e);
	}
}

int model_surveys(sqlite3 *db, const struct resolver *r, const struct config *cfg,
		  long long source_id, struct model_counts *n, struct err *e)
{
	sqlite3_stmt *sel = NULL, *ins = NULL, *del = NULL, *ans = NULL;
	struct resolution res;
	struct placer pl;
	int rc = -1;

	if (placer_init(&pl, db, r, source_id, n, e) ||
	    db_prepare(db, &sel, "SELECT line, survey, response_id, submitted_at, commune, answers, "
		       "postal FROM stg_survey WHERE source_id = ?1 ORDER BY rowid", e) ||
	    db_prepare(db, &del, "DELETE FROM survey_answer WHERE survey = ?1 AND response_id = ?2",
		       e) ||
	    db_prepare(db, &ins, "INSERT OR REPLACE INTO survey_response(survey, response_id, "
		       "source_id, submitted_at, year, commune_code, department_code, region_code) "
		       "VALUES (?1, ?2, ?3, ?4, CAST(substr(?4, 1, 4) AS INTEGER), ?5, ?6, ?7)", e) ||
	    db_prepare(db, &ans, "INSERT INTO survey_answer(survey, response_id, question, label, "
		       "value) VALUES (?1, ?2, ?3, ?4, ?5)", e))
		goto out;
	sqlite3_bind_int64(sel, 1, source_id);
	while ((rc = sqlite3_step(sel)) == SQLITE_ROW) {
		const char *survey = stmt_text(sel, 1), *id = stmt_text(sel, 2), *key;
		/* A section removed since ingest: placed as before, not valued. */
		const struct survey *sv = config_survey(cfg, survey);
		json_t *answers, *label;
		double v;
		int placed = place_response(&pl, sv, sqlite3_column_int(sel, 0), stmt_text(sel, 4),
					    stmt_text(sel, 6), &res, e);

		if (placed < 0)
			goto out;
		if (!placed)
			continue;
		sqlite3_bind_text(del, 1, survey, -1, SQLITE_STATIC);
		sqlite3_bind_text(del, 2, id, -1, SQLITE_STATIC);
		if (db_step_done(db, del, e))
			goto out;
		sqlite3_bind_text(ins, 1, survey, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 2, id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(ins, 3, source_id);
		db_bind_text(ins, 4, stmt_text(sel, 3));
		/* A response without a location counts in the national figures. */
		db_bind_text(ins, 5, res.commune);
		db_bind_text(ins, 6, res.department);
		db_bind_text(ins, 7, res.region);
		if (db_step_done(db, ins, e))
			goto out;
		answers = json_loads(stmt_text(sel, 5) ? stmt_text(sel, 5) : "{}", 0, NULL);
		json_object_foreach(answers, key, label) {
			const char *text = json_string_value(label);

			if (!text)
				continue;
			sqlite3_bind_text(ans, 1, survey, -1, SQLITE_STATIC);
			sqlite3_bind_text(ans, 2, id, -1, SQLITE_STATIC);
			sqlite3_bind_text(ans, 3, key, -1, SQLITE_STATIC);
			sqlite3_bind_text(ans, 4, text, -1, SQLITE_STATIC);
			if (answer_value(sv, key, text, &v))
				sqlite3_bind_double(ans, 5, v);
			else
				sqlite3_bind_null(ans, 5);
			if (db_step_done(db, ans, e)) {
				json_decref(answers);
				goto out;
			}
		}
		json_decref(answers);
	}
	rc = db_loop_end(db, rc, e);
out:
	sqlite3_finalize(sel);
	sqlite3_finalize(ins);
	sqlite3_finalize(del);
	sqlite3_finalize(ans);
	placer_release(&pl);
	return rc;
}

int model_link(sqlite3 *db, struct err *e)
{
	/* Then count, per diagnostics file, what is linked and what is not
	   (unmatched diagnostics are kept, only counted). */
	/* The RNA ids looked up in their order, which reads each page of the
	   2 million ids' index once; in the diagnostics' order, each lookup
	   read a page of its own (0.55 s against 0.4 s a national night). */
	return db_exec(db,
		"CREATE TEMP TABLE IF NOT EXISTS linked(id TEXT PRIMARY KEY) WITHOUT ROWID;"
		"DELETE FROM temp.linked;"
		"INSERT INTO temp.linked SELECT r.rna FROM (SELECT DISTINCT rna FROM diagnostic "
		"WHERE association_id IS NULL AND rna IS NOT NULL ORDER BY rna) r "
		"WHERE r.rna IN (SELECT id FROM association);"
		"UPDATE diagnostic SET association_id = rna WHERE association_id IS NULL "
		"AND rna IN (SELECT id FROM temp.linked);"
		"DELETE FROM temp.linked;"
		"UPDATE diagnostic SET structure_id = id_structure WHERE structure_id IS NULL "
		"AND id_structure IN (SELECT id FROM structure);"
		"DELETE FROM resolution_count WHERE rule LIKE 'association-%' "
		"OR rule LIKE 'structure-%';"
		"WITH g AS MATERIALIZED (SELECT source_id, count(*) n, count(association_id) a, "
		"count(structure_id) s FROM diagnostic GROUP BY source_id) "
		"INSERT INTO resolution_count(source_id, rule, n) "
		"SELECT source_id, 'association-linked', a FROM g WHERE a > 0 "
		"UNION ALL SELECT source_id, 'association-unmatched', n - a FROM g WHERE n > a "
		"UNION ALL SELECT source_id, 'structure-linked', s FROM g WHERE s > 0 "
		"UNION ALL SELECT source_id, 'structure-unmatched', n - s FROM g WHERE n > s;", e);
}

int model_save_counts(sqlite3 *db, long long source_id, const struct model_counts *n,
		      struct err *e)
{
	sqlite3_stmt *st;
	int i, rc = 0;

	if (db_prepare(db, &st, "INSERT OR REPLACE INTO resolution_count(source_id, rule, n) "
		       "VALUES (?1, ?2, ?3)", e))
		return -1;
	for (i = 0; i < RESOLVE_NRULES && !rc; i++) {
		if (!n->rule[i])
			continue;
		sqlite3_bind_int64(st, 1, source_id);
		sqlite3_bind_text(st, 2, resolver_rule_name((enum resolve_rule)i), -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, n->rule[i]);
		rc = db_step_done(db, st, e);
	}
	sqlite3_finalize(st);
	return rc;
}

int model_coordinates(sqlite3 *db, long long source_id, struct model_counts *n,
		      struct err *e)
{
	sqlite3_stmt *sel = NULL, *ins = NULL, *q = NULL;
	int rc = -1, step;

	/* A point only for a current commune: the accessibility is computed
	   on them, with the associations they hold. */
	if (db_prepare(db, &sel, "SELECT s.line, s.code, s.latitude, s.longitude, "
		       "c.code IS NOT NULL FROM stg_commune_coordinates s "
		       "LEFT JOIN commune c ON c.code = s.code WHERE s.source_id = ?1 "
		       "ORDER BY s.line", e) ||
	    db_prepare(db, &ins, "INSERT OR REPLACE INTO commune_coordinates(code, source_id, "
		       "latitude, longitude) VALUES (?1, ?2, ?3, ?4)", e) ||
	    db_prepare(db, &q, QUARANTINE_SQL, e))
		goto out;
	sqlite3_bind_int64(sel, 1, source_id);
	while ((step = sqlite3_step(sel)) == SQLITE_ROW) {
		const char *code = stmt_text(sel, 1);

		n->rows++;
		if (!sqlite3_column_int(sel, 4)) {
			n->unresolved++;
			n->rule[RESOLVE_NONE]++;
			if (model_quarantine(db, q, source_id, sqlite3_column_int64(sel, 0), "code",
					     "unresolved-commune", code,
					     TR("not a current commune of the referential",
						"n'est pas une commune actuelle du référentiel"), e))
				goto out;
			continue;
		}
		n->placed++;
		n->rule[RESOLVE_EXACT]++;
		/* As ingest checked them: strtod, the same double every time. */
		sqlite3_bind_text(ins, 1, code, -1, SQLITE_STATIC);
		sqlite3_bind_int64(ins, 2, source_id);
		sqlite3_bind_double(ins, 3, strtod(stmt_text(sel, 2), NULL));
		sqlite3_bind_double(ins, 4, strtod(stmt_text(sel, 3), NULL));
		if (db_step_done(db, ins, e))
			goto out;
	}
	rc = db_loop_end(db, step, e);
out:
	sqlite3_finalize(sel);
	sqlite3_finalize(ins);
	sqlite3_finalize(q);
	return rc;
}
