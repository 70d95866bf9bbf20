/*
 * test_report_plots: draws each chart kind of report/ (tilemap.c, funnel.c...) from a small
 * hand-built input on an image surface, then checks pixels where the
 * plot's layout says things are: the class colour of a tile, the colour of
 * a flagged point, the diagonal of a Lorenz plot, the darkest cell of a
 * heatmap, the share of a stacked segment, the zero line of an interval
 * chart. It also checks input errors, boxes too small, and that a PNG
 * comes out the same twice. With PLOTS_PNG_DIR set, it leaves a PNG of
 * each plot there, to look at.
 */
#include "../../report/dumbbell.h"
#include "../../report/funnel.h"
#include "../../report/heatmap.h"
#include "../../report/lorenz.h"
#include "../../report/stacked.h"
#include "../../report/tilemap.h"
#include "stats.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"

/* Run alone, without tests/run.sh's LSAN_OPTIONS: the same rules, quietly. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_options(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\nleak:FcConfig\nleak:libpango\n"
	       "leak:libharfbuzz\n";
}

const char *__lsan_default_options(void)
{
	return "print_suppressions=0";
}

/* A white image surface, one pixel a point. */
struct img {
	cairo_surface_t *s;
	cairo_t *cr;
	int w, h;
};

static void img_open(struct img *m, int w, int h)
{
	m->w = w;
	m->h = h;
	m->s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	m->cr = cairo_create(m->s);
	cairo_set_source_rgb(m->cr, 1, 1, 1);
	cairo_paint(m->cr);
}

/* Opens m and draws the plot over all of it. */
static void img_draw(struct img *m, int w, int h, chart_draw_fn *fn,
		     const void *plot)
{
	struct err e = { .msg = "" };

	img_open(m, w, h);
	CHECK(fn(m->cr, 0, 0, w, h, plot, &e) == 0, "%s", e.msg);
}

static void img_close(struct img *m)
{
	cairo_destroy(m->cr);
	cairo_surface_destroy(m->s);
}

/* The pixel covering point (x, y) as 0xRRGGBB; 0xff000000 outside. */
static uint32_t px_at(struct img *m, double x, double y)
{
	long ix = lround(floor(x)), iy = lround(floor(y));
	const unsigned char *row;

	if (ix < 0 || iy < 0 || ix >= m->w || iy >= m->h)
		return 0xff000000u;
	cairo_surface_flush(m->s);
	row = cairo_image_surface_get_data(m->s) +
	      iy * cairo_image_surface_get_stride(m->s);
	return ((const uint32_t *)(const void *)row)[ix] & 0xffffffu;
}

static uint32_t hex_of(struct chart_rgb c)
{
	return (uint32_t)lround(c.r * 255) << 16 |
	       (uint32_t)lround(c.g * 255) << 8 | (uint32_t)lround(c.b * 255);
}

/* Largest difference of a channel between two 0xRRGGBB colours. */
static int channel_gap(uint32_t a, uint32_t b)
{
	int worst = 0, sh;

	for (sh = 0; sh <= 16; sh += 8) {
		int d = abs((int)((a >> sh) & 255) - (int)((b >> sh) & 255));

		worst = d > worst ? d : worst;
	}
	return worst;
}

static int same_colour(uint32_t a, uint32_t b)
{
	return channel_gap(a, b) <= 3;
}

/* All channels at most level: ink, not background. */
static int dark(uint32_t a, int level)
{
	return (int)(a >> 16 & 255) <= level && (int)(a >> 8 & 255) <= level &&
	       (int)(a & 255) <= level;
}

#define WHITE 0xffffffu

/*
 * Whether a pixel within r pixels of (x, y) is colour c: thin lines at
 * fractional positions cover no pixel whole.
 */
static int colour_near(struct img *m, double x, double y, int r, uint32_t c)
{
	int dx, dy;

	for (dy = -r; dy <= r; dy++)
		for (dx = -r; dx <= r; dx++)
			if (same_colour(px_at(m, x + dx, y + dy), c))
				return 1;
	return 0;
}

/*
 * How much of colour c, over white, the most covered pixel within r pixels
 * of (x, y) shows: 1 for c itself, 0 for white or another hue.
 */
static double cover_near(struct img *m, double x, double y, int r, uint32_t c)
{
	double best = 0;
	int dx, dy, sh;

	for (dy = -r; dy <= r; dy++)
		for (dx = -r; dx <= r; dx++) {
			uint32_t p = px_at(m, x + dx, y + dy);
			double a = 1;

			for (sh = 0; sh <= 16; sh += 8) {
				double full = 255 - (double)(c >> sh & 255);
				double got = 255 - (double)(p >> sh & 255);

				if (full > 40)
					a = fmin(a, got / full);
				else if (got > full + 40)
					a = 0;	/* darker there: another colour */
			}
			best = fmax(best, a);
		}
	return best;
}

/* The darkest channel met along n pixels rightwards from (x, y). */
static int darkest_run(struct img *m, double x, double y, int n)
{
	int low = 255, i;

	for (i = 0; i < n; i++) {
		uint32_t c = px_at(m, x + i, y);
		int v = (int)(c >> 16 & 255);

		v = (int)(c >> 8 & 255) < v ? (int)(c >> 8 & 255) : v;
		v = (int)(c & 255) < v ? (int)(c & 255) : v;
		low = v < low ? v : low;
	}
	return low;
}

/* Writes the plot to $PLOTS_PNG_DIR/name.png when that is set. */
static void keep_png(const char *name, double w, double h, chart_draw_fn *fn,
		     const void *plot)
{
	const char *dir = getenv("PLOTS_PNG_DIR");
	char path[512];
	struct err e = { .msg = "" };

	if (!dir || !*dir)
		return;
	snprintf(path, sizeof(path), "%s/%s.png", dir, name);
	/* A courtesy, not a check: the count stays the same either way. */
	if (chart_write_png(path, w, h, 2.0, fn, plot, &e))
		fprintf(stderr, "test_report_plots: %s\n", e.msg);
}

/* --- Scale ------------------------------------------------------------ */

