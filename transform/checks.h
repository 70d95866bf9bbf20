/*
 * checks: tests on single values that transform applies without rejecting
 * the row: SIRET and RNA identifiers, coordinates against the territory of
 * the row's department.
 */
#ifndef PANA_TRANSFORM_CHECKS_H
#define PANA_TRANSFORM_CHECKS_H

/* 1 when s is 14 digits passing the Luhn check (La Poste's
   establishments, SIREN 356000000, use a sum of digits divisible by 5). */
int checks_siret(const char *s);
/* 1 when s is an RNA id: W and 9 letters or digits, or an older id of
   rna_import (751P00085568, 061S0061013683). */
int checks_rna(const char *s);

enum checks_coord { CHECKS_COORD_OK, CHECKS_COORD_SWAPPED, CHECKS_COORD_OUTSIDE };

/* Checks (lat, lon) against the bounding box of the department's
   territory (metropolitan France, or the overseas department). When the
   point fits only with latitude and longitude exchanged, exchanges them
   and returns CHECKS_COORD_SWAPPED. */
enum checks_coord checks_coordinates(const char *department, double *lat, double *lon);

#endif
