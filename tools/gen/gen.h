/*
 * pana-gen's shared declarations: the seeded generator, the dates and text
 * formats, the word lists, the geography, the weighted commune sampler and
 * the CSV writer, which the writers of each source kind (rna.c, lieux.c,
 * diagnostics.c, survey.c) build on.
 *
 * Ownership: every struct here owns what it points to and is emptied by its
 * _release function; gen_xrealloc aborts rather than return NULL.
 */
#ifndef PANA_GEN_H
#define PANA_GEN_H

#include <iconv.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "buf.h"
#include "err.h"

#define N_ELEM(a) (sizeof(a) / sizeof((a)[0]))
#define PICK(r, a) ((a)[rng_below((r), N_ELEM(a))])

/* Memory: grows p to n elements of size bytes; aborts when out of memory. */
void *gen_xrealloc(void *p, size_t n, size_t size);

/* ------------------------------------------------------------------ */
/* Random numbers (rng.c): xoshiro256**, one stream per output file. */

struct rng {
	uint64_t s[4];
};

void rng_seed(struct rng *r, uint64_t seed, uint64_t stream);
uint64_t rng_next(struct rng *r);
uint64_t rng_below(struct rng *r, uint64_t n);
long rng_range(struct rng *r, long lo, long hi);
double rng_unit(struct rng *r);
int rng_chance(struct rng *r, double p);
double rng_normal(struct rng *r);
size_t rng_weighted(struct rng *r, const unsigned *w, size_t n);

/* ------------------------------------------------------------------ */
/* Dates as day numbers since 1970-01-01, numbers and French text as the
   files spell them (field.c). Each field_ function appends to the buf it
   is given. */

long field_days_from_civil(long y, unsigned m, unsigned d);
void field_num(struct buf *b, unsigned long v, int width);
void field_date(struct buf *b, long day);
void field_datetime(struct buf *b, long long secs);
void field_coord(struct buf *b, long micro);
void field_upper(struct buf *b, const char *s, int fold);
void field_slug(struct buf *b, const char *s, size_t max);
void field_de(struct buf *b, const char *name);
void field_siret(struct buf *b, struct rng *r, int valid);

/* ------------------------------------------------------------------ */
/* Word lists (words.c). */

struct family {
	const char *code;	/* objet_social family: first 3 digits */
	const char *secteur;	/* label in diagnostics */
	unsigned weight;
	const char *const *titles;
	size_t ntitles;
	const char *const *sent;
	size_t nsent;
};

#define WORDS_NFAMILIES 8
#define WORDS_FAMILY_NONE (WORDS_NFAMILIES - 1)	/* no declared object */
#define WORDS_NSTREETS 30
#define WORDS_NSTREET_TYPES 13
#define WORDS_NCOMPLEMENTS 8
#define WORDS_NTAILLES 4	/* size classes of an association's staff */

struct street_type {
	const char *abbr, *word;
};

#ifndef WORDS_DEFINE
extern const struct family words_families[WORDS_NFAMILIES];
extern const char *const words_streets[WORDS_NSTREETS];
extern const struct street_type words_street_types[WORDS_NSTREET_TYPES];
extern const char *const words_complements[WORDS_NCOMPLEMENTS];
extern const char *const words_tailles[WORDS_NTAILLES];
extern const unsigned words_taille_w[WORDS_NTAILLES];	/* weights */
extern const int words_taille_milli[WORDS_NTAILLES];	/* competence effect */
#endif

/* Template: %C commune, %D "de" + commune with elision, %N a nickname. */
void words_expand(struct buf *b, const char *t, const char *commune,
		  struct rng *r);
void words_objet(struct buf *b, struct rng *t, const struct family *fam,
		 const char *commune);

/* ------------------------------------------------------------------ */
/* Geography (referential.c): the committed communes and departments. */

enum ctype { T_ACTUELLE, T_DELEGUEE, T_ASSOCIEE, T_ARRONDISSEMENT };

struct commune {
	char code[6];
	char parent[6];
	int type;
	int dep;		/* index in geo.d */
	long pop;
	size_t name, postal, old;	/* offsets in geo.pool */
	int npostal;
	/* current communes only: */
	int arr_first, arr_n;	/* municipal arrondissements in geo.al */
	int alt_first, alt_n;	/* delegated, associated and old codes */
};

/* Another code that resolves, unambiguously, to a current commune. */
enum { ALIAS_ARR, ALIAS_ALT };
struct alias {
	char code[6];
	int target;		/* current commune, index in geo.c */
	int kind;
	size_t name, postal;
	int seq;
};

