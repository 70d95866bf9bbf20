/*
 * pana-ingest: load every CSV file of the inbox into staging tables.
 * See load.h for what happens to one file and lib/geo.h for the
 * referential.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "cli.h"
#include "config.h"
#include "db.h"
#include "exitcode.h"
#include "lock.h"
#include "geo.h"
#include "load.h"
#include "log.h"
#include "schema.h"
#include "xalloc.h"

static const char *const input_schemas[] = {
	"associations.schema.json",
	"associations-import.schema.json",
	"structures.schema.json",
	"diagnostics.schema.json",
	"commune-coordinates.schema.json",
	NULL,
};

struct load_totals {
	long loaded, skipped, failed, rows, quarantined, warned, alarmed;
	long waiting;		/* modified too recently: left for the next run */
};

static int is_csv(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return d->d_name[0] != '.' && n > 4 && !strcasecmp(d->d_name + n - 4, ".csv");
}

static int load_schemas(const struct config *cfg, struct schema **out, size_t max,
			struct err *e)
{
	size_t i, a, n = 0;

	for (i = 0; input_schemas[i]; i++) {
		out[n] = schema_load(input_schemas[i], e);
		if (!out[n])
			return -1;
		if (!strcmp(schema_kind(out[n]), "diagnostics"))
			for (a = 0; a < cfg->nareas; a++)
				schema_add_int_field(out[n], cfg->areas[a], 0, 4);
		n++;
	}
	for (i = 0; i < cfg->nsurveys; i++) {
		if (n + 1 >= max)
			return err_set(e, "'%s': too many [survey] sections", cfg->path);
		out[n] = survey_schema(&cfg->surveys[i], e);
		if (!out[n])
			return -1;
		n++;
	}
	out[n] = NULL;
	return 0;
}

static int ingest_one(sqlite3 *db, const struct config *cfg, struct schema **schemas,
		      const char *path, const char *name, const struct load_opts *o,
		      struct load_totals *t, struct err *e)
{
	struct load_stats st;
	struct err fe;

	if (load_file(db, cfg, schemas, path, name, o, &st, &fe)) {
		if (fe.io) {
			/* The system failed, not the file: stop the run. */
			err_set(e, "'%s': %s", path, fe.msg);
			return -1;
		}
		log_error("'%s': %s", path, fe.msg);
		t->failed++;
	} else if (st.skipped == LOAD_SEEN) {
		log_debug("'%s': already ingested, unchanged", name);
		t->skipped++;
	} else if (st.skipped) {
		log_info("'%s': already ingested (same content as '%s'), skipped", name, st.same_as);
		t->skipped++;
	} else {
		double share = st.rows_read ? (double)st.rows_quarantined / (double)st.rows_read : 0;

		log_info("'%s': %s, %s, '%s': %ld rows read, %ld loaded (%ld with warnings), "
			 "%ld quarantined", name, st.kind, st.encoding,
			 st.delimiter == '\t' ? "\\t" : (char[2]){ st.delimiter, 0 },
			 st.rows_read, st.rows_loaded, st.rows_warned, st.rows_quarantined);
		/* A file that goes badly is said even under -q, and fails the
		   run's status, though what it had of good is loaded. */
		if (share > cfg->max_quarantined) {
			log_error("'%s': %ld of %ld rows quarantined (%.0f %%), more than [ingest] "
				  "max_quarantined (%.0f %%): see the quarantine table", path,
				  st.rows_quarantined, st.rows_read, 100 * share,
				  100 * cfg->max_quarantined);
			t->alarmed++;
		}
		t->loaded++;
		t->rows += st.rows_loaded;
		t->quarantined += st.rows_quarantined;
		t->warned += st.rows_warned;
	}
	return 0;
}

/*
 * A symbolic link of the inbox is read only when it leads to a file inside
 * the inbox (inbox_real: the inbox's real path): a link to /etc/passwd or to
 * another network's exports must never be opened. Returns 0 to read path,
 * 1 when it is refused (said on the log), -1 on a system error.
 */
static int link_outside(const char *inbox_real, const char *path, const char *name,
			struct err *e)
{
	struct stat sb;
	char *target;
	size_t n = strlen(inbox_real);
	int outside;

	if (lstat(path, &sb))
		return err_set(e, "'%s': %s", path, strerror(errno));
	if (!S_ISLNK(sb.st_mode))
		return 0;
	target = realpath(path, NULL);
	if (!target) {
		if (errno == ENOMEM)
			return err_io(e, "out of memory");
		log_error("'%s': a symbolic link to nothing readable (%s), refused", name,
			  strerror(errno));
		return 1;
	}
	outside = strncmp(target, inbox_real, n) || target[n] != '/';
	free(target);
	if (outside) {
		log_error("'%s': a symbolic link to a file outside the inbox, refused (not "
			  "opened): copy the file into the inbox instead", name);
		return 1;
	}
	return 0;
}

/* 1 when the file was modified less than [ingest] settle_minutes ago (or
   as far ahead): it may still be being written, and waits for the next
   run, said on the log. */
static int unsettled(const struct config *cfg, const char *path, const char *name)
{
	struct stat sb;
	time_t now = time(NULL);
	double age, settle = 60.0 * (double)cfg->settle_minutes;

	if (!cfg->settle_minutes || stat(path, &sb))
		return 0;	/* a file that cannot be read is said by load_file */
	age = difftime(now, sb.st_mtime);
	if (age >= settle || age <= -settle)
		return 0;
	log_info("'%s': modified %.0f s ago, less than [ingest] settle_minutes (%ld): it may "
		 "still be being written, left for the next run", name, age, cfg->settle_minutes);
	return 1;
}

/* The files named on the command line, or else every *.csv of the inbox,
   in name order. */
