/* Diagnostics, one file a year. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"

enum {
	D_ID, D_DATE, D_ID_STRUCTURE, D_RNA, D_SIRET, D_CODE_INSEE,
	D_CODE_POSTAL, D_TAILLE, D_SECTEUR, D_AREA0, D_NCOLS = D_AREA0 + 6
};

static const char *const diag_header[D_NCOLS] = {
	"id_diagnostic", "date", "id_structure", "rna", "siret", "code_insee",
	"code_postal", "taille", "secteur", "communication", "collaboration",
	"gestion", "donnees", "equipement", "strategie",
};
/* communication higher, donnees lower (thousandths of a level) */
static const int area_milli[6] = { 500, 100, 200, -600, 0, -300 };

static const char *const diag_bad_reasons[] = {
	"level '7' is above the maximum 4",
	"date is not a calendar date (February 30)",
	"neither rna nor siret",
};

/* The six competence levels: a latent level (region, size, year +0.15 a
   year, association) plus each area's offset and noise; some not assessed. */
static void render_levels(const struct ctx *x, const struct dept *d, size_t t,
			  int y, int kind, struct rng *r, struct buf *f)
{
	double latent;
	int ai;

	latent = 1.7 + x->g.r[d->region].diag_milli / 1000.0 +
		 words_taille_milli[t] / 1000.0 + 0.15 * (y - (x->year - 2)) +
		 0.7 * rng_normal(r);
	for (ai = 0; ai < 6; ai++) {
		double v = latent + area_milli[ai] / 1000.0 + 0.8 * rng_normal(r);
		int level = (int)(v + 100.5) - 100;

		if (rng_chance(r, 0.08))
			continue;	/* not assessed */
		if (level < 0)
			level = 0;
		if (level > 4)
			level = 4;
		field_num(&f[D_AREA0 + ai], (unsigned long)level, 1);
	}
	if (kind == 0) {
		ai = (int)rng_below(r, 6);
		buf_reset(&f[D_AREA0 + ai]);
		buf_addch(&f[D_AREA0 + ai], '7');
	}
}

/* Diagnostic rec of year y, of association a (size class t), dated within
   days[0..1]; kind is its deliberate defect, or -1. */
static void render_diag(const struct ctx *x, int y, unsigned long rec,
			const struct active *a, size_t t, int kind,
			const long days[2], struct rng *r, struct buf *f)
{
	const struct commune *c = &x->g.c[a->com];
	const struct dept *d = &x->g.d[c->dep];
	const struct intvec *lv = &d->lieux;

	out_fields_reset(f, D_NCOLS);
	buf_addstr(&f[D_ID], "DIAG-");
	field_num(&f[D_ID], (unsigned long)y, 4);
	buf_addch(&f[D_ID], '-');
	field_num(&f[D_ID], rec + 1, 6);
	if (kind == 1) {
		field_num(&f[D_DATE], (unsigned long)y, 4);
		buf_addstr(&f[D_DATE], "-02-30");
	} else {
		field_date(&f[D_DATE], rng_range(r, days[0], days[1]));
	}
	if (!lv->n)
		lv = &x->g.r[d->region].lieux;
	if (lv->n) {
		buf_addstr(&f[D_ID_STRUCTURE], "lieu-");
		field_num(&f[D_ID_STRUCTURE], (unsigned long)lv->v[rng_below(r, lv->n)], 6);
	}
	if (kind != 2) {
		int no_rna = rng_chance(r, 0.03);

		if (!no_rna)
			buf_addstr(&f[D_RNA], a->id);
		if (no_rna || rng_chance(r, 0.1))
			field_siret(&f[D_SIRET], r, 1);
	}
	buf_addstr(&f[D_CODE_INSEE], c->code);
	buf_addstr(&f[D_CODE_POSTAL], a->cp);
	buf_addstr(&f[D_TAILLE], words_tailles[t]);
	buf_addstr(&f[D_SECTEUR], words_families[a->fam].secteur);
	render_levels(x, d, t, y, kind, r, f);
}

static int diag_gen(struct ctx *x, struct out *o, int y, unsigned long nrec,
		    unsigned long nbad_each, struct err *e)
{
	struct buf f[D_NCOLS];
	struct rng r;
	unsigned long rec, nbad = nbad_each * N_ELEM(diag_bad_reasons), kbad = 0;
	unsigned long *badpos;
	long days[2] = { field_days_from_civil(y, 1, 1), field_days_from_civil(y, 12, 31) };
	int ret = -1;

	if (days[1] > x->cutoff)
		days[1] = x->cutoff;
	out_fields_init(f, D_NCOLS);
	rng_seed(&r, x->seed, 4 + (uint64_t)(y - x->year + 2));
	badpos = out_bad_positions(&r, nrec, nbad);
	if (!x->nact) {
		err_set(e, "'%s': no active association to diagnose", o->name.data);
		goto out;
	}
	if (out_open(o, e) || out_header(o, diag_header, NULL, D_NCOLS, e))
		goto out;
	for (rec = 0; rec < nrec; rec++) {
		const struct active *a = &x->act[rng_below(&r, x->nact)];
		size_t t = rng_weighted(&r, words_taille_w, N_ELEM(words_taille_w));
		int kind = -1;

		if (kbad < nbad && rec == badpos[kbad])
			kind = (int)(kbad++ % N_ELEM(diag_bad_reasons));
		render_diag(x, y, rec, a, t, kind, days, &r, f);
		if (out_row(o, f, NULL, D_NCOLS, kind >= 0 ? diag_bad_reasons[kind] : NULL, e))
			goto out;
	}
	if (out_close(o, e))
		goto out;
	ret = 0;
out:
	free(badpos);
	out_fields_release(f, D_NCOLS);
	return ret;
}

int diag_write(struct ctx *x, unsigned long nrec, struct err *e)
{
	struct out o;
	int y, ret = 0;

	for (y = x->year - 2; y <= x->year && !ret; y++) {
		out_init(&o, x->outdir, ';', "\n", 0, 0, 0, x->verbose);
		buf_addf(&o.name, "diagnostics_%04d.csv", y);
		ret = diag_gen(x, &o, y, nrec, nrec / 2000 ? nrec / 2000 : 1, e);
		out_release(&o);
	}
	return ret;
}