static void test_seq(void)
{
	struct chart_rgb lo = draw_seq(0), hi = draw_seq(1), mid = draw_seq(0.5);
	double l0 = lo.r + lo.g + lo.b, l1 = hi.r + hi.g + hi.b;
	double lm = mid.r + mid.g + mid.b;

	CHECK(hex_of(hi) == 0x440154, "dark end is viridis' first stop, got %06x",
	      (unsigned)hex_of(hi));
	CHECK(hex_of(lo) == 0xfde725, "light end is viridis' last stop, got %06x",
	      (unsigned)hex_of(lo));
	CHECK(l0 > lm && lm > l1, "the scale darkens from 0 to 1");
	CHECK(hex_of(draw_seq(-3)) == hex_of(lo) &&
	      hex_of(draw_seq(7)) == hex_of(hi), "t is clamped to [0, 1]");
}

/* --- Tile map --------------------------------------------------------- */

static const char *const all_codes[] = {
	"01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12",
	"13", "14", "15", "16", "17", "18", "19", "21", "22", "23", "24", "25",
	"26", "27", "28", "29", "2A", "2B", "30", "31", "32", "33", "34", "35",
	"36", "37", "38", "39", "40", "41", "42", "43", "44", "45", "46", "47",
	"48", "49", "50", "51", "52", "53", "54", "55", "56", "57", "58", "59",
	"60", "61", "62", "63", "64", "65", "66", "67", "68", "69", "70", "71",
	"72", "73", "74", "75", "76", "77", "78", "79", "80", "81", "82", "83",
	"84", "85", "86", "87", "88", "89", "90", "91", "92", "93", "94", "95",
	"971", "972", "973", "974", "976",
};

#define NDEP (sizeof(all_codes) / sizeof(all_codes[0]))

static size_t dep_index(const char *code)
{
	size_t i;

	for (i = 0; i < NDEP; i++)
		if (!strcmp(all_codes[i], code))
			break;
	return i;
}

/* Values 0.3 to 2.9 structures per 1 000 associations, a few cases set. */
static void tilemap_data(double *v, int *fl)
{
	size_t i;

	for (i = 0; i < NDEP; i++) {
		v[i] = 0.3 + (double)((i * 37) % 27) / 10;
		fl[i] = CHART_PLAIN;
	}
	v[dep_index("75")] = 2.9;
	v[dep_index("23")] = NAN;
	v[dep_index("973")] = NAN;
	fl[dep_index("13")] = CHART_FLAGGED;
	fl[dep_index("93")] = CHART_FLAGGED;
	fl[dep_index("02")] = CHART_FLAGGED;
	fl[dep_index("57")] = CHART_OUT_OF_SCOPE;
	fl[dep_index("67")] = CHART_OUT_OF_SCOPE;
	fl[dep_index("68")] = CHART_OUT_OF_SCOPE;
}

static void test_tilemap(void)
{
	double v[NDEP];
	int fl[NDEP];
	struct tilemap m = {
		.title = "Structures pour 1 000 associations, par département",
		.unit = "structures pour 1\xe2\x80\xaf" "000 associations",
		.n = NDEP, .codes = all_codes, .values = v, .flags = fl,
		.decimals = 1, .flag_label = "sous-couverture (q \xe2\x89\xa4 0,05)",
		.scope_label = "hors RNA (Alsace-Moselle)", .lang = FMT_FR,
	};
	struct tilemap_geom g;
	struct img im;
	struct err e = { .msg = "" };
	double cx, cy, cx2, cy2, q;
	uint32_t c75;
	int k, ink = 0;

	tilemap_data(v, fl);
	img_draw(&im, 483, 520, tilemap_draw_fn, &m);
	CHECK(tilemap_layout(im.cr, 0, 0, 483, 520, &m, &g, &e) == 0, "%s",
	      e.msg);
	/* Round classes: 0.3 .. 2.9 in at most 5 classes of width 0.5 or 1. */
	CHECK(g.nclasses >= 3 && g.nclasses <= 5, "%zu classes", g.nclasses);
	CHECK(g.bounds[0] <= 0.3 && g.bounds[g.nclasses] >= 2.9,
	      "classes cover the values: [%g, %g]", g.bounds[0],
	      g.bounds[g.nclasses]);
	CHECK(fabs(g.bounds[1] - g.bounds[0] - 0.5) < 1e-9 ||
	      fabs(g.bounds[1] - g.bounds[0] - 1) < 1e-9, "round class width %g",
	      g.bounds[1] - g.bounds[0]);
	CHECK(tilemap_class(&g, 2.9) == (int)g.nclasses - 1,
	      "the largest value is in the last class");
	CHECK(tilemap_class(&g, NAN) == -1, "NaN has no class");
	CHECK(g.pitch >= 25, "tiles of a readable size: pitch %g", g.pitch);
	CHECK(g.map_x >= 0 && g.legend_x + g.legend_w <= 483 + 0.5 &&
	      g.inset_y + g.pitch <= 520 + 0.5, "map and legend inside the box");

	/* Paris: the colour of its class, off its label. */
	q = g.tile * 0.3;
	CHECK(tilemap_centre(&g, "75", &cx, &cy) == 0, "75 has a tile");
	c75 = hex_of(tilemap_colour(&g, (size_t)tilemap_class(&g, 2.9)));
	CHECK(same_colour(px_at(&im, cx - q, cy - q), c75) &&
	      same_colour(px_at(&im, cx + q, cy + q), c75),
	      "75 in its class colour %06x, got %06x", (unsigned)c75,
	      (unsigned)px_at(&im, cx - q, cy - q));
	/* Its label is written in the middle. */
	for (k = -4; k <= 4; k++)
		ink |= !same_colour(px_at(&im, cx + k, cy), c75);
	CHECK(ink, "75's tile has its code written on it");
	/* Another value, another class colour. */
	CHECK(tilemap_centre(&g, "29", &cx2, &cy2) == 0 &&
	      same_colour(px_at(&im, cx2 - q, cy2 - q),
			  hex_of(tilemap_colour(&g, (size_t)
			  tilemap_class(&g, v[dep_index("29")])))),
	      "29 in the colour of its own class");
	/* Paris is to the right of Brittany and below the Nord. */
	CHECK(tilemap_centre(&g, "59", &cx2, &cy2) == 0 && cy2 < cy &&
	      cx2 > g.map_x, "59 above 75");
	CHECK(tilemap_centre(&g, "29", &cx2, &cy2) == 0 && cx2 < cx,
	      "29 left of 75");

	/* Creuse, not available: grey hatching, none of the class colours. */
	tilemap_centre(&g, "23", &cx, &cy);
	for (k = 0; k < (int)g.nclasses; k++)
		CHECK(!same_colour(px_at(&im, cx - q, cy - q),
				   hex_of(tilemap_colour(&g, (size_t)k))),
		      "n.d. tile not in class colour %d", k);
	CHECK(darkest_run(&im, cx - q, cy - q, 8) < 0xc8 &&
	      colour_near(&im, cx - q + 3, cy - q, 3, 0xdbdbdb) &&
	      !colour_near(&im, cx - q + 3, cy - q, 3, WHITE),
	      "n.d. tile is hatched on grey");

	/* Bouches-du-Rhône, flagged: a black border inside the tile's edge. */
	tilemap_centre(&g, "13", &cx, &cy);
	CHECK(dark(px_at(&im, cx - g.tile / 2 + 0.8, cy + g.tile * 0.25), 0x30),
	      "flagged tile has a dark border, got %06x",
	      (unsigned)px_at(&im, cx - g.tile / 2 + 0.8, cy + g.tile * 0.25));
	CHECK(same_colour(px_at(&im, cx - q, cy - q), hex_of(tilemap_colour(
	      &g, (size_t)tilemap_class(&g, v[dep_index("13")])))),
	      "flagged tile keeps its class colour inside");
	/* An unflagged tile has no such border. */
	tilemap_centre(&g, "75", &cx, &cy);
	CHECK(same_colour(px_at(&im, cx - g.tile / 2 + 0.8, cy + g.tile * 0.25),
			  c75), "plain tile has no border");

	/* Bas-Rhin, outside the RNA: white hatched, not its value's colour. */
	tilemap_centre(&g, "67", &cx, &cy);
	CHECK(darkest_run(&im, cx - q, cy - q, 8) < 0xc8 &&
	      colour_near(&im, cx - q + 3, cy - q, 3, WHITE),
	      "out-of-scope tile is hatched on white");

	/* The overseas row, under the map. */
	CHECK(tilemap_centre(&g, "974", &cx, &cy) == 0 &&
	      cy > g.map_y + 13 * g.pitch, "974 in the overseas row");
	CHECK(tilemap_centre(&g, "20", &cx, &cy) == -1,
	      "20 is not a department");
	CHECK(cairo_status(im.cr) == CAIRO_STATUS_SUCCESS, "cairo status");
	img_close(&im);
	keep_png("tilemap", 483, 520, tilemap_draw_fn, &m);

	/* In English, with quantile breaks of the caller. */
	{
		static const double br[] = { 1.0, 1.6, 2.2 };
		struct tilemap m2 = m;

		m2.nclasses = 4;
		m2.breaks = br;
		m2.class_note = "quartiles";
		m2.lang = FMT_EN;
		m2.title = NULL;
		img_open(&im, 483, 500);
		CHECK(tilemap_layout(im.cr, 0, 0, 483, 500, &m2, &g, &e) == 0,
		      "%s", e.msg);
		CHECK(g.nclasses == 4 && isinf(g.bounds[0]) && g.bounds[2] == 1.6,
		      "the caller's breaks");
		CHECK(tilemap_class(&g, 1.6) == 2 &&
		      tilemap_class(&g, 0.1) == 0 &&
		      tilemap_class(&g, 9) == 3, "classes of the breaks");
		img_close(&im);
		keep_png("tilemap_en", 483, 500, tilemap_draw_fn, &m2);
	}
}

