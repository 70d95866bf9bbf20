#include "draw.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "heatmap.h"

/* The height of the chart on the page, in points, at the text width: for a dozen rows. */
#define HEATMAP_HEIGHT 420.0

/* Layout, in the units of the cairo_t. */
#define RAMP_MAX_W 160.0	/* the colour ramp of the legend, at most, */
#define RAMP_SHARE 0.45		/* or this share of the width */
#define RAMP_GAP 18.0		/* between the ramp and the legend's entries */
#define LABEL_SHARE 0.35	/* of the width the row labels take, at most */
#define CELL_MIN_H 9.0		/* the smallest cell */
#define CELL_MIN_W 16.0

/* --- Heatmap ---------------------------------------------------------- */

#define RAMP_H 8.0
#define CELL_MAX_H 26.0

struct heatmap_plan {
	struct heatmap_geom g;
	struct draw_legend lg;	/* the n.d. and s entries, right of the ramp */
	struct draw_axis ramp;
	double legend_y, ramp_x, ramp_y, ramp_w, items_x;
	double label_w, head_h, head_size, value_size;
	int head_lines;		/* of a vertical column label */
	int values_fit;		/* the values are printed in the cells */
};

static int heat_suppressed(const struct heatmap *p, size_t c)
{
	return p->suppressed && p->suppressed[c];
}

/* The text of cell c into the scratch; NULL for a suppressed cell. */
static const char *heat_text(struct draw_ink *k, const struct heatmap *p,
			     size_t c)
{
	if (heat_suppressed(p, c))
		return "s";
	if (!isfinite(p->values[c]))
		return chart_tr(p->lang, "n.d.", "n/a");
	return draw_ink_num(k, p->values[c], p->decimals, 0);
}

/* The width of the longest word of s at size. */
static double longest_word(struct draw_ink *k, const char *s, double size)
{
	struct buf word = BUF_INIT;
	double m = 0;

	for (; *s; s++) {
		if (*s != ' ')
			buf_addch(&word, *s);
		if ((*s == ' ' || !s[1]) && word.len) {
			m = fmax(m, draw_ink_width(k, word.data, size, 0));
			buf_reset(&word);
		}
	}
	buf_release(&word);
	return m;
}

/* Returns 0, 1 when no cell has a value nor is suppressed (no data), or -1. */
static int heat_check(const struct heatmap *p, struct err *e)
{
	const char *title = p->title ? p->title : "";
	size_t i;

	if (!p->nrows || !p->ncols)
		return 1;
	if (!p->values || !p->row_labels || !p->col_labels)
		return err_set(e, "heatmap '%s': %zu x %zu cells but no values or "
			       "labels", title, p->nrows, p->ncols);
	for (i = 0; i < p->nrows; i++)
		if (!p->row_labels[i])
			return err_set(e, "heatmap '%s': row %zu has no label",
				       title, i + 1);
	for (i = 0; i < p->ncols; i++)
		if (!p->col_labels[i])
			return err_set(e, "heatmap '%s': column %zu has no label",
				       title, i + 1);
	if (isfinite(p->lo) && isfinite(p->hi) && !(p->hi > p->lo))
		return err_set(e, "heatmap '%s': colour domain [%g, %g] is empty",
			       title, p->lo, p->hi);
	for (i = 0; i < p->nrows * p->ncols; i++)
		if (heat_suppressed(p, i) || isfinite(p->values[i]))
			return 0;
	return 1;
}

/* The colour domain, the legend's entries and its ramp ticks. */
static void heat_legend(struct draw_ink *k, const struct heatmap *p,
			struct heatmap_plan *q, double x, double w)
{
	struct heatmap_geom *g = &q->g;
	double lo = INFINITY, hi = -INFINITY;
	int na = 0, sup = 0, most;
	size_t c;

