/*
 * test_csvin: the streaming CSV reader, each input fed at every chunk size
 * from 1 byte to the whole, so that no record, quote, BOM or UTF-8
 * sequence cut across chunks is mishandled. Each record is rendered as
 * "L<line>:<field>|<field>..." with markers for encoding errors and open
 * quotes, and compared with a hand-written expectation. csvin_file is
 * tested on a file of many batches, on one thread and two, with a callback
 * that stops the reader at a chosen record and with a read error at a
 * chosen byte.
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "check.h"
#include "csvin.h"

struct capture {
	struct buf out;
};

static int on_record(void *ctx, const struct csvin_record *r, struct err *e)
{
	struct capture *c = ctx;
	size_t i;

	(void)e;
	buf_addf(&c->out, "L%ld:", r->line);
	for (i = 0; i < r->nfields; i++) {
		if (i)
			buf_addch(&c->out, '|');
		if ((int)i == r->bad_field)
			buf_addstr(&c->out, "<bad>");
		else if (r->kept_utf8 && r->kept_utf8[i])
			buf_addf(&c->out, "<u8>%.*s", (int)r->len[i], r->field[i]);
		else
			buf_add(&c->out, r->field[i], r->len[i]);
	}
	if (r->unterminated == CSVIN_OPEN)
		buf_addstr(&c->out, "<open>");
	else if (r->unterminated == CSVIN_RUNAWAY)
		buf_addstr(&c->out, "<runaway>");
	buf_addch(&c->out, '\n');
	return 0;
}

/* Feeds in at chunk bytes a time; returns the capture (caller frees). */
static char *run(const char *in, size_t len, size_t chunk, enum csvin_encoding *enc,
		 char *delim, long *lines)
{
	struct capture c;
	struct csvin r;
	struct err e;
	size_t off;

	buf_init(&c.out);
	if (csvin_init(&r, 0, on_record, &c, &e))
		return NULL;
	for (off = 0; off < len; off += chunk)
		if (csvin_feed(&r, in + off, len - off < chunk ? len - off : chunk, &e))
			buf_addf(&c.out, "ERR %s\n", e.msg);
	if (csvin_finish(&r, &e))
		buf_addf(&c.out, "ERR %s\n", e.msg);
	*enc = r.encoding;
	*delim = r.delimiter;
	*lines = r.lines;
	csvin_release(&r);
	return buf_detach(&c.out, NULL);
}

struct tcase {
	const char *name;
	const char *in;
	size_t len;		/* 0: strlen */
	const char *want;
	enum csvin_encoding enc;
	char delim;
};

#define S(x) x, sizeof(x) - 1

