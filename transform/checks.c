#include "checks.h"

#include <string.h>

int checks_siret(const char *s)
{
	int sum = 0, i, digit;

	if (strlen(s) != 14 || strspn(s, "0123456789") != 14)
		return 0;
	if (!strncmp(s, "356000000", 9)) {
		for (i = 0; i < 14; i++)
			sum += s[i] - '0';
		return sum % 5 == 0;
	}
	/* Luhn: double every second digit from the right. */
	for (i = 13; i >= 0; i--) {
		digit = s[i] - '0';
		if ((13 - i) % 2 == 1) {
			digit *= 2;
			if (digit > 9)
				digit -= 9;
		}
		sum += digit;
	}
	return sum % 10 == 0;
}

int checks_rna(const char *s)
{
	size_t i;

	if (strlen(s) != 10 || s[0] != 'W')
		return 0;
	for (i = 1; i < 10; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= 'a' && s[i] <= 'z')))
			return 0;
	return 1;
}

struct box {
	const char *department;	/* NULL: metropolitan France */
	double lat_min, lat_max, lon_min, lon_max;
};

/* Generous bounding boxes of each territory, in degrees (WGS 84). */
static const struct box boxes[] = {
	{ NULL, 41.2, 51.2, -5.3, 9.7 },
	{ "971", 15.8, 16.6, -61.9, -60.9 },
	{ "972", 14.3, 14.95, -61.3, -60.75 },
	{ "973", 2.1, 5.9, -54.7, -51.5 },
	{ "974", -21.45, -20.8, 55.15, 55.9 },
	{ "976", -13.1, -12.55, 44.95, 45.35 },
};

static const struct box *territory(const char *department)
{
	size_t i;

	for (i = 1; i < sizeof(boxes) / sizeof(boxes[0]); i++)
		if (department && !strcmp(boxes[i].department, department))
			return &boxes[i];
	return &boxes[0];
}

static int inside(const struct box *b, double lat, double lon)
{
	return lat >= b->lat_min && lat <= b->lat_max && lon >= b->lon_min && lon <= b->lon_max;
}

enum checks_coord checks_coordinates(const char *department, double *lat, double *lon)
{
	const struct box *b = territory(department);
	double t;

	if (inside(b, *lat, *lon))
		return CHECKS_COORD_OK;
	if (inside(b, *lon, *lat)) {
		t = *lat;
		*lat = *lon;
		*lon = t;
		return CHECKS_COORD_SWAPPED;
	}
	return CHECKS_COORD_OUTSIDE;
}
