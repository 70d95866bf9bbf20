/*
 * draw: the toolkit every chart kind of the report is drawn with: text set
 * with Pango (struct draw_ink), round-number axes and plot frames, legends
 * and their swatches, hatching, titles, rows of labelled bars, the
 * sequential colour scale, and the plan-then-render frame of a chart kind
 * (struct draw_kind), which draws chart_nodata_draw() when a chart has no
 * data.
 *
 * Units are those of the cairo_t; text is CHART_FONT. A struct draw_ink and
 * a struct draw_legend own their Pango objects and buffers until
 * draw_ink_close() and draw_legend_release(); the rest borrows the
 * caller's strings for the time of a call.
 *
 * The chart kinds, one file each (bars, tilemap, funnel, lorenz, heatmap,
 * stacked, dumbbell), drawn into a box of a cairo_t and written to files
 * with chart_write_png() and chart_write_svg(). Their structs borrow the
 * caller's strings and arrays for the time of a call; nothing returned
 * needs freeing. Every X_draw() returns 0, or -1 if the chart is invalid,
 * its box too small or cr in error, and leaves cr's state as it was;
 * X_draw_fn() is the same as a chart_draw_fn, its chart a const struct X *;
 * X_layout() fills the geometry that X_draw() uses, so that callers and
 * tests know where things are; it measures text on cr and fails exactly
 * when X_draw() would. X_chart is the kind as a document places it (struct
 * chart_kind): how to draw it and how high it is.
 *
 * A chart with no data (no unit, or nothing a unit could be drawn with: say
 * every value n.d., each kind says what) is not an error: it is drawn by
 * chart_nodata_draw(), its title over an empty frame reading "Aucune
 * donnée", and its layout is all zeros. Its input is still checked.
 *
 * Colours: categories come from chart_palette() (Okabe–Ito), continuous
 * values from draw_seq(), a sequential scale after viridis (light = low,
 * dark = high) that stays ordered for colour-blind readers and in grey.
 * Every chart has a legend, its units, round-number ticks and numbers in
 * the typography of its lang (lib/fmt.h); labels that do not fit are
 * ellipsized or dropped, never drawn over each other.
 */
#ifndef PANA_DRAW_H
#define PANA_DRAW_H

#include <stddef.h>

#include <cairo.h>
#include <pango/pangocairo.h>

#include "buf.h"
#include "chart.h"
#include "err.h"
#include "fmt.h"

/* The most classes of a colour scale (the tile map's). */
#define DRAW_MAX_CLASSES 7

/*
 * Returns the sequential colour at t in [0, 1] (clamped): 0 is a light
 * yellow, 1 a dark violet, after the viridis stops (van der Walt & Smith,
 * 2015) taken in reverse.
 */
struct chart_rgb draw_seq(double t);

/* A linear axis with round-number ticks lo, lo + step, ..., hi. */
struct draw_axis {
	double lo, hi, step;
	int decimals;		/* of the tick labels */
};

/*
 * The plot area of an x-y plot, in cairo units: x grows with ax, y with ay
 * (its hi at the top). Rows-based plots use only ax.
 */
struct draw_frame {
	double x, y, w, h;
	struct draw_axis ax, ay;
};

/* The cairo x coordinate of value v on f's x axis, and y on its y axis. */
double draw_frame_x(const struct draw_frame *f, double v);
double draw_frame_y(const struct draw_frame *f, double v);

/*
 * Row i is centred at y = f.y + (i + 0.5) * step, with its label left of
 * f.x; bars are bar_h high. f.ax is the value axis (f.ay is unused).
 */
struct draw_rows_geom {
	struct draw_frame f;
	double step, bar_h;
	double label_size;
};

/* Text sizes and greys, in the units of the cairo_t. */
#define DRAW_SZ_TITLE 10.0
#define DRAW_SZ_TEXT 8.0
#define DRAW_SZ_SMALL 7.0
#define DRAW_SZ_MIN 5.5
#define DRAW_GREY_INK 0.2		/* body text */
#define DRAW_GREY_AXIS 0.35		/* tick labels */
#define DRAW_GREY_GRID 0.87
#define DRAW_GAP 6.0			/* between the blocks of a plot */
const char *draw_or_default(const char *s, const char *dflt);

void draw_paint(cairo_t *cr, struct chart_rgb c);

void draw_grey(cairo_t *cr, double v);

/* Black or white, whichever contrasts more with bg (WCAG luminance). */
double draw_ink_on(struct chart_rgb bg);