static const struct tcase cases[] = {
	{ "simple", S("a;b\n1;2\n"), "L1:a|b\nL2:1|2\n", CSVIN_UTF8, ';' },
	{ "crlf", S("a;b\r\n1;2\r\n"), "L1:a|b\nL2:1|2\n", CSVIN_UTF8, ';' },
	{ "no final newline", S("a,b\n1,2"), "L1:a|b\nL2:1|2\n", CSVIN_UTF8, ',' },
	{ "quoted delimiter, quotes and newline",
	  S("a;b\r\n\"x;y\";\"he said \"\"hi\"\"\nline2\"\r\n3;4\r\n"),
	  "L1:a|b\nL2:x;y|he said \"hi\"\nline2\nL4:3|4\n", CSVIN_UTF8, ';' },
	{ "bom", S("\xEF\xBB\xBF" "nom;ville\n" "\xC3\x89" "cole;S" "\xC3\xA9" "es\n"),
	  "L1:nom|ville\nL2:" "\xC3\x89" "cole|S" "\xC3\xA9" "es\n", CSVIN_UTF8_BOM, ';' },
	{ "windows-1252", S("nom;ville\nCaf\xE9;\x80uros \x9C\n"),
	  "L1:nom|ville\nL2:Caf\xC3\xA9|" "\xE2\x82\xAC" "uros \xC5\x93\n", CSVIN_CP1252, ';' },
	/* Text is decoded field by field: a UTF-8 field stays UTF-8. */
	{ "utf-8 fields in a windows-1252 file",
	  S("nom;ville\nTh\xE9\xE2tre;S\xE8te\n\xC9t\xE9;B\xE9ziers\n"
	    "Th\xC3\xA9\xC3\xA2tre;S\xE8te\n\xC3\xA9t\xC3\xA9;ok\n"),
	  "L1:nom|ville\nL2:Th\xC3\xA9\xC3\xA2tre|S\xC3\xA8te\n"
	  "L3:\xC3\x89t\xC3\xA9|B\xC3\xA9ziers\n"
	  "L4:<u8>Th\xC3\xA9\xC3\xA2tre|S\xC3\xA8te\nL5:<u8>\xC3\xA9t\xC3\xA9|ok\n", CSVIN_CP1252, ';' },
	{ "cp1252 undefined byte", S("nom\ncaf\xE9\nx\x81" "y\n"),
	  "L1:nom\nL2:caf\xC3\xA9\nL3:<bad>\n", CSVIN_CP1252, ';' },
	{ "invalid utf-8 after utf-8", S("nom\ncaf\xC3\xA9\nx\xFF" "y\n"),
	  "L1:nom\nL2:caf\xC3\xA9\nL3:<bad>\n", CSVIN_UTF8, ';' },
	{ "nul byte", S("a;b\nx\0y;z\n"), "L1:a|b\nL2:<bad>|z\n", CSVIN_UTF8, ';' },
	{ "blank lines", S("a;b\n\n1;2\r\n\r\n\n3;4"), "L1:a|b\nL3:1|2\nL6:3|4\n",
	  CSVIN_UTF8, ';' },
	{ "unterminated quote", S("a;b\n1;\"open\nstill\n"), "L1:a|b\nL2:1|open\nstill\n<open>\n",
	  CSVIN_UTF8, ';' },
	/* A stray quote costs its line, not the rest of the file: the lines
	   after it read as records again. */
	{ "stray quote", S("a;b;c\n1;2;3\n\"4;5;6\n7;8;9\n10;11;12\n13;14;15\n16;17;18\n"),
	  "L1:a|b|c\nL2:1|2|3\nL3:<runaway>\nL4:7|8|9\nL5:10|11|12\nL6:13|14|15\nL7:16|17|18\n",
	  CSVIN_UTF8, ';' },
	{ "stray quote near the end", S("a;b;c\n1;2;3\n4;\"5;6\n\n7;8;9\n10;11;12"),
	  "L1:a|b|c\nL2:1|2|3\nL3:4<runaway>\nL5:7|8|9\nL6:10|11|12\n", CSVIN_UTF8, ';' },
	{ "two stray quotes", S("a;b;c\n\"1;2;3\n4;5;6\n\"7;8;9\n10;11;12\n13;14;15\n16;17;18\n"),
	  "L1:a|b|c\nL2:<runaway>\nL3:4|5|6\nL4:<runaway>\nL5:10|11|12\nL6:13|14|15\n"
	  "L7:16|17|18\n", CSVIN_UTF8, ';' },
	{ "multi-line quoted fields stay whole", S("a;b;c\n1;\"x;y\nz;w\n\nv\";3\n4;\"p\nq\";5\n"),
	  "L1:a|b|c\nL2:1|x;y\nz;w\n\nv|3\nL6:4|p\nq|5\n", CSVIN_UTF8, ';' },
	{ "ragged", S("a;b;c\n1;2\n1;2;3;4\n"), "L1:a|b|c\nL2:1|2\nL3:1|2|3|4\n",
	  CSVIN_UTF8, ';' },
	{ "tab", S("a\tb c\n1\t2\n"), "L1:a|b c\nL2:1|2\n", CSVIN_UTF8, '\t' },
	{ "pipe", S("a|b|c\n1|2|3\n"), "L1:a|b|c\nL2:1|2|3\n", CSVIN_UTF8, '|' },
	{ "comma beats quoted semicolons", S("\"a;x\",\"b;y\",c\n1,2,3\n"),
	  "L1:a;x|b;y|c\nL2:1|2|3\n", CSVIN_UTF8, ',' },
	{ "empty cells", S("a;b;c\n;;\n"), "L1:a|b|c\nL2:||\n", CSVIN_UTF8, ';' },
	{ "old mac line ends", S("a;b\r1;2\r"), "L1:a|b\nL2:1|2\n", CSVIN_UTF8, ';' },
	/* A stray CR inside a line of an LF file is data: records and lines
	   agree (found by fuzzing). */
	{ "bare CR inside a line", S("id;nom\n\n1;a\rb;c"), "L1:id|nom\nL3:1|a\rb|c\n",
	  CSVIN_UTF8, ';' },
	{ "CR before LF is not data", S("a;\"b\"\r\n1;2 \r\n"), "L1:a|b\nL2:1|2\n", CSVIN_UTF8, ';' },
};

