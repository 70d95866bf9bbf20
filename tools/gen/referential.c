/* The geography referential: departments, communes, their aliases, and
   the weighted choice of current communes. */
#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"

const char *ref_str(const struct geo *g, size_t off)
{
	return g->pool.data + off;
}

static size_t pool_add(struct geo *g, const char *s, size_t len)
{
	size_t off = g->pool.len;

	buf_add(&g->pool, s, len);
	buf_addch(&g->pool, '\0');
	return off;
}

void intvec_push(struct intvec *v, int x)
{
	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 16;
		int *p = realloc(v->v, cap * sizeof(*p));

		if (!p) {
			fprintf(stderr, "pana-gen: out of memory\n");
			abort();
		}
		v->v = p;
		v->cap = cap;
	}
	v->v[v->n++] = x;
}

/* Rough department centres (hundredths of a degree) and spread. */
static const struct {
	const char *code;
	int lat, lon, rad;
} centres[] = {
	{ "01", 4610, 535, 30 }, { "02", 4956, 356, 30 }, { "03", 4639, 319, 30 },
	{ "04", 4410, 624, 30 }, { "05", 4466, 626, 30 }, { "06", 4394, 712, 25 },
	{ "07", 4475, 442, 30 }, { "08", 4962, 463, 30 }, { "09", 4292, 150, 25 },
	{ "10", 4830, 416, 30 }, { "11", 4310, 241, 30 }, { "12", 4428, 268, 35 },
	{ "13", 4354, 509, 25 }, { "14", 4910, -36, 25 }, { "15", 4505, 267, 25 },
	{ "16", 4572, 20, 25 }, { "17", 4578, -67, 30 }, { "18", 4706, 249, 30 },
	{ "19", 4536, 188, 25 }, { "21", 4742, 477, 35 }, { "22", 4844, -286, 30 },
	{ "23", 4609, 202, 25 }, { "24", 4510, 74, 35 }, { "25", 4716, 636, 30 },
	{ "26", 4468, 517, 30 }, { "27", 4911, 103, 30 }, { "28", 4839, 137, 30 },
	{ "29", 4826, -406, 30 }, { "2A", 4186, 899, 25 }, { "2B", 4239, 921, 25 },
	{ "30", 4399, 418, 30 }, { "31", 4336, 117, 35 }, { "32", 4369, 45, 30 },
	{ "33", 4483, -58, 40 }, { "34", 4358, 337, 30 }, { "35", 4815, -164, 30 },
	{ "36", 4678, 158, 30 }, { "37", 4726, 69, 30 }, { "38", 4526, 558, 35 },
	{ "39", 4673, 570, 30 }, { "40", 4397, -78, 35 }, { "41", 4762, 143, 30 },
	{ "42", 4573, 417, 30 }, { "43", 4513, 381, 25 }, { "44", 4736, -168, 30 },
	{ "45", 4791, 234, 30 }, { "46", 4462, 160, 25 }, { "47", 4437, 46, 30 },
	{ "48", 4452, 350, 25 }, { "49", 4739, -56, 30 }, { "50", 4908, -133, 30 },
	{ "51", 4895, 424, 35 }, { "52", 4811, 523, 30 }, { "53", 4815, -66, 25 },
	{ "54", 4879, 616, 30 }, { "55", 4899, 538, 30 }, { "56", 4785, -281, 30 },
	{ "57", 4904, 666, 30 }, { "58", 4712, 350, 30 }, { "59", 5045, 322, 30 },
	{ "60", 4941, 243, 30 }, { "61", 4858, 13, 30 }, { "62", 5049, 229, 30 },
	{ "63", 4573, 314, 30 }, { "64", 4326, -76, 35 }, { "65", 4305, 16, 25 },
	{ "66", 4260, 252, 25 }, { "67", 4867, 755, 25 }, { "68", 4786, 727, 20 },
	{ "69", 4588, 464, 20 }, { "70", 4764, 609, 30 }, { "71", 4664, 454, 35 },
	{ "72", 4799, 22, 30 }, { "73", 4548, 644, 30 }, { "74", 4603, 643, 25 },
	{ "75", 4886, 234, 3 }, { "76", 4966, 103, 30 }, { "77", 4863, 293, 30 },
	{ "78", 4882, 184, 20 }, { "79", 4656, -32, 30 }, { "80", 4996, 228, 30 },
	{ "81", 4379, 217, 30 }, { "82", 4408, 128, 25 }, { "83", 4346, 622, 30 },
	{ "84", 4401, 518, 20 }, { "85", 4667, -130, 30 }, { "86", 4656, 46, 30 },
	{ "87", 4589, 124, 25 }, { "88", 4820, 638, 30 }, { "89", 4784, 356, 30 },
	{ "90", 4763, 693, 8 }, { "91", 4852, 224, 12 }, { "92", 4885, 225, 4 },
	{ "93", 4891, 248, 4 }, { "94", 4878, 247, 4 }, { "95", 4908, 213, 12 },
	{ "971", 1620, -6155, 10 }, { "972", 1465, -6102, 8 },
	{ "973", 393, -5313, 40 }, { "974", -2113, 5553, 12 },
	{ "976", -1283, 4514, 6 },
};

