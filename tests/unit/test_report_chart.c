/*
 * test_report_chart: draws hand-built bar charts on an image surface and
 * checks pixels where bars_layout says the bars are; then writes the
 * same chart twice as PNG and SVG and compares the bytes.
 * One line per failing check on stderr; exit 0 when all pass, 1 otherwise.
 */
#include "../../report/bars.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* fontconfig keeps blocks from its configuration parse at exit. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_options(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\n";
}

const char *__lsan_default_options(void)
{
	return "print_suppressions=0";
}

static int passed, failed;

static void check(int ok, const char *what)
{
	if (ok) {
		passed++;
		return;
	}
	failed++;
	fprintf(stderr, "test_report_chart: failed: %s\n", what);
}

#define IMG_W 400
#define IMG_H 200

struct canvas {
	cairo_surface_t *s;
	cairo_t *cr;
};

static void canvas_open(struct canvas *cv)
{
	cv->s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, IMG_W, IMG_H);
	cv->cr = cairo_create(cv->s);
	cairo_set_source_rgb(cv->cr, 1, 1, 1);
	cairo_paint(cv->cr);
}

static void canvas_close(struct canvas *cv)
{
	cairo_destroy(cv->cr);
	cairo_surface_destroy(cv->s);
}

/* Returns the pixel at (x, y) as 0xRRGGBB. */
static uint32_t pixel(struct canvas *cv, double x, double y)
{
	int px = (int)floor(x), py = (int)floor(y);
	unsigned char *data;

	cairo_surface_flush(cv->s);
	data = cairo_image_surface_get_data(cv->s);
	if (px < 0 || py < 0 || px >= IMG_W || py >= IMG_H)
		return 0xdeadbeef;
	return ((uint32_t *)(data + py * cairo_image_surface_get_stride(cv->s)))[px]
		& 0xffffff;
}

static int near(uint32_t a, uint32_t b)
{
	int s;

	for (s = 0; s < 24; s += 8) {
		int d = (int)((a >> s) & 0xff) - (int)((b >> s) & 0xff);

		if (d < -2 || d > 2)
			return 0;
	}
	return 1;
}

static uint32_t rgb_of(struct chart_rgb c)
{
	return (uint32_t)lround(c.r * 255) << 16 | (uint32_t)lround(c.g * 255) << 8
		| (uint32_t)lround(c.b * 255);
}

#define WHITE 0xffffffu

static const char *const labels3[] = { "Bretagne", "Normandie",
				       "Provence-Alpes-Côte d'Azur" };

/* Centre of bar i's row. */
static double row_y(const struct bars_geom *g, size_t i)
{
	return g->plot_y + ((double)i + 0.5) * g->step;
}

static void test_palette(void)
{
	struct chart_rgb c0 = chart_palette(0), c8 = chart_palette(8);
	size_t i, j;
	int distinct = 1;

	check(rgb_of(c0) == 0x0072b2, "palette colour 0 is Okabe-Ito blue");
	check(rgb_of(chart_palette(1)) == 0xd55e00,
	      "palette colour 1 is Okabe-Ito vermillion");
	check(c0.r == c8.r && c0.g == c8.g && c0.b == c8.b,
	      "palette cycles after 8 colours");
	for (i = 0; i < CHART_NCOLOURS; i++)
		for (j = 0; j < i; j++)
			if (rgb_of(chart_palette(i)) == rgb_of(chart_palette(j)))
				distinct = 0;
	check(distinct, "palette colours are distinct");
}

