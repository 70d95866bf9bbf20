/*
 * test_report_render: renders a small report (cover, headings, a paragraph
 * with accents, a chart, a 60-row table across a page break) to /tmp, then
 * reads it back with pdfinfo and pdftotext (poppler-utils). Also checks that
 * the same document gives the same bytes, and that a full disk, a bad path
 * and bad markup are reported.
 * One line per failing check on stderr; exit 0 when all pass, 1 otherwise.
 */
#include "../../report/bars.h"
#include "../../report/render.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "fmt.h"

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
	fprintf(stderr, "test_report_render: failed: %s\n", what);
}

#define TITLE "Accompagnement numérique des associations 2026"

static const char *const regions[] = {
	"Auvergne-Rhône-Alpes", "Bourgogne-Franche-Comté", "Bretagne",
	"Centre-Val de Loire", "Corse", "Grand Est", "Hauts-de-France",
	"Île-de-France", "Normandie", "Nouvelle-Aquitaine", "Occitanie",
	"Pays de la Loire", "Provence-Alpes-Côte d'Azur", "Guadeloupe",
	"Martinique", "Guyane", "La Réunion", "Mayotte",
};
#define NREG (sizeof(regions) / sizeof(regions[0]))

#define ROWS 60
#define COLS 4

/* Writes the test document to path; returns render_close's result. */
static int write_doc(const char *path, struct err *e)
{
	static const char *const cover[] = {
		"Rapport annuel 2026", "Sources : RNA, lieux de médiation "
		"numérique, diagnostics", "Édité le 26 novembre 2026", NULL,
	};
	static const char *const header[COLS] = {
		"Département", "Région", "Structures", "Taux (%)",
	};
	static const int align[COLS] = { 0, 0, 1, 1 };
	struct render_meta m = {
		.title = TITLE, .author = "pana", .subject = "Rapport",
		.keywords = "associations;numérique", .creator = "pana-report",
		.create_date = "2026-11-26T00:00:00Z", .lang = FMT_FR,
	};
	double values[NREG];
	int flags[NREG];
	struct bars c = {
		.title = "Structures pour 100 000 habitants",
		.unit = "structures pour 100 000 habitants", .n = NREG,
		.labels = (const char *const *)regions, .values = values,
		.flags = flags, .reference = 11.2,
		.reference_label = "France entière", .lang = FMT_FR,
		.decimals = 1,
	};
	struct buf text = BUF_INIT, cells[ROWS * COLS];
	const char *cellp[ROWS * COLS];
	struct render_table t = { COLS, ROWS, header, cellp, align,
				  "Tableau 1 – Structures par département", NULL };
	/* No row: the table says so, by default or in its own words. */
	struct render_table none = { COLS, 0, header, NULL, align,
				     "Tableau 2 – Enquêtes", NULL };
	struct render_table none2 = { COLS, 0, header, NULL, align,
				      "Tableau 3 – Rejets", "Aucune ligne écartée." };
	struct bars empty = { .title = "Graphique sans données", .n = 0,
				    .reference = NAN, .lang = FMT_FR };
	struct render *r;
	size_t i;

	for (i = 0; i < NREG; i++) {
		values[i] = 5 + (double)((i * 37) % 11);
		flags[i] = i == 4 ? CHART_FLAGGED : CHART_PLAIN;
	}
	values[NREG - 1] = NAN;
	for (i = 0; i < ROWS * COLS; i++)
		buf_init(&cells[i]);
	for (i = 0; i < ROWS; i++) {
		buf_addf(&cells[i * COLS], "%02zu – Département %zu", i + 1,
			 i + 1);
		buf_addstr(&cells[i * COLS + 1], regions[i % NREG]);
		fmt_int(&cells[i * COLS + 2], (long long)(i * 1234 % 9871),
			FMT_FR);
		fmt_num(&cells[i * COLS + 3], 0.5 + (double)i * 0.37, 1,
			FMT_FR);
	}
	for (i = 0; i < ROWS * COLS; i++)
		cellp[i] = cells[i].data;

	if (render_open(&r, path, &m, e))
		return -1;
	render_cover(r, TITLE, "Structures, couverture et compétences", cover);
	render_heading(r, 1, "Couverture territoriale");
	buf_addstr(&text, "Les régions Île-de-France, Provence-Alpes-Côte "
		   "d'Azur et Auvergne-Rhône-Alpes comptent le plus de "
		   "structures. En moyenne, une région compte ");
	fmt_num(&text, 1234.5, 1, FMT_FR);
	buf_addstr(&text, " associations accompagnées, soit ");
	fmt_pct(&text, 0.123, 1, FMT_FR);
	buf_addstr(&text, " du total. Les cellules de moins de 5 répondants "
		   "sont masquées.");
	render_paragraph(r, text.data);
	render_markup(r, "Les départements <b>signalés</b> ont un taux "
		      "inférieur à la moitié du taux national &amp; "
		      "l'Alsace-Moselle est <i>hors champ</i>.");
	render_heading(r, 2, "Structures par région");
	if (render_chart(r, 320, bars_draw_fn, &c, e)) {
		render_close(r, e);
		return -1;
	}
	render_heading(r, 2, "Structures par département");
	render_table(r, &t);
	render_table(r, &none);
	render_table(r, &none2);
	if (render_chart(r, 200, bars_draw_fn, &empty, e)) {
		render_close(r, e);
		return -1;
	}
	render_heading(r, 1, "Méthodologie");
	render_heading(r, 2, "Sources");
	render_paragraph(r, "Répertoire national des associations (RNA).");
	for (i = 0; i < ROWS * COLS; i++)
		buf_release(&cells[i]);
	buf_release(&text);
	return render_close(r, e);
}

