package store_test

import (
	"context"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/letters-app/letters"
	"github.com/letters-app/letters/internal/store"
	"github.com/letters-app/letters/internal/testdb"
)

// lexicalDoc has three paragraphs: two that share the word "turnover" with
// the question below, at different vector distances from it, and one that
// is the question's nearest vector but shares none of its words.
func lexicalDoc() letters.NewDocument {
	d := doc("lexical.txt")
	d.Paragraphs = []letters.Paragraph{
		{Ordinal: 1, Label: "¶1", Text: "Social worker turnover remains high."},
		{Ordinal: 2, Label: "¶2", Text: "Turnover of managers has slowed."},
		{Ordinal: 3, Label: "¶3", Text: "The front door is effective."},
	}
	d.Vectors = [][]float32{{0.9, 0.1, 0}, {0.5, 0.5, 0}, {1, 0, 0}}
	return d
}

// TestVectorIndexNone: with no vector index (the built-in embedder's
// default), no HNSW graph is built by SetEmbedder or a bulk load, one built
// before is dropped (the rows stay), nothing reports it missing, and the
// vector arm ranks exactly, by distance, the paragraphs the full-text arm
// finds: the nearest vector that shares no searched word is not among
// them. An unknown kind is refused at Open.
func TestVectorIndexNone(t *testing.T) {
	ctx := context.Background()
	url := testdb.New(t)
	// a corpus built with HNSW, then opened without a vector index
	hnsw := open(t, url, store.Options{})
	if err := hnsw.SetEmbedder(ctx, "test", 3, false); err != nil {
		t.Fatal(err)
	}
	if _, err := hnsw.ReplaceDocument(ctx, lexicalDoc()); err != nil {
		t.Fatal(err)
	}
	if got, want := searchIndexes(t, url), []string{"paragraphs_embedding_hnsw", "paragraphs_tsv"}; !slices.Equal(got, want) {
		t.Fatalf("with hnsw: indexes %v, want %v", got, want)
	}
	q := letters.SearchQuery{Vector: []float32{1, 0, 0}, Any: []letters.SearchTerm{{"turnover"}}, K: 5, Arms: "vector"}
	labels := func(ps []letters.Passage, err error) []string {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, p := range ps {
			out = append(out, p.Label)
		}
		return out
	}
	// through the graph the arm reaches the nearest vector, which shares no word
	if got, want := labels(hnsw.Search(ctx, q)), []string{"¶3", "¶1", "¶2"}; !slices.Equal(got, want) {
		t.Errorf("vector arm through HNSW: %v, want %v", got, want)
	}

	db := open(t, url, store.Options{VectorIndex: store.VectorIndexNone})
	if err := db.SetEmbedder(ctx, "test", 3, false); err != nil { // what every ingest runs first
		t.Fatal(err)
	}
	if got, want := searchIndexes(t, url), []string{"paragraphs_tsv"}; !slices.Equal(got, want) {
		t.Errorf("without a vector index: indexes %v, want %v", got, want)
	}
	if m, err := db.MissingSearchIndexes(ctx); err != nil || len(m) != 0 {
		t.Errorf("missing indexes %v, %v; want none", m, err)
	}
	tests := []struct {
		name string
		q    letters.SearchQuery
		want []string
	}{
		{"selective terms", q, []string{"¶1", "¶2"}},
		{"the two rarest terms", letters.SearchQuery{Vector: q.Vector, All: []letters.SearchTerm{{"turnover"}, {"high"}}, K: 5, Arms: "vector"}, []string{"¶1"}},
		// every word too common for the full-text arm: the rarest ones still find candidates
		{"common words only", letters.SearchQuery{Vector: q.Vector, Near: []letters.SearchTerm{{"turnover"}}, K: 5, Arms: "vector"}, []string{"¶1", "¶2"}},
		// the selective words are in no paragraph: the rarest words the
		// corpus has find the candidates, not an exact scan of every paragraph
		{"selective words in no paragraph", letters.SearchQuery{Vector: q.Vector, Any: []letters.SearchTerm{{"principal"}}, All: []letters.SearchTerm{{"principal"}, {"turnover"}},
			Near: []letters.SearchTerm{{"turnover"}}, K: 5, Arms: "vector"}, []string{"¶1", "¶2"}},
		// no paragraph has both of the rarest words: those with either
		{"rarest words apart", letters.SearchQuery{Vector: q.Vector, Any: []letters.SearchTerm{{"principal"}},
			Near: []letters.SearchTerm{{"managers"}, {"high"}}, K: 5, Arms: "vector"}, []string{"¶1", "¶2"}},
		// while the selective words find paragraphs, the rarest ones add none
		{"selective words found", letters.SearchQuery{Vector: q.Vector, Any: []letters.SearchTerm{{"managers"}}, Near: []letters.SearchTerm{{"turnover"}}, K: 5, Arms: "vector"}, []string{"¶2"}},
		// no word of the question in any paragraph: the nearest by an exact scan
		{"no words", letters.SearchQuery{Vector: q.Vector, K: 5, Arms: "vector"}, []string{"¶3", "¶1", "¶2"}},
		{"words in no paragraph", letters.SearchQuery{Vector: q.Vector, Any: []letters.SearchTerm{{"weather"}}, K: 2}, []string{"¶3", "¶1"}},
		// no word in any paragraph, but one begins as a paragraph's word does
		// ("turnaround", "turnover"): those paragraphs, not an exact scan
		{"a word's beginning", letters.SearchQuery{Vector: q.Vector, Any: []letters.SearchTerm{{"turnaround"}, {"weather"}}, K: 5}, []string{"¶1", "¶2"}},
		// no word shares its first four letters, one its first three
		// ("manx", "managers"): that paragraph, not an exact scan
		{"a word's first three letters", letters.SearchQuery{Vector: q.Vector, Any: []letters.SearchTerm{{"manx"}}, K: 5}, []string{"¶2"}},
	}
	for _, tt := range tests {
		if got := labels(db.Search(ctx, tt.q)); !slices.Equal(got, tt.want) {
			t.Errorf("%s: vector arm without an index: %v, want %v (the full-text candidates by distance)", tt.name, got, tt.want)
		}
	}

	// a bulk load builds the full-text side only
	if err := db.DropSearchIndexes(ctx); err != nil {
		t.Fatal(err)
	}
	if err := db.EnsureSearchIndexes(ctx); err != nil {
		t.Fatal(err)
	}
	if got, want := searchIndexes(t, url), []string{"paragraphs_tsv"}; !slices.Equal(got, want) {
		t.Errorf("after a bulk load: indexes %v, want %v", got, want)
	}
	if n, err := db.FilteredParagraphs(ctx, letters.Filter{}); err != nil || n != 3 {
		t.Errorf("paragraphs with an embedding: %d, %v; want 3 kept", n, err)
	}

	if _, err := store.Open(ctx, url, store.Options{VectorIndex: "ivf"}); !errors.Is(err, letters.ErrInvalid) {
		t.Errorf("Open with vector index %q: %v, want ErrInvalid", "ivf", err)
	}
}

