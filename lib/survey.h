/*
 * survey: a [survey NAME] section of config.ini, read once by config_load()
 * into what ingest binds, transform values and report titles.
 *
 *   header_rows = 3             header rows; the column names are on the last
 *   id = COLUMN                 the response id (unique in a file); without
 *                               it, a response is known by its line
 *   date = COLUMN, COLUMN       the first that is not empty; the first one
 *                               empty means an incomplete response
 *   date.format = %d/%m/%Y %H:%M   how the tool writes dates, if not ISO
 *   draft = COLUMN              a value other than empty or 0: a draft
 *   commune = COLUMN            an INSEE code, a postal code or a name
 *   commune.type = auto | insee | postal | name
 *   postal_code = COLUMN        a postal code apart from the commune
 *   question.NAME = COLUMN      the column's header verbatim (any text)
 *   questions = COL1, COL2      short form: headers without spaces or
 *                               commas, each its own NAME
 *   NAME = Oui: 1, Non: 0, Je ne sais pas:
 *                               the value of each label; a label mapped to
 *                               nothing is a missing answer; a label that
 *                               holds ':' or ',' is written in double quotes
 *   NAME.title = ...            the wording shown in the report
 *   option.NAME.CODE = LABEL    an option of a multiple-choice question, one
 *                               per line, each valued 1 (checked) or 0
 *   NAME.split = ", "           the checked options joined in one cell
 *                               (without it: one column per option, headed
 *                               by its label, under the question's text when
 *                               an upper header row holds it)
 *   NAME.checked = X            one column per option: the mark of a checked
 *                               option (default: any value); empty = not
 *   NAME.CODE.title = ...
 *
 * NAME is folded to lower case: it keys the answers (an option's answer is
 * NAME.CODE). A struct survey owns all its strings; survey_release() frees
 * them. Pointers into it stay valid until then.
 */
#ifndef PANA_SURVEY_H
#define PANA_SURVEY_H

#include <stddef.h>

#include "buf.h"
#include "err.h"

struct config;
struct schema;

/* Header rows a survey may declare (Framaforms writes 3). */
#define SURVEY_MAX_HEADER_ROWS 8

enum survey_commune {
	SURVEY_COMMUNE_AUTO,	/* digits: a code (read as both); else a name */
	SURVEY_COMMUNE_INSEE, SURVEY_COMMUNE_POSTAL, SURVEY_COMMUNE_NAME
};

/* One "label: value" of a question's mapping. */
struct survey_label {
	char *label;
	int has_value;		/* 0: mapped to nothing, a missing answer */
	double value;
};

struct survey_option {
	char *code;		/* lower case */
	char *label;		/* as the tool writes it */
	char *title;		/* NULL: none */
};

enum survey_layout {
	SURVEY_ONE,		/* one column, one label */
	SURVEY_COLUMNS,		/* one column per option */
	SURVEY_SPLIT		/* the checked options in one cell */
};

struct survey_question {
	char *name;		/* lower case */
	char *column;		/* its header (SURVEY_COLUMNS: text above the options) */
	char *title;
	struct survey_label *labels;
	size_t nlabels;
	int mapped;		/* a mapping was given: other labels are unknown */
	enum survey_layout layout;
	char *split, *checked;
	struct survey_option *options;
	size_t noptions;
};

/* What a column of the file is to the survey. */
enum survey_role {
	SURVEY_ID, SURVEY_DATE, SURVEY_DRAFT, SURVEY_COMMUNE, SURVEY_POSTAL,
	SURVEY_ANSWER,		/* a question's column (SURVEY_ONE, SURVEY_SPLIT) */
	SURVEY_OPTION		/* an option's column (SURVEY_COLUMNS) */
};

struct survey_column {
	enum survey_role role;
	const char *header;	/* its name on the last header row */
	const char *under;	/* SURVEY_OPTION: the question's text above it, or NULL */
	size_t question, option;
};

struct survey {
	char *name;		/* NAME of [survey NAME] */
	int header_rows;
	char *id, *draft, *commune, *postal;	/* columns; NULL when absent */
	char **dates;
	size_t ndates;
	char *date_format;	/* NULL: ISO, or read with a warning */
	enum survey_commune commune_type;
	struct survey_question *questions;
	size_t nquestions;
	/* Every column the survey reads, in this order: id, dates, draft,
	   commune, postal code, then the questions' (an option's under its
	   question). A survey's Table Schema has one field per column. */
	struct survey_column *columns;
	size_t ncolumns;
};

/* Reads section ("survey NAME") of c. Returns 0, or -1 with e naming the
   file, the section and the key; s is then still safe to release. */
int survey_parse(struct survey *s, const struct config *c, const char *section,
		 struct err *e);
void survey_release(struct survey *s);

/* The question whose answers are keyed key ("NAME" or "NAME.CODE": then
   *option is the option's index, else -1), or NULL. */
const struct survey_question *survey_find(const struct survey *s, const char *key,
					  int *option);
/* The wording of the answers keyed key: its .title, else key. */
const char *survey_title(const struct survey *s, const char *key);

/* The value of label (spaces around it ignored) for question q: 1 with *v
   set, 0 when mapped to nothing (a missing answer), -1 when the mapping
   does not hold it (or there is none). */
int survey_value(const struct survey_question *q, const char *label, double *v);
/* An option column's cell: 1 checked, 0 empty (not checked), -1 neither. */
int survey_checked(const struct survey_question *q, const char *cell);
/* A SURVEY_SPLIT cell: sets checked[i] (1 or 0) for each option, and puts
   in rest what is no option (text typed for "Other"), parts joined by the
   separator. Options are matched longest first, so a label that holds the
   separator itself is not cut. */
void survey_split(const struct survey_question *q, const char *cell, unsigned char *checked,
		  struct buf *rest);

/* The survey's Table Schema (lib/schema.h): one field per column, in the
   order of s->columns, named by what the column is (id, date, commune,
   NAME, NAME.CODE); recognised by all their headers on its last header
   row. The id, when there is one, is the only blocking field, unique in a
   file. Returns a schema the caller frees with schema_free(), or NULL
   with e set. */
struct schema *survey_schema(const struct survey *s, struct err *e);

/* A header name as compared with the columns of a survey: spaces around
   and runs of blanks folded, ASCII in lower case. */
void survey_fold(const char *s, struct buf *out);

#endif
