/*
 * pana-gen: writes a deterministic, realistic sample inbox for pana.
 *
 * Everything comes from the committed geography and one seed: a xoshiro256**
 * generator seeded through splitmix64, one independent stream per output
 * file, integer arithmetic for whatever reaches a file (weights, dates,
 * coordinates), no locale, no clock, no rand(). The same arguments give the
 * same bytes. Each file is written to NAME.tmp and renamed once complete.
 *
 * The files carry deliberate defects (bad rows, duplicate ids, arrondissement
 * and old commune codes, dropped leading zeros, three encodings) because they
 * exist to exercise pana's ingest and transform. The count of bad rows is
 * printed per file; -v lists each one with its line number on stderr.
 */
#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "buf.h"
#include "err.h"

enum gen_exit {
	GEN_EXIT_OK = 0,
	GEN_EXIT_USAGE = 2,	/* bad command line */
	GEN_EXIT_IO = 3,	/* unreadable geography, unwritable output */
};

#define N_ELEM(a) (sizeof(a) / sizeof((a)[0]))
#define PICK(r, a) ((a)[rng_below((r), N_ELEM(a))])

/* ------------------------------------------------------------------ */
/* Random numbers: xoshiro256** seeded by splitmix64. */

struct rng {
	uint64_t s[4];
};

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* One seed, many independent streams: stream i seeds its own generator. */
static void rng_seed(struct rng *r, uint64_t seed, uint64_t stream)
{
	uint64_t x = seed ^ (stream * 0xd1342543de82ef95ULL);
	int i;

	for (i = 0; i < 4; i++)
		r->s[i] = splitmix64(&x);
}

static uint64_t rotl64(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t rng_next(struct rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl64(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl64(s[3], 45);
	return result;
}

/* Uniform in [0, n), without modulo bias; n = 0 gives 0. */
static uint64_t rng_below(struct rng *r, uint64_t n)
{
	uint64_t lim, x;

	if (n <= 1)
		return 0;
	lim = UINT64_MAX - UINT64_MAX % n;
	do
		x = rng_next(r);
	while (x >= lim);
	return x % n;
}

/* Uniform in [lo, hi]. */
static long rng_range(struct rng *r, long lo, long hi)
{
	if (hi <= lo)
		return lo;
	return lo + (long)rng_below(r, (uint64_t)(hi - lo) + 1);
}

static double rng_unit(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

static int rng_chance(struct rng *r, double p)
{
	return rng_unit(r) < p;
}

/*
 * Approximately standard normal: Irwin-Hall with four uniforms, so no libm
 * function whose last bit could differ between machines is involved.
 */
static double rng_normal(struct rng *r)
{
	double s = rng_unit(r) + rng_unit(r) + rng_unit(r) + rng_unit(r);

	return (s - 2.0) * 1.7320508075688772;
}

/* Index drawn from integer weights. */
static size_t rng_weighted(struct rng *r, const unsigned *w, size_t n)
{
	uint64_t total = 0, x;
	size_t i;

	for (i = 0; i < n; i++)
		total += w[i];
	x = rng_below(r, total);
	for (i = 0; i + 1 < n; i++) {
		if (x < w[i])
			return i;
		x -= w[i];
	}
	return n - 1;
}

/* ------------------------------------------------------------------ */
/* Dates as day numbers since 1970-01-01 (proleptic Gregorian). */

static long days_from_civil(long y, unsigned m, unsigned d)
{
	long era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
	long era;
	unsigned doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)((long)yoe + era * 400) + (*m <= 2);
}

/* Appends v in decimal, zero-padded to width. */
static void add_num(struct buf *b, unsigned long v, int width)
{
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v && n < (int)sizeof(tmp));
	while (n < width && n < (int)sizeof(tmp))
		tmp[n++] = '0';
	buf_grow(b, (size_t)n);
	while (n)
		b->data[b->len++] = tmp[--n];
	b->data[b->len] = '\0';
}

static void add_date(struct buf *b, long day)
{
	int y, m, d;

	civil_from_days(day, &y, &m, &d);
	add_num(b, (unsigned long)y, 4);
	buf_addch(b, '-');
	add_num(b, (unsigned long)m, 2);
	buf_addch(b, '-');
	add_num(b, (unsigned long)d, 2);
}

static void add_datetime(struct buf *b, long long secs)
{
	long day = (long)(secs / 86400);
	long rem = (long)(secs % 86400);

	add_date(b, day);
	buf_addch(b, ' ');
	add_num(b, (unsigned long)(rem / 3600), 2);
	buf_addch(b, ':');
	add_num(b, (unsigned long)(rem / 60 % 60), 2);
	buf_addch(b, ':');
	add_num(b, (unsigned long)(rem % 60), 2);
}

/* Micro-degrees as a decimal with six places. */
static void add_coord(struct buf *b, long micro)
{
	if (micro < 0) {
		buf_addch(b, '-');
		micro = -micro;
	}
	add_num(b, (unsigned long)(micro / 1000000), 1);
	buf_addch(b, '.');
	add_num(b, (unsigned long)(micro % 1000000), 6);
}

/* ------------------------------------------------------------------ */
/* French text helpers (UTF-8 in, UTF-8 out). */

/* ASCII spelling of U+00C0..U+00FF, lower case. */
static const char *const fold_latin1[64] = {
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e",
	"i", "i", "i", "i", "d", "n", "o", "o", "o", "o", "o", "x",
	"o", "u", "u", "u", "u", "y", "th", "ss",
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e",
	"i", "i", "i", "i", "d", "n", "o", "o", "o", "o", "o", "-",
	"o", "u", "u", "u", "u", "y", "th", "y",
};

/*
 * Upper case, as registries print commune names. fold drops the accents
 * ("SAINT-ETIENNE"), otherwise Latin-1 letters keep them ("SAINT-ÉTIENNE").
 */
static void add_upper(struct buf *b, const char *s, int fold)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		if (*p >= 'a' && *p <= 'z') {
			buf_addch(b, *p - 'a' + 'A');
			p++;
		} else if (*p == 0xC3 && p[1] >= 0x80 && p[1] <= 0xBF) {
			unsigned c = p[1];

			if (fold) {
				const char *f = fold_latin1[c - 0x80];

				while (*f) {
					buf_addch(b, *f >= 'a' && *f <= 'z' ? *f - 'a' + 'A' : *f);
					f++;
				}
			} else if (c >= 0xA0 && c != 0xB7 && c != 0xBF) {
				buf_addch(b, 0xC3);
				buf_addch(b, (int)(c - 0x20));
			} else {
				buf_add(b, p, 2);
			}
			p += 2;
		} else if (*p == 0xC5 && (p[1] == 0x93 || p[1] == 0x92)) {
			if (fold)
				buf_addstr(b, "OE");
			else
				buf_add(b, "\xC5\x92", 2);
			p += 2;
		} else {
			buf_addch(b, *p);
			p++;
		}
	}
}

/* A lower-case ASCII slug for web and mail addresses, at most max bytes. */
static void add_slug(struct buf *b, const char *s, size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t start = b->len;
	int dash = 0;

	while (*p && b->len - start < max) {
		const char *f = NULL;
		char one[2] = { 0, 0 };

		if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')) {
			one[0] = (char)*p;
			f = one;
			p++;
		} else if (*p >= 'A' && *p <= 'Z') {
			one[0] = (char)(*p - 'A' + 'a');
			f = one;
			p++;
		} else if (*p == 0xC3 && p[1] >= 0x80 && p[1] <= 0xBF) {
			f = fold_latin1[p[1] - 0x80];
			p += 2;
		} else if (*p == 0xC5 && (p[1] == 0x93 || p[1] == 0x92)) {
			f = "oe";
			p += 2;
		} else {
			while (*p >= 0x80 && *p < 0xC0)
				p++;
			if (*p)
				p++;
			dash = b->len > start;
			continue;
		}
		if (dash)
			buf_addch(b, '-');
		dash = 0;
		buf_addstr(b, f);
	}
	while (b->len > start && b->data[b->len - 1] == '-')
		buf_setlen(b, b->len - 1);
}

static int starts_with_vowel(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (strchr("AEIOUYaeiouy", *p) && *p)
		return 1;
	/* É È Ê Î Ô Œ */
	if (*p == 0xC3 && (p[1] == 0x89 || p[1] == 0x88 || p[1] == 0x8A ||
			   p[1] == 0x8E || p[1] == 0x94))
		return 1;
	return *p == 0xC5 && p[1] == 0x92;
}

/* "de Sées", "d'Annecy", "du Havre", "des Mureaux". */
static void add_de(struct buf *b, const char *name)
{
	if (!strncmp(name, "Le ", 3)) {
		buf_addstr(b, "du ");
		buf_addstr(b, name + 3);
	} else if (!strncmp(name, "Les ", 4)) {
		buf_addstr(b, "des ");
		buf_addstr(b, name + 4);
	} else if (starts_with_vowel(name)) {
		buf_addstr(b, "d'");
		buf_addstr(b, name);
	} else {
		buf_addstr(b, "de ");
		buf_addstr(b, name);
	}
}

