package store_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/letters-app/letters/ingest"
	"github.com/letters-app/letters/internal/testdb"
	"github.com/letters-app/letters/store"
)

// TestCorrectionsKeptAcrossReingest: an editor's corrections of a
// document's council and kind show at once and stay when the file is
// ingested again (changed or forced); what was not corrected is re-parsed.
func TestCorrectionsKeptAcrossReingest(t *testing.T) {
	ctx := context.Background()
	db := testdb.Open(t)
	dir := t.TempDir()
	src, _ := os.ReadFile("../letters/000_9ffa9ab164142b1c.txt")
	file := filepath.Join(dir, "letter.txt")
	os.WriteFile(file, src, 0o644)
	testdb.Ingest(t, db, dir)
	got, err := db.DocumentsBySource(ctx, []string{"letter.txt"})
	if err != nil || got["letter.txt"].ID == 0 {
		t.Fatalf("documents by source: %v %v", got, err)
	}
	before := got["letter.txt"]
	council, kind := "Nottingham City Council", "inspection_report"
	d, err := db.CorrectDocument(ctx, before.ID, store.DocumentFields{Authority: &council, Kind: &kind}, "ed")
	if err != nil {
		t.Fatal(err)
	}
	if d.Authority != council || d.Kind != kind || d.Title != before.Title {
		t.Errorf("corrected: %q %q %q, want %q %q and the title unchanged %q", d.Authority, d.Kind, d.Title, council, kind, before.Title)
	}
	for _, step := range []string{"forced", "changed"} {
		if step == "changed" {
			os.WriteFile(file, append(src, []byte("\n\nA new closing paragraph added to the letter.\n")...), 0o644)
		}
		if _, err := testdb.Pipeline(db).Run(ctx, []string{dir}, ingest.Options{Force: step == "forced"}); err != nil {
			t.Fatal(err)
		}
		got, _ := db.DocumentsBySource(ctx, []string{"letter.txt"})
		d := got["letter.txt"]
		if d.Authority != council || d.Kind != kind || d.Title != before.Title || !d.LetterDate.Equal(*before.LetterDate) {
			t.Errorf("re-ingested (%s): %q %q %q %v, want the corrections kept and the rest re-parsed", step, d.Authority, d.Kind, d.Title, d.LetterDate)
		}
	}
}