static void test_bars(void)
{
	static const double values[] = { 1, 2, 4 };
	struct bars c = {
		.unit = "nombre de structures", .n = 3, .labels = labels3,
		.values = values, .reference = NAN, .lang = FMT_FR,
	};
	struct bars_geom g;
	struct canvas cv;
	struct err e = { .msg = "" };
	uint32_t blue = rgb_of(chart_palette(0));
	double x;

	canvas_open(&cv);
	check(bars_draw(cv.cr, 10, 10, IMG_W - 20, IMG_H - 20, &c, &e)
	      == 0, e.msg);
	check(bars_layout(cv.cr, 10, 10, IMG_W - 20, IMG_H - 20, &c, &g,
				&e) == 0, e.msg);
	check(g.xmin == 0 && g.xmax >= 4 && g.xmax <= 5,
	      "axis from 0 to a nice number just above 4");
	check(g.tick_step == 1 || g.tick_step == 2 || g.tick_step == 0.5,
	      "nice tick step");
	check(g.plot_x > 10 + 60 && g.plot_x < 10 + 0.45 * (IMG_W - 20),
	      "label column holds the longest label, at most 40 % of the box");
	/* Inside the longest bar, halfway: palette colour 0. */
	check(near(pixel(&cv, bars_xpos(&g, 2), row_y(&g, 2)), blue),
	      "longest bar filled with palette colour 0");
	check(near(pixel(&cv, bars_xpos(&g, 4) - 1.5, row_y(&g, 2)), blue),
	      "longest bar reaches its value");
	check(near(pixel(&cv, bars_xpos(&g, 2) - 1.5, row_y(&g, 1)), blue),
	      "middle bar filled up to its value");
	check(near(pixel(&cv, bars_xpos(&g, 2) + 1.5, row_y(&g, 1)), WHITE),
	      "middle bar stops at its value");
	check(near(pixel(&cv, bars_xpos(&g, 1) - 1.5, row_y(&g, 0)
			 - g.bar_h / 2 + 1.5), blue),
	      "shortest bar covers its row's band");
	/* Beyond the shortest bar and its value, between two grid lines. */
	x = bars_xpos(&g, g.xmax - g.tick_step / 2);
	check(near(pixel(&cv, x, row_y(&g, 0)), WHITE),
	      "background white right of the shortest bar");
	/* Between two rows, between two grid lines: outside any bar. */
	check(near(pixel(&cv, bars_xpos(&g, g.tick_step / 2),
			 g.plot_y + g.step), WHITE), "gap between rows is white");
	check(cairo_status(cv.cr) == CAIRO_STATUS_SUCCESS, "cairo status");
	canvas_close(&cv);
}

static void test_na_and_flags(void)
{
	static const double values[] = { 1, NAN, 4 };
	static const int flags[] = { CHART_FLAGGED, CHART_PLAIN,
				     CHART_OUT_OF_SCOPE };
	struct bars c = {
		.title = "Test", .unit = "%", .n = 3, .labels = labels3,
		.values = values, .flags = flags, .reference = 3,
		.reference_label = "France", .lang = FMT_FR,
	};
	struct bars_geom g;
	struct canvas cv;
	struct err e = { .msg = "" };
	double x0, xs;
	int ink = 0;

	canvas_open(&cv);
	check(bars_draw(cv.cr, 10, 10, IMG_W - 20, IMG_H - 20, &c, &e)
	      == 0, e.msg);
	check(bars_layout(cv.cr, 10, 10, IMG_W - 20, IMG_H - 20, &c, &g,
				&e) == 0, e.msg);
	/* The out-of-scope 4 is ignored: the axis stops at the reference 3. */
	check(g.xmax >= 3 && g.xmax < 4, "out-of-scope value not on the axis");
	x0 = bars_xpos(&g, 0);
	check(near(pixel(&cv, bars_xpos(&g, 0.5), row_y(&g, 0)),
		   rgb_of(chart_palette(1))), "flagged bar in palette colour 1");
	check(near(pixel(&cv, x0 + g.stub_w / 2, row_y(&g, 1)), WHITE),
	      "n.d. bar has no fill");
	for (xs = x0 + g.stub_w + 3; xs < x0 + g.stub_w + 20; xs += 1)
		ink |= !near(pixel(&cv, xs, row_y(&g, 1)), WHITE);
	check(ink, "n.d. bar has a text after it");
	check(!near(pixel(&cv, bars_xpos(&g, 2), row_y(&g, 2)),
		    rgb_of(chart_palette(0))), "out-of-scope bar not drawn to its value");
	check(g.plot_y > 10 + 20, "title and legend above the plot");
	canvas_close(&cv);
}

