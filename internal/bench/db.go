package bench

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// The benchmark's own databases, made and dropped on the server at
// adminURL. Only the benchmark drops databases; the product never does.

// createDatabase (re)creates database name on the server at adminURL.
func createDatabase(ctx context.Context, adminURL, name string) error {
	conn, err := pgx.Connect(ctx, adminURL)
	if err != nil {
		return wrapDB("create database", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)"); err != nil {
		return wrapDB("drop database", err)
	}
	_, err = conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize())
	return wrapDB("create database", err)
}

// dropDatabase drops database name on the server at adminURL.
func dropDatabase(ctx context.Context, adminURL, name string) error {
	conn, err := pgx.Connect(ctx, adminURL)
	if err != nil {
		return wrapDB("drop database", err)
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)")
	return wrapDB("drop database", err)
}

func wrapDB(op string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("bench: %s: %w", op, err)
}

// hasGraph reports whether the database at url has the HNSW graph: what
// the product's --vector-index auto chose for its corpus.
func hasGraph(ctx context.Context, url string) (bool, error) {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return false, wrapDB("connect", err)
	}
	defer conn.Close(ctx)
	var ok bool
	err = conn.QueryRow(ctx, `SELECT to_regclass('paragraphs_embedding_hnsw') IS NOT NULL`).Scan(&ok)
	return ok, wrapDB("graph", err)
}
