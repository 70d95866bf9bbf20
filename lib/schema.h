/*
 * schema: Frictionless Table Schemas (schemas/NAME.schema.json) and the
 * validation of one row against them.
 *
 * Supported: field types string, integer, number, date, datetime (with a
 * "format" of strftime's %d %m %Y %y %H %M %S %p: a value in that form is
 * read without a warning), year and
 * list (with "delimiter"; pana also accepts the extra separators listed in
 * "pana:delimiters"); constraints required, pattern (PCRE2, anchored as the
 * spec says), enum (per item for lists), minimum, maximum, minLength,
 * maxLength; missingValues at schema and field level. pana's own keys:
 * "pana:blocking" on a field (a bad or missing value rejects the row; any
 * other problem is a warning on a kept row), "pana:normalize" ["no-spaces"],
 * "pana:oneOfRequired" {"fields", "pana:blocking"}, "pana:mapping" (a file of
 * schemas/ with the earlier column names and labels of the kind: see
 * structures.mapping.json),
 * "pana:kind" (the input kind), "pana:detect" (header names that identify
 * the kind), "pana:headerRows" (rows of header, the names on the last;
 * default 1), "pana:table" (the staging table) and, on a field,
 * "pana:column" (the staging column, when another layout names it
 * differently).
 *
 * schema_load() returns a schema the caller frees with schema_free().
 */
#ifndef PANA_SCHEMA_H
#define PANA_SCHEMA_H

#include <stddef.h>

#include "buf.h"
#include "err.h"

enum schema_type {
	SCHEMA_STRING, SCHEMA_INTEGER, SCHEMA_NUMBER, SCHEMA_DATE,
	SCHEMA_DATETIME, SCHEMA_YEAR, SCHEMA_LIST
};

struct schema_field;
struct schema;

/* Parses a Table Schema from JSON text; name is used in messages. */
struct schema *schema_parse(const char *json, size_t len, const char *name,
			    struct err *e);
/* Loads the embedded schema file called name ("structures.schema.json"). */
struct schema *schema_load(const char *name, struct err *e);
void schema_free(struct schema *s);

const char *schema_kind(const struct schema *s);
/* The schema's "name" (for a survey, its config section's NAME). */
const char *schema_name(const struct schema *s);
const char *schema_table(const struct schema *s);
size_t schema_nfields(const struct schema *s);
const char *schema_field_name(const struct schema *s, size_t i);
int schema_field_required(const struct schema *s, size_t i);
/* Index of the field called name, or -1. */
int schema_find(const struct schema *s, const char *name);
/* Index of the first field from index from on that column name binds to,
   by its name or an earlier name of the mapping, or -1: an earlier column
   may bind to two fields. */
int schema_find_from(const struct schema *s, const char *name, size_t from);
/* Index of the field stored in staging column column ("pana:column", or
   the field's name), or -1. */
int schema_find_column(const struct schema *s, const char *column);
/* Whether field i carries the constraint "unique": true. */
int schema_field_unique(const struct schema *s, size_t i);
/* "pana:headerRows": the header's rows, the column names on the last. */
int schema_header_rows(const struct schema *s);
/* 0 when fmt is a date "format" pana reads (strftime's %d %m %Y %y %H %M
   %S %p and %%, other characters as they are), else -1. */
int schema_date_format_check(const char *fmt);
/* 1 when every "pana:detect" name is among the header names. */
int schema_detects(const struct schema *s, char *const *names, size_t n);

/* Adds an integer field with an inclusive range (diagnostic areas). */
void schema_add_int_field(struct schema *s, const char *name, long lo, long hi);

/* Whether v is a missing value for field i ("" and the declared ones). */
int schema_is_missing(const struct schema *s, size_t i, const char *v);

/*
 * Validates value v (UTF-8) of field i. Returns 0 when valid (a missing
 * value of an optional field is valid), else -1 with *code set to a
 * Frictionless error code ("missing-cell" is not produced here;
 * "constraint-error" for required/pattern/enum/range, "type-error" for
 * types) and a message appended to msg.
 */
int schema_check(const struct schema *s, size_t i, const char *v,
		 const char **code, struct buf *msg);

/* Whether a bad value of field i rejects the row ("pana:blocking"). */
int schema_field_blocking(const struct schema *s, size_t i);

/* A problem found in a cell or a row. */
struct schema_issue {
	int field;		/* index of the field */
	int blocking;		/* the row cannot serve: it goes to quarantine */
	const char *code;	/* Frictionless error code */
	/* What pana found or did: required, invalid (type or constraint),
	   date-format, decimal-comma, spaces-removed (repaired), label-respelled,
	   label-mapped, label-dropped (an earlier label with no current
	   equivalent), label-unknown (set aside), one-of-required. */
	const char *rule;
	char value[128];	/* the value as read, cut on a character boundary */
	char msg[384];		/* in the language of text_set_language() */
};

#define SCHEMA_MAX_ISSUES 64
struct schema_issues {
	size_t n;
	size_t more;		/* issues past SCHEMA_MAX_ISSUES, counted only */
	struct schema_issue v[SCHEMA_MAX_ISSUES];
};

/*
 * Normalises, then validates, value v (UTF-8) of field i, and appends to
 * iss what it found. Normalising reads French dates ("18/03/2022",
 * "12/05/2023 19:34", "12/05/2023 - 19:34") and ISO date-times in date
 * fields, decimal commas, spaces in "no-spaces" fields, and list or enum
 * labels in any case and spacing, separated by the field's separators or
 * commas, mapping earlier labels to current ones; each such repair is an
 * issue that does not block. Returns the value to stage: v itself, the
 * normalised value held in scratch (valid until scratch changes), or NULL
 * when the value is missing or unusable (never staged as it was).
 */
const char *schema_clean(const struct schema *s, size_t i, const char *v, int flags,
			 struct buf *scratch, struct schema_issues *iss);
/* The same for v of len bytes (len == strlen(v)), when the caller knows it. */
const char *schema_clean_n(const struct schema *s, size_t i, const char *v, size_t len,
			   int flags, struct buf *scratch, struct schema_issues *iss);
/* flags: the value was read from an earlier column that feeds this field
   and its sibling; labels that the sibling takes are not issues here. */
enum { SCHEMA_SPLIT = 1 };
/* The field that an earlier column feeds with field i, or -1. */
int schema_field_sibling(const struct schema *s, size_t i);
/* Row-level checks ("pana:oneOfRequired") on the cleaned values, indexed
   by field (NULL when missing). Returns -1 when one failed. */
int schema_check_row(const struct schema *s, const char *const *values,
		     struct schema_issues *iss);
/* Adds an issue to iss (a blocking one takes the place of the last
   warning when iss is full; what is left out is counted in more); value
   (NULL: none) and msg are copied, cut on a character boundary. */
void schema_issue_record(struct schema_issues *iss, int f, int blocking, const char *code,
			 const char *rule, const char *value, const char *msg);
/* 1 when one of the issues blocks the row. */
int schema_issues_blocking(const struct schema_issues *iss);

/* Date helpers shared with transform: 1 if s is a real YYYY-MM-DD date. */
int schema_valid_date(const char *s, size_t len);

#endif
