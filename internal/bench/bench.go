// Package bench measures letters end to end and writes BENCHMARKS.md:
// ingest throughput and memory, the same load through langchaingo's
// pgvector store, HNSW build-after-load against insert-into-index, retrieval
// latency and HNSW recall at scale, /api/ask under concurrency, and a mixed
// soak. Everything runs on this machine against loopback.
package bench

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math"
	"math/rand"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/letters-app/letters"

	"github.com/tmc/langchaingo/schema"
	lcpg "github.com/tmc/langchaingo/vectorstores/pgvector"

	"github.com/letters-app/letters/evals"
	"github.com/letters-app/letters/ingest"
	"github.com/letters-app/letters/internal/hashembed"
	"github.com/letters-app/letters/internal/store"
	"github.com/letters-app/letters/internal/synth"
	"github.com/letters-app/letters/rag"
)

// Config is a benchmark run.
type Config struct {
	Bin      string // the letters binary
	AdminURL string // a database URL on the server where benchmark databases are created
	Docs     []int  // corpus sizes
	Samples  string // the sample letters folder
	EvalSet  string // questions for /api/ask
	Quick    bool   // smoke run: short durations, fewer queries
	HTTPOnly bool   // only /api/ask under load and the soak
	WorkDir  string // synthetic corpora go here
	// VectorIndex is the product's --vector-index for every run ("auto",
	// its default, "hnsw" or "none"); the smallest corpus is also loaded
	// with the other strategies for the side-by-side table.
	VectorIndex string
	Log         *slog.Logger
}

// Report holds the measurements.
type Report struct {
	Machine  []string
	Ingest   []IngestRow
	Compare  *CompareRow
	Index    *IndexRow
	Retrieve []RetrieveRow
	Explain  map[string]string
	HTTP     []HTTPRow
	Soak     *SoakRow
	Commands []string
}

// IngestRow is one corpus size's ingest.
type IngestRow struct {
	Docs, Paragraphs int
	Wall, IndexBuild time.Duration
	PeakRSSKB        int64
	Graph            bool   // the load built the HNSW graph
	Mode             string // the product's --vector-index for the load
}

// ParasPerSec is end-to-end throughput.
func (r IngestRow) ParasPerSec() float64 { return float64(r.Paragraphs) / r.Wall.Seconds() }

// CompareRow is ours against langchaingo's store on the same chunks.
type CompareRow struct {
	Docs, Paragraphs   int
	Ours, Langchaingo  time.Duration
	OursRSS, LangRSSKB int64
	LangSearch         Latency
}

// IndexRow compares building HNSW after a bulk load with inserting into an indexed table.
type IndexRow struct {
	Docs, Paragraphs int
	// no vector index (ingest's default for the built-in embedder), HNSW
	// built after the bulk load, and inserting into an HNSW-indexed table:
	// wall time and the index phase of each
	None, BulkThenBuild, Indexed IngestRow
}

// Latency is a latency distribution.
type Latency struct{ P50, P95, P99 time.Duration }

// RetrieveRow is retrieval at one corpus size.
type RetrieveRow struct {
	Docs, Paragraphs     int
	Hybrid, Vector, Text Latency
	// the hybrid path split by whether the question's own words set a
	// filter (an authority, a year, "latest")
	HybridUnfiltered, HybridFiltered Latency
	Variants                         []IndexVariant
	Sparse                           []SparseVariant
	Filtered                         Latency
	FilteredFull                     float64         // share of filtered queries that returned k rows (or all the filter admits, when fewer)
	Recall                           map[int]float64 // HNSW recall@10 by ef_search (with --vector-index hnsw)
	// the vector arm without an index (--vector-index none): recall@10 of
	// its exact ranking of the full-text candidates against exact search
	// over every paragraph
	ArmRecall   float64
	VectorIndex string
	EFSearch    int
	Queries     int
}

// IndexVariant is a vector index configuration's build time and recall@10
// against exact search.
type IndexVariant struct {
	Name   string
	Build  time.Duration
	Recall float64
	Query  Latency // the vector query alone, one at a time
}

