/*
 * resolve: place an INSEE commune code (and a postal code) on a current
 * commune of the referential, by the rules of the design, in order:
 *   exact           the code is a current commune
 *   zero            a spreadsheet dropped the leading zero ("1400", "1400.0"):
 *                   repaired only when the padded code exists
 *   arrondissement  a municipal arrondissement of Paris, Lyon or Marseille
 *                   rolls up to its commune; the arrondissement is kept
 *   deleguee        a delegated or associated commune: its parent
 *   ancien          an old code (commune merged since): the current one
 *   postal          no usable INSEE code, but the postal code designates
 *                   one commune only (never used to guess a department)
 * The resolver holds the referential in memory (sorted arrays searched with
 * bsearch); resolver_free() releases it. Returned strings point into it.
 */
#ifndef PANA_TRANSFORM_RESOLVE_H
#define PANA_TRANSFORM_RESOLVE_H

#include <sqlite3.h>

#include "err.h"

enum resolve_rule {
	RESOLVE_EXACT, RESOLVE_ZERO, RESOLVE_ARRONDISSEMENT, RESOLVE_DELEGUEE,
	RESOLVE_ANCIEN, RESOLVE_POSTAL, RESOLVE_NONE, RESOLVE_NRULES
};

struct resolution {
	enum resolve_rule rule;
	const char *commune, *arrondissement, *department, *region;
	const char *reason;	/* why not, when rule is RESOLVE_NONE */
};

struct resolver;

struct resolver *resolver_load(sqlite3 *db, struct err *e);
void resolver_free(struct resolver *r);
/* insee and postal may be NULL or empty. Always fills out. */
void resolver_commune(const struct resolver *r, const char *insee, const char *postal,
		      struct resolution *out);
const char *resolver_rule_name(enum resolve_rule rule);

#endif
