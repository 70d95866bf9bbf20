/*
 * stacked: stacked bars of the distribution of levels, one row per unit.
 * The conventions of every chart kind are draw.h's.
 */
#ifndef PANA_REPORT_STACKED_H
#define PANA_REPORT_STACKED_H

#include <stddef.h>

#include <cairo.h>

#include "chart.h"
#include "draw.h"
#include "err.h"
#include "fmt.h"

/*
 * Stacked distribution bars: row i split into k segments of shares
 * shares[i * k + j] (summing to 1, within 0.01), in k colours of
 * draw_seq() from light (level 0) to dark, the share printed in the
 * segments wide enough for it and "n = 1 234" right of the bar. A
 * suppressed row (flag set, or n < min_n) is an empty outlined bar reading
 * "s (n < min_n)"; a row with n = 0 reads "n.d.". No data: no row, or
 * n = 0 in every row.
 */
struct stacked {
	const char *title;
	const char *unit;		/* NULL: "part des répondants" */
	size_t nrows, k;
	const char *const *row_labels;
	const char *const *level_labels;	/* k */
	const double *shares;		/* nrows * k, row-major */
	const long *n;			/* per row */
	const int *suppressed;		/* optional, per row */
	long min_n;			/* the disclosure threshold */
	enum fmt_lang lang;
};

/* f.ax runs from 0 to 1; segment j of row i starts at the sum of shares. */
int stacked_layout(cairo_t *cr, double x, double y, double w, double h,
			 const struct stacked *p,
			 struct draw_rows_geom *g, struct err *e);
int stacked_draw(cairo_t *cr, double x, double y, double w, double h,
		       const struct stacked *p, struct err *e);
int stacked_draw_fn(cairo_t *cr, double x, double y, double w,
			  double h, const void *plot, struct err *e);

/* The kind as a document places it (chart.h). */
extern const struct chart_kind stacked_chart;

#endif
