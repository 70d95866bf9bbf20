#include "chart.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cairo-svg.h>
#include <png.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <pango/pangocairo.h>

#include "buf.h"

/* Okabe & Ito (2008), "Color Universal Design", in 0..255. */
static const unsigned char palette[CHART_NCOLOURS][3] = {
	{ 0, 114, 178 },	/* blue */
	{ 213, 94, 0 },		/* vermillion */
	{ 0, 158, 115 },	/* bluish green */
	{ 230, 159, 0 },	/* orange */
	{ 86, 180, 233 },	/* sky blue */
	{ 204, 121, 167 },	/* reddish purple */
	{ 240, 228, 66 },	/* yellow */
	{ 0, 0, 0 },		/* black */
};

struct chart_rgb chart_palette(size_t i)
{
	const unsigned char *p = palette[i % CHART_NCOLOURS];
	struct chart_rgb c = { p[0] / 255.0, p[1] / 255.0, p[2] / 255.0 };

	return c;
}

const char *chart_tr(enum fmt_lang lang, const char *fr, const char *en)
{
	return lang == FMT_EN ? en : fr;
}

/* Text sizes, in the units of the cairo_t. */
#define TITLE_SIZE 10.0

static PangoLayout *text_new(cairo_t *cr, const char *s, double size, int bold)
{
	PangoLayout *l = pango_cairo_create_layout(cr);
	PangoFontDescription *fd = pango_font_description_new();

	pango_font_description_set_family(fd, CHART_FONT);
	/* Absolute: in user units, whatever resolution Pango assumes. */
	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD
						   : PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	pango_layout_set_text(l, s ? s : "", -1);
	return l;
}

static void text_extent(PangoLayout *l, double *w, double *h)
{
	int pw, ph;

	pango_layout_get_size(l, &pw, &ph);
	if (w)
		*w = (double)pw / PANGO_SCALE;
	if (h)
		*h = (double)ph / PANGO_SCALE;
}

static double text_width(cairo_t *cr, const char *s, double size, int bold)
{
	PangoLayout *l = text_new(cr, s, size, bold);
	double w;

	text_extent(l, &w, NULL);
	g_object_unref(l);
	return w;
}

/* Draws l with its top-left corner at (x, y). */
static void text_show(cairo_t *cr, PangoLayout *l, double x, double y)
{
	cairo_move_to(cr, x, y);
	pango_cairo_show_layout(cr, l);
}

/*
 * Draws s with its left (halign 0), centre (0.5) or right (1) edge at x and
 * its vertical centre at cy.
 */
static void text_at(cairo_t *cr, const char *s, double size, int bold,
		   double x, double halign, double cy)
{
	PangoLayout *l = text_new(cr, s, size, bold);
	double w, h;

	text_extent(l, &w, &h);
	text_show(cr, l, x - halign * w, cy - h / 2);
	g_object_unref(l);
}

/* --- No data ---------------------------------------------------------- */

#define NODATA_SIZE 11.0
#define NODATA_MIN_H 30.0

const char *chart_no_data(enum fmt_lang lang)
{
	return chart_tr(lang, "Aucune donnée", "No data");
}

