#include "bars.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

#include "buf.h"
#include "draw.h"

/* The height of the chart on the page, in points, at the text width: the
   title, legend and axis, then a row per bar, up to the height that holds
   a dozen bars or more. */
#define BARS_HEIGHT 380.0
#define BARS_FRAME 90.0
#define BARS_ROW 22.0

/* Layout, in the units of the cairo_t. */
#define LABEL_SIZE 8.5		/* of the row labels, at most */
#define LABEL_MIN_SIZE 6.5	/* before they are ellipsized */
#define LABEL_SHARE 0.4		/* of the width the labels may take */
#define VALUE_MIN_SIZE 5.0	/* of the labels and values of crowded rows */
#define BAR_SHARE 0.68		/* of a row's height */
#define ROW_MIN 3.0		/* the thinnest row */
#define PLOT_MIN_W 40.0		/* the narrowest plot */
#define TICK_EVERY 60.0		/* points per tick interval, at least */
#define TICK_MOST 8		/* tick intervals, at most */
#define TICK_GAP 8.0		/* between two tick labels */
#define TEXT_OFF 3.0		/* from a bar's end to its value */
#define STUB_MIN 8.0		/* width of a not-available stub */
#define STUB_MAX 14.0
#define STUB_SHARE 0.04		/* of the plot's width */
#define GREY_ZERO 0.25		/* the zero line */

static int bars_flag(const struct bars *c, size_t i)
{
	return c->flags ? c->flags[i] : CHART_PLAIN;
}

/* A bar with a value drawn to it: in scope, finite. */
static int bars_full(const struct bars *c, size_t i)
{
	return bars_flag(c, i) != CHART_OUT_OF_SCOPE && isfinite(c->values[i]);
}

/* Everything bars_render needs besides the public geometry. */
struct bars_plan {
	struct bars_geom g;
	struct draw_legend lg;
	struct draw_axis ax;	/* the value axis: its tick labels' decimals */
	double label_right;	/* labels end there, right-aligned */
	double label_w;		/* and are ellipsized to that width */
	int label_lines;	/* on at most that many lines */
	double value_size;
	double ticks_y, unit_y;
};

/* Returns 0, 1 when c has no data, or -1. */
static int bars_check(const struct bars *c, double w, double h, struct err *e)
{
	const char *title = c->title ? c->title : "";
	size_t i;

	if (!c->n)
		return 1;
	if (!c->labels || !c->values)
		return err_set(e, "chart '%s': %zu bars but no labels or values", title, c->n);
	if (!(w > 0 && h > 0) || !isfinite(w) || !isfinite(h))
		return err_set(e, "chart '%s': empty box %g x %g", title, w, h);
	for (i = 0; i < c->n; i++)
		if (!c->labels[i])
			return err_set(e, "chart '%s': bar %zu has no label", title, i + 1);
	for (i = 0; i < c->n; i++)
		if (bars_full(c, i))
			return 0;
	return 1;	/* every bar n.d. or out of scope: no data */
}

static int too_small(const struct bars *c, double w, double h, struct err *e)
{
	return err_set(e, "chart '%s': box %.0f x %.0f too small for %zu bars",
		       c->title ? c->title : "", w, h, c->n);
}

/* The legend: flagged, out of scope, not available, the reference. */
static void bars_legend(const struct bars *c, struct draw_legend *lg)
{
	int flagged = 0, scope = 0, na = 0;
	size_t i;

	for (i = 0; i < c->n; i++) {
		flagged |= bars_flag(c, i) == CHART_FLAGGED;
		scope |= bars_flag(c, i) == CHART_OUT_OF_SCOPE;
		na |= bars_flag(c, i) != CHART_OUT_OF_SCOPE && !isfinite(c->values[i]);
	}
	draw_legend_init(lg);
	if (flagged)
		draw_legend_add(lg, DRAW_SW_FILL, chart_palette(1), draw_or_default(
			c->flag_label, chart_tr(c->lang, "signalé", "flagged")));
	if (scope)
		draw_legend_add(lg, DRAW_SW_SCOPE, draw_rgb_grey(0), draw_or_default(
			c->scope_label, chart_tr(c->lang, "hors champ", "out of scope")));
	if (na)
		draw_legend_add(lg, DRAW_SW_BLANK, draw_rgb_grey(0), chart_tr(c->lang,
				"n.d.\xc2\xa0: non disponible", "n/a: not available"));
	if (isfinite(c->reference))
		draw_legend_add(lg, DRAW_SW_DASH, draw_rgb_grey(0), draw_or_default(
			c->reference_label, chart_tr(c->lang, "référence", "reference")));
}