// TestTrySparseIndex: the benchmark's sparsevec variant stores each
// embedded paragraph's sparse vector, finds through its HNSW index the
// same neighbours as exact search (three paragraphs: the graph is exact),
// nearest first, and leaves no scratch table behind.
func TestTrySparseIndex(t *testing.T) {
	ctx := context.Background()
	url := testdb.New(t)
	db := open(t, url, store.Options{})
	if err := db.SetEmbedder(ctx, "test", 3, false); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ReplaceDocument(ctx, lexicalDoc()); err != nil {
		t.Fatal(err)
	}
	// one index per distinct word, value 1 (normalised by pgvector's cosine)
	words := map[string]int32{}
	embed := func(text string) ([]int32, []float32) {
		var idx []int32
		for _, w := range strings.Fields(strings.ToLower(strings.Trim(text, "."))) {
			if _, ok := words[w]; !ok {
				words[w] = int32(len(words))
			}
			if !slices.Contains(idx, words[w]) {
				idx = append(idx, words[w])
			}
		}
		slices.Sort(idx)
		val := make([]float32, len(idx))
		for i := range val {
			val[i] = 1
		}
		return idx, val
	}
	sv, err := db.TrySparseIndex(ctx, "words", 1000, embed, []string{"social worker turnover", "front door"})
	if err != nil {
		t.Fatal(err)
	}
	if !sv.UsesIndex {
		t.Error("the approximate queries do not scan the sparse HNSW index")
	}
	if sv.Skipped != 0 || sv.MeanNonZero < 4 || sv.IndexBytes == 0 {
		t.Errorf("skipped %d, mean non-zero %.1f, index %d bytes: want 0, ≥ 4, > 0", sv.Skipped, sv.MeanNonZero, sv.IndexBytes)
	}
	if len(sv.Exact) != 2 || len(sv.Distances) != 2 {
		t.Fatalf("%d exact and %d indexed results, want 2 each", len(sv.Exact), len(sv.Distances))
	}
	for i := range sv.Exact {
		if !slices.Equal(sv.Exact[i], sv.Distances[i]) || len(sv.Exact[i]) != 3 || !slices.IsSorted(sv.Exact[i]) {
			t.Errorf("query %d: exact %v, through the index %v: want the same 3 distances, nearest first", i, sv.Exact[i], sv.Distances[i])
		}
	}
	// "social worker turnover" is three of ¶1's five words: cosine 3/√(3·5)
	if got, want := sv.Exact[0][0], 1-3/math.Sqrt(15); math.Abs(got-want) > 1e-6 {
		t.Errorf("nearest distance %.6f, want %.6f", got, want)
	}
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var left *string
	if err := conn.QueryRow(ctx, `SELECT to_regclass('bench_sparse')::text`).Scan(&left); err != nil || left != nil {
		t.Errorf("scratch table after the run: %v (%v), want none", left, err)
	}
}

