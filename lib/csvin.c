#include "csvin.h"
#include "xalloc.h"

#include <assert.h>
#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdint.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"

#include "csvin_impl.h"

static void count_evidence(const unsigned char *p, size_t n, int cut, size_t *valid_multi,
			   size_t *invalid);
static size_t ascii_prefix(const unsigned char *p, size_t len);

const char *csvin_encoding_name(enum csvin_encoding enc)
{
	switch (enc) {
	case CSVIN_UTF8: return "UTF-8";
	case CSVIN_UTF8_BOM: return "UTF-8 (BOM)";
	case CSVIN_CP1252: return "Windows-1252";
	default: return "unknown";
	}
}

size_t csvin_utf8_check(const unsigned char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		unsigned c = s[i];
		size_t n, k;
		unsigned cp;

		if (c >= 0x01 && c < 0x80) {
			/* Most text is ASCII: skip it eight bytes at a time. */
			i++;
			i += ascii_prefix(s + i, len - i);
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) {
			n = 1;
			cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			n = 2;
			cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			n = 3;
			cp = c & 0x07;
		} else {
			return i;	/* NUL, continuation or invalid lead byte */
		}
		if (len - i <= n)
			return i;
		for (k = 1; k <= n; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return i;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return i;	/* overlong, out of range or surrogate */
		i += n + 1;
	}
	return len;
}

void csvin_escape_invalid(struct buf *out, const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, ok;

	while (i < len) {
		ok = csvin_utf8_check(u + i, len - i);
		buf_add(out, s + i, ok);
		i += ok;
		if (i < len) {
			buf_addf(out, "\\x%02X", u[i]);
			i++;
		}
	}
}

static void on_field(void *data, size_t len, void *user)
{
	struct csvin *c = user;
	struct csvin_state *s = c->s;

	if (s->failed)
		return;
	if (s->nf == s->capf) {
		size_t cap = s->capf ? s->capf * 2 : 64;

		s->offs = realloc(s->offs, cap * sizeof(*s->offs));
		s->lens = realloc(s->lens, cap * sizeof(*s->lens));
		s->ptrs = realloc(s->ptrs, cap * sizeof(*s->ptrs));
		if (!s->offs || !s->lens || !s->ptrs)
			xalloc_die();
		s->capf = cap;
	}
	s->offs[s->nf] = s->fields.len;
	s->lens[s->nf] = len;
	buf_grow(&s->fields, len + 1);
	memcpy(s->fields.data + s->fields.len, data, len);
	s->fields.len += len + 1;
	s->fields.data[s->fields.len - 1] = '\0';
	s->nf++;
}

/*
 * A file that looked ASCII shows a byte invalid in UTF-8: weigh this field
 * and the next CSVIN_SNIFF bytes of the file (always at hand, see
 * process()) as the first sniffing did.
 */
static int late_cp1252(const struct csvin_state *s, const unsigned char *p, size_t n)
{
	size_t valid_multi = 0, invalid = 0, ahead = s->ahead_len;

	count_evidence(p, n, 0, &valid_multi, &invalid);
	if (ahead > CSVIN_SNIFF)
		ahead = CSVIN_SNIFF;
	count_evidence((const unsigned char *)s->ahead, ahead, s->ahead_len > CSVIN_SNIFF,
		       &valid_multi, &invalid);
	return invalid && valid_multi < invalid;
}

/* Length of the leading run of bytes 0x01-0x7F, eight at a time. */
static size_t ascii_prefix(const unsigned char *p, size_t len)
{
	const uint64_t hi = 0x8080808080808080ull, lo = 0x0101010101010101ull;
	size_t k = 0;
	uint64_t w;

	for (; k + 8 <= len; k += 8) {
		memcpy(&w, p + k, 8);
		/* a byte >= 0x80, or a zero byte */
		if ((w & hi) || ((w - lo) & ~w & hi))
			break;
	}
	while (k < len && p[k] < 0x80 && p[k])
		k++;
	return k;
}

/* Field i (p, len bytes) from Windows-1252 to UTF-8 through iconv: the
   converted text goes at the end of the field buffer and the field points
   there. 0, or -1 after describing the problem in s->reason. */
