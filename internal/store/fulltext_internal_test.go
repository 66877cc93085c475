package store

import (
	"strings"
	"testing"
	"unicode"

	"github.com/letters-app/letters"
)

func TestFullTextQueries(t *testing.T) {
	tests := []struct {
		name          string
		any, all      []letters.SearchTerm
		wantAny, want string
	}{
		{"words and phrases", []letters.SearchTerm{{"MASH", "multi-agency safeguarding hub"}, {"turnover"}}, nil,
			`MASH or "multi agency safeguarding hub" or turnover`, ""},
		{"query syntax is dropped", []letters.SearchTerm{{"a & b | !c", "<->", "x:*"}}, nil, `"a b c" or x`, ""},
		{"two required terms", nil, []letters.SearchTerm{{"care leavers", "leaving care"}, {"MASH"}}, "", "(care <-> leavers | leaving <-> care) & (MASH)"},
		{"one required term is no narrow set", nil, []letters.SearchTerm{{"MASH"}}, "", ""},
		{"a required term with nothing searchable", nil, []letters.SearchTerm{{"MASH"}, {"&&", "!"}}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := websearchText(tt.any); got != tt.wantAny {
				t.Errorf("websearchText = %q, want %q", got, tt.wantAny)
			}
			if got := tsqueryAll(tt.all); got != tt.want {
				t.Errorf("tsqueryAll = %q, want %q", got, tt.want)
			}
		})
	}
}

// FuzzFullTextQuery: whatever the terms, the full-text queries hold only
// words and the operators this package writes, so no question can inject
// tsquery syntax.
func FuzzFullTextQuery(f *testing.F) {
	f.Add("What did inspectors say about the MASH in 2026?", "latest letter Nottinghamshire & | ! :* <-> ' OR 1=1; DROP TABLE x")
	f.Fuzz(func(t *testing.T, a, b string) {
		terms := []letters.SearchTerm{{a, b}, {b}, {a}}
		words := func(s string) bool {
			for _, r := range s {
				if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == ' ') {
					return false
				}
			}
			return true
		}
		any := strings.ReplaceAll(websearchText(terms), `"`, "")
		if !words(any) {
			t.Fatalf("websearchText(%q) = %q", terms, websearchText(terms))
		}
		all := tsqueryAll(terms)
		for _, op := range []string{" <-> ", " | ", " & ", "(", ")"} {
			all = strings.ReplaceAll(all, op, " ")
		}
		if !words(all) {
			t.Fatalf("tsqueryAll(%q) = %q", terms, tsqueryAll(terms))
		}
	})
}

// TestPrefixQuery: the beginnings of a question's words for the vector arm
// without an index, when no word is in any paragraph: each word of every
// term (alternatives and phrases too) of at least four letters, once, with
// nothing of full-text query syntax left in it.
func TestPrefixQuery(t *testing.T) {
	tests := []struct {
		q    letters.SearchQuery
		want string
	}{
		{letters.SearchQuery{}, ""},
		{letters.SearchQuery{Any: []letters.SearchTerm{{"LADO"}, {"gcp"}}}, "lado:*"},
		{letters.SearchQuery{Any: []letters.SearchTerm{{"Weather", "forecast"}}, All: []letters.SearchTerm{{"weather"}, {"care leavers"}}, Near: []letters.SearchTerm{{"ofsted's:*|!"}}},
			"weat:* | fore:* | care:* | leav:* | ofst:*"},
	}
	for _, tt := range tests {
		if got := prefixQuery(tt.q, byPrefixes.prefixLen()); got != tt.want {
			t.Errorf("prefixQuery(%+v, 4) = %q, want %q", tt.q, got, tt.want)
		}
	}
	short := letters.SearchQuery{Any: []letters.SearchTerm{{"LADO"}, {"gcp2"}, {"of"}}}
	if got, want := prefixQuery(short, byShortPrefixes.prefixLen()), "lad:* | gcp:*"; got != want {
		t.Errorf("prefixQuery(%+v, 3) = %q, want %q", short, got, want)
	}
}
