/*
 * document: the yearly report, written from the statistics tables of the
 * database (so that what is published is what is stored): a PDF with its
 * outline and metadata, every chart as PNG and SVG, every table as CSV.
 * [report] sections and formats in config.ini choose what is written.
 */
#ifndef PANA_REPORT_DOCUMENT_H
#define PANA_REPORT_DOCUMENT_H

#include <sqlite3.h>

#include "config.h"
#include "err.h"

struct document_opts {
	int year;
	const char *dir;	/* an existing, empty folder to write into */
	const char *asof;	/* "YYYY-MM-DD": the date of the data */
	const char *vintage;	/* of the geography, e.g. "COG 2026" */
};

/* Writes the report into o->dir; returns 0, or -1 naming what failed. */
int document_write(sqlite3 *db, const struct config *cfg, const struct document_opts *o,
		   struct err *e);

/* Writes the fact sheets of [report] regions into o->dir/regions/RR.pdf:
   "all" the regions with associations or structures, "none", or those
   listed (an unknown code is an error); none when [report] formats
   leaves out pdf. */
int document_write_regions(sqlite3 *db, const struct config *cfg,
			   const struct document_opts *o, struct err *e);

#endif
