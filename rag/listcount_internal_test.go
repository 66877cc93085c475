package rag

import (
	"slices"
	"testing"

	"github.com/letters-app/letters"
)

func TestListedItems(t *testing.T) {
	improve := "• Management oversight of contacts. (outcome 3, national framework)\n• The analysis of children's experiences."
	tests := []struct {
		question, section, text string
		want                    []string
	}{
		{"How many improvement points did the county get?", "What needs to improve in this area of social work practice?", improve,
			[]string{"Management oversight of contacts.", "The analysis of children's experiences."}},
		{"How many areas for improvement were there?", "Areas that need further improvement", "• The timeliness of initial health assessments.", []string{"The timeliness of initial health assessments."}},
		{"How many priority actions were given?", "Priority action", "• The local authority should urgently ensure that every child is offered an interview.",
			[]string{"The local authority should urgently ensure that every child is offered an interview."}},
		// priority actions are not the areas for improvement, nor these them
		{"How many priority actions were given?", "What needs to improve?", improve, nil},
		{"How many areas for improvement were there?", "Priority action", improve, nil},
		// a graded judgement's heading heads findings, not a list
		{"How many areas for improvement were there?", "The experiences and progress of care leavers: requires improvement to be good", improve, nil},
		// not a count, or a count of something else
		{"What needs to improve?", "What needs to improve?", improve, nil},
		{"How many children were in care?", "What needs to improve?", improve, nil},
		// no bullets: nothing to count
		{"How many areas for improvement were there?", "What needs to improve?", "Leaders know their services well.", nil},
	}
	for _, tt := range tests {
		q := Parse(tt.question, nil, nil)
		p := letters.Passage{Paragraph: letters.Paragraph{Section: tt.section, Text: tt.text}}
		if got := listedItems(q, p); !slices.Equal(got, tt.want) {
			t.Errorf("listedItems(%q, %q) = %q, want %q", tt.question, tt.section, got, tt.want)
		}
	}
}
