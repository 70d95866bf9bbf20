/*
 * sheet: a fact sheet for every region, regions/RR.pdf beside the yearly
 * report, from the same statistics tables and with the same tables and
 * words: the region's key figures beside the national ones, its
 * departments, its competence profile, its EPCIs without a structure, its
 * share of the siting advice, and a line on its data.
 */
#include "doc.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bars.h"
#include "buf.h"
#include "cli.h"
#include "db.h"
#include "log.h"
#include "xalloc.h"

/* The EPCIs without a structure listed by name; the others are counted. */
#define SHEET_BLANK_ROWS 20

static const struct unit *region_unit(const struct doc *d)
{
	for (size_t i = 0; i < d->nreg; i++)
		if (!strcmp(d->reg[i].code, d->region))
			return &d->reg[i];
	return NULL;
}

/* ---- key figures ------------------------------------------------------ */

static const char *const key_fr[] = { "Indicateur", "Région", "France" };
static const char *const key_en[] = { "Indicator", "Region", "France" };
static const char *const key_csv[] = { "indicateur", "region", "france" };
static const int key_right[] = { 0, 1, 1 };

/* Share of the associations the registry covers that live in an EPCI
   without any structure: the EPCIs of coverage_stats, by the region of
   their main department. */
static const char *const blank_sql =
	"SELECT 1.0 * sum(CASE WHEN structures = 0 THEN associations ELSE 0 END) / "
	"       nullif(sum(associations), 0) FROM coverage_stats "
	"WHERE year = ?1 AND level = 'epci' AND associations IS NOT NULL "
	"AND (?2 IS NULL OR region_code = ?2)";
/* The mean level over all areas, shrunk for a region, plain for France. */
static const char *const level_sql =
	"SELECT CASE WHEN suppressed THEN NULL WHEN ?2 IS NULL THEN mean ELSE eb_mean END "
	"FROM competence_stats WHERE year = ?1 AND area = 'overall' "
	"AND level = CASE WHEN ?2 IS NULL THEN 'national' ELSE 'region' END "
	"AND code = coalesce(?2, 'FR')";
static const char *const points_sql =
	"SELECT count(*) FROM siting s LEFT JOIN department g ON g.code = s.department_code "
	"WHERE s.year = ?1 AND (?2 IS NULL OR g.region_code = ?2)";

static void key_int(struct table *t, const char *label, long r, long f)
{
	table_text(t, label);
	doc_table_int(t, r);
	doc_table_int(t, f);
}

static void key_num(struct table *t, const char *label, double r, double f, int decimals)
{
	table_text(t, label);
	table_num(t, r, decimals);
	table_num(t, f, decimals);
}

static void key_pct(struct doc *d, struct table *t, const char *label, double r, double f)
{
	struct buf b = BUF_INIT;

	table_text(t, label);
	fmt_pct(&b, r, 1, d->lang);
	table_num_as(t, r, 3, isnan(r) ? "–" : b.data);
	buf_reset(&b);
	fmt_pct(&b, f, 1, d->lang);
	table_num_as(t, f, 3, isnan(f) ? "–" : b.data);
	buf_release(&b);
}

/* "0,62 (0,40 à 0,91), sous-couverte" */
static void key_oe(struct doc *d, struct table *t, const struct unit *u)
{
	struct buf b = BUF_INIT;

	table_text(t, doc_tr(d, "Rapport observé / attendu", "Ratio observed / expected"));
	if (isnan(u->oe)) {
		table_num(t, NAN, 2);
	} else {
		fmt_num(&b, u->oe, 2, d->lang);
		buf_addstr(&b, " (");
		fmt_num(&b, u->oe_low, 2, d->lang);
		buf_addstr(&b, doc_tr(d, " à ", " to "));
		fmt_num(&b, u->oe_high, 2, d->lang);
		buf_addstr(&b, ")");
		if (u->flagged)
			buf_addstr(&b, doc_tr(d, ", sous-couverte", ", under-covered"));
		table_num_as(t, u->oe, 2, b.data);
	}
	table_num(t, 1.0, 2);
	buf_release(&b);
}

