#include "plots.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <pango/pangocairo.h>

#include "buf.h"
#include "stats.h"

/* Text sizes and greys, in the units of the cairo_t. */
#define SZ_TITLE 10.0
#define SZ_TEXT 8.0
#define SZ_SMALL 7.0
#define SZ_MIN 5.5
#define GREY_INK 0.2		/* body text */
#define GREY_AXIS 0.35		/* tick labels */
#define GREY_GRID 0.87
#define GAP 6.0			/* between the blocks of a plot */

static const char *tr(enum fmt_lang lang, const char *fr, const char *en)
{
	return lang == FMT_EN ? en : fr;
}

static const char *or_default(const char *s, const char *dflt)
{
	return s && *s ? s : dflt;
}

static void paint(cairo_t *cr, struct chart_rgb c)
{
	cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

static void grey(cairo_t *cr, double v)
{
	cairo_set_source_rgb(cr, v, v, v);
}

/* viridis at 0, 1/8, ..., 1 (matplotlib's table), from dark to light. */
static const unsigned char viridis[9][3] = {
	{ 68, 1, 84 }, { 71, 45, 123 }, { 59, 82, 139 }, { 44, 114, 142 },
	{ 33, 144, 140 }, { 39, 173, 129 }, { 93, 200, 99 }, { 170, 220, 50 },
	{ 253, 231, 37 },
};

struct chart_rgb plots_seq(double t)
{
	struct chart_rgb c;
	double u, f;
	int i;

	t = isnan(t) ? 0.5 : t < 0 ? 0 : t > 1 ? 1 : t;
	u = (1 - t) * 8;	/* light end first */
	i = (int)floor(u);
	i = i > 7 ? 7 : i;
	f = u - i;
	c.r = ((1 - f) * viridis[i][0] + f * viridis[i + 1][0]) / 255;
	c.g = ((1 - f) * viridis[i][1] + f * viridis[i + 1][1]) / 255;
	c.b = ((1 - f) * viridis[i][2] + f * viridis[i + 1][2]) / 255;
	return c;
}

/* Black or white, whichever contrasts more with bg (WCAG luminance). */
static double ink_on(struct chart_rgb bg)
{
	double ch[3] = { bg.r, bg.g, bg.b }, lum = 0;
	static const double wt[3] = { 0.2126, 0.7152, 0.0722 };
	int i;

	for (i = 0; i < 3; i++)
		lum += wt[i] * (ch[i] <= 0.04045 ? ch[i] / 12.92
				: pow((ch[i] + 0.055) / 1.055, 2.4));
	return 1.05 / (lum + 0.05) > (lum + 0.05) / 0.05 ? 1.0 : 0.1;
}

/* --- Text --------------------------------------------------------------- */

/*
 * One Pango layout and font serve every text of a drawing: ink_set() puts a
 * text in it and measures it, ink_show() draws it where it was measured
 * for. The scratch buffer composes numbers and labels.
 */
struct ink {
	cairo_t *cr;
	PangoLayout *pl;
	PangoFontDescription *font;
	double w, h, ox, oy;	/* logical extents of the text set last */
	enum fmt_lang lang;
	struct buf s;
};

static void ink_open(struct ink *k, cairo_t *cr, enum fmt_lang lang)
{
	k->cr = cr;
	k->lang = lang;
	k->pl = pango_cairo_create_layout(cr);
	k->font = pango_font_description_new();
	pango_font_description_set_family(k->font, CHART_FONT);
	k->w = k->h = k->ox = k->oy = 0;
	buf_init(&k->s);
}

static void ink_close(struct ink *k)
{
	g_object_unref(k->pl);
	pango_font_description_free(k->font);
	buf_release(&k->s);
}

/*
 * Sets s at size, bold or not. With wrap > 0 its lines break at that width,
 * at most lines of them, the last one ellipsized; align places the lines
 * (0 left, 0.5 centre, 1 right). k->w and k->h are then its extents.
 */
static void ink_set(struct ink *k, const char *s, double size, int bold,
		    double wrap, int lines, double align)
{
	PangoRectangle r;

	pango_font_description_set_absolute_size(k->font, size * PANGO_SCALE);
	pango_font_description_set_weight(k->font, bold ? PANGO_WEIGHT_BOLD
					  : PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(k->pl, k->font);
	pango_layout_set_alignment(k->pl, align > 0.75 ? PANGO_ALIGN_RIGHT
				   : align > 0.25 ? PANGO_ALIGN_CENTER
				   : PANGO_ALIGN_LEFT);
	pango_layout_set_wrap(k->pl, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_width(k->pl, wrap > 0 ? (int)(wrap * PANGO_SCALE) : -1);
	pango_layout_set_height(k->pl, wrap > 0 ? -(lines < 1 ? 1 : lines) : -1);
	pango_layout_set_ellipsize(k->pl, wrap > 0 ? PANGO_ELLIPSIZE_END
				   : PANGO_ELLIPSIZE_NONE);
	pango_layout_set_text(k->pl, s ? s : "", -1);
	pango_layout_get_extents(k->pl, NULL, &r);
	k->ox = (double)r.x / PANGO_SCALE;
	k->oy = (double)r.y / PANGO_SCALE;
	k->w = (double)r.width / PANGO_SCALE;
	k->h = (double)r.height / PANGO_SCALE;
}

/* Width of s on one line. */
static double ink_width(struct ink *k, const char *s, double size, int bold)
{
	ink_set(k, s, size, bold, 0, 0, 0);
	return k->w;
}

/*
 * Draws the text set last so that the point (ha, va) of its box (0 0 the
 * top left, 1 1 the bottom right) falls on (x, y).
 */
static void ink_show(struct ink *k, double x, double y, double ha, double va)
{
	pango_cairo_update_layout(k->cr, k->pl);
	cairo_move_to(k->cr, x - ha * k->w - k->ox, y - va * k->h - k->oy);
	pango_cairo_show_layout(k->cr, k->pl);
}

/* Sets and draws in one go, in grey level g. */
static void ink_put(struct ink *k, const char *s, double size, double g,
		    double x, double y, double ha, double va)
{
	ink_set(k, s, size, 0, 0, 0, ha);
	grey(k->cr, g);
	ink_show(k, x, y, ha, va);
}

/* The scratch text: v with dec decimals, as a share when pct. */
static const char *ink_num(struct ink *k, double v, int dec, int pct)
{
	buf_reset(&k->s);
	if (pct)
		fmt_pct(&k->s, v, dec < 2 ? 0 : dec - 2, k->lang);
	else
		fmt_num(&k->s, v, dec, k->lang);
	return k->s.data;
}

/* Height of one line of text at size. */
static double line_h(struct ink *k, double size)
{
	ink_set(k, "Ag", size, 0, 0, 0, 0);
	return k->h;
}

/* --- Axes --------------------------------------------------------------- */

/*
 * Sets a to the smallest round step (1, 2, 2.5 or 5 times a power of ten)
 * whose ticks cover [lo, hi] in at most most intervals.
 */
static void axis_round(struct plots_axis *a, double lo, double hi, int most)
{
	static const double mant[] = { 1, 2, 2.5, 5 };
	int ex, i;

	if (!isfinite(lo) || !isfinite(hi)) {
		lo = 0;
		hi = 1;
	}
	if (!(hi > lo))
		hi = lo + (lo != 0 ? fabs(lo) / 2 : 1);
	most = most < 1 ? 1 : most;
	for (ex = (int)floor(log10((hi - lo) / most)) - 1;; ex++) {
		for (i = 0; i < 4; i++) {
			double st = mant[i] * pow(10.0, ex);
			double from = floor(lo / st + 1e-9) * st;
			double to = ceil(hi / st - 1e-9) * st;

			if ((to - from) / st > most + 0.5)
				continue;
			a->lo = from;
			a->hi = to;
			a->step = st;
			a->decimals = (ex < 0 ? -ex : 0) + (i == 2 && ex <= 0);
			return;
		}
	}
}

static long axis_intervals(const struct plots_axis *a)
{
	return lround((a->hi - a->lo) / a->step);
}

static double axis_tick(const struct plots_axis *a, long i)
{
	double v = a->lo + (double)i * a->step;

	return fabs(v) < a->step * 1e-9 ? 0 : v;
}

/* The widest (horizontal) or tallest tick label of a, and the last one's width. */
static double tick_room(struct ink *k, const struct plots_axis *a, int pct,
			int tall, double *last)
{
	long i, n = axis_intervals(a);
	double m = 0;

	for (i = 0; i <= n; i++) {
		ink_set(k, ink_num(k, axis_tick(a, i), a->decimals, pct),
			SZ_TEXT, 0, 0, 0, 0);
		m = fmax(m, tall ? k->h : k->w);
		if (last)
			*last = k->w;
	}
	return m;
}

/*
 * Fits a round axis over [lo, hi] to len points, with as many ticks as the
 * labels leave room for (they are vertical neighbours when tall).
 */
static void axis_fit(struct ink *k, struct plots_axis *a, double lo,
		     double hi, double len, int pct, int tall)
{
	int most = (int)(len / (tall ? 30 : 55));

	for (most = most > 10 ? 10 : most < 2 ? 2 : most; most >= 1; most--) {
		axis_round(a, lo, hi, most);
		if (len / (double)axis_intervals(a) >=
		    tick_room(k, a, pct, tall, NULL) + (tall ? 4 : 8))
			break;
	}
	if (most < 1)
		axis_round(a, lo, hi, 1);
}

double plots_frame_x(const struct plots_frame *f, double v)
{
	return f->x + (v - f->ax.lo) / (f->ax.hi - f->ax.lo) * f->w;
}

double plots_frame_y(const struct plots_frame *f, double v)
{
	return f->y + f->h - (v - f->ay.lo) / (f->ay.hi - f->ay.lo) * f->h;
}

/* Light grid lines at the ticks of the x axis (vx) and of the y axis (vy). */
static void frame_grid(cairo_t *cr, const struct plots_frame *f, int vx,
		       int vy)
{
	long i;

	grey(cr, GREY_GRID);
	cairo_set_line_width(cr, 0.5);
	for (i = 0; vx && i <= axis_intervals(&f->ax); i++) {
		double px = plots_frame_x(f, axis_tick(&f->ax, i));

		cairo_move_to(cr, px, f->y);
		cairo_line_to(cr, px, f->y + f->h);
	}
	for (i = 0; vy && i <= axis_intervals(&f->ay); i++) {
		double py = plots_frame_y(f, axis_tick(&f->ay, i));

		cairo_move_to(cr, f->x, py);
		cairo_line_to(cr, f->x + f->w, py);
	}
	cairo_stroke(cr);
}

/* The x tick labels, their tops at ty, and the unit centred under them. */
static void frame_xlabels(struct ink *k, const struct plots_frame *f,
			  double ty, int pct, const char *unit)
{
	long i;

	for (i = 0; i <= axis_intervals(&f->ax); i++) {
		double v = axis_tick(&f->ax, i);

		ink_put(k, ink_num(k, v, f->ax.decimals, pct), SZ_TEXT,
			GREY_AXIS, plots_frame_x(f, v), ty, 0.5, 0);
	}
	if (unit && *unit) {
		double lh = line_h(k, SZ_TEXT);

		ink_set(k, unit, SZ_TEXT, 0, f->w, 1, 0.5);
		grey(k->cr, GREY_INK);
		ink_show(k, f->x + f->w / 2, ty + lh + 2, 0.5, 0);
	}
}

/*
 * The y tick labels right-aligned at f->x - 4, and the unit set upwards,
 * centred on the plot's height, its left edge at ux.
 */
static void frame_ylabels(struct ink *k, const struct plots_frame *f,
			  double ux, int pct, const char *unit)
{
	long i;

	for (i = 0; i <= axis_intervals(&f->ay); i++) {
		double v = axis_tick(&f->ay, i);

		ink_put(k, ink_num(k, v, f->ay.decimals, pct), SZ_TEXT,
			GREY_AXIS, f->x - 4, plots_frame_y(f, v), 1, 0.5);
	}
	if (!unit || !*unit)
		return;
	cairo_save(k->cr);
	cairo_translate(k->cr, ux, f->y + f->h / 2);
	cairo_rotate(k->cr, -M_PI / 2);
	ink_set(k, unit, SZ_TEXT, 0, f->h, 1, 0.5);
	grey(k->cr, GREY_INK);
	ink_show(k, 0, 0, 0.5, 0);
	cairo_restore(k->cr);
}

/* --- Swatches and legends -------------------------------------------- */

#define SW_W 14.0
#define SW_H 8.0

/* Fills the box with grey bg crossed by lines of grey fg rising to the right. */
static void hatch_box(cairo_t *cr, double x, double y, double w, double h,
		      double bg, double fg, double gap)
{
	double reach = w + h, t;

	cairo_save(cr);
	cairo_rectangle(cr, x, y, w, h);
	cairo_clip(cr);
	grey(cr, bg);
	cairo_paint(cr);
	/* In a frame turned by 45 degrees, the lines are thin bands. */
	cairo_translate(cr, x, y + h);
	cairo_rotate(cr, -M_PI / 4);
	for (t = -reach; t < reach; t += gap)
		cairo_rectangle(cr, -reach, t, 2 * reach, 0.6);
	grey(cr, fg);
	cairo_fill(cr);
	cairo_restore(cr);
}

enum swatch {
	SW_FILL,	/* a box of the item's colour */
	SW_NA,		/* hatched on grey: not available */
	SW_SCOPE,	/* hatched on white: out of scope */
	SW_RING,	/* a flagged tile's border */
	SW_DISC,	/* a point */
	SW_LINE,	/* a line, solid */
	SW_DASH,	/* dashed */
	SW_INTERVAL,	/* a disc on an interval with caps */
	SW_EMPTY,	/* an outlined box: suppressed bar */
	SW_BLANK,	/* a white box reading "n.d." */
	SW_HATCH_S,	/* hatched, reading "s": suppressed cell */
	SW_NONE,	/* text alone (a heading or a note) */
};

#define LEG_MAX (PLOTS_MAX_CLASSES + 12)

struct legend_item {
	enum swatch kind;
	struct chart_rgb c;
	double width;		/* of a line swatch */
	struct buf text;
	double x, y, w, h;	/* placed by legend_flow, relative */
	double size;
};

/* Entries laid out left to right in rows, or one a row as a column. */
struct legend {
	size_t n;
	struct legend_item it[LEG_MAX];
	double h;
	int column;		/* one entry a row */
};

static void legend_init(struct legend *lg)
{
	lg->n = 0;
	lg->h = 0;
	lg->column = 0;
}

static void legend_release(struct legend *lg)
{
	size_t i;

	for (i = 0; i < lg->n; i++)
		buf_release(&lg->it[i].text);
	lg->n = 0;
}

/* Adds an entry; its text is copied. Returns it, for the caller to adjust. */
static struct legend_item *legend_add(struct legend *lg, enum swatch kind,
				      struct chart_rgb c, const char *text)
{
	struct legend_item *it;

	if (lg->n == LEG_MAX)
		return &lg->it[LEG_MAX - 1];	/* never: sized for the worst */
	it = &lg->it[lg->n++];
	memset(it, 0, sizeof(*it));
	it->kind = kind;
	it->c = c;
	it->width = 1.2;
	it->size = SZ_TEXT;
	buf_init(&it->text);
	buf_addstr(&it->text, text);
	return it;
}

static struct chart_rgb rgb_grey(double v)
{
	struct chart_rgb c = { v, v, v };

	return c;
}

/* Places the entries in rows of width w; returns and keeps the height. */
static double legend_flow(struct ink *k, struct legend *lg, double w)
{
	double cx = 0, cy = 0, row = 0;
	size_t i;

	for (i = 0; i < lg->n; i++) {
		struct legend_item *it = &lg->it[i];
		double sw = it->kind == SW_NONE ? 0 : SW_W + 4;

		ink_set(k, it->text.data, it->size, 0, w - sw, 3, 0);
		it->w = sw + k->w;
		it->h = fmax(k->h, SW_H + 2);
		if (cx > 0 && (cx + it->w > w || it->kind == SW_NONE ||
			       lg->column)) {
			/* A little air between notes and swatches. */
			int change = i > 0 && (it->kind == SW_NONE) !=
				     (lg->it[i - 1].kind == SW_NONE);

			cx = 0;
			cy += row + (change ? 5 : 3);
			row = 0;
		}
		it->x = cx;
		it->y = cy;
		cx += it->w + 12;
		row = fmax(row, it->h);
		if (it->kind == SW_NONE)
			cx = w;	/* alone on its row */
	}
	lg->h = lg->n ? cy + row : 0;
	return lg->h;
}

static void swatch(struct ink *k, const struct legend_item *it, double x,
		   double cy)
{
	cairo_t *cr = k->cr;
	double top = cy - SW_H / 2;
	static const double dash[] = { 3.0, 2.0 };

	cairo_save(cr);
	switch (it->kind) {
	case SW_FILL:
		paint(cr, it->c);
		cairo_rectangle(cr, x, top, SW_W, SW_H);
		cairo_fill(cr);
		break;
	case SW_NA:
		hatch_box(cr, x, top, SW_W, SW_H, 0.86, 0.6, 2.5);
		break;
	case SW_SCOPE:
	case SW_HATCH_S:
		hatch_box(cr, x, top, SW_W, SW_H, 1, 0.45, 2.5);
		grey(cr, 0.45);
		cairo_set_line_width(cr, 0.6);
		cairo_rectangle(cr, x, top, SW_W, SW_H);
		cairo_stroke(cr);
		break;
	case SW_RING:
		paint(cr, plots_seq(0.5));
		cairo_rectangle(cr, x, top, SW_W, SW_H);
		cairo_fill(cr);
		cairo_set_line_width(cr, 2);
		grey(cr, 0);
		cairo_rectangle(cr, x + 1, top + 1, SW_W - 2, SW_H - 2);
		cairo_stroke(cr);
		break;
	case SW_DISC:
		paint(cr, it->c);
		cairo_arc(cr, x + SW_W / 2, cy, 3, 0, 2 * M_PI);
		cairo_fill(cr);
		break;
	case SW_DASH:
		cairo_set_dash(cr, dash, 2, 0);
		/* fall through */
	case SW_LINE:
		paint(cr, it->c);
		cairo_set_line_width(cr, it->width);
		cairo_move_to(cr, x, cy);
		cairo_line_to(cr, x + SW_W, cy);
		cairo_stroke(cr);
		break;
	case SW_INTERVAL:
		paint(cr, it->c);
		cairo_set_line_width(cr, 1.2);
		cairo_move_to(cr, x + 0.5, cy);
		cairo_line_to(cr, x + SW_W - 0.5, cy);
		cairo_move_to(cr, x + 0.5, cy - 2.5);
		cairo_line_to(cr, x + 0.5, cy + 2.5);
		cairo_move_to(cr, x + SW_W - 0.5, cy - 2.5);
		cairo_line_to(cr, x + SW_W - 0.5, cy + 2.5);
		cairo_stroke(cr);
		cairo_arc(cr, x + SW_W / 2, cy, 3, 0, 2 * M_PI);
		cairo_fill(cr);
		break;
	case SW_EMPTY:
	case SW_BLANK:
		grey(cr, 0.5);
		cairo_set_line_width(cr, 0.6);
		cairo_rectangle(cr, x + 0.3, top + 0.3, SW_W - 0.6, SW_H - 0.6);
		cairo_stroke(cr);
		break;
	case SW_NONE:
		break;
	}
	cairo_restore(cr);
}

/* Draws the entries laid out by legend_flow() from (x, y). */
static void legend_draw(struct ink *k, const struct legend *lg, double x,
			double y)
{
	size_t i;

	for (i = 0; i < lg->n; i++) {
		const struct legend_item *it = &lg->it[i];
		double sw = it->kind == SW_NONE ? 0 : SW_W + 4;

		/* The swatch faces the first line of the text. */
		if (sw > 0)
			swatch(k, it, x + it->x, y + it->y +
			       line_h(k, it->size) / 2);
		ink_set(k, it->text.data, it->size, 0, it->w - sw + 1, 3, 0);
		grey(k->cr, GREY_INK);
		ink_show(k, x + it->x + sw, y + it->y, 0, 0);
	}
}

/* --- The parts every plot shares -------------------------------------- */

static int box_ok(double x, double y, double w, double h)
{
	return isfinite(x) && isfinite(y) && isfinite(w) && isfinite(h) &&
	       w > 0 && h > 0;
}

static int too_small(struct err *e, const char *what, const char *title,
		     double w, double h)
{
	return err_set(e, "%s '%s': box %.0f x %.0f too small", what,
		       title ? title : "", w, h);
}

/* The title's height at width w plus the gap under it; 0 without one. */
static double title_room(struct ink *k, const char *title, double w)
{
	if (!title || !*title)
		return 0;
	ink_set(k, title, SZ_TITLE, 1, w, 3, 0);
	return k->h + GAP;
}

static void title_draw(struct ink *k, const char *title, double x, double y,
		       double w)
{
	if (!title || !*title)
		return;
	ink_set(k, title, SZ_TITLE, 1, w, 3, 0);
	grey(k->cr, 0.1);
	ink_show(k, x, y, 0, 0);
}

/*
 * The top of a plot: its title, then its legend across the width. Returns
 * the y where the plot proper starts.
 */
static double head_room(struct ink *k, const char *title, struct legend *lg,
			double y, double w)
{
	y += title_room(k, title, w);
	if (lg && legend_flow(k, lg, w) > 0)
		y += lg->h + GAP;
	return y;
}

static void head_draw(struct ink *k, const char *title, const struct legend *lg,
		      double x, double y, double w)
{
	title_draw(k, title, x, y, w);
	if (lg && lg->n)
		legend_draw(k, lg, x, y + title_room(k, title, w));
}

/*
 * Row labels: the size that fits rows step apart, and the width of the
 * widest label at it, capped at share of the box.
 */
static void labels_fit(struct ink *k, const char *const *labels, size_t n,
		       double step, double cap, double *size, double *width)
{
	double s = fmin(SZ_TEXT, step * 0.8), m = 0;
	size_t i;

	s = fmax(s, SZ_MIN);
	for (i = 0; i < n; i++)
		m = fmax(m, ink_width(k, labels[i], s, 0));
	*size = s;
	*width = fmin(m, cap);
}

/* Draws label ellipsized to width, right-aligned at x, centred on cy. */
static void label_put(struct ink *k, const char *label, double size,
		      double width, double x, double cy)
{
	ink_set(k, label, size, 0, width + 0.5, 1, 1);
	grey(k->cr, 0.1);
	ink_show(k, x, cy, 1, 0.5);
}

/* --- Tile-grid map -------------------------------------------------- */

#define GRID_ROWS 13
#define GRID_COLS 12
#define INSET_ROW 13		/* the overseas departments' row, */
#define INSET_DROP 0.5		/* moved down by half a pitch */
#define TILE_FILL 0.92		/* share of the pitch a tile covers */

/*
 * Cells of the 101 departments; the metropolitan ones follow the map: the
 * Nord at the top, Finistère at the far left, Corsica off the coast.
 */
static const struct tile {
	char code[4];
	signed char row, col;
} tiles[] = {
	{ "01", 7, 9 }, { "02", 1, 7 }, { "03", 6, 7 }, { "04", 10, 9 },
	{ "05", 9, 10 }, { "06", 10, 10 }, { "07", 9, 8 }, { "08", 1, 8 },
	{ "09", 12, 5 }, { "10", 3, 8 }, { "11", 11, 6 }, { "12", 9, 6 },
	{ "13", 11, 8 }, { "14", 2, 3 }, { "15", 8, 6 }, { "16", 7, 3 },
	{ "17", 7, 2 }, { "18", 6, 6 }, { "19", 8, 5 }, { "21", 5, 8 },
	{ "22", 3, 1 }, { "23", 7, 5 }, { "24", 8, 4 }, { "25", 6, 10 },
	{ "26", 9, 9 }, { "27", 2, 4 }, { "28", 4, 4 }, { "29", 3, 0 },
	{ "2A", 12, 11 }, { "2B", 11, 11 }, { "30", 10, 7 }, { "31", 11, 5 },
	{ "32", 10, 4 }, { "33", 8, 3 }, { "34", 11, 7 }, { "35", 3, 2 },
	{ "36", 6, 5 }, { "37", 5, 4 }, { "38", 8, 8 }, { "39", 6, 9 },
	{ "40", 9, 3 }, { "41", 5, 5 }, { "42", 7, 7 }, { "43", 8, 7 },
	{ "44", 5, 2 }, { "45", 5, 6 }, { "46", 9, 5 }, { "47", 9, 4 },
	{ "48", 9, 7 }, { "49", 5, 3 }, { "50", 2, 2 }, { "51", 2, 7 },
	{ "52", 4, 8 }, { "53", 4, 2 }, { "54", 3, 9 }, { "55", 2, 8 },
	{ "56", 4, 1 }, { "57", 2, 9 }, { "58", 5, 7 }, { "59", 0, 6 },
	{ "60", 1, 6 }, { "61", 3, 3 }, { "62", 0, 5 }, { "63", 7, 6 },
	{ "64", 10, 3 }, { "65", 11, 4 }, { "66", 12, 6 }, { "67", 3, 10 },
	{ "68", 4, 10 }, { "69", 7, 8 }, { "70", 5, 9 }, { "71", 6, 8 },
	{ "72", 4, 3 }, { "73", 8, 9 }, { "74", 7, 10 }, { "75", 3, 6 },
	{ "76", 1, 4 }, { "77", 3, 7 }, { "78", 3, 4 }, { "79", 6, 3 },
	{ "80", 1, 5 }, { "81", 10, 6 }, { "82", 10, 5 }, { "83", 11, 9 },
	{ "84", 10, 8 }, { "85", 6, 2 }, { "86", 6, 4 }, { "87", 7, 4 },
	{ "88", 4, 9 }, { "89", 4, 7 }, { "90", 5, 10 }, { "91", 4, 5 },
	{ "92", 3, 5 }, { "93", 2, 6 }, { "94", 4, 6 }, { "95", 2, 5 },
	{ "971", INSET_ROW, 0 }, { "972", INSET_ROW, 1 },
	{ "973", INSET_ROW, 2 }, { "974", INSET_ROW, 3 },
	{ "976", INSET_ROW, 4 },
};

#define NTILES (sizeof(tiles) / sizeof(tiles[0]))

static int tile_find(const char *code)
{
	size_t i;

	for (i = 0; code && i < NTILES; i++)
		if (!strcmp(tiles[i].code, code))
			return (int)i;
	return -1;
}

/* What a tile shows, from the input. */
struct tile_state {
	double v;	/* NaN: not available */
	int flag;
};

/* Everything the map's drawing needs besides the public geometry. */
struct tilemap_plan {
	struct plots_tilemap_geom g;
	struct tile_state st[NTILES];
	struct legend lg;
	double top;
	int class_dec;		/* decimals of the class bounds */
};

/* The legend's label of class c into b. */
static void class_text(struct ink *k, const struct plots_tilemap_geom *g,
		       size_t c, int dec, struct buf *b)
{
	double lo = g->bounds[c], hi = g->bounds[c + 1];

	buf_reset(b);
	if (lo == hi) {
		fmt_num(b, lo, dec, k->lang);
	} else if (isinf(lo) && isinf(hi)) {
		buf_addstr(b, tr(k->lang, "toutes valeurs", "all values"));
	} else if (isinf(lo)) {
		buf_addstr(b, "< ");
		fmt_num(b, hi, dec, k->lang);
	} else if (isinf(hi)) {
		buf_addstr(b, "\xe2\x89\xa5 ");	/* ≥ */
		fmt_num(b, lo, dec, k->lang);
	} else {
		fmt_num(b, lo, dec, k->lang);
		buf_addstr(b, " \xe2\x80\x93 ");	/* – */
		fmt_num(b, hi, dec, k->lang);
	}
}

/*
 * Reads the input into p->st and the classes into p->g; returns 0, 1 when
 * no tile has a value to class (no data), or -1.
 */
static int tilemap_read(struct tilemap_plan *p, const struct plots_tilemap *m,
			struct err *e)
{
	struct plots_tilemap_geom *g = &p->g;
	const char *title = m->title ? m->title : "";
	double vmin = INFINITY, vmax = -INFINITY;
	size_t i, want = m->nclasses ? m->nclasses : 5;

	if (!m->n)
		return 1;
	if (!m->codes || !m->values)
		return err_set(e, "tile map '%s': no codes or values", title);
	if (want > PLOTS_MAX_CLASSES)
		return err_set(e, "tile map '%s': %zu classes, at most %d", title,
			       want, PLOTS_MAX_CLASSES);
	for (i = 0; i < NTILES; i++) {
		p->st[i].v = NAN;
		p->st[i].flag = -1;	/* not in the input yet */
	}
	p->class_dec = m->decimals;
	for (i = 0; i < m->n; i++) {
		int t = tile_find(m->codes[i]);
		int f = m->flags ? m->flags[i] : CHART_PLAIN;

		if (t < 0)
			return err_set(e, "tile map '%s': code %zu: '%s' is not a "
				       "department", title, i + 1,
				       m->codes[i] ? m->codes[i] : "(null)");
		if (p->st[t].flag >= 0)
			return err_set(e, "tile map '%s': department '%s' given "
				       "twice", title, m->codes[i]);
		if (f < CHART_PLAIN || f > CHART_OUT_OF_SCOPE)
			return err_set(e, "tile map '%s': department '%s': bad "
				       "flag %d", title, m->codes[i], f);
		p->st[t].flag = f;
		p->st[t].v = isfinite(m->values[i]) ? m->values[i] : NAN;
		if (f == CHART_OUT_OF_SCOPE || isnan(p->st[t].v))
			continue;
		vmin = fmin(vmin, p->st[t].v);
		vmax = fmax(vmax, p->st[t].v);
	}
	for (i = 0; i < NTILES; i++)
		if (p->st[i].flag < 0)
			p->st[i].flag = CHART_PLAIN;
	if (!(vmin <= vmax))
		return 1;	/* every tile n.d. or out of scope */

	if (m->breaks) {
		g->nclasses = want;
		g->bounds[0] = -INFINITY;
		g->bounds[want] = INFINITY;
		for (i = 1; i < want; i++) {
			g->bounds[i] = m->breaks[i - 1];
			if (!isfinite(g->bounds[i]) ||
			    (i > 1 && !(g->bounds[i] > g->bounds[i - 1])))
				return err_set(e, "tile map '%s': break %zu is not "
					       "finite and above the one before",
					       title, i);
		}
	} else if (vmin == vmax) {
		/* One value (all zero, say): one class named by it, not a
		   scale of classes nothing falls in. */
		g->nclasses = 1;
		g->bounds[0] = g->bounds[1] = vmin;
	} else {
		struct plots_axis a;

		/* Round bounds, equal widths: the classes of the legend. */
		axis_round(&a, vmin, vmax, (int)want);
		/* A step of 0.25 needs two decimals whatever the caller's. */
		p->class_dec = a.decimals > p->class_dec ? a.decimals
			: p->class_dec;
		g->nclasses = (size_t)axis_intervals(&a);
		for (i = 0; i <= g->nclasses; i++)
			g->bounds[i] = axis_tick(&a, (long)i);
	}
	return 0;
}

int plots_tilemap_class(const struct plots_tilemap_geom *g, double v)
{
	size_t c;

	if (!isfinite(v) || !g->nclasses)
		return -1;
	for (c = g->nclasses - 1; c > 0; c--) {
		double b = g->bounds[c];
		double tol = isfinite(g->bounds[c + 1]) ? 1e-9 *
			(g->bounds[c + 1] - b) : 1e-12 * fabs(b);

		if (v >= b - tol)
			break;
	}
	return (int)c;
}

struct chart_rgb plots_tilemap_colour(const struct plots_tilemap_geom *g,
				      size_t k)
{
	/* A single class is no scale: the middle colour. */
	return plots_seq(g->nclasses > 1 ? (double)k / (double)(g->nclasses - 1)
			 : 0.5);
}

static void tilemap_legend(struct ink *k, struct tilemap_plan *p,
			   const struct plots_tilemap *m)
{
	struct plots_tilemap_geom *g = &p->g;
	struct buf t = BUF_INIT;
	int na = 0, scope = 0, flagged = 0;
	size_t i;

	legend_init(&p->lg);
	p->lg.column = 1;
	legend_add(&p->lg, SW_NONE, rgb_grey(0), or_default(m->unit,
		   tr(m->lang, "valeur", "value")));
	for (i = 0; i < g->nclasses; i++) {
		class_text(k, g, i, p->class_dec, &t);
		legend_add(&p->lg, SW_FILL, plots_tilemap_colour(g, i), t.data);
	}
	if (g->nclasses > 1 && (m->class_note || !m->breaks))
		legend_add(&p->lg, SW_NONE, rgb_grey(0), or_default(m->class_note,
			   tr(m->lang, "classes d'égale amplitude",
			      "classes of equal width")))->size = SZ_SMALL;
	for (i = 0; i < NTILES; i++) {
		scope |= p->st[i].flag == CHART_OUT_OF_SCOPE;
		na |= p->st[i].flag != CHART_OUT_OF_SCOPE && isnan(p->st[i].v);
		flagged |= p->st[i].flag == CHART_FLAGGED;
	}
	if (na)
		legend_add(&p->lg, SW_NA, rgb_grey(0),
			   tr(m->lang, "n.d.\xc2\xa0: non disponible",
			      "n/a: not available"));
	if (scope)
		legend_add(&p->lg, SW_SCOPE, rgb_grey(0), or_default(m->scope_label,
			   tr(m->lang, "hors champ", "out of scope")));
	if (flagged)
		legend_add(&p->lg, SW_RING, rgb_grey(0), or_default(m->flag_label,
			   tr(m->lang, "signalé", "flagged")));
	buf_release(&t);
}

/* The legend column's width: its widest entry, within [80, 0.3 w]. */
static double tilemap_legend_w(struct ink *k, const struct legend *lg,
			       double w)
{
	double m = 0;
	size_t i;

	for (i = 0; i < lg->n; i++) {
		const struct legend_item *it = &lg->it[i];
		double tw = ink_width(k, it->text.data, it->size, 0);

		/* Headings and notes may wrap; swatch entries should not. */
		m = fmax(m, it->kind == SW_NONE ? fmin(tw, 100) : SW_W + 4 + tw);
	}
	return fmin(fmax(m + 1, 80), 0.3 * w);
}

static int tilemap_plan(struct ink *k, double x, double y, double w, double h,
			const void *plot, void *plan, struct err *e)
{
	const struct plots_tilemap *m = plot;
	struct tilemap_plan *p = plan;
	struct plots_tilemap_geom *g = &p->g;
	const double rows = INSET_ROW + INSET_DROP + 1;
	double lw, avail_h, pitch, lh;
	int wide, rc;

	memset(p, 0, sizeof(*p));
	if (!box_ok(x, y, w, h))
		return too_small(e, "tile map", m->title, w, h);
	if ((rc = tilemap_read(p, m, e)))
		return rc;
	tilemap_legend(k, p, m);
	p->top = y + title_room(k, m->title, w);
	avail_h = y + h - p->top;
	lw = tilemap_legend_w(k, &p->lg, w);
	lh = legend_flow(k, &p->lg, lw);
	/*
	 * Column 11 is empty but for Corsica at the bottom: the legend takes
	 * its place when it is short enough, else a column of its own.
	 */
	pitch = fmin((w - lw - GAP) / (GRID_COLS - 1), avail_h / rows);
	wide = lh > (GRID_ROWS - 2) * pitch;
	if (wide)
		pitch = fmin((w - lw - GAP) / GRID_COLS, avail_h / rows);
	if (pitch < 14 || lh > avail_h) {
		legend_release(&p->lg);
		return too_small(e, "tile map", m->title, w, h);
	}
	g->pitch = pitch;
	g->tile = pitch * TILE_FILL;
	g->legend_w = lw;
	/* Centred across the box. */
	g->map_x = x + (w - ((wide ? GRID_COLS : GRID_COLS - 1) * pitch + GAP +
			     lw)) / 2;
	g->map_y = p->top;
	g->inset_y = g->map_y + (INSET_ROW + INSET_DROP) * pitch;
	g->legend_x = g->map_x + (wide ? GRID_COLS : GRID_COLS - 1) * pitch + GAP;
	g->legend_y = p->top;
	g->label_size = fmin(SZ_TEXT, g->tile * 0.3);
	return 0;
}

static void cell_origin(const struct plots_tilemap_geom *g, size_t t,
			double *cx, double *cy)
{
	double off = (g->pitch - g->tile) / 2;

	*cx = g->map_x + tiles[t].col * g->pitch + off;
	*cy = tiles[t].row == INSET_ROW ? g->inset_y + off
		: g->map_y + tiles[t].row * g->pitch + off;
}

int plots_tilemap_centre(const struct plots_tilemap_geom *g, const char *code,
			 double *cx, double *cy)
{
	int t = tile_find(code);

	if (t < 0)
		return -1;
	cell_origin(g, (size_t)t, cx, cy);
	*cx += g->tile / 2;
	*cy += g->tile / 2;
	return 0;
}

static void tile_draw(struct ink *k, const struct tilemap_plan *p, size_t t)
{
	const struct plots_tilemap_geom *g = &p->g;
	const struct tile_state *s = &p->st[t];
	cairo_t *cr = k->cr;
	double tx, ty, sz = g->tile, text = 0.1;
	int cls = plots_tilemap_class(g, s->v);

	cell_origin(g, t, &tx, &ty);
	if (s->flag == CHART_OUT_OF_SCOPE) {
		hatch_box(cr, tx, ty, sz, sz, 1, 0.45, 3);
		grey(cr, 0.45);
		cairo_set_line_width(cr, 0.6);
		cairo_rectangle(cr, tx + 0.3, ty + 0.3, sz - 0.6, sz - 0.6);
		cairo_stroke(cr);
	} else if (cls < 0) {
		hatch_box(cr, tx, ty, sz, sz, 0.86, 0.6, 3);
	} else {
		struct chart_rgb c = plots_tilemap_colour(g, (size_t)cls);

		paint(cr, c);
		cairo_rectangle(cr, tx, ty, sz, sz);
		cairo_fill(cr);
		text = ink_on(c);
	}
	if (s->flag == CHART_FLAGGED) {
		/* Black then white: seen on the darkest fill and the lightest. */
		double b = fmax(1.6, sz * 0.08);

		cairo_set_line_width(cr, b);
		grey(cr, 0);
		cairo_rectangle(cr, tx + b / 2, ty + b / 2, sz - b, sz - b);
		cairo_stroke(cr);
		cairo_set_line_width(cr, 0.8);
		grey(cr, 1);
		cairo_rectangle(cr, tx + b + 0.4, ty + b + 0.4, sz - 2 * b - 0.8,
				sz - 2 * b - 0.8);
		cairo_stroke(cr);
	}
	ink_set(k, tiles[t].code, g->label_size, 0, 0, 0, 0.5);
	if (cls < 0) {
		/* A white patch keeps the code legible on the hatching. */
		grey(cr, 1);
		cairo_rectangle(cr, tx + (sz - k->w) / 2 - 1.5, ty + (sz - k->h) / 2,
				k->w + 3, k->h);
		cairo_fill(cr);
	}
	grey(cr, text);
	ink_show(k, tx + sz / 2, ty + sz / 2, 0.5, 0.5);
}

static void tilemap_render(struct ink *k, const void *plot, const void *plan,
			   double x, double y, double w)
{
	const struct plots_tilemap *m = plot;
	const struct tilemap_plan *p = plan;
	const struct plots_tilemap_geom *g = &p->g;
	double cx;
	size_t t;

	title_draw(k, m->title, x, y, w);
	for (t = 0; t < NTILES; t++)
		tile_draw(k, p, t);
	legend_draw(k, &p->lg, g->legend_x, g->legend_y);
	/* The overseas row's caption, right of its five tiles. */
	cx = g->map_x + 5 * g->pitch + 2;
	ink_set(k, tr(m->lang, "Outre-mer\xc2\xa0: 971 Guadeloupe, 972 Martinique, "
		      "973 Guyane, 974 La R\xc3\xa9union, 976 Mayotte",
		      "Overseas: 971 Guadeloupe, 972 Martinique, 973 French "
		      "Guiana, 974 R\xc3\xa9union, 976 Mayotte"),
		fmin(SZ_SMALL, fmax(SZ_MIN, g->pitch * 0.3)), 0,
		g->map_x + GRID_COLS * g->pitch - cx, 3, 0);
	grey(k->cr, GREY_INK);
	ink_show(k, cx, g->inset_y + g->pitch / 2, 0, 0.5);
}

/* --- Funnel plot ------------------------------------------------------ */

#define FUNNEL_P95 0.95
#define FUNNEL_P998 0.998

static int funnel_flag(const struct plots_funnel *p, size_t i)
{
	return p->flags ? p->flags[i] : CHART_PLAIN;
}

struct funnel_plan {
	struct plots_funnel_geom g;
	struct legend lg;
	double top, ticks_y, unit_x;
};

/* Returns 0, 1 when no point is in scope (no data), or -1. */
static int funnel_check(const struct plots_funnel *p, double *emax,
			double *rmax, struct err *e)
{
	const char *title = p->title ? p->title : "";
	size_t i, m = 0;

	*emax = 0;
	*rmax = 0;
	if (!p->n)
		return 1;
	if (!p->expected || !p->observed)
		return err_set(e, "funnel '%s': %zu points but no values", title,
			       p->n);
	for (i = 0; i < p->n; i++) {
		double ex = p->expected[i], o = p->observed[i];

		if (funnel_flag(p, i) == CHART_OUT_OF_SCOPE)
			continue;
		if (!(ex > 0) || !isfinite(ex) || !(o >= 0) || !isfinite(o))
			return err_set(e, "funnel '%s': point %zu: expected %g and "
				       "observed %g must be finite, E > 0, O >= 0",
				       title, i + 1, ex, o);
		*emax = fmax(*emax, ex);
		*rmax = fmax(*rmax, o / ex);
		m++;
	}
	return m ? 0 : 1;
}

static int funnel_plan(struct ink *k, double x, double y, double w, double h,
		       const void *plot, void *plan, struct err *e)
{
	const struct plots_funnel *p = plot;
	struct funnel_plan *q = plan;
	struct plots_frame *f = &q->g.f;
	double emax, rmax, lh, bottom, ylab, cap, last = 0;
	int flagged = 0, rc;
	size_t i;

	memset(q, 0, sizeof(*q));
	if ((rc = funnel_check(p, &emax, &rmax, e)))
		return rc;
	if (!box_ok(x, y, w, h))
		return too_small(e, "funnel", p->title, w, h);
	for (i = 0; i < p->n; i++)
		flagged |= funnel_flag(p, i) == CHART_FLAGGED;
	legend_init(&q->lg);
	legend_add(&q->lg, SW_DISC, chart_palette(0), or_default(p->point_label,
		   tr(p->lang, "département", "department")));
	if (flagged)
		legend_add(&q->lg, SW_DISC, chart_palette(1), or_default(
			   p->flag_label, tr(p->lang, "signalé", "flagged")));
	legend_add(&q->lg, SW_LINE, rgb_grey(0), tr(p->lang,
		   "observé = attendu", "observed = expected"))->width = 0.8;
	buf_reset(&k->s);
	buf_addstr(&k->s, tr(p->lang, "limites à ", "limits at "));
	fmt_pct(&k->s, FUNNEL_P95, 0, p->lang);
	legend_add(&q->lg, SW_DASH, rgb_grey(0.4), k->s.data);
	buf_reset(&k->s);
	buf_addstr(&k->s, tr(p->lang, "limites à ", "limits at "));
	fmt_pct(&k->s, FUNNEL_P998, 1, p->lang);
	legend_add(&q->lg, SW_LINE, rgb_grey(0.4), k->s.data);

	q->top = head_room(k, p->title, &q->lg, y, w);
	lh = line_h(k, SZ_TEXT);
	bottom = y + h - 2 * lh - 4;
	q->ticks_y = bottom + 3;
	f->y = q->top + lh / 2;	/* room for the top tick label */
	f->h = bottom - f->y;
	if (f->h < 60) {
		legend_release(&q->lg);
		return too_small(e, "funnel", p->title, w, h);
	}
	/*
	 * O/E up to the largest point, but a handful of points at a tiny E
	 * must not flatten the funnel: beyond cap they sit on the top edge.
	 */
	cap = fmax(3, 2 * stats_funnel_limit(fmax(emax / 20, 0.5), FUNNEL_P998));
	axis_fit(k, &f->ay, 0, fmax(1.5, fmin(rmax * 1.02, cap)), f->h, 0, 1);
	ylab = tick_room(k, &f->ay, 0, 0, NULL);
	q->unit_x = x;
	f->x = x + lh + 4 + ylab + 4;
	f->w = x + w - f->x - 12;
	if (f->w < 80) {
		legend_release(&q->lg);
		return too_small(e, "funnel", p->title, w, h);
	}
	axis_fit(k, &f->ax, 0, emax, f->w, 0, 0);
	/* The last tick label is centred on the axis end: keep it in. */
	tick_room(k, &f->ax, 0, 0, &last);
	if (last / 2 > 12) {
		f->w -= last / 2 - 12;
		axis_fit(k, &f->ax, 0, emax, f->w, 0, 0);
	}
	q->g.point_r = 2.6;
	return 0;
}

/* The curve of the limit at probability pr over the x axis, clipped. */
static void limit_curve(cairo_t *cr, const struct plots_frame *f, double pr)
{
	const int steps = 240;
	int i, started = 0;

	for (i = 1; i <= steps; i++) {
		/* Denser at small E, where the curve bends. */
		double u = (double)i / steps, ev = f->ax.hi * u * u;
		double lim;

		if (ev < 0.5)
			continue;
		lim = stats_funnel_limit(ev, pr);
		lim = fmin(lim, f->ay.hi * 4);	/* the clip does the rest */
		if (started)
			cairo_line_to(cr, plots_frame_x(f, ev), plots_frame_y(f, lim));
		else
			cairo_move_to(cr, plots_frame_x(f, ev), plots_frame_y(f, lim));
		started = 1;
	}
	cairo_stroke(cr);
}

/* Boxes already taken by points and labels, so that labels go elsewhere. */
struct taken {
	size_t n;
	double (*r)[4];
};

static int taken_hits(const struct taken *tk, double bx, double by, double bw,
		      double bh)
{
	size_t i;

	for (i = 0; i < tk->n; i++)
		if (bx < tk->r[i][0] + tk->r[i][2] && tk->r[i][0] < bx + bw &&
		    by < tk->r[i][1] + tk->r[i][3] && tk->r[i][1] < by + bh)
			return 1;
	return 0;
}

static void taken_add(struct taken *tk, double bx, double by, double bw,
		      double bh)
{
	tk->r[tk->n][0] = bx;
	tk->r[tk->n][1] = by;
	tk->r[tk->n][2] = bw;
	tk->r[tk->n][3] = bh;
	tk->n++;
}

/* Where point i is drawn, on the top edge if beyond the axis. */
static void funnel_xy(const struct plots_funnel *p, const struct plots_frame *f,
		      size_t i, double *px, double *py)
{
	double ex = p->expected[i];

	*px = plots_frame_x(f, ex);
	*py = plots_frame_y(f, fmin(p->observed[i] / ex, f->ay.hi));
}

/*
 * Names the flagged points where a spot around them is free of points and
 * of the labels set before.
 */
static void funnel_labels(struct ink *k, const struct plots_funnel *p,
			  const struct funnel_plan *q)
{
	static const double spot[8][2] = {	/* text box anchor, around */
		{ 0, 0.5 }, { 1, 0.5 }, { 0, 1 }, { 0, 0 },
		{ 1, 1 }, { 1, 0 }, { 0.5, 1 }, { 0.5, 0 },
	};
	const struct plots_frame *f = &q->g.f;
	double r = q->g.point_r + 1.5;
	struct taken tk;
	size_t i, s;

	tk.n = 0;
	tk.r = calloc(2 * p->n + 1, sizeof(*tk.r));
	if (!tk.r)
		return;		/* labels are a courtesy */
	for (i = 0; i < p->n; i++) {
		double px, py;

		if (funnel_flag(p, i) == CHART_OUT_OF_SCOPE)
			continue;
		funnel_xy(p, f, i, &px, &py);
		taken_add(&tk, px - r, py - r, 2 * r, 2 * r);
	}
	for (i = 0; i < p->n; i++) {
		double px, py;

		if (funnel_flag(p, i) != CHART_FLAGGED || !p->labels[i] ||
		    !*p->labels[i])
			continue;
		funnel_xy(p, f, i, &px, &py);
		ink_set(k, p->labels[i], SZ_SMALL, 0, 0, 0, 0);
		for (s = 0; s < 8; s++) {
			double ha = spot[s][0], va = spot[s][1];
			double ax = px + (ha == 0 ? r : ha == 1 ? -r : 0);
			double ay = py + (va == 0 ? r * 0.7 : va == 1 ? -r * 0.7 : 0);
			double bx = ax - ha * k->w, by = ay - va * k->h;

			if (bx < f->x || by < f->y || bx + k->w > f->x + f->w ||
			    by + k->h > f->y + f->h ||
			    taken_hits(&tk, bx, by, k->w, k->h))
				continue;
			taken_add(&tk, bx, by, k->w, k->h);
			grey(k->cr, 0.1);
			ink_show(k, ax, ay, ha, va);
			break;
		}
	}
	free(tk.r);
}

static void funnel_render(struct ink *k, const void *plot, const void *plan,
			  double x, double y, double w)
{
	const struct plots_funnel *p = plot;
	const struct funnel_plan *q = plan;
	static const double dash[] = { 4.0, 2.5 };
	const struct plots_frame *f = &q->g.f;
	cairo_t *cr = k->cr;
	size_t i;
	int pass;

	head_draw(k, p->title, &q->lg, x, y, w);
	frame_grid(cr, f, 1, 1);
	cairo_save(cr);
	cairo_rectangle(cr, f->x, f->y, f->w, f->h);
	cairo_clip(cr);
	grey(cr, 0.4);
	cairo_set_line_width(cr, 1.2);
	limit_curve(cr, f, (1 - FUNNEL_P998) / 2);
	limit_curve(cr, f, 1 - (1 - FUNNEL_P998) / 2);
	cairo_set_dash(cr, dash, 2, 0);
	limit_curve(cr, f, (1 - FUNNEL_P95) / 2);
	limit_curve(cr, f, 1 - (1 - FUNNEL_P95) / 2);
	cairo_set_dash(cr, NULL, 0, 0);
	grey(cr, 0);
	cairo_set_line_width(cr, 0.8);
	cairo_move_to(cr, f->x, plots_frame_y(f, 1));
	cairo_line_to(cr, f->x + f->w, plots_frame_y(f, 1));
	cairo_stroke(cr);
	cairo_restore(cr);
	/* Plain points, then the flagged ones over them. */
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < p->n; i++) {
			double px, py;
			int fl = funnel_flag(p, i);

			if (fl == CHART_OUT_OF_SCOPE || (fl == CHART_FLAGGED) != pass)
				continue;
			funnel_xy(p, f, i, &px, &py);
			cairo_arc(cr, px, py, q->g.point_r, 0, 2 * M_PI);
			paint(cr, chart_palette(pass));
			cairo_fill_preserve(cr);
			grey(cr, 1);
			cairo_set_line_width(cr, 0.5);
			cairo_stroke(cr);
		}
	if (p->labels)
		funnel_labels(k, p, q);
	grey(cr, GREY_AXIS);
	cairo_set_line_width(cr, 0.8);
	cairo_move_to(cr, f->x, f->y);
	cairo_line_to(cr, f->x, f->y + f->h);
	cairo_line_to(cr, f->x + f->w, f->y + f->h);
	cairo_stroke(cr);
	frame_xlabels(k, f, q->ticks_y, 0, or_default(p->x_unit, tr(p->lang,
		      "nombre attendu (E)", "expected count (E)")));
	frame_ylabels(k, f, q->unit_x, 0, or_default(p->y_unit, tr(p->lang,
		      "rapport observé / attendu", "observed / expected ratio")));
}

/* --- Lorenz curves ---------------------------------------------------- */

struct lorenz_plan {
	struct plots_lorenz_geom g;
	struct legend lg;
	double ticks_y, unit_x, legend_x, legend_y;
};

static double lorenz_gini(const struct plots_lorenz_curve *c)
{
	return isnan(c->gini) ? stats_gini_lorenz(c->f, c->l, c->n) : c->gini;
}

/*
 * A curve has no data with fewer than three points (under two units: one
 * alone is equal to itself, its curve the diagonal, and says nothing) or
 * when it ends short of a positive share (a total of zero, or 0 / 0).
 */
static int lorenz_empty(const struct plots_lorenz_curve *c)
{
	return c->n < 3 || (c->f && c->l && !(c->f[c->n - 1] > 0 &&
					       c->l[c->n - 1] > 0));
}

/* Returns 0, 1 when no curve has data, or -1. */
static int lorenz_check(const struct plots_lorenz *p, struct err *e)
{
	const char *title = p->title ? p->title : "";
	size_t j, i, full = 0;

	if (p->ncurves > 2)
		return err_set(e, "Lorenz '%s': %zu curves, want 1 or 2", title,
			       p->ncurves);
	for (j = 0; j < p->ncurves; j++) {
		const struct plots_lorenz_curve *c = &p->curves[j];

		if (lorenz_empty(c))
			continue;
		full++;
		if (!c->f || !c->l)
			return err_set(e, "Lorenz '%s': curve %zu has %zu points "
				       "but no values", title, j + 1, c->n);
		if (fabs(c->f[0]) > 1e-9 || fabs(c->l[0]) > 1e-9 ||
		    fabs(c->f[c->n - 1] - 1) > 1e-6 ||
		    fabs(c->l[c->n - 1] - 1) > 1e-6)
			return err_set(e, "Lorenz '%s': curve %zu does not run "
				       "from (0, 0) to (1, 1)", title, j + 1);
		for (i = 1; i < c->n; i++)
			if (!(c->f[i] >= c->f[i - 1] - 1e-12) ||
			    !(c->l[i] >= c->l[i - 1] - 1e-12))
				return err_set(e, "Lorenz '%s': curve %zu, point "
					       "%zu: shares go down", title, j + 1,
					       i + 1);
	}
	return full ? 0 : 1;
}

static int lorenz_plan(struct ink *k, double x, double y, double w, double h,
		       const void *plot, void *plan, struct err *e)
{
	const struct plots_lorenz *p = plot;
	struct lorenz_plan *q = plan;
	struct plots_frame *f = &q->g.f;
	double lh, top, bottom, left, ylab, side, aw, lw = 0, beside;
	size_t j;
	int rc;

	memset(q, 0, sizeof(*q));
	if ((rc = lorenz_check(p, e)))
		return rc;
	if (!box_ok(x, y, w, h))
		return too_small(e, "Lorenz", p->title, w, h);
	legend_init(&q->lg);
	for (j = 0; j < p->ncurves; j++) {
		const struct plots_lorenz_curve *c = &p->curves[j];
		struct legend_item *it;

		buf_reset(&k->s);
		if (lorenz_empty(c)) {
			/* The other curve is drawn; this one says why not. */
			if (c->label && *c->label) {
				buf_addstr(&k->s, c->label);
				buf_addstr(&k->s, tr(p->lang, "\xc2\xa0: ", ": "));
			}
			buf_addstr(&k->s, chart_no_data(p->lang));
		} else if (c->label && *c->label) {
			buf_addstr(&k->s, c->label);
			buf_addstr(&k->s, " (Gini ");
		} else {
			buf_addstr(&k->s, "Gini ");
		}
		if (!lorenz_empty(c))
			fmt_num(&k->s, lorenz_gini(c), 2, p->lang);
		if (!lorenz_empty(c) && c->label && *c->label)
			buf_addch(&k->s, ')');
		it = legend_add(&q->lg, j ? SW_DASH : SW_LINE,
				chart_palette(j ? 3 : 0), k->s.data);
		it->width = 1.8;
	}
	legend_add(&q->lg, SW_LINE, rgb_grey(0.5), tr(p->lang,
		   "égalité parfaite", "perfect equality"));
	lh = line_h(k, SZ_TEXT);
	bottom = y + h - 2 * lh - 4;
	f->ax.lo = f->ay.lo = 0;
	f->ax.hi = f->ay.hi = 1;
	f->ax.decimals = f->ay.decimals = 2;
	f->ax.step = f->ay.step = 0.25;
	ylab = tick_room(k, &f->ay, 1, 0, NULL);
	left = x + lh + 4 + ylab + 4;
	aw = x + w - left - 14;
	/*
	 * The plot is square: in a wide box the legend goes beside it, a
	 * column on its right, else across the top.
	 */
	q->lg.column = 1;
	legend_flow(k, &q->lg, 0.4 * w);
	for (j = 0; j < q->lg.n; j++)
		lw = fmax(lw, q->lg.it[j].w);
	top = y + title_room(k, p->title, w);
	beside = fmin(aw - lw - 16, bottom - (top + lh / 2));
	q->lg.column = 0;
	side = fmin(aw, bottom - (head_room(k, p->title, &q->lg, y, w) + lh / 2));
	if (beside >= side) {
		q->lg.column = 1;
		legend_flow(k, &q->lg, lw + 1);
		side = beside;
		f->x = left;
		q->unit_x = x;
		q->legend_x = f->x + side + 16;
		q->legend_y = top + lh / 2;
	} else {
		/* Centred under the legend. */
		top = head_room(k, p->title, &q->lg, y, w);
		f->x = left + (aw - side) / 2;
		q->unit_x = x + (aw - side) / 2;
		q->legend_x = x;
		q->legend_y = y + title_room(k, p->title, w);
	}
	if (side < 80) {
		legend_release(&q->lg);
		return too_small(e, "Lorenz", p->title, w, h);
	}
	if (side < 160)
		f->ax.step = f->ay.step = 0.5;
	f->y = top + lh / 2;
	f->w = f->h = side;
	q->ticks_y = f->y + side + 3;
	return 0;
}

static void lorenz_render(struct ink *k, const void *plot, const void *plan,
			  double x, double y, double w)
{
	const struct plots_lorenz *p = plot;
	const struct lorenz_plan *q = plan;
	static const double dash[] = { 5.0, 3.0 };
	const struct plots_frame *f = &q->g.f;
	cairo_t *cr = k->cr;
	size_t i, j;

	title_draw(k, p->title, x, y, w);
	legend_draw(k, &q->lg, q->legend_x, q->legend_y);
	frame_grid(cr, f, 1, 1);
	grey(cr, 0.5);
	cairo_set_line_width(cr, 1);
	cairo_move_to(cr, plots_frame_x(f, 0), plots_frame_y(f, 0));
	cairo_line_to(cr, plots_frame_x(f, 1), plots_frame_y(f, 1));
	cairo_stroke(cr);
	cairo_set_line_width(cr, 1.8);
	cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
	/* The older curve first, under this year's. */
	for (j = p->ncurves; j-- > 0;) {
		const struct plots_lorenz_curve *c = &p->curves[j];

		if (lorenz_empty(c))
			continue;
		cairo_set_dash(cr, dash, j ? 2 : 0, 0);
		paint(cr, chart_palette(j ? 3 : 0));
		for (i = 0; i < c->n; i++)
			cairo_line_to(cr, plots_frame_x(f, c->f[i]),
				      plots_frame_y(f, c->l[i]));
		cairo_stroke(cr);
	}
	cairo_set_dash(cr, NULL, 0, 0);
	grey(cr, GREY_AXIS);
	cairo_set_line_width(cr, 0.8);
	cairo_rectangle(cr, f->x, f->y, f->w, f->h);
	cairo_stroke(cr);
	frame_xlabels(k, f, q->ticks_y, 1, or_default(p->x_unit, tr(p->lang,
		      "part cumulée des associations",
		      "cumulative share of associations")));
	frame_ylabels(k, f, q->unit_x, 1, or_default(p->y_unit, tr(p->lang,
		      "part cumulée des structures",
		      "cumulative share of support structures")));
}

/* --- Heatmap ---------------------------------------------------------- */

#define RAMP_H 8.0
#define CELL_MAX_H 26.0

struct heatmap_plan {
	struct plots_heatmap_geom g;
	struct legend lg;	/* the n.d. and s entries, right of the ramp */
	struct plots_axis ramp;
	double legend_y, ramp_x, ramp_y, ramp_w, items_x;
	double label_w, head_h, head_size, value_size;
	int head_lines;		/* of a vertical column label */
	int values_fit;		/* the values are printed in the cells */
};

static int heat_suppressed(const struct plots_heatmap *p, size_t c)
{
	return p->suppressed && p->suppressed[c];
}

/* The text of cell c into the scratch; NULL for a suppressed cell. */
static const char *heat_text(struct ink *k, const struct plots_heatmap *p,
			     size_t c)
{
	if (heat_suppressed(p, c))
		return "s";
	if (!isfinite(p->values[c]))
		return tr(p->lang, "n.d.", "n/a");
	return ink_num(k, p->values[c], p->decimals, 0);
}

/* The width of the longest word of s at size. */
static double longest_word(struct ink *k, const char *s, double size)
{
	struct buf word = BUF_INIT;
	double m = 0;

	for (; *s; s++) {
		if (*s != ' ')
			buf_addch(&word, *s);
		if ((*s == ' ' || !s[1]) && word.len) {
			m = fmax(m, ink_width(k, word.data, size, 0));
			buf_reset(&word);
		}
	}
	buf_release(&word);
	return m;
}

/* Returns 0, 1 when no cell has a value nor is suppressed (no data), or -1. */
static int heat_check(const struct plots_heatmap *p, struct err *e)
{
	const char *title = p->title ? p->title : "";
	size_t i;

	if (!p->nrows || !p->ncols)
		return 1;
	if (!p->values || !p->row_labels || !p->col_labels)
		return err_set(e, "heatmap '%s': %zu x %zu cells but no values or "
			       "labels", title, p->nrows, p->ncols);
	for (i = 0; i < p->nrows; i++)
		if (!p->row_labels[i])
			return err_set(e, "heatmap '%s': row %zu has no label",
				       title, i + 1);
	for (i = 0; i < p->ncols; i++)
		if (!p->col_labels[i])
			return err_set(e, "heatmap '%s': column %zu has no label",
				       title, i + 1);
	if (isfinite(p->lo) && isfinite(p->hi) && !(p->hi > p->lo))
		return err_set(e, "heatmap '%s': colour domain [%g, %g] is empty",
			       title, p->lo, p->hi);
	for (i = 0; i < p->nrows * p->ncols; i++)
		if (heat_suppressed(p, i) || isfinite(p->values[i]))
			return 0;
	return 1;
}

/* The colour domain, the legend's entries and its ramp ticks. */
static void heat_legend(struct ink *k, const struct plots_heatmap *p,
			struct heatmap_plan *q, double x, double w)
{
	struct plots_heatmap_geom *g = &q->g;
	double lo = INFINITY, hi = -INFINITY;
	int na = 0, sup = 0, most;
	size_t c;

	for (c = 0; c < p->nrows * p->ncols; c++) {
		double v = p->values[c];

		sup |= heat_suppressed(p, c);
		if (heat_suppressed(p, c))
			continue;
		na |= !isfinite(v);
		if (isfinite(v)) {
			lo = fmin(lo, v);
			hi = fmax(hi, v);
		}
	}
	g->lo = isfinite(p->lo) ? p->lo : lo;
	g->hi = isfinite(p->hi) ? p->hi : hi;
	if (!(g->lo <= g->hi)) {
		g->lo = 0;
		g->hi = 1;
	} else if (g->hi == g->lo) {
		g->hi = g->lo + 1;
	}
	legend_init(&q->lg);
	if (na)
		legend_add(&q->lg, SW_BLANK, rgb_grey(0), tr(p->lang,
			   "n.d.\xc2\xa0: non disponible", "n/a: not available"));
	if (sup)
		legend_add(&q->lg, SW_HATCH_S, rgb_grey(0), or_default(
			   p->suppressed_label, tr(p->lang,
			   "s\xc2\xa0: effectif trop faible, non publié",
			   "s: too few respondents, withheld")));
	q->ramp_w = fmin(160, 0.45 * w);
	q->ramp_x = x;
	q->items_x = x + q->ramp_w + 18;
	/* The ramp's ticks, inside the domain, are its only labels: dense. */
	for (most = (int)(q->ramp_w / 25); most >= 1; most--) {
		axis_round(&q->ramp, g->lo, g->hi, most);
		if (q->ramp.step / (g->hi - g->lo) * q->ramp_w >=
		    tick_room(k, &q->ramp, 0, 0, NULL) * SZ_SMALL / SZ_TEXT + 6)
			break;
	}
}

/*
 * Column labels wrap on at most three lines over their column, a little
 * smaller if a word needs it, or else are set vertically. Returns the
 * height of their band.
 */
static double heat_heads(struct ink *k, const struct plots_heatmap *p,
			 struct heatmap_plan *q, double cw, double room)
{
	double hh = 0, size;
	size_t j;

	for (size = SZ_SMALL; size >= 6 - 1e-9; size -= 0.5) {
		for (hh = 0, j = 0; j < p->ncols; j++) {
			if (longest_word(k, p->col_labels[j], size) > cw - 3)
				break;
			ink_set(k, p->col_labels[j], size, 0, cw - 3, 3, 0.5);
			hh = fmax(hh, k->h);
		}
		if (j == p->ncols) {
			q->g.vertical = 0;
			q->head_size = size;
			return hh;
		}
	}
	/* Upwards, on two lines if the column is wide enough for them. */
	q->g.vertical = 1;
	q->head_size = SZ_SMALL;
	q->head_lines = cw >= 2 * line_h(k, SZ_SMALL) + 3 ? 2 : 1;
	for (hh = 0, j = 0; j < p->ncols; j++) {
		double full = ink_width(k, p->col_labels[j], SZ_SMALL, 0);

		/* Two lines take a little over half the length of one. */
		hh = fmax(hh, q->head_lines == 1 ? full : fmax(full * 0.6,
			  longest_word(k, p->col_labels[j], SZ_SMALL)));
	}
	return fmin(hh + 1, room);
}

static int heat_plan(struct ink *k, double x, double y, double w, double h,
		     const void *plot, void *plan, struct err *e)
{
	const struct plots_heatmap *p = plot;
	struct heatmap_plan *q = plan;
	struct plots_heatmap_geom *g = &q->g;
	double top, lh, sh, leg_h, cw, est, widest = 0;
	size_t c;
	int rc;

	memset(q, 0, sizeof(*q));
	if ((rc = heat_check(p, e)))
		return rc;
	if (!box_ok(x, y, w, h))
		return too_small(e, "heatmap", p->title, w, h);
	heat_legend(k, p, q, x, w);
	top = y + title_room(k, p->title, w);
	/* Legend: the unit over the ramp, its ticks under, entries beside. */
	lh = line_h(k, SZ_TEXT);
	sh = line_h(k, SZ_SMALL);
	q->legend_y = top;
	q->ramp_y = top + lh + 2;
	leg_h = lh + 2 + RAMP_H + 2 + sh;
	if (q->lg.n)
		leg_h = fmax(leg_h, legend_flow(k, &q->lg, x + w - q->items_x));
	top += leg_h + GAP + 2;

	est = fmin(CELL_MAX_H, (y + h - top) / (double)(p->nrows + 2));
	labels_fit(k, p->row_labels, p->nrows, est, 0.35 * w, &g->label_size,
		   &q->label_w);
	g->x = x + q->label_w + 5;
	cw = (x + w - g->x) / (double)p->ncols;
	q->head_h = heat_heads(k, p, q, cw, 0.35 * (y + h - top));
	g->y = top + q->head_h + 3;
	g->cell_w = cw;
	g->cell_h = fmin(CELL_MAX_H, (y + h - g->y) / (double)p->nrows);
	if (g->cell_h < 9 || cw < 16 || q->items_x + 40 > x + w) {
		legend_release(&q->lg);
		return too_small(e, "heatmap", p->title, w, h);
	}
	g->label_size = fmin(g->label_size, fmax(SZ_MIN, g->cell_h * 0.8));
	/* The values shrink to fit the cells, or are left out. */
	q->value_size = fmin(SZ_SMALL, g->cell_h * 0.6);
	for (c = 0; c < p->nrows * p->ncols; c++)
		widest = fmax(widest, ink_width(k, heat_text(k, p, c),
						q->value_size, 0));
	if (widest > cw - 3)
		q->value_size *= (cw - 3) / widest;
	q->values_fit = q->value_size >= SZ_MIN;
	return 0;
}

static void heat_ramp(struct ink *k, const struct plots_heatmap *p,
		      const struct heatmap_plan *q)
{
	const struct plots_heatmap_geom *g = &q->g;
	cairo_pattern_t *grad;
	long i;
	int s;

	ink_set(k, or_default(p->unit, tr(p->lang, "valeur", "value")), SZ_TEXT,
		0, q->items_x - q->ramp_x - 6, 1, 0);
	grey(k->cr, GREY_INK);
	ink_show(k, q->ramp_x, q->legend_y, 0, 0);
	grad = cairo_pattern_create_linear(q->ramp_x, 0, q->ramp_x + q->ramp_w, 0);
	for (s = 0; s <= 8; s++) {
		struct chart_rgb c = plots_seq(s / 8.0);

		cairo_pattern_add_color_stop_rgb(grad, s / 8.0, c.r, c.g, c.b);
	}
	cairo_set_source(k->cr, grad);
	cairo_rectangle(k->cr, q->ramp_x, q->ramp_y, q->ramp_w, RAMP_H);
	cairo_fill(k->cr);
	cairo_pattern_destroy(grad);
	/* Ticks at the round values inside the domain. */
	for (i = 0; i <= axis_intervals(&q->ramp); i++) {
		double v = axis_tick(&q->ramp, i), tol = q->ramp.step * 1e-6;
		double px = q->ramp_x + (v - g->lo) / (g->hi - g->lo) * q->ramp_w;

		if (v < g->lo - tol || v > g->hi + tol)
			continue;
		grey(k->cr, GREY_AXIS);
		cairo_set_line_width(k->cr, 0.6);
		cairo_move_to(k->cr, px, q->ramp_y + RAMP_H);
		cairo_line_to(k->cr, px, q->ramp_y + RAMP_H + 2);
		cairo_stroke(k->cr);
		ink_put(k, ink_num(k, v, q->ramp.decimals, 0), SZ_SMALL,
			GREY_AXIS, px, q->ramp_y + RAMP_H + 2, 0.5, 0);
	}
}

static void heat_cell(struct ink *k, const struct plots_heatmap *p,
		      const struct heatmap_plan *q, size_t i, size_t j)
{
	const struct plots_heatmap_geom *g = &q->g;
	size_t c = i * p->ncols + j;
	double cx = g->x + (double)j * g->cell_w, cy = g->y + (double)i * g->cell_h;
	double text = 0.1;
	int patch = 0;

	if (heat_suppressed(p, c)) {
		hatch_box(k->cr, cx + 0.5, cy + 0.5, g->cell_w - 1, g->cell_h - 1,
			  1, 0.55, 3);
		patch = 1;
	} else if (!isfinite(p->values[c])) {
		grey(k->cr, 0.6);
		cairo_set_line_width(k->cr, 0.6);
		cairo_rectangle(k->cr, cx + 0.8, cy + 0.8, g->cell_w - 1.6,
				g->cell_h - 1.6);
		cairo_stroke(k->cr);
		text = 0.35;
	} else {
		struct chart_rgb col = plots_seq((p->values[c] - g->lo) /
						 (g->hi - g->lo));

		paint(k->cr, col);
		cairo_rectangle(k->cr, cx + 0.5, cy + 0.5, g->cell_w - 1,
				g->cell_h - 1);
		cairo_fill(k->cr);
		text = ink_on(col);
	}
	if (!q->values_fit)
		return;
	ink_set(k, heat_text(k, p, c), q->value_size, 0, 0, 0, 0.5);
	if (patch) {
		grey(k->cr, 1);
		cairo_rectangle(k->cr, cx + (g->cell_w - k->w) / 2 - 1.5,
				cy + (g->cell_h - k->h) / 2, k->w + 3, k->h);
		cairo_fill(k->cr);
	}
	grey(k->cr, text);
	ink_show(k, cx + g->cell_w / 2, cy + g->cell_h / 2, 0.5, 0.5);
}

static void heat_render(struct ink *k, const void *plot, const void *plan,
			double x, double y, double w)
{
	const struct plots_heatmap *p = plot;
	const struct heatmap_plan *q = plan;
	const struct plots_heatmap_geom *g = &q->g;
	size_t i, j;

	title_draw(k, p->title, x, y, w);
	heat_ramp(k, p, q);
	legend_draw(k, &q->lg, q->items_x, q->ramp_y - 1);
	for (j = 0; j < p->ncols; j++) {
		double cx = g->x + ((double)j + 0.5) * g->cell_w;

		grey(k->cr, 0.1);
		if (!g->vertical) {
			ink_set(k, p->col_labels[j], q->head_size, 0,
				g->cell_w - 3, 3, 0.5);
			ink_show(k, cx, g->y - 3, 0.5, 1);
			continue;
		}
		cairo_save(k->cr);
		cairo_translate(k->cr, cx, g->y - 3);
		cairo_rotate(k->cr, -M_PI / 2);
		ink_set(k, p->col_labels[j], q->head_size, 0, q->head_h,
			q->head_lines, 0);
		ink_show(k, 0, 0, 0, 0.5);
		cairo_restore(k->cr);
	}
	for (i = 0; i < p->nrows; i++) {
		label_put(k, p->row_labels[i], g->label_size, q->label_w,
			  g->x - 5, g->y + ((double)i + 0.5) * g->cell_h);
		for (j = 0; j < p->ncols; j++)
			heat_cell(k, p, q, i, j);
	}
}

/* --- Rows: stacked bars and intervals ----------------------------------- */

/* What the two rows-based plots share besides the public geometry. */
struct rows_plan {
	struct plots_rows_geom g;
	struct legend lg;
	double label_w, right_w;	/* label column, text column at the right */
	double ticks_y;
	int pct;			/* the axis is of shares */
};

/*
 * Lays out n rows under the head (title and legend lg) and over the axis
 * labels, the labels left, a column right_w wide at the right. The value
 * axis is fitted to [lo, hi]. Returns 0 or -1 if the box is too small.
 */
static int rows_plan(struct ink *k, struct rows_plan *q, const char *title,
		     const char *const *labels, size_t n, double lo, double hi,
		     double x, double y, double w, double h)
{
	struct plots_frame *f = &q->g.f;
	double top = head_room(k, title, &q->lg, y, w);
	double lh = line_h(k, SZ_TEXT), bottom = y + h - 2 * lh - 4;

	q->ticks_y = bottom + 3;
	f->y = top;
	f->h = bottom - top;
	q->g.step = f->h / (double)n;
	if (q->g.step < 6)
		return -1;
	labels_fit(k, labels, n, q->g.step, 0.3 * w, &q->g.label_size,
		   &q->label_w);
	f->x = x + q->label_w + 6;
	f->w = x + w - q->right_w - 6 - f->x;
	if (f->w < 60)
		return -1;
	axis_fit(k, &f->ax, lo, hi, f->w, q->pct, 0);
	/* The last tick label is centred on the axis end: keep it in. */
	if (q->right_w < 6) {
		double last = 0;

		tick_room(k, &f->ax, q->pct, 0, &last);
		f->w -= fmax(0, last / 2 - q->right_w - 6);
		axis_fit(k, &f->ax, lo, hi, f->w, q->pct, 0);
	}
	return 0;
}

static void rows_axis(struct ink *k, const struct rows_plan *q,
		      const char *unit)
{
	const struct plots_frame *f = &q->g.f;
	long i;

	grey(k->cr, GREY_AXIS);
	cairo_set_line_width(k->cr, 0.6);
	for (i = 0; i <= axis_intervals(&f->ax); i++) {
		double px = plots_frame_x(f, axis_tick(&f->ax, i));

		cairo_move_to(k->cr, px, f->y + f->h);
		cairo_line_to(k->cr, px, f->y + f->h + 2.5);
	}
	cairo_stroke(k->cr);
	frame_xlabels(k, f, q->ticks_y, q->pct, unit);
}

/* A row with no respondent has no data: "n.d.", not suppressed. */
static int stacked_na(const struct plots_stacked *p, size_t i)
{
	return p->n[i] <= 0;
}

static int stacked_off(const struct plots_stacked *p, size_t i)
{
	return !stacked_na(p, i) && ((p->suppressed && p->suppressed[i]) ||
				     p->n[i] < p->min_n);
}

/* The text of a suppressed row, "s (n < 10)", into the scratch. */
static const char *stacked_s(struct ink *k, const struct plots_stacked *p)
{
	buf_reset(&k->s);
	buf_addstr(&k->s, "s");
	if (p->min_n > 0) {
		buf_addstr(&k->s, " (n < ");
		fmt_int(&k->s, p->min_n, p->lang);
		buf_addch(&k->s, ')');
	}
	return k->s.data;
}

static const char *stacked_n(struct ink *k, const struct plots_stacked *p,
			     size_t i)
{
	buf_reset(&k->s);
	buf_addstr(&k->s, "n\xc2\xa0=\xc2\xa0");
	fmt_int(&k->s, p->n[i], p->lang);
	return k->s.data;
}

/* Returns 0, 1 when no row has a respondent (no data), or -1. */
static int stacked_check(const struct plots_stacked *p, struct err *e)
{
	const char *title = p->title ? p->title : "";
	size_t i, j, full = 0;

	if (!p->nrows)
		return 1;
	if (!p->k || !p->row_labels || !p->level_labels || !p->shares || !p->n)
		return err_set(e, "stacked bars '%s': %zu rows but no levels, "
			       "labels or values", title, p->nrows);
	if (p->k > LEG_MAX - 3)
		return err_set(e, "stacked bars '%s': %zu levels, at most %d",
			       title, p->k, LEG_MAX - 3);
	for (j = 0; j < p->k; j++)
		if (!p->level_labels[j])
			return err_set(e, "stacked bars '%s': level %zu has no "
				       "label", title, j + 1);
	for (i = 0; i < p->nrows; i++) {
		double sum = 0;

		if (!p->row_labels[i])
			return err_set(e, "stacked bars '%s': row %zu has no "
				       "label", title, i + 1);
		full += !stacked_na(p, i);
		if (stacked_na(p, i) || stacked_off(p, i))
			continue;
		for (j = 0; j < p->k; j++) {
			double s = p->shares[i * p->k + j];

			if (!(s >= -1e-9) || !isfinite(s))
				return err_set(e, "stacked bars '%s': row '%s', "
					       "level %zu: share %g", title,
					       p->row_labels[i], j + 1, s);
			sum += s;
		}
		if (fabs(sum - 1) > 0.01)
			return err_set(e, "stacked bars '%s': row '%s': shares "
				       "sum to %g, not 1", title,
				       p->row_labels[i], sum);
	}
	return full ? 0 : 1;
}

static int stacked_plan(struct ink *k, double x, double y, double w, double h,
			const void *plot, void *plan, struct err *e)
{
	const struct plots_stacked *p = plot;
	struct rows_plan *q = plan;
	size_t i, j;
	int off = 0, na = 0, rc;

	memset(q, 0, sizeof(*q));
	if ((rc = stacked_check(p, e)))
		return rc;
	if (!box_ok(x, y, w, h))
		return too_small(e, "stacked bars", p->title, w, h);
	legend_init(&q->lg);
	for (j = 0; j < p->k; j++)
		legend_add(&q->lg, SW_FILL, plots_seq(p->k > 1 ? (double)j /
			   (double)(p->k - 1) : 1), p->level_labels[j]);
	for (i = 0; i < p->nrows; i++) {
		off |= stacked_off(p, i);
		na |= stacked_na(p, i);
		if (!stacked_off(p, i) && !stacked_na(p, i))
			q->right_w = fmax(q->right_w, ink_width(k,
					  stacked_n(k, p, i), SZ_TEXT, 0));
	}
	if (na)
		legend_add(&q->lg, SW_BLANK, rgb_grey(0), tr(p->lang,
			   "n.d.\xc2\xa0: non disponible", "n/a: not available"));
	if (off) {
		struct buf t = BUF_INIT;

		buf_addstr(&t, stacked_s(k, p));
		buf_addstr(&t, tr(p->lang, "\xc2\xa0: non publié",
				  ": withheld"));
		legend_add(&q->lg, SW_EMPTY, rgb_grey(0), t.data);
		buf_release(&t);
	}
	q->pct = 1;
	if (rows_plan(k, q, p->title, p->row_labels, p->nrows, 0, 1, x, y, w,
		      h)) {
		legend_release(&q->lg);
		return too_small(e, "stacked bars", p->title, w, h);
	}
	q->g.bar_h = fmin(q->g.step * 0.7, 20);
	return 0;
}

static void stacked_row(struct ink *k, const struct plots_stacked *p,
			const struct rows_plan *q, size_t i)
{
	const struct plots_frame *f = &q->g.f;
	double cy = f->y + ((double)i + 0.5) * q->g.step;
	double top = cy - q->g.bar_h / 2, at = 0, size;
	size_t j;

	label_put(k, p->row_labels[i], q->g.label_size, q->label_w, f->x - 6,
		  cy);
	if (stacked_off(p, i) || stacked_na(p, i)) {
		grey(k->cr, 0.5);
		cairo_set_line_width(k->cr, 0.8);
		cairo_rectangle(k->cr, f->x + 0.4, top + 0.4, f->w - 0.8,
				q->g.bar_h - 0.8);
		cairo_stroke(k->cr);
		ink_put(k, stacked_na(p, i) ? tr(p->lang, "n.d.", "n/a")
			: stacked_s(k, p), fmin(SZ_TEXT, q->g.bar_h * 0.8), 0.35,
			f->x + 5, cy, 0, 0.5);
		return;
	}
	size = fmin(SZ_SMALL, q->g.bar_h * 0.75);
	for (j = 0; j < p->k; j++) {
		double s = fmax(0, p->shares[i * p->k + j]);
		double from = plots_frame_x(f, at), to = plots_frame_x(f, at + s);
		struct chart_rgb c = plots_seq(p->k > 1 ? (double)j /
					       (double)(p->k - 1) : 1);

		at += s;
		paint(k->cr, c);
		cairo_rectangle(k->cr, from, top, to - from, q->g.bar_h);
		cairo_fill(k->cr);
		ink_set(k, ink_num(k, s, 0, 1), size, 0, 0, 0, 0.5);
		if (s >= 0.005 && k->w + 4 <= to - from && size >= SZ_MIN) {
			grey(k->cr, ink_on(c));
			ink_show(k, (from + to) / 2, cy, 0.5, 0.5);
		}
	}
	/* At the labels' size, which fits the rows (and is at most SZ_TEXT). */
	ink_put(k, stacked_n(k, p, i), q->g.label_size, GREY_INK,
		f->x + f->w + 6, cy, 0, 0.5);
}

static void stacked_render(struct ink *k, const void *plot, const void *plan,
			   double x, double y, double w)
{
	const struct plots_stacked *p = plot;
	const struct rows_plan *q = plan;
	size_t i;

	head_draw(k, p->title, &q->lg, x, y, w);
	for (i = 0; i < p->nrows; i++)
		stacked_row(k, p, q, i);
	rows_axis(k, q, or_default(p->unit, tr(p->lang, "part des répondants",
		  "share of respondents")));
}

/* --- Dumbbell --------------------------------------------------------- */

static int dumb_flag(const struct plots_dumbbell *p, size_t i)
{
	return p->flags ? p->flags[i] : CHART_PLAIN;
}

/* Appends v with a "+" when it reads above zero. */
static void signed_num(struct buf *b, double v, int dec, enum fmt_lang lang)
{
	if (v > 0 && round(v * pow(10.0, dec < 0 ? 0 : dec)) != 0)
		buf_addch(b, '+');
	fmt_num(b, v, dec, lang);
}

/* The value column's text of row i, "+0,12 [-0,05 ; 0,29]", in the scratch. */
static const char *dumb_text(struct ink *k, const struct plots_dumbbell *p,
			     size_t i)
{
	double d = p->delta[i], lo = p->lo ? p->lo[i] : NAN;
	double hi = p->hi ? p->hi[i] : NAN;

	buf_reset(&k->s);
	if (!isfinite(d)) {
		buf_addstr(&k->s, tr(p->lang, "n.d.", "n/a"));
		return k->s.data;
	}
	signed_num(&k->s, d, p->decimals, p->lang);
	if (isfinite(lo) && isfinite(hi)) {
		buf_addstr(&k->s, " [");
		fmt_num(&k->s, lo, p->decimals, p->lang);
		buf_addstr(&k->s, p->lang == FMT_EN ? ", " : " ; ");
		fmt_num(&k->s, hi, p->decimals, p->lang);
		buf_addch(&k->s, ']');
	}
	return k->s.data;
}

static int dumb_plan(struct ink *k, double x, double y, double w, double h,
		     const void *plot, void *plan, struct err *e)
{
	const struct plots_dumbbell *p = plot;
	struct rows_plan *q = plan;
	const char *title = p->title ? p->title : "";
	double lo = 0, hi = 0;
	int flagged = 0;
	size_t i, full = 0;

	memset(q, 0, sizeof(*q));
	if (!p->n)
		return 1;
	if (!p->labels || !p->delta)
		return err_set(e, "dumbbell '%s': %zu rows but no labels or "
			       "values", title, p->n);
	if (!box_ok(x, y, w, h))
		return too_small(e, "dumbbell", p->title, w, h);
	for (i = 0; i < p->n; i++) {
		double v[3] = { p->delta[i], p->lo ? p->lo[i] : NAN,
				p->hi ? p->hi[i] : NAN };
		int j;

		if (!p->labels[i])
			return err_set(e, "dumbbell '%s': row %zu has no label",
				       title, i + 1);
		if (!isfinite(v[0]))
			continue;
		full++;
		if (isfinite(v[1]) && isfinite(v[2]) &&
		    !(v[1] <= v[0] && v[0] <= v[2]))
			return err_set(e, "dumbbell '%s': row '%s': %g is not in "
				       "[%g, %g]", title, p->labels[i], v[0],
				       v[1], v[2]);
		for (j = 0; j < 3; j++)
			if (isfinite(v[j])) {
				lo = fmin(lo, v[j]);
				hi = fmax(hi, v[j]);
			}
		flagged |= dumb_flag(p, i) == CHART_FLAGGED;
		q->right_w = fmax(q->right_w, ink_width(k, dumb_text(k, p, i),
							SZ_TEXT, 0));
	}
	if (!full)
		return 1;	/* every row n.d. */
	legend_init(&q->lg);
	buf_reset(&k->s);
	buf_addstr(&k->s, tr(p->lang, "estimation et ", "estimate and "));
	buf_addstr(&k->s, or_default(p->interval_label, tr(p->lang,
		   "intervalle de confiance à 95\xe2\x80\xaf%",
		   "95% confidence interval")));
	legend_add(&q->lg, SW_INTERVAL, chart_palette(0), k->s.data);
	if (flagged)
		legend_add(&q->lg, SW_DISC, chart_palette(1), or_default(
			   p->flag_label, tr(p->lang, "signalé", "flagged")));
	legend_add(&q->lg, SW_LINE, rgb_grey(0.25), tr(p->lang,
		   "zéro\xc2\xa0: pas d'évolution", "zero: no change"));
	if (rows_plan(k, q, p->title, p->labels, p->n, lo, hi, x, y, w, h)) {
		legend_release(&q->lg);
		return too_small(e, "dumbbell", p->title, w, h);
	}
	q->g.bar_h = fmin(q->g.step * 0.5, 7);
	return 0;
}

static void dumb_row(struct ink *k, const struct plots_dumbbell *p,
		     const struct rows_plan *q, size_t i)
{
	const struct plots_frame *f = &q->g.f;
	double cy = f->y + ((double)i + 0.5) * q->g.step, r = q->g.bar_h / 2;
	double d = p->delta[i], lo = p->lo ? p->lo[i] : NAN;
	double hi = p->hi ? p->hi[i] : NAN;
	cairo_t *cr = k->cr;

	label_put(k, p->labels[i], q->g.label_size, q->label_w, f->x - 6, cy);
	ink_put(k, dumb_text(k, p, i), q->g.label_size, GREY_INK,
		f->x + f->w + 6, cy, 0, 0.5);
	if (!isfinite(d))
		return;
	paint(cr, chart_palette(dumb_flag(p, i) == CHART_FLAGGED));
	if (isfinite(lo) && isfinite(hi)) {
		double a = plots_frame_x(f, lo), b = plots_frame_x(f, hi);

		cairo_set_line_width(cr, 1.4);
		cairo_move_to(cr, a, cy);
		cairo_line_to(cr, b, cy);
		cairo_move_to(cr, a, cy - r * 0.8);
		cairo_line_to(cr, a, cy + r * 0.8);
		cairo_move_to(cr, b, cy - r * 0.8);
		cairo_line_to(cr, b, cy + r * 0.8);
		cairo_stroke(cr);
	}
	cairo_arc(cr, plots_frame_x(f, d), cy, r, 0, 2 * M_PI);
	cairo_fill(cr);
}

static void dumb_render(struct ink *k, const void *plot, const void *plan,
			double x, double y, double w)
{
	const struct plots_dumbbell *p = plot;
	const struct rows_plan *q = plan;
	const struct plots_frame *f = &q->g.f;
	size_t i;

	head_draw(k, p->title, &q->lg, x, y, w);
	frame_grid(k->cr, f, 1, 0);
	grey(k->cr, 0.25);
	cairo_set_line_width(k->cr, 1);
	cairo_move_to(k->cr, plots_frame_x(f, 0), f->y);
	cairo_line_to(k->cr, plots_frame_x(f, 0), f->y + f->h);
	cairo_stroke(k->cr);
	for (i = 0; i < p->n; i++)
		dumb_row(k, p, q, i);
	rows_axis(k, q, or_default(p->unit, tr(p->lang, "évolution",
		  "change")));
}


/* --- Entry points ------------------------------------------------------ */

/*
 * How to plan and render one kind of plot. A plan starts with the public
 * geometry (geom_size bytes) and keeps a legend at legend_at. plan returns
 * 0, -1 on an error, or 1 when the plot has no data (having checked what
 * input it read, and holding nothing to release): the plot is then drawn
 * by chart_nodata_draw().
 */
struct kind {
	const char *what;	/* in error messages */
	int (*plan)(struct ink *k, double x, double y, double w, double h,
		    const void *plot, void *plan, struct err *e);
	void (*render)(struct ink *k, const void *plot, const void *plan,
		       double x, double y, double w);
	size_t legend_at, geom_size;
};

union plan {
	struct tilemap_plan tile;
	struct funnel_plan funnel;
	struct lorenz_plan lorenz;
	struct heatmap_plan heat;
	struct rows_plan rows;
};

_Static_assert(offsetof(struct tilemap_plan, g) == 0 &&
	       offsetof(struct funnel_plan, g) == 0 &&
	       offsetof(struct lorenz_plan, g) == 0 &&
	       offsetof(struct heatmap_plan, g) == 0 &&
	       offsetof(struct rows_plan, g) == 0, "geometry first in a plan");

static void plan_release(const struct kind *kd, union plan *u)
{
	legend_release((struct legend *)(void *)((char *)u + kd->legend_at));
}

static int kind_layout(const struct kind *kd, cairo_t *cr, double x, double y,
		       double w, double h, const void *plot, const char *title,
		       enum fmt_lang lang, void *geom, struct err *e)
{
	struct chart_nodata_geom ng;
	union plan u;
	struct ink k;
	int rc;

	ink_open(&k, cr, lang);
	rc = kd->plan(&k, x, y, w, h, plot, &u, e);
	if (rc == 0) {
		memcpy(geom, &u, kd->geom_size);
		plan_release(kd, &u);
	}
	ink_close(&k);
	if (rc == 1) {
		/* No data: a zeroed geometry, and the errors of the frame. */
		memset(geom, 0, kd->geom_size);
		rc = chart_nodata_layout(cr, x, y, w, h, title, &ng, e);
	}
	return rc;
}

/* Plans, then draws with cr's state saved; reports cairo errors. */
static int kind_draw(const struct kind *kd, cairo_t *cr, double x, double y,
		     double w, double h, const void *plot, const char *title,
		     enum fmt_lang lang, struct err *e)
{
	cairo_status_t st = cairo_status(cr);
	union plan u;
	struct ink k;
	int rc;

	if (st == CAIRO_STATUS_SUCCESS) {
		ink_open(&k, cr, lang);
		rc = kd->plan(&k, x, y, w, h, plot, &u, e);
		if (rc) {
			ink_close(&k);
			return rc == 1 ? chart_nodata_draw(cr, x, y, w, h, title,
							   lang, e) : -1;
		}
		cairo_save(cr);
		cairo_new_path(cr);
		kd->render(&k, plot, &u, x, y, w);
		cairo_restore(cr);
		plan_release(kd, &u);
		ink_close(&k);
		st = cairo_status(cr);
	}
	if (st != CAIRO_STATUS_SUCCESS)
		return err_io(e, "%s '%s': cairo: %s", kd->what, title ? title : "",
			       cairo_status_to_string(st));
	return 0;
}

static const struct kind tilemap_kind = {
	"tile map", tilemap_plan, tilemap_render,
	offsetof(struct tilemap_plan, lg), sizeof(struct plots_tilemap_geom),
};

static const struct kind funnel_kind = {
	"funnel", funnel_plan, funnel_render,
	offsetof(struct funnel_plan, lg), sizeof(struct plots_funnel_geom),
};

static const struct kind lorenz_kind = {
	"Lorenz", lorenz_plan, lorenz_render,
	offsetof(struct lorenz_plan, lg), sizeof(struct plots_lorenz_geom),
};

static const struct kind heatmap_kind = {
	"heatmap", heat_plan, heat_render,
	offsetof(struct heatmap_plan, lg), sizeof(struct plots_heatmap_geom),
};

static const struct kind stacked_kind = {
	"stacked bars", stacked_plan, stacked_render,
	offsetof(struct rows_plan, lg), sizeof(struct plots_rows_geom),
};

static const struct kind dumbbell_kind = {
	"dumbbell", dumb_plan, dumb_render,
	offsetof(struct rows_plan, lg), sizeof(struct plots_rows_geom),
};

int plots_tilemap_layout(cairo_t *cr, double x, double y, double w, double h,
			 const struct plots_tilemap *m,
			 struct plots_tilemap_geom *g, struct err *e)
{
	return kind_layout(&tilemap_kind, cr, x, y, w, h, m, m->title, m->lang, g, e);
}

int plots_tilemap_draw(cairo_t *cr, double x, double y, double w, double h,
		       const struct plots_tilemap *m, struct err *e)
{
	return kind_draw(&tilemap_kind, cr, x, y, w, h, m, m->title, m->lang, e);
}

int plots_tilemap_draw_fn(cairo_t *cr, double x, double y, double w,
			  double h, const void *plot, struct err *e)
{
	return plots_tilemap_draw(cr, x, y, w, h, plot, e);
}

int plots_funnel_layout(cairo_t *cr, double x, double y, double w, double h,
			const struct plots_funnel *p,
			struct plots_funnel_geom *g, struct err *e)
{
	return kind_layout(&funnel_kind, cr, x, y, w, h, p, p->title, p->lang, g, e);
}

int plots_funnel_draw(cairo_t *cr, double x, double y, double w, double h,
		      const struct plots_funnel *p, struct err *e)
{
	return kind_draw(&funnel_kind, cr, x, y, w, h, p, p->title, p->lang, e);
}

int plots_funnel_draw_fn(cairo_t *cr, double x, double y, double w, double h,
			 const void *plot, struct err *e)
{
	return plots_funnel_draw(cr, x, y, w, h, plot, e);
}

int plots_lorenz_layout(cairo_t *cr, double x, double y, double w, double h,
			const struct plots_lorenz *p,
			struct plots_lorenz_geom *g, struct err *e)
{
	return kind_layout(&lorenz_kind, cr, x, y, w, h, p, p->title, p->lang, g, e);
}

int plots_lorenz_draw(cairo_t *cr, double x, double y, double w, double h,
		      const struct plots_lorenz *p, struct err *e)
{
	return kind_draw(&lorenz_kind, cr, x, y, w, h, p, p->title, p->lang, e);
}

int plots_lorenz_draw_fn(cairo_t *cr, double x, double y, double w, double h,
			 const void *plot, struct err *e)
{
	return plots_lorenz_draw(cr, x, y, w, h, plot, e);
}

int plots_heatmap_layout(cairo_t *cr, double x, double y, double w, double h,
			 const struct plots_heatmap *p,
			 struct plots_heatmap_geom *g, struct err *e)
{
	return kind_layout(&heatmap_kind, cr, x, y, w, h, p, p->title, p->lang, g, e);
}

int plots_heatmap_draw(cairo_t *cr, double x, double y, double w, double h,
		       const struct plots_heatmap *p, struct err *e)
{
	return kind_draw(&heatmap_kind, cr, x, y, w, h, p, p->title, p->lang, e);
}

int plots_heatmap_draw_fn(cairo_t *cr, double x, double y, double w,
			  double h, const void *plot, struct err *e)
{
	return plots_heatmap_draw(cr, x, y, w, h, plot, e);
}

int plots_stacked_layout(cairo_t *cr, double x, double y, double w, double h,
			 const struct plots_stacked *p,
			 struct plots_rows_geom *g, struct err *e)
{
	return kind_layout(&stacked_kind, cr, x, y, w, h, p, p->title, p->lang, g, e);
}

int plots_stacked_draw(cairo_t *cr, double x, double y, double w, double h,
		       const struct plots_stacked *p, struct err *e)
{
	return kind_draw(&stacked_kind, cr, x, y, w, h, p, p->title, p->lang, e);
}

int plots_stacked_draw_fn(cairo_t *cr, double x, double y, double w,
			  double h, const void *plot, struct err *e)
{
	return plots_stacked_draw(cr, x, y, w, h, plot, e);
}

int plots_dumbbell_layout(cairo_t *cr, double x, double y, double w,
			  double h, const struct plots_dumbbell *p,
			  struct plots_rows_geom *g, struct err *e)
{
	return kind_layout(&dumbbell_kind, cr, x, y, w, h, p, p->title, p->lang, g, e);
}

int plots_dumbbell_draw(cairo_t *cr, double x, double y, double w, double h,
			const struct plots_dumbbell *p, struct err *e)
{
	return kind_draw(&dumbbell_kind, cr, x, y, w, h, p, p->title, p->lang,
			 e);
}

int plots_dumbbell_draw_fn(cairo_t *cr, double x, double y, double w,
			   double h, const void *plot, struct err *e)
{
	return plots_dumbbell_draw(cr, x, y, w, h, plot, e);
}
