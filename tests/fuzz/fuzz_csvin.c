/*
 * fuzz_csvin: libFuzzer target for lib/csvin.c, the reader of untrusted
 * CSV bytes (encoding and delimiter sniffing, streaming parse).
 *
 * Input layout (see README.md):
 *   byte 0   chunk sizes: 0x00-0x7F feed byte+1 bytes at a time; 0x80-0xEF
 *            a size from chunk_sizes[] (around the reader's boundaries);
 *            0xF0-0xFF a new size for each chunk, from a PRNG seeded by it
 *   byte 1   bits 0-2: delimiter, 0-3 sniffed, 4 ';', 5 ',', 6 TAB, 7 '|';
 *            bits 3-6: layout of the stream, 0-12 the body as is, 13 the
 *            body then ASCII filler, 14 the body's first line, filler, the
 *            rest, 15 the body repeated: the last three put more than
 *            CSVIN_SNIFF bytes around the body, so that its lines go
 *            through the streaming path (and the late encoding decision)
 *            instead of all being parsed at csvin_finish; they cost ~20
 *            times more, hence their lower share
 *   rest     the CSV bytes; its last two bytes also steer the third
 *            reading: the last one is the record at which the callback
 *            fails (0xFF: none), the one before, bits 0-3, the size of
 *            the two-thread reader's batches (15: its default, else
 *            1 << n bytes)
 *
 * The stream is read three times: in one csvin_feed, then in chunks, then
 * from a file by csvin_file on two threads (the reading thread hands
 * records to the callback in batches) in reads of the chunk size. Each
 * reading checks the record invariants below in its callback and renders
 * csvin_raw_text of every record; the first two must deliver the same
 * records and the same result, since the reader promises results that do
 * not depend on chunk sizes, and so must the third unless its callback
 * fails: then it ends with the callback's error after exactly the records
 * up to the failing one, and nothing (record or progress) after it. Any
 * violation aborts (a crash for libFuzzer).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "csvin.h"
#include "err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FAIL(...)                                                         \
	do {                                                              \
		fprintf(stderr, "fuzz_csvin: invariant broken at %s:%d: ", \
			__FILE__, __LINE__);                              \
		fprintf(stderr, __VA_ARGS__);                             \
		fputc('\n', stderr);                                      \
		abort();                                                  \
	} while (0)

/* Long filler lines: the reader's cost grows with the number of lines
   parsed in streaming mode (each moves the look-ahead buffer). */
#define FILLER_FIELD "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ;"
#define FILLER_LINE_FIELDS 16
#define FILLER_BYTES (CSVIN_SNIFF + 4096)
#define REPEAT_CAP (CSVIN_SNIFF + 8192)

/* The harness's own byte loops need no coverage feedback: it only slows
   the fuzzer down. */
#define NO_COVERAGE __attribute__((no_sanitize("coverage")))

static const size_t chunk_sizes[] = {
	129, 255, 256, 511, 1000, 4095, 4096, 4097, 8191,
	CSVIN_SNIFF - 1, CSVIN_SNIFF, CSVIN_SNIFF + 1, 100000, 256 * 1024,
};

static char filler_line[sizeof(FILLER_FIELD) * FILLER_LINE_FIELDS + 2];
#define FILLER_LEN ((sizeof(FILLER_FIELD) - 1) * FILLER_LINE_FIELDS + 1)

/*
 * FUZZ_CSVIN_MASK in the environment masks known findings (README.md,
 * "Known findings") to fuzz past them until they are fixed, a comma-separated
 * list of:
 *   sniff    both readings feed the first CSVIN_SNIFF bytes in one call, so
 *            that both sniff the same sample (finding 1)
 *   bare-cr  no line-order check for a record whose raw bytes are empty or
 *            hold a CR (finding 2)
 */
static int mask_sniff, mask_bare_cr;

struct run {
	struct csvin *c;
	int threaded;		/* c->lines is the reading thread's */
	long fail_at;		/* the callback fails at this record, or -1 */
	int failed;
	long snap_at;		/* hash after this record kept in snap_hash */
	uint64_t snap_hash;
	unsigned long long total, last_done;
	char fixed_delim;
	long next_index;
	long last_line;
	int ended_open;		/* a record open at the end of the file was delivered */
	enum csvin_encoding last_enc;
	char delim;
	uint64_t hash;
	struct buf raw;
};

