#include "draw.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "lorenz.h"

/* The height of the chart on the page, in points, at the text width. */
#define LORENZ_HEIGHT 330.0

/* Layout, in the units of the cairo_t. */
#define SIDE_MIN 80.0		/* the smallest square plot */
#define SIDE_FINE 160.0		/* from this side, ticks every 0.25 (else 0.5) */
#define RIGHT_PAD 14.0		/* right of the plot */
#define LEGEND_GAP 16.0		/* between the plot and a legend beside it */
#define LEGEND_SHARE 0.4	/* of the width a legend beside the plot takes, at most */

/* --- Lorenz curves ---------------------------------------------------- */

struct lorenz_plan {
	struct lorenz_geom g;
	struct draw_legend lg;
	double ticks_y, unit_x, legend_x, legend_y;
};

/*
 * A curve has no data with fewer than three points (under two units: one
 * alone is equal to itself, its curve the diagonal, and says nothing) or
 * when it ends short of a positive share (a total of zero, or 0 / 0).
 */
static int lorenz_empty(const struct lorenz_curve *c)
{
	return c->n < 3 || (c->f && c->l && !(c->f[c->n - 1] > 0 &&
					       c->l[c->n - 1] > 0));
}

/* Returns 0, 1 when no curve has data, or -1. */
static int lorenz_check(const struct lorenz *p, struct err *e)
{
	const char *title = p->title ? p->title : "";
	size_t j, i, full = 0;

	if (p->ncurves > 2)
		return err_set(e, "Lorenz '%s': %zu curves, want 1 or 2", title,
			       p->ncurves);
	for (j = 0; j < p->ncurves; j++) {
		const struct lorenz_curve *c = &p->curves[j];

		if (lorenz_empty(c))
			continue;
		full++;
		if (!c->f || !c->l)
			return err_set(e, "Lorenz '%s': curve %zu has %zu points "
				       "but no values", title, j + 1, c->n);
		if (fabs(c->f[0]) > 1e-9 || fabs(c->l[0]) > 1e-9 ||
		    fabs(c->f[c->n - 1] - 1) > 1e-6 ||
		    fabs(c->l[c->n - 1] - 1) > 1e-6)
			return err_set(e, "Lorenz '%s': curve %zu does not run "
				       "from (0, 0) to (1, 1)", title, j + 1);
		for (i = 1; i < c->n; i++)
			if (!(c->f[i] >= c->f[i - 1] - 1e-12) ||
			    !(c->l[i] >= c->l[i - 1] - 1e-12))
				return err_set(e, "Lorenz '%s': curve %zu, point "
					       "%zu: shares go down", title, j + 1,
					       i + 1);
	}
	return full ? 0 : 1;
}

/* The legend entry of curve c: "2026 (Gini 0,21)", or why it has no data. */
static void curve_label(struct draw_ink *k, const struct lorenz *p, const struct lorenz_curve *c)
{
	int gini = !lorenz_empty(c) && !isnan(c->gini);

	buf_reset(&k->s);
	if (lorenz_empty(c)) {
		/* The other curve is drawn; this one says why not. */
		if (c->label && *c->label) {
			buf_addstr(&k->s, c->label);
			buf_addstr(&k->s, chart_tr(p->lang, "\xc2\xa0: ", ": "));
		}
		buf_addstr(&k->s, chart_no_data(p->lang));
	} else if (isnan(c->gini)) {
		/* No index given: the curve alone. */
		buf_addstr(&k->s, draw_or_default(c->label, "Lorenz"));
	} else if (c->label && *c->label) {
		buf_addstr(&k->s, c->label);
		buf_addstr(&k->s, " (Gini ");
	} else {
		buf_addstr(&k->s, "Gini ");
	}
	if (gini)
		fmt_num(&k->s, c->gini, 2, p->lang);
	if (gini && c->label && *c->label)
		buf_addch(&k->s, ')');
}

static void lorenz_legend(struct draw_ink *k, const struct lorenz *p, struct draw_legend *lg)
{
	size_t j;

	draw_legend_init(lg);
	for (j = 0; j < p->ncurves; j++) {
		curve_label(k, p, &p->curves[j]);
		draw_legend_add(lg, j ? DRAW_SW_DASH : DRAW_SW_LINE, chart_palette(j ? 3 : 0),
				k->s.data)->width = 1.8;
	}
	draw_legend_add(lg, DRAW_SW_LINE, draw_rgb_grey(0.5), chart_tr(p->lang,
		   "égalité parfaite", "perfect equality"));
}