	for (c = 0; c < p->nrows * p->ncols; c++) {
		double v = p->values[c];

		sup |= heat_suppressed(p, c);
		if (heat_suppressed(p, c))
			continue;
		na |= !isfinite(v);
		if (isfinite(v)) {
			lo = fmin(lo, v);
			hi = fmax(hi, v);
		}
	}
	g->lo = isfinite(p->lo) ? p->lo : lo;
	g->hi = isfinite(p->hi) ? p->hi : hi;
	if (!(g->lo <= g->hi)) {
		g->lo = 0;
		g->hi = 1;
	} else if (g->hi == g->lo) {
		g->hi = g->lo + 1;
	}
	draw_legend_init(&q->lg);
	if (na)
		draw_legend_add(&q->lg, DRAW_SW_BLANK, draw_rgb_grey(0), chart_tr(p->lang,
			   "n.d.\xc2\xa0: non disponible", "n/a: not available"));
	if (sup)
		draw_legend_add(&q->lg, DRAW_SW_HATCH_S, draw_rgb_grey(0), draw_or_default(
			   p->suppressed_label, chart_tr(p->lang,
			   "s\xc2\xa0: effectif trop faible, non publié",
			   "s: too few respondents, withheld")));
	q->ramp_w = fmin(RAMP_MAX_W, RAMP_SHARE * w);
	q->ramp_x = x;
	q->items_x = x + q->ramp_w + RAMP_GAP;
	/* The ramp's ticks, inside the domain, are its only labels: dense. */
	for (most = (int)(q->ramp_w / 25); most >= 1; most--) {
		draw_axis_round(&q->ramp, g->lo, g->hi, most);
		if (q->ramp.step / (g->hi - g->lo) * q->ramp_w >=
		    draw_tick_room(k, &q->ramp, 0, 0, NULL) * DRAW_SZ_SMALL / DRAW_SZ_TEXT + 6)
			break;
	}
}

/*
 * Column labels wrap on at most three lines over their column, a little
 * smaller if a word needs it, or else are set vertically. Returns the
 * height of their band.
 */
static double heat_heads(struct draw_ink *k, const struct heatmap *p,
			 struct heatmap_plan *q, double cw, double room)
{
	double hh = 0, size;
	size_t j;

	for (size = DRAW_SZ_SMALL; size >= 6 - 1e-9; size -= 0.5) {
		for (hh = 0, j = 0; j < p->ncols; j++) {
			if (longest_word(k, p->col_labels[j], size) > cw - 3)
				break;
			draw_ink_set(k, p->col_labels[j], size, 0, cw - 3, 3, 0.5);
			hh = fmax(hh, k->h);
		}
		if (j == p->ncols) {
			q->g.vertical = 0;
			q->head_size = size;
			return hh;
		}
	}
	/* Upwards, on two lines if the column is wide enough for them. */
	q->g.vertical = 1;
	q->head_size = DRAW_SZ_SMALL;
	q->head_lines = cw >= 2 * draw_line_h(k, DRAW_SZ_SMALL) + 3 ? 2 : 1;
	for (hh = 0, j = 0; j < p->ncols; j++) {
		double full = draw_ink_width(k, p->col_labels[j], DRAW_SZ_SMALL, 0);

		/* Two lines take a little over half the length of one. */
		hh = fmax(hh, q->head_lines == 1 ? full : fmax(full * 0.6,
			  longest_word(k, p->col_labels[j], DRAW_SZ_SMALL)));
	}
	return fmin(hh + 1, room);
}

