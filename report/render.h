/*
 * render: a small document layout layer over a cairo PDF surface, for the
 * yearly report: an A4 page flow of cover, headings (with the PDF outline),
 * paragraphs, charts and tables, with a footer on every page but the cover.
 *
 * The struct render owns the PDF file and every cairo and Pango object until
 * render_close(), which frees it all. Other functions only borrow the
 * caller's strings for the time of the call. The functions that return void
 * never fail loudly: the first error (bad markup, a cairo error, a failed
 * write) is kept, later calls do nothing, and render_status() or
 * render_close() reports it.
 */
#ifndef PANA_RENDER_H
#define PANA_RENDER_H

#include <stddef.h>

#include "chart.h"
#include "err.h"
#include "fmt.h"

/* A4 in points, and the margins of the text block. */
#define RENDER_PAGE_W 595.28
#define RENDER_PAGE_H 841.89
#define RENDER_MARGIN 56.0

struct render_meta {
	const char *title, *author, *subject, *keywords, *creator;
	/* ISO 8601 ("2026-11-26T00:00:00Z"), fixed by the caller so that the
	 * same report gives the same bytes; NULL lets cairo stamp the time. */
	const char *create_date;
	enum fmt_lang lang;	/* of the footer ("p. 3" or "Page 3") */
};

struct render;

/*
 * Creates the PDF file at pdf_path (as given: the caller writes to a
 * temporary name and renames) and sets its metadata from m; the title also
 * goes in the page footers. Returns 0 and *out, or -1 naming the path.
 */
int render_open(struct render **out, const char *pdf_path,
		const struct render_meta *m, struct err *e);

/*
 * Draws a cover page: a coloured band with title and subtitle (NULL for
 * none), and lines (NULL-terminated, or NULL) at the bottom, such as the
 * year, the sources and the date. No footer; the next content starts a new
 * page.
 */
void render_cover(struct render *r, const char *title, const char *subtitle,
		  const char *const *lines);

/*
 * A heading of level 1 (starts a new page), 2 or 3, with an entry in the PDF
 * outline under the last heading of a lower level, linked to its position.
 */
void render_heading(struct render *r, int level, const char *text);

/* Starts a new page unless h points are free below the current position:
   to keep a heading with the chart that follows it. */
void render_need(struct render *r, double h);

/*
 * The heights that render_heading(), render_paragraph() and the top of
 * render_table() (its caption, header and first three rows, which stay on
 * one page) would take at the current position, for render_need(); 0 once
 * the document has failed.
 */
double render_heading_height(struct render *r, int level, const char *text);
double render_paragraph_height(struct render *r, const char *text);

/* A paragraph of plain text, wrapped to the text width, across pages. */
void render_paragraph(struct render *r, const char *text);

/* The same for trusted Pango markup ("<b>1 234</b> structures"). */
void render_markup(struct render *r, const char *markup);

/*
 * Reserves h points of the text width (starting a new page if they do not
 * fit) and calls draw with that box. Returns 0, or -1 with e filled by draw
 * or naming the failure; the error is also kept as the document's.
 */
int render_chart(struct render *r, double h, chart_draw_fn *draw,
		 const void *chart, struct err *e);

struct render_table {
	size_t ncols, nrows;
	const char *const *header;	/* ncols strings, or NULL: no header */
	const char *const *cells;	/* row-major nrows * ncols; NULL = "" */
	const int *align_right;		/* per column, or NULL: all left */
	const char *caption;		/* above the table, or NULL */
	const char *empty;		/* the line shown with no row; NULL:
					   chart_no_data() ("Aucune donnée") */
};

/*
 * A table with column widths fitted to the text (wide columns wrap when the
 * table would overflow the text width), thin rules and zebra rows. When it
 * breaks across pages, the caption (marked "suite") and the header row are
 * repeated. A table with no row shows its caption, its header and a line
 * saying there is none.
 */
void render_table(struct render *r, const struct render_table *t);
double render_table_top_height(struct render *r, const struct render_table *t);

/* Returns 0, or -1 and the first error kept so far. */
int render_status(const struct render *r, struct err *e);

/*
 * Finishes the PDF, checks every cairo status and the writes, closes the
 * file and frees r (NULL is a no-op). Returns 0, or -1 with a message naming
 * the path (a full disk gives "No space left on device"); the file is then
 * incomplete and the caller removes it.
 */
int render_close(struct render *r, struct err *e);

#endif
