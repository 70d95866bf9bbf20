/*
 * document: the report as a list of sections (doc.h), each written by its
 * sec_*.c; [report] sections and formats in config.ini choose which, and
 * into what.
 */
#include "document.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "cli.h"
#include "db.h"
#include "doc.h"
#include "xalloc.h"

/* The sections of the document, in its order, each the one named the
   same in config_sections ([report] sections). */
static const struct section {
	const char *name;
	int (*write)(struct doc *d);
} sections[] = {
	{ "key", sec_key },
	{ "coverage", sec_coverage },
	{ "siting", sec_siting },
	{ "competences", sec_competences },
	{ "trends", sec_trends },
	{ "survey", sec_survey },
	{ "quality", sec_quality },
	{ "methodology", sec_methodology },
};
#define NSECTIONS (sizeof(sections) / sizeof(sections[0]))

/* 1 when [report] sections chose the section. */
static int chosen(const struct config *cfg, const struct section *s)
{
	for (size_t i = 0; i < CONFIG_NSECTIONS; i++)
		if (!strcmp(config_sections[i], s->name))
			return (cfg->sections >> i) & 1;
	return 0;
}

static int load_units(struct doc *d, const char *level, const char *names, struct unit **out,
		      size_t *n)
{
	int step;
	struct buf sql = BUF_INIT;
	sqlite3_stmt *st;
	struct unit *u;

	*out = NULL;
	*n = 0;
	/* names is a table name of our own: region or department. */
	buf_addf(&sql, "SELECT s.code, g.name, s.associations IS NOT NULL, coalesce(s.associations, 0), "
		 "s.population, s.structures, coalesce(s.observed, s.structures), s.diagnostics, "
		 "s.per_1000_assoc, s.per_100k_pop, s.expected, s.oe, s.oe_low, s.oe_high, s.p_value, "
		 "s.q_value, s.flagged, s.region_code FROM coverage_stats s JOIN %s g ON g.code = s.code "
		 "WHERE s.year = ?1 AND s.level = ?2 ORDER BY s.code", names);
	if (db_prepare(d->db, &st, sql.data, d->e)) {
		buf_release(&sql);
		return doc_fail(d);
	}
	buf_release(&sql);
	sqlite3_bind_int(st, 1, d->o->year);
	sqlite3_bind_text(st, 2, level, -1, SQLITE_STATIC);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		*out = xgrow(*out, *n, sizeof(**out));
		if (!*out)
			xalloc_die();
		u = &(*out)[(*n)++];
		doc_col_text(u->code, sizeof(u->code), st, 0);
		doc_col_text(u->name, sizeof(u->name), st, 1);
		u->covered = sqlite3_column_int(st, 2);
		u->assoc = sqlite3_column_int64(st, 3);
		u->pop = sqlite3_column_int64(st, 4);
		u->structures = sqlite3_column_int64(st, 5);
		u->observed = sqlite3_column_int64(st, 6);
		u->diagnostics = sqlite3_column_int64(st, 7);
		u->per1000 = doc_col_num(st, 8);
		u->per100k = doc_col_num(st, 9);
		u->expected = doc_col_num(st, 10);
		u->oe = doc_col_num(st, 11);
		u->oe_low = doc_col_num(st, 12);
		u->oe_high = doc_col_num(st, 13);
		u->p = doc_col_num(st, 14);
		u->q = doc_col_num(st, 15);
		u->flagged = sqlite3_column_int(st, 16);
		doc_col_text(u->region, sizeof(u->region), st, 17);
	}
	doc_loop_end(d, step);
	sqlite3_finalize(st);
	return 0;
}

static int make_dir(struct doc *d, const char *sub)
{
	struct buf path = BUF_INIT;
	int rc = 0;

	buf_addf(&path, "%s/%s", d->o->dir, sub);
	if (mkdir(path.data, 0755) && errno != EEXIST)
		rc = err_set(d->e, "cannot create '%s': %s", path.data, strerror(errno));
	buf_release(&path);
	return rc;
}

