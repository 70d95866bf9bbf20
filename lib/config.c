#include "config.h"
#include "text.h"
#include "xalloc.h"

#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <unistr.h>

#include "buf.h"

/* Lines come through our own reader, so that a value may go on over
   indented lines (inih passes them as the same key again) and a line too
   long for inih's buffer is named instead of misread. */
struct loader {
	struct config *c;
	struct err *e;
	FILE *f;
	int line;		/* physical lines read */
	int indented;		/* the last line read starts with a blank */
	int too_long;		/* first line longer than inih's buffer, or 0 */
	int not_utf8;		/* first line that is not UTF-8, or 0 */
};

static char *read_line(char *str, int num, void *stream)
{
	struct loader *l = stream;
	size_t n;
	int ch;

	if (!fgets(str, num, l->f))
		return NULL;
	l->line++;
	l->indented = str[0] == ' ' || str[0] == '\t';
	n = strlen(str);
	/* Every value ends up in the report (cairo takes UTF-8 only) or in
	   the database: a file saved as Windows-1252 is refused at once. */
	if (!l->not_utf8 && u8_check((const uint8_t *)str, n))
		l->not_utf8 = l->line;
	if (n && str[n - 1] != '\n' && (ch = fgetc(l->f)) != EOF) {
		/* The rest of the line would be read as a line of its own. */
		if (!l->too_long)
			l->too_long = l->line;
		while (ch != EOF && ch != '\n')
			ch = fgetc(l->f);
	}
	return str;
}

static char *xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p)
		xalloc_die();
	return p;
}

static int on_entry(void *user, const char *section, const char *key,
		    const char *value)
{
	struct loader *l = user;
	struct config *c = l->c;
	struct config_entry *n;

	if (l->indented && c->nentries && !strcmp(c->entries[c->nentries - 1].section, section) &&
	    !strcmp(c->entries[c->nentries - 1].key, key)) {
		/* A continuation line: the value goes on after one space. */
		struct buf b = BUF_INIT;

		n = &c->entries[c->nentries - 1];
		buf_addstr(&b, n->value);
		if (b.len && *value)
			buf_addch(&b, ' ');
		buf_addstr(&b, value);
		free(n->value);
		n->value = buf_detach(&b, NULL);
		return 1;
	}
	n = xgrow(c->entries, c->nentries, sizeof(*n));
	if (!n)
		xalloc_die();
	c->entries = n;
	n[c->nentries].section = xstrdup(section);
	n[c->nentries].key = xstrdup(key);
	n[c->nentries].value = xstrdup(value);
	c->nentries++;
	return 1;
}

const char *config_get(const struct config *c, const char *section,
		       const char *key)
{
	size_t i;

	/* The last occurrence wins, as in most INI readers. */
	for (i = c->nentries; i-- > 0;)
		if (!strcmp(c->entries[i].section, section) &&
		    !strcmp(c->entries[i].key, key))
			return c->entries[i].value;
	return NULL;
}

static char *resolve_path(const struct config *c, const char *p)
{
	struct buf b = BUF_INIT;
	const char *slash;

	if (p[0] == '/')
		return xstrdup(p);
	slash = strrchr(c->path, '/');
	if (slash)
		buf_add(&b, c->path, (size_t)(slash - c->path) + 1);
	buf_addstr(&b, p);
	return buf_detach(&b, NULL);
}

static int get_path(struct config *c, const char *key, char **out,
		    struct err *e)
{
	const char *v = config_get(c, "paths", key);

	if (!v || !*v)
		return err_set(e, "'%s': [paths] %s is missing", c->path, key);
	if (strlen(v) >= PATH_MAX)
		return err_set(e, "'%s': [paths] %s is too long", c->path, key);
	*out = resolve_path(c, v);
	return 0;
}

static int get_long(struct config *c, const char *section, const char *key,
		    long lo, long hi, long def, long *out, struct err *e)
{
	const char *v = config_get(c, section, key);
	char *end;
	long n;

	if (!v || !*v) {
		*out = def;
		return 0;
	}
	errno = 0;
	n = strtol(v, &end, 10);
	if (errno || *end || n < lo || n > hi)
		return err_set(e, "'%s': [%s] %s: '%s' is not a whole number from %ld to %ld",
			       c->path, section, key, v, lo, hi);
	*out = n;
	return 0;
}

