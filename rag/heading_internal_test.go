package rag

import (
	"testing"

	"github.com/letters-app/letters"
)

// A paragraph filed under a heading that says what it is about ranks above
// one that shares as many of the question's words but stands under an
// unrelated heading; the paragraph's own words still count for more than
// its heading's.
func TestRerankCountsTheHeading(t *testing.T) {
	para := func(id int64, section, text string) letters.Passage {
		return letters.Passage{Paragraph: letters.Paragraph{ID: id, DocumentID: 1, Section: section, Text: text}, Document: letters.DocRef{ID: 1}, Score: 0.03}
	}
	tests := []struct {
		name     string
		question string
		passages []letters.Passage
		want     int64 // the first paragraph after reranking
	}{
		{
			name:     "the heading names the topic the text leaves implicit",
			question: "What did inspectors say about private fostering arrangements?",
			passages: []letters.Passage{
				para(1, "Headline findings", "Inspectors say that leaders have made arrangements to strengthen oversight."),
				para(2, "Private fostering", "Inspectors say that arrangements are not always checked within the required timescales."),
			},
			want: 2,
		},
		{
			name:     "the heading names what the question asks for",
			question: "Which recommendations did the paper make about the sufficiency strategy?",
			passages: []letters.Passage{
				para(1, "Background", "The sufficiency strategy was agreed by cabinet in 2024 and is reviewed each year."),
				para(2, "Recommendations", "That the sufficiency strategy is refreshed and brought back to the board in July."),
			},
			want: 2,
		},
		{
			name:     "own words beat a heading's",
			question: "How quickly are return home interviews offered?",
			passages: []letters.Passage{
				para(1, "Return home interviews", "Managers review the timeliness of the offer each month."),
				para(2, "Children missing from home", "Return home interviews are offered quickly to most children who go missing."),
			},
			want: 2,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := Parse(tt.question, nil, nil)
			got := Rerank(NewScorer(q, TermStats{}), tt.passages, 2)
			if len(got) == 0 || got[0].ID != tt.want {
				var ids []int64
				for _, p := range got {
					ids = append(ids, p.ID)
				}
				t.Errorf("Rerank(%q) = %v, want paragraph %d first", tt.question, ids, tt.want)
			}
		})
	}
}