/* Support-structure rate, survey response rate, competence effect. */
static const struct {
	const char *code;
	unsigned lieux_pm, survey_pm;
	int diag_milli;
} region_params[] = {
	{ "01", 1500, 400, -400 }, { "02", 800, 400, -300 },
	{ "03", 400, 400, -600 }, { "04", 2000, 500, -200 },
	{ "06", 600, 300, -600 }, { "11", 700, 2000, 500 },
	{ "24", 400, 700, -500 }, { "27", 500, 700, -300 },
	{ "28", 1000, 800, -100 }, { "32", 1200, 500, -400 },
	{ "44", 500, 600, -200 }, { "52", 1400, 1400, 200 },
	{ "53", 2000, 1800, 400 }, { "75", 1000, 1000, 0 },
	{ "76", 1600, 1000, 100 }, { "84", 900, 1600, 300 },
	{ "93", 600, 900, -100 }, { "94", 400, 300, -600 },
};

static const char *const no_rna_depts[] = { "57", "67", "68" };
static const char *const no_lieux_depts[] = { "23", "48", "2B", "36", "55", "973" };

static int in_list(const char *code, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(code, list[i]))
			return 1;
	return 0;
}

/* Open-addressing map from a commune code to an int. */
struct cm_slot {
	char code[6];
	int val;
};
struct codemap {
	struct cm_slot *slot;
	size_t cap, n;
};