static void test_tilemap_errors(void)
{
	static const char *const codes[] = { "75", "20" };
	static const char *const twice[] = { "75", "75" };
	static const double v[] = { 1, 2 };
	struct tilemap m = { .n = 2, .codes = codes, .values = v };
	struct img im;
	struct err e = { .msg = "" };

	img_open(&im, 100, 100);
	CHECK(tilemap_draw(im.cr, 0, 0, 483, 500, &m, &e) == -1 &&
	      strstr(e.msg, "'20'"), "unknown code is an error: %s", e.msg);
	m.codes = twice;
	CHECK(tilemap_draw(im.cr, 0, 0, 483, 500, &m, &e) == -1 &&
	      strstr(e.msg, "twice"), "a code twice is an error: %s", e.msg);
	m.n = 1;
	CHECK(tilemap_draw(im.cr, 0, 0, 120, 90, &m, &e) == -1 &&
	      strstr(e.msg, "too small"), "a small box is an error: %s", e.msg);
	m.nclasses = TILEMAP_MAX_CLASSES + 1;
	CHECK(tilemap_draw(im.cr, 0, 0, 483, 500, &m, &e) == -1,
	      "too many classes is an error");
	img_close(&im);
}

/* --- Funnel ----------------------------------------------------------- */

#define NF 40

struct funnel_data {
	double ex[NF], ob[NF];
	int fl[NF];
	const char *lab[NF];
	char names[NF][4];
};

static void funnel_data(struct funnel_data *d)
{
	size_t i;

	for (i = 0; i < NF; i++) {
		d->ex[i] = 4 + (double)((i * 53) % 97) * 1.3;
		/* Around E, within its limits mostly. */
		d->ob[i] = round(d->ex[i] * (0.8 + (double)((i * 29) % 9) * 0.05));
		d->fl[i] = CHART_PLAIN;
		snprintf(d->names[i], sizeof(d->names[i]), "%02zu", i + 1);
		d->lab[i] = d->names[i];
	}
	/* Two under-covered departments, one out of scope. */
	d->ex[3] = 90;
	d->ob[3] = 55;
	d->fl[3] = CHART_FLAGGED;
	d->ex[7] = 60;
	d->ob[7] = 36;
	d->fl[7] = CHART_FLAGGED;
	d->fl[9] = CHART_OUT_OF_SCOPE;
	d->ex[9] = 500;		/* would stretch the axis if drawn */
}

/* Limit curves as pana-stats stores them (stats/funnel_limits.c), here from
   stats_funnel_limit() directly. */
#define NL 200
static double lim_v[FUNNEL_LIMITS][3][NL];

static void make_funnel_limits(struct funnel *p, double hmax)
{
	static const double pr[FUNNEL_LIMITS] = { 0.95, 0.998 };
	size_t k, i;

	p->nlimits = FUNNEL_LIMITS;
	for (k = 0; k < FUNNEL_LIMITS; k++) {
		struct funnel_limits *lm = &p->limits[k];

		lm->probability = pr[k];
		lm->n = 0;
		for (i = 1; i <= NL; i++) {
			double u = (double)i / NL, ev = hmax * u * u;

			if (ev < 0.5)
				continue;
			lim_v[k][0][lm->n] = ev;
			lim_v[k][1][lm->n] = stats_funnel_limit(ev, (1 - pr[k]) / 2);
			lim_v[k][2][lm->n] = stats_funnel_limit(ev, 1 - (1 - pr[k]) / 2);
			lm->n++;
		}
		lm->expected = lim_v[k][0];
		lm->lower = lim_v[k][1];
		lm->upper = lim_v[k][2];
	}
}