// SparseVariant is the built-in embedding stored as pgvector's sparsevec
// (hashembed.Sparse) with its own HNSW index, beside the halfvec one.
type SparseVariant struct {
	IndexVariant
	Load                         time.Duration
	MeanNonZero                  float64
	IndexBytes, DenseIndexBytes  int64
	TableBytes, DenseColumnBytes int64
	Skipped                      int
}

// recall is recall@10 by distance: a returned neighbour counts when it is
// no farther than the exact k-th (the synthetic corpus repeats sentences,
// so ids tie). Queries without exact neighbours are left out; ok is false
// when none is left.
func recall(exact, approx [][]float64) (float64, bool) {
	hit, total := 0, 0
	for i, ex := range exact {
		if len(ex) == 0 {
			continue
		}
		kth := ex[len(ex)-1]
		for _, d := range approx[i] {
			if d <= kth+1e-6 {
				hit++
			}
		}
		total += len(ex)
	}
	if total == 0 {
		return 0, false
	}
	return float64(hit) / float64(total), true
}

// HTTPRow is /api/ask at one concurrency.
type HTTPRow struct {
	LoadResult
	RSSMB float64
}

// SoakRow is the mixed load.
type SoakRow struct {
	LoadResult
	GoroutinesBefore, GoroutinesAfter float64
	RSSBeforeMB, RSSAfterMB           float64
}

func (c *Config) dbURL(name string) string {
	u, _ := url.Parse(c.AdminURL)
	u.Path = "/" + name
	return u.String()
}

// Run runs every measurement.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	r := &Report{Explain: map[string]string{}}
	r.Machine = machine(ctx, cfg)
	if cfg.HTTPOnly {
		cfg.Docs = nil
	}
	for i, n := range cfg.Docs {
		dir := filepath.Join(cfg.WorkDir, fmt.Sprintf("synth-%d", n))
		cfg.Log.Info("bench: synthesising", "docs", n)
		if _, err := os.Stat(filepath.Join(dir, fmt.Sprintf("synth_%06d.txt", n-1))); err != nil {
			os.RemoveAll(dir)
			if _, err := synth.Write(ctx, cfg.Samples, synth.Options{Docs: n, Seed: 1, Out: dir}); err != nil {
				return r, err
			}
		}
		db := fmt.Sprintf("letters_bench_%d", n)
		if err := createDatabase(ctx, cfg.AdminURL, db); err != nil {
			return r, err
		}
		cfg.Log.Info("bench: ingest", "docs", n)
		row, err := cfg.ingest(ctx, cfg.dbURL(db), dir, 200)
		if err != nil {
			return r, err
		}
		row.Docs = n
		r.Ingest = append(r.Ingest, row)
		r.Commands = append(r.Commands, fmt.Sprintf("letters-bench synth --docs %d --out DIR && letters ingest --json DIR", n))
		if i == 0 {
			// index strategies and the langchaingo comparison on the smallest corpus
			ix := &IndexRow{Docs: n, Paragraphs: row.Paragraphs}
			for _, v := range []struct {
				into  *IngestRow
				index string
				bulk  int
			}{{&ix.None, store.VectorIndexNone, 200}, {&ix.BulkThenBuild, store.VectorIndexHNSW, 200}, {&ix.Indexed, store.VectorIndexHNSW, -1}} {
				if v.index == row.mode() && v.bulk == 200 {
					*v.into = row
					continue
				}
				idb := fmt.Sprintf("letters_bench_%d_indexed", n)
				if err := createDatabase(ctx, cfg.AdminURL, idb); err != nil {
					return r, err
				}
				cfg.Log.Info("bench: ingest with another vector index strategy", "docs", n, "index", v.index, "bulk", v.bulk)
				other, err := cfg.ingestWith(ctx, cfg.dbURL(idb), dir, v.bulk, v.index)
				if err != nil {
					return r, err
				}
				dropDatabase(ctx, cfg.AdminURL, idb)
				*v.into = other
			}
			r.Index = ix
			cfg.Log.Info("bench: langchaingo store", "docs", n)
			cmp, err := cfg.langchaingo(ctx, dir, n, row)
			if err != nil {
				return r, err
			}
			r.Compare = cmp
		}
		cfg.Log.Info("bench: retrieval", "docs", n)
		rr, plans, err := cfg.retrieval(ctx, cfg.dbURL(db), n, row.Paragraphs, i == 0)
		if err != nil {
			return r, err
		}
		r.Retrieve = append(r.Retrieve, rr)
		for kind, plan := range plans {
			r.Explain[fmt.Sprintf("letters hybrid query, %s, N = %d", kind, n)] = plan
		}
		if i > 0 || len(cfg.Docs) == 1 {
			dropDatabase(ctx, cfg.AdminURL, db) // keep only the smallest for langchaingo's EXPLAIN
		}
	}
	if len(cfg.Docs) > 0 {
		// langchaingo's query plan on its table
		n := cfg.Docs[0]
		db, err := store.Open(ctx, cfg.dbURL(fmt.Sprintf("letters_bench_%d_lc", n)), store.Options{})
		if err == nil {
			vecs, _, _ := db.SampleEmbeddingsLC(ctx, 1)
			if len(vecs) > 0 {
				if plan, err := db.ExplainLangchaingoSearch(ctx, vecs[0], 10); err == nil {
					r.Explain[fmt.Sprintf("langchaingo SimilaritySearch, N = %d", n)] = plan
				} else {
					r.Explain[fmt.Sprintf("langchaingo SimilaritySearch, N = %d", n)] = "error: " + err.Error()
				}
			}
			db.Close()
		}
		dropDatabase(ctx, cfg.AdminURL, fmt.Sprintf("letters_bench_%d_lc", n))
		dropDatabase(ctx, cfg.AdminURL, fmt.Sprintf("letters_bench_%d", n))
	}
	cfg.Log.Info("bench: http")
	if err := cfg.http(ctx, r); err != nil {
		return r, err
	}
	return r, nil
}

