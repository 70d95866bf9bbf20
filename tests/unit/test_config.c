/*
 * test_config: config.ini as pana reads it: values, defaults, paths made
 * absolute against the file's folder, and one clear message per mistake.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "check.h"
#include "config.h"

static char dir[] = "/tmp/pana-test-config-XXXXXX";

static int load(const char *text, struct config *c, struct err *e)
{
	char path[256];
	FILE *f;
	int rc;

	snprintf(path, sizeof(path), "%s/config.ini", dir);
	f = fopen(path, "w");
	if (!f)
		return -2;
	fputs(text, f);
	fclose(f);
	rc = config_load(c, path, e);
	return rc;
}

static void refused(const char *text, const char *words)
{
	struct config c;
	struct err e = { .msg = "" };
	int rc = load(text, &c, &e);

	CHECK(rc == -1 && strstr(e.msg, words), "want an error with '%s', got %d '%s'", words, rc,
	      e.msg);
	config_release(&c);
}

#define PATHS "[paths]\ndatabase = db.sqlite\ninbox = inbox\nreports = reports\n" \
	"geography = /tmp\n"

int main(void)
{
	struct config c;
	struct err e = { .msg = "" };
	char want[300];

	if (!mkdtemp(dir))
		return 2;
	CHECK(load(PATHS "[report]\nyear = 2025\nlanguage = en\n[privacy]\nmin_cell = 5\n"
		   "[competences]\nareas = web, gdpr\nweb = Site web ; inline comment\n"
		   "[survey x]\ndate = d\ncommune = c\nquestions = Q1\nQ1 = Oui: 1, Non: 0\n", &c,
		   &e) == 0, "%s", e.msg);
	snprintf(want, sizeof(want), "%s/db.sqlite", dir);
	CHECK_STR(c.database, want);
	CHECK_STR(c.geography, "/tmp");
	CHECK_INT(c.year, 2025);
	CHECK_STR(c.language, "en");
	CHECK_INT(c.min_cell, 5);
	CHECK_INT(c.nareas, 2);
	CHECK_STR(c.areas[1], "gdpr");
	CHECK_STR(c.area_labels[0], "Site web");
	CHECK_STR(c.area_labels[1], "gdpr");
	CHECK_STR(config_get(&c, "survey x", "Q1"), "Oui: 1, Non: 0");
	CHECK(config_get(&c, "survey x", "Q2") == NULL, "absent key");
	CHECK(c.confidence == 0.95 && c.fdr == 0.05, "defaults");
	config_release(&c);
	config_release(&c);	/* safe twice */

	CHECK(load(PATHS, &c, &e) == 0, "%s", e.msg);
	CHECK_INT(c.siting_points, 20);
	CHECK_STR(c.regions, "all");
	CHECK_INT(c.nareas, 6);	/* the default areas */
	CHECK_INT(c.min_cell, 10);
	CHECK_STR(c.language, "fr");
	config_release(&c);

	/* The siting advice and the regional sheets. */
	CHECK(load(PATHS "[siting]\nnew_points = 0\n[report]\nregions = 84, 93\n", &c, &e) == 0,
	      "%s", e.msg);
	CHECK_INT(c.siting_points, 0);
	CHECK_STR(c.regions, "84, 93");
	config_release(&c);
	/* [report] sections and formats as bits, the catchment bands as numbers:
	   read once, here, for every stage. */
	CHECK(load(PATHS "[report]\nsections = key, siting\nformats = pdf, csv\n"
		   "[coverage]\ncatchment_km = 5, 15\ncatchment_weights = 1, 0.5\n", &c, &e) == 0,
	      "%s", e.msg);
	CHECK_INT(c.sections, 1u << 0 | 1u << 2);
	CHECK_STR(config_sections[2], "siting");
	CHECK_INT(c.formats, CONFIG_PDF | CONFIG_CSV);
	CHECK_INT(c.nbands, 2);
	CHECK(c.catchment_km[1] == 15 && c.catchment_weights[1] == 0.5, "bands %g %g",
	      c.catchment_km[1], c.catchment_weights[1]);
	config_release(&c);
	CHECK(load(PATHS, &c, &e) == 0, "%s", e.msg);
	CHECK_INT(c.sections, (1u << CONFIG_NSECTIONS) - 1);
	CHECK_INT(c.formats, CONFIG_PDF | CONFIG_PNG | CONFIG_SVG | CONFIG_CSV);
	CHECK_INT(c.nbands, 3);
	CHECK(c.catchment_km[0] == 10 && c.catchment_weights[2] == 0.22, "default bands");
	config_release(&c);
	refused(PATHS "[siting]\nnew_points = -3\n", "new_points");
	refused(PATHS "[siting]\nnew_point = 3\n", "did you mean 'new_points'");
	refused(PATHS "[sitting]\nnew_points = 3\n", "did you mean [siting]");
	refused(PATHS "[report]\nregions = 84, Bretagne\n", "'Bretagne' is not a region code");
	refused(PATHS "[report]\nregions = 084\n", "'084' is not a region code");

	/* A long value goes on over indented lines, joined with one space;
	   the same key again, not indented, replaces it. */
	CHECK(load(PATHS "[report]\ntitle = Comment évaluez-vous l'aisance (usage\n"
		   "  courant : messagerie, visio) ?\n\tsuite = 1\nauthor = 1\nauthor = 2\n", &c,
		   &e) == 0, "%s", e.msg);
	CHECK_STR(config_get(&c, "report", "title"),
		  "Comment évaluez-vous l'aisance (usage courant : messagerie, visio) ? suite = 1");
	CHECK_STR(config_get(&c, "report", "author"), "2");
	config_release(&c);
	/* Survey sections are read with the file: a mistake is a config error. */
	refused(PATHS "[survey x]\ndate = d\ncommune = c\nQ9 = Oui: 1\n",
		"[survey x] Q9: not a setting, and no question of that name");
	{
		char text[600];

		snprintf(text, sizeof(text), PATHS "[report]\ntitle = %0250d\nauthor = 1\n", 7);
		refused(text, "line 7: the line is longer than 197 bytes");
	}
	/* Every section and key is checked, the nearest known name given. */
	refused(PATHS "[privacy]\nmin-cell = 50\n",
		"unknown key 'min-cell' in [privacy]; did you mean 'min_cell'?");
	refused(PATHS "[privcy]\nmin_cell = 50\n", "unknown section [privcy]; did you mean [privacy]?");
	refused(PATHS "[notes]\na = 1\n", "unknown section [notes] (known: paths, report");
	refused(PATHS "[report]\nlangauge = en\n", "did you mean 'language'?");
	refused(PATHS "[report]\nsomething = en\n", "unknown key 'something' in [report]");
	refused(PATHS "[competences]\nareas = web, gdpr\nwebb = Site\n",
		"unknown key 'webb' in [competences]; did you mean 'web'?");
	refused(PATHS "[paths]\ndatabse = x\n", "did you mean 'database'?");
	refused(PATHS "[survey x]\ndate = d\ncommune = c\nheader-rows = 3\n",
		"[survey x] header-rows: not a setting, and no question of that name; did you mean "
		"'header_rows'?");
	/* What a stage would find wrong mid-run is found at load. */
	refused(PATHS "[competences]\nareas = web, gdpr, web\n", "areas: 'web' is listed twice");
	refused(PATHS "[report]\nformats = pdf, pgn\n",
		"[report] formats: 'pgn' is not one of them; did you mean 'png'?");
	refused(PATHS "[report]\nsections = key, coverag\n", "did you mean 'coverage'?");
	refused(PATHS "[coverage]\ncommune_coordinates = nowhere.csv\n",
		"[coverage] commune_coordinates: cannot read '");
	refused(PATHS "[coverage]\ncommune_coordinates = nowhere.csv\n",
		"/nowhere.csv': No such file or directory");
	refused(PATHS "[coverage]\ncatchment_km = 10, 20\n",
		"catchment_km and catchment_weights must be two lists of the same length");
	refused(PATHS "[coverage]\ncatchment_km = 10, 20, 30\ncatchment_weights = 1, a, b\n",
		"catchment_km and catchment_weights");
	refused(PATHS "[report]\ntitle = Th\xe9\xe2tre\n",
		"line 7: not valid UTF-8: save the file as UTF-8");
	{
		char text[300], inbox[200];
		FILE *f;

		snprintf(inbox, sizeof(inbox), "%s/afile", dir);
		f = fopen(inbox, "w");
		if (f)
			fclose(f);
		snprintf(text, sizeof(text), "[paths]\ndatabase = d\ninbox = afile\nreports = r\n"
			 "geography = /tmp\n");
		refused(text, "[paths] inbox: ");
		refused(text, "afile' is not a folder");
		unlink(inbox);
	}
	CHECK_INT(config_distance("min-cell", "min_cell"), 1);
	CHECK_INT(config_distance("langauge", "language"), 1);
	CHECK_INT(config_distance("", "abc"), 3);
	CHECK_INT(config_distance("kitten", "sitting"), 3);
	refused("[paths]\ninbox = i\nreports = r\ngeography = /tmp\n", "[paths] database is missing");
	refused(PATHS "this is not ini\n", "line 6: not a valid INI line");
	refused(PATHS "[privacy]\nmin_cell = ten\n", "min_cell: 'ten' is not a whole number");
	refused(PATHS "[report]\nlanguage = de\n", "language: 'de' is not fr or en");
	refused(PATHS "[report]\nyear = 1850\n", "before the law of 1901");
	refused(PATHS "[coverage]\nfdr = 5\n", "fdr: '5' is not a number between 0 and 1");
	refused(PATHS "[competences]\nareas = Web-Site\n", "'Web-Site' is not a code");
	refused("[paths]\ndatabase = /nonexistent/db\ninbox = i\nreports = r\ngeography = /tmp\n",
		"the folder '/nonexistent' does not exist");
	refused("[paths]\ndatabase = d\ninbox = i\nreports = r\ngeography = /nonexistent\n",
		"geography: '/nonexistent' is not a folder");
	refused("[paths]\ndatabase = d\ninbox = i\nreports = i\ngeography = /tmp\n",
		"must be a folder of its own");
	{
		struct config c2;
		struct err e2 = { .msg = "" };

		CHECK(config_load(&c2, "/nonexistent/config.ini", &e2) == -1 &&
		      strstr(e2.msg, "cannot read config '/nonexistent/config.ini'"), "%s", e2.msg);
		config_release(&c2);
	}
	{
		char path[256];

		snprintf(path, sizeof(path), "%s/config.ini", dir);
		unlink(path);
		rmdir(dir);
	}
	return t_done("test_config");
}
