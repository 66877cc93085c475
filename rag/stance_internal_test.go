package rag

import (
	"strings"
	"testing"

	"github.com/letters-app/letters"
)

func TestStanceOfAsk(t *testing.T) {
	tests := []struct {
		question string
		want     string
	}{
		{"Which weaknesses remain in the council's early help offer?", "weak"},
		{"What should the board worry about in the latest Lowbridge letter?", "weak"},
		{"Where does the council still need to improve its services for care leavers?", "weak"},
		{"What three things did Ofsted tell Greavesley to work on after the focused visit?", "weak"},
		{"What is Tarrowshire doing to tackle the backlog?", ""},
		{"List the areas for improvement Ofsted identified in private fostering.", "weak"},
		{"What positives did inspectors highlight about disabled children's services?", "strong"},
		{"Is anything working well in the emergency duty team?", "strong"},
		{"Since the 2023 inspection, what has got better for children in care?", "strong"},
		{"Describe the strengths and the weaknesses of permanence planning.", ""},
		{"How do managers respond when a school raises concerns?", ""}, // concerns as a topic, not asked for
		{"How does the MASH respond to children at risk of significant harm?", ""},
	}
	for _, tt := range tests {
		if got := Parse(tt.question, nil, nil).Stance; got != tt.want {
			t.Errorf("Parse(%q).Stance = %q, want %q", tt.question, got, tt.want)
		}
	}
}

func TestStancePicksTheSideAsked(t *testing.T) {
	sides := []letters.Passage{{Paragraph: letters.Paragraph{ID: 1, Text: "The front door service responds well to most families and decisions are timely. " +
		"The front door service does not always respond to families quickly enough and decisions are delayed."}, Document: letters.DocRef{ID: 1}}}
	// the letter's own heading says which side a sentence is on
	headed := []letters.Passage{
		{Paragraph: letters.Paragraph{ID: 1, Section: "Headline findings", Text: "The front door service has changed how it handles contacts."}, Document: letters.DocRef{ID: 1}},
		{Paragraph: letters.Paragraph{ID: 2, Section: "What needs to improve?", Text: "The front door service and how it handles contacts."}, Document: letters.DocRef{ID: 1}},
	}
	tests := []struct {
		question string
		passages []letters.Passage
		want     string // the best sentence starts so
	}{
		{"What are the weaknesses of the front door service?", sides, "The front door service does not"},
		{"What are the positives of the front door service?", sides, "The front door service responds well"},
		{"What does the front door service need to improve in handling contacts?", headed, "The front door service and how"},
	}
	for _, tt := range tests {
		q := Parse(tt.question, nil, nil)
		cands, _ := NewScorer(q, TermStats{}).rankSentences(tt.passages)
		if len(cands) == 0 {
			t.Fatalf("%q: no sentences", tt.question)
		}
		if got := cands[0].text; !strings.HasPrefix(got, tt.want) {
			t.Errorf("%q: best sentence %q, want one starting %q", tt.question, got, tt.want)
		}
	}
}

func TestBriefingFocus(t *testing.T) {
	br := Briefing{Sections: []BriefSection{
		{ID: SectionJudgements, Bullets: []Bullet{{Text: "j"}}},
		{ID: SectionHeadline, Bullets: []Bullet{{Text: "h1"}, {Text: "h2"}, {Text: "h3"}}},
		{ID: SectionStrengths, Bullets: []Bullet{{Text: "s1"}}},
		{ID: SectionImprove, Bullets: []Bullet{{Text: "i1"}, {Text: "i2"}, {Text: "i3"}}},
		{ID: SectionActions, Bullets: []Bullet{{Text: "a1"}}},
	}}
	tests := []struct {
		id   string
		want []string
	}{
		{SectionImprove, []string{"h1", "h2", "i1", "i2", "i3"}},
		{SectionStrengths, []string{"h1", "h2", "s1"}},
	}
	for _, tt := range tests {
		var got []string
		for _, b := range br.Focus(tt.id, 2).Bullets() {
			got = append(got, b.Text)
		}
		if len(got) != len(tt.want) {
			t.Errorf("Focus(%s) = %q, want %q", tt.id, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("Focus(%s) = %q, want %q", tt.id, got, tt.want)
				break
			}
		}
	}
	if n := len(br.Sections[1].Bullets); n != 3 {
		t.Errorf("Focus changed the briefing it was called on: headline has %d bullets, want 3", n)
	}
}

// A report's graded heading names what is judged and its grade; it says
// neither that what stands under it is a strength nor a weakness.
func TestStanceOfGradedHeading(t *testing.T) {
	graded := "The experiences and progress of care leavers: requires improvement to be good"
	tests := []struct {
		stance, section string
		polarity        int
		want            float64
	}{
		{"weak", graded, 1, 0},   // a strength under it is not a weakness
		{"weak", graded, -1, 1},  // a weakness under it is
		{"strong", graded, 1, 1}, // and a strength a strength
		{"weak", "What needs to improve?", 1, 1},
	}
	for _, tt := range tests {
		if got := stanceMatch(tt.stance, tt.polarity, tt.section); got != tt.want {
			t.Errorf("stanceMatch(%q, %d, %q) = %v, want %v", tt.stance, tt.polarity, tt.section, got, tt.want)
		}
	}
}
