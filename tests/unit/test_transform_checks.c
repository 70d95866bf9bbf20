/*
 * test_transform_checks: SIRET, RNA ids and coordinates, on values worked
 * out by hand.
 */
#include "check.h"
#include "checks.h"

int main(void)
{
	double lat, lon;

	/* Luhn, from the right, every second digit doubled:
	   7 3 2 8 2 0 6 2 9 0 0 0 2 8 -> sum 50 */
	CHECK(checks_siret("73282062900028"), "valid SIRET");
	CHECK(!checks_siret("73282062900027"), "last digit off by one");
	CHECK(!checks_siret("7328206290002"), "13 digits");
	CHECK(!checks_siret("7328206290002A"), "a letter");
	/* La Poste: SIREN 356000000, sum of digits divisible by 5:
	   3+5+6+0+0+0+0+0+0 + 0+0+0+0+1 = 15 */
	CHECK(checks_siret("35600000000001"), "La Poste establishment");
	CHECK(!checks_siret("35600000000002"), "La Poste, sum 16");
	CHECK(checks_rna("W751234567"), "RNA id");
	CHECK(checks_rna("W9T1002867"), "Mayotte RNA id with a letter");
	CHECK(checks_rna("751P00085568"), "an older id of rna_import");
	CHECK(checks_rna("061S0061013683"), "an older id with a sous-préfecture letter");
	CHECK(checks_rna("772P0772007945"), "an older id, 10 digits");
	CHECK(!checks_rna("751X00085568"), "neither P nor S");
	CHECK(!checks_rna("751P0008556A"), "a letter in the number");
	CHECK(!checks_rna("W75123456"), "too short");

	lat = 48.8566, lon = 2.3522;	/* Paris */
	CHECK_INT(checks_coordinates("75", &lat, &lon), CHECKS_COORD_OK);
	lat = 2.3522, lon = 48.8566;	/* Paris, exchanged */
	CHECK_INT(checks_coordinates("75", &lat, &lon), CHECKS_COORD_SWAPPED);
	CHECK_NEAR(lat, 48.8566, 1e-12);
	CHECK_NEAR(lon, 2.3522, 1e-12);
	lat = -20.8821, lon = 55.4504;	/* Saint-Denis de La Réunion */
	CHECK_INT(checks_coordinates("974", &lat, &lon), CHECKS_COORD_OK);
	CHECK_INT(checks_coordinates("75", &lat, &lon), CHECKS_COORD_OUTSIDE);
	lat = 4.9372, lon = -52.326;	/* Cayenne */
	CHECK_INT(checks_coordinates("973", &lat, &lon), CHECKS_COORD_OK);
	lat = 0, lon = 0;
	CHECK_INT(checks_coordinates("01", &lat, &lon), CHECKS_COORD_OUTSIDE);
	lat = 41.9192, lon = 8.7369;	/* Ajaccio */
	CHECK_INT(checks_coordinates("2A", &lat, &lon), CHECKS_COORD_OK);
	return t_done("test_transform_checks");
}