static size_t cm_hash(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static void cm_init(struct codemap *m, size_t expect)
{
	size_t cap = 64;

	while (cap < expect * 2)
		cap *= 2;
	m->slot = gen_xrealloc(NULL, cap, sizeof(*m->slot));
	memset(m->slot, 0, cap * sizeof(*m->slot));
	m->cap = cap;
	m->n = 0;
}

static void cm_release(struct codemap *m)
{
	free(m->slot);
	m->slot = NULL;
	m->cap = m->n = 0;
}

/* The value slot for code; created with init when create and absent. */
static int *cm_get(struct codemap *m, const char *code, int create, int init)
{
	size_t i = cm_hash(code) & (m->cap - 1);

	while (m->slot[i].code[0]) {
		if (!strcmp(m->slot[i].code, code))
			return &m->slot[i].val;
		i = (i + 1) & (m->cap - 1);
	}
	if (!create)
		return NULL;
	if ((m->n + 1) * 2 > m->cap) {
		struct codemap bigger;
		size_t j;

		cm_init(&bigger, m->cap);
		for (j = 0; j < m->cap; j++)
			if (m->slot[j].code[0])
				*cm_get(&bigger, m->slot[j].code, 1, 0) = m->slot[j].val;
		cm_release(m);
		*m = bigger;
		return cm_get(m, code, 1, init);
	}
	memcpy(m->slot[i].code, code, strlen(code) + 1);
	m->slot[i].val = init;
	m->n++;
	return &m->slot[i].val;
}

/* Reading a geography CSV with libcsv, one callback per record. */
#define CL_MAXF 16
struct csvload {
	const char *path;
	const char *const *header;
	int ncols;
	int (*row)(void *arg, struct buf *f, unsigned long rec, struct err *e);
	void *arg;
	struct buf f[CL_MAXF];
	int nf;
	unsigned long rec;
	int failed;
	struct err *e;
};

static void cl_field(void *s, size_t len, void *data)
{
	struct csvload *c = data;

	if (c->failed)
		return;
	if (c->nf < CL_MAXF) {
		buf_reset(&c->f[c->nf]);
		buf_add(&c->f[c->nf], s, len);
	}
	c->nf++;
}

static void cl_row(int ch, void *data)
{
	struct csvload *c = data;
	int i;

	(void)ch;
	if (c->failed) {
		c->nf = 0;
		return;
	}
	if (c->nf != c->ncols) {
		err_set(c->e, "'%s' record %lu: %d fields, expected %d",
			c->path, c->rec + 1, c->nf, c->ncols);
		c->failed = 1;
	} else if (c->rec == 0) {
		const char *first = c->f[0].data;

		if (!strncmp(first, "\xEF\xBB\xBF", 3))
			first += 3;
		for (i = 0; i < c->ncols; i++) {
			if (strcmp(i ? c->f[i].data : first, c->header[i])) {
				err_set(c->e, "'%s' header, column %d: '%s', expected '%s'",
					c->path, i + 1, i ? c->f[i].data : first,
					c->header[i]);
				c->failed = 1;
				break;
			}
		}
	} else if (c->row(c->arg, c->f, c->rec + 1, c->e)) {
		c->failed = 1;
	}
	c->rec++;
	c->nf = 0;
}

static int csv_load(struct csvload *c, struct err *e)
{
	struct csv_parser p;
	char chunk[65536];
	FILE *f;
	size_t n;
	int ret = -1, i;

	c->e = e;
	c->nf = 0;
	c->rec = 0;
	c->failed = 0;
	for (i = 0; i < CL_MAXF; i++)
		buf_init(&c->f[i]);
	f = fopen(c->path, "rb");
	if (!f)
		return err_set(e, "cannot open '%s': %s", c->path, strerror(errno));
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
		err_set(e, "'%s': cannot set up the CSV parser", c->path);
		goto out_close;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (csv_parse(&p, chunk, n, cl_field, cl_row, c) != n) {
			err_set(e, "'%s' record %lu: %s", c->path, c->rec + 1,
				csv_strerror(csv_error(&p)));
			goto out_free;
		}
		if (c->failed)
			goto out_free;
	}
	if (ferror(f)) {
		err_set(e, "cannot read '%s': %s", c->path, strerror(errno));
		goto out_free;
	}
	if (csv_fini(&p, cl_field, cl_row, c) != 0) {
		err_set(e, "'%s' record %lu: %s", c->path, c->rec + 1,
			csv_strerror(csv_error(&p)));
		goto out_free;
	}
	if (c->failed)
		goto out_free;
	if (c->rec < 2) {
		err_set(e, "'%s': no data rows", c->path);
		goto out_free;
	}
	ret = 0;
out_free:
	csv_free(&p);
out_close:
	fclose(f);
	for (i = 0; i < CL_MAXF; i++)
		buf_release(&c->f[i]);
	return ret;
}

static const char *const dept_header[] = { "code", "name", "region_code" };
static const char *const commune_header[] = {
	"code", "name", "type", "parent", "department_code", "region_code",
	"epci_code", "population", "postal_codes", "old_codes",
};

struct loadctx {
	struct geo *g;
	const char *path;
};

static int region_index(struct geo *g, const char *code)
{
	int i;
	size_t k;

	for (i = 0; i < g->nr; i++)
		if (!strcmp(g->r[i].code, code))
			return i;
	if (g->nr == (int)N_ELEM(g->r))
		return -1;
	memset(&g->r[i], 0, sizeof(g->r[i]));
	memcpy(g->r[i].code, code, strlen(code) + 1);
	g->r[i].lieux_pm = g->r[i].survey_pm = 1000;
	for (k = 0; k < N_ELEM(region_params); k++) {
		if (!strcmp(region_params[k].code, code)) {
			g->r[i].lieux_pm = region_params[k].lieux_pm;
			g->r[i].survey_pm = region_params[k].survey_pm;
			g->r[i].diag_milli = region_params[k].diag_milli;
		}
	}
	g->nr++;
	return i;
}

