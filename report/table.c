#include "table.h"
#include "xalloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "csvout.h"
#include "text.h"

void table_init(struct table *t, size_t ncols, const char *const *header,
		const char *const *csv_header, const int *align_right, const char *caption,
		enum fmt_lang lang)
{
	memset(t, 0, sizeof(*t));
	t->ncols = ncols;
	t->header = header;
	t->csv_header = csv_header;
	t->align_right = align_right;
	t->caption = caption;
	t->lang = lang;
}

static struct table_cell *add(struct table *t)
{
	if (t->ncells == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 64;
		t->cells = realloc(t->cells, t->cap * sizeof(*t->cells));
		if (!t->cells)
			xalloc_die();
	}
	memset(&t->cells[t->ncells], 0, sizeof(t->cells[0]));
	return &t->cells[t->ncells++];
}

static char *dup(const char *s)
{
	char *p = strdup(s ? s : "");

	if (!p)
		xalloc_die();
	return p;
}

void table_text(struct table *t, const char *s)
{
	struct buf b = BUF_INIT;

	/* Cells quote the database, where a file name is the bytes the inbox
	   had: cairo takes only UTF-8, a CSV reader only one line. */
	text_escape(&b, s ? s : "", (size_t)-1);
	add(t)->text = buf_detach(&b, NULL);
}

void table_num_as(struct table *t, double v, int decimals, const char *text)
{
	struct table_cell *c = add(t);

	c->text = dup(text);
	c->num = v;
	c->is_num = 1;
	c->decimals = decimals;
}

void table_num(struct table *t, double v, int decimals)
{
	struct buf b = BUF_INIT;

	fmt_num(&b, v, decimals, t->lang);
	table_num_as(t, v, decimals, b.data);
	buf_release(&b);
}

size_t table_rows(const struct table *t)
{
	return t->ncols ? t->ncells / t->ncols : 0;
}

void table_clear(struct table *t)
{
	size_t i;

	for (i = 0; i < t->ncells; i++)
		free(t->cells[i].text);
	t->ncells = 0;
}

/* t as render.h sees it; the caller frees the returned cells. */
static const char **as_render(const struct table *t, struct render_table *rt)
{
	const char **cells = calloc(t->ncells + 1, sizeof(char *));
	size_t i;

	if (!cells)
		xalloc_die();
	for (i = 0; i < t->ncells; i++)
		cells[i] = t->cells[i].text;
	rt->ncols = t->ncols;
	rt->nrows = table_rows(t);
	rt->header = t->header;
	rt->cells = cells;
	rt->align_right = t->align_right;
	rt->caption = t->caption;
	rt->empty = t->empty;
	return cells;
}

void table_render(const struct table *t, struct render *doc)
{
	struct render_table rt;
	const char **cells = as_render(t, &rt);

	render_table(doc, &rt);
	free(cells);
}

double table_top_height(const struct table *t, struct render *doc)
{
	struct render_table rt;
	const char **cells = as_render(t, &rt);
	double h = render_table_top_height(doc, &rt);

	free(cells);
	return h;
}

int table_csv(const struct table *t, const char *path, struct err *e)
{
	struct csvout c;
	size_t i;

	if (csvout_open(&c, path, e))
		return -1;
	for (i = 0; i < t->ncols; i++)
		csvout_text(&c, t->csv_header ? t->csv_header[i] : t->header[i]);
	csvout_end_row(&c);
	for (i = 0; i < t->ncells; i++) {
		const struct table_cell *x = &t->cells[i];

		if (x->is_num)
			csvout_num(&c, x->num, x->decimals + 2);
		else
			csvout_text(&c, x->text);
		if ((i + 1) % t->ncols == 0)
			csvout_end_row(&c);
	}
	return csvout_close(&c, e);
}

void table_release(struct table *t)
{
	size_t i;

	for (i = 0; i < t->ncells; i++)
		free(t->cells[i].text);
	free(t->cells);
	t->cells = NULL;
	t->ncells = t->cap = 0;
}
