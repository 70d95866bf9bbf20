/*
 * csvout: tables written as CSV that French Excel opens cleanly: UTF-8
 * with a BOM, ';' between cells, decimal comma, every cell quoted, and any
 * cell a spreadsheet could run as a formula (starting with '=', '+', '-',
 * '@', a tab or a carriage return) neutralised with a leading apostrophe.
 * Written to "path.tmp" and renamed on csvout_close(), which reports any
 * write error. The struct owns its FILE until csvout_close().
 */
#ifndef PANA_REPORT_CSVOUT_H
#define PANA_REPORT_CSVOUT_H

#include <stdio.h>

#include "buf.h"
#include "err.h"

struct csvout {
	FILE *f;
	struct buf path, tmp;
	int first;		/* no cell written yet on this row */
};

int csvout_open(struct csvout *c, const char *path, struct err *e);
void csvout_text(struct csvout *c, const char *s);
/* A number with a decimal comma; NaN is an empty cell. */
void csvout_num(struct csvout *c, double v, int decimals);
void csvout_int(struct csvout *c, long long v);
void csvout_end_row(struct csvout *c);
/* Flushes, checks, renames; -1 naming the path if anything failed. */
int csvout_close(struct csvout *c, struct err *e);
/* Appends s to out as one neutralised, quoted cell (for tests). */
void csvout_cell(struct buf *out, const char *s);

#endif