static void test_cases(void)
{
	size_t i, chunk;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct tcase *t = &cases[i];
		int all_ok = 1;

		for (chunk = 1; chunk <= t->len; chunk++) {
			enum csvin_encoding enc;
			char delim;
			long lines;
			char *got = run(t->in, t->len, chunk, &enc, &delim, &lines);
			int ok = got && !strcmp(got, t->want) && enc == t->enc && delim == t->delim;

			if (!ok && all_ok)
				fprintf(stderr, "case '%s' at chunk %zu:\n got: [%s] enc %d delim '%c'\nwant: [%s] enc %d delim '%c'\n",
					t->name, chunk, got ? got : "(null)", enc, delim, t->want,
					t->enc, t->delim);
			all_ok &= ok;
			free(got);
		}
		CHECK(all_ok, "case '%s'", t->name);
	}
}

/* A file that looks ASCII for more than the sniffing window, then shows a
   Windows-1252 byte: the reader switches encoding there, losing nothing. */
static void test_late_cp1252(void)
{
	struct buf in = BUF_INIT, want = BUF_INIT;
	size_t chunk[] = { 1000, 4096, 65536, 1 << 20 }, i;
	long line;

	buf_addstr(&in, "nom;n\n");
	buf_addstr(&want, "L1:nom|n\n");
	for (line = 2; in.len < CSVIN_SNIFF + 5000; line++) {
		buf_addf(&in, "ligne;%ld\n", line);
		buf_addf(&want, "L%ld:ligne|%ld\n", line, line);
	}
	buf_addstr(&in, "caf\xE9;1\n");
	buf_addf(&want, "L%ld:caf\xC3\xA9|1\n", line);
	for (i = 0; i < sizeof(chunk) / sizeof(chunk[0]); i++) {
		enum csvin_encoding enc;
		char delim;
		long lines;
		char *got = run(in.data, in.len, chunk[i], &enc, &delim, &lines);

		CHECK(got && !strcmp(got, want.data), "late cp1252 at chunk %zu", chunk[i]);
		CHECK_INT(enc, CSVIN_CP1252);
		CHECK_INT(lines, line);
		free(got);
	}
	buf_release(&in);
	buf_release(&want);
}

/* A 1 MB quoted field holding newlines and delimiters. */
static void test_big_field(void)
{
	struct buf in = BUF_INIT, want = BUF_INIT, field = BUF_INIT;
	size_t chunk[] = { 7, 4096, 65536, 3 << 20 }, i;

	for (i = 0; field.len < (1 << 20); i++)
		buf_addstr(&field, i % 100 == 99 ? ";\n" : "abcdefghij");
	buf_addstr(&in, "id;texte\n1;\"");
	buf_add(&in, field.data, field.len);
	buf_addstr(&in, "\"\n2;fin\n");
	buf_addstr(&want, "L1:id|texte\nL2:1|");
	buf_add(&want, field.data, field.len);
	buf_addf(&want, "\nL%zu:2|fin\n", 3 + (size_t)(i / 100));
	for (i = 0; i < sizeof(chunk) / sizeof(chunk[0]); i++) {
		enum csvin_encoding enc;
		char delim;
		long lines;
		char *got = run(in.data, in.len, chunk[i], &enc, &delim, &lines);

		CHECK(got && !strcmp(got, want.data), "1 MB field at chunk %zu", chunk[i]);
		free(got);
	}
	buf_release(&in);
	buf_release(&want);
	buf_release(&field);
}