static void test_funnel(void)
{
	struct funnel_data d;
	struct funnel p = {
		.title = "Structures observées et attendues",
		.n = NF, .expected = d.ex, .observed = d.ob, .flags = d.fl,
		.labels = d.lab, .flag_label = "sous-couverture (q \xe2\x89\xa4 0,05)",
		.lang = FMT_FR,
	};
	struct funnel_geom g;
	struct img im;
	struct err e = { .msg = "" };
	double px, py, lo, hi;
	uint32_t c;

	funnel_data(&d);
	make_funnel_limits(&p, 2.5 * 130);
	/* Limits: Poisson(100) quantiles are 81 and 120 at 95 %. */
	lo = stats_funnel_limit(100, 0.025) * 100;
	hi = stats_funnel_limit(100, 0.975) * 100;
	CHECK(lo > 80 && lo < 82.5 && hi > 119.5 && hi < 122,
	      "95 %% limits at E = 100: %g, %g", lo, hi);
	CHECK(stats_funnel_limit(100, 0.001) < stats_funnel_limit(100, 0.025),
	      "99.8 %% limits outside the 95 %% ones");
	CHECK(isnan(stats_funnel_limit(0, 0.5)) && isnan(stats_funnel_limit(5, 1)),
	      "no limit for E = 0 or p = 1");
	/* Large E, where GSL's inversion would abort: about 1 + 3.09 / sqrt(E). */
	hi = stats_funnel_limit(20000, 0.999);
	CHECK(fabs(hi - (1 + 3.0902 / sqrt(20000))) < 2e-3,
	      "99.8 %% upper limit at E = 20 000: %g", hi);
	lo = stats_funnel_limit(943.124, 0.975);
	CHECK(lo > 1.05 && lo < 1.07, "95 %% upper limit at E = 943: %g", lo);

	img_draw(&im, 483, 340, funnel_draw_fn, &p);
	CHECK(funnel_layout(im.cr, 0, 0, 483, 340, &p, &g, &e) == 0, "%s",
	      e.msg);
	CHECK(g.f.ax.lo == 0 && g.f.ax.hi >= 130 && g.f.ax.hi < 200,
	      "x axis from 0 past the largest E in scope: %g", g.f.ax.hi);
	CHECK(g.f.ay.lo == 0 && g.f.ay.hi >= 1.2, "y axis from 0 past 1");
	/* The flagged point's centre is vermillion. */
	px = draw_frame_x(&g.f, 90);
	py = draw_frame_y(&g.f, 55.0 / 90);
	c = px_at(&im, px, py);
	CHECK(same_colour(c, hex_of(chart_palette(1))),
	      "flagged point in palette colour 1, got %06x", (unsigned)c);
	/* A plain point is blue. */
	px = draw_frame_x(&g.f, d.ex[0]);
	py = draw_frame_y(&g.f, d.ob[0] / d.ex[0]);
	CHECK(same_colour(px_at(&im, px, py), hex_of(chart_palette(0))),
	      "plain point in palette colour 0");
	/* The line at O/E = 1, dark, where no point is. */
	py = draw_frame_y(&g.f, 1);
	{
		int line = 0, k;

		for (k = -1; k <= 1; k++)
			line |= dark(px_at(&im, g.f.x + 2, py + k * 0.5), 0x80);
		CHECK(line, "reference line at O/E = 1");
	}
	CHECK(g.f.x > 20 && g.f.x + g.f.w <= 483 && g.f.y + g.f.h < 340,
	      "plot area inside the box");
	img_close(&im);
	keep_png("funnel", 483, 340, funnel_draw_fn, &p);

	img_open(&im, 100, 100);
	CHECK(funnel_draw(im.cr, 0, 0, 150, 70, &p, &e) == -1 &&
	      strstr(e.msg, "too small"), "small funnel box: %s", e.msg);
	d.ex[0] = 0;
	CHECK(funnel_draw(im.cr, 0, 0, 483, 340, &p, &e) == -1 &&
	      strstr(e.msg, "point 1"), "E = 0 is an error: %s", e.msg);
	img_close(&im);
}

/* --- Lorenz ------------------------------------------------------------ */

static void test_lorenz(void)
{
	static const double f1[] = { 0, 0.2, 0.5, 0.8, 1 };
	static const double l1[] = { 0, 0.05, 0.2, 0.5, 1 };
	static const double f2[] = { 0, 0.25, 0.5, 0.75, 1 };
	static const double l2[] = { 0, 0.1, 0.3, 0.55, 1 };
	struct lorenz p = {
		.title = "Concentration des structures",
		.ncurves = 2,
		.curves = { { "2026", 5, f1, l1, NAN }, { "2025", 5, f2, l2, 0.21 } },
		.lang = FMT_FR,
	};
	struct lorenz_geom g;
	struct img im;
	struct err e = { .msg = "" };
	double cx, cy;
	uint32_t c;

	img_draw(&im, 483, 360, lorenz_draw_fn, &p);
	CHECK(lorenz_layout(im.cr, 0, 0, 483, 360, &p, &g, &e) == 0, "%s",
	      e.msg);
	CHECK(fabs(g.f.w - g.f.h) < 1e-9, "square plot area");
	/* The diagonal goes through the middle of the plot area. */
	cx = g.f.x + g.f.w / 2;
	cy = g.f.y + g.f.h / 2;
	CHECK(fabs(draw_frame_x(&g.f, 0.5) - cx) < 1e-9 &&
	      fabs(draw_frame_y(&g.f, 0.5) - cy) < 1e-9, "0.5 maps to the centre");
	c = px_at(&im, cx, cy);
	CHECK(cover_near(&im, cx, cy, 1, 0x808080) > 0.7,
	      "grey diagonal through the centre, got %06x", (unsigned)c);
	/* Off the diagonal, above it: white. */
	CHECK(same_colour(px_at(&im, cx - g.f.w * 0.12, cy - g.f.h * 0.2), WHITE),
	      "nothing above the diagonal");
	/* This year's curve at F = 0.5 is at L = 0.2. */
	cx = draw_frame_x(&g.f, 0.5);
	cy = draw_frame_y(&g.f, 0.2);
	CHECK(same_colour(px_at(&im, cx, cy), hex_of(chart_palette(0))),
	      "first curve through (0.5, 0.2) in palette colour 0");
	img_close(&im);
	keep_png("lorenz", 483, 360, lorenz_draw_fn, &p);

	img_open(&im, 100, 100);
	CHECK(lorenz_draw(im.cr, 0, 0, 120, 90, &p, &e) == -1 &&
	      strstr(e.msg, "too small"), "small Lorenz box: %s", e.msg);
	p.curves[0].l = l2 + 1;
	p.curves[0].n = 4;
	CHECK(lorenz_draw(im.cr, 0, 0, 483, 360, &p, &e) == -1,
	      "a curve not from (0, 0) is an error");
	p.ncurves = 3;
	CHECK(lorenz_draw(im.cr, 0, 0, 483, 360, &p, &e) == -1,
	      "three curves is an error");
	img_close(&im);
}