func machine(ctx context.Context, cfg Config) []string {
	out := []string{fmt.Sprintf("cores: %d (GOMAXPROCS %d), Go %s", runtime.NumCPU(), runtime.GOMAXPROCS(0), runtime.Version())}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(l, "model name") {
				out = append(out, "cpu:"+strings.SplitN(l, ":", 2)[1])
				break
			}
		}
	}
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		out = append(out, "memory: "+strings.TrimSpace(strings.TrimPrefix(strings.SplitN(string(b), "\n", 2)[0], "MemTotal:")))
	}
	if db, err := store.Open(ctx, cfg.AdminURL, store.Options{}); err == nil {
		v, _ := db.Setting(ctx, "server_version")
		pv, _ := db.ExtensionVersion(ctx, "vector")
		sb, _ := db.Setting(ctx, "shared_buffers")
		out = append(out, fmt.Sprintf("PostgreSQL %s, pgvector %s, shared_buffers %s", v, pv, sb))
		db.Close()
	}
	return out
}

// ingest runs `letters ingest --json` as a separate process and reads its
// summary and peak memory.
func (c *Config) ingest(ctx context.Context, dbURL, dir string, bulk int) (IngestRow, error) {
	return c.ingestWith(ctx, dbURL, dir, bulk, c.vectorIndex())
}

// vectorIndex is the configured --vector-index (auto by default, as the
// product's).
func (c *Config) vectorIndex() string {
	if c.VectorIndex == "" {
		return store.VectorIndexAuto
	}
	return c.VectorIndex
}

// mode is the vector index the load left: hnsw with the graph, none
// without (what auto chose: none for the built-in embedder).
func (r IngestRow) mode() string {
	if r.Graph {
		return store.VectorIndexHNSW
	}
	return store.VectorIndexNone
}

// env is the product's environment for a run against dbURL.
func (c *Config) env(dbURL string) []string {
	return append(os.Environ(), "DATABASE_URL="+dbURL, "LETTERS_VECTOR_INDEX="+c.vectorIndex())
}

