/*
 * load_survey: what loading a survey export adds to the loader of load.c:
 * its columns bound by the [survey NAME] section, a response stored with
 * its answers as JSON, and what the layout tells of it as warnings.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db.h"
#include "loader.h"
#include "survey.h"
#include "text.h"
#include "xalloc.h"

/* Binds a survey's columns (lib/survey.h) to the header: each by its name
   on the last header row; an option's under its question's text when a
   row above holds it (Framaforms: option labels are not unique across
   questions), the span ending at the next text of that row. */
int load_survey_bind(struct loader *l, long line, struct err *e)
{
	const struct survey *sv = l->survey;
	struct buf want = BUF_INIT, got = BUF_INIT;
	size_t i, k, from, to;
	int rc = -1;

	for (i = 0; i < sv->ncolumns; i++) {
		const struct survey_column *c = &sv->columns[i];
		int col = -1;

		from = 0;
		to = l->nheader;
		if (c->under) {
			int found = 0;

			survey_fold(c->under, &want);
			for (k = 0; k < l->nabove && !found; k++)
				for (size_t j = 0; j < l->nabove_fields[k] && j < l->nheader && !found;
				     j++) {
					char **row = l->above[k];

					survey_fold(row[j], &got);
					if (strcmp(got.data, want.data))
						continue;
					found = 1;
					from = j;
					for (to = j + 1; to < l->nheader &&
					     (to >= l->nabove_fields[k] || !*row[to]); to++)
						;
				}
		}
		survey_fold(c->header, &want);
		for (k = from; k < to && col < 0; k++)
			if (!strcmp(l->header[k], want.data))
				col = (int)k;
		if (col < 0) {
			err_set(e, "line %ld: column '%s' of [survey %s] is missing from the header%s%s%s",
				line, c->header, sv->name, c->under ? " under '" : "",
				c->under ? c->under : "", c->under ? "'" : "");
			goto out;
		}
		l->field_col[i] = col;
		l->label[i] = l->header_raw[col];
	}
	rc = 0;
out:
	buf_release(&want);
	buf_release(&got);
	return rc;
}

/* A survey response (lib/survey.h): its id (or its line), the first date
   given, the commune and postal code, and the answers as a JSON object:
   a question's label by its NAME; each option of a multiple-choice
   question by NAME.CODE, its label when checked, "" when not; the text of
   a split cell that is no option by NAME. */
