#include "draw.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "dumbbell.h"

/* The height of the chart on the page, in points, at the text width: for a dozen rows. */
#define DUMBBELL_HEIGHT 250.0

/* Layout, in the units of the cairo_t. */
#define DISC_SHARE 0.5		/* a row's height the disc's diameter takes, */
#define DISC_MAX 7.0		/* at most */

/* --- Dumbbell --------------------------------------------------------- */

static int dumb_flag(const struct dumbbell *p, size_t i)
{
	return p->flags ? p->flags[i] : CHART_PLAIN;
}

/* Appends v with a "+" when it reads above zero. */
static void signed_num(struct buf *b, double v, int dec, enum fmt_lang lang)
{
	if (v > 0 && round(v * pow(10.0, dec < 0 ? 0 : dec)) != 0)
		buf_addch(b, '+');
	fmt_num(b, v, dec, lang);
}

/* The value column's text of row i, "+0,12 [-0,05 ; 0,29]", in the scratch. */
static const char *dumb_text(struct draw_ink *k, const struct dumbbell *p,
			     size_t i)
{
	double d = p->delta[i], lo = p->lo ? p->lo[i] : NAN;
	double hi = p->hi ? p->hi[i] : NAN;

	buf_reset(&k->s);
	if (!isfinite(d)) {
		buf_addstr(&k->s, chart_tr(p->lang, "n.d.", "n/a"));
		return k->s.data;
	}
	signed_num(&k->s, d, p->decimals, p->lang);
	if (isfinite(lo) && isfinite(hi)) {
		buf_addstr(&k->s, " [");
		fmt_num(&k->s, lo, p->decimals, p->lang);
		buf_addstr(&k->s, p->lang == FMT_EN ? ", " : " ; ");
		fmt_num(&k->s, hi, p->decimals, p->lang);
		buf_addch(&k->s, ']');
	}
	return k->s.data;
}

static int dumb_plan(struct draw_ink *k, double x, double y, double w, double h,
		     const void *plot, void *plan, struct err *e)
{
	const struct dumbbell *p = plot;
	struct draw_rows *q = plan;
	const char *title = p->title ? p->title : "";
	double lo = 0, hi = 0;
	int flagged = 0;
	size_t i, full = 0;

	memset(q, 0, sizeof(*q));
	if (!p->n)
		return 1;
	if (!p->labels || !p->delta)
		return err_set(e, "dumbbell '%s': %zu rows but no labels or "
			       "values", title, p->n);
	if (!draw_box_ok(x, y, w, h))
		return draw_too_small(e, "dumbbell", p->title, w, h);
	for (i = 0; i < p->n; i++) {
		double v[3] = { p->delta[i], p->lo ? p->lo[i] : NAN,
				p->hi ? p->hi[i] : NAN };
		int j;

		if (!p->labels[i])
			return err_set(e, "dumbbell '%s': row %zu has no label",
				       title, i + 1);
		if (!isfinite(v[0]))
			continue;
		full++;
		if (isfinite(v[1]) && isfinite(v[2]) &&
		    !(v[1] <= v[0] && v[0] <= v[2]))
			return err_set(e, "dumbbell '%s': row '%s': %g is not in "
				       "[%g, %g]", title, p->labels[i], v[0],
				       v[1], v[2]);
		for (j = 0; j < 3; j++)
			if (isfinite(v[j])) {
				lo = fmin(lo, v[j]);
				hi = fmax(hi, v[j]);
			}
		flagged |= dumb_flag(p, i) == CHART_FLAGGED;
		q->right_w = fmax(q->right_w, draw_ink_width(k, dumb_text(k, p, i),
							DRAW_SZ_TEXT, 0));
	}
	if (!full)
		return 1;	/* every row n.d. */
	draw_legend_init(&q->lg);
	buf_reset(&k->s);
	buf_addstr(&k->s, chart_tr(p->lang, "estimation et ", "estimate and "));
	buf_addstr(&k->s, draw_or_default(p->interval_label, chart_tr(p->lang,
		   "intervalle de confiance à 95\xe2\x80\xaf%",
		   "95% confidence interval")));
	draw_legend_add(&q->lg, DRAW_SW_INTERVAL, chart_palette(0), k->s.data);
	if (flagged)
		draw_legend_add(&q->lg, DRAW_SW_DISC, chart_palette(1), draw_or_default(
			   p->flag_label, chart_tr(p->lang, "signalé", "flagged")));
	draw_legend_add(&q->lg, DRAW_SW_LINE, draw_rgb_grey(0.25), chart_tr(p->lang,
		   "zéro\xc2\xa0: pas d'évolution", "zero: no change"));
	if (draw_rows_plan(k, q, p->title, p->labels, p->n, lo, hi, x, y, w, h)) {
		draw_legend_release(&q->lg);
		return draw_too_small(e, "dumbbell", p->title, w, h);
	}
	q->g.bar_h = fmin(q->g.step * DISC_SHARE, DISC_MAX);
	return 0;
}

