/*
 * lorenz: Lorenz curves of concentration, with their Gini index.
 * The conventions of every chart kind are draw.h's.
 */
#ifndef PANA_REPORT_LORENZ_H
#define PANA_REPORT_LORENZ_H

#include <stddef.h>

#include <cairo.h>

#include "chart.h"
#include "draw.h"
#include "err.h"
#include "fmt.h"

/*
 * Points (F_k, L_k), k = 0..n-1, from (0, 0) to (1, 1), F and L rising. A
 * curve has no data with fewer than three points (under two units: a
 * single one is the diagonal, with nothing to compare) or when its last
 * point is not positive on both axes (shares of a total of zero: all 0,
 * or NaN).
 */
struct lorenz_curve {
	const char *label;		/* "2026" */
	size_t n;
	const double *f, *l;
	double gini;			/* NaN: none given, none shown */
};

/*
 * Up to two curves (the first solid in palette colour 0, the second dashed
 * in colour 3) over the diagonal of equality, in a square plot from 0 % to
 * 100 % on both axes; the legend, beside the square in a wide box or else
 * above it, gives each curve's Gini ("2026 (Gini 0,21)"), or says that the
 * curve has no data ("2025 : Aucune donnée"). No data: no curve has any.
 */
struct lorenz {
	const char *title;
	const char *x_unit;		/* NULL: "part cumulée des associations" */
	const char *y_unit;		/* NULL: "part cumulée des structures" */
	size_t ncurves;			/* 1 or 2; 0: no data */
	struct lorenz_curve curves[2];
	enum fmt_lang lang;
};

/* The plot area is square; both axes run from 0 to 1. */
struct lorenz_geom {
	struct draw_frame f;
};

int lorenz_layout(cairo_t *cr, double x, double y, double w, double h,
			const struct lorenz *p,
			struct lorenz_geom *g, struct err *e);
int lorenz_draw(cairo_t *cr, double x, double y, double w, double h,
		      const struct lorenz *p, struct err *e);
int lorenz_draw_fn(cairo_t *cr, double x, double y, double w, double h,
			 const void *plot, struct err *e);

/* The kind as a document places it (chart.h). */
extern const struct chart_kind lorenz_chart;

#endif