static int dept_row(void *arg, struct buf *f, unsigned long rec, struct err *e)
{
	struct loadctx *lc = arg;
	struct geo *g = lc->g;
	struct dept *d;
	size_t k;

	if (f[0].len < 2 || f[0].len > 3 || f[2].len < 1 || f[2].len > 3)
		return err_set(e, "'%s' record %lu: bad code '%s' or region '%s'",
			       lc->path, rec, f[0].data, f[2].data);
	if (g->nd == g->capd) {
		g->capd = g->capd ? g->capd * 2 : 128;
		g->d = gen_xrealloc(g->d, (size_t)g->capd, sizeof(*g->d));
	}
	d = &g->d[g->nd];
	memset(d, 0, sizeof(*d));
	memcpy(d->code, f[0].data, f[0].len + 1);
	memcpy(d->reg, f[2].data, f[2].len + 1);
	d->name = pool_add(g, f[1].data, f[1].len);
	d->region = region_index(g, d->reg);
	if (d->region < 0)
		return err_set(e, "'%s' record %lu: too many regions", lc->path, rec);
	for (k = 0; k < N_ELEM(centres); k++)
		if (!strcmp(centres[k].code, d->code))
			break;
	if (k == N_ELEM(centres))
		return err_set(e, "'%s' record %lu: department '%s' has no known centre",
			       lc->path, rec, d->code);
	d->lat = centres[k].lat * 10000L;
	d->lon = centres[k].lon * 10000L;
	d->rad = centres[k].rad * 10000L;
	if (f[0].len == 2) {
		d->idprefix[0] = d->code[0];
		d->idprefix[1] = d->code[1];
	} else {
		/* Overseas ids hold a letter (Mayotte: W9T1...). */
		static const char letters[] = "GMYRSTUV";
		int digit = d->code[2] - '1';

		d->idprefix[0] = '9';
		d->idprefix[1] = letters[digit >= 0 && digit < 8 ? digit : 7];
	}
	d->no_rna = in_list(d->code, no_rna_depts, N_ELEM(no_rna_depts));
	d->no_lieux = in_list(d->code, no_lieux_depts, N_ELEM(no_lieux_depts));
	g->nd++;
	return 0;
}

static int commune_row(void *arg, struct buf *f, unsigned long rec, struct err *e)
{
	static const char *const types[] = {
		"commune-actuelle", "commune-deleguee", "commune-associee",
		"arrondissement-municipal",
	};
	struct loadctx *lc = arg;
	struct geo *g = lc->g;
	struct commune *c;
	const char *p;
	int t, dep;
	char *end;
	long pop = 0;

	for (t = 0; t < (int)N_ELEM(types); t++)
		if (!strcmp(f[2].data, types[t]))
			break;
	if (t == (int)N_ELEM(types))
		return err_set(e, "'%s' record %lu, field 'type': unknown type '%s'",
			       lc->path, rec, f[2].data);
	if (f[0].len != 5)
		return err_set(e, "'%s' record %lu, field 'code': bad code '%s'",
			       lc->path, rec, f[0].data);
	if ((t != T_ACTUELLE && f[3].len != 5) || f[3].len > 5)
		return err_set(e, "'%s' record %lu, field 'parent': bad code '%s'",
			       lc->path, rec, f[3].data);
	for (dep = 0; dep < g->nd; dep++)
		if (!strcmp(g->d[dep].code, f[4].data))
			break;
	if (dep == g->nd)
		return 0;	/* an overseas collectivity: outside pana's scope */
	if (f[7].len) {
		errno = 0;
		pop = strtol(f[7].data, &end, 10);
		if (errno || *end || pop < 0)
			return err_set(e, "'%s' record %lu, field 'population': bad number '%s'",
				       lc->path, rec, f[7].data);
	}
	if (g->nc == g->capc) {
		g->capc = g->capc ? g->capc * 2 : 65536;
		g->c = gen_xrealloc(g->c, g->capc, sizeof(*g->c));
	}
	c = &g->c[g->nc];
	memset(c, 0, sizeof(*c));
	memcpy(c->code, f[0].data, 6);
	memcpy(c->parent, f[3].data, f[3].len + 1);
	c->type = t;
	c->dep = dep;
	c->pop = pop;
	c->name = pool_add(g, f[1].data, f[1].len);
	c->postal = pool_add(g, f[8].data, f[8].len);
	c->old = pool_add(g, f[9].data, f[9].len);
	c->npostal = f[8].len ? 1 : 0;
	for (p = f[8].data; *p; p++)
		c->npostal += *p == '|';
	if (t == T_ACTUELLE && !c->npostal)
		return err_set(e, "'%s' record %lu, field 'postal_codes': empty for '%s'",
			       lc->path, rec, c->code);
	g->nc++;
	return 0;
}

