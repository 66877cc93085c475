package rag

import (
	"context"
	"fmt"
	"strings"

	"github.com/letters-app/letters"
)

// SectionSummary is a model's short summary of a briefing section, written
// from the section's bullets and checked by the citation checker like any
// answer.
type SectionSummary struct {
	Text        string             `json:"text"` // with display markers [1], [2] into Citations
	Citations   []letters.Citation `json:"citations"`
	Unsupported int                `json:"unsupported_citations"`
	Model       string             `json:"model,omitempty"`
}

// maxSummaryBullets is how many of a section's bullets a summary is written from.
const maxSummaryBullets = 12

// summarise adds a two-sentence summary above each section that has
// bullets, using the model answerer ("llm"). Without one the briefing is
// returned as it is (it is complete without summaries); a model that fails
// leaves that section without one. A summary whose sentences cite nothing
// or whose citations do not support it is dropped.
func (s *Service) summarise(ctx context.Context, br *Briefing) {
	model, ok := s.answerers["llm"]
	if !ok {
		return
	}
	for i := range br.Sections {
		sec := &br.Sections[i]
		if len(sec.Bullets) == 0 {
			continue
		}
		bl := sec.Bullets
		if len(bl) > maxSummaryBullets {
			bl = bl[:maxSummaryBullets]
		}
		ps := make([]letters.Passage, len(bl))
		for j, b := range bl {
			ps[j] = letters.Passage{Paragraph: letters.Paragraph{ID: b.ParagraphID, DocumentID: b.Document.ID, Label: b.Label, Section: b.Heading, Text: b.Text, Key: b.Key},
				Document: b.Document, Rank: j + 1}
		}
		q := fmt.Sprintf("In at most two sentences, summarise for a board member the %s for %s in these extracts. Cite each sentence.",
			strings.ToLower(sec.Title), br.Council.Name)
		d, err := model.Answer(ctx, AnswerInput{Question: q, Passages: ps})
		if err != nil {
			s.log.Warn("briefing summary failed", "section", sec.ID, "err", shortErr(err))
			continue
		}
		if d.Refused {
			continue
		}
		text, cits, _, unsupported := check(d.Text, ps, s.analysis)
		if len(cits) == 0 || unsupported > 0 {
			s.log.Info("briefing summary dropped", "section", sec.ID, "citations", len(cits), "unsupported", unsupported)
			continue
		}
		sec.Summary = &SectionSummary{Text: text, Citations: cits, Unsupported: unsupported, Model: d.Model}
	}
}