static void test_utf8_check(void)
{
	static const struct {
		const char *s;
		size_t len, bad;
	} v[] = {
		{ S("plain"), 5 },
		{ S("\xC3\xA9t\xC3\xA9"), 5 },
		{ S("\xE2\x82\xAC"), 3 },
		{ S("\xF0\x9F\x98\x80"), 4 },
		{ S("a\xC0\xAF"), 1 },		/* overlong */
		{ S("a\xED\xA0\x80"), 1 },	/* surrogate */
		{ S("ab\xE2\x82"), 2 },		/* cut */
		{ S("\x80"), 0 },
		{ S("a\0b"), 1 },
	};
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		CHECK_INT(csvin_utf8_check((const unsigned char *)v[i].s, v[i].len), v[i].bad);
}

/* The encoding is decided on the first CSVIN_SNIFF bytes whatever the
   chunk size: an accent in them makes the file UTF-8, and a later
   Windows-1252 byte is an encoding error, not a reason for mojibake. */
static void test_sniff_window(void)
{
	struct buf in = BUF_INIT, want = BUF_INIT;
	size_t chunk[] = { 1000, 65536, 256 * 1024, 1 << 20 }, i;
	long line;

	buf_addstr(&in, "nom;n\n\xC3\xA9t\xC3\xA9;1\n");
	buf_addstr(&want, "L1:nom|n\nL2:\xC3\xA9t\xC3\xA9|1\n");
	for (line = 3; in.len < CSVIN_SNIFF + 5000; line++) {
		buf_addf(&in, "ligne;%ld\n", line);
		buf_addf(&want, "L%ld:ligne|%ld\n", line, line);
	}
	buf_addstr(&in, "caf\xE9\xE8;1\n");
	buf_addf(&want, "L%ld:<bad>|1\n", line);
	for (i = 0; i < sizeof(chunk) / sizeof(chunk[0]); i++) {
		enum csvin_encoding enc;
		char delim;
		long lines;
		char *got = run(in.data, in.len, chunk[i], &enc, &delim, &lines);

		CHECK(got && !strcmp(got, want.data), "sniff window at chunk %zu", chunk[i]);
		CHECK_INT(enc, CSVIN_UTF8);
		free(got);
	}
	buf_release(&in);
	buf_release(&want);
}

/*
 * A failing disk: read() of the file fault_ino fails with EIO once
 * fault_left bytes of it have been read (csvin.o is linked into this
 * program, so its calls come here). Any other read goes straight to the
 * system.
 */
static ino_t fault_ino;
static long long fault_left;

ssize_t read(int fd, void *p, size_t n)
{
	struct stat sb;
	int faulty = fault_ino && !fstat(fd, &sb) && sb.st_ino == fault_ino;
	long got;

	if (faulty) {
		if (fault_left <= 0) {
			errno = EIO;
			return -1;
		}
		if ((long long)n > fault_left)
			n = (size_t)fault_left;
	}
	got = syscall(SYS_read, fd, p, n);
	if (got > 0 && faulty)
		fault_left -= got;
	return got;
}

/* Records of the big file: "id;nom;ville" then "<i>;nom <i>;ville <i>". */
struct stopper {
	long fail_at;		/* record index whose callback fails, or -1 */
	int threaded;
	long calls;		/* callbacks so far */
	int order_ok;		/* every record came once, in order, intact */
	int after_failure;	/* a callback or progress came after the failure */
	int failed;
	unsigned long long last_done;
	int progress_ok;
};

