/*
 * xalloc: what pana does when memory runs out: one line on stderr naming
 * the program, then exit with EXIT_IO. The database is left as it was
 * before the current transaction, which SQLite rolls back on the next
 * open; outputs are only ever renamed into place once complete.
 */
#ifndef PANA_XALLOC_H
#define PANA_XALLOC_H

#include <stdnoreturn.h>

noreturn void xalloc_die(void);

#endif
