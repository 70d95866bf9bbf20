#include "assoc_count.h"

#include "db.h"

/* Declared as in association, so that the values keep their types and
   the counts read from here group and compare as the rows did. */
static const char *const create_sql =
	"DROP TABLE IF EXISTS temp.association_count;"
	"CREATE TEMP TABLE association_count(commune_code TEXT, department_code TEXT, "
	"region_code TEXT, source_id INTEGER, active INTEGER, n INTEGER NOT NULL)";

static const char *const fill_sql =
	"INSERT INTO temp.association_count SELECT commune_code, department_code, "
	"region_code, source_id, active, count(*) FROM association GROUP BY 1, 2, 3, 4, 5";

int assoc_count_build(sqlite3 *db, struct err *e)
{
	return db_exec(db, create_sql, e) || db_exec(db, fill_sql, e) ? -1 : 0;
}