static int on_big(void *ctx, const struct csvin_record *r, struct err *e)
{
	struct stopper *st = ctx;
	char want[64];

	if (st->failed)
		st->after_failure = 1;
	if (r->index != st->calls || r->line != r->index + 1 || r->nfields != 3)
		st->order_ok = 0;
	else if (r->index > 0) {
		snprintf(want, sizeof(want), "%ld", r->index);
		if (strcmp(r->field[0], want))
			st->order_ok = 0;
	}
	st->calls++;
	if (r->index == st->fail_at) {
		/* Slow down first, so that a reading thread fills the pipe
		   and waits on it when told to stop. */
		struct timespec ts = { 0, 10 * 1000 * 1000 };

		if (st->threaded)
			nanosleep(&ts, NULL);
		st->failed = 1;
		return err_set(e, "stopped at record %ld", r->index);
	}
	return 0;
}

static void on_big_progress(void *ctx, unsigned long long done)
{
	struct stopper *st = ctx;

	if (st->failed)
		st->after_failure = 1;
	if (done < st->last_done)
		st->progress_ok = 0;
	st->last_done = done;
}

/* Writes the big file; returns its path (caller frees) or NULL. */
static char *write_big(long nrows, unsigned long long *size)
{
	const char *dir = getenv("TMPDIR");
	struct buf path = BUF_INIT, b = BUF_INIT;
	FILE *f;
	long i;
	int fd, ok;

	buf_addf(&path, "%s/test_csvin.XXXXXX", dir && *dir ? dir : "/tmp");
	fd = mkstemp(path.data);
	if (fd < 0 || !(f = fdopen(fd, "w"))) {
		if (fd >= 0)
			close(fd);
		buf_release(&path);
		return NULL;
	}
	buf_addstr(&b, "id;nom;ville\n");
	for (i = 1; i <= nrows; i++)
		buf_addf(&b, "%ld;nom %ld;ville %ld\n", i, i, i);
	ok = fwrite(b.data, 1, b.len, f) == b.len;
	ok &= !fclose(f);
	*size = b.len;
	buf_release(&b);
	if (!ok) {
		unlink(path.data);
		buf_release(&path);
		return NULL;
	}
	return buf_detach(&path, NULL);
}

/* Reads the big file with csvin_file, the callback failing at record
   fail_at (-1: none); returns its result. */
static int read_big(const char *path, size_t chunk, int threaded, size_t batch,
		    long fail_at, struct stopper *st, long *lines, struct err *e)
{
	struct csvin c;
	struct csvin_file_opts o;
	int rc;

	memset(st, 0, sizeof(*st));
	st->fail_at = fail_at;
	st->threaded = threaded;
	st->order_ok = st->progress_ok = 1;
	memset(&o, 0, sizeof(o));
	o.chunk = chunk;
	o.threaded = threaded;
	o.batch = batch;
	o.progress = on_big_progress;
	o.ctx = st;
	e->msg[0] = '\0';
	e->io = 0;
	if (csvin_init(&c, 0, on_big, st, e))
		return -2;
	rc = csvin_file(&c, path, &o, e);
	*lines = c.lines;
	csvin_release(&c);
	return rc;
}

/*
 * A file of many batches (the two-thread reader packs 512 KiB of records
 * per batch, or what csvin_file_opts.batch says, and queues 4): the
 * callback stops the reader at the header, at the first records, around a
 * batch boundary, in the middle and at the last record. Each run must end with the callback's error, after exactly the
 * records up to the failing one, with nothing after it; the sanitizers see
 * that nothing is freed twice, used after free or leaked.
 */