/* The title wrapped to the box width, as the charts set theirs. */
static PangoLayout *nodata_title(cairo_t *cr, const char *title, double w)
{
	PangoLayout *l = text_new(cr, title, TITLE_SIZE, 1);

	pango_layout_set_width(l, (int)(w * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	return l;
}

int chart_nodata_layout(cairo_t *cr, double x, double y, double w, double h,
			const char *title, struct chart_nodata_geom *g,
			struct err *e)
{
	double top = y;

	memset(g, 0, sizeof(*g));
	if (!(w > 0 && h > 0) || !isfinite(x) || !isfinite(y) ||
	    !isfinite(w) || !isfinite(h))
		return err_set(e, "chart '%s': empty box %g x %g",
			       title ? title : "", w, h);
	if (title && *title) {
		PangoLayout *l = nodata_title(cr, title, w);
		double th;

		text_extent(l, NULL, &th);
		g_object_unref(l);
		top += th + 6;
	}
	g->x = x;
	g->y = top;
	g->w = w;
	g->h = y + h - top;
	if (g->h < NODATA_MIN_H ||
	    g->w < text_width(cr, chart_no_data(FMT_FR), NODATA_SIZE, 0) + 16)
		return err_set(e, "chart '%s': box %.0f x %.0f too small",
			       title ? title : "", w, h);
	return 0;
}

int chart_nodata_draw(cairo_t *cr, double x, double y, double w, double h,
		      const char *title, enum fmt_lang lang, struct err *e)
{
	struct chart_nodata_geom g;
	cairo_status_t st;

	if ((st = cairo_status(cr)) != CAIRO_STATUS_SUCCESS)
		return err_set(e, "chart '%s': cairo: %s", title ? title : "",
			       cairo_status_to_string(st));
	if (chart_nodata_layout(cr, x, y, w, h, title, &g, e))
		return -1;
	cairo_save(cr);
	cairo_new_path(cr);
	if (title && *title) {
		PangoLayout *l = nodata_title(cr, title, w);

		cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
		text_show(cr, l, x, y);
		g_object_unref(l);
	}
	/* The plot area as the charts frame theirs, a light grey inside. */
	cairo_rectangle(cr, g.x + 0.4, g.y + 0.4, g.w - 0.8, g.h - 0.8);
	cairo_set_source_rgb(cr, 0.965, 0.965, 0.965);
	cairo_fill_preserve(cr);
	cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
	cairo_set_line_width(cr, 0.8);
	cairo_stroke(cr);
	cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
	text_at(cr, chart_no_data(lang), NODATA_SIZE, 0, g.x + g.w / 2, 0.5,
		g.y + g.h / 2);
	cairo_restore(cr);
	if ((st = cairo_status(cr)) != CAIRO_STATUS_SUCCESS)
		return err_set(e, "chart '%s': cairo: %s", title ? title : "",
			       cairo_status_to_string(st));
	return 0;
}

void chart_fonts_release(void)
{
	pango_cairo_font_map_set_default(NULL);
}

/* --- Files ------------------------------------------------------------ */



cairo_status_t chart_sink_write(void *closure, const unsigned char *data, unsigned int len)
{
	struct chart_sink *s = closure;

	if (s->errnum)
		return CAIRO_STATUS_WRITE_ERROR;
	if (len && fwrite(data, 1, len, s->fp) != len) {
		s->errnum = errno ? errno : EIO;
		return CAIRO_STATUS_WRITE_ERROR;
	}
	return CAIRO_STATUS_SUCCESS;
}

int chart_sink_close(struct chart_sink *s)
{
	int errnum = s->errnum;

	if (fflush(s->fp) && !errnum)
		errnum = errno;
	if (ferror(s->fp) && !errnum)
		errnum = EIO;
	if (!errnum && fsync(fileno(s->fp)) && errno != EINVAL)
		errnum = errno;
	if (fclose(s->fp) && !errnum)
		errnum = errno;
	s->fp = NULL;
	return errnum;
}

/*
 * Flushes, syncs and closes s->fp, then renames tmp to path; on any error,
 * or when ok is 0 (an error already set in e), removes tmp. Returns 0 or -1.
 */
static int sink_commit(struct chart_sink *s, int ok, const char *tmp,
		       const char *path, struct err *e)
{
	int errnum = s->errnum;

	if (!ok) {
		/* The error is already told; a write error would be a consequence. */
		fclose(s->fp);
		s->fp = NULL;
		unlink(tmp);
		return -1;
	}
	errnum = chart_sink_close(s);
	if (errnum) {
		unlink(tmp);
		return err_set(e, "cannot write '%s': %s", tmp, strerror(errnum));
	}
	if (rename(tmp, path)) {
		errnum = errno;
		unlink(tmp);
		return err_set(e, "cannot rename '%s' to '%s': %s", tmp, path,
			       strerror(errnum));
	}
	return 0;
}

/* Paints white and draws the chart on surface; returns 0 or -1. */
static int draw_on(cairo_surface_t *surface, double scale, double w_pt,
		   double h_pt, chart_draw_fn *draw, const void *chart,
		   const char *path, struct err *e)
{
	cairo_t *cr = cairo_create(surface);
	cairo_status_t st;
	int rc;

	cairo_scale(cr, scale, scale);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	rc = draw(cr, CHART_FILE_MARGIN, CHART_FILE_MARGIN,
		  w_pt - 2 * CHART_FILE_MARGIN, h_pt - 2 * CHART_FILE_MARGIN, chart, e);
	st = cairo_status(cr);
	cairo_destroy(cr);
	if (rc)
		return err_prefix(e, "'%s'", path);
	if (st != CAIRO_STATUS_SUCCESS)
		return err_set(e, "cannot draw '%s': %s", path,
			       cairo_status_to_string(st));
	return 0;
}

static int open_tmp(struct buf *tmp, const char *path, struct chart_sink *s,
		    struct err *e)
{
	buf_addstr(tmp, path);
	buf_addstr(tmp, ".tmp");
	s->errnum = 0;
	s->fp = fopen(tmp->data, "wb");
	if (!s->fp)
		return err_set(e, "cannot create '%s': %s", tmp->data,
			       strerror(errno));
	return 0;
}

/* libpng's callbacks: its bytes go through the sink, which keeps the
   errno of a failed write; its errors are kept for our message (its
   default prints them on stderr), its warnings are not for users. */
struct png_out {
	struct chart_sink *s;
	char msg[160];
};

static void png_fail(png_structp png, png_const_charp msg)
{
	struct png_out *o = png_get_error_ptr(png);

	snprintf(o->msg, sizeof(o->msg), "%s", msg);
	png_longjmp(png, 1);
}

static void png_quiet(png_structp png, png_const_charp msg)
{
	(void)png;
	(void)msg;
}

static void png_put(png_structp png, png_bytep data, size_t len)
{
	struct png_out *o = png_get_io_ptr(png);

	if (len > UINT_MAX || chart_sink_write(o->s, data, (unsigned int)len) !=
	    CAIRO_STATUS_SUCCESS)
		png_error(png, "write error");
}

static void png_flush_none(png_structp png)
{
	(void)png;	/* the sink flushes once, as it closes */
}

/*
 * The surface (RGB24) as an 8-bit RGB PNG on s, through libpng. Charts are
 * flat colours and anti-aliased edges, which zlib finds again as they are:
 * without filters (cairo's own PNG tries every filter on every row) the
 * eight charts of the report are 10 % smaller and written in 60 % of the time
 * (the PNGs were a third of the report's time). A write that fails leaves
 * its errno in s (sink_commit tells it); any other failure sets e.
 */
static int write_png(cairo_surface_t *surface, struct chart_sink *s, const char *tmp,
		     struct err *e)
{
	int w = cairo_image_surface_get_width(surface);
	int h = cairo_image_surface_get_height(surface);
	int stride = cairo_image_surface_get_stride(surface);
	const unsigned char *data;
	struct png_out o = { s, "out of memory" };
	png_structp png;
	png_infop info = NULL;
	unsigned char *volatile row = NULL;
	volatile int rc = -1;

	cairo_surface_flush(surface);
	data = cairo_image_surface_get_data(surface);
	png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &o, png_fail, png_quiet);
	if (!png || !(info = png_create_info_struct(png)) ||
	    !(row = malloc((size_t)w * 3)))
		goto out;
	if (setjmp(png_jmpbuf(png)))
		goto out;
	png_set_write_fn(png, &o, png_put, png_flush_none);
	png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8, PNG_COLOR_TYPE_RGB,
		     PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
	png_write_info(png, info);
	for (int y = 0; y < h; y++) {
		const uint32_t *px = (const uint32_t *)(const void *)(data + (size_t)y * (size_t)stride);

		for (int x = 0; x < w; x++) {
			row[3 * x] = (unsigned char)(px[x] >> 16);
			row[3 * x + 1] = (unsigned char)(px[x] >> 8);
			row[3 * x + 2] = (unsigned char)px[x];
		}
		png_write_row(png, row);
	}
	png_write_end(png, info);
	rc = 0;
out:
	png_destroy_write_struct(&png, info ? &info : NULL);
	free(row);
	if (rc && !s->errnum)
		err_set(e, "cannot write '%s': the PNG encoder failed: %s", tmp, o.msg);
	return rc;
}

int chart_write_png(const char *path, double w_pt, double h_pt,
		    double dpi_scale, chart_draw_fn *draw, const void *chart,
		    struct err *e)
{
	struct buf tmp = BUF_INIT;
	struct chart_sink s;
	cairo_surface_t *surface;
	double wpx = ceil(w_pt * dpi_scale), hpx = ceil(h_pt * dpi_scale);
	int rc = -1, ok;

	if (!(wpx >= 1 && hpx >= 1 && wpx <= 32767 && hpx <= 32767))
		return err_set(e, "cannot draw '%s': bad size %g x %g pt at "
			       "scale %g", path, w_pt, h_pt, dpi_scale);
	if (open_tmp(&tmp, path, &s, e))
		goto out_release;
	surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)wpx,
					     (int)hpx);
	ok = draw_on(surface, dpi_scale, w_pt, h_pt, draw, chart, path, e) == 0;
	/* A write error is the sink's to tell. */
	if (ok && write_png(surface, &s, tmp.data, e) && !s.errnum)
		ok = 0;
	cairo_surface_destroy(surface);
	rc = sink_commit(&s, ok, tmp.data, path, e);
