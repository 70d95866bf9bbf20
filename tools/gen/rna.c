/* RNA extracts: the national file and the Guadeloupe one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"

static const char *const first_names_m[] = {
	"Jean", "Pierre", "Michel", "Philippe", "Alain", "Éric", "Jérôme",
	"Loïc", "Noël", "François", "Benoît",
};
static const char *const first_names_f[] = {
	"Marie", "Nathalie", "Isabelle", "Sylvie", "Catherine", "Françoise",
	"Hélène", "Céline", "Gaëlle", "Agnès", "Maëlle",
};
static const char *const last_names[] = {
	"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit",
	"Durand", "Leroy", "Moreau", "Simon", "Laurent", "Lefèvre", "Michel",
	"Garcia", "Roux", "Fournier", "Girard", "Bonnet", "Lemaître",
};

static uint64_t w_rna_main(const struct geo *g, const struct commune *c)
{
	const struct dept *d = &g->d[c->dep];

	/* Guadeloupe has its own file; Mayotte is absent from this extract. */
	if (d->no_rna || !strcmp(d->code, "971") || !strcmp(d->code, "976"))
		return 0;
	return (uint64_t)c->pop;
}

static uint64_t w_rna_971(const struct geo *g, const struct commune *c)
{
	return strcmp(g->d[c->dep].code, "971") ? 0 : (uint64_t)c->pop;
}

enum {
	R_ID, R_ID_EX, R_SIRET, R_RUP_MI, R_GESTION, R_DATE_CREAT, R_DATE_DECLA,
	R_DATE_PUBLI, R_DATE_DISSO, R_NATURE, R_GROUPEMENT, R_TITRE,
	R_TITRE_COURT, R_OBJET, R_OBJET_SOCIAL1, R_OBJET_SOCIAL2,
	R_ADRS_COMPLEMENT, R_ADRS_NUMVOIE, R_ADRS_REPETITION, R_ADRS_TYPEVOIE,
	R_ADRS_LIBVOIE, R_ADRS_DISTRIB, R_ADRS_CODEINSEE, R_ADRS_CODEPOSTAL,
	R_ADRS_LIBCOMMUNE, R_ADRG_DECLARANT, R_ADRG_COMPLEMID,
	R_ADRG_COMPLEMGEO, R_ADRG_LIBVOIE, R_ADRG_DISTRIB, R_ADRG_CODEPOSTAL,
	R_ADRG_ACHEMINE, R_ADRG_PAYS, R_DIR_CIVILITE, R_SITEWEB, R_PUBLIWEB,
	R_OBSERVATION, R_POSITION, R_MAJ_TIME, R_NCOLS
};

static const char *const rna_header[R_NCOLS] = {
	"id", "id_ex", "siret", "rup_mi", "gestion", "date_creat", "date_decla",
	"date_publi", "date_disso", "nature", "groupement", "titre",
	"titre_court", "objet", "objet_social1", "objet_social2",
	"adrs_complement", "adrs_numvoie", "adrs_repetition", "adrs_typevoie",
	"adrs_libvoie", "adrs_distrib", "adrs_codeinsee", "adrs_codepostal",
	"adrs_libcommune", "adrg_declarant", "adrg_complemid",
	"adrg_complemgeo", "adrg_libvoie", "adrg_distrib", "adrg_codepostal",
	"adrg_achemine", "adrg_pays", "dir_civilite", "siteweb", "publiweb",
	"observation", "position", "maj_time",
};

/* The Guadeloupe file: same columns, another order (titre first...). */
static const int rna_order_971[R_NCOLS] = {
	R_TITRE, R_ID, R_ID_EX, R_SIRET, R_RUP_MI, R_GESTION, R_DATE_CREAT,
	R_DATE_DECLA, R_DATE_PUBLI, R_DATE_DISSO, R_NATURE, R_GROUPEMENT,
	R_TITRE_COURT, R_OBJET, R_OBJET_SOCIAL1, R_OBJET_SOCIAL2,
	R_ADRS_COMPLEMENT, R_ADRS_NUMVOIE, R_ADRS_REPETITION, R_ADRS_TYPEVOIE,
	R_ADRS_LIBVOIE, R_ADRS_DISTRIB, R_ADRS_CODEPOSTAL, R_ADRS_CODEINSEE,
	R_ADRS_LIBCOMMUNE, R_ADRG_DECLARANT, R_ADRG_COMPLEMID,
	R_ADRG_COMPLEMGEO, R_ADRG_LIBVOIE, R_ADRG_DISTRIB, R_ADRG_CODEPOSTAL,
	R_ADRG_ACHEMINE, R_ADRG_PAYS, R_DIR_CIVILITE, R_SITEWEB, R_PUBLIWEB,
	R_OBSERVATION, R_MAJ_TIME, R_POSITION,
};

