package store_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/jackc/pgx/v5"

	"github.com/letters-app/letters/internal/store"
	"github.com/letters-app/letters/internal/testdb"
)

func file(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }

// TestLoadMigrations: files are numbered 1, 2, … with no gap or duplicate;
// other files are ignored.
func TestLoadMigrations(t *testing.T) {
	for _, tt := range []struct {
		name    string
		fs      fstest.MapFS
		want    string // names joined by spaces
		wantErr string
	}{
		{"contiguous", fstest.MapFS{"002_b.sql": file("b"), "001_a.sql": file("a"), "README.md": file("x"), "3_c.sql": file("c")},
			"001_a.sql 002_b.sql 3_c.sql", ""},
		{"gap", fstest.MapFS{"001_a.sql": file("a"), "003_c.sql": file("c")}, "", "missing migration 2"},
		{"not from one", fstest.MapFS{"002_b.sql": file("b")}, "", "missing migration 1"},
		{"duplicate", fstest.MapFS{"001_a.sql": file("a"), "1_b.sql": file("b")}, "", "duplicate migration 1"},
		{"zero", fstest.MapFS{"000_a.sql": file("a")}, "", "bad number"},
		{"none", fstest.MapFS{"notes.txt": file("a")}, "", "no migrations"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			names, err := store.LoadMigrations(tt.fs)
			got := strings.Join(names, " ")
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("got %q, err %v; want error containing %q", got, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("got %q (%v), want %q", got, err, tt.want)
			}
		})
	}
	sqls, err := store.EmbeddedSQL()
	if err != nil || len(sqls) != store.LatestVersion() {
		t.Errorf("embedded migrations: %d (%v), want %d", len(sqls), err, store.LatestVersion())
	}
}

// versionRows returns the rows of schema_version and the table's columns.
func versionRows(t *testing.T, conn *pgx.Conn) ([]int32, string) {
	t.Helper()
	ctx := context.Background()
	rows, err := conn.Query(ctx, `SELECT version FROM schema_version`)
	if err != nil {
		t.Fatal(err)
	}
	vs, err := pgx.CollectRows(rows, pgx.RowTo[int32])
	if err != nil {
		t.Fatal(err)
	}
	var cols string
	if err := conn.QueryRow(ctx, `SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod) || CASE WHEN attnotnull THEN ' not null' ELSE '' END, ', ' ORDER BY attnum)
		FROM pg_attribute WHERE attrelid = 'schema_version'::regclass AND attnum > 0 AND NOT attisdropped`).Scan(&cols); err != nil {
		t.Fatal(err)
	}
	return vs, cols
}

func connect(t *testing.T, url string) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

// TestMigrateContinuesTernDatabase: a database migrated by the tern-based
// builds (tern's schema_version table, one row, at some version) is
// continued from that version: nothing is applied twice, the table keeps
// its shape and ends at the latest version.
func TestMigrateContinuesTernDatabase(t *testing.T) {
	ctx := context.Background()
	sqls, err := store.EmbeddedSQL()
	if err != nil {
		t.Fatal(err)
	}
	latest := int32(len(sqls))
	for _, at := range []int32{0, 9, latest} {
		t.Run("", func(t *testing.T) {
			url := testdb.Empty(t)
			conn := connect(t, url)
			// tern v2's ensureSchemaVersionTableExists, verbatim
			if _, err := conn.Exec(ctx, `
    create table if not exists schema_version(version int4 not null);

    insert into schema_version(version)
    select 0
    where 0=(select count(*) from schema_version);
  `); err != nil {
				t.Fatal(err)
			}
			// then its MigrateTo: each file, and the version
			for i, sql := range sqls[:at] {
				if _, err := conn.Exec(ctx, sql); err != nil {
					t.Fatalf("migration %d: %v", i+1, err)
				}
				if _, err := conn.Exec(ctx, "update schema_version set version=$1", int32(i+1)); err != nil {
					t.Fatal(err)
				}
			}
			if err := store.Migrate(ctx, url); err != nil { // a re-applied migration fails (its tables exist)
				t.Fatalf("migrate from tern's version %d: %v", at, err)
			}
			if err := store.Migrate(ctx, url); err != nil {
				t.Fatalf("second migrate: %v", err)
			}
			vs, cols := versionRows(t, conn)
			if len(vs) != 1 || vs[0] != latest {
				t.Errorf("schema_version rows = %v, want [%d]", vs, latest)
			}
			if want := "version integer not null"; cols != want {
				t.Errorf("schema_version columns = %q, want %q", cols, want)
			}
			db := open(t, url, store.Options{})
			if err := db.Ping(ctx); err != nil {
				t.Errorf("ping after migrating from %d: %v", at, err)
			}
		})
	}
}

