/*
 * pana-run: the nightly job. Takes the lock next to the database, then runs
 * pana-ingest, pana-transform and pana-report (found beside this program)
 * in order. A stage that rejected some input (exit 3) does not stop the
 * next ones; an I/O or database failure does.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"
#include "cli.h"
#include "config.h"
#include "db.h"
#include "exitcode.h"
#include "log.h"
#include "text.h"

static int self_dir(struct buf *out)
{
	char path[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 1);
	char *slash;

	if (n <= 0)
		return -1;
	path[n] = '\0';
	slash = strrchr(path, '/');
	if (!slash)
		return -1;
	*slash = '\0';
	buf_addstr(out, path);
	return 0;
}

static int run_stage(const char *dir, const char *stage, const struct cli *cli)
{
	struct buf prog = BUF_INIT;
	char *argv[8];
	int argc = 0, status;
	pid_t pid, parent;

	buf_addf(&prog, "%s/pana-%s", dir, stage);
	argv[argc++] = prog.data;
	argv[argc++] = (char *)"-c";
	argv[argc++] = (char *)cli->config;
	if (cli->quiet)
		argv[argc++] = (char *)"-q";
	if (cli->verbose)
		argv[argc++] = (char *)"-v";
	/* The report is redone only when something changed, unless --force. */
	if (!strcmp(stage, "report") && !cli->force)
		argv[argc++] = (char *)"--if-changed";
	argv[argc] = NULL;
	fflush(NULL);
	parent = getpid();
	pid = fork();
	if (pid < 0) {
		log_error("cannot start '%s': %s", prog.data, strerror(errno));
		buf_release(&prog);
		return EXIT_IO;
	}
	if (pid == 0) {
		/* A stage dies with pana-run (killed or crashed), so that no
		   orphan goes on writing once the lock is free. */
		if (prctl(PR_SET_PDEATHSIG, SIGKILL) || getppid() != parent)
			_exit(EXIT_IO);
		execv(prog.data, argv);
		fprintf(stderr, "pana-run: cannot run '%s': %s\n", prog.data, strerror(errno));
		_exit(EXIT_IO);
	}
	buf_release(&prog);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return EXIT_IO;
	if (WIFSIGNALED(status)) {
		log_error("pana-%s was killed by signal %d", stage, WTERMSIG(status));
		return EXIT_IO;
	}
	return WEXITSTATUS(status);
}