#define DAY_EMPTY (-1000000L)	/* written as "" */
#define DAY_UNKNOWN (-999999L)	/* written as 0001-01-01 */

struct assoc {
	char id[11];
	int com;		/* current commune of the head office */
	int text_com;		/* commune named in the title */
	int alias;		/* CODE_* or index in geo.al */
	int pc;			/* which of its postal codes */
	int fam;
	char pos;
	long creat, decla, publi, disso;
	long long maj;
	uint64_t seed;		/* texts */
};

static int new_rna_id(struct ctx *x, struct rng *r, int dep, char id[11],
		      struct err *e)
{
	struct dept *d = &x->g.d[dep];
	int sub = (int)rng_below(r, 3);
	unsigned long n;

	if (!d->idctr[sub])	/* numbering starts somewhere in the first fifth */
		d->idctr[sub] = 1 + rng_below(r, 200000);
	d->idctr[sub] += 1 + rng_below(r, 3);
	n = d->idctr[sub];
	if (n > 999999)
		return err_set(e, "department '%s': RNA id numbers exhausted", d->code);
	id[0] = 'W';
	id[1] = d->idprefix[0];
	id[2] = d->idprefix[1];
	id[3] = (char)('1' + sub);
	for (sub = 9; sub >= 4; sub--) {
		id[sub] = (char)('0' + n % 10);
		n /= 10;
	}
	id[10] = '\0';
	return 0;
}

static long pick_creation_day(struct ctx *x, struct rng *r)
{
	double u = rng_unit(r);
	long lo, hi = x->cutoff;

	if (u < 0.12) {
		lo = field_days_from_civil(1901, 7, 1);
		hi = field_days_from_civil(1969, 12, 31);
	} else if (u < 0.35) {
		lo = field_days_from_civil(1970, 1, 1);
		hi = field_days_from_civil(1999, 12, 31);
	} else {
		lo = field_days_from_civil(2000, 1, 1);
	}
	return rng_range(r, lo, hi);
}

static int make_assoc(struct ctx *x, struct rng *r, const struct sampler *s,
		      struct assoc *a, struct err *e)
{
	const struct commune *c;
	unsigned w[N_ELEM(words_families)];
	size_t i;
	double u;
	long lo;

	memset(a, 0, sizeof(*a));
	a->com = a->text_com = sampler_pick(s, r);
	if (a->com < 0)
		return err_set(e, "no commune with a population to place associations in");
	c = &x->g.c[a->com];
	if (new_rna_id(x, r, c->dep, a->id, e))
		return -1;
	a->alias = CODE_OWN;
	if (c->arr_n && rng_chance(r, 0.02))
		a->alias = c->arr_first + (int)rng_below(r, (uint64_t)c->arr_n);
	else if (c->alt_n && rng_chance(r, 0.04))
		a->alias = c->alt_first + (int)rng_below(r, (uint64_t)c->alt_n);
	else if (rng_chance(r, 0.001))
		a->alias = rng_chance(r, 0.5) ? CODE_ZERO : CODE_EMPTY;
	a->pc = (int)rng_below(r, 64);
	for (i = 0; i < N_ELEM(words_families); i++)
		w[i] = words_families[i].weight;
	a->fam = (int)rng_weighted(r, w, N_ELEM(w));