/* The text printed after bar i, in the scratch. */
static const char *value_text(struct draw_ink *k, const struct bars *c, size_t i)
{
	buf_reset(&k->s);
	if (bars_flag(c, i) == CHART_OUT_OF_SCOPE)
		buf_addstr(&k->s, draw_or_default(c->scope_label,
						  chart_tr(c->lang, "hors champ", "out of scope")));
	else if (!isfinite(c->values[i]))
		buf_addstr(&k->s, chart_tr(c->lang, "n.d.", "n/a"));
	else
		fmt_num(&k->s, c->values[i], c->decimals, c->lang);
	return k->s.data;
}

static double widest_label(struct draw_ink *k, const struct bars *c, double size)
{
	double m = 0;
	size_t i;

	for (i = 0; i < c->n; i++)
		m = fmax(m, draw_ink_width(k, c->labels[i], size, 0));
	return m;
}

/*
 * Labels take at most LABEL_SHARE of the width: they wrap on two lines when
 * the rows are tall enough, else shrink, and are ellipsized past that.
 */
static void bars_labels_fit(struct draw_ink *k, const struct bars *c, struct bars_plan *q,
			    double x, double w)
{
	struct bars_geom *g = &q->g;
	double size = fmax(fmin(g->step * 0.8, LABEL_SIZE), VALUE_MIN_SIZE);
	double lmax, lw = LABEL_SHARE * w;

	q->label_lines = g->step >= 2 * draw_line_h(k, size) + 2 ? 2 : 1;
	lmax = widest_label(k, c, size);
	if (lmax > lw && q->label_lines == 1 && size > LABEL_MIN_SIZE) {
		size = fmax(size * lw / lmax, LABEL_MIN_SIZE);
		lmax = widest_label(k, c, size);
	}
	g->label_size = size;
	q->label_w = fmin(lmax, lw);
	q->label_right = x + q->label_w;
}

/*
 * The room for the texts printed beyond the bar ends (left of negative
 * bars, right of the others) and the range of the values in scope, the
 * reference and 0.
 */
static void bars_room(struct draw_ink *k, const struct bars *c, struct bars_plan *q,
		      double *left, double *right, double *vmin, double *vmax)
{
	size_t i;

	q->value_size = fmax(fmin(q->g.step * 0.8, DRAW_SZ_TEXT), VALUE_MIN_SIZE);
	*left = *right = *vmin = *vmax = 0;
	for (i = 0; i < c->n; i++) {
		double v = c->values[i];
		double tw = draw_ink_width(k, value_text(k, c, i), q->value_size, 0) + 4;

		if (bars_full(c, i) && v < 0)
			*left = fmax(*left, tw);
		else
			*right = fmax(*right, tw);
		if (!bars_full(c, i))
			continue;
		*vmin = fmin(*vmin, v);
		*vmax = fmax(*vmax, v);
	}
	if (isfinite(c->reference)) {
		*vmin = fmin(*vmin, c->reference);
		*vmax = fmax(*vmax, c->reference);
	}
	if (*vmax - *vmin <= 0)
		*vmax = *vmin + 1;
	/* Stubs (n.d., hors champ) sit right of zero, before their text. */
	*right += STUB_MAX;
}

/*
 * The value axis: the smallest round step with at most as many intervals
 * as the width allows and room between the tick labels, tight around the
 * data; the plot ends where the last tick label or the values fit.
 */
static void bars_axis_fit(struct draw_ink *k, struct bars_plan *q, double vmin, double vmax,
			  double plot_left, double right, double x, double w)
{
	struct bars_geom *g = &q->g;
	int most = (int)(w / TICK_EVERY);
	double widest, last = 0;

	most = most < 2 ? 2 : most > TICK_MOST ? TICK_MOST : most;
	for (; most >= 1; most--) {
		long intervals;

		draw_axis_round(&q->ax, vmin, vmax, most);
		intervals = draw_axis_intervals(&q->ax);
		widest = draw_tick_room(k, &q->ax, 0, 0, &last);
		g->plot_x = plot_left;
		g->plot_w = x + w - fmax(right, last / 2 + 2) - g->plot_x;
		/* Two intervals are the fewest when the domain spans 0. */
		if (intervals <= 2 || g->plot_w / (double)intervals >= widest + TICK_GAP)
			break;
	}
	g->xmin = q->ax.lo;
	g->xmax = q->ax.hi;
	g->tick_step = q->ax.step;
}

