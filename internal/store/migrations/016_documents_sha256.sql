-- Ingest looks up the documents with a file's content (its sha256) for
-- every file it reads (PathsWithHash: the same letter under another
-- path); without an index each lookup read the whole table, a cost that
-- grew with every letter of a load (9 ms a file at 20,000 letters).
CREATE INDEX IF NOT EXISTS documents_sha256 ON documents (sha256);
