package store_test

import (
	"context"
	"fmt"
	"math/rand"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/letters-app/letters"

	"github.com/letters-app/letters/internal/store"
	"github.com/letters-app/letters/internal/testdb"
)

// latestOracle is what LatestDocuments answered before it walked the
// documents_latest index: every matching dated document sorted by
// authority, newest first, one per authority.
const latestOracle = `
SELECT DISTINCT ON (d.authority) d.id FROM documents d
WHERE (cardinality($1::text[]) = 0 OR d.authority = ANY($1))
  AND (cardinality($2::text[]) = 0 OR d.kind = ANY($2))
  AND ($3::date IS NULL OR d.letter_date >= $3)
  AND ($4::date IS NULL OR d.letter_date <= $4)
  AND d.letter_date IS NOT NULL AND NOT (d.letter_date > (d.ingested_at + interval '1 day')::date)
ORDER BY d.authority, d.letter_date DESC, d.source_name, d.source_path`

// TestLatestDocuments compares LatestDocuments with the plain sort it
// replaced, over documents of several authorities (the empty one too),
// kinds and dates, with ties on the date, undated and future-dated ones.
func TestLatestDocuments(t *testing.T) {
	ctx := context.Background()
	url := testdb.New(t)
	db := open(t, url, store.Options{})
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)

	r := rand.New(rand.NewSource(1))
	auths := []string{"", "Brackenford City", "Brackenshire", "Nottingham City", "Nottinghamshire", "Poole", "Skelbrook"}
	kinds := []string{letters.KindMonitoringVisit, letters.KindFocusedVisit, letters.KindBoardPaper, letters.KindOther}
	ingested := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	for i := range 400 {
		var date any
		switch n := r.Intn(20); {
		case n == 0: // undated
		case n == 1: // dated after it was ingested
			date = ingested.AddDate(0, 1+r.Intn(6), 0)
		default: // few distinct dates, so that ties are broken by name and path
			date = time.Date(2019+r.Intn(7), time.Month(1+3*r.Intn(4)), 1, 0, 0, 0, 0, time.UTC)
		}
		name := fmt.Sprintf("l%03d.txt", r.Intn(50))
		_, err := conn.Exec(ctx, `INSERT INTO documents (slug, source_name, source_path, sha256, title, kind, authority, letter_date, body, ingested_at)
			VALUES ($1, $2, $3, 'x', 'T', $4, $5, $6, '', $7)`,
			fmt.Sprintf("d%d", i), name, fmt.Sprintf("/c%d/%s", i, name), kinds[r.Intn(len(kinds))], auths[r.Intn(len(auths))], date, ingested)
		if err != nil {
			t.Fatal(err)
		}
	}
	day := func(y int, m time.Month) *time.Time { d := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC); return &d }
	tests := []struct {
		name string
		f    letters.Filter
	}{
		{"everything", letters.Filter{}},
		{"one authority", letters.Filter{Authorities: []string{"Poole"}}},
		{"two authorities", letters.Filter{Authorities: []string{"Nottingham City", "Skelbrook"}}},
		{"the empty authority", letters.Filter{Authorities: []string{""}}},
		{"an authority with no documents", letters.Filter{Authorities: []string{"Ambleton"}}},
		{"a kind", letters.Filter{Kinds: []string{letters.KindBoardPaper}}},
		{"two kinds and an authority", letters.Filter{Kinds: []string{letters.KindMonitoringVisit, letters.KindFocusedVisit}, Authorities: []string{"Brackenshire"}}},
		{"from", letters.Filter{From: day(2024, 1)}},
		{"to", letters.Filter{To: day(2021, 12)}},
		{"a year", letters.Filter{From: day(2022, 1), To: day(2022, 12)}},
		{"after every letter", letters.Filter{From: day(2030, 1)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := db.LatestDocuments(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			auth, kind := tt.f.Authorities, tt.f.Kinds
			if auth == nil {
				auth = []string{}
			}
			if kind == nil {
				kind = []string{}
			}
			rows, err := conn.Query(ctx, latestOracle, auth, kind, tt.f.From, tt.f.To)
			if err != nil {
				t.Fatal(err)
			}
			want, err := pgx.CollectRows(rows, pgx.RowTo[int64])
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, want) {
				t.Errorf("LatestDocuments(%+v) = %v, want %v", tt.f, got, want)
			}
		})
	}
}
