/*
 * test_schema: validation of single values against the built-in Table
 * Schemas, with the Frictionless error code each bad value must get; then
 * schema_clean(), which normalises a value before validating it: the value
 * staged, the rules of the issues found (pana's warning rules) and whether
 * one of them rejects the row ("pana:blocking").
 */
#include <stdlib.h>

#include "buf.h"
#include "check.h"
#include "schema.h"

struct vcase {
	const char *schema, *field, *value;
	const char *code;	/* NULL: valid */
};

static const struct vcase cases[] = {
	{ "structures.schema.json", "code_postal", "75011", NULL },
	/* 4 digits or a number ending in .0: a spreadsheet dropped the
	   leading zero; transform repairs it. */
	{ "structures.schema.json", "code_postal", "7500", NULL },
	{ "structures.schema.json", "code_postal", "1400.0", NULL },
	{ "structures.schema.json", "code_postal", "750", "constraint-error" },
	{ "structures.schema.json", "code_postal", "75 011", "constraint-error" },
	{ "structures.schema.json", "code_insee", "2A004", NULL },
	{ "structures.schema.json", "code_insee", "97411", NULL },
	{ "structures.schema.json", "code_insee", "20004", "constraint-error" },
	{ "structures.schema.json", "code_insee", "", NULL },
	{ "structures.schema.json", "nom", "", "constraint-error" },
	{ "structures.schema.json", "date_maj", "2024-02-29", NULL },
	{ "structures.schema.json", "date_maj", "2023-02-29", "type-error" },
	/* schema_check() validates only: schema_clean() reads this one */
	{ "structures.schema.json", "date_maj", "29/02/2024", "type-error" },
	{ "structures.schema.json", "latitude", "48.85", NULL },
	{ "structures.schema.json", "latitude", "91", "constraint-error" },
	{ "structures.schema.json", "latitude", "48,85", "type-error" },
	{ "structures.schema.json", "latitude", "0x30", "type-error" },
	{ "structures.schema.json", "latitude", " 48.85", "type-error" },
	{ "structures.schema.json", "latitude", "-4.8e1", NULL },
	{ "geo-epci.schema.json", "population", " 3", "type-error" },
	{ "geo-epci.schema.json", "population", "0x30", "type-error" },
	{ "geo-epci.schema.json", "population", "-3", NULL },
	{ "structures.schema.json", "services",
	  "Aide aux démarches administratives|Loisirs et créations numériques", NULL },
	{ "structures.schema.json", "services",
	  "Aide aux démarches administratives;Compréhension du monde numérique", NULL },
	{ "structures.schema.json", "services", "Aide aux démarches administratives|Cuisine",
	  "constraint-error" },
	{ "structures.schema.json", "pivot", "12345678901234", NULL },
	{ "structures.schema.json", "pivot", "W751234567", NULL },
	{ "structures.schema.json", "pivot", "1234", "constraint-error" },
	{ "associations.schema.json", "id", "W751234567", NULL },
	{ "associations.schema.json", "id", "W9T1002867", NULL },
	/* waldec ids and the ids of rna_import, in both RNA layouts */
	{ "associations.schema.json", "id", "751P00085568", NULL },
	{ "associations.schema.json", "id", "061S0061013683", NULL },
	{ "associations.schema.json", "id", "772P0772007945", NULL },
	{ "associations.schema.json", "id", "751X00085568", "constraint-error" },
	{ "associations.schema.json", "id", "772P0772", "constraint-error" },
	{ "associations.schema.json", "id", "W75123456", "constraint-error" },
	{ "associations-import.schema.json", "id", "751P00085568", NULL },
	{ "associations-import.schema.json", "id", "061S0061013683", NULL },
	{ "associations-import.schema.json", "id", "772P0772007945", NULL },
	{ "associations-import.schema.json", "id", "W751234567", NULL },
	{ "associations-import.schema.json", "id", "W9T1002867", NULL },
	{ "associations-import.schema.json", "id", "751X00085568", "constraint-error" },
	{ "associations-import.schema.json", "id", "", "constraint-error" },
	{ "diagnostics.schema.json", "rna", "751P00085568", NULL },
	{ "diagnostics.schema.json", "rna", "W12", "constraint-error" },
	{ "associations.schema.json", "date_disso", "0001-01-01", NULL },
	{ "associations.schema.json", "date_creat", "2019-13-45", "type-error" },
	{ "associations.schema.json", "position", "A", NULL },
	{ "associations.schema.json", "position", "X", "constraint-error" },
	{ "associations.schema.json", "maj_time", "2024-03-01 10:22:31", NULL },
	{ "associations.schema.json", "maj_time", "2024-03-01 25:00:00", "type-error" },
	{ "associations.schema.json", "adrs_codeinsee", "0", NULL },
	{ "associations.schema.json", "objet_social1", "000000", NULL },
	{ "associations.schema.json", "objet_social1", "11005", "constraint-error" },
	{ "diagnostics.schema.json", "taille", "3-9", NULL },
	{ "diagnostics.schema.json", "taille", "3 à 9", "constraint-error" },
	{ "diagnostics.schema.json", "date", "2025-02-30", "type-error" },
};