static int get_prob(struct config *c, const char *section, const char *key,
		    double def, double *out, struct err *e)
{
	const char *v = config_get(c, section, key);
	char *end;
	double d;

	if (!v || !*v) {
		*out = def;
		return 0;
	}
	d = strtod(v, &end);
	if (*end || !(d > 0 && d < 1))
		return err_set(e, "'%s': [%s] %s: '%s' is not a number between 0 and 1",
			       c->path, section, key, v);
	*out = d;
	return 0;
}

static char *get_str(struct config *c, const char *section, const char *key,
		     const char *def)
{
	const char *v = config_get(c, section, key);

	return xstrdup(v && *v ? v : def);
}

static int parse_areas(struct config *c, struct err *e)
{
	static const char *const defaults =
		"communication, collaboration, gestion, donnees, equipement, strategie";
	const char *v = config_get(c, "competences", "areas");
	const char *p, *label, *code;
	size_t len;

	for (p = v && *v ? v : defaults; *p;) {
		p += strspn(p, " ,\t");
		len = strcspn(p, " ,\t");
		if (!len)
			break;
		if (c->nareas == CONFIG_MAX_AREAS)
			return err_set(e, "'%s': [competences] areas: more than %d areas",
				       c->path, CONFIG_MAX_AREAS);
		for (size_t i = 0; i < c->nareas; i++)
			if (strlen(c->areas[i]) == len && !strncmp(c->areas[i], p, len))
				return err_set(e, "'%s': [competences] areas: '%.*s' is listed twice",
					       c->path, (int)len, p);
		c->areas[c->nareas] = strndup(p, len);
		if (!c->areas[c->nareas])
			xalloc_die();
		/* Counted now, so that config_release() frees it on an error. */
		code = c->areas[c->nareas++];
		for (size_t i = 0; i < len; i++)
			if (!(p[i] >= 'a' && p[i] <= 'z') && p[i] != '_' &&
			    !(p[i] >= '0' && p[i] <= '9'))
				return err_set(e, "'%s': [competences] areas: '%s' is not a code (a-z, 0-9, _)",
					       c->path, code);
		label = config_get(c, "competences", code);
		c->area_labels[c->nareas - 1] = xstrdup(label && *label ? label : code);
		p += len;
	}
	if (!c->nareas)
		return err_set(e, "'%s': [competences] areas is empty", c->path);
	return 0;
}

/* Distance between a and b in edits (insert, delete, replace one byte, or
   swap two neighbours: the optimal string alignment distance). Names are
   short: beyond 63 bytes the length difference is returned. */
size_t config_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	size_t d[64][64];

	if (la > 63 || lb > 63)
		return la > lb ? la - lb : lb - la;
	for (i = 0; i <= la; i++)
		d[i][0] = i;
	for (j = 0; j <= lb; j++)
		d[0][j] = j;
	for (i = 1; i <= la; i++)
		for (j = 1; j <= lb; j++) {
			size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);

			if (d[i - 1][j] + 1 < best)
				best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	return d[la][lb];
}

const char *config_nearest(const char *name, const char *const *known, size_t n)
{
	const char *best = NULL;
	size_t i, dist, min = (size_t)-1, len = strlen(name);
	/* Near enough to be a slip: one edit, or one in three for a long name. */
	size_t limit = len / 3 > 1 ? len / 3 : 1;

	for (i = 0; i < n; i++)
		if (known[i] && (dist = config_distance(name, known[i])) < min) {
			min = dist;
			best = known[i];
		}
	return min <= limit ? best : NULL;
}

static const char *const known_sections[] = {
	"paths", "report", "coverage", "competences", "ingest", "backup", "privacy", "siting",
	"survey NAME",
};
#define NKNOWN 8
static const char *const known_keys[][NKNOWN] = {
	{ "database", "inbox", "reports", "geography" },
	{ "year", "title", "subtitle", "author", "language", "sections", "formats", "regions" },
	{ "confidence", "fdr", "commune_coordinates", "catchment_km", "catchment_weights" },
	{ "areas" },	/* and one label per area */
	{ "max_quarantined", "settle_minutes" },
	{ "keep" },
	{ "min_cell" },
	{ "new_points" },
};

