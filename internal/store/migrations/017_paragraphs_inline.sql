-- A paragraph's row holds its half-precision vector inline (PLAIN, 2 KB
-- at 1024 dimensions), so nearly every row passed PostgreSQL's 2 KB
-- TOAST threshold, and the toaster, unable to shrink the vector, then
-- compressed the text and the tsvector and moved both out of line: at
-- ingest a pglz pass and a TOAST-table insert per column per paragraph
-- (≈ 10 % of a bulk load's CPU), and at search a TOAST lookup for every
-- tsvector the full-text arms rank. Rows up to a page's 8 KB now stay
-- whole; a longer paragraph is still compressed or moved out of line.
-- Applies to rows written from now on (re-ingesting rewrites a letter's).
ALTER TABLE paragraphs SET (toast_tuple_target = 8160);