static int from_cp1252(struct csvin_state *s, size_t i, const unsigned char *p, size_t len)
{
	size_t k;

	for (k = 0; k < len; k++)
		if (!p[k]) {
			buf_reset(&s->reason);
			buf_addf(&s->reason, "NUL byte at offset %zu", k);
			return -1;
		}
	if (s->cd == (iconv_t)-1) {
		s->cd = iconv_open("UTF-8", "CP1252");
		if (s->cd == (iconv_t)-1 && errno == ENOMEM)
			xalloc_die();	/* never an encoding-error of the row */
		if (s->cd == (iconv_t)-1) {
			buf_reset(&s->reason);
			buf_addstr(&s->reason, "iconv cannot convert from CP1252");
			return -1;
		}
	}
	{
		char *in = (char *)p, *outp;
		size_t inleft = len, outleft;

		buf_reset(&s->conv);
		buf_grow(&s->conv, len * 3);
		outp = s->conv.data;
		outleft = len * 3;
		iconv(s->cd, NULL, NULL, NULL, NULL);
		if (iconv(s->cd, &in, &inleft, &outp, &outleft) == (size_t)-1) {
			buf_reset(&s->reason);
			buf_addf(&s->reason, "byte 0x%02X at offset %zu is not valid Windows-1252",
				 (unsigned char)*in, (size_t)(in - (char *)p));
			return -1;
		}
		s->conv.len = len * 3 - outleft;
		s->conv.data[s->conv.len] = '\0';
	}
	/* Replace the field: append the converted text at the end of the
	   field buffer and point the field there. */
	s->offs[i] = s->fields.len;
	s->lens[i] = s->conv.len;
	buf_add(&s->fields, s->conv.data, s->conv.len);
	buf_addch(&s->fields, '\0');
	return 0;
}

/* Makes field i valid UTF-8 in place (transcoding from CP1252 when needed);
   returns 0, or -1 after describing the problem in s->reason. */
static int check_field(struct csvin *c, struct csvin_state *s, size_t i)
{
	const unsigned char *p = (const unsigned char *)s->fields.data + s->offs[i];
	size_t len = s->lens[i], bad, k;

	k = ascii_prefix(p, len);
	if (k == len)
		return 0;
	if (c->encoding != CSVIN_CP1252) {
		bad = csvin_utf8_check(p, len);
		if (bad == len) {
			s->seen_multibyte = 1;
			return 0;
		}
		if (p[bad] && !s->seen_multibyte && c->encoding == CSVIN_UTF8 &&
		    late_cp1252(s, p + bad, len - bad)) {
			/* ASCII so far, and what follows reads as Windows-1252:
			   the file was Windows-1252 all along. */
			c->encoding = CSVIN_CP1252;
		} else {
			s->seen_multibyte = 1;	/* decided: UTF-8 */
			buf_reset(&s->reason);
			if (p[bad])
				buf_addf(&s->reason, "byte 0x%02X at offset %zu is not valid %s",
					 p[bad], bad, csvin_encoding_name(c->encoding));
			else
				buf_addf(&s->reason, "NUL byte at offset %zu", bad);
			return -1;
		}
	}
	/* Text is decoded field by field: a field that is valid UTF-8, non-ASCII
	   as it is, was written by another tool than the rest of the file
	   (Windows-1252 text almost never forms UTF-8 sequences): it stays. */
	if (csvin_utf8_check(p, len) == len) {
		buf_grow(&s->kept, s->nf);
		memset(s->kept.data, 0, s->any_kept ? 0 : s->nf);
		s->kept.data[i] = 1;
		s->any_kept = 1;
		return 0;
	}
	return from_cp1252(s, i, p, len);
}

