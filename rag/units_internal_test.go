package rag

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/letters-app/letters"
)

// TestAnswerUnits: a question asking for a sum, a percentage or a count of
// something says so in its analysis.
func TestAnswerUnits(t *testing.T) {
	tests := []struct {
		q     string
		wants []string
	}{
		{"How much extra money did Testham put into children's social care?", []string{"a sum of money"}},
		{"Who will run the interviews from April, and what will it cost?", []string{"a person", "a sum of money"}},
		{"What was the re-referral rate in the county?", []string{"a percentage"}},
		{"What grade did the council get for children in care?", []string{"a grade"}},
		{"What proportion of social workers are agency staff?", []string{"a percentage"}},
		{"How many inspectors were on site during the 2022 inspection?", []string{"a number of inspectors"}},
		{"How many monitoring visits has the city had since going inadequate?", []string{"a number of visits"}},
		{"How many children's homes did the council open?", []string{"a number of homes"}},
		{"How many social workers left the team last year?", []string{"a number of workers"}},
		{"How many children were seen within a day?", []string{"a number of children"}},
		{"How long did the inspection last?", []string{"a date", "a length of time"}},
		{"How do inspectors rate the front door?", nil},                                // the verb, not a share
		{"How much time do social workers spend with children?", []string{"a number"}}, // time, not money
		{"How many young people were living in unsuitable homes?", []string{"a number of people"}},
		{"How many looked after children were placed out of area?", []string{"a number of children"}},
		// the counted noun after "of the county's": five words in
		{"How many of the county's care leavers ended up in B&Bs in 2023?", []string{"a number of leavers"}},
		{"The re-referral rate was high in 2022 - what has improved since?", nil}, // the premise's rate is not asked for
		{"Was the council rated inadequate in 2022?", nil},                        // "rated" is not "rate"
		{"What did inspectors find about the front door?", nil},
		// "when" as a conjunction asks for no date; as the question's word it does
		{"How does the MASH respond when children are at high risk?", nil},
		{"Who has to bring the report back to scrutiny, and when?", []string{"a person", "a date"}},
		{"Why didn't managers notice that return home interviews had dropped off?", []string{"a reason"}},
		{"What caused the delays in the MASH?", []string{"a reason"}},
	}
	for _, tt := range tests {
		q := Parse(tt.q, nil, nil)
		if got := q.wants(); !reflect.DeepEqual(got, tt.wants) {
			t.Errorf("%q: wants %q, want %q", tt.q, got, tt.wants)
		}
	}
}

// TestAnswerTypeRanksTheSentenceThatHoldsIt: among sentences on the same
// subject, the one holding the asked-for unit answers: a sum for "how
// much money", the number of inspectors (not of children) for "how many
// inspectors", the ordinal visit for "how many visits".
func TestAnswerTypeRanksTheSentenceThatHoldsIt(t *testing.T) {
	tests := []struct {
		q, want string
		others  []string
	}{
		{"How much extra money did the council put into children's social care?",
			"In July 2024 the council approved additional investment of £3.2 million in children's social care.",
			[]string{"Care leavers are exempt from paying council tax in the council's area until the age of 25, as part of its children's social care offer."}},
		{"How many inspectors were on site during the inspection?",
			"Weeks two and three involved 6 inspectors working on site, understanding our work with children.",
			[]string{"The on-site inspection activity will usually focus upon the experience of up to 6 children and young people on site."}},
		{"How many monitoring visits has the council had since it was judged inadequate?",
			"This was the fifth monitoring visit since the local authority was judged inadequate in March 2023.",
			[]string{"Progress for children in need since the last monitoring visit in July 2024 has been too slow, and 12 children waited."}},
		{"How long did some children wait to be seen by a social worker?",
			"Some children in need of protection wait up to six weeks to be seen by a social worker.",
			[]string{"Inspectors found in July that some children wait to be seen by a social worker."}},
		{"What grade did the council get for children in care?",
			"The experiences and progress of children in care Requires improvement to be good",
			[]string{"Children in care in the council are visited regularly, and the council's plans for children in care are good."}},
		{"Why didn't managers notice that return home interviews had dropped off?",
			"Managers had not noticed the decline in return home interviews because performance reports measured only whether a referral was sent.",
			[]string{"Return home interviews had dropped off sharply, and managers did not notice the decline in return home interviews until the summer."}},
	}
	for _, tt := range tests {
		q := Parse(tt.q, nil, nil)
		var ps []letters.Passage
		for i, text := range append(tt.others, tt.want) {
			ps = append(ps, letters.Passage{Paragraph: letters.Paragraph{ID: int64(i + 1), Text: text}, Document: letters.DocRef{ID: int64(i + 1)}})
		}
		sc := NewScorer(q, TermStats{})
		cands, _ := sc.rankSentences(ps)
		if len(cands) == 0 || cands[0].text != tt.want {
			got := ""
			if len(cands) > 0 {
				got = cands[0].text
			}
			t.Errorf("%q: best sentence %q, want %q", tt.q, got, tt.want)
		}
	}
}