static const char *const nicknames[] = {
	"La Clé des chants", "L'Échappée belle", "Arc-en-ciel",
	"Les Copains d'abord", "La Truite vagabonde", "Les Tréteaux",
	"Les Chardons bleus", "La Fabrique", "Le Grand Chêne",
	"Les Hirondelles", "La Belle Époque", "Les Cigales", "L'Envol",
	"Les Mouettes", "Le Vieux Pressoir", "Cœur de village",
	"Les Trois Rivières", "La Ruche", "Le Fil d'Ariane",
};

/* Template: %C commune, %D "de" + commune with elision, %N a nickname. */
static void expand(struct buf *b, const char *t, const char *commune,
		   struct rng *r)
{
	const char *p;

	while ((p = strchr(t, '%')) && p[1]) {
		buf_add(b, t, (size_t)(p - t));
		switch (p[1]) {
		case 'C':
			buf_addstr(b, commune);
			break;
		case 'D':
			add_de(b, commune);
			break;
		case 'N':
			buf_addstr(b, PICK(r, nicknames));
			break;
		default:
			buf_add(b, p, 2);
			break;
		}
		t = p + 2;
	}
	buf_addstr(b, t);
}

/* ------------------------------------------------------------------ */
/* Word lists. Every character must exist in Windows-1252. */

static const char *const sport_titles[] = {
	"Association sportive %D", "Football club %D", "Union sportive %D",
	"Tennis club %D", "Judo club %D", "Pétanque club %D",
	"Les Randonneurs %D", "Amicale cycliste %D",
	"Gymnastique volontaire %D", "Basket club %D",
	"Club de natation %D", "Handball club %D",
	"Association de yoga « %N »", "Rugby club %D", "Entente sportive %D",
};
static const char *const sport_sent[] = {
	"Favoriser la pratique du sport pour tous, jeunes et adultes, en loisir comme en compétition ; former des éducateurs et des arbitres bénévoles.",
	"Organiser des entraînements, des tournois et des stages sportifs %D et dans le canton.",
	"Développer l'accès au sport des personnes en situation de handicap et des publics éloignés de la pratique.",
	"Participer aux championnats organisés par les fédérations sportives agréées et accueillir des rencontres départementales.",
};
static const char *const culture_titles[] = {
	"Les Amis du Patrimoine %D", "Harmonie municipale %D",
	"Chorale « %N » %D", "Compagnie de théâtre « %N »",
	"Atelier d'arts plastiques %D", "Société d'histoire locale %D",
	"Ciné-club %D", "École de musique %D", "Festival « %N »",
	"Les Amis de la bibliothèque %D", "Cercle généalogique %D",
};
static const char *const culture_sent[] = {
	"Promouvoir la vie culturelle %D : concerts, spectacles, lectures publiques et expositions.",
	"Sauvegarder, étudier et mettre en valeur le patrimoine bâti et naturel %D ; recueillir les témoignages et les archives des habitants.",
	"Enseigner la musique, le chant et le théâtre à toutes les générations, sans condition de ressources.",
	"Soutenir la création artistique locale et accueillir des artistes en résidence.",
};
static const char *const social_titles[] = {
	"Entraide et solidarité %D", "Association d'aide à domicile %D",
	"Épicerie solidaire %D", "Club de l'âge d'or",
	"Association familiale %D", "Les Restos du partage %D",
	"Centre social %D", "Maison des jeunes et de la culture %D",
};
static const char *const social_sent[] = {
	"Venir en aide aux personnes isolées, âgées ou en difficulté ; lutter contre toutes les formes d'exclusion.",
	"Organiser une aide alimentaire, vestimentaire et administrative pour les familles %D.",
	"Rompre l'isolement des aînés par des visites à domicile, des repas partagés et des activités conviviales.",
	"Accompagner les personnes éloignées du numérique dans leurs démarches en ligne.",
};
static const char *const education_titles[] = {
	"Association des parents d'élèves %D", "Amicale laïque %D",
	"Foyer socio-éducatif du collège %D", "Soutien scolaire %D",
	"Sou des écoles %D", "Université populaire %D",
	"Association des anciens élèves du lycée %D",
};
static const char *const education_sent[] = {
	"Représenter les parents d'élèves auprès des établissements scolaires %D et défendre l'intérêt des enfants.",
	"Proposer un accompagnement scolaire gratuit aux élèves du primaire et du collège.",
	"Financer les sorties scolaires, les classes de découverte et les fournitures des écoles.",
	"Favoriser l'éducation populaire et la formation tout au long de la vie.",
};
static const char *const environment_titles[] = {
	"Les Jardins partagés %D",
	"Association de sauvegarde de l'environnement %D",
	"Nature et patrimoine %D", "AAPPMA « %N »",
	"Les Amis de la forêt %D", "Collectif zéro déchet %D",
	"Association des riverains %D",
};
static const char *const environment_sent[] = {
	"Protéger la faune, la flore et les paysages %D ; sensibiliser le public aux enjeux de la transition écologique.",
	"Créer et entretenir des jardins partagés, promouvoir le compostage et la réduction des déchets.",
	"Veiller à la qualité de l'eau et des milieux aquatiques ; organiser des opérations de nettoyage des berges.",
};
static const char *const leisure_titles[] = {
	"Comité des fêtes %D", "Club de l'âge d'or %D",
	"Amicale des pêcheurs %D", "Club de scrabble %D",
	"Association de chasse %D", "Club informatique %D", "Foyer rural %D",
	"Club photo %D", "Amicale des sapeurs-pompiers %D", "Comité des fêtes",
};
static const char *const leisure_sent[] = {
	"Animer la commune par l'organisation de fêtes, de repas, de lotos, de vide-greniers et du feu d'artifice du 14 juillet.",
	"Proposer à ses adhérents des activités de loisirs : jeux de société, voyages, sorties culturelles et ateliers créatifs.",
	"Réunir les anciens de la commune autour d'après-midi récréatifs et d'un goûter mensuel.",
};
static const char *const health_titles[] = {
	"Association des donneurs de sang bénévoles %D",
	"Association d'accompagnement des malades %D",
	"Santé et bien-être %D", "Association de soins palliatifs %D",
};
static const char *const health_sent[] = {
	"Promouvoir le don du sang, de plasma et de moelle osseuse ; organiser des collectes avec l'Établissement français du sang.",
	"Soutenir les malades et leurs proches ; informer le public sur la prévention et le dépistage.",
	"Favoriser l'accès aux soins des habitants %D.",
};
static const char *const generic_sent[] = {
	"L'association a pour objet de créer du lien entre les habitants %D et des communes voisines.",
	"Elle organise des manifestations, des rencontres et des sorties ouvertes à tous.",
	"Elle peut adhérer à toute fédération ou union poursuivant un but similaire ; elle peut également solliciter des subventions publiques.",
	"Elle veille au respect des valeurs de laïcité, de solidarité et de démocratie dans l'ensemble de ses activités.",
	"Pour atteindre ses buts, elle peut organiser des stages, des conférences, des expositions et toute action de formation.",
	"Elle mène ses actions en partenariat avec la commune, les écoles et les autres associations du territoire.",
	"L'association s'interdit toute discussion ou manifestation présentant un caractère politique ou confessionnel.",
	"Elle assure la promotion de ses activités par tous moyens : bulletin, site internet, réseaux sociaux ; elle publie un rapport annuel.",
	"Elle peut acquérir, louer ou gérer tout matériel et tout local nécessaire à la réalisation de son objet.",
	"Ses ressources proviennent des cotisations de ses membres, des dons, des subventions et du produit de ses manifestations.",
};

struct family {
	const char *code;	/* objet_social family: first 3 digits */
	const char *secteur;	/* label in diagnostics */
	unsigned weight;
	const char *const *titles;
	size_t ntitles;
	const char *const *sent;
	size_t nsent;
};

#define LIST(a) a, N_ELEM(a)
static const struct family families[] = {
	{ "011", "Sport", 25, LIST(sport_titles), LIST(sport_sent) },
	{ "006", "Culture", 20, LIST(culture_titles), LIST(culture_sent) },
	{ "007", "Social", 15, LIST(social_titles), LIST(social_sent) },
	{ "024", "Loisirs", 15, LIST(leisure_titles), LIST(leisure_sent) },
	{ "017", "Éducation", 10, LIST(education_titles), LIST(education_sent) },
	{ "019", "Environnement", 6, LIST(environment_titles), LIST(environment_sent) },
	{ "014", "Santé", 5, LIST(health_titles), LIST(health_sent) },
	/* objet_social1 = 000000: no declared object */
	{ "000", "Autre", 4, LIST(leisure_titles), LIST(generic_sent) },
};
#define FAMILY_NONE (N_ELEM(families) - 1)

