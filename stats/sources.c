#include "sources.h"

#include "db.h"

/* A file is the region's own when every row it placed lies in the region:
   a regional network's diagnostics, say. Its quarantined rows are the
   region's; those of a national file belong to no one region. The
   associations come already counted (assoc_count_build), the other rows
   one by one. */
static const char *const region_data_sql =
	"WITH placed AS ("
	"  SELECT source_id, region_code, n FROM temp.association_count"
	"  UNION ALL SELECT source_id, region_code, 1 FROM structure"
	"  UNION ALL SELECT source_id, region_code, 1 FROM diagnostic"
	"  UNION ALL SELECT source_id, region_code, 1 FROM survey_response),"
	" per AS (SELECT region_code r, source_id f, sum(n) n FROM placed"
	"         WHERE region_code IS NOT NULL GROUP BY 1, 2),"
	" own AS (SELECT f, min(r) r FROM per GROUP BY f HAVING count(*) = 1),"
	" q AS (SELECT source_id f, count(*) n FROM quarantine GROUP BY 1),"
	" files AS (SELECT r, count(*) files, sum(n) rows FROM per GROUP BY r),"
	" aside AS (SELECT own.r r, count(*) files, coalesce(sum(q.n), 0) rows FROM own"
	"           LEFT JOIN q ON q.f = own.f GROUP BY own.r) "
	"INSERT INTO region_data(year, region_code, files, rows_placed, own_files, rows_set_aside) "
	"SELECT ?1, g.code, coalesce(files.files, 0), coalesce(files.rows, 0), "
	"       coalesce(aside.files, 0), coalesce(aside.rows, 0) "
	"FROM region g LEFT JOIN files ON files.r = g.code LEFT JOIN aside ON aside.r = g.code";

int sources_compute(sqlite3 *db, int year, struct err *e)
{
	return db_exec_year(db, "DELETE FROM region_data WHERE year = ?1", year, e) ||
		db_exec_year(db, region_data_sql, year, e) ? -1 : 0;
}
