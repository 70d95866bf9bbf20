-- Version 2: remember each ingested file's size and modification time, so
-- that a nightly run skips files it has seen without reading them again;
-- a renamed copy is still caught by its SHA-256.
ALTER TABLE source_file ADD COLUMN mtime INTEGER;
CREATE INDEX source_file_path ON source_file(path);
