/*
 * test_ingest_survey: a survey export as Framaforms writes it (three
 * header rows, tab, an option label shared by two questions under their
 * question's text, a draft, a date in the tool's own form) loaded through
 * load_file() at several read sizes, each giving the same staging rows,
 * quarantine and warnings.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "check.h"
#include "config.h"
#include "db.h"
#include "load.h"
#include "survey.h"

static char dir[] = "/tmp/pana-test-ingest-survey-XXXXXX";

static const char section[] =
	"[survey t]\n"
	"header_rows = 3\n"
	"id = SID\n"
	"date = Soumis, Modifié\n"
	"date.format = %d/%m/%Y - %H:%M\n"
	"draft = Brouillon\n"
	"commune = Commune\n"
	"commune.type = name\n"
	"postal_code = CP\n"
	"question.avis = Votre avis : oui,\n"
	"  non ?\n"
	"avis = Oui: 1, Non: 0, Je ne sais pas:\n"
	"question.outils = Outils ?\n"
	"outils.checked = X\n"
	"option.outils.web = Site web\n"
	"option.outils.autre = Autre\n"
	"question.reseaux = Réseaux ?\n"
	"reseaux.checked = X\n"
	"option.reseaux.fb = Facebook\n"
	"option.reseaux.autre = Autre\n";

#define T "\t"
static const char export[] =
	"\"Enquête 2025\"" T "\"\"" T "\"\"" T "\"\"" T "\"\"" T "\"\"" T "\"\"" T "\"\"" T "\"\""
	T "\"\"" T "\"\"\n"
	"\"Détails de la soumission\"" T "\"\"" T "\"\"" T "\"\"" T "\"\"" T "\"\"" T "\"\"" T
	"\"Outils ?\"" T "\"\"" T "\"Réseaux ?\"" T "\"\"\n"
	"\"SID\"" T "\"Soumis\"" T "\"Modifié\"" T "\"Brouillon\"" T "\"Commune\"" T "\"CP\"" T
	"\"Votre avis :  oui, non ?\"" T "\"Site web\"" T "\"Autre\"" T "\"Facebook\"" T
	"\"Autre\"\n"
	"\"1\"" T "\"03/04/2025 - 18:22\"" T "\"03/04/2025 - 18:22\"" T "\"0\"" T "\"Lyon\"" T
	"\"69007\"" T "\"Oui\"" T "\"X\"" T "\"\"" T "\"\"" T "\"X\"\n"
	"\"2\"" T "\"\"" T "\"04/04/2025 - 09:05\"" T "\"1\"" T "\"Rennes\"" T "\"35000\"" T
	"\"Peut-être\"" T "\"\"" T "\"\"" T "\"X\"" T "\"Y\"\n"
	"\"1\"" T "\"05/04/2025 - 10:00\"" T "\"\"" T "\"0\"" T "\"Nantes\"" T "\"44000\"" T
	"\"Non\"" T "\"\"" T "\"X\"" T "\"\"" T "\"\"\n"
	"\"3\"" T "\"06/04/2025 - 11:00\"" T "\"\"" T "\"0\"" T "\"\"" T "\"\"" T "\"\"" T "\"\"" T
	"\"\"" T "\"\"" T "\"\"\n";

static const char want_staged[] =
	"4|1|2025-04-03 18:22:00|Lyon|69007|{\"avis\":\"Oui\",\"outils.autre\":\"\","
	"\"outils.web\":\"Site web\",\"reseaux.autre\":\"Autre\",\"reseaux.fb\":\"\"}\n"
	"5|2|2025-04-04 09:05:00|Rennes|35000|{\"avis\":\"Peut-être\",\"outils.autre\":\"\","
	"\"outils.web\":\"\",\"reseaux.fb\":\"Facebook\"}\n"
	"7|3|2025-04-06 11:00:00|||{\"outils.autre\":\"\",\"outils.web\":\"\","
	"\"reseaux.autre\":\"\",\"reseaux.fb\":\"\"}\n";
static const char want_quarantine[] = "6|SID|unique-error\n";
static const char want_warnings[] =
	"5|Soumis|incomplete\n"
	"5|Brouillon|draft\n"
	"5|Votre avis :  oui, non ?|label-unknown\n"
	"5|Autre|label-unknown\n";

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f)
		exit(2);
	fputs(text, f);
	fclose(f);
}

/* The rows of a query, "a|b|c\n" each. */
static void dump(sqlite3 *db, const char *sql, struct buf *out)
{
	sqlite3_stmt *st;

	buf_reset(out);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return;
	while (sqlite3_step(st) == SQLITE_ROW) {
		for (int i = 0; i < sqlite3_column_count(st); i++) {
			const unsigned char *v = sqlite3_column_text(st, i);

			buf_addf(out, "%s%s", i ? "|" : "", v ? (const char *)v : "");
		}
		buf_addch(out, '\n');
	}
	sqlite3_finalize(st);
}

