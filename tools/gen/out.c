/* Output files: NAME.tmp, quoted fields, optional Windows-1252, rename. */
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"

void out_init(struct out *o, const char *dir, char delim, const char *eol,
	      int quote_all, int bom, int cp1252, int verbose)
{
	memset(o, 0, sizeof(*o));
	o->dir = dir;
	buf_init(&o->name);
	buf_init(&o->path);
	buf_init(&o->tmp);
	buf_init(&o->rec);
	buf_init(&o->conv);
	o->delim = delim;
	o->eol = eol;
	o->quote_all = quote_all;
	o->quote_if = delim == ',' ? ",;\"\r\n" : ";\"\r\n";
	o->bom = bom;
	o->cp1252 = cp1252;
	o->cd = (iconv_t)-1;
	o->verbose = verbose;
	o->line = 1;
}

#define OUT_VBUF (4u << 20)

int out_open(struct out *o, struct err *e)
{
	buf_addf(&o->path, "%s/%s", o->dir, o->name.data);
	buf_addf(&o->tmp, "%s.tmp", o->path.data);
	if (o->cp1252) {
		o->cd = iconv_open("WINDOWS-1252", "UTF-8");
		if (o->cd == (iconv_t)-1)
			return err_set(e, "'%s': no UTF-8 to Windows-1252 converter: %s",
				       o->name.data, strerror(errno));
	}
	o->f = fopen(o->tmp.data, "wb");
	if (!o->f)
		return err_set(e, "cannot create '%s': %s", o->tmp.data, strerror(errno));
	o->vbuf = malloc(OUT_VBUF);
	if (o->vbuf)
		setvbuf(o->f, o->vbuf, _IOFBF, OUT_VBUF);
	if (o->bom && fwrite("\xEF\xBB\xBF", 1, 3, o->f) != 3)
		return err_set(e, "cannot write '%s': %s", o->tmp.data, strerror(errno));
	return 0;
}

static void out_field_n(struct out *o, const char *s, size_t n)
{
	struct buf *b = &o->rec;
	const char *q;
	int quote = o->quote_all;
	size_t i;

	if (o->nfield++)
		buf_addch(b, o->delim);
	if (!quote)
		for (i = 0; o->quote_if[i] && !quote; i++)
			quote = memchr(s, o->quote_if[i], n) != NULL;
	if (!quote) {
		buf_add(b, s, n);
		return;
	}
	buf_grow(b, n + 2);
	buf_addch(b, '"');
	while ((q = memchr(s, '"', n))) {
		size_t k = (size_t)(q - s) + 1;

		buf_add(b, s, k);
		buf_addch(b, '"');
		s += k;
		n -= k;
	}
	buf_add(b, s, n);
	buf_addch(b, '"');
}

static void out_field(struct out *o, const char *s)
{
	out_field_n(o, s, strlen(s));
}

/* Ends the record; a non-NULL bad names its deliberate defect. */
static int out_end(struct out *o, int header, const char *bad, struct err *e)
{
	const char *data;
	size_t len, i;

	buf_addstr(&o->rec, o->eol);
	data = o->rec.data;
	len = o->rec.len;
	if (o->cd != (iconv_t)-1) {
		char *in = o->rec.data, *outp;
		size_t inleft = o->rec.len, outleft;

		buf_reset(&o->conv);
		buf_grow(&o->conv, inleft);
		outp = o->conv.data;
		outleft = inleft;
		iconv(o->cd, NULL, NULL, NULL, NULL);
		if (iconv(o->cd, &in, &inleft, &outp, &outleft) == (size_t)-1)
			return err_set(e, "'%s' line %lu: cannot write '%.20s' in Windows-1252: %s",
				       o->name.data, o->line, in, strerror(errno));
		data = o->conv.data;
		len = (size_t)(outp - o->conv.data);
	}
	if (fwrite(data, 1, len, o->f) != len)
		return err_set(e, "cannot write '%s': %s", o->tmp.data, strerror(errno));
	if (!header) {
		o->rows++;
		if (bad) {
			o->bad++;
			if (o->verbose)
				fprintf(stderr, "%s:%lu: record %lu: %s\n",
					o->name.data, o->line, o->rows, bad);
		}
	}
	for (i = 0; i < o->rec.len; i++)
		o->line += o->rec.data[i] == '\n';
	buf_reset(&o->rec);
	o->nfield = 0;
	return 0;
}

int out_header(struct out *o, const char *const *names, const int *order,
	       int n, struct err *e)
{
	int i;

	for (i = 0; i < n; i++)
		out_field(o, names[order ? order[i] : i]);
	return out_end(o, 1, NULL, e);
}

/* Writes fields f in the given order (NULL: as is), n of them. */
int out_row(struct out *o, const struct buf *f, const int *order, int n,
	    const char *bad, struct err *e)
{
	int i;

	for (i = 0; i < n; i++) {
		const struct buf *b = &f[order ? order[i] : i];

		out_field_n(o, b->data, b->len);
	}
	return out_end(o, 0, bad, e);
}

int out_close(struct out *o, struct err *e)
{
	int failed, saved = 0;

	failed = fflush(o->f) != 0 || ferror(o->f);
	if (failed)
		saved = errno;
	if (fclose(o->f) != 0 && !failed) {
		failed = 1;
		saved = errno;
	}
	o->f = NULL;
	if (failed) {
		remove(o->tmp.data);
		return err_set(e, "cannot write '%s': %s", o->tmp.data,
			       saved ? strerror(saved) : "write error");
	}
	if (rename(o->tmp.data, o->path.data) != 0)
		return err_set(e, "cannot rename '%s' to '%s': %s", o->tmp.data,
			       o->path.data, strerror(errno));
	printf("%s: %lu rows, %lu bad\n", o->name.data, o->rows, o->bad);
	return 0;
}

void out_release(struct out *o)
{
	if (o->f) {
		fclose(o->f);
		remove(o->tmp.data);
		o->f = NULL;
	}
	if (o->cd != (iconv_t)-1)
		iconv_close(o->cd);
	o->cd = (iconv_t)-1;
	free(o->vbuf);
	o->vbuf = NULL;
	buf_release(&o->name);
	buf_release(&o->path);
	buf_release(&o->tmp);
	buf_release(&o->rec);
	buf_release(&o->conv);
}

void out_fields_init(struct buf *f, int n)
{
	int i;

	for (i = 0; i < n; i++)
		buf_init(&f[i]);
}

void out_fields_release(struct buf *f, int n)
{
	int i;

	for (i = 0; i < n; i++)
		buf_release(&f[i]);
}

void out_fields_reset(struct buf *f, int n)
{
	int i;

	for (i = 0; i < n; i++)
		buf_reset(&f[i]);
}

/* Spreads nbad deliberate defects evenly over nrec records. */
unsigned long *out_bad_positions(struct rng *r, unsigned long nrec,
				 unsigned long nbad)
{
	unsigned long *pos = gen_xrealloc(NULL, nbad + 1, sizeof(*pos));
	unsigned long k, gap = nrec / (nbad + 1);

	for (k = 0; k < nbad; k++)
		pos[k] = (k + 1) * gap + rng_below(r, gap / 2 + 1);
	pos[nbad] = (unsigned long)-1;
	return pos;
}