static void test_values(void)
{
	struct buf msg = BUF_INIT;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct vcase *c = &cases[i];
		struct err e;
		struct schema *s = schema_load(c->schema, &e);
		const char *code = NULL;
		int f, rc;

		CHECK(s != NULL, "%s", e.msg);
		if (!s)
			continue;
		f = schema_find(s, c->field);
		CHECK(f >= 0, "field '%s'", c->field);
		buf_reset(&msg);
		rc = f >= 0 ? schema_check(s, (size_t)f, c->value, &code, &msg) : -1;
		if (c->code)
			CHECK(rc == -1 && code && !strcmp(code, c->code) && msg.len,
			      "'%s' = '%s': want %s, got %s (%s)", c->field, c->value, c->code,
			      rc ? code : "valid", msg.data);
		else
			CHECK(rc == 0, "'%s' = '%s' should be valid: %s", c->field, c->value, msg.data);
		schema_free(s);
	}
	buf_release(&msg);
}

/*
 * schema_clean(): value in, value staged out (NULL: nothing staged), the
 * rules of the issues in order ("" none; "rule:code" also checks the
 * Frictionless code), and whether the row is rejected.
 */
struct ccase {
	const char *schema, *field, *value;
	const char *out;
	const char *rules;
	int blocking;
};

#define S "structures.schema.json"
#define A "associations.schema.json"
#define I "associations-import.schema.json"
#define D "diagnostics.schema.json"
#define AIDE "Aide aux démarches administratives"
#define LOISIRS "Loisirs et créations numériques"

