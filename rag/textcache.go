package rag

import (
	"strings"
	"sync"

	"github.com/letters-app/letters/internal/lru"
)

// textCache keeps what the extractive answerer computes about a text (its
// stems, the kinds of answer it contains) across requests: the same
// paragraphs come back for many questions, and analysing their sentences
// was most of a request's CPU (BENCHMARKS.md). It holds at most max entries
// and starts again when full. A nil cache computes without keeping.
type textCache[V any] struct {
	mu  sync.RWMutex
	m   map[string]V
	max int
}

func newTextCache[V any](max int) *textCache[V] {
	return &textCache[V]{m: make(map[string]V), max: max}
}

// get returns the value for text, computing and keeping it if needed.
func (c *textCache[V]) get(text string, compute func(string) V) V {
	if c == nil {
		return compute(text)
	}
	c.mu.RLock()
	v, ok := c.m[text]
	c.mu.RUnlock()
	if ok {
		return v
	}
	v = compute(text)
	c.mu.Lock()
	if len(c.m) >= c.max {
		c.m = make(map[string]V, c.max)
	}
	c.m[strings.Clone(text)] = v // not a slice of a larger string kept alive
	c.mu.Unlock()
	return v
}

// answerKinds says which kinds of answer a sentence contains.
type answerKinds struct{ name, date, number bool }

func kindsOf(sent string) answerKinds {
	// names: ignore the sentence's first word, which is capitalised anyway
	rest := sent
	if i := strings.IndexByte(sent, ' '); i > 0 {
		rest = sent[i+1:]
	}
	return answerKinds{name: reName.MatchString(rest), date: reDateLike.MatchString(sent), number: reNumber.MatchString(sent)}
}

// analysis holds the service's text caches.
type analysis struct {
	stems *textCache[textStems]
	kinds *textCache[answerKinds]
}

// analysisEntries bounds each cache: 20,000 texts (about 20 MB of stems).
const analysisEntries = 20000

func newAnalysis() *analysis {
	return &analysis{stems: newTextCache[textStems](analysisEntries), kinds: newTextCache[answerKinds](analysisEntries)}
}

// dfEntries bounds the service's cache of document frequencies: each new
// word a user asks about adds one, so without a bound it grows until the
// corpus changes. Least recently used words go first.
const dfEntries = 10000

func newDFCache(max int) *lru.Cache[string, int] { return lru.New[string, int](max) }
