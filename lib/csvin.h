/*
 * csvin: a streaming CSV reader that sniffs encoding and dialect.
 *
 * Bytes are pushed in chunks of any size (csvin_feed) and complete records
 * come out through a callback, with the physical line where each record
 * starts and the raw bytes it was read from. Memory is bounded by the largest
 * record, never by the file. The first CSVIN_SNIFF bytes decide:
 *   - encoding: a UTF-8 BOM is UTF-8 (the BOM is dropped); UTF-16 BOMs are
 *     refused; valid UTF-8 is UTF-8; anything else is Windows-1252, turned
 *     into UTF-8 with iconv. A file that looks ASCII and later shows a byte
 *     that is not UTF-8 switches to Windows-1252 there. In a Windows-1252
 *     file, a field that is valid UTF-8 (and not ASCII) stays UTF-8, and
 *     is marked in kept_utf8: text is decoded field by field.
 *   - delimiter: the most frequent of ';' ',' TAB '|' in the first line,
 *     outside quotes (ties in that order).
 * Fields are UTF-8 and NUL-terminated. A field whose bytes are invalid in
 * the file's encoding (or hold a NUL byte) is reported through bad_field and
 * bad_reason, never passed on as mojibake. The reader owns every pointer in
 * a record; they are valid during the callback only.
 */
#ifndef PANA_CSVIN_H
#define PANA_CSVIN_H

#include <stddef.h>

#include "err.h"

#define CSVIN_SNIFF (64 * 1024)
#define CSVIN_MAX_RECORD (32 * 1024 * 1024)

#define CSVIN_RESYNC_LINES 3

enum { CSVIN_OPEN = 1, CSVIN_RUNAWAY = 2 };

enum csvin_encoding { CSVIN_UNKNOWN, CSVIN_UTF8, CSVIN_UTF8_BOM, CSVIN_CP1252 };

struct csvin_record {
	long index;		/* 0 for the header, then 1, 2, ... */
	long line;		/* physical line where the record starts, 1-based */
	size_t nfields;
	char **field;		/* UTF-8, NUL-terminated */
	const size_t *len;
	/* NULL, or per field 1 when the field, valid UTF-8 and not ASCII, was
	   kept as UTF-8 in a Windows-1252 file (text is decoded field by
	   field), 0 otherwise. */
	const char *kept_utf8;
	const char *raw;	/* the record's bytes as read, without the final newline */
	size_t raw_len;
	int bad_field;		/* first field invalid in the encoding, or -1 */
	const char *bad_reason;
	/* CSVIN_OPEN: a quoted field was still open at the end of the file;
	   CSVIN_RUNAWAY: a quoted field opened on this record's line ran over
	   CSVIN_RESYNC_LINES lines in a row that read as records of the
	   header's field count (three or more) (or over such lines up to the end of the
	   file): the record is that one line, and reading went on at the next
	   line. 0 otherwise. */
	int unterminated;
	enum csvin_encoding encoding;	/* of the file, as known at this record */
	char delimiter;
	/* What csvin_file_opts.prepare appended for this record on the
	   reading thread, or NULL and 0. */
	const char *prep;
	size_t prep_len;
};

/* Returns 0 to go on, -1 (with e set) to stop the reader. */
typedef int (*csvin_fn)(void *ctx, const struct csvin_record *r, struct err *e);

struct csvin_state;
struct buf;

struct csvin {
	enum csvin_encoding encoding;
	char delimiter;
	long lines;		/* physical lines seen so far */
	unsigned long long bytes;
	struct csvin_state *s;
};

/* Sets up a reader; fixed_delim 0 sniffs, otherwise forces it. */
int csvin_init(struct csvin *c, char fixed_delim, csvin_fn fn, void *ctx, struct err *e);
/* 1 (the default): a common line (one physical line, each field bare or
   wholly quoted with no quote inside) is split with memchr, giving the
   fields libcsv gives; 0: every line goes through libcsv. For the test
   that compares the two on random input (tests/unit/test_csvin.c). */
extern int csvin_fast_lines;
int csvin_feed(struct csvin *c, const char *data, size_t len, struct err *e);
/* Flushes the last record. Errors here and in feed are fatal for the file. */
int csvin_finish(struct csvin *c, struct err *e);
void csvin_release(struct csvin *c);

struct csvin_file_opts {
	size_t chunk;		/* read size; 0: 256 KiB */
	/* Called on the caller's thread as records come, with the bytes read
	   so far. */
	void (*progress)(void *ctx, unsigned long long done);
	void *ctx;
	/* Read and parse on a second thread while the callback runs on the
	   caller's: two cores for one file. The callback and progress still
	   run on the caller's thread only, in file order. Until csvin_file
	   returns, the counters of struct csvin belong to the reading
	   thread: the callback reads the record, not them. */
	int threaded;
	/* With threaded: the bytes of records handed over at a time; 0:
	   512 KiB. Small values make many batches of a small file (tests). */
	size_t batch;
	/* With threaded, or NULL: called on the reading thread for each record
	   read after the callback called csvin_file_go(c, 1), with ctx; what
	   it appends to out comes with the record (r->prep), so that work
	   that needs no database is done on the reading thread. Until the
	   callback calls csvin_file_go(), each record is handed over alone and
	   the reading thread waits for the callback to return: the callback
	   reads the header and sets up what prepare reads. */
	void (*prepare)(void *ctx, const struct csvin_record *r, struct buf *out);
};

/* Reads a whole file through the reader; o may be NULL. */
int csvin_file(struct csvin *c, const char *path, const struct csvin_file_opts *o,
	       struct err *e);
/* From the callback of csvin_file with a prepare function: the reading
   thread may read on, calling prepare on the records after this one when
   prepare is 1, not when it is 0. Without a reading thread, nothing. */
void csvin_file_go(struct csvin *c, int prepare);

const char *csvin_encoding_name(enum csvin_encoding enc);

/* Starts a thread with a stack of CSVIN_THREAD_STACK bytes (enough for the
   reader and a hash, far less address space than the default); returns 0
   or -1. */
#include <pthread.h>
#define CSVIN_THREAD_STACK (1024 * 1024)
int csvin_thread_start(pthread_t *th, void *(*fn)(void *), void *arg);

/* Validates UTF-8 (no NUL allowed); returns the offset of the first bad
   byte, or len when all is valid. */
size_t csvin_utf8_check(const unsigned char *s, size_t len);

/* Appends s to out as valid UTF-8, writing each invalid byte as \xHH, so
   that raw input can be kept as text without mojibake. */
struct buf;
void csvin_escape_invalid(struct buf *out, const char *s, size_t len);



/* Appends the raw bytes of record r of this reader as UTF-8 text: from
   Windows-1252 through iconv, invalid bytes written as \xHH. Call it from
   the callback's thread. */
void csvin_raw_text(struct csvin *c, const struct csvin_record *r, struct buf *out);
#endif