static const char *const streets[] = {
	"de la Mairie", "de l'Église", "Victor Hugo", "Jean Jaurès",
	"de la République", "du Général de Gaulle", "des Écoles", "Pasteur",
	"de la Gare", "du Château", "des Tilleuls", "Émile Zola",
	"de la Liberté", "du Moulin", "des Lilas", "du 8 Mai 1945",
	"Gambetta", "de Verdun", "des Acacias", "du Stade", "de la Fontaine",
	"Saint-Martin", "des Jardins", "du Port", "de la Croix", "Jules Ferry",
	"Anatole France", "du Marché", "des Peupliers", "de la Forge",
};
static const struct {
	const char *abbr, *word;
} street_types[] = {
	{ "RUE", "rue" }, { "RUE", "rue" }, { "RUE", "rue" }, { "AV", "avenue" },
	{ "BD", "boulevard" }, { "PL", "place" }, { "CHE", "chemin" },
	{ "ALL", "allée" }, { "IMP", "impasse" }, { "RTE", "route" },
	{ "QUAI", "quai" }, { "SQ", "square" }, { "CRS", "cours" },
};
static const char *const complements[] = {
	"Mairie", "Salle des fêtes", "Maison des associations", "Bâtiment B",
	"Résidence Les Tilleuls", "Appartement 12", "Espace associatif",
	"Chez Mme Girard",
};
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

/* ------------------------------------------------------------------ */
/* Geography. */

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

static const char *G(const struct geo *g, size_t off)
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

static void intvec_push(struct intvec *v, int x)
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