/* --- Heatmap ----------------------------------------------------------- */

/* The 18 regions in the order of their codes, 01 to 94. */
static const char *const regions[] = {
	"Guadeloupe", "Martinique", "Guyane", "La Réunion", "Mayotte",
	"Île-de-France", "Centre-Val de Loire", "Bourgogne-Franche-Comté",
	"Normandie", "Hauts-de-France", "Grand Est", "Pays de la Loire",
	"Bretagne", "Nouvelle-Aquitaine", "Occitanie", "Auvergne-Rhône-Alpes",
	"Provence-Alpes-Côte d'Azur", "Corse",
};

static const char *const areas[] = {
	"Information et données", "Communication et collaboration",
	"Création de contenus", "Protection et sécurité",
	"Environnement numérique", "Démarches en ligne",
};

#define NR 18
#define NC 6

static void test_heatmap(void)
{
	double v[NR * NC];
	int sup[NR * NC] = { 0 };
	struct heatmap p = {
		.title = "Score moyen par région et domaine (estimation bayésienne)",
		.unit = "score moyen (0 à 4)", .nrows = NR, .ncols = NC,
		.row_labels = regions, .col_labels = areas, .values = v,
		.suppressed = sup, .lo = NAN, .hi = NAN, .decimals = 1,
		.lang = FMT_FR,
	};
	struct heatmap_geom g;
	struct img im;
	struct err e = { .msg = "" };
	size_t i, imax = 0;
	double cx, cy;
	uint32_t c;

	for (i = 0; i < NR * NC; i++) {
		v[i] = 1.2 + (double)((i * 41) % 23) / 10;
		if (v[i] > v[imax])
			imax = i;
	}
	v[5 * NC + 2] = NAN;
	sup[17 * NC + 1] = sup[17 * NC + 4] = sup[4 * NC + 0] = 1;
	img_draw(&im, 483, 520, heatmap_draw_fn, &p);
	CHECK(heatmap_layout(im.cr, 0, 0, 483, 520, &p, &g, &e) == 0, "%s",
	      e.msg);
	CHECK(g.lo == 1.2 && fabs(g.hi - v[imax]) < 1e-12, "domain of the data");
	CHECK(g.x > 60 && g.x < 0.4 * 483, "row labels take some of the width");
	CHECK(g.x + NC * g.cell_w <= 483 + 1e-6 && g.y + NR * g.cell_h <= 520,
	      "cells inside the box");
	/* The maximum's cell: the darkest scale colour, off its text. */
	cx = g.x + (double)(imax % NC) * g.cell_w + 2;
	cy = g.y + (double)(imax / NC) * g.cell_h + 2;
	c = px_at(&im, cx, cy);
	CHECK(same_colour(c, hex_of(draw_seq(1))),
	      "maximum cell is the darkest colour, got %06x", (unsigned)c);
	/* Its value is written on it in a light ink. */
	{
		int light = 0, k;

		for (k = -8; k <= 8; k++)
			light |= !dark(px_at(&im, cx - 2 + g.cell_w / 2 + k,
					     cy - 2 + g.cell_h / 2), 0x9f);
		CHECK(light, "maximum cell's value printed in a light ink");
	}
	/* The NaN cell is white, not on the scale. */
	cx = g.x + 2 * g.cell_w + 3;
	cy = g.y + 5 * g.cell_h + 3;
	CHECK(same_colour(px_at(&im, cx, cy), WHITE), "n.d. cell is white");
	/* A suppressed cell is hatched on white. */
	CHECK(darkest_run(&im, g.x + g.cell_w + 2, g.y + 17 * g.cell_h + 3, 8)
	      < 0xd0 && colour_near(&im, g.x + g.cell_w + 5,
				    g.y + 17 * g.cell_h + 3, 2, WHITE),
	      "suppressed cell is hatched");
	img_close(&im);
	keep_png("heatmap", 483, 520, heatmap_draw_fn, &p);

	/* A fixed domain 0..4: a 4 would be the darkest. */
	p.lo = 0;
	p.hi = 4;
	img_open(&im, 483, 520);
	CHECK(heatmap_layout(im.cr, 0, 0, 483, 520, &p, &g, &e) == 0 &&
	      g.lo == 0 && g.hi == 4, "caller's colour domain");
	CHECK(heatmap_draw(im.cr, 0, 0, 200, 100, &p, &e) == -1 &&
	      strstr(e.msg, "too small"), "small heatmap box: %s", e.msg);
	p.row_labels = NULL;
	CHECK(heatmap_draw(im.cr, 0, 0, 483, 520, &p, &e) == -1,
	      "no row labels is an error");
	img_close(&im);
}

/* --- Stacked ----------------------------------------------------------- */

