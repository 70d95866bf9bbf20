-- Version 9: a row is rejected only when it cannot serve at all; every
-- other defect is a warning on a kept row, from ingest or transform, in one
-- table. La Poste's postal base and the overseas collectivities give the
-- resolver its other clues.

ALTER TABLE transform_warning RENAME TO warning;
ALTER TABLE warning ADD COLUMN stage TEXT NOT NULL DEFAULT 'transform';	-- ingest, transform
ALTER TABLE warning ADD COLUMN code TEXT;	-- Frictionless error code
ALTER TABLE warning ADD COLUMN value TEXT;	-- the value as read
-- rule: what pana found or did (label-mapped, date-format, insee-was-postal...)
CREATE VIEW transform_warning(id, source_id, line, field, rule, message) AS
	SELECT id, source_id, line, field, rule, message FROM warning WHERE stage = 'transform';

-- Rows of a file that were loaded with at least one warning.
ALTER TABLE source_file ADD COLUMN rows_warned INTEGER NOT NULL DEFAULT 0;

-- La Poste's base of postal codes (npm codes-postaux): one row per postal
-- code and commune as La Poste names it (commune_code may be a municipal
-- arrondissement or a former commune), with its routing name and line 5.
CREATE TABLE postal_commune (
	postal_code TEXT NOT NULL,
	commune_code TEXT NOT NULL,
	name TEXT NOT NULL,
	routing_name TEXT,
	line5 TEXT
);
CREATE INDEX postal_commune_code ON postal_commune(postal_code);

-- Overseas collectivities that the report leaves out (not in the COG kept):
-- recognised by their INSEE codes or postal codes.
CREATE TABLE territory (
	code TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	insee_prefixes TEXT NOT NULL,	-- '|'-separated prefixes of INSEE codes
	postal_prefixes TEXT NOT NULL	-- '|'-separated prefixes of postal codes
);

-- A survey's separate postal code column, when it has one.
ALTER TABLE stg_survey ADD COLUMN postal TEXT;
