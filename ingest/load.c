#include "load.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "buf.h"
#include "csvin.h"
#include "db.h"
#include "hash.h"
#include "log.h"

struct loader {
	sqlite3 *db;
	const struct config *cfg;
	struct schema **schemas;
	struct schema *schema;
	const char *path, *name, *sha;
	struct csvin csv;
	struct load_stats *st;
	long long source_id;
	size_t nheader;
	char **header;
	int *field_col;		/* schema field -> header column, or -1 */
	int *ins_field;		/* staging column -> schema field; -2: levels */
	size_t nins;
	int is_diag, is_survey;
	int rna_field, siret_field;
	sqlite3_stmt *ins, *quar;
	struct buf msg, raw, levels;
	/* progress bar */
	int progress;
	unsigned long long total;
	struct timespec t0, last;
};

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

static void normalize_name(char *s)
{
	size_t len = strlen(s), a = 0;
	char *p;

	while (a < len && (s[a] == ' ' || s[a] == '\t'))
		a++;
	while (len > a && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	memmove(s, s + a, len - a);
	s[len - a] = '\0';
	for (p = s; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
}

static int start_source(struct loader *l, struct err *e)
{
	sqlite3_stmt *st;
	char now[21], delim[3];
	int rc;

	log_now(now);
	if (l->csv.delimiter == '\t')
		snprintf(delim, sizeof(delim), "\\t");
	else
		snprintf(delim, sizeof(delim), "%c", l->csv.delimiter);
	if (db_prepare(l->db, &st, "INSERT INTO source_file(path, sha256, kind, encoding, "
		       "delimiter, ingested_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", e))
		return -1;
	sqlite3_bind_text(st, 1, l->path, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, l->sha, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, schema_kind(l->schema), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, csvin_encoding_name(l->csv.encoding), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, delim, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, now, -1, SQLITE_STATIC);
	rc = db_step_done(l->db, st, e);
	sqlite3_finalize(st);
	l->source_id = sqlite3_last_insert_rowid(l->db);
	return rc;
}

static int prepare_statements(struct loader *l, struct err *e)
{
	struct buf cols = BUF_INIT, vals = BUF_INIT, sql = BUF_INIT;
	sqlite3_stmt *info;
	int rc = -1, n = 2;

	if (db_prepare(l->db, &l->quar, "INSERT INTO quarantine(source_id, stage, line, "
		       "field, error, message, raw) VALUES (?1, 'ingest', ?2, ?3, ?4, ?5, ?6)", e))
		return -1;
	if (l->is_survey)
		return db_prepare(l->db, &l->ins, "INSERT INTO stg_survey(source_id, line, survey, "
				  "response_id, submitted_at, commune, answers) "
				  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", e);
	if (!schema_table(l->schema))
		return err_set(e, "kind '%s' has no staging table", schema_kind(l->schema));
	buf_addf(&sql, "SELECT name FROM pragma_table_info('%s')", schema_table(l->schema));
	if (db_prepare(l->db, &info, sql.data, e))
		goto out;
	l->ins_field = calloc(64, sizeof(int));
	if (!l->ins_field)
		abort();
	while (sqlite3_step(info) == SQLITE_ROW) {
		const char *col = (const char *)sqlite3_column_text(info, 0);
		int f;

		if (!strcmp(col, "source_id") || !strcmp(col, "line"))
			continue;
		if (l->is_diag && !strcmp(col, "levels"))
			f = -2;
		else if ((f = schema_find(l->schema, col)) < 0) {
			err_set(e, "staging table '%s' has a column '%s' that schema '%s' lacks",
				schema_table(l->schema), col, schema_kind(l->schema));
			sqlite3_finalize(info);
			goto out;
		}
		if (l->nins == 64) {
			sqlite3_finalize(info);
			err_set(e, "staging table '%s' has too many columns", schema_table(l->schema));
			goto out;
		}
		l->ins_field[l->nins++] = f;
		buf_addf(&cols, ", %s", col);
		buf_addf(&vals, ", ?%d", ++n);
	}
	sqlite3_finalize(info);
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

static int bind_header(struct loader *l, const struct csvin_record *r, struct err *e)
{
	struct buf missing = BUF_INIT, extra = BUF_INIT;
	size_t i, nf;
	int f;

	if (r->bad_field >= 0)
		return err_set(e, "line %ld: the header is not valid text (%s)", r->line,
			       r->bad_reason);
	l->nheader = r->nfields;
	l->header = calloc(r->nfields + 1, sizeof(char *));
	if (!l->header)
		abort();
	for (i = 0; i < r->nfields; i++) {
		l->header[i] = strdup(r->field[i]);
		if (!l->header[i])
			abort();
		normalize_name(l->header[i]);
	}
	l->schema = load_detect(l->schemas, l->header, l->nheader);
	if (!l->schema) {
		struct buf b = BUF_INIT;

		for (i = 0; i < l->nheader && i < 6; i++)
			buf_addf(&b, "%s'%s'", i ? ", " : "", l->header[i]);
		err_set(e, "unknown kind of file: its header (%s%s) matches no schema",
			b.data, l->nheader > 6 ? ", ..." : "");
		buf_release(&b);
		return -1;
	}
	l->st->kind = schema_kind(l->schema);
	l->is_diag = !strcmp(schema_kind(l->schema), "diagnostics");
	l->is_survey = !strcmp(schema_kind(l->schema), "survey");
	nf = schema_nfields(l->schema);
	l->field_col = malloc(nf * sizeof(int));
	if (!l->field_col)
		abort();
	for (i = 0; i < nf; i++)
		l->field_col[i] = -1;
	for (i = 0; i < l->nheader; i++) {
		f = schema_find(l->schema, l->header[i]);
		if (f < 0) {
			buf_addf(&extra, "%s'%s'", extra.len ? ", " : "", l->header[i]);
			continue;
		}
		if (l->field_col[f] >= 0) {
			buf_release(&extra);
			return err_set(e, "line %ld: column '%s' appears twice in the header",
				       r->line, l->header[i]);
		}
		l->field_col[f] = (int)i;
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
	l->rna_field = schema_find(l->schema, "rna");
	l->siret_field = schema_find(l->schema, "siret");
	if (start_source(l, e) || prepare_statements(l, e))
		return -1;
	return 0;
}

static int quarantine(struct loader *l, const struct csvin_record *r, const char *field,
		      const char *code, const char *msg, struct err *e)
{
	sqlite3_stmt *q = l->quar;

	buf_reset(&l->raw);
	csvin_raw_text(&l->csv, r->raw, r->raw_len, &l->raw);
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

static const char *cell(struct loader *l, const struct csvin_record *r, int f)
{
	int col = f >= 0 ? l->field_col[f] : -1;

	if (col < 0 || (size_t)col >= r->nfields)
		return NULL;
	return r->field[col];
}

/* A survey response: fields 0, 1 and 2 of a survey schema are the id, the
   date and the commune; the others are questions, kept as a JSON object. */
static int insert_survey(struct loader *l, const struct csvin_record *r, struct err *e)
{
	sqlite3_stmt *s = l->ins;
	json_t *answers = json_object();
	char *text;
	size_t i, nf = schema_nfields(l->schema);
	int rc;

	sqlite3_bind_int64(s, 1, l->source_id);
	sqlite3_bind_int64(s, 2, r->line);
	sqlite3_bind_text(s, 3, schema_name(l->schema), -1, SQLITE_STATIC);
	for (i = 0; i < 3; i++)
		db_bind_text(s, (int)i + 4, cell(l, r, (int)i));
	for (i = 3; i < nf; i++) {
		const char *v = cell(l, r, (int)i);

		if (v && *v)
			json_object_set_new(answers, schema_field_name(l->schema, i), json_string(v));
	}
	text = json_dumps(answers, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(answers);
	if (!text)
		return err_set(e, "out of memory");
	sqlite3_bind_text(s, 7, text, -1, free);
	l->st->rows_loaded++;
	rc = db_step_done(l->db, s, e);
	return rc;
}

static int insert_row(struct loader *l, const struct csvin_record *r, struct err *e)
{
	sqlite3_stmt *s = l->ins;
	size_t i;

	if (l->is_survey)
		return insert_survey(l, r, e);
	sqlite3_bind_int64(s, 1, l->source_id);
	sqlite3_bind_int64(s, 2, r->line);
	for (i = 0; i < l->nins; i++) {
		int f = l->ins_field[i];
		const char *v;

		if (f == -2) {
			/* area=level pairs for the diagnostic's assessed areas */
			buf_reset(&l->levels);
			for (size_t a = 0; a < l->cfg->nareas; a++) {
				int af = schema_find(l->schema, l->cfg->areas[a]);
				const char *lv = cell(l, r, af);

				if (lv && *lv)
					buf_addf(&l->levels, "%s%s=%s", l->levels.len ? "|" : "",
						 l->cfg->areas[a], lv);
			}
			db_bind_textn(s, (int)i + 3, l->levels.data, l->levels.len);
			continue;
		}
		v = cell(l, r, f);
		if (!v || schema_is_missing(l->schema, (size_t)f, v))
			sqlite3_bind_null(s, (int)i + 3);
		else
			sqlite3_bind_text(s, (int)i + 3, v, -1, SQLITE_STATIC);
	}
	l->st->rows_loaded++;
	return db_step_done(l->db, s, e);
}

static int on_record(void *ctx, const struct csvin_record *r, struct err *e)
{
	struct loader *l = ctx;
	const char *code = NULL, *v;
	size_t i, nf;

	if (r->index == 0)
		return bind_header(l, r, e);
	l->st->rows_read++;
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
	nf = schema_nfields(l->schema);
	for (i = 0; i < nf; i++) {
		if (l->field_col[i] < 0)
			continue;
		v = r->field[l->field_col[i]];
		if (schema_check(l->schema, i, v, &code, &l->msg))
			return quarantine(l, r, schema_field_name(l->schema, i), code,
					  l->msg.data, e);
	}
	if (l->is_diag) {
		const char *rna = cell(l, r, l->rna_field), *siret = cell(l, r, l->siret_field);

		if ((!rna || !*rna) && (!siret || !*siret))
			return quarantine(l, r, "rna", "constraint-error",
					  "one of rna and siret is required", e);
	}
	return insert_row(l, r, e);
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

	if (!l->progress)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (done < l->total && elapsed(&l->last, &now) < 0.2)
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
	if (done >= l->total)
		fputc('\n', stderr);
}

static int already_loaded(struct loader *l, struct err *e)
{
	sqlite3_stmt *st;
	int found = 0;

	if (db_prepare(l->db, &st, "SELECT path FROM source_file WHERE sha256 = ?1", e))
		return -1;
	sqlite3_bind_text(st, 1, l->sha, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(l->st->same_as, sizeof(l->st->same_as), "%s",
			 (const char *)sqlite3_column_text(st, 0));
		found = 1;
	}
	sqlite3_finalize(st);
	return found;
}

static int finish_source(struct loader *l, struct err *e)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(l->db, &st, "UPDATE source_file SET rows_read = ?1, rows_loaded = ?2, "
		       "rows_quarantined = ?3, bytes = ?4, encoding = ?5 WHERE id = ?6", e))
		return -1;
	sqlite3_bind_int64(st, 1, l->st->rows_read);
	sqlite3_bind_int64(st, 2, l->st->rows_loaded);
	sqlite3_bind_int64(st, 3, l->st->rows_quarantined);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)l->st->bytes);
	sqlite3_bind_text(st, 5, csvin_encoding_name(l->csv.encoding), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, l->source_id);
	rc = db_step_done(l->db, st, e);
	sqlite3_finalize(st);
	return rc;
}

int load_file(sqlite3 *db, const struct config *cfg, struct schema **schemas,
	      const char *path, const char *name, const struct load_opts *o,
	      struct load_stats *st, struct err *e)
{
	struct loader l;
	struct stat sb;
	char sha[HASH_HEX_LEN + 1];
	size_t i;
	int rc = -1, found;

	memset(st, 0, sizeof(*st));
	memset(&l, 0, sizeof(l));
	l.db = db;
	l.cfg = cfg;
	l.schemas = schemas;
	l.path = path;
	l.name = name;
	l.sha = sha;
	l.st = st;
	buf_init(&l.msg);
	buf_init(&l.raw);
	buf_init(&l.levels);
	if (stat(path, &sb))
		return err_set(e, "cannot read: %s", strerror(errno));
	if (!S_ISREG(sb.st_mode))
		return err_set(e, "not a regular file");
	if (sb.st_size == 0)
		return err_set(e, "the file is empty");
	if (hash_file(path, sha, e))
		return -1;
	found = already_loaded(&l, e);
	if (found) {
		st->skipped = found > 0;
		return found > 0 ? 0 : -1;
	}
	l.total = (unsigned long long)sb.st_size;
	l.progress = o && o->progress;
	clock_gettime(CLOCK_MONOTONIC, &l.t0);
	l.last = l.t0;
	if (db_exec(db, "BEGIN IMMEDIATE", e))
		return -1;
	if (csvin_init(&l.csv, 0, on_record, &l, e))
		goto out_rollback;
	if (csvin_file(&l.csv, path, o ? o->chunk : 0, draw_progress, &l, e)) {
		if (l.csv.lines && !strstr(e->msg, "line "))
			err_prefix(e, "line %ld", l.csv.lines);
		goto out_rollback;
	}
	if (!l.schema) {
		err_set(e, "the file has no header");
		goto out_rollback;
	}
	if (st->rows_read == 0) {
		err_set(e, "the file has a header but no rows");
		goto out_rollback;
	}
	st->bytes = l.csv.bytes;
	st->encoding = csvin_encoding_name(l.csv.encoding);
	st->delimiter = l.csv.delimiter;
	if (finish_source(&l, e) || db_exec(db, "COMMIT", e))
		goto out_rollback;
	rc = 0;
	goto out_free;

out_rollback:
	db_exec(db, "ROLLBACK", NULL);
	st->rows_read = st->rows_loaded = st->rows_quarantined = 0;
out_free:
	if (l.progress && rc)
		fputc('\n', stderr);
	sqlite3_finalize(l.ins);
	sqlite3_finalize(l.quar);
	csvin_release(&l.csv);
	for (i = 0; i < l.nheader; i++)
		free(l.header[i]);
	free(l.header);
	free(l.field_col);
	free(l.ins_field);
	buf_release(&l.msg);
	buf_release(&l.raw);
	buf_release(&l.levels);
	return rc;
}
