/*
 * dumbbell: an interval ("dumbbell") chart: an estimate and its interval per row.
 * The conventions of every chart kind are draw.h's.
 */
#ifndef PANA_REPORT_DUMBBELL_H
#define PANA_REPORT_DUMBBELL_H

#include <stddef.h>

#include <cairo.h>

#include "chart.h"
#include "draw.h"
#include "err.h"
#include "fmt.h"

/*
 * Interval chart: per row, a change delta as a disc and its interval
 * [lo, hi] as a line with end caps, a vertical line at 0, and the values
 * printed in a column right of the plot ("+0,12 [-0,05 ; 0,29]"). A NaN
 * delta reads "n.d."; a NaN bound draws the disc alone. CHART_FLAGGED rows
 * are in palette colour 1, the others in 0. No data: no row with a finite
 * delta.
 */
struct dumbbell {
	const char *title;
	const char *unit;		/* axis label, with the unit */
	size_t n;
	const char *const *labels;
	const double *delta, *lo, *hi;
	const int *flags;		/* optional, enum chart_flag */
	const char *interval_label;	/* NULL: "intervalle de confiance à 95 %" */
	const char *flag_label;		/* NULL: "signalé" */
	int decimals;
	enum fmt_lang lang;
};

/* Row i's disc of radius bar_h / 2 is centred at (f.x of delta, row centre). */
int dumbbell_layout(cairo_t *cr, double x, double y, double w,
			  double h, const struct dumbbell *p,
			  struct draw_rows_geom *g, struct err *e);
int dumbbell_draw(cairo_t *cr, double x, double y, double w, double h,
			const struct dumbbell *p, struct err *e);
int dumbbell_draw_fn(cairo_t *cr, double x, double y, double w,
			   double h, const void *plot, struct err *e);

/* The kind as a document places it (chart.h). */
extern const struct chart_kind dumbbell_chart;

#endif
