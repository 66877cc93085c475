package store

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/letters-app/letters"

	"github.com/jackc/pgx/v5"
	"github.com/pgvector/pgvector-go"
)

// Benchmark support: exact and approximate nearest neighbours (for HNSW
// recall), EXPLAIN of the retrieval queries, and sample query vectors.

// VectorNeighbours returns the distances of the k nearest paragraphs through
// the HNSW index with the given ef_search (exact=true: a sequential scan).
func (db *DB) VectorNeighbours(ctx context.Context, vec []float32, k, efSearch int, exact bool) ([]float64, error) {
	tx, err := db.read.Begin(ctx)
	if err != nil {
		return nil, wrap("neighbours", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if exact {
		if _, err := tx.Exec(ctx, `SELECT set_config('enable_indexscan', 'off', true), set_config('enable_bitmapscan', 'off', true)`); err != nil {
			return nil, wrap("neighbours", err)
		}
	} else if efSearch > 0 {
		if _, err := tx.Exec(ctx, `SELECT set_config('hnsw.ef_search', $1, true)`, itoa(efSearch)); err != nil {
			return nil, wrap("neighbours", err)
		}
	}
	rows, err := tx.Query(ctx, `SELECT embedding <=> $1 FROM paragraphs WHERE embedding IS NOT NULL ORDER BY embedding <=> $1 LIMIT $2`,
		pgvector.NewHalfVector(vec), k)
	if err != nil {
		return nil, wrap("neighbours", err)
	}
	ds, err := pgx.CollectRows(rows, pgx.RowTo[float64])
	return ds, wrap("neighbours", err)
}

// LexicalNeighbours returns the distances of the k nearest paragraphs
// that the vector arm without an index (lexicalSQL) ranks for q: its exact
// ranking of the full-text candidates, without a filter.
func (db *DB) LexicalNeighbours(ctx context.Context, q letters.SearchQuery, k int) ([]float64, error) {
	// the candidates' parameters keep lexicalSQL's numbers ($4, $5, $8, $9);
	// the ones it does not use here are typed and ignored
	rows, err := db.read.Query(ctx, `WITH cand AS (`+lexicalCandidates+`)
		SELECT p.embedding <=> $1 FROM cand c JOIN paragraphs p ON p.id = c.id
		WHERE $2::boolean AND $3::int >= 0 AND $7::int >= 0 AND p.embedding IS NOT NULL
		ORDER BY (p.embedding <=> $1) + 0 LIMIT $6`,
		pgvector.NewHalfVector(q.Vector), true, 0, websearchText(q.Any), []int64{}, k, 0, tsqueryAll(q.All), tsqueryEvery(q.Near))
	if err != nil {
		return nil, wrap("neighbours", err)
	}
	ds, err := pgx.CollectRows(rows, pgx.RowTo[float64])
	return ds, wrap("neighbours", err)
}

func itoa(n int) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			break
		}
	}
	return string(b[i:])
}

// LangchaingoSearchSQL is langchaingo v0.1.14's vectorstores/pgvector
// SimilaritySearch query for its default table names, reproduced so that its
// plan can be compared (its own code builds it with Sprintf).
const LangchaingoSearchSQL = `WITH filtered_embedding_dims AS MATERIALIZED (
    SELECT *
    FROM langchain_pg_embedding
    WHERE vector_dims(embedding) = $1
)
SELECT data.document, data.cmetadata, (1 - data.distance) AS score
FROM (
    SELECT filtered_embedding_dims.*, embedding <=> $2 AS distance
    FROM filtered_embedding_dims
    JOIN langchain_pg_collection ON filtered_embedding_dims.collection_id = langchain_pg_collection.uuid
    WHERE langchain_pg_collection.name = 'langchain'
) AS data
WHERE TRUE
ORDER BY data.distance
LIMIT $3`

// ExplainLangchaingoSearch returns EXPLAIN (ANALYZE, BUFFERS) of langchaingo's query.
func (db *DB) ExplainLangchaingoSearch(ctx context.Context, vec []float32, k int) (string, error) {
	return db.explain(ctx, `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) `+LangchaingoSearchSQL, len(vec), pgvector.NewVector(vec), k)
}

