/*
 * plots: the report's charts beyond chart.h's bars — a tile-grid map of the
 * departments, a funnel plot, Lorenz curves, a heatmap, stacked level bars
 * and an interval ("dumbbell") chart — drawn with cairo into a box of a
 * cairo_t, and written to files with chart_write_png() and chart_write_svg().
 *
 * As in chart.h: units are those of the cairo_t, text is CHART_FONT set with
 * Pango, and the plot structs borrow the caller's strings and arrays for the
 * time of a call; nothing returned needs freeing. Every plots_X_draw()
 * returns 0, or -1 if the plot is invalid, its box too small or cr in error,
 * and leaves cr's state as it was; plots_X_draw_fn() is the same as a
 * chart_draw_fn, its plot a const struct plots_X *. plots_X_layout()
 * fills the geometry that plots_X_draw()
 * uses, so that callers and tests know where things are; it measures text
 * on cr and fails exactly when plots_X_draw() would.
 *
 * A plot with no data (no unit, or nothing a unit could be drawn with: say
 * every value n.d., each plot below says what) is not an error: it is drawn
 * by chart_nodata_draw(), its title over an empty frame reading "Aucune
 * donnée", and its layout is all zeros. Its input is still checked.
 *
 * Colours: categories come from chart_palette() (Okabe–Ito), continuous
 * values from plots_seq(), a sequential scale after viridis (light = low,
 * dark = high) that stays ordered for colour-blind readers and in grey.
 * Every plot has a legend, its units, round-number ticks and numbers in the
 * typography of its lang (lib/fmt.h); labels that do not fit are ellipsized
 * or dropped, never drawn over each other.
 */
#ifndef PANA_PLOTS_H
#define PANA_PLOTS_H

#include <stddef.h>

#include <cairo.h>

#include "chart.h"
#include "err.h"
#include "fmt.h"

/*
 * Returns the sequential colour at t in [0, 1] (clamped): 0 is a light
 * yellow, 1 a dark violet, after the viridis stops (van der Walt & Smith,
 * 2015) taken in reverse.
 */
struct chart_rgb plots_seq(double t);

/* A linear axis with round-number ticks lo, lo + step, ..., hi. */
struct plots_axis {
	double lo, hi, step;
	int decimals;		/* of the tick labels */
};

/*
 * The plot area of an x-y plot, in cairo units: x grows with ax, y with ay
 * (its hi at the top). Rows-based plots use only ax.
 */
struct plots_frame {
	double x, y, w, h;
	struct plots_axis ax, ay;
};

/* The cairo x coordinate of value v on f's x axis, and y on its y axis. */
double plots_frame_x(const struct plots_frame *f, double v);
double plots_frame_y(const struct plots_frame *f, double v);

/* --- Tile-grid map of the departments ------------------------------- */

/*
 * Each of the 101 departments is a square tile at a fixed cell of a
 * 13-row, 12-column grid that roughly follows the map of metropolitan
 * France (2A and 2B in the last column); the five overseas departments
 * (971 to 974, 976) are a row of insets under it, captioned with their
 * names. A department missing from the input is drawn as not available.
 *
 * The fill is the class of the value on plots_seq(): by default classes of
 * equal width with round-number bounds covering the values in scope
 * (nclasses or fewer), or one class in the middle colour, named by the
 * value, when they are all equal; with breaks, the caller's classes
 * (quantiles, say), named by class_note. Flags are enum chart_flag: CHART_FLAGGED tiles get
 * a thick black-and-white border, CHART_OUT_OF_SCOPE tiles (Alsace-Moselle
 * is outside the RNA) are hatched on white and their value ignored;
 * not-available tiles (NaN) are hatched on grey. No data: no tile with a
 * finite value in scope.
 */
#define PLOTS_MAX_CLASSES 7

struct plots_tilemap {
	const char *title;		/* NULL or "": none */
	const char *unit;		/* legend heading, with the unit */
	size_t n;
	const char *const *codes;	/* department codes, each at most once */
	const double *values;		/* NaN: not available */
	const int *flags;		/* optional, enum chart_flag per code */
	size_t nclasses;		/* 0: 5; at most PLOTS_MAX_CLASSES */
	const double *breaks;		/* optional: nclasses - 1 inner bounds */
	const char *class_note;		/* NULL: says how the classes were made */
	int decimals;			/* of the class bounds */
	const char *flag_label;		/* NULL: "signalé" */
	const char *scope_label;	/* NULL: "hors champ" */
	enum fmt_lang lang;
};

