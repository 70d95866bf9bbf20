/* Coverage: the map, the regions, the funnel and the Lorenz curve of
   departments, and the tables of units. */
#include "doc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db.h"
#include "bars.h"
#include "funnel.h"
#include "lorenz.h"
#include "tilemap.h"
#include "xalloc.h"

/* The Lorenz curve of departments that pana-stats stored with the Gini
   of coverage_summary: up to ndep + 1 points into f and l, *m the index of
   the last one. */
static int lorenz_points(struct doc *d, size_t ndep, double *f, double *l, size_t *m)
{
	sqlite3_stmt *st;
	size_t n = 0;
	int rc;

	f[0] = l[0] = 0;
	if (db_prepare(d->db, &st, "SELECT share_units, share_structures FROM coverage_lorenz "
		       "WHERE year = ?1 AND level = 'department' ORDER BY point", d->e))
		return -1;
	sqlite3_bind_int(st, 1, d->o->year);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < ndep + 1) {
		f[n] = sqlite3_column_double(st, 0);
		l[n] = sqlite3_column_double(st, 1);
		n++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return err_set(d->e, "cannot read the Lorenz curve of %d: %s", d->o->year,
			       sqlite3_errmsg(d->db));
	*m = n ? n - 1 : 0;
	return 0;
}

/* The limit curves of the funnel of departments that pana-stats stored
   (coverage_funnel), narrowest first, into p->limits; *mem is one block
   for their points that the caller frees. */
static int load_funnel_limits(struct doc *d, struct funnel *p, double **mem)
{
	const char *sql = "SELECT probability, expected, lower, upper FROM coverage_funnel "
		"WHERE year = ?1 AND level = 'department' ORDER BY probability, point";
	double n = doc_query_num(d, "SELECT count(*) FROM coverage_funnel "
			     "WHERE year = ?1 AND level = 'department'");
	struct funnel_limits *lm = NULL;
	sqlite3_stmt *st;
	size_t i = 0, m = isfinite(n) && n > 0 ? (size_t)n : 0;
	double *v;
	int rc;

	*mem = v = calloc(3 * m + 1, sizeof(double));
	if (!v)
		xalloc_die();
	p->nlimits = 0;
	if (db_prepare(d->db, &st, sql, d->e))
		return -1;
	sqlite3_bind_int(st, 1, d->o->year);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && i < m) {
		double pr = sqlite3_column_double(st, 0);

		if (!lm || lm->probability != pr) {
			if (p->nlimits == FUNNEL_LIMITS)
				break;
			lm = &p->limits[p->nlimits++];
			lm->probability = pr;
			lm->n = 0;
			lm->expected = v + i;
			lm->lower = v + m + i;
			lm->upper = v + 2 * m + i;
		}
		v[i] = sqlite3_column_double(st, 1);
		v[m + i] = sqlite3_column_double(st, 2);
		v[2 * m + i] = sqlite3_column_double(st, 3);
		lm->n++;
		i++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return err_set(d->e, "cannot read the funnel limits of %d: %s", d->o->year,
			       sqlite3_errmsg(d->db));
	return 0;
}

static const char *const cov_header_fr[] = {
	"Code", "Nom", "Assoc. actives", "Struct.", "/ 1 000 assoc.", "/ 100 000 hab.",
	"O/E", "CI", "q", "Sous-couvert",
};
static const char *const cov_header_en[] = {
	"Code", "Name", "Active assoc.", "Struct.", "/ 1,000 assoc.", "/ 100,000 inh.",
	"O/E", "CI", "q", "Under-covered",
};
static const char *const cov_csv[] = {
	"code", "nom", "associations_actives", "structures", "pour_1000_associations",
	"pour_100000_habitants", "o_sur_e", "o_sur_e_bas", "q", "sous_couvert",
};
static const int cov_right[] = { 0, 0, 1, 1, 1, 1, 1, 1, 1, 0 };