// TestScopeListIsNotAFinding: a letter's list of what the visit looked at
// restates a question's topic without saying what was found; it answers
// "what did the visit cover?", not "how did the council respond?".
func TestScopeListIsNotAFinding(t *testing.T) {
	scope := letters.Passage{Paragraph: letters.Paragraph{ID: 1, Section: "Areas covered by the visit",
		Text: "Inspectors reviewed the progress made in the following areas:\n• emergency action when police use powers of protection"}, Document: letters.DocRef{ID: 1}}
	finding := letters.Passage{Paragraph: letters.Paragraph{ID: 2, Section: "Findings and evaluation of progress",
		Text: "When police use their powers of protection in an emergency, social workers take prompt action."}, Document: letters.DocRef{ID: 1}}
	tests := []struct{ q, want string }{
		{"What did inspectors find about emergency action when police use powers of protection?", finding.Text},
		{"Which areas did the visit cover?", "Inspectors reviewed the progress made in the following areas:"}, // its items follow it (withListItems)
	}
	for _, tt := range tests {
		q := Parse(tt.q, nil, nil)
		cands, _ := NewScorer(q, TermStats{}).rankSentences([]letters.Passage{scope, finding})
		if len(cands) == 0 {
			t.Fatalf("%q: no sentences", tt.q)
		}
		if cands[0].text != tt.want {
			t.Errorf("%q: best sentence %q, want %q", tt.q, cands[0].text, tt.want)
		}
	}
}

// TestBoilerplateIsNotAFinding: the sentences every letter carries ("This
// visit was carried out in line with the … framework") answer nothing.
func TestBoilerplateIsNotAFinding(t *testing.T) {
	ps := []letters.Passage{
		{Paragraph: letters.Paragraph{ID: 1, Text: "This visit was carried out in line with the inspection of local authority children's services (ILACS) framework."}, Document: letters.DocRef{ID: 1}},
		{Paragraph: letters.Paragraph{ID: 2, Text: "The inspection found that children's services in the local authority are improving steadily."}, Document: letters.DocRef{ID: 1}},
	}
	q := Parse("What did the inspection find about the local authority's children's services?", nil, nil)
	cands, _ := NewScorer(q, TermStats{}).rankSentences(ps)
	if len(cands) == 0 || cands[0].passage != 1 {
		t.Errorf("best sentence %q, want the finding", cands[0].text)
	}
}

