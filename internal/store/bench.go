package store

import (
	"context"
	"fmt"
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
	// the candidates' parameters keep lexicalSQL's numbers, renumbered
	// without the filter's $5 as lexicalAll's are (withoutFilter); the ones
	// it does not use here are typed and ignored
	rows, err := db.read.Query(ctx, withoutFilter(withNear(`WITH `+lexicalCandidates+`
		SELECT c.dist FROM cand c
		WHERE $2::boolean AND $3::int >= 0 AND $7::int >= 0 AND c.dist IS NOT NULL
		ORDER BY c.dist LIMIT $6`, nearIndex)),
		pgvector.NewHalfVector(q.Vector), true, 0, websearchText(q.Any), k, 0, tsqueryAll(q.All), tsqueryEvery(q.Near), websearchText(q.Near), "english")
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
	had := db.useHNSW
	defer func() {
		// leave the configured index in place, then the settings as they were
		if had {
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

// SparseEmbed gives a text's sparse vector: ascending indices below dim
// and their values (hashembed.Sparse).
type SparseEmbed func(text string) (indices []int32, values []float32)

// SparseVariant is TrySparseIndex's result: the dense variants' figures
// plus the exact neighbours in its own space (recall is measured against
// those) and what it stored.
type SparseVariant struct {
	IndexVariant
	Exact            [][]float64   // per query, exact search over the sparse vectors
	Load             time.Duration // COPY of the vectors into the scratch table
	MeanNonZero      float64
	IndexBytes       int64
	DenseIndexBytes  int64 // the configured halfvec index, for comparison (0: none)
	Skipped          int   // paragraphs over pgvector's 1,000 non-zero entries HNSW can index
	TableBytes       int64
	DenseTableBytes  int64
	DenseColumnBytes int64
	UsesIndex        bool // the approximate queries' plan scans the HNSW index
}

// TrySparseIndex (benchmark databases only) stores every embedded
// paragraph's sparse vector in a scratch table beside paragraphs (same
// ids), builds an HNSW index over them with sparsevec_cosine_ops and the
// configured m and ef_construction under the same settings as
// TryIndexVariants, and runs the queries through it and through exact
// search; the table is dropped at the end.
func (db *DB) TrySparseIndex(ctx context.Context, name string, dim int, embed SparseEmbed, queries []string) (SparseVariant, error) {
	sv := SparseVariant{IndexVariant: IndexVariant{Name: name}}
	if dim < 1 || dim > 1_000_000_000 {
		return sv, fmt.Errorf("store: sparse dimension %d outside 1..1e9: %w", dim, letters.ErrInvalid)
	}
	rows, err := db.read.Query(ctx, `SELECT id, text FROM paragraphs WHERE embedding IS NOT NULL ORDER BY id`)
	if err != nil {
		return sv, wrap("sparse variant", err)
	}
	type para struct {
		ID   int64
		Text string
	}
	paras, err := pgx.CollectRows(rows, pgx.RowToStructByPos[para])
	if err != nil {
		return sv, wrap("sparse variant", err)
	}
	vecs := make([]*pgvector.SparseVector, len(paras))
	var nnz int
	for i, p := range paras {
		idx, val := embed(p.Text)
		nnz += len(idx)
		if len(idx) == 0 || len(idx) > 1000 { // pgvector's HNSW limit for sparsevec
			sv.Skipped++
			continue
		}
		v := sparseVector(idx, val, dim)
		vecs[i] = &v
	}
	if len(paras) > 0 {
		sv.MeanNonZero = float64(nnz) / float64(len(paras))
	}
	conn, err := db.pool.Acquire(ctx)
	if err != nil {
		return sv, wrap("sparse variant", err)
	}
	defer conn.Release()
	defer func() {
		conn.Exec(context.WithoutCancel(ctx), `DROP TABLE IF EXISTS bench_sparse`)
		conn.Exec(context.WithoutCancel(ctx), `RESET ALL`)
	}()
	// dim is a validated integer type modifier: DDL takes no parameters
	if _, err := conn.Exec(ctx, `DROP TABLE IF EXISTS bench_sparse`); err != nil {
		return sv, wrap("sparse variant", err)
	}
	if _, err := conn.Exec(ctx, `CREATE TABLE bench_sparse (id bigint PRIMARY KEY, v sparsevec(`+strconv.Itoa(dim)+`))`); err != nil {
		return sv, wrap("sparse variant", err)
	}
	t := time.Now()
	if _, err := conn.Conn().CopyFrom(ctx, pgx.Identifier{"bench_sparse"}, []string{"id", "v"}, pgx.CopyFromSlice(len(paras), func(i int) ([]any, error) {
		if vecs[i] == nil {
			return []any{paras[i].ID, nil}, nil
		}
		return []any{paras[i].ID, *vecs[i]}, nil
	})); err != nil {
		return sv, wrap("sparse variant", err)
	}
	sv.Load = time.Since(t)
	// as TryIndexVariants: the index, not a sequential scan, answers the
	// approximate queries (exact ones turn index scans off themselves)
	if _, err := conn.Exec(ctx, `SELECT set_config('maintenance_work_mem', '1GB', false), set_config('max_parallel_maintenance_workers', '1', false),
		set_config('hnsw.ef_search', $1, false), set_config('enable_seqscan', 'off', false)`, itoa(DefaultEFSearch)); err != nil {
		return sv, wrap("sparse variant", err)
	}
	if _, err := conn.Exec(ctx, `ANALYZE bench_sparse`); err != nil {
		return sv, wrap("sparse variant", err)
	}
	ddl := strings.Replace(strings.Replace(db.hnsw, "paragraphs_embedding_hnsw ON paragraphs", "bench_sparse_hnsw ON bench_sparse", 1),
		"(embedding halfvec_cosine_ops)", "(v sparsevec_cosine_ops)", 1)
	t = time.Now()
	if _, err := conn.Exec(ctx, ddl); err != nil {
		return sv, wrap("sparse variant", err)
	}
	sv.Build = time.Since(t)
	var plan string
	if len(queries) > 0 {
		qi, qv := embed(queries[0])
		rows, err := conn.Query(ctx, `EXPLAIN (COSTS OFF) SELECT v <=> $1 FROM bench_sparse WHERE v IS NOT NULL ORDER BY v <=> $1 LIMIT 10`,
			sparseVector(qi, qv, dim))
		if err != nil {
			return sv, wrap("sparse variant", err)
		}
		lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return sv, wrap("sparse variant", err)
		}
		plan = strings.Join(lines, "\n")
	}
	sv.UsesIndex = strings.Contains(plan, "bench_sparse_hnsw")
	if err := conn.QueryRow(ctx, `SELECT pg_relation_size('bench_sparse_hnsw'), coalesce(pg_relation_size(to_regclass('paragraphs_embedding_hnsw')), 0),
		pg_table_size('bench_sparse'), (SELECT coalesce(sum(pg_column_size(embedding)), 0) FROM paragraphs)`).Scan(&sv.IndexBytes, &sv.DenseIndexBytes, &sv.TableBytes, &sv.DenseColumnBytes); err != nil {
		return sv, wrap("sparse variant", err)
	}
	for _, q := range queries {
		idx, val := embed(q)
		qv := sparseVector(idx, val, dim)
		exact, err := sparseNeighbours(ctx, conn.Conn(), qv, true)
		if err != nil {
			return sv, err
		}
		qt := time.Now()
		approx, err := sparseNeighbours(ctx, conn.Conn(), qv, false)
		if err != nil {
			return sv, err
		}
		sv.Times = append(sv.Times, time.Since(qt))
		sv.Exact, sv.Distances = append(sv.Exact, exact), append(sv.Distances, approx)
	}
	return sv, nil
}

// sparseVector is pgvector's sparsevec of dim with the given entries.
func sparseVector(indices []int32, values []float32, dim int) pgvector.SparseVector {
	el := make(map[int32]float32, len(indices))
	for k, j := range indices {
		el[j] = values[k]
	}
	return pgvector.NewSparseVectorFromMap(el, int32(dim))
}

func sparseNeighbours(ctx context.Context, conn *pgx.Conn, qv pgvector.SparseVector, exact bool) ([]float64, error) {
	tx, err := conn.Begin(ctx)
	if err != nil {
		return nil, wrap("sparse neighbours", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if exact {
		if _, err := tx.Exec(ctx, `SELECT set_config('enable_indexscan', 'off', true), set_config('enable_bitmapscan', 'off', true)`); err != nil {
			return nil, wrap("sparse neighbours", err)
		}
	}
	rows, err := tx.Query(ctx, `SELECT v <=> $1 FROM bench_sparse WHERE v IS NOT NULL ORDER BY v <=> $1 LIMIT 10`, qv)
	if err != nil {
		return nil, wrap("sparse neighbours", err)
	}
	ds, err := pgx.CollectRows(rows, pgx.RowTo[float64])
	return ds, wrap("sparse neighbours", err)
}