func (c *Config) ingestWith(ctx context.Context, dbURL, dir string, bulk int, index string) (IngestRow, error) {
	cmd := exec.CommandContext(ctx, c.Bin, "ingest", "--json", "--bulk-threshold", fmt.Sprint(bulk), "--vector-index", index, dir)
	cmd.Env = append(os.Environ(), "DATABASE_URL="+dbURL)
	var out strings.Builder
	cmd.Stdout = &out
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return IngestRow{}, fmt.Errorf("ingest %s: %w", dir, err)
	}
	wall := time.Since(start)
	var sum ingest.Summary
	if err := json.Unmarshal([]byte(out.String()), &sum); err != nil {
		return IngestRow{}, fmt.Errorf("ingest summary: %w", err)
	}
	rss := sum.PeakRSSKB
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok && ru.Maxrss > rss {
		rss = ru.Maxrss
	}
	graph, err := hasGraph(ctx, dbURL)
	if err != nil {
		return IngestRow{}, err
	}
	return IngestRow{Paragraphs: sum.Paragraphs, Wall: wall, IndexBuild: sum.IndexBuild, PeakRSSKB: rss, Graph: graph, Mode: index}, nil
}

// langchaingo loads the same chunks (segmented and embedded the same way)
// through langchaingo's vectorstores/pgvector, one AddDocuments per letter,
// with its HNSW index, and times its SimilaritySearch.
func (c *Config) langchaingo(ctx context.Context, dir string, n int, ours IngestRow) (*CompareRow, error) {
	name := fmt.Sprintf("letters_bench_%d_lc", n)
	if err := createDatabase(ctx, c.AdminURL, name); err != nil {
		return nil, err
	}
	// the vector extension first (langchaingo creates it too, but needs rights)
	if db, err := store.Open(ctx, c.dbURL(name), store.Options{}); err == nil {
		db.Close()
	} else {
		return nil, err
	}
	emb, _ := hashembed.New(0)
	var before syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &before)
	st, err := lcpg.New(ctx, lcpg.WithConnectionURL(c.dbURL(name)), lcpg.WithEmbedder(emb),
		lcpg.WithVectorDimensions(emb.Dimension()), lcpg.WithHNSWIndex(16, 64, "vector_cosine_ops"), lcpg.WithPreDeleteCollection(true))
	if err != nil {
		return nil, fmt.Errorf("langchaingo store: %w", err)
	}
	defer st.Close()
	files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	paras := 0
	start := time.Now()
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		p := ingest.Segment(string(raw))
		docs := make([]schema.Document, len(p.Paragraphs))
		for i, para := range p.Paragraphs {
			docs[i] = schema.Document{PageContent: para.Text, Metadata: map[string]any{"source": filepath.Base(f), "label": para.Label, "section": para.Section}}
		}
		if _, err := st.AddDocuments(ctx, docs); err != nil {
			return nil, fmt.Errorf("langchaingo AddDocuments: %w", err)
		}
		paras += len(docs)
	}
	took := time.Since(start)
	// its similarity search, same embedder, k = 10
	qs := c.queries(ctx, c.dbURL(name), 50)
	var lats []time.Duration
	for _, q := range qs {
		t := time.Now()
		if _, err := st.SimilaritySearch(ctx, q, 10); err != nil {
			return nil, fmt.Errorf("langchaingo SimilaritySearch: %w", err)
		}
		lats = append(lats, time.Since(t))
	}
	return &CompareRow{Docs: n, Paragraphs: paras, Ours: ours.Wall, Langchaingo: took, LangSearch: dist(lats)}, nil
}

// queries makes short questions from the letters' own sentences.
func (c *Config) queries(ctx context.Context, dbURL string, n int) []string {
	r := rand.New(rand.NewSource(7))
	var out []string
	if f, err := os.Open(c.EvalSet); err == nil {
		items, _ := evals.Read(f)
		f.Close()
		for _, it := range items {
			out = append(out, it.Question)
		}
	}
	files, _ := filepath.Glob(filepath.Join(c.Samples, "*.txt"))
	for len(out) < n && len(files) > 0 {
		raw, _ := os.ReadFile(files[r.Intn(len(files))])
		ps := ingest.Segment(string(raw)).Paragraphs
		if len(ps) == 0 {
			continue
		}
		sents := rag.Sentences(ps[r.Intn(len(ps))].Text)
		w := strings.Fields(sents[r.Intn(len(sents))])
		if len(w) < 6 {
			continue
		}
		k := 4 + r.Intn(5)
		out = append(out, "What did inspectors say about "+strings.Join(w[:min(k, len(w))], " ")+"?")
	}
	return out[:min(n, len(out))]
}

