package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/letters-app/letters"

	"github.com/letters-app/letters/internal/store"
	"github.com/letters-app/letters/internal/testdb"
)

// TestVectorTiesDoNotDependOnIngestOrder: two letters repeat a paragraph
// word for word (equally near any question); the vector arm's last place
// goes by the stable order (the newer letter), whichever letter was
// written first, through the lexical query and through the exact one a
// narrow filter takes.
func TestVectorTiesDoNotDependOnIngestOrder(t *testing.T) {
	ctx := context.Background()
	letter := func(name string, date time.Time) letters.NewDocument {
		d := doc(name)
		d.Doc.Slug, d.Doc.LetterDate, d.Doc.Authority = name, &date, "Skelbrook"
		d.Paragraphs = []letters.Paragraph{
			{Ordinal: 1, Label: "¶1", Text: "Inspectors will publish this letter on the Ofsted website."},
			{Ordinal: 2, Label: "¶2", Text: "Caseloads are manageable for most social workers."},
		}
		d.Vectors = [][]float32{{1, 0, 0}, {0, 1, 0}}
		return d
	}
	older := letter("older.txt", time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC))
	newer := letter("newer.txt", time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC))
	for _, order := range [][]letters.NewDocument{{older, newer}, {newer, older}} {
		url := testdb.New(t)
		db := open(t, url, store.Options{VectorIndex: store.VectorIndexNone})
		if err := db.SetEmbedder(ctx, "test", 3, false); err != nil {
			t.Fatal(err)
		}
		for _, d := range order {
			if _, err := db.ReplaceDocument(ctx, d); err != nil {
				t.Fatal(err)
			}
		}
		for _, f := range []letters.Filter{{}, {Authorities: []string{"Skelbrook"}}} {
			t.Run(fmt.Sprintf("%s first, filter %v", order[0].Doc.SourceName, f.Authorities), func(t *testing.T) {
				ps, err := db.Search(ctx, letters.SearchQuery{Vector: []float32{1, 0, 0}, Any: []letters.SearchTerm{{"Ofsted"}}, K: 1, Depth: 1, Arms: "vector", Filter: f})
				if err != nil {
					t.Fatal(err)
				}
				if len(ps) != 1 || ps[0].Document.SourceName != "newer.txt" || ps[0].Label != "¶1" {
					var got []string
					for _, p := range ps {
						got = append(got, p.Document.SourceName+p.Label)
					}
					t.Errorf("vector arm's first = %v, want [newer.txt¶1]", got)
				}
			})
		}
	}
}
