#include "geo.h"
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "csvin.h"
#include "db.h"
#include "hash.h"
#include "log.h"
#include "schema.h"

/* The departments where the national registry of associations does not
   apply: Alsace-Moselle keeps its local law and its own registers. */
static const char *const outside_registry[] = { "57", "67", "68" };

enum geo_kind {
	GEO_REGIONS, GEO_DEPARTMENTS, GEO_EPCI, GEO_COMMUNES, GEO_POSTAL, GEO_TERRITORIES,
	GEO_NKINDS
};

static const struct {
	const char *file, *schema;
} geo_files[GEO_NKINDS] = {
	{ "regions.csv", "geo-regions.schema.json" },
	{ "departments.csv", "geo-departments.schema.json" },
	{ "epci.csv", "geo-epci.schema.json" },
	{ "communes.csv", "geo-communes.schema.json" },
	{ "postal_codes.csv", "geo-postal.schema.json" },
	{ "territories.csv", "geo-territories.schema.json" },
};

struct geo_reader {
	sqlite3 *db;
	enum geo_kind kind;
	const char *file;
	struct schema *schema;
	int *col;		/* schema field -> column */
	size_t nfields;
	const char **v;		/* current values by schema field */
	sqlite3_stmt *st[4];
	struct buf msg;
	long rows;
};

static int add_list(struct geo_reader *g, sqlite3_stmt *st, const char *list,
		    const char *code, const char *kind, struct err *e)
{
	const char *p = list;

	while (p && *p) {
		size_t n = strcspn(p, "|");

		if (n) {
			sqlite3_bind_text(st, 1, p, (int)n, SQLITE_TRANSIENT);
			sqlite3_bind_text(st, 2, code, -1, SQLITE_STATIC);
			if (kind)
				sqlite3_bind_text(st, 3, kind, -1, SQLITE_STATIC);
			if (db_step_done(g->db, st, e))
				return -1;
		}
		p += n;
		if (*p)
			p++;
	}
	return 0;
}

static int bind_all(sqlite3_stmt *st, const char **v, const int *idx, int n)
{
	for (int i = 0; i < n; i++)
		db_bind_text(st, i + 1, v[idx[i]]);
	return 0;
}

static int store(struct geo_reader *g, struct err *e)
{
	const char **v = g->v;

	switch (g->kind) {
	case GEO_REGIONS: {
		static const int idx[] = { 0, 1 };

		bind_all(g->st[0], v, idx, 2);
		return db_step_done(g->db, g->st[0], e);
	}
	case GEO_DEPARTMENTS: {
		static const int idx[] = { 0, 1, 2 };

		bind_all(g->st[0], v, idx, 3);
		return db_step_done(g->db, g->st[0], e);
	}
	case GEO_EPCI: {
		static const int idx[] = { 0, 1, 2, 3 };

		bind_all(g->st[0], v, idx, 4);
		return db_step_done(g->db, g->st[0], e);
	}
	case GEO_POSTAL: {
		static const int idx[] = { 0, 1, 2, 3, 4 };

		bind_all(g->st[0], v, idx, 5);
		return db_step_done(g->db, g->st[0], e);
	}
	case GEO_TERRITORIES: {
		static const int idx[] = { 0, 1, 2, 3 };

		bind_all(g->st[0], v, idx, 4);
		return db_step_done(g->db, g->st[0], e);
	}
	case GEO_COMMUNES:
		break;
	default:
		return 0;
	}
	/* communes: code,name,type,parent,department_code,region_code,
	   epci_code,population,postal_codes,old_codes */
	if (!strcmp(v[2], "commune-actuelle")) {
		static const int idx[] = { 0, 1, 4, 5, 6, 7 };

		bind_all(g->st[0], v, idx, 6);
		if (db_step_done(g->db, g->st[0], e) ||
		    add_list(g, g->st[2], v[8], v[0], NULL, e) ||
		    add_list(g, g->st[1], v[9], v[0], "ancien", e))
			return -1;
		return 0;
	}
	if (!v[3] || !*v[3]) {
		buf_reset(&g->msg);
		return err_set(e, "'%s' row %ld: %s '%s' has no parent commune", g->file,
			       g->rows, v[2], v[0]);
	}
	{
		const char *kind = !strcmp(v[2], "arrondissement-municipal") ? "arrondissement"
			: !strcmp(v[2], "commune-deleguee") ? "deleguee" : "associee";
		sqlite3_stmt *st = g->st[3];

		sqlite3_bind_text(st, 1, v[0], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, v[1], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, v[3], -1, SQLITE_STATIC);
		if (db_step_done(g->db, st, e))
			return -1;
		return add_list(g, g->st[1], v[9], v[3], "ancien", e);
	}
}

