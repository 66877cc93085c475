package store

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/pgvector/pgvector-go"

	"github.com/letters-app/letters/rag"
)

// hybridSQL fuses a vector nearest-neighbour arm and a full-text arm with
// reciprocal rank fusion (k = 60). The vector arm orders by distance and
// limits inside its CTE, on paragraphs alone, so that the HNSW index is used;
// a metadata filter arrives as the ids of the matching documents ($5, empty
// for none), which HNSW's iterative scan applies while walking the graph.
const hybridSQL = `
WITH vec AS (
    SELECT p.id, p.embedding <=> $1 AS dist
    FROM paragraphs p
    WHERE $2::boolean AND p.embedding IS NOT NULL
      AND (cardinality($5::bigint[]) = 0 OR p.document_id = ANY($5))
    ORDER BY p.embedding <=> $1
    LIMIT $6
), ` + ftsSQL

// hybridExactSQL is hybridSQL with an exact vector arm, for filters that
// leave few documents: the distance is wrapped (+ 0) so that the planner
// reads the filtered paragraphs by document and sorts them, instead of
// walking the HNSW graph past everything the filter rejects.
const hybridExactSQL = `
WITH vec AS (
    SELECT p.id, p.embedding <=> $1 AS dist
    FROM paragraphs p
    WHERE $2::boolean AND p.embedding IS NOT NULL
      AND p.document_id = ANY($5)
    ORDER BY (p.embedding <=> $1) + 0
    LIMIT $6
), ` + ftsSQL

// ftsSQL is the rest of the hybrid query: the full-text arm and the fusion.
// The full-text arm ranks the paragraphs that have all of the query's
// rarest terms ($8, to_tsquery syntax built from sanitised words; usually
// few) together with at most 2,000 paragraphs that have any term ($4), so
// that a common term cannot make it rank most of the corpus.
const ftsSQL = `vr AS (
    SELECT id, row_number() OVER (ORDER BY dist, id) AS r FROM vec
), fts_all AS (
    SELECT p.id, ts_rank_cd(p.tsv, q, 32) AS rank
    FROM paragraphs p, to_tsquery('english', $8) q
    WHERE $3::boolean AND $8 <> '' AND p.tsv @@ q
      AND (cardinality($5::bigint[]) = 0 OR p.document_id = ANY($5))
    ORDER BY rank DESC
    LIMIT $6
), fts_any AS (
    SELECT s.id, ts_rank_cd(s.tsv, q, 32) AS rank
    FROM (SELECT p.id, p.tsv
          FROM paragraphs p, websearch_to_tsquery('english', $4) q
          WHERE $3::boolean AND p.tsv @@ q
            AND (cardinality($5::bigint[]) = 0 OR p.document_id = ANY($5))
          LIMIT 2000) s,
         websearch_to_tsquery('english', $4) q
    ORDER BY rank DESC
    LIMIT $6
), fts AS (
    SELECT id, max(rank) AS rank FROM (SELECT * FROM fts_all UNION ALL SELECT * FROM fts_any) u GROUP BY id
), fr AS (
    SELECT id, row_number() OVER (ORDER BY rank DESC, id) AS r FROM fts ORDER BY rank DESC, id LIMIT $6
), fused AS (
    SELECT coalesce(vr.id, fr.id) AS id, vr.r AS vrank, fr.r AS frank,
           coalesce(1.0 / (60 + vr.r), 0) + coalesce(1.0 / (60 + fr.r), 0) AS score
    FROM vr FULL JOIN fr ON vr.id = fr.id
)
SELECT p.id, p.document_id, p.ordinal, p.label, p.section, p.text, p.start_offset, p.end_offset,
       d.slug, d.title, d.kind, d.authority, d.letter_date, d.source_name,
       f.score, coalesce(f.vrank, 0), coalesce(f.frank, 0), p.embedding
FROM fused f
JOIN paragraphs p ON p.id = f.id
JOIN documents d ON d.id = p.document_id
ORDER BY f.score DESC, p.id
LIMIT $7`

// exactMaxDocuments: a filter admitting at most this many documents gets
// the exact vector arm.
const exactMaxDocuments = 300

