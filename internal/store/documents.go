package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/letters-app/letters"

	"github.com/jackc/pgx/v5"
	"github.com/pgvector/pgvector-go"
)

// SourceHash returns the content hash stored for the document of a file
// (its absolute path).
func (db *DB) SourceHash(ctx context.Context, path string) (string, bool, error) {
	var sha string
	err := db.pool.QueryRow(ctx, `SELECT sha256 FROM documents WHERE source_path = $1`, path).Scan(&sha)
	if err == pgx.ErrNoRows {
		return "", false, nil
	}
	if err != nil {
		return "", false, wrap("source hash", err)
	}
	return sha, true, nil
}

// PathsWithHash returns the source paths of the documents whose file had
// this content (sha256), in path order.
func (db *DB) PathsWithHash(ctx context.Context, sha string) ([]string, error) {
	rows, err := db.pool.Query(ctx, `SELECT source_path FROM documents WHERE sha256 = $1 ORDER BY source_path`, sha)
	if err != nil {
		return nil, wrap("paths with hash", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	return out, wrap("paths with hash", err)
}

// ReplaceDocument writes a document in one transaction, replacing any
// earlier version from the same file (path), and the document at
// nd.Replaces: either all of it is committed or none of it. It returns the
// new document id.
func (db *DB) ReplaceDocument(ctx context.Context, nd letters.NewDocument) (int64, error) {
	if len(nd.Vectors) != len(nd.Paragraphs) {
		return 0, fmt.Errorf("store: %d vectors for %d paragraphs: %w", len(nd.Vectors), len(nd.Paragraphs), letters.ErrInvalid)
	}
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return 0, wrap("begin", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	d := nd.Doc
	// the old version's term statistics leave with it: read them before the
	// delete, and write the net change once the new paragraphs are in
	var oldLex []string
	var oldDF []int64
	replaced := []string{nd.SourcePath}
	if nd.Replaces != "" && nd.Replaces != nd.SourcePath {
		replaced = append(replaced, nd.Replaces)
	}
	// a second writer of the same file (another ingest process) waits for
	// the first to commit and then replaces its version: without the lock
	// both deleted nothing and the second failed on the unique path. Locks
	// are taken in path order, so two writers cannot deadlock.
	slices.Sort(replaced)
	for _, path := range replaced {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('letters.source:' || $1))`, path); err != nil {
			return 0, wrap("source lock", err)
		}
	}
	// the version this one replaces (the file's own, else the one whose
	// file moved here), if any: a new file, as every file of a first load
	// is, has none, and the old version's reads below are skipped (planned
	// on a table's statistics from when it was nearly empty, they read all
	// of paragraphs, a cost that grew with every letter of a bulk load)
	var oldID int64
	switch err := tx.QueryRow(ctx, `SELECT id FROM documents WHERE source_path = ANY($1) ORDER BY source_path = $2 DESC LIMIT 1`,
		replaced, nd.SourcePath).Scan(&oldID); {
	case errors.Is(err, pgx.ErrNoRows):
	case err != nil:
		return 0, wrap("old version", err)
	}
	var oldKeys, oldTexts []string
	if oldID != 0 {
		if err := tx.QueryRow(ctx, `SELECT coalesce(array_agg(lexeme), '{}'), coalesce(array_agg(df), '{}') FROM (`+termCountsSQL+`) c`,
			nil, replaced).Scan(&oldLex, &oldDF); err != nil {
			return 0, wrap("old term statistics", err)
		}
		// the old version's paragraph keys, which its unchanged paragraphs
		// keep
		if err := tx.QueryRow(ctx, `SELECT coalesce(array_agg(coalesce(p.key, d.slug || '#' || p.label) ORDER BY p.ordinal), '{}'),
				coalesce(array_agg(p.text ORDER BY p.ordinal), '{}')
			FROM paragraphs p JOIN documents d ON d.id = p.document_id
			WHERE d.id = $1`, oldID).Scan(&oldKeys, &oldTexts); err != nil {
			return 0, wrap("old paragraph keys", err)
		}
	}
	// no live version: a pruned one kept until gc gives its keys, and when
	// the file is unchanged its ids too (the prune is undone). It is the
	// one pruned from this path (or the path the file moved from), else,
	// for the same bytes under the same file name, one pruned from another
	// folder (the file was moved while its document was pruned). FOR
	// UPDATE: two files of one run cannot both take it.
	var reuseID, removedID int64
	var reuseParas []int64
	movedFrom := nd.Replaces // whose corrections follow the file here
	if len(oldKeys) == 0 {
		var rsha, rpath string
		err := tx.QueryRow(ctx, `SELECT id, source_path, sha256, paragraph_ids, paragraph_keys, paragraph_texts FROM removed_documents
			WHERE source_path = ANY($1) OR (source_name = $2 AND sha256 = $3)
			ORDER BY source_path = ANY($1) DESC, removed_at DESC, id DESC LIMIT 1 FOR UPDATE`,
			replaced, d.SourceName, d.SHA256).Scan(&removedID, &rpath, &rsha, &reuseParas, &oldKeys, &oldTexts)
		if err == nil && !slices.Contains(replaced, rpath) {
			movedFrom = rpath
		}
		switch {
		case errors.Is(err, pgx.ErrNoRows):
		case err != nil:
			return 0, wrap("removed version", err)
		case rsha == d.SHA256 && len(reuseParas) == len(nd.Paragraphs):
			reuseID = removedID
		}
		if reuseID == 0 {
			reuseParas = nil
		}
	}
	if _, err := tx.Exec(ctx, `DELETE FROM removed_documents WHERE source_path = ANY($1) OR id = $2`, replaced, removedID); err != nil {
		return 0, wrap("removed version", err)
	}
	// corrections made to the document of the path the file moved from
	// follow it, unless its new path has corrections of its own
	if movedFrom != "" && movedFrom != nd.SourcePath {
		if _, err := tx.Exec(ctx, `UPDATE document_overrides SET source_path = $2 WHERE source_path = $1
			AND NOT EXISTS (SELECT 1 FROM document_overrides WHERE source_path = $2)`, movedFrom, nd.SourcePath); err != nil {
			return 0, wrap("move corrections", err)
		}
	}
	if _, err := tx.Exec(ctx, `DELETE FROM documents WHERE source_path = ANY($1)`, replaced); err != nil {
		return 0, wrap("delete old version", err)
	}
	// a slug taken by another file gets the content hash appended; the
	// lock makes a second writer of the same slug wait for the first to
	// commit and then see it (two workers both found it free and one failed
	// on the unique index)
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('letters.slug:' || $1))`, d.Slug); err != nil {
		return 0, wrap("slug lock", err)
	}
	var taken bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM documents WHERE slug = $1)`, d.Slug).Scan(&taken); err != nil {
		return 0, wrap("slug", err)
	}
	if taken {
		d.Slug += "-" + d.SHA256[:8]
	}
	inspectors := d.Inspectors
	if inspectors == nil {
		inspectors = []string{}
	}
	var id int64
	err = tx.QueryRow(ctx, `INSERT INTO documents (id, slug, source_name, source_path, sha256, title, kind, authority,
			letter_date, visit_start, visit_end, recipient, inspectors, body, paragraph_count)
		VALUES (coalesce($15, nextval('documents_id_seq')), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
		d.Slug, d.SourceName, nd.SourcePath, d.SHA256, d.Title, d.Kind, d.Authority,
		d.LetterDate, d.VisitStart, d.VisitEnd, d.Recipient, inspectors, d.Body, len(nd.Paragraphs), nullID(reuseID)).Scan(&id)
	if err != nil {
		return 0, wrap("insert document", err)
	}
	// an editor's corrections of this file's details outlive its versions
	if _, err := tx.Exec(ctx, `UPDATE documents d SET title = coalesce(o.title, d.title), kind = coalesce(o.kind, d.kind),
			authority = coalesce(o.authority, d.authority), letter_date = coalesce(o.letter_date, d.letter_date),
			visit_start = coalesce(o.visit_start, d.visit_start), visit_end = coalesce(o.visit_end, d.visit_end)
		FROM document_overrides o WHERE d.id = $1 AND o.source_path = d.source_path`, id); err != nil {
		return 0, wrap("apply corrections", err)
	}
	keys := paragraphKeys(d.Slug, nd.Paragraphs, oldKeys, oldTexts)
	rows := make([][]any, len(nd.Paragraphs))
	for i, p := range nd.Paragraphs {
		var emb any
		if v := nd.Vectors[i]; v != nil {
			emb = pgvector.NewHalfVector(v)
		}
		rows[i] = []any{id, p.Ordinal, p.Label, p.Section, p.Text, p.StartOffset, p.EndOffset, emb, keys[i]}
	}
	cols := []string{"document_id", "ordinal", "label", "section", "text", "start_offset", "end_offset", "embedding", "key"}
	if reuseParas != nil {
		cols = append(cols, "id")
		for i := range rows {
			rows[i] = append(rows[i], reuseParas[i])
		}
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"paragraphs"}, cols,
		pgx.CopyFromRows(rows)); err != nil {
		return 0, wrap("copy paragraphs", err)
	}
	if _, err := tx.Exec(ctx, termDeltaSQL, []int64{id}, nil, oldLex, oldDF); err != nil {
		return 0, wrap("term statistics", err)
	}
	if len(nd.Glossary) > 0 {
		acr, exp := make([]string, len(nd.Glossary)), make([]string, len(nd.Glossary))
		for i, g := range nd.Glossary {
			acr[i], exp[i] = g.Acronym, g.Expansion
		}
		// one statement for all of them (an entry repeated is kept once,
		// as before)
		if _, err := tx.Exec(ctx, `INSERT INTO glossary (acronym, expansion, document_id)
			SELECT a, e, $3 FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS g(a, e, n) ORDER BY n
			ON CONFLICT DO NOTHING`, acr, exp, id); err != nil {
			return 0, wrap("insert glossary", err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return 0, wrap("commit", err)
	}
	return id, nil
}

func nullID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

// paragraphKeys gives each paragraph of a new version its citation key: a
// paragraph whose text is unchanged from the old version (oldKeys and
// oldTexts, in order) keeps its old key, matched in order so that repeated
// text keeps its keys in turn; any other paragraph gets slug#label, or,
// when a kept key already holds that, slug#label-2, -3… (its number moved
// onto a paragraph that kept its own key).
func paragraphKeys(slug string, ps []letters.Paragraph, oldKeys, oldTexts []string) []string {
	byText := make(map[string][]string)
	for i, t := range oldTexts {
		byText[t] = append(byText[t], oldKeys[i])
	}
	keys := make([]string, len(ps))
	taken := make(map[string]bool, len(ps))
	for i, p := range ps {
		if q := byText[p.Text]; len(q) > 0 {
			keys[i], byText[p.Text] = q[0], q[1:]
			taken[keys[i]] = true
		}
	}
	for i, p := range ps {
		if keys[i] != "" {
			continue
		}
		k := letters.Key(slug, p.Label)
		for n := 2; taken[k]; n++ {
			k = fmt.Sprintf("%s-%d", letters.Key(slug, p.Label), n)
		}
		keys[i] = k
		taken[k] = true
	}
	return keys
}

// termCountsSQL counts, for the documents with ids $1 or the file paths
// $2, the paragraphs containing each lexeme, and the paragraphs
// themselves under the empty lexeme. While a bulk load has the search
// indexes dropped it counts nothing: the statistics are rebuilt with the
// indexes (EnsureSearchIndexes). The documents' paragraphs are read by
// their document ids as an array (an index scan, nothing for none): as a
// semi-join, planned on statistics from when the table was nearly empty,
// it could read all of paragraphs for each letter of a bulk load.
const termCountsSQL = `
    WITH docs AS (
        SELECT id FROM documents
        WHERE (id = ANY($1::bigint[]) OR source_path = ANY($2::text[])) AND to_regclass('paragraphs_tsv') IS NOT NULL
    )
    SELECT l AS lexeme, count(*) AS df
    FROM paragraphs p, unnest(tsvector_to_array(p.tsv)) l
    WHERE p.document_id = ANY(ARRAY(SELECT id FROM docs)) GROUP BY l
    UNION ALL
    SELECT '', count(*) FROM paragraphs p WHERE p.document_id = ANY(ARRAY(SELECT id FROM docs)) HAVING count(*) > 0`

// termDeltaSQL adds the term counts of the documents $1 to the statistics
// and takes away the counts in $3/$4 (the versions they replaced), as one upsert in
// lexeme order: concurrent writers lock the rows they share in the same
// order, so they wait for each other but cannot deadlock.
const termDeltaSQL = `
INSERT INTO term_stats (lexeme, df)
SELECT lexeme, sum(df) FROM (
    SELECT lexeme, df FROM (` + termCountsSQL + `) c
    UNION ALL
    SELECT o.lexeme, -o.df FROM unnest($3::text[], $4::bigint[]) AS o(lexeme, df)
) d
GROUP BY lexeme HAVING sum(df) <> 0
ORDER BY lexeme
ON CONFLICT (lexeme) DO UPDATE SET df = term_stats.df + EXCLUDED.df`

// Sources lists every document's file name and path, by path.
func (db *DB) Sources(ctx context.Context) ([]letters.Source, error) {
	rows, err := db.pool.Query(ctx, `SELECT source_name, source_path FROM documents ORDER BY source_path`)
	if err != nil {
		return nil, wrap("sources", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (letters.Source, error) {
		var s letters.Source
		err := r.Scan(&s.Name, &s.Path)
		return s, err
	})
	return out, wrap("sources", err)
}

// SetSourcePath records that an unchanged document's file moved from
// oldPath to path (same file name); an editor's corrections of it go with
// it, unless path has corrections of its own.
func (db *DB) SetSourcePath(ctx context.Context, oldPath, path string) error {
	if oldPath == path {
		return nil
	}
	err := pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE documents SET source_path = $2 WHERE source_path = $1`, oldPath, path)
		if err != nil || tag.RowsAffected() == 0 {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE document_overrides SET source_path = $2 WHERE source_path = $1
			AND NOT EXISTS (SELECT 1 FROM document_overrides WHERE source_path = $2)`, oldPath, path)
		return err
	})
	return wrap("set source path", err)
}