func (db *DB) explain(ctx context.Context, sql string, args ...any) (string, error) {
	rows, err := db.read.Query(ctx, sql, args...)
	if err != nil {
		return "", wrap("explain", err)
	}
	lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
	return strings.Join(lines, "\n"), wrap("explain", err)
}

// Setting returns a server setting (for the benchmark report).
func (db *DB) Setting(ctx context.Context, name string) (string, error) {
	var v string
	err := db.read.QueryRow(ctx, `SELECT current_setting($1)`, name).Scan(&v)
	return v, wrap("setting", err)
}

// ExtensionVersion returns an installed extension's version.
func (db *DB) ExtensionVersion(ctx context.Context, name string) (string, error) {
	var v string
	err := db.read.QueryRow(ctx, `SELECT extversion FROM pg_extension WHERE extname = $1`, name).Scan(&v)
	return v, wrap("extension", err)
}

// SampleEmbeddingsLC returns n embeddings from langchaingo's table (for EXPLAIN).
func (db *DB) SampleEmbeddingsLC(ctx context.Context, n int) ([][]float32, []string, error) {
	rows, err := db.read.Query(ctx, `SELECT embedding, document FROM langchain_pg_embedding LIMIT $1`, n)
	if err != nil {
		return nil, nil, wrap("sample", err)
	}
	return collectVectors(rows)
}

// collectVectors reads (embedding, text) rows.
func collectVectors(rows pgx.Rows) ([][]float32, []string, error) {
	defer rows.Close()
	var vecs [][]float32
	var texts []string
	for rows.Next() {
		var v pgvector.Vector
		var t string
		if err := rows.Scan(&v, &t); err != nil {
			return nil, nil, wrap("sample", err)
		}
		vecs = append(vecs, v.Slice())
		texts = append(texts, t)
	}
	return vecs, texts, wrap("sample", rows.Err())
}

// IndexVariant is one vector index configuration tried by the benchmark:
// its build time and, per query, the distances of the 10 neighbours it
// returns (at the default ef_search; binary quantization: 200 candidates
// re-ranked by the stored vectors).
type IndexVariant struct {
	Name      string
	Build     time.Duration
	Distances [][]float64
	Times     []time.Duration // per query
}

