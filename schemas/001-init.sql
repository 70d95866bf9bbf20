-- pana database, version 1: referential, staging, model, statistics, runs.
-- Codes (INSEE, postal, SIRET, RNA) are TEXT: leading zeros and 2A/2B matter.

CREATE TABLE meta (
	key TEXT PRIMARY KEY,
	value TEXT NOT NULL
);

-- Run log: one row per stage run.
CREATE TABLE run (
	id INTEGER PRIMARY KEY,
	stage TEXT NOT NULL,
	started_at TEXT NOT NULL,
	ended_at TEXT,
	status TEXT NOT NULL DEFAULT 'running',	-- running, ok, failed, skipped
	message TEXT
);

-- Geography (Code Officiel Géographique, vintage in meta 'cog_vintage').
CREATE TABLE region (
	code TEXT PRIMARY KEY,
	name TEXT NOT NULL
);
CREATE TABLE department (
	code TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	region_code TEXT NOT NULL REFERENCES region(code),
	-- 0 where the national registry of associations does not apply (57, 67, 68)
	in_registry INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE epci (
	code TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	type TEXT,
	population INTEGER
);
-- One row per current commune.
CREATE TABLE commune (
	code TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	department_code TEXT NOT NULL REFERENCES department(code),
	region_code TEXT NOT NULL REFERENCES region(code),
	epci_code TEXT REFERENCES epci(code),
	population INTEGER
);
CREATE INDEX commune_department ON commune(department_code);
CREATE INDEX commune_region ON commune(region_code);
CREATE INDEX commune_epci ON commune(epci_code);
CREATE INDEX department_region ON department(region_code);
-- Codes that designate a current commune without being one: old codes,
-- delegated and associated communes, municipal arrondissements.
CREATE TABLE commune_alias (
	code TEXT NOT NULL,
	kind TEXT NOT NULL,	-- ancien, deleguee, associee, arrondissement
	name TEXT,
	commune_code TEXT NOT NULL REFERENCES commune(code),
	PRIMARY KEY (code, kind, commune_code)
) WITHOUT ROWID;
CREATE INDEX commune_alias_commune ON commune_alias(commune_code);
CREATE TABLE postal_code (
	postal_code TEXT NOT NULL,
	commune_code TEXT NOT NULL REFERENCES commune(code),
	PRIMARY KEY (postal_code, commune_code)
) WITHOUT ROWID;
CREATE INDEX postal_code_commune ON postal_code(commune_code);

-- Ingest bookkeeping. rows_read = rows_loaded + rows_quarantined.
CREATE TABLE source_file (
	id INTEGER PRIMARY KEY,
	path TEXT NOT NULL,
	sha256 TEXT NOT NULL UNIQUE,
	kind TEXT NOT NULL,
	encoding TEXT,
	delimiter TEXT,
	bytes INTEGER,
	rows_read INTEGER NOT NULL DEFAULT 0,
	rows_loaded INTEGER NOT NULL DEFAULT 0,
	rows_quarantined INTEGER NOT NULL DEFAULT 0,
	ingested_at TEXT NOT NULL,
	transformed_at TEXT
);
CREATE TABLE quarantine (
	id INTEGER PRIMARY KEY,
	source_id INTEGER NOT NULL REFERENCES source_file(id),
	stage TEXT NOT NULL DEFAULT 'ingest',	-- ingest, transform
	line INTEGER,
	field TEXT,
	error TEXT NOT NULL,	-- Frictionless error code
	message TEXT NOT NULL,
	raw TEXT
);
CREATE INDEX quarantine_source ON quarantine(source_id);

-- Staging: text, one row per accepted input row, columns bound by name.
CREATE TABLE stg_association (
	source_id INTEGER NOT NULL, line INTEGER NOT NULL,
	id TEXT, siret TEXT, date_creat TEXT, date_disso TEXT, titre TEXT,
	objet_social1 TEXT, adrs_codeinsee TEXT, adrs_codepostal TEXT,
	adrs_libcommune TEXT, position TEXT, maj_time TEXT
);
CREATE TABLE stg_structure (
	source_id INTEGER NOT NULL, line INTEGER NOT NULL,
	id TEXT, pivot TEXT, nom TEXT, commune TEXT, code_postal TEXT,
	code_insee TEXT, adresse TEXT, latitude TEXT, longitude TEXT,
	typologie TEXT, services TEXT, date_maj TEXT
);
CREATE TABLE stg_diagnostic (
	source_id INTEGER NOT NULL, line INTEGER NOT NULL,
	id_diagnostic TEXT, date TEXT, id_structure TEXT, rna TEXT, siret TEXT,
	code_insee TEXT, code_postal TEXT, taille TEXT, secteur TEXT,
	levels TEXT	-- area=level pairs separated by '|', areas from config.ini
);
CREATE TABLE stg_survey (
	source_id INTEGER NOT NULL, line INTEGER NOT NULL,
	survey TEXT NOT NULL,	-- the [survey NAME] section of config.ini
	response_id TEXT, submitted_at TEXT, commune TEXT,
	answers TEXT	-- question=answer pairs separated by '|', labels as given
);

-- Model: typed, deduplicated, keyed on the current commune.
CREATE TABLE association (
	id TEXT PRIMARY KEY,
	source_id INTEGER NOT NULL,
	titre TEXT,
	commune_code TEXT REFERENCES commune(code),
	arrondissement_code TEXT,
	department_code TEXT,
	region_code TEXT,
	position TEXT,
	date_creat TEXT,
	date_disso TEXT,
	active INTEGER NOT NULL,
	theme TEXT,
	maj_time TEXT
);
CREATE INDEX association_commune ON association(commune_code);
CREATE TABLE structure (
	id TEXT PRIMARY KEY,
	source_id INTEGER NOT NULL,
	nom TEXT,
	pivot TEXT,
	commune_code TEXT REFERENCES commune(code),
	arrondissement_code TEXT,
	department_code TEXT,
	region_code TEXT,
	latitude REAL,
	longitude REAL,
	date_maj TEXT
);
CREATE INDEX structure_commune ON structure(commune_code);
CREATE TABLE structure_service (
	structure_id TEXT NOT NULL REFERENCES structure(id),
	service TEXT NOT NULL,
	PRIMARY KEY (structure_id, service)
) WITHOUT ROWID;
CREATE TABLE diagnostic (
	id TEXT PRIMARY KEY,
	source_id INTEGER NOT NULL,
	year INTEGER NOT NULL,
	date TEXT NOT NULL,
	id_structure TEXT,	-- as given
	rna TEXT,		-- as given
	siret TEXT,
	structure_id TEXT,	-- linked: set when id_structure is a known structure
	association_id TEXT,	-- linked: set when rna is a known association
	commune_code TEXT REFERENCES commune(code),
	department_code TEXT,
	region_code TEXT,
	taille TEXT,
	secteur TEXT
);
CREATE INDEX diagnostic_commune ON diagnostic(commune_code);
CREATE TABLE diagnostic_level (
	diagnostic_id TEXT NOT NULL REFERENCES diagnostic(id),
	area TEXT NOT NULL,
	level INTEGER NOT NULL CHECK (level BETWEEN 0 AND 4),
	PRIMARY KEY (diagnostic_id, area)
) WITHOUT ROWID;
-- Per source file and resolution rule, how many rows each rule placed.
CREATE TABLE resolution_count (
	source_id INTEGER NOT NULL,
	rule TEXT NOT NULL,
	n INTEGER NOT NULL,
	PRIMARY KEY (source_id, rule)
) WITHOUT ROWID;

-- Statistics (contracts for other tools).
CREATE TABLE coverage_stats (
	year INTEGER NOT NULL,
	level TEXT NOT NULL,	-- region, department, epci
	code TEXT NOT NULL,
	associations INTEGER,	-- NULL where the registry does not apply
	population INTEGER,
	structures INTEGER NOT NULL,
	diagnostics INTEGER,
	per_1000_assoc REAL,
	per_100k_pop REAL,
	expected REAL,
	oe_low REAL,
	oe_high REAL,
	p_value REAL,
	q_value REAL,
	flagged INTEGER,
	PRIMARY KEY (year, level, code)
);
