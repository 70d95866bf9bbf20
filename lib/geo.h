/*
 * geo: load the Code Officiel Géographique referential (the folder
 * [paths] geography: regions, departments, communes, epci) into the region,
 * department, epci, commune, commune_alias and postal_code tables; La
 * Poste's postal base (postal_codes.csv) into postal_commune; the overseas
 * collectivities outside the report (territories.csv) into territory.
 *
 * It reloads only when the files changed (their SHA-256 is kept in meta);
 * a reload clears the model tables and marks every source file for
 * transform again, since commune codes may have changed. One transaction:
 * all or nothing. Any invalid row rejects the referential as a whole.
 */
#ifndef PANA_GEO_H
#define PANA_GEO_H

#include <sqlite3.h>

#include "err.h"

/* Returns 1 when loaded, 0 when already current, -1 on error. */
int geo_load(sqlite3 *db, const char *dir, struct err *e);

#endif