static int sheet_key(struct doc *d)
{
	const struct unit *r = region_unit(d);
	const char *hdr[3];
	struct doc_sums rs, fs;
	struct table t;
	int rc;

	doc_sum_departments(d, d->region, &rs);
	doc_sum_departments(d, NULL, &fs);
	doc_heading(d, 2, doc_tr(d, "Chiffres clés", "Key figures"));
	table_init(&t, 3, doc_header_of(d, key_fr, key_en, 3, hdr), key_csv, key_right,
		   doc_tr(d, "La région et la France entière", "The region and France as a whole"),
		   d->lang);
	hdr[1] = d->region_name;
	key_int(&t, doc_tr(d, "Associations actives (RNA)", "Active associations (RNA)"),
		rs.assoc, fs.assoc);
	key_int(&t, doc_tr(d, "Habitants", "Inhabitants"), rs.pop, fs.pop);
	key_int(&t, doc_tr(d, "Structures d'appui", "Support structures"), rs.structures,
		fs.structures);
	key_num(&t, doc_tr(d, "Structures pour 1 000 associations", "Structures per 1,000 associations"),
		r->per1000, doc_national_rate(d->reg, d->nreg), 2);
	key_num(&t, doc_tr(d, "Structures pour 100 000 habitants", "Structures per 100,000 inhabitants"),
		r->per100k, doc_query_num(d, "SELECT per_100k_pop FROM coverage_summary WHERE year = ?1"), 1);
	key_oe(d, &t, r);
	key_pct(d, &t, doc_tr(d, "Associations en intercommunalité sans structure",
			      "Associations in an intercommunality without a structure"),
		doc_query_num_of(d, blank_sql, d->region), doc_query_num_of(d, blank_sql, NULL));
	key_int(&t, doc_tr(d, "Départements sans structure", "Departments without a structure"),
		rs.empty, fs.empty);
	key_int(&t, doc_tr(d, "Départements sous-couverts", "Departments under-covered"),
		rs.flagged, fs.flagged);
	key_int(&t, doc_tr(d, "Diagnostics de l'année", "Diagnostics of the year"), rs.diagnostics,
		fs.diagnostics);
	key_num(&t, doc_tr(d, "Niveau moyen de compétence (0 à 4)", "Mean competence level (0 to 4)"),
		doc_query_num_of(d, level_sql, d->region), doc_query_num_of(d, level_sql, NULL), 2);
	key_int(&t, doc_tr(d, "Nouveaux points conseillés", "New points advised"),
		(long)doc_query_num_of(d, points_sql, d->region),
		(long)doc_query_num_of(d, points_sql, NULL));
	rc = d->failed ? -1 : doc_table(d, "chiffres-cles", &t);
	table_release(&t);
	return rc;
}

/* ---- departments and EPCIs -------------------------------------------- */

/* The region's departments as bars, structures per 1,000 associations,
   against the country's rate; flagged or outside the registry as in the
   report's chart of regions. */
static int departments_chart(struct doc *d, const struct unit *u, size_t n)
{
	const char **labels = xcalloc(n, sizeof(*labels));
	double *v = xcalloc(n, sizeof(*v));
	int *flags = xcalloc(n, sizeof(*flags));
	struct bars bars;
	int rc;

	for (size_t i = 0; i < n; i++) {
		labels[i] = u[i].name;
		v[i] = u[i].per1000;
		flags[i] = !u[i].covered ? CHART_OUT_OF_SCOPE : u[i].flagged ? CHART_FLAGGED :
			CHART_PLAIN;
	}
	memset(&bars, 0, sizeof(bars));
	bars.title = doc_tr(d, "Structures pour 1 000 associations actives, par département",
			    "Structures per 1,000 active associations, by department");
	bars.unit = doc_tr(d, "structures pour 1 000 associations actives",
			   "structures per 1,000 active associations");
	bars.n = n;
	bars.labels = labels;
	bars.values = v;
	bars.flags = flags;
	bars.reference = doc_national_rate(d->reg, d->nreg);
	bars.reference_label = doc_tr(d, "France entière", "France as a whole");
	bars.lang = d->lang;
	bars.decimals = 1;
	bars.flag_label = d->under_m;
	bars.scope_label = doc_tr(d, "hors RNA", "not in RNA");
	rc = doc_figure(d, &(struct doc_figure){ .name = "departements", .kind = &bars_chart,
						 .chart = &bars });
	free(labels);
	free(v);
	free(flags);
	return rc;
}

