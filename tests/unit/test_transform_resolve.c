/*
 * test_transform_resolve: commune resolution on real codes of the committed
 * referential (COG 2026), one hand-checked case per rule, each saying
 * where the row ends up.
 */
#include <stdlib.h>
#include <unistd.h>

#include "check.h"
#include "db.h"
#include "geo.h"
#include "resolve.h"

struct rcase {
	const char *insee, *postal;
	enum resolve_rule rule;
	const char *commune, *department, *region, *arrondissement;
	const char *name;	/* the commune name given with the row */
	const char *note;	/* the note the clues must produce, or NULL */
};

static const struct rcase cases[] = {
	/* a current commune */
	{ "01053", NULL, RESOLVE_EXACT, "01053", "01", "84", NULL, NULL, NULL },
	/* leading zero removed by a spreadsheet, as text and as a number */
	{ "1053", NULL, RESOLVE_ZERO, "01053", "01", "84", NULL, NULL, NULL },
	{ "1053.0", NULL, RESOLVE_ZERO, "01053", "01", "84", NULL, NULL, NULL },
	/* Arboys en Bugey (01015), a commune nouvelle: Saint-Bois (01340)
	   lives on as its delegated commune */
	{ "01340", NULL, RESOLVE_DELEGUEE, "01015", "01", "84", NULL, NULL, NULL },
	/* Valserhône (01033), a commune nouvelle: 01018 is one of its old
	   codes ("anciensCodes"), with no delegated commune left */
	{ "01018", NULL, RESOLVE_ANCIEN, "01033", "01", "84", NULL, NULL, NULL },
	/* municipal arrondissements of Paris, Lyon and Marseille */
	{ "75111", NULL, RESOLVE_ARRONDISSEMENT, "75056", "75", "11", "75111", NULL, NULL },
	{ "69381", NULL, RESOLVE_ARRONDISSEMENT, "69123", "69", "84", "69381", NULL, NULL },
	{ "13216", NULL, RESOLVE_ARRONDISSEMENT, "13055", "13", "93", "13216", NULL, NULL },
	/* Ajaccio's code before Corsica was split in 1976 */
	{ "20004", NULL, RESOLVE_ANCIEN, "2A004", "2A", "94", NULL, NULL, NULL },
	/* Corsica: 2A and 2B, never "20" */
	{ "2A004", NULL, RESOLVE_EXACT, "2A004", "2A", "94", NULL, NULL, NULL },
	{ "2B033", NULL, RESOLVE_EXACT, "2B033", "2B", "94", NULL, NULL, NULL },
	/* overseas departments: three-digit department codes */
	{ "97411", NULL, RESOLVE_EXACT, "97411", "974", "04", NULL, NULL, NULL },
	/* no INSEE code: a postal code with one commune places the row ... */
	{ NULL, "01280", RESOLVE_POSTAL, "01313", "01", "84", NULL, NULL, NULL },
	/* an unknown INSEE code falls back on a postal code of one commune */
	{ "01999", "01280", RESOLVE_POSTAL, "01313", "01", "84", NULL, NULL, "insee-disagrees" },
	/* ... a postal code shared by several communes does not */
	{ NULL, "51300", RESOLVE_NONE, NULL, NULL, NULL, NULL, NULL, NULL },
	/* a typo stays unresolved, even with a leading zero to add */
	{ "570000", NULL, RESOLVE_NONE, NULL, NULL, NULL, NULL, NULL, NULL },
	{ "9999", NULL, RESOLVE_NONE, NULL, NULL, NULL, NULL, NULL, NULL },
	{ "", "", RESOLVE_NONE, NULL, NULL, NULL, NULL, NULL, NULL },
	/* Postal codes typed in the INSEE column. 09100 is Couflens's INSEE
	   code and Pamiers's postal code; 13011 is Les Baux-de-Provence's INSEE
	   code and the postal code of Marseille 11e; 69100 is Irigny's INSEE
	   code and Villeurbanne's postal code. The postal code and the name
	   agree, and win, with a note; never a silent "exact". */
	{ "09100", "09100", RESOLVE_POSTAL_NAME, "09225", "09", "76", NULL, "Pamiers",
	  "insee-was-postal" },
	{ "13011", "13011", RESOLVE_POSTAL_NAME, "13055", "13", "93", NULL, "MARSEILLE 11",
	  "insee-was-postal" },
	{ "69100", "69100", RESOLVE_POSTAL_NAME, "69266", "69", "84", NULL, "Villeurbanne",
	  "insee-was-postal" },
	/* ... and with no name, the postal code of one commune still wins */
	{ "13011", "13011", RESOLVE_POSTAL, "13055", "13", "93", NULL, NULL, "insee-was-postal" },
	/* the INSEE code and the name agree on Couflens: the postal code is
	   the one in doubt */
	{ "09100", "09100", RESOLVE_EXACT, "09100", "09", "76", NULL, "Couflens",
	  "postal-disagrees" },
	/* La Poste's names: an article in parentheses, a CEDEX code (74000 is
	   Annecy's), Saint abbreviated, accents and case */
	{ NULL, "76600", RESOLVE_POSTAL_NAME, "76351", "76", "28", NULL, "HAVRE (LE)", NULL },
	{ NULL, "74000", RESOLVE_POSTAL_NAME, "74010", "74", "84", NULL, "ANNECY CEDEX", NULL },
	{ NULL, "42000", RESOLVE_POSTAL_NAME, "42218", "42", "84", NULL, "ST ETIENNE", NULL },
	{ NULL, "1000", RESOLVE_POSTAL_NAME, "01053", "01", "84", NULL, "Bourg en Bresse", NULL },
	/* a delegated commune's name goes to its parent: Seynod is Annecy */
	{ NULL, "74600", RESOLVE_POSTAL_NAME, "74010", "74", "84", NULL, "Seynod", NULL },
	/* a CEDEX code names no commune: the name, unique in the department */
	{ NULL, "74003", RESOLVE_NAME, "74010", "74", "84", NULL, "ANNECY CEDEX", NULL },
	/* a wrong postal code: the name, unique in its department, with a note
	   (01500 is Ambérieu-en-Bugey's) */
	{ NULL, "01500", RESOLVE_NAME, "01053", "01", "84", NULL, "Bourg-en-Bresse",
	  "postal-disagrees" },
	/* La Poste delivers a few streets of Ronchin and Lecci under 59000
	   and 20000; the COG gives those codes to Lille and Ajaccio alone */
	{ NULL, "59000", RESOLVE_POSTAL, "59350", "59", "32", NULL, NULL, NULL },
	{ NULL, "20000", RESOLVE_POSTAL, "2A004", "2A", "94", NULL, NULL, NULL },
	/* a shortened name, one commune of the postal code */
	{ NULL, "26270", RESOLVE_POSTAL_NAME, "26166", "26", "84", NULL, "Loriol",
	  "name-approximate" },
	/* a name matching no commune of a shared postal code, and no postal
	   code at all: unresolved */
	{ NULL, "51300", RESOLVE_NONE, NULL, NULL, NULL, NULL, "Atlantis", NULL },
	{ NULL, NULL, RESOLVE_NONE, NULL, NULL, NULL, NULL, "Pamiers", NULL },
	/* overseas collectivities outside the report: their own rule */
	{ NULL, "97150", RESOLVE_OUTSIDE, NULL, NULL, NULL, NULL, "Saint-Martin", NULL },
	{ "97801", NULL, RESOLVE_OUTSIDE, NULL, NULL, NULL, NULL, NULL, NULL },
	{ NULL, "98800", RESOLVE_OUTSIDE, NULL, NULL, NULL, NULL, "NOUMEA", NULL },
	{ NULL, "97133", RESOLVE_OUTSIDE, NULL, NULL, NULL, NULL, "Saint-Barthélemy", NULL },
	/* ... but 97133 is also the INSEE code of Vieux-Fort, Guadeloupe */
	{ "97133", "97141", RESOLVE_EXACT, "97133", "971", "01", NULL, "Vieux-Fort", NULL },
};

