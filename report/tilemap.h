/*
 * tilemap: a tile-grid map of the departments, coloured by class.
 * The conventions of every chart kind are draw.h's.
 */
#ifndef PANA_REPORT_TILEMAP_H
#define PANA_REPORT_TILEMAP_H

#include <stddef.h>

#include <cairo.h>

#include "chart.h"
#include "draw.h"
#include "err.h"
#include "fmt.h"

/*
 * Each of the 101 departments is a square tile at a fixed cell of a
 * 13-row, 12-column grid that roughly follows the map of metropolitan
 * France (2A and 2B in the last column); the five overseas departments
 * (971 to 974, 976) are a row of insets under it, captioned with their
 * names. A department missing from the input is drawn as not available.
 *
 * The fill is the class of the value on draw_seq(): by default classes of
 * equal width with round-number bounds covering the values in scope
 * (nclasses or fewer), or one class in the middle colour, named by the
 * value, when they are all equal; with breaks, the caller's classes
 * (quantiles, say), named by class_note. Flags are enum chart_flag: CHART_FLAGGED tiles get
 * a thick black-and-white border, CHART_OUT_OF_SCOPE tiles (Alsace-Moselle
 * is outside the RNA) are hatched on white and their value ignored;
 * not-available tiles (NaN) are hatched on grey. No data: no tile with a
 * finite value in scope.
 */
#define TILEMAP_MAX_CLASSES DRAW_MAX_CLASSES

struct tilemap {
	const char *title;		/* NULL or "": none */
	const char *unit;		/* legend heading, with the unit */
	size_t n;
	const char *const *codes;	/* department codes, each at most once */
	const double *values;		/* NaN: not available */
	const int *flags;		/* optional, enum chart_flag per code */
	size_t nclasses;		/* 0: 5; at most TILEMAP_MAX_CLASSES */
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
 * draw_seq(k / (nclasses - 1)), or draw_seq(0.5) for a single class.
 */
struct tilemap_geom {
	double map_x, map_y, pitch, tile;
	double inset_y;			/* top of the overseas row's cells */
	double legend_x, legend_y, legend_w;
	size_t nclasses;
	double bounds[TILEMAP_MAX_CLASSES + 1];
	double label_size;
};

int tilemap_layout(cairo_t *cr, double x, double y, double w, double h,
			 const struct tilemap *m,
			 struct tilemap_geom *g, struct err *e);

/* Sets the centre of code's tile; returns 0, or -1 for an unknown code. */
int tilemap_centre(const struct tilemap_geom *g, const char *code,
			 double *cx, double *cy);

/* Returns the class of v, or -1 if v is NaN or infinite. */
int tilemap_class(const struct tilemap_geom *g, double v);

/* Returns the fill colour of class k. */
struct chart_rgb tilemap_colour(const struct tilemap_geom *g,
				      size_t k);

int tilemap_draw(cairo_t *cr, double x, double y, double w, double h,
		       const struct tilemap *m, struct err *e);
int tilemap_draw_fn(cairo_t *cr, double x, double y, double w,
			  double h, const void *plot, struct err *e);

/* The kind as a document places it (chart.h). */
extern const struct chart_kind tilemap_chart;

#endif
