-- Documents, their paragraphs (the citation unit), the acronym glossary and
-- the embedder the corpus was embedded with.
CREATE EXTENSION IF NOT EXISTS vector;

CREATE TABLE documents (
    id          bigserial PRIMARY KEY,
    slug        text NOT NULL UNIQUE,
    source_name text NOT NULL UNIQUE,
    source_path text NOT NULL,
    sha256      text NOT NULL,
    title       text NOT NULL,
    kind        text NOT NULL,
    authority   text NOT NULL DEFAULT '',
    letter_date date,
    visit_start date,
    visit_end   date,
    recipient   text NOT NULL DEFAULT '',
    inspectors  text[] NOT NULL DEFAULT '{}',
    body        text NOT NULL,
    ingested_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX documents_filter ON documents (authority, kind, letter_date);

CREATE TABLE paragraphs (
    id           bigserial PRIMARY KEY,
    document_id  bigint NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    ordinal      int NOT NULL,
    label        text NOT NULL,
    section      text NOT NULL DEFAULT '',
    text         text NOT NULL,
    start_offset int NOT NULL,
    end_offset   int NOT NULL,
    tsv          tsvector GENERATED ALWAYS AS (to_tsvector('english', text)) STORED,
    -- typed to the embedder's dimension (and HNSW-indexed) when the first
    -- embedder is recorded; NULL for a paragraph the embedder cannot represent
    embedding    vector,
    UNIQUE (document_id, ordinal),
    UNIQUE (document_id, label)
);
CREATE INDEX paragraphs_tsv ON paragraphs USING gin (tsv);
CREATE INDEX paragraphs_document ON paragraphs (document_id);

CREATE TABLE glossary (
    acronym     text NOT NULL,
    expansion   text NOT NULL,
    document_id bigint NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    PRIMARY KEY (acronym, expansion, document_id)
);

CREATE TABLE embedder_info (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    name      text NOT NULL,
    dimension int NOT NULL
);
