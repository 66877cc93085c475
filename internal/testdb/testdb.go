// Package testdb gives each test its own PostgreSQL database, cloned from a
// template database that is migrated once (CREATE DATABASE … TEMPLATE), and
// dropped when the test ends. The server comes from TEST_DATABASE_URL (make
// test sets it); without it the test fails — a missing database is never a
// silent skip.
package testdb

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/letters-app/letters/internal/store"
)

var (
	once    sync.Once
	tmplErr error
)

// Prefix names this checkout's test databases: LETTERS_TEST_DB_PREFIX, or
// "letters". Two checkouts testing against one server at once set different
// prefixes so that neither migrates nor drops the other's databases.
func Prefix() string {
	if p := os.Getenv("LETTERS_TEST_DB_PREFIX"); p != "" {
		return p
	}
	return "letters"
}

func templateName() string { return Prefix() + "_test_template" }

// URL returns the base test database URL or fails the test.
func URL(t testing.TB) string {
	t.Helper()
	u := os.Getenv("TEST_DATABASE_URL")
	if u == "" {
		t.Fatal("TEST_DATABASE_URL is not set: run the tests with `make test`, which sets up PostgreSQL + pgvector")
	}
	return u
}

func withDB(raw, db string) string {
	u, err := url.Parse(raw)
	if err != nil {
		panic(err)
	}
	u.Path = "/" + db
	return u.String()
}

// New creates a fresh migrated database and returns its URL.
func New(t testing.TB) string {
	t.Helper()
	base := URL(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	once.Do(func() { tmplErr = makeTemplate(ctx, base) })
	if tmplErr != nil {
		t.Fatalf("template database: %v", tmplErr)
	}
	return create(t, base, pgx.Identifier{templateName()}.Sanitize())
}

// Empty creates a database with no schema (for migration tests) and
// returns its URL.
func Empty(t testing.TB) string {
	t.Helper()
	return create(t, URL(t), "template0")
}

// create makes a database from a template, dropped when the test ends.
func create(t testing.TB, base, template string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := Prefix() + "_t_" + hex.EncodeToString(b)
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	defer conn.Close(ctx)
	// CREATE DATABASE … TEMPLATE needs the template free of other sessions
	var lastErr error
	for i := 0; i < 50; i++ {
		_, lastErr = conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()+" TEMPLATE "+template)
		if lastErr == nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if lastErr != nil {
		t.Fatalf("create test database: %v", lastErr)
	}
	t.Cleanup(func() {
		ctx := context.Background()
		c, err := pgx.Connect(ctx, base)
		if err != nil {
			t.Errorf("drop %s: %v", name, err)
			return
		}
		defer c.Close(ctx)
		if _, err := c.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)"); err != nil {
			t.Errorf("drop %s: %v", name, err)
		}
	})
	return withDB(base, name)
}

// makeTemplate (re)creates the migrated template database. Test binaries of
// several packages run at once: an advisory lock serialises them, and each
// re-migrates the template (a no-op when current).
func makeTemplate(ctx context.Context, base string) error {
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock(727272)`); err != nil {
		return err
	}
	defer conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock(727272)`)
	var exists bool
	if err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, templateName()).Scan(&exists); err != nil {
		return err
	}
	if !exists {
		if _, err := conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{templateName()}.Sanitize()); err != nil {
			return fmt.Errorf("create template: %w", err)
		}
	}
	return store.Migrate(ctx, withDB(base, templateName()))
}
