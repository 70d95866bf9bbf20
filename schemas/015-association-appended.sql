-- Version 15: associations appended in the order they are placed (a rowid
-- table), with their RNA id kept unique by an index of its own. The
-- nightly transform of the national file inserts 2 million rows in the
-- RNA's order, which is no order of the id: into an index of ids alone
-- that costs much less than into a B-tree of whole rows keyed on the id
-- (2.0 s against 2.8 s for 2 million rows).
CREATE TABLE association_new (
	id TEXT NOT NULL UNIQUE,
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
INSERT INTO association_new SELECT id, source_id, titre, commune_code, arrondissement_code,
	department_code, region_code, position, date_creat, date_disso, active, theme, maj_time
	FROM association;
DROP TABLE association;
ALTER TABLE association_new RENAME TO association;