static void *xrealloc(void *p, size_t n, size_t size)
{
	void *q;

	if (size && n > SIZE_MAX / size) {
		fprintf(stderr, "pana-gen: out of memory\n");
		abort();
	}
	q = realloc(p, n && size ? n * size : 1);
	if (!q) {
		fprintf(stderr, "pana-gen: out of memory\n");
		abort();
	}
	return q;
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
	m->slot = xrealloc(NULL, cap, sizeof(*m->slot));
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
		g->d = xrealloc(g->d, (size_t)g->capd, sizeof(*g->d));
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
		g->c = xrealloc(g->c, g->capc, sizeof(*g->c));
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
		g->al = xrealloc(g->al, g->capal, sizeof(*g->al));
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

/*
 * Other codes of each current commune, keeping only those that a reader
 * following the published rules resolves back to it without ambiguity: a
 * code that is also a current commune or an arrondissement, or that two
 * rules send to different communes, is never written.
 */
static void build_aliases(struct geo *g)
{
	enum { M_ACT = 1, M_ARR = 8 };
	struct codemap cur, kinds, alt;
	size_t i, k;
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
			const char *old, *q;
			int *t, target;
			char code[6];

			if (c->type == T_ARRONDISSEMENT) {
				t = cm_get(&cur, c->parent, 0, 0);
				if (pass == 1 && t)
					add_alias(g, c->code, *t, ALIAS_ARR, c->name, c->postal);
				continue;
			}
			if (c->type == T_DELEGUEE || c->type == T_ASSOCIEE) {
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
				continue;
			}
			old = G(g, c->old);
			while (*old) {
				q = strchr(old, '|');
				k = q ? (size_t)(q - old) : strlen(old);
				if (k == 5) {
					int *kind;

					memcpy(code, old, 5);
					code[5] = '\0';
					kind = cm_get(&kinds, code, 0, 0);
					if (!kind || !(*kind & (M_ACT | M_ARR))) {
						t = cm_get(&alt, code, 1, (int)i);
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
	}
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
	cm_release(&cur);
	cm_release(&kinds);
	cm_release(&alt);
}

static int geo_load(struct geo *g, const char *dir, struct err *e)
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
	fill = xrealloc(NULL, (size_t)g->nd + 1, sizeof(*fill));
	g->ncur = 0;
	for (k = 0; k < g->nd; k++) {
		g->d[k].cur_first = fill[k] = g->ncur;
		g->ncur += g->d[k].cur_n;
	}
	g->cur = xrealloc(NULL, g->ncur + 1, sizeof(*g->cur));
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

static void geo_release(struct geo *g)
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
static void postal_nth(const char *list, int k, char out[6])
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

struct sampler {
	uint64_t *cum;		/* cumulative weight, one per geo.cur entry */
	uint64_t total;
	const struct geo *g;
};

/* weight(g, commune) -> integer weight; 0 excludes. */
static void sampler_build(struct sampler *s, const struct geo *g,
			  uint64_t (*weight)(const struct geo *, const struct commune *))
{
	size_t i;

	s->g = g;
	s->cum = xrealloc(NULL, g->ncur, sizeof(*s->cum));
	s->total = 0;
	for (i = 0; i < g->ncur; i++) {
		s->total += weight(g, &g->c[g->cur[i]]);
		s->cum[i] = s->total;
	}
}

static void sampler_release(struct sampler *s)
{
	free(s->cum);
	s->cum = NULL;
}

/* A commune among geo.cur[from, to) by weight; -1 when their weight is 0. */
static int sampler_pick_in(const struct sampler *s, struct rng *r, size_t from,
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

static int sampler_pick(const struct sampler *s, struct rng *r)
{
	return sampler_pick_in(s, r, 0, s->g->ncur);
}

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

static uint64_t w_lieux(const struct geo *g, const struct commune *c)
{
	const struct dept *d = &g->d[c->dep];

	if (d->no_lieux)
		return 0;
	return (uint64_t)c->pop * g->r[d->region].lieux_pm;
}

static uint64_t w_survey(const struct geo *g, const struct commune *c)
{
	return (uint64_t)c->pop * g->r[g->d[c->dep].region].survey_pm;
}

/* ------------------------------------------------------------------ */
/* Output files: NAME.tmp, quoted fields, optional Windows-1252, rename. */

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

static void out_init(struct out *o, const char *dir, char delim, const char *eol,
		     int quote_all, int bom, int cp1252, int verbose)
{
	memset(o, 0, sizeof(*o));
	o->dir = dir;
	buf_init(&o->name);
	buf_init(&o->path);
	buf_init(&o->tmp);
	buf_init(&o->rec);
	buf_init(&o->conv);
	o->delim = delim;
	o->eol = eol;
	o->quote_all = quote_all;
	o->quote_if = delim == ',' ? ",;\"\r\n" : ";\"\r\n";
	o->bom = bom;
	o->cp1252 = cp1252;
	o->cd = (iconv_t)-1;
	o->verbose = verbose;
	o->line = 1;
}

#define OUT_VBUF (4u << 20)

static int out_open(struct out *o, struct err *e)
{
	buf_addf(&o->path, "%s/%s", o->dir, o->name.data);
	buf_addf(&o->tmp, "%s.tmp", o->path.data);
	if (o->cp1252) {
		o->cd = iconv_open("WINDOWS-1252", "UTF-8");
		if (o->cd == (iconv_t)-1)
			return err_set(e, "'%s': no UTF-8 to Windows-1252 converter: %s",
				       o->name.data, strerror(errno));
	}
	o->f = fopen(o->tmp.data, "wb");
	if (!o->f)
		return err_set(e, "cannot create '%s': %s", o->tmp.data, strerror(errno));
	o->vbuf = malloc(OUT_VBUF);
	if (o->vbuf)
		setvbuf(o->f, o->vbuf, _IOFBF, OUT_VBUF);
	if (o->bom && fwrite("\xEF\xBB\xBF", 1, 3, o->f) != 3)
		return err_set(e, "cannot write '%s': %s", o->tmp.data, strerror(errno));
	return 0;
}

static void out_field_n(struct out *o, const char *s, size_t n)
{
	struct buf *b = &o->rec;
	const char *q;
	int quote = o->quote_all;
	size_t i;

	if (o->nfield++)
		buf_addch(b, o->delim);
	if (!quote)
		for (i = 0; o->quote_if[i] && !quote; i++)
			quote = memchr(s, o->quote_if[i], n) != NULL;
	if (!quote) {
		buf_add(b, s, n);
		return;
	}
	buf_grow(b, n + 2);
	buf_addch(b, '"');
	while ((q = memchr(s, '"', n))) {
		size_t k = (size_t)(q - s) + 1;

		buf_add(b, s, k);
		buf_addch(b, '"');
		s += k;
		n -= k;
	}
	buf_add(b, s, n);
	buf_addch(b, '"');
}

static void out_field(struct out *o, const char *s)
{
	out_field_n(o, s, strlen(s));
}

/* Ends the record; a non-NULL bad names its deliberate defect. */
static int out_end(struct out *o, int header, const char *bad, struct err *e)
{
	const char *data;
	size_t len, i;

	buf_addstr(&o->rec, o->eol);
	data = o->rec.data;
	len = o->rec.len;
	if (o->cd != (iconv_t)-1) {
		char *in = o->rec.data, *outp;
		size_t inleft = o->rec.len, outleft;

		buf_reset(&o->conv);
		buf_grow(&o->conv, inleft);
		outp = o->conv.data;
		outleft = inleft;
		iconv(o->cd, NULL, NULL, NULL, NULL);
		if (iconv(o->cd, &in, &inleft, &outp, &outleft) == (size_t)-1)
			return err_set(e, "'%s' line %lu: cannot write '%.20s' in Windows-1252: %s",
				       o->name.data, o->line, in, strerror(errno));
		data = o->conv.data;
		len = (size_t)(outp - o->conv.data);
	}
	if (fwrite(data, 1, len, o->f) != len)
		return err_set(e, "cannot write '%s': %s", o->tmp.data, strerror(errno));
	if (!header) {
		o->rows++;
		if (bad) {
			o->bad++;
			if (o->verbose)
				fprintf(stderr, "%s:%lu: record %lu: %s\n",
					o->name.data, o->line, o->rows, bad);
		}
	}
	for (i = 0; i < o->rec.len; i++)
		o->line += o->rec.data[i] == '\n';
	buf_reset(&o->rec);
	o->nfield = 0;
	return 0;
}

static int out_header(struct out *o, const char *const *names, const int *order,
		      int n, struct err *e)
{
	int i;

	for (i = 0; i < n; i++)
		out_field(o, names[order ? order[i] : i]);
	return out_end(o, 1, NULL, e);
}

/* Writes fields f in the given order (NULL: as is), n of them. */
static int out_row(struct out *o, const struct buf *f, const int *order, int n,
		   const char *bad, struct err *e)
{
	int i;

	for (i = 0; i < n; i++) {
		const struct buf *b = &f[order ? order[i] : i];

		out_field_n(o, b->data, b->len);
	}
	return out_end(o, 0, bad, e);
}

static int out_close(struct out *o, struct err *e)
{
	int failed, saved = 0;

	failed = fflush(o->f) != 0 || ferror(o->f);
	if (failed)
		saved = errno;
	if (fclose(o->f) != 0 && !failed) {
		failed = 1;
		saved = errno;
	}
	o->f = NULL;
	if (failed) {
		remove(o->tmp.data);
		return err_set(e, "cannot write '%s': %s", o->tmp.data,
			       saved ? strerror(saved) : "write error");
	}
	if (rename(o->tmp.data, o->path.data) != 0)
		return err_set(e, "cannot rename '%s' to '%s': %s", o->tmp.data,
			       o->path.data, strerror(errno));
	printf("%s: %lu rows, %lu bad\n", o->name.data, o->rows, o->bad);
	return 0;
}

static void out_release(struct out *o)
{
	if (o->f) {
		fclose(o->f);
		remove(o->tmp.data);
		o->f = NULL;
	}
	if (o->cd != (iconv_t)-1)
		iconv_close(o->cd);
	o->cd = (iconv_t)-1;
	free(o->vbuf);
	o->vbuf = NULL;
	buf_release(&o->name);
	buf_release(&o->path);
	buf_release(&o->tmp);
	buf_release(&o->rec);
	buf_release(&o->conv);
}

static void fields_init(struct buf *f, int n)
{
	int i;

	for (i = 0; i < n; i++)
		buf_init(&f[i]);
}

static void fields_release(struct buf *f, int n)
{
	int i;

	for (i = 0; i < n; i++)
		buf_release(&f[i]);
}

static void fields_reset(struct buf *f, int n)
{
	int i;

	for (i = 0; i < n; i++)
		buf_reset(&f[i]);
}

/* Spreads nbad deliberate defects evenly over nrec records. */
static unsigned long *bad_positions(struct rng *r, unsigned long nrec,
				    unsigned long nbad)
{
	unsigned long *pos = xrealloc(NULL, nbad + 1, sizeof(*pos));
	unsigned long k, gap = nrec / (nbad + 1);

	for (k = 0; k < nbad; k++)
		pos[k] = (k + 1) * gap + rng_below(r, gap / 2 + 1);
	pos[nbad] = (unsigned long)-1;
	return pos;
}

static void add_siret(struct buf *b, struct rng *r, int valid)
{
	char d[15];
	int i, sum = 0, check;

	d[0] = (char)('1' + rng_below(r, 9));
	for (i = 1; i < 13; i++)
		d[i] = (char)('0' + rng_below(r, 10));
	/* Luhn over 14 digits: from the right, every second digit doubled */
	for (i = 0; i < 13; i++) {
		int v = d[i] - '0';

		if (i % 2 == 0) {
			v *= 2;
			if (v > 9)
				v -= 9;
		}
		sum += v;
	}
	check = (10 - sum % 10) % 10;
	if (!valid)
		check = (check + 1 + (int)rng_below(r, 9)) % 10;
	d[13] = (char)('0' + check);
	d[14] = '\0';
	buf_addstr(b, d);
}

/* ------------------------------------------------------------------ */
/* Generation context. */

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

/* ------------------------------------------------------------------ */
/* RNA extracts. */

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
enum { CODE_OWN = -1, CODE_ZERO = -2, CODE_EMPTY = -3 };

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
		lo = days_from_civil(1901, 7, 1);
		hi = days_from_civil(1969, 12, 31);
	} else if (u < 0.35) {
		lo = days_from_civil(1970, 1, 1);
		hi = days_from_civil(1999, 12, 31);
	} else {
		lo = days_from_civil(2000, 1, 1);
	}
	return rng_range(r, lo, hi);
}

static int make_assoc(struct ctx *x, struct rng *r, const struct sampler *s,
		      struct assoc *a, struct err *e)
{
	const struct commune *c;
	unsigned w[N_ELEM(families)];
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
	for (i = 0; i < N_ELEM(families); i++)
		w[i] = families[i].weight;
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
	if (lo < days_from_civil(2009, 1, 1))
		lo = days_from_civil(2009, 1, 1);
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
		add_date(b, day);
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
	add_upper(b, PICK(t, last_names), 0);
}

/* objet: 250-400 characters of sentences; rare quotes and newlines. */
static void add_objet(struct buf *b, struct rng *t, const struct family *fam,
		      const char *commune)
{
	size_t start = b->len, target = (size_t)rng_range(t, 250, 400), k;
	unsigned used_f, used_g = 0;
	int n = 0, newline = rng_chance(t, 0.002);

	k = rng_below(t, fam->nsent);
	used_f = 1u << k;
	expand(b, fam->sent[k], commune, t);
	while (b->len - start < target && n < 8) {
		/* about one objet in 500 holds a line break */
		buf_addch(b, newline && n == 0 ? '\n' : ' ');
		if (n == 0 && rng_chance(t, 0.01)) {
			expand(b, "Elle est connue localement sous le nom \"%N\".", commune, t);
		} else if (rng_chance(t, 0.35) &&
			   used_f != (1u << fam->nsent) - 1) {
			do
				k = rng_below(t, fam->nsent);
			while (used_f & (1u << k));
			used_f |= 1u << k;
			expand(b, fam->sent[k], commune, t);
		} else {
			do
				k = rng_below(t, N_ELEM(generic_sent));
			while (used_g & (1u << k));
			used_g |= 1u << k;
			expand(b, generic_sent[k], commune, t);
		}
		n++;
	}
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
			add_upper(&word, p, 1);
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

static void render_assoc(const struct ctx *x, const struct assoc *a,
			 struct buf *f)
{
	const struct geo *g = &x->g;
	const struct commune *c = &g->c[a->com];
	const struct family *fam = &families[a->fam];
	const char *tname = G(g, g->c[a->text_com].name);
	const char *wname = G(g, c->name);
	const char *postal = G(g, c->postal);
	int npostal = c->npostal;
	char cp[6], code[6];
	struct rng t;
	size_t k;

	rng_seed(&t, a->seed, 0);
	fields_reset(f, R_NCOLS);
	buf_addstr(&f[R_ID], a->id);
	if (rng_chance(&t, 0.35)) {
		buf_add(&f[R_ID_EX], a->id + 1, 3);
		buf_addch(&f[R_ID_EX], 'P');
		add_num(&f[R_ID_EX], (unsigned long)rng_below(&t, 100000000), 8);
	}
	if (rng_chance(&t, 0.04))
		add_siret(&f[R_SIRET], &t, 1);
	if (rng_chance(&t, 0.003))
		buf_addstr(&f[R_RUP_MI], "RUP");
	buf_add(&f[R_GESTION], a->id + 1, 3);
	buf_addch(&f[R_GESTION], a->id[3] == '1' ? 'P' : 'S');
	add_date(&f[R_DATE_CREAT], a->creat);
	add_date(&f[R_DATE_DECLA], a->decla);
	add_day_field(&f[R_DATE_PUBLI], a->publi);
	add_day_field(&f[R_DATE_DISSO], a->disso);
	buf_addstr(&f[R_NATURE], rng_chance(&t, 0.99) ? "D" : "R");
	k = rng_below(&t, 100);
	buf_addstr(&f[R_GROUPEMENT], k < 95 ? "S" : k < 98 ? "U" : "F");

	expand(&f[R_TITRE], fam->titles[rng_below(&t, fam->ntitles)], tname, &t);
	if (rng_chance(&t, 0.15))
		add_acronym(&f[R_TITRE_COURT], f[R_TITRE].data);
	add_objet(&f[R_OBJET], &t, fam, tname);
	if (a->fam == (int)FAMILY_NONE) {
		buf_addstr(&f[R_OBJET_SOCIAL1], "000000");
	} else {
		buf_addstr(&f[R_OBJET_SOCIAL1], fam->code);
		add_num(&f[R_OBJET_SOCIAL1], (unsigned long)rng_below(&t, 20) * 5, 3);
		if (rng_chance(&t, 0.4)) {
			buf_addstr(&f[R_OBJET_SOCIAL2], PICK(&t, families).code);
			add_num(&f[R_OBJET_SOCIAL2], (unsigned long)rng_below(&t, 20) * 5, 3);
		}
	}

	/* head office */
	if (rng_chance(&t, 0.15))
		buf_addstr(&f[R_ADRS_COMPLEMENT], PICK(&t, complements));
	if (rng_chance(&t, 0.8))
		add_num(&f[R_ADRS_NUMVOIE], (unsigned long)rng_range(&t, 1, 150), 1);
	if (rng_chance(&t, 0.04))
		buf_addstr(&f[R_ADRS_REPETITION], rng_chance(&t, 0.7) ? "B" : "T");
	k = rng_below(&t, N_ELEM(street_types));
	buf_addstr(&f[R_ADRS_TYPEVOIE], street_types[k].abbr);
	if (rng_chance(&t, 0.5))
		add_upper(&f[R_ADRS_LIBVOIE], PICK(&t, streets), rng_chance(&t, 0.5));
	else
		buf_addstr(&f[R_ADRS_LIBVOIE], PICK(&t, streets));
	if (rng_chance(&t, 0.03)) {
		buf_addstr(&f[R_ADRS_DISTRIB], "BP ");
		add_num(&f[R_ADRS_DISTRIB], (unsigned long)rng_range(&t, 1, 399), 1);
	}
	if (a->alias >= 0) {
		const struct alias *al = &g->al[a->alias];

		memcpy(code, al->code, 6);
		postal = G(g, al->postal);
		npostal = 1;
		for (k = 0; postal[k]; k++)
			npostal += postal[k] == '|';
		if (al->kind == ALIAS_ALT || rng_chance(&t, 0.5))
			wname = G(g, al->name);
	} else {
		memcpy(code, c->code, 6);
	}
	postal_nth(postal, a->pc % npostal, cp);
	if (a->alias == CODE_ZERO) {
		buf_addstr(&f[R_ADRS_CODEINSEE], "0");
		buf_addstr(&f[R_ADRS_CODEPOSTAL], "00000");
	} else if (a->alias == CODE_EMPTY) {
		/* neither code: the commune is only named */
	} else {
		buf_addstr(&f[R_ADRS_CODEINSEE], code);
		buf_addstr(&f[R_ADRS_CODEPOSTAL], cp);
	}
	if (rng_chance(&t, 0.7)) {
		add_upper(&f[R_ADRS_LIBCOMMUNE], wname, rng_chance(&t, 0.4));
	} else {
		/* "ST ETIENNE DU ROUVRAY", as often typed */
		struct buf tmp = BUF_INIT;

		add_upper(&tmp, wname, 1);
		for (k = 0; k < tmp.len; k++)
			if (tmp.data[k] == '-' || tmp.data[k] == '\'')
				tmp.data[k] = ' ';
		if (!strncmp(tmp.data, "SAINT ", 6)) {
			buf_addstr(&f[R_ADRS_LIBCOMMUNE], "ST ");
			buf_addstr(&f[R_ADRS_LIBCOMMUNE], tmp.data + 6);
		} else {
			buf_addstr(&f[R_ADRS_LIBCOMMUNE], tmp.data);
		}
		buf_release(&tmp);
	}

	/* management address */
	if (rng_chance(&t, 0.4))
		add_person(&f[R_ADRG_DECLARANT], &t);
	if (rng_chance(&t, 0.1))
		buf_addstr(&f[R_ADRG_COMPLEMID], PICK(&t, complements));
	if (rng_chance(&t, 0.05))
		buf_addstr(&f[R_ADRG_COMPLEMGEO], "Lieu-dit Les Granges");
	add_num(&f[R_ADRG_LIBVOIE], (unsigned long)rng_range(&t, 1, 90), 1);
	buf_addch(&f[R_ADRG_LIBVOIE], ' ');
	buf_addstr(&f[R_ADRG_LIBVOIE], street_types[rng_below(&t, N_ELEM(street_types))].word);
	buf_addch(&f[R_ADRG_LIBVOIE], ' ');
	buf_addstr(&f[R_ADRG_LIBVOIE], PICK(&t, streets));
	if (a->alias != CODE_ZERO && a->alias != CODE_EMPTY)
		buf_addstr(&f[R_ADRG_CODEPOSTAL], cp);
	add_upper(&f[R_ADRG_ACHEMINE], wname, 1);
	if (rng_chance(&t, 0.9))
		buf_addstr(&f[R_ADRG_PAYS], "FRANCE");
	k = rng_below(&t, 10);
	buf_addstr(&f[R_DIR_CIVILITE], k < 5 ? "M" : k < 9 ? "MME" : "");
	if (rng_chance(&t, 0.1)) {
		buf_addstr(&f[R_SITEWEB], rng_chance(&t, 0.5) ? "www." : "https://www.");
		add_slug(&f[R_SITEWEB], f[R_TITRE].data, 24);
		buf_addstr(&f[R_SITEWEB], rng_chance(&t, 0.7) ? ".fr" : ".org");
	}
	buf_addstr(&f[R_PUBLIWEB], rng_chance(&t, 0.8) ? "0" : "1");
	if (rng_chance(&t, 0.02))
		buf_addstr(&f[R_OBSERVATION], "Transfert de siège ; ancienne adresse conservée par la préfecture");
	buf_addch(&f[R_POSITION], a->pos);
	add_datetime(&f[R_MAJ_TIME], a->maj);
}

static void remember_active(struct ctx *x, const struct assoc *a)
{
	const struct commune *c = &x->g.c[a->com];
	const char *postal = G(&x->g, c->postal);
	int npostal = c->npostal;
	struct active *v;
	size_t k;

	if (a->pos != 'A' || (a->disso != DAY_EMPTY && a->disso != DAY_UNKNOWN) ||
	    a->alias == CODE_ZERO || a->alias == CODE_EMPTY)
		return;
	if (x->nact == x->capact) {
		x->capact = x->capact ? x->capact * 2 : 65536;
		x->act = xrealloc(x->act, x->capact, sizeof(*x->act));
	}
	v = &x->act[x->nact++];
	memcpy(v->id, a->id, 11);
	if (a->alias >= 0) {
		postal = G(&x->g, x->g.al[a->alias].postal);
		npostal = 1;
		for (k = 0; postal[k]; k++)
			npostal += postal[k] == '|';
	}
	postal_nth(postal, a->pc % npostal, v->cp);
	v->com = a->com;
	v->fam = (unsigned char)a->fam;
}

#define PEND_MAX 64
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

/*
 * One RNA extract of nrec records: new associations, ~0.5% of ids twice
 * (older and newer version, in either order, a few rows apart), and
 * nbad_each deliberate defects of each kind.
 */
static int gen_rna(struct ctx *x, struct out *o, const struct sampler *s,
		   uint64_t stream, unsigned long nrec, unsigned long nbad_each,
		   const int *order, struct err *e)
{
	struct buf f[R_NCOLS + 1];
	struct pend_assoc pend[PEND_MAX];
	unsigned long rec, nbad = nbad_each * N_ELEM(rna_bad_reasons), kbad = 0;
	unsigned long *badpos;
	struct rng r;
	struct assoc a, old;
	int npend = 0, ret = -1, i;
	char reason[128];

	fields_init(f, R_NCOLS + 1);
	rng_seed(&r, x->seed, stream);
	badpos = bad_positions(&r, nrec, nbad);
	if (out_open(o, e) || out_header(o, rna_header, order, R_NCOLS, e))
		goto out;
	for (rec = 0; rec < nrec || npend; rec++) {
		int due = -1;

		if (kbad < nbad && rec == badpos[kbad]) {
			int kind = (int)(kbad % N_ELEM(rna_bad_reasons));
			int n = R_NCOLS;

			if (make_assoc(x, &r, s, &a, e))
				goto out;
			render_assoc(x, &a, f);
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
			kbad++;
			/* defects are written in the canonical column order only */
			if (out_row(o, f, NULL, n, reason, e))
				goto out;
			continue;
		}
		for (i = 0; i < npend; i++)
			if (pend[i].due <= rec && (due < 0 || pend[i].due < pend[due].due))
				due = i;
		if (due < 0 && rec >= nrec)
			due = 0;	/* past the end: flush what is left */
		if (due >= 0) {
			render_assoc(x, &pend[due].a, f);
			if (out_row(o, f, order, R_NCOLS, NULL, e))
				goto out;
			pend[due] = pend[--npend];
			continue;
		}
		if (make_assoc(x, &r, s, &a, e))
			goto out;
		remember_active(x, &a);
		if (npend < PEND_MAX && rec + 64 < nrec && rng_chance(&r, 0.005)) {
			make_old_version(&r, s, &a, &old);
			/* half the time the older version comes later in the file */
			if (rng_chance(&r, 0.5)) {
				pend[npend].a = a;
				a = old;
			} else {
				pend[npend].a = old;
			}
			pend[npend++].due = rec + 1 + rng_below(&r, 40);
		}
		render_assoc(x, &a, f);
		if (out_row(o, f, order, R_NCOLS, NULL, e))
			goto out;
	}
	if (out_close(o, e))
		goto out;
	ret = 0;
out:
	free(badpos);
	fields_release(f, R_NCOLS + 1);
	return ret;
}

/* ------------------------------------------------------------------ */
/* Lieux de médiation numérique. */

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

static void render_lieu(const struct ctx *x, const struct lieu *l, struct buf *f)
{
	const struct geo *g = &x->g;
	const struct commune *c = &g->c[l->com];
	const struct dept *d = &g->d[c->dep];
	const char *name = G(g, c->name), *postal = G(g, c->postal);
	char cp[6];
	struct rng t;
	size_t k;
	long lat, lon;

	fields_reset(f, L_NCOLS);
	rng_seed(&t, l->seed, 1);
	buf_addstr(&f[L_ID], "lieu-");
	add_num(&f[L_ID], l->num, 6);
	/* pivot: an RNA id (of a generated association) when there is no SIRET */
	if (rng_chance(&t, 0.05) && x->nact)
		buf_addstr(&f[L_PIVOT], x->act[rng_below(&t, x->nact)].id);
	else
		add_siret(&f[L_PIVOT], &t, rng_chance(&t, 0.92));
	k = rng_below(&t, N_ELEM(lieu_kinds));
	expand(&f[L_NOM], lieu_kinds[k].nom, name, &t);
	buf_addstr(&f[L_TYPOLOGIE], lieu_kinds[k].typ);
	buf_addstr(&f[L_COMMUNE], name);
	if (l->code >= 0) {
		postal = G(g, g->al[l->code].postal);
		buf_addstr(&f[L_CODE_INSEE], g->al[l->code].code);
	} else {
		buf_addstr(&f[L_CODE_INSEE], c->code + (l->nozero ? 1 : 0));
	}
	postal_nth(postal, (int)rng_below(&t, (uint64_t)(l->code >= 0 ? 1 : c->npostal)), cp);
	buf_addstr(&f[L_CODE_POSTAL], cp);
	add_num(&f[L_ADRESSE], (unsigned long)rng_range(&t, 1, 120), 1);
	buf_addch(&f[L_ADRESSE], ' ');
	buf_addstr(&f[L_ADRESSE], street_types[rng_below(&t, N_ELEM(street_types))].word);
	buf_addch(&f[L_ADRESSE], ' ');
	buf_addstr(&f[L_ADRESSE], PICK(&t, streets));
	if (rng_chance(&t, 0.2))
		buf_addstr(&f[L_COMPLEMENT_ADRESSE], PICK(&t, complements));
	lat = d->lat + rng_range(&t, -d->rad, d->rad);
	lon = d->lon + rng_range(&t, -d->rad, d->rad);
	add_coord(&f[l->swap ? L_LONGITUDE : L_LATITUDE], lat);
	add_coord(&f[l->swap ? L_LATITUDE : L_LONGITUDE], lon);
	if (rng_chance(&t, 0.8)) {
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
		add_num(&f[L_TELEPHONE], (unsigned long)rng_range(&t, 100000000, 599999999), 9);
	}
	if (rng_chance(&t, 0.6)) {
		buf_addstr(&f[L_COURRIELS], "contact@");
		add_slug(&f[L_COURRIELS], f[L_NOM].data, 28);
		buf_addstr(&f[L_COURRIELS], ".fr");
	}
	if (rng_chance(&t, 0.5)) {
		buf_addstr(&f[L_SITE_WEB], "https://www.");
		add_slug(&f[L_SITE_WEB], f[L_NOM].data, 28);
		buf_addstr(&f[L_SITE_WEB], ".fr");
	}
	if (rng_chance(&t, 0.6))
		buf_addstr(&f[L_PRESENTATION_RESUME], PICK(&t, resumes));
	buf_addstr(&f[L_SOURCE], PICK(&t, sources));
	if (rng_chance(&t, 0.05) && l->num > 10) {
		buf_addstr(&f[L_STRUCTURE_PARENTE], "lieu-");
		add_num(&f[L_STRUCTURE_PARENTE], (unsigned long)rng_range(&t, 1, (long)l->num - 1), 6);
	}
	if (rng_chance(&t, 0.3))
		add_list(&f[L_PUBLICS], &t, publics, N_ELEM(publics), 1, 2, '|');
	if (!strcmp(lieu_kinds[k].typ, "RFS") || !strcmp(lieu_kinds[k].typ, "RFS|MUNI"))
		buf_addstr(&f[L_DISPOSITIFS], "France Services");
	else if (rng_chance(&t, 0.5))
		add_list(&f[L_DISPOSITIFS], &t, dispositifs, N_ELEM(dispositifs), 1, 2, '|');
	k = rng_below(&t, 10);
	buf_addstr(&f[L_FRAIS], frais[k < 7 ? 0 : k < 9 ? 1 : 2]);

	/* what changes between two versions of a structure */
	rng_seed(&t, l->vseed, 2);
	if (rng_chance(&t, 0.7))
		buf_addstr(&f[L_HORAIRES], PICK(&t, horaires));
	add_list(&f[L_SERVICES], &t, services, N_ELEM(services), 1, 4,
		 rng_chance(&t, 0.01) ? ';' : '|');
	add_date(&f[L_DATE_MAJ], l->date);
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
	l->date = rng_range(r, days_from_civil(x->year - 2, 1, 1), x->cutoff);
	l->seed = rng_next(r);
	l->vseed = rng_next(r);
}

static int gen_lieux(struct ctx *x, struct out *o, unsigned long nrec,
		     unsigned long nbad_each, struct err *e)
{
	struct buf f[L_NCOLS];
	struct { struct lieu l; unsigned long due; } pend[PEND_MAX];
	struct sampler s;
	struct rng r;
	struct lieu l, other;
	unsigned long rec, nbad = nbad_each * N_ELEM(lieux_bad_reasons), kbad = 0;
	unsigned long *badpos = NULL;
	int *first = NULL, nfirst = 0, npend = 0, ret = -1, k, i;

	fields_init(f, L_NCOLS);
	rng_seed(&r, x->seed, 3);
	sampler_build(&s, &x->g, w_lieux);
	badpos = bad_positions(&r, nrec, nbad);
	/* every department outside the deliberate gaps gets one structure, early */
	first = xrealloc(NULL, (size_t)x->g.nd, sizeof(*first));
	for (k = 0; k < x->g.nd; k++) {
		const struct dept *d = &x->g.d[k];

		if (!d->no_lieux && sampler_pick_in(&s, &r, d->cur_first,
						    d->cur_first + d->cur_n) >= 0)
			first[nfirst++] = k;
	}
	for (k = nfirst - 1; k > 0; k--) {
		int j = (int)rng_below(&r, (uint64_t)k + 1), tmp = first[k];

		first[k] = first[j];
		first[j] = tmp;
	}
	if (out_open(o, e) || out_header(o, lieux_header, NULL, L_NCOLS, e))
		goto out;
	for (rec = 0; rec < nrec || npend; rec++) {
		int due = -1, com;

		if (!s.total) {
			err_set(e, "no commune with a population to place structures in");
			goto out;
		}
		if (kbad < nbad && rec == badpos[kbad]) {
			int kind = (int)(kbad % N_ELEM(lieux_bad_reasons));

			make_lieu(x, &r, sampler_pick(&s, &r), &l);
			render_lieu(x, &l, f);
			if (kind == 0) {
				buf_reset(&f[L_NOM]);
			} else if (kind == 1) {
				buf_setlen(&f[L_CODE_POSTAL], 4);
			} else {
				buf_addch(&f[L_SERVICES], '|');
				buf_addstr(&f[L_SERVICES], "Initiation à l'intelligence artificielle");
			}
			kbad++;
			if (out_row(o, f, NULL, L_NCOLS, lieux_bad_reasons[kind], e))
				goto out;
			continue;
		}
		for (i = 0; i < npend; i++)
			if (pend[i].due <= rec && (due < 0 || pend[i].due < pend[due].due))
				due = i;
		if (due < 0 && rec >= nrec)
			due = 0;
		if (due >= 0) {
			render_lieu(x, &pend[due].l, f);
			if (out_row(o, f, NULL, L_NCOLS, NULL, e))
				goto out;
			pend[due] = pend[--npend];
			continue;
		}
		if (rec < (unsigned long)nfirst) {
			const struct dept *d = &x->g.d[first[rec]];

			com = sampler_pick_in(&s, &r, d->cur_first, d->cur_first + d->cur_n);
		} else {
			com = sampler_pick(&s, &r);
		}
		if (com < 0) {
			err_set(e, "no commune with a population to place structures in");
			goto out;
		}
		make_lieu(x, &r, com, &l);
		k = x->g.c[com].dep;
		intvec_push(&x->g.d[k].lieux, (int)l.num);
		intvec_push(&x->g.r[x->g.d[k].region].lieux, (int)l.num);
		if (npend < PEND_MAX && rec + 64 < nrec && rec >= (unsigned long)nfirst &&
		    rng_chance(&r, 0.005)) {
			/* the same id again, with another date_maj, either side */
			other = l;
			other.vseed = rng_next(&r);
			other.date = l.date - rng_range(&r, 1, 300);
			if (rng_chance(&r, 0.5)) {
				pend[npend].l = l;
				l = other;
			} else {
				pend[npend].l = other;
			}
			pend[npend++].due = rec + 1 + rng_below(&r, 40);
		}
		render_lieu(x, &l, f);
		if (out_row(o, f, NULL, L_NCOLS, NULL, e))
			goto out;
	}
	if (out_close(o, e))
		goto out;
	ret = 0;
out:
	free(first);
	free(badpos);
	sampler_release(&s);
	fields_release(f, L_NCOLS);
	return ret;
}

/* ------------------------------------------------------------------ */
/* Diagnostics. */

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
static const char *const tailles[] = { "0", "1-2", "3-9", "10+" };
static const unsigned taille_w[] = { 62, 18, 12, 8 };
static const int taille_milli[] = { -200, 0, 250, 500 };

static const char *const diag_bad_reasons[] = {
	"level '7' is above the maximum 4",
	"date is not a calendar date (February 30)",
	"neither rna nor siret",
};

static int gen_diag(struct ctx *x, struct out *o, int y, unsigned long nrec,
		    unsigned long nbad_each, struct err *e)
{
	struct buf f[D_NCOLS];
	struct rng r;
	unsigned long rec, nbad = nbad_each * N_ELEM(diag_bad_reasons), kbad = 0;
	unsigned long *badpos;
	long first = days_from_civil(y, 1, 1), last = days_from_civil(y, 12, 31);
	int ret = -1, ai;

	if (last > x->cutoff)
		last = x->cutoff;
	fields_init(f, D_NCOLS);
	rng_seed(&r, x->seed, 4 + (uint64_t)(y - x->year + 2));
	badpos = bad_positions(&r, nrec, nbad);
	if (!x->nact) {
		err_set(e, "'%s': no active association to diagnose", o->name.data);
		goto out;
	}
	if (out_open(o, e) || out_header(o, diag_header, NULL, D_NCOLS, e))
		goto out;
	for (rec = 0; rec < nrec; rec++) {
		const struct active *a = &x->act[rng_below(&r, x->nact)];
		const struct commune *c = &x->g.c[a->com];
		const struct dept *d = &x->g.d[c->dep];
		const struct intvec *lv = &d->lieux;
		const char *bad = NULL;
		size_t t = rng_weighted(&r, taille_w, N_ELEM(taille_w));
		double latent;
		int kind = -1;

		if (kbad < nbad && rec == badpos[kbad])
			kind = (int)(kbad++ % N_ELEM(diag_bad_reasons));
		fields_reset(f, D_NCOLS);
		buf_addstr(&f[D_ID], "DIAG-");
		add_num(&f[D_ID], (unsigned long)y, 4);
		buf_addch(&f[D_ID], '-');
		add_num(&f[D_ID], rec + 1, 6);
		if (kind == 1) {
			add_num(&f[D_DATE], (unsigned long)y, 4);
			buf_addstr(&f[D_DATE], "-02-30");
		} else {
			add_date(&f[D_DATE], rng_range(&r, first, last));
		}
		if (!lv->n)
			lv = &x->g.r[d->region].lieux;
		if (lv->n) {
			buf_addstr(&f[D_ID_STRUCTURE], "lieu-");
			add_num(&f[D_ID_STRUCTURE], (unsigned long)lv->v[rng_below(&r, lv->n)], 6);
		}
		if (kind != 2) {
			int no_rna = rng_chance(&r, 0.03);

			if (!no_rna)
				buf_addstr(&f[D_RNA], a->id);
			if (no_rna || rng_chance(&r, 0.1))
				add_siret(&f[D_SIRET], &r, 1);
		}
		buf_addstr(&f[D_CODE_INSEE], c->code);
		buf_addstr(&f[D_CODE_POSTAL], a->cp);
		buf_addstr(&f[D_TAILLE], tailles[t]);
		buf_addstr(&f[D_SECTEUR], families[a->fam].secteur);
		/* latent level: region, size, year (+0.15 a year), association */
		latent = 1.7 + x->g.r[d->region].diag_milli / 1000.0 +
			 taille_milli[t] / 1000.0 + 0.15 * (y - (x->year - 2)) +
			 0.7 * rng_normal(&r);
		for (ai = 0; ai < 6; ai++) {
			double v = latent + area_milli[ai] / 1000.0 + 0.8 * rng_normal(&r);
			int level = (int)(v + 100.5) - 100;

			if (rng_chance(&r, 0.08))
				continue;	/* not assessed */
			if (level < 0)
				level = 0;
			if (level > 4)
				level = 4;
			add_num(&f[D_AREA0 + ai], (unsigned long)level, 1);
		}
		if (kind == 0) {
			ai = (int)rng_below(&r, 6);
			buf_reset(&f[D_AREA0 + ai]);
			buf_addch(&f[D_AREA0 + ai], '7');
		}
		if (kind >= 0)
			bad = diag_bad_reasons[kind];
		if (out_row(o, f, NULL, D_NCOLS, bad, e))
			goto out;
	}
	if (out_close(o, e))
		goto out;
	ret = 0;
out:
	free(badpos);
	fields_release(f, D_NCOLS);
	return ret;
}

/* ------------------------------------------------------------------ */
/* Survey (LimeSurvey-style wide export). */

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

static int gen_survey(struct ctx *x, struct out *o, unsigned long nrec,
		      struct err *e)
{
	struct buf f[N_ELEM(survey_header)];
	struct sampler s;
	struct rng r;
	unsigned long rec;
	long first = days_from_civil(x->year, 1, 1);
	int ret = -1;

	fields_init(f, (int)N_ELEM(survey_header));
	rng_seed(&r, x->seed, 7);
	sampler_build(&s, &x->g, w_survey);
	if (out_open(o, e) || out_header(o, survey_header, NULL, (int)N_ELEM(survey_header), e))
		goto out;
	for (rec = 0; rec < nrec; rec++) {
		int com = sampler_pick(&s, &r);
		const struct commune *c;
		size_t t = rng_weighted(&r, taille_w, N_ELEM(taille_w));
		int lastpage = 3, level;
		double latent, u;

		if (com < 0) {
			err_set(e, "no commune with a population for the survey");
			goto out;
		}
		c = &x->g.c[com];
		fields_reset(f, (int)N_ELEM(survey_header));
		if (rng_chance(&r, 0.06))
			lastpage = 1 + (int)rng_below(&r, 2);
		add_num(&f[0], rec + 1, 1);
		if (lastpage == 3)
			add_datetime(&f[1], (long long)rng_range(&r, first, x->cutoff) * 86400 +
					    rng_range(&r, 7 * 3600, 23 * 3600));
		add_num(&f[2], (unsigned long)lastpage, 1);
		buf_addstr(&f[3], "fr");
		buf_addstr(&f[4], c->code + (c->code[0] == '0' && rng_chance(&r, 0.2)));
		buf_addstr(&f[5], tailles[t]);
		latent = x->g.r[x->g.d[c->dep].region].diag_milli / 1000.0 +
			 taille_milli[t] / 1000.0 + 0.8 * rng_normal(&r);
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
	fields_release(f, (int)N_ELEM(survey_header));
	return ret;
}

/* ------------------------------------------------------------------ */

static const struct {
	const char *name;
	unsigned long rna, lieux, diag, survey;
} sizes[] = {
	{ "small", 20000, 1500, 2000, 600 },
	{ "medium", 200000, 5000, 20000, 3000 },
	{ "national", 2000000, 15000, 70000, 10000 },
};

static void usage(FILE *to)
{
	fprintf(to,
		"usage: pana-gen [--size small|medium|national] [--seed N] [--geography DIR]\n"
		"                [--year YYYY] [-v] --out DIR\n"
		"\n"
		"Writes a deterministic sample inbox for pana into DIR (created if missing):\n"
		"  rna_waldec_YYYY1101.csv          RNA extract, ';', UTF-8 with BOM, CRLF\n"
		"  rna_waldec_YYYY1101_dpt_971.csv  Guadeloupe, ';', Windows-1252, LF, other column order\n"
		"  lieux-mediation-numerique.csv    support structures, ',', UTF-8, LF\n"
		"  diagnostics_Y.csv                Y = YYYY-2 .. YYYY, ';', UTF-8, LF\n"
		"  survey_barometre_YYYY.csv        LimeSurvey-style export, ',', UTF-8 with BOM\n"
		"The same arguments always give the same bytes. Sizes (RNA rows):\n"
		"small 20,000 (default), medium 200,000, national 2,000,000 (~1.4 GB).\n"
		"\n"
		"  --size S        small, medium or national\n"
		"  --seed N        unsigned integer, default 1\n"
		"  --geography D   folder with communes.csv and departments.csv (data/geography)\n"
		"  --year YYYY     reference year, default 2026\n"
		"  --out DIR       output folder\n"
		"  -v, --verbose   list each deliberately bad row (file:line) on stderr\n"
		"  -h, --help      this help\n"
		"\n"
		"On stdout, one line per file: rows written and deliberately bad rows.\n"
		"Exit status: 0 success, 2 usage error, 3 input or output error.\n");
}

static int mkdir_p(const char *dir, struct err *e)
{
	struct buf p = BUF_INIT;
	struct stat st;
	size_t i;
	int ret = 0;

	buf_addstr(&p, dir);
	for (i = 1; i <= p.len && !ret; i++) {
		char saved = p.data[i];

		if (saved != '/' && saved != '\0')
			continue;
		p.data[i] = '\0';
		if (mkdir(p.data, 0777) != 0 && errno != EEXIST)
			ret = err_set(e, "cannot create folder '%s': %s", p.data, strerror(errno));
		p.data[i] = saved;
	}
	if (!ret && (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)))
		ret = err_set(e, "'%s' is not a folder", dir);
	buf_release(&p);
	return ret;
}

/* Value of option name at argv[*i] ("--name V" or "--name=V"), or NULL. */
static const char *opt_value(int argc, char **argv, int *i, const char *name,
			     int *missing)
{
	size_t n = strlen(name);
	const char *a = argv[*i];

	if (strncmp(a, name, n))
		return NULL;
	if (a[n] == '=')
		return a + n + 1;
	if (a[n])
		return NULL;
	if (*i + 1 >= argc) {
		*missing = 1;
		return NULL;
	}
	return argv[++*i];
}

static int run(struct ctx *x, size_t size, struct err *e)
{
	struct sampler s;
	struct out o;
	unsigned long nrna = sizes[size].rna;
	int ret = -1, y;

	s.cum = NULL;
	out_init(&o, x->outdir, ';', "\r\n", 1, 1, 0, x->verbose);
	buf_addf(&o.name, "rna_waldec_%04d1101.csv", x->year);
	sampler_build(&s, &x->g, w_rna_main);
	if (gen_rna(x, &o, &s, 1, nrna, nrna / 20000, NULL, e))
		goto out;
	sampler_release(&s);
	out_release(&o);

	out_init(&o, x->outdir, ';', "\n", 0, 0, 1, x->verbose);
	buf_addf(&o.name, "rna_waldec_%04d1101_dpt_971.csv", x->year);
	sampler_build(&s, &x->g, w_rna_971);
	if (gen_rna(x, &o, &s, 2, nrna / 100, 0, rna_order_971, e))
		goto out;
	sampler_release(&s);
	out_release(&o);

	out_init(&o, x->outdir, ',', "\n", 0, 0, 0, x->verbose);
	buf_addstr(&o.name, "lieux-mediation-numerique.csv");
	if (gen_lieux(x, &o, sizes[size].lieux,
		      sizes[size].lieux / 1500 ? sizes[size].lieux / 1500 : 1, e))
		goto out;
	out_release(&o);

	for (y = x->year - 2; y <= x->year; y++) {
		out_init(&o, x->outdir, ';', "\n", 0, 0, 0, x->verbose);
		buf_addf(&o.name, "diagnostics_%04d.csv", y);
		if (gen_diag(x, &o, y, sizes[size].diag,
			     sizes[size].diag / 2000 ? sizes[size].diag / 2000 : 1, e))
			goto out;
		out_release(&o);
	}

	out_init(&o, x->outdir, ',', "\r\n", 1, 1, 0, x->verbose);
	buf_addf(&o.name, "survey_barometre_%04d.csv", x->year);
	if (gen_survey(x, &o, sizes[size].survey, e))
		goto out;
	ret = 0;
out:
	sampler_release(&s);
	out_release(&o);
	return ret;
}

/* The committed referential beside the program (bin/../data/geography),
   else data/geography from the current folder. */
static const char *default_geography(char *buf, size_t n)
{
	ssize_t len = readlink("/proc/self/exe", buf, n - 1);
	char *slash;
	struct stat sb;

	if (len > 0) {
		buf[len] = '\0';
		if ((slash = strrchr(buf, '/'))) {
			*slash = '\0';
			if ((slash = strrchr(buf, '/'))) {
				snprintf(slash, n - (size_t)(slash - buf), "/data/geography");
				if (!stat(buf, &sb) && S_ISDIR(sb.st_mode))
					return buf;
			}
		}
	}
	return "data/geography";
}

int main(int argc, char **argv)
{
	const char *geodir = NULL, *v, *outdir = NULL;
	char found[4096];
	struct ctx x;
	struct err e;
	size_t size = 0;
	int i, missing = 0, status = GEN_EXIT_OK;
	char *end;

	memset(&x, 0, sizeof(x));
	x.seed = 1;
	x.year = 2026;
	e.msg[0] = '\0';
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return GEN_EXIT_OK;
		} else if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) {
			x.verbose = 1;
		} else if ((v = opt_value(argc, argv, &i, "--size", &missing))) {
			for (size = 0; size < N_ELEM(sizes); size++)
				if (!strcmp(v, sizes[size].name))
					break;
			if (size == N_ELEM(sizes)) {
				fprintf(stderr, "pana-gen: --size '%s': expected small, medium or national\n", v);
				return GEN_EXIT_USAGE;
			}
		} else if ((v = opt_value(argc, argv, &i, "--seed", &missing))) {
			errno = 0;
			x.seed = strtoull(v, &end, 10);
			if (errno || end == v || *end || *v == '-') {
				fprintf(stderr, "pana-gen: --seed '%s': expected an unsigned integer\n", v);
				return GEN_EXIT_USAGE;
			}
		} else if ((v = opt_value(argc, argv, &i, "--year", &missing))) {
			long yv;

			errno = 0;
			yv = strtol(v, &end, 10);
			if (errno || end == v || *end || yv < 2000 || yv > 2100) {
				fprintf(stderr, "pana-gen: --year '%s': expected a year between 2000 and 2100\n", v);
				return GEN_EXIT_USAGE;
			}
			x.year = (int)yv;
		} else if ((v = opt_value(argc, argv, &i, "--geography", &missing))) {
			geodir = v;
		} else if ((v = opt_value(argc, argv, &i, "--out", &missing))) {
			outdir = v;
		} else {
			if (missing)
				fprintf(stderr, "pana-gen: option '%s' needs a value\n", a);
			else
				fprintf(stderr, "pana-gen: unknown argument '%s' (see --help)\n", a);
			return GEN_EXIT_USAGE;
		}
	}
	if (!outdir || !*outdir) {
		fprintf(stderr, "pana-gen: --out DIR is required (see --help)\n");
		return GEN_EXIT_USAGE;
	}
	if (!geodir)
		geodir = default_geography(found, sizeof(found));
	x.outdir = outdir;
	x.cutoff = days_from_civil(x.year, 10, 31);
	if (geo_load(&x.g, geodir, &e) || mkdir_p(outdir, &e) || run(&x, size, &e)) {
		fprintf(stderr, "pana-gen: %s\n", e.msg);
		status = GEN_EXIT_IO;
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "pana-gen: cannot write the summary to stdout\n");
		status = GEN_EXIT_IO;
	}
	free(x.act);
	geo_release(&x.g);
	return status;
}
