-- Version 8: associations stored in one B-tree keyed by their RNA id
-- (WITHOUT ROWID) and no index on the commune, which the statistics scan
-- rather than seek: the nightly transform of 2 million rows writes half as
-- much.
CREATE TABLE association_new (
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
) WITHOUT ROWID;
INSERT INTO association_new SELECT id, source_id, titre, commune_code, arrondissement_code,
	department_code, region_code, position, date_creat, date_disso, active, theme, maj_time
	FROM association;
DROP TABLE association;
ALTER TABLE association_new RENAME TO association;
