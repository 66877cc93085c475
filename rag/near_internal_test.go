package rag

import (
	"reflect"
	"testing"

	"github.com/letters-app/letters"
)

// TestNearTermsFoundInCorpus: the candidates of a vector arm without an
// index, when the full-text arm's words find nothing, are the question's
// two rarest words that some paragraph holds; a word in no paragraph would
// make the pair find nothing (and the search fall to an exact scan of
// every paragraph).
func TestNearTermsFoundInCorpus(t *testing.T) {
	tests := []struct {
		question string
		df       map[string]int
		want     []letters.SearchTerm
	}{
		{"Who chairs the fostering panel in the county?",
			map[string]int{"chairs": 0, "chair": 0, "fostering": 900, "panel": 300, "county": 5000},
			[]letters.SearchTerm{{"panel"}, {"fostering"}}},
		{"Who chairs the fostering panel in the county?",
			map[string]int{"chairs": 40, "chair": 40, "fostering": 900, "panel": 300, "county": 5000},
			nil},
		{"Is the gazebo plan costed?",
			map[string]int{"gazebo": 0, "plan": 0, "costed": 0},
			[]letters.SearchTerm{}},
	}
	for _, tt := range tests {
		q := Parse(tt.question, nil, nil)
		got := NewScorer(q, TermStats{DF: tt.df, Total: 10000}).NearTerms()
		if tt.want == nil { // the rarest two, whatever they are, include the rarest word
			if len(got) != 2 || got[0][0] != "chairs" {
				t.Errorf("%q: NearTerms() = %q, want the rarest word first", tt.question, got)
			}
			continue
		}
		if len(got) == 0 && len(tt.want) == 0 {
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%q: NearTerms() = %q, want %q (terms %+v)", tt.question, got, tt.want, q.Terms)
		}
	}
}
