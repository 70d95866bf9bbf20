#include "bars.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <pango/pangocairo.h>

#include "buf.h"

/* The height of the chart on the page, in points, at the text width: for a dozen bars. */
#define BARS_HEIGHT 380.0

static void set_rgb(cairo_t *cr, struct chart_rgb c)
{
	cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

/* Text sizes, in the units of the cairo_t. */
#define TITLE_SIZE 10.0
#define TEXT_SIZE 8.0
#define LABEL_SIZE 8.5
#define LABEL_MIN_SIZE 6.5
#define GREY_TEXT 0.2

/*
 * Returns the smallest "nice number" (1, 2, 2.5 or 5 times a power of ten,
 * after Heckbert, Graphics Gems, 1990) not below x > 0.
 */
static double nice_ceil(double x)
{
	double ex = floor(log10(x));
	double f = x / pow(10.0, ex) * (1 - 1e-9);
	double nf = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;

	return nf * pow(10.0, ex);
}

/* Returns the number of decimals needed to print multiples of step. */
static int step_decimals(double step)
{
	int d;

	for (d = 0; d < 6; d++) {
		double s = step * pow(10.0, d);

		if (fabs(s - round(s)) < 1e-6 * s)
			return d;
	}
	return d;
}

static int flag_of(const struct bars *c, size_t i)
{
	return c->flags ? c->flags[i] : CHART_PLAIN;
}

enum legend_kind { LEG_FLAGGED, LEG_SCOPE, LEG_NA, LEG_REF, LEG_N };

/* Everything bars_draw needs besides the public geometry. */
struct bars_plan {
	struct bars_geom g;
	double x, y, w, h;
	double title_h;
	double legend_y, legend_h;
	const char *legend_text[LEG_N];	/* NULL when the entry is absent */
	double legend_w[LEG_N];
	double label_right;	/* labels end there, right-aligned */
	double label_w;		/* and are ellipsized to that width */
	int label_lines;	/* on at most that many lines */
	double value_size;
	int tick_decimals;
	double ticks_y, unit_y;
};

#define SWATCH_W 14.0
#define SWATCH_H 8.0
#define LEGEND_GAP 12.0

/* Lays the legend entries out in rows of width w; returns their height. */
static double legend_flow(const struct bars_plan *p, double w, double row_h,
			  double *xs, double *ys)
{
	double cx = 0, cy = 0;
	int k, any = 0;

	for (k = 0; k < LEG_N; k++) {
		double iw;

		if (!p->legend_text[k])
			continue;
		iw = SWATCH_W + 4 + p->legend_w[k];
		if (any && cx + iw > w) {
			cx = 0;
			cy += row_h + 2;
		}
		if (xs)
			xs[k] = cx;
		if (ys)
			ys[k] = cy;
		cx += iw + LEGEND_GAP;
		any = 1;
	}
	return any ? cy + row_h : 0;
}

static double label_max_width(cairo_t *cr, const struct bars *c,
			      double size)
{
	double m = 0;
	size_t i;

	for (i = 0; i < c->n; i++) {
		double tw = chart_text_width(cr, c->labels[i], size, 0);

		if (tw > m)
			m = tw;
	}
	return m;
}

/* Formats the text printed after bar i into t. */
static void value_text(const struct bars *c, size_t i, struct buf *t)
{
	buf_reset(t);
	if (flag_of(c, i) == CHART_OUT_OF_SCOPE)
		buf_addstr(t, chart_tr(c->lang, "hors champ", "out of scope"));
	else if (!isfinite(c->values[i]))
		buf_addstr(t, chart_tr(c->lang, "n.d.", "n/a"));
	else
		fmt_num(t, c->values[i], c->decimals, c->lang);
}

/* Sets the axis domain for a tick step: whole steps around [vmin, vmax]. */
static long set_domain(struct bars_geom *g, double vmin, double vmax,
		       double step)
{
	g->tick_step = step;
	g->xmin = floor(vmin / step + 1e-9) * step;
	g->xmax = ceil(vmax / step - 1e-9) * step;
	return lround((g->xmax - g->xmin) / step);
}

/* Returns the width of the widest tick label, and of the last one. */
static double tick_widths(cairo_t *cr, const struct bars *c,
			  const struct bars_geom *g, int decimals,
			  double *last)
{
	struct buf t = BUF_INIT;
	long k, n = lround((g->xmax - g->xmin) / g->tick_step);
	double m = 0, tw = 0;

	for (k = 0; k <= n; k++) {
		buf_reset(&t);
		fmt_num(&t, g->xmin + (double)k * g->tick_step, decimals,
			c->lang);
		tw = chart_text_width(cr, t.data, TEXT_SIZE, 0);
		m = tw > m ? tw : m;
	}
	buf_release(&t);
	*last = tw;
	return m;
}

/* Returns 0, 1 when c has no data (p is then all zeros), or -1. */
static int plan_bars(cairo_t *cr, double x, double y, double w, double h,
		     const struct bars *c, struct bars_plan *p,
		     struct err *e)
{
	struct bars_geom *g = &p->g;
	struct buf t = BUF_INIT;
	double vmin = 0, vmax = 0, top, bottom, lmax, lw, size, line_h;
	double left_pad = 0, right_pad = 0, row_h, unit_h, step;
	double widest, last_w, plot_left;
	const char *title = c->title ? c->title : "";
	size_t i;
	long intervals, nticks;
	int k;

	memset(p, 0, sizeof(*p));
	if (!c->n)
		return 1;
	if (!c->labels || !c->values)
		return err_set(e, "chart '%s': %zu bars but no labels or values",
			       title, c->n);
	if (!(w > 0 && h > 0) || !isfinite(w) || !isfinite(h))
		return err_set(e, "chart '%s': empty box %g x %g", title, w, h);
	for (i = 0; i < c->n; i++)
		if (!c->labels[i])
			return err_set(e, "chart '%s': bar %zu has no label",
				       title, i + 1);
	for (i = 0; i < c->n; i++)
		if (flag_of(c, i) != CHART_OUT_OF_SCOPE && isfinite(c->values[i]))
			break;
	if (i == c->n)
		return 1;	/* every bar n.d. or out of scope: no data */
	p->x = x;
	p->y = y;
	p->w = w;
	p->h = h;

	/* Vertical: title, legend, plot, tick labels, axis label. */
	top = y;
	if (*title) {
		PangoLayout *l = chart_text_new(cr, title, TITLE_SIZE, 1);

		pango_layout_set_width(l, (int)(w * PANGO_SCALE));
		pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
		chart_text_extent(l, NULL, &p->title_h);
		g_object_unref(l);
		top += p->title_h + 6;
	}
	for (i = 0; i < c->n; i++) {
		int f = flag_of(c, i);

		if (f == CHART_FLAGGED)
			p->legend_text[LEG_FLAGGED] = c->flag_label ? c->flag_label
				: chart_tr(c->lang, "signalé", "flagged");
		else if (f == CHART_OUT_OF_SCOPE)
			p->legend_text[LEG_SCOPE] =
				chart_tr(c->lang, "hors champ", "out of scope");
		else if (!isfinite(c->values[i]))
			p->legend_text[LEG_NA] = chart_tr(c->lang,
				"n.d.\xc2\xa0: non disponible", "n/a: not available");
	}
	if (isfinite(c->reference))
		p->legend_text[LEG_REF] = c->reference_label ? c->reference_label
			: chart_tr(c->lang, "référence", "reference");
	row_h = chart_text_height(cr, "Ag", TEXT_SIZE, 0);
	for (k = 0; k < LEG_N; k++)
		if (p->legend_text[k])
			p->legend_w[k] = chart_text_width(cr, p->legend_text[k],
						    TEXT_SIZE, 0);
	p->legend_y = top;
	p->legend_h = legend_flow(p, w, row_h, NULL, NULL);
	if (p->legend_h > 0)
		top += p->legend_h + 6;
	unit_h = c->unit && *c->unit ? row_h : 0;
	bottom = y + h - unit_h - (unit_h > 0 ? 2 : 0);
	p->unit_y = bottom;
	bottom -= row_h + 3;
	p->ticks_y = bottom + 3;
	g->plot_y = top;
	g->plot_h = bottom - top;
	g->step = g->plot_h / (double)c->n;
	g->bar_h = g->step * 0.68;
	if (g->step < 3)
		return err_set(e, "chart '%s': box %.0f x %.0f too small for "
			       "%zu bars", title, w, h, c->n);

	/*
	 * Labels take at most 40 % of the width: they wrap on two lines when
	 * the rows are tall enough, else shrink, and are ellipsized past that.
	 */
	size = g->step * 0.8 < LABEL_SIZE ? g->step * 0.8 : LABEL_SIZE;
	size = size < 5 ? 5 : size;
	line_h = chart_text_height(cr, "Ag", size, 0);
	p->label_lines = g->step >= 2 * line_h + 2 ? 2 : 1;
	lmax = label_max_width(cr, c, size);
	lw = 0.4 * w;
	if (lmax > lw && p->label_lines == 1 && size > LABEL_MIN_SIZE) {
		double s2 = size * lw / lmax;

		size = s2 < LABEL_MIN_SIZE ? LABEL_MIN_SIZE : s2;
		lmax = label_max_width(cr, c, size);
	}
	g->label_size = size;
	p->label_w = lmax < lw ? lmax : lw;
	p->label_right = x + p->label_w;

	/* Room for the texts printed beyond the bar ends. */
	p->value_size = g->step * 0.8 < TEXT_SIZE ? g->step * 0.8 : TEXT_SIZE;
	p->value_size = p->value_size < 5 ? 5 : p->value_size;
	for (i = 0; i < c->n; i++) {
		double v = c->values[i], tw;

		value_text(c, i, &t);
		tw = chart_text_width(cr, t.data, p->value_size, 0) + 4;
		if (flag_of(c, i) != CHART_OUT_OF_SCOPE && isfinite(v) && v < 0)
			left_pad = tw > left_pad ? tw : left_pad;
		else
			right_pad = tw > right_pad ? tw : right_pad;
		if (flag_of(c, i) == CHART_OUT_OF_SCOPE || !isfinite(v))
			continue;
		vmin = v < vmin ? v : vmin;
		vmax = v > vmax ? v : vmax;
	}
	buf_release(&t);
	/* Stubs (n.d., hors champ) sit right of zero, before their text. */
	g->stub_w = 14;
	right_pad += g->stub_w;
	plot_left = p->label_right + 6 + left_pad;

	/* Domain: 0, the values in scope and the reference. */
	if (isfinite(c->reference)) {
		vmin = c->reference < vmin ? c->reference : vmin;
		vmax = c->reference > vmax ? c->reference : vmax;
	}
	if (vmax - vmin <= 0)
		vmax = vmin + 1;
	/*
	 * The smallest nice step that needs at most nticks intervals, and
	 * leaves room between the tick labels: tight around the data.
	 */
	nticks = (long)(w / 60);
	nticks = nticks < 2 ? 2 : nticks > 8 ? 8 : nticks;
	step = nice_ceil((vmax - vmin) / (double)nticks);
	for (k = 0;; k++) {
		double rp = right_pad;

		intervals = set_domain(g, vmin, vmax, step);
		p->tick_decimals = step_decimals(step);
		widest = tick_widths(cr, c, g, p->tick_decimals, &last_w);
		if (rp < last_w / 2 + 2)
			rp = last_w / 2 + 2;
		g->plot_x = plot_left;
		g->plot_w = x + w - rp - g->plot_x;
		/* Two intervals are the fewest when the domain spans 0. */
		if ((intervals <= nticks && (intervals <= 2 ||
		     g->plot_w / (double)intervals >= widest + 8)) || k > 100)
			break;
		step = nice_ceil(step * 1.01);
	}
	if (g->plot_w < 40)
		return err_set(e, "chart '%s': box %.0f x %.0f too small for "
			       "%zu bars", title, w, h, c->n);
	g->stub_w = g->plot_w * 0.04 < 8 ? 8 : g->plot_w * 0.04 > 14 ? 14
		: g->plot_w * 0.04;
	return 0;
}

double bars_xpos(const struct bars_geom *g, double v)
{
	return g->plot_x + (v - g->xmin) / (g->xmax - g->xmin) * g->plot_w;
}

int bars_layout(cairo_t *cr, double x, double y, double w, double h,
		      const struct bars *c, struct bars_geom *g,
		      struct err *e)
{
	struct bars_plan p;
	int rc = plan_bars(cr, x, y, w, h, c, &p, e);

	if (rc == 1) {
		struct chart_nodata_geom ng;

		/* Fails where bars_draw would. */
		if (chart_nodata_layout(cr, x, y, w, h, c->title, &ng, e))
			return -1;
		memset(g, 0, sizeof(*g));
		return 0;
	}
	if (rc)
		return -1;
	*g = p.g;
	return 0;
}

static void hatch(cairo_t *cr, double x, double y, double w, double h)
{
	double t;

	cairo_save(cr);
	cairo_rectangle(cr, x, y, w, h);
	cairo_clip(cr);
	cairo_set_source_rgb(cr, 0.45, 0.45, 0.45);
	cairo_set_line_width(cr, 0.7);
	for (t = -h; t < w; t += 3.5) {
		cairo_move_to(cr, x + t, y + h);
		cairo_line_to(cr, x + t + h, y);
	}
	cairo_stroke(cr);
	cairo_restore(cr);
	cairo_set_source_rgb(cr, 0.45, 0.45, 0.45);
	cairo_set_line_width(cr, 0.7);
	cairo_rectangle(cr, x, y, w, h);
	cairo_stroke(cr);
}

static void na_box(cairo_t *cr, double x, double y, double w, double h)
{
	static const double dash[] = { 2.0, 1.5 };

	cairo_save(cr);
	cairo_set_source_rgb(cr, 0.4, 0.4, 0.4);
	cairo_set_line_width(cr, 0.7);
	cairo_set_dash(cr, dash, 2, 0);
	cairo_rectangle(cr, x, y, w, h);
	cairo_stroke(cr);
	cairo_restore(cr);
}

static void ref_line(cairo_t *cr, double x, double y0, double y1)
{
	static const double dash[] = { 4.0, 2.5 };

	cairo_save(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_set_line_width(cr, 1.2);
	cairo_set_dash(cr, dash, 2, 0);
	cairo_move_to(cr, x, y0);
	cairo_line_to(cr, x, y1);
	cairo_stroke(cr);
	cairo_restore(cr);
}

static void draw_legend(cairo_t *cr, const struct bars_plan *p)
{
	double xs[LEG_N], ys[LEG_N], row_h;
	int k;

	row_h = chart_text_height(cr, "Ag", TEXT_SIZE, 0);
	legend_flow(p, p->w, row_h, xs, ys);
	for (k = 0; k < LEG_N; k++) {
		double lx, cy;

		if (!p->legend_text[k])
			continue;
		lx = p->x + xs[k];
		cy = p->legend_y + ys[k] + row_h / 2;
		switch (k) {
		case LEG_FLAGGED:
			set_rgb(cr, chart_palette(1));
			cairo_rectangle(cr, lx, cy - SWATCH_H / 2, SWATCH_W,
					SWATCH_H);
			cairo_fill(cr);
			break;
		case LEG_SCOPE:
			hatch(cr, lx, cy - SWATCH_H / 2, SWATCH_W, SWATCH_H);
			break;
		case LEG_NA:
			na_box(cr, lx, cy - SWATCH_H / 2, SWATCH_W, SWATCH_H);
			break;
		case LEG_REF:
			cairo_save(cr);
			cairo_translate(cr, lx + SWATCH_W / 2, 0);
			ref_line(cr, 0, cy - SWATCH_H / 2 - 1,
				 cy + SWATCH_H / 2 + 1);
			cairo_restore(cr);
			break;
		}
		cairo_set_source_rgb(cr, GREY_TEXT, GREY_TEXT, GREY_TEXT);
		chart_text_at(cr, p->legend_text[k], TEXT_SIZE, 0, lx + SWATCH_W + 4,
			0, cy);
	}
}

static void draw_label(cairo_t *cr, const struct bars_plan *p,
		       const char *s, double cy)
{
	PangoLayout *l = chart_text_new(cr, s, p->g.label_size, 0);
	double th;

	/* Half a point of slack, so that the widest label stays whole. */
	pango_layout_set_width(l, (int)((p->label_w + 0.5) * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_height(l, -p->label_lines);
	pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
	pango_layout_set_alignment(l, PANGO_ALIGN_RIGHT);
	chart_text_extent(l, NULL, &th);
	chart_text_show(cr, l, p->label_right - p->label_w - 0.5, cy - th / 2);
	g_object_unref(l);
}

/* Draws s like text_at, on a white patch that keeps it legible over lines. */
static void text_on_white(cairo_t *cr, const char *s, double size, double x,
			  double halign, double cy)
{
	PangoLayout *l = chart_text_new(cr, s, size, 0);
	double w, h;

	chart_text_extent(l, &w, &h);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_rectangle(cr, x - halign * w - 1, cy - h / 2 + 1, w + 2, h - 2);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, GREY_TEXT, GREY_TEXT, GREY_TEXT);
	chart_text_show(cr, l, x - halign * w, cy - h / 2);
	g_object_unref(l);
}

/* Draws the bars (texts == 0), or their labels and values (texts == 1). */
static void draw_bars(cairo_t *cr, const struct bars *c,
		      const struct bars_plan *p, int texts)
{
	const struct bars_geom *g = &p->g;
	struct buf t = BUF_INIT;
	double x0 = bars_xpos(g, 0);
	size_t i;

	for (i = 0; i < c->n; i++) {
		double v = c->values[i];
		double cy = g->plot_y + ((double)i + 0.5) * g->step;
		double by = cy - g->bar_h / 2;
		double end = bars_xpos(g, v);
		int f = flag_of(c, i);

		if (f == CHART_OUT_OF_SCOPE || !isfinite(v))
			end = x0 + g->stub_w;
		if (texts) {
			value_text(c, i, &t);
			if (f != CHART_OUT_OF_SCOPE && isfinite(v) && v < 0)
				text_on_white(cr, t.data, p->value_size,
					      end - 3, 1, cy);
			else
				text_on_white(cr, t.data, p->value_size,
					      end + 3, 0, cy);
			cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
			draw_label(cr, p, c->labels[i], cy);
		} else if (f == CHART_OUT_OF_SCOPE) {
			hatch(cr, x0, by, g->stub_w, g->bar_h);
		} else if (!isfinite(v)) {
			na_box(cr, x0, by, g->stub_w, g->bar_h);
		} else {
			set_rgb(cr, chart_palette(f == CHART_FLAGGED ? 1 : 0));
			cairo_rectangle(cr, v < 0 ? end : x0, by,
					fabs(end - x0), g->bar_h);
			cairo_fill(cr);
		}
	}
	buf_release(&t);
}

static void draw_axis(cairo_t *cr, const struct bars *c,
		      const struct bars_plan *p, int grid)
{
	const struct bars_geom *g = &p->g;
	struct buf t = BUF_INIT;
	long k, n = lround((g->xmax - g->xmin) / g->tick_step);

	cairo_set_line_width(cr, 0.5);
	for (k = 0; k <= n; k++) {
		double v = g->xmin + (double)k * g->tick_step;
		double xv = bars_xpos(g, v);

		if (grid) {
			cairo_set_source_rgb(cr, 0.85, 0.85, 0.85);
			cairo_move_to(cr, xv, g->plot_y);
			cairo_line_to(cr, xv, g->plot_y + g->plot_h + 3);
			cairo_stroke(cr);
			continue;
		}
		buf_reset(&t);
		fmt_num(&t, fabs(v) < g->tick_step * 1e-9 ? 0 : v,
			p->tick_decimals, c->lang);
		cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
		chart_text_at(cr, t.data, TEXT_SIZE, 0, xv, 0.5,
			p->ticks_y + chart_text_height(cr, "Ag", TEXT_SIZE, 0) / 2);
	}
	buf_release(&t);
	if (grid)
		return;
	/* The zero line, over the bars. */
	cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
	cairo_set_line_width(cr, 0.8);
	cairo_move_to(cr, bars_xpos(g, 0), g->plot_y);
	cairo_line_to(cr, bars_xpos(g, 0), g->plot_y + g->plot_h);
	cairo_stroke(cr);
	if (c->unit && *c->unit) {
		cairo_set_source_rgb(cr, GREY_TEXT, GREY_TEXT, GREY_TEXT);
		chart_text_at(cr, c->unit, TEXT_SIZE, 0, g->plot_x + g->plot_w / 2,
			0.5, p->unit_y + 2 +
			chart_text_height(cr, c->unit, TEXT_SIZE, 0) / 2);
	}
}

int bars_draw(cairo_t *cr, double x, double y, double w, double h,
		    const struct bars *c, struct err *e)
{
	struct bars_plan p;
	cairo_status_t st;
	int rc;

	if ((st = cairo_status(cr)) != CAIRO_STATUS_SUCCESS)
		return err_set(e, "chart '%s': cairo: %s",
			       c->title ? c->title : "", cairo_status_to_string(st));
	rc = plan_bars(cr, x, y, w, h, c, &p, e);
	if (rc == 1)
		return chart_nodata_draw(cr, x, y, w, h, c->title, c->lang, e);
	if (rc)
		return -1;
	cairo_save(cr);
	cairo_new_path(cr);
	if (c->title && *c->title) {
		PangoLayout *l = chart_text_new(cr, c->title, TITLE_SIZE, 1);

		pango_layout_set_width(l, (int)(w * PANGO_SCALE));
		pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
		cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
		chart_text_show(cr, l, x, y);
		g_object_unref(l);
	}
	if (p.legend_h > 0)
		draw_legend(cr, &p);
	draw_axis(cr, c, &p, 1);
	draw_bars(cr, c, &p, 0);
	draw_axis(cr, c, &p, 0);
	if (isfinite(c->reference)) {
		double xr = bars_xpos(&p.g, c->reference);

		ref_line(cr, xr, p.g.plot_y - 2, p.g.plot_y + p.g.plot_h);
	}
	draw_bars(cr, c, &p, 1);
	cairo_restore(cr);
	if ((st = cairo_status(cr)) != CAIRO_STATUS_SUCCESS)
		return err_set(e, "chart '%s': cairo: %s",
			       c->title ? c->title : "", cairo_status_to_string(st));
	return 0;
}

int bars_draw_fn(cairo_t *cr, double x, double y, double w, double h,
		       const void *chart, struct err *e)
{
	return bars_draw(cr, x, y, w, h, chart, e);
}

static double bars_height(const void *chart, double w)
{
	(void)chart;
	(void)w;
	return BARS_HEIGHT;
}

const struct chart_kind bars_chart = { bars_draw_fn, bars_height };
