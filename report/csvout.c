#include "csvout.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

void csvout_cell(struct buf *out, const char *s)
{
	buf_addch(out, '"');
	if (strchr("=+-@\t\r", s[0]) && s[0])
		buf_addch(out, '\'');
	for (; *s; s++) {
		if (*s == '"')
			buf_addch(out, '"');
		buf_addch(out, *s);
	}
	buf_addch(out, '"');
}

int csvout_open(struct csvout *c, const char *path, struct err *e)
{
	buf_init(&c->path);
	buf_init(&c->tmp);
	buf_addstr(&c->path, path);
	buf_addf(&c->tmp, "%s.tmp", path);
	c->first = 1;
	c->f = fopen(c->tmp.data, "wb");
	if (!c->f) {
		err_set(e, "cannot write '%s': %s", c->tmp.data, strerror(errno));
		buf_release(&c->path);
		buf_release(&c->tmp);
		return -1;
	}
	fputs("\xEF\xBB\xBF", c->f);
	return 0;
}

static void sep(struct csvout *c)
{
	if (!c->first)
		fputc(';', c->f);
	c->first = 0;
}

void csvout_text(struct csvout *c, const char *s)
{
	struct buf b = BUF_INIT;

	sep(c);
	csvout_cell(&b, s ? s : "");
	fwrite(b.data, 1, b.len, c->f);
	buf_release(&b);
}

void csvout_num(struct csvout *c, double v, int decimals)
{
	char tmp[64], *dot;

	sep(c);
	if (isnan(v))
		return;
	snprintf(tmp, sizeof(tmp), "%.*f", decimals, v);
	dot = strchr(tmp, '.');
	if (dot)
		*dot = ',';
	if (!strcmp(tmp, "-0") || !strncmp(tmp, "-0,", 3))
		if (strspn(tmp + 1, "0,") == strlen(tmp + 1))
			memmove(tmp, tmp + 1, strlen(tmp));
	fputs(tmp, c->f);
}

void csvout_int(struct csvout *c, long long v)
{
	sep(c);
	fprintf(c->f, "%lld", v);
}

void csvout_end_row(struct csvout *c)
{
	fputs("\r\n", c->f);
	c->first = 1;
}

int csvout_close(struct csvout *c, struct err *e)
{
	int bad = ferror(c->f);

	if (fflush(c->f) || bad || fsync(fileno(c->f))) {
		bad = 1;
		err_set(e, "cannot write '%s': %s", c->tmp.data, errno ? strerror(errno) : "write error");
	}
	if (fclose(c->f) && !bad) {
		bad = 1;
		err_set(e, "cannot write '%s': %s", c->tmp.data, strerror(errno));
	}
	if (!bad && rename(c->tmp.data, c->path.data)) {
		bad = 1;
		err_set(e, "cannot rename '%s': %s", c->tmp.data, strerror(errno));
	}
	if (bad)
		unlink(c->tmp.data);
	buf_release(&c->path);
	buf_release(&c->tmp);
	c->f = NULL;
	return bad ? -1 : 0;
}
