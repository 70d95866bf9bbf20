/*
 * pana-run: the nightly job. Takes the lock next to the database, then runs
 * pana-ingest, pana-transform, pana-stats and pana-report (found beside
 * this program) in order. A stage that rejected some input (exit 3) does
 * not stop the next ones; an I/O or database failure does. SIGTERM,
 * SIGINT and SIGHUP end the run cleanly: the stage is stopped, its run
 * rows are marked interrupted, the report folder being built is removed,
 * the lock is released, and pana-run exits 128 + the signal's number.
 */
#define _XOPEN_SOURCE 700
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "backup.h"
#include "buf.h"
#include "checkpointer.h"
#include "cli.h"
#include "config.h"
#include "db.h"
#include "exitcode.h"
#include "lock.h"
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

/* The signal that ends the run, and the stage to pass it on to. */
static volatile sig_atomic_t caught;
static volatile pid_t child;
static const int stop_signals[] = { SIGTERM, SIGINT, SIGHUP };

static void on_signal(int sig)
{
	int saved = errno;

	caught = sig;
	if (child > 0)
		kill(child, SIGTERM);
	errno = saved;
}

/* As shells and nohup expect, a signal ignored when pana-run starts stays
   ignored. */
static void catch_signals(void)
{
	struct sigaction sa, old;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(stop_signals) / sizeof(stop_signals[0]); i++)
		if (!sigaction(stop_signals[i], NULL, &old) && old.sa_handler != SIG_IGN)
			sigaction(stop_signals[i], &sa, NULL);
}

static void block_signals(int how)
{
	sigset_t set;
	size_t i;

	sigemptyset(&set);
	for (i = 0; i < sizeof(stop_signals) / sizeof(stop_signals[0]); i++)
		sigaddset(&set, stop_signals[i]);
	pthread_sigmask(how, &set, NULL);
}

static int rm_entry(const char *p, const struct stat *sb, int flag, struct FTW *f)
{
	(void)sb;
	(void)flag;
	(void)f;
	return remove(p);
}

/* What a stage stopped by a signal leaves: its run rows 'running' and the
   report folder it was building (reports/.YEAR.tmp). Its transaction was
   rolled back by SQLite. */
static void clean_up_stopped(const struct config *cfg, const char *since)
{
	struct buf b = BUF_INIT;
	struct dirent *d;
	sqlite3_stmt *st;
	sqlite3 *db;
	struct err e;
	char now[21];
	DIR *dir;
	size_t n;

	if (db_open(&db, cfg->database, &e)) {
		log_error("%s", e.msg);
	} else {
		log_now(now);
		if (db_prepare(db, &st, "UPDATE run SET status = 'interrupted', ended_at = ?1, "
			       "message = ?2 WHERE ended_at IS NULL AND started_at >= ?3", &e)) {
			log_error("%s", e.msg);
		} else {
			buf_addf(&b, "interrupted by signal %d", (int)caught);
			sqlite3_bind_text(st, 1, now, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 2, b.data, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 3, since, -1, SQLITE_STATIC);
			if (db_step_done(db, st, &e))
				log_error("%s", e.msg);
			sqlite3_finalize(st);
		}
		db_close(db);
	}
	dir = opendir(cfg->reports);
	while (dir && (d = readdir(dir))) {
		n = strlen(d->d_name);
		if (d->d_name[0] != '.' || n < 5 || strcmp(d->d_name + n - 4, ".tmp"))
			continue;
		buf_reset(&b);
		buf_addf(&b, "%s/%s", cfg->reports, d->d_name);
		if (nftw(b.data, rm_entry, 16, FTW_DEPTH | FTW_PHYS))
			log_error("cannot remove '%s': %s", b.data, strerror(errno));
	}
	if (dir)
		closedir(dir);
	buf_release(&b);
}

/* The database file as the last night left it, checked: its size and
   modification time in DATABASE.checked. quick_check reads the whole file
   (seconds at national scale); a file no one has written since it was
   last checked need not be read again. */
