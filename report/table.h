/*
 * table: a table of the report built once and written twice: on a PDF
 * page (numbers in French format) and as a CSV for spreadsheets (numbers
 * as numbers, decimal comma). The table owns its strings; table_release()
 * frees them.
 */
#ifndef PANA_REPORT_TABLE_H
#define PANA_REPORT_TABLE_H

#include <stddef.h>

#include "err.h"
#include "fmt.h"
#include "render.h"

struct table_cell {
	char *text;		/* as shown */
	double num;		/* as exported, when is_num */
	int is_num, decimals;
};

struct table {
	size_t ncols;
	const char *const *header;	/* ncols, borrowed */
	const char *const *csv_header;	/* ncols, borrowed: column names of the CSV */
	const int *align_right;		/* ncols, borrowed */
	const char *caption;		/* borrowed */
	const char *empty;		/* borrowed: shown with no row; NULL:
					   "Aucune donnée" (render.h) */
	enum fmt_lang lang;
	struct table_cell *cells;
	size_t ncells, cap;
};

void table_init(struct table *t, size_t ncols, const char *const *header,
		const char *const *csv_header, const int *align_right, const char *caption,
		enum fmt_lang lang);
/* Appends a text cell (NULL: empty), escaped with text_escape(). */
void table_text(struct table *t, const char *s);
/* Appends a number shown with decimals (NaN shows "–" and exports empty). */
void table_num(struct table *t, double v, int decimals);
/* Appends a number shown as text (such as "< 0,001" or "0,55 à 1,70") but
   exported as the number v. */
void table_num_as(struct table *t, double v, int decimals, const char *text);
size_t table_rows(const struct table *t);
/* Removes every row, keeping the columns. */
void table_clear(struct table *t);
/* Draws the table on the document. */
void table_render(const struct table *t, struct render *doc);
/* The height of what table_render() keeps on one page: caption, header and
   three rows (render_table_top_height()). */
double table_top_height(const struct table *t, struct render *doc);
/* Writes the table as a French-Excel CSV at path (see csvout.h). */
int table_csv(const struct table *t, const char *path, struct err *e);
void table_release(struct table *t);

#endif
