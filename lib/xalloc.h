/*
 * xalloc: what pana does when memory runs out: one line on stderr naming
 * the program, then exit with EXIT_IO. The database is left as it was
 * before the current transaction, which SQLite rolls back on the next
 * open; outputs are only ever renamed into place once complete.
 */
#ifndef PANA_XALLOC_H
#define PANA_XALLOC_H

#include <stddef.h>
#include <stdnoreturn.h>

noreturn void xalloc_die(void);

/*
 * Makes room in array p, which holds n elements of size bytes, for one
 * more (index n), growing it geometrically: call it before each append
 * with the current count. The capacity is implied by n (the next power of
 * two, at least 8), so no capacity field is needed; p must only ever grow
 * through xgrow. Returns the array, possibly moved; dies when out of
 * memory.
 */
void *xgrow(void *p, size_t n, size_t size);

/* calloc of n elements (at least one, so that an empty set still has an
   array to free); dies when out of memory. */
void *xcalloc(size_t n, size_t size);

/*
 * Makes SQLite's and jansson's allocation failures die the same way, so
 * that none is ever taken for data: a bind that could not copy its text
 * would store NULL, a JSON member that could not be added would vanish.
 * Call it first thing in main, before any SQLite call.
 */
void xalloc_install(void);

#endif
