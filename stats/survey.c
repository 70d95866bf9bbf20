#include "survey.h"
#include "xalloc.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "log.h"
#include "stats.h"

struct response {
	char id[64];
	int region;		/* index in regions, -1: no registry margin */
	double w;
};

struct survey_data {
	struct response *r;
	size_t n;
	char (*region)[8];
	double *registry;	/* active associations per region */
	size_t nregions;
};

static int load_regions(sqlite3 *db, struct survey_data *s, struct err *e)
{
	sqlite3_stmt *st;
	int step;

	if (db_prepare(db, &st, "SELECT r.code, coalesce(a.n, 0) FROM region r LEFT JOIN "
		       "(SELECT region_code, sum(n) n FROM temp.association_count "
		       "WHERE active = 1 GROUP BY 1) a "
		       "ON a.region_code = r.code ORDER BY r.code", e))
		return -1;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		s->region = xgrow(s->region, s->nregions, sizeof(*s->region));
		s->registry = xgrow(s->registry, s->nregions, sizeof(double));
		if (!s->region || !s->registry)
			xalloc_die();
		snprintf(s->region[s->nregions], sizeof(*s->region), "%s", sqlite3_column_text(st, 0));
		s->registry[s->nregions++] = sqlite3_column_double(st, 1);
	}
	step = db_loop_end(db, step, e);
	sqlite3_finalize(st);
	if (step)
		return -1;
	return 0;
}

static int region_index(const struct survey_data *s, const char *code)
{
	size_t i;

	for (i = 0; code && i < s->nregions; i++)
		if (!strcmp(s->region[i], code))
			return (int)i;
	return -1;
}

/* Weights by raking to the registry's regions. Regions without a
   respondent are left out of the targets (a cell no weight can fill),
   respondents of a region without registry count get weight 0. Targets
   are scaled to the number of respondents kept, so weights average 1.
   Returns stats_rake's status, or 1 when no respondent lives where the
   registry counts associations: nothing to rake to, every weight 0. */
static int weigh(struct survey_data *s, int *iterations)
{
	double *target = calloc(s->nregions + 1, sizeof(double));
	int *cat = calloc(s->n + 1, sizeof(int));
	size_t *count = calloc(s->nregions + 1, sizeof(size_t));
	double total = 0, kept = 0;
	size_t i, ncat;
	int rc;

	if (!target || !cat || !count)
		xalloc_die();
	for (i = 0; i < s->n; i++)
		if (s->r[i].region >= 0)
			count[s->r[i].region]++;
	for (i = 0; i < s->nregions; i++)
		if (count[i] && s->registry[i] > 0) {
			total += s->registry[i];
			kept += (double)count[i];
		}
	for (i = 0; i < s->nregions; i++)
		target[i] = count[i] && s->registry[i] > 0 && total > 0 ?
			kept * s->registry[i] / total : 0;
	if (!(kept > 0)) {
		for (i = 0; i < s->n; i++)
			s->r[i].w = 0;
		*iterations = 0;
		free(target);
		free(cat);
		free(count);
		return 1;
	}
	for (i = 0; i < s->n; i++) {
		int g = s->r[i].region;

		cat[i] = g >= 0 ? g : 0;
		s->r[i].w = g >= 0 && target[g] > 0 ? 1.0 : 0.0;
	}
	ncat = s->nregions;
	{
		const int *cats[1] = { cat };
		const double *targets[1] = { target };
		double *w = calloc(s->n + 1, sizeof(double));

		if (!w)
			xalloc_die();
		for (i = 0; i < s->n; i++)
			w[i] = s->r[i].w;
		rc = stats_rake(w, s->n, cats, targets, &ncat, 1, 1e-9 * (kept + 1), 50, iterations);
		for (i = 0; i < s->n; i++)
			s->r[i].w = w[i];
		free(w);
	}
	free(target);
	free(cat);
	free(count);
	return rc;
}

static int load_responses(sqlite3 *db, const char *survey, int year, struct survey_data *s,
			  struct err *e)
{
	sqlite3_stmt *st;
	int step;

	s->n = 0;
	if (db_prepare(db, &st, "SELECT response_id, region_code FROM survey_response "
		       "WHERE survey = ?1 AND year = ?2 ORDER BY response_id", e))
		return -1;
	sqlite3_bind_text(st, 1, survey, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, year);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct response *r;

		s->r = xgrow(s->r, s->n, sizeof(*s->r));
		if (!s->r)
			xalloc_die();
		r = &s->r[s->n++];
		snprintf(r->id, sizeof(r->id), "%s", sqlite3_column_text(st, 0));
		r->region = region_index(s, (const char *)sqlite3_column_text(st, 1));
	}
	step = db_loop_end(db, step, e);
	sqlite3_finalize(st);
	if (step)
		return -1;
	return 0;
}

static int cmp_id(const void *key, const void *elem)
{
	return strcmp(key, ((const struct response *)elem)->id);
}

/* NaN or an infinity is a figure not defined: NULL, as the schema says. */
static void bind_num(sqlite3_stmt *st, int i, double v, int suppressed)
{
	if (suppressed || !isfinite(v))
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_double(st, i, v);
}

/* One question: weighted mean with a t interval on the Kish effective size. */
static int store_question(sqlite3 *db, sqlite3_stmt *sel, sqlite3_stmt *ins,
			  const struct config *cfg, const char *survey, const char *question,
			  int year, const struct survey_data *s, int iterations, int converged,
			  struct err *e)
{
	double *v = malloc((s->n + 1) * sizeof(double)), *w = malloc((s->n + 1) * sizeof(double));
	double mean = NAN, lo = NAN, hi = NAN, neff = NAN, plain = NAN, sw = 0;
	size_t n = 0;
	int suppressed, rc;

