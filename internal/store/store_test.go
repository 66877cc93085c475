package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/letters-app/letters"

	"github.com/letters-app/letters/internal/store"
	"github.com/letters-app/letters/internal/testdb"
)

func doc(name string) letters.NewDocument {
	return letters.NewDocument{
		Doc:        letters.Document{SourceName: name, SHA256: "0123456789abcdef", Slug: "2026-01-01-test-" + name, Title: "T", Kind: letters.KindOther, Body: "a\n\nb"},
		SourcePath: "/x/" + name,
		Paragraphs: []letters.Paragraph{{Ordinal: 1, Label: "¶1", Text: "a"}, {Ordinal: 2, Label: "¶2", Text: "b"}},
		Vectors:    [][]float32{{1, 0, 0}, nil},
	}
}

func open(t *testing.T, url string, opt store.Options) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), url, opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	return db
}

func TestReplaceDocumentIsAtomic(t *testing.T) {
	ctx := context.Background()
	db := open(t, testdb.New(t), store.Options{})
	if err := db.SetEmbedder(ctx, "test", 3, false); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ReplaceDocument(ctx, doc("a.txt")); err != nil {
		t.Fatal(err)
	}
	bad := doc("a.txt")
	bad.Paragraphs = append(bad.Paragraphs, letters.Paragraph{Ordinal: 3, Label: "¶1", Text: "duplicate label"})
	bad.Vectors = append(bad.Vectors, nil)
	if _, err := db.ReplaceDocument(ctx, bad); err == nil {
		t.Fatal("a document with a duplicate label was written")
	}
	// the failed replacement left the old version whole
	d, p, err := db.Counts(ctx)
	if err != nil || d != 1 || p != 2 {
		t.Errorf("after a failed replace: %d documents, %d paragraphs (%v); want 1 and 2", d, p, err)
	}
	wrong := doc("b.txt")
	wrong.Vectors = wrong.Vectors[:1]
	if _, err := db.ReplaceDocument(ctx, wrong); !errors.Is(err, letters.ErrInvalid) {
		t.Errorf("vectors/paragraphs mismatch: err = %v", err)
	}
}

func TestEmbedderMismatch(t *testing.T) {
	ctx := context.Background()
	db := open(t, testdb.New(t), store.Options{})
	if err := db.SetEmbedder(ctx, "one", 3, false); err != nil {
		t.Fatal(err)
	}
	if err := db.SetEmbedder(ctx, "two", 4, false); !errors.Is(err, letters.ErrEmbedderMismatch) {
		t.Errorf("err = %v, want ErrEmbedderMismatch", err)
	}
	if err := db.SetEmbedder(ctx, "two", 4, true); err != nil {
		t.Errorf("reset: %v", err)
	}
	if name, dim, _ := db.EmbedderInfo(ctx); name != "two" || dim != 4 {
		t.Errorf("embedder = %s/%d", name, dim)
	}
}

// TestReadReplica: reads go to READ_DATABASE_URL, writes to the primary.
func TestReadReplica(t *testing.T) {
	ctx := context.Background()
	primary, replica := testdb.New(t), testdb.New(t)
	w := open(t, primary, store.Options{})
	w.SetEmbedder(ctx, "test", 3, false)
	if _, err := w.ReplaceDocument(ctx, doc("a.txt")); err != nil {
		t.Fatal(err)
	}
	db := open(t, primary, store.Options{ReadURL: replica})
	docs, err := db.Documents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 0 {
		t.Errorf("read %d documents: reads did not go to the (empty) replica", len(docs))
	}
	if n, _, _ := db.Counts(ctx); n != 1 {
		t.Errorf("primary has %d documents, want 1", n)
	}
	cid, err := db.CreateConversation(ctx, "u", "t")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddTurn(ctx, cid, "q", letters.TurnRecord{Answer: "a"}); err != nil {
		t.Errorf("write to the primary: %v", err)
	}
}

// TestFrontMatter: the front-matter paragraph of each asked document that
// has one, in the order asked, with its document; none for the others.
func TestFrontMatter(t *testing.T) {
	ctx := context.Background()
	db := open(t, testdb.New(t), store.Options{})
	if err := db.SetEmbedder(ctx, "test", 3, false); err != nil {
		t.Fatal(err)
	}
	withFront := doc("a.txt")
	withFront.Paragraphs = append([]letters.Paragraph{{Ordinal: 3, Label: letters.FrontMatterLabel, Section: "Letterhead", Text: "12 January 2026 Anne Coyle Executive Director"}}, withFront.Paragraphs...)
	withFront.Vectors = append([][]float32{{0, 1, 0}}, withFront.Vectors...)
	a, err := db.ReplaceDocument(ctx, withFront)
	if err != nil {
		t.Fatal(err)
	}
	b, err := db.ReplaceDocument(ctx, doc("b.txt"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := db.FrontMatter(ctx, []int64{b, a})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].DocumentID != a || got[0].Document.ID != a || got[0].Section != "Letterhead" ||
		got[0].Text != "12 January 2026 Anne Coyle Executive Director" || got[0].Key != "2026-01-01-test-a.txt#¶H1" {
		t.Errorf("FrontMatter(b, a) = %+v, want a's letterhead", got)
	}
	if got, err := db.FrontMatter(ctx, nil); err != nil || len(got) != 0 {
		t.Errorf("FrontMatter(none) = %v, %v; want none", got, err)
	}
}