int load_survey_insert(struct loader *l, const struct csvin_record *r, struct err *e)
{
	const struct survey *sv = l->survey;
	sqlite3_stmt *s = l->ins;
	json_t *answers = json_object();
	const char *id = NULL, *date = NULL, *commune = NULL, *postal = NULL;
	unsigned char *checked = NULL;
	struct buf key = BUF_INIT, rest = BUF_INIT;
	char line[24];
	char *text;
	size_t i, k;
	int rc;

	for (i = 0; i < sv->ncolumns; i++) {
		const struct survey_column *c = &sv->columns[i];
		const struct survey_question *q = c->role >= SURVEY_ANSWER ?
			&sv->questions[c->question] : NULL;
		const char *v = (l->val[i]);

		switch (c->role) {
		case SURVEY_ID: id = v; break;
		case SURVEY_DATE: date = date ? date : v; break;
		case SURVEY_DRAFT: break;
		case SURVEY_COMMUNE: commune = v; break;
		case SURVEY_POSTAL: postal = v; break;
		case SURVEY_OPTION:
			/* An empty cell is an option not checked. */
			if (survey_checked(q, r->field[l->field_col[i]]) < 0)
				break;
			buf_reset(&key);
			buf_addf(&key, "%s.%s", q->name, q->options[c->option].code);
			json_object_set_new(answers, key.data, json_string(
				survey_checked(q, r->field[l->field_col[i]]) ?
				q->options[c->option].label : ""));
			break;
		case SURVEY_ANSWER:
			if (!v || !*v)
				break;
			if (q->layout == SURVEY_ONE) {
				json_object_set_new(answers, q->name, json_string(v));
				break;
			}
			checked = realloc(checked, q->noptions);
			if (!checked)
				xalloc_die();
			survey_split(q, v, checked, &rest);
			for (k = 0; k < q->noptions; k++) {
				buf_reset(&key);
				buf_addf(&key, "%s.%s", q->name, q->options[k].code);
				json_object_set_new(answers, key.data,
						    json_string(checked[k] ? q->options[k].label : ""));
			}
			if (rest.len)
				json_object_set_new(answers, q->name, json_string(rest.data));
			break;
		}
	}
	free(checked);
	buf_release(&key);
	buf_release(&rest);
	/* Without an id column, a response is known by its line. */
	snprintf(line, sizeof(line), "%ld", r->line);
	sqlite3_bind_int64(s, 1, l->source_id);
	sqlite3_bind_int64(s, 2, r->line);
	sqlite3_bind_text(s, 3, sv->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, sv->id ? id : line, -1, SQLITE_TRANSIENT);
	db_bind_text(s, 5, date);
	db_bind_text(s, 6, commune);
	db_bind_text(s, 8, postal);
	text = json_dumps(answers, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(answers);
	if (!text)
		return err_io(e, "out of memory");
	sqlite3_bind_text(s, 7, text, -1, free);
	l->st->rows_loaded++;
	rc = db_step_done(l->db, s, e);
	return rc;
}

/* What a survey's layout tells of a response, as warnings: incomplete (the
   first date column empty), a draft, labels that the mapping does not
   hold, text that is none of a question's options. */
void load_survey_check(struct loader *l, const struct csvin_record *r)
{
	const struct survey *sv = l->survey;
	struct buf rest = BUF_INIT;
	unsigned char *checked = NULL;
	int first_date = 1;
	double v;

	for (size_t i = 0; i < sv->ncolumns; i++) {
		const struct survey_column *c = &sv->columns[i];
		const struct survey_question *q = c->role >= SURVEY_ANSWER ?
			&sv->questions[c->question] : NULL;
		const char *raw = r->field[l->field_col[i]], *val = l->val[i];
		int f = (int)i;

		buf_reset(&l->msg);
		switch (c->role) {
		case SURVEY_DATE:
			if (first_date && !raw[strspn(raw, " \t")]) {
				buf_addf(&l->msg, "%s", TR("no submission date: an incomplete response, "
							   "kept", "pas de date de soumission : une "
							   "réponse incomplète, gardée"));
				schema_issue_record(&l->iss, f, 0, "constraint-error", "incomplete", NULL,
					     l->msg.data);
			}
			first_date = 0;
			break;
		case SURVEY_DRAFT:
			if (val && strcmp(val, "0")) {
				buf_addf(&l->msg, "'%s': %s", val, TR("a draft, never submitted: kept",
								      "un brouillon, jamais soumis : "
								      "gardé"));
				schema_issue_record(&l->iss, f, 0, "constraint-error", "draft", val, l->msg.data);
			}
			break;
		case SURVEY_ANSWER:
			if (!val || !*val)
				break;
			if (q->layout == SURVEY_ONE) {
				if (!q->mapped || survey_value(q, val, &v) >= 0)
					break;
				buf_addf(&l->msg, "'%s' %s", val, TR("is not a label of the question's "
								    "mapping: kept, without a value",
								    "n'est pas une réponse prévue par la "
								    "correspondance : gardée, sans "
								    "valeur"));
				schema_issue_record(&l->iss, f, 0, "constraint-error", "label-unknown", val,
					     l->msg.data);
				break;
			}
			checked = realloc(checked, q->noptions);
			if (!checked)
				xalloc_die();
			survey_split(q, val, checked, &rest);
			if (!rest.len)
				break;
			buf_addf(&l->msg, "'%s' %s", rest.data, TR("is none of the question's options: "
								   "kept, without a value",
								   "n'est aucune des options de la "
								   "question : gardé, sans valeur"));
			schema_issue_record(&l->iss, f, 0, "constraint-error", "label-unknown", rest.data,
				     l->msg.data);
			break;
		case SURVEY_OPTION:
			if (survey_checked(q, raw) >= 0)
				break;
			buf_addf(&l->msg, "'%s' %s '%s'", val ? val : raw,
				 TR("is neither empty nor the mark of a checked option,",
				    "n'est ni vide ni la marque d'une option cochée,"), q->checked);
			schema_issue_record(&l->iss, f, 0, "constraint-error", "label-unknown", val ? val : raw,
				     l->msg.data);
			break;
		default:
			break;
		}
	}
	free(checked);
	buf_release(&rest);
}