func dist(lats []time.Duration) Latency {
	if len(lats) == 0 {
		return Latency{}
	}
	sort.Slice(lats, func(i, j int) bool { return lats[i] < lats[j] })
	p := func(q float64) time.Duration {
		i := int(math.Ceil(q/100*float64(len(lats)))) - 1
		return lats[max(0, min(i, len(lats)-1))]
	}
	return Latency{p(50), p(95), p(99)}
}

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// retrieval measures hybrid, vector-only, full-text-only and filtered
// retrieval latency, and HNSW recall@10 against exact search.
func (c *Config) retrieval(ctx context.Context, dbURL string, n, paras int, variants bool) (RetrieveRow, map[string]string, error) {
	graph, err := hasGraph(ctx, dbURL)
	if err != nil {
		return RetrieveRow{}, nil, err
	}
	// the vector index the product's ingest left (auto: none for the built-in embedder)
	mode := store.VectorIndexNone
	if graph {
		mode = store.VectorIndexHNSW
	}
	row := RetrieveRow{Docs: n, Paragraphs: paras, Recall: map[int]float64{}, EFSearch: store.DefaultEFSearch, VectorIndex: mode}
	db, err := store.Open(ctx, dbURL, store.Options{EFSearch: row.EFSearch, VectorIndex: row.VectorIndex})
	if err != nil {
		return row, nil, err
	}
	defer db.Close()
	emb, _ := hashembed.New(0)
	svc := rag.NewService(db, emb, emb.Name(), rag.Config{}, quiet)
	nq := 200
	if c.Quick {
		nq = 30
	}
	qs := c.queries(ctx, dbURL, nq)
	row.Queries = len(qs)
	for _, q := range qs[:min(10, len(qs))] { // warm caches
		svc.Search(ctx, q, letters.Filter{}, 10)
	}
	var hy, hu, hf, ve, te, fi []time.Duration
	full := 0
	r := rand.New(rand.NewSource(3))
	auths, _ := db.Authorities(ctx)
	for _, q := range qs {
		sq, _, err := svc.Query(ctx, q, letters.Filter{})
		if err != nil {
			return row, nil, err
		}
		t := time.Now()
		if _, err := svc.Search(ctx, q, letters.Filter{}, 10); err != nil {
			return row, nil, err
		}
		d := time.Since(t)
		hy = append(hy, d)
		if sq.Filter.IsZero() {
			hu = append(hu, d)
		} else {
			hf = append(hf, d)
		}
		pq := rag.Parse(q, nil, nil)
		vec, _ := emb.EmbedQuery(ctx, pq.EmbedText())
		t = time.Now()
		// the question's words too: without a vector index the vector arm
		// ranks the paragraphs they find (with HNSW they are not used)
		if _, err := db.Search(ctx, letters.SearchQuery{Vector: vec, Any: pq.SearchTerms(), K: 10, Arms: "vector"}); err != nil {
			return row, nil, err
		}
		ve = append(ve, time.Since(t))
		t = time.Now()
		if _, err := db.Search(ctx, letters.SearchQuery{Any: pq.SearchTerms(), K: 10, Arms: "text"}); err != nil {
			return row, nil, err
		}
		te = append(te, time.Since(t))
		if len(auths) > 0 {
			from := time.Date(2018+r.Intn(5), 1, 1, 0, 0, 0, 0, time.UTC)
			to := from.AddDate(3, 0, 0)
			f := letters.Filter{Authorities: []string{auths[r.Intn(len(auths))]}, From: &from, To: &to}
			t = time.Now()
			ps, err := db.Search(ctx, letters.SearchQuery{Vector: vec, Any: pq.SearchTerms(), K: 10, Arms: "vector", Filter: f})
			if err != nil {
				return row, nil, err
			}
			fi = append(fi, time.Since(t))
			admitted, err := db.FilteredParagraphs(ctx, f)
			if err != nil {
				return row, nil, err
			}
			if len(ps) == int(min(10, admitted)) {
				full++
			}
		}
	}
	row.Hybrid, row.Vector, row.Text, row.Filtered = dist(hy), dist(ve), dist(te), dist(fi)
	row.HybridUnfiltered, row.HybridFiltered = dist(hu), dist(hf)
	if len(fi) > 0 {
		row.FilteredFull = float64(full) / float64(len(fi))
	}
	// recall@10 of the vector arm against exact search: HNSW at several
	// ef_search, or the exact ranking of the full-text candidates
	nr := 100
	if c.Quick {
		nr = 20
	}
	var sqs []letters.SearchQuery
	var qvecs [][]float32
	var qtexts []string // what the embedder embedded, for the sparse variants
	for _, q := range qs {
		if len(sqs) == nr {
			break
		}
		sq, _, err := svc.Query(ctx, q, letters.Filter{})
		if err != nil || hashembed.IsZero(sq.Vector) {
			continue
		}
		sqs, qvecs = append(sqs, sq), append(qvecs, sq.Vector)
		qtexts = append(qtexts, rag.Parse(q, nil, nil).EmbedText())
	}
	// recall (see recall) of the benchmark's questions, not stored vectors
	exacts := make([][]float64, len(qvecs))
	for i, v := range qvecs {
		if exacts[i], err = db.VectorNeighbours(ctx, v, 10, 0, true); err != nil {
			return row, nil, err
		}
	}
	if row.VectorIndex == store.VectorIndexHNSW {
		for _, ef := range []int{40, 100, 200, store.DefaultEFSearch} {
			approx := make([][]float64, len(qvecs))
			for vi, v := range qvecs {
				if approx[vi], err = db.VectorNeighbours(ctx, v, 10, ef, false); err != nil {
					return row, nil, err
				}
			}
			if r, ok := recall(exacts, approx); ok {
				row.Recall[ef] = r
			}
		}
	} else {
		approx := make([][]float64, len(sqs))
		for i, sq := range sqs {
			if approx[i], err = db.LexicalNeighbours(ctx, sq, 10); err != nil {
				return row, nil, err
			}
		}
		row.ArmRecall, _ = recall(exacts, approx)
	}
	if variants {
		vs, err := db.TryIndexVariants(ctx, qvecs)
		if err != nil {
			return row, nil, err
		}
		for _, v := range vs {
			r, _ := recall(exacts, v.Distances)
			row.Variants = append(row.Variants, IndexVariant{Name: v.Name, Build: v.Build, Recall: r, Query: dist(v.Times)})
		}
		// #18: the built-in embedding as sparsevec, with and without its
		// character trigrams (the dense vector has both)
		for _, tri := range []bool{false, true} {
			if tri && c.Quick {
				break // the slow one (BENCHMARKS.md)
			}
			name := "sparsevec, stems + bigrams"
			if tri {
				name += " + character trigrams (as the halfvec)"
			}
			sv, err := db.TrySparseIndex(ctx, name, hashembed.SparseDimension,
				func(t string) ([]int32, []float32) { return hashembed.Sparse(t, tri) }, qtexts)
			if err != nil {
				return row, nil, err
			}
			r, _ := recall(sv.Exact, sv.Distances)
			if !sv.UsesIndex {
				name += " (the planner did not use the index: figures are exact search)"
			}
			row.Sparse = append(row.Sparse, SparseVariant{IndexVariant: IndexVariant{Name: name, Build: sv.Build, Recall: r, Query: dist(sv.Times)},
				Load: sv.Load, MeanNonZero: sv.MeanNonZero, IndexBytes: sv.IndexBytes, DenseIndexBytes: sv.DenseIndexBytes,
				TableBytes: sv.TableBytes, DenseColumnBytes: sv.DenseColumnBytes, Skipped: sv.Skipped})
		}
	}
	// the plans of the first question without a filter and the first with
	// one, as the service runs them
	plans := map[string]string{}
	for _, q := range qs {
		sq, _, err := svc.Query(ctx, q, letters.Filter{})
		if err != nil {
			continue
		}
		kind := "question without a filter"
		if !sq.Filter.IsZero() {
			kind = "question with a filter"
		}
		if _, done := plans[kind]; done {
			continue
		}
		if plan, err := db.ExplainSearch(ctx, sq); err == nil && plan != "" {
			plans[kind] = q + "\n\n" + plan
		}
		if len(plans) == 2 {
			break
		}
	}
	return row, plans, nil
}