	u = rng_unit(r);
	a->pos = u < 0.80 ? 'A' : u < 0.95 ? 'D' : 'S';
	a->creat = pick_creation_day(x, r);
	a->decla = rng_chance(r, 0.5) ? a->creat : rng_range(r, a->creat, x->cutoff);
	a->publi = rng_chance(r, 0.02) ? DAY_UNKNOWN :
		   a->creat + rng_range(r, 7, 45);
	if (a->publi != DAY_UNKNOWN && a->publi > x->cutoff)
		a->publi = x->cutoff;
	if (a->pos == 'D')
		a->disso = rng_range(r, a->decla + 1, x->cutoff);
	else if (a->pos == 'A' && rng_chance(r, 0.003))
		a->disso = rng_range(r, a->decla, x->cutoff);	/* inconsistent: not active */
	else
		a->disso = rng_chance(r, 0.5) ? DAY_UNKNOWN : DAY_EMPTY;
	if (a->disso > x->cutoff)
		a->disso = x->cutoff;
	lo = a->decla;
	if (lo < field_days_from_civil(2009, 1, 1))
		lo = field_days_from_civil(2009, 1, 1);
	if (a->pos == 'D' && a->disso > lo)
		lo = a->disso;
	if (lo > x->cutoff)
		lo = x->cutoff;
	a->maj = (long long)rng_range(r, lo, x->cutoff) * 86400 + rng_range(r, 0, 86399);
	a->seed = rng_next(r);
	return 0;
}

/* An older version of a: earlier maj_time, maybe another position or commune. */
static void make_old_version(struct rng *r, const struct sampler *s,
			     const struct assoc *a, struct assoc *o)
{
	long long back = 86400LL * rng_range(r, 1, 3 * 365);

	*o = *a;
	o->maj = a->maj - back - rng_range(r, 1, 3600);
	if (a->pos == 'D' || a->pos == 'S' || rng_chance(r, 0.7)) {
		o->pos = 'A';
		o->disso = rng_chance(r, 0.5) ? DAY_UNKNOWN : DAY_EMPTY;
	} else {
		o->pos = 'D';
		o->disso = (long)(o->maj / 86400) - rng_range(r, 0, 30);
		if (o->disso < a->creat)
			o->disso = a->creat;
	}
	if (rng_chance(r, 0.2)) {
		int moved = sampler_pick(s, r);

		if (moved >= 0) {
			o->com = moved;
			o->alias = CODE_OWN;
		}
	}
}

static void add_day_field(struct buf *b, long day)
{
	if (day == DAY_UNKNOWN)
		buf_addstr(b, "0001-01-01");
	else if (day != DAY_EMPTY)
		field_date(b, day);
}

static void add_person(struct buf *b, struct rng *t)
{
	if (rng_chance(t, 0.5)) {
		buf_addstr(b, "M. ");
		buf_addstr(b, PICK(t, first_names_m));
	} else {
		buf_addstr(b, "Mme ");
		buf_addstr(b, PICK(t, first_names_f));
	}
	buf_addch(b, ' ');
	field_upper(b, PICK(t, last_names), 0);
}

/* Acronym of the longer words of a title: "Association sportive de Saint-Étienne" -> "ASSE". */
static void add_acronym(struct buf *b, const char *title)
{
	struct buf word = BUF_INIT;
	const char *p = title;

	while (*p) {
		size_t k = strcspn(p, " -'");

		if (k >= 4) {
			buf_reset(&word);
			field_upper(&word, p, 1);
			if ((word.data[0] >= 'A' && word.data[0] <= 'Z') ||
			    (word.data[0] >= '0' && word.data[0] <= '9'))
				buf_addch(b, word.data[0]);
		}
		p += k;
		if (*p)
			p++;
	}
	buf_release(&word);
}

