-- Corrections an editor made to a document's parsed details (issue #17,
-- part 3), by file name: applied to the document now and to every later
-- version of it that ingest writes. NULL: not corrected.
CREATE TABLE document_overrides (
    source_name text PRIMARY KEY,
    title       text,
    kind        text,
    authority   text,
    letter_date date,
    visit_start date,
    visit_end   date,
    edited_by   text NOT NULL DEFAULT '',
    edited_at   timestamptz NOT NULL DEFAULT now()
);