/* Runs cmd and returns its standard output (caller releases). */
static int run(const char *cmd, struct buf *out)
{
	char chunk[4096];
	FILE *p = popen(cmd, "r");
	size_t n;

	if (!p)
		return -1;
	while ((n = fread(chunk, 1, sizeof(chunk), p)) > 0)
		buf_add(out, chunk, n);
	return pclose(p) == 0 ? 0 : -1;
}

/* Tells whether pdfinfo's output has the line "name:   value". */
static int field_is(const char *info, const char *name, const char *value)
{
	size_t n = strlen(name), v = strlen(value);
	const char *p = info;

	while ((p = strstr(p, name))) {
		if ((p == info || p[-1] == '\n') && p[n] == ':') {
			p += n + 1;
			while (*p == ' ')
				p++;
			return !strncmp(p, value, v) && p[v] == '\n';
		}
		p += n;
	}
	return 0;
}

/* Replaces U+202F and U+00A0 by a plain space, in place. */
static void normalise_spaces(struct buf *b)
{
	size_t i, j = 0;

	for (i = 0; i < b->len; i++) {
		if (i + 2 < b->len && !memcmp(b->data + i, "\xe2\x80\xaf", 3)) {
			b->data[j++] = ' ';
			i += 2;
		} else if (i + 1 < b->len &&
			   !memcmp(b->data + i, "\xc2\xa0", 2)) {
			b->data[j++] = ' ';
			i += 1;
		} else {
			b->data[j++] = b->data[i];
		}
	}
	buf_setlen(b, j);
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	while ((hay = strstr(hay, needle))) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

static int has_bytes(const char *hay, size_t len, const char *needle)
{
	size_t n = strlen(needle), i;

	for (i = 0; i + n <= len; i++)
		if (!memcmp(hay + i, needle, n))
			return 1;
	return 0;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct buf b = BUF_INIT;
	char chunk[4096];
	size_t n;

	if (!f)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	return buf_detach(&b, len);
}

static void test_document(void)
{
	char path[] = "/tmp/test_report_render.XXXXXX";
	char path2[] = "/tmp/test_report_render.XXXXXX";
	struct buf cmd = BUF_INIT, out = BUF_INIT;
	struct err e = { .msg = "" };
	const char *p;
	char *a, *b;
	size_t la = 0, lb = 0;
	int fd;

	if ((fd = mkstemp(path)) < 0 || close(fd)) {
		check(0, "mkstemp");
		return;
	}
	check(write_doc(path, &e) == 0, e.msg);

	buf_addf(&cmd, "pdfinfo '%s'", path);
	check(run(cmd.data, &out) == 0, "pdfinfo runs");
	p = strstr(out.data, "Pages:");
	check(p && atoi(p + 6) >= 3, "at least 3 pages");
	check(field_is(out.data, "Title", TITLE), "PDF title");
	check(field_is(out.data, "Creator", "pana-report"), "PDF creator");
	check(field_is(out.data, "CreationDate", "Thu Nov 26 00:00:00 2026 UTC"),
	      "PDF creation date is the given one");

	buf_reset(&cmd);
	buf_reset(&out);
	buf_addf(&cmd, "pdftotext -enc UTF-8 '%s' -", path);
	check(run(cmd.data, &out) == 0, "pdftotext runs");
	normalise_spaces(&out);
	check(strstr(out.data, "Provence-Alpes-Côte d'Azur") != NULL,
	      "text has Provence-Alpes-Côte d'Azur");
	check(strstr(out.data, "Île-de-France") != NULL,
	      "text has Île-de-France");
	check(strstr(out.data, "1 234,5") != NULL, "text has 1 234,5");
	check(strstr(out.data, "12,3 %") != NULL, "text has 12,3 %");
	check(strstr(out.data, "signalés") != NULL, "markup text rendered");
	check(strstr(out.data, "p. 2") != NULL, "footer page number");
	check(strstr(out.data, "p. 1") == NULL, "no footer on the cover");
	check(strstr(out.data, "(suite)") != NULL, "table continued caption");
	check(count(out.data, "Taux (%)") >= 2, "header repeated on the "
	      "table's second page");
	check(strstr(out.data, "60 – Département 60") != NULL,
	      "last table row present");
	check(count(out.data, "Aucune donnée") == 2,
	      "a table with no row and a chart with no data say so");
	check(strstr(out.data, "Aucune ligne écartée.") != NULL,
	      "an empty table in its own words");

	/* The same document, the same bytes. */
	if ((fd = mkstemp(path2)) < 0 || close(fd)) {
		check(0, "mkstemp");
	} else {
		check(write_doc(path2, &e) == 0, e.msg);
		a = slurp(path, &la);
		b = slurp(path2, &lb);
		check(a && b && la == lb && !memcmp(a, b, la),
		      "PDF identical across renders");
		check(a && has_bytes(a, la, "/Outlines"),
		      "PDF has an outline");
		free(a);
		free(b);
		unlink(path2);
	}
	unlink(path);
	buf_release(&cmd);
	buf_release(&out);
}

static void test_failures(void)
{
	struct render_meta m = { .title = "T", .lang = FMT_EN };
	struct err e = { .msg = "" };
	struct render *r;
	char path[] = "/tmp/test_report_render.XXXXXX";
	int fd, i;

	check(render_open(&r, "/nonexistent/dir/r.pdf", &m, &e) == -1 &&
	      strstr(e.msg, "'/nonexistent/dir/r.pdf'"),
	      "bad path is an error naming it");

	/* A full disk: every write fails with ENOSPC. */
	e.msg[0] = '\0';
	if (access("/dev/full", W_OK) == 0) {
		check(render_open(&r, "/dev/full", &m, &e) == 0, e.msg);
		render_heading(r, 1, "Heading");
		for (i = 0; i < 200; i++)
			render_paragraph(r, "Filling the disk, line after line.");
		check(render_close(r, &e) == -1 && strstr(e.msg, "/dev/full")
		      && strstr(e.msg, "No space left"),
		      "full disk is an error naming the path");
	}

	if ((fd = mkstemp(path)) < 0 || close(fd)) {
		check(0, "mkstemp");
		return;
	}
	check(render_open(&r, path, &m, &e) == 0, e.msg);
	render_markup(r, "<b>unclosed");
	render_paragraph(r, "after the error: ignored");
	check(render_status(r, &e) == -1 && strstr(e.msg, "markup"),
	      "bad markup kept as the document's error");
	check(render_close(r, &e) == -1 && strstr(e.msg, path),
	      "bad markup reported by render_close");
	check(render_close(NULL, &e) == 0, "render_close(NULL) is a no-op");
	unlink(path);
}

/* What the document measures to keep a heading with what follows. */
static void test_measures(void)
{
	static const char *const hdr[] = { "Région", "Taux" };
	static const char *const cells[] = {
		"Bretagne", "1", "Corse", "2", "Grand Est", "3", "Normandie", "4", "Occitanie", "5",
	};
	struct render_meta m = { .title = "T", .lang = FMT_FR };
	struct render_table t = { .ncols = 2, .header = hdr, .cells = cells,
				  .caption = "Taux par région" };
	struct err e = { .msg = "" };
	struct render *r;
	char path[] = "/tmp/test_report_render.XXXXXX";
	double h0, h1, p1, p3, t0, t3, t5;
	int fd;

	if ((fd = mkstemp(path)) < 0 || close(fd)) {
		check(0, "mkstemp");
		return;
	}
	check(render_open(&r, path, &m, &e) == 0, e.msg);
	h0 = render_heading_height(r, 2, "Par région");
	check(h0 > 12.5 && h0 < 40, "a heading of level 2: its line and the space after");
	p1 = render_paragraph_height(r, "Une ligne.");
	p3 = render_paragraph_height(r, "Trois lignes, ou plus : une phrase assez longue pour "
				     "passer à la ligne deux fois sur la largeur du texte d'une "
				     "page A4, avec ses marges, soit environ quatre-vingts signes "
				     "par ligne de corps dix, ou à peu près.");
	check(p1 > 10 && p3 > 2 * (p1 - 8), "a paragraph is as high as its lines");
	render_paragraph(r, "Une ligne.");
	h1 = render_heading_height(r, 2, "Par région");
	check(h1 > h0 + 10, "under a paragraph, a heading has space before it");
	t.nrows = 0;
	t0 = render_table_top_height(r, &t);
	t.nrows = 3;
	t3 = render_table_top_height(r, &t);
	t.nrows = 5;
	t5 = render_table_top_height(r, &t);
	check(t0 > 0 && t3 > t0 && t5 == t3, "a table's top: caption, header and three rows");
	check(render_close(r, &e) == 0, e.msg);
	unlink(path);
}

int main(void)
{
	test_document();
	test_failures();
	test_measures();
	chart_fonts_release();
	printf("test_report_render: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
