/*
 * pana-gen: writes a deterministic, realistic sample inbox for pana.
 *
 * Everything comes from the committed geography and one seed: a xoshiro256**
 * generator seeded through splitmix64, one independent stream per output
 * file, integer arithmetic for whatever reaches a file (weights, dates,
 * coordinates), no locale, no clock, no rand(). The same arguments give the
 * same bytes. Each file is written to NAME.tmp and renamed once complete.
 *
 * The files carry deliberate defects (bad rows, duplicate ids, arrondissement
 * and old commune codes, dropped leading zeros, three encodings) because they
 * exist to exercise pana's ingest and transform. The count of bad rows is
 * printed per file; -v lists each one with its line number on stderr.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "gen.h"

enum gen_exit {
	GEN_EXIT_OK = 0,
	GEN_EXIT_USAGE = 2,	/* bad command line */
	GEN_EXIT_IO = 3,	/* unreadable geography, unwritable output */
};

void *gen_xrealloc(void *p, size_t n, size_t size)
{
	void *q;

	if (size && n > SIZE_MAX / size) {
		fprintf(stderr, "pana-gen: out of memory\n");
		abort();
	}
	q = realloc(p, n && size ? n * size : 1);
	if (!q) {
		fprintf(stderr, "pana-gen: out of memory\n");
		abort();
	}
	return q;
}

/* ------------------------------------------------------------------ */

static const struct {
	const char *name;
	unsigned long rna, lieux, diag, survey;
} sizes[] = {
	{ "small", 20000, 1500, 2000, 600 },
	{ "medium", 200000, 5000, 20000, 3000 },
	{ "national", 2000000, 15000, 70000, 10000 },
	/* national in every kind, divided by ten: make bench's linearity */
	{ "tenth", 200000, 1500, 7000, 1000 },
};

static void usage(FILE *to)
{
	fprintf(to,
		"usage: pana-gen [--size small|medium|national|tenth] [--seed N] [--geography DIR]\n"
		"                [--year YYYY] [-v] --out DIR\n"
		"\n"
		"Writes a deterministic sample inbox for pana into DIR (created if missing):\n"
		"  rna_waldec_YYYY1101.csv          RNA extract, ';', UTF-8 with BOM, CRLF\n"
		"  rna_waldec_YYYY1101_dpt_971.csv  Guadeloupe, ';', Windows-1252, LF, other column order\n"
		"  lieux-mediation-numerique.csv    support structures, ',', UTF-8, LF\n"
		"  diagnostics_Y.csv                Y = YYYY-2 .. YYYY, ';', UTF-8, LF\n"
		"  survey_barometre_YYYY.csv        LimeSurvey-style export, ',', UTF-8 with BOM\n"
		"The same arguments always give the same bytes. Sizes (RNA rows):\n"
		"small 20,000 (default), medium 200,000, national 2,000,000 (~1.4 GB), and\n"
		"tenth, national divided by ten in every kind of file.\n"
		"\n"
		"  --size S        small, medium, national or tenth\n"
		"  --seed N        unsigned integer, default 1\n"
		"  --geography D   folder with communes.csv and departments.csv (data/geography)\n"
		"  --year YYYY     reference year, default 2026\n"
		"  --out DIR       output folder\n"
		"  -v, --verbose   list each deliberately bad row (file:line) on stderr\n"
		"  -h, --help      this help\n"
		"\n"
		"On stdout, one line per file: rows written and deliberately bad rows.\n"
		"Exit status: 0 success, 2 usage error, 3 input or output error.\n");
}

static int mkdir_p(const char *dir, struct err *e)
{
	struct buf p = BUF_INIT;
	struct stat st;
	size_t i;
	int ret = 0;

	buf_addstr(&p, dir);
	for (i = 1; i <= p.len && !ret; i++) {
		char saved = p.data[i];

		if (saved != '/' && saved != '\0')
			continue;
		p.data[i] = '\0';
		if (mkdir(p.data, 0777) != 0 && errno != EEXIST)
			ret = err_set(e, "cannot create folder '%s': %s", p.data, strerror(errno));
		p.data[i] = saved;
	}
	if (!ret && (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)))
		ret = err_set(e, "'%s' is not a folder", dir);
	buf_release(&p);
	return ret;
}

/* Value of option name at argv[*i] ("--name V" or "--name=V"), or NULL. */
static const char *opt_value(int argc, char **argv, int *i, const char *name,
			     int *missing)
{
	size_t n = strlen(name);
	const char *a = argv[*i];

	if (strncmp(a, name, n))
		return NULL;
	if (a[n] == '=')
		return a + n + 1;
	if (a[n])
		return NULL;
	if (*i + 1 >= argc) {
		*missing = 1;
		return NULL;
	}
	return argv[++*i];
}

