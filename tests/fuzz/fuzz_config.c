/*
 * fuzz_config: libFuzzer target for lib/config.c (config.ini through
 * inih). The input is written to a temporary file, loaded with
 * config_load, probed with config_get, and released (twice: release must
 * be safe to repeat). A config that loads must satisfy what the programs
 * rely on: absolute paths, values in their documented ranges, valid area
 * codes. Any violation aborts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "err.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FAIL(...)                                                          \
	do {                                                               \
		fprintf(stderr, "fuzz_config: invariant broken at %s:%d: ", \
			__FILE__, __LINE__);                               \
		fprintf(stderr, __VA_ARGS__);                              \
		fputc('\n', stderr);                                       \
		abort();                                                   \
	} while (0)

static char dir[64];
static char path[96];

static void cleanup(void)
{
	if (path[0])
		unlink(path);
	if (dir[0])
		rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *tmp = getenv("TMPDIR");

	(void)argc;
	(void)argv;
	if (!tmp || !*tmp || strlen(tmp) > 40)
		tmp = "/tmp";
	snprintf(dir, sizeof(dir), "%s/fuzz_config.XXXXXX", tmp);
	if (!mkdtemp(dir)) {
		perror("fuzz_config: mkdtemp");
		exit(2);
	}
	snprintf(path, sizeof(path), "%s/config.ini", dir);
	atexit(cleanup);
	return 0;
}

static void check_str(const char *what, const char *s)
{
	if (!s)
		FAIL("%s is NULL after a successful load", what);
}

static void check_path(const char *what, const char *s)
{
	check_str(what, s);
	if (s[0] != '/')
		FAIL("%s '%s' is not absolute", what, s);
}

static void check_loaded(const struct config *c)
{
	size_t i, k;

	check_path("path", c->path);
	check_path("database", c->database);
	check_path("inbox", c->inbox);
	check_path("reports", c->reports);
	check_path("geography", c->geography);
	if (c->year != 0 && (c->year < 1901 || c->year > 2100))
		FAIL("year %d accepted", c->year);
	check_str("title", c->title);
	check_str("subtitle", c->subtitle);
	check_str("author", c->author);
	check_str("language", c->language);
	if (strcmp(c->language, "fr") && strcmp(c->language, "en"))
		FAIL("language '%s' accepted", c->language);
	if (!(c->confidence > 0 && c->confidence < 1))
		FAIL("confidence %g accepted", c->confidence);
	if (!(c->fdr > 0 && c->fdr < 1))
		FAIL("fdr %g accepted", c->fdr);
	if (c->min_cell < 1 || c->min_cell > 1000000)
		FAIL("min_cell %ld accepted", c->min_cell);
	if (c->nareas < 1 || c->nareas > CONFIG_MAX_AREAS)
		FAIL("%zu areas accepted", c->nareas);
	for (i = 0; i < c->nareas; i++) {
		check_str("area", c->areas[i]);
		check_str("area label", c->area_labels[i]);
		if (!c->areas[i][0] || !c->area_labels[i][0])
			FAIL("area %zu is empty", i);
		for (k = 0; c->areas[i][k]; k++)
			if (!strchr("abcdefghijklmnopqrstuvwxyz0123456789_", c->areas[i][k]))
				FAIL("area code '%s' accepted", c->areas[i]);
	}
}

static void probe(const struct config *c, const char *section, const char *key)
{
	const char *v = config_get(c, section, key);
	size_t i;

	if (!v)
		return;
	for (i = 0; i < c->nentries; i++)
		if (c->entries[i].value == v)
			break;
	if (i == c->nentries)
		FAIL("config_get('%s', '%s') is not one of the entries", section, key);
	if (strcmp(c->entries[i].section, section) || strcmp(c->entries[i].key, key))
		FAIL("config_get('%s', '%s') gave entry [%s] %s", section, key,
		     c->entries[i].section, c->entries[i].key);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const keys[][2] = {
		{ "paths", "database" }, { "paths", "inbox" }, { "report", "title" },
		{ "report", "year" }, { "coverage", "catchment_km" },
		{ "competences", "areas" }, { "survey barometre", "questions" },
		{ "", "" }, { "nosuch", "key" },
	};
	struct config c;
	struct err e;
	FILE *f;
	size_t i;
	int rc;

	f = fopen(path, "wb");
	if (!f || fwrite(data, 1, size, f) != size || fclose(f)) {
		perror("fuzz_config: writing the input");
		abort();
	}
	memset(e.msg, 0, sizeof(e.msg));
	rc = config_load(&c, path, &e);
	if (rc != 0 && rc != -1)
		FAIL("config_load returned %d", rc);
	if (rc == 0)
		check_loaded(&c);
	else if (!e.msg[0])
		FAIL("config_load failed without a message");
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		probe(&c, keys[i][0], keys[i][1]);
	for (i = 0; i < c.nentries && i < 8; i++)
		probe(&c, c.entries[i].section, c.entries[i].key);
	config_release(&c);
	config_release(&c);	/* safe twice */
	return 0;
}