static void test_stacked(void)
{
	static const char *const rows[] = {
		"Bretagne", "Île-de-France", "Provence-Alpes-Côte d'Azur",
		"Corse", "Grand Est",
	};
	static const char *const levels[] = {
		"0 aucun", "1 débutant", "2 intermédiaire", "3 avancé", "4 expert",
	};
	static const double sh[] = {
		0.10, 0.20, 0.40, 0.20, 0.10,
		0.05, 0.15, 0.30, 0.30, 0.20,
		0.30, 0.30, 0.20, 0.15, 0.05,
		0, 0, 0, 0, 0,
		0.02, 0.08, 0.50, 0.30, 0.10,
	};
	static const long n[] = { 1234, 5210, 880, 7, 412 };
	struct stacked p = {
		.title = "Niveau en communication, par région",
		.nrows = 5, .k = 5, .row_labels = rows, .level_labels = levels,
		.shares = sh, .n = n, .min_n = 10, .lang = FMT_FR,
	};
	struct draw_rows_geom g;
	struct img im;
	struct err e = { .msg = "" };
	double x0, x1, top;
	size_t j;

	img_draw(&im, 483, 280, stacked_draw_fn, &p);
	CHECK(stacked_layout(im.cr, 0, 0, 483, 280, &p, &g, &e) == 0, "%s",
	      e.msg);
	CHECK(g.f.ax.lo == 0 && g.f.ax.hi == 1, "axis from 0 to 100 %%");
	/* Row 0: the first segment ends at 10 % of the bar. */
	top = g.f.y + 0.5 * g.step - g.bar_h / 2 + 1.5;
	x0 = draw_frame_x(&g.f, 0);
	x1 = draw_frame_x(&g.f, 0.10);
	CHECK(same_colour(px_at(&im, x0 + 1.5, top), hex_of(draw_seq(0))),
	      "first segment starts at the bar's start");
	CHECK(same_colour(px_at(&im, x1 - 1.5, top), hex_of(draw_seq(0))),
	      "first segment reaches 10 %%");
	CHECK(same_colour(px_at(&im, x1 + 1.5, top), hex_of(draw_seq(0.25))),
	      "second segment starts at 10 %%");
	CHECK(fabs(x1 - x0 - 0.10 * g.f.w) < 1e-9, "10 %% of the width");
	/* Row 1: the last segment, darkest, ends at the bar's end. */
	top += g.step;
	CHECK(same_colour(px_at(&im, draw_frame_x(&g.f, 1) - 1.5, top),
			  hex_of(draw_seq(1))), "last segment is the darkest");
	CHECK(same_colour(px_at(&im, draw_frame_x(&g.f, 0.81), top),
			  hex_of(draw_seq(1))), "last segment from 80 %%");
	/* Row 3 (n = 7) is suppressed: no fill inside its outline. */
	top += 2 * g.step;
	for (j = 1; j < 5; j++)
		CHECK(same_colour(px_at(&im, draw_frame_x(&g.f, 0.2 * (double)j
				  + 0.05), top), WHITE),
		      "suppressed row empty at %zu", j);
	CHECK(dark(px_at(&im, draw_frame_x(&g.f, 0.5), g.f.y + 3.5 * g.step -
		       g.bar_h / 2 + 0.4), 0xc0), "suppressed row outlined");
	img_close(&im);
	keep_png("stacked", 483, 280, stacked_draw_fn, &p);

	img_open(&im, 100, 100);
	CHECK(stacked_draw(im.cr, 0, 0, 150, 40, &p, &e) == -1 &&
	      strstr(e.msg, "too small"), "small stacked box: %s", e.msg);
	p.min_n = 0;
	CHECK(stacked_draw(im.cr, 0, 0, 483, 280, &p, &e) == -1 &&
	      strstr(e.msg, "Corse"), "shares not summing to 1: %s", e.msg);
	img_close(&im);
}

/* --- Dumbbell ---------------------------------------------------------- */

static void test_dumbbell(void)
{
	static const double d[] = { 0.12, -0.08, 0.31, NAN, 0.02, -0.25 };
	static const double lo[] = { -0.05, -0.2, 0.18, NAN, -0.1, -0.41 };
	static const double hi[] = { 0.29, 0.04, 0.44, NAN, 0.14, -0.09 };
	static const int fl[] = { 0, 0, CHART_FLAGGED, 0, 0, CHART_FLAGGED };
	struct dumbbell p = {
		.title = "Évolution du score moyen entre 2025 et 2026",
		.unit = "écart de score moyen (points, échelle 0 à 4)",
		.n = 6, .labels = areas, .delta = d, .lo = lo, .hi = hi,
		.flags = fl, .decimals = 2, .lang = FMT_FR,
	};
	struct draw_rows_geom g;
	struct img im;
	struct err e = { .msg = "" };
	double x0, cy;
	uint32_t c;

	img_draw(&im, 483, 260, dumbbell_draw_fn, &p);
	CHECK(dumbbell_layout(im.cr, 0, 0, 483, 260, &p, &g, &e) == 0, "%s",
	      e.msg);
	CHECK(g.f.ax.lo <= -0.41 && g.f.ax.hi >= 0.44 && g.f.ax.lo > -1 &&
	      g.f.ax.hi < 1, "axis around the intervals: [%g, %g]", g.f.ax.lo,
	      g.f.ax.hi);
	/* The zero line, between two rows where nothing else is drawn. */
	x0 = draw_frame_x(&g.f, 0);
	c = px_at(&im, x0, g.f.y + 3 * g.step);
	CHECK(dark(c, 0x90), "zero line at x(0), got %06x", (unsigned)c);
	CHECK(same_colour(px_at(&im, x0 + 3, g.f.y + 3 * g.step), WHITE),
	      "and only there");
	/* Row 0's point at 0.12, row 2's flagged one at 0.31. */
	cy = g.f.y + 0.5 * g.step;
	CHECK(same_colour(px_at(&im, draw_frame_x(&g.f, 0.12), cy),
			  hex_of(chart_palette(0))), "row 0 point in colour 0");
	CHECK(cover_near(&im, draw_frame_x(&g.f, 0.2), cy, 1,
			 hex_of(chart_palette(0))) > 0.7, "row 0 interval drawn");
	CHECK(cover_near(&im, draw_frame_x(&g.f, 0.36), cy, 1,
			 hex_of(chart_palette(0))) < 0.1,
	      "row 0 interval stops at its bound");
	cy += 2 * g.step;
	CHECK(same_colour(px_at(&im, draw_frame_x(&g.f, 0.31), cy),
			  hex_of(chart_palette(1))), "flagged row in colour 1");
	img_close(&im);
	keep_png("dumbbell", 483, 260, dumbbell_draw_fn, &p);

	img_open(&im, 100, 100);
	CHECK(dumbbell_draw(im.cr, 0, 0, 483, 30, &p, &e) == -1 &&
	      strstr(e.msg, "too small"), "small dumbbell box: %s", e.msg);
	p.delta = lo;
	p.lo = d;
	CHECK(dumbbell_draw(im.cr, 0, 0, 483, 260, &p, &e) == -1,
	      "an estimate outside its interval is an error");
	img_close(&im);
}

