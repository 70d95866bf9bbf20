-- Version 13: commune coordinates, an input like the others: a file with
-- the columns code, latitude and longitude ([coverage] commune_coordinates,
-- or one of the inbox) is staged by pana-ingest (bad rows quarantined),
-- moved into the model by pana-transform, and read from there by the
-- accessibility of pana-stats.
CREATE TABLE stg_commune_coordinates (
	source_id INTEGER NOT NULL, line INTEGER NOT NULL,
	code TEXT, latitude TEXT, longitude TEXT
);
-- One point per current commune; the newest file wins.
CREATE TABLE commune_coordinates (
	code TEXT PRIMARY KEY REFERENCES commune(code),
	source_id INTEGER NOT NULL,
	latitude REAL NOT NULL,
	longitude REAL NOT NULL
) WITHOUT ROWID;