static void deliver(struct csvin *c, struct csvin_state *s, int unterminated)
{
	struct csvin_record r;
	size_t i, skip = 0;
	long line = s->raw_line;
	const char *raw = s->raw.data;
	size_t raw_len = s->raw.len;

	if (s->failed)
		return;
	/* Blank lines before the record belong to no record. */
	while (skip < raw_len) {
		size_t j = skip;

		while (j < raw_len && raw[j] == '\r')
			j++;
		if (j < raw_len && raw[j] == s->term && j + 1 <= raw_len) {
			skip = j + 1;
			line++;
			continue;
		}
		break;
	}
	raw += skip;
	raw_len -= skip;
	while (raw_len && (raw[raw_len - 1] == '\n' || raw[raw_len - 1] == '\r'))
		raw_len--;

	if (s->index == 0)
		s->header_nf = s->nf;
	r.index = s->index++;
	r.line = line;
	r.nfields = s->nf;
	r.bad_field = -1;
	r.bad_reason = NULL;
	r.unterminated = unterminated;
	s->any_kept = 0;
	/* Fields are the record's bytes less some ASCII ones (quotes,
	   delimiters, line ends): when the whole record is valid UTF-8, so is
	   each field, and one pass over it does for them all. (A record cut
	   short by resync() holds fields read past its raw text.) */
	if (!unterminated && c->encoding != CSVIN_CP1252 &&
	    csvin_utf8_check((const unsigned char *)raw, raw_len) == raw_len) {
		if (!s->seen_multibyte &&
		    ascii_prefix((const unsigned char *)raw, raw_len) != raw_len)
			s->seen_multibyte = 1;
		i = s->nf;
	} else {
		i = 0;
	}
	for (; i < s->nf; i++) {
		if (r.bad_field < 0 && check_field(c, s, i)) {
			r.bad_field = (int)i;
			r.bad_reason = s->reason.data;
		}
	}
	for (i = 0; i < s->nf; i++)
		s->ptrs[i] = s->fields.data + s->offs[i];
	r.field = s->ptrs;
	r.len = s->lens;
	r.kept_utf8 = s->any_kept ? s->kept.data : NULL;
	r.raw = raw;
	r.raw_len = raw_len;
	r.encoding = c->encoding;
	r.delimiter = c->delimiter;
	r.prep = NULL;
	r.prep_len = 0;
	if (s->fn(s->ctx, &r, s->e))
		s->failed = 1;
	s->nf = 0;
	buf_reset(&s->fields);
}

static void on_record(int term, void *user)
{
	struct csvin *c = user;
	struct csvin_state *s = c->s;

	(void)term;
	if (s->failed)
		return;
	deliver(c, s, 0);
	s->ended = 1;
}

static char sniff_delimiter(const char *p, size_t n, char term)
{
	static const char cand[] = { ';', ',', '\t', '|' };
	size_t count[4] = { 0 }, i, k;
	int inq = 0;
	char best = ';';
	size_t bestn = 0;

	for (i = 0; i < n && (inq || p[i] != term); i++) {
		if (p[i] == '"')
			inq = !inq;
		else if (!inq)
			for (k = 0; k < 4; k++)
				if (p[i] == cand[k])
					count[k]++;
	}
	for (k = 0; k < 4; k++)
		if (count[k] > bestn) {
			bestn = count[k];
			best = cand[k];
		}
	return best;
}

/*
 * Counts the evidence for UTF-8 in p[0..n): valid multi-byte sequences and
 * bytes invalid in UTF-8 (NUL is no evidence). cut: the sample stops before
 * the end of the data, so a sequence cut at its end is no evidence.
 */
static void count_evidence(const unsigned char *p, size_t n, int cut, size_t *valid_multi,
			   size_t *invalid)
{
	size_t i = 0, ok;

	while (i < n) {
		ok = csvin_utf8_check(p + i, n - i);
		for (size_t k = i; k < i + ok; k++)
			*valid_multi += p[k] >= 0xC0;
		i += ok;
		if (i >= n)
			break;
		if (cut && n - i < 4 && p[i] >= 0xC2)
			break;
		*invalid += p[i] != 0;
		i++;
	}
}

/*
 * UTF-8 unless the sample has bytes invalid in UTF-8 and fewer valid
 * multi-byte sequences than invalid bytes: a Windows-1252 text almost never
 * forms valid UTF-8 sequences, while a UTF-8 file with a few stray bytes
 * still shows its accents as valid sequences.
 */
static enum csvin_encoding sniff_encoding(const unsigned char *p, size_t n, int cut)
{
	size_t valid_multi = 0, invalid = 0;

	count_evidence(p, n, cut, &valid_multi, &invalid);
	return invalid && valid_multi < invalid ? CSVIN_CP1252 : CSVIN_UTF8;
}

static int is_space(unsigned char ch)
{
	return ch == ' ';
}

/* In a file of LF (or CRLF) lines, only LF ends a record: a CR before it
   is trimmed like a space, and a stray CR inside a line stays data, so
   that records and physical lines agree. Old Mac files end lines with CR. */
static int is_space_lf(unsigned char ch)
{
	return ch == ' ' || ch == '\r';
}

static int is_term_lf(unsigned char ch)
{
	return ch == '\n';
}

