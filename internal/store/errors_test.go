package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/letters-app/letters"
	"github.com/letters-app/letters/internal/store"
	"github.com/letters-app/letters/internal/testdb"
)

// TestWrapClassifies: only a database that cannot answer now is
// ErrUnavailable (503); a bad statement or scan is a plain error (500), a
// missing row ErrNotFound, a context error itself. The errors are real
// ones from pgx against the test server (a few server codes that cannot be
// provoked cheaply are made as pgx reports them).
func TestWrapClassifies(t *testing.T) {
	ctx := context.Background()
	url := testdb.New(t)
	pool, err := pgxpool.New(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	closed, err := pgxpool.New(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	closed.Close()
	// nothing listens on port 1
	unreachable, err := pgxpool.New(ctx, "postgres://postgres@127.0.0.1:1/x?sslmode=disable&connect_timeout=5")
	if err != nil {
		t.Fatal(err)
	}
	defer unreachable.Close()
	cancelled, cancel := context.WithCancel(ctx)
	cancel()

	var n int
	for _, tt := range []struct {
		name string
		err  func() error
		want error  // errors.Is must hold (nil: neither sentinel)
		code string // SQLSTATE kept in the chain, when a server error
	}{
		{"syntax error", func() error { _, err := pool.Exec(ctx, `SELEC 1`); return err }, nil, "42601"},
		{"unknown table", func() error { _, err := pool.Exec(ctx, `SELECT * FROM no_such_table`); return err }, nil, "42P01"},
		{"constraint", func() error {
			_, err := pool.Exec(ctx, `INSERT INTO documents (slug) VALUES (NULL)`)
			return err
		}, nil, "23502"},
		{"scan into a wrong type", func() error { return pool.QueryRow(ctx, `SELECT 'x'::text`).Scan(&n) }, nil, ""},
		{"wrong number of arguments", func() error { _, err := pool.Exec(ctx, `SELECT $1::int`); return err }, nil, ""},
		{"no rows", func() error { return pool.QueryRow(ctx, `SELECT 1 WHERE false`).Scan(&n) }, letters.ErrNotFound, ""},
		{"closed pool", func() error { return closed.QueryRow(ctx, `SELECT 1`).Scan(&n) }, letters.ErrUnavailable, ""},
		{"unreachable server", func() error { return unreachable.QueryRow(ctx, `SELECT 1`).Scan(&n) }, letters.ErrUnavailable, ""},
		{"connection terminated", func() error {
			c, err := pgx.Connect(ctx, url)
			if err != nil {
				return err
			}
			defer c.Close(ctx)
			_, err = c.Exec(ctx, `SELECT pg_terminate_backend(pg_backend_pid())`)
			return err
		}, letters.ErrUnavailable, "57P01"},
		{"statement timeout", func() error {
			return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
				if _, err := tx.Exec(ctx, `SET LOCAL statement_timeout = 10`); err != nil {
					return err
				}
				_, err := tx.Exec(ctx, `SELECT pg_sleep(1)`)
				return err
			})
		}, letters.ErrUnavailable, "57014"},
		{"too many connections", func() error { return &pgconn.PgError{Code: "53300", Message: "sorry, too many clients already"} }, letters.ErrUnavailable, "53300"},
		{"serialization failure", func() error { return &pgconn.PgError{Code: "40001"} }, letters.ErrUnavailable, "40001"},
		{"cannot connect now", func() error { return &pgconn.PgError{Code: "57P03"} }, letters.ErrUnavailable, "57P03"},
		{"cancelled by the caller", func() error { _, err := pool.Exec(cancelled, `SELECT 1`); return err }, context.Canceled, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			raw := tt.err()
			if raw == nil {
				t.Fatal("the operation did not fail")
			}
			got := store.Wrap("op", raw)
			for _, s := range []error{letters.ErrUnavailable, letters.ErrNotFound} {
				if is, want := errors.Is(got, s), s == tt.want; is != want {
					t.Errorf("errors.Is(%v, %v) = %v, want %v", got, s, is, want)
				}
			}
			if tt.want != nil && !errors.Is(got, tt.want) {
				t.Errorf("got %v, want it to be %v", got, tt.want)
			}
			var pgErr *pgconn.PgError
			if tt.code != "" && (!errors.As(got, &pgErr) || pgErr.Code != tt.code) {
				t.Errorf("got %v, want SQLSTATE %s kept", got, tt.code)
			}
			if !strings.HasPrefix(got.Error(), "store: op: ") {
				t.Errorf("got %q, want it prefixed with the operation", got)
			}
		})
	}
	if store.Wrap("op", nil) != nil {
		t.Error("Wrap(nil) != nil")
	}
}

// TestOperationErrors: through the store's own methods, a closed store is
// unavailable (503), a bad argument is not.
func TestOperationErrors(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, testdb.New(t), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SetEmbedder(ctx, "x", 0, false); !errors.Is(err, letters.ErrInvalid) || errors.Is(err, letters.ErrUnavailable) {
		t.Errorf("dimension 0: err = %v, want ErrInvalid only", err)
	}
	db.Close()
	for _, tt := range []struct {
		name string
		err  error
	}{
		{"ping", db.Ping(ctx)},
		{"corpus version", func() error { _, _, err := db.CorpusVersion(ctx); return err }()},
		{"embedder info", func() error { _, _, err := db.EmbedderInfo(ctx); return err }()},
		{"missing indexes", func() error { _, err := db.MissingSearchIndexes(ctx); return err }()},
	} {
		if !errors.Is(tt.err, letters.ErrUnavailable) {
			t.Errorf("%s on a closed store: err = %v, want ErrUnavailable", tt.name, tt.err)
		}
	}
	if _, err := store.Open(ctx, "postgres://postgres@127.0.0.1:1/x?sslmode=disable&connect_timeout=5", store.Options{}); !errors.Is(err, letters.ErrUnavailable) {
		t.Errorf("open an unreachable server: err = %v, want ErrUnavailable", err)
	}
}