int doc_coverage_table(struct doc *d, const char *name, const char *heading,
		       const char *caption, const struct unit *u, size_t n)
{
	const char *hdr[10];
	struct table t;
	size_t i;
	int rc;

	table_init(&t, 10, doc_header_of(d, cov_header_fr, cov_header_en, 10, hdr), cov_csv, cov_right,
		   caption, d->lang);
	for (i = 0; i < n; i++) {
		table_text(&t, u[i].code);
		table_text(&t, u[i].name);
		if (u[i].covered)
			doc_table_int(&t, u[i].assoc);
		else
			table_num_as(&t, NAN, 0, doc_tr(d, "hors RNA", "not in RNA"));
		doc_table_int(&t, u[i].structures);
		table_num(&t, u[i].per1000, 2);
		table_num(&t, u[i].per100k, 1);
		table_num(&t, u[i].oe, 2);
		doc_table_interval(d, &t, u[i].oe_low, u[i].oe_high, 2);
		doc_table_p(d, &t, u[i].q);
		table_text(&t, u[i].flagged ? doc_tr(d, "oui", "yes") : "");
	}
	rc = doc_figure(d, &(struct doc_figure){ .heading = heading, .name = name, .table = &t });
	table_release(&t);
	return rc;
}

/* How a unit is drawn: outside the registry, flagged, or plain. */
static int unit_flag(const struct unit *u)
{
	return !u->covered ? CHART_OUT_OF_SCOPE : u->flagged ? CHART_FLAGGED : CHART_PLAIN;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Quintile class bounds of the defined values, rounded to whole numbers
   and strictly rising; returns the number of classes (0: let the map
   choose, when there are too few distinct values). */
static size_t quantile_breaks(const double *v, size_t n, double breaks[4])
{
	double *x = calloc(n + 1, sizeof(double));
	size_t m = 0, i, k = 0;

	if (!x)
		xalloc_die();
	for (i = 0; i < n; i++)
		if (!isnan(v[i]))
			x[m++] = v[i];
	qsort(x, m, sizeof(double), cmp_double);
	for (i = 1; i < 5 && m >= 5; i++) {
		double b = round(x[m * i / 5]);

		if (b > x[0] && (!k || b > breaks[k - 1]))
			breaks[k++] = b;
	}
	free(x);
	return k == 4 ? 5 : 0;
}

/* What the charts of the section are drawn from, a slot per unit. */
struct cov_scratch {
	const char **labels;
	double *v, *ex, *ob, *f, *l;
	int *flags;
};

static void scratch_init(struct cov_scratch *s, size_t n)
{
	s->labels = calloc(n + 2, sizeof(char *));
	s->v = calloc(n + 2, sizeof(double));
	s->ex = calloc(n + 2, sizeof(double));
	s->ob = calloc(n + 2, sizeof(double));
	s->f = calloc(n + 2, sizeof(double));
	s->l = calloc(n + 2, sizeof(double));
	s->flags = calloc(n + 2, sizeof(int));
	if (!s->labels || !s->v || !s->ex || !s->ob || !s->f || !s->l || !s->flags)
		xalloc_die();
}

static void scratch_release(struct cov_scratch *s)
{
	free(s->labels);
	free(s->v);
	free(s->ex);
	free(s->ob);
	free(s->f);
	free(s->l);
	free(s->flags);
}

static void coverage_intro(struct doc *d)
{
	struct buf b = BUF_INIT;

	doc_heading(d, 1, doc_tr(d, "Couverture", "Coverage"));
	buf_addstr(&b, doc_tr(d, "Combien de lieux d'appui au numérique pour 1 000 associations "
			      "actives, et où en manque-t-il ? Une zone est dite sous-couverte quand "
			      "elle compte nettement moins de structures que ne le voudrait son nombre "
			      "d'associations (test de Poisson, taux de fausses découvertes de ",
			      "How many digital support places per 1,000 active associations, and "
			      "where are they lacking? An area is under-covered when it has clearly "
			      "fewer structures than its number of associations calls for (Poisson "
			      "test, "));
	buf_addstr(&b, d->fdr_pct);
	buf_addstr(&b, doc_tr(d, ").", " false discovery rate)."));
	doc_para(d, b.data);
	buf_release(&b);
}

/* The map of departments, by quintiles of structures per 1,000 associations. */
static int coverage_map(struct doc *d, struct cov_scratch *s)
{
	struct tilemap map;
	double breaks[4];
	size_t i;

	for (i = 0; i < d->ndep; i++) {
		s->labels[i] = d->dep[i].code;
		s->v[i] = d->dep[i].per1000;
		s->flags[i] = unit_flag(&d->dep[i]);
	}
	memset(&map, 0, sizeof(map));
	map.title = doc_tr(d, "Structures pour 1 000 associations actives, par département",
			   "Structures per 1,000 active associations, by department");
	map.unit = doc_tr(d, "structures pour 1 000 associations",
			  "structures per 1,000 associations");
	map.n = d->ndep;
	map.codes = s->labels;
	map.values = s->v;
	map.flags = s->flags;
	map.nclasses = quantile_breaks(s->v, d->ndep, breaks);
	map.breaks = map.nclasses ? breaks : NULL;
	/* Too few distinct values for quintiles: the map's own classes, named by it. */
	map.class_note = map.breaks ? doc_tr(d, "classes de même effectif (quintiles)",
					     "classes of equal counts (quintiles)") : NULL;
	map.decimals = 0;
	map.flag_label = d->under_m;
	map.scope_label = doc_tr(d, "hors RNA", "not in RNA");
	map.lang = d->lang;
	return doc_figure(d, &(struct doc_figure){
		.heading = doc_tr(d, "Carte des départements", "Map of departments"),
		.name = "carte-departements", .kind = &tilemap_chart, .chart = &map });
}

/* Structures per 1,000 associations by region, and the table of regions. */
static int coverage_regions(struct doc *d, struct cov_scratch *s)
{
	struct bars bars;
	size_t i;

	for (i = 0; i < d->nreg; i++) {
		s->labels[i] = d->reg[i].name;
		s->v[i] = d->reg[i].per1000;
		s->flags[i] = unit_flag(&d->reg[i]);
	}
	memset(&bars, 0, sizeof(bars));
	bars.title = doc_tr(d, "Structures d'appui pour 1 000 associations actives, par région",
			    "Support structures per 1,000 active associations, by region");
	bars.unit = doc_tr(d, "structures pour 1 000 associations actives",
			   "structures per 1,000 active associations");
	bars.n = d->nreg;
	bars.labels = s->labels;
	bars.values = s->v;
	bars.flags = s->flags;
	bars.reference = doc_national_rate(d->reg, d->nreg);
	bars.reference_label = doc_tr(d, "France entière", "France as a whole");
	bars.lang = d->lang;
	bars.decimals = 1;
	bars.flag_label = d->under_f;
	return doc_figure(d, &(struct doc_figure){
		.heading = doc_tr(d, "Par région", "By region"),
		.text = doc_tr(d, "Le Grand Est est calculé hors Alsace-Moselle, où le RNA ne "
			       "s'applique pas. En vermillon, les régions significativement "
			       "sous-couvertes.",
			       "Grand Est is computed without Alsace-Moselle, where the RNA does not "
			       "apply. In vermilion, regions significantly under-covered."),
		.name = "couverture-regions", .kind = &bars_chart, .chart = &bars }) ||
		doc_coverage_table(d, "couverture-regions", NULL,
			       doc_tr(d, "Couverture par région", "Coverage by region"),
			       d->reg, d->nreg) ? -1 : 0;
}

/* The funnel of departments in the registry, with the stored limits. */
static int coverage_funnel(struct doc *d, struct cov_scratch *s)
{
	struct funnel funnel;
	double *lim = NULL;
	size_t i, k;
	int rc;

	for (i = 0, k = 0; i < d->ndep; i++) {
		if (!d->dep[i].covered || !(d->dep[i].expected > 0))
			continue;
		s->labels[k] = d->dep[i].code;
		s->ex[k] = d->dep[i].expected;
		s->ob[k] = (double)d->dep[i].observed;
		s->flags[k] = d->dep[i].flagged ? CHART_FLAGGED : CHART_PLAIN;
		k++;
	}
	memset(&funnel, 0, sizeof(funnel));
	funnel.title = doc_tr(d, "Structures observées et attendues, par département",
			      "Observed and expected structures, by department");
	funnel.n = k;
	funnel.expected = s->ex;
	funnel.observed = s->ob;
	funnel.flags = s->flags;
	funnel.labels = s->labels;
	funnel.point_label = doc_tr(d, "département", "department");
	funnel.flag_label = d->under_m;
	funnel.lang = d->lang;
	rc = load_funnel_limits(d, &funnel, &lim) || doc_figure(d, &(struct doc_figure){
		.heading = doc_tr(d, "Écarts à l'attendu", "Departures from the expected"),
		.text = doc_tr(d, "Chaque point est un département : en abscisse le nombre de "
			       "structures attendu au vu de ses associations, en ordonnée le rapport "
			       "observé / attendu. Les courbes bornent l'intervalle de fluctuation "
			       "d'une loi de Poisson à 95 % et 99,8 % : un point sous la courbe basse "
			       "est anormalement peu couvert.",
			       "Each point is a department: across, the number of structures expected "
			       "from its associations; up, the ratio observed / expected. The curves "
			       "bound the Poisson fluctuation at 95% and 99.8%: a point below the "
			       "lower curve is unusually poorly covered."),
		.name = "entonnoir-departements", .kind = &funnel_chart, .chart = &funnel });
	free(lim);
	return rc ? -1 : 0;
}

/* The Lorenz curve of departments, by rising rate, with its Gini. */
static int coverage_lorenz(struct doc *d, struct cov_scratch *s)
{
	struct lorenz lorenz;
	struct buf b = BUF_INIT;
	size_t m = 0;
	int rc;

	if (lorenz_points(d, d->ndep, s->f, s->l, &m))
		return -1;
	memset(&lorenz, 0, sizeof(lorenz));
	lorenz.title = doc_tr(d, "Concentration de l'offre : courbe de Lorenz des départements",
			      "Concentration of support: Lorenz curve of departments");
	lorenz.ncurves = 1;
	buf_addf(&b, "%d", d->o->year);
	lorenz.curves[0].label = b.data;
	lorenz.curves[0].n = m + 1;
	lorenz.curves[0].f = s->f;
	lorenz.curves[0].l = s->l;
	lorenz.curves[0].gini = doc_query_num(d, "SELECT gini FROM coverage_summary WHERE year = ?1");
	lorenz.lang = d->lang;
	/* No unit, or no structure: the curve has no data (lorenz.h). */
	rc = doc_figure(d, &(struct doc_figure){
		.heading = doc_tr(d, "Concentration", "Concentration"),
		.text = doc_tr(d, "Plus la courbe s'éloigne de la diagonale, plus les structures sont "
			       "concentrées dans certains départements au regard de leurs "
			       "associations ; l'indice de Gini le résume (0 : égalité parfaite).",
			       "The further the curve from the diagonal, the more structures "
			       "concentrate in some departments relative to their associations; the "
			       "Gini index sums it up (0: perfect equality)."),
		.name = "lorenz-departements", .kind = &lorenz_chart, .chart = &lorenz });
	buf_release(&b);
	return rc;
}

int sec_coverage(struct doc *d)
{
	struct cov_scratch s;
	int rc;

	scratch_init(&s, d->ndep + d->nreg);
	coverage_intro(d);
	rc = coverage_map(d, &s) || coverage_regions(d, &s) || coverage_funnel(d, &s) ||
		coverage_lorenz(d, &s) ||
		doc_coverage_table(d, "couverture-departements",
			       doc_tr(d, "Par département", "By department"),
			       doc_tr(d, "Couverture par département", "Coverage by department"),
			       d->dep, d->ndep) ||
		doc_outside_registry(d, NULL);
	scratch_release(&s);
	return rc ? -1 : 0;
}
