/*
 * csvin_impl: the state of a CSV reader, shared by the two halves of the
 * csvin module only (csvin.c parses, csvin_file.c reads a file on one
 * thread or two and swaps the callback for its batches). No other file
 * includes it.
 */
#ifndef PANA_CSVIN_IMPL_H
#define PANA_CSVIN_IMPL_H

#include <csv.h>
#include <iconv.h>
#include <stddef.h>

#include "buf.h"
#include "csvin.h"
#include "err.h"

struct csvin_state {
	csvin_fn fn;
	void *ctx;
	struct csv_parser parser;
	int parser_ready;
	char fixed_delim;
	char term;		/* line terminator: '\n', or '\r' for old Mac files */
	int lf_only;		/* a stray CR was seen: only LF ends a record */
	int sniffed;
	int seen_multibyte;	/* a valid non-ASCII UTF-8 sequence was read */
	iconv_t cd;		/* CP1252 -> UTF-8, or (iconv_t)-1 */
	iconv_t raw_cd;		/* the same, for csvin_raw_text's thread */
	struct buf pending;	/* bytes not yet split into lines */
	struct buf raw;		/* lines of the record being read */
	const char *ahead;	/* the bytes after the line being parsed */
	size_t ahead_len;
	long raw_line;		/* physical line of the first line in raw */
	/* fields of the record being read, in one buffer */
	struct buf fields;
	size_t *offs;
	size_t *lens;
	char **ptrs;
	size_t nf, capf;
	long index;
	size_t header_nf;	/* fields of the first record */
	int looks;		/* lines of the open record since its first that read
				   as records of header_nf fields, in a row */
	int ended;		/* a record ended during the last csv_parse */
	int failed;
	struct buf kept;	/* per field: 1 when kept as UTF-8 in CP1252 */
	int any_kept;
	struct buf conv;	/* transcoding scratch */
	struct buf reason;
	struct err *e;
	void *pipe;		/* csvin_file's, while it reads on two threads */
};

#endif
