package rag

import (
	"context"
	"fmt"
	"log/slog"
	"testing"

	"github.com/letters-app/letters"
)

// countStore answers TermCounts with a made-up frequency per word and
// counts the words it was asked about.
type countStore struct {
	asked int
}

func (c *countStore) Search(context.Context, letters.SearchQuery) ([]letters.Passage, error) {
	return nil, nil
}
func (c *countStore) Glossary(context.Context) ([]letters.GlossaryEntry, error) { return nil, nil }
func (c *countStore) LatestDocuments(context.Context, letters.Filter) ([]int64, error) {
	return nil, nil
}
func (c *countStore) FrontMatter(context.Context, []int64) ([]letters.Passage, error) {
	return nil, nil
}
func (c *countStore) Authorities(context.Context) ([]string, error)      { return nil, nil }
func (c *countStore) CorpusVersion(context.Context) (string, int, error) { return "v1", 10, nil }
func (c *countStore) TermCounts(_ context.Context, words []string) (map[string]int, int, error) {
	c.asked += len(words)
	m := make(map[string]int, len(words))
	for _, w := range words {
		m[w] = len(w) * 7 % 11
	}
	return m, 1000, nil
}

// TestDFCacheBounded: asking about many distinct words keeps the service's
// document-frequency cache under dfEntries, and the statistics are the
// same with a cache that evicts on every question as with one that never
// does.
func TestDFCacheBounded(t *testing.T) {
	ctx := context.Background()
	s := NewService(&countStore{}, nil, "hash", Config{}, slog.New(slog.DiscardHandler))
	_, version, err := s.info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	question := func(i int) Query {
		return Query{Terms: []Term{{Phrases: []string{fmt.Sprintf("Word%d", i), "inspection", fmt.Sprintf("w%d", i%50)}}}}
	}
	for i := 0; i < dfEntries+500; i++ {
		if _, err := s.termStats(ctx, question(i), version); err != nil {
			t.Fatal(err)
		}
	}
	if got := s.dfCache.Len(); got > dfEntries {
		t.Errorf("%d cached word counts after %d distinct words, more than %d", got, dfEntries+500, dfEntries)
	}

	tests := []struct {
		name string
		max  int
	}{{"evicting", 2}, {"not evicting", 1 << 20}}
	got := map[string][]TermStats{}
	for _, tt := range tests {
		small := NewService(&countStore{}, nil, "hash", Config{}, slog.New(slog.DiscardHandler))
		if _, version, err = small.info(ctx); err != nil {
			t.Fatal(err)
		}
		small.dfCache = newDFCache(tt.max)
		for i := 0; i < 300; i++ {
			st, err := small.termStats(ctx, question(i%120), version)
			if err != nil {
				t.Fatal(err)
			}
			got[tt.name] = append(got[tt.name], st)
		}
		if n := small.dfCache.Len(); n > tt.max {
			t.Errorf("%s: %d cached, more than %d", tt.name, n, tt.max)
		}
	}
	a, b := got["evicting"], got["not evicting"]
	for i := range a {
		if fmt.Sprint(a[i]) != fmt.Sprint(b[i]) {
			t.Fatalf("question %d: stats %v with eviction, %v without", i, a[i], b[i])
		}
	}
}
