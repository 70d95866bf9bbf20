/*
 * fuzz_ingest: libFuzzer target for the whole load of one inbox file
 * (ingest/load.c: sniffing, header binding, the earlier names and labels
 * of the mapping, schema_clean, quarantine and warnings, the staging
 * inserts) into a real SQLite database, on two threads as pana-ingest
 * reads. Seeds are cut from the real exports of tests/real/. Whatever the
 * bytes, the load must end with 0 or a file-level error, and the books
 * must balance: rows_read = rows_loaded + rows_quarantined, the staging
 * table holds rows_loaded rows of the file, the quarantine its
 * rows_quarantined, every warning is on a loaded row and has a message,
 * and nothing of a rejected file is kept.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "db.h"
#include "err.h"
#include "load.h"
#include "schema.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FAIL(...)                                                          \
	do {                                                               \
		fprintf(stderr, "fuzz_ingest: invariant broken at %s:%d: ", \
			__FILE__, __LINE__);                               \
		fprintf(stderr, __VA_ARGS__);                              \
		fputc('\n', stderr);                                       \
		abort();                                                   \
	} while (0)

static const char *const names[] = {
	"associations.schema.json", "associations-import.schema.json",
	"structures.schema.json", "diagnostics.schema.json",
};
static const char *const areas[] = { "communication", "collaboration", "gestion" };

static char dir[64], dbpath[96], csvpath[96];
static sqlite3 *db;
static struct schema *schemas[8];
static struct config cfg;

static long long count(const char *sql)
{
	sqlite3_stmt *st;
	long long n = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		FAIL("%s: %s", sql, sqlite3_errmsg(db));
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct err e;
	size_t i;

	(void)argc;
	(void)argv;
	snprintf(dir, sizeof(dir), "/tmp/pana-fuzz-ingest-XXXXXX");
	if (!mkdtemp(dir))
		abort();
	snprintf(dbpath, sizeof(dbpath), "%s/pana.sqlite", dir);
	snprintf(csvpath, sizeof(csvpath), "%s/lieux.csv", dir);
	if (db_open(&db, dbpath, &e)) {
		fprintf(stderr, "fuzz_ingest: %s\n", e.msg);
		abort();
	}
	/* The file system is the fuzzer's: speed over durability. */
	sqlite3_exec(db, "PRAGMA synchronous = OFF", NULL, NULL, NULL);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		schemas[i] = schema_load(names[i], &e);
		if (!schemas[i]) {
			fprintf(stderr, "fuzz_ingest: %s\n", e.msg);
			abort();
		}
		if (!strcmp(schema_kind(schemas[i]), "diagnostics"))
			for (size_t a = 0; a < sizeof(areas) / sizeof(areas[0]); a++)
				schema_add_int_field(schemas[i], areas[a], 0, 4);
	}
	memset(&cfg, 0, sizeof(cfg));
	cfg.nareas = sizeof(areas) / sizeof(areas[0]);
	for (i = 0; i < cfg.nareas; i++)
		cfg.areas[i] = (char *)areas[i];
	cfg.max_quarantined = 1;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const staging[] = {
		"stg_association", "stg_structure", "stg_diagnostic", "stg_survey",
	};
	struct load_opts o = { .chunk = 4096 };
	struct load_stats st;
	struct err e;
	char sql[256];
	FILE *f;
	long long n;
	size_t i;
	int rc;

	f = fopen(csvpath, "wb");
	if (!f || fwrite(data, 1, size, f) != size || fclose(f))
		abort();
	rc = load_file(db, &cfg, schemas, csvpath, "lieux.csv", &o, &st, &e);
	if (rc == 0 && !st.skipped) {
		if (st.rows_read != st.rows_loaded + st.rows_quarantined)
			FAIL("read %ld != loaded %ld + quarantined %ld", st.rows_read, st.rows_loaded,
			     st.rows_quarantined);
		n = 0;
		for (i = 0; i < sizeof(staging) / sizeof(staging[0]); i++) {
			snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", staging[i]);
			n += count(sql);
		}
		if (n != st.rows_loaded)
			FAIL("%lld staged rows, %ld loaded", n, st.rows_loaded);
		if (count("SELECT count(*) FROM quarantine") != st.rows_quarantined)
			FAIL("quarantine rows differ from %ld", st.rows_quarantined);
		if (count("SELECT count(DISTINCT line) FROM warning") != st.rows_warned)
			FAIL("warned rows differ from %ld", st.rows_warned);
		if (count("SELECT count(*) FROM warning WHERE message IS NULL OR message = '' "
			  "OR line IN (SELECT line FROM quarantine)"))
			FAIL("a warning without a message, or on a quarantined row");
	} else if (rc != 0) {
		if (!e.msg[0])
			FAIL("a rejected file without a message");
		if (count("SELECT count(*) FROM source_file") ||
		    count("SELECT count(*) FROM quarantine"))
			FAIL("something of a rejected file was kept");
	}
	/* Next input: an empty inbox history. */
	if (sqlite3_exec(db, "DELETE FROM stg_association; DELETE FROM stg_structure; "
			 "DELETE FROM stg_diagnostic; DELETE FROM stg_survey; DELETE FROM warning; "
			 "DELETE FROM quarantine; DELETE FROM source_file; DELETE FROM seen_copy;",
			 NULL, NULL, NULL) != SQLITE_OK)
		FAIL("reset: %s", sqlite3_errmsg(db));
	return 0;
}
