/*
 * pana-report: write the yearly report from the statistics tables that
 * pana-stats filled: a PDF, its charts as PNG and SVG, its tables as CSV.
 * The output folder reports/YEAR is built aside and swapped in whole, so
 * a reader never sees half a report.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "xalloc.h"
#include "cli.h"
#include "config.h"
#include "chart.h"
#include "document.h"
#include "db.h"
#include "exitcode.h"
#include "lock.h"
#include "log.h"

struct report {
	sqlite3 *db;
	const struct config *cfg;
	int year;
	char vintage[64], asof[32];
	struct buf dir;		/* the folder being written */
};

static void copy(char *dst, size_t n, const unsigned char *s)
{
	snprintf(dst, n, "%s", s ? (const char *)s : "");
}

static int rm_entry(const char *p, const struct stat *sb, int flag, struct FTW *f)
{
	(void)sb;
	(void)flag;
	(void)f;
	return remove(p);
}

static int mkdir_p(const char *path, struct err *e)
{
	struct buf b = BUF_INIT;
	char *p;

	buf_addstr(&b, path);
	for (p = b.data + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(b.data, 0755) && errno != EEXIST) {
			err_set(e, "cannot create '%s': %s", b.data, strerror(errno));
			buf_release(&b);
			return -1;
		}
		*p = '/';
	}
	if (mkdir(b.data, 0755) && errno != EEXIST) {
		err_set(e, "cannot create '%s': %s", b.data, strerror(errno));
		buf_release(&b);
		return -1;
	}
	buf_release(&b);
	return 0;
}

/* The old report goes to reports/.YEAR.old, the new one to reports/YEAR,
   then the old one is removed. A run stopped between the two renames
   leaves .YEAR.old, which the next run puts back first (restore_old). */
