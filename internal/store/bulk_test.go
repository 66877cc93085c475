package store_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/letters-app/letters"

	"github.com/letters-app/letters/internal/store"
	"github.com/letters-app/letters/internal/testdb"
)

// searchIndexes lists the search indexes on paragraphs, from pg_indexes.
func searchIndexes(t *testing.T, url string) []string {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, `SELECT indexname FROM pg_indexes WHERE tablename = 'paragraphs'
		AND indexname IN ('paragraphs_embedding_hnsw', 'paragraphs_tsv') ORDER BY indexname`)
	if err != nil {
		t.Fatal(err)
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return names
}

// TestBulkLoad: a large enough load into an empty corpus runs without the
// search indexes, and they are there again afterwards, whether the load
// succeeds, fails, panics or is cancelled; a small load, or one into a
// corpus with paragraphs, keeps them throughout.
func TestBulkLoad(t *testing.T) {
	all := []string{"paragraphs_embedding_hnsw", "paragraphs_tsv"}
	errLoad := errors.New("load failed")
	tests := []struct {
		name      string
		docs      int // already in the corpus
		n         int
		threshold int
		fn        func(ctx context.Context, cancel context.CancelFunc, db *store.DB) error
		wantBulk  bool
		wantErr   error
	}{
		{"success", 0, 3, 2, func(context.Context, context.CancelFunc, *store.DB) error { return nil }, true, nil},
		{"writes", 0, 3, 2, func(ctx context.Context, _ context.CancelFunc, db *store.DB) error {
			_, err := db.ReplaceDocument(ctx, doc("bulk.txt"))
			return err
		}, true, nil},
		{"failure", 0, 3, 2, func(context.Context, context.CancelFunc, *store.DB) error { return errLoad }, true, errLoad},
		{"cancelled", 0, 3, 2, func(ctx context.Context, cancel context.CancelFunc, _ *store.DB) error {
			cancel()
			<-ctx.Done()
			return ctx.Err()
		}, true, context.Canceled},
		{"below the threshold", 0, 1, 2, func(context.Context, context.CancelFunc, *store.DB) error { return nil }, false, nil},
		{"threshold never", 0, 1000, -1, func(context.Context, context.CancelFunc, *store.DB) error { return nil }, false, nil},
		{"default threshold", 0, store.DefaultBulkThreshold, 0, func(context.Context, context.CancelFunc, *store.DB) error { return nil }, true, nil},
		{"corpus not empty", 1, 3, 2, func(context.Context, context.CancelFunc, *store.DB) error { return nil }, false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			url := testdb.New(t)
			db := open(t, url, store.Options{})
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if err := db.SetEmbedder(ctx, "test", 3, false); err != nil {
				t.Fatal(err)
			}
			for i := 0; i < tt.docs; i++ {
				if _, err := db.ReplaceDocument(ctx, doc(fmt.Sprintf("d%d.txt", i))); err != nil {
					t.Fatal(err)
				}
			}
			if got := searchIndexes(t, url); !slices.Equal(got, all) {
				t.Fatalf("before: indexes %v, want %v", got, all)
			}
			var during []string
			res, err := db.BulkLoad(ctx, tt.n, tt.threshold, func(ctx context.Context) error {
				during = searchIndexes(t, url)
				return tt.fn(ctx, cancel, db)
			})
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) {
				t.Errorf("BulkLoad: got error %v, want %v", err, tt.wantErr)
			}
			if res.Bulk != tt.wantBulk {
				t.Errorf("Bulk = %v, want %v", res.Bulk, tt.wantBulk)
			}
			wantDuring := all
			if tt.wantBulk {
				wantDuring = nil
			}
			if !slices.Equal(during, wantDuring) {
				t.Errorf("during the load: indexes %v, want %v", during, wantDuring)
			}
			if got := searchIndexes(t, url); !slices.Equal(got, all) {
				t.Errorf("after: indexes %v, want %v", got, all)
			}
		})
	}
}

// TestBulkLoadPanic: the indexes are rebuilt when the load panics.
func TestBulkLoadPanic(t *testing.T) {
	url := testdb.New(t)
	db := open(t, url, store.Options{})
	ctx := context.Background()
	if err := db.SetEmbedder(ctx, "test", 3, false); err != nil {
		t.Fatal(err)
	}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("the panic did not go through BulkLoad")
			}
		}()
		_, _ = db.BulkLoad(ctx, 5, 1, func(context.Context) error { panic("load") })
	}()
	if got, want := searchIndexes(t, url), []string{"paragraphs_embedding_hnsw", "paragraphs_tsv"}; !slices.Equal(got, want) {
		t.Errorf("after a panic: indexes %v, want %v", got, want)
	}
}

// TestBulkLoadHNSWParameters: the configured m and ef_construction are
// those of the index a bulk load builds, a single-connection pool builds
// the full-text side after the graph instead of beside it, and the term
// statistics are rebuilt either way; parameters outside pgvector's limits
// are refused at Open.
func TestBulkLoadHNSWParameters(t *testing.T) {
	tests := []struct {
		name string
		opt  store.Options
		want string
	}{
		{"defaults, two connections", store.Options{}, "m='16', ef_construction='64'"},
		{"configured, one connection", store.Options{MaxConns: 1, HNSWM: 12, HNSWEFConstruction: 40}, "m='12', ef_construction='40'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			url := testdb.New(t)
			db := open(t, url, tt.opt)
			ctx := context.Background()
			if err := db.SetEmbedder(ctx, "test", 3, false); err != nil {
				t.Fatal(err)
			}
			if _, err := db.BulkLoad(ctx, 3, 2, func(ctx context.Context) error {
				_, err := db.ReplaceDocument(ctx, doc("bulk.txt"))
				return err
			}); err != nil {
				t.Fatal(err)
			}
			conn, err := pgx.Connect(ctx, url)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close(ctx)
			var def string
			var stats int
			if err := conn.QueryRow(ctx, `SELECT indexdef, (SELECT count(*) FROM term_stats) FROM pg_indexes
				WHERE indexname = 'paragraphs_embedding_hnsw'`).Scan(&def, &stats); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(def, tt.want) {
				t.Errorf("index %q, want %s", def, tt.want)
			}
			if stats < 2 { // the paragraph count and at least one lexeme
				t.Errorf("%d term statistics rows after the bulk load, want them rebuilt", stats)
			}
		})
	}
	if _, err := store.Open(context.Background(), testdb.New(t), store.Options{HNSWM: 16, HNSWEFConstruction: 16}); !errors.Is(err, letters.ErrInvalid) {
		t.Errorf("Open with ef_construction below 2m: %v, want ErrInvalid", err)
	}
}