static void fingerprint(const char *database, struct buf *out)
{
	struct buf wal = BUF_INIT;
	struct stat sb, ws;

	buf_reset(out);
	buf_addf(&wal, "%s-wal", database);
	/* A WAL with frames holds writes not yet in the file: unknown. */
	if (!stat(database, &sb) && (stat(wal.data, &ws) || ws.st_size == 0))
		buf_addf(out, "%lld %lld.%09ld\n", (long long)sb.st_size,
			 (long long)sb.st_mtim.tv_sec, (long)sb.st_mtim.tv_nsec);
	buf_release(&wal);
}

static int unchanged_since_checked(const char *database)
{
	struct buf path = BUF_INIT, now = BUF_INIT;
	char last[128] = "";
	FILE *f;
	int same = 0;

	buf_addf(&path, "%s.checked", database);
	fingerprint(database, &now);
	f = fopen(path.data, "r");
	if (f) {
		same = fgets(last, sizeof(last), f) && now.len && !strcmp(last, now.data);
		fclose(f);
	}
	buf_release(&path);
	buf_release(&now);
	return same;
}

/* After a night that completed and was checked: the file as it is now. */
static void mark_checked(const char *database)
{
	struct buf path = BUF_INIT, tmp = BUF_INIT, now = BUF_INIT;
	FILE *f;

	buf_addf(&path, "%s.checked", database);
	buf_addf(&tmp, "%s.checked.tmp", database);
	fingerprint(database, &now);
	f = now.len ? fopen(tmp.data, "w") : NULL;
	if (f && fputs(now.data, f) >= 0 && !fclose(f))
		rename(tmp.data, path.data);
	else if (f)
		unlink(tmp.data);
	if (!now.len)
		unlink(path.data);
	buf_release(&path);
	buf_release(&tmp);
	buf_release(&now);
}

/* A damaged database must not go through a night as if sound (the next
   --force would find it out with the model emptied): PRAGMA quick_check
   first, unless the file is as the last night that checked it left it,
   and the way back in the message. */
static int check_database(const struct config *cfg, struct err *e)
{
	sqlite3_stmt *st;
	sqlite3 *db;
	int rc = -1;

	if (unchanged_since_checked(cfg->database)) {
		log_debug("database '%s' unchanged since it was last checked", cfg->database);
		return 0;
	}
	if (db_open(&db, cfg->database, e))
		goto out_hint;
	if (db_prepare(db, &st, "PRAGMA quick_check(1)", e))
		goto out_close;
	if (sqlite3_step(st) != SQLITE_ROW) {
		err_io(e, "database '%s': quick_check: %s", cfg->database, sqlite3_errmsg(db));
	} else if (strcmp((const char *)sqlite3_column_text(st, 0), "ok")) {
		char *p;

		err_io(e, "database '%s' is damaged (quick_check: %s)", cfg->database,
		       (const char *)sqlite3_column_text(st, 0));
		for (p = e->msg; *p; p++)
			if (*p == '\n')
				*p = ' ';	/* one log line */
	} else {
		rc = 0;
	}
	sqlite3_finalize(st);
out_close:
	db_close(db);
out_hint:
	if (rc) {
		char what[sizeof(e->msg)];

		snprintf(what, sizeof(what), "%s", e->msg);
		err_io(e, "%s: the run stops; restore the last backup, '%s.backup.1' (README, "
		       "Restoring a backup), or rebuild the database from the inbox", what,
		       cfg->database);
	}
	return rc;
}

/* The copy of the backup as a stage runs: its outcome for later. */
struct backup_copy {
	const struct config *cfg;
	struct backup b;
	struct err e;
	int rc;
};

static void *copy_backup(void *arg)
{
	struct backup_copy *c = arg;

	c->rc = backup_copy(c->cfg, &c->b, &c->e);
	return NULL;
}

/* Waits for the stage (pid) started at t0 and logs its time and memory;
   its exit status, or EXIT_IO when stopped or killed. */