static const struct ccase clean_cases[] = {
	/* the blocking fields: a lieu's id, an association's id, a
	   diagnostic's id and date */
	{ S, "id", "lieu-1", "lieu-1", "", 0 },
	{ S, "id", "", NULL, "required", 1 },
	{ A, "id", "", NULL, "required", 1 },
	{ A, "id", "W75123456", NULL, "invalid:constraint-error", 1 },
	{ A, "id", "751P00085568", "751P00085568", "", 0 },
	{ I, "id", "061S0061013683", "061S0061013683", "", 0 },
	{ I, "id", "772P0772007945", "772P0772007945", "", 0 },
	{ I, "id", "751X00085568", NULL, "invalid:constraint-error", 1 },
	{ D, "id_diagnostic", "", NULL, "required", 1 },
	{ D, "date", "", NULL, "required", 1 },
	{ D, "date", "2025-02-30", NULL, "invalid:type-error", 1 },
	{ D, "date", "14/03/2025", "2025-03-14", "date-format", 0 },
	/* required but not blocking: a warning, nothing staged */
	{ S, "nom", "", NULL, "required", 0 },
	{ S, "adresse", "", NULL, "required", 0 },
	{ S, "date_maj", "", NULL, "required", 0 },
	{ A, "titre", "", NULL, "required", 0 },
	{ A, "position", "", NULL, "required", 0 },
	{ A, "maj_time", "0001-01-01", NULL, "required", 0 },
	{ S, "code_insee", "", NULL, "", 0 },
	{ A, "date_creat", "0001-01-01", NULL, "", 0 },
	{ A, "siret", "0", NULL, "", 0 },
	/* pivot: 0 and 00000000000000 mean none; spaces removed */
	{ S, "pivot", "0", NULL, "required", 0 },
	{ S, "pivot", "00000000000000", NULL, "required", 0 },
	{ S, "pivot", "", NULL, "required", 0 },
	{ S, "pivot", "362 521 879 00034", "36252187900034", "spaces-removed", 0 },
	{ S, "pivot", "362\u00a0521\u00a0879\u00a000034", "36252187900034", "spaces-removed", 0 },
	{ S, "pivot", "W751234567", "W751234567", "", 0 },
	{ S, "pivot", "1234", NULL, "invalid:constraint-error", 0 },
	{ S, "pivot", "362 521", NULL, "spaces-removed invalid:constraint-error", 0 },
	/* a character of U+0080-U+00BF is no space: nothing removed */
	{ S, "pivot", "W12345678°", NULL, "invalid:constraint-error", 0 },
	{ D, "siret", "443 061 841 00015", "44306184100015", "spaces-removed", 0 },
	{ D, "siret", "4430618410001", NULL, "invalid:constraint-error", 0 },
	{ D, "rna", "W12", NULL, "invalid:constraint-error", 0 },
	/* codes whose leading zero was lost are valid: transform repairs them */
	{ S, "code_postal", "7500", "7500", "", 0 },
	{ S, "code_postal", "1400.0", "1400.0", "", 0 },
	{ S, "code_postal", "75 011", NULL, "invalid:constraint-error", 0 },
	{ S, "code_insee", "1053", "1053", "", 0 },
	{ S, "code_insee", "20004", NULL, "invalid:constraint-error", 0 },
	/* decimal comma */
	{ S, "latitude", "48,8566", "48.8566", "decimal-comma", 0 },
	{ S, "longitude", "-4,4961", "-4.4961", "decimal-comma", 0 },
	{ S, "latitude", "48.8566", "48.8566", "", 0 },
	{ S, "latitude", "91,5", NULL, "decimal-comma invalid:constraint-error", 0 },
	{ S, "latitude", "abc", NULL, "invalid:type-error", 0 },
	{ S, "latitude", "91", NULL, "invalid:constraint-error", 0 },
	/* dates: dd/mm/yyyy (with a time after a space, " - " or " à ") and
	   ISO date-times read as yyyy-mm-dd; impossible dates not staged */
	{ S, "date_maj", "18/03/2022", "2022-03-18", "date-format", 0 },
	{ S, "date_maj", "1/3/2022", "2022-03-01", "date-format", 0 },
	{ S, "date_maj", "12/05/2023 19:34", "2023-05-12", "date-format", 0 },
	{ S, "date_maj", "12/05/2023 - 19:34", "2023-05-12", "date-format", 0 },
	{ S, "date_maj", "12/05/2023 à 19:34", "2023-05-12", "date-format", 0 },
	{ S, "date_maj", "2024-05-02T10:00:00", "2024-05-02", "date-format", 0 },
	{ S, "date_maj", "2024-05-02", "2024-05-02", "", 0 },
	{ S, "date_maj", "29/02/2024", "2024-02-29", "date-format", 0 },
	{ S, "date_maj", "29/02/2023", NULL, "invalid:type-error", 0 },
	{ S, "date_maj", "31/02/2023", NULL, "invalid:type-error", 0 },
	{ S, "date_maj", "2024-5-2", NULL, "invalid:type-error", 0 },
	{ S, "date_maj", "18/03/22", NULL, "invalid:type-error", 0 },
	{ A, "maj_time", "11/06/2015", "2015-06-11 00:00:00", "date-format", 0 },
	{ A, "maj_time", "11/06/2015 09:55", "2015-06-11 09:55:00", "date-format", 0 },
	{ A, "maj_time", "2015-06-11", "2015-06-11 00:00:00", "date-format", 0 },
	{ A, "maj_time", "2024-03-01 10:12:13", "2024-03-01 10:12:13", "", 0 },
	{ A, "maj_time", "2024-13-01 10:00:00", NULL, "invalid:type-error", 0 },
	{ A, "date_creat", "2019-13-45", NULL, "invalid:type-error", 0 },
	/* list labels: any case, accents and spacing; separators | ; and ", " */
	{ S, "services", AIDE, AIDE, "", 0 },
	{ S, "services", "aide aux démarches administratives", AIDE, "label-respelled", 0 },
	{ S, "services", "AIDE AUX DEMARCHES ADMINISTRATIVES", AIDE, "label-respelled", 0 },
	{ S, "services", "Aide  aux démarches administratives", AIDE, "label-respelled", 0 },
	{ S, "services", AIDE "|" LOISIRS, AIDE "|" LOISIRS, "", 0 },
	{ S, "services", " " AIDE " ; " LOISIRS " ", AIDE "|" LOISIRS, "", 0 },
	{ S, "services", AIDE ", " LOISIRS, AIDE "|" LOISIRS, "", 0 },
	{ S, "services", AIDE ",loisirs et créations numériques", AIDE "|" LOISIRS,
	  "label-respelled", 0 },
	{ S, "services", AIDE "|aide aux démarches administratives", AIDE, "label-respelled", 0 },
	{ S, "services", ";;", NULL, "", 0 },
	/* unknown items set aside, the rest kept; a comma that does not make
	   labels of every part is no separator */
	{ S, "services", AIDE "|Cuisine", AIDE, "label-unknown:constraint-error", 0 },
	{ S, "services", "Cuisine", NULL, "label-unknown", 0 },
	{ S, "services", AIDE ", Cuisine", NULL, "label-unknown", 0 },
	{ S, "typologie", "epn;Bib", "EPN|BIB", "label-respelled label-respelled", 0 },
	{ S, "typologie", "asso_chomeur", "ASSO_CHOMEUR", "label-respelled", 0 },
	{ S, "typologie", "XYZ", NULL, "label-unknown", 0 },
	{ S, "itinerance", "itinerant", "Itinérant", "label-respelled", 0 },
	{ S, "frais_a_charge", "gratuit, payant", "Gratuit|Payant",
	  "label-respelled label-respelled", 0 },
	{ S, "formations_labels", "forme a mon espace sante", "Formé à « Mon Espace Santé »",
	  "label-respelled", 0 },
	/* enum of a plain field */
	{ A, "position", "A", "A", "", 0 },
	{ A, "position", "a", "A", "label-respelled", 0 },
	{ A, "position", "X", NULL, "label-unknown:constraint-error", 0 },
	{ D, "taille", "10+", "10+", "", 0 },
	{ D, "taille", "1 - 2", "1-2", "label-respelled", 0 },
	{ D, "taille", "5", NULL, "label-unknown", 0 },
	{ D, "taille", "3 à 9", NULL, "label-unknown", 0 },
	/* earlier labels of the standard (structures.mapping.json) */
	{ S, "typologie", "PE", "FT", "label-mapped", 0 },
	{ S, "typologie", "pe", "FT", "label-mapped", 0 },
	{ S, "typologie", "PE|FT", "FT", "label-mapped", 0 },
	{ S, "services", "Accéder à une connexion internet", "Accès internet et matériel informatique",
	  "label-mapped", 0 },
	{ S, "services", "Accéder à une connexion internet;Accéder à du matériel",
	  "Accès internet et matériel informatique", "label-mapped label-mapped", 0 },
	{ S, "services", "S’équiper en matériel informatique",
	  "Acquisition de matériel informatique à prix solidaire", "label-mapped", 0 },
	{ S, "services", "S'équiper en matériel informatique",
	  "Acquisition de matériel informatique à prix solidaire", "label-mapped", 0 },
	{ S, "services", "créer avec le numérique|" AIDE, LOISIRS "|" AIDE, "label-mapped", 0 },
	{ S, "dispositif_programmes_nationaux", "CNFS", "Conseillers numériques", "label-mapped", 0 },
	{ S, "dispositif_programmes_nationaux", "APTIC", NULL, "label-dropped", 0 },
	{ S, "dispositif_programmes_nationaux", "APTIC|France Services", "France Services",
	  "label-dropped", 0 },
	{ S, "publics_specifiquement_adresses", "Adultes", NULL, "label-dropped", 0 },
	{ S, "publics_specifiquement_adresses", "Seniors (+ 65 ans)", "Seniors", "label-mapped", 0 },
	{ S, "frais_a_charge", "Gratuit sous condition : La gratuité est conditionnée à des "
	  "critères (situation familiale, convention avec un organisme social...)",
	  "Gratuit sous condition", "label-mapped", 0 },
	{ S, "modalites_accompagnement", "Avec de l'aide;Dans un atelier",
	  "Accompagnement individuel|Dans un atelier collectif", "label-mapped label-mapped", 0 },
	/* levels (added from config.ini [competences]): integers 0-4 */
	{ D, "communication", "3", "3", "", 0 },
	{ D, "communication", "", NULL, "", 0 },
	{ D, "communication", "7", NULL, "invalid:constraint-error", 0 },
	{ D, "communication", "-1", NULL, "invalid:constraint-error", 0 },
	{ D, "communication", "2.5", NULL, "invalid:type-error", 0 },
	{ D, "communication", "abc", NULL, "invalid:type-error", 0 },
};

