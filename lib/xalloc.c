#include "xalloc.h"

#include <stdio.h>
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
