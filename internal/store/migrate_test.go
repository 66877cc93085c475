package store_test

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/letters-app/letters"

	"github.com/jackc/pgx/v5"

	"github.com/letters-app/letters/internal/store"
	"github.com/letters-app/letters/internal/testdb"
)

// TestUpgradeToHalfvec: a corpus embedded before migration 005 (vector
// column, toasted, full-precision HNSW index) comes out with inline
// half-precision vectors, a halfvec HNSW index and the same neighbours.
func TestUpgradeToHalfvec(t *testing.T) {
	ctx := context.Background()
	url := testdb.Empty(t)
	if err := store.MigrateTo(ctx, url, 4); err != nil {
		t.Fatal(err)
	}
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	for _, q := range []string{
		`INSERT INTO embedder_info (name, dimension) VALUES ('test', 3)`,
		`ALTER TABLE paragraphs ALTER COLUMN embedding TYPE vector(3)`,
		`CREATE INDEX paragraphs_embedding_hnsw ON paragraphs USING hnsw (embedding vector_cosine_ops)`,
		`INSERT INTO documents (slug, source_name, source_path, sha256, title, kind, body)
		 VALUES ('d', 'd.txt', '/d.txt', 'x', 'D', 'other', 'b')`,
		`INSERT INTO paragraphs (document_id, ordinal, label, text, start_offset, end_offset, embedding)
		 SELECT d.id, v.* FROM documents d, (VALUES (1, '¶1', 'north', 0, 5, '[1,0,0]'::vector(3)), (2, '¶2', 'east', 6, 10, '[0,1,0]'),
		     (3, '¶3', 'none', 11, 15, NULL)) v`,
	} {
		if _, err := conn.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db := open(t, url, store.Options{}) // migrates to the latest version
	var typ, storage, ops string
	if err := conn.QueryRow(ctx, `SELECT format_type(a.atttypid, a.atttypmod), a.attstorage::text
		FROM pg_attribute a WHERE a.attrelid = 'paragraphs'::regclass AND a.attname = 'embedding'`).Scan(&typ, &storage); err != nil {
		t.Fatal(err)
	}
	if err := conn.QueryRow(ctx, `SELECT o.opcname FROM pg_index i JOIN pg_opclass o ON o.oid = i.indclass[0]
		WHERE i.indexrelid = 'paragraphs_embedding_hnsw'::regclass`).Scan(&ops); err != nil {
		t.Fatalf("HNSW index after the upgrade: %v", err)
	}
	for _, c := range []struct{ what, got, want string }{
		{"column type", typ, "halfvec(3)"},
		{"storage", storage, "p"},
		{"index operator class", ops, "halfvec_cosine_ops"},
	} {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.what, c.got, c.want)
		}
	}
	ps, err := db.Search(ctx, letters.SearchQuery{Vector: []float32{0.1, 0.9, 0}, K: 2, Arms: "vector"})
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 2 || ps[0].Label != "¶2" {
		t.Errorf("nearest after the upgrade = %+v, want ¶2", ps)
	}
	// the stored vector survived the conversion: cosine distance of
	// [0.1 0.9 0] to [0 1 0] is 1 - 0.9/√0.82 ≈ 0.00612
	ds, err := db.VectorNeighbours(ctx, []float32{0.1, 0.9, 0}, 1, 0, true)
	if err != nil || len(ds) != 1 || math.Abs(ds[0]-0.00612) > 1e-3 {
		t.Errorf("distance to the nearest = %v (%v), want ≈ 0.00612", ds, err)
	}
	// a new paragraph is written as a halfvec
	if err := db.SetEmbedder(ctx, "test", 3, false); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ReplaceDocument(ctx, doc("new.txt")); err != nil {
		t.Errorf("write after the upgrade: %v", err)
	}
}

// TestUpgradeToPathIdentity: migration 008 makes the path a document's
// identity: a row without a path takes its file name as one, and two files
// of one name in different folders can then both be stored.
func TestUpgradeToPathIdentity(t *testing.T) {
	ctx := context.Background()
	url := testdb.Empty(t)
	if err := store.MigrateTo(ctx, url, 7); err != nil {
		t.Fatal(err)
	}
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `INSERT INTO documents (slug, source_name, source_path, sha256, title, kind, body)
		VALUES ('d', 'd.txt', '', 'x', 'D', 'other', 'b'), ('e', 'e.txt', '/l/e.txt', 'y', 'E', 'other', 'b')`); err != nil {
		t.Fatal(err)
	}
	db := open(t, url, store.Options{})
	srcs, err := db.Sources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(srcs) != 2 || srcs[0] != (letters.Source{Name: "e.txt", Path: "/l/e.txt"}) || srcs[1] != (letters.Source{Name: "d.txt", Path: "d.txt"}) {
		t.Errorf("sources after the upgrade: %+v", srcs)
	}
	if err := db.SetEmbedder(ctx, "test", 3, false); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{"/a/", "/b/"} {
		nd := doc("same.txt")
		nd.SourcePath = dir + "same.txt"
		nd.Doc.Slug += dir[1:2]
		if _, err := db.ReplaceDocument(ctx, nd); err != nil {
			t.Errorf("%s: %v", nd.SourcePath, err)
		}
	}
	if d, _, _ := db.Counts(ctx); d != 4 {
		t.Errorf("%d documents, want 4 (two named same.txt)", d)
	}
}