static void test_file_stop(void)
{
	static const struct {
		int threaded;
		size_t batch;
		const char *name;
	} mode[] = {
		{ 0, 0, "one thread" },
		{ 1, 0, "two threads" },
		{ 1, 3000, "two threads, 3000-byte batches" },
	};
	const long nrows = 60000;
	const long fail_at[] = { -1, 0, 1, 2, 4000, 5000, 6000, 30000, nrows - 1, nrows };
	const size_t chunk[] = { 1000, 4096, 65536, 256 * 1024, 4 << 20 };
	unsigned long long size = 0;
	char *path = write_big(nrows, &size);
	size_t i, k, m;

	CHECK(path != NULL, "cannot write the test file");
	if (!path)
		return;
	for (m = 0; m < sizeof(mode) / sizeof(mode[0]); m++)
		for (k = 0; k < sizeof(chunk) / sizeof(chunk[0]); k++)
			for (i = 0; i < sizeof(fail_at) / sizeof(fail_at[0]); i++) {
				struct stopper st;
				struct err e;
				long lines;
				char want[64];
				int rc = read_big(path, chunk[k], mode[m].threaded, mode[m].batch,
						  fail_at[i], &st, &lines, &e);
				int ok;

				if (fail_at[i] < 0) {
					ok = rc == 0 && st.calls == nrows + 1 &&
						lines == nrows + 1 && st.last_done == size;
				} else {
					snprintf(want, sizeof(want), "stopped at record %ld",
						 fail_at[i]);
					ok = rc == -1 && !strcmp(e.msg, want) && !e.io &&
						st.calls == fail_at[i] + 1;
				}
				ok &= st.order_ok && !st.after_failure && st.progress_ok;
				CHECK(ok, "%s, chunk %zu, callback failing at %ld: rc %d, "
				      "%ld calls, '%s'%s%s%s", mode[m].name, chunk[k], fail_at[i],
				      rc, st.calls, e.msg,
				      st.order_ok ? "" : ", records out of order",
				      st.after_failure ? ", calls after the failure" : "",
				      st.progress_ok ? "" : ", progress went back");
			}
	unlink(path);
	free(path);
}

/* A read error at the start, in the first batch and later: an I/O error
   (e.io set), after records of the bytes read before it only. */
static void test_file_read_error(void)
{
	const long nrows = 60000;
	const long long fail_after[] = { 0, 1000, 100 * 1000, 700 * 1000, 1000 * 1000 };
	const size_t chunk[] = { 4096, 256 * 1024 };
	unsigned long long size = 0;
	char *path = write_big(nrows, &size);
	struct stat sb;
	ino_t ino;
	size_t i, k;
	int threaded, ready = path && !stat(path, &sb);

	CHECK(ready, "cannot write the test file");
	if (!ready) {
		free(path);
		return;
	}
	ino = sb.st_ino;
	for (threaded = 0; threaded <= 1; threaded++)
		for (k = 0; k < sizeof(chunk) / sizeof(chunk[0]); k++)
			for (i = 0; i < sizeof(fail_after) / sizeof(fail_after[0]); i++) {
				struct stopper st;
				struct err e;
				long lines;
				int rc;

				fault_left = fail_after[i];
				fault_ino = ino;
				rc = read_big(path, chunk[k], threaded, 0, -1, &st, &lines, &e);
				fault_ino = 0;
				/* Lines are 13 bytes at least. */
				CHECK(rc == -1 && e.io && strstr(e.msg, "read error") &&
				      st.order_ok && !st.after_failure &&
				      st.calls * 13 <= fail_after[i] + 13,
				      "%s, chunk %zu, read error after %lld bytes: rc %d, io %d, "
				      "%ld calls, '%s'", threaded ? "two threads" : "one thread",
				      chunk[k], fail_after[i], rc, e.io, st.calls, e.msg);
			}
	unlink(path);
	free(path);
}

static int ignore_record(void *ctx, const struct csvin_record *r, struct err *e)
{
	(void)ctx;
	(void)r;
	(void)e;
	return 0;
}

/* Out of descriptors before the first Windows-1252 file: iconv cannot
   load its converter, and that is the system's failure, said at
   csvin_init, never a row quarantined as badly encoded. In a child, as
   glibc keeps the failure for the life of the process: 0 when csvin_init
   failed with a message naming iconv, 1 when it did not fail, 2 when the
   limit could not be set. */
static int no_descriptor_child(void)
{
	struct rlimit old, low;
	struct csvin c;
	struct err e = { .msg = "" };
	int fd = dup(0);

	if (fd < 0 || getrlimit(RLIMIT_NOFILE, &old))
		return 2;
	close(fd);
	/* Every descriptor below fd is taken: none is left for iconv. */
	low.rlim_cur = (rlim_t)fd;
	low.rlim_max = old.rlim_max;
	if (setrlimit(RLIMIT_NOFILE, &low))
		return 2;
	if (csvin_init(&c, 0, ignore_record, NULL, &e) == 0) {
		csvin_release(&c);
		return 1;
	}
	return e.io && strstr(e.msg, "iconv") ? 0 : 1;
}

