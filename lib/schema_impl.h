/*
 * schema_impl: the insides of a loaded Table Schema, shared by the two
 * halves of the schema module only (schema.c loads it, schema_clean.c
 * checks and cleans values against it). No other file includes it.
 */
#ifndef PANA_SCHEMA_IMPL_H
#define PANA_SCHEMA_IMPL_H

#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>
#include <stddef.h>

#include "buf.h"
#include "schema.h"

struct schema_field {
	char *name;
	char *column;		/* "pana:column": staging column, if not name */
	int unique;
	enum schema_type type;
	int required;
	pcre2_code *pattern;
	char *pattern_src;
	char **enums;
	size_t nenum;
	int has_min, has_max;
	double minimum, maximum;
	long min_len, max_len;	/* -1: none; counted in characters */
	char **missing;		/* NULL: the schema's */
	size_t nmissing;
	char delims[8];		/* list separators */
	int blocking;		/* "pana:blocking": a bad value rejects the row */
	int no_spaces;		/* "pana:normalize" no-spaces: "362 521 879 00034" */
	char **aliases;		/* other column names (the kind's mapping) */
	size_t naliases;
	char **enum_keys;	/* text_key() of each enum value */
	struct label *labels;	/* earlier labels of the kind's mapping */
	size_t nlabels;
	int sibling;		/* the field an earlier column also feeds, or -1 */
	char *format;		/* date, datetime: "format", a strftime pattern */
};

/* An earlier label (its text_key) and the current labels it stands for,
   joined by '|'; "" when the current standard has no equivalent. */
struct label {
	char *key, *to, *as_written;
};

struct schema {
	char *name, *kind, *table;
	struct schema_field *fields;
	size_t nfields, cap;
	char **missing;
	size_t nmissing;
	char **detect;
	size_t ndetect;
	int one_of[4];		/* "pana:oneOfRequired": field indexes */
	size_t none_of;
	int one_of_blocking;
	char *one_of_names;	/* "rna, siret" for messages */
	int header_rows;	/* "pana:headerRows": the names are on the last */
	pcre2_match_data *md;
	struct buf key;		/* scratch for keys while loading */
};

#endif