/* Every section and key is one pana reads: a slip such as min-cell for
   min_cell must not leave a setting at its default without a word.
   [survey NAME] keys follow their own grammar (survey_parse). */
static int check_names(struct config *c, struct err *e)
{
	const size_t nsec = sizeof(known_sections) / sizeof(known_sections[0]);
	size_t i, k;

	for (i = 0; i < c->nentries; i++) {
		const char *sec = c->entries[i].section, *key = c->entries[i].key, *near;
		const char *keys[NKNOWN + CONFIG_MAX_AREAS] = { 0 };
		size_t nkeys = 0;

		if (!strncmp(sec, "survey ", 7))
			continue;
		for (k = 0; k + 1 < nsec && strcmp(sec, known_sections[k]); k++)
			;
		if (k + 1 == nsec) {
			near = config_nearest(sec, known_sections, nsec);
			if (near)
				return err_set(e, "'%s': unknown section [%s]; did you mean [%s]?",
					       c->path, sec, near);
			return err_set(e, "'%s': unknown section [%s] (known: paths, report, "
				       "coverage, competences, ingest, backup, privacy, siting, survey NAME)", c->path,
				       sec);
		}
		for (; nkeys < NKNOWN && known_keys[k][nkeys]; nkeys++)
			keys[nkeys] = known_keys[k][nkeys];
		if (!strcmp(sec, "competences"))
			for (size_t a = 0; a < c->nareas; a++)
				keys[nkeys++] = c->areas[a];
		near = config_nearest(key, keys, nkeys);
		if (near && !strcmp(near, key))
			continue;
		if (near)
			return err_set(e, "'%s': unknown key '%s' in [%s]; did you mean '%s'?",
				       c->path, key, sec, near);
		if (!strcmp(sec, "competences"))
			return err_set(e, "'%s': unknown key '%s' in [competences]: not 'areas' nor "
				       "one of the areas it lists", c->path, key);
		return err_set(e, "'%s': unknown key '%s' in [%s]", c->path, key, sec);
	}
	return 0;
}

/* A list of names, each one of known; said now rather than mid-run. */
const char *const config_sections[CONFIG_NSECTIONS] = {
	"key", "coverage", "siting", "competences", "trends", "survey", "quality", "methodology",
};
const char *const config_formats[CONFIG_NFORMATS] = { "pdf", "png", "svg", "csv" };

/* A list of names, each one of known[0..n), into bits (bit i for
   known[i]); all of them when the key is absent or empty. Said now
   rather than mid-run. */
static int parse_set(struct config *c, const char *section, const char *key,
		     const char *const *known, size_t n, unsigned *bits, struct err *e)
{
	const char *p = config_get(c, section, key), *near;
	size_t len, i;
	char one[64];

	*bits = p && *p ? 0 : (1u << n) - 1;
	while (p && *p) {
		p += strspn(p, " ,");
		len = strcspn(p, " ,");
		if (!len)
			break;
		for (i = 0; i < n; i++)
			if (strlen(known[i]) == len && !strncmp(p, known[i], len))
				break;
		if (i == n) {
			snprintf(one, sizeof(one), "%.*s", (int)len, p);
			near = config_nearest(one, known, n);
			return err_set(e, "'%s': [%s] %s: '%.*s' is not one of them%s%s%s", c->path,
				       section, key, (int)len, p, near ? "; did you mean '" : "",
				       near ? near : "", near ? "'?" : "");
		}
		*bits |= 1u << i;
		p += len;
	}
	return 0;
}

/* A list of at most CONFIG_MAX_BANDS positive numbers into out; returns
   how many, or -1. */
static int number_list(const char *s, double *out)
{
	int n = 0;
	char *end;

	while (*s) {
		s += strspn(s, " ,\t");
		if (!*s)
			break;
		errno = 0;
		if (n == CONFIG_MAX_BANDS || !((out[n] = strtod(s, &end)) >= 0) || end == s || errno)
			return -1;
		n++;
		s = end;
		if (*s && !strchr(" ,\t", *s))
			return -1;
	}
	return n;
}

/* [report] regions: all, none, or region codes (two digits each); which
   of them exist the report says, against the geography. */