/* Vertical: title and legend, rows, tick labels, the unit. */
static int bars_rows_fit(struct draw_ink *k, const struct bars *c, struct bars_plan *q,
			 double y, double w, double h)
{
	struct bars_geom *g = &q->g;
	double row_h = draw_line_h(k, DRAW_SZ_TEXT);
	double unit_h = c->unit && *c->unit ? row_h : 0;
	double bottom = y + h - unit_h - (unit_h > 0 ? 2 : 0);

	q->unit_y = bottom;
	bottom -= row_h + 3;
	q->ticks_y = bottom + 3;
	g->plot_y = draw_head_room(k, c->title, &q->lg, y, w);
	g->plot_h = bottom - g->plot_y;
	g->step = g->plot_h / (double)c->n;
	g->bar_h = g->step * BAR_SHARE;
	return g->step < ROW_MIN ? -1 : 0;
}

static int bars_plan(struct draw_ink *k, double x, double y, double w, double h,
		     const void *plot, void *plan, struct err *e)
{
	const struct bars *c = plot;
	struct bars_plan *q = plan;
	struct bars_geom *g = &q->g;
	double left, right, vmin, vmax;
	int rc;

	memset(q, 0, sizeof(*q));
	if ((rc = bars_check(c, w, h, e)))
		return rc;
	bars_legend(c, &q->lg);
	if (bars_rows_fit(k, c, q, y, w, h))
		goto too_small;
	bars_labels_fit(k, c, q, x, w);
	bars_room(k, c, q, &left, &right, &vmin, &vmax);
	bars_axis_fit(k, q, vmin, vmax, q->label_right + 6 + left, right, x, w);
	if (g->plot_w < PLOT_MIN_W)
		goto too_small;
	g->stub_w = fmin(fmax(g->plot_w * STUB_SHARE, STUB_MIN), STUB_MAX);
	return 0;
too_small:
	draw_legend_release(&q->lg);
	return too_small(c, w, h, e);
}

double bars_xpos(const struct bars_geom *g, double v)
{
	return g->plot_x + (v - g->xmin) / (g->xmax - g->xmin) * g->plot_w;
}

/* A not-available stub (an outlined white box) or an out-of-scope one
   (hatched), as their legend swatches. */
static void bars_stub(cairo_t *cr, int scope, double x, double y, double w, double h)
{
	cairo_save(cr);
	if (scope)
		draw_hatch_box(cr, x, y, w, h, 1, 0.45, 2.5);
	draw_grey(cr, scope ? 0.45 : 0.5);
	cairo_set_line_width(cr, 0.6);
	cairo_rectangle(cr, x + 0.3, y + 0.3, w - 0.6, h - 0.6);
	cairo_stroke(cr);
	cairo_restore(cr);
}

static void bars_bars(cairo_t *cr, const struct bars *c, const struct bars_geom *g)
{
	double x0 = bars_xpos(g, 0);
	size_t i;

	for (i = 0; i < c->n; i++) {
		double v = c->values[i], end = bars_xpos(g, v);
		double by = g->plot_y + ((double)i + 0.5) * g->step - g->bar_h / 2;

		if (!bars_full(c, i)) {
			bars_stub(cr, bars_flag(c, i) == CHART_OUT_OF_SCOPE, x0, by, g->stub_w,
				  g->bar_h);
			continue;
		}
		draw_paint(cr, chart_palette(bars_flag(c, i) == CHART_FLAGGED ? 1 : 0));
		cairo_rectangle(cr, v < 0 ? end : x0, by, fabs(end - x0), g->bar_h);
		cairo_fill(cr);
	}
}

/* The text set last, on a white patch that keeps it legible over lines,
   its (ha, 0.5) point at (x, cy). */
