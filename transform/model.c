#include "model.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db.h"
#include "log.h"

static const char *col(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

static int quarantine(sqlite3 *db, sqlite3_stmt *q, long long source_id, long line,
		      const char *field, const char *code, const char *value,
		      const char *reason, struct err *e)
{
	struct buf msg = BUF_INIT;
	int rc;

	if (value && *value)
		buf_addf(&msg, "'%s': %s", value, reason);
	else
		buf_addstr(&msg, reason);
	sqlite3_bind_int64(q, 1, source_id);
	sqlite3_bind_int64(q, 2, line);
	sqlite3_bind_text(q, 3, field, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 5, msg.data, (int)msg.len, SQLITE_TRANSIENT);
	rc = db_step_done(db, q, e);
	buf_release(&msg);
	return rc;
}

#define QUARANTINE_SQL \
	"INSERT INTO quarantine(source_id, stage, line, field, error, message) " \
	"VALUES (?1, 'transform', ?2, ?3, ?4, ?5)"

static void count(struct model_counts *n, const struct resolution *res)
{
	n->rows++;
	n->rule[res->rule]++;
	if (res->rule == RESOLVE_NONE)
		n->unresolved++;
	else
		n->placed++;
}

int model_associations(sqlite3 *db, const struct resolver *r, long long source_id,
		       struct model_counts *n, struct err *e)
{
	sqlite3_stmt *sel = NULL, *ins = NULL, *q = NULL;
	struct resolution res;
	int rc = -1;

	if (db_prepare(db, &sel, "SELECT line, id, titre, adrs_codeinsee, adrs_codepostal, "
		       "position, date_creat, date_disso, objet_social1, maj_time "
		       "FROM stg_association WHERE source_id = ?1 ORDER BY line", e) ||
	    /* The newest maj_time wins; on a tie, the row read last. */
	    db_prepare(db, &ins, "INSERT INTO association(id, source_id, titre, commune_code, "
		       "arrondissement_code, department_code, region_code, position, date_creat, "
		       "date_disso, active, theme, maj_time) VALUES "
		       "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) "
		       "ON CONFLICT(id) DO UPDATE SET source_id = excluded.source_id, "
		       "titre = excluded.titre, commune_code = excluded.commune_code, "
		       "arrondissement_code = excluded.arrondissement_code, "
		       "department_code = excluded.department_code, "
		       "region_code = excluded.region_code, position = excluded.position, "
		       "date_creat = excluded.date_creat, date_disso = excluded.date_disso, "
		       "active = excluded.active, theme = excluded.theme, "
		       "maj_time = excluded.maj_time "
		       "WHERE excluded.maj_time >= association.maj_time", e) ||
	    db_prepare(db, &q, QUARANTINE_SQL, e))
		goto out;
	sqlite3_bind_int64(sel, 1, source_id);
	while ((rc = sqlite3_step(sel)) == SQLITE_ROW) {
		const char *position = col(sel, 5), *disso = col(sel, 7), *objet = col(sel, 8);
		/* Active: position A (not dissolved, not deleted) and no
		   dissolution date; the RNA's 0001-01-01 was read as none. */
		int active = position && !strcmp(position, "A") && !disso;

		resolver_commune(r, col(sel, 3), col(sel, 4), &res);
		count(n, &res);
		if (res.rule == RESOLVE_NONE) {
			if (quarantine(db, q, source_id, sqlite3_column_int(sel, 0),
				       "adrs_codeinsee", "unresolved-commune", col(sel, 3),
				       res.reason, e))
				goto out;
			continue;
		}
		sqlite3_bind_text(ins, 1, col(sel, 1), -1, SQLITE_STATIC);
		sqlite3_bind_int64(ins, 2, source_id);
		sqlite3_bind_text(ins, 3, col(sel, 2), -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 4, res.commune, -1, SQLITE_STATIC);
		db_bind_text(ins, 5, res.arrondissement);
		sqlite3_bind_text(ins, 6, res.department, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 7, res.region, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 8, position, -1, SQLITE_STATIC);
		db_bind_text(ins, 9, col(sel, 6));
		db_bind_text(ins, 10, disso);
		sqlite3_bind_int(ins, 11, active);
		/* Theme: the family of the social object, its first 3 digits. */
		if (objet && strlen(objet) >= 3)
			sqlite3_bind_text(ins, 12, objet, 3, SQLITE_STATIC);
		else
			sqlite3_bind_null(ins, 12);
		sqlite3_bind_text(ins, 13, col(sel, 9), -1, SQLITE_STATIC);
		if (db_step_done(db, ins, e))
			goto out;
	}
	if (rc != SQLITE_DONE) {
		err_set(e, "database: %s", sqlite3_errmsg(db));
		rc = -1;
		goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(sel);
	sqlite3_finalize(ins);
	sqlite3_finalize(q);
	return rc;
}

static int add_services(sqlite3 *db, sqlite3_stmt *ins, const char *id, const char *list,
			struct err *e)
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
			sqlite3_bind_text(ins, 2, p + a, (int)(b - a), SQLITE_STATIC);
			if (db_step_done(db, ins, e))
				return -1;
		}
		p += len;
		if (*p)
			p++;
	}
	return 0;
}

