// Package store is the only place with SQL: a pgx pool over PostgreSQL with
// pgvector, embedded numbered migrations (migrate.go), document
// loading with COPY, the hybrid search query, conversations and feedback.
package store

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/letters-app/letters"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/puddle/v2"
	pgxvec "github.com/pgvector/pgvector-go/pgx"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// DefaultEFSearch is pgvector's hnsw.ef_search unless configured: at 610k
// paragraphs it keeps HNSW recall@10 at 0.968 (200: 0.943; BENCHMARKS.md).
const DefaultEFSearch = 400

// Options tune the pool and the vector index.
type Options struct {
	MaxConns int32  // 0: pgx default
	EFSearch int    // hnsw.ef_search; 0: DefaultEFSearch
	ReadURL  string // optional read replica for retrieval and reads; "" uses url
	// HNSW build parameters (pgvector's m and ef_construction); 0:
	// DefaultHNSWM, DefaultHNSWEFConstruction. They apply when the index
	// is next built (a bulk load, a new embedder); a smaller
	// ef_construction builds faster at some cost in recall (BENCHMARKS.md).
	HNSWM              int
	HNSWEFConstruction int
	// VectorIndex is "hnsw" (or ""): the vector arm walks an HNSW graph
	// over every paragraph, for embedders whose vectors carry meaning
	// beyond the words; or "none": no vector index is built, and the
	// vector arm ranks exactly the paragraphs that share the question's
	// words (the built-in hashed-word embedder, whose vectors carry the
	// words the full-text index already holds: see lexicalSQL). "auto" is
	// resolved by VectorIndexFor before Open.
	VectorIndex string
}

// Vector index kinds (Options.VectorIndex).
const (
	VectorIndexHNSW = "hnsw"
	VectorIndexNone = "none"
	VectorIndexAuto = "auto" // VectorIndexFor's choice by embedder
)

// VectorIndexFor resolves "auto" for an embedder ("hash" or "": the
// built-in one; else a model's): none for the built-in embedder at any
// corpus size, hnsw for a model's embeddings, which carry meaning beyond
// the words. Without the graph, ingest is 3 times as fast, and since the
// lexical query's filters and candidates were made cheap, retrieval is
// faster too, even at 650,000 paragraphs (p95 18 against 30 ms with the
// graph, same database and questions: BENCHMARKS.md). Other kinds are
// returned as they are.
func VectorIndexFor(kind, embedder string) string {
	if kind != VectorIndexAuto {
		return kind
	}
	if embedder == "" || embedder == "hash" {
		return VectorIndexNone
	}
	return VectorIndexHNSW
}

// DefaultHNSWM and DefaultHNSWEFConstruction are pgvector's defaults.
const (
	DefaultHNSWM              = 16
	DefaultHNSWEFConstruction = 64
)

// DB is the store. Writes go to pool; retrieval and other reads go to read
// (a streaming replica when configured, else the same pool).
type DB struct {
	pool    *pgxpool.Pool
	read    *pgxpool.Pool
	hnsw    string // the CREATE INDEX statement of the vector index (hnswSQL)
	useHNSW bool   // Options.VectorIndex is hnsw: build the graph and search through it
	// exactMax is exactMaxParagraphs (the tests of the wide filters'
	// query lower it)
	exactMax int64
}

// Open migrates the database at url and returns a pooled store.
func Open(ctx context.Context, url string, opt Options) (*DB, error) {
	if err := Migrate(ctx, url); err != nil {
		return nil, err
	}
	pool, err := newPool(ctx, url, opt)
	if err != nil {
		return nil, err
	}
	db := &DB{pool: pool, read: pool, exactMax: exactMaxParagraphs}
	switch opt.VectorIndex {
	case "", VectorIndexHNSW:
		db.useHNSW = true
	case VectorIndexNone:
	default:
		pool.Close()
		return nil, fmt.Errorf("store: vector index %q: want hnsw or none (auto is resolved by VectorIndexFor): %w", opt.VectorIndex, letters.ErrInvalid)
	}
	if db.hnsw, err = hnswSQL(opt.HNSWM, opt.HNSWEFConstruction); err != nil {
		pool.Close()
		return nil, err
	}
	if opt.ReadURL != "" && opt.ReadURL != url {
		if db.read, err = newPool(ctx, opt.ReadURL, opt); err != nil {
			pool.Close()
			return nil, err
		}
	}
	return db, nil
}

