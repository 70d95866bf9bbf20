/*
 * test_survey: [survey NAME] sections as config_load reads them: questions
 * by their full header, mappings, options of multiple-choice questions,
 * the columns in their order, the cells of checked options split, and one
 * clear message per mistake.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "check.h"
#include "config.h"

static char dir[] = "/tmp/pana-test-survey-XXXXXX";

#define PATHS "[paths]\ndatabase = db.sqlite\ninbox = inbox\nreports = reports\n" \
	"geography = /tmp\n"

static int load(const char *section, struct config *c, struct err *e)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/config.ini", dir);
	f = fopen(path, "w");
	if (!f)
		return -2;
	fputs(PATHS, f);
	fputs(section, f);
	fclose(f);
	return config_load(c, path, e);
}

struct refusal {
	const char *section, *words;
};

static const struct refusal refusals[] = {
	{ "[survey s]\ndate = d\n", "[survey s] commune is missing" },
	{ "[survey s]\ncommune = c\n", "[survey s] date is missing" },
	{ "[survey s]\ndate = d\ncommune = c\nheader_rows = 0\n", "header_rows: '0'" },
	{ "[survey s]\ndate = d\ncommune = c\ncommune.type = town\n", "'town' is not auto" },
	{ "[survey s]\ndate = d\ncommune = c\ndate.format = %d/%m/%Y %Z\n", "date.format" },
	{ "[survey s]\ndate = d\ncommune = c\nQ1 = Oui: 1\n", "Q1: not a setting, and no question" },
	{ "[survey s]\ndate = d\ncommune = c\nquestion.a = A ?\nquestion.A = B ?\n",
	  "question 'A' is declared twice" },
	{ "[survey s]\ndate = d\ncommune = c\nquestion.a.b = A ?\n", "holds no '.'" },
	{ "[survey s]\ndate = d\ncommune = c\nquestion.a =\n", "'a' names no column" },
	{ "[survey s]\ndate = d\ncommune = c\nquestion.a = A\na = Oui: un\n",
	  "the value of 'Oui', 'un', is not a number" },
	{ "[survey s]\ndate = d\ncommune = c\nquestion.a = A\na = Oui\n", "'Oui' has no ':'" },
	{ "[survey s]\ndate = d\ncommune = c\nquestion.a = A\na = \"Oui: 1\n", "not closed" },
	{ "[survey s]\ndate = d\ncommune = c\noption.a.x = X\n", "no question 'a'" },
	{ "[survey s]\ndate = d\ncommune = c\nquestion.a = A\noption.a.x = X\noption.a.X = Y\n",
	  "option.a.X is declared twice" },
	{ "[survey s]\ndate = d\ncommune = c\nquestion.a = A\na.split = \", \"\n",
	  "the question has no options" },
	{ "[survey s]\ndate = d\ncommune = c\nquestion.a = A\noption.a.x = X\na = X: 1\n",
	  "takes no mapping" },
	{ "[survey s]\ndate = d\ncommune = c\nquestion.a = A\noption.a.x = X\na.y.title = T\n",
	  "question 'a' has no option 'y'" },
	{ "[survey s]\ndate = d\ncommune = c\nquestion.a = A\noption.a.x = X\na.split = ,\n"
	  "a.checked = X\n", "exclude each other" },
};

static void split_case(const struct survey_question *q, const char *cell, const char *want,
		       const char *rest)
{
	unsigned char checked[8];
	char got[9];
	struct buf r = BUF_INIT;
	size_t i;

	survey_split(q, cell, checked, &r);
	for (i = 0; i < q->noptions; i++)
		got[i] = (char)('0' + checked[i]);
	got[i] = '\0';
	CHECK(!strcmp(got, want) && !strcmp(r.data, rest), "'%s': got %s '%s', want %s '%s'",
	      cell, got, r.data, want, rest);
	buf_release(&r);
}

int main(void)
{
	struct config c;
	struct err e = { .msg = "" };
	const struct survey *s;
	const struct survey_question *q;
	double v = -1;
	int o;
	size_t i;

	if (!mkdtemp(dir))
		return 2;
	/* The layouts of the three tools in one section each. */
	CHECK(load("[survey frama]\nheader_rows = 3\nid = SID\ndate = Heure de soumission\n"
		   "date.format = %d/%m/%Y - %H:%M\ndraft = Brouillon\n"
		   "commune = Commune du siège\ncommune.type = name\npostal_code = Code postal\n"
		   "question.aisance = Comment évaluez-vous l'aisance (usage courant :\n"
		   "  messagerie, visio) ?\n"
		   "aisance = Très faible: 0, \"Bien, voire: très bien\": 3.5, Je ne sais pas:\n"
		   "aisance.title = Aisance (0 à 4)\n"
		   "outils.site.title = A un site web\n"
		   "question.outils = Quels outils ?\n"
		   "outils.checked = X\n"
		   "option.outils.site = Site web\n"
		   "option.outils.Reseaux = Réseaux sociaux (Facebook, Instagram…)\n"
		   "[survey lime]\nid = id\ndate = submitdate, datestamp\ncommune = CP\n"
		   "commune.type = postal\nquestions = Q1, Q3[SQ001]\nQ1 = Oui: 1, Non: 0\n"
		   "Q3[SQ001].title = Site\n"
		   "[survey gforms]\ndate = Horodateur\ncommune = Commune\n"
		   "question.outils = Quels outils ?\noutils.split = \", \"\n"
		   "option.outils.site = Site web\n"
		   "option.outils.reseaux = Réseaux sociaux (Facebook, Instagram…)\n"
		   "option.outils.res = Réseaux sociaux\n"
		   "option.outils.visio = Visioconférence\n", &c, &e) == 0, "%s", e.msg);
	CHECK_INT(c.nsurveys, 3);
	s = config_survey(&c, "frama");
	CHECK(s != NULL, "survey frama");
	if (!s)
		return t_done("test_survey");
	CHECK_INT(s->header_rows, 3);
	CHECK_STR(s->id, "SID");
	CHECK_STR(s->draft, "Brouillon");
	CHECK_STR(s->postal, "Code postal");
	CHECK_STR(s->date_format, "%d/%m/%Y - %H:%M");
	CHECK_INT(s->commune_type, SURVEY_COMMUNE_NAME);
	CHECK_INT(s->nquestions, 2);
	q = &s->questions[0];
	CHECK_STR(q->name, "aisance");
	CHECK_STR(q->column, "Comment évaluez-vous l'aisance (usage courant : messagerie, visio) ?");
	CHECK_INT(q->layout, SURVEY_ONE);
	CHECK_INT(survey_value(q, " Très faible ", &v), 1);
	CHECK(v == 0, "Très faible: %g", v);
	CHECK_INT(survey_value(q, "Bien, voire: très bien", &v), 1);
	CHECK(v == 3.5, "quoted label: %g", v);
	CHECK_INT(survey_value(q, "Je ne sais pas", &v), 0);
	CHECK_INT(survey_value(q, "Autre chose", &v), -1);
	CHECK_INT(survey_value(q, "très faible", &v), -1);
	q = &s->questions[1];
	CHECK_INT(q->layout, SURVEY_COLUMNS);
	CHECK_INT(q->noptions, 2);
	CHECK_STR(q->options[1].code, "reseaux");
	CHECK_STR(q->options[1].label, "Réseaux sociaux (Facebook, Instagram…)");
	CHECK_INT(survey_checked(q, "X"), 1);
	CHECK_INT(survey_checked(q, " "), 0);
	CHECK_INT(survey_checked(q, "Oui"), -1);
	CHECK(survey_find(s, "OUTILS.Site", &o) == q && o == 0, "option found by its key");
	CHECK(survey_find(s, "outils", &o) == q && o == -1, "question found by its name");
	CHECK(survey_find(s, "outils.autre", &o) == NULL, "no such option");
	CHECK_STR(survey_title(s, "outils.site"), "A un site web");
	CHECK_STR(survey_title(s, "outils.reseaux"), "outils.reseaux");
	CHECK_STR(survey_title(s, "aisance"), "Aisance (0 à 4)");
	/* Columns: id, date, draft, commune, postal, the question, the options
	   under their question's text. */
	{
		static const int roles[] = { SURVEY_ID, SURVEY_DATE, SURVEY_DRAFT, SURVEY_COMMUNE,
					     SURVEY_POSTAL, SURVEY_ANSWER, SURVEY_OPTION,
					     SURVEY_OPTION };

		CHECK_INT(s->ncolumns, 8);
		for (i = 0; i < s->ncolumns && i < 8; i++)
			CHECK(s->columns[i].role == (enum survey_role)roles[i], "column %zu", i);
		CHECK_STR(s->columns[7].header, "Réseaux sociaux (Facebook, Instagram…)");
		CHECK_STR(s->columns[7].under, "Quels outils ?");
	}

	s = config_survey(&c, "lime");
	CHECK_INT(s->ndates, 2);
	CHECK_STR(s->dates[1], "datestamp");
	CHECK(s->id && s->header_rows == 1 && s->commune_type == SURVEY_COMMUNE_POSTAL, "lime");
	CHECK_INT(s->nquestions, 2);
	CHECK_STR(s->questions[1].name, "q3[sq001]");
	CHECK_STR(s->questions[1].column, "Q3[SQ001]");
	CHECK_STR(survey_title(s, "q3[sq001]"), "Site");
	CHECK(survey_find(s, "Q1", &o) == &s->questions[0], "short form, any case");

	s = config_survey(&c, "gforms");
	CHECK(s->id == NULL, "no id column");
	CHECK_INT(s->ncolumns, 3);
	q = &s->questions[0];
	CHECK_INT(q->layout, SURVEY_SPLIT);
	CHECK_STR(q->split, ", ");
	/* Options: site, reseaux, res, visio. The longest option that fits
	   whole wins; what is no option is kept apart. */
	split_case(q, "Site web, Réseaux sociaux (Facebook, Instagram…), Visioconférence", "1101",
		   "");
	split_case(q, "Réseaux sociaux (Facebook, Instagram…)", "0100", "");
	split_case(q, "Réseaux sociaux, Site web", "1010", "");
	split_case(q, "Site web, Un tableur, et du papier, Visioconférence", "1001",
		   "Un tableur, et du papier");
	split_case(q, "Site webmaster", "0000", "Site webmaster");
	split_case(q, "", "0000", "");
	config_release(&c);

	for (i = 0; i < sizeof(refusals) / sizeof(refusals[0]); i++) {
		int rc = load(refusals[i].section, &c, &e);

		CHECK(rc == -1 && strstr(e.msg, refusals[i].words), "refusal %zu: want '%s', got %d "
		      "'%s'", i, refusals[i].words, rc, e.msg);
		config_release(&c);
	}
	{
		char path[256];

		snprintf(path, sizeof(path), "%s/config.ini", dir);
		unlink(path);
		rmdir(dir);
	}
	return t_done("test_survey");
}
