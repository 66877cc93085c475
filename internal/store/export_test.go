package store

import (
	"context"
	"io/fs"

	"github.com/jackc/pgx/v5"
)

// MigrateTo exposes migrateTo to the tests of upgrades.
var MigrateTo = migrateTo

// Wrap exposes wrap to the tests of error classification.
var Wrap = wrap

// LatestVersion exposes latestVersion.
var LatestVersion = latestVersion

// LoadMigrations loads the migrations in fsys and returns their file names in order.
func LoadMigrations(fsys fs.FS) ([]string, error) {
	ms, err := loadMigrations(fsys)
	var names []string
	for _, m := range ms {
		names = append(names, m.name)
	}
	return names, err
}

// EmbeddedSQL returns the SQL of the embedded migrations, in order.
func EmbeddedSQL() ([]string, error) {
	ms, err := embeddedMigrations()
	var sqls []string
	for _, m := range ms {
		sqls = append(sqls, m.sql)
	}
	return sqls, err
}

// MigrateFS migrates the database at url with the migrations in fsys.
func MigrateFS(ctx context.Context, url string, fsys fs.FS, version int32) error {
	ms, err := loadMigrations(fsys)
	if err != nil {
		return err
	}
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	return migrate(ctx, conn, ms, version)
}

// SetExactMax sets the most paragraphs a filter may admit for the exact
// query (exactMaxParagraphs); 0: a filtered search never takes it.
func SetExactMax(db *DB, n int64) { db.exactMax = n }