out_release:
	buf_release(&tmp);
	return rc;
}

static cairo_status_t mem_write(void *closure, const unsigned char *data,
				unsigned int len)
{
	buf_add(closure, data, len);
	return CAIRO_STATUS_SUCCESS;
}

/*
 * cairo names the top group of an SVG after a counter shared by all the
 * surfaces of the process ("surface141"); nothing refers to it. Renaming it
 * makes the same chart the same bytes whatever was drawn before.
 */
static void svg_stable_ids(struct buf *svg)
{
	static const char tag[] = "<g id=\"surface";
	char *p = strstr(svg->data, tag), *q;

	if (!p)
		return;
	p += sizeof(tag) - 1;
	for (q = p; *q >= '0' && *q <= '9'; q++)
		;
	if (q == p || *q != '"')
		return;
	*p++ = '1';
	memmove(p, q, svg->len - (size_t)(q - svg->data) + 1);
	svg->len -= (size_t)(q - p);
}

int chart_write_svg(const char *path, double w_pt, double h_pt,
		    chart_draw_fn *draw, const void *chart, struct err *e)
{
	struct buf tmp = BUF_INIT, svg = BUF_INIT;
	struct chart_sink s;
	cairo_surface_t *surface;
	cairo_status_t st;
	int rc = -1, ok;

	if (!(w_pt > 0 && h_pt > 0))
		return err_set(e, "cannot draw '%s': bad size %g x %g pt",
			       path, w_pt, h_pt);
	if (open_tmp(&tmp, path, &s, e))
		goto out_release;
	/* In memory first, a few hundred kilobytes at most, to fix the ids. */
	surface = cairo_svg_surface_create_for_stream(mem_write, &svg, w_pt,
						      h_pt);
	cairo_svg_surface_set_document_unit(surface, CAIRO_SVG_UNIT_PT);
	ok = draw_on(surface, 1.0, w_pt, h_pt, draw, chart, path, e) == 0;
	/* The SVG is written out when the surface finishes. */
	cairo_surface_finish(surface);
	st = cairo_surface_status(surface);
	cairo_surface_destroy(surface);
	if (ok && st != CAIRO_STATUS_SUCCESS) {
		err_set(e, "cannot draw '%s': %s", path,
			cairo_status_to_string(st));
		ok = 0;
	}
	if (ok) {
		svg_stable_ids(&svg);
		if (fwrite(svg.data, 1, svg.len, s.fp) != svg.len)
			s.errnum = errno ? errno : EIO;
	}
	rc = sink_commit(&s, ok, tmp.data, path, e);
out_release:
	buf_release(&svg);
	buf_release(&tmp);
	return rc;
}