// Prune removes the documents of these files (paths, and no others) from
// the corpus and returns the paths it removed. They are soft-deleted:
// their ids and paragraph keys are kept until CollectRemoved, and
// ingesting the same file again brings the same document back.
func (db *DB) Prune(ctx context.Context, remove []string) ([]string, error) {
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return nil, wrap("prune", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	var ids []int64
	if err := tx.QueryRow(ctx, `SELECT coalesce(array_agg(id ORDER BY id), '{}') FROM documents WHERE source_path = ANY($1)`,
		remove).Scan(&ids); err != nil {
		return nil, wrap("prune", err)
	}
	if len(ids) == 0 {
		return nil, nil
	}
	if _, err := tx.Exec(ctx, `
		INSERT INTO term_stats (lexeme, df)
		SELECT lexeme, -df FROM (`+termCountsSQL+`) c ORDER BY lexeme
		ON CONFLICT (lexeme) DO UPDATE SET df = term_stats.df + EXCLUDED.df`, ids, nil); err != nil {
		return nil, wrap("prune term statistics", err)
	}
	// soft delete: what identifies them is kept until gc (CollectRemoved)
	if _, err := tx.Exec(ctx, `INSERT INTO removed_documents (id, source_name, source_path, sha256, slug, paragraph_ids, paragraph_keys, paragraph_texts)
		SELECT d.id, d.source_name, d.source_path, d.sha256, d.slug,
			coalesce(array_agg(p.id ORDER BY p.ordinal) FILTER (WHERE p.id IS NOT NULL), '{}'),
			coalesce(array_agg(coalesce(p.key, d.slug || '#' || p.label) ORDER BY p.ordinal) FILTER (WHERE p.id IS NOT NULL), '{}'),
			coalesce(array_agg(p.text ORDER BY p.ordinal) FILTER (WHERE p.id IS NOT NULL), '{}')
		FROM documents d LEFT JOIN paragraphs p ON p.document_id = d.id WHERE d.id = ANY($1)
		GROUP BY d.id
		ON CONFLICT (id) DO NOTHING`, ids); err != nil {
		return nil, wrap("keep pruned documents", err)
	}
	rows, err := tx.Query(ctx, `DELETE FROM documents WHERE id = ANY($1) RETURNING source_path`, ids)
	if err != nil {
		return nil, wrap("prune", err)
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, wrap("prune", err)
	}
	return names, wrap("prune", tx.Commit(ctx))
}

// ParagraphTexts calls fn with batches of (paragraph id, text) for every
// paragraph, for re-embedding.
func (db *DB) ParagraphTexts(ctx context.Context) ([]int64, []string, error) {
	rows, err := db.pool.Query(ctx, `SELECT id, text FROM paragraphs ORDER BY id`)
	if err != nil {
		return nil, nil, wrap("paragraph texts", err)
	}
	defer rows.Close()
	var ids []int64
	var texts []string
	for rows.Next() {
		var id int64
		var t string
		if err := rows.Scan(&id, &t); err != nil {
			return nil, nil, wrap("paragraph texts", err)
		}
		ids = append(ids, id)
		texts = append(texts, t)
	}
	return ids, texts, wrap("paragraph texts", rows.Err())
}

// SetEmbeddings stores embeddings by paragraph id in one transaction.
func (db *DB) SetEmbeddings(ctx context.Context, ids []int64, vecs [][]float32) error {
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return wrap("set embeddings", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	b := &pgx.Batch{}
	for i, id := range ids {
		var emb any
		if vecs[i] != nil {
			emb = pgvector.NewHalfVector(vecs[i])
		}
		b.Queue(`UPDATE paragraphs SET embedding = $1 WHERE id = $2`, emb, id)
	}
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return wrap("set embeddings", err)
	}
	return wrap("set embeddings", tx.Commit(ctx))
}

const docColumns = `d.id, d.slug, d.source_name, d.sha256, d.title, d.kind, d.authority, d.letter_date,
	d.visit_start, d.visit_end, d.recipient, d.inspectors, d.ingested_at, d.paragraph_count,
	coalesce(` + futureDatedSQL + `, false)`

// futureDatedSQL is true for a document d dated more than a day after it
// was ingested (the day's slack covers time zones): a mistake or a fake,
// flagged in the documents list and never taken as the latest.
const futureDatedSQL = `d.letter_date > (d.ingested_at + interval '1 day')::date`

func scanDoc(row pgx.Row, d *letters.Document) error {
	return row.Scan(docDest(d)...)
}

// docDest are the scan destinations of docColumns, in order.
func docDest(d *letters.Document) []any {
	return []any{&d.ID, &d.Slug, &d.SourceName, &d.SHA256, &d.Title, &d.Kind, &d.Authority, &d.LetterDate,
		&d.VisitStart, &d.VisitEnd, &d.Recipient, &d.Inspectors, &d.IngestedAt, &d.Paragraphs, &d.FutureDated}
}

// Documents lists documents, newest letter first.
func (db *DB) Documents(ctx context.Context) ([]letters.Document, error) {
	rows, err := db.read.Query(ctx, `SELECT `+docColumns+` FROM documents d ORDER BY d.letter_date DESC NULLS LAST, d.id`)
	if err != nil {
		return nil, wrap("documents", err)
	}
	defer rows.Close()
	var out []letters.Document
	for rows.Next() {
		var d letters.Document
		if err := scanDoc(rows, &d); err != nil {
			return nil, wrap("documents", err)
		}
		out = append(out, d)
	}
	return out, wrap("documents", rows.Err())
}

// Document returns one document with its body and paragraphs.
func (db *DB) Document(ctx context.Context, id int64) (letters.Document, []letters.Paragraph, error) {
	var d letters.Document
	if err := scanDoc(db.read.QueryRow(ctx, `SELECT `+docColumns+` FROM documents d WHERE d.id = $1`, id), &d); err != nil {
		return d, nil, wrap("document", err)
	}
	if err := db.read.QueryRow(ctx, `SELECT body FROM documents WHERE id = $1`, id).Scan(&d.Body); err != nil {
		return d, nil, wrap("document body", err)
	}
	rows, err := db.read.Query(ctx, `SELECT p.id, p.document_id, p.ordinal, p.label, p.section, p.text, p.start_offset, p.end_offset,
			`+keyColumn+`
		FROM paragraphs p JOIN documents d ON d.id = p.document_id WHERE p.document_id = $1 ORDER BY p.ordinal`, id)
	if err != nil {
		return d, nil, wrap("paragraphs", err)
	}
	ps, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (letters.Paragraph, error) {
		var p letters.Paragraph
		err := r.Scan(&p.ID, &p.DocumentID, &p.Ordinal, &p.Label, &p.Section, &p.Text, &p.StartOffset, &p.EndOffset, &p.Key)
		return p, err
	})
	return d, ps, wrap("paragraphs", err)
}

