/*
 * exitcode: the exit statuses of every pana program (also in --help and
 * the README). Only main() chooses one.
 */
#ifndef PANA_EXITCODE_H
#define PANA_EXITCODE_H

enum exit_code {
	EXIT_OK = 0,
	EXIT_USAGE = 2,		/* bad arguments or config.ini, found at load */
	EXIT_DATA = 3,		/* bad input: a file was rejected, the rest went on */
	EXIT_IO = 4,		/* I/O, database or system error: the run stopped */
	EXIT_LOCKED = 5,	/* another pana program holds the lock */
};

#endif
