/*
 * pana-transform: turn staging rows into the model keyed on the current
 * geography. Each source file not transformed yet is handled in its own
 * transaction (associations first, then structures, then diagnostics), so
 * the run is incremental and a crash leaves no half-transformed file.
 */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "cli.h"
#include "clues.h"
#include "config.h"
#include "db.h"
#include "exitcode.h"
#include "lock.h"
#include "log.h"
#include "model.h"
#include "resolve.h"

struct pending {
	long long id;
	char kind[32];
	char path[1024];
};

/* One file's rows into the model, inside the caller's transaction. */
static int transform_rows(sqlite3 *db, const struct resolver *r, const struct config *cfg,
			  const struct pending *p, struct model_counts *n, struct err *e)
{
	sqlite3_stmt *st;
	char now[21];
	int rc;

	if (!strcmp(p->kind, "associations"))
		rc = model_associations(db, r, p->id, n, e);
	else if (!strcmp(p->kind, "structures"))
		rc = model_structures(db, r, p->id, n, e);
	else if (!strcmp(p->kind, "diagnostics"))
		rc = model_diagnostics(db, r, cfg, p->id, n, e);
	else if (!strcmp(p->kind, "survey"))
		rc = model_surveys(db, r, cfg, p->id, n, e);
	else if (!strcmp(p->kind, "commune-coordinates"))
		rc = model_coordinates(db, p->id, n, e);
	else
		rc = 0;
	if (!rc)
		rc = model_save_counts(db, p->id, n, e);
	/* With the file's rows, in their transaction: the links to redo,
	   even when the run is stopped before it redoes them. */
	if (!rc)
		rc = db_meta_set(db, "links_stale", "1", e);
	if (!rc)
		rc = db_bump_generation(db, e);
	if (!rc) {
		log_now(now);
		rc = db_prepare(db, &st, "UPDATE source_file SET transformed_at = ?1 WHERE id = ?2", e);
		if (!rc) {
			sqlite3_bind_text(st, 1, now, -1, SQLITE_STATIC);
			sqlite3_bind_int64(st, 2, p->id);
			rc = db_step_done(db, st, e);
			sqlite3_finalize(st);
		}
	}
	return rc;
}

static int transform_file(sqlite3 *db, const struct resolver *r, const struct config *cfg,
			  const struct pending *p, int in_tx, struct model_counts *n, struct err *e)
{
	int rc;

	memset(n, 0, sizeof(*n));
	if (in_tx)
		return transform_rows(db, r, cfg, p, n, e);
	if (db_exec(db, "BEGIN IMMEDIATE", e))
		return -1;
	rc = transform_rows(db, r, cfg, p, n, e);
	if (!rc)
		rc = db_exec(db, "COMMIT", e);
	if (rc)
		db_exec(db, "ROLLBACK", NULL);
	return rc;
}

/* 1 when a file was transformed since the links were last made (or the
   flag cannot be read: then make them). */
static int links_stale(sqlite3 *db)
{
	char v[8] = "1";

	return db_meta_get(db, "links_stale", v, sizeof(v), NULL) != 1 || strcmp(v, "0");
}

static int run(sqlite3 *db, const struct config *cfg, int rebuild, struct buf *summary,
	       struct err *e)
{
	struct resolver *r = NULL;
	sqlite3_stmt *st;
	struct pending p;
	struct model_counts n;
	long files = 0, rows = 0, unresolved = 0;
	int rc = 0;

