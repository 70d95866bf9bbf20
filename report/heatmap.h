/*
 * heatmap: a heatmap of units by areas.
 * The conventions of every chart kind are draw.h's.
 */
#ifndef PANA_REPORT_HEATMAP_H
#define PANA_REPORT_HEATMAP_H

#include <stddef.h>

#include <cairo.h>

#include "chart.h"
#include "draw.h"
#include "err.h"
#include "fmt.h"

/*
 * A cell per row and column, filled with draw_seq((v - lo) / (hi - lo))
 * and the value printed in it in black or white, whichever reads better.
 * NaN cells are white with "n.d."; suppressed cells are hatched with "s".
 * Row labels are ellipsized to the room left of the cells; column labels
 * are wrapped over at most three lines above their column, or set
 * vertically when a word does not fit the column. No data: no row or no
 * column, or no cell with a finite value nor suppressed.
 */
struct heatmap {
	const char *title;
	const char *unit;		/* heading of the colour legend */
	size_t nrows, ncols;
	const char *const *row_labels;
	const char *const *col_labels;
	const double *values;		/* nrows * ncols, row-major */
	const int *suppressed;		/* optional, same shape: 1 = withheld */
	double lo, hi;			/* colour domain; NaN: the data's range */
	int decimals;
	const char *suppressed_label;	/* NULL: "s : effectif trop faible" */
	enum fmt_lang lang;
};

/* Cell (i, j) spans [x + j * cell_w, +cell_w) x [y + i * cell_h, +cell_h). */
struct heatmap_geom {
	double x, y, cell_w, cell_h;
	double lo, hi;
	double label_size;
	int vertical;			/* column labels set vertically */
};

int heatmap_layout(cairo_t *cr, double x, double y, double w, double h,
			 const struct heatmap *p,
			 struct heatmap_geom *g, struct err *e);
int heatmap_draw(cairo_t *cr, double x, double y, double w, double h,
		       const struct heatmap *p, struct err *e);
int heatmap_draw_fn(cairo_t *cr, double x, double y, double w,
			  double h, const void *plot, struct err *e);

/* The kind as a document places it (chart.h). */
extern const struct chart_kind heatmap_chart;

#endif
