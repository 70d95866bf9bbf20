/*
 * doc: what every section of the document shares (doc.h): its words in
 * the document's language, the chart and table outputs, the page flow and
 * the formatting of table cells.
 */
#include "doc.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "db.h"

/* The document's words in its lang: chart_tr() with d's lang. */
const char *doc_tr(const struct doc *d, const char *fr, const char *en)
{
	return chart_tr(d->lang, fr, en);
}

double doc_col_num(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? NAN : sqlite3_column_double(st, i);
}

void doc_col_text(char *dst, size_t n, sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	snprintf(dst, n, "%s", s ? (const char *)s : "");
}

int doc_loop_end(struct doc *d, int rc)
{
	return db_loop_end(d->db, rc, d->e) ? doc_fail(d) : 0;
}

int doc_fail(struct doc *d)
{
	d->failed = 1;
	return -1;
}

static void path_of(struct doc *d, struct buf *b, const char *sub, const char *name,
		    const char *ext)
{
	buf_reset(b);
	buf_addf(b, "%s/%s/%s.%s", d->o->dir, sub, name, ext);
}

/* The width of a chart on the page: the text's. */
#define DOC_CHART_W (RENDER_PAGE_W - 2 * RENDER_MARGIN)

static double chart_height(const struct chart_kind *kind, const void *c)
{
	return kind->height(c, DOC_CHART_W);
}

int doc_chart(struct doc *d, const char *name, const struct chart_kind *kind, const void *c)
{
	struct buf path = BUF_INIT;
	const double w = DOC_CHART_W + 2 * CHART_FILE_MARGIN, h = chart_height(kind, c);
	int rc = 0;

	if (d->formats & DOC_PNG) {
		path_of(d, &path, "charts", name, "png");
		rc = chart_write_png(path.data, w, h + 2 * CHART_FILE_MARGIN, 2.0, kind->draw, c,
				     d->e);
	}
	if (!rc && (d->formats & DOC_SVG)) {
		path_of(d, &path, "charts", name, "svg");
		rc = chart_write_svg(path.data, w, h + 2 * CHART_FILE_MARGIN, kind->draw, c, d->e);
	}
	if (!rc && d->pdf)
		rc = render_chart(d->pdf, h, kind->draw, c, d->e);
	buf_release(&path);
	return rc ? doc_fail(d) : 0;
}

/* A table on the page and as tables/NAME.csv. */
int doc_table(struct doc *d, const char *name, const struct table *t)
{
	struct buf path = BUF_INIT;
	int rc = 0;

	if (d->pdf)
		table_render(t, d->pdf);
	if (d->formats & DOC_CSV) {
		path_of(d, &path, "tables", name, "csv");
		rc = table_csv(t, path.data, d->e);
	}
	buf_release(&path);
	return rc ? doc_fail(d) : 0;
}

/* The height of f on the page: what doc_figure() keeps together. */
static double figure_height(struct doc *d, const struct doc_figure *f)
{
	double h = 0;

	if (f->heading)
		h += render_heading_height(d->pdf, 2, f->heading);
	if (f->text)
		h += render_paragraph_height(d->pdf, f->text);
	if (f->kind)
		h += chart_height(f->kind, f->chart);
	else if (f->table)
		h += table_top_height(f->table, d->pdf);
	return h;
}

int doc_figure(struct doc *d, const struct doc_figure *f)
{
	if (d->pdf)
		render_need(d->pdf, figure_height(d, f));
	if (f->heading)
		doc_heading(d, 2, f->heading);
	if (f->text)
		doc_para(d, f->text);
	if (f->kind)
		return doc_chart(d, f->name, f->kind, f->chart);
	return f->table ? doc_table(d, f->name, f->table) : 0;
}

/* Appends v with as few decimals as show it (at most 4): 5, 2,5, 0,05. */
static void num_short(struct buf *b, double v, enum fmt_lang lang)
{
	int k = 0;

	while (k < 4 && fabs(v * pow(10, k) - round(v * pow(10, k))) > 1e-9)
		k++;
	fmt_num(b, v, k, lang);
}

/* Fills the words that quote the false discovery rate and the confidence
   level of config.ini. */
void doc_words(struct doc *d)
{
	struct buf b = BUF_INIT;

	num_short(&b, d->cfg->fdr * 100, d->lang);
	buf_addstr(&b, doc_tr(d, " %", "%"));
	snprintf(d->fdr_pct, sizeof(d->fdr_pct), "%s", b.data);
	buf_reset(&b);
	buf_addstr(&b, " (q ≤ ");
	num_short(&b, d->cfg->fdr, d->lang);
	buf_addstr(&b, ")");
	snprintf(d->under_m, sizeof(d->under_m), "%s%s",
		 doc_tr(d, "sous-couvert", "under-covered"), b.data);
	snprintf(d->under_f, sizeof(d->under_f), "%s%s",
		 doc_tr(d, "sous-couverte", "under-covered"), b.data);
	buf_reset(&b);
	buf_addstr(&b, doc_tr(d, "IC ", ""));
	num_short(&b, d->cfg->confidence * 100, d->lang);
	buf_addstr(&b, doc_tr(d, " %", "% CI"));
	snprintf(d->ci, sizeof(d->ci), "%s", b.data);
	buf_reset(&b);
	buf_addstr(&b, doc_tr(d, "intervalle de confiance à ", ""));
	num_short(&b, d->cfg->confidence * 100, d->lang);
	buf_addstr(&b, doc_tr(d, "\xe2\x80\xaf%", "% confidence interval"));
	snprintf(d->ci_label, sizeof(d->ci_label), "%s", b.data);
	buf_release(&b);
}

