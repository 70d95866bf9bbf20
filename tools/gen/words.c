/* Word lists and the sentences built from them. Every character must exist
   in Windows-1252. */
#define WORDS_DEFINE
#include <string.h>

#include "gen.h"

static const char *const nicknames[] = {
	"La Clé des chants", "L'Échappée belle", "Arc-en-ciel",
	"Les Copains d'abord", "La Truite vagabonde", "Les Tréteaux",
	"Les Chardons bleus", "La Fabrique", "Le Grand Chêne",
	"Les Hirondelles", "La Belle Époque", "Les Cigales", "L'Envol",
	"Les Mouettes", "Le Vieux Pressoir", "Cœur de village",
	"Les Trois Rivières", "La Ruche", "Le Fil d'Ariane",
};

/* Template: %C commune, %D "de" + commune with elision, %N a nickname. */
void words_expand(struct buf *b, const char *t, const char *commune,
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
			field_de(b, commune);
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

#define LIST(a) a, N_ELEM(a)
const struct family words_families[] = {
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

const char *const words_streets[] = {
	"de la Mairie", "de l'Église", "Victor Hugo", "Jean Jaurès",
	"de la République", "du Général de Gaulle", "des Écoles", "Pasteur",
	"de la Gare", "du Château", "des Tilleuls", "Émile Zola",
	"de la Liberté", "du Moulin", "des Lilas", "du 8 Mai 1945",
	"Gambetta", "de Verdun", "des Acacias", "du Stade", "de la Fontaine",
	"Saint-Martin", "des Jardins", "du Port", "de la Croix", "Jules Ferry",
	"Anatole France", "du Marché", "des Peupliers", "de la Forge",
};
const struct street_type words_street_types[] = {
	{ "RUE", "rue" }, { "RUE", "rue" }, { "RUE", "rue" }, { "AV", "avenue" },
	{ "BD", "boulevard" }, { "PL", "place" }, { "CHE", "chemin" },
	{ "ALL", "allée" }, { "IMP", "impasse" }, { "RTE", "route" },
	{ "QUAI", "quai" }, { "SQ", "square" }, { "CRS", "cours" },
};
const char *const words_complements[] = {
	"Mairie", "Salle des fêtes", "Maison des associations", "Bâtiment B",
	"Résidence Les Tilleuls", "Appartement 12", "Espace associatif",
	"Chez Mme Girard",
};

/* objet: 250-400 characters of sentences; rare quotes and newlines. */
void words_objet(struct buf *b, struct rng *t, const struct family *fam,
		 const char *commune)
{
	size_t start = b->len, target = (size_t)rng_range(t, 250, 400), k;
	unsigned used_f, used_g = 0;
	int n = 0, newline = rng_chance(t, 0.002);

	k = rng_below(t, fam->nsent);
	used_f = 1u << k;
	words_expand(b, fam->sent[k], commune, t);
	while (b->len - start < target && n < 8) {
		/* about one objet in 500 holds a line break */
		buf_addch(b, newline && n == 0 ? '\n' : ' ');
		if (n == 0 && rng_chance(t, 0.01)) {
			words_expand(b, "Elle est connue localement sous le nom \"%N\".", commune, t);
		} else if (rng_chance(t, 0.35) &&
			   used_f != (1u << fam->nsent) - 1) {
			do
				k = rng_below(t, fam->nsent);
			while (used_f & (1u << k));
			used_f |= 1u << k;
			words_expand(b, fam->sent[k], commune, t);
		} else {
			do
				k = rng_below(t, N_ELEM(generic_sent));
			while (used_g & (1u << k));
			used_g |= 1u << k;
			words_expand(b, generic_sent[k], commune, t);
		}
		n++;
	}
}

const char *const words_tailles[] = { "0", "1-2", "3-9", "10+" };
const unsigned words_taille_w[] = { 62, 18, 12, 8 };
const int words_taille_milli[] = { -200, 0, 250, 500 };

_Static_assert(N_ELEM(words_families) == WORDS_NFAMILIES, "families");
_Static_assert(N_ELEM(words_streets) == WORDS_NSTREETS, "streets");
_Static_assert(N_ELEM(words_street_types) == WORDS_NSTREET_TYPES, "street types");
_Static_assert(N_ELEM(words_complements) == WORDS_NCOMPLEMENTS, "complements");
_Static_assert(N_ELEM(words_tailles) == WORDS_NTAILLES, "tailles");
