/*
 * test_text: the keys that make labels and commune names meet, on the
 * spellings found in La Poste's base, the COG and real exports.
 */
#include "check.h"
#include "text.h"

struct kcase {
	const char *in, *want;
};

static const struct kcase labels[] = {
	{ "Accès internet et matériel informatique", "acces internet et materiel informatique" },
	{ "  ACCÈS   internet ET matériel informatique ", "acces internet et materiel informatique" },
	{ "Étudiants", "etudiants" },
	{ "Familles et/ou enfants", "familles et ou enfants" },
	{ "S’équiper en matériel", "s equiper en materiel" },
	{ "Œuvres", "oeuvres" },
	{ "", "" },
	/* not UTF-8 (a Windows-1252 byte): folded as ASCII, no crash */
	{ "Caf\xe9", "caf" },
};

static const struct kcase places[] = {
	{ "HAVRE (LE)", "le havre" },
	{ "Le Havre", "le havre" },
	{ "ABERGEMENT-CLEMENCIAT (L')", "l abergement clemenciat" },
	{ "L'Abergement-Clémenciat", "l abergement clemenciat" },
	{ "ST ETIENNE", "saint etienne" },
	{ "Saint-Étienne", "saint etienne" },
	{ "STE FOY LES LYON", "sainte foy les lyon" },
	{ "ANNECY CEDEX", "annecy" },
	{ "ST ETIENNE CEDEX 2", "saint etienne" },
	{ "MARSEILLE 11", "marseille" },
	{ "Marseille 11e Arrondissement", "marseille" },
	{ "Paris 1er", "paris" },
	{ "Lyon 3ème", "lyon" },
	/* a number that is the name itself stays */
	{ "11", "11" },
	{ "Saint-Donat-sur-l'Herbasse", "saint donat sur l herbasse" },
};

int main(void)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++) {
		text_key(labels[i].in, &b);
		CHECK_STR(b.data, labels[i].want);
	}
	for (i = 0; i < sizeof(places) / sizeof(places[0]); i++) {
		text_place_key(places[i].in, &b);
		CHECK_STR(b.data, places[i].want);
	}
	text_set_language("fr");
	CHECK_STR(TR("yes", "oui"), "oui");
	text_set_language("en");
	CHECK_STR(TR("yes", "oui"), "yes");
	buf_release(&b);
	/* Names from outside, shown printable and on one line. */
	{
		static const struct { const char *in, *want; } esc[] = {
			{ "lieux.csv", "lieux.csv" },
			{ "Th\xc3\xa9\xc3\xa2tre.csv", "Th\xc3\xa9\xc3\xa2tre.csv" },
			{ "a\nb\tc\rd", "a\\nb\\tc\\rd" },
			{ "\x1b[31mred", "\\x1B[31mred" },
			{ "caf\xe9.csv", "caf\\xE9.csv" },
			{ "\xc2\x9b" "2J", "\\u009B2J" },
			{ "\x7f\xc3", "\\x7F\\xC3" },
		};
		struct buf eb = BUF_INIT;

		for (size_t k = 0; k < sizeof(esc) / sizeof(esc[0]); k++) {
			buf_reset(&eb);
			text_escape(&eb, esc[k].in, (size_t)-1);
			CHECK_STR(eb.data, esc[k].want);
		}
		buf_reset(&eb);
		text_escape(&eb, "a\0b", 3);
		CHECK_STR(eb.data, "a\\x00b");
		buf_release(&eb);
	}
	return t_done("test_text");
}