/* Schemas loaded once; diagnostics with a level field. */
static struct schema *schema_named(const char *name)
{
	static struct schema *cache[8];
	static const char *names[8];
	struct err e;
	size_t k;

	for (k = 0; k < 8 && names[k]; k++)
		if (!strcmp(names[k], name))
			return cache[k];
	if (k == 8)
		return NULL;
	cache[k] = schema_load(name, &e);
	CHECK(cache[k] != NULL, "%s: %s", name, e.msg);
	if (cache[k] && !strcmp(name, D))
		schema_add_int_field(cache[k], "communication", 0, 4);
	names[k] = name;
	return cache[k];
}

static void free_schemas(void)
{
	const char *all[] = { S, A, I, D };

	for (size_t k = 0; k < 4; k++)
		schema_free(schema_named(all[k]));
}

/* Whether the issues iss[from...] have the rules of want ("rule" or
   "rule:code" words; "F:rule" also names the field, F being 'a' for field
   fa, 'b' for fb, '*' either). Describes them in got. */
static int issues_are(const struct schema_issues *iss, size_t from, const char *want,
		      int fa, int fb, struct buf *got)
{
	const char *p = want;
	size_t k;
	int ok = 1;

	buf_reset(got);
	for (k = from; k < iss->n; k++) {
		const struct schema_issue *x = &iss->v[k];
		size_t n;
		int field = -1;

		buf_addf(got, "%s%s%s:%s", got->len ? " " : "",
			 fb < 0 ? "" : x->field == fa ? "a:" : x->field == fb ? "b:" : "?:",
			 x->rule, x->code);
		p += strspn(p, " ");
		n = strcspn(p, " ");
		if (!n) {
			ok = 0;
			continue;
		}
		if (n > 2 && p[1] == ':' && (p[0] == 'a' || p[0] == 'b' || p[0] == '*')) {
			field = p[0] == 'a' ? fa : p[0] == 'b' ? fb : -2;
			p += 2;
			n -= 2;
		}
		if (field == -1)
			field = fa;
		if ((field >= 0 && x->field != field) ||
		    (field == -2 && x->field != fa && x->field != fb))
			ok = 0;
		if (strncmp(p, x->rule, strlen(x->rule)) ||
		    (p[strlen(x->rule)] != ' ' && p[strlen(x->rule)] != ':' && p[strlen(x->rule)]))
			ok = 0;
		else if (p[strlen(x->rule)] == ':' &&
			 (strncmp(p + strlen(x->rule) + 1, x->code, strlen(x->code)) ||
			  strlen(x->rule) + 1 + strlen(x->code) != n))
			ok = 0;
		/* every issue says something, and what was read, but a
		   missing value */
		if (!x->msg[0] || !x->code || (strcmp(x->rule, "required") &&
					       strcmp(x->rule, "one-of-required") && !x->value[0]))
			ok = 0;
		p += n;
	}
	p += strspn(p, " ");
	return ok && !*p && !iss->more;
}

