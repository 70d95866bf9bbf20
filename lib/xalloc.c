#include "xalloc.h"

#include <jansson.h>
#include <sqlite3.h>

#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>

#include "exitcode.h"
#include "log.h"

noreturn void xalloc_die(void)
{
	/* No allocation from here on: fputs on an unbuffered stderr. */
	fputs(log_prog, stderr);
	fputs(": error: out of memory, stopping (the database is left as it was)\n", stderr);
	exit(EXIT_IO);
}

void *xgrow(void *p, size_t n, size_t size)
{
	size_t cap;

	if (n && (n < 8 || (n & (n - 1))))
		return p;	/* below the implied capacity */
	cap = n ? 2 * n : 8;
	if (cap > SIZE_MAX / size)
		xalloc_die();
	p = realloc(p, cap * size);
	if (!p)
		xalloc_die();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);

	if (!p)
		xalloc_die();
	return p;
}

static sqlite3_mem_methods sqlite_mem;	/* SQLite's own allocator */

static void *sqlite_malloc(int n)
{
	void *p = sqlite_mem.xMalloc(n);

	if (!p && n > 0)
		xalloc_die();
	return p;
}

static void *sqlite_realloc(void *old, int n)
{
	void *p = sqlite_mem.xRealloc(old, n);

	if (!p && n > 0)
		xalloc_die();
	return p;
}

static void *json_malloc(size_t n)
{
	void *p = malloc(n);

	if (!p)
		xalloc_die();
	return p;
}

void xalloc_install(void)
{
	sqlite3_mem_methods m;

	json_set_alloc_funcs(json_malloc, free);
	if (sqlite3_config(SQLITE_CONFIG_GETMALLOC, &sqlite_mem) != SQLITE_OK)
		return;
	m = sqlite_mem;
	m.xMalloc = sqlite_malloc;
	m.xRealloc = sqlite_realloc;
	sqlite3_config(SQLITE_CONFIG_MALLOC, &m);
}