func newPool(ctx context.Context, url string, opt Options) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("store: parse database url: %w", err)
	}
	if opt.MaxConns > 0 {
		cfg.MaxConns = opt.MaxConns
	}
	ef := opt.EFSearch
	if ef <= 0 {
		ef = DefaultEFSearch
	}
	cfg.AfterConnect = func(ctx context.Context, c *pgx.Conn) error {
		if err := pgxvec.RegisterTypes(ctx, c); err != nil {
			return err
		}
		// iterative index scans keep filtered vector queries returning k rows
		// (the hybrid query sets its own plan cache mode: see search)
		_, err := c.Exec(ctx, `SELECT set_config('hnsw.ef_search', $1, false), set_config('hnsw.iterative_scan', 'relaxed_order', false)`,
			strconv.Itoa(ef))
		return err
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("store: connect: %w", err)
	}
	return pool, nil
}

// Close releases the pools.
func (db *DB) Close() {
	if db.read != db.pool {
		db.read.Close()
	}
	db.pool.Close()
}

// Migrate applies the embedded migrations to the database at url.
func Migrate(ctx context.Context, url string) error { return migrateTo(ctx, url, 0) }

// latestVersion is the number of embedded migrations.
func latestVersion() int {
	files, _ := fs.Glob(migrationFS, "migrations/*.sql")
	return len(files)
}

// Ping checks that the database answers and the schema is current.
func (db *DB) Ping(ctx context.Context) error {
	var v int
	if err := db.pool.QueryRow(ctx, `SELECT version FROM schema_version`).Scan(&v); err != nil {
		return fmt.Errorf("store: ping: %w: %w", letters.ErrUnavailable, err)
	}
	if v < latestVersion() {
		return fmt.Errorf("store: schema version %d is behind: %w", v, letters.ErrUnavailable)
	}
	return nil
}

// wrap names the operation in err. A missing row becomes
// letters.ErrNotFound; a database that cannot answer now (see unavailable)
// becomes letters.ErrUnavailable, which the server reports as 503 (try
// again). Anything else — a bad statement, a scan into the wrong type, a
// constraint — is a plain error: a bug or a bad request, not an outage, so
// it is not disguised as one (the server reports it as 500). A context
// error is passed on as such (the server answers 499 or 504).
func wrap(op string, err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, pgx.ErrNoRows):
		return fmt.Errorf("store: %s: %w", op, letters.ErrNotFound)
	case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("store: %s: %w", op, err)
	case unavailable(err):
		return fmt.Errorf("store: %s: %w: %w", op, letters.ErrUnavailable, err)
	}
	return fmt.Errorf("store: %s: %w", op, err)
}

// unavailable reports whether err means the database cannot serve the
// request now but may shortly: it is unreachable, went away, is shutting
// down or starting, is out of connections or resources, or the statement
// lost a transient conflict (serialization failure, deadlock, lock or
// statement timeout) that a retry can win.
func unavailable(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		// class 08: connection exception; 53: insufficient resources (too
		// many connections, out of memory, disk full)
		if strings.HasPrefix(pgErr.Code, "08") || strings.HasPrefix(pgErr.Code, "53") {
			return true
		}
		switch pgErr.Code {
		case "57P01", "57P02", "57P03", // admin shutdown, crash shutdown, cannot connect now
			"57014",          // query canceled: statement_timeout or an administrator
			"40001", "40P01", // serialization failure, deadlock detected
			"55P03": // lock not available (lock_timeout)
			return true
		}
		return false
	}
	var connectErr *pgconn.ConnectError
	var netErr net.Error
	return errors.As(err, &connectErr) || errors.As(err, &netErr) ||
		errors.Is(err, puddle.ErrClosedPool) || errors.Is(err, pgconn.ErrConnClosed) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE)
}