// http serves the five sample letters with `letters serve` (a separate
// process, so its memory is its own) and loads /api/ask, then a mixed soak.
func (c *Config) http(ctx context.Context, r *Report) error {
	name := "letters_bench_http"
	if err := createDatabase(ctx, c.AdminURL, name); err != nil {
		return err
	}
	defer dropDatabase(context.WithoutCancel(ctx), c.AdminURL, name)
	dbURL := c.dbURL(name)
	cmd := exec.CommandContext(ctx, c.Bin, "ingest", c.Samples)
	cmd.Env = c.env(dbURL)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("ingest samples: %v\n%s", err, out)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	addr := l.Addr().String()
	l.Close()
	srv := exec.CommandContext(ctx, c.Bin, "serve", "--addr", addr, "--rate-limit", "0", "--ip-rate-limit", "0", "--log-level", "warn")
	srv.Env = c.env(dbURL)
	if err := srv.Start(); err != nil {
		return err
	}
	defer func() { srv.Process.Signal(syscall.SIGTERM); srv.Wait() }()
	base := "http://" + addr
	for i := 0; ; i++ {
		resp, err := http.Get(base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				break
			}
		}
		if i > 100 {
			return fmt.Errorf("server did not become ready")
		}
		time.Sleep(100 * time.Millisecond)
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}, Timeout: 30 * time.Second}
	qs := c.queries(ctx, "", 40)
	var asks []Request
	for _, q := range qs {
		b, _ := json.Marshal(map[string]string{"question": q})
		asks = append(asks, PostJSON(base+"/api/ask", string(b)))
	}
	d := 10 * time.Second
	if c.Quick {
		d = 2 * time.Second
	}
	Load(ctx, client, 4, time.Second, asks) // warm up
	for _, conc := range []int{1, 8, 32} {
		res := Load(ctx, client, conc, d, asks)
		rss := procRSS(srv.Process.Pid)
		r.HTTP = append(r.HTTP, HTTPRow{LoadResult: res, RSSMB: rss})
	}
	// mixed soak: ask, chat streams, search, documents
	var mix []Request
	for i, q := range qs {
		b, _ := json.Marshal(map[string]string{"question": q})
		switch i % 5 {
		case 0, 1:
			mix = append(mix, PostJSON(base+"/api/ask", string(b)))
		case 2:
			mix = append(mix, PostJSON(base+"/api/chat", string(b)))
		case 3:
			mix = append(mix, Get(base+"/api/search?q="+url.QueryEscape(q)))
		case 4:
			mix = append(mix, Get(base+"/api/documents"))
		}
	}
	soak := 60 * time.Second
	if c.Quick {
		soak = 3 * time.Second
	}
	g0, m0, _ := ServerStats(ctx, base)
	res := Load(ctx, client, 32, soak, mix)
	client.CloseIdleConnections()
	time.Sleep(2 * time.Second)
	g1, m1, _ := ServerStats(ctx, base)
	r.Soak = &SoakRow{LoadResult: res, GoroutinesBefore: g0, GoroutinesAfter: g1, RSSBeforeMB: m0 / 1e6, RSSAfterMB: m1 / 1e6}
	return nil
}

// procRSS reads a process's resident memory in MB.
func procRSS(pid int) float64 {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "VmRSS:") {
			var kb float64
			fmt.Sscan(strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(sc.Text(), "VmRSS:"), "kB")), &kb)
			return kb / 1024
		}
	}
	return 0
}
