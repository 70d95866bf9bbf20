#include "draw.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "funnel.h"

/* The height of the chart on the page, in points, at the text width. */
#define FUNNEL_HEIGHT 360.0

/* Layout, in the units of the cairo_t. */
#define POINT_R 2.6		/* a department's disc */
#define PLOT_MIN_H 60.0		/* the smallest plot */
#define PLOT_MIN_W 80.0
#define RIGHT_PAD 12.0		/* right of the plot, for the last tick label */
#define Y_MIN_TOP 1.5		/* the y axis reaches this O/E at least, */
#define Y_STRETCH 1.02		/* and a little over the largest, */
#define Y_CAP_MIN 3.0		/* up to twice the widest upper limit at E / 20, */
#define Y_CAP_AT 20.0		/* this at least */

/* --- Funnel plot ------------------------------------------------------ */

static int funnel_flag(const struct funnel *p, size_t i)
{
	return p->flags ? p->flags[i] : CHART_PLAIN;
}

/* The smallest E of the cap on the y axis, as pana-stats samples it. */
#define FUNNEL_EMIN 0.5

/* The upper limit of the widest curve at E, by linear interpolation
   between its points; 0 without limits. */
static double widest_upper(const struct funnel *p, double ev)
{
	const struct funnel_limits *lm;
	size_t i;

	if (!p->nlimits || !p->limits[p->nlimits - 1].n)
		return 0;
	lm = &p->limits[p->nlimits - 1];
	if (ev <= lm->expected[0])
		return lm->upper[0];
	for (i = 1; i < lm->n; i++)
		if (ev <= lm->expected[i]) {
			double t = (ev - lm->expected[i - 1]) /
				(lm->expected[i] - lm->expected[i - 1]);

			return lm->upper[i - 1] + t * (lm->upper[i] - lm->upper[i - 1]);
		}
	return lm->upper[lm->n - 1];
}

struct funnel_plan {
	struct funnel_geom g;
	struct draw_legend lg;
	double top, ticks_y, unit_x;
};

/* Returns 0, 1 when no point is in scope (no data), or -1. */
static int funnel_check(const struct funnel *p, double *emax,
			double *rmax, struct err *e)
{
	const char *title = p->title ? p->title : "";
	size_t i, m = 0;

	*emax = 0;
	*rmax = 0;
	if (p->nlimits > FUNNEL_LIMITS)
		return err_set(e, "funnel '%s': %zu sets of limits, at most %d", title,
			       p->nlimits, FUNNEL_LIMITS);
	for (i = 0; i < p->nlimits; i++)
		if (p->limits[i].n && (!p->limits[i].expected || !p->limits[i].lower ||
				       !p->limits[i].upper))
			return err_set(e, "funnel '%s': limits %zu: %zu points but no values",
				       title, i + 1, p->limits[i].n);
	if (!p->n)
		return 1;
	if (!p->expected || !p->observed)
		return err_set(e, "funnel '%s': %zu points but no values", title,
			       p->n);
	for (i = 0; i < p->n; i++) {
		double ex = p->expected[i], o = p->observed[i];

		if (funnel_flag(p, i) == CHART_OUT_OF_SCOPE)
			continue;
		if (!(ex > 0) || !isfinite(ex) || !(o >= 0) || !isfinite(o))
			return err_set(e, "funnel '%s': point %zu: expected %g and "
				       "observed %g must be finite, E > 0, O >= 0",
				       title, i + 1, ex, o);
		*emax = fmax(*emax, ex);
		*rmax = fmax(*rmax, o / ex);
		m++;
	}
	return m ? 0 : 1;
}

