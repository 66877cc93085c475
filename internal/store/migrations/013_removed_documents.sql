-- Pruned documents are kept, soft-deleted, until `letters gc` (issue #17,
-- part 1): they leave the corpus at once, but what identifies them — the
-- document's id, its paragraphs' ids and citation keys — stays here, so
-- that ingesting the file again (a mistaken prune undone) brings back the
-- same document and every link and stored answer to it works again.
CREATE TABLE removed_documents (
    id              bigint PRIMARY KEY,
    source_name     text NOT NULL,
    source_path     text NOT NULL,
    sha256          text NOT NULL,
    slug            text NOT NULL,
    paragraph_ids   bigint[] NOT NULL,
    paragraph_keys  text[] NOT NULL,
    paragraph_texts text[] NOT NULL,
    removed_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX removed_documents_source ON removed_documents (source_name, removed_at DESC);
