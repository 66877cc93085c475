package rag

import (
	"reflect"
	"testing"
	"time"

	"github.com/letters-app/letters"
)

func TestMonthsOfAsk(t *testing.T) {
	tests := []struct {
		q    string
		want []YearMonth
	}{
		{"PLO - what does that mean in the January 2025 Harwick City letter?", []YearMonth{{2025, time.January}}},
		{"What did the Feb 2026 visit find?", []YearMonth{{2026, time.February}}},
		{"Compare the March, 2024 and Sept. 2025 letters", []YearMonth{{2024, time.March}, {2025, time.September}}},
		{"What did the 2026 visit find?", nil},                                 // a year alone dates no one document
		{"Marlby was judged inadequate in May 2022 - what has improved?", nil}, // the premise's month is not asked about
		{"What may 2024 bring?", []YearMonth{{2024, time.May}}},                // "may" before a year reads as the month
		{"What did the January 2025 and the January 2025 letters say?", []YearMonth{{2025, time.January}}},
		// words that start as a month does are not one
		{"What did the Marlby 2024 monitoring visit find?", nil},
		{"How has the local market 2024 changed?", nil},
		{"What did the Decision 2025 paper say?", nil},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			if got := Parse(tt.q, nil, nil).Months; !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Months = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestDatedIn(t *testing.T) {
	jan := []YearMonth{{2025, time.January}}
	tests := []struct {
		name string
		doc  letters.DocRef
		want bool
	}{
		{"letter dated in the month", letters.DocRef{Date: "2025-01-30"}, true},
		{"visit in the month, letter after it", letters.DocRef{Date: "2025-02-24", VisitStart: "2025-01-21", VisitEnd: "2025-01-22"}, true},
		{"visit ending in the month", letters.DocRef{Date: "2025-02-24", VisitStart: "2024-12-30", VisitEnd: "2025-01-02"}, true},
		{"another month", letters.DocRef{Date: "2025-03-18"}, false},
		{"the same month of another year", letters.DocRef{Date: "2024-01-15", VisitStart: "2024-01-02"}, false},
		{"undated", letters.DocRef{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := datedIn(tt.doc, jan); got != tt.want {
				t.Errorf("datedIn(%+v, January 2025) = %v, want %v", tt.doc, got, tt.want)
			}
		})
	}
}

// Two documents of one council, both of the year asked about, each with a
// paragraph as close to the question: the one whose visit was in the month
// the question names ranks first, whichever the fused ranking put first.
func TestRerankPrefersTheMonthNamed(t *testing.T) {
	para := func(id int64, doc letters.DocRef, text string) letters.Passage {
		return letters.Passage{Paragraph: letters.Paragraph{ID: id, DocumentID: doc.ID, Text: text}, Document: doc, Score: 0.03}
	}
	january := letters.DocRef{ID: 1, Date: "2025-02-24", VisitStart: "2025-01-21", VisitEnd: "2025-01-22"}
	board := letters.DocRef{ID: 2, Date: "2025-03-18"}
	text := "Children subject to pre-proceedings under the Public Law Outline are tracked by managers."
	for _, order := range [][]letters.Passage{
		{para(2, board, text), para(1, january, text)},
		{para(1, january, text), para(2, board, text)},
	} {
		q := Parse("How are pre-proceedings tracked, per the January 2025 letter?", nil, nil)
		got := Rerank(NewScorer(q, TermStats{}), order, 2)
		if len(got) != 2 || got[0].ID != 1 {
			t.Errorf("first %d of %d, want paragraph 1 (the January 2025 visit) first", got[0].ID, len(got))
		}
		// without the month, the fused order stands
		q = Parse("How are pre-proceedings tracked, per the 2025 letter?", nil, nil)
		if got := Rerank(NewScorer(q, TermStats{}), order, 2); got[0].ID != order[0].ID {
			t.Errorf("without a month: first %d, want %d (the fused order)", got[0].ID, order[0].ID)
		}
	}
}

// A brand in camel case is a name the letters either mention or do not:
// "How do I change the language on my iPhone?" names "iphone".
func TestProperNamesCamelCase(t *testing.T) {
	tests := []struct {
		q    string
		want []string
	}{
		{"How do I change the language on my iPhone?", []string{"iphone"}},
		{"Is the council on eBay?", []string{"ebay"}},
		{"What did the MASH in Harwick City do?", []string{"harwick", "city"}},
		{"what is the mASH", nil}, // one capital inside a short word is a typo, not a brand
	}
	for _, tt := range tests {
		if got := properNames(tt.q); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("properNames(%q) = %q, want %q", tt.q, got, tt.want)
		}
	}
}

func TestReportsVisitIn(t *testing.T) {
	feb26 := YearMonth{2026, time.February}
	tests := []struct {
		body string
		want bool
	}{
		{"Ofsted's monitoring visit on 3 and 4 February 2026 found that leaders have acted.", true},
		{"Inspectors returned in February 2026. They found stronger oversight.", true},
		{"The service was re-inspected in February 2026.", true},
		{"Ofsted published its letter in February 2026.", true},
		{"The action plan will be reviewed by Cabinet in February 2026.", false},
		{"The monitoring visit took place in March 2026. The budget was set in February 2026.", false},
		{"Ofsted's visit on 4 February 2025 found weaknesses.", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := reportsVisitIn(tt.body, feb26); got != tt.want {
			t.Errorf("reportsVisitIn(%q, February 2026) = %v, want %v", tt.body, got, tt.want)
		}
	}
}