// TestVectorIndexFor: auto is no graph for the built-in embedder, at any
// size, and the graph for a model's embeddings; the other kinds stay as
// they are; Open refuses an auto not resolved.
func TestVectorIndexFor(t *testing.T) {
	tests := []struct{ kind, embedder, want string }{
		{store.VectorIndexAuto, "hash", store.VectorIndexNone},
		{store.VectorIndexAuto, "", store.VectorIndexNone},
		{store.VectorIndexAuto, "ollama", store.VectorIndexHNSW},
		{store.VectorIndexAuto, "openai", store.VectorIndexHNSW},
		{store.VectorIndexHNSW, "hash", store.VectorIndexHNSW},
		{store.VectorIndexNone, "ollama", store.VectorIndexNone},
	}
	for _, tt := range tests {
		if got := store.VectorIndexFor(tt.kind, tt.embedder); got != tt.want {
			t.Errorf("VectorIndexFor(%q, %q) = %q, want %q", tt.kind, tt.embedder, got, tt.want)
		}
	}
	if _, err := store.Open(context.Background(), testdb.New(t), store.Options{VectorIndex: store.VectorIndexAuto}); !errors.Is(err, letters.ErrInvalid) {
		t.Errorf("Open with auto: err = %v, want ErrInvalid", err)
	}
}

// TestPrefixesKeepStopwords: the beginnings of a question's words are read
// as written, not stemmed nor dropped as stopwords: "overall" begins as
// "oversight" does, though "over" is an English stopword.
func TestPrefixesKeepStopwords(t *testing.T) {
	ctx := context.Background()
	url := testdb.New(t)
	db := open(t, url, store.Options{VectorIndex: store.VectorIndexNone})
	if err := db.SetEmbedder(ctx, "test", 3, false); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ReplaceDocument(ctx, lexicalDoc()); err != nil {
		t.Fatal(err)
	}
	over := doc("over.txt")
	over.Paragraphs = []letters.Paragraph{{Ordinal: 1, Label: "¶1", Text: "Management oversight is weak."}}
	over.Vectors = [][]float32{{0, 0, 1}}
	if _, err := db.ReplaceDocument(ctx, over); err != nil {
		t.Fatal(err)
	}
	ps, err := db.Search(ctx, letters.SearchQuery{Vector: []float32{1, 0, 0}, Any: []letters.SearchTerm{{"overall"}}, K: 1, Arms: "vector"})
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 1 || ps[0].Document.SourceName != "over.txt" {
		t.Errorf("search for %q: %v, want over.txt ¶1 (its word begins the same), not the nearest vector of all", "overall", ps)
	}
}