// EmbedderInfo returns the recorded embedder name and dimension ("" when none).
func (db *DB) EmbedderInfo(ctx context.Context) (string, int, error) {
	var name string
	var dim int
	err := db.pool.QueryRow(ctx, `SELECT name, dimension FROM embedder_info`).Scan(&name, &dim)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", 0, nil
	}
	return name, dim, wrap("embedder info", err)
}

// SetEmbedder records the embedder, types the embedding column to its
// dimension and builds the HNSW index. With a different embedder already
// recorded it fails with rag.ErrEmbedderMismatch unless reset is true, in
// which case every stored embedding is cleared (the caller re-embeds).
func (db *DB) SetEmbedder(ctx context.Context, name string, dim int, reset bool) error {
	if dim < 1 || dim > 2000 {
		return fmt.Errorf("store: embedding dimension %d outside 1..2000: %w", dim, letters.ErrInvalid)
	}
	cur, curDim, err := db.EmbedderInfo(ctx)
	if err != nil {
		return err
	}
	if cur == name && curDim == dim {
		return db.EnsureSearchIndexes(ctx) // repairs an interrupted bulk load
	}
	if cur != "" && !reset {
		return fmt.Errorf("corpus embedded with %q (%d dimensions), configured %q (%d): run `letters ingest --reembed`: %w",
			cur, curDim, name, dim, letters.ErrEmbedderMismatch)
	}
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return wrap("set embedder", err)
	}
	defer tx.Rollback(ctx)
	// The dimension is a type modifier (a validated integer), not a value:
	// DDL cannot take it as a parameter.
	// Half precision, stored inline: see migration 005.
	typ := "halfvec(" + strconv.Itoa(dim) + ")"
	stmts := []string{
		`LOCK TABLE paragraphs IN ACCESS EXCLUSIVE MODE`,
		`DROP INDEX IF EXISTS paragraphs_embedding_hnsw`,
		`UPDATE paragraphs SET embedding = NULL WHERE embedding IS NOT NULL`,
		`ALTER TABLE paragraphs ALTER COLUMN embedding TYPE ` + typ + `, ALTER COLUMN embedding SET STORAGE PLAIN`,
	}
	if db.useHNSW {
		stmts = append(stmts, db.hnsw)
	}
	for _, s := range stmts {
		if _, err := tx.Exec(ctx, s); err != nil {
			return wrap("set embedder", err)
		}
	}
	if _, err := tx.Exec(ctx, `INSERT INTO embedder_info (name, dimension) VALUES ($1, $2)
		ON CONFLICT (singleton) DO UPDATE SET name = EXCLUDED.name, dimension = EXCLUDED.dimension`, name, dim); err != nil {
		return wrap("set embedder", err)
	}
	return wrap("set embedder", tx.Commit(ctx))
}

// CorpusVersion identifies the current corpus: document count and the time of
// the last change.
func (db *DB) CorpusVersion(ctx context.Context) (string, int, error) {
	var n int
	var last *time.Time
	if err := db.read.QueryRow(ctx, `SELECT count(*), max(ingested_at) FROM documents`).Scan(&n, &last); err != nil {
		return "", 0, wrap("corpus version", err)
	}
	v := strconv.Itoa(n) + "@"
	if last != nil {
		v += last.UTC().Format(time.RFC3339)
	}
	return v, n, nil
}