static int run(struct ctx *x, size_t size, struct err *e)
{
	if (rna_write(x, sizes[size].rna, e) || lieux_write(x, sizes[size].lieux, e) ||
	    diag_write(x, sizes[size].diag, e) || responses_write(x, sizes[size].survey, e))
		return -1;
	return 0;
}

/* The committed referential beside the program (bin/../data/geography),
   else data/geography from the current folder. */
static const char *default_geography(char *buf, size_t n)
{
	ssize_t len = readlink("/proc/self/exe", buf, n - 1);
	char *slash;
	struct stat sb;

	if (len > 0) {
		buf[len] = '\0';
		if ((slash = strrchr(buf, '/'))) {
			*slash = '\0';
			if ((slash = strrchr(buf, '/'))) {
				snprintf(slash, n - (size_t)(slash - buf), "/data/geography");
				if (!stat(buf, &sb) && S_ISDIR(sb.st_mode))
					return buf;
			}
		}
	}
	return "data/geography";
}

enum { ARGS_OK, ARGS_HELP, ARGS_BAD };

/* Reads the options into x, *size, *geodir and *outdir; says what is wrong
   on stderr. */
static int parse_args(int argc, char **argv, struct ctx *x, size_t *size,
		      const char **geodir, const char **outdir)
{
	const char *v;
	int i, missing = 0;
	char *end;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return ARGS_HELP;
		} else if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) {
			x->verbose = 1;
		} else if ((v = opt_value(argc, argv, &i, "--size", &missing))) {
			for (*size = 0; *size < N_ELEM(sizes); ++*size)
				if (!strcmp(v, sizes[*size].name))
					break;
			if (*size == N_ELEM(sizes)) {
				fprintf(stderr, "pana-gen: --size '%s': expected small, medium, national or tenth\n", v);
				return ARGS_BAD;
			}
		} else if ((v = opt_value(argc, argv, &i, "--seed", &missing))) {
			errno = 0;
			x->seed = strtoull(v, &end, 10);
			if (errno || end == v || *end || *v == '-') {
				fprintf(stderr, "pana-gen: --seed '%s': expected an unsigned integer\n", v);
				return ARGS_BAD;
			}
		} else if ((v = opt_value(argc, argv, &i, "--year", &missing))) {
			long yv;

			errno = 0;
			yv = strtol(v, &end, 10);
			if (errno || end == v || *end || yv < 2000 || yv > 2100) {
				fprintf(stderr, "pana-gen: --year '%s': expected a year between 2000 and 2100\n", v);
				return ARGS_BAD;
			}
			x->year = (int)yv;
		} else if ((v = opt_value(argc, argv, &i, "--geography", &missing))) {
			*geodir = v;
		} else if ((v = opt_value(argc, argv, &i, "--out", &missing))) {
			*outdir = v;
		} else {
			if (missing)
				fprintf(stderr, "pana-gen: option '%s' needs a value\n", a);
			else
				fprintf(stderr, "pana-gen: unknown argument '%s' (see --help)\n", a);
			return ARGS_BAD;
		}
	}
	return ARGS_OK;
}

int main(int argc, char **argv)
{
	const char *geodir = NULL, *outdir = NULL;
	char found[4096];
	struct ctx x;
	struct err e;
	size_t size = 0;
	int status = GEN_EXIT_OK;

	memset(&x, 0, sizeof(x));
	x.seed = 1;
	x.year = 2026;
	e.msg[0] = '\0';
	switch (parse_args(argc, argv, &x, &size, &geodir, &outdir)) {
	case ARGS_HELP:
		return GEN_EXIT_OK;
	case ARGS_BAD:
		return GEN_EXIT_USAGE;
	}
	if (!outdir || !*outdir) {
		fprintf(stderr, "pana-gen: --out DIR is required (see --help)\n");
		return GEN_EXIT_USAGE;
	}
	if (!geodir)
		geodir = default_geography(found, sizeof(found));
	x.outdir = outdir;
	x.cutoff = field_days_from_civil(x.year, 10, 31);
	if (ref_load(&x.g, geodir, &e) || mkdir_p(outdir, &e) || run(&x, size, &e)) {
		fprintf(stderr, "pana-gen: %s\n", e.msg);
		status = GEN_EXIT_IO;
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "pana-gen: cannot write the summary to stdout\n");
		status = GEN_EXIT_IO;
	}
	free(x.act);
	ref_release(&x.g);
	return status;
}