static void test_negative_and_large(void)
{
	static const double values[] = { -480000, 1234567, INFINITY };
	struct bars c = {
		.unit = "associations", .n = 3, .labels = labels3,
		.values = values, .reference = NAN, .lang = FMT_EN,
	};
	struct bars_geom g;
	struct canvas cv;
	struct err e = { .msg = "" };
	long intervals;

	canvas_open(&cv);
	check(bars_draw(cv.cr, 10, 10, IMG_W - 20, IMG_H - 20, &c, &e)
	      == 0, e.msg);
	check(bars_layout(cv.cr, 10, 10, IMG_W - 20, IMG_H - 20, &c, &g,
				&e) == 0, e.msg);
	intervals = lround((g.xmax - g.xmin) / g.tick_step);
	check(g.xmin <= -480000 && g.xmax >= 1234567 && intervals >= 2,
	      "domain spans the negative and the large value");
	/* "-1,000,000" is about 45 pt wide at 8 pt: labels must not touch. */
	check(g.plot_w / (double)intervals >= 45, "tick labels do not overlap");
	check(near(pixel(&cv, bars_xpos(&g, -240000), row_y(&g, 0)),
		   rgb_of(chart_palette(0))), "negative bar drawn left of zero");
	check(near(pixel(&cv, bars_xpos(&g, 0) + g.stub_w / 2,
			 row_y(&g, 2)), WHITE), "infinite value shown as n.d.");
	canvas_close(&cv);
}

/* Whether a dark pixel (text) lies within r of (x, y). */
static int ink_near(struct canvas *cv, double x, double y, int r)
{
	int dx, dy;

	for (dy = -r; dy <= r; dy++)
		for (dx = -r; dx <= r; dx++)
			if ((pixel(cv, x + dx, y + dy) & 0xff) < 0x90)
				return 1;
	return 0;
}

/*
 * No bar, or no bar with a value in scope: the title over a framed empty
 * plot area reading "Aucune donnée", and a zeroed layout.
 */
static void test_no_data(void)
{
	static const double na[] = { NAN, INFINITY, 7 };
	static const int scope[] = { 0, 0, CHART_OUT_OF_SCOPE };
	struct bars c = { .title = "Vide", .n = 0, .reference = NAN,
				.lang = FMT_FR };
	struct bars_geom g;
	struct chart_nodata_geom ng;
	struct canvas cv;
	struct err e = { .msg = "" };
	int k;

	check(!strcmp(chart_no_data(FMT_FR), "Aucune donnée") &&
	      !strcmp(chart_no_data(FMT_EN), "No data"), "the no-data text");
	for (k = 0; k < 2; k++) {
		canvas_open(&cv);
		if (k) {	/* n.d., infinite and out of scope: no data either */
			c.n = 3;
			c.labels = labels3;
			c.values = na;
			c.flags = scope;
		}
		check(bars_draw(cv.cr, 0, 0, IMG_W, IMG_H, &c, &e) == 0,
		      e.msg);
		check(bars_layout(cv.cr, 0, 0, IMG_W, IMG_H, &c, &g, &e) == 0 &&
		      g.plot_w == 0 && g.step == 0, "no data: a zeroed layout");
		check(chart_nodata_layout(cv.cr, 0, 0, IMG_W, IMG_H, c.title, &ng,
					  &e) == 0 && ng.y > 10 && ng.h > 100 &&
		      ng.w == IMG_W, "the frame under the title");
		check(ink_near(&cv, 3, 6, 3), "the title is drawn");
		check(ink_near(&cv, ng.x + ng.w / 2, ng.y + ng.h / 2, 3),
		      "the message in the middle of the frame");
		check(near(pixel(&cv, ng.x + 0.2 * ng.w, ng.y + 0.3 * ng.h), 0xf6f6f6),
		      "the frame filled in a light grey");
		check((pixel(&cv, ng.x + 0.5, ng.y + ng.h / 3) & 0xff) < 0xd0,
		      "the frame outlined");
		canvas_close(&cv);
	}
	canvas_open(&cv);
	check(bars_draw(cv.cr, 0, 0, 100, 30, &c, &e) == -1 &&
	      strstr(e.msg, "too small"), "no data in a tiny box is an error");
	c.values = NULL;
	check(bars_draw(cv.cr, 0, 0, IMG_W, IMG_H, &c, &e) == -1,
	      "bars without values are an error");
	canvas_close(&cv);
}

