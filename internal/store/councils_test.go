package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/letters-app/letters"

	"github.com/letters-app/letters/internal/store"
	"github.com/letters-app/letters/internal/testdb"
)

func TestCouncilsAndTheirDocuments(t *testing.T) {
	ctx := context.Background()
	db := open(t, testdb.New(t), store.Options{})
	if err := db.SetEmbedder(ctx, "test", 3, false); err != nil {
		t.Fatal(err)
	}
	docs := []struct {
		name, authority, kind, date string
	}{
		{"a.txt", "Harwick City", letters.KindMonitoringVisit, "2026-03-12"},
		{"b.txt", "Harwick City", letters.KindBoardPaper, "2025-03-18"},
		{"c.txt", "Harwick City", letters.KindNews, ""},
		{"d.txt", "Lowdale City", letters.KindMonitoringVisit, "2024-10-14"},
		{"e.txt", "", letters.KindOther, "2024-01-01"},
	}
	ids := map[string]int64{}
	for _, d := range docs {
		nd := doc(d.name)
		nd.Doc.Authority, nd.Doc.Kind = d.authority, d.kind
		if d.date != "" {
			t, _ := time.Parse("2006-01-02", d.date)
			nd.Doc.LetterDate = &t
		}
		id, err := db.ReplaceDocument(ctx, nd)
		if err != nil {
			t.Fatal(err)
		}
		ids[d.name] = id
	}
	cs, err := db.Councils(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []letters.Council{
		{ID: "harwick-city", Name: "Harwick City", Documents: 3, From: "2025-03-18", To: "2026-03-12", Kinds: []string{letters.KindBoardPaper, letters.KindMonitoringVisit, letters.KindNews}},
		{ID: "lowdale-city", Name: "Lowdale City", Documents: 1, From: "2024-10-14", To: "2024-10-14", Kinds: []string{letters.KindMonitoringVisit}},
	}
	if len(cs) != len(want) {
		t.Fatalf("Councils = %+v, want %+v (a document without an authority is no council)", cs, want)
	}
	for i := range want {
		g, w := cs[i], want[i]
		if g.ID != w.ID || g.Name != w.Name || g.Documents != w.Documents || g.From != w.From || g.To != w.To || len(g.Kinds) != len(w.Kinds) {
			t.Errorf("council %d = %+v, want %+v", i, g, w)
		}
	}
	got, err := db.CouncilDocuments(ctx, "Harwick City")
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, d := range got {
		order = append(order, d.SourceName)
		if d.Body == "" {
			t.Errorf("%s: no body", d.SourceName)
		}
	}
	if len(order) != 3 || order[0] != "b.txt" || order[1] != "a.txt" || order[2] != "c.txt" {
		t.Errorf("CouncilDocuments order = %v, want oldest first, undated last: [b.txt a.txt c.txt]", order)
	}
	paras, err := db.DocumentParagraphs(ctx, []int64{ids["a.txt"], ids["d.txt"]})
	if err != nil {
		t.Fatal(err)
	}
	if len(paras) != 2 || len(paras[ids["a.txt"]]) != 2 || paras[ids["a.txt"]][1].Label != "¶2" || len(paras[ids["b.txt"]]) != 0 {
		t.Errorf("DocumentParagraphs = %+v, want a.txt's and d.txt's two paragraphs each, in order", paras)
	}
	if none, err := db.CouncilDocuments(ctx, "Atlantis"); err != nil || len(none) != 0 {
		t.Errorf("CouncilDocuments(Atlantis) = %v, %v; want none", none, err)
	}
}