static int sheet_departments(struct doc *d)
{
	struct unit *u = xcalloc(d->ndep, sizeof(*u));
	size_t n = 0;
	int rc;

	for (size_t i = 0; i < d->ndep; i++)
		if (!strcmp(d->dep[i].region, d->region))
			u[n++] = d->dep[i];
	rc = doc_coverage_table(d, "departements", doc_tr(d, "Départements", "Departments"),
				doc_tr(d, "Couverture par département", "Coverage by department"),
				u, n) ||
		doc_outside_registry(d, d->region) || departments_chart(d, u, n);
	free(u);
	return rc ? -1 : 0;
}

static const char *const blank_fr[] = {
	"Code", "Intercommunalité", "Département", "Assoc. actives", "Habitants",
};
static const char *const blank_en[] = {
	"Code", "Intercommunality", "Department", "Active assoc.", "Inhabitants",
};
static const char *const blank_csv[] = {
	"code_epci", "intercommunalite", "departement", "associations_actives", "habitants",
};
static const int blank_right[] = { 0, 0, 0, 1, 1 };

/* The region's EPCIs without any structure, most associations first
   (those outside the registry last), with their department. */
static const char *const blank_list_sql =
	"SELECT s.code, e.name, s.department_code || ' ' || coalesce(g.name, ''), "
	"       s.associations, s.population FROM coverage_stats s "
	"JOIN epci e ON e.code = s.code LEFT JOIN department g ON g.code = s.department_code "
	"WHERE s.year = ?1 AND s.level = 'epci' AND s.structures = 0 AND s.region_code = ?2 "
	"ORDER BY s.associations IS NULL, s.associations DESC, s.population DESC, s.code";

/* After the SHEET_BLANK_ROWS first: "and 12 more, with 340 associations". */
static void blank_rest(struct doc *d, long more, long assoc)
{
	struct buf b = BUF_INIT;

	if (!more)
		return;
	buf_addstr(&b, doc_tr(d, "Et ", "And "));
	fmt_int(&b, more, d->lang);
	buf_addstr(&b, doc_tr(d, " autres intercommunalités sans structure, avec ",
			      " more intercommunalities without a structure, with "));
	fmt_int(&b, assoc, d->lang);
	buf_addstr(&b, doc_tr(d, " associations actives.", " active associations."));
	doc_para(d, b.data);
	buf_release(&b);
}

static int sheet_blank(struct doc *d)
{
	const char *hdr[5];
	struct table t;
	sqlite3_stmt *st;
	long n = 0, more_assoc = 0;
	int rc;

	doc_heading(d, 2, doc_tr(d, "Intercommunalités sans structure",
				 "Intercommunalities without a structure"));
	if (db_prepare(d->db, &st, blank_list_sql, d->e))
		return doc_fail(d);
	sqlite3_bind_int(st, 1, d->o->year);
	db_bind_text(st, 2, d->region);
	table_init(&t, 5, doc_header_of(d, blank_fr, blank_en, 5, hdr), blank_csv, blank_right,
		   doc_tr(d, "Les plus grandes par leurs associations actives",
			  "The largest by their active associations"), d->lang);
	t.empty = doc_tr(d, "Chaque intercommunalité de la région a au moins une structure.",
			 "Every intercommunality of the region has at least one structure.");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n++ >= SHEET_BLANK_ROWS) {
			more_assoc += sqlite3_column_int64(st, 3);
			continue;
		}
		table_text(&t, (const char *)sqlite3_column_text(st, 0));
		table_text(&t, (const char *)sqlite3_column_text(st, 1));
		table_text(&t, (const char *)sqlite3_column_text(st, 2));
		if (sqlite3_column_type(st, 3) == SQLITE_NULL)
			table_num_as(&t, NAN, 0, doc_tr(d, "hors RNA", "not in RNA"));
		else
			doc_table_int(&t, sqlite3_column_int64(st, 3));
		doc_table_int(&t, sqlite3_column_int64(st, 4));
	}
	rc = doc_loop_end(d, rc);
	sqlite3_finalize(st);
	if (rc) {
		table_release(&t);
		return -1;
	}
	rc = doc_table(d, "intercommunalites-sans-structure", &t);
	table_release(&t);
	if (!rc && n > SHEET_BLANK_ROWS)
		blank_rest(d, n - SHEET_BLANK_ROWS, more_assoc);
	return rc;
}

