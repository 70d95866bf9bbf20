/*
 * doc: the inside of the document (document.h), shared by its sections.
 * document.c runs the list of sections; each sec_*.c writes one of them
 * through the helpers here: words in the document's language, headings and
 * paragraphs on the page, charts (page, PNG, SVG) and tables (page, CSV).
 *
 * Not a public interface: only report/document.c and report/sec_*.c
 * include it. The helpers return 0, or -1 with d->e filled and the
 * document marked failed; strings are borrowed for the time of a call.
 */
#ifndef PANA_REPORT_DOC_H
#define PANA_REPORT_DOC_H

#include <sqlite3.h>
#include <stddef.h>

#include "chart.h"
#include "config.h"
#include "document.h"
#include "err.h"
#include "fmt.h"
#include "render.h"
#include "table.h"

/* The formats of [report] formats, as bits of struct doc's formats. */
enum { DOC_PDF = CONFIG_PDF, DOC_PNG = CONFIG_PNG, DOC_SVG = CONFIG_SVG, DOC_CSV = CONFIG_CSV };

/* One row of coverage_stats with the unit's name. */
struct unit {
	char code[16], name[96];
	char region[4];		/* the region it lies in (its own code for a region) */
	int covered;		/* associations known (not NULL) */
	long assoc, pop, structures, observed, diagnostics;
	double per1000, per100k, expected, oe, oe_low, oe_high, p, q;
	int flagged;
};

struct doc {
	sqlite3 *db;
	const struct config *cfg;
	const struct document_opts *o;
	enum fmt_lang lang;
	unsigned formats;
	struct render *pdf;	/* NULL when no PDF is written */
	struct err *e;
	int failed;
	/* A region's fact sheet: its code and name; NULL for the report. */
	const char *region, *region_name;
	/* The regions and departments of coverage_stats, by code. */
	struct unit *reg, *dep;
	size_t nreg, ndep;
	/* The figures of config.ini the words quote: "5 %" for fdr = 0.05,
	   and the flag labels "under-covered (q <= 0.05)" of the charts. */
	char fdr_pct[32], under_m[96], under_f[96];
	char ci[32];		/* "CI" for confidence = 0.95 */
	char ci_label[64];	/* "95% confidence interval", the charts' legends */
};

/* Fills d for a document of db's statistics: its words, its regions and
   departments. 0, or -1 with e filled; doc_end() frees what it holds. */
int doc_begin(struct doc *d, sqlite3 *db, const struct config *cfg,
	      const struct document_opts *o, struct err *e);
void doc_end(struct doc *d);
/* Closes d's PDF if open; returns rc, or -1 when closing failed. */
int doc_close_pdf(struct doc *d, int rc);

/* The sections, in the order of the document; each returns 0 or -1. */
int sec_key(struct doc *d);
int sec_coverage(struct doc *d);
int sec_competences(struct doc *d);
int sec_trends(struct doc *d);
int sec_survey(struct doc *d);
int sec_siting(struct doc *d);
int sec_quality(struct doc *d);
int sec_methodology(struct doc *d);

/* The siting advice as a table (tables/NAME.csv), the points that go to
   region only when it is not NULL; *count the rows. */
int doc_siting_table(struct doc *d, const char *name, const char *region, long *count);

/* The coverage table of units[0..n) (counts, rates, O/E, q, flag), as
   tables/NAME.csv, under heading (NULL: none). */
int doc_coverage_table(struct doc *d, const char *name, const char *heading,
		       const char *caption, const struct unit *u, size_t n);

/* A paragraph on the departments outside the registry (of region only
   when not NULL): their structures per 100,000 inhabitants against the
   country's; nothing when there is none. */
int doc_outside_registry(struct doc *d, const char *region);

/* Fills the words of d that quote config.ini (fdr_pct ... ci_label). */
void doc_words(struct doc *d);

/* The document's words in its lang: chart_tr() with d's lang. */
const char *doc_tr(const struct doc *d, const char *fr, const char *en);

/* db_loop_end() for the document: a read error marks it failed (the
   report is not written from part of the rows); returns 0 or -1. */
int doc_loop_end(struct doc *d, int rc);

/* Marks the document failed; returns -1. */
int doc_fail(struct doc *d);

double doc_col_num(sqlite3_stmt *st, int i);	/* NULL: NaN */
void doc_col_text(char *dst, size_t n, sqlite3_stmt *st, int i);

/* The first column of the first row of sql (?1 bound to the year), or NaN. */
double doc_query_num(struct doc *d, const char *sql);
/* The same with ?2 bound to code (NULL: SQL NULL), for a figure of a
   region or, with NULL, of the whole country. */
double doc_query_num_of(struct doc *d, const char *sql, const char *code);

/* Counts over the departments, of region or all when region is NULL:
   active associations (in the registry), inhabitants, structures,
   diagnostics, departments flagged and without a structure. */
struct doc_sums {
	long assoc, pop, structures, diagnostics, flagged, empty;
};
void doc_sum_departments(const struct doc *d, const char *region, struct doc_sums *s);

/* Structures per 1,000 associations over the units in the registry. */
double doc_national_rate(const struct unit *u, size_t n);

/* A chart on the page and as charts/NAME.png and .svg, as high as its
   kind says at the text width. */
int doc_chart(struct doc *d, const char *name, const struct chart_kind *kind, const void *c);

/* A table on the page and as tables/NAME.csv. */
int doc_table(struct doc *d, const char *name, const struct table *t);

/*
 * A figure: a chart, or a table, with the heading (level 2) and the
 * paragraph that introduce it, kept on one page with the chart or with the
 * top of the table. The heights are measured, never typed.
 */
struct doc_figure {
	const char *heading;		/* NULL: none */
	const char *text;		/* NULL: none */
	const char *name;		/* of its files: charts/NAME.png or tables/NAME.csv */
	const struct chart_kind *kind;	/* a chart of this kind, */
	const void *chart;
	const struct table *table;	/* or, with no kind, this table */
};

int doc_figure(struct doc *d, const struct doc_figure *f);

void doc_heading(struct doc *d, int level, const char *text);
void doc_para(struct doc *d, const char *text);
void doc_markup(struct doc *d, const char *text);	/* trusted Pango markup */

/* The header of a table in the document's language, its interval
   columns (written CI in the arrays) named at config.ini's confidence.
   out holds n entries and must outlive the table. */
const char *const *doc_header_of(const struct doc *d, const char *const *fr,
				 const char *const *en, size_t n, const char **out);

/* Table cells: "0,55 à 1,70", a p-value ("< 0,001"), a whole number. */
void doc_table_interval(struct doc *d, struct table *t, double lo, double hi, int decimals);
void doc_table_p(struct doc *d, struct table *t, double p);
void doc_table_int(struct table *t, long v);

/* The label of a competence area in config.ini, or "All areas". */
const char *doc_area_label(const struct doc *d, const char *area);

/* The label up to its first " (": "Communication (site web...)" -> "Communication". */
void doc_short_label(char *dst, size_t n, const char *label);

#endif
