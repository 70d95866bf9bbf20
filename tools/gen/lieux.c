/* Lieux de médiation numérique. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"

static uint64_t w_lieux(const struct geo *g, const struct commune *c)
{
	const struct dept *d = &g->d[c->dep];

	if (d->no_lieux)
		return 0;
	return (uint64_t)c->pop * g->r[d->region].lieux_pm;
}

enum {
	L_ID, L_PIVOT, L_NOM, L_COMMUNE, L_CODE_POSTAL, L_CODE_INSEE, L_ADRESSE,
	L_COMPLEMENT_ADRESSE, L_LATITUDE, L_LONGITUDE, L_TYPOLOGIE, L_TELEPHONE,
	L_COURRIELS, L_SITE_WEB, L_HORAIRES, L_PRESENTATION_RESUME, L_SOURCE,
	L_STRUCTURE_PARENTE, L_SERVICES, L_PUBLICS, L_DISPOSITIFS, L_FRAIS,
	L_DATE_MAJ, L_NCOLS
};

static const char *const lieux_header[L_NCOLS] = {
	"id", "pivot", "nom", "commune", "code_postal", "code_insee", "adresse",
	"complement_adresse", "latitude", "longitude", "typologie", "telephone",
	"courriels", "site_web", "horaires", "presentation_resume", "source",
	"structure_parente", "services", "publics_specifiquement_adresses",
	"dispositif_programmes_nationaux", "frais_a_charge", "date_maj",
};

static const char *const services[] = {
	"Aide aux démarches administratives",
	"Maîtrise des outils numériques du quotidien",
	"Insertion professionnelle via le numérique",
	"Utilisation sécurisée du numérique",
	"Parentalité et éducation avec le numérique",
	"Loisirs et créations numériques",
	"Compréhension du monde numérique",
	"Accès internet et matériel informatique",
	"Acquisition de matériel informatique à prix solidaire",
};
static const struct {
	const char *typ, *nom;
} lieu_kinds[] = {
	{ "BIB", "Médiathèque %D" }, { "BIB", "Bibliothèque municipale %D" },
	{ "EPN", "Espace public numérique %D" }, { "EPN", "Cyber-base %D" },
	{ "CCAS", "CCAS %D" }, { "MUNI", "Mairie %D" },
	{ "RFS", "France services %D" }, { "RFS|MUNI", "France services, mairie %D" },
	{ "ASSO", "Association Numérique pour tous %D" },
	{ "ASSO", "Point numérique solidaire %D" },
	{ "TIERS_LIEUX", "Tiers-lieu « %N »" },
	{ "TIERS_LIEUX", "La Fabrique numérique %D" },
	{ "CS", "Centre social %D" },
};
static const char *const horaires[] = {
	"Mo-Fr 09:00-12:00,14:00-17:30", "Tu,Th 14:00-18:00; Sa 09:00-12:00",
	"Mo-Sa 10:00-18:00", "We 14:00-17:00", "Mo-Fr 08:30-12:30",
	"Tu-Sa 10:00-12:30,13:30-18:00",
};
static const char *const resumes[] = {
	"Accompagnement gratuit aux démarches en ligne, ateliers d'initiation et accès libre à des ordinateurs.",
	"Ateliers collectifs pour apprendre à utiliser son smartphone, sa messagerie et les services publics en ligne.",
	"Un conseiller numérique vous reçoit sur rendez-vous pour vos démarches : CAF, impôts, France Travail.",
	"Espace équipé d'ordinateurs et d'une imprimante, wifi gratuit, aide individuelle.",
};
static const char *const sources[] = {
	"Hinaura", "Conseiller Numérique", "Mednum BFC", "Dora", "France Services",
	"Coop numérique", "Fibre64", "Les Assembleurs",
};
static const char *const publics[] = {
	"Jeunes", "Étudiants", "Familles et/ou enfants", "Seniors", "Femmes",
};
static const char *const dispositifs[] = {
	"Conseillers numériques", "Aidants Connect", "France Services",
	"Bibliothèques numérique de référence", "Point d'accès numérique CAF",
	"Promeneurs du net",
};
static const char *const frais[] = { "Gratuit", "Gratuit sous condition", "Payant" };

struct lieu {
	unsigned long num;
	int com;
	int code;	/* CODE_OWN, index of an arrondissement alias */
	int nozero;	/* leading zero of code_insee dropped */
	int swap;	/* latitude and longitude swapped */
	long date;
	uint64_t seed, vseed;	/* stable fields, fields that change */
};

