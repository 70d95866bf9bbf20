/* The departments outside the registry (Alsace-Moselle): no association
   count, so no test; their structures per 100,000 inhabitants, apart,
   against the country's. */
#include "doc.h"

#include <math.h>

#include "buf.h"
#include "db.h"

static const char *const outside_sql =
	"SELECT g.name, s.per_100k_pop FROM coverage_stats s JOIN department g ON g.code = s.code "
	"WHERE s.year = ?1 AND s.level = 'department' AND s.associations IS NULL "
	"AND (?2 IS NULL OR g.region_code = ?2) ORDER BY s.code";

int doc_outside_registry(struct doc *d, const char *region)
{
	struct buf b = BUF_INIT;
	sqlite3_stmt *st;
	double france = doc_query_num(d, "SELECT per_100k_pop FROM coverage_summary WHERE year = ?1");
	int rc, n = 0;

	if (db_prepare(d->db, &st, outside_sql, d->e))
		return doc_fail(d);
	sqlite3_bind_int(st, 1, d->o->year);
	db_bind_text(st, 2, region);
	buf_addstr(&b, doc_tr(d, "<b>Hors RNA, pour 100 000 habitants.</b> ",
			      "<b>Outside the RNA, per 100,000 inhabitants.</b> "));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n++)
			buf_addstr(&b, ", ");
		buf_addstr(&b, (const char *)sqlite3_column_text(st, 0));
		buf_addstr(&b, doc_tr(d, " : ", ": "));
		fmt_num(&b, doc_col_num(st, 1), 1, d->lang);
	}
	rc = doc_loop_end(d, rc);
	sqlite3_finalize(st);
	if (rc) {
		buf_release(&b);
		return -1;
	}
	if (n) {
		buf_addstr(&b, doc_tr(d, " structures (France entière : ",
				      " structures (France as a whole: "));
		fmt_num(&b, france, 1, d->lang);
		buf_addstr(&b, doc_tr(d, "). Leurs associations ne sont pas au RNA : ces départements ne "
				      "sont ni testés ni comptés parmi les zones des tests.",
				      "). Their associations are not in the RNA: these departments are "
				      "neither tested nor counted among the areas of the tests."));
		doc_markup(d, b.data);
	}
	buf_release(&b);
	return 0;
}