/*
 * One Pango layout and font serve every text of a drawing: draw_ink_set() puts a
 * text in it and measures it, draw_ink_show() draws it where it was measured
 * for. The scratch buffer composes numbers and labels.
 */
struct draw_ink {
	cairo_t *cr;
	PangoLayout *pl;
	PangoFontDescription *font;
	double w, h, ox, oy;	/* logical extents of the text set last */
	enum fmt_lang lang;
	struct buf s;
};

void draw_ink_open(struct draw_ink *k, cairo_t *cr, enum fmt_lang lang);

void draw_ink_close(struct draw_ink *k);

/*
 * Sets s at size, bold or not. With wrap > 0 its lines break at that width,
 * at most lines of them, the last one ellipsized; align places the lines
 * (0 left, 0.5 centre, 1 right). k->w and k->h are then its extents.
 */
void draw_ink_set(struct draw_ink *k, const char *s, double size, int bold,
		    double wrap, int lines, double align);

/* Width of s on one line. */
double draw_ink_width(struct draw_ink *k, const char *s, double size, int bold);

/*
 * Draws the text set last so that the point (ha, va) of its box (0 0 the
 * top left, 1 1 the bottom right) falls on (x, y).
 */
void draw_ink_show(struct draw_ink *k, double x, double y, double ha, double va);

/* Sets and draws in one go, in grey level g. */
void draw_ink_put(struct draw_ink *k, const char *s, double size, double g,
		    double x, double y, double ha, double va);

/* The scratch text: v with dec decimals, as a share when pct. */
const char *draw_ink_num(struct draw_ink *k, double v, int dec, int pct);

/* Height of one line of text at size. */
double draw_line_h(struct draw_ink *k, double size);

/*
 * Sets a to the smallest round step (1, 2, 2.5 or 5 times a power of ten)
 * whose ticks cover [lo, hi] in at most most intervals.
 */
void draw_axis_round(struct draw_axis *a, double lo, double hi, int most);

long draw_axis_intervals(const struct draw_axis *a);

double draw_axis_tick(const struct draw_axis *a, long i);

/* The widest (horizontal) or tallest tick label of a, and the last one's width. */
double draw_tick_room(struct draw_ink *k, const struct draw_axis *a, int pct,
			int tall, double *last);

/*
 * Fits a round axis over [lo, hi] to len points, with as many ticks as the
 * labels leave room for (they are vertical neighbours when tall).
 */
void draw_axis_fit(struct draw_ink *k, struct draw_axis *a, double lo,
		     double hi, double len, int pct, int tall);

/* Light grid lines at the ticks of the x axis (vx) and of the y axis (vy). */
void draw_frame_grid(cairo_t *cr, const struct draw_frame *f, int vx,
		       int vy);

/* The x tick labels, their tops at ty, and the unit centred under them. */
void draw_frame_xlabels(struct draw_ink *k, const struct draw_frame *f,
			  double ty, int pct, const char *unit);

/*
 * The y tick labels right-aligned at f->x - 4, and the unit set upwards,
 * centred on the plot's height, its left edge at ux.
 */
void draw_frame_ylabels(struct draw_ink *k, const struct draw_frame *f,
			  double ux, int pct, const char *unit);

#define DRAW_SW_W 14.0
#define DRAW_SW_H 8.0
/* Fills the box with grey bg crossed by lines of grey fg rising to the right. */
void draw_hatch_box(cairo_t *cr, double x, double y, double w, double h,
		      double bg, double fg, double gap);

enum draw_swatch {
	DRAW_SW_FILL,	/* a box of the item's colour */
	DRAW_SW_NA,		/* hatched on grey: not available */
	DRAW_SW_SCOPE,	/* hatched on white: out of scope */
	DRAW_SW_RING,	/* a flagged tile's border */
	DRAW_SW_DISC,	/* a point */
	DRAW_SW_LINE,	/* a line, solid */
	DRAW_SW_DASH,	/* dashed */
	DRAW_SW_INTERVAL,	/* a disc on an interval with caps */
	DRAW_SW_EMPTY,	/* an outlined box: suppressed bar */
	DRAW_SW_BLANK,	/* a white box reading "n.d." */
	DRAW_SW_HATCH_S,	/* hatched, reading "s": suppressed cell */
	DRAW_SW_NONE,	/* text alone (a heading or a note) */
};