// hnswSQL is the statement that creates the vector index with m and
// ef_construction (0: the defaults, pgvector's; BENCHMARKS.md has the
// settings tried).
func hnswSQL(m, efConstruction int) (string, error) {
	if m == 0 {
		m = DefaultHNSWM
	}
	if efConstruction == 0 {
		efConstruction = DefaultHNSWEFConstruction
	}
	// pgvector's limits: m 2..100, ef_construction 4..1000 and at least 2m
	if m < 2 || m > 100 || efConstruction < 4 || efConstruction > 1000 || efConstruction < 2*m {
		return "", fmt.Errorf("store: HNSW m %d, ef_construction %d outside pgvector's limits (m 2..100, ef_construction 2m..1000): %w",
			m, efConstruction, letters.ErrInvalid)
	}
	// validated integers: DDL takes no parameters
	return `CREATE INDEX IF NOT EXISTS paragraphs_embedding_hnsw ON paragraphs USING hnsw (embedding halfvec_cosine_ops)
		WITH (m = ` + strconv.Itoa(m) + `, ef_construction = ` + strconv.Itoa(efConstruction) + `)`, nil
}

// MissingSearchIndexes names the search indexes that should exist and do
// not: the full-text index always, the HNSW index (with VectorIndex hnsw)
// once an embedder has typed the vector column. Both are missing after a
// bulk load that stopped before building them (EnsureSearchIndexes, which
// every ingest runs, builds them).
func (db *DB) MissingSearchIndexes(ctx context.Context) ([]string, error) {
	var missing []string
	err := db.pool.QueryRow(ctx, `SELECT array_remove(ARRAY[
			CASE WHEN to_regclass('paragraphs_tsv') IS NULL THEN 'paragraphs_tsv' END,
			CASE WHEN $1::boolean AND to_regclass('paragraphs_embedding_hnsw') IS NULL AND (SELECT atttypmod > 0 FROM pg_attribute
				WHERE attrelid = 'paragraphs'::regclass AND attname = 'embedding') THEN 'paragraphs_embedding_hnsw' END], NULL)`,
		db.useHNSW).Scan(&missing)
	return missing, wrap("search indexes", err)
}

// DropSearchIndexes removes the HNSW and full-text indexes before a bulk
// load into an empty corpus (pgvector advises building HNSW after loading:
// much faster than inserting into it; GIN likewise).
func (db *DB) DropSearchIndexes(ctx context.Context) error {
	_, err := db.pool.Exec(ctx, `DROP INDEX IF EXISTS paragraphs_embedding_hnsw, paragraphs_tsv`)
	return wrap("drop search indexes", err)
}

