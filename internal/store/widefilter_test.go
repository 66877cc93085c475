package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/letters-app/letters"

	"github.com/letters-app/letters/internal/store"
	"github.com/letters-app/letters/internal/testdb"
)

// TestWideFilter runs filtered searches through the queries a filter
// admitting many paragraphs takes (the admitted documents as a bitmap),
// with and without the HNSW graph, and through the exact query a narrow
// filter takes, over 30 letters (ids across several bytes of the bitmap):
// every paragraph found is in an admitted letter, and every admitted
// letter's paragraph with the searched word is found.
func TestWideFilter(t *testing.T) {
	ctx := context.Background()
	url := testdb.New(t)
	w := open(t, url, store.Options{})
	if err := w.SetEmbedder(ctx, "test", 3, false); err != nil {
		t.Fatal(err)
	}
	type letter struct {
		id        int64
		authority string
		kind      string
		date      time.Time
	}
	var all []letter
	for i := range 30 {
		l := letter{authority: []string{"Ambleton", "Corlington", "Skelbrook"}[i%3],
			kind: []string{letters.KindMonitoringVisit, letters.KindFocusedVisit}[i%2],
			date: time.Date(2020+i%6, 3, 1, 0, 0, 0, 0, time.UTC)}
		d := doc(fmt.Sprintf("l%02d.txt", i))
		d.Doc.Slug = fmt.Sprintf("l%02d", i)
		d.Doc.Authority, d.Doc.Kind, d.Doc.LetterDate = l.authority, l.kind, &l.date
		d.Paragraphs = []letters.Paragraph{
			{Ordinal: 1, Label: "¶1", Text: fmt.Sprintf("Social worker turnover remains high in letter %d.", i)},
			{Ordinal: 2, Label: "¶2", Text: "The front door is effective."},
		}
		d.Vectors = [][]float32{{0.9, 0.1, float32(i) / 100}, {0, 1, 0}}
		var err error
		if l.id, err = w.ReplaceDocument(ctx, d); err != nil {
			t.Fatal(err)
		}
		all = append(all, l)
	}
	day := func(y int) *time.Time { d := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC); return &d }
	filters := []struct {
		name  string
		f     letters.Filter
		admit func(l letter) bool
	}{
		{"an authority", letters.Filter{Authorities: []string{"Corlington"}}, func(l letter) bool { return l.authority == "Corlington" }},
		{"a kind", letters.Filter{Kinds: []string{letters.KindFocusedVisit}}, func(l letter) bool { return l.kind == letters.KindFocusedVisit }},
		{"from a year", letters.Filter{From: day(2024)}, func(l letter) bool { return l.date.Year() >= 2024 }},
		{"up to a year", letters.Filter{To: day(2021)}, func(l letter) bool { return l.date.Year() < 2021 }},
		// the lowest ids only: the highest are past the bitmap's end
		{"the first letters", letters.Filter{DocumentIDs: []int64{all[0].id, all[1].id, all[2].id}}, func(l letter) bool { return l.id <= all[2].id }},
		{"the last letter", letters.Filter{DocumentIDs: []int64{all[29].id}}, func(l letter) bool { return l.id == all[29].id }},
	}
	for _, mode := range []string{store.VectorIndexHNSW, store.VectorIndexNone} {
		for _, exact := range []bool{false, true} {
			db := open(t, url, store.Options{VectorIndex: mode})
			if !exact {
				store.SetExactMax(db, 0) // every filter is a wide one
			}
			for _, tt := range filters {
				t.Run(fmt.Sprintf("%s/exact=%v/%s", mode, exact, tt.name), func(t *testing.T) {
					ps, err := db.Search(ctx, letters.SearchQuery{Vector: []float32{1, 0, 0}, Any: []letters.SearchTerm{{"turnover"}},
						K: 100, Depth: 100, Filter: tt.f})
					if err != nil {
						t.Fatal(err)
					}
					var got, want []int64
					for _, p := range ps {
						if p.Label == "¶1" {
							got = append(got, p.DocumentID)
						}
						if i := slices.IndexFunc(all, func(l letter) bool { return l.id == p.DocumentID }); i < 0 || !tt.admit(all[i]) {
							t.Errorf("found %s of document %d, which the filter does not admit", p.Label, p.DocumentID)
						}
					}
					for _, l := range all {
						if tt.admit(l) {
							want = append(want, l.id)
						}
					}
					slices.Sort(got)
					if !slices.Equal(got, want) {
						t.Errorf("letters found %v, want %v", got, want)
					}
				})
			}
		}
	}
}
