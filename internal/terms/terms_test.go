package terms

import (
	"fmt"
	"testing"

	"github.com/letters-app/letters/internal/lru"
)

// TestStemCacheBounded: stemming many distinct words keeps the cache under
// its bound, and a word stems the same whether its stem was cached, evicted
// or never cached.
func TestStemCacheBounded(t *testing.T) {
	tests := []struct {
		name  string
		max   int
		words int
	}{
		{"eviction on every word", 1, 2000},
		{"small cache", 64, 5000},
		{"no eviction", 100000, 5000},
	}
	base := []string{"inspections", "inspected", "children", "services", "leadership", "improving", "caseloads", "2023", "an"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := lru.New[string, string](tt.max)
			for i := 0; i < tt.words; i++ {
				for _, w := range []string{base[i%len(base)], fmt.Sprintf("%sword%ds", base[i%len(base)], i)} {
					for pass := 0; pass < 2; pass++ { // computed, then (if kept) cached
						if got, want := stemWith(c, w), stem(w); got != want {
							t.Fatalf("stemWith(%q) = %q, want %q", w, got, want)
						}
					}
				}
				if got := c.Len(); got > tt.max {
					t.Fatalf("after %d words: %d cached stems, more than %d", i+1, got, tt.max)
				}
			}
		})
	}
}

// TestStemUsesBoundedCache: the package's own cache stays under stemEntries
// after more distinct words than that.
func TestStemUsesBoundedCache(t *testing.T) {
	for i := 0; i < stemEntries+1000; i++ {
		Stem(fmt.Sprintf("typo%dword", i))
	}
	if got := stems.Len(); got > stemEntries {
		t.Errorf("%d cached stems, more than %d", got, stemEntries)
	}
}

// TestFramingWordsAreQuestionWords: the words that ask for a short answer
// ("in a nutshell", "briefly", "an overview") shape the question; they are
// not its topic, and no letter uses them.
func TestFramingWordsAreQuestionWords(t *testing.T) {
	for w, want := range map[string]bool{"nutshell": true, "briefly": true, "overview": true, "say": true, "caseloads": false, "brief": false} {
		if got := IsQuestionWord(w); got != want {
			t.Errorf("IsQuestionWord(%q) = %v, want %v", w, got, want)
		}
	}
}