/* --- No data ------------------------------------------------------------ */

/*
 * Draws the plot in a 483 x 300 box and checks that it is the no-data
 * frame of chart.h: its title at the top, a light grey frame, the message
 * in its middle.
 */
static void check_nodata(const char *what, chart_draw_fn *fn, const void *plot,
			 const char *title)
{
	struct chart_nodata_geom g;
	struct img im;
	struct err e = { .msg = "" };
	int ink = 0, dx, dy;

	img_open(&im, 483, 300);
	CHECK(fn(im.cr, 0, 0, 483, 300, plot, &e) == 0, "%s: %s", what, e.msg);
	CHECK(chart_nodata_layout(im.cr, 0, 0, 483, 300, title, &g, &e) == 0 &&
	      g.y > 10 && g.h > 200, "%s: the frame", what);
	for (dy = -4; dy <= 4; dy++)
		for (dx = -4; dx <= 4; dx++)
			ink |= dark(px_at(&im, g.x + g.w / 2 + dx, g.y + g.h / 2 + dy),
				    0x90);
	CHECK(ink, "%s: the message in the middle", what);
	CHECK(same_colour(px_at(&im, g.x + g.w * 0.2, g.y + g.h * 0.3), 0xf6f6f6),
	      "%s: a light grey frame, got %06x", what,
	      (unsigned)px_at(&im, g.x + g.w * 0.2, g.y + g.h * 0.3));
	CHECK(dark(px_at(&im, 4, 6), 0x60) || dark(px_at(&im, 5, 5), 0x60) ||
	      colour_near(&im, 6, 6, 4, 0x1a1a1a), "%s: the title", what);
	img_close(&im);
	keep_png(what, 483, 300, fn, plot);
}

static void test_nodata(void)
{
	static const double zero5[] = { 0, 0.2, 0.5, 0.8, 1 };
	static const double nil5[] = { 0, 0, 0, 0, 0 };
	static const double l1[] = { 0, 0.05, 0.2, 0.5, 1 };
	static const char *const lab[] = { "a", "b" };
	static const char *const lev[] = { "0", "1" };
	static const double nan2[] = { NAN, NAN }, one2[] = { 1, 1 };
	static const double sh[] = { 0, 0, 0.5, 0.5 };
	static const long n0[] = { 0, 0 }, n1[] = { 0, 40 };
	static const int scope2[] = { CHART_OUT_OF_SCOPE, CHART_OUT_OF_SCOPE };
	double v[NDEP];
	int fl[NDEP];
	struct tilemap m = { .title = "Carte", .n = 0, .lang = FMT_FR };
	struct funnel f = { .title = "Entonnoir", .n = 0, .lang = FMT_FR };
	struct lorenz lz = { .title = "Lorenz", .ncurves = 0, .lang = FMT_FR };
	struct heatmap hm = { .title = "Carte de chaleur", .nrows = 0,
				    .ncols = 6, .lo = NAN, .hi = NAN, .lang = FMT_FR };
	struct stacked st = { .title = "Niveaux", .nrows = 2, .k = 2,
				    .row_labels = lab, .level_labels = lev,
				    .shares = sh, .n = n0, .min_n = 10,
				    .lang = FMT_FR };
	struct dumbbell db = { .title = "Évolution", .n = 0, .lang = FMT_FR };
	struct funnel_geom fg;
	struct draw_rows_geom rg;
	struct img im;
	struct err e = { .msg = "" };
	size_t i;

	/* Tile map: no department, then every one n.d. or out of scope. */
	check_nodata("nodata-map-empty", tilemap_draw_fn, &m, m.title);
	for (i = 0; i < NDEP; i++) {
		v[i] = NAN;
		fl[i] = i % 7 ? CHART_PLAIN : CHART_OUT_OF_SCOPE;
	}
	fl[0] = CHART_OUT_OF_SCOPE;
	v[0] = 3;	/* out of scope: not a value to class */
	m.n = NDEP;
	m.codes = all_codes;
	m.values = v;
	m.flags = fl;
	check_nodata("nodata-map-na", tilemap_draw_fn, &m, m.title);
	/* Every value 0: data, one class named "0", not a scale. */
	for (i = 0; i < NDEP; i++)
		v[i] = 0;
	{
		struct tilemap_geom g;

		img_open(&im, 483, 500);
		CHECK(tilemap_layout(im.cr, 0, 0, 483, 500, &m, &g, &e) == 0 &&
		      g.nclasses == 1 && g.bounds[0] == 0 && g.bounds[1] == 0,
		      "all zero: one class [0, 0]: %s", e.msg);
		img_close(&im);
	}

	/* Funnel: no point, then none in scope. */
	check_nodata("nodata-funnel-empty", funnel_draw_fn, &f, f.title);
	f.n = 2;
	f.expected = one2;
	f.observed = one2;
	f.flags = scope2;
	check_nodata("nodata-funnel-scope", funnel_draw_fn, &f, f.title);
	img_open(&im, 483, 300);
	CHECK(funnel_layout(im.cr, 0, 0, 483, 300, &f, &fg, &e) == 0 &&
	      fg.f.w == 0 && fg.point_r == 0, "no data: a zeroed funnel layout");
	img_close(&im);

	/* Lorenz: no curve, no unit, one unit, no structure (all L = 0). */
	check_nodata("nodata-lorenz-none", lorenz_draw_fn, &lz, lz.title);
	lz.ncurves = 1;
	lz.curves[0].label = "2026";
	lz.curves[0].gini = NAN;
	lz.curves[0].n = 1;
	lz.curves[0].f = nil5;
	lz.curves[0].l = nil5;
	check_nodata("nodata-lorenz-nounit", lorenz_draw_fn, &lz, lz.title);
	lz.curves[0].n = 2;
	{
		static const double f01[] = { 0, 1 };

		lz.curves[0].f = f01;
		lz.curves[0].l = f01;
		check_nodata("nodata-lorenz-oneunit", lorenz_draw_fn, &lz,
			     lz.title);
	}
	lz.curves[0].n = 5;
	lz.curves[0].f = zero5;
	lz.curves[0].l = nil5;
	check_nodata("nodata-lorenz-zero", lorenz_draw_fn, &lz, lz.title);
	/* Two curves, last year's without data: this year's drawn alone. */
	lz.ncurves = 2;
	lz.curves[1] = lz.curves[0];
	lz.curves[1].label = "2025";
	lz.curves[0].l = l1;
	{
		struct lorenz_geom g;

		img_draw(&im, 483, 360, lorenz_draw_fn, &lz);
		CHECK(lorenz_layout(im.cr, 0, 0, 483, 360, &lz, &g, &e) == 0 &&
		      g.f.w > 100, "one curve of two without data: drawn: %s", e.msg);
		CHECK(same_colour(px_at(&im, draw_frame_x(&g.f, 0.5),
					draw_frame_y(&g.f, 0.2)),
				  hex_of(chart_palette(0))),
		      "the curve with data is drawn");
		img_close(&im);
		keep_png("nodata-lorenz-half", 483, 360, lorenz_draw_fn, &lz);
	}

	/* Heatmap: no row, then every cell n.d. */
	check_nodata("nodata-heatmap-empty", heatmap_draw_fn, &hm, hm.title);
	{
		double cells[2 * NC];

		for (i = 0; i < 2 * NC; i++)
			cells[i] = NAN;
		hm.nrows = 2;
		hm.ncols = NC;
		hm.row_labels = lab;
		hm.col_labels = areas;
		hm.values = cells;
		check_nodata("nodata-heatmap-na", heatmap_draw_fn, &hm,
			     hm.title);
	}

	/* Stacked: n = 0 in every row; then one row with data, one n.d. */
	check_nodata("nodata-stacked", stacked_draw_fn, &st, st.title);
	st.n = n1;
	img_draw(&im, 483, 200, stacked_draw_fn, &st);
	CHECK(stacked_layout(im.cr, 0, 0, 483, 200, &st, &rg, &e) == 0 &&
	      rg.f.w > 100, "a row with data: drawn: %s", e.msg);
	CHECK(same_colour(px_at(&im, draw_frame_x(&rg.f, 0.5), rg.f.y +
				0.5 * rg.step), WHITE) &&
	      dark(px_at(&im, draw_frame_x(&rg.f, 0.5), rg.f.y + 0.5 * rg.step -
			 rg.bar_h / 2 + 0.4), 0xc0),
	      "the row with n = 0 is an empty outlined bar");
	img_close(&im);
	keep_png("nodata-stacked-half", 483, 200, stacked_draw_fn, &st);

	/* Dumbbell: no row, then every delta n.d. */
	check_nodata("nodata-dumbbell-empty", dumbbell_draw_fn, &db, db.title);
	db.n = 2;
	db.labels = lab;
	db.delta = nan2;
	check_nodata("nodata-dumbbell-na", dumbbell_draw_fn, &db, db.title);

	/* English, and a box too small even for the message. */
	db.lang = FMT_EN;
	img_open(&im, 483, 300);
	CHECK(dumbbell_draw(im.cr, 0, 0, 483, 300, &db, &e) == 0, "%s", e.msg);
	CHECK(dumbbell_draw(im.cr, 0, 0, 483, 20, &db, &e) == -1 &&
	      strstr(e.msg, "too small"), "no data, tiny box: %s", e.msg);
	CHECK(dumbbell_layout(im.cr, 0, 0, 483, 20, &db, &rg, &e) == -1,
	      "and its layout fails alike");
	db.labels = NULL;
	CHECK(dumbbell_draw(im.cr, 0, 0, 483, 300, &db, &e) == -1,
	      "rows without labels are still an error");
	img_close(&im);
}