/*
 * Grid cell (r, c) is the pitch-wide square at (map_x + c * pitch,
 * map_y + r * pitch); its tile, tile wide, is centred in it. Class k holds
 * the values in [bounds[k], bounds[k + 1]) (the last one closed), drawn in
 * plots_seq(k / (nclasses - 1)), or plots_seq(0.5) for a single class.
 */
struct plots_tilemap_geom {
	double map_x, map_y, pitch, tile;
	double inset_y;			/* top of the overseas row's cells */
	double legend_x, legend_y, legend_w;
	size_t nclasses;
	double bounds[PLOTS_MAX_CLASSES + 1];
	double label_size;
};

int plots_tilemap_layout(cairo_t *cr, double x, double y, double w, double h,
			 const struct plots_tilemap *m,
			 struct plots_tilemap_geom *g, struct err *e);

/* Sets the centre of code's tile; returns 0, or -1 for an unknown code. */
int plots_tilemap_centre(const struct plots_tilemap_geom *g, const char *code,
			 double *cx, double *cy);

/* Returns the class of v, or -1 if v is NaN or infinite. */
int plots_tilemap_class(const struct plots_tilemap_geom *g, double v);

/* Returns the fill colour of class k. */
struct chart_rgb plots_tilemap_colour(const struct plots_tilemap_geom *g,
				      size_t k);

int plots_tilemap_draw(cairo_t *cr, double x, double y, double w, double h,
		       const struct plots_tilemap *m, struct err *e);
int plots_tilemap_draw_fn(cairo_t *cr, double x, double y, double w,
			  double h, const void *plot, struct err *e);

/* --- Funnel plot ------------------------------------------------------ */

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
struct plots_funnel_limits {
	double probability;		/* 0.95: 95 % of counts fall inside */
	size_t n;
	const double *expected, *lower, *upper;
};

#define PLOTS_FUNNEL_LIMITS 2

struct plots_funnel {
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
	size_t nlimits;			/* up to PLOTS_FUNNEL_LIMITS, narrowest first */
	struct plots_funnel_limits limits[PLOTS_FUNNEL_LIMITS];
	enum fmt_lang lang;
};

/* Point i is a disc of radius point_r centred at (x(E_i), y(O_i / E_i)). */
struct plots_funnel_geom {
	struct plots_frame f;
	double point_r;
};

int plots_funnel_layout(cairo_t *cr, double x, double y, double w, double h,
			const struct plots_funnel *p,
			struct plots_funnel_geom *g, struct err *e);
int plots_funnel_draw(cairo_t *cr, double x, double y, double w, double h,
		      const struct plots_funnel *p, struct err *e);
int plots_funnel_draw_fn(cairo_t *cr, double x, double y, double w, double h,
			 const void *plot, struct err *e);

/* --- Lorenz curves ---------------------------------------------------- */

/*
 * Points (F_k, L_k), k = 0..n-1, from (0, 0) to (1, 1), F and L rising. A
 * curve has no data with fewer than three points (under two units: a
 * single one is the diagonal, with nothing to compare) or when its last
 * point is not positive on both axes (shares of a total of zero: all 0,
 * or NaN).
 */
struct plots_lorenz_curve {
	const char *label;		/* "2026" */
	size_t n;
	const double *f, *l;
	double gini;			/* NaN: computed from the points */
};

/*
 * Up to two curves (the first solid in palette colour 0, the second dashed
 * in colour 3) over the diagonal of equality, in a square plot from 0 % to
 * 100 % on both axes; the legend, beside the square in a wide box or else
 * above it, gives each curve's Gini ("2026 (Gini 0,21)"), or says that the
 * curve has no data ("2025 : Aucune donnée"). No data: no curve has any.
 */