// TryIndexVariants builds each alternative vector index on the current
// corpus, times the build, runs the query vectors through it and drops it
// again; the configured index is rebuilt at the end. It is for benchmark
// databases only.
func (db *DB) TryIndexVariants(ctx context.Context, queries [][]float32) ([]IndexVariant, error) {
	_, dim, err := db.EmbedderInfo(ctx)
	if err != nil || dim == 0 {
		return nil, err
	}
	d := strconv.Itoa(dim) // a validated integer type modifier
	var rows int
	if err := db.pool.QueryRow(ctx, `SELECT count(*) FROM paragraphs WHERE embedding IS NOT NULL`).Scan(&rows); err != nil {
		return nil, wrap("index variants", err)
	}
	// IVFFlat: pgvector's advice, rows / 1000 lists (at least 10), probed
	// at a tenth and at two fifths of them
	lists := max(rows/1000, 10)
	nn := `SELECT embedding <=> $1 FROM paragraphs WHERE embedding IS NOT NULL ORDER BY embedding <=> $1 LIMIT 10`
	hnswWith := func(m, efc int) string {
		return `CREATE INDEX paragraphs_embedding_hnsw ON paragraphs USING hnsw (embedding halfvec_cosine_ops) WITH (m = ` +
			itoa(m) + `, ef_construction = ` + itoa(efc) + `)`
	}
	variants := []struct {
		name, ddl, setup, query string
	}{
		{"halfvec, m 16, ef_construction 64 (configured)", db.hnsw, "", nn},
		{"halfvec, m 16, ef_construction 48", hnswWith(16, 48), "", nn},
		{"halfvec, m 16, ef_construction 32", hnswWith(16, 32), "", nn},
		{"halfvec, m 12, ef_construction 48", hnswWith(12, 48), "", nn},
		{"vector (full precision), m 16, ef_construction 64",
			`CREATE INDEX paragraphs_embedding_hnsw ON paragraphs USING hnsw ((embedding::vector(` + d + `)) vector_cosine_ops)`, "",
			`SELECT embedding <=> $1 FROM paragraphs WHERE embedding IS NOT NULL ORDER BY embedding::vector(` + d + `) <=> $1::halfvec::vector(` + d + `) LIMIT 10`},
		{"binary quantization (bit, Hamming), 200 candidates re-ranked",
			`CREATE INDEX paragraphs_embedding_hnsw ON paragraphs USING hnsw ((binary_quantize(embedding)::bit(` + d + `)) bit_hamming_ops)`, "",
			`SELECT d FROM (SELECT embedding <=> $1 AS d FROM paragraphs WHERE embedding IS NOT NULL
			   ORDER BY binary_quantize(embedding)::bit(` + d + `) <~> binary_quantize($1::halfvec) LIMIT 200) c ORDER BY d LIMIT 10`},
		{"IVFFlat, " + itoa(lists) + " lists, probes " + itoa(max(lists/10, 1)),
			`CREATE INDEX paragraphs_embedding_hnsw ON paragraphs USING ivfflat (embedding halfvec_cosine_ops) WITH (lists = ` + itoa(lists) + `)`,
			`SELECT set_config('ivfflat.probes', '` + itoa(max(lists/10, 1)) + `', false)`, nn},
		{"IVFFlat, " + itoa(lists) + " lists, probes " + itoa(max(lists*2/5, 1)),
			`CREATE INDEX paragraphs_embedding_hnsw ON paragraphs USING ivfflat (embedding halfvec_cosine_ops) WITH (lists = ` + itoa(lists) + `)`,
			`SELECT set_config('ivfflat.probes', '` + itoa(max(lists*2/5, 1)) + `', false)`, nn},
	}
	conn, err := db.pool.Acquire(ctx)
	if err != nil {
		return nil, wrap("index variants", err)
	}
	defer conn.Release()
	defer func() {
		// leave the configured index in place, then the settings as they were
		if db.useHNSW {
			conn.Exec(context.WithoutCancel(ctx), db.hnsw)
		}
		conn.Exec(context.WithoutCancel(ctx), `RESET ALL`)
	}()
	if _, err := conn.Exec(ctx, `SELECT set_config('maintenance_work_mem', '1GB', false), set_config('max_parallel_maintenance_workers', '1', false),
		set_config('hnsw.ef_search', $1, false), set_config('enable_seqscan', 'off', false)`, itoa(DefaultEFSearch)); err != nil {
		return nil, wrap("index variants", err)
	}
	var out []IndexVariant
	for _, v := range variants {
		if _, err := conn.Exec(ctx, `DROP INDEX IF EXISTS paragraphs_embedding_hnsw`); err != nil {
			return out, wrap("index variants", err)
		}
		t := time.Now()
		if _, err := conn.Exec(ctx, v.ddl); err != nil {
			return out, wrap("index variant "+v.name, err)
		}
		iv := IndexVariant{Name: v.name, Build: time.Since(t)}
		if v.setup != "" {
			if _, err := conn.Exec(ctx, v.setup); err != nil {
				return out, wrap("index variant "+v.name, err)
			}
		}
		for _, q := range queries {
			qt := time.Now()
			rows, err := conn.Query(ctx, v.query, pgvector.NewHalfVector(q))
			if err != nil {
				return out, wrap("index variant "+v.name, err)
			}
			ds, err := pgx.CollectRows(rows, pgx.RowTo[float64])
			if err != nil {
				return out, wrap("index variant "+v.name, err)
			}
			iv.Distances = append(iv.Distances, ds)
			iv.Times = append(iv.Times, time.Since(qt))
		}
		out = append(out, iv)
	}
	_, err = conn.Exec(ctx, `DROP INDEX IF EXISTS paragraphs_embedding_hnsw`)
	return out, wrap("index variants", err)
}