static int check_regions(struct config *c, struct err *e)
{
	const char *p;
	size_t len;

	c->regions = get_str(c, "report", "regions", "all");
	if (!strcmp(c->regions, "all") || !strcmp(c->regions, "none"))
		return 0;
	for (p = c->regions; *p; p += len) {
		p += strspn(p, " ,");
		len = strcspn(p, " ,");
		if (len && (len != 2 || !isdigit((unsigned char)p[0]) || !isdigit((unsigned char)p[1])))
			return err_set(e, "'%s': [report] regions: '%.*s' is not a region code "
				       "(two digits, e.g. 84); the value is all, none or a list of "
				       "codes", c->path, (int)len, p);
	}
	return 0;
}

static int check_report_settings(struct config *c, struct err *e)
{
	const char *km = config_get(c, "coverage", "catchment_km");
	const char *w = config_get(c, "coverage", "catchment_weights");
	const char *coords = config_get(c, "coverage", "commune_coordinates");
	int nkm, nw;

	/* Relative to the config file, as every path. */
	if (coords && *coords)
		c->coordinates = resolve_path(c, coords);

	if (parse_set(c, "report", "sections", config_sections, CONFIG_NSECTIONS, &c->sections,
		      e) ||
	    parse_set(c, "report", "formats", config_formats, CONFIG_NFORMATS, &c->formats, e))
		return -1;
	if (check_regions(c, e))
		return -1;
	if (c->coordinates && access(c->coordinates, R_OK))
		return err_set(e, "'%s': [coverage] commune_coordinates: cannot read '%s': %s",
			       c->path, c->coordinates, strerror(errno));
	nkm = number_list(km ? km : "10, 20, 30", c->catchment_km);
	nw = number_list(w ? w : "1, 0.68, 0.22", c->catchment_weights);
	c->nbands = nkm > 0 ? (size_t)nkm : 0;
	if (nkm <= 0 || nkm != nw)
		return err_set(e, "'%s': [coverage] catchment_km and catchment_weights must be two "
			       "lists of the same length (at most %d numbers)", c->path,
			       CONFIG_MAX_BANDS);
	return 0;
}

/* Every [survey NAME] section, checked now so that a mistake stops every
   program before it runs. */
static int parse_surveys(struct config *c, struct err *e)
{
	size_t i, k;

	for (i = 0; i < c->nentries; i++) {
		const char *sec = c->entries[i].section;
		int seen = 0;

		if (strncmp(sec, "survey ", 7))
			continue;
		for (k = 0; k < c->nsurveys && !seen; k++)
			seen = !strcmp(c->surveys[k].name, sec + 7);
		if (seen)
			continue;
		c->surveys = xgrow(c->surveys, c->nsurveys, sizeof(*c->surveys));
		/* Counted now, so that config_release() frees it on an error. */
		if (survey_parse(&c->surveys[c->nsurveys++], c, sec, e))
			return -1;
	}
	return 0;
}

const struct survey *config_survey(const struct config *c, const char *name)
{
	for (size_t i = 0; i < c->nsurveys; i++)
		if (!strcmp(c->surveys[i].name, name))
			return &c->surveys[i];
	return NULL;
}

static int is_dir(const char *path)
{
	struct stat sb;

	return !stat(path, &sb) && S_ISDIR(sb.st_mode);
}

/* The paths must make sense before any program writes: the database's
   folder exists, the geography is a folder, and the reports go neither
   into an input folder nor to the root. */
static int check_paths(struct config *c, struct err *e)
{
	char *slash = strrchr(c->database, '/');
	struct stat sb;
	int ok;

	if (slash && slash != c->database) {
		*slash = '\0';
		ok = is_dir(c->database);
		if (!ok)
			err_set(e, "'%s': [paths] database: the folder '%s' does not exist", c->path,
				c->database);
		*slash = '/';
		if (!ok)
			return -1;
	}
	if (!stat(c->inbox, &sb) && !S_ISDIR(sb.st_mode))
		return err_set(e, "'%s': [paths] inbox: '%s' is not a folder", c->path, c->inbox);
	if (!is_dir(c->geography))
		return err_set(e, "'%s': [paths] geography: '%s' is not a folder", c->path,
			       c->geography);
	if (!strcmp(c->reports, "/") || !strcmp(c->reports, c->inbox) ||
	    !strcmp(c->reports, c->geography))
		return err_set(e, "'%s': [paths] reports: '%s' must be a folder of its own", c->path,
			       c->reports);
	return 0;
}

