-- A document is identified by its file's path, not its file name: two
-- folders holding files of the same name are two documents (issue #14,
-- finding 8: one replaced the other on every run, and the ids changed).
-- The file name stays, for display and for eval sets, which cite names.
UPDATE documents SET source_path = source_name WHERE source_path = '';
ALTER TABLE documents DROP CONSTRAINT documents_source_name_key;
ALTER TABLE documents ADD CONSTRAINT documents_source_path_key UNIQUE (source_path);
CREATE INDEX documents_source_name ON documents (source_name);