// Paragraph returns one paragraph with its document reference.
func (db *DB) Paragraph(ctx context.Context, id int64) (letters.Passage, error) {
	var p letters.Passage
	var date *time.Time
	err := db.read.QueryRow(ctx, `SELECT p.id, p.document_id, p.ordinal, p.label, p.section, p.text, p.start_offset, p.end_offset,
			d.slug, d.title, d.kind, d.authority, d.letter_date, d.source_name, `+keyColumn+`
		FROM paragraphs p JOIN documents d ON d.id = p.document_id WHERE p.id = $1`, id).Scan(
		&p.ID, &p.DocumentID, &p.Ordinal, &p.Label, &p.Section, &p.Text, &p.StartOffset, &p.EndOffset,
		&p.Document.Slug, &p.Document.Title, &p.Document.Kind, &p.Document.Authority, &date, &p.Document.SourceName, &p.Key)
	if err != nil {
		return p, wrap("paragraph", err)
	}
	fillRef(&p, date)
	return p, nil
}

func fillRef(p *letters.Passage, date *time.Time) {
	p.Document.ID = p.DocumentID
	if date != nil {
		p.Document.Date = date.Format("2006-01-02")
	}
	p.Key = letters.ParagraphKey(p.Document.Slug, p.Paragraph)
}