/* id, id_ex, siret, rup_mi, gestion, the dates, nature and groupement. */
static void render_ids(const struct assoc *a, struct buf *f, struct rng *t)
{
	size_t k;

	buf_addstr(&f[R_ID], a->id);
	if (rng_chance(t, 0.35)) {
		buf_add(&f[R_ID_EX], a->id + 1, 3);
		buf_addch(&f[R_ID_EX], 'P');
		field_num(&f[R_ID_EX], (unsigned long)rng_below(t, 100000000), 8);
	}
	if (rng_chance(t, 0.04))
		field_siret(&f[R_SIRET], t, 1);
	if (rng_chance(t, 0.003))
		buf_addstr(&f[R_RUP_MI], "RUP");
	buf_add(&f[R_GESTION], a->id + 1, 3);
	buf_addch(&f[R_GESTION], a->id[3] == '1' ? 'P' : 'S');
	field_date(&f[R_DATE_CREAT], a->creat);
	field_date(&f[R_DATE_DECLA], a->decla);
	add_day_field(&f[R_DATE_PUBLI], a->publi);
	add_day_field(&f[R_DATE_DISSO], a->disso);
	buf_addstr(&f[R_NATURE], rng_chance(t, 0.99) ? "D" : "R");
	k = rng_below(t, 100);
	buf_addstr(&f[R_GROUPEMENT], k < 95 ? "S" : k < 98 ? "U" : "F");
}

/* titre, titre_court, objet and the objet_social codes. */
static void render_texts(const struct ctx *x, const struct assoc *a,
			 struct buf *f, struct rng *t)
{
	const struct geo *g = &x->g;
	const struct family *fam = &words_families[a->fam];
	const char *tname = ref_str(g, g->c[a->text_com].name);

	words_expand(&f[R_TITRE], fam->titles[rng_below(t, fam->ntitles)], tname, t);
	if (rng_chance(t, 0.15))
		add_acronym(&f[R_TITRE_COURT], f[R_TITRE].data);
	words_objet(&f[R_OBJET], t, fam, tname);
	if (a->fam == (int)WORDS_FAMILY_NONE) {
		buf_addstr(&f[R_OBJET_SOCIAL1], "000000");
	} else {
		buf_addstr(&f[R_OBJET_SOCIAL1], fam->code);
		field_num(&f[R_OBJET_SOCIAL1], (unsigned long)rng_below(t, 20) * 5, 3);
		if (rng_chance(t, 0.4)) {
			buf_addstr(&f[R_OBJET_SOCIAL2], PICK(t, words_families).code);
			field_num(&f[R_OBJET_SOCIAL2], (unsigned long)rng_below(t, 20) * 5, 3);
		}
	}
}

/* adrs_libcommune: upper case, or "ST ETIENNE DU ROUVRAY" as often typed. */
static void add_libcommune(struct buf *b, const char *wname, struct rng *t)
{
	struct buf tmp = BUF_INIT;
	size_t k;

	if (rng_chance(t, 0.7)) {
		field_upper(b, wname, rng_chance(t, 0.4));
		return;
	}
	field_upper(&tmp, wname, 1);
	for (k = 0; k < tmp.len; k++)
		if (tmp.data[k] == '-' || tmp.data[k] == '\'')
			tmp.data[k] = ' ';
	if (!strncmp(tmp.data, "SAINT ", 6)) {
		buf_addstr(b, "ST ");
		buf_addstr(b, tmp.data + 6);
	} else {
		buf_addstr(b, tmp.data);
	}
	buf_release(&tmp);
}

/* The commune of the head office as written: its code (or an alias, a
   zero, nothing), its postal code cp and its name *wname. */
static void render_commune(const struct ctx *x, const struct assoc *a,
			   struct buf *f, struct rng *t, char cp[6],
			   const char **wname)
{
	const struct geo *g = &x->g;
	const struct commune *c = &g->c[a->com];
	const char *postal = ref_str(g, c->postal);
	int npostal = c->npostal;
	char code[6];
	size_t k;

	if (a->alias >= 0) {
		const struct alias *al = &g->al[a->alias];

		memcpy(code, al->code, 6);
		postal = ref_str(g, al->postal);
		npostal = 1;
		for (k = 0; postal[k]; k++)
			npostal += postal[k] == '|';
		if (al->kind == ALIAS_ALT || rng_chance(t, 0.5))
			*wname = ref_str(g, al->name);
	} else {
		memcpy(code, c->code, 6);
	}
	ref_postal_nth(postal, a->pc % npostal, cp);
	if (a->alias == CODE_ZERO) {
		buf_addstr(&f[R_ADRS_CODEINSEE], "0");
		buf_addstr(&f[R_ADRS_CODEPOSTAL], "00000");
	} else if (a->alias == CODE_EMPTY) {
		/* neither code: the commune is only named */
	} else {
		buf_addstr(&f[R_ADRS_CODEINSEE], code);
		buf_addstr(&f[R_ADRS_CODEPOSTAL], cp);
	}
	add_libcommune(&f[R_ADRS_LIBCOMMUNE], *wname, t);
}