static void show_on_white(struct draw_ink *k, double x, double ha, double cy)
{
	cairo_set_source_rgb(k->cr, 1, 1, 1);
	cairo_rectangle(k->cr, x - ha * k->w - 1, cy - k->h / 2 + 1, k->w + 2, k->h - 2);
	cairo_fill(k->cr);
	draw_grey(k->cr, DRAW_GREY_INK);
	draw_ink_show(k, x, cy, ha, 0.5);
}

/* The labels, and the values at the bar ends. */
static void bars_texts(struct draw_ink *k, const struct bars *c, const struct bars_plan *q)
{
	const struct bars_geom *g = &q->g;
	double x0 = bars_xpos(g, 0);
	size_t i;

	for (i = 0; i < c->n; i++) {
		double v = c->values[i], cy = g->plot_y + ((double)i + 0.5) * g->step;
		double end = bars_full(c, i) ? bars_xpos(g, v) : x0 + g->stub_w;
		int neg = bars_full(c, i) && v < 0;

		draw_ink_set(k, value_text(k, c, i), q->value_size, 0, 0, 0, 0);
		show_on_white(k, neg ? end - TEXT_OFF : end + TEXT_OFF, neg ? 1 : 0, cy);
		/* Half a point of slack, so that the widest label stays whole. */
		draw_ink_set(k, c->labels[i], g->label_size, 0, q->label_w + 0.5,
			     q->label_lines, 1);
		draw_grey(k->cr, 0.1);
		draw_ink_show(k, q->label_right, cy, 1, 0.5);
	}
}

/* The zero line over the bars, and the reference line. */
static void bars_lines(cairo_t *cr, const struct bars *c, const struct bars_geom *g)
{
	static const double dash[] = { 4.0, 2.5 };

	draw_grey(cr, GREY_ZERO);
	cairo_set_line_width(cr, 0.8);
	cairo_move_to(cr, bars_xpos(g, 0), g->plot_y);
	cairo_line_to(cr, bars_xpos(g, 0), g->plot_y + g->plot_h);
	cairo_stroke(cr);
	if (!isfinite(c->reference))
		return;
	cairo_save(cr);
	draw_grey(cr, 0);
	cairo_set_line_width(cr, 1.2);
	cairo_set_dash(cr, dash, 2, 0);
	cairo_move_to(cr, bars_xpos(g, c->reference), g->plot_y - 2);
	cairo_line_to(cr, bars_xpos(g, c->reference), g->plot_y + g->plot_h);
	cairo_stroke(cr);
	cairo_restore(cr);
}

static void bars_render(struct draw_ink *k, const void *plot, const void *plan,
			double x, double y, double w)
{
	const struct bars *c = plot;
	const struct bars_plan *q = plan;
	const struct bars_geom *g = &q->g;
	struct draw_frame f = { g->plot_x, g->plot_y, g->plot_w, g->plot_h, q->ax, q->ax };

	draw_head_draw(k, c->title, &q->lg, x, y, w);
	draw_frame_grid(k->cr, &f, 1, 0);
	bars_bars(k->cr, c, g);
	draw_frame_xlabels(k, &f, q->ticks_y, 0, c->unit);
	bars_lines(k->cr, c, g);
	bars_texts(k, c, q);
}

_Static_assert(offsetof(struct bars_plan, g) == 0, "geometry first in a plan");

static const struct draw_kind bars_kind = {
	"chart", bars_plan, bars_render,
	offsetof(struct bars_plan, lg), sizeof(struct bars_geom),
};

int bars_layout(cairo_t *cr, double x, double y, double w, double h,
		const struct bars *c, struct bars_geom *g, struct err *e)
{
	struct bars_plan u;

	return draw_kind_layout(&bars_kind, cr, x, y, w, h, c, c->title, c->lang, &u, g, e);
}

int bars_draw(cairo_t *cr, double x, double y, double w, double h,
	      const struct bars *c, struct err *e)
{
	struct bars_plan u;

	return draw_kind_draw(&bars_kind, cr, x, y, w, h, c, c->title, c->lang, &u, e);
}

int bars_draw_fn(cairo_t *cr, double x, double y, double w, double h,
		 const void *chart, struct err *e)
{
	return bars_draw(cr, x, y, w, h, chart, e);
}

static double bars_height(const void *chart, double w)
{
	const struct bars *b = chart;

	(void)w;
	return fmin(BARS_HEIGHT, BARS_FRAME + BARS_ROW * (double)b->n);
}

const struct chart_kind bars_chart = { bars_draw_fn, bars_height };