/* --- Files -------------------------------------------------------------- */

static void test_same_bytes(void)
{
	char dir[] = "/tmp/test_report_plots.XXXXXX", a[80], b[80];
	double v[NDEP];
	int fl[NDEP];
	struct tilemap m = {
		.title = "Déterminisme", .unit = "valeur", .n = NDEP,
		.codes = all_codes, .values = v, .flags = fl, .lang = FMT_FR,
	};
	struct err e = { .msg = "" };
	long n;

	tilemap_data(v, fl);
	if (!mkdtemp(dir)) {
		CHECK(0, "mkdtemp");
		return;
	}
	snprintf(a, sizeof(a), "%s/a.png", dir);
	snprintf(b, sizeof(b), "%s/b.png", dir);
	CHECK(chart_write_png(a, 483, 500, 2, tilemap_draw_fn, &m, &e) == 0,
	      "%s", e.msg);
	CHECK(chart_write_png(b, 483, 500, 2, tilemap_draw_fn, &m, &e) == 0,
	      "%s", e.msg);
	n = t_same_bytes(a, b);
	CHECK(n > 1000, "the same PNG bytes twice (%ld)", n);
	/* A draw error leaves no file and names the path. */
	m.codes = NULL;
	CHECK(chart_write_png(a, 483, 500, 1, tilemap_draw_fn, &m, &e) == -1
	      && strstr(e.msg, a), "error names the path: %s", e.msg);
	unlink(a);
	unlink(b);
	rmdir(dir);
}

/* cairo in error: every plot says so instead of drawing. */
static void test_cairo_error(void)
{
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 10,
							10);
	cairo_t *cr = cairo_create(s);
	static const char *const lab[] = { "a" };
	static const double one[] = { 1 };
	static const long n[] = { 20 };
	struct dumbbell d = { .n = 1, .labels = lab, .delta = one };
	struct stacked st = { .nrows = 1, .k = 1, .row_labels = lab,
				    .level_labels = lab, .shares = one, .n = n };
	struct err e = { .msg = "" };

	cairo_restore(cr);	/* unbalanced: puts cr in error */
	CHECK(dumbbell_draw(cr, 0, 0, 483, 200, &d, &e) == -1 &&
	      strstr(e.msg, "cairo"), "dumbbell on a cairo in error: %s", e.msg);
	CHECK(stacked_draw(cr, 0, 0, 483, 200, &st, &e) == -1 &&
	      strstr(e.msg, "cairo"), "stacked on a cairo in error: %s", e.msg);
	cairo_destroy(cr);
	cairo_surface_destroy(s);
}

int main(void)
{
	test_seq();
	test_tilemap();
	test_tilemap_errors();
	test_funnel();
	test_lorenz();
	test_heatmap();
	test_stacked();
	test_dumbbell();
	test_nodata();
	test_same_bytes();
	test_cairo_error();
	chart_fonts_release();
	return t_done("test_report_plots");
}
