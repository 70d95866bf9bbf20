/*
 * fmt: numbers written for readers, in French or English typography.
 *
 * French: thousands grouped by U+202F NARROW NO-BREAK SPACE, decimal comma,
 * "12,3 %" with U+202F before the sign. English: "1,234.5", "12.3%".
 * Values are rounded half away from zero at the requested decimals, on the
 * decimal value the reader sees (0.05 at 1 decimal gives 0.1, 2.5 at 0 gives
 * 3), never with the sign of a zero ("-0.04" at 1 decimal gives "0,0").
 * NaN, meaning "not available", is written as an en dash "–".
 * Every function appends to a buf the caller owns; nothing else is allocated.
 */
#ifndef PANA_FMT_H
#define PANA_FMT_H

#include "buf.h"

enum fmt_lang { FMT_FR, FMT_EN };

/* The largest number of decimals honoured; more are clamped to it. */
#define FMT_MAX_DECIMALS 9

/* UTF-8 of the characters used, for callers that compose their own text. */
#define FMT_NNBSP "\xe2\x80\xaf"	/* U+202F narrow no-break space */
#define FMT_NA "\xe2\x80\x93"		/* U+2013 en dash: not available */

/*
 * Appends v with decimals digits after the separator (negative means 0).
 * Infinities are written "∞" and "-∞".
 */
void fmt_num(struct buf *b, double v, int decimals, enum fmt_lang lang);

/* Appends an integer with thousands separators: -1234567 → "-1 234 567". */
void fmt_int(struct buf *b, long long v, enum fmt_lang lang);

/*
 * Appends share (0.123 for 12.3 %) as a percentage with decimals digits:
 * "12,3 %" (fr, U+202F before %) or "12.3%" (en). NaN gives "–" alone.
 */
void fmt_pct(struct buf *b, double share, int decimals, enum fmt_lang lang);

#endif