/* ---- siting, competences, data ---------------------------------------- */

static int sheet_siting(struct doc *d)
{
	struct buf b = BUF_INIT;
	double all = doc_query_num_of(d, points_sql, NULL), here;
	long rows;

	doc_heading(d, 2, doc_tr(d, "Conseil d'implantation", "Siting advice"));
	if (!(all > 0)) {
		doc_para(d, doc_tr(d, "Pas de conseil d'implantation cette année (voir le rapport "
				   "national).", "No siting advice this year (see the national report)."));
		return 0;
	}
	here = doc_query_num_of(d, points_sql, d->region);
	if (here > 0)
		fmt_int(&b, (long)here, d->lang);
	else
		buf_addstr(&b, doc_tr(d, "Aucun", "None"));
	buf_addstr(&b, doc_tr(d, " des ", " of the "));
	fmt_int(&b, (long)all, d->lang);
	buf_addstr(&b, doc_tr(d, " nouveaux points d'appui que conseille le rapport national "
			      "iraient dans la région (méthode de Sainte-Laguë, voir sa "
			      "méthodologie).", " new support points the national report advises "
			      "would go to the region (Sainte-Laguë method, see its methodology)."));
	doc_para(d, b.data);
	buf_release(&b);
	return here > 0 ? doc_siting_table(d, "implantation", d->region, &rows) : 0;
}

static const char *const comp_fr[] = {
	"Domaine", "Diagnostics", "Région (rapprochée)", "France",
};
static const char *const comp_en[] = {
	"Area", "Diagnostics", "Region (shrunk)", "France",
};
static const char *const comp_csv[] = { "domaine", "diagnostics", "region", "france" };
static const int comp_right[] = { 0, 1, 1, 1 };

/* Each area of config.ini then all together: the region's shrunk mean
   and diagnostics, the national mean; "s" where the main report withholds
   the figure. */
static const char *const comp_sql =
	"SELECT r.n, r.eb_mean, r.suppressed, f.mean, f.suppressed FROM competence_stats f "
	"LEFT JOIN competence_stats r ON r.year = f.year AND r.level = 'region' AND r.code = ?2 "
	"AND r.area = f.area WHERE f.year = ?1 AND f.level = 'national' AND f.area = ?3";

static void comp_row(struct doc *d, struct table *t, sqlite3_stmt *st, const char *area)
{
	table_text(t, doc_area_label(d, area));
	doc_table_int(t, sqlite3_column_int64(st, 0));
	if (sqlite3_column_int(st, 2) && sqlite3_column_int64(st, 0) > 0)
		table_num_as(t, NAN, 0, "s");
	else
		table_num(t, doc_col_num(st, 1), 2);
	if (sqlite3_column_int(st, 4))
		table_num_as(t, NAN, 0, "s");
	else
		table_num(t, doc_col_num(st, 3), 2);
}

