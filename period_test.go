package letters_test

import (
	"testing"
	"time"

	"github.com/letters-app/letters"
)

// TestDocumentInPeriod: a document belongs to a period by its letter date
// or by the visit it reports ("the 2023 inspection", reported in January
// 2024); an undated document only to an open one.
func TestDocumentInPeriod(t *testing.T) {
	day := func(s string) *time.Time {
		d, err := time.Parse("2006-01-02", s)
		if err != nil {
			t.Fatal(err)
		}
		return &d
	}
	report := letters.Document{LetterDate: day("2024-01-11"), VisitStart: day("2023-11-06"), VisitEnd: day("2023-11-17")}
	paper := letters.Document{LetterDate: day("2022-09-27")}
	undated := letters.Document{}
	tests := []struct {
		name     string
		d        letters.Document
		from, to *time.Time
		want     bool
	}{
		{"the letter's year", report, day("2024-01-01"), day("2024-12-31"), true},
		{"the visit's year", report, day("2023-01-01"), day("2023-12-31"), true},
		{"neither", report, day("2022-01-01"), day("2022-12-31"), false},
		{"a period the visit overlaps at its end", report, day("2023-11-17"), day("2023-11-30"), true},
		{"open at the start", paper, nil, day("2022-12-31"), true},
		{"open at the end, before it", paper, day("2023-01-01"), nil, false},
		{"no visit dates: the letter only", paper, day("2022-09-01"), day("2022-09-30"), true},
		{"undated, open period", undated, nil, nil, true},
		{"undated, a period", undated, day("2022-01-01"), nil, false},
	}
	for _, tt := range tests {
		if got := tt.d.InPeriod(tt.from, tt.to); got != tt.want {
			t.Errorf("%s: InPeriod = %v, want %v", tt.name, got, tt.want)
		}
	}
}
