package rag

import (
	"math"
	"testing"
)

// A thesaurus relative of the asker's word counts, below the word itself,
// in ranking; it never makes a question answered that was not.
func TestThesaurusRelatedWeighedBelowOwnWords(t *testing.T) {
	tests := []struct {
		q, text       string
		cov, exactCov float64
	}{
		// "staff leaving" is "workforce turnover" in a board paper
		{"What about staff leaving?", "Workforce turnover has reduced.", 0.5 + 0.5*0.5, 0.5},
		{"What about staff leaving?", "Staff leaving has reduced.", 1, 1},
		{"How are children in care doing?", "Outcomes for looked after children have improved.", 0.5 + 0.5*0.5, 0.5},
		{"Are caseloads manageable?", "Workloads are manageable for most social workers.", 0.5 + 0.5*0.5, 0.5},
		{"Is management oversight effective?", "Supervision is regular and reflective.", 0.5 / 3, 0}, // management, oversight, effective
		// performance tables compare with statistical neighbours
		{"Are care leavers doing better than similar councils?", "Care leavers are now above the average for statistical neighbours.", (2 + 0.5) / 5.0, 2 / 5.0}, // care, leavers, better, similar, councils
		// the press names the union
		{"What did the union say?", "Unison's branch secretary said social workers were running on empty.", 0.5, 0},
		// no group: nothing related
		{"What about adoption?", "Permanence planning is timely.", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.q+"/"+tt.text, func(t *testing.T) {
			q := Parse(tt.q, nil, nil)
			st := TermStats{DF: map[string]int{}, Total: 100}
			for _, term := range q.Terms {
				for _, p := range term.Phrases {
					st.DF[p] = 10 // every term weighs the same
				}
			}
			s := NewScorer(q, st)
			ts := stemsOf(tt.text)
			if got := s.Coverage(ts); math.Abs(got-tt.cov) > 1e-9 {
				t.Errorf("Coverage = %.3f, want %.3f (terms %+v)", got, tt.cov, q.Terms)
			}
			if got := s.exactCoverage(ts); math.Abs(got-tt.exactCov) > 1e-9 {
				t.Errorf("exactCoverage = %.3f, want %.3f", got, tt.exactCov)
			}
		})
	}
}

// TestRateIsNotRated: a rate is a figure, "rated" a judgement; the
// stemmer joins them, the scorer keeps them apart, and a rating still
// matches "rated".
func TestRateIsNotRated(t *testing.T) {
	tests := []struct {
		q, text string
		covers  bool
	}{
		{"What was the re-referral rate?", "In the 12 months to August 2025, 23% of referrals were re-referrals, a rate above the national average.", true},
		{"What was the re-referral rate?", "Action 5.1f is rated red because only 35% of social workers completed training.", false},
		{"What was the council's Ofsted rating?", "Children's services were rated inadequate in 2022.", true},
		{"How was the council rated?", "The council's rating was inadequate.", true},
		{"What are the turnover rates?", "Turnover rates fell to 14%.", true},
	}
	for _, tt := range tests {
		t.Run(tt.q+"/"+tt.text, func(t *testing.T) {
			q := Parse(tt.q, nil, nil)
			s := NewScorer(q, TermStats{DF: map[string]int{}, Total: 100})
			rate := -1
			for i, term := range q.Terms {
				if term.Word == "rate" || term.Word == "rates" || term.Word == "rating" || term.Word == "rated" {
					rate = i
				}
			}
			if rate < 0 {
				t.Fatalf("no rate term in %+v", q.Terms)
			}
			if got := s.matches(stemsOf(tt.text))[rate]; got != tt.covers {
				t.Errorf("%q matched in %q = %v, want %v", q.Terms[rate].Word, tt.text, got, tt.covers)
			}
		})
	}
}

// TestVerdictFramesTheQuestion: "criticised" in a premise reports what
// inspectors thought; the letters state the finding ("44% of social
// workers were employed through agencies"), so the verdict weighs as a
// stopword does, however rare the word is in the letters.
func TestVerdictFramesTheQuestion(t *testing.T) {
	q := Parse("The council was criticised in 2023 for its agency staff - has that got better since?", nil, nil)
	st := TermStats{DF: map[string]int{"council": 500, "criticised": 1, "agency": 40, "staff": 60, "got": 30, "better": 50, "since": 300}, Total: 1000}
	s := NewScorer(q, st)
	for i, term := range q.Terms {
		if term.Word == "criticised" && s.idf[i] != 0.1 {
			t.Errorf("idf(criticised) = %.3f, want 0.1, a stopword's", s.idf[i])
		}
	}
	// how much of it there was, in a reader's words
	q = Parse("The county had loads of agency staff and a huge backlog - is that better now?", nil, nil)
	s = NewScorer(q, TermStats{DF: map[string]int{"loads": 1, "huge": 2, "agency": 40, "staff": 60, "backlog": 20}, Total: 1000})
	for i, term := range q.Terms {
		if (term.Word == "loads" || term.Word == "huge") && s.idf[i] != 0.1 {
			t.Errorf("idf(%s) = %.3f, want 0.1, a stopword's", term.Word, s.idf[i])
		}
	}
}