static int sheet_competences(struct doc *d)
{
	const char *hdr[4];
	struct table t;
	struct buf b = BUF_INIT;
	sqlite3_stmt *st;
	int rc = 0;

	buf_addstr(&b, doc_tr(d, "Niveau moyen de 0 (aucun) à 4 (expert) relevé lors des diagnostics. "
			      "La moyenne de la région est rapprochée de la moyenne nationale "
			      "d'autant plus qu'elle repose sur peu de diagnostics ; les cellules de "
			      "moins de ", "Mean level from 0 (none) to 4 (expert) noted in diagnostics. "
			      "The region's mean is drawn towards the national one the more so as it "
			      "rests on few diagnostics; cells of fewer than "));
	fmt_int(&b, d->cfg->min_cell, d->lang);
	buf_addstr(&b, doc_tr(d, " diagnostics ne sont pas publiées (« s »).",
			      " diagnostics are not published (\"s\")."));
	if (db_prepare(d->db, &st, comp_sql, d->e)) {
		buf_release(&b);
		return doc_fail(d);
	}
	table_init(&t, 4, doc_header_of(d, comp_fr, comp_en, 4, hdr), comp_csv, comp_right,
		   doc_tr(d, "Profil de compétences, la région et la France",
			  "Competence profile, the region and France"), d->lang);
	for (size_t a = 0; a <= d->cfg->nareas && !rc; a++) {
		const char *area = a < d->cfg->nareas ? d->cfg->areas[a] : "overall";

		sqlite3_bind_int(st, 1, d->o->year);
		sqlite3_bind_text(st, 2, d->region, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, area, -1, SQLITE_STATIC);
		rc = db_step_row(d->db, st, d->e);
		if (rc == 1)
			comp_row(d, &t, st, area);
		rc = rc < 0 ? -1 : 0;
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	if (!rc)
		rc = doc_figure(d, &(struct doc_figure){
			.heading = doc_tr(d, "Compétences numériques", "Digital competences"),
			.text = b.data, .name = "competences", .table = &t });
	buf_release(&b);
	table_release(&t);
	return rc ? doc_fail(d) : 0;
}

/* "Files that placed rows in the region: 6; rows placed: 1,095. Files of
   the region's own...: 2; rows set aside in these files: 3..." */
static void data_line(struct doc *d, struct buf *b, long files, long placed, long own,
		      long aside)
{
	buf_addstr(b, doc_tr(d, "<b>Données.</b> ", "<b>Data.</b> "));
	buf_addstr(b, doc_tr(d, "Fichiers ayant placé des lignes dans la région : ",
			     "Files that placed rows in the region: "));
	fmt_int(b, files, d->lang);
	buf_addstr(b, doc_tr(d, " ; lignes placées : ", "; rows placed: "));
	fmt_int(b, placed, d->lang);
	buf_addstr(b, ". ");
	if (own) {
		buf_addstr(b, doc_tr(d, "Fichiers propres à la région (toutes leurs lignes y sont) : ",
				     "Files of the region's own (all their rows lie in it): "));
		fmt_int(b, own, d->lang);
		buf_addstr(b, doc_tr(d, " ; lignes mises de côté dans ces fichiers : ",
				     "; rows set aside in these files: "));
		fmt_int(b, aside, d->lang);
		buf_addstr(b, ". ");
	} else {
		buf_addstr(b, doc_tr(d, "Aucun fichier n'est propre à la région : ses lignes "
				     "viennent de fichiers qui en couvrent plusieurs. ", "No file "
				     "is the region's own: its rows come from files that cover "
				     "several regions. "));
	}
	buf_addstr(b, doc_tr(d, "Les lignes mises de côté dans les fichiers nationaux sont "
			     "détaillées dans l'annexe qualité du rapport national.", "The rows set "
			     "aside in national files are detailed in the quality appendix of the "
			     "national report."));
}

static int sheet_data(struct doc *d)
{
	static const char *const sql =
		"SELECT files, rows_placed, own_files, rows_set_aside FROM region_data "
		"WHERE year = ?1 AND region_code = ?2";
	struct buf b = BUF_INIT;
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(d->db, &st, sql, d->e))
		return doc_fail(d);
	sqlite3_bind_int(st, 1, d->o->year);
	sqlite3_bind_text(st, 2, d->region, -1, SQLITE_STATIC);
	rc = db_step_row(d->db, st, d->e);
	if (rc == 1) {
		data_line(d, &b, sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
			  sqlite3_column_int64(st, 2), sqlite3_column_int64(st, 3));
		doc_markup(d, b.data);
	}
	sqlite3_finalize(st);
	buf_release(&b);
	return rc < 0 ? doc_fail(d) : 0;
}

/* ---- the sheet -------------------------------------------------------- */

