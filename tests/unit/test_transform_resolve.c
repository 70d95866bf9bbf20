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
};

static const struct rcase cases[] = {
	/* a current commune */
	{ "01053", NULL, RESOLVE_EXACT, "01053", "01", "84", NULL },
	/* leading zero removed by a spreadsheet, as text and as a number */
	{ "1053", NULL, RESOLVE_ZERO, "01053", "01", "84", NULL },
	{ "1053.0", NULL, RESOLVE_ZERO, "01053", "01", "84", NULL },
	/* Arboys en Bugey (01015), a commune nouvelle: Saint-Bois (01340)
	   lives on as its delegated commune */
	{ "01340", NULL, RESOLVE_DELEGUEE, "01015", "01", "84", NULL },
	/* Valserhône (01033), a commune nouvelle: 01018 is one of its old
	   codes ("anciensCodes"), with no delegated commune left */
	{ "01018", NULL, RESOLVE_ANCIEN, "01033", "01", "84", NULL },
	/* municipal arrondissements of Paris, Lyon and Marseille */
	{ "75111", NULL, RESOLVE_ARRONDISSEMENT, "75056", "75", "11", "75111" },
	{ "69381", NULL, RESOLVE_ARRONDISSEMENT, "69123", "69", "84", "69381" },
	{ "13216", NULL, RESOLVE_ARRONDISSEMENT, "13055", "13", "93", "13216" },
	/* Ajaccio's code before Corsica was split in 1976 */
	{ "20004", NULL, RESOLVE_ANCIEN, "2A004", "2A", "94", NULL },
	/* Corsica: 2A and 2B, never "20" */
	{ "2A004", NULL, RESOLVE_EXACT, "2A004", "2A", "94", NULL },
	{ "2B033", NULL, RESOLVE_EXACT, "2B033", "2B", "94", NULL },
	/* overseas departments: three-digit department codes */
	{ "97411", NULL, RESOLVE_EXACT, "97411", "974", "04", NULL },
	/* no INSEE code: a postal code with one commune places the row ... */
	{ NULL, "01280", RESOLVE_POSTAL, "01313", "01", "84", NULL },
	/* an unknown INSEE code falls back on a postal code of one commune */
	{ "01999", "01280", RESOLVE_POSTAL, "01313", "01", "84", NULL },
	/* ... a postal code shared by several communes does not */
	{ NULL, "51300", RESOLVE_NONE, NULL, NULL, NULL, NULL },
	/* a typo stays unresolved, even with a leading zero to add */
	{ "570000", NULL, RESOLVE_NONE, NULL, NULL, NULL, NULL },
	{ "9999", NULL, RESOLVE_NONE, NULL, NULL, NULL, NULL },
	{ "", "", RESOLVE_NONE, NULL, NULL, NULL, NULL },
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

		resolver_commune(r, c->insee, c->postal, &res);
		CHECK(res.rule == c->rule, "'%s'/'%s': rule %s, want %s", c->insee ? c->insee : "",
		      c->postal ? c->postal : "", resolver_rule_name(res.rule),
		      resolver_rule_name(c->rule));
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
			CHECK(res.arrondissement == NULL, "no arrondissement for '%s'", c->insee);
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
