#include "xalloc.h"

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