static int alias_cmp(const void *a, const void *b)
{
	const struct alias *x = a, *y = b;

	if (x->target != y->target)
		return x->target < y->target ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

static void add_alias(struct geo *g, const char *code, int target, int kind,
		      size_t name, size_t postal)
{
	struct alias *a;

	if (g->nal == g->capal) {
		g->capal = g->capal ? g->capal * 2 : 1024;
		g->al = gen_xrealloc(g->al, g->capal, sizeof(*g->al));
	}
	a = &g->al[g->nal];
	memcpy(a->code, code, 6);
	a->target = target;
	a->kind = kind;
	a->name = name;
	a->postal = postal;
	a->seq = (int)g->nal;
	g->nal++;
}

/* Bits of the kinds map: the code is a current commune, an arrondissement. */
enum { M_ACT = 1 << T_ACTUELLE, M_ARR = 1 << T_ARRONDISSEMENT };

/* The former codes of current commune i (its "old" list) that neither a
   current commune nor an arrondissement holds: pass 0 marks those claimed
   twice (-2), pass 1 writes the others once. */
static void alias_old_codes(struct geo *g, size_t i, int pass,
			    struct codemap *kinds, struct codemap *alt)
{
	const struct commune *c = &g->c[i];
	const char *old = ref_str(g, c->old), *q;
	char code[6];
	size_t k;
	int *t;

	while (*old) {
		q = strchr(old, '|');
		k = q ? (size_t)(q - old) : strlen(old);
		if (k == 5) {
			int *kind;

			memcpy(code, old, 5);
			code[5] = '\0';
			kind = cm_get(kinds, code, 0, 0);
			if (!kind || !(*kind & (M_ACT | M_ARR))) {
				t = cm_get(alt, code, 1, (int)i);
				if (pass == 0 && *t != (int)i)
					*t = -2;
				if (pass == 1 && *t == (int)i) {
					add_alias(g, code, (int)i, ALIAS_ALT,
						  c->name, c->postal);
					*t = -3;
				}
			}
		}
		old += k + (q != NULL);
	}
}

/* Sorts the aliases and points each current commune at its own. */
static void index_aliases(struct geo *g)
{
	size_t i;

	qsort(g->al, g->nal, sizeof(*g->al), alias_cmp);
	for (i = 0; i < g->nc; i++)
		g->c[i].arr_first = g->c[i].alt_first = 0;
	for (i = 0; i < g->nal; i++) {
		struct commune *c = &g->c[g->al[i].target];

		if (g->al[i].kind == ALIAS_ARR) {
			if (!c->arr_n)
				c->arr_first = (int)i;
			c->arr_n++;
		} else {
			if (!c->alt_n)
				c->alt_first = (int)i;
			c->alt_n++;
		}
	}
}

/*
 * Other codes of each current commune, keeping only those that a reader
 * following the published rules resolves back to it without ambiguity: a
 * code that is also a current commune or an arrondissement, or that two
 * rules send to different communes, is never written.
 */
static void build_aliases(struct geo *g)
{
	struct codemap cur, kinds, alt;
	size_t i;
	int pass;

	cm_init(&cur, g->nc);
	cm_init(&kinds, g->nc);
	cm_init(&alt, g->nc);
	for (i = 0; i < g->nc; i++) {
		*cm_get(&kinds, g->c[i].code, 1, 0) |= 1 << g->c[i].type;
		if (g->c[i].type == T_ACTUELLE)
			*cm_get(&cur, g->c[i].code, 1, (int)i) = (int)i;
	}
	/* pass 0 records every candidate (target, or -2 on conflict); pass 1 emits */
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < g->nc; i++) {
			const struct commune *c = &g->c[i];
			int *t, target;

			if (c->type == T_ARRONDISSEMENT) {
				t = cm_get(&cur, c->parent, 0, 0);
				if (pass == 1 && t)
					add_alias(g, c->code, *t, ALIAS_ARR, c->name, c->postal);
				continue;
			}
			if (c->type != T_DELEGUEE && c->type != T_ASSOCIEE) {
				alias_old_codes(g, i, pass, &kinds, &alt);
				continue;
			}
			t = cm_get(&cur, c->parent, 0, 0);
			if (!t || (*cm_get(&kinds, c->code, 0, 0) & (M_ACT | M_ARR)))
				continue;
			target = *t;
			t = cm_get(&alt, c->code, 1, target);
			if (pass == 0 && *t != target)
				*t = -2;
			if (pass == 1 && *t == target) {
				add_alias(g, c->code, target, ALIAS_ALT, c->name,
					  g->c[target].postal);
				*t = -3;	/* written once */
			}
		}
	}
	index_aliases(g);
	cm_release(&cur);
	cm_release(&kinds);
	cm_release(&alt);
}