static int is_term_cr(unsigned char ch)
{
	return ch == '\r';
}

/* Sets up the parser for the dialect found, afresh. */
static int parser_start(struct csvin *c, struct csvin_state *s, struct err *e)
{
	if (s->parser_ready) {
		csv_free(&s->parser);
		s->parser_ready = 0;
	}
	if (csv_init(&s->parser, CSV_APPEND_NULL) != 0)
		return err_io(e, "out of memory");
	s->parser_ready = 1;
	csv_set_delim(&s->parser, (unsigned char)c->delimiter);
	csv_set_space_func(&s->parser, s->lf_only ? is_space_lf : is_space);
	if (s->term == '\r')
		csv_set_term_func(&s->parser, is_term_cr);
	else if (s->lf_only)
		csv_set_term_func(&s->parser, is_term_lf);
	csv_set_blk_size(&s->parser, 4096);
	return 0;
}

/* Decides the encoding and the dialect from the first CSVIN_SNIFF bytes
   only (final: the file is shorter), so that the decision never depends on
   how the bytes were chunked. */
static int sniff(struct csvin *c, struct csvin_state *s, int final, struct err *e)
{
	const unsigned char *p = (const unsigned char *)s->pending.data;
	size_t n = s->pending.len, skip = 0, sample;

	if (n >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF)))
		return err_set(e, "UTF-16 text is not supported: save the file as UTF-8 or Windows-1252");
	sample = n < CSVIN_SNIFF ? n : CSVIN_SNIFF;
	if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
		c->encoding = CSVIN_UTF8_BOM;
		skip = 3;
	} else {
		c->encoding = sniff_encoding(p, sample, !final || n > sample);
	}
	if (skip) {
		memmove(s->pending.data, s->pending.data + skip, n - skip);
		buf_setlen(&s->pending, n - skip);
	}
	p = (const unsigned char *)s->pending.data;
	n = s->pending.len;
	sample = n < CSVIN_SNIFF ? n : CSVIN_SNIFF;
	s->term = memchr(p, '\n', sample) || !memchr(p, '\r', sample) ? '\n' : '\r';
	c->delimiter = s->fixed_delim ? s->fixed_delim
		: sniff_delimiter(s->pending.data, sample, s->term);
	if (parser_start(c, s, e))
		return -1;
	s->sniffed = 1;
	return 0;
}

/* 1 when the line holds a CR that does not end it (CR LF or a last CR). */
static int stray_cr(const char *p, size_t n)
{
	const char *cr = memchr(p, '\r', n);

	while (cr) {
		size_t i = (size_t)(cr - p);

		if (i + 1 < n && p[i + 1] != '\n')
			return 1;
		cr = i + 1 < n ? memchr(cr + 1, '\r', n - i - 1) : NULL;
	}
	return 0;
}

/* 1 when line p[0..n), read alone, is a record of nf fields: its quotes
   balance and it has nf - 1 delimiters outside them. Two fields are too few
   to tell: a line of prose with one delimiter would do. */
static int looks_like_record(const char *p, size_t n, char delim, size_t nf)
{
	size_t i, d = 0;
	int inq = 0;

	while (n && (p[n - 1] == '\n' || p[n - 1] == '\r'))
		n--;
	if (!n || nf < 3)
		return 0;
	for (i = 0; i < n; i++) {
		if (p[i] == '"')
			inq = !inq;
		else if (!inq && p[i] == delim)
			d++;
	}
	return !inq && d + 1 == nf;
}

static int feed_line(struct csvin *c, struct csvin_state *s, const char *p,
		     size_t n, struct err *e);

/*
 * The quoted field of the open record runs over lines that read as records:
 * its quote was a stray one. The record's first line goes to the callback
 * alone, marked CSVIN_RUNAWAY, and the lines after it are read again, so
 * that an open quote costs one row, not the rest of the file.
 */