static void add_list(struct buf *b, struct rng *t, const char *const *v,
		     size_t nv, size_t kmin, size_t kmax, char sep)
{
	unsigned used = 0;
	size_t k = (size_t)rng_range(t, (long)kmin, (long)kmax), i;

	for (i = 0; i < k; i++) {
		size_t j = rng_below(t, nv);

		if (used & (1u << j))
			continue;
		used |= 1u << j;
		if (b->len)
			buf_addch(b, sep);
		buf_addstr(b, v[j]);
	}
}

/* id, pivot, name, kind, address and coordinates; returns the kind. */
static size_t render_lieu_place(const struct ctx *x, const struct lieu *l,
				struct buf *f, struct rng *t)
{
	const struct geo *g = &x->g;
	const struct commune *c = &g->c[l->com];
	const struct dept *d = &g->d[c->dep];
	const char *name = ref_str(g, c->name), *postal = ref_str(g, c->postal);
	char cp[6];
	size_t k;
	long lat, lon;

	buf_addstr(&f[L_ID], "lieu-");
	field_num(&f[L_ID], l->num, 6);
	/* pivot: an RNA id (of a generated association) when there is no SIRET */
	if (rng_chance(t, 0.05) && x->nact)
		buf_addstr(&f[L_PIVOT], x->act[rng_below(t, x->nact)].id);
	else
		field_siret(&f[L_PIVOT], t, rng_chance(t, 0.92));
	k = rng_below(t, N_ELEM(lieu_kinds));
	words_expand(&f[L_NOM], lieu_kinds[k].nom, name, t);
	buf_addstr(&f[L_TYPOLOGIE], lieu_kinds[k].typ);
	buf_addstr(&f[L_COMMUNE], name);
	if (l->code >= 0) {
		postal = ref_str(g, g->al[l->code].postal);
		buf_addstr(&f[L_CODE_INSEE], g->al[l->code].code);
	} else {
		buf_addstr(&f[L_CODE_INSEE], c->code + (l->nozero ? 1 : 0));
	}
	ref_postal_nth(postal, (int)rng_below(t, (uint64_t)(l->code >= 0 ? 1 : c->npostal)), cp);
	buf_addstr(&f[L_CODE_POSTAL], cp);
	field_num(&f[L_ADRESSE], (unsigned long)rng_range(t, 1, 120), 1);
	buf_addch(&f[L_ADRESSE], ' ');
	buf_addstr(&f[L_ADRESSE], words_street_types[rng_below(t, N_ELEM(words_street_types))].word);
	buf_addch(&f[L_ADRESSE], ' ');
	buf_addstr(&f[L_ADRESSE], PICK(t, words_streets));
	if (rng_chance(t, 0.2))
		buf_addstr(&f[L_COMPLEMENT_ADRESSE], PICK(t, words_complements));
	lat = d->lat + rng_range(t, -d->rad, d->rad);
	lon = d->lon + rng_range(t, -d->rad, d->rad);
	field_coord(&f[l->swap ? L_LONGITUDE : L_LATITUDE], lat);
	field_coord(&f[l->swap ? L_LATITUDE : L_LONGITUDE], lon);
	return k;
}

/* Telephone, e-mail, web site, description, source, parent, publics,
   schemes and fees of a structure of kind k. */
static void render_lieu_contact(const struct ctx *x, const struct lieu *l,
				struct buf *f, struct rng *t, size_t k)
{
	const struct dept *d = &x->g.d[x->g.c[l->com].dep];

	if (rng_chance(t, 0.8)) {
		const char *cc = "+33";

		if (!strcmp(d->code, "971"))
			cc = "+590";
		else if (!strcmp(d->code, "972"))
			cc = "+596";
		else if (!strcmp(d->code, "973"))
			cc = "+594";
		else if (!strcmp(d->code, "974") || !strcmp(d->code, "976"))
			cc = "+262";
		buf_addstr(&f[L_TELEPHONE], cc);
		field_num(&f[L_TELEPHONE], (unsigned long)rng_range(t, 100000000, 599999999), 9);
	}
	if (rng_chance(t, 0.6)) {
		buf_addstr(&f[L_COURRIELS], "contact@");
		field_slug(&f[L_COURRIELS], f[L_NOM].data, 28);
		buf_addstr(&f[L_COURRIELS], ".fr");
	}
	if (rng_chance(t, 0.5)) {
		buf_addstr(&f[L_SITE_WEB], "https://www.");
		field_slug(&f[L_SITE_WEB], f[L_NOM].data, 28);
		buf_addstr(&f[L_SITE_WEB], ".fr");
	}
	if (rng_chance(t, 0.6))
		buf_addstr(&f[L_PRESENTATION_RESUME], PICK(t, resumes));
	buf_addstr(&f[L_SOURCE], PICK(t, sources));
	if (rng_chance(t, 0.05) && l->num > 10) {
		buf_addstr(&f[L_STRUCTURE_PARENTE], "lieu-");
		field_num(&f[L_STRUCTURE_PARENTE], (unsigned long)rng_range(t, 1, (long)l->num - 1), 6);
	}
	if (rng_chance(t, 0.3))
		add_list(&f[L_PUBLICS], t, publics, N_ELEM(publics), 1, 2, '|');
	if (!strcmp(lieu_kinds[k].typ, "RFS") || !strcmp(lieu_kinds[k].typ, "RFS|MUNI"))
		buf_addstr(&f[L_DISPOSITIFS], "France Services");
	else if (rng_chance(t, 0.5))
		add_list(&f[L_DISPOSITIFS], t, dispositifs, N_ELEM(dispositifs), 1, 2, '|');
	k = rng_below(t, 10);
	buf_addstr(&f[L_FRAIS], frais[k < 7 ? 0 : k < 9 ? 1 : 2]);
}

