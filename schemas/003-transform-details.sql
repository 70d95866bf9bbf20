-- Version 3: the rest of the structures standard's lists, warnings that do
-- not reject a row, and survey responses.

ALTER TABLE stg_structure ADD COLUMN dispositif_programmes_nationaux TEXT;
ALTER TABLE stg_structure ADD COLUMN publics_specifiquement_adresses TEXT;

-- Multi-valued fields of a structure, one row per value; field is the
-- standard's column: services, typologie, dispositif_programmes_nationaux,
-- publics_specifiquement_adresses.
CREATE TABLE structure_item (
	structure_id TEXT NOT NULL REFERENCES structure(id),
	field TEXT NOT NULL,
	value TEXT NOT NULL,
	PRIMARY KEY (structure_id, field, value)
) WITHOUT ROWID;
CREATE INDEX structure_item_value ON structure_item(field, value);
INSERT INTO structure_item(structure_id, field, value)
	SELECT structure_id, 'services', service FROM structure_service;
DROP TABLE structure_service;
CREATE VIEW structure_service(structure_id, service) AS
	SELECT structure_id, value FROM structure_item WHERE field = 'services';

ALTER TABLE structure ADD COLUMN pivot_kind TEXT;	-- siret, rna, or NULL when invalid
ALTER TABLE structure ADD COLUMN typologie TEXT;

-- What transform repaired or doubted without rejecting the row.
CREATE TABLE transform_warning (
	id INTEGER PRIMARY KEY,
	source_id INTEGER NOT NULL REFERENCES source_file(id),
	line INTEGER,
	field TEXT,
	rule TEXT NOT NULL,	-- coordinates-swapped, coordinates-outside, pivot-invalid
	message TEXT NOT NULL
);
CREATE INDEX transform_warning_source ON transform_warning(source_id);

-- Survey exports, through the [survey NAME] sections of config.ini.
CREATE TABLE survey_response (
	survey TEXT NOT NULL,
	response_id TEXT NOT NULL,
	source_id INTEGER NOT NULL,
	submitted_at TEXT,	-- NULL: an incomplete response
	year INTEGER,
	commune_code TEXT REFERENCES commune(code),
	department_code TEXT,
	region_code TEXT,
	PRIMARY KEY (survey, response_id)
);
CREATE TABLE survey_answer (
	survey TEXT NOT NULL,
	response_id TEXT NOT NULL,
	question TEXT NOT NULL,
	label TEXT NOT NULL,	-- the answer as exported
	value REAL,		-- through the config's mapping; NULL: not mapped or "don't know"
	PRIMARY KEY (survey, response_id, question),
	FOREIGN KEY (survey, response_id) REFERENCES survey_response(survey, response_id)
) WITHOUT ROWID;
