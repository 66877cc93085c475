-- Corrections and pruned documents go by a file's path, as documents do
-- since migration 008 (issue #14): the file name stays for display. The
-- library branch (issue #17) wrote migrations 10 to 13 keyed by file name.
--
-- A database migrated by the library branch before it met main ran no-op
-- placeholders as migrations 8 and 9: it gets them here (each step is a
-- no-op where they ran).
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'documents_source_name_key' AND conrelid = 'documents'::regclass) THEN
        UPDATE documents SET source_path = source_name WHERE source_path = '';
        ALTER TABLE documents DROP CONSTRAINT documents_source_name_key;
        ALTER TABLE documents ADD CONSTRAINT documents_source_path_key UNIQUE (source_path);
    END IF;
END $$;
CREATE INDEX IF NOT EXISTS documents_source_name ON documents (source_name);
CREATE TABLE IF NOT EXISTS audit_log (
    id              bigserial PRIMARY KEY,
    at              timestamptz NOT NULL DEFAULT now(),
    user_name       text NOT NULL DEFAULT '',
    route           text NOT NULL,
    conversation_id uuid,
    turn_id         bigint,
    question        text
);
CREATE INDEX IF NOT EXISTS audit_log_at ON audit_log (at);
CREATE INDEX IF NOT EXISTS audit_log_user ON audit_log (user_name, at);
CREATE INDEX IF NOT EXISTS conversations_user ON conversations (user_name);
CREATE INDEX IF NOT EXISTS conversations_created ON conversations (created_at);
CREATE INDEX IF NOT EXISTS turns_user ON turns (user_name);
CREATE INDEX IF NOT EXISTS turns_created ON turns (created_at);
CREATE INDEX IF NOT EXISTS feedback_turn ON feedback (turn_id);
CREATE INDEX IF NOT EXISTS feedback_user ON feedback (user_name);
CREATE INDEX IF NOT EXISTS feedback_created ON feedback (created_at);
CREATE INDEX IF NOT EXISTS sessions_user ON sessions (user_name);
CREATE INDEX IF NOT EXISTS api_tokens_user ON api_tokens (user_name);

-- Corrections: keyed by the path of the document they were made to (a
-- name held by documents in several folders gives each its copy), else of
-- the newest pruned document of that name; one matching neither keeps its
-- name as its path, as migration 008 did for documents, until `letters gc`.
ALTER TABLE document_overrides DROP CONSTRAINT document_overrides_pkey;
ALTER TABLE document_overrides ADD COLUMN source_path text;
INSERT INTO document_overrides (source_path, source_name, title, kind, authority, letter_date, visit_start, visit_end, edited_by, edited_at)
SELECT d.source_path, o.source_name, o.title, o.kind, o.authority, o.letter_date, o.visit_start, o.visit_end, o.edited_by, o.edited_at
  FROM document_overrides o JOIN documents d ON d.source_name = o.source_name
 WHERE o.source_path IS NULL;
INSERT INTO document_overrides (source_path, source_name, title, kind, authority, letter_date, visit_start, visit_end, edited_by, edited_at)
SELECT DISTINCT ON (o.source_name) r.source_path, o.source_name, o.title, o.kind, o.authority, o.letter_date, o.visit_start, o.visit_end,
       o.edited_by, o.edited_at
  FROM document_overrides o JOIN removed_documents r ON r.source_name = o.source_name
 WHERE o.source_path IS NULL AND NOT EXISTS (SELECT 1 FROM documents d WHERE d.source_name = o.source_name)
 ORDER BY o.source_name, r.removed_at DESC, r.id DESC;
DELETE FROM document_overrides o
 WHERE o.source_path IS NULL
   AND EXISTS (SELECT 1 FROM document_overrides n WHERE n.source_path IS NOT NULL AND n.source_name = o.source_name);
UPDATE document_overrides SET source_path = source_name WHERE source_path IS NULL;
ALTER TABLE document_overrides ALTER COLUMN source_path SET NOT NULL;
ALTER TABLE document_overrides ADD PRIMARY KEY (source_path);

-- Pruned documents: found again by path (and, for the same bytes under the
-- same name, by name: the file moved while its document was pruned).
CREATE INDEX removed_documents_path ON removed_documents (source_path);
