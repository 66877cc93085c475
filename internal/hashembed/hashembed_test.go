package hashembed

import (
	"context"
	"math"
	"os"
	"testing"
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
