/*
 * config: config.ini, parsed with inih.
 *
 * config_load() fills a struct config that owns all its strings; free them
 * with config_release(). Paths are made absolute against the folder of the
 * config file, so programs work from any current directory.
 */
#ifndef PANA_CONFIG_H
#define PANA_CONFIG_H

#include <stddef.h>

#include "err.h"
#include "survey.h"

#define CONFIG_MAX_AREAS 16
/* Distance bands of [coverage] catchment_km and catchment_weights. */
#define CONFIG_MAX_BANDS 8
/* The longest line inih reads (its INI_MAX_LINE less the line end). A
   longer value goes on over the following lines, indented: they are joined
   with one space, as Python's configparser does. */
#define CONFIG_MAX_LINE 197

/* [report] sections and formats, as bits: bit i for config_sections[i]
   or config_formats[i]. */
enum { CONFIG_NSECTIONS = 8, CONFIG_NFORMATS = 4 };
extern const char *const config_sections[CONFIG_NSECTIONS];
extern const char *const config_formats[CONFIG_NFORMATS];
enum { CONFIG_PDF = 1, CONFIG_PNG = 2, CONFIG_SVG = 4, CONFIG_CSV = 8 };

struct config_entry {
	char *section, *key, *value;
};

struct config {
	char *path;		/* the config file itself */
	char *database, *inbox, *reports, *geography;
	int year;		/* 0 = latest year with diagnostics */
	char *title, *subtitle, *author, *language;
	double confidence, fdr;
	char *coordinates;	/* [coverage] commune_coordinates, absolute, or NULL */
	/* [coverage] catchment_km and catchment_weights: the outer edge of
	   each distance band and its weight, nbands of each. */
	double catchment_km[CONFIG_MAX_BANDS], catchment_weights[CONFIG_MAX_BANDS];
	size_t nbands;
	unsigned sections, formats;	/* [report], as bits (above) */
	size_t nareas;
	char *areas[CONFIG_MAX_AREAS];	/* codes, e.g. "communication" */
	char *area_labels[CONFIG_MAX_AREAS];
	long min_cell;
	/* [ingest] max_quarantined (percent): past this share of its rows
	   set aside, a file is reported loudly and ingest exits 3. */
	double max_quarantined;
	/* [backup] keep: backups of the database kept by pana-run, DATABASE.1
	   the newest; 0 makes none. */
	long backup_keep;
	/* [ingest] settle_minutes: a file of the inbox modified less than
	   this long ago may still be being written: it waits for the next
	   run. */
	long settle_minutes;
	/* [siting] new_points: new support points shared out among EPCIs
	   (stats/siting.h); 0 turns the siting advice off. */
	long siting_points;
	/* [report] regions: the regional fact sheets written, "all", "none"
	   or a list of region codes ("84, 93"). */
	char *regions;
	/* One per [survey NAME] section, in the file's order. */
	struct survey *surveys;
	size_t nsurveys;
	/* Every entry as read, for sections a stage interprets itself. */
	struct config_entry *entries;
	size_t nentries;
};

/* Reads path; returns 0, or -1 with e naming the file, line and key. Every
   section and key is checked: an unknown one is an error that names the
   nearest known one. */
int config_load(struct config *c, const char *path, struct err *e);
void config_release(struct config *c);
/* The survey of section [survey NAME], or NULL. */
const struct survey *config_survey(const struct config *c, const char *name);
/* Returns the value of section.key as written, or NULL. */
const char *config_get(const struct config *c, const char *section, const char *key);

/* The edit distance of a and b (optimal string alignment). */
size_t config_distance(const char *a, const char *b);
/* The name of known[0..n) nearest to name when near enough to be a slip,
   else NULL. NULL entries are skipped. */
const char *config_nearest(const char *name, const char *const *known, size_t n);

#endif
