package testdb

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"github.com/letters-app/letters/ingest"
	"github.com/letters-app/letters/internal/hashembed"
	"github.com/letters-app/letters/internal/store"
)

// Open opens a store over a fresh migrated database, closed when the test
// ends, configured as the product runs by default (an HNSW index).
func Open(t testing.TB) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), New(t), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	return db
}

// Quiet is a logger that discards everything.
var Quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// Pipeline is an ingest pipeline into db with the built-in embedder.
func Pipeline(db *store.DB) *ingest.Pipeline {
	emb, _ := hashembed.New(0)
	return ingest.New(db, emb, emb.Name(), emb.Dimension(), Quiet, io.Discard, false)
}

// Ingest ingests paths into db with the built-in embedder, failing the test on error.
func Ingest(t testing.TB, db *store.DB, paths ...string) {
	t.Helper()
	if _, err := Pipeline(db).Run(context.Background(), paths, ingest.Options{}); err != nil {
		t.Fatal(err)
	}
}
