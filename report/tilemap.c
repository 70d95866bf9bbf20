#include "draw.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "tilemap.h"

/* The height of the chart on the page, in points, at the text width: the grid of 13 rows and the overseas row. */
#define TILEMAP_HEIGHT 470.0

/* --- Tile-grid map -------------------------------------------------- */

#define GRID_ROWS 13
#define GRID_COLS 12
#define INSET_ROW 13		/* the overseas departments' row, */
#define INSET_DROP 0.5		/* moved down by half a pitch */
#define TILE_FILL 0.92		/* share of the pitch a tile covers */

/*
 * Cells of the 101 departments; the metropolitan ones follow the map: the
 * Nord at the top, Finistère at the far left, Corsica off the coast.
 */
static const struct tile {
	char code[4];
	signed char row, col;
} tiles[] = {
	{ "01", 7, 9 }, { "02", 1, 7 }, { "03", 6, 7 }, { "04", 10, 9 },
	{ "05", 9, 10 }, { "06", 10, 10 }, { "07", 9, 8 }, { "08", 1, 8 },
	{ "09", 12, 5 }, { "10", 3, 8 }, { "11", 11, 6 }, { "12", 9, 6 },
	{ "13", 11, 8 }, { "14", 2, 3 }, { "15", 8, 6 }, { "16", 7, 3 },
	{ "17", 7, 2 }, { "18", 6, 6 }, { "19", 8, 5 }, { "21", 5, 8 },
	{ "22", 3, 1 }, { "23", 7, 5 }, { "24", 8, 4 }, { "25", 6, 10 },
	{ "26", 9, 9 }, { "27", 2, 4 }, { "28", 4, 4 }, { "29", 3, 0 },
	{ "2A", 12, 11 }, { "2B", 11, 11 }, { "30", 10, 7 }, { "31", 11, 5 },
	{ "32", 10, 4 }, { "33", 8, 3 }, { "34", 11, 7 }, { "35", 3, 2 },
	{ "36", 6, 5 }, { "37", 5, 4 }, { "38", 8, 8 }, { "39", 6, 9 },
	{ "40", 9, 3 }, { "41", 5, 5 }, { "42", 7, 7 }, { "43", 8, 7 },
	{ "44", 5, 2 }, { "45", 5, 6 }, { "46", 9, 5 }, { "47", 9, 4 },
	{ "48", 9, 7 }, { "49", 5, 3 }, { "50", 2, 2 }, { "51", 2, 7 },
	{ "52", 4, 8 }, { "53", 4, 2 }, { "54", 3, 9 }, { "55", 2, 8 },
	{ "56", 4, 1 }, { "57", 2, 9 }, { "58", 5, 7 }, { "59", 0, 6 },
	{ "60", 1, 6 }, { "61", 3, 3 }, { "62", 0, 5 }, { "63", 7, 6 },
	{ "64", 10, 3 }, { "65", 11, 4 }, { "66", 12, 6 }, { "67", 3, 10 },
	{ "68", 4, 10 }, { "69", 7, 8 }, { "70", 5, 9 }, { "71", 6, 8 },
	{ "72", 4, 3 }, { "73", 8, 9 }, { "74", 7, 10 }, { "75", 3, 6 },
	{ "76", 1, 4 }, { "77", 3, 7 }, { "78", 3, 4 }, { "79", 6, 3 },
	{ "80", 1, 5 }, { "81", 10, 6 }, { "82", 10, 5 }, { "83", 11, 9 },
	{ "84", 10, 8 }, { "85", 6, 2 }, { "86", 6, 4 }, { "87", 7, 4 },
	{ "88", 4, 9 }, { "89", 4, 7 }, { "90", 5, 10 }, { "91", 4, 5 },
	{ "92", 3, 5 }, { "93", 2, 6 }, { "94", 4, 6 }, { "95", 2, 5 },
	{ "971", INSET_ROW, 0 }, { "972", INSET_ROW, 1 },
	{ "973", INSET_ROW, 2 }, { "974", INSET_ROW, 3 },
	{ "976", INSET_ROW, 4 },
};

#define NTILES (sizeof(tiles) / sizeof(tiles[0]))