// fillVisit sets a passage's document's visit dates, as read.
func fillVisit(p *letters.Passage, start, end *time.Time) {
	if start != nil {
		p.Document.VisitStart = start.Format("2006-01-02")
	}
	if end != nil {
		p.Document.VisitEnd = end.Format("2006-01-02")
	}
}

// keyColumn is a paragraph p's citation key (of document d): the stored
// one, else slug#label.
const keyColumn = `coalesce(p.key, d.slug || '#' || p.label)`

// ParagraphsByKey returns the paragraphs now under the citation keys, by
// key (keys no paragraph holds are absent).
func (db *DB) ParagraphsByKey(ctx context.Context, keys []string) (map[string]letters.Passage, error) {
	out := make(map[string]letters.Passage, len(keys))
	if len(keys) == 0 {
		return out, nil
	}
	rows, err := db.read.Query(ctx, `SELECT p.id, p.document_id, p.ordinal, p.label, p.section, p.text, p.start_offset, p.end_offset,
			d.slug, d.title, d.kind, d.authority, d.letter_date, d.source_name, `+keyColumn+`
		FROM paragraphs p JOIN documents d ON d.id = p.document_id
		WHERE p.key = ANY($1) OR (p.key IS NULL AND d.slug || '#' || p.label = ANY($1))`, keys)
	if err != nil {
		return nil, wrap("paragraphs by key", err)
	}
	defer rows.Close()
	for rows.Next() {
		var p letters.Passage
		var date *time.Time
		if err := rows.Scan(&p.ID, &p.DocumentID, &p.Ordinal, &p.Label, &p.Section, &p.Text, &p.StartOffset, &p.EndOffset,
			&p.Document.Slug, &p.Document.Title, &p.Document.Kind, &p.Document.Authority, &date, &p.Document.SourceName, &p.Key); err != nil {
			return nil, wrap("paragraphs by key", err)
		}
		fillRef(&p, date)
		out[p.Key] = p
	}
	return out, wrap("paragraphs by key", rows.Err())
}