static int on_geo(void *ctx, const struct csvin_record *r, struct err *e)
{
	struct geo_reader *g = ctx;
	const char *code;
	size_t i;

	if (r->bad_field >= 0)
		return err_set(e, "line %ld: %s", r->line, r->bad_reason);
	if (r->index == 0) {
		for (i = 0; i < g->nfields; i++) {
			g->col[i] = -1;
			for (size_t k = 0; k < r->nfields; k++)
				if (!strcmp(r->field[k], schema_field_name(g->schema, i)))
					g->col[i] = (int)k;
			if (g->col[i] < 0)
				return err_set(e, "required column '%s' is missing",
					       schema_field_name(g->schema, i));
		}
		return 0;
	}
	g->rows++;
	for (i = 0; i < g->nfields; i++) {
		if ((size_t)g->col[i] >= r->nfields)
			return err_set(e, "line %ld: the row has %zu cells", r->line, r->nfields);
		g->v[i] = r->field[g->col[i]];
		buf_reset(&g->msg);
		if (schema_check(g->schema, i, g->v[i], &code, &g->msg))
			return err_set(e, "line %ld, field '%s': %s", r->line,
				       schema_field_name(g->schema, i), g->msg.data);
	}
	return store(g, e);
}

static const char *const geo_sql[GEO_NKINDS][4] = {
	[GEO_REGIONS] = { "INSERT INTO region(code, name) VALUES (?1, ?2)" },
	[GEO_DEPARTMENTS] = { "INSERT INTO department(code, name, region_code) VALUES (?1, ?2, ?3)" },
	[GEO_EPCI] = { "INSERT INTO epci(code, name, type, population) VALUES (?1, ?2, ?3, ?4)" },
	[GEO_COMMUNES] = {
		"INSERT INTO commune(code, name, department_code, region_code, epci_code, "
		"population) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
		"INSERT OR IGNORE INTO commune_alias(code, commune_code, kind) VALUES (?1, ?2, ?3)",
		"INSERT OR IGNORE INTO postal_code(postal_code, commune_code) VALUES (?1, ?2)",
		"INSERT OR IGNORE INTO commune_alias(code, kind, name, commune_code) "
		"VALUES (?1, ?2, ?3, ?4)",
	},
	[GEO_POSTAL] = { "INSERT INTO postal_commune(postal_code, commune_code, name, routing_name, "
			 "line5) VALUES (?1, ?2, ?3, ?4, ?5)" },
	[GEO_TERRITORIES] = { "INSERT INTO territory(code, name, insee_prefixes, postal_prefixes) "
			      "VALUES (?1, ?2, ?3, ?4)" },
};

static int read_one(sqlite3 *db, const char *dir, enum geo_kind kind, struct err *e)
{
	struct geo_reader g;
	struct csvin csv;
	struct buf path = BUF_INIT;
	int rc = -1, i;

	memset(&g, 0, sizeof(g));
	g.db = db;
	g.kind = kind;
	g.file = geo_files[kind].file;
	buf_init(&g.msg);
	buf_addf(&path, "%s/%s", dir, g.file);
	g.schema = schema_load(geo_files[kind].schema, e);
	if (!g.schema)
		goto out;
	g.nfields = schema_nfields(g.schema);
	g.col = calloc(g.nfields, sizeof(int));
	g.v = calloc(g.nfields, sizeof(char *));
	if (!g.col || !g.v)
		xalloc_die();
	for (i = 0; i < 4 && geo_sql[kind][i]; i++)
		if (db_prepare(db, &g.st[i], geo_sql[kind][i], e))
			goto out;
	if (csvin_init(&csv, 0, on_geo, &g, e))
		goto out;
	rc = csvin_file(&csv, path.data, NULL, e);
	csvin_release(&csv);
	if (!rc && !g.rows)
		rc = err_set(e, "no rows");
	if (rc)
		err_prefix(e, "geography '%s'", path.data);
	else
		log_debug("geography: %ld rows from '%s'", g.rows, path.data);
out:
	for (i = 0; i < 4; i++)
		sqlite3_finalize(g.st[i]);
	schema_free(g.schema);
	free(g.col);
	free(g.v);
	buf_release(&g.msg);
	buf_release(&path);
	return rc;
}