static void test_clean(void)
{
	struct buf scratch = BUF_INIT, got = BUF_INIT;
	size_t i;

	for (i = 0; i < sizeof(clean_cases) / sizeof(clean_cases[0]); i++) {
		const struct ccase *c = &clean_cases[i];
		struct schema *s = schema_named(c->schema);
		struct schema_issues iss = { 0 };
		const char *out;
		int f;

		if (!s)
			continue;
		f = schema_find(s, c->field);
		CHECK(f >= 0, "field '%s'", c->field);
		if (f < 0)
			continue;
		out = schema_clean(s, (size_t)f, c->value, 0, &scratch, &iss);
		CHECK(c->out ? out && !strcmp(out, c->out) : !out,
		      "%s '%s': staged '%s', want '%s'", c->field, c->value, check_show(out),
		      check_show(c->out));
		CHECK(issues_are(&iss, 0, c->rules, f, -1, &got),
		      "%s '%s': issues '%s', want '%s'", c->field, c->value, got.data, c->rules);
		CHECK(schema_issues_blocking(&iss) == c->blocking,
		      "%s '%s': blocking %d, want %d", c->field, c->value,
		      schema_issues_blocking(&iss), c->blocking);
	}
	buf_release(&scratch);
	buf_release(&got);
}

/*
 * An earlier column that feeds two fields (SCHEMA_SPLIT): publics_accueillis
 * -> publics_specifiquement_adresses (a) and prise_en_charge_specifique (b),
 * labels_nationaux -> dispositif_programmes_nationaux (a) and
 * formations_labels (b). Each field keeps the labels it takes; a label that
 * the other field takes is no issue; a label that neither takes is one
 * issue ('*': on either field).
 */
struct scase {
	const char *fa, *fb, *value;
	const char *out_a, *out_b;
	const char *rules;
};

#define PUB "publics_specifiquement_adresses"
#define PEC "prise_en_charge_specifique"
#define DIS "dispositif_programmes_nationaux"
#define FOR "formations_labels"