// FrontMatter returns the front-matter paragraph (¶H1: a letterhead's date
// and addressee, a front sheet's fields) and the signature (¶S1) of each
// document in ids that has them, in the order of ids.
func (db *DB) FrontMatter(ctx context.Context, ids []int64) ([]letters.Passage, error) {
	out := []letters.Passage{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := db.read.Query(ctx, `SELECT p.id, p.document_id, p.ordinal, p.label, p.section, p.text, p.start_offset, p.end_offset,
			d.slug, d.title, d.kind, d.authority, d.letter_date, d.source_name, d.visit_start, d.visit_end, `+keyColumn+`
		FROM paragraphs p JOIN documents d ON d.id = p.document_id
		WHERE p.document_id = ANY($1) AND p.label = ANY($2)
		ORDER BY array_position($1, p.document_id), p.ordinal`, ids, []string{letters.FrontMatterLabel, letters.SignatureLabel})
	if err != nil {
		return nil, wrap("front matter", err)
	}
	defer rows.Close()
	for rows.Next() {
		var p letters.Passage
		var date, vs, ve *time.Time
		if err := rows.Scan(&p.ID, &p.DocumentID, &p.Ordinal, &p.Label, &p.Section, &p.Text, &p.StartOffset, &p.EndOffset,
			&p.Document.Slug, &p.Document.Title, &p.Document.Kind, &p.Document.Authority, &date, &p.Document.SourceName, &vs, &ve, &p.Key); err != nil {
			return nil, wrap("front matter", err)
		}
		fillRef(&p, date)
		fillVisit(&p, vs, ve)
		out = append(out, p)
	}
	return out, wrap("front matter", rows.Err())
}

// CurrentDocument returns the id of the document now stored under slug,
// else from the file sourceName, for a citation whose paragraph is gone.
func (db *DB) CurrentDocument(ctx context.Context, slug, sourceName string) (int64, error) {
	var id int64
	err := db.read.QueryRow(ctx, `SELECT id FROM documents WHERE slug = $1 OR source_name = $2
		ORDER BY slug = $1 DESC, ingested_at DESC LIMIT 1`, slug, sourceName).Scan(&id)
	return id, wrap("current document", err)
}

// Glossary returns every acronym definition found in the corpus.
func (db *DB) Glossary(ctx context.Context) ([]letters.GlossaryEntry, error) {
	rows, err := db.read.Query(ctx, `SELECT acronym, expansion, count(*) FROM glossary GROUP BY acronym, expansion ORDER BY acronym, count(*) DESC`)
	if err != nil {
		return nil, wrap("glossary", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (letters.GlossaryEntry, error) {
		var g letters.GlossaryEntry
		var n int
		err := r.Scan(&g.Acronym, &g.Expansion, &n)
		return g, err
	})
	return out, wrap("glossary", err)
}

// Counts returns the number of documents and paragraphs.
func (db *DB) Counts(ctx context.Context) (docs, paras int, err error) {
	err = db.pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM paragraphs)`).Scan(&docs, &paras)
	return docs, paras, wrap("counts", err)
}

// MissingEmbeddings counts paragraphs stored without an embedding (text the
// embedder cannot represent); they are still found by full-text search.
func (db *DB) MissingEmbeddings(ctx context.Context) (int, error) {
	var n int
	err := db.pool.QueryRow(ctx, `SELECT count(*) FROM paragraphs WHERE embedding IS NULL`).Scan(&n)
	return n, wrap("missing embeddings", err)
}

// DocumentIDBySource returns the id of the document ingested from a file
// name (of several in different folders, the first by path).
func (db *DB) DocumentIDBySource(ctx context.Context, sourceName string) (int64, error) {
	var id int64
	err := db.pool.QueryRow(ctx, `SELECT id FROM documents WHERE source_name = $1 ORDER BY source_path LIMIT 1`, sourceName).Scan(&id)
	return id, wrap("document by source", err)
}

// SourceParagraphs returns the texts of the paragraphs of the documents
// ingested from files of that name (evals: equivalent gold paragraphs), by
// path; none when no such document exists.
func (db *DB) SourceParagraphs(ctx context.Context, sourceName string) ([]string, error) {
	rows, err := db.read.Query(ctx, `SELECT p.text FROM paragraphs p JOIN documents d ON d.id = p.document_id
		WHERE d.source_name = $1 ORDER BY d.source_path, p.ordinal`, sourceName)
	if err != nil {
		return nil, wrap("source paragraphs", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	return out, wrap("source paragraphs", err)
}

// CorrectDocument changes a document's details and records them as
// corrections of its file (by path, the document's identity; the file name
// is kept for display), so that re-ingesting it keeps them. The corpus
// version moves on (ingested_at), so caches of filters and lists renew.
func (db *DB) CorrectDocument(ctx context.Context, id int64, f letters.DocumentFields, user string) (letters.Document, error) {
	var d letters.Document
	err := pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		var name, path string
		err := tx.QueryRow(ctx, `UPDATE documents SET title = coalesce($2, title), kind = coalesce($3, kind),
				authority = coalesce($4, authority), letter_date = coalesce($5, letter_date),
				visit_start = coalesce($6, visit_start), visit_end = coalesce($7, visit_end), ingested_at = now()
			WHERE id = $1 RETURNING source_name, source_path`, id, f.Title, f.Kind, f.Authority, f.LetterDate, f.VisitStart, f.VisitEnd).Scan(&name, &path)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO document_overrides AS o (source_path, source_name, title, kind, authority, letter_date, visit_start, visit_end, edited_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
			ON CONFLICT (source_path) DO UPDATE SET source_name = EXCLUDED.source_name, title = coalesce(EXCLUDED.title, o.title), kind = coalesce(EXCLUDED.kind, o.kind),
				authority = coalesce(EXCLUDED.authority, o.authority), letter_date = coalesce(EXCLUDED.letter_date, o.letter_date),
				visit_start = coalesce(EXCLUDED.visit_start, o.visit_start), visit_end = coalesce(EXCLUDED.visit_end, o.visit_end),
				edited_by = EXCLUDED.edited_by, edited_at = now()`,
			path, name, f.Title, f.Kind, f.Authority, f.LetterDate, f.VisitStart, f.VisitEnd, user); err != nil {
			return err
		}
		return scanDoc(tx.QueryRow(ctx, `SELECT `+docColumns+` FROM documents d WHERE d.id = $1`, id), &d)
	})
	return d, wrap("correct document", err)
}

