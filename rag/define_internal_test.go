package rag

import (
	"testing"

	"github.com/letters-app/letters"
)

// TestDefineIsAskedOfAThing: "what does X mean?" and "what does a X do?"
// ask for a definition; what a council or its people do, or what a
// finding means for someone, does not.
func TestDefineIsAskedOfAThing(t *testing.T) {
	tests := []struct {
		question string
		want     bool
	}{
		{"What does an amber rating mean?", true},
		{"What does 'pre-proceedings' or PLO mean in the improvement plan papers?", true},
		{"What does a personal adviser do for young people leaving care?", true},
		{"What does the council do to recruit foster carers?", false},
		{"What does the local authority do well?", false},
		{"What does the council do for care leavers?", false},
		{"What does the council need to do next?", false},
		{"What does the new director plan to do about caseloads?", false},
		{"What does the inadequate judgement mean for children in Brackenshire?", false},
		{"What do the inspectors' findings mean for the improvement plan?", false},
	}
	for _, tt := range tests {
		if got := Parse(tt.question, []string{"Brackenshire"}, nil).Define; got != tt.want {
			t.Errorf("Parse(%q).Define = %v, want %v", tt.question, got, tt.want)
		}
	}
}

// TestKeyEntriesOnly: a key defines its terms after a "key:" lead-in or in
// two or more entries; a record's "Rating: Amber; Owner: …" and a sentence
// of two findings joined by a semicolon define nothing.
func TestKeyEntriesOnly(t *testing.T) {
	tests := []struct {
		question, sentence string
		want               bool
	}{
		{"What does an amber rating mean?", "RAG key: Red - off track, target date will be missed; Amber - some risk to delivery, mitigation in place; Green - on track.", true},
		{"What does an amber rating mean?", "Green means the action is complete or on track; Amber means the action is behind schedule but is expected to be delivered; Red means the action is off track.", true},
		{"What does an amber rating mean?", "Action 3.2 Improve timeliness of return home interviews; Rating: Amber; Owner: Head of Service.", false},
		{"What is a child protection plan?", "Social workers visit children regularly; plans are not always specific enough.", false},
		{"What is early help?", "Demand has risen; help is offered to fewer families.", false},
	}
	for _, tt := range tests {
		q := Parse(tt.question, nil, nil)
		if got := NewScorer(q, TermStats{}).definesTerm(tt.sentence); got != tt.want {
			t.Errorf("%q: definesTerm(%q) = %v, want %v", tt.question, tt.sentence, got, tt.want)
		}
	}
}

// TestAcronymDefinedNotJudged: "What is the MASH?" is answered by what it
// is, not by a finding about it ("The MASH is not yet effective").
func TestAcronymDefinedNotJudged(t *testing.T) {
	doc := letters.DocRef{ID: 1}
	ps := []letters.Passage{
		{Paragraph: letters.Paragraph{ID: 1, Text: "The MASH is not yet effective: too many contacts wait more than a day for a decision."}, Document: doc},
		{Paragraph: letters.Paragraph{ID: 2, Text: "Contacts are received by the multi-agency safeguarding hub (MASH), which is a team of police, health and social care staff."}, Document: doc},
	}
	gl := []letters.GlossaryEntry{{Acronym: "MASH", Expansion: "multi-agency safeguarding hub"}}
	q := Parse("What is the MASH?", nil, gl)
	picked := (&Extractive{}).Select(AnswerInput{Query: q, Passages: ps, Scorer: NewScorer(q, TermStats{})})
	if len(picked) == 0 || picked[0].text != ps[1].Text {
		var got []string
		for _, c := range picked {
			got = append(got, c.text)
		}
		t.Errorf("picked %q, want %q first", got, ps[1].Text)
	}
}

// TestRateOf: the thing a rate is of, as the question names it: after "rate
// of", or before "rate" when that is not a council or a possessive; a
// sentence names it in any form of the word.
func TestRateOf(t *testing.T) {
	for ask, want := range map[string]string{
		"What is Testshire's rate of re-referrals?":       "re-referrals",
		"What's the social worker vacancy rate?":          "vacancy",
		"What is the council's rate?":                     "",
		"What is Testshire's re-referral rate this year?": "re-referral",
	} {
		if got := rateOf(ask); got != want {
			t.Errorf("rateOf(%q) = %q, want %q", ask, got, want)
		}
	}
	q := Parse("What's the social worker vacancy rate?", nil, nil)
	if !NewScorer(q, TermStats{}).namesRateOf("Of 150 social worker posts, 21 (14%) are vacant.") {
		t.Errorf("a sentence on vacant posts does not name the vacancy rate")
	}
	if d := requestedDetail(Parse("What's the weekly fostering allowance rate?", nil, nil)); d != nil && d.name == "a percentage or proportion" {
		t.Errorf("an allowance rate asks for a percentage")
	}
}