int ref_load(struct geo *g, const char *dir, struct err *e)
{
	struct buf path = BUF_INIT;
	struct csvload cl;
	struct loadctx lc;
	size_t i, *fill;
	int ret = -1, k;

	memset(g, 0, sizeof(*g));
	buf_init(&g->pool);
	buf_addch(&g->pool, '\0');	/* offset 0 is the empty string */
	lc.g = g;

	buf_addf(&path, "%s/departments.csv", dir);
	memset(&cl, 0, sizeof(cl));
	cl.path = lc.path = path.data;
	cl.header = dept_header;
	cl.ncols = (int)N_ELEM(dept_header);
	cl.row = dept_row;
	cl.arg = &lc;
	if (csv_load(&cl, e))
		goto out;

	buf_reset(&path);
	buf_addf(&path, "%s/communes.csv", dir);
	memset(&cl, 0, sizeof(cl));
	cl.path = lc.path = path.data;
	cl.header = commune_header;
	cl.ncols = (int)N_ELEM(commune_header);
	cl.row = commune_row;
	cl.arg = &lc;
	if (csv_load(&cl, e))
		goto out;

	build_aliases(g);

	/* current communes grouped by department, in file order */
	for (i = 0; i < g->nc; i++)
		if (g->c[i].type == T_ACTUELLE)
			g->d[g->c[i].dep].cur_n++;
	fill = gen_xrealloc(NULL, (size_t)g->nd + 1, sizeof(*fill));
	g->ncur = 0;
	for (k = 0; k < g->nd; k++) {
		g->d[k].cur_first = fill[k] = g->ncur;
		g->ncur += g->d[k].cur_n;
	}
	g->cur = gen_xrealloc(NULL, g->ncur + 1, sizeof(*g->cur));
	for (i = 0; i < g->nc; i++)
		if (g->c[i].type == T_ACTUELLE)
			g->cur[fill[g->c[i].dep]++] = (int)i;
	free(fill);
	if (!g->ncur) {
		err_set(e, "'%s': no current commune", path.data);
		goto out;
	}
	ret = 0;
out:
	buf_release(&path);
	return ret;
}

void ref_release(struct geo *g)
{
	int k;

	for (k = 0; k < g->nd; k++)
		free(g->d[k].lieux.v);
	for (k = 0; k < g->nr; k++)
		free(g->r[k].lieux.v);
	free(g->c);
	free(g->d);
	free(g->al);
	free(g->cur);
	buf_release(&g->pool);
	memset(g, 0, sizeof(*g));
}

/* The k-th '|'-separated postal code of a list, into out[6]. */
void ref_postal_nth(const char *list, int k, char out[6])
{
	int i;

	while (k-- > 0) {
		const char *q = strchr(list, '|');

		if (!q)
			break;
		list = q + 1;
	}
	for (i = 0; i < 5 && list[i] && list[i] != '|'; i++)
		out[i] = list[i];
	out[i] = '\0';
	if (i < 5 || (list[5] && list[5] != '|'))
		memcpy(out, "00000", 6);
}

/* ------------------------------------------------------------------ */
/* Weighted choice of current communes (integer weights: exact). */

/* weight(g, commune) -> integer weight; 0 excludes. */
void sampler_build(struct sampler *s, const struct geo *g,
		   uint64_t (*weight)(const struct geo *, const struct commune *))
{
	size_t i;

	s->g = g;
	s->cum = gen_xrealloc(NULL, g->ncur, sizeof(*s->cum));
	s->total = 0;
	for (i = 0; i < g->ncur; i++) {
		s->total += weight(g, &g->c[g->cur[i]]);
		s->cum[i] = s->total;
	}
}

void sampler_release(struct sampler *s)
{
	free(s->cum);
	s->cum = NULL;
}

/* A commune among geo.cur[from, to) by weight; -1 when their weight is 0. */
int sampler_pick_in(const struct sampler *s, struct rng *r, size_t from,
		    size_t to)
{
	uint64_t base = from ? s->cum[from - 1] : 0, x;
	size_t lo = from, hi = to;

	if (to <= from || s->cum[to - 1] == base)
		return -1;
	x = base + rng_below(r, s->cum[to - 1] - base);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->cum[mid] > x)
			hi = mid;
		else
			lo = mid + 1;
	}
	return s->g->cur[lo];
}

int sampler_pick(const struct sampler *s, struct rng *r)
{
	return sampler_pick_in(s, r, 0, s->g->ncur);
}