// TestWhatTheVisitLookedAt: asked what inspectors looked at, the letter's
// lead-in to the areas it reviewed answers, not the sentence saying how
// inspectors worked ("Inspectors looked at a range of evidence …"), which
// shares the question's words.
func TestWhatTheVisitLookedAt(t *testing.T) {
	doc := letters.DocRef{ID: 1}
	ps := []letters.Passage{
		{Paragraph: letters.Paragraph{ID: 1, Section: "Areas covered by the visit", Text: "This visit was carried out in line with the inspection of local authority children's services (ILACS) framework. " +
			"Inspectors looked at a range of evidence, including electronic case records, management information and performance reports."}, Document: doc},
		{Paragraph: letters.Paragraph{ID: 2, Section: "Areas covered by the visit", Text: "Inspectors reviewed the progress made in the following areas of concern identified at the last inspection:\n" +
			"• The timeliness of child protection enquiries.\n• Management oversight of work with children at the front door."}, Document: doc},
	}
	want := "Inspectors reviewed the progress made in the following areas of concern identified at the last inspection:"
	for _, question := range []string{
		"What did inspectors look at on the first monitoring visit?",
		"What did the visit look at?",
		"Which areas did the visit cover?",
	} {
		q := Parse(question, nil, nil)
		cands, _ := NewScorer(q, TermStats{}).rankSentences(ps)
		if len(cands) == 0 || cands[0].text != want {
			var got string
			if len(cands) > 0 {
				got = cands[0].text
			}
			t.Errorf("%q: best sentence %q, want %q", question, got, want)
		}
	}
}

// TestDefinitionBySubject: "What is a return home interview?" asks for a
// definition, answered by the sentence whose subject is the thing and
// which says what it is, not one that mentions it in passing.
func TestDefinitionBySubject(t *testing.T) {
	doc := letters.DocRef{ID: 1}
	ps := []letters.Passage{
		{Paragraph: letters.Paragraph{ID: 1, Text: "Councillor Brannigan asked whether the recent criticism of return home interviews in the county applied to the city."}, Document: doc},
		{Paragraph: letters.Paragraph{ID: 2, Text: "Children who go missing are not routinely offered a return home interview. " +
			"Return home interviews are independent conversations with a child after they have been missing, to understand why they went missing."}, Document: doc},
	}
	want := "Return home interviews are independent conversations with a child after they have been missing, to understand why they went missing."
	for _, question := range []string{"What is a return home interview?", "What is meant by a return home interview?", "What does a return home interview do for children who go missing?"} {
		q := Parse(question, nil, nil)
		if !q.Define {
			t.Errorf("Parse(%q).Define = false, want true", question)
		}
		picked := (&Extractive{}).Select(AnswerInput{Query: q, Passages: ps, Scorer: NewScorer(q, TermStats{})})
		if len(picked) != 1 || picked[0].text != want {
			var got []string
			for _, c := range picked {
				got = append(got, c.text)
			}
			t.Errorf("%q: picked %q, want only %q", question, got, want)
		}
	}
	// a sentence spelling the acronym out defines the acronym asked
	// about, not the words typed in full
	acr := []letters.Passage{
		{Paragraph: letters.Paragraph{ID: 1, Text: "Inspectors had issued one priority action, relating to return home interviews (RHIs) for children who go missing."}, Document: doc},
		{Paragraph: letters.Paragraph{ID: 2, Text: "Return home interviews are independent conversations with a child after they have been missing."}, Document: doc},
	}
	gl := []letters.GlossaryEntry{{Acronym: "RHI", Expansion: "return home interview"}}
	for question, want := range map[string]string{
		"What is a return home interview?": "Return home interviews are independent conversations with a child after they have been missing.",
		"What does RHI stand for?":         "Inspectors had issued one priority action, relating to return home interviews (RHIs) for children who go missing.",
	} {
		q := Parse(question, nil, gl)
		picked := (&Extractive{}).Select(AnswerInput{Query: q, Passages: acr, Scorer: NewScorer(q, TermStats{})})
		if len(picked) == 0 || picked[0].text != want {
			var got []string
			for _, c := range picked {
				got = append(got, c.text)
			}
			t.Errorf("%q: picked %q, want %q first", question, got, want)
		}
	}
	// not a definition: a question about a thing's state
	for _, question := range []string{"What is a typical caseload in the assessment teams, and how has it changed?", "What is a typical caseload in Testford?", "What is a good rating in 2025?"} {
		if q := Parse(question, []string{"Testford"}, nil); q.Define {
			t.Errorf("Parse(%q).Define = true, want false", question)
		}
	}
}

