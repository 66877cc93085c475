package rag

import (
	"slices"
	"testing"

	"github.com/letters-app/letters"
)

func TestNamesPerson(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"Majesty's Inspectors for this visit were Margaret Burke and Gemma McNevin.", true},
		{"Barnard, the council's portfolio holder, said Cheryl Barnard has apologised.", true},
		{"Lead inspector: Alison Greaves, His Majesty's Inspector", true},
		{"letter summarises the findings of the monitoring visit to Nottingham City children's services on 10 and 11 February 2026.", false},
		{"was the seventh monitoring visit since the local authority was judged inadequate in July 2022.", false},
		{"Majesty's Inspectors reviewed the work of the Multi-Agency Safeguarding Hub.", false},
		{"new Director for Children and Education Services (DCS) was appointed permanently.", false},
		{"Harwick Social Work Academy is supporting newly qualified social workers.", false},
		// a title or role before the name
		{"Apologies for absence were received from Councillor Peter Oakes and Councillor Ruth Dale.", true},
		{"The report was presented by the Corporate Director Helen Okafor.", true},
		{"Present: Cllr Anwar (Chair), Dr Sam Whitley, Mrs Brown.", true},
		// capitalised words that are not a name
		{"The MASH and the BCP front door were reviewed in March 2026.", false},
		{"Leaders, Managers and Partners have worked together.", false},
		// surnames that are also address words
		{"Present: Councillor Margaret Hall (Chair), Councillor Rebecca Lane.", true},
		// an address: a letterhead's or minutes' place of meeting
		{"MINUTES of the meeting held in the Council Chamber, County Hall, Tollgate Road, Harwick on Thursday 22 January 2026 at 10.00 am", false},
		{"Harwick City Council The Guildhall Marlowe Square Harwick", false},
		{"12 March 2026 Joanne Whitlock Strategic Director for Children and Families Harwick City Council The Guildhall Marlowe Square Harwick", true},
	}
	for _, tt := range tests {
		if got := namesPerson(tt.text); got != tt.want {
			t.Errorf("namesPerson(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

func TestWhoQuestionPrefersTheSentenceNamingPeople(t *testing.T) {
	ps := []letters.Passage{{Paragraph: letters.Paragraph{ID: 1, Text: "This letter summarises the findings of the monitoring visit to Nottingham City children's services on 10 and 11 February 2026. " +
		"His Majesty's Inspectors for this visit were Margaret Burke and Gemma McNevin."}, Document: letters.DocRef{ID: 1}}}
	tests := []struct {
		question string
		want     string
	}{
		{"Who carried out the visit to Nottingham City children's services?", "His Majesty's Inspectors for this visit were Margaret Burke and Gemma McNevin."},
		{"Which inspectors carried out the Nottingham City visit?", "His Majesty's Inspectors for this visit were Margaret Burke and Gemma McNevin."},
	}
	for _, tt := range tests {
		q := Parse(tt.question, []string{"Nottingham City"}, nil)
		cands, _ := NewScorer(q, TermStats{}).rankSentences(ps)
		if len(cands) == 0 || cands[0].text != tt.want {
			var got string
			if len(cands) > 0 {
				got = cands[0].text
			}
			t.Errorf("%q: best sentence %q, want %q", tt.question, got, tt.want)
		}
	}
}

// TestWhoIsAnsweredByAName: asked who holds a post, the answer quotes the
// sentence naming someone in that post, though a sentence about the post
// with no name in it matches the question's words better.
func TestWhoIsAnsweredByAName(t *testing.T) {
	doc := letters.DocRef{ID: 1, Authority: "Testshire", Kind: letters.KindInspection, Date: "2024-01-11"}
	ps := []letters.Passage{
		{Paragraph: letters.Paragraph{ID: 1, Text: "The director of children's services (DCS), who was appointed in 2021, leads a stable and experienced senior team of children's services leaders."}, Document: doc},
		// a later letter's letterhead: addressed to the director by the
		// council's own title for the post
		{Paragraph: letters.Paragraph{ID: 2, Label: "¶H1", Section: "Letterhead", Text: "3 December 2025 Martin Ashdown Executive Director for Children, Families and Learning Testshire County Council County Hall"}, Document: doc},
	}
	tests := []struct {
		question, want string
	}{
		{"Who is Testshire's director of children's services?", "3 December 2025 Martin Ashdown Executive Director for Children, Families and Learning Testshire County Council County Hall"},
		// not a question for a name: the best match stands
		{"What did inspectors say about the director of children's services?", "The director of children's services (DCS), who was appointed in 2021, leads a stable and experienced senior team of children's services leaders."},
	}
	for _, tt := range tests {
		q := Parse(tt.question, []string{"Testshire"}, nil)
		picked := (&Extractive{}).Select(AnswerInput{Query: q, Passages: ps, Scorer: NewScorer(q, TermStats{})})
		if len(picked) == 0 || picked[0].text != tt.want {
			var got []string
			for _, c := range picked {
				got = append(got, c.text)
			}
			t.Errorf("%q: picked %q, want %q first", tt.question, got, tt.want)
		}
	}
}

// TestEachWhoPartNamesSomeone: in a question of several parts, a part
// asking who did something is answered by a sentence naming people, though
// another matches its words better.
func TestEachWhoPartNamesSomeone(t *testing.T) {
	doc := letters.DocRef{ID: 1, Authority: "Testford", Kind: letters.KindMonitoringVisit, Date: "2026-03-12"}
	ps := []letters.Passage{
		{Paragraph: letters.Paragraph{ID: 1, Text: "Leaders have improved the visit programme, and children are visited by their social workers on every visit that is planned."}, Document: doc},
		{Paragraph: letters.Paragraph{ID: 2, Text: "This letter summarises the findings of the monitoring visit. His Majesty's Inspectors for this visit were Margaret Burke and Gemma McNevin."}, Document: doc},
		{Paragraph: letters.Paragraph{ID: 3, Label: letters.SignatureLabel, Section: "Signed by", Text: "Margaret Burke His Majesty's Inspector"}, Document: doc},
	}
	q := Parse("Who inspected Testford on the monitoring visit, and who signed the letter?", []string{"Testford"}, nil)
	picked := (&Extractive{}).Select(AnswerInput{Query: q, Passages: ps, Scorer: NewScorer(q, TermStats{})})
	var got []string
	for _, c := range picked {
		got = append(got, c.text)
	}
	want := "His Majesty's Inspectors for this visit were Margaret Burke and Gemma McNevin."
	if !slices.Contains(got, want) {
		t.Errorf("picked %q, want it to include %q", got, want)
	}
}

// TestSpellOut: a reader's abbreviation the letters never use is read in
// the letters' words; words that merely contain the letters are not.
func TestSpellOut(t *testing.T) {
	tests := []struct{ in, want string }{
		{"By when do they plan to stop using B&Bs?", "By when do they plan to stop using bed and breakfast?"},
		{"How many care leavers are in a B & B?", "How many care leavers are in a bed and breakfast?"},
		{"What did the BBC report about Bb&Bb?", "What did the BBC report about Bb&Bb?"},
		// a report "came out": the documents say it was published
		{"What date did Corlington's latest Ofsted report come out?", "What date did Corlington's latest Ofsted report published?"},
		{"When did the inspection report come out?", "When did the inspection report published?"},
		// "how did they come out of the visit" is how they fared
		{"Sum up how Greavesley came out of its focused visit.", "Sum up how Greavesley came out of its focused visit."},
		// figures come down and go up; the letters say reduced, increased
		{"Has the number of agency staff come down since the inspection?", "Has the number of agency staff reduced since the inspection?"},
		{"Why have caseloads gone up?", "Why have caseloads increased?"},
		// a council "comes out" of a visit, a report comes out; what "went
		// down well" was received well
		{"How did Tarrowshire come out in its latest inspection?", "How did Tarrowshire come out in its latest inspection?"},
		{"What went down well with inspectors?", "What went down well with inspectors?"},
	}
	for _, tt := range tests {
		if got := spellOut(tt.in); got != tt.want {
			t.Errorf("spellOut(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	// a reader's "when inspectors arrived" is the letters' "at the start of
	// the visit"; contacts "sitting" are waiting
	qa := Parse("How many contacts were sitting unscreened when inspectors arrived?", nil, nil)
	for _, want := range []string{"start", "wait"} {
		if !slices.ContainsFunc(qa.Terms, func(t Term) bool {
			return slices.ContainsFunc(t.Alts, func(a []string) bool { return len(a) == 1 && a[0] == want })
		}) {
			t.Errorf("Parse: terms %v hold no %q", qa.Terms, want)
		}
	}
	q := Parse("By when do they plan to stop using B&Bs?", nil, nil)
	if !slices.ContainsFunc(q.Terms, func(t Term) bool { return t.Word == "bed and breakfast" || t.Word == "breakfast" }) {
		t.Errorf("Parse: terms %v hold nothing of bed and breakfast", q.Terms)
	}
}

// TestDomainAcronyms: the sector's acronyms a question types in capitals
// ("LAC", "CSE") are searched for in the letters' words too, unless a
// document defines them otherwise; a word in lower case is not one.
func TestDomainAcronyms(t *testing.T) {
	phrases := func(q Query) []string {
		var out []string
		for _, t := range q.Terms {
			out = append(out, t.Phrases...)
		}
		return out
	}
	tests := []struct {
		question string
		glossary []letters.GlossaryEntry
		want     string // a phrase the terms hold
		not      string // one they do not
	}{
		{"How many LAC does the council have?", nil, "looked after children", ""},
		{"What did inspectors say about CSE and UASCs?", nil, "unaccompanied asylum-seeking children", ""},
		{"Is the lac of data a problem?", nil, "", "looked after children"},
		{"How many CIN cases are open?", []letters.GlossaryEntry{{Acronym: "CIN", Expansion: "children in need of help"}}, "children in need of help", "child in need"},
	}
	for _, tt := range tests {
		got := phrases(Parse(tt.question, nil, tt.glossary))
		if tt.want != "" && !slices.Contains(got, tt.want) {
			t.Errorf("%q: phrases %q, want %q among them", tt.question, got, tt.want)
		}
		if tt.not != "" && slices.Contains(got, tt.not) {
			t.Errorf("%q: phrases %q, want no %q", tt.question, got, tt.not)
		}
	}
}

// TestLetterOpeningAnswersOnlyWhen: a letter's opening ("This letter
// summarises the findings of the monitoring visit to … on 16 and 17 April
// 2024") names the council, the visit and its dates and finds nothing: it
// answers when the visit was, not what it found.
func TestLetterOpeningAnswersOnlyWhen(t *testing.T) {
	opening := "This letter summarises the findings of the monitoring visit to Ambleton City Council children's services on 16 and 17 April 2024."
	finding := "Inspectors found that leaders have strengthened their oversight of permanence planning for children in care."
	ps := []letters.Passage{
		{Paragraph: letters.Paragraph{ID: 1, Text: opening}, Document: letters.DocRef{ID: 1}},
		{Paragraph: letters.Paragraph{ID: 2, Text: finding}, Document: letters.DocRef{ID: 1}},
	}
	tests := []struct{ question, want string }{
		{"What did the April 2024 monitoring visit find about permanence?", finding},
		{"When was the April 2024 monitoring visit to Ambleton City?", opening},
	}
	// a letter's count of itself and a JTAI letter's opening likewise
	for _, sent := range []string{
		"This visit was the third monitoring visit since the local authority was judged inadequate in June 2023.",
		"This was a joint targeted area inspection (JTAI) of the multi-agency response to children at risk of criminal exploitation.",
	} {
		if !reOpening.MatchString(sent) && !reSelfCount.MatchString(sent) {
			t.Errorf("%q is not read as a letter's opening", sent)
		}
	}
	for _, tt := range tests {
		q := Parse(tt.question, []string{"Ambleton City"}, nil)
		cands, _ := NewScorer(q, TermStats{}).rankSentences(ps)
		if len(cands) == 0 || cands[0].text != tt.want {
			var got string
			if len(cands) > 0 {
				got = cands[0].text
			}
			t.Errorf("%q: best sentence %q, want %q", tt.question, got, tt.want)
		}
	}
}