static int funnel_plan(struct draw_ink *k, double x, double y, double w, double h,
		       const void *plot, void *plan, struct err *e)
{
	const struct funnel *p = plot;
	struct funnel_plan *q = plan;
	struct draw_frame *f = &q->g.f;
	double emax, rmax, lh, bottom, ylab, cap, last = 0;
	int flagged = 0, rc;
	size_t i;

	memset(q, 0, sizeof(*q));
	if ((rc = funnel_check(p, &emax, &rmax, e)))
		return rc;
	if (!draw_box_ok(x, y, w, h))
		return draw_too_small(e, "funnel", p->title, w, h);
	for (i = 0; i < p->n; i++)
		flagged |= funnel_flag(p, i) == CHART_FLAGGED;
	draw_legend_init(&q->lg);
	draw_legend_add(&q->lg, DRAW_SW_DISC, chart_palette(0), draw_or_default(p->point_label,
		   chart_tr(p->lang, "département", "department")));
	if (flagged)
		draw_legend_add(&q->lg, DRAW_SW_DISC, chart_palette(1), draw_or_default(
			   p->flag_label, chart_tr(p->lang, "signalé", "flagged")));
	draw_legend_add(&q->lg, DRAW_SW_LINE, draw_rgb_grey(0), chart_tr(p->lang,
		   "observé = attendu", "observed = expected"))->width = 0.8;
	for (i = 0; i < p->nlimits; i++) {
		double pct = 100 * p->limits[i].probability;

		buf_reset(&k->s);
		buf_addstr(&k->s, chart_tr(p->lang, "limites à ", "limits at "));
		fmt_pct(&k->s, p->limits[i].probability, fabs(pct - round(pct)) < 1e-9 ? 0 : 1,
			p->lang);
		draw_legend_add(&q->lg, i + 1 < p->nlimits ? DRAW_SW_DASH : DRAW_SW_LINE,
				draw_rgb_grey(0.4), k->s.data);
	}

	q->top = draw_head_room(k, p->title, &q->lg, y, w);
	lh = draw_line_h(k, DRAW_SZ_TEXT);
	bottom = y + h - 2 * lh - 4;
	q->ticks_y = bottom + 3;
	f->y = q->top + lh / 2;	/* room for the top tick label */
	f->h = bottom - f->y;
	if (f->h < PLOT_MIN_H) {
		draw_legend_release(&q->lg);
		return draw_too_small(e, "funnel", p->title, w, h);
	}
	/*
	 * O/E up to the largest point, but a handful of points at a tiny E
	 * must not flatten the funnel: beyond cap they sit on the top edge.
	 */
	cap = fmax(Y_CAP_MIN, 2 * widest_upper(p, fmax(emax / Y_CAP_AT, FUNNEL_EMIN)));
	draw_axis_fit(k, &f->ay, 0, fmax(Y_MIN_TOP, fmin(rmax * Y_STRETCH, cap)), f->h, 0, 1);
	ylab = draw_tick_room(k, &f->ay, 0, 0, NULL);
	q->unit_x = x;
	f->x = x + lh + 4 + ylab + 4;
	f->w = x + w - f->x - RIGHT_PAD;
	if (f->w < PLOT_MIN_W) {
		draw_legend_release(&q->lg);
		return draw_too_small(e, "funnel", p->title, w, h);
	}
	draw_axis_fit(k, &f->ax, 0, emax, f->w, 0, 0);
	/* The last tick label is centred on the axis end: keep it in. */
	draw_tick_room(k, &f->ax, 0, 0, &last);
	if (last / 2 > RIGHT_PAD) {
		f->w -= last / 2 - RIGHT_PAD;
		draw_axis_fit(k, &f->ax, 0, emax, f->w, 0, 0);
	}
	q->g.point_r = POINT_R;
	return 0;
}

/* The curve through the points (E_i, v_i), up to the first beyond the x
   axis, clipped. */
static void limit_curve(cairo_t *cr, const struct draw_frame *f, size_t n,
			const double *ev, const double *v)
{
	size_t i;

	for (i = 0; i < n; i++) {
		double lim = fmin(v[i], f->ay.hi * 4);	/* the clip does the rest */

		if (i)
			cairo_line_to(cr, draw_frame_x(f, ev[i]), draw_frame_y(f, lim));
		else
			cairo_move_to(cr, draw_frame_x(f, ev[i]), draw_frame_y(f, lim));
		if (ev[i] >= f->ax.hi)
			break;
	}
	cairo_stroke(cr);
}