// EnsureSearchIndexes creates the full-text and HNSW indexes if they are
// missing (after a bulk load, or one interrupted), rebuilding the term
// statistics with the full-text index. maintenance_work_mem and a
// parallel worker make the builds fast; the settings last for this
// connection only. When both are missing they are built at the same time
// on two connections (both take a SHARE lock, which do not conflict): the
// term statistics and the GIN index then cost little beside the HNSW graph
// (BENCHMARKS.md).
func (db *DB) EnsureSearchIndexes(ctx context.Context) error {
	var typed bool
	if err := db.pool.QueryRow(ctx, `SELECT atttypmod > 0 FROM pg_attribute
		WHERE attrelid = 'paragraphs'::regclass AND attname = 'embedding'`).Scan(&typed); err != nil {
		return wrap("search indexes", err)
	}
	conn, err := db.pool.Acquire(ctx)
	if err != nil {
		return wrap("search indexes", err)
	}
	defer conn.Release()
	// one builder at a time: two ingests finishing a bulk load together
	// both rebuilt the term statistics (one failed on a duplicate key) and
	// raced to create the same index; the second now waits, then finds
	// the indexes built
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock(hashtext('letters.search_indexes'))`); err != nil {
		return wrap("search indexes lock", err)
	}
	defer conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock(hashtext('letters.search_indexes'))`)
	// enough maintenance memory for the whole HNSW graph (pgvector's build
	// slows sharply once the graph no longer fits), within 256 MB .. 8 GB
	var rows, dim int64
	var bulk, hnsw bool
	if err := conn.QueryRow(ctx, `SELECT (SELECT count(*) FROM paragraphs), coalesce((SELECT dimension FROM embedder_info), 0),
		to_regclass('paragraphs_tsv') IS NULL, to_regclass('paragraphs_embedding_hnsw') IS NULL`).Scan(&rows, &dim, &bulk, &hnsw); err != nil {
		return wrap("search indexes", err)
	}
	if !db.useHNSW && !hnsw {
		// configured without a vector index: a graph built before would
		// only slow every insert (no query reads it); an index, not data.
		// CONCURRENTLY: searches go on meanwhile
		if _, err := conn.Exec(ctx, `DROP INDEX CONCURRENTLY IF EXISTS paragraphs_embedding_hnsw`); err != nil {
			return wrap("search indexes", err)
		}
	}
	// an embedder is recorded (the column has its dimension), and the
	// graph is wanted
	hnsw = hnsw && typed && db.useHNSW
	mem := min(max(rows*(dim*2+256)*3/2/(1<<20), 256), 8192) // halfvec: 2 bytes a dimension
	if _, err := conn.Exec(ctx, `SELECT set_config('maintenance_work_mem', $1, false), set_config('max_parallel_maintenance_workers', '1', false)`,
		strconv.FormatInt(mem, 10)+"MB"); err != nil {
		return wrap("search indexes", err)
	}
	// the full-text side on a second connection while this one builds the
	// HNSW graph, when the pool has one to spare (else one after the other)
	var ftErr chan error
	if bulk && hnsw && db.pool.Config().MaxConns >= 2 {
		ftConn, err := db.pool.Acquire(ctx)
		if err != nil {
			return wrap("search indexes", err)
		}
		ftErr = make(chan error, 1)
		go func() {
			defer ftConn.Release()
			ftErr <- buildFullText(ctx, ftConn, "256MB") // beside the graph's memory
		}()
	} else if bulk {
		if err := buildFullText(ctx, conn, strconv.FormatInt(mem, 10)+"MB"); err != nil {
			return err
		}
	}
	var hnswErr error
	if hnsw {
		if _, err := conn.Exec(ctx, db.hnsw); err != nil {
			hnswErr = wrap("search indexes", err)
		}
	}
	if ftErr != nil {
		hnswErr = errors.Join(hnswErr, <-ftErr)
	}
	if hnswErr != nil {
		return hnswErr
	}
	// fresh statistics, so the planner picks the indexes; after a bulk load
	// also a VACUUM (2.4 s at 610k paragraphs): it sets hint bits and the
	// visibility map once, which the first queries would otherwise do by
	// dirtying and writing pages (filtered p95 at 610k: 112 -> 27 ms)
	qs := []string{`ANALYZE paragraphs`, `ANALYZE documents`}
	if bulk {
		qs = []string{`VACUUM (ANALYZE) paragraphs`, `VACUUM (ANALYZE) documents`}
	}
	qs = append(qs, `RESET maintenance_work_mem`, `RESET max_parallel_maintenance_workers`)
	for _, q := range qs {
		if _, err := conn.Exec(ctx, q); err != nil {
			return wrap("search indexes", err)
		}
	}
	return nil
}

// buildFullText rebuilds the term statistics (not kept while the indexes
// are dropped for a bulk load, perhaps interrupted) in one pass with the
// full-text index, on conn with mem of maintenance memory.
func buildFullText(ctx context.Context, conn *pgxpool.Conn, mem string) error {
	err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT set_config('maintenance_work_mem', $1, true)`, mem); err != nil {
			return err
		}
		// writers in flight finish first (and are counted); later ones see the index
		for _, q := range []string{`LOCK TABLE paragraphs IN SHARE MODE`, `DELETE FROM term_stats`,
			`INSERT INTO term_stats (lexeme, df)
			 SELECT word, ndoc FROM ts_stat('SELECT tsv FROM paragraphs')
			 UNION ALL SELECT '', count(*) FROM paragraphs`,
			`CREATE INDEX paragraphs_tsv ON paragraphs USING gin (tsv)`} {
			if _, err := tx.Exec(ctx, q); err != nil {
				return err
			}
		}
		return nil
	})
	return wrap("search indexes", err)
}