static void render_lieu(const struct ctx *x, const struct lieu *l, struct buf *f)
{
	struct rng t;

	out_fields_reset(f, L_NCOLS);
	rng_seed(&t, l->seed, 1);
	render_lieu_contact(x, l, f, &t, render_lieu_place(x, l, f, &t));

	/* what changes between two versions of a structure */
	rng_seed(&t, l->vseed, 2);
	if (rng_chance(&t, 0.7))
		buf_addstr(&f[L_HORAIRES], PICK(&t, horaires));
	add_list(&f[L_SERVICES], &t, services, N_ELEM(services), 1, 4,
		 rng_chance(&t, 0.01) ? ';' : '|');
	field_date(&f[L_DATE_MAJ], l->date);
}

static const char *const lieux_bad_reasons[] = {
	"nom is empty (required)",
	"code_postal has 4 digits",
	"services holds a value outside the enum",
};

static void make_lieu(struct ctx *x, struct rng *r, int com, struct lieu *l)
{
	const struct commune *c = &x->g.c[com];

	memset(l, 0, sizeof(*l));
	l->num = ++x->nlieux;
	l->com = com;
	l->code = CODE_OWN;
	if (c->arr_n && rng_chance(r, 0.5))
		l->code = c->arr_first + (int)rng_below(r, (uint64_t)c->arr_n);
	else if (c->code[0] == '0' && rng_chance(r, 0.2))
		l->nozero = 1;
	l->swap = rng_chance(r, 0.005);
	l->date = rng_range(r, field_days_from_civil(x->year - 2, 1, 1), x->cutoff);
	l->seed = rng_next(r);
	l->vseed = rng_next(r);
}

/* One file of structures being written. */
struct lieux_run {
	struct ctx *x;
	struct out *o;
	struct sampler s;
	unsigned long nrec;
	struct rng r;
	struct buf f[L_NCOLS];
	struct { struct lieu l; unsigned long due; } pend[PEND_MAX];
	int npend;
	int *first, nfirst;	/* departments served first, shuffled */
};

/* Every department outside the deliberate gaps gets one structure, early. */
static void lieux_first(struct lieux_run *u)
{
	const struct geo *g = &u->x->g;
	int k;

	u->first = gen_xrealloc(NULL, (size_t)g->nd, sizeof(*u->first));
	for (k = 0; k < g->nd; k++) {
		const struct dept *d = &g->d[k];

		if (!d->no_lieux && sampler_pick_in(&u->s, &u->r, d->cur_first,
						    d->cur_first + d->cur_n) >= 0)
			u->first[u->nfirst++] = k;
	}
	for (k = u->nfirst - 1; k > 0; k--) {
		int j = (int)rng_below(&u->r, (uint64_t)k + 1), tmp = u->first[k];

		u->first[k] = u->first[j];
		u->first[j] = tmp;
	}
}

/* Writes a new structure with the deliberate defect number kbad. */
static int write_bad_lieu(struct lieux_run *u, unsigned long kbad, struct err *e)
{
	int kind = (int)(kbad % N_ELEM(lieux_bad_reasons));
	struct lieu l;

	make_lieu(u->x, &u->r, sampler_pick(&u->s, &u->r), &l);
	render_lieu(u->x, &l, u->f);
	if (kind == 0) {
		buf_reset(&u->f[L_NOM]);
	} else if (kind == 1) {
		buf_setlen(&u->f[L_CODE_POSTAL], 4);
	} else {
		buf_addch(&u->f[L_SERVICES], '|');
		buf_addstr(&u->f[L_SERVICES], "Initiation à l'intelligence artificielle");
	}
	return out_row(u->o, u->f, NULL, L_NCOLS, lieux_bad_reasons[kind], e);
}

