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

static int all_digits(const char *s, size_t n)
{
	return strspn(s, "0123456789") >= n;
}

int checks_rna(const char *s)
{
	size_t i, n = strlen(s), pre;

	if (n == 10 && s[0] == 'W') {
		for (i = 1; i < 10; i++)
			if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'A' && s[i] <= 'Z') ||
			      (s[i] >= 'a' && s[i] <= 'z')))
				return 0;
		return 1;
	}
	/* An older id (rna_import): the department and sous-préfecture in 3
	   or 4 characters, P or S, then 5 to 10 digits (751P00085568,
	   061S0061013683). */
	for (pre = 3; pre <= 4; pre++) {
		if (n < pre + 6 || n > pre + 11 || (s[pre] != 'P' && s[pre] != 'S'))
			continue;
		if (s[0] < '0' || s[0] > '9' ||
		    !((s[1] >= '0' && s[1] <= '9') || s[1] == 'A' || s[1] == 'B'))
			continue;
		for (i = 2; i < pre; i++)
			if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'A' && s[i] <= 'Z')))
				break;
		if (i == pre && all_digits(s + pre + 1, n - pre - 1))
			return 1;
	}
	return 0;
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
