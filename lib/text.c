#include "text.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

#include "xalloc.h"

static int french;

void text_escape(struct buf *out, const char *s, size_t len)
{
	const uint8_t *u = (const uint8_t *)s;
	size_t i = 0;

	if (len == (size_t)-1)
		len = strlen(s);
	while (i < len) {
		ucs4_t ch;
		int n = u8_mbtoucr(&ch, u + i, len - i);

		if (n < 0) {
			buf_addf(out, "\\x%02X", u[i]);
			i++;
			continue;
		}
		if (ch == '\n')
			buf_add(out, "\\n", 2);
		else if (ch == '\r')
			buf_add(out, "\\r", 2);
		else if (ch == '\t')
			buf_add(out, "\\t", 2);
		else if (ch < 0x20 || ch == 0x7F)
			buf_addf(out, "\\x%02X", (unsigned)ch);
		else if (ch >= 0x80 && ch < 0xA0)
			buf_addf(out, "\\u%04X", (unsigned)ch);
		else
			buf_add(out, s + i, (size_t)n);
		i += (size_t)n;
	}
}

void text_set_language(const char *lang)
{
	french = lang && !strcmp(lang, "fr");
}

int text_french(void)
{
	return french;
}

static int ascii_alnum(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Appends the folded form of s: letters and digits in lower case without
   their accents, every other run of characters as one space. Text that
   is not UTF-8 is folded as ASCII. */
static void fold(const char *s, struct buf *out)
{
	size_t n = strlen(s), dlen = 0;
	uint8_t *nfd = NULL;
	const uint8_t *p, *end;
	int space = 1;		/* no space at the start */

	if (!u8_check((const uint8_t *)s, n)) {
		nfd = u8_normalize(UNINORM_NFD, (const uint8_t *)s, n, NULL, &dlen);
		if (!nfd && errno == ENOMEM)
			xalloc_die();
	}
	p = nfd ? nfd : (const uint8_t *)s;
	end = p + (nfd ? dlen : n);
	while (p < end) {
		ucs4_t c;

		if (nfd) {
			p += u8_mbtouc(&c, p, (size_t)(end - p));
		} else {
			c = *p++;
			if (c >= 0x80)
				c = ' ';
		}
		if (uc_is_general_category(c, UC_CATEGORY_M))
			continue;	/* the accent of a decomposed letter */
		if (c == 0x0152 || c == 0x0153) {	/* Œ œ */
			buf_addstr(out, "oe");
			space = 0;
		} else if (c < 0x80 ? ascii_alnum((int)c) : uc_is_alnum(c)) {
			uint8_t u[8];
			int len = u8_uctomb(u, uc_tolower(c), (int)sizeof(u));

			if (len > 0)
				buf_add(out, u, (size_t)len);
			space = 0;
		} else if (!space) {
			buf_addch(out, ' ');
			space = 1;
		}
	}
	if (out->len && out->data[out->len - 1] == ' ')
		buf_setlen(out, out->len - 1);
	free(nfd);
}

void text_key(const char *s, struct buf *out)
{
	buf_reset(out);
	fold(s ? s : "", out);
}

/* Whether word w (length n) is an arrondissement or CEDEX number:
   "11", "11e", "11eme", "1er", "3ème" once folded. */
static int ordinal(const char *w, size_t n)
{
	size_t d = strspn(w, "0123456789");

	if (!d || d > 2)
		return 0;
	return d == n || (n - d == 1 && w[d] == 'e') ||
	       (n - d == 2 && !memcmp(w + d, "er", 2)) ||
	       (n - d == 3 && !memcmp(w + d, "eme", 3));
}

void text_place_key(const char *s, struct buf *out)
{
	static const char *const articles[] = { "le", "la", "les", "l" };
	struct buf f = BUF_INIT;
	const char *p, *paren = NULL, *article = NULL;
	size_t i, alen = 0, last = 0;

	buf_reset(out);
	if (!s)
		return;
	/* "HAVRE (LE)", "ABERGEMENT-CLEMENCIAT (L')": the article in
	   parentheses goes first. */
	paren = strrchr(s, '(');
	if (paren && paren > s) {
		struct buf a = BUF_INIT;
		const char *close = strchr(paren, ')');

		if (close) {
			buf_add(&a, paren + 1, (size_t)(close - paren - 1));
			text_key(a.data, &f);
			for (i = 0; i < sizeof(articles) / sizeof(articles[0]); i++)
				if (!strcmp(f.data, articles[i])) {
					article = articles[i];
					alen = strlen(article);
				}
		}
		buf_release(&a);
		buf_reset(&f);
	}
	if (article) {
		struct buf a = BUF_INIT;

		buf_add(&a, article, alen);
		buf_addch(&a, ' ');
		buf_add(&a, s, (size_t)(paren - s));
		fold(a.data, &f);
		buf_release(&a);
	} else {
		fold(s, &f);
	}
	/* Word by word: St/Ste -> Saint/Sainte; CEDEX, "arrondissement" and
	   what follows them go, then a trailing arrondissement number. */
	for (p = f.data; *p;) {
		size_t n = strcspn(p, " ");
		const char *next = p + n + (p[n] == ' ');

		if ((n == 5 && !memcmp(p, "cedex", 5)) || (n >= 6 && !memcmp(p, "arrond", 6)))
			break;
		if (out->len)
			buf_addch(out, ' ');
		last = out->len;
		if (n == 2 && !memcmp(p, "st", 2))
			buf_addstr(out, "saint");
		else if (n == 3 && !memcmp(p, "ste", 3))
			buf_addstr(out, "sainte");
		else
			buf_add(out, p, n);
		p = next;
	}
	if (last > 0 && ordinal(out->data + last, out->len - last))
		buf_setlen(out, last - 1);
	buf_release(&f);
}
