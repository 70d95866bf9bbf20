/* Dates, numbers, French text and SIRET numbers as they appear in the files. */
#include <string.h>

#include "gen.h"

long field_days_from_civil(long y, unsigned m, unsigned d)
{
	long era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

static void field_civil_from_days(long z, int *y, int *m, int *d)
{
	long era;
	unsigned doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)((long)yoe + era * 400) + (*m <= 2);
}

/* Appends v in decimal, zero-padded to width. */
void field_num(struct buf *b, unsigned long v, int width)
{
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v && n < (int)sizeof(tmp));
	while (n < width && n < (int)sizeof(tmp))
		tmp[n++] = '0';
	buf_grow(b, (size_t)n);
	while (n)
		b->data[b->len++] = tmp[--n];
	b->data[b->len] = '\0';
}

void field_date(struct buf *b, long day)
{
	int y, m, d;

	field_civil_from_days(day, &y, &m, &d);
	field_num(b, (unsigned long)y, 4);
	buf_addch(b, '-');
	field_num(b, (unsigned long)m, 2);
	buf_addch(b, '-');
	field_num(b, (unsigned long)d, 2);
}

void field_datetime(struct buf *b, long long secs)
{
	long day = (long)(secs / 86400);
	long rem = (long)(secs % 86400);

	field_date(b, day);
	buf_addch(b, ' ');
	field_num(b, (unsigned long)(rem / 3600), 2);
	buf_addch(b, ':');
	field_num(b, (unsigned long)(rem / 60 % 60), 2);
	buf_addch(b, ':');
	field_num(b, (unsigned long)(rem % 60), 2);
}

/* Micro-degrees as a decimal with six places. */
void field_coord(struct buf *b, long micro)
{
	if (micro < 0) {
		buf_addch(b, '-');
		micro = -micro;
	}
	field_num(b, (unsigned long)(micro / 1000000), 1);
	buf_addch(b, '.');
	field_num(b, (unsigned long)(micro % 1000000), 6);
}

/* ------------------------------------------------------------------ */
/* French text helpers (UTF-8 in, UTF-8 out). */

/* ASCII spelling of U+00C0..U+00FF, lower case. */
static const char *const fold_latin1[64] = {
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e",
	"i", "i", "i", "i", "d", "n", "o", "o", "o", "o", "o", "x",
	"o", "u", "u", "u", "u", "y", "th", "ss",
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e",
	"i", "i", "i", "i", "d", "n", "o", "o", "o", "o", "o", "-",
	"o", "u", "u", "u", "u", "y", "th", "y",
};

/*
 * Upper case, as registries print commune names. fold drops the accents
 * ("SAINT-ETIENNE"), otherwise Latin-1 letters keep them ("SAINT-ÉTIENNE").
 */
void field_upper(struct buf *b, const char *s, int fold)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		if (*p >= 'a' && *p <= 'z') {
			buf_addch(b, *p - 'a' + 'A');
			p++;
		} else if (*p == 0xC3 && p[1] >= 0x80 && p[1] <= 0xBF) {
			unsigned c = p[1];

			if (fold) {
				const char *f = fold_latin1[c - 0x80];

				while (*f) {
					buf_addch(b, *f >= 'a' && *f <= 'z' ? *f - 'a' + 'A' : *f);
					f++;
				}
			} else if (c >= 0xA0 && c != 0xB7 && c != 0xBF) {
				buf_addch(b, 0xC3);
				buf_addch(b, (int)(c - 0x20));
			} else {
				buf_add(b, p, 2);
			}
			p += 2;
		} else if (*p == 0xC5 && (p[1] == 0x93 || p[1] == 0x92)) {
			if (fold)
				buf_addstr(b, "OE");
			else
				buf_add(b, "\xC5\x92", 2);
			p += 2;
		} else {
			buf_addch(b, *p);
			p++;
		}
	}
}

/* A lower-case ASCII slug for web and mail addresses, at most max bytes. */
void field_slug(struct buf *b, const char *s, size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t start = b->len;
	int dash = 0;

	while (*p && b->len - start < max) {
		const char *f = NULL;
		char one[2] = { 0, 0 };

		if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')) {
			one[0] = (char)*p;
			f = one;
			p++;
		} else if (*p >= 'A' && *p <= 'Z') {
			one[0] = (char)(*p - 'A' + 'a');
			f = one;
			p++;
		} else if (*p == 0xC3 && p[1] >= 0x80 && p[1] <= 0xBF) {
			f = fold_latin1[p[1] - 0x80];
			p += 2;
		} else if (*p == 0xC5 && (p[1] == 0x93 || p[1] == 0x92)) {
			f = "oe";
			p += 2;
		} else {
			while (*p >= 0x80 && *p < 0xC0)
				p++;
			if (*p)
				p++;
			dash = b->len > start;
			continue;
		}
		if (dash)
			buf_addch(b, '-');
		dash = 0;
		buf_addstr(b, f);
	}
	while (b->len > start && b->data[b->len - 1] == '-')
		buf_setlen(b, b->len - 1);
}

static int starts_with_vowel(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (strchr("AEIOUYaeiouy", *p) && *p)
		return 1;
	/* É È Ê Î Ô Œ */
	if (*p == 0xC3 && (p[1] == 0x89 || p[1] == 0x88 || p[1] == 0x8A ||
			   p[1] == 0x8E || p[1] == 0x94))
		return 1;
	return *p == 0xC5 && p[1] == 0x92;
}

/* "de Sées", "d'Annecy", "du Havre", "des Mureaux". */
void field_de(struct buf *b, const char *name)
{
	if (!strncmp(name, "Le ", 3)) {
		buf_addstr(b, "du ");
		buf_addstr(b, name + 3);
	} else if (!strncmp(name, "Les ", 4)) {
		buf_addstr(b, "des ");
		buf_addstr(b, name + 4);
	} else if (starts_with_vowel(name)) {
		buf_addstr(b, "d'");
		buf_addstr(b, name);
	} else {
		buf_addstr(b, "de ");
		buf_addstr(b, name);
	}
}

void field_siret(struct buf *b, struct rng *r, int valid)
{
	char d[15];
	int i, sum = 0, check;

	d[0] = (char)('1' + rng_below(r, 9));
	for (i = 1; i < 13; i++)
		d[i] = (char)('0' + rng_below(r, 10));
	/* Luhn over 14 digits: from the right, every second digit doubled */
	for (i = 0; i < 13; i++) {
		int v = d[i] - '0';

		if (i % 2 == 0) {
			v *= 2;
			if (v > 9)
				v -= 9;
		}
		sum += v;
	}
	check = (10 - sum % 10) % 10;
	if (!valid)
		check = (check + 1 + (int)rng_below(r, 9)) % 10;
	d[13] = (char)('0' + check);
	d[14] = '\0';
	buf_addstr(b, d);
}