static int tile_find(const char *code)
{
	size_t i;

	for (i = 0; code && i < NTILES; i++)
		if (!strcmp(tiles[i].code, code))
			return (int)i;
	return -1;
}

/* What a tile shows, from the input. */
struct tile_state {
	double v;	/* NaN: not available */
	int flag;
};

/* Everything the map's drawing needs besides the public geometry. */
struct tilemap_plan {
	struct tilemap_geom g;
	struct tile_state st[NTILES];
	struct draw_legend lg;
	double top;
	int class_dec;		/* decimals of the class bounds */
};

/* The legend's label of class c into b. */
static void class_text(struct draw_ink *k, const struct tilemap_geom *g,
		       size_t c, int dec, struct buf *b)
{
	double lo = g->bounds[c], hi = g->bounds[c + 1];

	buf_reset(b);
	if (lo == hi) {
		fmt_num(b, lo, dec, k->lang);
	} else if (isinf(lo) && isinf(hi)) {
		buf_addstr(b, chart_tr(k->lang, "toutes valeurs", "all values"));
	} else if (isinf(lo)) {
		buf_addstr(b, "< ");
		fmt_num(b, hi, dec, k->lang);
	} else if (isinf(hi)) {
		buf_addstr(b, "\xe2\x89\xa5 ");	/* ≥ */
		fmt_num(b, lo, dec, k->lang);
	} else {
		fmt_num(b, lo, dec, k->lang);
		buf_addstr(b, " \xe2\x80\x93 ");	/* – */
		fmt_num(b, hi, dec, k->lang);
	}
}

/*
 * Reads the input into p->st and the classes into p->g; returns 0, 1 when
 * no tile has a value to class (no data), or -1.
 */
static int tilemap_read(struct tilemap_plan *p, const struct tilemap *m,
			struct err *e)
{
	struct tilemap_geom *g = &p->g;
	const char *title = m->title ? m->title : "";
	double vmin = INFINITY, vmax = -INFINITY;
	size_t i, want = m->nclasses ? m->nclasses : 5;

	if (!m->n)
		return 1;
	if (!m->codes || !m->values)
		return err_set(e, "tile map '%s': no codes or values", title);
	if (want > TILEMAP_MAX_CLASSES)
		return err_set(e, "tile map '%s': %zu classes, at most %d", title,
			       want, TILEMAP_MAX_CLASSES);
	for (i = 0; i < NTILES; i++) {
		p->st[i].v = NAN;
		p->st[i].flag = -1;	/* not in the input yet */
	}
	p->class_dec = m->decimals;
	for (i = 0; i < m->n; i++) {
		int t = tile_find(m->codes[i]);
		int f = m->flags ? m->flags[i] : CHART_PLAIN;

		if (t < 0)
			return err_set(e, "tile map '%s': code %zu: '%s' is not a "
				       "department", title, i + 1,
				       m->codes[i] ? m->codes[i] : "(null)");
		if (p->st[t].flag >= 0)
			return err_set(e, "tile map '%s': department '%s' given "
				       "twice", title, m->codes[i]);
		if (f < CHART_PLAIN || f > CHART_OUT_OF_SCOPE)
			return err_set(e, "tile map '%s': department '%s': bad "
				       "flag %d", title, m->codes[i], f);
		p->st[t].flag = f;
		p->st[t].v = isfinite(m->values[i]) ? m->values[i] : NAN;
		if (f == CHART_OUT_OF_SCOPE || isnan(p->st[t].v))
			continue;
		vmin = fmin(vmin, p->st[t].v);
		vmax = fmax(vmax, p->st[t].v);
	}
	for (i = 0; i < NTILES; i++)
		if (p->st[i].flag < 0)
			p->st[i].flag = CHART_PLAIN;
	if (!(vmin <= vmax))
		return 1;	/* every tile n.d. or out of scope */