static void dumb_row(struct draw_ink *k, const struct dumbbell *p,
		     const struct draw_rows *q, size_t i)
{
	const struct draw_frame *f = &q->g.f;
	double cy = f->y + ((double)i + 0.5) * q->g.step, r = q->g.bar_h / 2;
	double d = p->delta[i], lo = p->lo ? p->lo[i] : NAN;
	double hi = p->hi ? p->hi[i] : NAN;
	cairo_t *cr = k->cr;

	draw_label_put(k, p->labels[i], q->g.label_size, q->label_w, f->x - 6, cy);
	draw_ink_put(k, dumb_text(k, p, i), q->g.label_size, DRAW_GREY_INK,
		f->x + f->w + 6, cy, 0, 0.5);
	if (!isfinite(d))
		return;
	draw_paint(cr, chart_palette(dumb_flag(p, i) == CHART_FLAGGED));
	if (isfinite(lo) && isfinite(hi)) {
		double a = draw_frame_x(f, lo), b = draw_frame_x(f, hi);

		cairo_set_line_width(cr, 1.4);
		cairo_move_to(cr, a, cy);
		cairo_line_to(cr, b, cy);
		cairo_move_to(cr, a, cy - r * 0.8);
		cairo_line_to(cr, a, cy + r * 0.8);
		cairo_move_to(cr, b, cy - r * 0.8);
		cairo_line_to(cr, b, cy + r * 0.8);
		cairo_stroke(cr);
	}
	cairo_arc(cr, draw_frame_x(f, d), cy, r, 0, 2 * M_PI);
	cairo_fill(cr);
}

static void dumb_render(struct draw_ink *k, const void *plot, const void *plan,
			double x, double y, double w)
{
	const struct dumbbell *p = plot;
	const struct draw_rows *q = plan;
	const struct draw_frame *f = &q->g.f;
	size_t i;

	draw_head_draw(k, p->title, &q->lg, x, y, w);
	draw_frame_grid(k->cr, f, 1, 0);
	draw_grey(k->cr, 0.25);
	cairo_set_line_width(k->cr, 1);
	cairo_move_to(k->cr, draw_frame_x(f, 0), f->y);
	cairo_line_to(k->cr, draw_frame_x(f, 0), f->y + f->h);
	cairo_stroke(k->cr);
	for (i = 0; i < p->n; i++)
		dumb_row(k, p, q, i);
	draw_rows_axis(k, q, draw_or_default(p->unit, chart_tr(p->lang, "évolution",
		  "change")));
}



static const struct draw_kind dumbbell_kind = {
	"dumbbell", dumb_plan, dumb_render,
	offsetof(struct draw_rows, lg), sizeof(struct draw_rows_geom),
};

int dumbbell_layout(cairo_t *cr, double x, double y, double w,
			  double h, const struct dumbbell *p,
			  struct draw_rows_geom *g, struct err *e)
{
	struct draw_rows u;

	return draw_kind_layout(&dumbbell_kind, cr, x, y, w, h, p, p->title, p->lang, &u, g, e);
}

int dumbbell_draw(cairo_t *cr, double x, double y, double w, double h,
			const struct dumbbell *p, struct err *e)
{
	struct draw_rows u;

	return draw_kind_draw(&dumbbell_kind, cr, x, y, w, h, p, p->title, p->lang, &u,
			      e);
}

int dumbbell_draw_fn(cairo_t *cr, double x, double y, double w,
			   double h, const void *plot, struct err *e)
{
	return dumbbell_draw(cr, x, y, w, h, plot, e);
}

static double dumbbell_height(const void *chart, double w)
{
	(void)chart;
	(void)w;
	return DUMBBELL_HEIGHT;
}

const struct chart_kind dumbbell_chart = { dumbbell_draw_fn, dumbbell_height };
