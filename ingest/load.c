#include "load.h"
#include "xalloc.h"

#include <assert.h>
#include <errno.h>
#include <stdint.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "csvin.h"
#include "db.h"
#include "hash.h"
#include "log.h"
#include "survey.h"
#include "text.h"

#include "loader.h"

struct schema *load_detect(struct schema **schemas, char *const *names, size_t n)
{
	struct schema *best = NULL;
	size_t i, bestn = 0;

	for (i = 0; schemas[i]; i++) {
		/* More detect columns matched means a more specific kind. */
		size_t k = 0;

		if (!schema_detects(schemas[i], names, n))
			continue;
		for (size_t j = 0; j < n; j++)
			k += schema_find(schemas[i], names[j]) >= 0;
		if (!best || k > bestn) {
			best = schemas[i];
			bestn = k;
		}
	}
	return best;
}

/* A header name as columns are compared: trimmed, runs of blanks as one
   space, ASCII in lower case (survey_fold). */
static char *normalize_name(const char *s)
{
	struct buf b = BUF_INIT;

	survey_fold(s, &b);
	return buf_detach(&b, NULL);
}

/* A header name as the file writes it, without the blanks around it. */
static char *trimmed(const char *s)
{
	size_t n = strlen(s);
	char *p;

	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	p = strndup(s, n);
	if (!p)
		xalloc_die();
	return p;
}

/* The name of field f in quarantine and warning rows: a survey's columns
   are named as the file heads them. */
static const char *field_label(const struct loader *l, int f)
{
	if (l->label && l->label[f])
		return l->label[f];
	return schema_field_name(l->schema, (size_t)f);
}