static int resync(struct csvin *c, struct csvin_state *s, struct err *e)
{
	struct buf rest = BUF_INIT;
	const char *r = s->raw.data, *nl;
	size_t len = s->raw.len, skip = 0, end, i, j;
	long nlines = 0;
	int rc = 0;

	/* Blank lines before the record, as deliver() skips them. */
	for (;;) {
		j = skip;
		while (j < len && r[j] == '\r')
			j++;
		if (j >= len || r[j] != s->term)
			break;
		skip = j + 1;
	}
	nl = memchr(r + skip, s->term, len - skip);
	end = nl ? (size_t)(nl - r) + 1 : len;
	buf_add(&rest, r + end, len - end);
	for (i = 0; i < rest.len; i++)
		nlines += rest.data[i] == s->term;
	if (rest.len && rest.data[rest.len - 1] != s->term)
		nlines++;
	buf_setlen(&s->raw, end);
	if (parser_start(c, s, e)) {
		rc = -1;
		goto out;
	}
	deliver(c, s, CSVIN_RUNAWAY);
	buf_reset(&s->raw);
	s->looks = 0;
	if (s->failed) {
		rc = -1;
		goto out;
	}
	c->lines -= nlines;
	for (i = 0; i < rest.len; i = j) {
		nl = memchr(rest.data + i, s->term, rest.len - i);
		j = nl ? (size_t)(nl - rest.data) + 1 : rest.len;
		if (feed_line(c, s, rest.data + i, j - i, e)) {
			rc = -1;
			break;
		}
	}
out:
	buf_release(&rest);
	return rc;
}

/*
 * The common line, parsed without libcsv's byte-by-byte state machine: a
 * whole record on one LF (or CR LF) line, each field either bare (no
 * quote in it) or wholly quoted with no quote inside. Fields go to
 * on_field() exactly as libcsv gives them (a bare field without its
 * leading and trailing spaces, a quoted one without its quotes) and the
 * record to on_record(). Returns 1 when done, 0 when the line is another
 * kind (escaped or stray quotes, a quoted field running over lines, a
 * blank line): nothing was delivered then, and libcsv reads it.
 */
int csvin_fast_lines = 1;

static int fast_line(struct csvin *c, struct csvin_state *s, const char *p, size_t n)
{
	const char delim = c->delimiter;
	size_t i = 0, end;

	if (!csvin_fast_lines || s->lf_only || s->term != '\n' || !n || p[n - 1] != '\n' || s->parser.pstate != 0 ||
	    s->nf)
		return 0;
	end = n - 1;
	if (end && p[end - 1] == '\r')
		end--;
	while (i < end && p[i] == ' ')
		i++;
	if (i == end)
		return 0;	/* blank: libcsv delivers nothing */
	for (;;) {
		const char *q, *d;
		size_t k, j;

		while (i < end && p[i] == ' ' && p[i] != delim)
			i++;
		if (i < end && p[i] == '"') {
			q = memchr(p + i + 1, '"', end - i - 1);
			if (!q)
				goto slow;
			j = (size_t)(q - p);
			k = j + 1;
			if (k < end && p[k] != delim)
				goto slow;	/* "" inside, or text after the quote */
			on_field((void *)(p + i + 1), j - i - 1, c);
		} else {
			d = memchr(p + i, delim, end - i);
			k = d ? (size_t)(d - p) : end;
			if (memchr(p + i, '"', k - i))
				goto slow;
			j = k;
			while (j > i && p[j - 1] == ' ')
				j--;
			on_field((void *)(p + i), j - i, c);
		}
		if (k == end)
			break;
		i = k + 1;
	}
	on_record('\n', c);
	return 1;
slow:
	s->nf = 0;
	buf_reset(&s->fields);
	return 0;
}

/* Feeds one physical line (with its terminator, if any) to the parser. */
static int feed_line(struct csvin *c, struct csvin_state *s, const char *p,
		     size_t n, struct err *e)
{
	int open;

	/* libcsv ends a record at any CR; past the first stray one, only LF
	   does (a per-byte callback, so only from then on). */
	if (s->term == '\n' && !s->lf_only && stray_cr(p, n)) {
		csv_set_space_func(&s->parser, is_space_lf);
		csv_set_term_func(&s->parser, is_term_lf);
		s->lf_only = 1;
	}
	if (!s->raw.len)
		s->raw_line = c->lines + 1;
	buf_add(&s->raw, p, n);
	c->lines++;
	if (s->raw.len > CSVIN_MAX_RECORD)
		return err_set(e, "line %ld: a record is larger than %d MiB (a quote left open?)",
			       s->raw_line, CSVIN_MAX_RECORD >> 20);
	s->ended = 0;
	open = s->parser.pstate != 0;	/* libcsv's ROW_NOT_BEGUN */
	if (!fast_line(c, s, p, n) &&
	    csv_parse(&s->parser, p, n, on_field, on_record, c) != n) {
		if (csv_error(&s->parser) == CSV_ENOMEM)
			return err_io(e, "out of memory");
		return err_set(e, "line %ld: %s", c->lines, csv_strerror(csv_error(&s->parser)));
	}
	if (s->failed)
		return -1;
	if (s->ended) {
		buf_reset(&s->raw);
		s->looks = 0;
	} else if (open) {
		/* A line inside a quoted field: one that reads as a whole
		   record, again and again, means the quote was a stray one. */
		s->looks = looks_like_record(p, n, c->delimiter, s->header_nf) ? s->looks + 1 : 0;
		if (s->looks >= CSVIN_RESYNC_LINES)
			return resync(c, s, e);
	}
	return 0;
}

