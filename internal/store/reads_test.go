package store_test

import (
	"context"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/letters-app/letters"

	"github.com/letters-app/letters/internal/store"
	"github.com/letters-app/letters/internal/testdb"
)

// corpus stores two documents: a.txt (¶1 embedded, ¶2 not, glossary
// RBC and LA) and b.txt (both embedded, glossary LA again).
func corpus(t *testing.T) (*store.DB, int64, int64) {
	t.Helper()
	ctx := context.Background()
	db := open(t, testdb.New(t), store.Options{})
	if err := db.SetEmbedder(ctx, "test", 3, false); err != nil {
		t.Fatal(err)
	}
	a := doc("a.txt")
	date := time.Date(2025, 3, 4, 0, 0, 0, 0, time.UTC)
	a.Doc.LetterDate = &date
	a.Glossary = []letters.GlossaryEntry{{Acronym: "RBC", Expansion: "Responsible Body Contact"}, {Acronym: "LA", Expansion: "local authority"}}
	aid, err := db.ReplaceDocument(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	b := doc("b.txt")
	b.Vectors = [][]float32{{0, 1, 0}, {0, 0, 1}}
	b.Glossary = []letters.GlossaryEntry{{Acronym: "LA", Expansion: "local authority"}}
	bid, err := db.ReplaceDocument(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	return db, aid, bid
}

func TestDocumentReads(t *testing.T) {
	ctx := context.Background()
	db, aid, bid := corpus(t)

	docs, err := db.Documents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, d := range docs {
		names = append(names, d.SourceName)
	}
	// dated first (newest letter first), then undated by id
	if got, want := strings.Join(names, " "), "a.txt b.txt"; got != want {
		t.Errorf("documents %q, want %q", got, want)
	}
	if docs[0].Paragraphs != 2 || docs[0].ID != aid || docs[0].FutureDated {
		t.Errorf("documents[0] = %+v, want a.txt (id %d) with 2 paragraphs, not future-dated", docs[0], aid)
	}

	d, ps, err := db.Document(ctx, aid)
	if err != nil {
		t.Fatal(err)
	}
	if d.Body != "a\n\nb" || len(ps) != 2 || ps[0].Label != "¶1" || ps[1].Text != "b" || ps[0].Key != d.Slug+"#¶1" {
		t.Errorf("document %d = %q with %+v", aid, d.Body, ps)
	}
	if _, _, err := db.Document(ctx, 99999); !errors.Is(err, letters.ErrNotFound) {
		t.Errorf("unknown document: err = %v, want ErrNotFound", err)
	}

	p, err := db.Paragraph(ctx, ps[1].ID)
	if err != nil {
		t.Fatal(err)
	}
	if p.Label != "¶2" || p.Text != "b" || p.Document.ID != aid || p.Document.SourceName != "a.txt" || p.Document.Date != "2025-03-04" || p.Key != d.Slug+"#¶2" {
		t.Errorf("paragraph = %+v", p)
	}
	if _, err := db.Paragraph(ctx, 99999); !errors.Is(err, letters.ErrNotFound) {
		t.Errorf("unknown paragraph: err = %v, want ErrNotFound", err)
	}

	byKey, err := db.ParagraphsByKey(ctx, []string{d.Slug + "#¶1", "gone#¶9"})
	if err != nil {
		t.Fatal(err)
	}
	if len(byKey) != 1 || byKey[d.Slug+"#¶1"].Text != "a" {
		t.Errorf("paragraphs by key = %+v, want only %s#¶1", byKey, d.Slug)
	}
	if m, err := db.ParagraphsByKey(ctx, nil); err != nil || len(m) != 0 {
		t.Errorf("no keys: %v, %v", m, err)
	}

	for _, tt := range []struct {
		name         string
		slug, source string
		want         int64
		wantNotFound bool
	}{
		{"by slug", "2026-01-01-test-b.txt", "", bid, false},
		{"by file name", "gone-slug", "a.txt", aid, false},
		{"slug wins over file name", "2026-01-01-test-b.txt", "a.txt", bid, false},
		{"neither", "gone", "gone.txt", 0, true},
	} {
		id, err := db.CurrentDocument(ctx, tt.slug, tt.source)
		if tt.wantNotFound {
			if !errors.Is(err, letters.ErrNotFound) {
				t.Errorf("current document %s: %d, %v; want ErrNotFound", tt.name, id, err)
			}
		} else if err != nil || id != tt.want {
			t.Errorf("current document %s: %d, %v; want %d", tt.name, id, err, tt.want)
		}
	}
	if id, err := db.DocumentIDBySource(ctx, "b.txt"); err != nil || id != bid {
		t.Errorf("document by source b.txt = %d, %v; want %d", id, err, bid)
	}
	if _, err := db.DocumentIDBySource(ctx, "none.txt"); !errors.Is(err, letters.ErrNotFound) {
		t.Errorf("document by unknown source: %v, want ErrNotFound", err)
	}
	for _, tt := range []struct {
		source string
		want   []string
	}{
		{"a.txt", []string{"a", "b"}},
		{"none.txt", nil},
	} {
		if got, err := db.SourceParagraphs(ctx, tt.source); err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("source paragraphs %s = %q, %v; want %q", tt.source, got, err, tt.want)
		}
	}

	g, err := db.Glossary(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []letters.GlossaryEntry{{Acronym: "LA", Expansion: "local authority"}, {Acronym: "RBC", Expansion: "Responsible Body Contact"}}
	if !slices.Equal(g, want) {
		t.Errorf("glossary = %+v, want %+v", g, want)
	}

	v, n, err := db.CorpusVersion(ctx)
	if err != nil || n != 2 || !strings.HasPrefix(v, "2@") || len(v) <= 2 {
		t.Errorf("corpus version = %q, %d, %v; want 2@<time>", v, n, err)
	}
}

func TestReembedding(t *testing.T) {
	ctx := context.Background()
	db, _, _ := corpus(t)
	if n, err := db.MissingEmbeddings(ctx); err != nil || n != 1 {
		t.Errorf("missing embeddings = %d, %v; want 1 (a.txt ¶2)", n, err)
	}
	ids, texts, err := db.ParagraphTexts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(texts, ""); len(ids) != 4 || got != "abab" || !slices.IsSorted(ids) {
		t.Fatalf("paragraph texts %v %q, want 4 in id order", ids, got)
	}
	vecs := [][]float32{{1, 0, 0}, {1, 1, 0}, {0, 1, 0}, {0, 0, 1}}
	if err := db.SetEmbeddings(ctx, ids, vecs); err != nil {
		t.Fatal(err)
	}
	if n, err := db.MissingEmbeddings(ctx); err != nil || n != 0 {
		t.Errorf("missing embeddings after SetEmbeddings = %d, %v; want 0", n, err)
	}
	// [1 1 0] is now stored: its distance to the query [1 1 0] is 0
	ds, err := db.VectorNeighbours(ctx, []float32{1, 1, 0}, 2, 40, false)
	if err != nil || len(ds) != 2 || math.Abs(ds[0]) > 1e-3 {
		t.Errorf("neighbours = %v, %v; want 2, the first at distance 0", ds, err)
	}
	if err := db.SetEmbeddings(ctx, ids[:1], [][]float32{nil}); err != nil {
		t.Fatal(err)
	}
	if n, _ := db.MissingEmbeddings(ctx); n != 1 {
		t.Errorf("missing embeddings after clearing one = %d, want 1", n)
	}
}

func TestSearchIndexes(t *testing.T) {
	ctx := context.Background()
	db, _, _ := corpus(t)
	missing := func() string {
		t.Helper()
		m, err := db.MissingSearchIndexes(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return strings.Join(m, " ")
	}
	if got := missing(); got != "" {
		t.Errorf("missing indexes on a fresh corpus: %q", got)
	}
	if err := db.DropSearchIndexes(ctx); err != nil {
		t.Fatal(err)
	}
	if got, want := missing(), "paragraphs_tsv paragraphs_embedding_hnsw"; got != want {
		t.Errorf("missing after drop = %q, want %q", got, want)
	}
	if err := db.EnsureSearchIndexes(ctx); err != nil {
		t.Fatal(err)
	}
	if got := missing(); got != "" {
		t.Errorf("missing after ensure = %q", got)
	}
}

func TestBenchHelpers(t *testing.T) {
	ctx := context.Background()
	db, _, _ := corpus(t)
	for _, tt := range []struct {
		name string
		get  func() (string, error)
		want func(string) bool
	}{
		{"ef_search set on connect", func() (string, error) { return db.Setting(ctx, "hnsw.ef_search") }, func(s string) bool { return s == "400" }},
		{"pgvector installed", func() (string, error) { return db.ExtensionVersion(ctx, "vector") }, func(s string) bool { return strings.Count(s, ".") >= 1 }},
	} {
		if got, err := tt.get(); err != nil || !tt.want(got) {
			t.Errorf("%s: %q, %v", tt.name, got, err)
		}
	}
	if _, err := db.ExtensionVersion(ctx, "no_such_extension"); !errors.Is(err, letters.ErrNotFound) {
		t.Errorf("unknown extension: %v, want ErrNotFound", err)
	}
	if _, err := db.Setting(ctx, "no.such_setting"); err == nil || errors.Is(err, letters.ErrUnavailable) {
		t.Errorf("unknown setting: %v, want a plain error", err)
	}
	// langchaingo's tables do not exist here: a plain error, not an outage
	if _, err := db.ExplainLangchaingoSearch(ctx, []float32{1, 0, 0}, 3); err == nil || errors.Is(err, letters.ErrUnavailable) {
		t.Errorf("explain without langchaingo's tables: %v, want a plain error", err)
	}
	if _, _, err := db.SampleEmbeddingsLC(ctx, 2); err == nil || errors.Is(err, letters.ErrUnavailable) {
		t.Errorf("sample without langchaingo's tables: %v, want a plain error", err)
	}
	vs, err := db.TryIndexVariants(ctx, [][]float32{{0, 1, 0}})
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 8 {
		t.Fatalf("%d index variants, want 8", len(vs))
	}
	for _, v := range vs {
		if len(v.Times) != 1 {
			t.Errorf("%s: %d query times, want 1", v.Name, len(v.Times))
		}
		// b.txt ¶1 is [0 1 0]: every variant finds it at distance 0 first
		// (IVFFlat, with more lists than rows, reads only the probed ones)
		want := 3
		if strings.HasPrefix(v.Name, "IVFFlat") {
			want = 1
		}
		if len(v.Distances) != 1 || len(v.Distances[0]) < want || math.Abs(v.Distances[0][0]) > 1e-3 {
			t.Errorf("%s: distances %v, want at least %d with the first 0", v.Name, v.Distances, want)
		}
	}
	if m, err := db.MissingSearchIndexes(ctx); err != nil || len(m) != 0 {
		t.Errorf("after the variants, missing indexes %v (%v): the configured one must be back", m, err)
	}
}

func TestPrune(t *testing.T) {
	ctx := context.Background()
	db, _, _ := corpus(t)
	for _, tt := range []struct {
		name       string
		remove     []string
		want       []string
		docs, pars int
	}{
		{"nothing", nil, nil, 2, 4},
		{"unknown path", []string{"/x/none.txt"}, nil, 2, 4},
		{"a file name is not a path", []string{"a.txt"}, nil, 2, 4},
		{"one of two", []string{"/x/a.txt", "/x/none.txt"}, []string{"/x/a.txt"}, 1, 2},
		{"again", []string{"/x/a.txt"}, nil, 1, 2},
		{"the other", []string{"/x/b.txt"}, []string{"/x/b.txt"}, 0, 0},
	} {
		got, err := db.Prune(ctx, tt.remove)
		if err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("%s: pruned %q, %v; want %q", tt.name, got, err, tt.want)
		}
		if d, p, err := db.Counts(ctx); err != nil || d != tt.docs || p != tt.pars {
			t.Errorf("%s: %d documents, %d paragraphs (%v); want %d, %d", tt.name, d, p, err, tt.docs, tt.pars)
		}
	}
	// both are kept as removed until gc; re-ingesting a.txt brings its id back
	if docs, err := db.Documents(ctx); err != nil || len(docs) != 0 {
		t.Errorf("documents after pruning all: %+v, %v", docs, err)
	}
}

func TestUserNameRequired(t *testing.T) {
	ctx := context.Background()
	db := open(t, testdb.New(t), store.Options{})
	for _, tt := range []struct {
		name string
		call func() error
	}{
		{"user data", func() error { _, err := db.UserData(ctx, ""); return err }},
		{"erase", func() error { _, err := db.EraseUser(ctx, ""); return err }},
	} {
		if err := tt.call(); !errors.Is(err, letters.ErrInvalid) {
			t.Errorf("%s without a user: %v, want ErrInvalid", tt.name, err)
		}
	}
	if d, err := db.UserData(ctx, "nobody"); err != nil || d != (store.Deleted{}) {
		t.Errorf("user data of nobody = %+v, %v; want all zero", d, err)
	}
}