static int lorenz_plan(struct draw_ink *k, double x, double y, double w, double h,
		       const void *plot, void *plan, struct err *e)
{
	const struct lorenz *p = plot;
	struct lorenz_plan *q = plan;
	struct draw_frame *f = &q->g.f;
	double lh, top, bottom, left, ylab, side, aw, lw = 0, beside;
	size_t j;
	int rc;

	memset(q, 0, sizeof(*q));
	if ((rc = lorenz_check(p, e)))
		return rc;
	if (!draw_box_ok(x, y, w, h))
		return draw_too_small(e, "Lorenz", p->title, w, h);
	lorenz_legend(k, p, &q->lg);
	lh = draw_line_h(k, DRAW_SZ_TEXT);
	bottom = y + h - 2 * lh - 4;
	f->ax.lo = f->ay.lo = 0;
	f->ax.hi = f->ay.hi = 1;
	f->ax.decimals = f->ay.decimals = 2;
	f->ax.step = f->ay.step = 0.25;
	ylab = draw_tick_room(k, &f->ay, 1, 0, NULL);
	left = x + lh + 4 + ylab + 4;
	aw = x + w - left - RIGHT_PAD;
	/*
	 * The plot is square: in a wide box the legend goes beside it, a
	 * column on its right, else across the top.
	 */
	q->lg.column = 1;
	draw_legend_flow(k, &q->lg, LEGEND_SHARE * w);
	for (j = 0; j < q->lg.n; j++)
		lw = fmax(lw, q->lg.it[j].w);
	top = y + draw_title_room(k, p->title, w);
	beside = fmin(aw - lw - LEGEND_GAP, bottom - (top + lh / 2));
	q->lg.column = 0;
	side = fmin(aw, bottom - (draw_head_room(k, p->title, &q->lg, y, w) + lh / 2));
	if (beside >= side) {
		q->lg.column = 1;
		draw_legend_flow(k, &q->lg, lw + 1);
		side = beside;
		f->x = left;
		q->unit_x = x;
		q->legend_x = f->x + side + LEGEND_GAP;
		q->legend_y = top + lh / 2;
	} else {
		/* Centred under the legend. */
		top = draw_head_room(k, p->title, &q->lg, y, w);
		f->x = left + (aw - side) / 2;
		q->unit_x = x + (aw - side) / 2;
		q->legend_x = x;
		q->legend_y = y + draw_title_room(k, p->title, w);
	}
	if (side < SIDE_MIN) {
		draw_legend_release(&q->lg);
		return draw_too_small(e, "Lorenz", p->title, w, h);
	}
	if (side < SIDE_FINE)
		f->ax.step = f->ay.step = 0.5;
	f->y = top + lh / 2;
	f->w = f->h = side;
	q->ticks_y = f->y + side + 3;
	return 0;
}

static void lorenz_render(struct draw_ink *k, const void *plot, const void *plan,
			  double x, double y, double w)
{
	const struct lorenz *p = plot;
	const struct lorenz_plan *q = plan;
	static const double dash[] = { 5.0, 3.0 };
	const struct draw_frame *f = &q->g.f;
	cairo_t *cr = k->cr;
	size_t i, j;

	draw_title_draw(k, p->title, x, y, w);
	draw_legend_draw(k, &q->lg, q->legend_x, q->legend_y);
	draw_frame_grid(cr, f, 1, 1);
	draw_grey(cr, 0.5);
	cairo_set_line_width(cr, 1);
	cairo_move_to(cr, draw_frame_x(f, 0), draw_frame_y(f, 0));
	cairo_line_to(cr, draw_frame_x(f, 1), draw_frame_y(f, 1));
	cairo_stroke(cr);
	cairo_set_line_width(cr, 1.8);
	cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
	/* The older curve first, under this year's. */
	for (j = p->ncurves; j-- > 0;) {
		const struct lorenz_curve *c = &p->curves[j];

		if (lorenz_empty(c))
			continue;
		cairo_set_dash(cr, dash, j ? 2 : 0, 0);
		draw_paint(cr, chart_palette(j ? 3 : 0));
		for (i = 0; i < c->n; i++)
			cairo_line_to(cr, draw_frame_x(f, c->f[i]),
				      draw_frame_y(f, c->l[i]));
		cairo_stroke(cr);
	}
	cairo_set_dash(cr, NULL, 0, 0);
	draw_grey(cr, DRAW_GREY_AXIS);
	cairo_set_line_width(cr, 0.8);
	cairo_rectangle(cr, f->x, f->y, f->w, f->h);
	cairo_stroke(cr);
	draw_frame_xlabels(k, f, q->ticks_y, 1, draw_or_default(p->x_unit, chart_tr(p->lang,
		      "part cumulée des associations",
		      "cumulative share of associations")));
	draw_frame_ylabels(k, f, q->unit_x, 1, draw_or_default(p->y_unit, chart_tr(p->lang,
		      "part cumulée des structures",
		      "cumulative share of support structures")));
}


_Static_assert(offsetof(struct lorenz_plan, g) == 0, "geometry first in a plan");

static const struct draw_kind lorenz_kind = {
	"Lorenz", lorenz_plan, lorenz_render,
	offsetof(struct lorenz_plan, lg), sizeof(struct lorenz_geom),
};

int lorenz_layout(cairo_t *cr, double x, double y, double w, double h,
			const struct lorenz *p,
			struct lorenz_geom *g, struct err *e)
{
	struct lorenz_plan u;

	return draw_kind_layout(&lorenz_kind, cr, x, y, w, h, p, p->title, p->lang, &u, g, e);
}

int lorenz_draw(cairo_t *cr, double x, double y, double w, double h,
		      const struct lorenz *p, struct err *e)
{
	struct lorenz_plan u;

	return draw_kind_draw(&lorenz_kind, cr, x, y, w, h, p, p->title, p->lang, &u, e);
}

int lorenz_draw_fn(cairo_t *cr, double x, double y, double w, double h,
			 const void *plot, struct err *e)
{
	return lorenz_draw(cr, x, y, w, h, plot, e);
}

static double lorenz_height(const void *chart, double w)
{
	(void)chart;
	(void)w;
	return LORENZ_HEIGHT;
}

const struct chart_kind lorenz_chart = { lorenz_draw_fn, lorenz_height };