/* Boxes already taken by points and labels, so that labels go elsewhere. */
struct taken {
	size_t n;
	double (*r)[4];
};

static int taken_hits(const struct taken *tk, double bx, double by, double bw,
		      double bh)
{
	size_t i;

	for (i = 0; i < tk->n; i++)
		if (bx < tk->r[i][0] + tk->r[i][2] && tk->r[i][0] < bx + bw &&
		    by < tk->r[i][1] + tk->r[i][3] && tk->r[i][1] < by + bh)
			return 1;
	return 0;
}

static void taken_add(struct taken *tk, double bx, double by, double bw,
		      double bh)
{
	tk->r[tk->n][0] = bx;
	tk->r[tk->n][1] = by;
	tk->r[tk->n][2] = bw;
	tk->r[tk->n][3] = bh;
	tk->n++;
}

/* Where point i is drawn, on the top edge if beyond the axis. */
static void funnel_xy(const struct funnel *p, const struct draw_frame *f,
		      size_t i, double *px, double *py)
{
	double ex = p->expected[i];

	*px = draw_frame_x(f, ex);
	*py = draw_frame_y(f, fmin(p->observed[i] / ex, f->ay.hi));
}

/*
 * Names the flagged points where a spot around them is free of points and
 * of the labels set before.
 */
static void funnel_labels(struct draw_ink *k, const struct funnel *p,
			  const struct funnel_plan *q)
{
	static const double spot[8][2] = {	/* text box anchor, around */
		{ 0, 0.5 }, { 1, 0.5 }, { 0, 1 }, { 0, 0 },
		{ 1, 1 }, { 1, 0 }, { 0.5, 1 }, { 0.5, 0 },
	};
	const struct draw_frame *f = &q->g.f;
	double r = q->g.point_r + 1.5;
	struct taken tk;
	size_t i, s;

	tk.n = 0;
	tk.r = calloc(2 * p->n + 1, sizeof(*tk.r));
	if (!tk.r)
		return;		/* labels are a courtesy */
	for (i = 0; i < p->n; i++) {
		double px, py;

		if (funnel_flag(p, i) == CHART_OUT_OF_SCOPE)
			continue;
		funnel_xy(p, f, i, &px, &py);
		taken_add(&tk, px - r, py - r, 2 * r, 2 * r);
	}
	for (i = 0; i < p->n; i++) {
		double px, py;

		if (funnel_flag(p, i) != CHART_FLAGGED || !p->labels[i] ||
		    !*p->labels[i])
			continue;
		funnel_xy(p, f, i, &px, &py);
		draw_ink_set(k, p->labels[i], DRAW_SZ_SMALL, 0, 0, 0, 0);
		for (s = 0; s < 8; s++) {
			double ha = spot[s][0], va = spot[s][1];
			double ax = px + (ha == 0 ? r : ha == 1 ? -r : 0);
			double ay = py + (va == 0 ? r * 0.7 : va == 1 ? -r * 0.7 : 0);
			double bx = ax - ha * k->w, by = ay - va * k->h;

			if (bx < f->x || by < f->y || bx + k->w > f->x + f->w ||
			    by + k->h > f->y + f->h ||
			    taken_hits(&tk, bx, by, k->w, k->h))
				continue;
			taken_add(&tk, bx, by, k->w, k->h);
			draw_grey(k->cr, 0.1);
			draw_ink_show(k, ax, ay, ha, va);
			break;
		}
	}
	free(tk.r);
}