static int swap_by_renames(struct report *r, const struct buf *final, struct err *e)
{
	struct buf old = BUF_INIT;
	int rc = -1;

	buf_addf(&old, "%s/.%d.old", r->cfg->reports, r->year);
	nftw(old.data, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	if (rename(final->data, old.data)) {
		err_set(e, "cannot replace '%s': %s", final->data, strerror(errno));
		goto out;
	}
	if (rename(r->dir.data, final->data)) {
		err_set(e, "cannot rename '%s': %s", r->dir.data, strerror(errno));
		if (rename(old.data, final->data))
			log_error("cannot put back '%s' as '%s': %s", old.data, final->data,
				  strerror(errno));
		goto out;
	}
	log_debug("'%s' replaced by two renames (no atomic exchange here)", final->data);
	nftw(old.data, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	rc = 0;
out:
	buf_release(&old);
	return rc;
}

/* A run stopped between the two renames of swap_by_renames() left the
   last report as reports/.YEAR.old and no reports/YEAR: put it back. */
static void restore_old(struct report *r, const struct buf *final)
{
	struct buf old = BUF_INIT;
	struct stat sb;

	buf_addf(&old, "%s/.%d.old", r->cfg->reports, r->year);
	if (stat(final->data, &sb) && errno == ENOENT && !stat(old.data, &sb) &&
	    S_ISDIR(sb.st_mode) && !rename(old.data, final->data))
		log_warn("'%s' put back from '%s'", final->data, old.data);
	buf_release(&old);
}

/* Builds reports/.YEAR.tmp, then swaps it with reports/YEAR in one step. */
static int publish(struct report *r, struct buf *final, struct err *e)
{
	int rc = -1;

	buf_addf(final, "%s/%d", r->cfg->reports, r->year);
	buf_addf(&r->dir, "%s/.%d.tmp", r->cfg->reports, r->year);
	if (mkdir_p(r->cfg->reports, e))
		goto out;
	restore_old(r, final);
	nftw(r->dir.data, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	if (mkdir_p(r->dir.data, e))
		goto out;
	{
		struct document_opts o;

		o.year = r->year;
		o.dir = r->dir.data;
		o.asof = r->asof;
		o.vintage = r->vintage;
		if (document_write(r->db, r->cfg, &o, e) ||
		    document_write_regions(r->db, r->cfg, &o, e))
			goto out;
	}
	if (renameat2(AT_FDCWD, r->dir.data, AT_FDCWD, final->data, RENAME_EXCHANGE) == 0) {
		/* r->dir now holds yesterday's report. */
		nftw(r->dir.data, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	} else if (errno == ENOENT) {
		if (rename(r->dir.data, final->data)) {
			err_set(e, "cannot rename '%s': %s", r->dir.data, strerror(errno));
			goto out;
		}
	} else if (errno == EXDEV || errno == EINVAL || errno == ENOSYS || errno == ENOTSUP) {
		/* No atomic swap here (overlayfs, some network file systems):
		   two renames within reports/, so that a reader finds the old
		   report whole, then no folder for an instant, then the new
		   one whole; never half of one. */
		if (swap_by_renames(r, final, e))
			goto out;
	} else {
		err_set(e, "cannot replace '%s': %s", final->data, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	if (rc)
		nftw(r->dir.data, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	return rc;
}

static int read_context(struct report *r, struct err *e)
{
	sqlite3_stmt *st;
	long long n;
	int found;

	if (db_meta_get(r->db, "cog_vintage", r->vintage, sizeof(r->vintage), e) < 0)
		return -1;
	/* The report is dated by its data, not by the clock: the same
	   database gives the same report. */
	if (db_prepare(r->db, &st, "SELECT substr(max(ingested_at), 1, 10) FROM source_file", e))
		return -1;
	found = db_step_row(r->db, st, e);
	if (found == 1 && sqlite3_column_type(st, 0) != SQLITE_NULL)
		copy(r->asof, sizeof(r->asof), sqlite3_column_text(st, 0));
	else
		snprintf(r->asof, sizeof(r->asof), "%d-01-01", r->year);
	sqlite3_finalize(st);
	if (found < 0)
		return -1;
	if (db_query_int(r->db, "SELECT EXISTS (SELECT 1 FROM association)", &n, e))
		return -1;
	if (!n)
		log_warn("no association in the model: run pana-ingest and pana-transform first");
	return 0;
}

/* What the report depends on: the data, the year, the configuration and
   pana's version, as the statistics it draws from; those must be there. */
static int report_key(struct report *r, struct buf *key, struct err *e)
{
	char stats[512];
	int found;

	if (db_data_key(r->db, r->year, r->cfg->path, key, e))
		return -1;
	found = db_meta_get(r->db, "stats_key", stats, sizeof(stats), e);
	if (found < 0)
		return -1;
	if (!found || strcmp(stats, key->data))
		return err_set(e, "the statistics of %d are not those of the data and '%s': "
			       "run pana-stats first", r->year, r->cfg->path);
	return 0;
}

/* 1 when the last report was made from the same key and is still there. */
static int unchanged(struct report *r, const struct buf *key, const struct buf *final)
{
	char last[512];
	struct stat sb;

	if (db_meta_get(r->db, "report_key", last, sizeof(last), NULL) != 1)
		return 0;
	return !strcmp(last, key->data) && !stat(final->data, &sb) && S_ISDIR(sb.st_mode);
}

int main(int argc, char **argv)
{
	struct cli cli;
	struct config cfg;
	struct report r;
	struct buf final = BUF_INIT, summary = BUF_INIT, key = BUF_INIT;
	struct err e;
	long long run_id = 0;
	int lock = -1;
	int rc = EXIT_OK, skipped = 0;

	log_prog = "pana-report";
	memset(&r, 0, sizeof(r));
	if (cli_start(&cli, &cfg, argc, argv, "pana-report",
		      "Writes the yearly report from the statistics tables that pana-stats "
		      "fills\n(PDF, charts, CSV tables) under [paths] "
		      "reports/YEAR; prints the PDF's path.",
		      CLI_IF_CHANGED, &rc))
		return rc;
	r.cfg = &cfg;
	buf_init(&r.dir);
	/* One pana program at a time; pana-run hands its lock down. */
	rc = lock_take_or_say(cfg.database, &lock);
	if (rc)
		goto out;
	if (db_open(&r.db, cfg.database, &e) || db_run_start(r.db, "report", &run_id, &e)) {
		log_error("%s", e.msg);
		rc = EXIT_IO;
		goto out;
	}
	if (db_report_year(r.db, cfg.year, &r.year, &e) || read_context(&r, &e) || report_key(&r, &key, &e)) {
		log_error("%s", e.msg);
		rc = EXIT_IO;
		goto out_run;
	}
	buf_addf(&final, "%s/%d", cfg.reports, r.year);
	if (cli.if_changed && unchanged(&r, &key, &final)) {
		buf_addf(&summary, "nothing changed since the last report: '%s' kept", final.data);
		log_info("%s", summary.data);
		/* -q prints nothing on success: cron mails whatever is printed. */
		if (!cli.quiet)
			printf("%s/pana-%d.pdf\n", final.data, r.year);
		skipped = 1;
		goto out_run;
	}
	buf_reset(&final);
	if (publish(&r, &final, &e)) {
		log_error("%s", e.msg);
		rc = EXIT_IO;
		goto out_run;
	}
	if (db_meta_set(r.db, "report_key", key.data, &e)) {
		log_error("%s", e.msg);
		rc = EXIT_IO;
		goto out_run;
	}
	buf_addf(&summary, "report %d written to '%s'", r.year, final.data);
	log_info("%s", summary.data);
	if (!cli.quiet)
		printf("%s/pana-%d.pdf\n", final.data, r.year);
	if (fflush(stdout)) {
		rc = EXIT_IO;
	}
out_run:
	if (db_run_end(r.db, run_id, rc ? "failed" : skipped ? "skipped" : "ok",
		       rc ? e.msg : summary.data, &e)) {
		log_error("%s", e.msg);
		rc = EXIT_IO;
	}
out:
	buf_release(&r.dir);
	buf_release(&final);
	buf_release(&summary);
	buf_release(&key);
	db_close(r.db);
	lock_release(lock);
	config_release(&cfg);
	chart_fonts_release();
	return rc;
}
