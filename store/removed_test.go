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
		b, _ := os.ReadFile(filepath.Join("../letters", f))
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
		got, err := db.DocumentsBySource(ctx, []string{"000_9ffa9ab164142b1c.txt"})
		if err != nil {
			t.Fatal(err)
		}
		d, ok := got["000_9ffa9ab164142b1c.txt"]
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