/* The header of a table in the document's language, its interval
   columns (written CI in the arrays) named at config.ini's confidence.
   out holds n entries and must outlive the table. */
const char *const *doc_header_of(const struct doc *d, const char *const *fr,
				    const char *const *en, size_t n, const char **out)
{
	const char *const *h = d->lang == FMT_FR ? fr : en;
	size_t i;

	for (i = 0; i < n; i++)
		out[i] = strcmp(h[i], "CI") ? h[i] : d->ci;
	return out;
}

void doc_heading(struct doc *d, int level, const char *text)
{
	if (d->pdf)
		render_heading(d->pdf, level, text);
}

void doc_para(struct doc *d, const char *text)
{
	if (d->pdf)
		render_paragraph(d->pdf, text);
}

void doc_markup(struct doc *d, const char *text)
{
	if (d->pdf)
		render_markup(d->pdf, text);
}

void doc_sum_departments(const struct doc *d, const char *region, struct doc_sums *s)
{
	memset(s, 0, sizeof(*s));
	for (size_t i = 0; i < d->ndep; i++) {
		const struct unit *u = &d->dep[i];

		if (region && strcmp(u->region, region))
			continue;
		s->assoc += u->covered ? u->assoc : 0;
		s->pop += u->pop;
		s->structures += u->structures;
		s->diagnostics += u->diagnostics;
		s->flagged += u->flagged;
		s->empty += u->structures == 0;
	}
}

double doc_national_rate(const struct unit *u, size_t n)
{
	double s = 0, a = 0;

	for (size_t i = 0; i < n; i++)
		if (u[i].covered) {
			s += (double)u[i].observed;
			a += (double)u[i].assoc;
		}
	return a > 0 ? 1e3 * s / a : NAN;
}

double doc_query_num(struct doc *d, const char *sql)
{
	return doc_query_num_of(d, sql, NULL);
}

double doc_query_num_of(struct doc *d, const char *sql, const char *code)
{
	sqlite3_stmt *st;
	double v = NAN;

	if (db_prepare(d->db, &st, sql, d->e)) {
		doc_fail(d);
		return NAN;
	}
	if (sqlite3_column_count(st) && sqlite3_bind_parameter_count(st))
		sqlite3_bind_int(st, 1, d->o->year);
	if (sqlite3_bind_parameter_count(st) >= 2)
		db_bind_text(st, 2, code);
	switch (db_step_row(d->db, st, d->e)) {
	case 1:
		v = doc_col_num(st, 0);
		break;
	case -1:
		doc_fail(d);
		break;
	}
	sqlite3_finalize(st);
	return v;
}

/* "0,55 à 1,70": an interval that stays on one line. */
static void fmt_interval(struct doc *d, struct buf *b, double lo, double hi, int decimals)
{
	if (isnan(lo) || isnan(hi)) {
		buf_addstr(b, "–");
		return;
	}
	fmt_num(b, lo, decimals, d->lang);
	buf_addstr(b, d->lang == FMT_FR ? "\u00a0à\u00a0" : "\u00a0to\u00a0");
	fmt_num(b, hi, decimals, d->lang);
}

void doc_table_interval(struct doc *d, struct table *t, double lo, double hi, int decimals)
{
	struct buf b = BUF_INIT;

	fmt_interval(d, &b, lo, hi, decimals);
	table_num_as(t, lo, decimals, b.data);
	buf_release(&b);
}

void doc_table_p(struct doc *d, struct table *t, double p)
{
	struct buf b = BUF_INIT;

	if (!isnan(p) && p < 0.001) {
		buf_addstr(&b, "<\u00a0");
		fmt_num(&b, 0.001, 3, d->lang);
		table_num_as(t, p, 6, b.data);
	} else {
		table_num(t, p, 3);
	}
	buf_release(&b);
}

void doc_table_int(struct table *t, long v)
{
	struct buf b = BUF_INIT;

	fmt_int(&b, v, t->lang);
	table_num_as(t, (double)v, -2, b.data);
	buf_release(&b);
}

const char *doc_area_label(const struct doc *d, const char *area)
{
	size_t i;

	for (i = 0; i < d->cfg->nareas; i++)
		if (!strcmp(d->cfg->areas[i], area))
			return d->cfg->area_labels[i];
	return !strcmp(area, "overall") ? doc_tr(d, "Ensemble des domaines", "All areas") : area;
}

/* The label up to its first " (": "Communication (site web...)" -> "Communication". */
void doc_short_label(char *dst, size_t n, const char *label)
{
	const char *paren = strstr(label, " (");
	size_t len = paren ? (size_t)(paren - label) : strlen(label);

	snprintf(dst, n, "%.*s", (int)len, label);
}
