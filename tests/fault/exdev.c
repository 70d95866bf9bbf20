/*
 * exdev: a file-system hook for fault-injection tests, loaded with
 * LD_PRELOAD: renameat2() fails with EXDEV, as it does on overlayfs,
 * where two folders cannot be swapped in one step.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>

int renameat2(int olddirfd, const char *oldpath, int newdirfd, const char *newpath,
	      unsigned int flags)
{
	(void)olddirfd;
	(void)oldpath;
	(void)newdirfd;
	(void)newpath;
	(void)flags;
	errno = EXDEV;
	return -1;
}