// filterSQL finds the documents a filter admits.
const filterSQL = `
SELECT d.id FROM documents d
WHERE (cardinality($1::text[]) = 0 OR d.authority = ANY($1))
  AND (cardinality($2::text[]) = 0 OR d.kind = ANY($2))
  AND ($3::date IS NULL OR d.letter_date >= $3)
  AND ($4::date IS NULL OR d.letter_date <= $4)
  AND (cardinality($5::bigint[]) = 0 OR d.id = ANY($5))`

// filterDocuments returns the ids of the documents a filter admits, or nil
// when the filter admits everything.
func (db *DB) filterDocuments(ctx context.Context, f rag.Filter) ([]int64, bool, error) {
	if len(f.Authorities) == 0 && len(f.Kinds) == 0 && f.From == nil && f.To == nil && len(f.DocumentIDs) == 0 {
		return nil, false, nil
	}
	auth, kinds, ids := f.Authorities, f.Kinds, f.DocumentIDs
	if auth == nil {
		auth = []string{}
	}
	if kinds == nil {
		kinds = []string{}
	}
	if ids == nil {
		ids = []int64{}
	}
	rows, err := db.read.Query(ctx, filterSQL, auth, kinds, f.From, f.To, ids)
	if err != nil {
		return nil, true, wrap("filter", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	return out, true, wrap("filter", err)
}

// Search runs hybrid retrieval.
func (db *DB) Search(ctx context.Context, q rag.SearchQuery) ([]rag.Passage, error) {
	k := q.K
	if k <= 0 {
		k = 8
	}
	depth := q.Depth
	if depth < k {
		depth = max(k, 40)
	}
	useVec := len(q.Vector) > 0 && !isZero(q.Vector) && q.Arms != "text"
	useText := q.Text != "" && q.Arms != "vector"
	vec := q.Vector
	if !useVec {
		_, dim, err := db.EmbedderInfo(ctx)
		if err != nil {
			return nil, err
		}
		if dim == 0 {
			dim = 1
		}
		vec = make([]float32, dim)
		vec[0] = 1
	}
	docIDs, filtered, err := db.filterDocuments(ctx, q.Filter)
	if err != nil {
		return nil, err
	}
	if filtered && len(docIDs) == 0 {
		return []rag.Passage{}, nil // no document matches the filter
	}
	if docIDs == nil {
		docIDs = []int64{}
	}
	sql := hybridSQL
	if filtered && len(docIDs) <= exactMaxDocuments {
		sql = hybridExactSQL
	}
	// The unfiltered vector arm runs with sequential scans off: pgvector's cost
	// model prices a brute-force scan of 1024-dimension vectors far too low,
	// so at tens of thousands of rows the planner chose a scan and sort over
	// the HNSW index (109 ms against 6 ms, BENCHMARKS.md). The setting is
	// local to this transaction.
	tx, err := db.read.Begin(ctx)
	if err != nil {
		return nil, wrap("search", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if useVec && sql == hybridSQL {
		if _, err := tx.Exec(ctx, `SELECT set_config('enable_seqscan', 'off', true)`); err != nil {
			return nil, wrap("search", err)
		}
	}
	rows, err := tx.Query(ctx, sql, pgvector.NewVector(vec), useVec, useText, q.Text, docIDs, depth, k, q.AllText)
	if err != nil {
		return nil, wrap("search", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (rag.Passage, error) {
		var p rag.Passage
		var date *time.Time
		var emb *pgvector.Vector
		err := r.Scan(&p.ID, &p.DocumentID, &p.Ordinal, &p.Label, &p.Section, &p.Text, &p.StartOffset, &p.EndOffset,
			&p.Document.Slug, &p.Document.Title, &p.Document.Kind, &p.Document.Authority, &date, &p.Document.SourceName,
			&p.Score, &p.VectorRank, &p.TextRank, &emb)
		fillRef(&p, date)
		if emb != nil {
			p.Embedding = emb.Slice()
		}
		return p, err
	})
	if err != nil {
		return nil, wrap("search", err)
	}
	for i := range out {
		out[i].Rank = i + 1
	}
	return out, nil
}

func isZero(v []float32) bool {
	for _, x := range v {
		if x != 0 {
			return false
		}
	}
	return true
}

// exactStatsMax: up to this many paragraphs, term counts are exact; above,
// they are estimated from one sample of about statsSample paragraphs, read
// once per question (a count over a common term would otherwise read a large
// part of the table for every new question word).
const (
	exactStatsMax = 50000
	statsSample   = 10000
)

// TermCounts returns, for each word, the number of paragraphs containing it
// (after Postgres's English stemming; -1 for a word that is a stopword
// there) and the total number of paragraphs. On a large corpus the counts
// are estimates, but a word is reported 0 only when no paragraph has it.
func (db *DB) TermCounts(ctx context.Context, words []string) (map[string]int, int, error) {
	out := make(map[string]int, len(words))
	var total int
	if err := db.read.QueryRow(ctx, `SELECT count(*) FROM paragraphs`).Scan(&total); err != nil {
		return nil, 0, wrap("term counts", err)
	}
	if len(words) == 0 {
		return out, total, nil
	}
	pct := 100.0
	sql := `
		SELECT w, CASE WHEN numnode(plainto_tsquery('english', w)) = 0 THEN -1
		               ELSE (SELECT count(*) FROM paragraphs WHERE tsv @@ plainto_tsquery('english', w)) END
		FROM unnest($1::text[]) AS w`
	args := []any{words}
	if total > exactStatsMax {
		pct = 100 * float64(statsSample) / float64(total)
		sql = `
		WITH s AS MATERIALIZED (SELECT tsv FROM paragraphs TABLESAMPLE SYSTEM ($2) REPEATABLE (7))
		SELECT w, CASE WHEN numnode(plainto_tsquery('english', w)) = 0 THEN -1
		               ELSE (SELECT count(*) FROM s WHERE s.tsv @@ plainto_tsquery('english', w)) END
		FROM unnest($1::text[]) AS w`
		args = append(args, pct)
	}
	rows, err := db.read.Query(ctx, sql, args...)
	if err != nil {
		return nil, 0, wrap("term counts", err)
	}
	var unseen []string
	for rows.Next() {
		var w string
		var n int
		if err := rows.Scan(&w, &n); err != nil {
			rows.Close()
			return nil, 0, wrap("term counts", err)
		}
		if n > 0 && pct < 100 {
			n = int(float64(n) * 100 / pct)
		}
		if n == 0 && pct < 100 {
			unseen = append(unseen, w)
		}
		out[w] = n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, wrap("term counts", err)
	}
	if len(unseen) > 0 {
		// a sample missed these: rare, but are they in the corpus at all?
		rows, err := db.read.Query(ctx, `SELECT w, EXISTS (SELECT 1 FROM paragraphs WHERE tsv @@ plainto_tsquery('english', w))
			FROM unnest($1::text[]) AS w`, unseen)
		if err != nil {
			return nil, 0, wrap("term counts", err)
		}
		for rows.Next() {
			var w string
			var ok bool
			if err := rows.Scan(&w, &ok); err != nil {
				rows.Close()
				return nil, 0, wrap("term counts", err)
			}
			if ok {
				out[w] = 1
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, 0, wrap("term counts", err)
		}
	}
	return out, total, nil
}

// LatestDocuments returns the ids of the newest documents matching the
// filter (by letter date), at most one per authority.
func (db *DB) LatestDocuments(ctx context.Context, f rag.Filter) ([]int64, error) {
	auth, kinds := f.Authorities, f.Kinds
	if auth == nil {
		auth = []string{}
	}
	if kinds == nil {
		kinds = []string{}
	}
	rows, err := db.read.Query(ctx, `
		SELECT DISTINCT ON (d.authority) d.id FROM documents d
		WHERE (cardinality($1::text[]) = 0 OR d.authority = ANY($1))
		  AND (cardinality($2::text[]) = 0 OR d.kind = ANY($2))
		  AND ($3::date IS NULL OR d.letter_date >= $3)
		  AND ($4::date IS NULL OR d.letter_date <= $4)
		  AND d.letter_date IS NOT NULL
		ORDER BY d.authority, d.letter_date DESC, d.id DESC`, auth, kinds, f.From, f.To)
	if err != nil {
		return nil, wrap("latest documents", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	return ids, wrap("latest documents", err)
}

// Authorities lists the distinct local authorities in the corpus.
func (db *DB) Authorities(ctx context.Context) ([]string, error) {
	rows, err := db.read.Query(ctx, `SELECT DISTINCT authority FROM documents WHERE authority <> '' ORDER BY authority`)
	if err != nil {
		return nil, wrap("authorities", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	return out, wrap("authorities", err)
}
