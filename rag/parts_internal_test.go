package rag

import (
	"reflect"
	"slices"
	"testing"

	"github.com/letters-app/letters"
)

func TestSplitParts(t *testing.T) {
	tests := []struct {
		ask  string
		want []string
	}{
		{"How much extra money did the council put into social care, and what is it paying for?",
			[]string{"How much extra money did the council put into social care", "what is it paying for?"}},
		{"Who led the inspection and when did it take place?", []string{"Who led the inspection", "when did it take place?"}},
		{"Is the MASH effective? How far has the new model gone?", []string{"Is the MASH effective?", "How far has the new model gone?"}},
		{"What did inspectors say about leaders and managers?", []string{"What did inspectors say about leaders and managers?"}},
		{"What are the strengths and weaknesses of the front door?", []string{"What are the strengths and weaknesses of the front door?"}},
		{"What changed, and why?", []string{"What changed, and why?"}}, // a part of fewer than three words stays
	}
	for _, tt := range tests {
		if got := splitParts(tt.ask); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("splitParts(%q) = %q, want %q", tt.ask, got, tt.want)
		}
	}
}

func TestMultiPartQuestionGetsASentencePerPart(t *testing.T) {
	q := Parse("How much extra money did the council put into children's social care, and what are the social workers paying attention to?", nil, nil)
	if len(q.Parts) != 2 {
		t.Fatalf("parts %q, want 2", q.Parts)
	}
	ps := []letters.Passage{
		{Paragraph: letters.Paragraph{ID: 1, Text: "The council put an extra £2 million of money into children's social care, and the extra money for children's social care is rising."}, Document: letters.DocRef{ID: 1}},
		{Paragraph: letters.Paragraph{ID: 2, Text: "Extra money for children's social care was put in by the council again, the council said, as money for social care."}, Document: letters.DocRef{ID: 1}},
		{Paragraph: letters.Paragraph{ID: 3, Text: "Social workers are paying close attention to the voice of the child."}, Document: letters.DocRef{ID: 1}},
	}
	picked := (&Extractive{}).Select(AnswerInput{Query: q, Passages: ps, Scorer: NewScorer(q, TermStats{})})
	var got []int
	for _, c := range picked {
		got = append(got, c.passage)
	}
	if !slices.Contains(got, 0) && !slices.Contains(got, 1) || !slices.Contains(got, 2) {
		t.Errorf("picked passages %v: want one on the money (0 or 1) and the one on what social workers pay attention to (2)", got)
	}
}

func TestAbbreviatedMonthsMatchTheDocuments(t *testing.T) {
	q := Parse("Who were the inspectors on the Feb 2026 monitoring visit?", nil, nil)
	s := NewScorer(q, TermStats{})
	sent := s.stems("His Majesty's Inspectors for the visit in February 2026 were Jane Doe and John Roe.")
	for i, term := range q.Terms {
		if term.Word == "feb" && !s.matches(sent)[i] {
			t.Errorf("term %q does not match February", term.Word)
		}
	}
}

func TestLatestVisitMeansAVisitDocument(t *testing.T) {
	visits := []string{letters.KindMonitoringVisit, letters.KindFocusedVisit, letters.KindInspection}
	tests := []struct {
		q    string
		want []string
	}{
		{"At the latest visit, how easy was it for families to get early help?", visits},
		{"What did the most recent Ofsted visit look at?", visits},
		{"What did the latest focused visit find?", []string{letters.KindFocusedVisit}},
		{"What did the latest board paper say?", []string{letters.KindBoardPaper}},
		{"What did inspectors say about early help?", nil},
	}
	for _, tt := range tests {
		if got := Parse(tt.q, nil, nil).Filter.Kinds; !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%q: kinds %v, want %v", tt.q, got, tt.want)
		}
	}
}