// DocumentsByPath returns the documents now stored from these files (their
// absolute paths, the documents' identity), by path.
func (db *DB) DocumentsByPath(ctx context.Context, paths []string) (map[string]letters.Document, error) {
	rows, err := db.pool.Query(ctx, `SELECT `+docColumns+`, d.source_path FROM documents d WHERE d.source_path = ANY($1)`, paths)
	if err != nil {
		return nil, wrap("documents by path", err)
	}
	defer rows.Close()
	out := make(map[string]letters.Document, len(paths))
	for rows.Next() {
		var d letters.Document
		var path string
		if err := rows.Scan(append(docDest(&d), &path)...); err != nil {
			return nil, wrap("documents by path", err)
		}
		out[path] = d
	}
	return out, wrap("documents by path", rows.Err())
}

// CollectRemoved deletes for good the pruned documents kept for longer than
// olderThan (0: all), `letters gc`, and returns how many. The corrections
// of a file whose document is thus gone for good (none live, none kept)
// go with it.
func (db *DB) CollectRemoved(ctx context.Context, olderThan time.Duration) (int, error) {
	var n int64
	err := pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `DELETE FROM removed_documents WHERE removed_at <= now() - $1::bigint * interval '1 microsecond'`,
			olderThan.Microseconds())
		if err != nil {
			return err
		}
		n = tag.RowsAffected()
		_, err = tx.Exec(ctx, `DELETE FROM document_overrides o
			WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.source_path = o.source_path)
			  AND NOT EXISTS (SELECT 1 FROM removed_documents r WHERE r.source_path = o.source_path)`)
		return err
	})
	if err != nil {
		return 0, wrap("gc", err)
	}
	return int(n), nil
}
