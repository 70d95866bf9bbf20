#include "draw.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "stacked.h"

/* The height of the chart on the page, in points, at the text width: for a dozen rows. */
#define STACKED_HEIGHT 420.0

/* Layout, in the units of the cairo_t. */
#define BAR_SHARE 0.7		/* a row's height its bar takes, */
#define BAR_MAX 20.0		/* at most */

static int stacked_na(const struct stacked *p, size_t i)
{
	return p->n[i] <= 0;
}

static int stacked_off(const struct stacked *p, size_t i)
{
	return !stacked_na(p, i) && ((p->suppressed && p->suppressed[i]) ||
				     p->n[i] < p->min_n);
}

/* The text of a suppressed row, "s (n < 10)", into the scratch. */
static const char *stacked_s(struct draw_ink *k, const struct stacked *p)
{
	buf_reset(&k->s);
	buf_addstr(&k->s, "s");
	if (p->min_n > 0) {
		buf_addstr(&k->s, " (n < ");
		fmt_int(&k->s, p->min_n, p->lang);
		buf_addch(&k->s, ')');
	}
	return k->s.data;
}

static const char *stacked_n(struct draw_ink *k, const struct stacked *p,
			     size_t i)
{
	buf_reset(&k->s);
	buf_addstr(&k->s, "n\xc2\xa0=\xc2\xa0");
	fmt_int(&k->s, p->n[i], p->lang);
	return k->s.data;
}

/* Returns 0, 1 when no row has a respondent (no data), or -1. */
static int stacked_check(const struct stacked *p, struct err *e)
{
	const char *title = p->title ? p->title : "";
	size_t i, j, full = 0;

	if (!p->nrows)
		return 1;
	if (!p->k || !p->row_labels || !p->level_labels || !p->shares || !p->n)
		return err_set(e, "stacked bars '%s': %zu rows but no levels, "
			       "labels or values", title, p->nrows);
	if (p->k > DRAW_LEG_MAX - 3)
		return err_set(e, "stacked bars '%s': %zu levels, at most %d",
			       title, p->k, DRAW_LEG_MAX - 3);
	for (j = 0; j < p->k; j++)
		if (!p->level_labels[j])
			return err_set(e, "stacked bars '%s': level %zu has no "
				       "label", title, j + 1);
	for (i = 0; i < p->nrows; i++) {
		double sum = 0;

		if (!p->row_labels[i])
			return err_set(e, "stacked bars '%s': row %zu has no "
				       "label", title, i + 1);
		full += !stacked_na(p, i);
		if (stacked_na(p, i) || stacked_off(p, i))
			continue;
		for (j = 0; j < p->k; j++) {
			double s = p->shares[i * p->k + j];

			if (!(s >= -1e-9) || !isfinite(s))
				return err_set(e, "stacked bars '%s': row '%s', "
					       "level %zu: share %g", title,
					       p->row_labels[i], j + 1, s);
			sum += s;
		}
		if (fabs(sum - 1) > 0.01)
			return err_set(e, "stacked bars '%s': row '%s': shares "
				       "sum to %g, not 1", title,
				       p->row_labels[i], sum);
	}
	return full ? 0 : 1;
}

static int stacked_plan(struct draw_ink *k, double x, double y, double w, double h,
			const void *plot, void *plan, struct err *e)
{
	const struct stacked *p = plot;
	struct draw_rows *q = plan;
	size_t i, j;
	int off = 0, na = 0, rc;

	memset(q, 0, sizeof(*q));
	if ((rc = stacked_check(p, e)))
		return rc;
	if (!draw_box_ok(x, y, w, h))
		return draw_too_small(e, "stacked bars", p->title, w, h);
	draw_legend_init(&q->lg);
	for (j = 0; j < p->k; j++)
		draw_legend_add(&q->lg, DRAW_SW_FILL, draw_seq(p->k > 1 ? (double)j /
			   (double)(p->k - 1) : 1), p->level_labels[j]);
	for (i = 0; i < p->nrows; i++) {
		off |= stacked_off(p, i);
		na |= stacked_na(p, i);
		if (!stacked_off(p, i) && !stacked_na(p, i))
			q->right_w = fmax(q->right_w, draw_ink_width(k,
					  stacked_n(k, p, i), DRAW_SZ_TEXT, 0));
	}
	if (na)
		draw_legend_add(&q->lg, DRAW_SW_BLANK, draw_rgb_grey(0), chart_tr(p->lang,
			   "n.d.\xc2\xa0: non disponible", "n/a: not available"));
	if (off) {
		struct buf t = BUF_INIT;

		buf_addstr(&t, stacked_s(k, p));
		buf_addstr(&t, chart_tr(p->lang, "\xc2\xa0: non publié",
				  ": withheld"));
		draw_legend_add(&q->lg, DRAW_SW_EMPTY, draw_rgb_grey(0), t.data);
		buf_release(&t);
	}
	q->pct = 1;
	if (draw_rows_plan(k, q, p->title, p->row_labels, p->nrows, 0, 1, x, y, w,
		      h)) {
		draw_legend_release(&q->lg);
		return draw_too_small(e, "stacked bars", p->title, w, h);
	}
	q->g.bar_h = fmin(q->g.step * BAR_SHARE, BAR_MAX);
	return 0;
}

