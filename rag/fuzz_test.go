package rag

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/letters-app/letters"
)

// FuzzMarkerStream: however model output is split into chunks, the stream
// never emits a marker that names no passage or a half-written one, and what
// it emits matches the checker's final text.
func FuzzMarkerStream(f *testing.F) {
	f.Add("The MASH is strong [1]. Backlogs remain [2, 9][3].", 3)
	f.Add("【2】 and [1 and [x] [ 1 ; 2 ]", 5)
	f.Add("[[1]]] [12345] [0]", 2)
	f.Add("Claim [2] and a dropped [9] then [1", 2)
	f.Add("A [2,2,2,2,2,2,2,2,2,2,2,2] b [7,7,7,7,7,7,7,7,7,7,7,7] c", 1)
	f.Add("A [2, 2, 2, 2, 2, 2, 2, 2, 2] b", 2)
	f.Fuzz(func(t *testing.T, text string, split int) {
		if split <= 0 {
			split = 1
		}
		var out strings.Builder
		pieceMarkers := 0 // markers wholly inside one emitted piece
		s := NewMarkerStream(3, func(x string) {
			out.WriteString(x)
			pieceMarkers += len(ParseMarkers(x))
		})
		r := []rune(text)
		for i := 0; i < len(r); i += split {
			s.Write(string(r[i:min(i+split, len(r))]))
		}
		s.Flush()
		streamed := out.String()
		for _, n := range ParseMarkers(streamed) {
			if n < 1 || n > 3 {
				t.Fatalf("stream emitted marker %d from %q: %q", n, text, streamed)
			}
		}
		// a marker is emitted whole, never in pieces a client would show
		// half-written
		if n := len(ParseMarkers(streamed)); n != pieceMarkers {
			t.Fatalf("stream emitted %d marker numbers, %d of them in whole pieces, from %q (split %d): %q", n, pieceMarkers, text, split, streamed)
		}
		passages := []letters.Passage{
			{Paragraph: letters.Paragraph{ID: 11, Text: "a"}},
			{Paragraph: letters.Paragraph{ID: 12, Text: "b"}},
			{Paragraph: letters.Paragraph{ID: 13, Text: "c"}},
		}
		final, cits, dropped, _ := Check(text, passages)

		// the stream shows what the checker keeps: the same words and the
		// same display markers. Whitespace may differ (the checker takes the
		// space before a dropped marker with it), and the stream holds back a
		// bracket left unfinished at the very end.
		want := final
		if m := reTrailingPartial.FindString(text); m != "" && strings.HasSuffix(final, m) {
			want = strings.TrimSuffix(final, m)
		}
		if got, w := squash(streamed), squash(want); got != w {
			t.Fatalf("stream differs from the final text for %q (split %d):\n stream %q\n  final %q", text, split, streamed, final)
		}

		// citations: display markers 1..m in order of first appearance, each
		// naming the passage its context marker named; a context marker
		// outside 1..3 is dropped, never cited.
		var ctxOrder []int
		seen := map[int]bool{}
		wantDropped := 0
		for _, n := range ParseMarkers(text) {
			if n < 1 || n > len(passages) {
				wantDropped++
				continue
			}
			if !seen[n] {
				seen[n] = true
				ctxOrder = append(ctxOrder, n)
			}
		}
		if dropped != wantDropped {
			t.Fatalf("dropped = %d, want %d for %q", dropped, wantDropped, text)
		}
		if len(cits) != len(ctxOrder) {
			t.Fatalf("%d citations, want %d (context markers %v) for %q", len(cits), len(ctxOrder), ctxOrder, text)
		}
		for i, c := range cits {
			if c.Marker != i+1 {
				t.Fatalf("citation %d has marker %d, want %d", i, c.Marker, i+1)
			}
			if wantID := passages[ctxOrder[i]-1].ID; c.ParagraphID != wantID {
				t.Fatalf("citation [%d] names paragraph %d, want %d (context marker %d) for %q", c.Marker, c.ParagraphID, wantID, ctxOrder[i], text)
			}
		}
		finalMarkers := map[int]bool{}
		for _, n := range ParseMarkers(final) {
			if n < 1 || n > len(cits) {
				t.Fatalf("final text has marker %d with %d citations: %q", n, len(cits), final)
			}
			finalMarkers[n] = true
		}
		if len(finalMarkers) != len(cits) {
			t.Fatalf("final text cites %d markers, %d citations: %q", len(finalMarkers), len(cits), final)
		}
	})
}

// reTrailingPartial is a bracket left unfinished at the end of the model's
// output ("… [1"), which the stream never shows.
var reTrailingPartial = regexp.MustCompile(`[\[【][\d,;\s]*$`)

// squash drops whitespace, which the stream and the checker place differently.
func squash(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
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
