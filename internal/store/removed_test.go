package store_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/letters-app/letters/ingest"
	"github.com/letters-app/letters/internal/testdb"
)

// TestPruneUndoneByReingest: a pruned document leaves the corpus but is
// kept (soft-deleted) until gc: ingesting its file again brings back the
// same document — its id, its paragraphs' ids and keys — so links and
// stored answers work again. After gc it comes back as a new document.
func TestPruneUndoneByReingest(t *testing.T) {
	ctx := context.Background()
	db := testdb.Open(t)
	dir := t.TempDir()
	for _, f := range []string{"000_9ffa9ab164142b1c.txt", "001_cd393a7f81667f70.txt"} {
		b, _ := os.ReadFile(filepath.Join("../../letters", f))
		os.WriteFile(filepath.Join(dir, f), b, 0o644)
	}
	run := func(prune bool) {
		t.Helper()
		if _, err := testdb.Pipeline(db).Run(ctx, []string{dir}, ingest.Options{Prune: prune}); err != nil {
			t.Fatal(err)
		}
	}
	type snapshot struct {
		id    int64
		paras []int64
		keys  []string
	}
	look := func() (snapshot, bool) {
		t.Helper()
		path := filepath.Join(dir, "000_9ffa9ab164142b1c.txt")
		got, err := db.DocumentsByPath(ctx, []string{path})
		if err != nil {
			t.Fatal(err)
		}
		d, ok := got[path]
		if !ok {
			return snapshot{}, false
		}
		_, ps, err := db.Document(ctx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		s := snapshot{id: d.ID}
		for _, p := range ps {
			s.paras, s.keys = append(s.paras, p.ID), append(s.keys, p.Key)
		}
		return s, true
	}
	run(false)
	before, _ := look()
	saved, _ := os.ReadFile(filepath.Join(dir, "000_9ffa9ab164142b1c.txt"))

	// a mistaken prune: the file was moved away for a moment
	os.Remove(filepath.Join(dir, "000_9ffa9ab164142b1c.txt"))
	run(true)
	if _, ok := look(); ok {
		t.Fatal("the pruned document is still in the corpus")
	}
	os.WriteFile(filepath.Join(dir, "000_9ffa9ab164142b1c.txt"), saved, 0o644)
	run(false)
	after, ok := look()
	if !ok || after.id != before.id || !equal(after.paras, before.paras) || !equal(after.keys, before.keys) {
		t.Errorf("re-ingested after a prune: document %d (was %d), paragraph ids equal %v, keys equal %v; want the same document back",
			after.id, before.id, equal(after.paras, before.paras), equal(after.keys, before.keys))
	}

	// pruned again and collected: it comes back as a new document
	os.Remove(filepath.Join(dir, "000_9ffa9ab164142b1c.txt"))
	run(true)
	n, err := db.CollectRemoved(ctx, 0)
	if err != nil || n != 1 {
		t.Fatalf("gc removed %d (%v), want 1", n, err)
	}
	os.WriteFile(filepath.Join(dir, "000_9ffa9ab164142b1c.txt"), saved, 0o644)
	run(false)
	if again, ok := look(); !ok || again.id == before.id {
		t.Errorf("after gc the document came back as %d, want a new id (not %d)", again.id, before.id)
	}
}

// TestPruneUndoneByPath: a pruned document is found again by its path
// (the document's identity since migration 008), or by the same bytes
// under the same file name when the file came back in another folder; a
// different letter of that name in another folder never takes its ids.
func TestPruneUndoneByPath(t *testing.T) {
	ctx := context.Background()
	db := testdb.Open(t)
	root := t.TempDir()
	a, b, c := filepath.Join(root, "a"), filepath.Join(root, "b"), filepath.Join(root, "c")
	for _, d := range []string{a, b, c} {
		os.MkdirAll(d, 0o755)
	}
	src, _ := os.ReadFile("../../letters/000_9ffa9ab164142b1c.txt")
	other, _ := os.ReadFile("../../letters/001_cd393a7f81667f70.txt")
	os.WriteFile(filepath.Join(a, "letter.txt"), src, 0o644)
	run := func(opt ingest.Options, paths ...string) {
		t.Helper()
		if _, err := testdb.Pipeline(db).Run(ctx, paths, opt); err != nil {
			t.Fatal(err)
		}
	}
	id := func(path string) int64 {
		t.Helper()
		got, err := db.DocumentsByPath(ctx, []string{path})
		if err != nil {
			t.Fatal(err)
		}
		return got[path].ID
	}
	run(ingest.Options{}, a)
	before := id(filepath.Join(a, "letter.txt"))
	os.Remove(filepath.Join(a, "letter.txt"))
	run(ingest.Options{Prune: true}, a)

	// another letter named letter.txt elsewhere: a document of its own
	os.WriteFile(filepath.Join(b, "letter.txt"), other, 0o644)
	run(ingest.Options{}, b)
	if got := id(filepath.Join(b, "letter.txt")); got == 0 || got == before {
		t.Errorf("a different letter.txt in b: document %d, want a new document (not the pruned %d)", got, before)
	}
	// the pruned letter's own bytes, back in a third folder: it comes back
	os.WriteFile(filepath.Join(c, "letter.txt"), src, 0o644)
	run(ingest.Options{}, c)
	if got := id(filepath.Join(c, "letter.txt")); got != before {
		t.Errorf("the pruned letter back in c: document %d, want the pruned document %d again", got, before)
	}
	if n, err := db.CollectRemoved(ctx, 0); err != nil || n != 0 {
		t.Errorf("gc after the restore: %d (%v), want nothing left to collect", n, err)
	}
}

func equal[T comparable](a, b []T) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
