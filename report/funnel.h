/*
 * funnel: a funnel plot of observed against expected counts, with control limits.
 * The conventions of every chart kind are draw.h's.
 */
#ifndef PANA_REPORT_FUNNEL_H
#define PANA_REPORT_FUNNEL_H

#include <stddef.h>

#include <cairo.h>

#include "chart.h"
#include "draw.h"
#include "err.h"
#include "fmt.h"

/*
 * Points (E_i, O_i / E_i) on linear axes from 0, a line at O/E = 1 and the
 * control limits of a Poisson(E) count divided by E, as curves over E
 * through the points pana-stats stored (coverage_funnel): the last set
 * solid, the others dashed. CHART_FLAGGED points are drawn in
 * palette colour 1 (others in 0) and, with labels, named if there is room;
 * CHART_OUT_OF_SCOPE points are not drawn. Points beyond the y axis (a
 * small E gives a large O/E) are drawn on its top edge. No data: no point
 * in scope.
 */
/* One pair of limit curves, E rising; the chart draws them as given. */
struct funnel_limits {
	double probability;		/* 0.95: 95 % of counts fall inside */
	size_t n;
	const double *expected, *lower, *upper;
};

#define FUNNEL_LIMITS 2

struct funnel {
	const char *title;
	const char *x_unit;		/* NULL: "nombre attendu (E)" */
	const char *y_unit;		/* NULL: "rapport observé / attendu" */
	size_t n;
	const double *expected;		/* E_i > 0 */
	const double *observed;		/* O_i >= 0 */
	const int *flags;		/* optional, enum chart_flag */
	const char *const *labels;	/* optional, for flagged points */
	const char *point_label;	/* NULL: "département" */
	const char *flag_label;		/* NULL: "signalé" */
	size_t nlimits;			/* up to FUNNEL_LIMITS, narrowest first */
	struct funnel_limits limits[FUNNEL_LIMITS];
	enum fmt_lang lang;
};

/* Point i is a disc of radius point_r centred at (x(E_i), y(O_i / E_i)). */
struct funnel_geom {
	struct draw_frame f;
	double point_r;
};

int funnel_layout(cairo_t *cr, double x, double y, double w, double h,
			const struct funnel *p,
			struct funnel_geom *g, struct err *e);
int funnel_draw(cairo_t *cr, double x, double y, double w, double h,
		      const struct funnel *p, struct err *e);
int funnel_draw_fn(cairo_t *cr, double x, double y, double w, double h,
			 const void *plot, struct err *e);

/* The kind as a document places it (chart.h). */
extern const struct chart_kind funnel_chart;

#endif
