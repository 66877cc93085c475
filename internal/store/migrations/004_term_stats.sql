-- Document frequencies for ranking: for each full-text lexeme, the number of
-- paragraphs containing it; the empty lexeme holds the number of paragraphs.
-- Kept in step with paragraphs by every document write (one sorted upsert of
-- the document's net change, so concurrent writers cannot deadlock) and
-- rebuilt after a bulk load, so a question's term statistics cost one
-- index lookup per word instead of a count over the corpus.
CREATE TABLE term_stats (
    lexeme text PRIMARY KEY,
    df     bigint NOT NULL
);
INSERT INTO term_stats (lexeme, df)
SELECT word, ndoc FROM ts_stat('SELECT tsv FROM paragraphs')
UNION ALL
SELECT '', count(*) FROM paragraphs;