/* A name alone (resolver_name): one commune of France bears it, or not. */
struct ncase {
	const char *name, *commune;	/* NULL: not placed */
};

static const struct ncase names[] = {
	{ "ST ETIENNE", "42218" },
	{ "besancon", "25056" },
	{ "Annecy-le-Vieux", "74010" },	/* delegated commune of Annecy */
	{ "Paris 11e", "75056" },
	{ "Evry-Courcouronnes", "91228" },
	{ "Ajaccio", "2A004" },
	{ "Saint-Denis", NULL },	/* 11339, 30247, 93066, 97411 */
	{ "Montreuil", NULL },		/* 28267, 85148, 93048 */
	{ "Cherbourg", NULL },		/* Cherbourg-en-Cotentin: never approximated */
	{ "", NULL },
};

int main(void)
{
	char dbpath[] = "/tmp/pana-test-resolve-XXXXXX";
	const char *top = getenv("PANA_TOP");
	struct resolver *r;
	struct err e;
	sqlite3 *db;
	char geo[4096];
	size_t i;
	int fd = mkstemp(dbpath);

	if (fd < 0)
		return 2;
	close(fd);
	snprintf(geo, sizeof(geo), "%s/data/geography", top ? top : ".");
	if (db_open(&db, dbpath, &e) || geo_load(db, geo, &e) < 0) {
		fprintf(stderr, "%s\n", e.msg);
		return 2;
	}
	r = resolver_load(db, &e);
	CHECK(r != NULL, "%s", e.msg);
	for (i = 0; r && i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct rcase *c = &cases[i];
		struct resolution res;

		resolver_place(r, c->insee, c->postal, c->name, &res);
		CHECK(res.rule == c->rule, "'%s'/'%s'/'%s': rule %s, want %s (%s)",
		      c->insee ? c->insee : "", c->postal ? c->postal : "", c->name ? c->name : "",
		      resolver_rule_name(res.rule), resolver_rule_name(c->rule),
		      res.reason ? res.reason : res.note);
		if (c->note)
			CHECK_STR(res.note_rule ? res.note_rule : "(none)", c->note);
		else
			CHECK(res.note_rule == NULL || c->rule == RESOLVE_NONE, "'%s': no note, got %s: %s",
			      c->name ? c->name : "", res.note_rule, res.note);
		if (c->rule == RESOLVE_OUTSIDE) {
			CHECK(res.commune == NULL && res.reason != NULL, "a territory is named");
			continue;
		}
		if (c->rule == RESOLVE_NONE) {
			CHECK(res.commune == NULL && res.reason != NULL, "'%s' has a reason",
			      c->insee ? c->insee : "");
			continue;
		}
		CHECK_STR(res.commune, c->commune);
		CHECK_STR(res.department, c->department);
		CHECK_STR(res.region, c->region);
		if (c->arrondissement)
			CHECK_STR(res.arrondissement, c->arrondissement);
		else
			CHECK(res.arrondissement == NULL, "no arrondissement for '%s'",
			      c->insee ? c->insee : "");
	}
	for (i = 0; r && i < sizeof(names) / sizeof(names[0]); i++) {
		const struct ncase *c = &names[i];
		struct resolution res;

		resolver_name(r, c->name, &res);
		if (c->commune)
			CHECK(res.rule == RESOLVE_NAME && res.commune && !strcmp(res.commune, c->commune),
			      "'%s': got %s %s (%s), want %s", c->name, resolver_rule_name(res.rule),
			      res.commune ? res.commune : "-", res.reason ? res.reason : "", c->commune);
		else
			CHECK(res.rule == RESOLVE_NONE && !res.commune && res.reason,
			      "'%s': got %s %s, want none", c->name, resolver_rule_name(res.rule),
			      res.commune ? res.commune : "-");
	}
	resolver_free(r);
	db_close(db);
	unlink(dbpath);
	{
		char side[4200];

		snprintf(side, sizeof(side), "%s-wal", dbpath);
		unlink(side);
		snprintf(side, sizeof(side), "%s-shm", dbpath);
		unlink(side);
	}
	return t_done("test_transform_resolve");
}