	if (rebuild) {
		/* Every staged file again, from an empty model, in one
		   transaction: a reader, or a run stopped half-way, sees the
		   old model whole or the new one whole, never an empty one. */
		if (db_exec(db, "BEGIN IMMEDIATE", e))
			return -1;
		if (db_reset_model(db, e) || db_bump_generation(db, e)) {
			db_exec(db, "ROLLBACK", NULL);
			return -1;
		}
		log_info("transform: rebuilding the model from every staged file, in one transaction");
	}
	if (db_prepare(db, &st, "SELECT id, kind, path FROM source_file WHERE transformed_at IS NULL "
		       "ORDER BY CASE kind WHEN 'associations' THEN 0 WHEN 'structures' THEN 1 "
		       "WHEN 'diagnostics' THEN 2 ELSE 3 END, id", e))
		goto out_rollback;
	/* Read the list first: each file commits while we iterate. */
	for (;;) {
		int next;

		sqlite3_reset(st);
		next = db_step_row(db, st, e);
		if (next <= 0) {
			rc = next;
			break;
		}
		p.id = sqlite3_column_int64(st, 0);
		snprintf(p.kind, sizeof(p.kind), "%s", (const char *)sqlite3_column_text(st, 1));
		snprintf(p.path, sizeof(p.path), "%s", (const char *)sqlite3_column_text(st, 2));
		sqlite3_reset(st);
		/* The referential, once, and only when a file is pending: an
		   unchanged night does not pay for it. */
		if (!r && (!(r = resolver_load(db, e)) || clues_build(db, e))) {
			rc = -1;
			break;
		}
		if (transform_file(db, r, cfg, &p, rebuild, &n, e)) {
			err_prefix(e, "'%s'", p.path);
			rc = -1;
			break;
		}
		files++;
		rows += n.placed;
		unresolved += n.unresolved;
		log_info("'%s': %s: %ld rows placed (exact %ld, zero restored %ld, arrondissement %ld, "
			 "delegated %ld, old code %ld, postal %ld, postal and name %ld, name %ld), "
			 "%ld unresolved, %ld in overseas collectivities outside the report, "
			 "%ld warnings", p.path, p.kind, n.placed, n.rule[RESOLVE_EXACT],
			 n.rule[RESOLVE_ZERO], n.rule[RESOLVE_ARRONDISSEMENT], n.rule[RESOLVE_DELEGUEE],
			 n.rule[RESOLVE_ANCIEN], n.rule[RESOLVE_POSTAL], n.rule[RESOLVE_POSTAL_NAME],
			 n.rule[RESOLVE_NAME], n.unresolved, n.outside, n.warnings);
	}
	sqlite3_finalize(st);
	resolver_free(r);
	/* Links change only with new rows, or when a run stopped after a
	   file and before its links: an unchanged night reads the list of
	   files and one flag, and stops. */
	if (!rc && (files || rebuild || links_stale(db))) {
		if (!rebuild)
			rc = db_exec(db, "BEGIN IMMEDIATE", e);
		if (!rc)
			rc = model_link(db, e);
		if (!rc)
			rc = db_meta_set(db, "links_stale", "0", e);
		if (!rc)
			rc = db_exec(db, "COMMIT", e);
	}
	if (rc)
		db_exec(db, "ROLLBACK", NULL);
	buf_addf(summary, "%ld files transformed, %ld rows placed, %ld unresolved", files, rows,
		 unresolved);
	return rc;

out_rollback:
	if (rebuild)
		db_exec(db, "ROLLBACK", NULL);
	return -1;
}

int main(int argc, char **argv)
{
	struct cli cli;
	struct config cfg;
	struct buf summary = BUF_INIT;
	struct err e;
	sqlite3 *db = NULL;
	long long run_id = 0;
	int lock = -1;
	int rc = EXIT_OK;

	log_prog = "pana-transform";
	if (cli_start(&cli, &cfg, argc, argv, "pana-transform",
		      "Turns the staging rows of newly ingested files into the "
		      "model\n(association, structure, diagnostic, survey) keyed on the current "
		      "communes;\n--force rebuilds the model from every staged file.",
		      CLI_FORCE, &rc))
		return rc;
	/* One pana program at a time; pana-run hands its lock down. */
	rc = lock_take_or_say(cfg.database, &lock);
	if (rc)
		goto out;
	/* Without foreign key enforcement: every commune, department and
	   diagnostic the model refers to is taken from the same database in
	   the same transaction (the clues, the resolver, the placed rows), and
	   a new geography empties the model first (geo_load). The check could
	   not fail, and it cost a lookup for each of 2 million associations and
	   each level of a diagnostic (1 to 1.5 s a national night); the tests
	   run PRAGMA foreign_key_check on every model they build. */
	if (db_open(&db, cfg.database, &e) ||
	    db_exec(db, "PRAGMA foreign_keys = OFF", &e) ||
	    db_run_start(db, "transform", &run_id, &e)) {
		log_error("%s", e.msg);
		rc = EXIT_IO;
		goto out;
	}
	if (run(db, &cfg, cli.force, &summary, &e)) {
		log_error("%s", e.msg);
		rc = EXIT_IO;
	} else {
		log_info("transform: %s", summary.data);
	}
	if (db_run_end(db, run_id, rc ? "failed" : "ok", rc ? e.msg : summary.data, &e)) {
		log_error("%s", e.msg);
		rc = EXIT_IO;
	}
out:
	buf_release(&summary);
	db_close(db);
	lock_release(lock);
	config_release(&cfg);
	return rc;
}
