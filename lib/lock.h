/*
 * lock: one pana program at a time on a database, through a lock file
 * next to it (DATABASE.lock, holding the pid of its holder).
 *
 * pana-run takes the lock and hands it down to the stages it starts: the
 * stage finds the descriptor in the environment (PANA_LOCK_FD) and holds
 * the lock with it, so pana-run's own stages never wait for it. A stage
 * run by hand takes the lock itself. The lock goes with the process, or
 * with lock_release().
 */
#ifndef PANA_LOCK_H
#define PANA_LOCK_H

#include "err.h"

#define LOCK_ENV "PANA_LOCK_FD"

/* Takes the lock of database; 0 with *fd set, 1 when another process
   holds it (the message says which pid), -1 on an I/O error. */
int lock_take(const char *database, int *fd, struct err *e);
/* lock_take() for a program's main: 0 with *fd set, else the exit status
   (EXIT_LOCKED or EXIT_IO) after the message on stderr. */
int lock_take_or_say(const char *database, int *fd);
/* Lets a program about to be run by exec() hold the same lock. */
int lock_pass_down(int fd);
void lock_release(int fd);

#endif