/* Opens the PDF and draws its cover. */
static int open_pdf(struct doc *d)
{
	const struct config *cfg = d->cfg;
	const struct document_opts *o = d->o;
	struct buf path = BUF_INIT, s = BUF_INIT, date = BUF_INIT;
	struct render_meta m;
	const char *lines[5];
	int rc;

	buf_addf(&path, "%s/pana-%d.pdf", o->dir, o->year);
	buf_addf(&date, "%sT00:00:00Z", o->asof);
	memset(&m, 0, sizeof(m));
	m.title = cfg->title;
	m.author = cfg->author;
	m.subject = doc_tr(d, "Couverture des points d'appui au numérique associatif et compétences "
			   "numériques des associations", "Coverage of digital support for "
			   "associations and their digital competences");
	m.keywords = "PANA, associations, numérique, RNA";
	m.creator = "pana " PANA_VERSION;
	m.create_date = date.data;
	m.lang = d->lang;
	rc = render_open(&d->pdf, path.data, &m, d->e);
	if (!rc) {
		buf_addf(&s, doc_tr(d, "Édition %d", "%d edition"), o->year);
		lines[0] = s.data;
		lines[1] = doc_tr(d, "Sources : Répertoire national des associations (RNA), lieux de "
				  "médiation numérique (standard LaMednum), diagnostics des structures "
				  "d'appui, enquêtes", "Sources: national registry of associations (RNA), "
				  "digital inclusion places (LaMednum standard), diagnostics by support "
				  "structures, surveys");
		lines[2] = o->vintage;
		lines[3] = o->asof;
		lines[4] = NULL;
		render_cover(d->pdf, cfg->title, *cfg->subtitle ? cfg->subtitle : NULL, lines);
	}
	buf_release(&path);
	buf_release(&s);
	buf_release(&date);
	return rc;
}

/* Makes the folders of the formats chosen. */
static int doc_setup(struct doc *d)
{
	d->formats = d->cfg->formats;
	if (((d->formats & DOC_PNG) || (d->formats & DOC_SVG)) && make_dir(d, "charts"))
		return -1;
	return (d->formats & DOC_CSV) && make_dir(d, "tables") ? -1 : 0;
}

int doc_begin(struct doc *d, sqlite3 *db, const struct config *cfg,
	      const struct document_opts *o, struct err *e)
{
	memset(d, 0, sizeof(*d));
	d->db = db;
	d->cfg = cfg;
	d->o = o;
	d->e = e;
	d->lang = !strcmp(cfg->language, "en") ? FMT_EN : FMT_FR;
	doc_words(d);
	return load_units(d, "region", "region", &d->reg, &d->nreg) ||
		load_units(d, "department", "department", &d->dep, &d->ndep) ? -1 : 0;
}

int doc_close_pdf(struct doc *d, int rc)
{
	struct err ce;

	if (d->pdf && render_close(d->pdf, rc ? &ce : d->e))
		rc = -1;
	d->pdf = NULL;
	return rc;
}

void doc_end(struct doc *d)
{
	free(d->reg);
	free(d->dep);
	d->reg = d->dep = NULL;
}

int document_write(sqlite3 *db, const struct config *cfg, const struct document_opts *o,
		   struct err *e)
{
	struct doc d;
	size_t i;
	int rc = -1;

	if (doc_begin(&d, db, cfg, o, e) || doc_setup(&d) ||
	    ((d.formats & DOC_PDF) && open_pdf(&d)))
		goto out;
	for (i = 0; i < NSECTIONS; i++)
		if (chosen(cfg, &sections[i]) && (sections[i].write(&d) || d.failed))
			goto out;
	rc = 0;
out:
	rc = doc_close_pdf(&d, rc);
	doc_end(&d);
	return rc;
}