static const struct scase split_cases[] = {
	{ PUB, PEC, "Jeunes", "Jeunes", NULL, "" },
	{ PUB, PEC, "Surdité", NULL, "Surdité", "" },
	{ PUB, PEC, "Jeunes|Surdité", "Jeunes", "Surdité", "" },
	{ PUB, PEC, "jeunes;surdité", "Jeunes", "Surdité", "a:label-respelled b:label-respelled" },
	{ PUB, PEC, "Seniors (+ 65 ans);Surdité", "Seniors", "Surdité", "a:label-mapped" },
	{ PUB, PEC, "Personnes en situation d'illettrisme", NULL, "Illettrisme", "b:label-mapped" },
	{ PUB, PEC, "Adultes", NULL, NULL, "*:label-dropped" },
	{ PUB, PEC, "Handicaps psychiques", NULL, NULL, "*:label-dropped" },
	{ PUB, PEC, "Cuisine", NULL, NULL, "*:label-unknown" },
	/* current labels of one field, written as they are or respelled */
	{ PUB, PEC, "Illettrisme", NULL, "Illettrisme", "" },
	{ PUB, PEC, "Langues étrangères (anglais)", NULL, "Langues étrangères (anglais)", "" },
	{ PUB, PEC, "Handicaps moteurs|Femmes", "Femmes", "Handicaps moteurs", "" },
	{ PUB, PEC, "illettrisme", NULL, "Illettrisme", "b:label-respelled" },
	{ PUB, PEC, "Étudiants", "Étudiants", NULL, "" },
	{ PUB, PEC, "Familles/enfants;Surdité;Illettrisme;Langues étrangères (anglais)",
	  "Familles et/ou enfants", "Surdité|Illettrisme|Langues étrangères (anglais)",
	  "a:label-mapped" },
	{ DIS, FOR, "CNFS;Fabriques de Territoire;APTIC", "Conseillers numériques",
	  "Fabriques de Territoire", "a:label-mapped *:label-dropped" },
	{ DIS, FOR, "France Services", "France Services", NULL, "" },
	{ DIS, FOR, "ORDI 3.0", NULL, "ORDI 3.0", "" },
	{ DIS, FOR, "French Tech", NULL, NULL, "*:label-dropped" },
};

static void test_split(void)
{
	struct schema *s = schema_named(S);
	struct buf sa = BUF_INIT, sb = BUF_INIT, got = BUF_INIT;
	size_t i;

	if (!s)
		return;
	CHECK_INT(schema_find(s, "publics_accueillis"), schema_find(s, PUB));
	CHECK_INT(schema_find_from(s, "publics_accueillis", (size_t)schema_find(s, PUB) + 1),
		  schema_find(s, PEC));
	CHECK_INT(schema_field_sibling(s, (size_t)schema_find(s, PUB)), schema_find(s, PEC));
	CHECK_INT(schema_field_sibling(s, (size_t)schema_find(s, PEC)), schema_find(s, PUB));
	CHECK_INT(schema_find(s, "labels_nationaux"), schema_find(s, DIS));
	CHECK_INT(schema_field_sibling(s, (size_t)schema_find(s, DIS)), schema_find(s, FOR));
	CHECK_INT(schema_field_sibling(s, (size_t)schema_find(s, "services")), -1);
	CHECK_INT(schema_find(s, "conditions_acces"), schema_find(s, "frais_a_charge"));
	for (i = 0; i < sizeof(split_cases) / sizeof(split_cases[0]); i++) {
		const struct scase *c = &split_cases[i];
		int fa = schema_find(s, c->fa), fb = schema_find(s, c->fb);
		struct schema_issues iss = { 0 };
		const char *a, *b;

		a = schema_clean(s, (size_t)fa, c->value, SCHEMA_SPLIT, &sa, &iss);
		b = schema_clean(s, (size_t)fb, c->value, SCHEMA_SPLIT, &sb, &iss);
		CHECK(c->out_a ? a && !strcmp(a, c->out_a) : !a, "%s '%s': staged '%s', want '%s'",
		      c->fa, c->value, check_show(a), check_show(c->out_a));
		CHECK(c->out_b ? b && !strcmp(b, c->out_b) : !b, "%s '%s': staged '%s', want '%s'",
		      c->fb, c->value, check_show(b), check_show(c->out_b));
		CHECK(issues_are(&iss, 0, c->rules, fa, fb, &got), "split '%s': issues '%s', want '%s'",
		      c->value, got.data, c->rules);
		CHECK(!schema_issues_blocking(&iss), "split '%s' blocks", c->value);
	}
	buf_release(&sa);
	buf_release(&sb);
	buf_release(&got);
}

/* The declared blocking fields, and nothing else. */
static void test_blocking_fields(void)
{
	static const struct {
		const char *schema, *fields;
	} want[] = {
		{ S, " id " },
		{ A, " id " },
		{ I, " id " },
		{ D, " id_diagnostic date " },
	};

	for (size_t k = 0; k < sizeof(want) / sizeof(want[0]); k++) {
		struct schema *s = schema_named(want[k].schema);
		struct buf got = BUF_INIT;

		if (!s)
			continue;
		buf_addch(&got, ' ');
		for (size_t i = 0; i < schema_nfields(s); i++)
			if (schema_field_blocking(s, i))
				buf_addf(&got, "%s ", schema_field_name(s, i));
		CHECK(!strcmp(got.data, want[k].fields), "%s: blocking fields '%s', want '%s'",
		      want[k].schema, got.data, want[k].fields);
		buf_release(&got);
	}
}

/* Row checks: one of rna and siret (blocking, on rna), on cleaned values;
   a blocking issue is never lost, however many issues come before it. */
