-- Version 7: files found to be copies of an ingested file (the same
-- content under another name), so that the next runs skip them without
-- reading them again.
CREATE TABLE seen_copy (
	path TEXT NOT NULL,
	bytes INTEGER NOT NULL,
	mtime INTEGER NOT NULL,
	sha256 TEXT NOT NULL,
	PRIMARY KEY (path, bytes, mtime)
) WITHOUT ROWID;