static int heat_plan(struct draw_ink *k, double x, double y, double w, double h,
		     const void *plot, void *plan, struct err *e)
{
	const struct heatmap *p = plot;
	struct heatmap_plan *q = plan;
	struct heatmap_geom *g = &q->g;
	double top, lh, sh, leg_h, cw, est, widest = 0;
	size_t c;
	int rc;

	memset(q, 0, sizeof(*q));
	if ((rc = heat_check(p, e)))
		return rc;
	if (!draw_box_ok(x, y, w, h))
		return draw_too_small(e, "heatmap", p->title, w, h);
	heat_legend(k, p, q, x, w);
	top = y + draw_title_room(k, p->title, w);
	/* Legend: the unit over the ramp, its ticks under, entries beside. */
	lh = draw_line_h(k, DRAW_SZ_TEXT);
	sh = draw_line_h(k, DRAW_SZ_SMALL);
	q->legend_y = top;
	q->ramp_y = top + lh + 2;
	leg_h = lh + 2 + RAMP_H + 2 + sh;
	if (q->lg.n)
		leg_h = fmax(leg_h, draw_legend_flow(k, &q->lg, x + w - q->items_x));
	top += leg_h + DRAW_GAP + 2;

	est = fmin(CELL_MAX_H, (y + h - top) / (double)(p->nrows + 2));
	draw_labels_fit(k, p->row_labels, p->nrows, est, LABEL_SHARE * w, &g->label_size,
		   &q->label_w);
	g->x = x + q->label_w + 5;
	cw = (x + w - g->x) / (double)p->ncols;
	q->head_h = heat_heads(k, p, q, cw, 0.35 * (y + h - top));
	g->y = top + q->head_h + 3;
	g->cell_w = cw;
	g->cell_h = fmin(CELL_MAX_H, (y + h - g->y) / (double)p->nrows);
	if (g->cell_h < CELL_MIN_H || cw < CELL_MIN_W || q->items_x + 40 > x + w) {
		draw_legend_release(&q->lg);
		return draw_too_small(e, "heatmap", p->title, w, h);
	}
	g->label_size = fmin(g->label_size, fmax(DRAW_SZ_MIN, g->cell_h * 0.8));
	/* The values shrink to fit the cells, or are left out. */
	q->value_size = fmin(DRAW_SZ_SMALL, g->cell_h * 0.6);
	for (c = 0; c < p->nrows * p->ncols; c++)
		widest = fmax(widest, draw_ink_width(k, heat_text(k, p, c),
						q->value_size, 0));
	if (widest > cw - 3)
		q->value_size *= (cw - 3) / widest;
	q->values_fit = q->value_size >= DRAW_SZ_MIN;
	return 0;
}

static void heat_ramp(struct draw_ink *k, const struct heatmap *p,
		      const struct heatmap_plan *q)
{
	const struct heatmap_geom *g = &q->g;
	cairo_pattern_t *grad;
	long i;
	int s;

	draw_ink_set(k, draw_or_default(p->unit, chart_tr(p->lang, "valeur", "value")), DRAW_SZ_TEXT,
		0, q->items_x - q->ramp_x - 6, 1, 0);
	draw_grey(k->cr, DRAW_GREY_INK);
	draw_ink_show(k, q->ramp_x, q->legend_y, 0, 0);
	grad = cairo_pattern_create_linear(q->ramp_x, 0, q->ramp_x + q->ramp_w, 0);
	for (s = 0; s <= 8; s++) {
		struct chart_rgb c = draw_seq(s / 8.0);

		cairo_pattern_add_color_stop_rgb(grad, s / 8.0, c.r, c.g, c.b);
	}
	cairo_set_source(k->cr, grad);
	cairo_rectangle(k->cr, q->ramp_x, q->ramp_y, q->ramp_w, RAMP_H);
	cairo_fill(k->cr);
	cairo_pattern_destroy(grad);
	/* Ticks at the round values inside the domain. */
	for (i = 0; i <= draw_axis_intervals(&q->ramp); i++) {
		double v = draw_axis_tick(&q->ramp, i), tol = q->ramp.step * 1e-6;
		double px = q->ramp_x + (v - g->lo) / (g->hi - g->lo) * q->ramp_w;

		if (v < g->lo - tol || v > g->hi + tol)
			continue;
		draw_grey(k->cr, DRAW_GREY_AXIS);
		cairo_set_line_width(k->cr, 0.6);
		cairo_move_to(k->cr, px, q->ramp_y + RAMP_H);
		cairo_line_to(k->cr, px, q->ramp_y + RAMP_H + 2);
		cairo_stroke(k->cr);
		draw_ink_put(k, draw_ink_num(k, v, q->ramp.decimals, 0), DRAW_SZ_SMALL,
			DRAW_GREY_AXIS, px, q->ramp_y + RAMP_H + 2, 0.5, 0);
	}
}

