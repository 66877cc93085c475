-- A paragraph's citation key ("<slug>#<label>") is stored with it, so that
-- a re-ingested letter's unchanged paragraphs keep the keys stored turns
-- cite even when their numbers move (issue #17, part 2). Rows written
-- before this, or by a writer that sets no key, read as slug#label.
ALTER TABLE paragraphs ADD COLUMN key text;
UPDATE paragraphs p SET key = d.slug || '#' || p.label FROM documents d WHERE d.id = p.document_id;
CREATE INDEX paragraphs_key ON paragraphs (key);