/* The held-back version due first at record rec, or -1; past the end of
   the file, any of them. */
static int lieu_due(const struct lieux_run *u, unsigned long rec)
{
	int due = -1, i;

	for (i = 0; i < u->npend; i++)
		if (u->pend[i].due <= rec &&
		    (due < 0 || u->pend[i].due < u->pend[due].due))
			due = i;
	if (due < 0 && rec >= u->nrec)
		due = 0;
	return due;
}

/* Writes a new structure, remembered by its department and region; about
   one in 200 also gets another version, held back or written first. */
static int write_new_lieu(struct lieux_run *u, unsigned long rec, struct err *e)
{
	struct ctx *x = u->x;
	struct lieu l, other;
	int com, k;

	if (rec < (unsigned long)u->nfirst) {
		const struct dept *d = &x->g.d[u->first[rec]];

		com = sampler_pick_in(&u->s, &u->r, d->cur_first, d->cur_first + d->cur_n);
	} else {
		com = sampler_pick(&u->s, &u->r);
	}
	if (com < 0)
		return err_set(e, "no commune with a population to place structures in");
	make_lieu(x, &u->r, com, &l);
	k = x->g.c[com].dep;
	intvec_push(&x->g.d[k].lieux, (int)l.num);
	intvec_push(&x->g.r[x->g.d[k].region].lieux, (int)l.num);
	if (u->npend < PEND_MAX && rec + 64 < u->nrec && rec >= (unsigned long)u->nfirst &&
	    rng_chance(&u->r, 0.005)) {
		/* the same id again, with another date_maj, either side */
		other = l;
		other.vseed = rng_next(&u->r);
		other.date = l.date - rng_range(&u->r, 1, 300);
		if (rng_chance(&u->r, 0.5)) {
			u->pend[u->npend].l = l;
			l = other;
		} else {
			u->pend[u->npend].l = other;
		}
		u->pend[u->npend++].due = rec + 1 + rng_below(&u->r, 40);
	}
	render_lieu(x, &l, u->f);
	return out_row(u->o, u->f, NULL, L_NCOLS, NULL, e);
}

static int lieux_gen(struct ctx *x, struct out *o, unsigned long nrec,
		     unsigned long nbad_each, struct err *e)
{
	struct lieux_run *u = gen_xrealloc(NULL, 1, sizeof(*u));
	unsigned long rec, nbad = nbad_each * N_ELEM(lieux_bad_reasons), kbad = 0;
	unsigned long *badpos = NULL;
	int ret = -1, due;

	memset(u, 0, sizeof(*u));
	u->x = x;
	u->o = o;
	u->nrec = nrec;
	out_fields_init(u->f, L_NCOLS);
	rng_seed(&u->r, x->seed, 3);
	sampler_build(&u->s, &x->g, w_lieux);
	badpos = out_bad_positions(&u->r, nrec, nbad);
	lieux_first(u);
	if (out_open(o, e) || out_header(o, lieux_header, NULL, L_NCOLS, e))
		goto out;
	for (rec = 0; rec < nrec || u->npend; rec++) {
		if (!u->s.total) {
			err_set(e, "no commune with a population to place structures in");
			goto out;
		}
		if (kbad < nbad && rec == badpos[kbad]) {
			if (write_bad_lieu(u, kbad++, e))
				goto out;
		} else if ((due = lieu_due(u, rec)) >= 0) {
			render_lieu(x, &u->pend[due].l, u->f);
			if (out_row(o, u->f, NULL, L_NCOLS, NULL, e))
				goto out;
			u->pend[due] = u->pend[--u->npend];
		} else if (write_new_lieu(u, rec, e)) {
			goto out;
		}
	}
	if (out_close(o, e))
		goto out;
	ret = 0;
out:
	free(u->first);
	free(badpos);
	sampler_release(&u->s);
	out_fields_release(u->f, L_NCOLS);
	free(u);
	return ret;
}

int lieux_write(struct ctx *x, unsigned long nrec, struct err *e)
{
	struct out o;
	int ret;

	out_init(&o, x->outdir, ',', "\n", 0, 0, 0, x->verbose);
	buf_addstr(&o.name, "lieux-mediation-numerique.csv");
	ret = lieux_gen(x, &o, nrec, nrec / 1500 ? nrec / 1500 : 1, e);
	out_release(&o);
	return ret;
}
