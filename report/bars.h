/*
 * bars: horizontal bars, one per unit, with a reference line.
 * The conventions of every chart kind are draw.h's.
 */
#ifndef PANA_REPORT_BARS_H
#define PANA_REPORT_BARS_H

#include <stddef.h>

#include <cairo.h>

#include "chart.h"
#include "draw.h"
#include "err.h"
#include "fmt.h"

/*
 * Horizontal bars, one per label, top to bottom in the given order. Bars
 * start at 0 (the axis domain always includes 0 and the reference). With
 * no bar, or no bar in scope with a finite value, the chart has no data
 * and is drawn by chart_nodata_draw().
 */
struct bars {
	const char *title;	/* NULL or "" for none */
	const char *unit;	/* axis label including the unit */
	size_t n;
	const char *const *labels;
	const double *values;	/* NaN (or ±inf) = not available: stub "n.d." */
	const int *flags;	/* optional, enum chart_flag per bar */
	double reference;	/* NaN, or a vertical reference line */
	const char *reference_label;	/* its legend entry */
	enum fmt_lang lang;
	int decimals;		/* of the value printed after each bar */
	const char *flag_label;	/* legend of flagged bars; NULL: "signalé" */
	const char *scope_label;	/* of out-of-scope bars; NULL: "hors champ" */
};

/*
 * Where bars_draw puts things, for callers and tests. Bar i's row is
 * [plot_y + i * step, plot_y + (i + 1) * step); the bar is bar_h high,
 * centred in its row, and runs from bars_xpos(g, 0) to
 * bars_xpos(g, value). Not-available and out-of-scope bars are a stub
 * box stub_w wide from the zero line, with no fill or hatched. Grid lines
 * are at xmin, xmin + tick_step, ..., xmax.
 */
struct bars_geom {
	double plot_x, plot_y, plot_w, plot_h;
	double step, bar_h;
	double xmin, xmax, tick_step;
	double stub_w;
	double label_size;	/* font size of the labels, after shrinking */
};

/*
 * Computes the geometry of c drawn in the box (x, y, w, h) of cr (text is
 * measured on cr); with no data, g is all zeros. Returns 0, or -1 if c is
 * invalid or the box too small.
 */
int bars_layout(cairo_t *cr, double x, double y, double w, double h,
		      const struct bars *c, struct bars_geom *g,
		      struct err *e);

/* Returns the x coordinate of value v on the axis of g. */
double bars_xpos(const struct bars_geom *g, double v);

/*
 * Draws c in the box (x, y, w, h) of cr, leaving cr's state as it was.
 * Returns 0, or -1 if c is invalid, the box too small or cr in error.
 */
int bars_draw(cairo_t *cr, double x, double y, double w, double h,
		    const struct bars *c, struct err *e);

/* bars_draw as a chart_draw_fn: chart is a const struct bars *. */
int bars_draw_fn(cairo_t *cr, double x, double y, double w, double h,
		       const void *chart, struct err *e);

/* The kind as a document places it (chart.h). */
extern const struct chart_kind bars_chart;

#endif