int model_structures(sqlite3 *db, const struct resolver *r, long long source_id,
		     struct model_counts *n, struct err *e)
{
	sqlite3_stmt *sel = NULL, *ins = NULL, *q = NULL, *del = NULL, *svc = NULL;
	struct resolution res;
	int rc = -1;

	if (db_prepare(db, &sel, "SELECT line, id, nom, pivot, code_insee, code_postal, "
		       "latitude, longitude, date_maj, services FROM stg_structure "
		       "WHERE source_id = ?1 ORDER BY line", e) ||
	    db_prepare(db, &ins, "INSERT INTO structure(id, source_id, nom, pivot, commune_code, "
		       "arrondissement_code, department_code, region_code, latitude, longitude, "
		       "date_maj) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) "
		       "ON CONFLICT(id) DO UPDATE SET source_id = excluded.source_id, "
		       "nom = excluded.nom, pivot = excluded.pivot, "
		       "commune_code = excluded.commune_code, "
		       "arrondissement_code = excluded.arrondissement_code, "
		       "department_code = excluded.department_code, "
		       "region_code = excluded.region_code, latitude = excluded.latitude, "
		       "longitude = excluded.longitude, date_maj = excluded.date_maj "
		       "WHERE excluded.date_maj >= structure.date_maj RETURNING id", e) ||
	    db_prepare(db, &del, "DELETE FROM structure_service WHERE structure_id = ?1", e) ||
	    db_prepare(db, &svc, "INSERT OR IGNORE INTO structure_service(structure_id, service) "
		       "VALUES (?1, ?2)", e) ||
	    db_prepare(db, &q, QUARANTINE_SQL, e))
		goto out;
	sqlite3_bind_int64(sel, 1, source_id);
	while ((rc = sqlite3_step(sel)) == SQLITE_ROW) {
		const char *id = col(sel, 1);
		int won, step;

		resolver_commune(r, col(sel, 4), col(sel, 5), &res);
		count(n, &res);
		if (res.rule == RESOLVE_NONE) {
			if (quarantine(db, q, source_id, sqlite3_column_int(sel, 0), "code_insee",
				       "unresolved-commune", col(sel, 4), res.reason, e))
				goto out;
			continue;
		}
		sqlite3_bind_text(ins, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(ins, 2, source_id);
		sqlite3_bind_text(ins, 3, col(sel, 2), -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 4, col(sel, 3), -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 5, res.commune, -1, SQLITE_STATIC);
		db_bind_text(ins, 6, res.arrondissement);
		sqlite3_bind_text(ins, 7, res.department, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 8, res.region, -1, SQLITE_STATIC);
		if (sqlite3_column_type(sel, 6) != SQLITE_NULL &&
		    sqlite3_column_type(sel, 7) != SQLITE_NULL) {
			sqlite3_bind_double(ins, 9, sqlite3_column_double(sel, 6));
			sqlite3_bind_double(ins, 10, sqlite3_column_double(sel, 7));
		} else {
			sqlite3_bind_null(ins, 9);
			sqlite3_bind_null(ins, 10);
		}
		sqlite3_bind_text(ins, 11, col(sel, 8), -1, SQLITE_STATIC);
		/* RETURNING yields the id only when this row won. */
		step = sqlite3_step(ins);
		won = step == SQLITE_ROW;
		if (won)
			step = sqlite3_step(ins);
		sqlite3_reset(ins);
		if (step != SQLITE_DONE) {
			err_set(e, "database: %s", sqlite3_errmsg(db));
			goto out;
		}
		if (!won)
			continue;
		sqlite3_bind_text(del, 1, id, -1, SQLITE_STATIC);
		if (db_step_done(db, del, e) || add_services(db, svc, id, col(sel, 9), e))
			goto out;
	}
	if (rc != SQLITE_DONE) {
		err_set(e, "database: %s", sqlite3_errmsg(db));
		rc = -1;
		goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(sel);
	sqlite3_finalize(ins);
	sqlite3_finalize(del);
	sqlite3_finalize(svc);
	sqlite3_finalize(q);
	return rc;
}

static int add_levels(sqlite3 *db, sqlite3_stmt *ins, const struct config *cfg,
		      const char *id, const char *levels, struct err *e)
{
	const char *p = levels;

	while (p && *p) {
		size_t len = strcspn(p, "|");
		const char *eq = memchr(p, '=', len);

		if (eq) {
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

int model_diagnostics(sqlite3 *db, const struct resolver *r, const struct config *cfg,
		      long long source_id, struct model_counts *n, struct err *e)
{
	sqlite3_stmt *sel = NULL, *ins = NULL, *q = NULL, *del = NULL, *lvl = NULL;
	struct resolution res;
	int rc = -1;

	if (db_prepare(db, &sel, "SELECT line, id_diagnostic, date, id_structure, rna, siret, "
		       "code_insee, code_postal, taille, secteur, levels FROM stg_diagnostic "
		       "WHERE source_id = ?1 ORDER BY line", e) ||
	    db_prepare(db, &ins, "INSERT OR REPLACE INTO diagnostic(id, source_id, year, date, "
		       "id_structure, rna, siret, commune_code, department_code, region_code, "
		       "taille, secteur) VALUES (?1, ?2, CAST(substr(?3, 1, 4) AS INTEGER), ?3, "
		       "?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)", e) ||
	    db_prepare(db, &del, "DELETE FROM diagnostic_level WHERE diagnostic_id = ?1", e) ||
	    db_prepare(db, &lvl, "INSERT INTO diagnostic_level(diagnostic_id, area, level) "
		       "VALUES (?1, ?2, ?3)", e) ||
	    db_prepare(db, &q, QUARANTINE_SQL, e))
		goto out;
	sqlite3_bind_int64(sel, 1, source_id);
	while ((rc = sqlite3_step(sel)) == SQLITE_ROW) {
		const char *id = col(sel, 1);

		resolver_commune(r, col(sel, 6), col(sel, 7), &res);
		count(n, &res);
		if (res.rule == RESOLVE_NONE) {
			if (quarantine(db, q, source_id, sqlite3_column_int(sel, 0), "code_insee",
				       "unresolved-commune", col(sel, 6), res.reason, e))
				goto out;
			continue;
		}
		sqlite3_bind_text(del, 1, id, -1, SQLITE_STATIC);
		if (db_step_done(db, del, e))
			goto out;
		sqlite3_bind_text(ins, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(ins, 2, source_id);
		sqlite3_bind_text(ins, 3, col(sel, 2), -1, SQLITE_STATIC);
		db_bind_text(ins, 4, col(sel, 3));
		db_bind_text(ins, 5, col(sel, 4));
		db_bind_text(ins, 6, col(sel, 5));
		sqlite3_bind_text(ins, 7, res.commune, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 8, res.department, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 9, res.region, -1, SQLITE_STATIC);
		db_bind_text(ins, 10, col(sel, 8));
		db_bind_text(ins, 11, col(sel, 9));
		if (db_step_done(db, ins, e) || add_levels(db, lvl, cfg, id, col(sel, 10), e))
			goto out;
	}
	if (rc != SQLITE_DONE) {
		err_set(e, "database: %s", sqlite3_errmsg(db));
		rc = -1;
		goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(sel);
	sqlite3_finalize(ins);
	sqlite3_finalize(del);
	sqlite3_finalize(lvl);
	sqlite3_finalize(q);
	return rc;
}

int model_link(sqlite3 *db, struct err *e)
{
	return db_exec(db,
		"UPDATE diagnostic SET association_id = rna WHERE association_id IS NULL "
		"AND rna IN (SELECT id FROM association);"
		"UPDATE diagnostic SET structure_id = id_structure WHERE structure_id IS NULL "
		"AND id_structure IN (SELECT id FROM structure);", e);
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