#define DRAW_LEG_MAX (DRAW_MAX_CLASSES + 12)
struct draw_legend_item {
	enum draw_swatch kind;
	struct chart_rgb c;
	double width;		/* of a line swatch */
	struct buf text;
	double x, y, w, h;	/* placed by legend_flow, relative */
	double size;
};

/* Entries laid out left to right in rows, or one a row as a column. */
struct draw_legend {
	size_t n;
	struct draw_legend_item it[DRAW_LEG_MAX];
	double h;
	int column;		/* one entry a row */
};

void draw_legend_init(struct draw_legend *lg);

void draw_legend_release(struct draw_legend *lg);

/* Adds an entry; its text is copied. Returns it, for the caller to adjust. */
struct draw_legend_item *draw_legend_add(struct draw_legend *lg, enum draw_swatch kind,
				      struct chart_rgb c, const char *text);

struct chart_rgb draw_rgb_grey(double v);

/* Places the entries in rows of width w; returns and keeps the height. */
double draw_legend_flow(struct draw_ink *k, struct draw_legend *lg, double w);

void draw_swatch(struct draw_ink *k, const struct draw_legend_item *it, double x,
		   double cy);

/* Draws the entries laid out by draw_legend_flow() from (x, y). */
void draw_legend_draw(struct draw_ink *k, const struct draw_legend *lg, double x,
			double y);

int draw_box_ok(double x, double y, double w, double h);

int draw_too_small(struct err *e, const char *what, const char *title,
		     double w, double h);

/* The title's height at width w plus the gap under it; 0 without one. */
double draw_title_room(struct draw_ink *k, const char *title, double w);

void draw_title_draw(struct draw_ink *k, const char *title, double x, double y,
		       double w);

/*
 * The top of a plot: its title, then its legend across the width. Returns
 * the y where the plot proper starts.
 */
double draw_head_room(struct draw_ink *k, const char *title, struct draw_legend *lg,
			double y, double w);

void draw_head_draw(struct draw_ink *k, const char *title, const struct draw_legend *lg,
		      double x, double y, double w);

/*
 * Row labels: the size that fits rows step apart, and the width of the
 * widest label at it, capped at share of the box.
 */
void draw_labels_fit(struct draw_ink *k, const char *const *labels, size_t n,
		       double step, double cap, double *size, double *width);

/* Draws label ellipsized to width, right-aligned at x, centred on cy. */
void draw_label_put(struct draw_ink *k, const char *label, double size,
		      double width, double x, double cy);

/* What the two rows-based plots share besides the public geometry. */
struct draw_rows {
	struct draw_rows_geom g;
	struct draw_legend lg;
	double label_w, right_w;	/* label column, text column at the right */
	double ticks_y;
	int pct;			/* the axis is of shares */
};

_Static_assert(offsetof(struct draw_rows, g) == 0, "geometry first in a plan");

/*
 * Lays out n rows under the head (title and legend lg) and over the axis
 * labels, the labels left, a column right_w wide at the right. The value
 * axis is fitted to [lo, hi]. Returns 0 or -1 if the box is too small.
 */
int draw_rows_plan(struct draw_ink *k, struct draw_rows *q, const char *title,
		     const char *const *labels, size_t n, double lo, double hi,
		     double x, double y, double w, double h);

void draw_rows_axis(struct draw_ink *k, const struct draw_rows *q,
		      const char *unit);

/*
 * How to plan and render one kind of plot. A plan starts with the public
 * geometry (geom_size bytes) and keeps a legend at legend_at. plan returns
 * 0, -1 on an error, or 1 when the plot has no data (having checked what
 * input it read, and holding nothing to release): the plot is then drawn
 * by chart_nodata_draw().
 */
struct draw_kind {
	const char *what;	/* in error messages */
	int (*plan)(struct draw_ink *k, double x, double y, double w, double h,
		    const void *plot, void *plan, struct err *e);
	void (*render)(struct draw_ink *k, const void *plot, const void *plan,
		       double x, double y, double w);
	size_t legend_at, geom_size;
};

int draw_kind_layout(const struct draw_kind *kd, cairo_t *cr, double x, double y,
		       double w, double h, const void *plot, const char *title,
		       enum fmt_lang lang, void *u, void *geom, struct err *e);

/* Plans, then draws with cr's state saved; reports cairo errors. */
int draw_kind_draw(const struct draw_kind *kd, cairo_t *cr, double x, double y,
		     double w, double h, const void *plot, const char *title,
		     enum fmt_lang lang, void *u, struct err *e);

#endif
