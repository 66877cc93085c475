-- Each document's paragraph count, written with the document: sizing a
-- filter (exact vector search or HNSW) and listing documents no longer
-- count paragraphs per document.
ALTER TABLE documents ADD COLUMN paragraph_count int NOT NULL DEFAULT 0;
UPDATE documents d SET paragraph_count = (SELECT count(*) FROM paragraphs p WHERE p.document_id = d.id);
-- the corpus version (count and newest ingest, read every second) by index
CREATE INDEX documents_ingested ON documents (ingested_at);