static void remove_db(const char *path)
{
	char side[512];

	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
}

static void load_at(const struct config *cfg, struct schema **schemas, const char *csv,
		    size_t chunk, int threaded)
{
	char dbpath[256];
	struct load_opts o = { .chunk = chunk, .progress = 0, .single_thread = !threaded };
	struct load_stats st;
	struct buf got = BUF_INIT;
	struct err e = { .msg = "" };
	sqlite3 *db;

	snprintf(dbpath, sizeof(dbpath), "%s/pana.sqlite", dir);
	remove_db(dbpath);
	if (db_open(&db, dbpath, &e)) {
		CHECK(0, "%s", e.msg);
		return;
	}
	CHECK(load_file(db, cfg, schemas, csv, "t.csv", &o, &st, &e) == 0, "chunk %zu: %s", chunk,
	      e.msg);
	CHECK(st.rows_read == 4 && st.rows_loaded == 3 && st.rows_quarantined == 1,
	      "chunk %zu: read %ld, loaded %ld, quarantined %ld", chunk, st.rows_read,
	      st.rows_loaded, st.rows_quarantined);
	dump(db, "SELECT line, response_id, submitted_at, commune, postal, answers FROM stg_survey "
	     "ORDER BY line", &got);
	CHECK(!strcmp(got.data, want_staged), "chunk %zu: staged\n%s", chunk, got.data);
	dump(db, "SELECT line, field, error FROM quarantine ORDER BY line", &got);
	CHECK(!strcmp(got.data, want_quarantine), "chunk %zu: quarantine\n%s", chunk, got.data);
	dump(db, "SELECT line, field, rule FROM warning ORDER BY line, id", &got);
	CHECK(!strcmp(got.data, want_warnings), "chunk %zu: warnings\n%s", chunk, got.data);
	buf_release(&got);
	db_close(db);
	remove_db(dbpath);
}

int main(void)
{
	static const size_t chunks[] = { 1, 2, 3, 7, 16, 61, 256, 0 };
	char cfgpath[256], csv[256], dbpath[256], text[2048];
	struct schema *schemas[2] = { NULL, NULL };
	struct config cfg;
	struct err e = { .msg = "" };
	size_t i;

	if (!mkdtemp(dir))
		return 2;
	snprintf(cfgpath, sizeof(cfgpath), "%s/config.ini", dir);
	snprintf(csv, sizeof(csv), "%s/t.csv", dir);
	snprintf(text, sizeof(text), "[paths]\ndatabase = pana.sqlite\ninbox = .\nreports = r\n"
		 "geography = /tmp\n%s", section);
	write_file(cfgpath, text);
	write_file(csv, export);
	if (config_load(&cfg, cfgpath, &e)) {
		fprintf(stderr, "%s\n", e.msg);
		return 2;
	}
	schemas[0] = survey_schema(&cfg.surveys[0], &e);
	CHECK(schemas[0] != NULL, "%s", e.msg);
	for (i = 0; schemas[0] && i < sizeof(chunks) / sizeof(chunks[0]); i++)
		load_at(&cfg, schemas, csv, chunks[i], 0);
	if (schemas[0])
		load_at(&cfg, schemas, csv, 0, 1);

	/* A file that ends inside the header: no kind, its first row not
	   quoted (the log never shows a file's content). */
	{
		struct load_opts o = { .chunk = 0, .progress = 0, .single_thread = 1 };
		struct load_stats st;
		sqlite3 *db;

		write_file(csv, "\"Enquête 2025\"\t\"\"\n\"Détails\"\t\"\"\n");
		snprintf(dbpath, sizeof(dbpath), "%s/pana.sqlite", dir);
		if (schemas[0] && !db_open(&db, dbpath, &e)) {
			CHECK(load_file(db, &cfg, schemas, csv, "t.csv", &o, &st, &e) == -1 &&
			      strstr(e.msg, "unknown kind of file: its first row (2 columns)") &&
			      !strstr(e.msg, "nqu"),
			      "%s", e.msg);
			db_close(db);
		}
		remove_db(dbpath);
	}
	schema_free(schemas[0]);
	config_release(&cfg);
	unlink(csv);
	unlink(cfgpath);
	rmdir(dir);
	return t_done("test_ingest_survey");
}
