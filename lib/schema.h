/*
 * schema: Frictionless Table Schemas (schemas/NAME.schema.json) and the
 * validation of one row against them.
 *
 * Supported: field types string, integer, number, date, datetime, year and
 * list (with "delimiter"; pana also accepts the extra separators listed in
 * "pana:delimiters"); constraints required, pattern (PCRE2, anchored as the
 * spec says), enum (per item for lists), minimum, maximum, minLength,
 * maxLength; missingValues at schema and field level. pana's own keys:
 * "pana:kind" (the input kind), "pana:detect" (header names that identify
 * the kind), "pana:table" (the staging table) and, on a field,
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
/* Index of the field stored in staging column column ("pana:column", or
   the field's name), or -1. */
int schema_find_column(const struct schema *s, const char *column);
/* Whether field i carries the constraint "unique": true. */
int schema_field_unique(const struct schema *s, size_t i);
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

/* Date helpers shared with transform: 1 if s is a real YYYY-MM-DD date. */
int schema_valid_date(const char *s, size_t len);

#endif