	if (m->breaks) {
		g->nclasses = want;
		g->bounds[0] = -INFINITY;
		g->bounds[want] = INFINITY;
		for (i = 1; i < want; i++) {
			g->bounds[i] = m->breaks[i - 1];
			if (!isfinite(g->bounds[i]) ||
			    (i > 1 && !(g->bounds[i] > g->bounds[i - 1])))
				return err_set(e, "tile map '%s': break %zu is not "
					       "finite and above the one before",
					       title, i);
		}
	} else if (vmin == vmax) {
		/* One value (all zero, say): one class named by it, not a
		   scale of classes nothing falls in. */
		g->nclasses = 1;
		g->bounds[0] = g->bounds[1] = vmin;
	} else {
		struct draw_axis a;

		/* Round bounds, equal widths: the classes of the legend. */
		draw_axis_round(&a, vmin, vmax, (int)want);
		/* A step of 0.25 needs two decimals whatever the caller's. */
		p->class_dec = a.decimals > p->class_dec ? a.decimals
			: p->class_dec;
		g->nclasses = (size_t)draw_axis_intervals(&a);
		for (i = 0; i <= g->nclasses; i++)
			g->bounds[i] = draw_axis_tick(&a, (long)i);
	}
	return 0;
}

int tilemap_class(const struct tilemap_geom *g, double v)
{
	size_t c;

	if (!isfinite(v) || !g->nclasses)
		return -1;
	for (c = g->nclasses - 1; c > 0; c--) {
		double b = g->bounds[c];
		double tol = isfinite(g->bounds[c + 1]) ? 1e-9 *
			(g->bounds[c + 1] - b) : 1e-12 * fabs(b);

		if (v >= b - tol)
			break;
	}
	return (int)c;
}

struct chart_rgb tilemap_colour(const struct tilemap_geom *g,
				      size_t k)
{
	/* A single class is no scale: the middle colour. */
	return draw_seq(g->nclasses > 1 ? (double)k / (double)(g->nclasses - 1)
			 : 0.5);
}

static void tilemap_legend(struct draw_ink *k, struct tilemap_plan *p,
			   const struct tilemap *m)
{
	struct tilemap_geom *g = &p->g;
	struct buf t = BUF_INIT;
	int na = 0, scope = 0, flagged = 0;
	size_t i;

	draw_legend_init(&p->lg);
	p->lg.column = 1;
	draw_legend_add(&p->lg, DRAW_SW_NONE, draw_rgb_grey(0), draw_or_default(m->unit,
		   chart_tr(m->lang, "valeur", "value")));
	for (i = 0; i < g->nclasses; i++) {
		class_text(k, g, i, p->class_dec, &t);
		draw_legend_add(&p->lg, DRAW_SW_FILL, tilemap_colour(g, i), t.data);
	}
	if (g->nclasses > 1 && (m->class_note || !m->breaks))
		draw_legend_add(&p->lg, DRAW_SW_NONE, draw_rgb_grey(0), draw_or_default(m->class_note,
			   chart_tr(m->lang, "classes d'égale amplitude",
			      "classes of equal width")))->size = DRAW_SZ_SMALL;
	for (i = 0; i < NTILES; i++) {
		scope |= p->st[i].flag == CHART_OUT_OF_SCOPE;
		na |= p->st[i].flag != CHART_OUT_OF_SCOPE && isnan(p->st[i].v);
		flagged |= p->st[i].flag == CHART_FLAGGED;
	}
	if (na)
		draw_legend_add(&p->lg, DRAW_SW_NA, draw_rgb_grey(0),
			   chart_tr(m->lang, "n.d.\xc2\xa0: non disponible",
			      "n/a: not available"));
	if (scope)
		draw_legend_add(&p->lg, DRAW_SW_SCOPE, draw_rgb_grey(0), draw_or_default(m->scope_label,
			   chart_tr(m->lang, "hors champ", "out of scope")));
	if (flagged)
		draw_legend_add(&p->lg, DRAW_SW_RING, draw_rgb_grey(0), draw_or_default(m->flag_label,
			   chart_tr(m->lang, "signalé", "flagged")));
	buf_release(&t);
}

/* The legend column's width: its widest entry, within [80, 0.3 w]. */
static double tilemap_legend_w(struct draw_ink *k, const struct draw_legend *lg,
			       double w)
{
	double m = 0;
	size_t i;

	for (i = 0; i < lg->n; i++) {
		const struct draw_legend_item *it = &lg->it[i];
		double tw = draw_ink_width(k, it->text.data, it->size, 0);

		/* Headings and notes may wrap; swatch entries should not. */
		m = fmax(m, it->kind == DRAW_SW_NONE ? fmin(tw, 100) : DRAW_SW_W + 4 + tw);
	}
	return fmin(fmax(m + 1, 80), 0.3 * w);
}