static int wait_stage(pid_t pid, const char *stage, const struct timespec *t0, int *status)
{
	struct timespec t1;
	struct rusage ru;

	/* wait4: the stage's own peak memory with its exit status. */
	while (wait4(pid, status, 0, &ru) < 0)
		if (errno != EINTR) {
			child = 0;
			return EXIT_IO;
		}
	child = 0;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	log_info("pana-%s: %.2f s, peak RSS %.1f MiB", stage, (double)(t1.tv_sec - t0->tv_sec) +
		 (double)(t1.tv_nsec - t0->tv_nsec) / 1e9, (double)ru.ru_maxrss / 1024.0);
	if (caught)
		return EXIT_IO;
	if (WIFSIGNALED(*status)) {
		log_error("pana-%s was killed by signal %d", stage, WTERMSIG(*status));
		return EXIT_IO;
	}
	return WEXITSTATUS(*status);
}

/* Runs pana-STAGE and waits for it; meanwhile(arg), when given, runs on a
   thread of pana-run as the stage runs, and is waited for too. */
static int run_stage(const char *dir, const char *stage, const struct cli *cli, int lock,
		     void *(*meanwhile)(void *), void *arg)
{
	struct buf prog = BUF_INIT;
	char *argv[8];
	int argc = 0, status, threaded = 0, rc;
	pid_t pid, parent;
	struct timespec t0;
	pthread_t th;

	buf_addf(&prog, "%s/pana-%s", dir, stage);
	argv[argc++] = prog.data;
	argv[argc++] = (char *)"-c";
	argv[argc++] = (char *)cli->config;
	if (cli->quiet)
		argv[argc++] = (char *)"-q";
	if (cli->verbose)
		argv[argc++] = (char *)"-v";
	/* The statistics and the report are redone only when something
	   changed, unless --force. */
	if ((!strcmp(stage, "stats") || !strcmp(stage, "report")) && !cli->force)
		argv[argc++] = (char *)"--if-changed";
	argv[argc] = NULL;
	fflush(NULL);
	parent = getpid();
	/* Until child is set, a signal waits, so that it reaches the stage. */
	block_signals(SIG_BLOCK);
	if (caught) {
		block_signals(SIG_UNBLOCK);
		buf_release(&prog);
		return EXIT_IO;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid = fork();
	if (pid < 0) {
		block_signals(SIG_UNBLOCK);
		log_error("cannot start '%s': %s", prog.data, strerror(errno));
		buf_release(&prog);
		return EXIT_IO;
	}
	if (pid == 0) {
		block_signals(SIG_UNBLOCK);
		/* A stage dies with pana-run (killed or crashed), so that no
		   orphan goes on writing once the lock is free. */
		if (prctl(PR_SET_PDEATHSIG, SIGKILL) || getppid() != parent)
			_exit(EXIT_IO);
		/* The stage holds the lock with pana-run's descriptor. */
		if (lock_pass_down(lock))
			_exit(EXIT_IO);
		execv(prog.data, argv);
		fprintf(stderr, "pana-run: cannot run '%s': %s\n", prog.data, strerror(errno));
		_exit(EXIT_IO);
	}
	buf_release(&prog);
	child = pid;
	/* Started while the stop signals are blocked, the thread keeps them
	   blocked: they reach this one, which passes them on to the stage. */
	if (meanwhile && !(threaded = !pthread_create(&th, NULL, meanwhile, arg)))
		meanwhile(arg);
	block_signals(SIG_UNBLOCK);
	rc = wait_stage(pid, stage, &t0, &status);
	if (threaded)
		pthread_join(th, NULL);
	return rc;
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
	int rc = -1, step;

	/* Read only: the status is for anyone who may read the database. */
	if (db_open_readonly(&db, cfg->database, e))
		return -1;
	printf("Last runs (%s):\n", cfg->database);
	if (db_prepare(db, &st, "SELECT * FROM (SELECT id, stage, started_at, "
		       "coalesce(ended_at, '-'), status, coalesce(message, '') FROM run "
		       "ORDER BY id DESC LIMIT 12) ORDER BY id", e))
		goto out;
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		printf("  #%-5lld %-9s %s → %s  %-7s %s\n", sqlite3_column_int64(st, 0),
		       shown(st, 1, &a), shown(st, 2, &b), shown(st, 3, &c), shown(st, 4, &d),
		       shown(st, 5, &f));
	step = db_loop_end(db, step, e);
	sqlite3_finalize(st);
	if (step)
		goto out;
	printf("\nSource files (newest first):\n");
	if (db_prepare(db, &st, "SELECT path, kind, rows_read, rows_loaded, rows_quarantined, "
		       "ingested_at FROM source_file ORDER BY id DESC LIMIT 20", e))
		goto out;
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		printf("  %s  %-12s read %lld, loaded %lld, quarantined %lld  %s\n",
		       shown(st, 5, &a), shown(st, 1, &b),
		       sqlite3_column_int64(st, 2), sqlite3_column_int64(st, 3),
		       sqlite3_column_int64(st, 4), shown(st, 0, &c));
	step = db_loop_end(db, step, e);
	sqlite3_finalize(st);
	if (step)
		goto out;
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
	static const char *const stages[] = { "ingest", "transform", "stats", "report" };
	struct cli cli;
	struct config cfg;
	struct buf dir = BUF_INIT;
	struct err e;
	struct backup_copy copy = { &cfg, { NULL, BUF_INIT, BUF_INIT, 0 }, { { 0 }, 0 }, 0 };
	struct checkpointer ckpt;
	int rc = EXIT_OK, lock = -1, s, worst = EXIT_OK, done;
	char since[21];
	size_t i;

	log_prog = "pana-run";
	if (cli_start(&cli, &cfg, argc, argv, "pana-run",
		      "The nightly job: runs pana-ingest, pana-transform, pana-stats and "
		      "pana-report in order,\none run at a time (a lock next to the database).",
		      CLI_FORCE | CLI_STATUS, &rc))
		return rc;
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
	catch_signals();
	log_now(since);
	rc = lock_take_or_say(cfg.database, &lock);
	if (rc)
		goto out;
	/* The checkpointer is started with the stop signals blocked, which it
	   keeps: they reach this thread, which passes them on to the stage. */
	s = check_database(&cfg, &e);
	if (!s) {
		block_signals(SIG_BLOCK);
		s = checkpointer_start(&ckpt, cfg.database, &e);
		block_signals(SIG_UNBLOCK);
	}
	if (s) {
		log_error("%s", e.msg);
		rc = EXIT_IO;
		goto out;
	}
	for (i = 0; i < sizeof(stages) / sizeof(stages[0]) && !caught; i++) {
		/* The backup is copied as the report renders, from a file that
		   its own checkpoint completes. */
		if (!strcmp(stages[i], "report"))
			checkpointer_stop(&ckpt);
		s = run_stage(dir.data, stages[i], &cli, lock,
			      !strcmp(stages[i], "report") ? copy_backup : NULL, &copy);
		if (caught)
			break;
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
	done = !caught && (rc == EXIT_OK || rc == EXIT_DATA);
	if (done && copy.rc) {
		log_error("%s", copy.e.msg);
		rc = EXIT_IO;
	}
	if (backup_keep(&cfg, &copy.b, done && !copy.rc, &e)) {
		log_error("%s", e.msg);
		rc = EXIT_IO;
	}
	checkpointer_close(&ckpt);
	/* Checked at the start, written by pana alone since: the next night
	   need not read it all again. */
	if (!caught && (rc == EXIT_OK || rc == EXIT_DATA))
		mark_checked(cfg.database);
	if (caught) {
		clean_up_stopped(&cfg, since);
		log_error("interrupted by signal %d (%s): pana-%s stopped, its run marked "
			  "interrupted, the report being built removed, the lock released",
			  (int)caught, strsignal(caught), stages[i < 4 ? i : 3]);
		rc = 128 + caught;
	}
out:
	lock_release(lock);
	buf_release(&dir);
	config_release(&cfg);
	return rc;
}
