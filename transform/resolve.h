/*
 * resolve: place a row on a current commune of the referential from every
 * clue it has: an INSEE code, a postal code, a commune name. The rules, as
 * counted in resolution_count:
 *   exact           the INSEE code is a current commune
 *   zero            a spreadsheet dropped the leading zero ("1400", "1400.0"):
 *                   repaired only when the padded code exists
 *   arrondissement  a municipal arrondissement of Paris, Lyon or Marseille
 *                   rolls up to its commune; the arrondissement is kept
 *   deleguee        a delegated or associated commune: its parent
 *   ancien          an old code (commune merged since): the current one
 *   postal          no usable INSEE code, and the postal code serves one
 *                   commune only
 *   postal-name     the postal code and the commune name agree on one
 *                   commune (La Poste's base: commune, routing and line-5
 *                   names; the COG's names of current, delegated and
 *                   associated communes)
 *   name            the name alone, when it designates one commune of the
 *                   department of the postal code; or, with no code at all
 *                   (resolver_name), one commune of the whole referential
 *   outside         an overseas collectivity that the report leaves out
 *                   (Saint-Martin, Saint-Barthélemy, Saint-Pierre-et-
 *                   Miquelon, Wallis-et-Futuna, French Polynesia, New
 *                   Caledonia...): set aside with its own reason
 * Postal codes that lost their leading zero are read padded. The clues are
 * cross-checked: when the INSEE code names a commune that the postal code
 * does not serve (a postal code typed in the INSEE column: 09100 is
 * Couflens's INSEE code and Pamiers's postal code), the clues that agree
 * win and the resolution carries a note saying what was repaired. A
 * department is never taken from a postal code alone.
 *
 * The resolver holds the referential in memory (sorted arrays searched
 * with bsearch); resolver_free() releases it. Returned strings point into
 * the resolver or into the resolution.
 */
#ifndef PANA_TRANSFORM_RESOLVE_H
#define PANA_TRANSFORM_RESOLVE_H

#include <sqlite3.h>

#include "err.h"

enum resolve_rule {
	RESOLVE_EXACT, RESOLVE_ZERO, RESOLVE_ARRONDISSEMENT, RESOLVE_DELEGUEE,
	RESOLVE_ANCIEN, RESOLVE_POSTAL, RESOLVE_POSTAL_NAME, RESOLVE_NAME,
	RESOLVE_OUTSIDE, RESOLVE_NONE, RESOLVE_NRULES
};

struct resolution {
	enum resolve_rule rule;
	const char *commune, *arrondissement, *department, *region;
	/* RESOLVE_NONE: why not. RESOLVE_OUTSIDE: the territory's name. */
	const char *reason;
	/* Set when the clues disagreed or the name did not match: the rule
	   (insee-was-postal, insee-disagrees, postal-disagrees,
	   name-disagrees), the field it concerns, and a message in the
	   language of text_set_language(). */
	const char *note_rule, *note_field;
	char note[320];
	char why[160];		/* storage for reason */
};

struct resolver;

struct resolver *resolver_load(sqlite3 *db, struct err *e);
void resolver_free(struct resolver *r);
/*
 * insee, postal and name may each be NULL or empty; the field names are
 * those of the row's columns, for notes. Always fills out.
 */
void resolver_place(const struct resolver *r, const char *insee, const char *postal,
		    const char *name, struct resolution *out);
/*
 * A name alone, with no code, as a survey's respondent types it: placed
 * (RESOLVE_NAME) when exactly one current commune bears it, as its own
 * name or as that of one of its delegated or associated communes (then
 * the commune it belongs to), keyed as text_place_key() does and never
 * approximately. Else RESOLVE_NONE, the reason saying whether no commune
 * or several bear it.
 */
void resolver_name(const struct resolver *r, const char *name, struct resolution *out);
/* resolver_place() without a name. */
void resolver_commune(const struct resolver *r, const char *insee, const char *postal,
		      struct resolution *out);
const char *resolver_rule_name(enum resolve_rule rule);

#endif
