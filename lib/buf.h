/*
 * buf: a growable byte string, after git's strbuf.
 *
 * A buf is never NULL inside: after buf_init() its data points to a static
 * empty string, and after any append it is NUL-terminated. Growth checks for
 * size_t overflow and aborts on allocation failure through buf_oom (a hook
 * tests may replace). buf_detach() hands the bytes to the caller, who frees
 * them with free(); the buf is left empty and reusable.
 */
#ifndef PANA_BUF_H
#define PANA_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *data;
	size_t len;
	size_t cap;
};

#define BUF_INIT { buf_empty, 0, 0 }
extern char buf_empty[];

void buf_init(struct buf *b);
void buf_release(struct buf *b);
/* Ensures room for extra more bytes plus the terminating NUL. */
void buf_grow(struct buf *b, size_t extra);
void buf_add(struct buf *b, const void *data, size_t len);
void buf_addstr(struct buf *b, const char *s);
void buf_addch(struct buf *b, int c);
void buf_addf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void buf_vaddf(struct buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
void buf_setlen(struct buf *b, size_t len);
static inline void buf_reset(struct buf *b) { buf_setlen(b, 0); }
/* Returns the bytes (caller frees) and leaves b empty. */
char *buf_detach(struct buf *b, size_t *len);

#endif
