package rag

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/letters-app/letters"
)

// benchPassages builds passages from the sample letters' paragraphs
// (split on blank lines; no database needed).
func benchPassages(b *testing.B) []letters.Passage {
	files, _ := filepath.Glob("../letters/*.txt")
	var ps []letters.Passage
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		for i, para := range splitBlank(string(raw)) {
			if len(para) > 200 && len(ps) < 8 {
				ps = append(ps, letters.Passage{Paragraph: letters.Paragraph{ID: int64(len(ps) + 1), Ordinal: i, Text: para}})
			}
		}
	}
	return ps
}

func splitBlank(s string) []string { return strings.Split(s, "\n\n") }

func BenchmarkSelectSentences(b *testing.B) {
	ps := benchPassages(b)
	q := Parse("How does the MASH respond when children are at high risk of significant harm?", []string{"Nottingham City"},
		[]letters.GlossaryEntry{{Acronym: "MASH", Expansion: "multi-agency safeguarding hub"}})
	st := TermStats{DF: map[string]int{"mash": 30, "respond": 10, "children": 100, "high": 8, "risk": 20, "significant": 9, "harm": 12}, Total: 106}
	e := &Extractive{}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		e.Select(AnswerInput{Query: q, Passages: ps, Scorer: NewScorer(q, st)})
	}
}

func BenchmarkCheck(b *testing.B) {
	ps := benchPassages(b)
	answer := "When children are believed to be at high risk of significant harm, the initial response remains consistently strong [1]. " +
		"Prompt identification of risk and swift decision-making ensure requests are processed promptly [2][9]."
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		Check(answer, ps)
	}
}