static void heat_cell(struct draw_ink *k, const struct heatmap *p,
		      const struct heatmap_plan *q, size_t i, size_t j)
{
	const struct heatmap_geom *g = &q->g;
	size_t c = i * p->ncols + j;
	double cx = g->x + (double)j * g->cell_w, cy = g->y + (double)i * g->cell_h;
	double text = 0.1;
	int patch = 0;

	if (heat_suppressed(p, c)) {
		draw_hatch_box(k->cr, cx + 0.5, cy + 0.5, g->cell_w - 1, g->cell_h - 1,
			  1, 0.55, 3);
		patch = 1;
	} else if (!isfinite(p->values[c])) {
		draw_grey(k->cr, 0.6);
		cairo_set_line_width(k->cr, 0.6);
		cairo_rectangle(k->cr, cx + 0.8, cy + 0.8, g->cell_w - 1.6,
				g->cell_h - 1.6);
		cairo_stroke(k->cr);
		text = 0.35;
	} else {
		struct chart_rgb col = draw_seq((p->values[c] - g->lo) /
						 (g->hi - g->lo));

		draw_paint(k->cr, col);
		cairo_rectangle(k->cr, cx + 0.5, cy + 0.5, g->cell_w - 1,
				g->cell_h - 1);
		cairo_fill(k->cr);
		text = draw_ink_on(col);
	}
	if (!q->values_fit)
		return;
	draw_ink_set(k, heat_text(k, p, c), q->value_size, 0, 0, 0, 0.5);
	if (patch) {
		draw_grey(k->cr, 1);
		cairo_rectangle(k->cr, cx + (g->cell_w - k->w) / 2 - 1.5,
				cy + (g->cell_h - k->h) / 2, k->w + 3, k->h);
		cairo_fill(k->cr);
	}
	draw_grey(k->cr, text);
	draw_ink_show(k, cx + g->cell_w / 2, cy + g->cell_h / 2, 0.5, 0.5);
}

static void heat_render(struct draw_ink *k, const void *plot, const void *plan,
			double x, double y, double w)
{
	const struct heatmap *p = plot;
	const struct heatmap_plan *q = plan;
	const struct heatmap_geom *g = &q->g;
	size_t i, j;

	draw_title_draw(k, p->title, x, y, w);
	heat_ramp(k, p, q);
	draw_legend_draw(k, &q->lg, q->items_x, q->ramp_y - 1);
	for (j = 0; j < p->ncols; j++) {
		double cx = g->x + ((double)j + 0.5) * g->cell_w;

		draw_grey(k->cr, 0.1);
		if (!g->vertical) {
			draw_ink_set(k, p->col_labels[j], q->head_size, 0,
				g->cell_w - 3, 3, 0.5);
			draw_ink_show(k, cx, g->y - 3, 0.5, 1);
			continue;
		}
		cairo_save(k->cr);
		cairo_translate(k->cr, cx, g->y - 3);
		cairo_rotate(k->cr, -M_PI / 2);
		draw_ink_set(k, p->col_labels[j], q->head_size, 0, q->head_h,
			q->head_lines, 0);
		draw_ink_show(k, 0, 0, 0, 0.5);
		cairo_restore(k->cr);
	}
	for (i = 0; i < p->nrows; i++) {
		draw_label_put(k, p->row_labels[i], g->label_size, q->label_w,
			  g->x - 5, g->y + ((double)i + 0.5) * g->cell_h);
		for (j = 0; j < p->ncols; j++)
			heat_cell(k, p, q, i, j);
	}
}


_Static_assert(offsetof(struct heatmap_plan, g) == 0, "geometry first in a plan");

static const struct draw_kind heatmap_kind = {
	"heatmap", heat_plan, heat_render,
	offsetof(struct heatmap_plan, lg), sizeof(struct heatmap_geom),
};

int heatmap_layout(cairo_t *cr, double x, double y, double w, double h,
			 const struct heatmap *p,
			 struct heatmap_geom *g, struct err *e)
{
	struct heatmap_plan u;

	return draw_kind_layout(&heatmap_kind, cr, x, y, w, h, p, p->title, p->lang, &u, g, e);
}

int heatmap_draw(cairo_t *cr, double x, double y, double w, double h,
		       const struct heatmap *p, struct err *e)
{
	struct heatmap_plan u;

	return draw_kind_draw(&heatmap_kind, cr, x, y, w, h, p, p->title, p->lang, &u, e);
}

int heatmap_draw_fn(cairo_t *cr, double x, double y, double w,
			  double h, const void *plot, struct err *e)
{
	return heatmap_draw(cr, x, y, w, h, plot, e);
}

static double heatmap_height(const void *chart, double w)
{
	(void)chart;
	(void)w;
	return HEATMAP_HEIGHT;
}

const struct chart_kind heatmap_chart = { heatmap_draw_fn, heatmap_height };
