package store

import (
	"context"
	"time"

	"github.com/letters-app/letters"

	"github.com/jackc/pgx/v5"
)

// Councils lists every authority with its document count, date span and
// document kinds (rag.BriefStore).
func (db *DB) Councils(ctx context.Context) ([]letters.Council, error) {
	rows, err := db.read.Query(ctx, `SELECT authority, count(*), min(letter_date), max(letter_date),
			array_agg(DISTINCT kind ORDER BY kind)
		FROM documents WHERE authority <> '' GROUP BY authority ORDER BY authority`)
	if err != nil {
		return nil, wrap("councils", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (letters.Council, error) {
		var c letters.Council
		var first, last *time.Time
		err := r.Scan(&c.Name, &c.Documents, &first, &last, &c.Kinds)
		c.ID = letters.CouncilID(c.Name)
		if first != nil {
			c.From = first.Format("2006-01-02")
		}
		if last != nil {
			c.To = last.Format("2006-01-02")
		}
		return c, err
	})
	return out, wrap("councils", err)
}

// CouncilDocuments returns the documents of one authority with their
// bodies, oldest first (undated last) (rag.BriefStore).
func (db *DB) CouncilDocuments(ctx context.Context, authority string) ([]letters.Document, error) {
	rows, err := db.read.Query(ctx, `SELECT `+docColumns+`, d.body FROM documents d
		WHERE d.authority = $1 ORDER BY d.letter_date NULLS LAST, d.source_name, d.id`, authority)
	if err != nil {
		return nil, wrap("council documents", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (letters.Document, error) {
		var d letters.Document
		err := r.Scan(append(docDest(&d), &d.Body)...)
		return d, err
	})
	return out, wrap("council documents", err)
}

// DocumentParagraphs returns the paragraphs of the given documents, each
// document's in order (rag.BriefStore).
func (db *DB) DocumentParagraphs(ctx context.Context, ids []int64) (map[int64][]letters.Paragraph, error) {
	rows, err := db.read.Query(ctx, `SELECT id, document_id, ordinal, label, section, text, start_offset, end_offset, key
		FROM paragraphs WHERE document_id = ANY($1) ORDER BY document_id, ordinal`, ids)
	if err != nil {
		return nil, wrap("document paragraphs", err)
	}
	defer rows.Close()
	out := make(map[int64][]letters.Paragraph, len(ids))
	for rows.Next() {
		var p letters.Paragraph
		var key *string
		if err := rows.Scan(&p.ID, &p.DocumentID, &p.Ordinal, &p.Label, &p.Section, &p.Text, &p.StartOffset, &p.EndOffset, &key); err != nil {
			return nil, wrap("document paragraphs", err)
		}
		if key != nil {
			p.Key = *key // else the briefer makes slug#label
		}
		out[p.DocumentID] = append(out[p.DocumentID], p)
	}
	return out, wrap("document paragraphs", rows.Err())
}
