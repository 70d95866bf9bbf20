/*
 * assoc_count: the association table counted once per run. Scanning its
 * 2 M rows is most of what the statistics cost, and five of them need
 * only counts (departments, EPCIs, the regions' data, the survey's
 * margins, the accessibility's demand): they read these instead.
 */
#ifndef PANA_STATS_ASSOC_COUNT_H
#define PANA_STATS_ASSOC_COUNT_H

#include <sqlite3.h>

#include "err.h"

/*
 * (Re)builds temp.association_count(commune_code, department_code,
 * region_code, source_id, active, n): the associations counted by every
 * distinct combination of those columns, as the rows of association hold
 * them (a row's department and region are its own, not looked up from its
 * commune). Any count of associations by some of these columns is then
 * sum(n) over this table, with the same result. The table lives as long
 * as the connection. Returns 0, or -1 with e set.
 */
int assoc_count_build(sqlite3 *db, struct err *e);

/*
 * The same in two steps, so that the 2 M rows are read on a second core
 * while the caller computes what needs no count: assoc_count_start()
 * scans on a thread of its own, through a read-only connection of its own
 * to the database at path; assoc_count_finish() waits for it and builds
 * the table on db, as assoc_count_build() does, then frees j. 0, or -1
 * with e set. assoc_count_cancel() waits and frees j, for a caller that
 * failed meanwhile.
 *
 * The thread must count what db's transaction sees, so it is started only
 * when db holds the write lock (BEGIN IMMEDIATE), before which no commit
 * can then come (pana's lock file keeps out pana alone, not an admin's
 * sqlite3 shell); the caller does not write association meanwhile.
 * Without a thread, or when its connection failed, finishing makes the
 * count on db.
 */
struct assoc_count_job;
struct assoc_count_job *assoc_count_start(sqlite3 *db, const char *path);
int assoc_count_finish(struct assoc_count_job *j, sqlite3 *db, struct err *e);
void assoc_count_cancel(struct assoc_count_job *j);

#endif
