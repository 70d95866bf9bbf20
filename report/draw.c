#include "draw.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

const char *draw_or_default(const char *s, const char *dflt)
{
	return s && *s ? s : dflt;
}

void draw_paint(cairo_t *cr, struct chart_rgb c)
{
	cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

void draw_grey(cairo_t *cr, double v)
{
	cairo_set_source_rgb(cr, v, v, v);
}

/* viridis at 0, 1/8, ..., 1 (matplotlib's table), from dark to light. */
static const unsigned char viridis[9][3] = {
	{ 68, 1, 84 }, { 71, 45, 123 }, { 59, 82, 139 }, { 44, 114, 142 },
	{ 33, 144, 140 }, { 39, 173, 129 }, { 93, 200, 99 }, { 170, 220, 50 },
	{ 253, 231, 37 },
};

struct chart_rgb draw_seq(double t)
{
	struct chart_rgb c;
	double u, f;
	int i;

	t = isnan(t) ? 0.5 : t < 0 ? 0 : t > 1 ? 1 : t;
	u = (1 - t) * 8;	/* light end first */
	i = (int)floor(u);
	i = i > 7 ? 7 : i;
	f = u - i;
	c.r = ((1 - f) * viridis[i][0] + f * viridis[i + 1][0]) / 255;
	c.g = ((1 - f) * viridis[i][1] + f * viridis[i + 1][1]) / 255;
	c.b = ((1 - f) * viridis[i][2] + f * viridis[i + 1][2]) / 255;
	return c;
}

double draw_ink_on(struct chart_rgb bg)
{
	double ch[3] = { bg.r, bg.g, bg.b }, lum = 0;
	static const double wt[3] = { 0.2126, 0.7152, 0.0722 };
	int i;

	for (i = 0; i < 3; i++)
		lum += wt[i] * (ch[i] <= 0.04045 ? ch[i] / 12.92
				: pow((ch[i] + 0.055) / 1.055, 2.4));
	return 1.05 / (lum + 0.05) > (lum + 0.05) / 0.05 ? 1.0 : 0.1;
}

/* --- Text --------------------------------------------------------------- */


void draw_ink_open(struct draw_ink *k, cairo_t *cr, enum fmt_lang lang)
{
	k->cr = cr;
	k->lang = lang;
	k->pl = pango_cairo_create_layout(cr);
	k->font = pango_font_description_new();
	pango_font_description_set_family(k->font, CHART_FONT);
	k->w = k->h = k->ox = k->oy = 0;
	buf_init(&k->s);
}

void draw_ink_close(struct draw_ink *k)
{
	g_object_unref(k->pl);
	pango_font_description_free(k->font);
	buf_release(&k->s);
}

void draw_ink_set(struct draw_ink *k, const char *s, double size, int bold,
		    double wrap, int lines, double align)
{
	PangoRectangle r;

	pango_font_description_set_absolute_size(k->font, size * PANGO_SCALE);
	pango_font_description_set_weight(k->font, bold ? PANGO_WEIGHT_BOLD
					  : PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(k->pl, k->font);
	pango_layout_set_alignment(k->pl, align > 0.75 ? PANGO_ALIGN_RIGHT
				   : align > 0.25 ? PANGO_ALIGN_CENTER
				   : PANGO_ALIGN_LEFT);
	pango_layout_set_wrap(k->pl, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_width(k->pl, wrap > 0 ? (int)(wrap * PANGO_SCALE) : -1);
	pango_layout_set_height(k->pl, wrap > 0 ? -(lines < 1 ? 1 : lines) : -1);
	pango_layout_set_ellipsize(k->pl, wrap > 0 ? PANGO_ELLIPSIZE_END
				   : PANGO_ELLIPSIZE_NONE);
	pango_layout_set_text(k->pl, s ? s : "", -1);
	pango_layout_get_extents(k->pl, NULL, &r);
	k->ox = (double)r.x / PANGO_SCALE;
	k->oy = (double)r.y / PANGO_SCALE;
	k->w = (double)r.width / PANGO_SCALE;
	k->h = (double)r.height / PANGO_SCALE;
}

double draw_ink_width(struct draw_ink *k, const char *s, double size, int bold)
{
	draw_ink_set(k, s, size, bold, 0, 0, 0);
	return k->w;
}

void draw_ink_show(struct draw_ink *k, double x, double y, double ha, double va)
{
	pango_cairo_update_layout(k->cr, k->pl);
	cairo_move_to(k->cr, x - ha * k->w - k->ox, y - va * k->h - k->oy);
	pango_cairo_show_layout(k->cr, k->pl);
}

void draw_ink_put(struct draw_ink *k, const char *s, double size, double g,
		    double x, double y, double ha, double va)
{
	draw_ink_set(k, s, size, 0, 0, 0, ha);
	draw_grey(k->cr, g);
	draw_ink_show(k, x, y, ha, va);
}

const char *draw_ink_num(struct draw_ink *k, double v, int dec, int pct)
{
	buf_reset(&k->s);
	if (pct)
		fmt_pct(&k->s, v, dec < 2 ? 0 : dec - 2, k->lang);
	else
		fmt_num(&k->s, v, dec, k->lang);
	return k->s.data;
}

double draw_line_h(struct draw_ink *k, double size)
{
	draw_ink_set(k, "Ag", size, 0, 0, 0, 0);
	return k->h;
}

/* --- Axes --------------------------------------------------------------- */

void draw_axis_round(struct draw_axis *a, double lo, double hi, int most)
{
	static const double mant[] = { 1, 2, 2.5, 5 };
	int ex, i;

	if (!isfinite(lo) || !isfinite(hi)) {
		lo = 0;
		hi = 1;
	}
	if (!(hi > lo))
		hi = lo + (lo != 0 ? fabs(lo) / 2 : 1);
	most = most < 1 ? 1 : most;
	for (ex = (int)floor(log10((hi - lo) / most)) - 1;; ex++) {
		for (i = 0; i < 4; i++) {
			double st = mant[i] * pow(10.0, ex);
			double from = floor(lo / st + 1e-9) * st;
			double to = ceil(hi / st - 1e-9) * st;

			if ((to - from) / st > most + 0.5)
				continue;
			a->lo = from;
			a->hi = to;
			a->step = st;
			a->decimals = (ex < 0 ? -ex : 0) + (i == 2 && ex <= 0);
			return;
		}
	}
}

long draw_axis_intervals(const struct draw_axis *a)
{
	return lround((a->hi - a->lo) / a->step);
}

double draw_axis_tick(const struct draw_axis *a, long i)
{
	double v = a->lo + (double)i * a->step;

	return fabs(v) < a->step * 1e-9 ? 0 : v;
}

double draw_tick_room(struct draw_ink *k, const struct draw_axis *a, int pct,
			int tall, double *last)
{
	long i, n = draw_axis_intervals(a);
	double m = 0;

	for (i = 0; i <= n; i++) {
		draw_ink_set(k, draw_ink_num(k, draw_axis_tick(a, i), a->decimals, pct),
			DRAW_SZ_TEXT, 0, 0, 0, 0);
		m = fmax(m, tall ? k->h : k->w);
		if (last)
			*last = k->w;
	}
	return m;
}

void draw_axis_fit(struct draw_ink *k, struct draw_axis *a, double lo,
		     double hi, double len, int pct, int tall)
{
	int most = (int)(len / (tall ? 30 : 55));

	for (most = most > 10 ? 10 : most < 2 ? 2 : most; most >= 1; most--) {
		draw_axis_round(a, lo, hi, most);
		if (len / (double)draw_axis_intervals(a) >=
		    draw_tick_room(k, a, pct, tall, NULL) + (tall ? 4 : 8))
			break;
	}
	if (most < 1)
		draw_axis_round(a, lo, hi, 1);
}

double draw_frame_x(const struct draw_frame *f, double v)
{
	return f->x + (v - f->ax.lo) / (f->ax.hi - f->ax.lo) * f->w;
}

double draw_frame_y(const struct draw_frame *f, double v)
{
	return f->y + f->h - (v - f->ay.lo) / (f->ay.hi - f->ay.lo) * f->h;
}

void draw_frame_grid(cairo_t *cr, const struct draw_frame *f, int vx,
		       int vy)
{
	long i;

	draw_grey(cr, DRAW_GREY_GRID);
	cairo_set_line_width(cr, 0.5);
	for (i = 0; vx && i <= draw_axis_intervals(&f->ax); i++) {
		double px = draw_frame_x(f, draw_axis_tick(&f->ax, i));

		cairo_move_to(cr, px, f->y);
		cairo_line_to(cr, px, f->y + f->h);
	}
	for (i = 0; vy && i <= draw_axis_intervals(&f->ay); i++) {
		double py = draw_frame_y(f, draw_axis_tick(&f->ay, i));

		cairo_move_to(cr, f->x, py);
		cairo_line_to(cr, f->x + f->w, py);
	}
	cairo_stroke(cr);
}

void draw_frame_xlabels(struct draw_ink *k, const struct draw_frame *f,
			  double ty, int pct, const char *unit)
{
	long i;

	for (i = 0; i <= draw_axis_intervals(&f->ax); i++) {
		double v = draw_axis_tick(&f->ax, i);

		draw_ink_put(k, draw_ink_num(k, v, f->ax.decimals, pct), DRAW_SZ_TEXT,
			DRAW_GREY_AXIS, draw_frame_x(f, v), ty, 0.5, 0);
	}
	if (unit && *unit) {
		double lh = draw_line_h(k, DRAW_SZ_TEXT);

		draw_ink_set(k, unit, DRAW_SZ_TEXT, 0, f->w, 1, 0.5);
		draw_grey(k->cr, DRAW_GREY_INK);
		draw_ink_show(k, f->x + f->w / 2, ty + lh + 2, 0.5, 0);
	}
}

void draw_frame_ylabels(struct draw_ink *k, const struct draw_frame *f,
			  double ux, int pct, const char *unit)
{
	long i;

	for (i = 0; i <= draw_axis_intervals(&f->ay); i++) {
		double v = draw_axis_tick(&f->ay, i);

		draw_ink_put(k, draw_ink_num(k, v, f->ay.decimals, pct), DRAW_SZ_TEXT,
			DRAW_GREY_AXIS, f->x - 4, draw_frame_y(f, v), 1, 0.5);
	}
	if (!unit || !*unit)
		return;
	cairo_save(k->cr);
	cairo_translate(k->cr, ux, f->y + f->h / 2);
	cairo_rotate(k->cr, -M_PI / 2);
	draw_ink_set(k, unit, DRAW_SZ_TEXT, 0, f->h, 1, 0.5);
	draw_grey(k->cr, DRAW_GREY_INK);
	draw_ink_show(k, 0, 0, 0.5, 0);
	cairo_restore(k->cr);
}

/* --- Swatches and legends -------------------------------------------- */


void draw_hatch_box(cairo_t *cr, double x, double y, double w, double h,
		      double bg, double fg, double gap)
{
	double reach = w + h, t;

	cairo_save(cr);
	cairo_rectangle(cr, x, y, w, h);
	cairo_clip(cr);
	draw_grey(cr, bg);
	cairo_paint(cr);
	/* In a frame turned by 45 degrees, the lines are thin bands. */
	cairo_translate(cr, x, y + h);
	cairo_rotate(cr, -M_PI / 4);
	for (t = -reach; t < reach; t += gap)
		cairo_rectangle(cr, -reach, t, 2 * reach, 0.6);
	draw_grey(cr, fg);
	cairo_fill(cr);
	cairo_restore(cr);
}





void draw_legend_init(struct draw_legend *lg)
{
	lg->n = 0;
	lg->h = 0;
	lg->column = 0;
}

void draw_legend_release(struct draw_legend *lg)
{
	size_t i;

	for (i = 0; i < lg->n; i++)
		buf_release(&lg->it[i].text);
	lg->n = 0;
}

struct draw_legend_item *draw_legend_add(struct draw_legend *lg, enum draw_swatch kind,
				      struct chart_rgb c, const char *text)
{
	struct draw_legend_item *it;

	if (lg->n == DRAW_LEG_MAX)
		return &lg->it[DRAW_LEG_MAX - 1];	/* never: sized for the worst */
	it = &lg->it[lg->n++];
	memset(it, 0, sizeof(*it));
	it->kind = kind;
	it->c = c;
	it->width = 1.2;
	it->size = DRAW_SZ_TEXT;
	buf_init(&it->text);
	buf_addstr(&it->text, text);
	return it;
}

struct chart_rgb draw_rgb_grey(double v)
{
	struct chart_rgb c = { v, v, v };

	return c;
}

double draw_legend_flow(struct draw_ink *k, struct draw_legend *lg, double w)
{
	double cx = 0, cy = 0, row = 0;
	size_t i;

	for (i = 0; i < lg->n; i++) {
		struct draw_legend_item *it = &lg->it[i];
		double sw = it->kind == DRAW_SW_NONE ? 0 : DRAW_SW_W + 4;

		draw_ink_set(k, it->text.data, it->size, 0, w - sw, 3, 0);
		it->w = sw + k->w;
		it->h = fmax(k->h, DRAW_SW_H + 2);
		if (cx > 0 && (cx + it->w > w || it->kind == DRAW_SW_NONE ||
			       lg->column)) {
			/* A little air between notes and swatches. */
			int change = i > 0 && (it->kind == DRAW_SW_NONE) !=
				     (lg->it[i - 1].kind == DRAW_SW_NONE);

			cx = 0;
			cy += row + (change ? 5 : 3);
			row = 0;
		}
		it->x = cx;
		it->y = cy;
		cx += it->w + 12;
		row = fmax(row, it->h);
		if (it->kind == DRAW_SW_NONE)
			cx = w;	/* alone on its row */
	}
	lg->h = lg->n ? cy + row : 0;
	return lg->h;
}

void draw_swatch(struct draw_ink *k, const struct draw_legend_item *it, double x,
		   double cy)
{
	cairo_t *cr = k->cr;
	double top = cy - DRAW_SW_H / 2;
	static const double dash[] = { 3.0, 2.0 };

	cairo_save(cr);
	switch (it->kind) {
	case DRAW_SW_FILL:
		draw_paint(cr, it->c);
		cairo_rectangle(cr, x, top, DRAW_SW_W, DRAW_SW_H);
		cairo_fill(cr);
		break;
	case DRAW_SW_NA:
		draw_hatch_box(cr, x, top, DRAW_SW_W, DRAW_SW_H, 0.86, 0.6, 2.5);
		break;
	case DRAW_SW_SCOPE:
	case DRAW_SW_HATCH_S:
		draw_hatch_box(cr, x, top, DRAW_SW_W, DRAW_SW_H, 1, 0.45, 2.5);
		draw_grey(cr, 0.45);
		cairo_set_line_width(cr, 0.6);
		cairo_rectangle(cr, x, top, DRAW_SW_W, DRAW_SW_H);
		cairo_stroke(cr);
		break;
	case DRAW_SW_RING:
		draw_paint(cr, draw_seq(0.5));
		cairo_rectangle(cr, x, top, DRAW_SW_W, DRAW_SW_H);
		cairo_fill(cr);
		cairo_set_line_width(cr, 2);
		draw_grey(cr, 0);
		cairo_rectangle(cr, x + 1, top + 1, DRAW_SW_W - 2, DRAW_SW_H - 2);
		cairo_stroke(cr);
		break;
	case DRAW_SW_DISC:
		draw_paint(cr, it->c);
		cairo_arc(cr, x + DRAW_SW_W / 2, cy, 3, 0, 2 * M_PI);
		cairo_fill(cr);
		break;
	case DRAW_SW_DASH:
		cairo_set_dash(cr, dash, 2, 0);
		/* fall through */
	case DRAW_SW_LINE:
		draw_paint(cr, it->c);
		cairo_set_line_width(cr, it->width);
		cairo_move_to(cr, x, cy);
		cairo_line_to(cr, x + DRAW_SW_W, cy);
		cairo_stroke(cr);
		break;
	case DRAW_SW_INTERVAL:
		draw_paint(cr, it->c);
		cairo_set_line_width(cr, 1.2);
		cairo_move_to(cr, x + 0.5, cy);
		cairo_line_to(cr, x + DRAW_SW_W - 0.5, cy);
		cairo_move_to(cr, x + 0.5, cy - 2.5);
		cairo_line_to(cr, x + 0.5, cy + 2.5);
		cairo_move_to(cr, x + DRAW_SW_W - 0.5, cy - 2.5);
		cairo_line_to(cr, x + DRAW_SW_W - 0.5, cy + 2.5);
		cairo_stroke(cr);
		cairo_arc(cr, x + DRAW_SW_W / 2, cy, 3, 0, 2 * M_PI);
		cairo_fill(cr);
		break;
	case DRAW_SW_EMPTY:
	case DRAW_SW_BLANK:
		draw_grey(cr, 0.5);
		cairo_set_line_width(cr, 0.6);
		cairo_rectangle(cr, x + 0.3, top + 0.3, DRAW_SW_W - 0.6, DRAW_SW_H - 0.6);
		cairo_stroke(cr);
		break;
	case DRAW_SW_NONE:
		break;
	}
	cairo_restore(cr);
}

void draw_legend_draw(struct draw_ink *k, const struct draw_legend *lg, double x,
			double y)
{
	size_t i;

	for (i = 0; i < lg->n; i++) {
		const struct draw_legend_item *it = &lg->it[i];
		double sw = it->kind == DRAW_SW_NONE ? 0 : DRAW_SW_W + 4;

		/* The swatch faces the first line of the text. */
		if (sw > 0)
			draw_swatch(k, it, x + it->x, y + it->y +
			       draw_line_h(k, it->size) / 2);
		draw_ink_set(k, it->text.data, it->size, 0, it->w - sw + 1, 3, 0);
		draw_grey(k->cr, DRAW_GREY_INK);
		draw_ink_show(k, x + it->x + sw, y + it->y, 0, 0);
	}
}

/* --- The parts every plot shares -------------------------------------- */

int draw_box_ok(double x, double y, double w, double h)
{
	return isfinite(x) && isfinite(y) && isfinite(w) && isfinite(h) &&
	       w > 0 && h > 0;
}

int draw_too_small(struct err *e, const char *what, const char *title,
		     double w, double h)
{
	return err_set(e, "%s '%s': box %.0f x %.0f too small", what,
		       title ? title : "", w, h);
}

double draw_title_room(struct draw_ink *k, const char *title, double w)
{
	if (!title || !*title)
		return 0;
	draw_ink_set(k, title, DRAW_SZ_TITLE, 1, w, 3, 0);
	return k->h + DRAW_GAP;
}

void draw_title_draw(struct draw_ink *k, const char *title, double x, double y,
		       double w)
{
	if (!title || !*title)
		return;
	draw_ink_set(k, title, DRAW_SZ_TITLE, 1, w, 3, 0);
	draw_grey(k->cr, 0.1);
	draw_ink_show(k, x, y, 0, 0);
}

double draw_head_room(struct draw_ink *k, const char *title, struct draw_legend *lg,
			double y, double w)
{
	y += draw_title_room(k, title, w);
	if (lg && draw_legend_flow(k, lg, w) > 0)
		y += lg->h + DRAW_GAP;
	return y;
}

void draw_head_draw(struct draw_ink *k, const char *title, const struct draw_legend *lg,
		      double x, double y, double w)
{
	draw_title_draw(k, title, x, y, w);
	if (lg && lg->n)
		draw_legend_draw(k, lg, x, y + draw_title_room(k, title, w));
}

void draw_labels_fit(struct draw_ink *k, const char *const *labels, size_t n,
		       double step, double cap, double *size, double *width)
{
	double s = fmin(DRAW_SZ_TEXT, step * 0.8), m = 0;
	size_t i;

	s = fmax(s, DRAW_SZ_MIN);
	for (i = 0; i < n; i++)
		m = fmax(m, draw_ink_width(k, labels[i], s, 0));
	*size = s;
	*width = fmin(m, cap);
}

void draw_label_put(struct draw_ink *k, const char *label, double size,
		      double width, double x, double cy)
{
	draw_ink_set(k, label, size, 0, width + 0.5, 1, 1);
	draw_grey(k->cr, 0.1);
	draw_ink_show(k, x, cy, 1, 0.5);
}


/* --- Rows: stacked bars and intervals ----------------------------------- */


int draw_rows_plan(struct draw_ink *k, struct draw_rows *q, const char *title,
		     const char *const *labels, size_t n, double lo, double hi,
		     double x, double y, double w, double h)
{
	struct draw_frame *f = &q->g.f;
	double top = draw_head_room(k, title, &q->lg, y, w);
	double lh = draw_line_h(k, DRAW_SZ_TEXT), bottom = y + h - 2 * lh - 4;

	q->ticks_y = bottom + 3;
	f->y = top;
	f->h = bottom - top;
	q->g.step = f->h / (double)n;
	if (q->g.step < 6)
		return -1;
	draw_labels_fit(k, labels, n, q->g.step, 0.3 * w, &q->g.label_size,
		   &q->label_w);
	f->x = x + q->label_w + 6;
	f->w = x + w - q->right_w - 6 - f->x;
	if (f->w < 60)
		return -1;
	draw_axis_fit(k, &f->ax, lo, hi, f->w, q->pct, 0);
	/* The last tick label is centred on the axis end: keep it in. */
	if (q->right_w < 6) {
		double last = 0;

		draw_tick_room(k, &f->ax, q->pct, 0, &last);
		f->w -= fmax(0, last / 2 - q->right_w - 6);
		draw_axis_fit(k, &f->ax, lo, hi, f->w, q->pct, 0);
	}
	return 0;
}

void draw_rows_axis(struct draw_ink *k, const struct draw_rows *q,
		      const char *unit)
{
	const struct draw_frame *f = &q->g.f;
	long i;

	draw_grey(k->cr, DRAW_GREY_AXIS);
	cairo_set_line_width(k->cr, 0.6);
	for (i = 0; i <= draw_axis_intervals(&f->ax); i++) {
		double px = draw_frame_x(f, draw_axis_tick(&f->ax, i));

		cairo_move_to(k->cr, px, f->y + f->h);
		cairo_line_to(k->cr, px, f->y + f->h + 2.5);
	}
	cairo_stroke(k->cr);
	draw_frame_xlabels(k, f, q->ticks_y, q->pct, unit);
}

/* A row with no respondent has no data: "n.d.", not suppressed. */

/* --- Entry points ------------------------------------------------------ */


static void plan_release(const struct draw_kind *kd, void *u)
{
	draw_legend_release((struct draw_legend *)(void *)((char *)u + kd->legend_at));
}

int draw_kind_layout(const struct draw_kind *kd, cairo_t *cr, double x, double y,
		       double w, double h, const void *plot, const char *title,
		       enum fmt_lang lang, void *u, void *geom, struct err *e)
{
	struct chart_nodata_geom ng;
	struct draw_ink k;
	int rc;

	draw_ink_open(&k, cr, lang);
	rc = kd->plan(&k, x, y, w, h, plot, u, e);
	if (rc == 0) {
		memcpy(geom, u, kd->geom_size);
		plan_release(kd, u);
	}
	draw_ink_close(&k);
	if (rc == 1) {
		/* No data: a zeroed geometry, and the errors of the frame. */
		memset(geom, 0, kd->geom_size);
		rc = chart_nodata_layout(cr, x, y, w, h, title, &ng, e);
	}
	return rc;
}

int draw_kind_draw(const struct draw_kind *kd, cairo_t *cr, double x, double y,
		     double w, double h, const void *plot, const char *title,
		     enum fmt_lang lang, void *u, struct err *e)
{
	cairo_status_t st = cairo_status(cr);
	struct draw_ink k;
	int rc;

	if (st == CAIRO_STATUS_SUCCESS) {
		draw_ink_open(&k, cr, lang);
		rc = kd->plan(&k, x, y, w, h, plot, u, e);
		if (rc) {
			draw_ink_close(&k);
			return rc == 1 ? chart_nodata_draw(cr, x, y, w, h, title,
							   lang, e) : -1;
		}
		cairo_save(cr);
		cairo_new_path(cr);
		kd->render(&k, plot, u, x, y, w);
		cairo_restore(cr);
		plan_release(kd, u);
		draw_ink_close(&k);
		st = cairo_status(cr);
	}
	if (st != CAIRO_STATUS_SUCCESS)
		return err_io(e, "%s '%s': cairo: %s", kd->what, title ? title : "",
			       cairo_status_to_string(st));
	return 0;
}