static int tilemap_plan(struct draw_ink *k, double x, double y, double w, double h,
			const void *plot, void *plan, struct err *e)
{
	const struct tilemap *m = plot;
	struct tilemap_plan *p = plan;
	struct tilemap_geom *g = &p->g;
	const double rows = INSET_ROW + INSET_DROP + 1;
	double lw, avail_h, pitch, lh;
	int wide, rc;

	memset(p, 0, sizeof(*p));
	if (!draw_box_ok(x, y, w, h))
		return draw_too_small(e, "tile map", m->title, w, h);
	if ((rc = tilemap_read(p, m, e)))
		return rc;
	tilemap_legend(k, p, m);
	p->top = y + draw_title_room(k, m->title, w);
	avail_h = y + h - p->top;
	lw = tilemap_legend_w(k, &p->lg, w);
	lh = draw_legend_flow(k, &p->lg, lw);
	/*
	 * Column 11 is empty but for Corsica at the bottom: the legend takes
	 * its place when it is short enough, else a column of its own.
	 */
	pitch = fmin((w - lw - DRAW_GAP) / (GRID_COLS - 1), avail_h / rows);
	wide = lh > (GRID_ROWS - 2) * pitch;
	if (wide)
		pitch = fmin((w - lw - DRAW_GAP) / GRID_COLS, avail_h / rows);
	if (pitch < 14 || lh > avail_h) {
		draw_legend_release(&p->lg);
		return draw_too_small(e, "tile map", m->title, w, h);
	}
	g->pitch = pitch;
	g->tile = pitch * TILE_FILL;
	g->legend_w = lw;
	/* Centred across the box. */
	g->map_x = x + (w - ((wide ? GRID_COLS : GRID_COLS - 1) * pitch + DRAW_GAP +
			     lw)) / 2;
	g->map_y = p->top;
	g->inset_y = g->map_y + (INSET_ROW + INSET_DROP) * pitch;
	g->legend_x = g->map_x + (wide ? GRID_COLS : GRID_COLS - 1) * pitch + DRAW_GAP;
	g->legend_y = p->top;
	g->label_size = fmin(DRAW_SZ_TEXT, g->tile * 0.3);
	return 0;
}

static void cell_origin(const struct tilemap_geom *g, size_t t,
			double *cx, double *cy)
{
	double off = (g->pitch - g->tile) / 2;

	*cx = g->map_x + tiles[t].col * g->pitch + off;
	*cy = tiles[t].row == INSET_ROW ? g->inset_y + off
		: g->map_y + tiles[t].row * g->pitch + off;
}

int tilemap_centre(const struct tilemap_geom *g, const char *code,
			 double *cx, double *cy)
{
	int t = tile_find(code);

	if (t < 0)
		return -1;
	cell_origin(g, (size_t)t, cx, cy);
	*cx += g->tile / 2;
	*cy += g->tile / 2;
	return 0;
}