static void test_row(void)
{
	struct schema *s = schema_named(D);
	struct buf scratch = BUF_INIT, got = BUF_INIT;
	const char *values[160] = { 0 };
	struct schema_issues iss = { 0 };
	int rna, siret;

	if (!s)
		return;
	rna = schema_find(s, "rna");
	siret = schema_find(s, "siret");
	CHECK_INT(schema_check_row(s, values, &iss), -1);
	CHECK(issues_are(&iss, 0, "one-of-required:constraint-error", rna, -1, &got), "%s", got.data);
	CHECK(schema_issues_blocking(&iss), "no rna nor siret blocks");
	iss.n = 0;
	values[siret] = "44306184100015";
	CHECK_INT(schema_check_row(s, values, &iss), 0);
	CHECK_INT(iss.n, 0);
	values[siret] = NULL;
	values[rna] = "751P00085568";
	CHECK_INT(schema_check_row(s, values, &iss), 0);
	/* a bad siret alone: cleaned to NULL, the row cannot serve */
	values[rna] = NULL;
	values[siret] = schema_clean(s, (size_t)siret, "4430618410001", 0, &scratch, &iss);
	CHECK(values[siret] == NULL, "bad siret staged");
	schema_check_row(s, values, &iss);
	CHECK(issues_are(&iss, 0, "a:invalid:constraint-error b:one-of-required", siret, rna, &got) &&
	      schema_issues_blocking(&iss), "bad siret, no rna: %s", got.data);

	/* more than SCHEMA_MAX_ISSUES warnings before the blocking one */
	{
		struct schema *m = schema_load(D, &(struct err){ .msg = "" });
		struct schema_issues many = { 0 };
		char name[16];
		size_t k, nf;

		CHECK(m != NULL, "diagnostics schema");
		if (m) {
			for (k = 0; k < SCHEMA_MAX_ISSUES + 6; k++) {
				snprintf(name, sizeof(name), "area%zu", k);
				schema_add_int_field(m, name, 0, 4);
			}
			nf = schema_nfields(m);
			for (k = 0; k < nf; k++)
				values[k] = NULL;
			for (k = 0; k < nf; k++)
				if (!strncmp(schema_field_name(m, k), "area", 4))
					schema_clean(m, k, "9", 0, &scratch, &many);
			CHECK_INT(many.n + many.more, SCHEMA_MAX_ISSUES + 6);
			schema_check_row(m, values, &many);
			CHECK(schema_issues_blocking(&many),
			      "a row with neither rna nor siret and %d other issues is kept",
			      SCHEMA_MAX_ISSUES + 6);
			schema_free(m);
		}
	}
	buf_release(&scratch);
	buf_release(&got);
}

/* The value of an issue is the value as read, cut on a character boundary. */
static void test_issue_value(void)
{
	struct schema *s = schema_named(S);
	struct buf scratch = BUF_INIT;
	struct schema_issues iss = { 0 };
	const char *v = "Gratuit sous condition : La gratuité est conditionnée à des critères "
			"(situation familiale, convention avec un organisme social...) éééééé";
	int f;

	if (!s)
		return;
	f = schema_find(s, "frais_a_charge");
	schema_clean(s, (size_t)f, v, 0, &scratch, &iss);
	CHECK_INT(iss.n, 1);
	if (iss.n) {
		size_t n = strlen(iss.v[0].value);

		CHECK(n > 100 && n < sizeof(iss.v[0].value) && !strncmp(iss.v[0].value, v, n) &&
		      (v[n] & 0xC0) != 0x80, "value '%s'", iss.v[0].value);
	}
	buf_release(&scratch);
}

static void test_detect(void)
{
	char *rna[] = { (char *)"id", (char *)"titre", (char *)"position",
			(char *)"maj_time", (char *)"adrs_codeinsee" };
	char *lieux[] = { (char *)"id", (char *)"pivot", (char *)"nom",
			  (char *)"code_postal", (char *)"date_maj" };
	char *other[] = { (char *)"a", (char *)"b" };
	struct err e;
	struct schema *s[4];

	s[0] = schema_load("associations.schema.json", &e);
	s[1] = schema_load("structures.schema.json", &e);
	s[2] = schema_load("diagnostics.schema.json", &e);
	s[3] = NULL;
	CHECK(s[0] && s[1] && s[2], "schemas load");
	if (s[0] && s[1] && s[2]) {
		CHECK(schema_detects(s[0], rna, 5), "RNA header");
		CHECK(!schema_detects(s[1], rna, 5), "RNA header is not structures");
		CHECK(schema_detects(s[1], lieux, 5), "lieux header");
		CHECK(!schema_detects(s[0], other, 2) && !schema_detects(s[1], other, 2) &&
		      !schema_detects(s[2], other, 2), "unknown header");
	}
	for (int i = 0; i < 3; i++)
		schema_free(s[i]);
}

