package evals_test

import (
	"context"
	"os"
	"testing"

	"github.com/letters-app/letters/evals"
	"github.com/letters-app/letters/internal/store"
	"github.com/letters-app/letters/internal/testdb"
	"github.com/letters-app/letters/rag"
)

// bulletSource is the text a bullet cites: its paragraph, or (a judgement
// table in a report's front matter) the document's body.
func bulletSource(db *store.DB) evals.SourceText {
	return func(ctx context.Context, b rag.Bullet) (string, error) {
		if b.ParagraphID > 0 {
			p, err := db.Paragraph(ctx, b.ParagraphID)
			return p.Section + "\n" + p.Text, err
		}
		d, _, err := db.Document(ctx, b.Document.ID)
		return d.Body, err
	}
}

// TestBriefingRecall briefs every council of the samples and evals/corpus/
// and scores the briefings against briefing-gold.jsonl. The floors are what
// the extractive briefing reaches today: raise them, never lower them.
func TestBriefingRecall(t *testing.T) {
	db := testdb.Open(t)
	testdb.Ingest(t, db, "../letters", "corpus")
	f, err := os.Open("briefing-gold.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gold, err := evals.ReadBriefGold(f)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	b := rag.NewBriefer(db)
	councils, err := b.Councils(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var briefs []rag.Briefing
	var changes []rag.Changes
	for _, c := range councils {
		br, err := b.Brief(ctx, rag.BriefRequest{Council: c.ID})
		if err != nil {
			t.Fatalf("Brief(%s): %v", c.ID, err)
		}
		briefs = append(briefs, br)
		// what changed between the latest two of a kind, and between the
		// first and last documents
		if ch, err := b.Changes(ctx, rag.ChangesRequest{Council: c.ID}); err == nil {
			changes = append(changes, ch)
		}
		if n := len(br.Documents); n >= 2 {
			ch, err := b.Changes(ctx, rag.ChangesRequest{Council: c.ID, From: br.Documents[n-1].Slug, To: br.Documents[0].Slug})
			if err != nil {
				t.Fatalf("Changes(%s): %v", c.ID, err)
			}
			changes = append(changes, ch)
		}
	}
	sc, err := evals.ScoreBriefings(ctx, gold, briefs, bulletSource(db))
	if err != nil {
		t.Fatal(err)
	}
	briefBullets := sc.Bullets
	if err := evals.ScoreChanges(ctx, &sc, changes, bulletSource(db)); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d briefing bullets and %d what-changed statements from %d comparisons", briefBullets, sc.Bullets-briefBullets, len(changes))
	t.Logf("briefing recall against evals/briefing-gold.jsonl:\n%s", sc.Table())
	if testing.Verbose() {
		for _, d := range sc.Docs {
			for _, m := range d.Headline.Missing {
				t.Logf("%s missing headline: %s", d.Doc, m)
			}
			for _, m := range d.Strengths.Missing {
				t.Logf("%s missing strength: %s", d.Doc, m)
			}
			for _, m := range d.Improve.Missing {
				t.Logf("%s missing improve: %s", d.Doc, m)
			}
		}
	}
	for _, p := range sc.Problems {
		t.Errorf("briefing: %s", p)
	}
	floors := []struct {
		name      string
		got, want float64
	}{
		{"headline recall", sc.Headline, 0.87},
		{"strengths recall", sc.Strengths, 0.625},
		{"improve recall", sc.Improve, 0.82},
		{"citation support", sc.Support(), 1},
	}
	for _, f := range floors {
		if f.got < f.want {
			t.Errorf("%s = %.3f, want ≥ %.3f", f.name, f.got, f.want)
		}
	}
	if sc.Foreign != 0 {
		t.Errorf("%d bullets from another council, want 0", sc.Foreign)
	}
}