static int take_lock(const struct config *cfg, int *fd, struct err *e)
{
	struct buf path = BUF_INIT;
	char pid[32], *end;
	long holder;
	int n;

	buf_addf(&path, "%s.lock", cfg->database);
	*fd = open(path.data, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (*fd < 0) {
		err_set(e, "cannot open the lock '%s': %s", path.data, strerror(errno));
		buf_release(&path);
		return EXIT_IO;
	}
	if (flock(*fd, LOCK_EX | LOCK_NB)) {
		n = (int)read(*fd, pid, sizeof(pid) - 1);
		pid[n > 0 ? n : 0] = '\0';
		pid[strcspn(pid, "\n")] = '\0';
		holder = strtol(pid, &end, 10);
		/* flock() is released when its holder dies: a pid left in the
		   file by a dead run never blocks. One that is no longer alive
		   while the lock is held names nobody: said so. */
		if (!*pid || *end || holder <= 0)
			err_set(e, "another pana-run holds the lock '%s'", path.data);
		else if (kill((pid_t)holder, 0) && errno == ESRCH)
			err_set(e, "another pana-run holds the lock '%s'; the pid written in it, %ld, "
				"is no longer running: the lock is held by another process (another "
				"machine sharing the folder, or a program such as flock)", path.data,
				holder);
		else
			err_set(e, "another pana-run holds the lock '%s' (pid %ld)", path.data, holder);
		buf_release(&path);
		close(*fd);
		*fd = -1;
		return EXIT_LOCKED;
	}
	n = snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
	if (ftruncate(*fd, 0) || write(*fd, pid, (size_t)n) != n)
		log_warn("cannot write the pid into '%s'", path.data);
	buf_release(&path);
	return 0;
}

/* A column of the status as printable text: file names and messages
   hold whatever bytes the inbox had. */
static const char *shown(sqlite3_stmt *st, int i, struct buf *b)
{
	buf_reset(b);
	text_escape(b, (const char *)sqlite3_column_blob(st, i), (size_t)sqlite3_column_bytes(st, i));
	return b->data;
}

static int print_status(const struct config *cfg, struct err *e)
{
	struct buf a = BUF_INIT, b = BUF_INIT, c = BUF_INIT, d = BUF_INIT, f = BUF_INIT;
	sqlite3 *db;
	sqlite3_stmt *st;
	int rc = -1;

	/* Read only: the status is for anyone who may read the database. */
	if (db_open_readonly(&db, cfg->database, e))
		return -1;
	printf("Last runs (%s):\n", cfg->database);
	if (db_prepare(db, &st, "SELECT * FROM (SELECT id, stage, started_at, "
		       "coalesce(ended_at, '-'), status, coalesce(message, '') FROM run "
		       "ORDER BY id DESC LIMIT 12) ORDER BY id", e))
		goto out;
	while (sqlite3_step(st) == SQLITE_ROW)
		printf("  #%-5lld %-9s %s → %s  %-7s %s\n", sqlite3_column_int64(st, 0),
		       shown(st, 1, &a), shown(st, 2, &b), shown(st, 3, &c), shown(st, 4, &d),
		       shown(st, 5, &f));
	sqlite3_finalize(st);
	printf("\nSource files (newest first):\n");
	if (db_prepare(db, &st, "SELECT path, kind, rows_read, rows_loaded, rows_quarantined, "
		       "ingested_at FROM source_file ORDER BY id DESC LIMIT 20", e))
		goto out;
	while (sqlite3_step(st) == SQLITE_ROW)
		printf("  %s  %-12s read %lld, loaded %lld, quarantined %lld  %s\n",
		       shown(st, 5, &a), shown(st, 1, &b),
		       sqlite3_column_int64(st, 2), sqlite3_column_int64(st, 3),
		       sqlite3_column_int64(st, 4), shown(st, 0, &c));
	sqlite3_finalize(st);
	rc = fflush(stdout) ? err_set(e, "cannot write the status") : 0;
out:
	db_close(db);
	buf_release(&a);
	buf_release(&b);
	buf_release(&c);
	buf_release(&d);
	buf_release(&f);
	return rc;
}

int main(int argc, char **argv)
{
	static const char *const stages[] = { "ingest", "transform", "report" };
	struct cli cli;
	struct config cfg;
	struct buf dir = BUF_INIT;
	struct err e;
	int rc = EXIT_OK, lock = -1, s, worst = EXIT_OK;
	size_t i;

	log_prog = "pana-run";
	if (cli_parse(&cli, argc, argv, CLI_FORCE | CLI_STATUS))
		return EXIT_USAGE;
	if (cli.help) {
		cli_usage("pana-run", "The nightly job: runs pana-ingest, pana-transform and pana-report "
			  "in order,\none run at a time (a lock next to the database).",
			  CLI_FORCE | CLI_STATUS);
		return EXIT_OK;
	}
	if (cli.version) {
		printf("pana-run %s\n", PANA_VERSION);
		return EXIT_OK;
	}
	if (config_load(&cfg, cli.config, &e)) {
		log_error("%s", e.msg);
		config_release(&cfg);
		return EXIT_USAGE;
	}
	if (cli.status) {
		rc = print_status(&cfg, &e) ? EXIT_IO : EXIT_OK;
		if (rc)
			log_error("%s", e.msg);
		goto out;
	}
	if (self_dir(&dir)) {
		log_error("cannot find the folder of pana-run");
		rc = EXIT_IO;
		goto out;
	}
	rc = take_lock(&cfg, &lock, &e);
	if (rc) {
		log_error("%s", e.msg);
		goto out;
	}
	for (i = 0; i < sizeof(stages) / sizeof(stages[0]); i++) {
		s = run_stage(dir.data, stages[i], &cli);
		if (s == EXIT_OK)
			continue;
		if (s == EXIT_DATA) {
			worst = EXIT_DATA;
			continue;
		}
		log_error("pana-%s failed (exit %d): the run stops", stages[i], s);
		worst = s;
		break;
	}
	rc = worst;
out:
	if (lock >= 0)
		close(lock);
	buf_release(&dir);
	config_release(&cfg);
	return rc;
}