int config_load(struct config *c, const char *path, struct err *e)
{
	struct loader l = { c, e, NULL, 0, 0, 0, 0 };
	long n;
	int rc;

	memset(c, 0, sizeof(*c));
	/* Absolute, so that every path derived from it is too. */
	c->path = realpath(path, NULL);
	if (!c->path)
		c->path = xstrdup(path);
	l.f = fopen(path, "r");
	if (!l.f)
		return err_set(e, "cannot read config '%s': %s", path, strerror(errno));
	rc = ini_parse_stream(read_line, &l, on_entry, &l);
	if (ferror(l.f)) {
		fclose(l.f);
		return err_set(e, "cannot read config '%s': %s", path, strerror(errno));
	}
	fclose(l.f);
	if (rc == -2)
		return err_set(e, "cannot read config '%s': out of memory", path);
	if (l.too_long)
		return err_set(e, "'%s' line %d: the line is longer than %d bytes: go on with the "
			       "value on the next lines, indented", path, l.too_long, CONFIG_MAX_LINE);
	if (l.not_utf8)
		return err_set(e, "'%s' line %d: not valid UTF-8: save the file as UTF-8 (a "
			       "spreadsheet or an editor may have saved it as Windows-1252)", path,
			       l.not_utf8);
	if (rc > 0)
		return err_set(e, "'%s' line %d: not a valid INI line", path, rc);
	if (get_path(c, "database", &c->database, e) ||
	    get_path(c, "inbox", &c->inbox, e) ||
	    get_path(c, "reports", &c->reports, e) ||
	    get_path(c, "geography", &c->geography, e) || check_paths(c, e))
		return -1;
	if (get_long(c, "report", "year", 0, 2100, 0, &n, e))
		return -1;
	if (n && n < 1901)
		return err_set(e, "'%s': [report] year: %ld is before the law of 1901", path, n);
	c->year = (int)n;
	c->title = get_str(c, "report", "title", "Le numérique dans les associations");
	c->subtitle = get_str(c, "report", "subtitle", "");
	c->author = get_str(c, "report", "author", "pana");
	c->language = get_str(c, "report", "language", "fr");
	if (strcmp(c->language, "fr") && strcmp(c->language, "en"))
		return err_set(e, "'%s': [report] language: '%s' is not fr or en", path, c->language);
	/* Quarantine and warning messages speak the report's language. */
	text_set_language(c->language);
	if (get_prob(c, "coverage", "confidence", 0.95, &c->confidence, e) ||
	    get_prob(c, "coverage", "fdr", 0.05, &c->fdr, e))
		return -1;
	if (get_long(c, "privacy", "min_cell", 1, 1000000, 10, &c->min_cell, e) ||
	    get_long(c, "ingest", "max_quarantined", 0, 100, 10, &n, e) ||
	    get_long(c, "backup", "keep", 0, 100, 3, &c->backup_keep, e) ||
	    get_long(c, "ingest", "settle_minutes", 0, 7 * 24 * 60, 5, &c->settle_minutes, e) ||
	    get_long(c, "siting", "new_points", 0, 10000, 20, &c->siting_points, e))
		return -1;
	c->max_quarantined = (double)n / 100.0;
	return parse_areas(c, e) || check_names(c, e) || check_report_settings(c, e) ||
		parse_surveys(c, e) ? -1 : 0;
}

void config_release(struct config *c)
{
	size_t i;

	for (i = 0; i < c->nentries; i++) {
		free(c->entries[i].section);
		free(c->entries[i].key);
		free(c->entries[i].value);
	}
	free(c->entries);
	for (i = 0; i < c->nsurveys; i++)
		survey_release(&c->surveys[i]);
	free(c->surveys);
	for (i = 0; i < c->nareas; i++) {
		free(c->areas[i]);
		free(c->area_labels[i]);
	}
	free(c->path);
	free(c->database);
	free(c->inbox);
	free(c->reports);
	free(c->geography);
	free(c->coordinates);
	free(c->title);
	free(c->subtitle);
	free(c->author);
	free(c->language);
	free(c->regions);
	memset(c, 0, sizeof(*c));
}