static void tile_draw(struct draw_ink *k, const struct tilemap_plan *p, size_t t)
{
	const struct tilemap_geom *g = &p->g;
	const struct tile_state *s = &p->st[t];
	cairo_t *cr = k->cr;
	double tx, ty, sz = g->tile, text = 0.1;
	int cls = tilemap_class(g, s->v);

	cell_origin(g, t, &tx, &ty);
	if (s->flag == CHART_OUT_OF_SCOPE) {
		draw_hatch_box(cr, tx, ty, sz, sz, 1, 0.45, 3);
		draw_grey(cr, 0.45);
		cairo_set_line_width(cr, 0.6);
		cairo_rectangle(cr, tx + 0.3, ty + 0.3, sz - 0.6, sz - 0.6);
		cairo_stroke(cr);
	} else if (cls < 0) {
		draw_hatch_box(cr, tx, ty, sz, sz, 0.86, 0.6, 3);
	} else {
		struct chart_rgb c = tilemap_colour(g, (size_t)cls);

		draw_paint(cr, c);
		cairo_rectangle(cr, tx, ty, sz, sz);
		cairo_fill(cr);
		text = draw_ink_on(c);
	}
	if (s->flag == CHART_FLAGGED) {
		/* Black then white: seen on the darkest fill and the lightest. */
		double b = fmax(1.6, sz * 0.08);

		cairo_set_line_width(cr, b);
		draw_grey(cr, 0);
		cairo_rectangle(cr, tx + b / 2, ty + b / 2, sz - b, sz - b);
		cairo_stroke(cr);
		cairo_set_line_width(cr, 0.8);
		draw_grey(cr, 1);
		cairo_rectangle(cr, tx + b + 0.4, ty + b + 0.4, sz - 2 * b - 0.8,
				sz - 2 * b - 0.8);
		cairo_stroke(cr);
	}
	draw_ink_set(k, tiles[t].code, g->label_size, 0, 0, 0, 0.5);
	if (cls < 0) {
		/* A white patch keeps the code legible on the hatching. */
		draw_grey(cr, 1);
		cairo_rectangle(cr, tx + (sz - k->w) / 2 - 1.5, ty + (sz - k->h) / 2,
				k->w + 3, k->h);
		cairo_fill(cr);
	}
	draw_grey(cr, text);
	draw_ink_show(k, tx + sz / 2, ty + sz / 2, 0.5, 0.5);
}

static void tilemap_render(struct draw_ink *k, const void *plot, const void *plan,
			   double x, double y, double w)
{
	const struct tilemap *m = plot;
	const struct tilemap_plan *p = plan;
	const struct tilemap_geom *g = &p->g;
	double cx;
	size_t t;

	draw_title_draw(k, m->title, x, y, w);
	for (t = 0; t < NTILES; t++)
		tile_draw(k, p, t);
	draw_legend_draw(k, &p->lg, g->legend_x, g->legend_y);
	/* The overseas row's caption, right of its five tiles. */
	cx = g->map_x + 5 * g->pitch + 2;
	draw_ink_set(k, chart_tr(m->lang, "Outre-mer\xc2\xa0: 971 Guadeloupe, 972 Martinique, "
		      "973 Guyane, 974 La R\xc3\xa9union, 976 Mayotte",
		      "Overseas: 971 Guadeloupe, 972 Martinique, 973 French "
		      "Guiana, 974 R\xc3\xa9union, 976 Mayotte"),
		fmin(DRAW_SZ_SMALL, fmax(DRAW_SZ_MIN, g->pitch * 0.3)), 0,
		g->map_x + GRID_COLS * g->pitch - cx, 3, 0);
	draw_grey(k->cr, DRAW_GREY_INK);
	draw_ink_show(k, cx, g->inset_y + g->pitch / 2, 0, 0.5);
}


_Static_assert(offsetof(struct tilemap_plan, g) == 0, "geometry first in a plan");

static const struct draw_kind tilemap_kind = {
	"tile map", tilemap_plan, tilemap_render,
	offsetof(struct tilemap_plan, lg), sizeof(struct tilemap_geom),
};

int tilemap_layout(cairo_t *cr, double x, double y, double w, double h,
			 const struct tilemap *m,
			 struct tilemap_geom *g, struct err *e)
{
	struct tilemap_plan u;

	return draw_kind_layout(&tilemap_kind, cr, x, y, w, h, m, m->title, m->lang, &u, g, e);
}

int tilemap_draw(cairo_t *cr, double x, double y, double w, double h,
		       const struct tilemap *m, struct err *e)
{
	struct tilemap_plan u;

	return draw_kind_draw(&tilemap_kind, cr, x, y, w, h, m, m->title, m->lang, &u, e);
}

int tilemap_draw_fn(cairo_t *cr, double x, double y, double w,
			  double h, const void *plot, struct err *e)
{
	return tilemap_draw(cr, x, y, w, h, plot, e);
}

static double tilemap_height(const void *chart, double w)
{
	(void)chart;
	(void)w;
	return TILEMAP_HEIGHT;
}

const struct chart_kind tilemap_chart = { tilemap_draw_fn, tilemap_height };