/* The head office (adrs_*); leaves its postal code in cp, its commune's
   name in *wname. */
static void render_head_office(const struct ctx *x, const struct assoc *a,
			       struct buf *f, struct rng *t, char cp[6],
			       const char **wname)
{
	size_t k;

	if (rng_chance(t, 0.15))
		buf_addstr(&f[R_ADRS_COMPLEMENT], PICK(t, words_complements));
	if (rng_chance(t, 0.8))
		field_num(&f[R_ADRS_NUMVOIE], (unsigned long)rng_range(t, 1, 150), 1);
	if (rng_chance(t, 0.04))
		buf_addstr(&f[R_ADRS_REPETITION], rng_chance(t, 0.7) ? "B" : "T");
	k = rng_below(t, N_ELEM(words_street_types));
	buf_addstr(&f[R_ADRS_TYPEVOIE], words_street_types[k].abbr);
	if (rng_chance(t, 0.5))
		field_upper(&f[R_ADRS_LIBVOIE], PICK(t, words_streets), rng_chance(t, 0.5));
	else
		buf_addstr(&f[R_ADRS_LIBVOIE], PICK(t, words_streets));
	if (rng_chance(t, 0.03)) {
		buf_addstr(&f[R_ADRS_DISTRIB], "BP ");
		field_num(&f[R_ADRS_DISTRIB], (unsigned long)rng_range(t, 1, 399), 1);
	}
	render_commune(x, a, f, t, cp, wname);
}

/* The management address (adrg_*) and the last columns. */
static void render_management(const struct assoc *a, struct buf *f,
			      struct rng *t, const char *cp, const char *wname)
{
	size_t k;

	if (rng_chance(t, 0.4))
		add_person(&f[R_ADRG_DECLARANT], t);
	if (rng_chance(t, 0.1))
		buf_addstr(&f[R_ADRG_COMPLEMID], PICK(t, words_complements));
	if (rng_chance(t, 0.05))
		buf_addstr(&f[R_ADRG_COMPLEMGEO], "Lieu-dit Les Granges");
	field_num(&f[R_ADRG_LIBVOIE], (unsigned long)rng_range(t, 1, 90), 1);
	buf_addch(&f[R_ADRG_LIBVOIE], ' ');
	buf_addstr(&f[R_ADRG_LIBVOIE], words_street_types[rng_below(t, N_ELEM(words_street_types))].word);
	buf_addch(&f[R_ADRG_LIBVOIE], ' ');
	buf_addstr(&f[R_ADRG_LIBVOIE], PICK(t, words_streets));
	if (a->alias != CODE_ZERO && a->alias != CODE_EMPTY)
		buf_addstr(&f[R_ADRG_CODEPOSTAL], cp);
	field_upper(&f[R_ADRG_ACHEMINE], wname, 1);
	if (rng_chance(t, 0.9))
		buf_addstr(&f[R_ADRG_PAYS], "FRANCE");
	k = rng_below(t, 10);
	buf_addstr(&f[R_DIR_CIVILITE], k < 5 ? "M" : k < 9 ? "MME" : "");
	if (rng_chance(t, 0.1)) {
		buf_addstr(&f[R_SITEWEB], rng_chance(t, 0.5) ? "www." : "https://www.");
		field_slug(&f[R_SITEWEB], f[R_TITRE].data, 24);
		buf_addstr(&f[R_SITEWEB], rng_chance(t, 0.7) ? ".fr" : ".org");
	}
	buf_addstr(&f[R_PUBLIWEB], rng_chance(t, 0.8) ? "0" : "1");
	if (rng_chance(t, 0.02))
		buf_addstr(&f[R_OBSERVATION], "Transfert de siège ; ancienne adresse conservée par la préfecture");
	buf_addch(&f[R_POSITION], a->pos);
	field_datetime(&f[R_MAJ_TIME], a->maj);
}