// TestLengthsOfTime: a stay is counted in nights as well as days.
func TestLengthsOfTime(t *testing.T) {
	for text, want := range map[string]bool{
		"One young person stayed in bed and breakfast accommodation for 23 nights.": true,
		"Children wait up to six weeks to be seen.":                                 true,
		"Leaders should ensure that no care leaver is placed in bed and breakfast.": false,
	} {
		if got := reSpan.MatchString(text); got != want {
			t.Errorf("reSpan in %q = %v, want %v", text, got, want)
		}
	}
}

// TestChangeIsTheOperator: "how did X change", "compare X and Y" ask for a
// comparison; the words say how, not what about, unless nothing else is
// asked.
func TestChangeIsTheOperator(t *testing.T) {
	tests := []struct {
		q          string
		terms      []string
		onlyChange bool
	}{
		{"How did the findings on the MASH change between 2024 and 2026?", []string{"mash"}, false},
		{"Compare staff stability in the front door in 2024 and 2026.", []string{"staff", "stability", "front", "door"}, false},
		{"What has changed?", []string{"changed"}, true},
	}
	for _, tt := range tests {
		q := Parse(tt.q, nil, nil)
		var got []string
		for _, term := range q.Terms {
			got = append(got, term.Word)
		}
		for _, w := range tt.terms {
			if !slices.Contains(got, w) {
				t.Errorf("%q: terms %q lack %q", tt.q, got, w)
			}
		}
		for _, w := range got {
			if reCompareOperator.MatchString(w) && !tt.onlyChange {
				t.Errorf("%q: the operator %q is a search term", tt.q, w)
			}
		}
		if q.OnlyChange != tt.onlyChange {
			t.Errorf("%q: OnlyChange = %v, want %v", tt.q, q.OnlyChange, tt.onlyChange)
		}
	}
}

// TestSearchedAndRefusalWording: "committee minutes" is plural already;
// a refusal says once where its closest passages come from.
func TestSearchedAndRefusalWording(t *testing.T) {
	if got := searched(letters.Filter{Authorities: []string{"Westerby"}, Kinds: []string{letters.KindMinutes}}); got != "Westerby · committee minutes" {
		t.Errorf("searched = %q, want %q", got, "Westerby · committee minutes")
	}
	s := &Service{}
	ps := []letters.Passage{{Paragraph: letters.Paragraph{ID: 1, Text: "x"}}}
	r := s.refuse("q", "q", "No letters match the filters (document); the closest passages below are from all letters.", ps, &Extractive{}, "", letters.Filter{}, time.Now(), 0)
	if n := strings.Count(strings.ToLower(r.Answer), "closest passages"); n != 1 {
		t.Errorf("refusal %q names the closest passages %d times, want once", r.Answer, n)
	}
}

// TestShoutedQuestion: a question in capitals is the same question.
func TestShoutedQuestion(t *testing.T) {
	auth := []string{"Kellingmoor"}
	a := Parse("WHAT ARE THE AREAS FOR IMPROVEMENT IN KELLINGMOOR", auth, nil)
	b := Parse("What are the areas for improvement in Kellingmoor", auth, nil)
	if a.QuestionKind() != b.QuestionKind() || !reflect.DeepEqual(a.Filter.Authorities, b.Filter.Authorities) {
		t.Errorf("shouted: kind %q councils %v; typed: kind %q councils %v", a.QuestionKind(), a.Filter.Authorities, b.QuestionKind(), b.Filter.Authorities)
	}
	if got := Parse("What does MASH stand for?", nil, nil).QuestionKind(); got != "definition" {
		t.Errorf("an acronym in a typed question: kind %q, want definition", got)
	}
}

