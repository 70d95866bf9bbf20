/*
 * err: the error a fallible function fills for its caller.
 *
 * Functions return 0 on success, -1 on failure after err_set(). The caller
 * owns the struct (usually on its stack); only main() prints it. Messages
 * follow the house form: what failed, the quoted subject, the position, no
 * final period: "'lieux.csv' line 42, field 'code_insee': '7511' does not
 * match the pattern".
 */
#ifndef PANA_ERR_H
#define PANA_ERR_H

struct err {
	char msg[1024];
	int io;		/* set by err_io: the system failed, not the data */
};

/* Always returns -1 so that callers can write: return err_set(e, ...). */
int err_set(struct err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The same for a failure of the system (a full disk, a database error, a
   read error) rather than of the input: callers stop the run on it. */
int err_io(struct err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* A failed system call, its reason (strerror(errnum)) appended after ": ":
   a failure of the system (err_io) when errnum says the system ran out or
   failed (no file descriptor, memory or space left, an I/O error), else of
   the input (a missing file, no permission). */
int err_errno(struct err *e, int errnum, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Whether errnum is one of those failures of the system. */
int err_is_system(int errnum);
/* Prefixes the current message with a context: "ctx: old message". */
int err_prefix(struct err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