static int process(struct csvin *c, struct csvin_state *s, int final, struct err *e)
{
	size_t start = 0, n = s->pending.len;
	const char *p = s->pending.data;
	const char *nl;

	if (!s->sniffed) {
		if (!final && n < CSVIN_SNIFF)
			return 0;
		if (sniff(c, s, final, e))
			return -1;
		p = s->pending.data;
		n = s->pending.len;
	}
	/* A line is parsed only once CSVIN_SNIFF bytes after it are at hand
	   (or the file's end), so that a late encoding decision sees the
	   same bytes whatever the chunk sizes. */
	while (start < n && (nl = memchr(p + start, s->term, n - start))) {
		size_t len = (size_t)(nl - (p + start)) + 1;

		if (!final && n - start - len < CSVIN_SNIFF)
			break;
		s->ahead = p + start + len;
		s->ahead_len = n - start - len;
		if (feed_line(c, s, p + start, len, e))
			return -1;
		start += len;
	}
	if (final && start < n) {
		s->ahead = p + n;
		s->ahead_len = 0;
		if (feed_line(c, s, p + start, n - start, e))
			return -1;
		start = n;
		/* No final newline: end the last record ourselves. */
		s->ended = 0;
		csv_parse(&s->parser, &s->term, 1, on_field, on_record, c);
		if (s->failed)
			return -1;
		if (s->ended)
			buf_reset(&s->raw);
	}
	if (start) {
		memmove(s->pending.data, p + start, n - start);
		buf_setlen(&s->pending, n - start);
	}
	return 0;
}

int csvin_init(struct csvin *c, char fixed_delim, csvin_fn fn, void *ctx, struct err *e)
{
	struct csvin_state *s;

	memset(c, 0, sizeof(*c));
	s = calloc(1, sizeof(*s));
	if (!s)
		return err_io(e, "out of memory");
	s->fn = fn;
	s->ctx = ctx;
	s->fixed_delim = fixed_delim;
	/* Opened now, not at the first Windows-1252 byte: iconv loads its
	   converter from files, and a failure there (out of descriptors) is
	   the system's, never an encoding error of the rows. */
	s->cd = iconv_open("UTF-8", "CP1252");
	s->raw_cd = s->cd == (iconv_t)-1 ? (iconv_t)-1 : iconv_open("UTF-8", "CP1252");
	if (s->raw_cd == (iconv_t)-1) {
		int saved = errno;

		if (s->cd != (iconv_t)-1)
			iconv_close(s->cd);
		free(s);
		if (saved == ENOMEM)
			xalloc_die();
		return err_io(e, "cannot open iconv's Windows-1252 converter: %s", strerror(saved));
	}
	buf_init(&s->pending);
	buf_init(&s->raw);
	buf_init(&s->fields);
	buf_init(&s->conv);
	buf_init(&s->reason);
	buf_init(&s->kept);
	c->s = s;
	c->delimiter = fixed_delim;
	return 0;
}

int csvin_feed(struct csvin *c, const char *data, size_t len, struct err *e)
{
	struct csvin_state *s = c->s;

	s->e = e;
	if (s->failed)
		return -1;
	buf_add(&s->pending, data, len);
	c->bytes += len;
	if (process(c, s, 0, e)) {
		s->failed = 1;
		return -1;
	}
	return 0;
}

