package store_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/letters-app/letters"

	"github.com/jackc/pgx/v5"

	"github.com/letters-app/letters/ingest"
	"github.com/letters-app/letters/internal/store"
	"github.com/letters-app/letters/internal/testdb"
)

// TestCorrectionsKeptAcrossReingest: an editor's corrections of a
// document's council and kind show at once and stay when the file is
// ingested again (changed or forced); what was not corrected is re-parsed.
func TestCorrectionsKeptAcrossReingest(t *testing.T) {
	ctx := context.Background()
	db := testdb.Open(t)
	dir := t.TempDir()
	src, _ := os.ReadFile("../../letters/000_9ffa9ab164142b1c.txt")
	file := filepath.Join(dir, "letter.txt")
	os.WriteFile(file, src, 0o644)
	testdb.Ingest(t, db, dir)
	got, err := db.DocumentsByPath(ctx, []string{file})
	if err != nil || got[file].ID == 0 {
		t.Fatalf("documents by path: %v %v", got, err)
	}
	before := got[file]
	council, kind := "Nottingham City Council", "inspection_report"
	d, err := db.CorrectDocument(ctx, before.ID, letters.DocumentFields{Authority: &council, Kind: &kind}, "ed")
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
		got, _ := db.DocumentsByPath(ctx, []string{file})
		d := got[file]
		if d.Authority != council || d.Kind != kind || d.Title != before.Title || !d.LetterDate.Equal(*before.LetterDate) {
			t.Errorf("re-ingested (%s): %q %q %q %v, want the corrections kept and the rest re-parsed", step, d.Authority, d.Kind, d.Title, d.LetterDate)
		}
	}
}

// TestCorrectionsGoByPath: corrections belong to the file they were made
// to (its path, the document's identity): a letter of the same file name
// in another folder keeps its own details; a corrected file that moves,
// unchanged or changed, takes its corrections along; and once its document
// is pruned and collected for good, they go too.
func TestCorrectionsGoByPath(t *testing.T) {
	ctx := context.Background()
	db := testdb.Open(t)
	root := t.TempDir()
	a, b, moved := filepath.Join(root, "a"), filepath.Join(root, "b"), filepath.Join(root, "moved")
	for _, d := range []string{a, b, moved} {
		os.MkdirAll(d, 0o755)
	}
	src, _ := os.ReadFile("../../letters/000_9ffa9ab164142b1c.txt")
	other, _ := os.ReadFile("../../letters/001_cd393a7f81667f70.txt")
	os.WriteFile(filepath.Join(a, "letter.txt"), src, 0o644)
	os.WriteFile(filepath.Join(b, "letter.txt"), other, 0o644)
	run := func(opt ingest.Options, paths ...string) {
		t.Helper()
		if _, err := testdb.Pipeline(db).Run(ctx, paths, opt); err != nil {
			t.Fatal(err)
		}
	}
	doc := func(path string) (letters.Document, bool) {
		t.Helper()
		got, err := db.DocumentsByPath(ctx, []string{path})
		if err != nil {
			t.Fatal(err)
		}
		d, ok := got[path]
		return d, ok
	}
	run(ingest.Options{}, a, b)
	da, _ := doc(filepath.Join(a, "letter.txt"))
	db0, _ := doc(filepath.Join(b, "letter.txt"))
	council := "Corrected Council"
	if _, err := db.CorrectDocument(ctx, da.ID, letters.DocumentFields{Authority: &council}, "ed"); err != nil {
		t.Fatal(err)
	}
	run(ingest.Options{Force: true}, a, b)
	if d, _ := doc(filepath.Join(b, "letter.txt")); d.Authority != db0.Authority {
		t.Errorf("b/letter.txt re-ingested: authority %q, want its own %q (the correction was to a/letter.txt)", d.Authority, db0.Authority)
	}
	da, _ = doc(filepath.Join(a, "letter.txt"))
	if da.Authority != council {
		t.Errorf("a/letter.txt re-ingested: authority %q, want the correction %q", da.Authority, council)
	}

	// moved unchanged, then moved and changed: the corrections follow
	os.Rename(filepath.Join(a, "letter.txt"), filepath.Join(moved, "letter.txt"))
	run(ingest.Options{Prune: true}, a, moved)
	if d, ok := doc(filepath.Join(moved, "letter.txt")); !ok || d.ID != da.ID || d.Authority != council {
		t.Errorf("moved unchanged: document %d (was %d), authority %q; want the same document, corrected", d.ID, da.ID, d.Authority)
	}
	os.Remove(filepath.Join(moved, "letter.txt"))
	os.WriteFile(filepath.Join(a, "letter.txt"), append(src, []byte("\n\nA new closing paragraph added to the letter.\n")...), 0o644)
	run(ingest.Options{Prune: true}, a, moved)
	if d, ok := doc(filepath.Join(a, "letter.txt")); !ok || d.Authority != council {
		t.Errorf("moved back and changed: authority %q (found %v), want the correction kept", d.Authority, ok)
	}

	// pruned and collected: the corrections go with the document
	os.Remove(filepath.Join(a, "letter.txt"))
	run(ingest.Options{Prune: true}, a)
	if _, err := db.CollectRemoved(ctx, 0); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(a, "letter.txt"), src, 0o644)
	run(ingest.Options{}, a)
	if d, _ := doc(filepath.Join(a, "letter.txt")); d.Authority == council {
		t.Errorf("after gc the file came back with the correction %q: want it parsed afresh", d.Authority)
	}
}

// TestEraseUserUnsignsCorrections: erasing an editor takes their name off
// the corrections they made; the corrections stay.
func TestEraseUserUnsignsCorrections(t *testing.T) {
	ctx := context.Background()
	url := testdb.New(t)
	db := open(t, url, store.Options{})
	dir := t.TempDir()
	src, _ := os.ReadFile("../../letters/000_9ffa9ab164142b1c.txt")
	file := filepath.Join(dir, "letter.txt")
	os.WriteFile(file, src, 0o644)
	testdb.Ingest(t, db, dir)
	got, _ := db.DocumentsByPath(ctx, []string{file})
	council := "Corrected Council"
	if _, err := db.CorrectDocument(ctx, got[file].ID, letters.DocumentFields{Authority: &council}, "ed"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.EraseUser(ctx, "ed"); err != nil {
		t.Fatal(err)
	}
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var by string
	if err := conn.QueryRow(ctx, `SELECT edited_by FROM document_overrides WHERE source_path = $1`, file).Scan(&by); err != nil || by != "" {
		t.Errorf("the correction after erasing its editor: edited_by %q (%v), want the correction kept with no name", by, err)
	}
	if _, err := testdb.Pipeline(db).Run(ctx, []string{dir}, ingest.Options{Force: true}); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.DocumentsByPath(ctx, []string{file}); got[file].Authority != council {
		t.Errorf("re-ingested after the erasure: authority %q, want the correction %q", got[file].Authority, council)
	}
}