static void test_bad_schemas(void)
{
	static const char *const bad[] = {
		"{",
		"{\"fields\": []}",
		"{\"fields\": [{\"name\": \"a\", \"type\": \"geojson\"}]}",
		"{\"fields\": [{\"name\": \"a\", \"constraints\": {\"pattern\": \"(\"}}]}",
		"{\"pana:table\": \"x; DROP TABLE y\", \"fields\": [{\"name\": \"a\"}]}",
		"{\"fields\": [{\"name\": \"a\", \"type\": \"date\", \"format\": \"%d %B %Y\"}]}",
		"{\"pana:headerRows\": 0, \"fields\": [{\"name\": \"a\"}]}",
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct err e = { .msg = "" };
		struct schema *s = schema_parse(bad[i], strlen(bad[i]), "bad", &e);

		CHECK(s == NULL && e.msg[0], "bad schema %zu refused", i);
		schema_free(s);
	}
}

/* A date field with a "format": the declared form is read without a
   warning; another form still read, with one. */
struct dcase {
	const char *format, *value, *want;	/* want NULL: not a date */
	int warned;
};

static const struct dcase dates[] = {
	{ "%d/%m/%Y - %H:%M", "03/04/2025 - 18:22", "2025-04-03 18:22:00", 0 },
	{ "%d/%m/%Y - %H:%M", "3/4/2025 - 8:22", "2025-04-03 08:22:00", 0 },
	{ "%d/%m/%Y - %H:%M", "2025-04-03 18:22:00", "2025-04-03 18:22:00", 0 },
	{ "%d/%m/%Y - %H:%M", "03/04/2025 18:22", "2025-04-03 18:22:00", 1 },
	{ "%d/%m/%Y %H:%M:%S", "12/05/2025 19:34:56", "2025-05-12 19:34:56", 0 },
	{ "%m/%d/%Y %H:%M:%S", "5/12/2025 19:34:56", "2025-05-12 19:34:56", 0 },
	{ "%m/%d/%Y %H:%M:%S", "13/12/2025 19:34:56", "2025-12-13 19:34:56", 1 },
	{ "%Y/%m/%d %H:%M:%S %p", "2025/05/12 7:34:56 PM", "2025-05-12 19:34:56", 0 },
	{ "%Y/%m/%d %H:%M:%S %p", "2025/05/12 12:04:56 am", "2025-05-12 00:04:56", 0 },
	{ "%d.%m.%y", "31.12.25", "2025-12-31 00:00:00", 0 },
	{ "%d/%m/%Y", "31/02/2025", NULL, 1 },
	{ "%d/%m/%Y - %H:%M", "03/04/2025 - 18:22 ", NULL, 1 },
};

static void test_date_format(void)
{
	struct schema_issues iss;
	struct buf scratch = BUF_INIT, json = BUF_INIT;
	size_t i;

	CHECK(schema_date_format_check("%d/%m/%Y - %H:%M %p %%") == 0, "format read");
	CHECK(schema_date_format_check("%d %B %Y") == -1, "%%B refused");
	CHECK(schema_date_format_check("%d/%m/%") == -1, "a lone %% refused");
	for (i = 0; i < sizeof(dates) / sizeof(dates[0]); i++) {
		const struct dcase *c = &dates[i];
		struct err e;
		struct schema *s;
		const char *v;

		buf_reset(&json);
		buf_addf(&json, "{\"fields\": [{\"name\": \"d\", \"type\": \"datetime\", "
			 "\"format\": \"%s\"}]}", c->format);
		s = schema_parse(json.data, json.len, "dates", &e);
		CHECK(s != NULL, "%s", e.msg);
		if (!s)
			continue;
		iss.n = iss.more = 0;
		v = schema_clean(s, 0, c->value, 0, &scratch, &iss);
		if (c->want)
			CHECK(v && !strcmp(v, c->want), "'%s' by '%s': got '%s', want '%s'", c->value,
			      c->format, v ? v : "(null)", c->want);
		else
			CHECK(v == NULL, "'%s' by '%s': got '%s', want none", c->value, c->format, v);
		CHECK((iss.n > 0) == c->warned, "'%s' by '%s': %zu issues", c->value, c->format,
		      iss.n);
		schema_free(s);
	}
	buf_release(&scratch);
	buf_release(&json);
}

int main(void)
{
	test_values();
test_clean();
	test_split();
	test_blocking_fields();
	test_row();
	test_issue_value();
	test_date_format();
	test_detect();
	test_bad_schemas();
	free_schemas();
	return t_done("test_schema");
}
