/*
 * clues: what the geography says without doubt, as a table, so that the
 * model places most rows with one INSERT ... SELECT ... JOIN instead of
 * calling the resolver row by row. clues_build() fills, once per run,
 *   temp.clue(code, postal, commune_code, arrondissement_code,
 *             department_code, region_code, rule)
 * keyed on (code, postal): an INSEE code as resolver_place() reads it as
 * a current commune by a lookup alone (the exact code; without its
 * leading zero, rule zero; a municipal arrondissement; a delegated or
 * associated commune; an old code that now belongs to one commune), with
 * a postal code that serves that commune ('' for none; 4 digits when the
 * leading zero was lost). rule is an enum resolve_rule. A row found there
 * is placed as the resolver would place it, with no note to give (the
 * clues agree); every other row (an old code shared by several communes,
 * a postal code that disagrees or that the referential does not know,
 * "1400.0", a name alone...) goes through the resolver.
 */
#ifndef PANA_TRANSFORM_CLUES_H
#define PANA_TRANSFORM_CLUES_H

#include <sqlite3.h>

#include "err.h"

/* The join of a staging row (its INSEE and postal code columns) to its
   clue c, for a LEFT JOIN: c.code is NULL when the resolver must say. */
#define CLUES_ON(insee, postal) \
	"c.code = " insee " AND c.postal = coalesce(" postal ", '')"

/* Creates (or refills) temp.clue from the geography tables. 0, or -1
   with e set on a database error. */
int clues_build(sqlite3 *db, struct err *e);

#endif
