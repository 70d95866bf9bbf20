#include "fmt.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Below 2^53 every integer is a double: the rounded value is exact. */
#define EXACT_LIMIT 9007199254740992.0

/*
 * Appends digits (an unsigned decimal integer as text) with thousands
 * separators, then frac (the fraction digits, may be empty).
 */
static void add_grouped(struct buf *b, int negative, const char *digits,
			size_t nint, const char *frac, size_t nfrac,
			enum fmt_lang lang)
{
	const char *thou = lang == FMT_FR ? FMT_NNBSP : ",";
	size_t i;

	if (negative)
		buf_addch(b, '-');
	for (i = 0; i < nint; i++) {
		if (i > 0 && (nint - i) % 3 == 0)
			buf_addstr(b, thou);
		buf_addch(b, digits[i]);
	}
	if (nfrac) {
		buf_addch(b, lang == FMT_FR ? ',' : '.');
		buf_add(b, frac, nfrac);
	}
}

/*
 * Appends v * 10^-scale rounded to decimals digits: scale lets fmt_pct
 * round share * 100 in a single step, without a double rounding.
 */
static void add_scaled(struct buf *b, double v, int decimals, int scale,
		       enum fmt_lang lang)
{
	char digits[400];
	double r, p;
	size_t n, nint;
	int negative;

	if (decimals < 0)
		decimals = 0;
	if (decimals > FMT_MAX_DECIMALS)
		decimals = FMT_MAX_DECIMALS;
	if (isnan(v)) {
		buf_addstr(b, FMT_NA);
		return;
	}
	if (isinf(v)) {
		buf_addstr(b, v < 0 ? "-\xe2\x88\x9e" : "\xe2\x88\x9e");
		return;
	}
	p = pow(10.0, decimals + scale);
	r = round(v * p);
	if (fabs(r) < EXACT_LIMIT) {
		negative = r < 0;
		snprintf(digits, sizeof(digits), "%.0f", fabs(r));
		n = strlen(digits);
		if (n < (size_t)decimals + 1) {
			/* Left-pad with zeros: 5 at 2 decimals is "0.05". */
			size_t pad = (size_t)decimals + 1 - n;

			memmove(digits + pad, digits, n + 1);
			memset(digits, '0', pad);
			n += pad;
		}
		nint = n - (size_t)decimals;
		add_grouped(b, negative, digits, nint, digits + nint,
			    (size_t)decimals, lang);
		return;
	}
	/* So large that no fraction digit is significant: print as is. */
	v *= pow(10.0, scale);
	negative = v < 0;
	snprintf(digits, sizeof(digits), "%.*f", decimals, fabs(v));
	n = strlen(digits);
	nint = decimals ? n - (size_t)decimals - 1 : n;
	add_grouped(b, negative, digits, nint, digits + nint + 1,
		    (size_t)decimals, lang);
}

void fmt_num(struct buf *b, double v, int decimals, enum fmt_lang lang)
{
	add_scaled(b, v, decimals, 0, lang);
}

void fmt_int(struct buf *b, long long v, enum fmt_lang lang)
{
	char digits[32];
	unsigned long long u;

	/* Through unsigned so that LLONG_MIN has a magnitude too. */
	u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	snprintf(digits, sizeof(digits), "%llu", u);
	add_grouped(b, v < 0, digits, strlen(digits), "", 0, lang);
}

void fmt_pct(struct buf *b, double share, int decimals, enum fmt_lang lang)
{
	add_scaled(b, share, decimals, 2, lang);
	if (isnan(share))
		return;
	buf_addstr(b, lang == FMT_FR ? FMT_NNBSP "%" : "%");
}
