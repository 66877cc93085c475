package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strconv"

	"github.com/jackc/pgx/v5"

	"github.com/letters-app/letters"
)

// The migrator applies the embedded numbered migrations. It keeps the
// bookkeeping of github.com/jackc/tern/v2, which this code replaced, so a
// database migrated by earlier builds continues where it stopped: a table
// schema_version (version int4 not null) holding one row, the number of the
// last migration applied (0: none), and tern's advisory lock number, so an
// older build starting beside a newer one still waits for it.

// versionTable is tern's bookkeeping table (created as tern created it).
const versionTable = "schema_version"

// migrateLock is tern's advisory lock key (migrate.lockNum in tern v2).
const migrateLock = int64(9628173550095224)

// ErrSchemaTooNew: the database was migrated by a newer build than this one.
var ErrSchemaTooNew = errors.New("database schema is newer than this build of letters")

var migrationName = regexp.MustCompile(`\A(\d+)_.+\.sql\z`)

// migration is one numbered SQL file.
type migration struct {
	version int32
	name    string
	sql     string
}

// loadMigrations reads the files named N_name.sql at the top of fsys,
// numbered 1, 2, … with no gap or duplicate (other files are ignored).
func loadMigrations(fsys fs.FS) ([]migration, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("store: read migrations: %w", err)
	}
	byVersion := map[int32]migration{}
	for _, e := range entries {
		m := migrationName.FindStringSubmatch(e.Name())
		if e.IsDir() || m == nil {
			continue
		}
		n, err := strconv.ParseInt(m[1], 10, 32)
		if err != nil || n < 1 {
			return nil, fmt.Errorf("store: migration %s: bad number", e.Name())
		}
		if prev, ok := byVersion[int32(n)]; ok {
			return nil, fmt.Errorf("store: duplicate migration %d: %s and %s", n, prev.name, e.Name())
		}
		body, err := fs.ReadFile(fsys, e.Name())
		if err != nil {
			return nil, fmt.Errorf("store: read migration %s: %w", e.Name(), err)
		}
		byVersion[int32(n)] = migration{version: int32(n), name: e.Name(), sql: string(body)}
	}
	if len(byVersion) == 0 {
		return nil, errors.New("store: no migrations found")
	}
	ms := make([]migration, 0, len(byVersion))
	for _, m := range byVersion {
		ms = append(ms, m)
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i, m := range ms {
		if m.version != int32(i+1) {
			return nil, fmt.Errorf("store: missing migration %d (next is %s)", i+1, m.name)
		}
	}
	return ms, nil
}

// embeddedMigrations are the migrations built into the binary.
func embeddedMigrations() ([]migration, error) {
	sub, err := fs.Sub(migrationFS, "migrations")
	if err != nil {
		return nil, err
	}
	return loadMigrations(sub)
}

// migrateTo migrates the database at url to a version (0: the latest).
func migrateTo(ctx context.Context, url string, version int32) error {
	ms, err := embeddedMigrations()
	if err != nil {
		return err
	}
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return fmt.Errorf("store: connect for migrations: %w: %w", letters.ErrUnavailable, err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	return migrate(ctx, conn, ms, version)
}

// migrate applies ms on conn up to version target (0: the last of ms). One
// process at a time migrates (an advisory lock); each migration commits in
// one transaction with its version number, so a failure leaves the
// database at the previous version with nothing of the failed one applied.
func migrate(ctx context.Context, conn *pgx.Conn, ms []migration, target int32) (err error) {
	latest := int32(len(ms))
	if target == 0 {
		target = latest
	}
	if target < 0 || target > latest {
		return fmt.Errorf("store: migrate to version %d: outside 0..%d", target, latest)
	}
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, migrateLock); err != nil {
		return wrap("migration lock", err)
	}
	defer func() {
		if _, uerr := conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, migrateLock); uerr != nil && err == nil {
			err = wrap("migration unlock", uerr)
		}
	}()
	// tern's table, made as tern made it
	if _, err := conn.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_version (version int4 NOT NULL)`); err != nil {
		return wrap("migrate: version table", err)
	}
	if _, err := conn.Exec(ctx, `INSERT INTO schema_version (version) SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM schema_version)`); err != nil {
		return wrap("migrate: version table", err)
	}
	var current int32
	if err := conn.QueryRow(ctx, `SELECT version FROM schema_version`).Scan(&current); err != nil {
		return wrap("migrate: current version", err)
	}
	if current > latest {
		return fmt.Errorf("store: database schema version %d, but this build knows migrations up to %d: run a newer letters: %w",
			current, latest, ErrSchemaTooNew)
	}
	if current < 0 || current > target {
		return fmt.Errorf("store: database schema version %d, asked for %d: migrations only go forward", current, target)
	}
	for _, m := range ms[current:target] {
		if err := applyMigration(ctx, conn, m); err != nil {
			return err
		}
	}
	return nil
}

// applyMigration runs one migration and records its version in one transaction.
func applyMigration(ctx context.Context, conn *pgx.Conn, m migration) error {
	return pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		// no arguments: the simple protocol, which runs a file of several statements
		if _, err := tx.Exec(ctx, m.sql); err != nil {
			return wrap("migration "+m.name, err)
		}
		// settings a migration made (search_path…) must not outlive it (tern did the same)
		if _, err := tx.Exec(ctx, `RESET ALL`); err != nil {
			return wrap("migration "+m.name, err)
		}
		if _, err := tx.Exec(ctx, `UPDATE schema_version SET version = $1`, m.version); err != nil {
			return wrap("migration "+m.name+": record version", err)
		}
		return nil
	})
}