/* One record's fields, all drawn from its own stream a->seed. */
static void render_assoc(const struct ctx *x, const struct assoc *a,
			 struct buf *f)
{
	const char *wname = ref_str(&x->g, x->g.c[a->com].name);
	char cp[6];
	struct rng t;

	rng_seed(&t, a->seed, 0);
	out_fields_reset(f, R_NCOLS);
	render_ids(a, f, &t);
	render_texts(x, a, f, &t);
	render_head_office(x, a, f, &t, cp, &wname);
	render_management(a, f, &t, cp, wname);
}

static void remember_active(struct ctx *x, const struct assoc *a)
{
	const struct commune *c = &x->g.c[a->com];
	const char *postal = ref_str(&x->g, c->postal);
	int npostal = c->npostal;
	struct active *v;
	size_t k;

	if (a->pos != 'A' || (a->disso != DAY_EMPTY && a->disso != DAY_UNKNOWN) ||
	    a->alias == CODE_ZERO || a->alias == CODE_EMPTY)
		return;
	if (x->nact == x->capact) {
		x->capact = x->capact ? x->capact * 2 : 65536;
		x->act = gen_xrealloc(x->act, x->capact, sizeof(*x->act));
	}
	v = &x->act[x->nact++];
	memcpy(v->id, a->id, 11);
	if (a->alias >= 0) {
		postal = ref_str(&x->g, x->g.al[a->alias].postal);
		npostal = 1;
		for (k = 0; postal[k]; k++)
			npostal += postal[k] == '|';
	}
	ref_postal_nth(postal, a->pc % npostal, v->cp);
	v->com = a->com;
	v->fam = (unsigned char)a->fam;
}

struct pend_assoc {
	struct assoc a;
	unsigned long due;
};

static const char *const rna_bad_reasons[] = {
	"too few fields (25 of 39)",
	"too many fields (40 of 39)",
	"id does not match ^W[A-Za-z0-9]{9}$",
	"date_creat '2019-13-45' is not a date",
	"position 'X' is not one of A, D, S, R",
};

/* One extract being written. */
struct rna_run {
	struct ctx *x;
	struct out *o;
	const struct sampler *s;
	const int *order;	/* column order, NULL for the canonical one */
	unsigned long nrec;
	struct rng r;
	struct buf f[R_NCOLS + 1];
	struct pend_assoc pend[PEND_MAX];	/* versions held back */
	int npend;
};

/* Writes a new association with the deliberate defect number kbad. */
static int write_bad_assoc(struct rna_run *u, unsigned long kbad, struct err *e)
{
	int kind = (int)(kbad % N_ELEM(rna_bad_reasons));
	int n = R_NCOLS;
	struct buf *f = u->f;
	struct assoc a;
	char reason[128];

	if (make_assoc(u->x, &u->r, u->s, &a, e))
		return -1;
	render_assoc(u->x, &a, f);
	snprintf(reason, sizeof(reason), "%s", rna_bad_reasons[kind]);
	switch (kind) {
	case 0:
		n = 25;
		break;
	case 1:
		buf_reset(&f[R_NCOLS]);
		buf_addstr(&f[R_NCOLS], "champ en trop");
		n = R_NCOLS + 1;
		break;
	case 2:
		buf_reset(&f[R_ID]);
		if (kbad % 2)
			buf_add(&f[R_ID], a.id, 8);
		else {
			buf_add(&f[R_ID], a.id, 4);
			buf_addch(&f[R_ID], '-');
			buf_addstr(&f[R_ID], a.id + 5);
		}
		snprintf(reason, sizeof(reason),
			 "id '%s' does not match ^W[A-Za-z0-9]{9}$",
			 f[R_ID].data);
		break;
	case 3:
		buf_reset(&f[R_DATE_CREAT]);
		buf_addstr(&f[R_DATE_CREAT], "2019-13-45");
		break;
	default:
		buf_reset(&f[R_POSITION]);
		buf_addch(&f[R_POSITION], 'X');
		break;
	}
	/* defects are written in the canonical column order only */
	return out_row(u->o, f, NULL, n, reason, e);
}

/* The held-back version due first at record rec, or -1; past the end of
   the file, any of them. */
