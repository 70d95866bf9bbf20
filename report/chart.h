/*
 * chart: statistical charts drawn with cairo into a box of a given cairo_t,
 * so that one function draws on a PDF page, a PNG and an SVG alike.
 *
 * Units are those of the cairo_t (points on a PDF page); text is set with
 * Pango in "DejaVu Sans" at sizes in those units. The chart structs only
 * borrow the caller's strings and arrays, for the time of a call; nothing
 * returned needs freeing. Colours come from the Okabe–Ito palette, which
 * readers with a colour-vision deficiency can tell apart.
 */
#ifndef PANA_CHART_H
#define PANA_CHART_H

#include <stddef.h>
#include <stdio.h>

#include <cairo.h>
#include <pango/pangocairo.h>

#include "err.h"
#include "fmt.h"

#define CHART_FONT "DejaVu Sans"

struct chart_rgb {
	double r, g, b;		/* 0..1 */
};

/*
 * Returns colour i of the palette, cycling after CHART_NCOLOURS: 0 blue
 * (the plain bar), 1 vermillion (flagged), 2 bluish green, 3 orange,
 * 4 sky blue, 5 reddish purple, 6 yellow, 7 black.
 */
#define CHART_NCOLOURS 8
struct chart_rgb chart_palette(size_t i);

/* Returns fr, or en when lang is FMT_EN: the words of a chart in its lang. */
const char *chart_tr(enum fmt_lang lang, const char *fr, const char *en);

/* A function that draws chart into the box (x, y, w, h) of cr. */
typedef int chart_draw_fn(cairo_t *cr, double x, double y, double w,
			  double h, const void *chart, struct err *e);

/*
 * A chart kind as a document places it: height gives the height of a
 * chart of the kind at width w (what it shows decides it, not the
 * caller), draw draws it into a box that high.
 */
struct chart_kind {
	chart_draw_fn *draw;
	double (*height)(const void *chart, double w);
};

enum chart_flag {
	CHART_PLAIN = 0,
	CHART_FLAGGED = 1,	/* drawn in palette colour 1, legend flag_label */
	CHART_OUT_OF_SCOPE = 2,	/* hatched stub "hors champ", value ignored */
};

/* "Aucune donnée" or "No data": what a chart or a table with nothing to
   show says. A static string. */
const char *chart_no_data(enum fmt_lang lang);

/* Where chart_nodata_draw puts its frame: the plot area left empty. */
struct chart_nodata_geom {
	double x, y, w, h;
};

/*
 * A chart with no data: its title (NULL or "": none) and, under it, the
 * rest of the box as a framed empty plot area with chart_no_data() in its
 * centre, so that the chart's place in a document or a file is kept and
 * the reader told why it is empty. Every chart kind (draw.h)
 * draws this when it has no data. Returns 0, or -1 if the box is too
 * small or cr in error; _layout fills g and fails exactly when _draw would.
 */
int chart_nodata_layout(cairo_t *cr, double x, double y, double w, double h,
			const char *title, struct chart_nodata_geom *g,
			struct err *e);
int chart_nodata_draw(cairo_t *cr, double x, double y, double w, double h,
		      const char *title, enum fmt_lang lang, struct err *e);

/* A file cairo writes into through chart_sink_write (the closure): the
   first failed write is kept in errnum and stops the writing. */
struct chart_sink {
	FILE *fp;
	int errnum;
};

cairo_status_t chart_sink_write(void *sink, const unsigned char *data, unsigned int len);
/* Flushes, syncs and closes s->fp; returns 0 or the first errno met. */
int chart_sink_close(struct chart_sink *s);

/* The blank border around a chart written to a file, in points. */
#define CHART_FILE_MARGIN 8.0

/*
 * Writes the chart drawn by draw, w_pt × h_pt points on white (the chart
 * box inset by CHART_FILE_MARGIN), to a PNG at
 * dpi_scale pixels per point (2.0 for a sharp 144 dpi), or to an SVG in
 * points. The file is written as "path.tmp", flushed, then renamed to path,
 * so readers never see half a file. Returns 0, or -1 naming the path (the
 * temporary file is removed). The same chart gives the same bytes each run.
 */
int chart_write_png(const char *path, double w_pt, double h_pt,
		    double dpi_scale, chart_draw_fn *draw, const void *chart,
		    struct err *e);
int chart_write_svg(const char *path, double w_pt, double h_pt,
		    chart_draw_fn *draw, const void *chart, struct err *e);

/*
 * Frees Pango's default font map, so that a leak checker sees a clean
 * exit. Call once, at the end, when no cairo or Pango object is alive.
 * cairo's static caches stay reachable (cairo_debug_reset_static_data()
 * asserts when a font of Pango's start-up thread is still held, which
 * happened under load); fontconfig keeps a few blocks from its start-up.
 */
void chart_fonts_release(void);

#endif
