/*
 * What places the rows of one source file: the resolver, and where what
 * it set aside (quarantine) or noted (warning) goes. Shared by the model's
 * files (model.c, associations.c).
 */
#ifndef PANA_TRANSFORM_PLACER_H
#define PANA_TRANSFORM_PLACER_H

#include <sqlite3.h>

#include "err.h"
#include "model.h"
#include "resolve.h"

#define WARNING_SQL \
	"INSERT INTO warning(source_id, stage, line, field, code, rule, value, message) " \
	"VALUES (?1, 'transform', ?2, ?3, ?4, ?5, ?6, ?7)"

#define QUARANTINE_SQL \
	"INSERT INTO quarantine(source_id, stage, line, field, error, message) " \
	"VALUES (?1, 'transform', ?2, ?3, ?4, ?5)"

/* Whether the date or time a is the same as b or later, as instants: an
   ISO date or time with 'T' or ' ', a fraction, a zone. Values SQLite's
   julianday() does not read are compared as text. */
#define NEWER_SQL(a, b) \
	"coalesce(julianday(" a ") >= julianday(" b "), " a " >= " b ")"

struct placer {
	sqlite3 *db;
	const struct resolver *r;
	long long source_id;
	sqlite3_stmt *q, *w;	/* QUARANTINE_SQL, WARNING_SQL */
	struct model_counts *n;
	/* The day the file was read (source_file.ingested_at, UTC): a date
	   after it is in the future, for this file, on every night that
	   places it again, so that a rebuild places its rows as the night
	   that first did. */
	char day[11];
};

/* Column i of st as text (NULL for NULL). */
static inline const char *stmt_text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

int placer_init(struct placer *pl, sqlite3 *db, const struct resolver *r,
		long long source_id, struct model_counts *n, struct err *e);
void placer_release(struct placer *pl);

/* How placer_place() treats a row: PLACE_KEEP keeps an unresolved row
   without a location (a survey response, for the national figures);
   PLACE_NAME_ALONE reads a name given without any code against the whole
   referential. */
enum { PLACE_KEEP = 1, PLACE_NAME_ALONE = 2 };

/*
 * Places the row at line from its INSEE code, postal code and name (each
 * may be NULL; fields names their columns, in that order). Returns 1 when
 * placed (a note of the resolver is recorded as a warning), 0 when set
 * aside in quarantine (unresolved, or an overseas collectivity outside the
 * report), -1 on a database error. With PLACE_KEEP, an unresolved row is
 * not set aside: the caller keeps it without a location (out->rule is
 * RESOLVE_NONE), and a warning says so when a clue was given.
 */
int placer_place(struct placer *pl, long line, const char *const fields[3],
		 const char *insee, const char *postal, const char *name, int flags,
		 struct resolution *res, struct err *e);

/* 1 when date (ISO, a time may follow) is later than the day the file
   was read (pl->day), after a warning: such a date never wins a
   deduplication (a clock or a typo, "2099", must not beat every later
   real update for good). 0 when not, -1 on a database error. */
int placer_future_date(struct placer *pl, long line, const char *field, const char *date,
		       struct err *e);

/* A row set aside, with its reason ('value': reason when a value is
   given), through q (QUARANTINE_SQL). */
int model_quarantine(sqlite3 *db, sqlite3_stmt *q, long long source_id, long line,
		     const char *field, const char *code, const char *value,
		     const char *reason, struct err *e);

/* Records a warning on a kept row through w (WARNING_SQL): code is
   Frictionless's, rule pana's. */
int model_warn(sqlite3 *db, sqlite3_stmt *w, long long source_id, long line,
	       const char *field, const char *code, const char *rule, const char *value,
	       const char *msg, struct err *e);

#endif
