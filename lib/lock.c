#include "lock.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "exitcode.h"
#include "log.h"

/* The descriptor handed down by pana-run, when it is the lock of path. */
static int inherited(const char *path)
{
	const char *s = getenv(LOCK_ENV);
	struct stat a, b;
	char *end;
	long fd;

	if (!s || !*s)
		return -1;
	errno = 0;
	fd = strtol(s, &end, 10);
	if (errno || *end || fd < 0 || fd > 65535)
		return -1;
	if (fstat((int)fd, &a) || stat(path, &b) || a.st_dev != b.st_dev || a.st_ino != b.st_ino)
		return -1;
	/* Same open file description as pana-run's: flock() sees it held. */
	if (flock((int)fd, LOCK_EX | LOCK_NB))
		return -1;
	return (int)fd;
}

int lock_take(const char *database, int *fd, struct err *e)
{
	struct buf path = BUF_INIT;
	char pid[32], *end;
	long holder;
	int n, rc = -1;

	buf_addf(&path, "%s.lock", database);
	*fd = inherited(path.data);
	if (*fd >= 0) {
		unsetenv(LOCK_ENV);
		rc = 0;
		goto out;
	}
	*fd = open(path.data, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (*fd < 0) {
		err_io(e, "cannot open the lock '%s': %s", path.data, strerror(errno));
		goto out;
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
			err_set(e, "another pana program holds the lock '%s'", path.data);
		else if (kill((pid_t)holder, 0) && errno == ESRCH)
			err_set(e, "another pana program holds the lock '%s'; the pid written in it, "
				"%ld, is no longer running: the lock is held by another process "
				"(another machine sharing the folder, or a program such as flock)",
				path.data, holder);
		else
			err_set(e, "another pana program holds the lock '%s' (pid %ld)", path.data,
				holder);
		close(*fd);
		*fd = -1;
		rc = 1;
		goto out;
	}
	n = snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
	if (ftruncate(*fd, 0) || write(*fd, pid, (size_t)n) != n)
		log_warn("cannot write the pid into '%s'", path.data);
	rc = 0;
out:
	buf_release(&path);
	return rc;
}

int lock_take_or_say(const char *database, int *fd)
{
	struct err e;
	int rc = lock_take(database, fd, &e);

	if (!rc)
		return 0;
	log_error("%s", e.msg);
	return rc > 0 ? EXIT_LOCKED : EXIT_IO;
}

int lock_pass_down(int fd)
{
	char s[16];
	int flags = fcntl(fd, F_GETFD);

	if (flags < 0 || fcntl(fd, F_SETFD, flags & ~FD_CLOEXEC))
		return -1;
	snprintf(s, sizeof(s), "%d", fd);
	return setenv(LOCK_ENV, s, 1);
}

void lock_release(int fd)
{
	if (fd >= 0)
		close(fd);
}