struct plots_lorenz {
	const char *title;
	const char *x_unit;		/* NULL: "part cumulée des associations" */
	const char *y_unit;		/* NULL: "part cumulée des structures" */
	size_t ncurves;			/* 1 or 2; 0: no data */
	struct plots_lorenz_curve curves[2];
	enum fmt_lang lang;
};

/* The plot area is square; both axes run from 0 to 1. */
struct plots_lorenz_geom {
	struct plots_frame f;
};

int plots_lorenz_layout(cairo_t *cr, double x, double y, double w, double h,
			const struct plots_lorenz *p,
			struct plots_lorenz_geom *g, struct err *e);
int plots_lorenz_draw(cairo_t *cr, double x, double y, double w, double h,
		      const struct plots_lorenz *p, struct err *e);
int plots_lorenz_draw_fn(cairo_t *cr, double x, double y, double w, double h,
			 const void *plot, struct err *e);

/* --- Heatmap ---------------------------------------------------------- */

/*
 * A cell per row and column, filled with plots_seq((v - lo) / (hi - lo))
 * and the value printed in it in black or white, whichever reads better.
 * NaN cells are white with "n.d."; suppressed cells are hatched with "s".
 * Row labels are ellipsized to the room left of the cells; column labels
 * are wrapped over at most three lines above their column, or set
 * vertically when a word does not fit the column. No data: no row or no
 * column, or no cell with a finite value nor suppressed.
 */
struct plots_heatmap {
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
struct plots_heatmap_geom {
	double x, y, cell_w, cell_h;
	double lo, hi;
	double label_size;
	int vertical;			/* column labels set vertically */
};

int plots_heatmap_layout(cairo_t *cr, double x, double y, double w, double h,
			 const struct plots_heatmap *p,
			 struct plots_heatmap_geom *g, struct err *e);
int plots_heatmap_draw(cairo_t *cr, double x, double y, double w, double h,
		       const struct plots_heatmap *p, struct err *e);
int plots_heatmap_draw_fn(cairo_t *cr, double x, double y, double w,
			  double h, const void *plot, struct err *e);

/* --- Rows of bars or intervals ---------------------------------------- */

/*
 * Row i is centred at y = f.y + (i + 0.5) * step, with its label left of
 * f.x; bars are bar_h high. f.ax is the value axis (f.ay is unused).
 */
struct plots_rows_geom {
	struct plots_frame f;
	double step, bar_h;
	double label_size;
};

/*
 * Stacked distribution bars: row i split into k segments of shares
 * shares[i * k + j] (summing to 1, within 0.01), in k colours of
 * plots_seq() from light (level 0) to dark, the share printed in the
 * segments wide enough for it and "n = 1 234" right of the bar. A
 * suppressed row (flag set, or n < min_n) is an empty outlined bar reading
 * "s (n < min_n)"; a row with n = 0 reads "n.d.". No data: no row, or
 * n = 0 in every row.
 */
struct plots_stacked {
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
int plots_stacked_layout(cairo_t *cr, double x, double y, double w, double h,
			 const struct plots_stacked *p,
			 struct plots_rows_geom *g, struct err *e);
int plots_stacked_draw(cairo_t *cr, double x, double y, double w, double h,
		       const struct plots_stacked *p, struct err *e);
int plots_stacked_draw_fn(cairo_t *cr, double x, double y, double w,
			  double h, const void *plot, struct err *e);

/*
 * Interval chart: per row, a change delta as a disc and its interval
 * [lo, hi] as a line with end caps, a vertical line at 0, and the values
 * printed in a column right of the plot ("+0,12 [-0,05 ; 0,29]"). A NaN
 * delta reads "n.d."; a NaN bound draws the disc alone. CHART_FLAGGED rows
 * are in palette colour 1, the others in 0. No data: no row with a finite
 * delta.
 */
struct plots_dumbbell {
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
int plots_dumbbell_layout(cairo_t *cr, double x, double y, double w,
			  double h, const struct plots_dumbbell *p,
			  struct plots_rows_geom *g, struct err *e);
int plots_dumbbell_draw(cairo_t *cr, double x, double y, double w, double h,
			const struct plots_dumbbell *p, struct err *e);
int plots_dumbbell_draw_fn(cairo_t *cr, double x, double y, double w,
			   double h, const void *plot, struct err *e);

#endif
