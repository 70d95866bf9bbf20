/*
 * test_fmt: fmt_num, fmt_int and fmt_pct against hand-written strings.
 * One line per failing case on stderr; exit 0 when all pass, 1 otherwise.
 */
#include "buf.h"
#include "fmt.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define NB FMT_NNBSP

enum kind { NUM, INT, PCT };

struct fmt_case {
	enum kind kind;
	double v;
	long long i;
	int decimals;
	enum fmt_lang lang;
	const char *want;
};

static const struct fmt_case cases[] = {
	{ NUM, 0, 0, 0, FMT_FR, "0" },
	{ NUM, 0, 0, 2, FMT_FR, "0,00" },
	{ NUM, 5, 0, 0, FMT_FR, "5" },
	{ NUM, 999, 0, 0, FMT_FR, "999" },
	{ NUM, 1000, 0, 0, FMT_FR, "1" NB "000" },
	{ NUM, 1234.5, 0, 1, FMT_FR, "1" NB "234,5" },
	{ NUM, 1234567.891, 0, 2, FMT_FR, "1" NB "234" NB "567,89" },
	{ NUM, -1234.5, 0, 1, FMT_FR, "-1" NB "234,5" },
	{ NUM, 0.05, 0, 1, FMT_FR, "0,1" },
	{ NUM, -0.05, 0, 1, FMT_FR, "-0,1" },
	{ NUM, 2.5, 0, 0, FMT_FR, "3" },
	{ NUM, -2.5, 0, 0, FMT_FR, "-3" },
	{ NUM, 0.125, 0, 2, FMT_FR, "0,13" },
	{ NUM, -0.0, 0, 0, FMT_FR, "0" },
	{ NUM, -0.04, 0, 1, FMT_FR, "0,0" },
	{ NUM, 0.004, 0, 2, FMT_FR, "0,00" },
	{ NUM, 123456, 0, 0, FMT_FR, "123" NB "456" },
	{ NUM, 1e20, 0, 0, FMT_FR,
	  "100" NB "000" NB "000" NB "000" NB "000" NB "000" NB "000" },
	{ NUM, NAN, 0, 1, FMT_FR, "\xe2\x80\x93" },
	{ NUM, INFINITY, 0, 1, FMT_FR, "\xe2\x88\x9e" },
	{ NUM, 1234.5, 0, -3, FMT_FR, "1" NB "235" },
	{ NUM, 0, 0, 0, FMT_EN, "0" },
	{ NUM, 1000, 0, 0, FMT_EN, "1,000" },
	{ NUM, 1234.5, 0, 1, FMT_EN, "1,234.5" },
	{ NUM, 1234567.891, 0, 2, FMT_EN, "1,234,567.89" },
	{ NUM, -1234.5, 0, 1, FMT_EN, "-1,234.5" },
	{ NUM, 0.05, 0, 1, FMT_EN, "0.1" },
	{ NUM, NAN, 0, 0, FMT_EN, "\xe2\x80\x93" },
	{ INT, 0, 0, 0, FMT_FR, "0" },
	{ INT, 0, 999, 0, FMT_FR, "999" },
	{ INT, 0, 1000, 0, FMT_FR, "1" NB "000" },
	{ INT, 0, -1234567, 0, FMT_FR, "-1" NB "234" NB "567" },
	{ INT, 0, LLONG_MIN, 0, FMT_EN, "-9,223,372,036,854,775,808" },
	{ INT, 0, 1234567, 0, FMT_EN, "1,234,567" },
	{ PCT, 0.123, 0, 1, FMT_FR, "12,3" NB "%" },
	{ PCT, 1.0, 0, 0, FMT_FR, "100" NB "%" },
	{ PCT, 1.0, 0, 1, FMT_FR, "100,0" NB "%" },
	{ PCT, 0.0005, 0, 1, FMT_FR, "0,1" NB "%" },
	{ PCT, 0.0, 0, 1, FMT_FR, "0,0" NB "%" },
	{ PCT, 12.345, 0, 0, FMT_FR, "1" NB "235" NB "%" },
	{ PCT, NAN, 0, 1, FMT_FR, "\xe2\x80\x93" },
	{ PCT, 0.123, 0, 1, FMT_EN, "12.3%" },
	{ PCT, 1.0, 0, 0, FMT_EN, "100%" },
	{ PCT, 0.0005, 0, 1, FMT_EN, "0.1%" },
};

int main(void)
{
	struct buf b = BUF_INIT;
	size_t i, passed = 0, failed = 0;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct fmt_case *c = &cases[i];

		buf_reset(&b);
		/* Something before, to check that functions append. */
		buf_addch(&b, '[');
		if (c->kind == NUM)
			fmt_num(&b, c->v, c->decimals, c->lang);
		else if (c->kind == INT)
			fmt_int(&b, c->i, c->lang);
		else
			fmt_pct(&b, c->v, c->decimals, c->lang);
		if (strcmp(b.data + 1, c->want) == 0 && b.data[0] == '[') {
			passed++;
			continue;
		}
		failed++;
		fprintf(stderr, "test_fmt: case %zu (%s %.17g/%lld, %d decimals, %s): "
			"got '%s', want '%s'\n", i,
			c->kind == NUM ? "num" : c->kind == INT ? "int" : "pct",
			c->v, c->i, c->decimals, c->lang == FMT_FR ? "fr" : "en",
			b.data, c->want);
	}
	buf_release(&b);
	printf("test_fmt: %zu passed, %zu failed\n", passed, failed);
	return failed ? 1 : 0;
}
