#include "clues.h"

#include "buf.h"
#include "db.h"
#include "resolve.h"

int clues_build(sqlite3 *db, struct err *e)
{
	struct buf sql = BUF_INIT;
	int rc;

	buf_addf(&sql,
		/* The rows placed in a file (their rowids) and the clues (3 MiB
		   for the whole referential) stay in memory. */
		"PRAGMA temp.cache_size = -16384;"
		"CREATE TEMP TABLE IF NOT EXISTS clue(code TEXT, postal TEXT, "
		"commune_code TEXT NOT NULL, arrondissement_code TEXT, department_code TEXT, "
		"region_code TEXT, rule INTEGER NOT NULL, PRIMARY KEY (code, postal)) "
		"WITHOUT ROWID;"
		"DELETE FROM temp.clue;"
		/* The codes the resolver looks up (5 characters): a current
		   commune's; else an alias's whose target communes are current,
		   when they are one commune, with the first rule in the order of
		   enum resolve_rule (arrondissement, delegated, old code). */
		"WITH alias(code, commune_code, rule) AS ("
		" SELECT code, commune_code, CASE kind WHEN 'arrondissement' THEN %d "
		"  WHEN 'ancien' THEN %d ELSE %d END FROM main.commune_alias "
		" WHERE commune_code IN (SELECT code FROM main.commune)), "
		"key(code, commune_code, arrondissement_code, rule) AS ("
		" SELECT code, code, NULL, %d FROM main.commune "
		" WHERE length(CAST(code AS BLOB)) = 5 "
		" UNION ALL "
		" SELECT code, min(commune_code), CASE min(rule) WHEN %d THEN code END, min(rule) "
		" FROM alias WHERE length(CAST(code AS BLOB)) = 5 "
		" AND code NOT IN (SELECT code FROM main.commune) "
		" GROUP BY code HAVING count(DISTINCT commune_code) = 1), "
		/* 4 digits are the code with its leading zero restored. */
		"form(code, commune_code, arrondissement_code, rule) AS ("
		" SELECT code, commune_code, arrondissement_code, rule FROM key "
		" UNION ALL SELECT substr(code, 2), commune_code, arrondissement_code, %d FROM key "
		"  WHERE code GLOB '0[0-9][0-9][0-9][0-9]'), "
		/* The postal codes that serve a current commune, as the resolver
		   reads them: the COG's, and La Poste's rows that give a name,
		   rolled up to the current commune. */
		"serves(postal, commune_code) AS ("
		" SELECT p.postal_code, p.commune_code FROM main.postal_code p "
		" JOIN main.commune c ON c.code = p.commune_code "
		" UNION "
		" SELECT p.postal_code, k.commune_code FROM main.postal_commune p "
		" JOIN key k ON k.code = p.commune_code "
		" WHERE p.name <> '' OR p.routing_name <> '' OR p.line5 <> ''), "
		"postal(postal, commune_code) AS ("
		" SELECT postal, commune_code FROM serves WHERE postal GLOB '[0-9][0-9][0-9][0-9][0-9]' "
		" UNION ALL SELECT substr(postal, 2), commune_code FROM serves "
		"  WHERE postal GLOB '0[0-9][0-9][0-9][0-9]') "
		"INSERT OR IGNORE INTO temp.clue(code, postal, commune_code, arrondissement_code, "
		"department_code, region_code, rule) "
		"SELECT f.code, '', f.commune_code, f.arrondissement_code, c.department_code, "
		"c.region_code, f.rule FROM form f JOIN main.commune c ON c.code = f.commune_code "
		"UNION ALL "
		"SELECT f.code, p.postal, f.commune_code, f.arrondissement_code, c.department_code, "
		"c.region_code, f.rule FROM form f JOIN main.commune c ON c.code = f.commune_code "
		"JOIN postal p ON p.commune_code = f.commune_code;",
		RESOLVE_ARRONDISSEMENT, RESOLVE_ANCIEN, RESOLVE_DELEGUEE, RESOLVE_EXACT,
		RESOLVE_ARRONDISSEMENT, RESOLVE_ZERO);
	rc = db_exec(db, sql.data, e);
	buf_release(&sql);
	return rc;
}
