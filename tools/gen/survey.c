/* Survey (LimeSurvey-style wide export). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"

static uint64_t w_survey(const struct geo *g, const struct commune *c)
{
	return (uint64_t)c->pop * g->r[g->d[c->dep].region].survey_pm;
}

static const char *const survey_header[] = {
	"id", "submitdate", "lastpage", "startlanguage", "commune", "taille",
	"Q1", "Q2", "Q3", "Q4", "Q5",
};
static const char *const ease[] = {
	"Très faible", "Faible", "Moyenne", "Bonne", "Très bonne",
};
static const char *const needs[] = {
	"Communication", "Gestion", "Collaboration", "Données", "Équipement",
	"Stratégie",
};
static const unsigned needs_w[] = { 25, 20, 15, 15, 15, 10 };

static int survey_gen(struct ctx *x, struct out *o, unsigned long nrec,
		      struct err *e)
{
	struct buf f[N_ELEM(survey_header)];
	struct sampler s;
	struct rng r;
	unsigned long rec;
	long first = field_days_from_civil(x->year, 1, 1);
	int ret = -1;

	out_fields_init(f, (int)N_ELEM(survey_header));
	rng_seed(&r, x->seed, 7);
	sampler_build(&s, &x->g, w_survey);
	if (out_open(o, e) || out_header(o, survey_header, NULL, (int)N_ELEM(survey_header), e))
		goto out;
	for (rec = 0; rec < nrec; rec++) {
		int com = sampler_pick(&s, &r);
		const struct commune *c;
		size_t t = rng_weighted(&r, words_taille_w, N_ELEM(words_taille_w));
		int lastpage = 3, level;
		double latent, u;

		if (com < 0) {
			err_set(e, "no commune with a population for the survey");
			goto out;
		}
		c = &x->g.c[com];
		out_fields_reset(f, (int)N_ELEM(survey_header));
		if (rng_chance(&r, 0.06))
			lastpage = 1 + (int)rng_below(&r, 2);
		field_num(&f[0], rec + 1, 1);
		if (lastpage == 3)
			field_datetime(&f[1], (long long)rng_range(&r, first, x->cutoff) * 86400 +
					    rng_range(&r, 7 * 3600, 23 * 3600));
		field_num(&f[2], (unsigned long)lastpage, 1);
		buf_addstr(&f[3], "fr");
		buf_addstr(&f[4], c->code + (c->code[0] == '0' && rng_chance(&r, 0.2)));
		buf_addstr(&f[5], words_tailles[t]);
		latent = x->g.r[x->g.d[c->dep].region].diag_milli / 1000.0 +
			 words_taille_milli[t] / 1000.0 + 0.8 * rng_normal(&r);
		if (lastpage >= 2) {
			u = 0.45 + 0.2 * latent;
			buf_addstr(&f[6], rng_chance(&r, u) ? "Oui" : "Non");
			u = 0.2 + 0.12 * latent;
			buf_addstr(&f[7], rng_chance(&r, u) ? "Oui" : "Non");
		}
		if (lastpage == 3) {
			level = (int)(2.0 + latent + 0.8 * rng_normal(&r) + 100.5) - 100;
			if (level < 0)
				level = 0;
			if (level > 4)
				level = 4;
			buf_addstr(&f[8], ease[level]);
			u = rng_unit(&r) - 0.1 * latent;
			buf_addstr(&f[9], u < 0.25 ? "Oui" : u < 0.75 ? "Non" : "Je ne sais pas");
			buf_addstr(&f[10], needs[rng_weighted(&r, needs_w, N_ELEM(needs_w))]);
		}
		if (out_row(o, f, NULL, (int)N_ELEM(survey_header), NULL, e))
			goto out;
	}
	if (out_close(o, e))
		goto out;
	ret = 0;
out:
	sampler_release(&s);
	out_fields_release(f, (int)N_ELEM(survey_header));
	return ret;
}

int responses_write(struct ctx *x, unsigned long nrec, struct err *e)
{
	struct out o;
	int ret;

	out_init(&o, x->outdir, ',', "\r\n", 1, 1, 0, x->verbose);
	buf_addf(&o.name, "survey_barometre_%04d.csv", x->year);
	ret = survey_gen(x, &o, nrec, e);
	out_release(&o);
	return ret;
}
