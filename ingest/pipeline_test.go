package ingest_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/letters-app/letters/ingest"
	"github.com/letters-app/letters/internal/hashembed"
	"github.com/letters-app/letters/internal/store"
	"github.com/letters-app/letters/internal/testdb"
)

func setup(t *testing.T) (*store.DB, *ingest.Pipeline) {
	t.Helper()
	db := testdb.Open(t)
	return db, testdb.Pipeline(db)
}

// copySamples copies the sample letters into a temporary folder.
func copySamples(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files, _ := filepath.Glob("../letters/*.txt")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func counts(t *testing.T, db *store.DB) (int, int) {
	t.Helper()
	d, p, err := db.Counts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return d, p
}

func TestIngestIdempotent(t *testing.T) {
	ctx := context.Background()
	db, p := setup(t)
	sum, err := p.Run(ctx, []string{"../letters"}, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Added != 5 || sum.Failed != 0 {
		t.Fatalf("first run: %s; want 5 added", sum)
	}
	d1, p1 := counts(t, db)
	if d1 != 5 || p1 != sum.Paragraphs || p1 < 80 {
		t.Fatalf("after first run: %d documents, %d paragraphs (summary %d)", d1, p1, sum.Paragraphs)
	}
	sum, err = p.Run(ctx, []string{"../letters"}, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Skipped != 5 || sum.Added+sum.Updated != 0 {
		t.Errorf("second run: %s; want 5 skipped", sum)
	}
	if d2, p2 := counts(t, db); d2 != d1 || p2 != p1 {
		t.Errorf("second run changed rows: %d/%d documents, %d/%d paragraphs", d2, d1, p2, p1)
	}
}

func TestIngestChangedFileReplacesOnlyIt(t *testing.T) {
	ctx := context.Background()
	db, p := setup(t)
	dir := copySamples(t)
	if _, err := p.Run(ctx, []string{dir}, ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	_, p1 := counts(t, db)
	name := "000_9ffa9ab164142b1c.txt"
	oldID, err := db.DocumentIDBySource(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	b, _ := os.ReadFile(path)
	changed := strings.Replace(string(b), "I am copying this letter", "A new paragraph was added to this letter after publication.\n\nI am copying this letter", 1)
	if err := os.WriteFile(path, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	sum, err := p.Run(ctx, []string{dir}, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Updated != 1 || sum.Skipped != 4 || sum.Added != 0 {
		t.Fatalf("got %s; want 1 updated, 4 skipped", sum)
	}
	d2, p2 := counts(t, db)
	if d2 != 5 || p2 != p1+1 {
		t.Errorf("after change: %d documents, %d paragraphs; want 5 and %d", d2, p2, p1+1)
	}
	newID, _ := db.DocumentIDBySource(ctx, name)
	if newID == oldID {
		t.Errorf("document id unchanged (%d): the old version was not replaced", oldID)
	}
}

func TestIngestBadFilesReportedOthersIngested(t *testing.T) {
	ctx := context.Background()
	db, p := setup(t)
	dir := copySamples(t)
	bad := map[string]string{
		"corrupt.pdf": "%PDF-1.4\nthis is not really a pdf\x00\x01\x02",
		"empty.txt":   "",
		"notes.docx":  "PK\x03\x04 binary",
		"blank.md":    "   \n\n  ",
	}
	for n, c := range bad {
		if err := os.WriteFile(filepath.Join(dir, n), []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	sum, err := p.Run(ctx, []string{dir}, ingest.Options{})
	if !errors.Is(err, ingest.ErrSomeFailed) {
		t.Fatalf("err = %v, want ErrSomeFailed", err)
	}
	if sum.Added != 5 || sum.Failed != len(bad) {
		t.Fatalf("got %s; want 5 added and %d failed", sum, len(bad))
	}
	for n := range bad {
		found := false
		for _, f := range sum.Failures {
			if filepath.Base(f.Path) == n && f.Reason != "" {
				found = true
			}
		}
		if !found {
			t.Errorf("failure for %s not reported: %+v", n, sum.Failures)
		}
	}
	if d, _ := counts(t, db); d != 5 {
		t.Errorf("%d documents stored, want 5", d)
	}
}

func TestIngestPrune(t *testing.T) {
	ctx := context.Background()
	db, p := setup(t)
	dir := copySamples(t)
	if _, err := p.Run(ctx, []string{dir}, ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(dir, "004_d35be00d07d11aa4.txt"))
	sum, err := p.Run(ctx, []string{dir}, ingest.Options{Prune: true})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Pruned != 1 {
		t.Errorf("pruned %d, want 1", sum.Pruned)
	}
	if d, _ := counts(t, db); d != 4 {
		t.Errorf("%d documents, want 4", d)
	}
}

func TestIngestParagraphWithoutEmbedding(t *testing.T) {
	ctx := context.Background()
	db, p := setup(t)
	dir := t.TempDir()
	// "It is what it is." has no word the embedder represents (all stopwords):
	// it is stored without an embedding instead of as a zero vector.
	text := "Dear Sir\n\nA short letter\n\nInspectors found the front door effective and timely.\n\nIt is what it is.\n"
	os.WriteFile(filepath.Join(dir, "short.txt"), []byte(text), 0o644)
	if _, err := p.Run(ctx, []string{dir}, ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	n, err := db.MissingEmbeddings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Errorf("%d paragraphs without embedding, want 1", n)
	}
}

func TestEmbedderChangeNeedsReembed(t *testing.T) {
	ctx := context.Background()
	db, p := setup(t)
	if _, err := p.Run(ctx, []string{"../letters"}, ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	emb, _ := hashembed.New(256)
	p2 := ingest.New(db, emb, emb.Name(), emb.Dimension(), slog.New(slog.NewTextHandler(io.Discard, nil)), io.Discard, false)
	if _, err := p2.Run(ctx, []string{"../letters"}, ingest.Options{}); err == nil || !strings.Contains(err.Error(), "--reembed") {
		t.Fatalf("ingest with another embedder: err = %v, want a mismatch telling to --reembed", err)
	}
	sum, err := p2.Run(ctx, []string{"../letters"}, ingest.Options{Reembed: true})
	if err != nil {
		t.Fatal(err)
	}
	_, paras := counts(t, db)
	if sum.Reembedded != paras {
		t.Errorf("re-embedded %d of %d paragraphs", sum.Reembedded, paras)
	}
	if name, dim, _ := db.EmbedderInfo(ctx); name != emb.Name() || dim != 256 {
		t.Errorf("embedder info = %s/%d", name, dim)
	}
}

// TestTermStatsKeptInStep: the document frequencies ranking reads are kept
// equal to a count over the paragraphs through every kind of write.
func TestTermStatsKeptInStep(t *testing.T) {
	ctx := context.Background()
	db, p := setup(t)
	dir := copySamples(t)
	changed := filepath.Join(dir, "000_9ffa9ab164142b1c.txt")
	steps := []struct {
		name string
		run  func() error
	}{
		{"incremental ingest, two workers", func() error {
			_, err := p.Run(ctx, []string{dir}, ingest.Options{Workers: 2, BulkThreshold: -1})
			return err
		}},
		{"a changed file replaced", func() error {
			b, err := os.ReadFile(changed)
			if err != nil {
				return err
			}
			b = []byte(strings.Replace(string(b), "Yours sincerely",
				"A zyzzyva paragraph about the children's front door, added later.\n\nYours sincerely", 1))
			if err := os.WriteFile(changed, b, 0o644); err != nil {
				return err
			}
			_, err = p.Run(ctx, []string{dir}, ingest.Options{})
			return err
		}},
		{"a file pruned", func() error {
			os.Remove(filepath.Join(dir, "004_d35be00d07d11aa4.txt"))
			_, err := p.Run(ctx, []string{dir}, ingest.Options{Prune: true})
			return err
		}},
		{"an interrupted bulk load repaired", func() error {
			// a bulk load killed after some documents: the indexes are
			// dropped and the statistics were not kept while loading
			if err := db.DropSearchIndexes(ctx); err != nil {
				return err
			}
			if _, err := p.File(ctx, filepath.Join("..", "letters", "004_d35be00d07d11aa4.txt"), false); err != nil {
				return err
			}
			_, err := p.Run(ctx, []string{dir}, ingest.Options{})
			return err
		}},
	}
	for _, s := range steps {
		if err := s.run(); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if err := db.CheckTermStats(ctx); err != nil {
			t.Errorf("after %s: %v", s.name, err)
		}
	}
	got, total, err := db.TermCounts(ctx, []string{"zyzzyva", "front", "door", "the", "front door", "absentword"})
	if err != nil {
		t.Fatal(err)
	}
	_, paras := counts(t, db)
	if total != paras {
		t.Errorf("total = %d, want %d paragraphs", total, paras)
	}
	for w, want := range map[string]int{"zyzzyva": 1, "the": -1, "absentword": 0} {
		if got[w] != want {
			t.Errorf("TermCounts[%q] = %d, want %d", w, got[w], want)
		}
	}
	// a phrase: paragraphs with both words, no more than the rarer word's
	if n := got["front door"]; n < 1 || n > min(got["front"], got["door"]) {
		t.Errorf("TermCounts[front door] = %d, want 1..%d", n, min(got["front"], got["door"]))
	}

	// a bulk load into an empty corpus rebuilds the statistics at the end
	db2 := testdb.Open(t)
	sum, err := testdb.Pipeline(db2).Run(ctx, []string{dir}, ingest.Options{BulkThreshold: 1})
	if err != nil || !sum.Bulk {
		t.Fatalf("bulk load: bulk = %v, err = %v", sum.Bulk, err)
	}
	if err := db2.CheckTermStats(ctx); err != nil {
		t.Errorf("after a bulk load: %v", err)
	}
}

// TestIngestMovedFile: a file moved within the folder keeps its document
// (same id when unchanged; replaced in place when changed too), and prune
// does not take the move for a removal. Documents are identified by path
// (issue #14, finding 8), so the move is recognised by file name.
func TestIngestMovedFile(t *testing.T) {
	ctx := context.Background()
	db, p := setup(t)
	dir := copySamples(t)
	if _, err := p.Run(ctx, []string{dir}, ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	name := "000_9ffa9ab164142b1c.txt"
	id, err := db.DocumentIDBySource(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	move := func(from, to string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(from, to); err != nil {
			t.Fatal(err)
		}
	}
	sub := filepath.Join(dir, "sub", name)
	move(filepath.Join(dir, name), sub)
	sum, err := p.Run(ctx, []string{dir}, ingest.Options{Prune: true})
	if err != nil {
		t.Fatal(err)
	}
	moved, _ := db.DocumentIDBySource(ctx, name)
	if sum.Skipped != 5 || sum.Pruned != 0 || moved != id {
		t.Errorf("unchanged file moved: %s, id %d (was %d); want 5 skipped, none pruned, the same id", sum, moved, id)
	}
	if sha, ok, _ := db.SourceHash(ctx, sub); !ok || sha == "" {
		t.Errorf("the document is not recorded at its new path %s", sub)
	}
	other := filepath.Join(dir, "other", name)
	move(sub, other)
	b, _ := os.ReadFile(other)
	os.WriteFile(other, append(b, []byte("\n\nA paragraph added after the move, long enough to be kept as text.\n")...), 0o644)
	sum, err = p.Run(ctx, []string{dir}, ingest.Options{Prune: true})
	if err != nil {
		t.Fatal(err)
	}
	if d, _ := counts(t, db); sum.Updated != 1 || sum.Added != 0 || sum.Pruned != 0 || d != 5 {
		t.Errorf("changed file moved: %s, %d documents; want 1 updated, none added or pruned, 5 documents", sum, d)
	}
}

// TestIngestCopyElsewhereIsOneDocument: the same letters ingested from a
// second folder (a copy, another checkout) while the first still exists
// are skipped, not stored twice; a file with other content under the same
// name in the second folder is a document of its own.
func TestIngestCopyElsewhereIsOneDocument(t *testing.T) {
	ctx := context.Background()
	db, p := setup(t)
	if _, err := p.Run(ctx, []string{"../letters"}, ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	d1, p1 := counts(t, db)
	dir := copySamples(t)
	for _, force := range []bool{false, true} {
		sum, err := p.Run(ctx, []string{dir}, ingest.Options{Force: force})
		if err != nil {
			t.Fatal(err)
		}
		if sum.Skipped != 5 || sum.Added != 0 {
			t.Errorf("copy (force %v): %s; want 5 skipped as the same content", force, sum)
		}
		for _, f := range sum.PerFile {
			if !strings.HasSuffix(f.SameAs, filepath.Base(f.Path)) {
				t.Errorf("%s: same_as %q, want the first copy", f.Path, f.SameAs)
			}
		}
		if d, p := counts(t, db); d != d1 || p != p1 {
			t.Errorf("copy (force %v): %d documents, %d paragraphs; want %d and %d", force, d, p, d1, p1)
		}
	}
	other := filepath.Join(t.TempDir(), "000_9ffa9ab164142b1c.txt")
	if err := os.WriteFile(other, []byte("Dear Sir\n\nA different letter about Testshire's front door.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if sum, err := p.Run(ctx, []string{other}, ingest.Options{}); err != nil || sum.Added != 1 {
		t.Errorf("another file of the same name: %s, %v; want it added", sum, err)
	}
}
