package store_test

import (
	"context"
	"math/rand"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/letters-app/letters"

	"github.com/letters-app/letters/internal/store"
	"github.com/letters-app/letters/internal/testdb"
)

// TestParagraphRowsStayWhole: a paragraph of ordinary length with its
// 1024-dimension vector is kept in its row, text and tsvector uncompressed
// and not moved to the TOAST table (migration 017: the vector alone passes
// PostgreSQL's 2 KB threshold, and the toaster then compressed and moved
// out every paragraph's text and tsvector); a paragraph too long for a
// page still is.
func TestParagraphRowsStayWhole(t *testing.T) {
	ctx := context.Background()
	url := testdb.New(t)
	db := open(t, url, store.Options{})
	if err := db.SetEmbedder(ctx, "test", 1024, false); err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewSource(1))
	vec := func() []float32 {
		v := make([]float32, 1024)
		for i := range v {
			v[i] = r.Float32() - 0.5
		}
		return v
	}
	sentence := "Managers' oversight of the front door is now consistent, and decisions about next steps are timely. "
	d := doc("whole.txt")
	d.Paragraphs = []letters.Paragraph{
		{Ordinal: 1, Label: "¶1", Text: strings.Repeat(sentence, 8)},  // 800 characters, as long as most
		{Ordinal: 2, Label: "¶2", Text: strings.Repeat(sentence, 80)}, // 8,000: more than a page holds
	}
	d.Vectors = [][]float32{vec(), vec()}
	if _, err := db.ReplaceDocument(ctx, d); err != nil {
		t.Fatal(err)
	}
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	for _, tt := range []struct {
		label string
		whole bool
	}{{"¶1", true}, {"¶2", false}} {
		// a value kept whole in the row is as large there as the value
		// itself; compressed or moved out, smaller
		var inRowText, text, inRowTSV, tsv int
		if err := conn.QueryRow(ctx, `SELECT pg_column_size(p.text), octet_length(p.text) + 4,
			pg_column_size(p.tsv), pg_column_size(p.tsv || ''::tsvector)
			FROM paragraphs p WHERE p.label = $1`, tt.label).Scan(&inRowText, &text, &inRowTSV, &tsv); err != nil {
			t.Fatal(err)
		}
		if got := inRowText >= text && inRowTSV >= tsv; got != tt.whole {
			t.Errorf("%s: text %d of %d bytes in the row, tsvector %d of %d: whole = %v, want %v",
				tt.label, inRowText, text, inRowTSV, tsv, got, tt.whole)
		}
	}
}