struct intvec {
	int *v;
	size_t n, cap;
};

struct dept {
	char code[4];
	char reg[4];
	size_t name;
	int region;
	long lat, lon, rad;	/* micro-degrees */
	char idprefix[3];	/* first two characters of RNA ids after the W */
	int no_rna;		/* not in the RNA at all (Alsace-Moselle) */
	int no_lieux;		/* deliberate gap: no support structure */
	unsigned long idctr[3];
	size_t cur_first, cur_n;	/* its current communes in geo.cur */
	struct intvec lieux;	/* valid structure numbers */
};

struct region {
	char code[4];
	unsigned lieux_pm, survey_pm;	/* rate multipliers, per mille */
	int diag_milli;			/* competence effect, thousandths */
	struct intvec lieux;
};

struct geo {
	struct commune *c;
	size_t nc, capc;
	struct dept *d;
	int nd, capd;
	struct region r[32];
	int nr;
	struct alias *al;
	size_t nal, capal;
	int *cur;		/* current communes grouped by department */
	size_t ncur;
	struct buf pool;
};

const char *ref_str(const struct geo *g, size_t off);
void ref_postal_nth(const char *list, int k, char out[6]);
void intvec_push(struct intvec *v, int x);
int ref_load(struct geo *g, const char *dir, struct err *e);
void ref_release(struct geo *g);

/* Weighted choice of current communes (integer weights: exact). */
struct sampler {
	uint64_t *cum;		/* cumulative weight, one per geo.cur entry */
	uint64_t total;
	const struct geo *g;
};

void sampler_build(struct sampler *s, const struct geo *g,
		   uint64_t (*weight)(const struct geo *, const struct commune *));
void sampler_release(struct sampler *s);
int sampler_pick_in(const struct sampler *s, struct rng *r, size_t from,
		    size_t to);
int sampler_pick(const struct sampler *s, struct rng *r);

/* ------------------------------------------------------------------ */
/* Output files (out.c): NAME.tmp, quoted fields, optional Windows-1252,
   renamed once complete. */

struct out {
	const char *dir;
	struct buf name, path, tmp;
	FILE *f;
	char *vbuf;
	char delim;
	const char *eol;
	int quote_all;
	const char *quote_if;	/* bytes that force quotes otherwise */
	int bom;
	int cp1252;
	iconv_t cd;
	struct buf rec, conv;
	int nfield;
	unsigned long line;	/* physical line where the next record starts */
	unsigned long rows, bad;
	int verbose;
};

void out_init(struct out *o, const char *dir, char delim, const char *eol,
	      int quote_all, int bom, int cp1252, int verbose);
int out_open(struct out *o, struct err *e);
int out_header(struct out *o, const char *const *names, const int *order,
	       int n, struct err *e);
int out_row(struct out *o, const struct buf *f, const int *order, int n,
	    const char *bad, struct err *e);
int out_close(struct out *o, struct err *e);
void out_release(struct out *o);
void out_fields_init(struct buf *f, int n);
void out_fields_release(struct buf *f, int n);
void out_fields_reset(struct buf *f, int n);
unsigned long *out_bad_positions(struct rng *r, unsigned long nrec,
				 unsigned long nbad);

/* ------------------------------------------------------------------ */
/* Generation context, shared by the writers of each source kind. */

struct active {
	char id[11];
	char cp[6];
	int com;
	unsigned char fam;
};

struct ctx {
	struct geo g;
	int year;
	long cutoff;		/* last day of data: year-10-31 */
	uint64_t seed;
	int verbose;
	const char *outdir;
	struct active *act;
	size_t nact, capact;
	unsigned long nlieux;	/* structure numbers used */
};

/* Which code a record gives its commune: these, or an index in geo.al. */
enum { CODE_OWN = -1, CODE_ZERO = -2, CODE_EMPTY = -3 };
#define PEND_MAX 64	/* records held back to be written later */

/*
 * The writers of each source kind: each writes its files into x->outdir
 * (nrec rows, the Guadeloupe RNA file a hundredth of them), prints one
 * summary line per file on stdout, and returns 0, or -1 with e set.
 */
int rna_write(struct ctx *x, unsigned long nrec, struct err *e);
int lieux_write(struct ctx *x, unsigned long nrec, struct err *e);
int diag_write(struct ctx *x, unsigned long nrec, struct err *e);
int responses_write(struct ctx *x, unsigned long nrec, struct err *e);

#endif