static void test_no_descriptor_for_iconv(void)
{
	int status = -1;
	pid_t pid = fork();

	if (pid == 0)
		_exit(no_descriptor_child());
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	      WEXITSTATUS(status) == 0, "csvin_init without a descriptor for iconv: status %d",
	      status);
}

/* The same as run(), the raw record of each record too. */
static int on_record_raw(void *ctx, const struct csvin_record *r, struct err *e)
{
	struct capture *c = ctx;

	on_record(ctx, r, e);
	buf_addstr(&c->out, "raw:");
	buf_add(&c->out, r->raw, r->raw_len);
	buf_addch(&c->out, '\n');
	return 0;
}

static char *run_raw(const char *in, size_t len, size_t chunk)
{
	struct capture c;
	struct csvin r;
	struct err e;

	buf_init(&c.out);
	if (csvin_init(&r, 0, on_record_raw, &c, &e))
		return NULL;
	for (size_t off = 0; off < len; off += chunk)
		if (csvin_feed(&r, in + off, len - off < chunk ? len - off : chunk, &e))
			buf_addf(&c.out, "ERR %s\n", e.msg);
	if (csvin_finish(&r, &e))
		buf_addf(&c.out, "ERR %s\n", e.msg);
	buf_addf(&c.out, "enc %d delim %c lines %ld\n", (int)r.encoding, r.delimiter, r.lines);
	csvin_release(&r);
	return buf_detach(&c.out, NULL);
}

/* The common-line path against libcsv alone, on random files made of the
   bytes that matter to a CSV reader: every record, field, raw text and
   error must be the same. */
static void test_fast_lines(void)
{
	static const char *const atoms[] = {
		"a", "bc", " ", "  ", "\"", "\"\"", ";", ",", "\t", "\r", "\n", "\r\n",
		"\xc3\xa9", "\xe9", "x;y", "\"q;r\"", "\"s\nt\"", "12",
	};
	unsigned seed = 20261130;
	int same = 0, differ = 0;

	for (int t = 0; t < 3000; t++) {
		struct buf in = BUF_INIT;
		size_t natoms = 1 + (size_t)(rand_r(&seed) % 60), chunk;
		char *fast, *slow;

		/* A header of three fields first, as the files have. */
		buf_addstr(&in, rand_r(&seed) % 2 ? "id;nom;ville\n" : "id,nom,ville\r\n");
		for (size_t k = 0; k < natoms; k++)
			buf_addstr(&in, atoms[rand_r(&seed) % (sizeof(atoms) / sizeof(atoms[0]))]);
		chunk = 1 + (size_t)(rand_r(&seed) % (in.len + 1));
		csvin_fast_lines = 1;
		fast = run_raw(in.data, in.len, chunk);
		csvin_fast_lines = 0;
		slow = run_raw(in.data, in.len, chunk);
		csvin_fast_lines = 1;
		if (fast && slow && !strcmp(fast, slow)) {
			same++;
		} else if (differ++ < 3) {
			fprintf(stderr, "input (%zu bytes, chunk %zu): ", in.len, chunk);
			fwrite(in.data, 1, in.len, stderr);
			fprintf(stderr, "\n-- fast --\n%s-- libcsv --\n%s\n", fast ? fast : "(null)",
				slow ? slow : "(null)");
		}
		free(fast);
		free(slow);
		buf_release(&in);
	}
	CHECK_INT(differ, 0);
	CHECK_INT(same, 3000);
}

int main(void)
{
	test_no_descriptor_for_iconv();
	test_fast_lines();
	test_cases();
	test_sniff_window();
	test_late_cp1252();
	test_big_field();
	test_utf8_check();
	test_file_stop();
	test_file_read_error();
	return t_done("test_csvin");
}