static void test_errors(void)
{
	static const double values[] = { 1, 2, 4 };
	struct bars c = { .n = 3, .labels = labels3, .values = values,
				.reference = NAN };
	struct canvas cv;
	struct err e = { .msg = "" };

	canvas_open(&cv);
	check(bars_draw(cv.cr, 0, 0, 30, 8, &c, &e) == -1 &&
	      strstr(e.msg, "too small"), "a tiny box is an error");
	canvas_close(&cv);
}

/* Returns the bytes of path in a malloc'd block, or NULL. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *p = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) > 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (p = malloc((size_t)n))) {
		if (fread(p, 1, (size_t)n, f) != (size_t)n) {
			free(p);
			p = NULL;
		}
		*len = (size_t)n;
	}
	fclose(f);
	return p;
}

static int same_file(const char *a, const char *b)
{
	size_t la = 0, lb = 0;
	char *pa = slurp(a, &la), *pb = slurp(b, &lb);
	int same = pa && pb && la == lb && memcmp(pa, pb, la) == 0;

	free(pa);
	free(pb);
	return same;
}

/* 1 when the PNG at path decodes (cairo's reader) to the pixels of the
   chart drawn straight on an image surface, as chart_write_png() draws. */
static int png_is_chart(const char *path, double w, double h, double scale,
			const struct bars *c)
{
	cairo_surface_t *png = cairo_image_surface_create_from_png(path);
	cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24,
		(int)ceil(w * scale), (int)ceil(h * scale));
	cairo_t *cr = cairo_create(img);
	struct err e;
	int same = cairo_surface_status(png) == CAIRO_STATUS_SUCCESS &&
		   cairo_image_surface_get_width(png) == cairo_image_surface_get_width(img) &&
		   cairo_image_surface_get_height(png) == cairo_image_surface_get_height(img);

	cairo_scale(cr, scale, scale);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	same = same && bars_draw_fn(cr, CHART_FILE_MARGIN, CHART_FILE_MARGIN,
				    w - 2 * CHART_FILE_MARGIN, h - 2 * CHART_FILE_MARGIN, c,
				    &e) == 0;
	cairo_surface_flush(img);
	cairo_surface_flush(png);
	for (int y = 0; same && y < cairo_image_surface_get_height(img); y++) {
		const uint32_t *a = (const uint32_t *)(const void *)
			(cairo_image_surface_get_data(png) + y * cairo_image_surface_get_stride(png));
		const uint32_t *b = (const uint32_t *)(const void *)
			(cairo_image_surface_get_data(img) + y * cairo_image_surface_get_stride(img));

		for (int x = 0; same && x < cairo_image_surface_get_width(img); x++)
			same = (a[x] & 0xffffff) == (b[x] & 0xffffff);
	}
	cairo_destroy(cr);
	cairo_surface_destroy(img);
	cairo_surface_destroy(png);
	return same;
}