// TestUpgradeToPathKeys: migration 014 keys corrections by path, as
// documents are: a correction made by file name goes to every document of
// that name, else to the newest pruned one, else keeps its name as its
// path (collected by gc).
func TestUpgradeToPathKeys(t *testing.T) {
	ctx := context.Background()
	url := testdb.Empty(t)
	if err := store.MigrateTo(ctx, url, 13); err != nil {
		t.Fatal(err)
	}
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	for _, q := range []string{
		`INSERT INTO documents (slug, source_name, source_path, sha256, title, kind, body)
		 VALUES ('x1', 'x.txt', '/l/x.txt', 'a', 'X', 'other', 'b'), ('x2', 'x.txt', '/m/x.txt', 'b', 'X', 'other', 'b')`,
		`INSERT INTO removed_documents (id, source_name, source_path, sha256, slug, paragraph_ids, paragraph_keys, paragraph_texts, removed_at)
		 VALUES (100, 'y.txt', '/old/y.txt', 'c', 'y', '{}', '{}', '{}', now() - interval '1 day'),
		        (101, 'y.txt', '/p/y.txt', 'c', 'y', '{}', '{}', '{}', now())`,
		`INSERT INTO document_overrides (source_name, authority) VALUES ('x.txt', 'X Council'), ('y.txt', 'Y Council'), ('z.txt', 'Z Council')`,
	} {
		if _, err := conn.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	open(t, url, store.Options{})
	rows, err := conn.Query(ctx, `SELECT source_path || ' ' || source_name || ' ' || authority FROM document_overrides ORDER BY source_path`)
	if err != nil {
		t.Fatal(err)
	}
	got, err := pgx.CollectRows(rows, pgx.RowTo[string])
	want := []string{"/l/x.txt x.txt X Council", "/m/x.txt x.txt X Council", "/p/y.txt y.txt Y Council", "z.txt z.txt Z Council"}
	if err != nil || strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("corrections after the upgrade: %q (%v), want %q", got, err, want)
	}
}

// TestUpgradeFromLibraryPlaceholders: a database migrated by the library
// branch before it met main (migrations 8 and 9 were no-ops there, so
// documents were still unique by file name and there was no audit log)
// gets path identity and the audit log from migration 014.
func TestUpgradeFromLibraryPlaceholders(t *testing.T) {
	ctx := context.Background()
	url := testdb.Empty(t)
	if err := store.MigrateTo(ctx, url, 13); err != nil {
		t.Fatal(err)
	}
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	// undo 008 and 009, as the placeholders left the schema
	for _, q := range []string{
		`ALTER TABLE documents DROP CONSTRAINT documents_source_path_key`,
		`DROP INDEX documents_source_name`,
		`ALTER TABLE documents ADD CONSTRAINT documents_source_name_key UNIQUE (source_name)`,
		`DROP TABLE audit_log`,
		`DROP INDEX conversations_user, conversations_created, turns_user, turns_created, feedback_turn, feedback_user,
			feedback_created, sessions_user, api_tokens_user`,
		`INSERT INTO documents (slug, source_name, source_path, sha256, title, kind, body) VALUES ('d', 'd.txt', '', 'x', 'D', 'other', 'b')`,
	} {
		if _, err := conn.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db := open(t, url, store.Options{})
	if err := db.AddAudit(ctx, letters.AuditEntry{User: "alice", Route: "GET /api/conversations/:id"}); err != nil {
		t.Errorf("audit log after the upgrade: %v", err)
	}
	if srcs, err := db.Sources(ctx); err != nil || len(srcs) != 1 || srcs[0].Path != "d.txt" {
		t.Errorf("sources after the upgrade: %+v (%v), want d.txt with its name as its path", srcs, err)
	}
	if err := db.SetEmbedder(ctx, "test", 3, false); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{"/a/", "/b/"} {
		nd := doc("same.txt")
		nd.SourcePath = dir + "same.txt"
		nd.Doc.Slug += dir[1:2]
		if _, err := db.ReplaceDocument(ctx, nd); err != nil {
			t.Errorf("%s: %v", nd.SourcePath, err)
		}
	}
	var n int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM pg_indexes WHERE indexname IN ('conversations_user', 'turns_created', 'api_tokens_user')`).Scan(&n); err != nil || n != 3 {
		t.Errorf("%d of 3 indexes of migration 009 (%v)", n, err)
	}
}