static void funnel_render(struct draw_ink *k, const void *plot, const void *plan,
			  double x, double y, double w)
{
	const struct funnel *p = plot;
	const struct funnel_plan *q = plan;
	static const double dash[] = { 4.0, 2.5 };
	const struct draw_frame *f = &q->g.f;
	cairo_t *cr = k->cr;
	size_t i;
	int pass;

	draw_head_draw(k, p->title, &q->lg, x, y, w);
	draw_frame_grid(cr, f, 1, 1);
	cairo_save(cr);
	cairo_rectangle(cr, f->x, f->y, f->w, f->h);
	cairo_clip(cr);
	draw_grey(cr, 0.4);
	cairo_set_line_width(cr, 1.2);
	/* The widest solid, then the others dashed. */
	for (i = p->nlimits; i-- > 0;) {
		const struct funnel_limits *lm = &p->limits[i];

		cairo_set_dash(cr, dash, i + 1 < p->nlimits ? 2 : 0, 0);
		limit_curve(cr, f, lm->n, lm->expected, lm->lower);
		limit_curve(cr, f, lm->n, lm->expected, lm->upper);
	}
	cairo_set_dash(cr, NULL, 0, 0);
	draw_grey(cr, 0);
	cairo_set_line_width(cr, 0.8);
	cairo_move_to(cr, f->x, draw_frame_y(f, 1));
	cairo_line_to(cr, f->x + f->w, draw_frame_y(f, 1));
	cairo_stroke(cr);
	cairo_restore(cr);
	/* Plain points, then the flagged ones over them. */
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < p->n; i++) {
			double px, py;
			int fl = funnel_flag(p, i);

			if (fl == CHART_OUT_OF_SCOPE || (fl == CHART_FLAGGED) != pass)
				continue;
			funnel_xy(p, f, i, &px, &py);
			cairo_arc(cr, px, py, q->g.point_r, 0, 2 * M_PI);
			draw_paint(cr, chart_palette(pass));
			cairo_fill_preserve(cr);
			draw_grey(cr, 1);
			cairo_set_line_width(cr, 0.5);
			cairo_stroke(cr);
		}
	if (p->labels)
		funnel_labels(k, p, q);
	draw_grey(cr, DRAW_GREY_AXIS);
	cairo_set_line_width(cr, 0.8);
	cairo_move_to(cr, f->x, f->y);
	cairo_line_to(cr, f->x, f->y + f->h);
	cairo_line_to(cr, f->x + f->w, f->y + f->h);
	cairo_stroke(cr);
	draw_frame_xlabels(k, f, q->ticks_y, 0, draw_or_default(p->x_unit, chart_tr(p->lang,
		      "nombre attendu (E)", "expected count (E)")));
	draw_frame_ylabels(k, f, q->unit_x, 0, draw_or_default(p->y_unit, chart_tr(p->lang,
		      "rapport observé / attendu", "observed / expected ratio")));
}


_Static_assert(offsetof(struct funnel_plan, g) == 0, "geometry first in a plan");

static const struct draw_kind funnel_kind = {
	"funnel", funnel_plan, funnel_render,
	offsetof(struct funnel_plan, lg), sizeof(struct funnel_geom),
};

int funnel_layout(cairo_t *cr, double x, double y, double w, double h,
			const struct funnel *p,
			struct funnel_geom *g, struct err *e)
{
	struct funnel_plan u;

	return draw_kind_layout(&funnel_kind, cr, x, y, w, h, p, p->title, p->lang, &u, g, e);
}

int funnel_draw(cairo_t *cr, double x, double y, double w, double h,
		      const struct funnel *p, struct err *e)
{
	struct funnel_plan u;

	return draw_kind_draw(&funnel_kind, cr, x, y, w, h, p, p->title, p->lang, &u, e);
}

int funnel_draw_fn(cairo_t *cr, double x, double y, double w, double h,
			 const void *plot, struct err *e)
{
	return funnel_draw(cr, x, y, w, h, plot, e);
}

static double funnel_height(const void *chart, double w)
{
	(void)chart;
	(void)w;
	return FUNNEL_HEIGHT;
}

const struct chart_kind funnel_chart = { funnel_draw_fn, funnel_height };
