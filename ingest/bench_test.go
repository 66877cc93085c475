package ingest

import (
	"os"
	"testing"
)

func BenchmarkSegment(b *testing.B) {
	raw, err := os.ReadFile("../letters/003_705f2bca4dafd539.txt")
	if err != nil {
		b.Fatal(err)
	}
	text := string(raw)
	b.ReportAllocs()
	b.SetBytes(int64(len(text)))
	for i := 0; i < b.N; i++ {
		p := Segment(text)
		ExtractMeta(p)
		Glossary(p.Body)
	}
}
