/*
 * The placer: a row's commune through the resolver, with what it set
 * aside going to quarantine and what it noted to warnings, for every kind
 * of file the model holds.
 */
#include "placer.h"

#include <string.h>

#include "buf.h"
#include "db.h"
#include "log.h"
#include "text.h"

int model_quarantine(sqlite3 *db, sqlite3_stmt *q, long long source_id, long line,
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

int placer_future_date(struct placer *pl, long line, const char *field, const char *date,
		       struct err *e)
{
	struct buf msg = BUF_INIT;
	int rc;

	if (!date || strlen(date) < 10)
		return 0;
	if (strncmp(date, pl->day, 10) <= 0)
		return 0;
	pl->n->warnings++;
	buf_addf(&msg, "'%s' is later than the day its file was read (%s): kept, but it does "
		 "not count as the newest", date, pl->day);
	rc = model_warn(pl->db, pl->w, pl->source_id, line, field, "constraint-error", "future-date",
			date, msg.data, e);
	buf_release(&msg);
	return rc ? -1 : 1;
}

int placer_init(struct placer *pl, sqlite3 *db, const struct resolver *r,
		long long source_id, struct model_counts *n, struct err *e)
{
	sqlite3_stmt *st;
	char now[21];
	int rc;

	memset(pl, 0, sizeof(*pl));
	pl->db = db;
	pl->r = r;
	pl->source_id = source_id;
	pl->n = n;
	log_now(now);
	memcpy(pl->day, now, 10);
	if (db_prepare(db, &st, "SELECT substr(ingested_at, 1, 10) FROM source_file "
		       "WHERE id = ?1 AND ingested_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*'",
		       e))
		return -1;
	sqlite3_bind_int64(st, 1, source_id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memcpy(pl->day, sqlite3_column_text(st, 0), 10);
		rc = SQLITE_DONE;
	}
	rc = db_loop_end(db, rc, e);
	sqlite3_finalize(st);
	if (rc)
		return -1;
	return db_prepare(db, &pl->q, QUARANTINE_SQL, e) || db_prepare(db, &pl->w, WARNING_SQL, e)
		? -1 : 0;
}

void placer_release(struct placer *pl)
{
	sqlite3_finalize(pl->q);
	sqlite3_finalize(pl->w);
}

int placer_place(struct placer *pl, long line, const char *const fields[3],
		 const char *insee, const char *postal, const char *name, int flags,
		 struct resolution *res, struct err *e)
{
	const char *value = insee && *insee ? insee : postal && *postal ? postal : name;
	int keep = flags & PLACE_KEEP;
	struct buf msg = BUF_INIT;
	int rc;

	if ((flags & PLACE_NAME_ALONE) && value == name && name && *name)
		resolver_name(pl->r, name, res);
	else
		resolver_place(pl->r, insee, postal, name, res);
	pl->n->rows++;
	pl->n->rule[res->rule]++;
	if (res->rule == RESOLVE_OUTSIDE) {
		pl->n->outside++;
		buf_addf(&msg, "%s %s", TR("in an overseas collectivity that the report leaves out:",
					   "dans une collectivité d'outre-mer hors du rapport :"),
			 res->reason);
		rc = model_quarantine(pl->db, pl->q, pl->source_id, line, fields[insee && *insee ? 0 : 1],
				      "outside-territory", value, msg.data, e);
		buf_release(&msg);
		return rc ? -1 : 0;
	}
	if (res->rule == RESOLVE_NONE) {
		pl->n->unresolved++;
		if (keep && !(value && *value)) {
			pl->n->placed++;	/* no clue at all: nothing to warn of */
			return 1;
		}
		if (keep) {
			pl->n->placed++;
			pl->n->warnings++;
			buf_addf(&msg, "%s: %s", res->reason, TR("kept without a location, for the "
				 "national figures", "gardé sans localisation, pour les chiffres "
				 "nationaux"));
			rc = model_warn(pl->db, pl->w, pl->source_id, line, fields[0], "constraint-error",
					"unresolved-commune", value, msg.data, e);
			buf_release(&msg);
			return rc ? -1 : 1;
		}
		return model_quarantine(pl->db, pl->q, pl->source_id, line, fields[insee && *insee ? 0 : 1],
					"unresolved-commune", value, res->reason, e) ? -1 : 0;
	}
	pl->n->placed++;
	if (!res->note_rule)
		return 1;
	pl->n->warnings++;
	/* The note concerns the INSEE code, the postal code, or the name. */
	if (res->note_field && !strcmp(res->note_field, "code_insee"))
		rc = model_warn(pl->db, pl->w, pl->source_id, line, fields[0], "constraint-error",
				res->note_rule, insee, res->note, e);
	else if (res->note_field)
		rc = model_warn(pl->db, pl->w, pl->source_id, line, fields[1], "constraint-error",
				res->note_rule, postal, res->note, e);
	else
		rc = model_warn(pl->db, pl->w, pl->source_id, line, fields[2] ? fields[2] : fields[0],
				"constraint-error", res->note_rule, name, res->note, e);
	return rc ? -1 : 1;
}

int model_warn(sqlite3 *db, sqlite3_stmt *w, long long source_id, long line,
		const char *field, const char *code, const char *rule, const char *value,
		const char *msg, struct err *e)
{
	sqlite3_bind_int64(w, 1, source_id);
	sqlite3_bind_int64(w, 2, line);
	sqlite3_bind_text(w, 3, field, -1, SQLITE_STATIC);
	sqlite3_bind_text(w, 4, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(w, 5, rule, -1, SQLITE_STATIC);
	db_bind_text(w, 6, value);
	sqlite3_bind_text(w, 7, msg, -1, SQLITE_TRANSIENT);
	return db_step_done(db, w, e);
}