static int geography_hash(const char *dir, char hex[HASH_HEX_LEN + 1], struct err *e)
{
	struct hash h;
	struct buf path = BUF_INIT;
	char one[HASH_HEX_LEN + 1];
	int i;

	if (hash_init(&h, e))
		return -1;
	for (i = 0; i < GEO_NKINDS; i++) {
		buf_reset(&path);
		buf_addf(&path, "%s/%s", dir, geo_files[i].file);
		if (hash_file(path.data, one, e)) {
			hash_release(&h);
			buf_release(&path);
			return err_prefix(e, "geography");
		}
		hash_update(&h, one, HASH_HEX_LEN);
	}
	hash_final(&h, hex);
	buf_release(&path);
	return 0;
}

static int read_vintage(const char *dir, char *out, size_t n)
{
	struct buf path = BUF_INIT;
	char line[256];
	FILE *f;

	snprintf(out, n, "unknown");
	buf_addf(&path, "%s/VINTAGE", dir);
	f = fopen(path.data, "r");
	buf_release(&path);
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "cog=", 4)) {
			line[strcspn(line, "\r\n")] = '\0';
			snprintf(out, n, "COG %s", line + 4);
		} else if (!strncmp(line, "postal_version=", 15)) {
			size_t len = strlen(out);

			line[strcspn(line, "\r\n")] = '\0';
			snprintf(out + len, n - len, ", La Poste codes-postaux %s", line + 15);
		}
	fclose(f);
	return 0;
}

int geo_load(sqlite3 *db, const char *dir, struct err *e)
{
	static const char *const clear =
		"DELETE FROM postal_code; DELETE FROM commune_alias; DELETE FROM commune;"
		"DELETE FROM postal_commune; DELETE FROM territory;"
		"DELETE FROM epci; DELETE FROM department; DELETE FROM region;";
	char hex[HASH_HEX_LEN + 1], old[HASH_HEX_LEN + 1], vintage[300];
	sqlite3_stmt *st;
	size_t k;
	int i, found;

	if (geography_hash(dir, hex, e))
		return -1;
	found = db_meta_get(db, "geography_sha256", old, sizeof(old), e);
	if (found < 0)
		return -1;
	if (found && !strcmp(old, hex))
		return 0;
	read_vintage(dir, vintage, sizeof(vintage));
	if (db_exec(db, "BEGIN IMMEDIATE; PRAGMA defer_foreign_keys = ON;", e))
		return -1;
	if (db_reset_model(db, e) || db_exec(db, clear, e))
		goto out_rollback;
	for (i = 0; i < GEO_NKINDS; i++)
		if (read_one(db, dir, (enum geo_kind)i, e))
			goto out_rollback;
	if (db_prepare(db, &st, "UPDATE department SET in_registry = 0 WHERE code = ?1", e))
		goto out_rollback;
	for (k = 0; k < sizeof(outside_registry) / sizeof(outside_registry[0]); k++) {
		sqlite3_bind_text(st, 1, outside_registry[k], -1, SQLITE_STATIC);
		if (db_step_done(db, st, e)) {
			sqlite3_finalize(st);
			goto out_rollback;
		}
	}
	sqlite3_finalize(st);
	/* The model is emptied, and built again on this geography; the
	   accessibility of past years is kept, but not that of a commune
	   gone from it (merged into another, say), which its key forbids. */
	if (db_exec(db, "DELETE FROM accessibility WHERE commune_code NOT IN "
		    "(SELECT code FROM commune)", e))
		goto out_rollback;
	if (sqlite3_changes(db) > 0)
		log_info("geography: %d rows of accessibility removed, of communes it no longer has",
			 sqlite3_changes(db));
	if (db_meta_set(db, "geography_sha256", hex, e) || db_bump_generation(db, e) ||
	    db_meta_set(db, "cog_vintage", vintage, e) ||
	    db_exec(db, "COMMIT", e))
		goto out_rollback;
	log_info("geography: loaded %s from '%s'", vintage, dir);
	return 1;

out_rollback:
	db_exec(db, "ROLLBACK", NULL);
	return -1;
}
