package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/letters-app/letters"

	"github.com/letters-app/letters/internal/store"
	"github.com/letters-app/letters/internal/testdb"
)

// TestNearForms: a question of common words only (no selective term: its
// vector arm ranks 300 paragraphs holding the two rarest, Near) finds the
// same passages whether those 300 are read through the full-text index or
// by reading the table (chosen by NearHits), with and without a filter; and
// the estimate chooses the form: the table when many paragraphs hold the
// words, the index when few do or nothing is known.
func TestNearForms(t *testing.T) {
	ctx := context.Background()
	url := testdb.New(t)
	w := open(t, url, store.Options{})
	if err := w.SetEmbedder(ctx, "test", 3, false); err != nil {
		t.Fatal(err)
	}
	// 40 letters of 20 paragraphs: 800, of which 640 hold "front door",
	// more than the 300 the arm takes, with vectors all different
	for i := range 40 {
		date := time.Date(2020+i%5, 3, 1, 0, 0, 0, 0, time.UTC)
		d := doc(fmt.Sprintf("n%02d.txt", i))
		d.Doc.Slug = fmt.Sprintf("n%02d", i)
		d.Doc.Authority, d.Doc.Kind, d.Doc.LetterDate = []string{"Ambleton", "Corlington"}[i%2], letters.KindMonitoringVisit, &date
		d.Paragraphs, d.Vectors = nil, nil
		for j := range 20 {
			text := fmt.Sprintf("The front door team met in week %d of letter %d.", j, i)
			if j%5 == 4 {
				text = fmt.Sprintf("Leaders reviewed the plan in week %d of letter %d.", j, i)
			}
			d.Paragraphs = append(d.Paragraphs, letters.Paragraph{Ordinal: j + 1, Label: fmt.Sprintf("¶%d", j+1), Text: text})
			d.Vectors = append(d.Vectors, []float32{float32(i*20 + j), 1, float32((i*7 + j*13) % 31)})
		}
		if _, err := w.ReplaceDocument(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	db := open(t, url, store.Options{VectorIndex: store.VectorIndexNone})
	store.SetExactMax(db, 0) // a filter is a wide one (the bitmap)
	near := []letters.SearchTerm{{"front"}, {"door"}}
	search := func(hits float64, paragraphs int64, f letters.Filter) ([]string, string) {
		q := letters.SearchQuery{Vector: []float32{500, 1, 3}, Near: near, NearHits: hits, Paragraphs: paragraphs, K: 20, Depth: 40, Filter: f}
		ps, err := db.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		var keys []string
		for _, p := range ps {
			keys = append(keys, p.Key)
		}
		plan, err := db.ExplainSearch(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		return keys, plan
	}
	// the estimate as the query carries it: with the filter (half the
	// letters), a corpus said to be of 400 paragraphs makes reading the
	// table the cheaper (300 / (640 / 400) rows against 640 listed)
	for _, tt := range []struct {
		f     letters.Filter
		paras int64
	}{{letters.Filter{}, 800}, {letters.Filter{Authorities: []string{"Corlington"}}, 400}} {
		f := tt.f
		t.Run(fmt.Sprintf("filter=%v", f.Authorities), func(t *testing.T) {
			byIndex, indexPlan := search(0, 0, f)
			byScan, scanPlan := search(640, tt.paras, f)
			if len(byIndex) != 20 {
				t.Fatalf("found %d passages, want 20", len(byIndex))
			}
			if !slices.Equal(byScan, byIndex) {
				t.Errorf("reading the table found %v,\nthrough the index %v", byScan, byIndex)
			}
			if !strings.Contains(scanPlan, "IS TRUE") {
				t.Errorf("with 640 of %d paragraphs holding the words, the plan does not read the table:\n%s", tt.paras, scanPlan)
			}
			if strings.Contains(indexPlan, "IS TRUE") {
				t.Errorf("with no estimate, the plan reads the table:\n%s", indexPlan)
			}
		})
	}
	// the benchmark's measure of the same arm (its exact ranking of the
	// candidates) reads them through the index
	ds, err := db.LexicalNeighbours(ctx, letters.SearchQuery{Vector: []float32{500, 1, 3}, Near: near}, 5)
	if err != nil || len(ds) != 5 || !slices.IsSorted(ds) {
		t.Errorf("LexicalNeighbours = %v, %v; want 5 distances, nearest first", ds, err)
	}
	// fewer holding the words than reading the table would take to find
	// 300 of them: the index (175 of the 400 admitted: 686 rows to read)
	if _, plan := search(350, 800, letters.Filter{Authorities: []string{"Corlington"}}); strings.Contains(plan, "IS TRUE") {
		t.Errorf("with 175 of 400 admitted paragraphs holding the words, the plan reads the table:\n%s", plan)
	}
}