NO_COVERAGE static void mix(struct run *r, const void *p, size_t n)
{
	const unsigned char *u = p;
	uint64_t w;

	for (; n >= 8; n -= 8, u += 8) {
		memcpy(&w, u, 8);
		r->hash = (r->hash ^ w) * 0x100000001B3ull;
		r->hash ^= r->hash >> 29;
	}
	for (; n; n--, u++)
		r->hash = (r->hash ^ *u) * 0x100000001B3ull;
}

static void mix_long(struct run *r, long v)
{
	mix(r, &v, sizeof(v));
}

/*
 * The harness's own UTF-8 check, with the semantics of csvin_utf8_check
 * (offset of the first invalid byte; NUL invalid unless nul_ok) but no
 * coverage instrumentation: long fields go through it, short ones through
 * csvin_utf8_check as well, and both must agree.
 */
NO_COVERAGE static size_t utf8_scan(const unsigned char *s, size_t len, int nul_ok)
{
	size_t i = 0, n, k;
	unsigned c, cp;

	while (i < len) {
		c = s[i];
		if (c < 0x80) {
			if (!c && !nul_ok)
				return i;
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			n = 1;
		else if (c >= 0xE0 && c <= 0xEF)
			n = 2;
		else if (c >= 0xF0 && c <= 0xF4)
			n = 3;
		else
			return i;
		if (len - i <= n)
			return i;
		cp = c & (0x3F >> n);
		for (k = 1; k <= n; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return i;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if ((n == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
		    (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
			return i;
		i += n + 1;
	}
	return len;
}

#define SHORT_FIELD 4096

static size_t utf8_check(const char *p, size_t n)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t mine = utf8_scan(u, n, 0), theirs;

	if (n > SHORT_FIELD)
		return mine;
	theirs = csvin_utf8_check(u, n);
	if (theirs != mine)
		FAIL("csvin_utf8_check says offset %zu, the harness's check %zu", theirs, mine);
	return theirs;
}

static int on_record(void *ctx, const struct csvin_record *rec, struct err *e)
{
	struct run *r = ctx;
	size_t i;
	int filler;

	if (r->failed)
		FAIL("record %ld came after the callback failed", rec->index);
	if (r->ended_open)
		FAIL("a record came after an unterminated one");
	if (rec->index != r->next_index)
		FAIL("record index %ld, expected %ld", rec->index, r->next_index);
	r->next_index++;
	if ((rec->line < 1 || rec->line < r->last_line) &&
	    !(mask_bare_cr && (!rec->raw_len || memchr(rec->raw, '\r', rec->raw_len))))
		FAIL("record %ld starts at line %ld after line %ld", rec->index, rec->line,
		     r->last_line);
	if (!r->threaded && rec->line > r->c->lines)
		FAIL("record %ld starts at line %ld, but only %ld lines were seen",
		     rec->index, rec->line, r->c->lines);
	r->last_line = rec->line;
	if (rec->nfields && (!rec->field || !rec->len))
		FAIL("record %ld: %zu fields but no arrays", rec->index, rec->nfields);
	if (rec->bad_field < -1 || (rec->bad_field >= 0 && (size_t)rec->bad_field >= rec->nfields))
		FAIL("record %ld: bad_field %d of %zu fields", rec->index, rec->bad_field,
		     rec->nfields);
	if ((rec->bad_field >= 0) != (rec->bad_reason != NULL))
		FAIL("record %ld: bad_field %d but bad_reason %s", rec->index, rec->bad_field,
		     rec->bad_reason ? "set" : "NULL");
	if (rec->bad_reason && !rec->bad_reason[0])
		FAIL("record %ld: empty bad_reason", rec->index);
	/* A filler line read back as it was written needs no per-byte
	   check (they are costly under coverage instrumentation). */
	filler = rec->raw_len == FILLER_LEN && !memcmp(rec->raw, filler_line, FILLER_LEN) &&
		 rec->bad_field < 0;
	for (i = 0; i < rec->nfields && !filler; i++) {
		const char *f = rec->field[i];
		size_t n = rec->len[i];

		if (!f)
			FAIL("record %ld: field %zu is NULL", rec->index, i);
		if (f[n] != '\0')
			FAIL("record %ld: field %zu is not NUL-terminated at its length %zu",
			     rec->index, i, n);
		/* Fields after the first bad one are not checked by the reader:
		   the whole record is refused. */
		if ((rec->bad_field < 0 || i < (size_t)rec->bad_field) &&
		    utf8_check(f, n) != n)
			FAIL("record %ld (line %ld): field %zu is not valid UTF-8 at offset %zu, "
			     "yet bad_field is %d", rec->index, rec->line, i, utf8_check(f, n),
			     rec->bad_field);
	}
	if (rec->raw_len && !rec->raw)
		FAIL("record %ld: raw is NULL", rec->index);
	if (rec->raw_len && (rec->raw[rec->raw_len - 1] == '\n' ||
			     (rec->raw[rec->raw_len - 1] == '\r')))
		FAIL("record %ld: raw ends with its line terminator", rec->index);
	if (rec->encoding != CSVIN_UTF8 && rec->encoding != CSVIN_UTF8_BOM &&
	    rec->encoding != CSVIN_CP1252)
		FAIL("record %ld: encoding %d", rec->index, (int)rec->encoding);
	if (r->next_index > 1) {
		/* Only one change is possible: a file that looked ASCII turns
		   out to be Windows-1252. */
		if (rec->encoding != r->last_enc &&
		    !(r->last_enc == CSVIN_UTF8 && rec->encoding == CSVIN_CP1252))
			FAIL("record %ld: encoding went from %s to %s", rec->index,
			     csvin_encoding_name(r->last_enc), csvin_encoding_name(rec->encoding));
		if (rec->delimiter != r->delim)
			FAIL("record %ld: delimiter changed", rec->index);
	}
	r->last_enc = rec->encoding;
	r->delim = rec->delimiter;
	if (r->fixed_delim ? rec->delimiter != r->fixed_delim
	    : !memchr(";,\t|", rec->delimiter, 4) || !rec->delimiter)
		FAIL("record %ld: delimiter 0x%02X", rec->index, (unsigned char)rec->delimiter);
	/* A runaway quote costs its one line and reading goes on (csvin.h),
	   even at the end of the file; a quote open at the end ends it. */
	if (rec->unterminated == CSVIN_OPEN)
		r->ended_open = 1;

	buf_reset(&r->raw);
	if (filler)
		goto out_hash;
	csvin_raw_text(r->c, rec, &r->raw);
	if (r->raw.data[r->raw.len] != '\0')
		FAIL("record %ld: raw text not NUL-terminated", rec->index);
	/* NUL bytes are let through here: the Windows-1252 path keeps them
	   (see README.md, "Known findings"). */
	if (utf8_scan((const unsigned char *)r->raw.data, r->raw.len, 1) != r->raw.len)
		FAIL("record %ld: csvin_raw_text gave invalid UTF-8", rec->index);
	if (rec->encoding != CSVIN_CP1252 && r->raw.len < rec->raw_len)
		FAIL("record %ld: raw text shorter than the raw bytes", rec->index);

out_hash:
	mix_long(r, rec->index);
	mix_long(r, rec->line);
	mix_long(r, (long)rec->nfields);
	for (i = 0; i < rec->nfields; i++) {
		mix_long(r, (long)rec->len[i]);
		if (rec->bad_field < 0 || i <= (size_t)rec->bad_field)
			mix(r, rec->field[i], rec->len[i]);
	}
	mix_long(r, rec->bad_field);
	if (rec->bad_reason)
		mix(r, rec->bad_reason, strlen(rec->bad_reason));
	mix_long(r, rec->unterminated);
	mix_long(r, rec->encoding);
	mix(r, &rec->delimiter, 1);
	mix_long(r, (long)rec->raw_len);
	mix(r, rec->raw, rec->raw_len);
	mix(r, r->raw.data, r->raw.len);
	if (rec->index == r->snap_at)
		r->snap_hash = r->hash;
	if (rec->index == r->fail_at) {
		/* A pause first, so that the reading thread often fills
		   the pipe and waits on it when told to stop. */
		struct timespec ts = { 0, 100 * 1000 };

		nanosleep(&ts, NULL);
		r->failed = 1;
		return err_set(e, "the callback stops at record %ld", rec->index);
	}
	return 0;
}

static void on_progress(void *ctx, unsigned long long done)
{
	struct run *r = ctx;

	if (r->failed)
		FAIL("progress (%llu bytes) after the callback failed", done);
	if (done < r->last_done || done > r->total)
		FAIL("progress %llu bytes after %llu, of %llu", done, r->last_done, r->total);
	r->last_done = done;
}

struct outcome {
	uint64_t hash;
	uint64_t snap_hash;	/* after record snap_at */
	long records, lines;
	int rc;
	char msg[sizeof(((struct err *)0)->msg)];
	enum csvin_encoding encoding;
	char delimiter;
};

static uint32_t next_rand(uint32_t *st)
{
	*st ^= *st << 13;
	*st ^= *st >> 17;
	*st ^= *st << 5;
	return *st;
}

/* The file csvin_file reads: unlinked at once, opened by its descriptor
   under /proc/self/fd, rewritten for each input. */
static int file_fd = -1;
static char file_path[64];

static void open_file(void)
{
	const char *dir = getenv("TMPDIR");
	char tmpl[4096];

	snprintf(tmpl, sizeof(tmpl), "%s/fuzz_csvin.XXXXXX", dir && *dir ? dir : "/tmp");
	file_fd = mkstemp(tmpl);
	if (file_fd < 0)
		FAIL("cannot create a file in '%s'", dir && *dir ? dir : "/tmp");
	unlink(tmpl);
	snprintf(file_path, sizeof(file_path), "/proc/self/fd/%d", file_fd);
}

static void write_file(const char *p, size_t n)
{
	size_t off = 0;

	if (ftruncate(file_fd, 0))
		FAIL("cannot empty the file");
	while (off < n) {
		ssize_t w = pwrite(file_fd, p + off, n - off, (off_t)off);

		if (w <= 0)
			FAIL("cannot write the file");
		off += (size_t)w;
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *v = getenv("FUZZ_CSVIN_MASK");
	size_t k;

	(void)argc;
	(void)argv;
	open_file();
	for (k = 0; k < FILLER_LINE_FIELDS; k++)
		memcpy(filler_line + k * (sizeof(FILLER_FIELD) - 1), FILLER_FIELD,
		       sizeof(FILLER_FIELD) - 1);
	memcpy(filler_line + FILLER_LEN - 1, "0\n", 3);
	mask_sniff = v && strstr(v, "sniff");
	mask_bare_cr = v && strstr(v, "bare-cr");
	if (mask_sniff || mask_bare_cr)
		fprintf(stderr, "fuzz_csvin: masking known findings:%s%s\n",
			mask_sniff ? " sniff" : "", mask_bare_cr ? " bare-cr" : "");
	return 0;
}

/* whole: the stream in one csvin_feed (after the aligned head, if any). */
/* The size of the chunks chosen by the selector (byte 0). */
static size_t chunk_size(unsigned chunk_sel, uint32_t *st, size_t min_chunk)
{
	size_t step;

	if (chunk_sel < 0x80)
		step = chunk_sel + 1;
	else if (chunk_sel < 0xF0)
		step = chunk_sizes[chunk_sel % (sizeof(chunk_sizes) / sizeof(chunk_sizes[0]))];
	else
		step = 1 + next_rand(st) % (chunk_sel & 1 ? 9000 : 70);
	return step < min_chunk ? min_chunk : step;
}

static void run_init(struct run *r, struct csvin *c, char fixed_delim)
{
	memset(r, 0, sizeof(*r));
	r->c = c;
	r->fixed_delim = fixed_delim;
	r->fail_at = r->snap_at = -1;
	r->hash = 14695981039346656037ull;
	buf_init(&r->raw);
}

static void outcome_set(struct outcome *o, const struct run *r, const struct csvin *c,
			const struct err *e)
{
	if (o->rc) {
		if (!e->msg[0])
			FAIL("the reader failed without a message");
		snprintf(o->msg, sizeof(o->msg), "%s", e->msg);
	}
	o->hash = r->hash;
	o->snap_hash = r->snap_hash;
	o->records = r->next_index;
	o->lines = c->lines;
	o->encoding = c->encoding;
	o->delimiter = c->delimiter;
}

/* whole: the stream in one csvin_feed (after the aligned head, if any);
   the hash after record snap_at is kept. */
static void read_stream(const char *p, size_t n, char fixed_delim, unsigned chunk_sel,
			size_t min_chunk, int whole, long snap_at, struct outcome *o)
{
	struct csvin c;
	struct run r;
	struct err e;
	size_t off = 0, step;
	uint32_t st = 0x9E3779B9u ^ chunk_sel;

	memset(o, 0, sizeof(*o));
	run_init(&r, &c, fixed_delim);
	r.snap_at = snap_at;
	e.msg[0] = '\0';
	if (csvin_init(&c, fixed_delim, on_record, &r, &e))
		FAIL("csvin_init failed: %s", e.msg);
	o->rc = 0;
	if (mask_sniff && n) {
		off = n < CSVIN_SNIFF ? n : CSVIN_SNIFF;
		if (csvin_feed(&c, p, off, &e))
			o->rc = -1;
	}
	while (!o->rc && off < n) {
		step = whole ? n : chunk_size(chunk_sel, &st, min_chunk);
		if (step > n - off)
			step = n - off;
		if (csvin_feed(&c, p + off, step, &e)) {
			o->rc = -1;
			break;
		}
		off += step;
	}
	if (!o->rc && csvin_finish(&c, &e))
		o->rc = -1;
	outcome_set(o, &r, &c, &e);
	/* Once failed, the reader stays failed. */
	if (o->rc && (csvin_feed(&c, "x\n", 2, &e) != -1 || csvin_finish(&c, &e) != -1))
		FAIL("a failed reader accepted more input");
	csvin_release(&c);
	csvin_release(&c);	/* safe twice */
	buf_release(&r.raw);
}

/* The file of n bytes through csvin_file on two threads, in reads of the
   selected chunk size and batches of batch bytes (0: the default), the
   callback failing at record fail_at (-1: never). */
static void read_file(size_t n, char fixed_delim, unsigned chunk_sel, size_t min_chunk,
		      size_t batch, long fail_at, struct outcome *o)
{
	struct csvin c;
	struct csvin_file_opts fo;
	struct run r;
	struct err e;
	uint32_t st = 0x9E3779B9u ^ chunk_sel;

	memset(o, 0, sizeof(*o));
	run_init(&r, &c, fixed_delim);
	r.threaded = 1;
	r.fail_at = fail_at;
	r.total = n;
	memset(&fo, 0, sizeof(fo));
	fo.chunk = chunk_size(chunk_sel, &st, min_chunk);
	/* One size for the whole file: the first CSVIN_SNIFF bytes in one
	   read when the sniffing finding is masked. */
	if (mask_sniff && fo.chunk < CSVIN_SNIFF)
		fo.chunk = CSVIN_SNIFF;
	fo.threaded = 1;
	fo.batch = batch;
	fo.progress = on_progress;
	fo.ctx = &r;
	e.msg[0] = '\0';
	e.io = 0;
	if (csvin_init(&c, fixed_delim, on_record, &r, &e))
		FAIL("csvin_init failed: %s", e.msg);
	o->rc = csvin_file(&c, file_path, &fo, &e) ? -1 : 0;
	if (o->rc && e.io)
		FAIL("an I/O error reading the file: %s", e.msg);
	if (!o->rc && r.last_done != n)
		FAIL("the progress ended at %llu bytes of %zu", r.last_done, n);
	outcome_set(o, &r, &c, &e);
	if (o->rc && (csvin_feed(&c, "x\n", 2, &e) != -1 || csvin_finish(&c, &e) != -1))
		FAIL("a failed reader accepted more input after csvin_file");
	csvin_release(&c);
	buf_release(&r.raw);
}

static void add_filler(struct buf *b)
{
	size_t start = b->len;

	while (b->len - start < FILLER_BYTES)
		buf_add(b, filler_line, FILLER_LEN + 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char delims[] = { 0, 0, 0, 0, ';', ',', '\t', '|' };
	const char *body = (const char *)data + 2;
	size_t blen, cut;
	unsigned chunk_sel, layout;
	/* The reader moves its look-ahead (64 KiB) after each csvin_feed
	   that parsed a line: tiny chunks over 68 KB of short lines cost
	   O(lines x 64 KiB) per input, so the long layouts use larger ones. */
	size_t min_chunk = 1;
	char fixed;
	struct buf stream = BUF_INIT;
	struct outcome whole, chunked, threaded;
	const char *nl;
	long fail_at = -1;
	size_t batch = 0;

	if (size < 2)
		return 0;
	chunk_sel = data[0];
	fixed = delims[data[1] & 7];
	layout = (data[1] >> 3) & 15;
	blen = size - 2;
	switch (layout) {
	case 13:
		min_chunk = 64;
		buf_add(&stream, body, blen);
		add_filler(&stream);
		break;
	case 14:
		min_chunk = 64;
		nl = memchr(body, '\n', blen);
		cut = nl ? (size_t)(nl - body) + 1 : blen;
		buf_add(&stream, body, cut);
		add_filler(&stream);
		buf_add(&stream, body + cut, blen - cut);
		break;
	case 15:
		min_chunk = 4096;
		if (!blen)
			break;
		do
			buf_add(&stream, body, blen);
		while (stream.len < FILLER_BYTES && stream.len + blen <= REPEAT_CAP);
		break;
	default:
		buf_add(&stream, body, blen);
		break;
	}

	if (blen >= 1 && body[blen - 1] != '\xFF')
		fail_at = (unsigned char)body[blen - 1];
	if (blen >= 2 && (body[blen - 2] & 15) != 15)
		batch = (size_t)1 << (body[blen - 2] & 15);

	read_stream(stream.data, stream.len, fixed, chunk_sel, min_chunk, 1, fail_at, &whole);
	read_stream(stream.data, stream.len, fixed, chunk_sel, min_chunk, 0, -1, &chunked);
	if (whole.rc != chunked.rc || strcmp(whole.msg, chunked.msg) ||
	    whole.records != chunked.records || whole.hash != chunked.hash ||
	    whole.lines != chunked.lines || whole.encoding != chunked.encoding ||
	    whole.delimiter != chunked.delimiter)
		FAIL("reading in one piece and in chunks (selector 0x%02X) differ: "
		     "rc %d/%d, records %ld/%ld, lines %ld/%ld, encoding %s/%s, "
		     "delimiter 0x%02X/0x%02X, records %s, message '%s'/'%s'",
		     chunk_sel, whole.rc, chunked.rc, whole.records, chunked.records,
		     whole.lines, chunked.lines, csvin_encoding_name(whole.encoding),
		     csvin_encoding_name(chunked.encoding), (unsigned char)whole.delimiter,
		     (unsigned char)chunked.delimiter,
		     whole.hash == chunked.hash ? "same" : "differ", whole.msg, chunked.msg);

	write_file(stream.data, stream.len);
	read_file(stream.len, fixed, chunk_sel, min_chunk, batch, fail_at, &threaded);
	if (fail_at >= 0 && fail_at < whole.records) {
		char want[64];

		snprintf(want, sizeof(want), "the callback stops at record %ld", fail_at);
		if (threaded.rc != -1 || strcmp(threaded.msg, want) ||
		    threaded.records != fail_at + 1 || threaded.hash != whole.snap_hash)
			FAIL("two threads, batches of %zu bytes, callback failing at record %ld: "
			     "rc %d, %ld records, records %s, message '%s'", batch, fail_at,
			     threaded.rc, threaded.records,
			     threaded.hash == whole.snap_hash ? "same" : "differ", threaded.msg);
	} else if (whole.rc != threaded.rc || strcmp(whole.msg, threaded.msg) ||
		   whole.records != threaded.records || whole.hash != threaded.hash ||
		   whole.lines != threaded.lines || whole.encoding != threaded.encoding ||
		   whole.delimiter != threaded.delimiter) {
		FAIL("reading in one piece and on two threads (batches of %zu bytes) differ: "
		     "rc %d/%d, records %ld/%ld, lines %ld/%ld, encoding %s/%s, "
		     "delimiter 0x%02X/0x%02X, records %s, message '%s'/'%s'", batch,
		     whole.rc, threaded.rc, whole.records, threaded.records,
		     whole.lines, threaded.lines, csvin_encoding_name(whole.encoding),
		     csvin_encoding_name(threaded.encoding), (unsigned char)whole.delimiter,
		     (unsigned char)threaded.delimiter,
		     whole.hash == threaded.hash ? "same" : "differ", whole.msg, threaded.msg);
	}
	buf_release(&stream);
	return 0;
}