static void stacked_row(struct draw_ink *k, const struct stacked *p,
			const struct draw_rows *q, size_t i)
{
	const struct draw_frame *f = &q->g.f;
	double cy = f->y + ((double)i + 0.5) * q->g.step;
	double top = cy - q->g.bar_h / 2, at = 0, size;
	size_t j;

	draw_label_put(k, p->row_labels[i], q->g.label_size, q->label_w, f->x - 6,
		  cy);
	if (stacked_off(p, i) || stacked_na(p, i)) {
		draw_grey(k->cr, 0.5);
		cairo_set_line_width(k->cr, 0.8);
		cairo_rectangle(k->cr, f->x + 0.4, top + 0.4, f->w - 0.8,
				q->g.bar_h - 0.8);
		cairo_stroke(k->cr);
		draw_ink_put(k, stacked_na(p, i) ? chart_tr(p->lang, "n.d.", "n/a")
			: stacked_s(k, p), fmin(DRAW_SZ_TEXT, q->g.bar_h * 0.8), 0.35,
			f->x + 5, cy, 0, 0.5);
		return;
	}
	size = fmin(DRAW_SZ_SMALL, q->g.bar_h * 0.75);
	for (j = 0; j < p->k; j++) {
		double s = fmax(0, p->shares[i * p->k + j]);
		double from = draw_frame_x(f, at), to = draw_frame_x(f, at + s);
		struct chart_rgb c = draw_seq(p->k > 1 ? (double)j /
					       (double)(p->k - 1) : 1);

		at += s;
		draw_paint(k->cr, c);
		cairo_rectangle(k->cr, from, top, to - from, q->g.bar_h);
		cairo_fill(k->cr);
		draw_ink_set(k, draw_ink_num(k, s, 0, 1), size, 0, 0, 0, 0.5);
		if (s >= 0.005 && k->w + 4 <= to - from && size >= DRAW_SZ_MIN) {
			draw_grey(k->cr, draw_ink_on(c));
			draw_ink_show(k, (from + to) / 2, cy, 0.5, 0.5);
		}
	}
	/* At the labels' size, which fits the rows (and is at most DRAW_SZ_TEXT). */
	draw_ink_put(k, stacked_n(k, p, i), q->g.label_size, DRAW_GREY_INK,
		f->x + f->w + 6, cy, 0, 0.5);
}

static void stacked_render(struct draw_ink *k, const void *plot, const void *plan,
			   double x, double y, double w)
{
	const struct stacked *p = plot;
	const struct draw_rows *q = plan;
	size_t i;

	draw_head_draw(k, p->title, &q->lg, x, y, w);
	for (i = 0; i < p->nrows; i++)
		stacked_row(k, p, q, i);
	draw_rows_axis(k, q, draw_or_default(p->unit, chart_tr(p->lang, "part des répondants",
		  "share of respondents")));
}


static const struct draw_kind stacked_kind = {
	"stacked bars", stacked_plan, stacked_render,
	offsetof(struct draw_rows, lg), sizeof(struct draw_rows_geom),
};

int stacked_layout(cairo_t *cr, double x, double y, double w, double h,
			 const struct stacked *p,
			 struct draw_rows_geom *g, struct err *e)
{
	struct draw_rows u;

	return draw_kind_layout(&stacked_kind, cr, x, y, w, h, p, p->title, p->lang, &u, g, e);
}

int stacked_draw(cairo_t *cr, double x, double y, double w, double h,
		       const struct stacked *p, struct err *e)
{
	struct draw_rows u;

	return draw_kind_draw(&stacked_kind, cr, x, y, w, h, p, p->title, p->lang, &u, e);
}

int stacked_draw_fn(cairo_t *cr, double x, double y, double w,
			  double h, const void *plot, struct err *e)
{
	return stacked_draw(cr, x, y, w, h, plot, e);
}

static double stacked_height(const void *chart, double w)
{
	(void)chart;
	(void)w;
	return STACKED_HEIGHT;
}

const struct chart_kind stacked_chart = { stacked_draw_fn, stacked_height };
