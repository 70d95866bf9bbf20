#include "render.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "buf.h"

#define TOP RENDER_MARGIN
#define BOTTOM (RENDER_PAGE_H - RENDER_MARGIN - 8)
#define LEFT RENDER_MARGIN
#define TEXT_W (RENDER_PAGE_W - 2 * RENDER_MARGIN)
#define FOOTER_Y (RENDER_PAGE_H - RENDER_MARGIN + 14)

#define BODY_SIZE 10.0
#define PARA_AFTER 8.0	/* under a paragraph */
#define TABLE_SIZE 8.5
#define FOOTER_SIZE 7.5
#define INK 0.12	/* grey of the body text */

struct render {
	char *path;
	struct chart_sink out;	/* the PDF file */
	cairo_surface_t *surface;
	cairo_t *cr;
	PangoContext *pango;
	enum fmt_lang lang;
	char *title;		/* for the footers */
	int page;		/* current page, from 1 */
	int dirty;		/* something is drawn on the current page */
	int cover;		/* the current page is the cover */
	double y;		/* top of the free space on the page */
	int outline[4];		/* last outline id at each level, 0 = none */
	int failed;
	struct err err;		/* the first error, when failed */
};


static void fail(struct render *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Keeps the first error of the document. */
static void fail(struct render *r, const char *fmt, ...)
{
	struct buf msg = BUF_INIT;
	va_list ap;

	if (r->failed)
		return;
	va_start(ap, fmt);
	buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	err_set(&r->err, "'%s': %s", r->path, msg.data);
	buf_release(&msg);
	r->failed = 1;
}

/* Returns nonzero if r may go on drawing; records a cairo error if any. */
static int ok(struct render *r)
{
	cairo_status_t st;

	if (r->failed)
		return 0;
	st = cairo_status(r->cr);
	if (st != CAIRO_STATUS_SUCCESS) {
		if (r->out.errnum)
			fail(r, "cannot write: %s", strerror(r->out.errnum));
		else
			fail(r, "cairo: %s", cairo_status_to_string(st));
		return 0;
	}
	return 1;
}

/* --- Text ------------------------------------------------------------- */

/* A layout in CHART_FONT at size points; width > 0 wraps to that width. */
static PangoLayout *layout_new(struct render *r, double size, int bold,
			       double width)
{
	PangoLayout *l = pango_layout_new(r->pango);
	PangoFontDescription *fd = pango_font_description_new();

	pango_font_description_set_family(fd, CHART_FONT);
	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD
						   : PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	if (width > 0) {
		pango_layout_set_width(l, (int)(width * PANGO_SCALE));
		pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	}
	return l;
}

static PangoLayout *text_new(struct render *r, const char *s, double size,
			     int bold, double width)
{
	PangoLayout *l = layout_new(r, size, bold, width);

	pango_layout_set_text(l, s ? s : "", -1);
	return l;
}

static double layout_h(PangoLayout *l)
{
	int w, h;

	pango_layout_get_size(l, &w, &h);
	return (double)h / PANGO_SCALE;
}

static double layout_w(PangoLayout *l)
{
	int w, h;

	pango_layout_get_size(l, &w, &h);
	return (double)w / PANGO_SCALE;
}

static void show(struct render *r, PangoLayout *l, double x, double y)
{
	cairo_move_to(r->cr, x, y);
	pango_cairo_show_layout(r->cr, l);
	r->dirty = 1;
}

static void grey(struct render *r, double g)
{
	cairo_set_source_rgb(r->cr, g, g, g);
}

static void ink_rgb(struct render *r, struct chart_rgb c)
{
	cairo_set_source_rgb(r->cr, c.r, c.g, c.b);
}

/* --- Pages ------------------------------------------------------------ */

static void footer(struct render *r)
{
	struct buf num = BUF_INIT;
	PangoLayout *l;
	double nw;

	/* The page's text may go on after the break: keep its colour. */
	cairo_save(r->cr);
	buf_addstr(&num, r->lang == FMT_EN ? "Page " : "p.\xc2\xa0");
	fmt_int(&num, r->page, r->lang);
	l = text_new(r, num.data, FOOTER_SIZE, 0, 0);
	nw = layout_w(l);
	grey(r, 0.45);
	show(r, l, LEFT + TEXT_W - nw, FOOTER_Y);
	g_object_unref(l);
	buf_release(&num);
	if (r->title && *r->title) {
		l = text_new(r, r->title, FOOTER_SIZE, 0, TEXT_W - nw - 24);
		pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
		show(r, l, LEFT, FOOTER_Y);
		g_object_unref(l);
	}
	cairo_set_line_width(r->cr, 0.4);
	grey(r, 0.7);
	cairo_move_to(r->cr, LEFT, FOOTER_Y - 5);
	cairo_line_to(r->cr, LEFT + TEXT_W, FOOTER_Y - 5);
	cairo_stroke(r->cr);
	cairo_restore(r->cr);
}

/* Ends the current page, with its footer, and starts the next one. */
static void page_end(struct render *r)
{
	if (!r->cover)
		footer(r);
	cairo_show_page(r->cr);
	r->page++;
	r->dirty = 0;
	r->cover = 0;
	r->y = TOP;
}

/* Starts a new page unless the current one is still blank. */
static void page_break(struct render *r)
{
	if (r->dirty)
		page_end(r);
}

/* Makes sure h points are free below r->y, on a new page if needed. */
static void need(struct render *r, double h)
{
	if (r->y + h > BOTTOM && r->dirty)
		page_end(r);
}

void render_need(struct render *r, double h)
{
	if (!r->failed)
		need(r, h);
}

/* --- Document --------------------------------------------------------- */

static void render_free(struct render *r)
{
	if (r->pango)
		g_object_unref(r->pango);
	if (r->cr)
		cairo_destroy(r->cr);
	if (r->surface)
		cairo_surface_destroy(r->surface);
	if (r->out.fp)
		fclose(r->out.fp);
	free(r->title);
	free(r->path);
	free(r);
}

int render_open(struct render **out, const char *pdf_path,
		const struct render_meta *m, struct err *e)
{
	static const cairo_pdf_metadata_t keys[] = {
		CAIRO_PDF_METADATA_TITLE, CAIRO_PDF_METADATA_AUTHOR,
		CAIRO_PDF_METADATA_SUBJECT, CAIRO_PDF_METADATA_KEYWORDS,
		CAIRO_PDF_METADATA_CREATOR, CAIRO_PDF_METADATA_CREATE_DATE,
		CAIRO_PDF_METADATA_MOD_DATE,
	};
	/* The modification date is the creation date: one render, one date. */
	const char *vals[] = { m->title, m->author, m->subject, m->keywords,
			       m->creator, m->create_date, m->create_date };
	struct render *r;
	cairo_status_t st;
	size_t i;

	*out = NULL;
	r = calloc(1, sizeof(*r));
	if (!r)
		return err_set(e, "cannot create '%s': out of memory", pdf_path);
	r->path = strdup(pdf_path);
	r->title = strdup(m->title ? m->title : "");
	if (!r->path || !r->title) {
		render_free(r);
		return err_set(e, "cannot create '%s': out of memory", pdf_path);
	}
	r->lang = m->lang;
	r->page = 1;
	r->y = TOP;
	r->out.fp = fopen(pdf_path, "wb");
	if (!r->out.fp) {
		err_set(e, "cannot create '%s': %s", pdf_path, strerror(errno));
		render_free(r);
		return -1;
	}
	r->surface = cairo_pdf_surface_create_for_stream(chart_sink_write, &r->out,
			RENDER_PAGE_W, RENDER_PAGE_H);
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (vals[i])
			cairo_pdf_surface_set_metadata(r->surface, keys[i],
						       vals[i]);
	r->cr = cairo_create(r->surface);
	st = cairo_status(r->cr);
	if (st != CAIRO_STATUS_SUCCESS) {
		err_set(e, "cannot create '%s': cairo: %s", pdf_path,
			cairo_status_to_string(st));
		render_free(r);
		return -1;
	}
	r->pango = pango_cairo_create_context(r->cr);
	pango_context_set_language(r->pango, pango_language_from_string(
		m->lang == FMT_EN ? "en" : "fr"));
	*out = r;
	return 0;
}

int render_status(const struct render *r, struct err *e)
{
	if (!r->failed)
		return 0;
	*e = r->err;
	return -1;
}

int render_close(struct render *r, struct err *e)
{
	cairo_status_t st;
	int errnum;

	if (!r)
		return 0;
	if (ok(r) && r->dirty) {
		if (!r->cover)
			footer(r);
		cairo_show_page(r->cr);
	}
	ok(r);
	g_object_unref(r->pango);
	r->pango = NULL;
	cairo_destroy(r->cr);
	r->cr = NULL;
	/* The PDF trailer, fonts and outline are written now. */
	cairo_surface_finish(r->surface);
	st = cairo_surface_status(r->surface);
	cairo_surface_destroy(r->surface);
	r->surface = NULL;
	errnum = chart_sink_close(&r->out);
	if (errnum) {
		err_set(e, "cannot write '%s': %s", r->path, strerror(errnum));
		render_free(r);
		return -1;
	}
	if (r->failed) {
		*e = r->err;
		render_free(r);
		return -1;
	}
	if (st != CAIRO_STATUS_SUCCESS) {
		err_set(e, "cannot write '%s': cairo: %s", r->path,
			cairo_status_to_string(st));
		render_free(r);
		return -1;
	}
	render_free(r);
	return 0;
}

/* --- Blocks ----------------------------------------------------------- */

#define COVER_BAND 340.0

void render_cover(struct render *r, const char *title, const char *subtitle,
		  const char *const *lines)
{
	PangoLayout *lt, *ls = NULL;
	double y, h = 0;
	size_t i, n = 0;

	if (!ok(r))
		return;
	page_break(r);
	r->cover = 1;
	ink_rgb(r, chart_palette(0));
	cairo_rectangle(r->cr, 0, 0, RENDER_PAGE_W, COVER_BAND);
	cairo_fill(r->cr);
	ink_rgb(r, chart_palette(3));
	cairo_rectangle(r->cr, 0, COVER_BAND, RENDER_PAGE_W, 6);
	cairo_fill(r->cr);

	/* Title and subtitle sit on the bottom of the band. */
	lt = text_new(r, title, 30, 1, TEXT_W);
	pango_layout_set_line_spacing(lt, 1.1f);
	if (subtitle && *subtitle)
		ls = text_new(r, subtitle, 15, 0, TEXT_W);
	y = COVER_BAND - 48 - (ls ? layout_h(ls) + 14 : 0) - layout_h(lt);
	cairo_set_source_rgb(r->cr, 1, 1, 1);
	show(r, lt, LEFT, y);
	if (ls) {
		cairo_set_source_rgb(r->cr, 0.88, 0.93, 0.97);
		show(r, ls, LEFT, y + layout_h(lt) + 14);
		g_object_unref(ls);
	}
	g_object_unref(lt);

	/* The lines go up from the bottom margin, the first one bold. */
	while (lines && lines[n])
		n++;
	for (i = 0; i < n; i++) {
		PangoLayout *l = text_new(r, lines[i], 11, i == 0, TEXT_W);

		h += layout_h(l) + 4;
		g_object_unref(l);
	}
	y = BOTTOM - h;
	ink_rgb(r, chart_palette(0));
	cairo_rectangle(r->cr, LEFT, y - 14, 40, 3);
	cairo_fill(r->cr);
	for (i = 0; i < n; i++) {
		PangoLayout *l = text_new(r, lines[i], 11, i == 0, TEXT_W);

		grey(r, i == 0 ? INK : 0.3);
		show(r, l, LEFT, y);
		y += layout_h(l) + 4;
		g_object_unref(l);
	}
	page_end(r);
	ok(r);
}

/* The look of a heading of each level: font size, space before and after. */
static const double heading_size[] = { 0, 17, 12.5, 10.5 };
static const double heading_before[] = { 0, 0, 16, 10 };
static const double heading_after[] = { 0, 12, 6, 4 };

double render_heading_height(struct render *r, int level, const char *text)
{
	PangoLayout *l;
	double h;

	if (!ok(r) || level < 1 || level > 3)
		return 0;
	l = text_new(r, text, heading_size[level], 1, TEXT_W);
	h = layout_h(l) + heading_after[level];
	g_object_unref(l);
	if (level == 1)
		return h + 4;
	return r->dirty ? heading_before[level] + h : h;
}

void render_heading(struct render *r, int level, const char *text)
{
	struct buf link = BUF_INIT;
	PangoLayout *l;
	double h;
	int parent, k;

	if (!ok(r))
		return;
	if (!text)
		text = "";
	if (level < 1 || level > 3) {
		fail(r, "heading '%s': level %d is not 1, 2 or 3", text, level);
		return;
	}
	if (level == 1)
		page_break(r);
	else if (r->dirty)
		r->y += heading_before[level];
	l = text_new(r, text, heading_size[level], 1, TEXT_W);
	h = layout_h(l);
	/* Keep the heading with a few lines of what follows. */
	need(r, h + heading_after[level] + 48);
	if (level == 1)
		ink_rgb(r, chart_palette(0));
	else
		grey(r, INK);
	show(r, l, LEFT, r->y);
	g_object_unref(l);

	buf_addf(&link, "page=%d pos=[%d %d]", r->page, (int)LEFT,
		 (int)r->y);
	for (parent = CAIRO_PDF_OUTLINE_ROOT, k = level - 1; k >= 1; k--)
		if (r->outline[k]) {
			parent = r->outline[k];
			break;
		}
	r->outline[level] = cairo_pdf_surface_add_outline(r->surface, parent,
		text, link.data, level == 1 ? CAIRO_PDF_OUTLINE_FLAG_OPEN : 0);
	for (k = level + 1; k < 4; k++)
		r->outline[k] = 0;
	buf_release(&link);

	r->y += h;
	if (level == 1) {
		ink_rgb(r, chart_palette(0));
		cairo_rectangle(r->cr, LEFT, r->y + 3, TEXT_W, 1.2);
		cairo_fill(r->cr);
		r->y += 4;
	}
	r->y += heading_after[level];
	ok(r);
}

/* Draws l line by line from r->y, breaking pages between lines. */
static void flow(struct render *r, PangoLayout *l)
{
	PangoLayoutIter *it = pango_layout_get_iter(l);
	double base = r->y;	/* page y of the layout's top */

	do {
		PangoRectangle lr;
		double top, bottom, baseline;

		pango_layout_iter_get_line_extents(it, NULL, &lr);
		top = (double)lr.y / PANGO_SCALE;
		bottom = (double)(lr.y + lr.height) / PANGO_SCALE;
		baseline = (double)pango_layout_iter_get_baseline(it)
			/ PANGO_SCALE;
		if (base + bottom > BOTTOM && r->dirty) {
			page_end(r);
			base = TOP - top;
		}
		cairo_move_to(r->cr, LEFT + (double)lr.x / PANGO_SCALE,
			      base + baseline);
		pango_cairo_show_layout_line(r->cr,
			pango_layout_iter_get_line_readonly(it));
		r->dirty = 1;
		r->y = base + bottom;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
}

/* The layout of a paragraph, or NULL (the document failed) for bad markup. */
static PangoLayout *paragraph_new(struct render *r, const char *s, int markup)
{
	PangoLayout *l;

	if (!s)
		s = "";
	if (markup && !pango_parse_markup(s, -1, 0, NULL, NULL, NULL, NULL)) {
		fail(r, "bad markup in paragraph '%.40s'", s);
		return NULL;
	}
	l = layout_new(r, BODY_SIZE, 0, TEXT_W);
	pango_layout_set_line_spacing(l, 1.25f);
	if (markup)
		pango_layout_set_markup(l, s, -1);
	else
		pango_layout_set_text(l, s, -1);
	return l;
}

double render_paragraph_height(struct render *r, const char *text)
{
	PangoLayout *l;
	double h;

	if (!ok(r) || !(l = paragraph_new(r, text, 0)))
		return 0;
	h = layout_h(l) + PARA_AFTER;
	g_object_unref(l);
	return h;
}

static void paragraph(struct render *r, const char *s, int markup)
{
	PangoLayout *l;

	if (!ok(r) || !(l = paragraph_new(r, s, markup)))
		return;
	grey(r, INK);
	flow(r, l);
	g_object_unref(l);
	r->y += PARA_AFTER;
	ok(r);
}

void render_paragraph(struct render *r, const char *text)
{
	paragraph(r, text, 0);
}

void render_markup(struct render *r, const char *markup)
{
	paragraph(r, markup, 1);
}

int render_chart(struct render *r, double h, chart_draw_fn *draw,
		 const void *chart, struct err *e)
{
	int rc;

	if (!ok(r))
		return render_status(r, e);
	if (h > BOTTOM - TOP)
		h = BOTTOM - TOP;
	need(r, h);
	cairo_save(r->cr);
	rc = draw(r->cr, LEFT, r->y, TEXT_W, h, chart, e);
	cairo_restore(r->cr);
	r->dirty = 1;
	if (rc) {
		fail(r, "%s", e->msg);
		return -1;
	}
	r->y += h + 12;
	if (!ok(r))
		return render_status(r, e);
	return 0;
}

/* --- Tables ----------------------------------------------------------- */

#define PAD_X 5.0
#define PAD_Y 3.0

struct table_plan {
	const struct render_table *t;
	double *w;		/* column widths */
	double width;		/* their sum */
	PangoLayout **cell;	/* one row of layouts */
};

static const char *cell_text(const struct render_table *t, size_t i, size_t j)
{
	const char *s = t->cells[i * t->ncols + j];

	return s ? s : "";
}

static int right(const struct render_table *t, size_t j)
{
	return t->align_right && t->align_right[j];
}

/*
 * Measures s at the table's size: *max unwrapped, *min wrapped at every
 * space (the widest word). Grows them to at least those widths.
 */
static void measure_cell(struct render *r, const char *s, int bold,
			 double *min, double *max)
{
	PangoLayout *l = text_new(r, s, TABLE_SIZE, bold, 0);
	double w = layout_w(l);

	*max = w > *max ? w : *max;
	pango_layout_set_width(l, 1);
	pango_layout_set_wrap(l, PANGO_WRAP_WORD);
	w = layout_w(l);
	*min = w > *min ? w : *min;
	g_object_unref(l);
}

/*
 * Fits the column widths to the text, as browsers lay out automatic tables:
 * each column gets its unwrapped width if the table fits the text width;
 * otherwise its widest word plus a share of the room left, in proportion to
 * what it lacks; if even the widest words do not fit, they are broken.
 */
static void table_widths(struct render *r, struct table_plan *p,
			 double *min, double *max)
{
	const struct render_table *t = p->t;
	double smin = 0, smax = 0;
	size_t i, j;

	for (j = 0; j < t->ncols; j++) {
		min[j] = max[j] = 0;
		if (t->header)
			measure_cell(r, t->header[j], 1, &min[j], &max[j]);
		for (i = 0; i < t->nrows; i++)
			measure_cell(r, cell_text(t, i, j), 0, &min[j],
				     &max[j]);
		min[j] += 2 * PAD_X + 1;
		max[j] += 2 * PAD_X + 1;
		smin += min[j];
		smax += max[j];
	}
	p->width = 0;
	for (j = 0; j < t->ncols; j++) {
		if (smax <= TEXT_W)
			p->w[j] = max[j];
		else if (smin <= TEXT_W)
			p->w[j] = min[j] + (max[j] - min[j])
				* (TEXT_W - smin) / (smax - smin);
		else
			p->w[j] = min[j] * TEXT_W / smin;
		p->width += p->w[j];
	}
}

/* Lays out one row (header if i == SIZE_MAX); returns its height. */
static double table_row(struct render *r, struct table_plan *p, size_t i)
{
	const struct render_table *t = p->t;
	double h = 0;
	size_t j;

	for (j = 0; j < t->ncols; j++) {
		const char *s = i == SIZE_MAX ? t->header[j] : cell_text(t, i, j);
		PangoLayout *l = text_new(r, s, TABLE_SIZE, i == SIZE_MAX,
					  p->w[j] - 2 * PAD_X);

		pango_layout_set_alignment(l, right(t, j) ? PANGO_ALIGN_RIGHT
							  : PANGO_ALIGN_LEFT);
		if (p->cell[j])
			g_object_unref(p->cell[j]);
		p->cell[j] = l;
		h = layout_h(l) > h ? layout_h(l) : h;
	}
	return h + 2 * PAD_Y;
}

static void rule(struct render *r, double width, double y, double lw)
{
	grey(r, 0.25);
	cairo_set_line_width(r->cr, lw);
	cairo_move_to(r->cr, LEFT, y);
	cairo_line_to(r->cr, LEFT + width, y);
	cairo_stroke(r->cr);
}

/* Draws the laid-out row of height h at r->y, zebra if shaded. */
static void table_show(struct render *r, struct table_plan *p, double h,
		       int shaded)
{
	double x = LEFT;
	size_t j;

	if (shaded) {
		cairo_set_source_rgb(r->cr, 0.945, 0.953, 0.961);
		cairo_rectangle(r->cr, LEFT, r->y, p->width, h);
		cairo_fill(r->cr);
	}
	grey(r, INK);
	for (j = 0; j < p->t->ncols; j++) {
		show(r, p->cell[j], x + PAD_X, r->y + PAD_Y);
		x += p->w[j];
	}
	r->y += h;
}

/* Caption (with "suite" when continued) and header row. */
static void table_top(struct render *r, struct table_plan *p, int continued)
{
	const struct render_table *t = p->t;
	double h;

	if (t->caption && *t->caption) {
		struct buf s = BUF_INIT;
		PangoLayout *l;

		buf_addstr(&s, t->caption);
		if (continued)
			buf_addstr(&s, r->lang == FMT_EN ? " (continued)"
							 : " (suite)");
		l = text_new(r, s.data, 9, 1, TEXT_W);
		grey(r, INK);
		show(r, l, LEFT, r->y);
		r->y += layout_h(l) + 4;
		g_object_unref(l);
		buf_release(&s);
	}
	rule(r, p->width, r->y, 0.8);
	r->dirty = 1;
	if (!t->header)
		return;
	h = table_row(r, p, SIZE_MAX);
	table_show(r, p, h, 0);
	rule(r, p->width, r->y, 0.5);
}

/*
 * The height of the top of a table that render_table() keeps on one page:
 * its caption, its header and three rows, or the line saying it has none
 * (then *none, for the caller to draw and free, *first its height).
 */
static double table_top_height(struct render *r, struct table_plan *p, PangoLayout **none,
			       double *first)
{
	const struct render_table *t = p->t;
	double head = 0;
	size_t i;

	if (t->caption && *t->caption) {
		PangoLayout *l = text_new(r, t->caption, 9, 1, TEXT_W);

		head += layout_h(l) + 4;
		g_object_unref(l);
	}
	if (t->header)
		head += table_row(r, p, SIZE_MAX);
	*first = 0;
	for (i = 0; i < t->nrows && i < 3; i++)
		*first += table_row(r, p, i);
	if (!t->nrows) {
		/* No row: one line across the table says so. */
		*none = text_new(r, t->empty ? t->empty : chart_no_data(r->lang),
				 TABLE_SIZE, 0, p->width - 2 * PAD_X);
		*first = layout_h(*none) + 2 * PAD_Y;
	}
	return head + *first;
}

/* Sets up p for t: column widths and a row of layouts; -1 out of memory. */
static int table_plan_open(struct render *r, struct table_plan *p, const struct render_table *t)
{
	memset(p, 0, sizeof(*p));
	p->t = t;
	p->w = calloc(t->ncols, 3 * sizeof(*p->w));
	p->cell = calloc(t->ncols, sizeof(*p->cell));
	if (!p->w || !p->cell) {
		fail(r, "table '%s': out of memory", t->caption ? t->caption : "");
		return -1;
	}
	table_widths(r, p, p->w + t->ncols, p->w + 2 * t->ncols);
	return 0;
}

static void table_plan_close(struct table_plan *p)
{
	size_t j;

	if (p->cell)
		for (j = 0; j < p->t->ncols; j++)
			if (p->cell[j])
				g_object_unref(p->cell[j]);
	free(p->cell);
	free(p->w);
}

double render_table_top_height(struct render *r, const struct render_table *t)
{
	struct table_plan p;
	PangoLayout *none = NULL;
	double first, h = 0;

	if (!ok(r) || !t->ncols || (t->nrows && !t->cells))
		return 0;
	if (!table_plan_open(r, &p, t)) {
		h = table_top_height(r, &p, &none, &first);
		if (none)
			g_object_unref(none);
	}
	table_plan_close(&p);
	return h;
}

void render_table(struct render *r, const struct render_table *t)
{
	struct table_plan p;
	PangoLayout *none = NULL;
	double first = 0;
	size_t i;

	if (!ok(r))
		return;
	if (!t->ncols || (t->nrows && !t->cells)) {
		fail(r, "table '%s': no columns or no cells",
		     t->caption ? t->caption : "");
		return;
	}
	if (table_plan_open(r, &p, t))
		goto out_free;
	/* Start on a new page unless the top and three rows fit. */
	need(r, table_top_height(r, &p, &none, &first));
	table_top(r, &p, 0);
	if (none) {
		grey(r, 0.3);
		show(r, none, LEFT + PAD_X, r->y + PAD_Y);
		r->y += first;
		g_object_unref(none);
	}
	for (i = 0; i < t->nrows; i++) {
		double h = table_row(r, &p, i);

		if (r->y + h > BOTTOM) {
			rule(r, p.width, r->y, 0.8);
			page_end(r);
			table_top(r, &p, 1);
			/* The header used the row's layouts: lay it out again. */
			h = table_row(r, &p, i);
		}
		table_show(r, &p, h, i % 2 == 1);
	}
	rule(r, p.width, r->y, 0.8);
	r->y += 14;
	ok(r);
out_free:
	table_plan_close(&p);
}