int csvin_finish(struct csvin *c, struct err *e)
{
	struct csvin_state *s = c->s;

	s->e = e;
	if (s->failed)
		return -1;
	if (process(c, s, 1, e)) {
		s->failed = 1;
		return -1;
	}
	if (!s->parser_ready)
		return 0;
	/* A quote still open at the end of the file, over lines that read as
	   records: the same stray quote as in feed_line(), seen sooner. */
	while (s->raw.len && s->looks > 0) {
		if (resync(c, s, e)) {
			s->failed = 1;
			return -1;
		}
		if (s->raw.len && s->raw.data[s->raw.len - 1] != s->term) {
			s->ended = 0;
			csv_parse(&s->parser, &s->term, 1, on_field, on_record, c);
			if (s->failed)
				return -1;
			if (s->ended) {
				buf_reset(&s->raw);
				s->looks = 0;
			}
		}
	}
	/* Whatever is left is a record whose quoted field never closed. */
	if (s->raw.len || s->nf) {
		size_t i = 0;

		while (i < s->raw.len && (s->raw.data[i] == '\n' || s->raw.data[i] == '\r'))
			i++;
		if (i < s->raw.len) {
			s->ended = 0;
			csv_fini(&s->parser, on_field, NULL, c);
			deliver(c, s, CSVIN_OPEN);
			if (s->failed)
				return -1;
		}
		buf_reset(&s->raw);
		s->nf = 0;
		buf_reset(&s->fields);
	}
	return 0;
}

void csvin_release(struct csvin *c)
{
	struct csvin_state *s = c->s;

	if (!s)
		return;
	if (s->parser_ready)
		csv_free(&s->parser);
	if (s->cd != (iconv_t)-1)
		iconv_close(s->cd);
	if (s->raw_cd != (iconv_t)-1)
		iconv_close(s->raw_cd);
	buf_release(&s->pending);
	buf_release(&s->raw);
	buf_release(&s->fields);
	buf_release(&s->conv);
	buf_release(&s->kept);
	buf_release(&s->reason);
	free(s->offs);
	free(s->lens);
	free(s->ptrs);
	free(s);
	c->s = NULL;
}

/* Windows-1252 raw text holding NUL bytes: each byte through iconv on its
   own, NUL and undefined bytes as \xHH. Rare, so simple. */
static void escape_cp1252(struct csvin_state *s, struct buf *out, const char *raw, size_t len)
{
	size_t i;

	if (s->raw_cd == (iconv_t)-1)
		s->raw_cd = iconv_open("UTF-8", "CP1252");
	for (i = 0; i < len; i++) {
		char in[1] = { raw[i] }, conv[8], *ip = in, *op = conv;
		size_t il = 1, ol = sizeof(conv);

		if (raw[i] && s->raw_cd != (iconv_t)-1 &&
		    iconv(s->raw_cd, &ip, &il, &op, &ol) != (size_t)-1)
			buf_add(out, conv, sizeof(conv) - ol);
		else
			buf_addf(out, "\\x%02X", (unsigned char)raw[i]);
	}
}

void csvin_raw_text(struct csvin *c, const struct csvin_record *r, struct buf *out)
{
	struct csvin_state *s = c->s;
	char *in = (char *)r->raw, *outp;
	size_t inleft = r->raw_len, outleft;

	if (r->encoding != CSVIN_CP1252 || memchr(r->raw, '\0', r->raw_len)) {
		/* UTF-8, or bytes that cannot be kept as they are: \xHH. */
		if (r->encoding == CSVIN_CP1252)
			escape_cp1252(s, out, r->raw, r->raw_len);
		else
			csvin_escape_invalid(out, r->raw, r->raw_len);
		return;
	}
	if (s->raw_cd == (iconv_t)-1)
		s->raw_cd = iconv_open("UTF-8", "CP1252");
	if (s->raw_cd == (iconv_t)-1) {
		csvin_escape_invalid(out, r->raw, r->raw_len);
		return;
	}
	iconv(s->raw_cd, NULL, NULL, NULL, NULL);
	while (inleft) {
		buf_grow(out, inleft * 3 + 8);
		outp = out->data + out->len;
		outleft = inleft * 3 + 8;
		if (iconv(s->raw_cd, &in, &inleft, &outp, &outleft) == (size_t)-1 &&
		    errno == EILSEQ) {
			out->len = (size_t)(outp - out->data);
			buf_addf(out, "\\x%02X", (unsigned char)*in);
			in++;
			inleft--;
			continue;
		}
		out->len = (size_t)(outp - out->data);
		out->data[out->len] = '\0';
	}
}