static int sheet_open(struct doc *d, const char *path)
{
	struct buf title = BUF_INIT, date = BUF_INIT, s = BUF_INIT;
	struct render_meta m;
	int rc;

	buf_addf(&title, doc_tr(d, "%s : fiche régionale %d", "%s: regional sheet %d"),
		 d->region_name, d->o->year);
	buf_addf(&date, "%sT00:00:00Z", d->o->asof);
	memset(&m, 0, sizeof(m));
	m.title = title.data;
	m.author = d->cfg->author;
	m.subject = d->cfg->title;
	m.keywords = "PANA, associations, numérique, RNA, région";
	m.creator = "pana " PANA_VERSION;
	m.create_date = date.data;
	m.lang = d->lang;
	rc = render_open(&d->pdf, path, &m, d->e);
	if (!rc) {
		doc_heading(d, 1, d->region_name);
		buf_addf(&s, doc_tr(d, "%s, fiche régionale %d (région %s). Données au %s, %s. Les "
				    "chiffres sont ceux du rapport national, tirés des mêmes tables.",
				    "%s, regional sheet %d (region %s). Data as of %s, %s. The figures "
				    "are the national report's, from the same tables."),
			 d->cfg->title, d->o->year, d->region, d->o->asof, d->o->vintage);
		doc_para(d, s.data);
	}
	buf_release(&title);
	buf_release(&date);
	buf_release(&s);
	return rc ? doc_fail(d) : 0;
}

static int sheet_write(struct doc *d, const char *code, const char *name)
{
	struct buf path = BUF_INIT;
	int rc;

	d->region = code;
	d->region_name = name;
	buf_addf(&path, "%s/regions/%s.pdf", d->o->dir, code);
	rc = sheet_open(d, path.data) || sheet_key(d) || sheet_departments(d) ||
		sheet_competences(d) || sheet_blank(d) || sheet_siting(d) || sheet_data(d) ||
		d->failed ? -1 : 0;
	rc = doc_close_pdf(d, rc);
	if (rc)
		err_prefix(d->e, "regional sheet '%s'", path.data);
	buf_release(&path);
	d->region = d->region_name = NULL;
	return rc;
}

/* Is code one of the list "84, 93"? */
static int listed(const char *list, const char *code)
{
	size_t len, n = strlen(code);

	for (const char *p = list; *p; p += len) {
		p += strspn(p, " ,");
		len = strcspn(p, " ,");
		if (len == n && !strncmp(p, code, n))
			return 1;
	}
	return 0;
}

/* A listed code that is no region of the geography. */
static int check_listed(struct doc *d)
{
	const char *p = d->cfg->regions;
	size_t len, i;

	for (; *p; p += len) {
		p += strspn(p, " ,");
		len = strcspn(p, " ,");
		for (i = 0; len && i < d->nreg; i++)
			if (strlen(d->reg[i].code) == len && !strncmp(d->reg[i].code, p, len))
				break;
		if (len && i == d->nreg)
			return err_set(d->e, "'%s': [report] regions: '%.*s' is not a region of the "
				       "geography", d->cfg->path, (int)len, p);
	}
	return 0;
}

int document_write_regions(sqlite3 *db, const struct config *cfg,
			   const struct document_opts *o, struct err *e)
{
	struct buf dir = BUF_INIT;
	struct doc d;
	int all = !strcmp(cfg->regions, "all"), rc = -1;
	size_t i, n = 0;

	/* The sheets are PDFs: none when [report] formats leaves PDF out. */
	if (!strcmp(cfg->regions, "none") || !(cfg->formats & DOC_PDF))
		return 0;
	if (doc_begin(&d, db, cfg, o, e) || (!all && check_listed(&d)))
		goto out;
	d.formats = DOC_PDF;
	buf_addf(&dir, "%s/regions", o->dir);
	if (mkdir(dir.data, 0755) && errno != EEXIST) {
		err_set(e, "cannot create '%s': %s", dir.data, strerror(errno));
		goto out;
	}
	for (i = 0; i < d.nreg; i++) {
		const struct unit *r = &d.reg[i];

		if (all ? !(r->assoc > 0 || r->structures > 0) : !listed(cfg->regions, r->code))
			continue;
		if (sheet_write(&d, r->code, r->name))
			goto out;
		n++;
	}
	log_debug("%zu regional sheets written", n);
	rc = 0;
out:
	doc_end(&d);
	buf_release(&dir);
	return rc;
}