static int prepare_statements(struct loader *l, struct err *e)
{
	struct buf cols = BUF_INIT, vals = BUF_INIT, sql = BUF_INIT;
	sqlite3_stmt *info;
	int rc = -1, n = 2, step;

	if (db_prepare(l->db, &l->quar, "INSERT INTO quarantine(source_id, stage, line, "
		       "field, error, message, raw) VALUES (?1, 'ingest', ?2, ?3, ?4, ?5, ?6)", e) ||
	    db_prepare(l->db, &l->warn, "INSERT INTO warning(source_id, stage, line, field, "
		       "code, rule, value, message) VALUES (?1, 'ingest', ?2, ?3, ?4, ?5, ?6, ?7)", e))
		return -1;
	/* Values of fields declared unique, for this file only. */
	if (db_exec(l->db, "CREATE TEMP TABLE IF NOT EXISTS ingest_seen(field INTEGER, "
		    "value TEXT, line INTEGER, PRIMARY KEY (field, value)) WITHOUT ROWID;"
		    "DELETE FROM temp.ingest_seen", e) ||
	    db_prepare(l->db, &l->seen_get, "SELECT line FROM temp.ingest_seen "
		       "WHERE field = ?1 AND value = ?2", e) ||
	    db_prepare(l->db, &l->seen_put, "INSERT INTO temp.ingest_seen(field, value, line) "
		       "VALUES (?1, ?2, ?3)", e))
		return -1;
	if (l->is_survey)
		return db_prepare(l->db, &l->ins, "INSERT INTO stg_survey(source_id, line, survey, "
				  "response_id, submitted_at, commune, answers, postal) "
				  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", e);
	if (!schema_table(l->schema))
		return err_set(e, "kind '%s' has no staging table", schema_kind(l->schema));
	buf_addf(&sql, "SELECT name FROM pragma_table_info('%s')", schema_table(l->schema));
	if (db_prepare(l->db, &info, sql.data, e))
		goto out;
	l->ins_field = calloc(64, sizeof(int));
	if (!l->ins_field)
		xalloc_die();
	while ((step = sqlite3_step(info)) == SQLITE_ROW) {
		const char *col = (const char *)sqlite3_column_text(info, 0);
		int f;

		if (!strcmp(col, "source_id") || !strcmp(col, "line"))
			continue;
		if (l->is_diag && !strcmp(col, "levels"))
			f = -2;
		else if ((f = schema_find_column(l->schema, col)) < 0)
			continue;	/* this layout lacks it: NULL */
		if (l->nins == 64) {
			sqlite3_finalize(info);
			err_set(e, "staging table '%s' has too many columns", schema_table(l->schema));
			goto out;
		}
		l->ins_field[l->nins++] = f;
		buf_addf(&cols, ", %s", col);
		buf_addf(&vals, ", ?%d", ++n);
	}
	step = db_loop_end(l->db, step, e);
	sqlite3_finalize(info);
	if (step)
		goto out;
	buf_reset(&sql);
	buf_addf(&sql, "INSERT INTO %s(source_id, line%s) VALUES (?1, ?2%s)",
		 schema_table(l->schema), cols.data, vals.data);
	rc = db_prepare(l->db, &l->ins, sql.data, e);
out:
	buf_release(&cols);
	buf_release(&vals);
	buf_release(&sql);
	return rc;
}

/* The file matches no schema. Its first row is not quoted: the log never
   shows a file's content (a file that is no CSV export at all may hold
   anything). */
static int unknown_kind(struct loader *l, struct err *e)
{
	size_t n = l->nabove ? l->nabove_fields[0] : l->nheader;

	return err_set(e, "unknown kind of file: its first row (%zu column%s) is the header of "
		       "no schema", n, n == 1 ? "" : "s");
}

/* Binds the header's columns to the fields of l->schema, by name (or an
   earlier name of the kind's mapping). */
static int bind_columns(struct loader *l, long line, struct err *e)
{
	struct buf missing = BUF_INIT, extra = BUF_INIT;
	size_t i, nf = schema_nfields(l->schema);
	int f;

	for (i = 0; i < l->nheader; i++) {
		int bound = 0;

		for (size_t k = 0; k < i; k++)
			if (!strcmp(l->header[k], l->header[i])) {
				buf_release(&extra);
				return err_set(e, "line %ld: column '%s' appears twice in the header",
					       line, l->header[i]);
			}
		/* By name first: a current column wins over an earlier name. */
		f = schema_find(l->schema, l->header[i]);
		if (f >= 0 && !strcmp(schema_field_name(l->schema, (size_t)f), l->header[i])) {
			l->field_col[f] = (int)i;
			continue;
		}
		for (f = schema_find_from(l->schema, l->header[i], 0); f >= 0;
		     f = schema_find_from(l->schema, l->header[i], (size_t)f + 1))
			if (l->field_col[f] < 0) {
				l->field_col[f] = (int)i;
				bound = 1;
			}
		if (!bound)
			buf_addf(&extra, "%s'%s'", extra.len ? ", " : "", l->header[i]);
	}
	for (i = 0; i < nf; i++) {
		if (l->field_col[i] >= 0)
			continue;
		if (schema_field_required(l->schema, i)) {
			buf_release(&extra);
			buf_release(&missing);
			return err_set(e, "required column '%s' is missing from the header",
				       schema_field_name(l->schema, i));
		}
		buf_addf(&missing, "%s'%s'", missing.len ? ", " : "",
			 schema_field_name(l->schema, i));
	}
	if (extra.len)
		log_info("'%s': columns not in schema '%s', ignored: %s", l->name,
			 schema_kind(l->schema), extra.data);
	if (missing.len)
		log_debug("'%s': optional columns absent: %s", l->name, missing.data);
	buf_release(&extra);
	buf_release(&missing);
	return 0;
}

/* The schemas whose header has n rows, into out (NULL-terminated); returns
   the most rows any schema has. */
static int schemas_of_rows(struct schema **schemas, int n, struct schema **out)
{
	int most = 1;
	size_t i, k = 0;

	for (i = 0; schemas[i]; i++) {
		int rows = schema_header_rows(schemas[i]);

		if (rows > most)
			most = rows;
		if (rows == n)
			out[k++] = schemas[i];
	}
	out[k] = NULL;
	return most;
}

/* The row's values, by field of the schema (nf of them). */
static void alloc_row(struct loader *l, size_t nf)
{
	l->field_col = xcalloc(nf, sizeof(int));
	l->val = xcalloc(nf, sizeof(char *));
	l->val_len = xcalloc(nf, sizeof(int));
	l->scratch = xcalloc(nf, sizeof(struct buf));
	l->label = xcalloc(nf, sizeof(char *));
	for (size_t i = 0; i < nf; i++) {
		buf_init(&l->scratch[i]);
		l->field_col[i] = -1;
		l->val_len[i] = -1;
	}
	/* A diagnostic's areas by their field, found once, not per row. */
	l->area_field = xcalloc(l->cfg->nareas, sizeof(int));
	for (size_t a = 0; a < l->cfg->nareas; a++)
		l->area_field[a] = schema_find(l->schema, l->cfg->areas[a]);
}

/* A header row. The kind is recognised from the names of the last row of
   its header: a schema of N header rows is tried on row N. The rows above
   are kept for a survey to bind its options under their question. */
static int header_row(struct loader *l, const struct csvin_record *r, struct err *e)
{
	struct schema *candidates[64];
	size_t i, nf, count;
	int most;

	if (r->bad_field >= 0)
		return err_set(e, "line %ld: the header is not valid text (%s)", r->line,
			       r->bad_reason);
	for (count = 0; l->schemas[count]; count++)
		;
	if (count >= sizeof(candidates) / sizeof(candidates[0]))
		return err_set(e, "too many schemas");
	if (l->header) {
		/* The previous row was not the last of a header: keep it above. */
		l->above[l->nabove] = l->header;
		l->nabove_fields[l->nabove++] = l->nheader;
		for (i = 0; i < l->nheader; i++)
			free(l->header_raw[i]);
		free(l->header_raw);
		l->header = l->header_raw = NULL;
	}
	l->nheader = r->nfields;
	l->header = calloc(r->nfields + 1, sizeof(char *));
	l->header_raw = calloc(r->nfields + 1, sizeof(char *));
	if (!l->header || !l->header_raw)
		xalloc_die();
	for (i = 0; i < r->nfields; i++) {
		l->header[i] = normalize_name(r->field[i]);
		l->header_raw[i] = trimmed(r->field[i]);
	}
	most = schemas_of_rows(l->schemas, (int)r->index + 1, candidates);
	l->schema = load_detect(candidates, l->header, l->nheader);
	if (!l->schema)
		return r->index + 1 < most && l->nabove < SURVEY_MAX_HEADER_ROWS - 1 ? 0
			: unknown_kind(l, e);
	l->st->kind = schema_kind(l->schema);
	l->is_diag = !strcmp(schema_kind(l->schema), "diagnostics");
	l->is_survey = !strcmp(schema_kind(l->schema), "survey");
	nf = schema_nfields(l->schema);
	alloc_row(l, nf);
	if (l->is_survey) {
		l->survey = config_survey(l->cfg, schema_name(l->schema));
		if (!l->survey || l->survey->ncolumns != nf)
			return err_set(e, "survey '%s' is not in the configuration",
				       schema_name(l->schema));
		if (load_survey_bind(l, r->line, e))
			return -1;
	} else if (bind_columns(l, r->line, e)) {
		return -1;
	}
	l->clean_flags = calloc(nf, sizeof(int));
	l->uniq = calloc(nf, sizeof(size_t));
	if (!l->clean_flags || !l->uniq)
		xalloc_die();
	for (i = 0; i < nf; i++) {
		int sib = schema_field_sibling(l->schema, i), col = l->field_col[i];

		if (col >= 0 && sib >= 0 && l->field_col[sib] == col)
			l->clean_flags[i] = SCHEMA_SPLIT;
		if (schema_field_unique(l->schema, i))
			l->uniq[l->nuniq++] = i;
	}
	if (source_start(l, e) || prepare_statements(l, e))
		return -1;
	if (!l->is_survey) {
		/* The reading thread validates the rows from here on. */
		l->pval = calloc(nf, sizeof(char *));
		l->pscratch = calloc(nf, sizeof(struct buf));
		if (!l->pval || !l->pscratch)
			xalloc_die();
		for (i = 0; i < nf; i++)
			buf_init(&l->pscratch[i]);
	}
	csvin_file_go(&l->csv, !l->is_survey);
	return 0;
}

static int quarantine(struct loader *l, const struct csvin_record *r, const char *field,
		      const char *code, const char *msg, struct err *e)
{
	sqlite3_stmt *q = l->quar;

	buf_reset(&l->raw);
	csvin_raw_text(&l->csv, r, &l->raw);
	sqlite3_bind_int64(q, 1, l->source_id);
	sqlite3_bind_int64(q, 2, r->line);
	db_bind_text(q, 3, field);
	sqlite3_bind_text(q, 4, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 5, msg, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 6, l->raw.data, (int)l->raw.len, SQLITE_STATIC);
	l->st->rows_quarantined++;
	if (l->st->rows_quarantined <= 20)
		log_debug("'%s' line %ld%s%s%s: %s (%s)", l->name, r->line,
			  field ? ", field '" : "", field ? field : "", field ? "'" : "",
			  msg, code);
	return db_step_done(l->db, q, e);
}

/* The cleaned value of field f of the current row, or NULL. */
static const char *cell(struct loader *l, int f)
{
	return f >= 0 ? l->val[f] : NULL;
}


static int insert_row(struct loader *l, const struct csvin_record *r, struct err *e)
{
	sqlite3_stmt *s = l->ins;
	size_t i;

	if (l->is_survey)
		return load_survey_insert(l, r, e);
	sqlite3_bind_int64(s, 1, l->source_id);
	sqlite3_bind_int64(s, 2, r->line);
	for (i = 0; i < l->nins; i++) {
		int f = l->ins_field[i];
		const char *v;

		if (f == -2) {
			/* area=level pairs for the diagnostic's assessed areas */
			buf_reset(&l->levels);
			for (size_t a = 0; a < l->cfg->nareas; a++) {
				const char *lv = cell(l, l->area_field[a]);

				if (!lv || !*lv)
					continue;
				if (l->levels.len)
					buf_addch(&l->levels, '|');
				buf_addstr(&l->levels, l->cfg->areas[a]);
				buf_addch(&l->levels, '=');
				buf_addstr(&l->levels, lv);
			}
			db_bind_textn(s, (int)i + 3, l->levels.data, l->levels.len);
			continue;
		}
		v = cell(l, f);
		if (!v)
			sqlite3_bind_null(s, (int)i + 3);
		else	/* the length the reading thread knew: no strlen */
			sqlite3_bind_text(s, (int)i + 3, v, l->val_len[f], SQLITE_STATIC);
	}
	l->st->rows_loaded++;
	return db_step_done(l->db, s, e);
}

/* Returns the line where v was first seen for field f (and -1 on error),
   or 0 after recording it. */
static int seen_before(struct loader *l, size_t f, const char *v, long line, struct err *e)
{
	int first;

	sqlite3_bind_int64(l->seen_get, 1, (sqlite3_int64)f);
	sqlite3_bind_text(l->seen_get, 2, v, -1, SQLITE_STATIC);
	first = db_step_row(l->db, l->seen_get, e);
	if (first == 1)
		first = sqlite3_column_int(l->seen_get, 0);
	sqlite3_reset(l->seen_get);
	if (first)
		return first;
	sqlite3_bind_int64(l->seen_put, 1, (sqlite3_int64)f);
	sqlite3_bind_text(l->seen_put, 2, v, -1, SQLITE_STATIC);
	sqlite3_bind_int64(l->seen_put, 3, line);
	return db_step_done(l->db, l->seen_put, e);
}

/* Adds an issue found by the loader itself: a duplicate key (blocking),
   or what a survey's layout says of a response. */
static void record_issue(struct loader *l, int f, int blocking, const char *code,
			 const char *rule, const char *value, const char *msg)
{
	schema_issue_record(&l->iss, f, blocking, code, rule, value, msg);
}


/* The row cannot serve: one quarantine row, with its first blocking
   problem and, after it, every other problem of the row. */
static int reject(struct loader *l, const struct csvin_record *r, struct err *e)
{
	const struct schema_issue *first = NULL;
	struct buf msg = BUF_INIT;
	size_t k;
	int rc;

	for (k = 0; k < l->iss.n && !first; k++)
		if (l->iss.v[k].blocking)
			first = &l->iss.v[k];
	buf_addstr(&msg, first->msg);
	for (k = 0; k < l->iss.n; k++) {
		const struct schema_issue *x = &l->iss.v[k];

		if (x == first)
			continue;
		buf_addf(&msg, "%s%s '%s': %s", msg.len ? "; " : "",
			 TR("field", "champ"), field_label(l, x->field), x->msg);
	}
	if (l->iss.more)
		buf_addf(&msg, TR("; and %zu more", "; et %zu de plus"), l->iss.more);
	rc = quarantine(l, r, field_label(l, first->field), first->code,
			msg.data, e);
	buf_release(&msg);
	return rc;
}

/* The row was kept: one warning row per problem found in it. */
static int warnings(struct loader *l, const struct csvin_record *r, struct err *e)
{
	sqlite3_stmt *w = l->warn;
	size_t k;

	if (!l->iss.n)
		return 0;
	l->st->rows_warned++;
	for (k = 0; k < l->iss.n; k++) {
		const struct schema_issue *x = &l->iss.v[k];

		sqlite3_bind_int64(w, 1, l->source_id);
		sqlite3_bind_int64(w, 2, r->line);
		sqlite3_bind_text(w, 3, field_label(l, x->field), -1, SQLITE_STATIC);
		sqlite3_bind_text(w, 4, x->code, -1, SQLITE_STATIC);
		sqlite3_bind_text(w, 5, x->rule, -1, SQLITE_STATIC);
		db_bind_text(w, 6, x->value[0] ? x->value : NULL);
		sqlite3_bind_text(w, 7, x->msg, -1, SQLITE_STATIC);
		if (db_step_done(l->db, w, e))
			return -1;
	}
	if (l->iss.more) {
		/* Past SCHEMA_MAX_ISSUES problems, one row says how many more. */
		char msg[96];

		snprintf(msg, sizeof(msg), TR("and %zu more problems on this row",
					      "et %zu problèmes de plus sur cette ligne"), l->iss.more);
		sqlite3_bind_int64(w, 1, l->source_id);
		sqlite3_bind_int64(w, 2, r->line);
		sqlite3_bind_null(w, 3);
		sqlite3_bind_text(w, 4, "constraint-error", -1, SQLITE_STATIC);
		sqlite3_bind_text(w, 5, "more", -1, SQLITE_STATIC);
		sqlite3_bind_null(w, 6);
		sqlite3_bind_text(w, 7, msg, -1, SQLITE_TRANSIENT);
		if (db_step_done(l->db, w, e))
			return -1;
	}
	l->st->warnings += (long)(l->iss.n + l->iss.more);
	return 0;
}

/* Cleans and validates the fields of row r into val (scratch holding
   what cleaning rewrote) and what was found into iss: what needs no
   database, so that it may run on the reading thread (prepare_row). len,
   when given, is told that the lengths are not known. */
static void validate_row(const struct loader *l, const struct csvin_record *r,
			 const char **val, int *len, struct buf *scratch,
			 struct schema_issues *iss)
{
	size_t i, nf = schema_nfields(l->schema);

	iss->n = iss->more = 0;
	for (i = 0; i < nf; i++) {
		int col = l->field_col[i];

		val[i] = col < 0 ? NULL : schema_clean_n(l->schema, i, r->field[col],
							 r->len[col], l->clean_flags[i],
							 &scratch[i], iss);
		if (len)
			len[i] = -1;
	}
	schema_check_row(l->schema, val, iss);
	if (r->kept_utf8)
		for (i = 0; i < nf; i++) {
			int col = l->field_col[i];

			if (col >= 0 && r->kept_utf8[col])
				schema_issue_record(iss, (int)i, 0, "encoding-error",
						    "mixed-encoding", r->field[col],
						    TR("UTF-8 text in a Windows-1252 file: "
						       "kept as UTF-8",
						       "texte UTF-8 dans un fichier "
						       "Windows-1252 : gardé en UTF-8"));
		}
}

/* A value in prepare_row's output: its length, then its bytes and a NUL;
   or one of these. */
#define PREP_NULL UINT32_MAX		/* no value */
#define PREP_FIELD (UINT32_MAX - 1)	/* the field's column as read */

/* csvin's prepare, on the reading thread once the header is bound (the
   loader's schema, columns and flags are not written again): a row that
   load_record() would not set aside before validating it is validated
   here, its values and issues written to out for unpack_row(). */
static void prepare_row(void *ctx, const struct csvin_record *r, struct buf *out)
{
	struct loader *l = ctx;
	size_t i, need, nf = schema_nfields(l->schema);
	char *d;

	if (r->unterminated || r->bad_field >= 0 || r->nfields != l->nheader)
		return;
	for (i = 0; i < r->nfields && !r->len[i]; i++)
		;
	if (i == r->nfields)
		return;
	validate_row(l, r, l->pval, NULL, l->pscratch, &l->piss);
	/* Room for it all first: one growth check, not one per value. */
	need = nf * sizeof(uint32_t) + 2 * sizeof(size_t) + l->piss.n * sizeof(l->piss.v[0]);
	for (i = 0; i < nf; i++) {
		const char *v = l->pval[i];

		if (v && v != r->field[l->field_col[i]])
			need += strlen(v) + 1;
	}
	buf_grow(out, need);
	d = out->data + out->len;
	for (i = 0; i < nf; i++) {
		const char *v = l->pval[i];
		uint32_t n;
		size_t len = 0;

		if (!v) {
			n = PREP_NULL;
		} else if (v == r->field[l->field_col[i]]) {
			n = PREP_FIELD;
		} else {
			len = strlen(v);
			n = (uint32_t)len;
		}
		memcpy(d, &n, sizeof(n));
		d += sizeof(n);
		if (n < PREP_FIELD) {
			memcpy(d, v, len + 1);
			d += len + 1;
		}
	}
	memcpy(d, &l->piss.n, sizeof(l->piss.n));
	d += sizeof(l->piss.n);
	memcpy(d, &l->piss.more, sizeof(l->piss.more));
	d += sizeof(l->piss.more);
	memcpy(d, l->piss.v, l->piss.n * sizeof(l->piss.v[0]));
	out->len += need;
	out->data[out->len] = '\0';
}

/* The values and issues prepare_row() wrote for r, into l->val and l->iss. */
static void unpack_row(struct loader *l, const struct csvin_record *r)
{
	const char *d = r->prep;
	size_t i, nf = schema_nfields(l->schema);

	for (i = 0; i < nf; i++) {
		uint32_t n;

		memcpy(&n, d, sizeof(n));
		d += sizeof(n);
		if (n == PREP_NULL) {
			l->val[i] = NULL;
		} else if (n == PREP_FIELD) {
			l->val[i] = r->field[l->field_col[i]];
			l->val_len[i] = (int)r->len[l->field_col[i]];
		} else {
			l->val[i] = d;
			l->val_len[i] = (int)n;
			d += n + 1;
		}
	}
	memcpy(&l->iss.n, d, sizeof(l->iss.n));
	d += sizeof(l->iss.n);
	memcpy(&l->iss.more, d, sizeof(l->iss.more));
	d += sizeof(l->iss.more);
	memcpy(l->iss.v, d, l->iss.n * sizeof(l->iss.v[0]));
	assert(d + l->iss.n * sizeof(l->iss.v[0]) == r->prep + r->prep_len);
}

static int load_record(struct loader *l, const struct csvin_record *r, struct err *e)
{
	const char *v;
	size_t i;

	l->encoding = r->encoding;
	l->delimiter = r->delimiter;
	if (!l->schema)
		return header_row(l, r, e);
	l->st->rows_read++;
	if (r->unterminated == CSVIN_RUNAWAY)
		return quarantine(l, r, NULL, "format-error",
				  "a quote opened on this line is never closed: the lines after it "
				  "read as rows, so the row is set aside and reading goes on at the "
				  "next line", e);
	if (r->unterminated)
		return quarantine(l, r, NULL, "format-error",
				  "a quoted field is not closed at the end of the file", e);
	if (r->bad_field >= 0)
		return quarantine(l, r, (size_t)r->bad_field < l->nheader ?
				  l->header[r->bad_field] : NULL, "encoding-error",
				  r->bad_reason, e);
	for (i = 0; i < r->nfields && !r->len[i]; i++)
		;
	if (i == r->nfields)
		return quarantine(l, r, NULL, "blank-row", "every cell of the row is empty", e);
	buf_reset(&l->msg);
	if (r->nfields < l->nheader) {
		buf_addf(&l->msg, "the row has %zu cells, the header %zu", r->nfields, l->nheader);
		return quarantine(l, r, l->header[r->nfields], "missing-cell", l->msg.data, e);
	}
	if (r->nfields > l->nheader) {
		buf_addf(&l->msg, "the row has %zu cells, the header %zu", r->nfields, l->nheader);
		return quarantine(l, r, NULL, "extra-cell", l->msg.data, e);
	}
	if (r->prep)
		unpack_row(l, r);
	else
		validate_row(l, r, l->val, l->val_len, l->scratch, &l->iss);
	for (size_t u = 0; u < l->nuniq; u++) {
		int rc;

		i = l->uniq[u];
		if (!(v = l->val[i]))
			continue;
		rc = seen_before(l, i, v, r->line, e);
		if (rc < 0)
			return -1;
		if (rc > 0) {
			buf_reset(&l->msg);
			buf_addf(&l->msg, TR("'%s' already appears on line %d",
					     "'%s' figure déjà ligne %d"), v, rc);
			record_issue(l, (int)i, 1, "unique-error", "duplicate", v, l->msg.data);
		}
	}
	if (l->is_survey)
		load_survey_check(l, r);
	if (schema_issues_blocking(&l->iss))
		return reject(l, r, e);
	if (insert_row(l, r, e))
		return -1;
	return warnings(l, r, e);
}

/* The reader's callback. A failure is placed at the record that failed:
   the reader, on its own thread, may be far ahead by then. */
static int on_record(void *ctx, const struct csvin_record *r, struct err *e)
{
	struct loader *l = ctx;

	if (!load_record(l, r, e))
		return 0;
	l->failed_record = 1;
	/* The record's own line, the header's too (line 1, or the last row of
	   a header of several): never the reading thread's, which is ahead. */
	if (!strstr(e->msg, "line "))
		err_prefix(e, "line %ld", r->line);
	return -1;
}

static double elapsed(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

static void draw_progress(void *ctx, unsigned long long done)
{
	struct loader *l = ctx;
	struct timespec now;
	double t, rate, left;
	int width = 24, filled;

	if (!l->progress || l->progress_done)
		return;
	if (done > l->total)
		done = l->total;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (!l->progress_final && elapsed(&l->last, &now) < 0.2)
		return;
	l->last = now;
	t = elapsed(&l->t0, &now);
	rate = t > 0 ? (double)done / t : 0;
	left = rate > 0 ? (double)(l->total - done) / rate : 0;
	filled = l->total ? (int)((double)width * (double)done / (double)l->total) : width;
	fprintf(stderr, "\r  %-28.28s [%.*s%*s] %3d%%  %ld rows  %.1f MB/s  %d:%02d left ",
		l->name, filled, "########################", width - filled, "",
		l->total ? (int)(100.0 * (double)done / (double)l->total) : 100,
		l->st->rows_read, rate / 1e6, (int)left / 60, (int)left % 60);
	if (l->progress_final) {
		fputc('\n', stderr);
		l->progress_done = 1;
	}
}

/* The file is hashed on its own thread, reading it a second time from
   the page cache, so that neither the parser nor the writer waits. */
struct hasher {
	const char *path;
	char hex[HASH_HEX_LEN + 1];
	struct err e;
	int rc;
};

static void *hash_thread(void *arg)
{
	struct hasher *h = arg;

	h->rc = hash_file(h->path, h->hex, &h->e);
	return NULL;
}

/* Reads every row of l->path into the staging tables, in the caller's
   transaction; -1 when the file as a whole is rejected. */
static int read_rows(struct loader *l, const struct load_opts *o, struct err *e)
{
	struct csvin_file_opts fo;

	if (csvin_init(&l->csv, 0, on_record, l, e))
		return -1;
	memset(&fo, 0, sizeof(fo));
	fo.chunk = o ? o->chunk : 0;
	fo.progress = draw_progress;
	fo.ctx = l;
	fo.threaded = !o || !o->single_thread;
	fo.prepare = prepare_row;
	if (csvin_file(&l->csv, l->path, &fo, e)) {
		if (!l->failed_record && l->csv.lines && !strstr(e->msg, "line "))
			err_prefix(e, "line %ld", l->csv.lines);
		return -1;
	}
	l->progress_final = 1;
	draw_progress(l, l->total);
	if (!l->schema) {
		if (l->header)
			return unknown_kind(l, e);	/* ended inside a header of several rows */
		return err_set(e, "the file is empty: no header, no rows");
	}
	if (l->st->rows_read == 0)
		return err_set(e, "the file has a header but no rows");
	return 0;
}

/* Frees what the loader holds (its statements, reader, header, row). */
static void loader_release(struct loader *l)
{
	size_t i;

	sqlite3_finalize(l->ins);
	sqlite3_finalize(l->quar);
	sqlite3_finalize(l->warn);
	sqlite3_finalize(l->seen_get);
	sqlite3_finalize(l->seen_put);
	csvin_release(&l->csv);
	for (i = 0; i < l->nheader; i++) {
		free(l->header[i]);
		free(l->header_raw ? l->header_raw[i] : NULL);
	}
	free(l->header);
	free(l->header_raw);
	for (size_t k = 0; k < l->nabove; k++) {
		for (i = 0; i < l->nabove_fields[k]; i++)
			free(l->above[k][i]);
		free(l->above[k]);
	}
	free(l->label);
	if (l->scratch)
		for (i = 0; l->schema && i < schema_nfields(l->schema); i++)
			buf_release(&l->scratch[i]);
	free(l->scratch);
	free(l->val);
	free(l->val_len);
	free(l->area_field);
	if (l->pscratch)
		for (i = 0; l->schema && i < schema_nfields(l->schema); i++)
			buf_release(&l->pscratch[i]);
	free(l->pscratch);
	free(l->pval);
	free(l->field_col);
	free(l->ins_field);
	free(l->clean_flags);
	free(l->uniq);
	buf_release(&l->msg);
	buf_release(&l->raw);
	buf_release(&l->levels);
}

int load_file(sqlite3 *db, const struct config *cfg, struct schema **schemas,
	      const char *path, const char *name, const struct load_opts *o,
	      struct load_stats *st, struct err *e)
{
	struct loader l;
	struct stat sb;
	char sha[HASH_HEX_LEN + 1];
	struct hasher hasher;
	pthread_t hasher_th;
	int rc = -1, found, hashing = 0;

	memset(st, 0, sizeof(*st));
	memset(&l, 0, sizeof(l));
	l.db = db;
	l.cfg = cfg;
	l.schemas = schemas;
	l.path = path;
	l.name = name;
	l.st = st;
	buf_init(&l.msg);
	buf_init(&l.raw);
	buf_init(&l.levels);
	found = source_seen_unchanged(&l, &sb, e);
	if (found) {
		st->skipped = found > 0 ? LOAD_SEEN : 0;
		return found > 0 ? 0 : -1;
	}
	l.total = (unsigned long long)sb.st_size;
	l.progress = o && o->progress;
	clock_gettime(CLOCK_MONOTONIC, &l.t0);
	l.last = l.t0;
	hasher.path = path;
	if (csvin_thread_start(&hasher_th, hash_thread, &hasher))
		return err_io(e, "out of memory: cannot start a thread");
	hashing = 1;
	if (db_exec(db, "BEGIN IMMEDIATE", e))
		goto out_free;
	if (read_rows(&l, o, e))
		goto out_rollback;
	pthread_join(hasher_th, NULL);
	hashing = 0;
	if (hasher.rc) {
		*e = hasher.e;
		goto out_rollback;
	}
	memcpy(sha, hasher.hex, sizeof(sha));
	/* The same content under another name: keep the first. */
	found = source_find(&l, "SELECT path FROM source_file WHERE sha256 = ?1 AND ?2 = ?3",
			    sha, 0, 0, e);
	if (found) {
		db_exec(db, "ROLLBACK", NULL);
		st->rows_read = st->rows_loaded = st->rows_quarantined = 0;
		st->skipped = found > 0 ? LOAD_SAME_CONTENT : 0;
		rc = found > 0 ? source_remember_copy(db, path, &sb, sha, e) : -1;
		goto out_free;
	}
	st->bytes = l.csv.bytes;
	st->encoding = csvin_encoding_name(l.encoding);
	st->delimiter = l.delimiter;
	if (source_finish(&l, sha, (long long)sb.st_mtime, e) || db_bump_generation(db, e) ||
	    db_exec(db, "COMMIT", e))
		goto out_rollback;
	rc = 0;
	goto out_free;

out_rollback:
	db_exec(db, "ROLLBACK", NULL);
	st->rows_read = st->rows_loaded = st->rows_quarantined = 0;
out_free:
	if (l.progress && !l.progress_done)
		fputc('\n', stderr);
	if (hashing)
		pthread_join(hasher_th, NULL);
	loader_release(&l);
	return rc;
}
