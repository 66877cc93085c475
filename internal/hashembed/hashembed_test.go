package hashembed

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/letters-app/letters/internal/terms"
)

func TestVector(t *testing.T) {
	e, _ := New(0)
	a := e.Vector("The multi-agency safeguarding hub responds appropriately.")
	b := e.Vector("The multi-agency safeguarding hub responds appropriately.")
	c := e.Vector("Foster placements for children in care are sufficient.")
	var na, dot, dac float64
	for i := range a {
		na += float64(a[i]) * float64(a[i])
		dot += float64(a[i]) * float64(b[i])
		dac += float64(a[i]) * float64(c[i])
	}
	if math.Abs(na-1) > 1e-5 || math.Abs(dot-1) > 1e-5 {
		t.Errorf("norm %v, self-similarity %v: want 1 (deterministic, normalised)", na, dot)
	}
	if dac > 0.3 {
		t.Errorf("unrelated texts have cosine %.2f", dac)
	}
	if z := e.Vector("It is what it is."); !IsZero(z) {
		t.Error("a text of stopwords should embed to the zero vector")
	}
	if _, err := New(5000); err == nil {
		t.Error("a dimension over 2000 was accepted")
	}
	vs, err := e.EmbedDocuments(context.Background(), []string{"MASH", "front door"})
	if err != nil || len(vs) != 2 || len(vs[0]) != DefaultDimension {
		t.Errorf("EmbedDocuments: %d vectors, %v", len(vs), err)
	}
}

func BenchmarkVector(b *testing.B) {
	raw, err := os.ReadFile("../../letters/000_9ffa9ab164142b1c.txt")
	if err != nil {
		b.Fatal(err)
	}
	text := string(raw[:1200]) // about one paragraph
	e, _ := New(0)
	b.ReportAllocs()
	b.SetBytes(int64(len(text)))
	for i := 0; i < b.N; i++ {
		e.Vector(text)
	}
}

// vectorReference is Vector as first written (a map of features, summed in
// the map's order): the sorted version must give the same vector, up to
// the order of floating-point additions.
func vectorReference(dim int, text string) []float32 {
	toks := terms.Content(text)
	type feat struct {
		w float64
		n int
	}
	counts := map[uint64]feat{}
	add := func(h uint64, w float64) {
		c := counts[h]
		c.w, c.n = w, c.n+1
		counts[h] = c
	}
	prev := ""
	for _, t := range toks {
		add(hashOf('w', t.Stem, ""), wStem)
		if prev != "" {
			add(hashOf('b', prev, t.Stem), wBigram)
		}
		prev = t.Stem
		if s := "^" + t.Stem + "$"; len(s) > 5 && len(s) <= 64 {
			for i := 0; i+3 <= len(s); i++ {
				add(hashBytes('c', []byte(s[i:i+3])), wTrigram)
			}
		}
	}
	v := make([]float64, dim)
	for x, c := range counts {
		sign := 1.0
		if x>>63 == 1 {
			sign = -1
		}
		v[int(x%uint64(dim))] += sign * c.w * (1 + math.Log(float64(c.n)))
	}
	var norm float64
	for _, x := range v {
		norm += x * x
	}
	out := make([]float32, dim)
	if norm == 0 {
		return out
	}
	for i, x := range v {
		out[i] = float32(x / math.Sqrt(norm))
	}
	return out
}

func TestVectorMatchesReference(t *testing.T) {
	files, _ := filepath.Glob("../../letters/*.txt")
	if len(files) == 0 {
		t.Fatal("no sample letters")
	}
	var texts []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, strings.Split(string(b), "\n\n")...)
	}
	texts = append(texts, "", "MASH MASH MASH front door", "It is what it is.", strings.Repeat("supercalifragilisticexpialidocious ", 3))
	for _, dim := range []int{16, 1024} {
		e, _ := New(dim)
		for _, text := range texts {
			got, want := e.Vector(text), vectorReference(dim, text)
			for i := range want {
				if d := math.Abs(float64(got[i] - want[i])); d > 1e-6 {
					t.Fatalf("dim %d, Vector(%.50q)[%d] = %v, want %v", dim, text, i, got[i], want[i])
				}
			}
		}
	}
}

func TestSparse(t *testing.T) {
	text := "The multi-agency safeguarding hub responds appropriately to contacts about children."
	for _, tri := range []bool{false, true} {
		idx, val := Sparse(text, tri)
		idx2, val2 := Sparse(text, tri)
		if !slices.Equal(idx, idx2) || !slices.Equal(val, val2) {
			t.Errorf("trigrams %v: two calls differ", tri)
		}
		if len(idx) == 0 || len(idx) != len(val) {
			t.Fatalf("trigrams %v: %d indices, %d values", tri, len(idx), len(val))
		}
		var norm float64
		for k, i := range idx {
			if i < 0 || i >= SparseDimension || (k > 0 && idx[k-1] >= i) {
				t.Fatalf("trigrams %v: index %d at %d out of range or order", tri, i, k)
			}
			if val[k] == 0 {
				t.Errorf("trigrams %v: a zero value stored at %d", tri, i)
			}
			norm += float64(val[k]) * float64(val[k])
		}
		if math.Abs(norm-1) > 1e-5 {
			t.Errorf("trigrams %v: norm %v, want 1", tri, norm)
		}
	}
	// 8 content words: 8 stems and 7 bigrams, each its own entry
	if idx, _ := Sparse(text, false); len(idx) != 15 {
		t.Errorf("without trigrams: %d entries, want 15 (8 stems + 7 bigrams)", len(idx))
	}
	if idx, _ := Sparse(text, true); len(idx) <= 15 {
		t.Errorf("with trigrams: %d entries, want more than without", len(idx))
	}
	if idx, _ := Sparse("It is what it is.", true); len(idx) != 0 {
		t.Errorf("a text of stopwords has %d entries, want none", len(idx))
	}
	// the dense vector's cosine ranks like the sparse one's
	cos := func(a, b string) float64 {
		ai, av := Sparse(a, true)
		bi, bv := Sparse(b, true)
		var dot float64
		for i, j := 0, 0; i < len(ai) && j < len(bi); {
			switch {
			case ai[i] < bi[j]:
				i++
			case ai[i] > bi[j]:
				j++
			default:
				dot += float64(av[i]) * float64(bv[j])
				i, j = i+1, j+1
			}
		}
		return dot
	}
	near, far := cos(text, "contacts to the safeguarding hub about children"), cos(text, "Foster placements are sufficient.")
	if near <= far || far > 0.1 {
		t.Errorf("cosine to a paraphrase %.2f, to an unrelated text %.2f: want the paraphrase nearer and the other near 0", near, far)
	}
}