static void test_files(void)
{
	static const double values[] = { 1, 2, 4 };
	struct bars c = {
		.title = "Déterminisme", .unit = "nombre", .n = 3,
		.labels = labels3, .values = values, .reference = 2.5,
		.reference_label = "moyenne", .lang = FMT_FR, .decimals = 1,
	};
	char dir[] = "/tmp/test_report_chart.XXXXXX";
	char p1[64], p2[64], s1[64], s2[64], tmp[80];
	struct err e = { .msg = "" };
	size_t len = 0;
	char *svg;

	if (!mkdtemp(dir)) {
		check(0, "mkdtemp");
		return;
	}
	snprintf(p1, sizeof(p1), "%s/a.png", dir);
	snprintf(p2, sizeof(p2), "%s/b.png", dir);
	snprintf(s1, sizeof(s1), "%s/a.svg", dir);
	snprintf(s2, sizeof(s2), "%s/b.svg", dir);
	check(chart_write_png(p1, 400, 200, 2, bars_draw_fn, &c, &e) == 0,
	      e.msg);
	check(chart_write_svg(s1, 400, 200, bars_draw_fn, &c, &e) == 0,
	      e.msg);
	check(chart_write_png(p2, 400, 200, 2, bars_draw_fn, &c, &e) == 0,
	      e.msg);
	check(chart_write_svg(s2, 400, 200, bars_draw_fn, &c, &e) == 0,
	      e.msg);
	check(same_file(p1, p2), "PNG identical across renders");
	check(png_is_chart(p1, 400, 200, 2, &c), "the PNG holds the chart's pixels");
	check(same_file(s1, s2), "SVG identical across renders");
	snprintf(tmp, sizeof(tmp), "%s.tmp", p1);
	check(access(tmp, F_OK) != 0, "no temporary file left");
	svg = slurp(s1, &len);
	check(svg && strstr(svg, "width=\"400pt\""), "SVG sized in points");
	free(svg);

	/* A failing draw leaves no file, and the error names the path. */
	c.labels = NULL;
	check(chart_write_png(p1, 400, 200, 1, bars_draw_fn, &c, &e)
	      == -1 && strstr(e.msg, p1), "draw error names the path");
	c.labels = labels3;
	snprintf(tmp, sizeof(tmp), "%s/missing/c.png", dir);
	check(chart_write_png(tmp, 400, 200, 1, bars_draw_fn, &c, &e)
	      == -1 && strstr(e.msg, "missing/c.png.tmp"),
	      "unwritable path is an error naming it");
	/* A disk that fills as the PNG is written (its temporary file is
	   /dev/full): the error says why, and neither file is left. */
	unlink(p2);
	snprintf(tmp, sizeof(tmp), "%s.tmp", p2);
	if (access("/dev/full", W_OK) == 0 && symlink("/dev/full", tmp) == 0) {
		/* Nothing on stderr meanwhile: the error is pana's message. */
		char said[80];
		int saved = dup(2), fd;
		struct stat sb;
		int rc;

		snprintf(said, sizeof(said), "%s/stderr", dir);
		fd = open(said, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		fflush(stderr);
		dup2(fd, 2);
		e.msg[0] = '\0';
		rc = chart_write_png(p2, 400, 200, 2, bars_draw_fn, &c, &e);
		fflush(stderr);
		dup2(saved, 2);
		close(saved);
		close(fd);
		check(stat(said, &sb) == 0 && sb.st_size == 0, "nothing written on stderr");
		unlink(said);
		check(rc == -1 &&
		      strstr(e.msg, strerror(ENOSPC)) && strstr(e.msg, tmp),
		      "a full disk is told, naming the file");
		if (!strstr(e.msg, strerror(ENOSPC)))
			fprintf(stderr, "  got '%s'\n", e.msg);
		check(access(p2, F_OK) != 0 && access(tmp, F_OK) != 0 && errno == ENOENT,
		      "no PNG and no temporary file after a full disk");
		unlink(tmp);
	}

	unlink(p1);
	unlink(p2);
	unlink(s1);
	unlink(s2);
	rmdir(dir);
}

int main(void)
{
	test_palette();
	test_bars();
	test_na_and_flags();
	test_negative_and_large();
	test_no_data();
	test_errors();
	test_files();
	/* The document asks the kind for the chart's height: a row per bar
	   over the frame (90 + 22 n by bars.c), up to the height of a dozen. */
	{
		struct bars one = { .n = 1 }, five = { .n = 5 }, many = { .n = 18 };

		check(bars_chart.draw == bars_draw_fn && bars_chart.height(&one, 483) == 112 &&
		      bars_chart.height(&five, 483) == 200 && bars_chart.height(&many, 483) == 380,
		      "the bar chart as a chart_kind, as high as its bars");
	}
	chart_fonts_release();
	printf("test_report_chart: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
