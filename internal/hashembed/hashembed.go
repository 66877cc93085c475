// Package hashembed is the built-in offline embedder: a deterministic
// feature-hashing embedder over stemmed words, word bigrams and character
// trigrams, with sublinear term weighting. It needs no model download and
// satisfies langchaingo's embeddings.Embedder.
package hashembed

import (
	"context"
	"errors"
	"math"
	"slices"
	"strconv"

	"github.com/tmc/langchaingo/embeddings"

	"github.com/letters-app/letters/internal/terms"
)

var _ embeddings.Embedder = (*Embedder)(nil)

// DefaultDimension is the vector size used unless configured otherwise.
const DefaultDimension = 1024

// Embedder hashes text features into a fixed-size, L2-normalised vector.
// A text with no representable words yields the zero vector; callers store
// such paragraphs without an embedding (pgvector cannot index a zero vector
// under cosine distance).
type Embedder struct {
	dim int
}

// New returns an Embedder of the given dimension (1..2000; 0 means DefaultDimension).
func New(dim int) (*Embedder, error) {
	if dim == 0 {
		dim = DefaultDimension
	}
	if dim < 16 || dim > 2000 {
		return nil, errors.New("hashembed: dimension must be between 16 and 2000")
	}
	return &Embedder{dim: dim}, nil
}

// Name identifies the embedder and its parameters; stored with the corpus so
// that vectors from different embedders are never mixed.
func (e *Embedder) Name() string { return "hash-v1-" + strconv.Itoa(e.dim) }

// Dimension is the vector size.
func (e *Embedder) Dimension() int { return e.dim }

// EmbedDocuments embeds each text.
func (e *Embedder) EmbedDocuments(ctx context.Context, texts []string) ([][]float32, error) {
	out := make([][]float32, len(texts))
	for i, t := range texts {
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		out[i] = e.Vector(t)
	}
	return out, nil
}

// EmbedQuery embeds one text.
func (e *Embedder) EmbedQuery(ctx context.Context, text string) ([]float32, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return e.Vector(text), nil
}

// feature weights: a stem carries the topic; bigrams add phrase sense;
// character trigrams of stems make near-spellings and compounds meet.
const (
	wStem    = 1.0
	wBigram  = 0.6
	wTrigram = 0.25
)

// Vector embeds text without a context (pure function).
func (e *Embedder) Vector(text string) []float32 {
	stems, bigrams, trigrams := features(text, true)
	v := make([]float64, e.dim)
	e.add(v, stems, wStem)
	e.add(v, bigrams, wBigram)
	e.add(v, trigrams, wTrigram)
	var norm float64
	for _, x := range v {
		norm += x * x
	}
	out := make([]float32, e.dim)
	if norm == 0 {
		return out
	}
	norm = math.Sqrt(norm)
	for i, x := range v {
		out[i] = float32(x / norm)
	}
	return out
}

// features returns the hashes of every occurrence of a stem, a bigram and
// (withTrigrams) a character trigram of the text's content words.
func features(text string, withTrigrams bool) (stems, bigrams, trigrams []uint64) {
	toks := terms.Content(text)
	// every occurrence of a stem, bigram and trigram feature, hashed, then
	// sorted (by add): a run of equal hashes is one feature and its count
	// (sorting costs less than a map's inserts and lookups, and the sum
	// runs in a fixed order, where a map's was random)
	stems = make([]uint64, 0, len(toks))
	bigrams = make([]uint64, 0, len(toks))
	if withTrigrams {
		trigrams = make([]uint64, 0, len(toks)*6)
	}
	prev := ""
	var buf [64]byte
	for _, t := range toks {
		stems = append(stems, hashOf('w', t.Stem, ""))
		if prev != "" {
			bigrams = append(bigrams, hashOf('b', prev, t.Stem))
		}
		prev = t.Stem
		if withTrigrams && len(t.Stem)+2 > 5 && len(t.Stem)+2 <= len(buf) {
			s := buf[:0]
			s = append(s, '^')
			s = append(s, t.Stem...)
			s = append(s, '$')
			for i := 0; i+3 <= len(s); i++ {
				trigrams = append(trigrams, hashBytes('c', s[i:i+3]))
			}
		}
	}
	return stems, bigrams, trigrams
}

// add sorts hs, the hashes of one kind of feature, and adds each distinct
// feature to v at its index, signed by the hash's top bit, weighted w with
// sublinear term frequency (1 + ln n for n occurrences).
func (e *Embedder) add(v []float64, hs []uint64, w float64) {
	each(hs, w, func(x uint64, wt float64) {
		if x>>63 == 1 {
			v[x%uint64(e.dim)] -= wt
		} else {
			v[x%uint64(e.dim)] += wt
		}
	})
}

// each sorts hs and calls f once per distinct hash with its weight: w
// times the sublinear term frequency (1 + ln n for n occurrences).
func each(hs []uint64, w float64, f func(x uint64, wt float64)) {
	slices.Sort(hs)
	for i := 0; i < len(hs); {
		j := i + 1
		for j < len(hs) && hs[j] == hs[i] {
			j++
		}
		tf := 1.0
		if n := j - i; n > 1 {
			tf += math.Log(float64(n))
		}
		f(hs[i], w*tf)
		i = j
	}
}

// SparseDimension is the size of the sparse feature space: 2^20 indexes,
// so that the features of a paragraph (a few hundred) rarely share one.
const SparseDimension = 1 << 20

// Sparse embeds text as the non-zero entries of an L2-normalised vector of
// SparseDimension: Vector's features and weights, unfolded and unsigned
// (for pgvector's sparsevec). withTrigrams adds the character trigrams,
// about three times as many entries. Indices ascend; a text with no
// content word has none.
func Sparse(text string, withTrigrams bool) (indices []int32, values []float32) {
	stems, bigrams, trigrams := features(text, withTrigrams)
	m := make(map[int32]float64, len(stems)+len(bigrams)+len(trigrams))
	put := func(x uint64, wt float64) { m[int32(x%SparseDimension)] += wt }
	each(stems, wStem, put)
	each(bigrams, wBigram, put)
	each(trigrams, wTrigram, put)
	var norm float64
	for i, x := range m {
		if x == 0 {
			delete(m, i)
			continue
		}
		norm += x * x
	}
	indices = make([]int32, 0, len(m))
	for i := range m {
		indices = append(indices, i)
	}
	slices.Sort(indices)
	values = make([]float32, len(indices))
	norm = math.Sqrt(norm)
	for k, i := range indices {
		values[k] = float32(m[i] / norm)
	}
	return indices, values
}

// FNV-1a over a kind byte and one or two strings (a space between), without
// allocating.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func hashOf(kind byte, a, b string) uint64 {
	h := uint64(fnvOffset)
	h = (h ^ uint64(kind)) * fnvPrime
	h = (h ^ ':') * fnvPrime
	for i := 0; i < len(a); i++ {
		h = (h ^ uint64(a[i])) * fnvPrime
	}
	if b != "" {
		h = (h ^ ' ') * fnvPrime
		for i := 0; i < len(b); i++ {
			h = (h ^ uint64(b[i])) * fnvPrime
		}
	}
	return h
}

func hashBytes(kind byte, a []byte) uint64 {
	h := uint64(fnvOffset)
	h = (h ^ uint64(kind)) * fnvPrime
	h = (h ^ ':') * fnvPrime
	for _, c := range a {
		h = (h ^ uint64(c)) * fnvPrime
	}
	return h
}

// IsZero reports whether v has no non-zero component.
func IsZero(v []float32) bool {
	for _, x := range v {
		if x != 0 {
			return false
		}
	}
	return true
}