/* The commune coordinates of [coverage] commune_coordinates, wherever the
   file lives: read as that kind only, once per change, like a file of the
   inbox. */
static int ingest_coordinates(sqlite3 *db, const struct config *cfg, struct schema **schemas,
			      const struct load_opts *o, struct load_totals *t, struct err *e)
{
	struct schema *only[2] = { NULL, NULL };
	const char *slash;
	size_t i;

	if (!cfg->coordinates)
		return 0;
	for (i = 0; schemas[i]; i++)
		if (!strcmp(schema_kind(schemas[i]), "commune-coordinates"))
			only[0] = schemas[i];
	if (!only[0])
		return err_set(e, "no schema for commune coordinates");
	slash = strrchr(cfg->coordinates, '/');
	return ingest_one(db, cfg, only, cfg->coordinates, slash ? slash + 1 : cfg->coordinates,
			  o, t, e);
}

static int ingest_files(sqlite3 *db, const struct config *cfg, struct schema **schemas,
			const struct cli *cli, struct load_totals *t, struct err *e)
{
	struct dirent **list = NULL;
	struct load_opts o = { .progress = 0 };
	struct buf path = BUF_INIT;
	char *inbox_real;
	int n, i, stop = 0;

	o.progress = log_level >= LOG_INFO && isatty(STDERR_FILENO);
	if (cli->nfiles) {
		for (i = 0; i < cli->nfiles; i++) {
			const char *slash = strrchr(cli->files[i], '/');

			if (ingest_one(db, cfg, schemas, cli->files[i],
				       slash ? slash + 1 : cli->files[i], &o, t, e))
				return -1;
		}
		return 0;
	}
	inbox_real = realpath(cfg->inbox, NULL);
	if (!inbox_real)
		return err_set(e, "cannot read the inbox '%s': %s", cfg->inbox, strerror(errno));
	n = scandir(cfg->inbox, &list, is_csv, alphasort);
	if (n < 0) {
		err_set(e, "cannot read the inbox '%s': %s", cfg->inbox, strerror(errno));
		free(inbox_real);
		return -1;
	}
	for (i = 0; i < n; i++) {
		buf_reset(&path);
		buf_addf(&path, "%s/%s", cfg->inbox, list[i]->d_name);
		if (!stop) {
			int rc = link_outside(inbox_real, path.data, list[i]->d_name, e);

			if (rc < 0)
				stop = 1;
			else if (rc > 0)
				t->failed++;
			else if (unsettled(cfg, path.data, list[i]->d_name))
				t->waiting++;
			else if (ingest_one(db, cfg, schemas, path.data, list[i]->d_name, &o, t, e))
				stop = 1;
		}
		free(list[i]);
	}
	free(list);
	free(inbox_real);
	buf_release(&path);
	if (!stop && ingest_coordinates(db, cfg, schemas, &o, t, e))
		stop = 1;
	return stop ? -1 : 0;
}

int main(int argc, char **argv)
{
	struct cli cli;
	struct config cfg;
	struct schema *schemas[64] = { 0 };
	struct buf summary = BUF_INIT;
	struct err e;
	sqlite3 *db = NULL;
	long long run_id = 0;
	int lock = -1;
	struct load_totals t = { 0, 0, 0, 0, 0, 0, 0, 0 };
	int rc = EXIT_OK, i;

	log_prog = "pana-ingest";
	xalloc_install();
	if (cli_start(&cli, &cfg, argc, argv, "pana-ingest",
		      "Loads the geography referential, then the FILEs given or else "
		      "every CSV file\nof the inbox ([paths] inbox) not ingested yet, into the staging "
		      "tables;\nrows that fail validation go to the quarantine table.",
		      CLI_FILES, &rc))
		return rc;
	/* One pana program at a time; pana-run hands its lock down. */
	rc = lock_take_or_say(cfg.database, &lock);
	if (rc)
		goto out;
	if (db_open(&db, cfg.database, &e) || db_run_start(db, "ingest", &run_id, &e)) {
		log_error("%s", e.msg);
		rc = EXIT_IO;
		goto out;
	}
	if (geo_load(db, cfg.geography, &e) < 0) {
		log_error("%s", e.msg);
		rc = e.io ? EXIT_IO : EXIT_DATA;
		goto out_run;
	}
	if (load_schemas(&cfg, schemas, sizeof(schemas) / sizeof(schemas[0]), &e) ||
	    ingest_files(db, &cfg, schemas, &cli, &t, &e)) {
		log_error("%s", e.msg);
		rc = EXIT_IO;
		goto out_run;
	}
	buf_addf(&summary, "%ld files loaded (%ld rows, %ld with warnings, %ld quarantined), "
		 "%ld already ingested, %ld rejected", t.loaded, t.rows, t.warned, t.quarantined,
		 t.skipped, t.failed);
	if (t.alarmed)
		buf_addf(&summary, ", %ld past max_quarantined", t.alarmed);
	if (t.waiting)
		buf_addf(&summary, ", %ld left for the next run (modified in the last %ld minutes)",
			 t.waiting, cfg.settle_minutes);
	log_info("ingest: %s", summary.data);
	if (t.failed || t.alarmed)
		rc = EXIT_DATA;
out_run:
	if (db_run_end(db, run_id, rc == EXIT_OK ? "ok" : "failed",
		       rc == EXIT_OK || summary.len ? summary.data : e.msg, &e)) {
		log_error("%s", e.msg);
		rc = EXIT_IO;
	}
out:
	for (i = 0; schemas[i]; i++)
		schema_free(schemas[i]);
	buf_release(&summary);
	db_close(db);
	lock_release(lock);
	config_release(&cfg);
	return rc;
}
