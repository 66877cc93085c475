package rag

import (
	"strconv"
	"strings"
	"testing"

	"github.com/letters-app/letters"
)

// FuzzMarkerStream: however model output is split into chunks, the stream
// never emits a marker that names no passage or a half-written one, and what
// it emits matches the checker's final text.
func FuzzMarkerStream(f *testing.F) {
	f.Add("The MASH is strong [1]. Backlogs remain [2, 9][3].", 3)
	f.Add("【2】 and [1 and [x] [ 1 ; 2 ]", 5)
	f.Add("[[1]]] [12345] [0]", 2)
	f.Fuzz(func(t *testing.T, text string, split int) {
		if split <= 0 {
			split = 1
		}
		var out strings.Builder
		s := NewMarkerStream(3, func(x string) { out.WriteString(x) })
		r := []rune(text)
		for i := 0; i < len(r); i += split {
			s.Write(string(r[i:min(i+split, len(r))]))
		}
		s.Flush()
		for _, n := range ParseMarkers(out.String()) {
			if n < 1 || n > 3 {
				t.Fatalf("stream emitted marker %d from %q: %q", n, text, out.String())
			}
		}
		passages := []letters.Passage{{Paragraph: letters.Paragraph{Text: "a"}}, {Paragraph: letters.Paragraph{Text: "b"}}, {Paragraph: letters.Paragraph{Text: "c"}}}
		final, cits, _, _ := Check(text, passages)
		for _, c := range cits {
			if c.Marker < 1 || c.Marker > 3 {
				t.Fatalf("citation marker %d", c.Marker)
			}
		}
		if ParseMarkers(final) == nil && len(cits) != 0 {
			t.Fatalf("citations without markers in %q", final)
		}
	})
}

// FuzzParse: any question parses, into a well-formed date range and one
// search term per query term (that the store's full-text query cannot be
// injected is store's FuzzFullTextQuery).
func FuzzParse(f *testing.F) {
	f.Add("What did inspectors say about the MASH in 2026?")
	f.Add("latest letter Nottinghamshire & | ! :* <-> ' OR 1=1; DROP TABLE x")
	f.Add("compare 2019 and 2024 board papers and news")
	f.Fuzz(func(t *testing.T, q string) {
		p := Parse(q, []string{"Nottingham City", "Nottinghamshire"}, []letters.GlossaryEntry{{Acronym: "MASH", Expansion: "multi-agency safeguarding hub"}})
		if got, want := len(p.SearchTerms()), len(p.Terms); got != want {
			t.Fatalf("%q: %d search terms, want %d (one per query term)", q, got, want)
		}
		if p.Filter.From != nil && p.Filter.To != nil && p.Filter.To.Before(*p.Filter.From) {
			t.Fatalf("date range backwards for %q", q)
		}
		_ = p.EmbedText()
		_ = Rewrite(q, []letters.Turn{{Question: "What about the MASH in 2024?"}}, []string{"Nottingham City"})
		_ = strconv.Itoa(len(p.Terms))
	})
}