// TestMigrateRefusesNewerDatabase: a database a newer build migrated is
// refused, and left as it was.
func TestMigrateRefusesNewerDatabase(t *testing.T) {
	ctx := context.Background()
	url := testdb.New(t)
	conn := connect(t, url)
	newer := int32(store.LatestVersion() + 1)
	if _, err := conn.Exec(ctx, `UPDATE schema_version SET version = $1`, newer); err != nil {
		t.Fatal(err)
	}
	err := store.Migrate(ctx, url)
	if !errors.Is(err, store.ErrSchemaTooNew) || !strings.Contains(err.Error(), "run a newer letters") {
		t.Errorf("migrate a newer database: err = %v, want ErrSchemaTooNew saying to run a newer letters", err)
	}
	if _, err := store.Open(ctx, url, store.Options{}); !errors.Is(err, store.ErrSchemaTooNew) {
		t.Errorf("open a newer database: err = %v, want ErrSchemaTooNew", err)
	}
	if vs, _ := versionRows(t, conn); len(vs) != 1 || vs[0] != newer {
		t.Errorf("schema_version = %v, want [%d] untouched", vs, newer)
	}
}

// TestMigrationIsAtomic: a migration that fails leaves nothing of itself
// and the version at the one before; the next run starts from there.
func TestMigrationIsAtomic(t *testing.T) {
	ctx := context.Background()
	url := testdb.Empty(t)
	conn := connect(t, url)
	bad := fstest.MapFS{
		"001_a.sql": file("CREATE TABLE a (x int);"),
		"002_b.sql": file("CREATE TABLE b (x int);\nINSERT INTO b VALUES (1/0);"),
	}
	if err := store.MigrateFS(ctx, url, bad, 0); err == nil || !strings.Contains(err.Error(), "002_b.sql") {
		t.Fatalf("failing migration: err = %v, want one naming 002_b.sql", err)
	}
	var a, b bool
	if err := conn.QueryRow(ctx, `SELECT to_regclass('a') IS NOT NULL, to_regclass('b') IS NOT NULL`).Scan(&a, &b); err != nil {
		t.Fatal(err)
	}
	vs, _ := versionRows(t, conn)
	if !a || b || len(vs) != 1 || vs[0] != 1 {
		t.Errorf("after a failed migration 2: table a %v, table b %v, version %v; want a only, version [1]", a, b, vs)
	}
	good := fstest.MapFS{"001_a.sql": bad["001_a.sql"], "002_b.sql": file("CREATE TABLE b (x int);")}
	if err := store.MigrateFS(ctx, url, good, 0); err != nil {
		t.Fatalf("fixed migration: %v", err)
	}
	if vs, _ := versionRows(t, conn); len(vs) != 1 || vs[0] != 2 {
		t.Errorf("version after the fix = %v, want [2]", vs)
	}
	if err := store.MigrateFS(ctx, url, good, 1); err == nil {
		t.Error("migrating back to 1 succeeded; migrations only go forward")
	}
}

// TestConcurrentMigrate: servers starting together on an empty database
// all succeed (one migrates, the others wait and find it current).
func TestConcurrentMigrate(t *testing.T) {
	ctx := context.Background()
	url := testdb.Empty(t)
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Go(func() { errs[i] = store.Migrate(ctx, url) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("migrate %d: %v", i, err)
		}
	}
	if vs, _ := versionRows(t, connect(t, url)); len(vs) != 1 || vs[0] != int32(store.LatestVersion()) {
		t.Errorf("schema_version = %v, want [%d]", vs, store.LatestVersion())
	}
}