// TestAcronymAsSubject: of two sentences that spell out the acronym asked
// about, the one whose subject it is defines it; the one that mentions it
// in passing late in the sentence does not.
func TestAcronymAsSubject(t *testing.T) {
	gl := []letters.GlossaryEntry{{Acronym: "FGC", Expansion: "family group conference"}}
	passing := letters.Passage{Paragraph: letters.Paragraph{ID: 1, DocumentID: 1, Label: "¶9",
		Text: "When concerns about neglect escalate and managers agree that wider family members could help, social workers now routinely refer families to a family group conference (FGC) before proceedings."},
		Document: letters.DocRef{ID: 1, Authority: "Brackenford City", Date: "2025-06-01"}, Score: 0.03}
	subject := letters.Passage{Paragraph: letters.Paragraph{ID: 2, DocumentID: 2, Label: "¶6",
		Text: "The family group conference (FGC) service brings relatives together to make a plan for the child."},
		Document: letters.DocRef{ID: 2, Authority: "Ellerbyshire", Date: "2025-03-01"}, Score: 0.02}
	// an acronym's possessive is a council's, not a term to define
	for _, question := range []string{"What's NCC's Ofsted rating?", "What is the DCS's name?"} {
		if Parse(question, nil, gl).Define {
			t.Errorf("%q: Define true, want false", question)
		}
	}
	for _, question := range []string{"What does FGC stand for?", "what's FGC?"} {
		q := Parse(question, nil, gl)
		if !q.Define {
			t.Fatalf("%q: Define false, want true", question)
		}
		s := NewScorer(q, TermStats{})
		ps := []letters.Passage{passing, subject}
		picked := (&Extractive{}).Select(AnswerInput{Query: q, Passages: ps, Scorer: s})
		if len(picked) != 1 || ps[picked[0].passage].ID != subject.ID {
			var got []string
			for _, c := range picked {
				got = append(got, c.text)
			}
			t.Errorf("%q: picked %q, want only the sentence whose subject is the FGC", question, got)
		}
	}
}

// TestOneDocumentAnswersOneQuestion: a question about one thing is
// answered by the sentence that answers it best; a sentence of another
// letter, or of the same one, that merely adds a word of the question is
// not quoted beside it, one that answers nearly as well is.
func TestOneDocumentAnswersOneQuestion(t *testing.T) {
	mk := func(id int64, doc int64, authority, text string) letters.Passage {
		return letters.Passage{Paragraph: letters.Paragraph{ID: id, DocumentID: doc, Label: "¶5", Text: text},
			Document: letters.DocRef{ID: doc, Authority: authority, Date: "2025-06-01"}, Score: 0.03}
	}
	best := mk(1, 1, "Brackenford City", "Return home interviews are offered to every child who goes missing, and the information gathered is used well to reduce risk.")
	// adds "managers", scores about two thirds of the best
	weak := mk(2, 2, "Ellerbyshire", "Managers review the information from return home interviews.")
	near := mk(3, 3, "Tamsworth", "Return home interviews are offered to every child who goes missing, and managers use the information well.")
	q := Parse("How do managers use the information from return home interviews when a child goes missing?", nil, nil)
	s := NewScorer(q, TermStats{})
	quoted := func(ps []letters.Passage) []int64 {
		var ids []int64
		for _, c := range (&Extractive{}).Select(AnswerInput{Query: q, Passages: ps, Scorer: s}) {
			ids = append(ids, ps[c.passage].ID)
		}
		return ids
	}
	if got := quoted([]letters.Passage{best, weak}); len(got) != 1 || got[0] != best.ID {
		t.Errorf("with a weaker sentence of another letter: quoted passages %v, want only [%d]", got, best.ID)
	}
	if got := quoted([]letters.Passage{near, best}); len(got) != 2 {
		t.Errorf("with another letter answering nearly as well: quoted passages %v, want both", got)
	}
	// nor is the same weaker sentence in the best sentence's own letter
	same := weak
	same.DocumentID, same.Document = best.DocumentID, best.Document
	if got := quoted([]letters.Passage{best, same}); len(got) != 1 || got[0] != best.ID {
		t.Errorf("with a weaker sentence of the same letter: quoted passages %v, want only [%d]", got, best.ID)
	}
}