	if (!v || !w)
		xalloc_die();
	sqlite3_bind_text(sel, 1, survey, -1, SQLITE_STATIC);
	sqlite3_bind_text(sel, 2, question, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(sel)) == SQLITE_ROW) {
		const struct response *r = bsearch(sqlite3_column_text(sel, 0), s->r, s->n,
						   sizeof(*s->r), cmp_id);

		if (!r || sqlite3_column_type(sel, 1) == SQLITE_NULL)
			continue;
		v[n] = sqlite3_column_double(sel, 1);
		w[n] = r->w;
		sw += r->w;
		n++;
	}
	sqlite3_reset(sel);
	if (db_loop_end(db, rc, e)) {
		free(v);
		free(w);
		return -1;
	}
	if (n) {
		plain = gsl_stats_mean(v, 1, n);
		if (sw > 0) {
			mean = gsl_stats_wmean(w, 1, v, 1, n);
			neff = stats_kish(w, n);
			if (neff > 1) {
				double se = sqrt(gsl_stats_wvariance_m(w, 1, v, 1, n, mean) / neff);
				double t = gsl_cdf_tdist_Pinv(1 - (1 - cfg->confidence) / 2, neff - 1);

				lo = mean - t * se;
				hi = mean + t * se;
			}
		}
	}
	suppressed = (long)n < cfg->min_cell;
	sqlite3_bind_int(ins, 1, year);
	sqlite3_bind_text(ins, 2, survey, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 3, question, -1, SQLITE_STATIC);
	sqlite3_bind_int64(ins, 4, (sqlite3_int64)n);
	bind_num(ins, 5, neff, suppressed);
	bind_num(ins, 6, mean, suppressed);
	bind_num(ins, 7, lo, suppressed);
	bind_num(ins, 8, hi, suppressed);
	bind_num(ins, 9, plain, suppressed);
	/* converged < 0: no raking was possible, so neither figure applies. */
	if (converged < 0) {
		sqlite3_bind_null(ins, 10);
		sqlite3_bind_null(ins, 11);
	} else {
		sqlite3_bind_int(ins, 10, iterations);
		sqlite3_bind_int(ins, 11, converged);
	}
	sqlite3_bind_int(ins, 12, suppressed);
	rc = db_step_done(db, ins, e);
	free(v);
	free(w);
	return rc;
}

int survey_compute(sqlite3 *db, const struct config *cfg, int year, struct err *e)
{
	struct survey_data s;
	sqlite3_stmt *surveys = NULL, *questions = NULL, *answers = NULL, *ins = NULL, *del = NULL;
	int rc = -1, step;

	memset(&s, 0, sizeof(s));
	if (load_regions(db, &s, e) ||
	    db_prepare(db, &del, "DELETE FROM survey_stats WHERE year = ?1", e) ||
	    db_prepare(db, &surveys, "SELECT DISTINCT survey FROM survey_response WHERE year = ?1 "
		       "ORDER BY 1", e) ||
	    /* Questions with at least one valued answer. */
	    db_prepare(db, &questions, "SELECT DISTINCT a.question FROM survey_answer a "
		       "JOIN survey_response r USING (survey, response_id) WHERE a.survey = ?1 "
		       "AND r.year = ?2 AND a.value IS NOT NULL ORDER BY 1", e) ||
	    db_prepare(db, &answers, "SELECT response_id, value FROM survey_answer "
		       "WHERE survey = ?1 AND question = ?2", e) ||
	    db_prepare(db, &ins, "INSERT INTO survey_stats(year, survey, question, n, n_eff, mean, "
		       "ci_low, ci_high, unweighted_mean, raking_iterations, raking_converged, "
		       "suppressed) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)", e))
		goto out;
	sqlite3_bind_int(del, 1, year);
	if (db_step_done(db, del, e))
		goto out;
	sqlite3_bind_int(surveys, 1, year);
	while ((step = sqlite3_step(surveys)) == SQLITE_ROW) {
		char survey[128];
		int iterations = 0, converged, status;

		snprintf(survey, sizeof(survey), "%s", sqlite3_column_text(surveys, 0));
		if (load_responses(db, survey, year, &s, e))
			goto out;
		status = weigh(&s, &iterations);
		converged = status == 1 ? -1 : status == 0;
		if (status == 1)
			log_warn("survey '%s' %d: no respondent where the registry counts "
				 "associations: no weighted figure", survey, year);
		else if (!converged)
			log_warn("survey '%s' %d: raking to the registry did not converge", survey, year);
		sqlite3_bind_text(questions, 1, survey, -1, SQLITE_STATIC);
		sqlite3_bind_int(questions, 2, year);
		while ((step = sqlite3_step(questions)) == SQLITE_ROW) {
			char q[128];

			snprintf(q, sizeof(q), "%s", sqlite3_column_text(questions, 0));
			if (store_question(db, answers, ins, cfg, survey, q, year, &s, iterations,
					   converged, e))
				goto out;
		}
		sqlite3_reset(questions);
		if (db_loop_end(db, step, e))
			goto out;
	}
	if (db_loop_end(db, step, e))
		goto out;
	rc = 0;
out:
	sqlite3_finalize(surveys);
	sqlite3_finalize(questions);
	sqlite3_finalize(answers);
	sqlite3_finalize(ins);
	sqlite3_finalize(del);
	free(s.r);
	free(s.region);
	free(s.registry);
	return rc;
}