static int pend_due(const struct rna_run *u, unsigned long rec)
{
	int due = -1, i;

	for (i = 0; i < u->npend; i++)
		if (u->pend[i].due <= rec &&
		    (due < 0 || u->pend[i].due < u->pend[due].due))
			due = i;
	if (due < 0 && rec >= u->nrec)
		due = 0;	/* past the end: flush what is left */
	return due;
}

/* Writes a new association; about one in 200 also gets an older version,
   held back to be written a few rows later or written first. */
static int write_new_assoc(struct rna_run *u, unsigned long rec, struct err *e)
{
	struct assoc a, old;

	if (make_assoc(u->x, &u->r, u->s, &a, e))
		return -1;
	remember_active(u->x, &a);
	if (u->npend < PEND_MAX && rec + 64 < u->nrec && rng_chance(&u->r, 0.005)) {
		make_old_version(&u->r, u->s, &a, &old);
		/* half the time the older version comes later in the file */
		if (rng_chance(&u->r, 0.5)) {
			u->pend[u->npend].a = a;
			a = old;
		} else {
			u->pend[u->npend].a = old;
		}
		u->pend[u->npend++].due = rec + 1 + rng_below(&u->r, 40);
	}
	render_assoc(u->x, &a, u->f);
	return out_row(u->o, u->f, u->order, R_NCOLS, NULL, e);
}

/*
 * One RNA extract of nrec records: new associations, ~0.5% of ids twice
 * (older and newer version, in either order, a few rows apart), and
 * nbad_each deliberate defects of each kind.
 */
static int rna_gen(struct ctx *x, struct out *o, const struct sampler *s,
		   uint64_t stream, unsigned long nrec, unsigned long nbad_each,
		   const int *order, struct err *e)
{
	struct rna_run *u = gen_xrealloc(NULL, 1, sizeof(*u));
	unsigned long rec, nbad = nbad_each * N_ELEM(rna_bad_reasons), kbad = 0;
	unsigned long *badpos;
	int ret = -1, due;

	u->x = x;
	u->o = o;
	u->s = s;
	u->order = order;
	u->nrec = nrec;
	u->npend = 0;
	out_fields_init(u->f, R_NCOLS + 1);
	rng_seed(&u->r, x->seed, stream);
	badpos = out_bad_positions(&u->r, nrec, nbad);
	if (out_open(o, e) || out_header(o, rna_header, order, R_NCOLS, e))
		goto out;
	for (rec = 0; rec < nrec || u->npend; rec++) {
		if (kbad < nbad && rec == badpos[kbad]) {
			if (write_bad_assoc(u, kbad++, e))
				goto out;
		} else if ((due = pend_due(u, rec)) >= 0) {
			render_assoc(x, &u->pend[due].a, u->f);
			if (out_row(o, u->f, order, R_NCOLS, NULL, e))
				goto out;
			u->pend[due] = u->pend[--u->npend];
		} else if (write_new_assoc(u, rec, e)) {
			goto out;
		}
	}
	if (out_close(o, e))
		goto out;
	ret = 0;
out:
	free(badpos);
	out_fields_release(u->f, R_NCOLS + 1);
	free(u);
	return ret;
}

int rna_write(struct ctx *x, unsigned long nrec, struct err *e)
{
	struct sampler s;
	struct out o;
	int ret = -1;

	s.cum = NULL;
	out_init(&o, x->outdir, ';', "\r\n", 1, 1, 0, x->verbose);
	buf_addf(&o.name, "rna_waldec_%04d1101.csv", x->year);
	sampler_build(&s, &x->g, w_rna_main);
	if (rna_gen(x, &o, &s, 1, nrec, nrec / 20000, NULL, e))
		goto out;
	sampler_release(&s);
	out_release(&o);

	out_init(&o, x->outdir, ';', "\n", 0, 0, 1, x->verbose);
	buf_addf(&o.name, "rna_waldec_%04d1101_dpt_971.csv", x->year);
	sampler_build(&s, &x->g, w_rna_971);
	if (rna_gen(x, &o, &s, 2, nrec / 100, 0, rna_order_971, e))
		goto out;
	ret = 0;
out:
	sampler_release(&s);
	out_release(&o);
	return ret;
}
