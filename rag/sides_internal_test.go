package rag

import (
	"slices"
	"testing"

	"github.com/letters-app/letters"
)

func TestComparisonQuotesEachSide(t *testing.T) {
	alpha := letters.DocRef{ID: 1, Authority: "Alpha City", Date: "2026-03-12"}
	alpha24 := letters.DocRef{ID: 3, Authority: "Alpha City", Date: "2024-09-02"}
	beta := letters.DocRef{ID: 2, Authority: "Beta County", Date: "2026-01-12"}
	var ps []letters.Passage
	for i, text := range []string{
		"Front door decisions on contacts are timely. Front door decisions on contacts are well recorded.",
		"Front door decisions on contacts are thorough. Front door decisions on contacts are proportionate.",
		"Front door decisions on contacts are consistent. Front door decisions on contacts are clear.",
	} {
		ps = append(ps, letters.Passage{Paragraph: letters.Paragraph{ID: int64(i + 1), Text: text}, Document: alpha})
	}
	ps = append(ps,
		letters.Passage{Paragraph: letters.Paragraph{ID: 4, Text: "Some children referred to the front door receive an inconsistent response."}, Document: beta},
		letters.Passage{Paragraph: letters.Paragraph{ID: 5, Text: "Some children at the front door wait too long for a decision."}, Document: alpha24})
	tests := []struct {
		question string
		want     []int64 // documents quoted
	}{
		{"How do front door decisions on contacts compare in Alpha City and Beta County?", []int64{1, 2}},
		{"How did Alpha City's front door decisions on contacts change between 2024 and 2026?", []int64{1, 3}},
	}
	for _, tt := range tests {
		q := Parse(tt.question, []string{"Alpha City", "Beta County"}, nil)
		picked := (&Extractive{}).Select(AnswerInput{Query: q, Passages: ps, Scorer: NewScorer(q, TermStats{})})
		got := map[int64]bool{}
		for _, c := range picked {
			got[ps[c.passage].Document.ID] = true
		}
		for _, id := range tt.want {
			if !got[id] {
				var texts []string
				for _, c := range picked {
					texts = append(texts, c.text)
				}
				t.Errorf("%q: no sentence of document %d; picked %q", tt.question, id, texts)
			}
		}
	}
}

// TestComparisonOneSentencePerSide: a comparison whose sides each have an
// answer quotes one sentence per side, not a third from either letter.
func TestComparisonOneSentencePerSide(t *testing.T) {
	alpha := letters.DocRef{ID: 1, Authority: "Alpha City", Date: "2026-03-12"}
	alpha24 := letters.DocRef{ID: 3, Authority: "Alpha City", Date: "2024-09-02"}
	beta := letters.DocRef{ID: 2, Authority: "Beta County", Date: "2026-01-12"}
	ps := []letters.Passage{
		{Paragraph: letters.Paragraph{ID: 1, Text: "Management oversight at the front door is visible and effective. Managers at the front door review every contact within a day."}, Document: alpha},
		{Paragraph: letters.Paragraph{ID: 2, Text: "Management oversight at the front door is not consistently strong. Front door managers do not always record their reasons."}, Document: beta},
		{Paragraph: letters.Paragraph{ID: 3, Text: "Management oversight at the front door was weak. Front door managers were often agency staff."}, Document: alpha24},
	}
	tests := []struct {
		question string
		want     []int64 // the document of each sentence quoted, in order
	}{
		// in date order: Beta County's letter is the older
		{"Compare management oversight at the front door in Alpha City and Beta County.", []int64{2, 1}},
		{"How did management oversight at Alpha City's front door change between 2024 and 2026?", []int64{3, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) {
			q := Parse(tt.question, []string{"Alpha City", "Beta County"}, nil)
			picked := (&Extractive{}).Select(AnswerInput{Query: q, Passages: ps, Scorer: NewScorer(q, TermStats{})})
			var got []int64
			var texts []string
			for _, c := range picked {
				got = append(got, ps[c.passage].Document.ID)
				texts = append(texts, c.text)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("documents quoted = %v, want %v; picked %q", got, tt.want, texts)
			}
		})
	}
}
