package rag

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/letters-app/letters"
)

func TestWithListItems(t *testing.T) {
	para := "Inspectors reviewed the front door, where decisions are made about:\n" +
		"• child protection enquiries\n• child in need assessments\n• no further action/signposting.\n"
	other := "The MASH is strong. Leaders know their services well."
	// a board paper saved as text: the list's bullets are gone
	paper := "1.9 The inspection identified 3 specific areas for improvement:\nPlacement sufficiency for children in care.\nThe service response to care leavers aged 21 and over.\nThe quality and timeliness of return home interviews."
	// bullets, then the paragraph's prose goes on (a numbered paper's
	// paragraph holds both)
	bulletsThenProse := "2.3 The council will:\n• recruit 22 permanent social workers\n• review all children in pre-proceedings\nThe council has accepted all of the recommendations and will report progress in March."
	passages := []letters.Passage{{Paragraph: letters.Paragraph{Text: para}}, {Paragraph: letters.Paragraph{Text: other}}, {Paragraph: letters.Paragraph{Text: paper}}, {Paragraph: letters.Paragraph{Text: bulletsThenProse}}}
	tests := []struct {
		name   string
		picked []candidate
		count  string // what a count question counts
		want   []string
	}{
		{"a lead-in is followed by its bullet items",
			[]candidate{{text: "Inspectors reviewed the front door, where decisions are made about:", passage: 0}}, "",
			[]string{"Inspectors reviewed the front door, where decisions are made about:", "child protection enquiries", "child in need assessments", "no further action/signposting."}},
		{"a sentence without a colon stays alone",
			[]candidate{{text: "The MASH is strong.", passage: 1}}, "",
			[]string{"The MASH is strong."}},
		{"an item already picked is not repeated",
			[]candidate{{text: "child in need assessments", passage: 0}, {text: "Inspectors reviewed the front door, where decisions are made about:", passage: 0}}, "",
			[]string{"child in need assessments", "Inspectors reviewed the front door, where decisions are made about:", "child protection enquiries", "no further action/signposting."}},
		{"a bulleted list ends at the first line without a bullet",
			[]candidate{{text: "2.3 The council will:", passage: 3}}, "",
			[]string{"2.3 The council will:", "recruit 22 permanent social workers", "review all children in pre-proceedings"}},
		{"a lead-in's lines without bullets",
			[]candidate{{text: "1.9 The inspection identified 3 specific areas for improvement:", passage: 2}}, "",
			[]string{"1.9 The inspection identified 3 specific areas for improvement:", "Placement sufficiency for children in care.", "The service response to care leavers aged 21 and over.", "The quality and timeliness of return home interviews."}},
		{"a count question: a lead-in that states the count stands alone",
			[]candidate{{text: "1.9 The inspection identified 3 specific areas for improvement:", passage: 2}}, "areas",
			[]string{"1.9 The inspection identified 3 specific areas for improvement:"}},
		{"a count question: a lead-in without its count keeps its items",
			[]candidate{{text: "Inspectors reviewed the front door, where decisions are made about:", passage: 0}}, "decisions",
			[]string{"Inspectors reviewed the front door, where decisions are made about:", "child protection enquiries", "child in need assessments", "no further action/signposting."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, c := range withListItems(tt.picked, passages, nil, tt.count) {
				got = append(got, c.text)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %q\nwant %q", got, tt.want)
			}
		})
	}
}

// TestWeaknessesAnswerWithTheWholeList: a question asking what needs to
// improve, answered from one item of the letter's list under its "What
// needs to improve?" heading, quotes every item of that list; a neutral
// question about one item quotes that item.
func TestWeaknessesAnswerWithTheWholeList(t *testing.T) {
	list := "• The timeliness of assessments for children in the north of the county.\n" +
		"• The quality of pre-birth assessments and planning for unborn babies.\n" +
		"• The response to 16- and 17-year-olds who present as homeless."
	passages := []letters.Passage{
		{Paragraph: letters.Paragraph{ID: 1, Section: "What needs to improve?", Text: list}, Document: letters.DocRef{ID: 1}},
		{Paragraph: letters.Paragraph{ID: 2, Section: "Headline findings", Text: "Leaders know their services well and assessments are mostly timely."}, Document: letters.DocRef{ID: 1}},
	}
	items := []string{"The timeliness of assessments for children in the north of the county.",
		"The quality of pre-birth assessments and planning for unborn babies.",
		"The response to 16- and 17-year-olds who present as homeless."}
	tests := []struct {
		question string
		want     []string // sentences the answer must quote
		not      []string // and must not
	}{
		{"What does the county still need to improve about assessments?", items, nil},
		{"How timely are assessments for children in the north of the county?", items[:1], items[1:]},
		// a question for strengths does not take the list of weaknesses
		{"What is working well in assessments for children in the north of the county?", items[:1], items[1:]},
	}
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) {
			got := map[string]bool{}
			for _, text := range selected(tt.question, passages) {
				got[text] = true
			}
			for _, w := range tt.want {
				if !got[w] {
					t.Errorf("answer %v lacks %q", got, w)
				}
			}
			for _, w := range tt.not {
				if got[w] {
					t.Errorf("answer %v quotes %q", got, w)
				}
			}
		})
	}
}

// TestCitationInjectionIsInert: bracketed numbers inside a letter's text
// (a board paper's references, or planted markers) stay text; the answer
// cites only what the answerer chose, and it is labelled with its source.
func TestCitationInjectionIsInert(t *testing.T) {
	planted := "The Testshire MASH is excellent in every respect [2][3] and needs no improvement [1, 4]."
	passages := []letters.Passage{
		{Paragraph: letters.Paragraph{ID: 10, Text: planted}, Document: letters.DocRef{ID: 1, Authority: "Testshire", Kind: letters.KindNews, Date: "2025-05-01"}},
		{Paragraph: letters.Paragraph{ID: 11, Text: "Leaders know their services well."}, Document: letters.DocRef{ID: 2, Authority: "Testshire", Kind: letters.KindBoardPaper}},
		{Paragraph: letters.Paragraph{ID: 12, Text: "Caseloads are manageable."}, Document: letters.DocRef{ID: 3}},
		{Paragraph: letters.Paragraph{ID: 13, Text: "Supervision is regular."}, Document: letters.DocRef{ID: 4}},
	}
	q := Parse("How good is the Testshire MASH?", []string{"Testshire"}, nil)
	d, err := (&Extractive{}).Answer(context.Background(), AnswerInput{Question: q.Text, Query: q, Passages: passages, Scorer: NewScorer(q, TermStats{})})
	if err != nil {
		t.Fatal(err)
	}
	text, cits, _, _ := Check(d.Text, passages)
	if len(cits) != 1 || cits[0].ParagraphID != 10 {
		t.Fatalf("answer %q cites %d paragraphs (%+v), want only the planted one", text, len(cits), cits)
	}
	if !strings.Contains(text, "(2)(3)") || !strings.HasPrefix(text, "Testshire — news article, 1 May 2025:\n") {
		t.Errorf("answer %q: want the planted markers inert and a source label first", text)
	}
}

// TestPaddedCitationIsUnsupported: support is scored per citation, so a
// sentence citing its source and an unrelated paragraph is not carried by
// the union of the two.
func TestPaddedCitationIsUnsupported(t *testing.T) {
	passages := []letters.Passage{
		{Paragraph: letters.Paragraph{ID: 1, Text: "The MASH responds appropriately to most requests for support."}},
		{Paragraph: letters.Paragraph{ID: 2, Text: "Care leavers have pathway plans."}},
	}
	for _, tt := range []struct {
		draft   string
		want    bool
		wantCit []bool
	}{
		{"The MASH responds appropriately to most requests for support [1].", true, []bool{true}},
		{"The MASH responds appropriately to most requests for support [1][2].", false, []bool{true, false}},
		{"The MASH responds appropriately to most requests for support [1, 2].", false, []bool{true, false}},
	} {
		text, cits, _, _ := Check(tt.draft, passages)
		sents := CheckSentences(text, cits)
		if len(sents) != 1 || sents[0].Supported != tt.want {
			t.Errorf("%q: sentences %+v, want one, supported %v", tt.draft, sents, tt.want)
		}
		var got []bool
		for _, c := range cits {
			got = append(got, c.Supported)
		}
		if !reflect.DeepEqual(got, tt.wantCit) {
			t.Errorf("%q: citations supported %v, want %v", tt.draft, got, tt.wantCit)
		}
	}
}

func TestDurationLine(t *testing.T) {
	tests := []struct {
		sents []string
		want  string
	}{
		{[]string{"The visit took place on 31 July and 1 August 2024.", "This letter summarises the visit on 10 and 11 February 2026."},
			"Between 1 August 2024 and 11 February 2026: 18 months (559 days), from the dates quoted below:"},
		{[]string{"The visit was on 26 November 2025.", "Letter dated 12 January 2026."},
			"Between 26 November 2025 and 12 January 2026: 1 month (47 days), from the dates quoted below:"},
		{[]string{"The inspection was in July 2022."}, ""},
	}
	for _, tt := range tests {
		var picked []candidate
		for _, s := range tt.sents {
			picked = append(picked, candidate{text: s})
		}
		if got := durationLine(picked); got != tt.want {
			t.Errorf("durationLine(%q) = %q, want %q", tt.sents, got, tt.want)
		}
	}
}

// TestNoComputedSpanForAWait: "how long had children waited" is not the
// time between two dates the passages happen to hold (an action table's
// target dates); "how long between the visits" is.
func TestNoComputedSpanForAWait(t *testing.T) {
	ps := []letters.Passage{{Paragraph: letters.Paragraph{ID: 1, Text: "Action 5.1 on pre-proceedings is due by 30 April 2025, and action 5.2 on tracking by 31 October 2025."}, Document: letters.DocRef{ID: 1}},
		{Paragraph: letters.Paragraph{ID: 2, Text: "Some children have been in pre-proceedings for longer than 16 weeks without a decision."}, Document: letters.DocRef{ID: 1}}}
	tests := []struct {
		q       string
		between bool
	}{
		{"How long had some children been in pre-proceedings?", false},
		{"How long was there between the pre-proceedings action and the tracking action?", true},
	}
	for _, tt := range tests {
		q := Parse(tt.q, nil, nil)
		d, err := (&Extractive{MaxSentences: 3}).Answer(context.Background(), AnswerInput{Question: tt.q, Query: q, Passages: ps, Scorer: NewScorer(q, TermStats{})})
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.HasPrefix(d.Text, "Between "); got != tt.between {
			t.Errorf("%q: computed span %v, want %v: %q", tt.q, got, tt.between, d.Text)
		}
	}
}

// TestPastStateBringsItsSequel: a sentence about how things were at the
// last inspection is quoted with the next one saying how they are now,
// never alone (alone it says the opposite of the letter).
func TestPastStateBringsItsSequel(t *testing.T) {
	ps := []letters.Passage{{Paragraph: letters.Paragraph{ID: 1, Text: "At the last inspection in November 2023, the response to children at risk of exploitation was a strength. Since then, the quality and consistency of this response have declined. Leaders restructured the team in April 2025."}, Document: letters.DocRef{ID: 1}}}
	q := Parse("What was said about the response to children at risk of exploitation at the last inspection?", nil, nil)
	d, err := (&Extractive{MaxSentences: 1}).Answer(context.Background(), AnswerInput{Query: q, Passages: ps, Scorer: NewScorer(q, TermStats{})})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(d.Text, "was a strength.") || !strings.Contains(d.Text, "Since then, the quality and consistency of this response have declined.") {
		t.Errorf("answer %q: want the past state with the sentence after it", d.Text)
	}
}

// TestAListLeadInEndsTheAnswer: when the best sentence for a question
// introduces the letter's own bulleted list, the answer is that list; a
// sentence of another letter that shares the question's words is not
// added after it.
func TestAListLeadInEndsTheAnswer(t *testing.T) {
	lead := "Inspectors reviewed the progress made in the front door, where decisions are made about:"
	list := lead + "\n• child protection enquiries\n• decisions to accommodate\n• step-up from and step-down to early help"
	other := "Inspectors reviewed front door decisions for children at the visit."
	passages := []letters.Passage{
		{Paragraph: letters.Paragraph{ID: 1, Text: list}, Document: letters.DocRef{ID: 1, Date: "2024-09-02"}},
		{Paragraph: letters.Paragraph{ID: 2, Text: other}, Document: letters.DocRef{ID: 2, Date: "2025-03-18"}},
	}
	tests := []struct {
		question  string
		wantOther bool
	}{
		{"Which front door decisions did inspectors review?", false},
		{"What are the front door decisions inspectors reviewed?", false},
	}
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) {
			got := map[string]bool{}
			for _, text := range selected(tt.question, passages) {
				got[text] = true
			}
			if !got[lead] || !got["decisions to accommodate"] {
				t.Fatalf("answer %v lacks the lead-in and its items", got)
			}
			if got[other] != tt.wantOther {
				t.Errorf("quotes the other letter's sentence: got %v, want %v (answer %v)", got[other], tt.wantOther, got)
			}
		})
	}
}

// TestWhyBringsTheCause: a question asking why, best answered by a
// sentence that draws its consequence from the sentence before ("…
// therefore wait longer"), quotes that earlier sentence, the cause; a
// question that does not ask why does not.
func TestWhyBringsTheCause(t *testing.T) {
	cause := "Screening timescales are not measured from the point at which the first request for support was made."
	effect := "Families therefore wait longer for help than the council's performance figures show."
	para := "Leaders have added capacity to the screening team. " + cause + " " + effect
	passages := []letters.Passage{{Paragraph: letters.Paragraph{ID: 1, Text: para}, Document: letters.DocRef{ID: 1}}}
	tests := []struct {
		question  string
		wantCause bool
	}{
		{"Why do families wait longer for help than the performance figures show?", true},
		{"Do families wait longer for help than the performance figures show?", false},
	}
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) {
			got := selected(tt.question, passages)
			if !slices.Contains(got, effect) {
				t.Fatalf("answer %q lacks %q", got, effect)
			}
			if slices.Contains(got, cause) != tt.wantCause {
				t.Errorf("answer %q: quotes the cause %v, want %v", got, slices.Contains(got, cause), tt.wantCause)
			}
		})
	}
}

// TestListItemsOnLinesOfTheirOwn: a list quoted after its lead-in keeps a
// line per item in the answer, even when its items end with a full stop
// (a board paper's list without bullets).
func TestListItemsOnLinesOfTheirOwn(t *testing.T) {
	lead := "1.9 The inspection identified 3 specific areas for improvement:"
	items := []string{"Placement sufficiency for children in care.", "The service response to care leavers aged 21 and over.", "The quality and timeliness of return home interviews."}
	passages := []letters.Passage{{Paragraph: letters.Paragraph{ID: 1, Text: lead + "\n" + strings.Join(items, "\n")}, Document: letters.DocRef{ID: 1, Authority: "Testshire", Kind: letters.KindBoardPaper, Date: "2022-09-27"}}}
	q := Parse("What areas for improvement did the inspection identify?", nil, nil)
	d, err := (&Extractive{}).Answer(context.Background(), AnswerInput{Query: q, Passages: passages, Scorer: NewScorer(q, TermStats{})})
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(d.Text, "\n")
	for _, it := range append([]string{lead}, items...) {
		if !slices.Contains(lines, it+" [1]") {
			t.Errorf("answer %q has no line %q", d.Text, it+" [1]")
		}
	}
}

// TestWithAntecedent: a sentence that points back ("This lack of …")
// brings the sentence before it, whatever is asked; one that draws a
// consequence ("As a result, …") brings it for a why question only;
// "thus far" ("so far") draws none, "This letter …" points to no
// sentence, and a first sentence has nothing before it.
func TestWithAntecedent(t *testing.T) {
	text := "This letter summarises the visit. Leaders set out a recruitment plan in May. Leaders have thus far recruited 12 new social workers. Caseloads remain high. As a result, some children wait for a visit. EDT workers do not always visit children. This lack of engagement leaves children reliant on others."
	passages := []letters.Passage{{Paragraph: letters.Paragraph{ID: 1, Text: text}}}
	tests := []struct {
		picked []string
		why    bool
		want   []string
	}{
		{[]string{"As a result, some children wait for a visit."}, true, []string{"Caseloads remain high.", "As a result, some children wait for a visit."}},
		{[]string{"As a result, some children wait for a visit."}, false, []string{"As a result, some children wait for a visit."}},
		{[]string{"This lack of engagement leaves children reliant on others."}, false, []string{"EDT workers do not always visit children.", "This lack of engagement leaves children reliant on others."}},
		{[]string{"EDT workers do not always visit children.", "This lack of engagement leaves children reliant on others."}, false, []string{"EDT workers do not always visit children.", "This lack of engagement leaves children reliant on others."}},
		{[]string{"Leaders have thus far recruited 12 new social workers."}, true, []string{"Leaders have thus far recruited 12 new social workers."}},
		{[]string{"This letter summarises the visit."}, false, []string{"This letter summarises the visit."}},
		{[]string{"Leaders set out a recruitment plan in May."}, true, []string{"Leaders set out a recruitment plan in May."}},
	}
	for _, tt := range tests {
		var picked []candidate
		for _, p := range tt.picked {
			picked = append(picked, candidate{text: p})
		}
		var got []string
		for _, c := range withAntecedent(picked, passages, nil, tt.why) {
			got = append(got, c.text)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("withAntecedent(%q, why %v) = %q, want %q", tt.picked, tt.why, got, tt.want)
		}
	}
}

// selected is what the extractive answerer quotes for question from
// passages (offline term statistics), in order.
func selected(question string, passages []letters.Passage) []string {
	q := Parse(question, nil, nil)
	var out []string
	for _, c := range (&Extractive{}).Select(AnswerInput{Query: q, Passages: passages, Scorer: NewScorer(q, TermStats{})}) {
		out = append(out, c.text)
	}
	return out
}

// TestTheLetterListIsTheAnswer: "what needs to improve?" answered from the
// letter's own list under that heading is that list, in the letter's
// order, without the findings and judgement rows that repeat its points.
func TestTheLetterListIsTheAnswer(t *testing.T) {
	list := "• The timeliness of assessments for children in the north of the county.\n• The quality of pathway plans for care leavers, so that they reflect young people's needs."
	passages := []letters.Passage{
		{Paragraph: letters.Paragraph{ID: 1, Section: "The experiences and progress of care leavers: requires improvement to be good", Text: "Pathway plans for care leavers need to improve: too many are out of date and do not reflect young people's needs."}},
		{Paragraph: letters.Paragraph{ID: 2, Section: "What needs to improve?", Text: list}},
		{Paragraph: letters.Paragraph{ID: 3, Section: "The experiences and progress of children who need help and protection: requires improvement to be good", Text: "Too many children in the north of the county wait too long for assessments, which need to improve."}},
	}
	want := []string{
		"The timeliness of assessments for children in the north of the county.",
		"The quality of pathway plans for care leavers, so that they reflect young people's needs.",
	}
	got := selected("What did the 2023 report say the county needs to improve?", passages)
	if !slices.Equal(got, want) {
		t.Errorf("selected = %q, want %q", got, want)
	}
}

// TestQuoteSaysWhatItIsAbout: an answer sentence that points back ("This
// drift and delay …") is quoted with the sentence it points to.
func TestQuoteSaysWhatItIsAbout(t *testing.T) {
	passages := []letters.Passage{{Paragraph: letters.Paragraph{ID: 1, Text: "Some contacts wait weeks for a manager's decision in the MASH. This drift and delay in decision-making has left some children in situations of unassessed risk."}}}
	want := []string{
		"Some contacts wait weeks for a manager's decision in the MASH.",
		"This drift and delay in decision-making has left some children in situations of unassessed risk.",
	}
	if got := selected("What has left some children in situations of unassessed risk?", passages); !slices.Equal(got, want) {
		t.Errorf("selected = %q, want %q", got, want)
	}
}

// TestEachDocumentLabelledOnce: sentences picked from a letter, then
// another, then the first again are gathered under one label per
// document, documents in the order they first came and each document's
// sentences in their own order.
func TestEachDocumentLabelledOnce(t *testing.T) {
	city := letters.DocRef{ID: 1, Authority: "Testford City", Kind: letters.KindMonitoringVisit, Date: "2026-03-12"}
	// two letters of one date: the date order leaves them as picked
	county := letters.DocRef{ID: 2, Authority: "Testshire", Kind: letters.KindMonitoringVisit, Date: "2026-03-12"}
	passages := []letters.Passage{
		{Paragraph: letters.Paragraph{ID: 10, Text: "Staff describe improved communication through newsletters."}, Document: city},
		{Paragraph: letters.Paragraph{ID: 20, Text: "Leaders have continued to make steady progress with staff communication."}, Document: county},
		{Paragraph: letters.Paragraph{ID: 11, Text: "Staff morale is rising with better communication."}, Document: city},
	}
	tests := []struct {
		name   string
		picked []int // passages, in the order picked
		want   []int
	}{
		{"returns to the first letter", []int{0, 1, 2}, []int{0, 2, 1}},
		{"already grouped", []int{0, 2, 1}, []int{0, 2, 1}},
		{"second letter first", []int{1, 0, 2}, []int{1, 0, 2}},
		{"one letter", []int{2, 0}, []int{2, 0}},
	}
	// sentences of one paragraph in the paragraph's order
	two := []letters.Passage{
		{Paragraph: letters.Paragraph{ID: 10, Text: "First finding. Second finding. Third finding."}, Document: city},
		{Paragraph: letters.Paragraph{ID: 20, Text: "Another letter's finding."}, Document: county},
	}
	got := byDocument([]candidate{{text: "Third finding.", passage: 0}, {text: "Another letter's finding.", passage: 1}, {text: "First finding.", passage: 0}}, two)
	if len(got) != 3 || got[0].text != "First finding." || got[1].text != "Third finding." {
		t.Errorf("byDocument kept %q, want the first letter's sentences in its order", []string{got[0].text, got[1].text, got[2].text})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var picked []candidate
			for _, i := range tt.picked {
				picked = append(picked, candidate{text: passages[i].Text, passage: i})
			}
			var got []int
			for _, c := range byDocument(picked, passages) {
				got = append(got, c.passage)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("byDocument(%v) = %v, want %v", tt.picked, got, tt.want)
			}
		})
	}
	q := Parse("How has communication with staff improved?", nil, nil)
	d, err := (&Extractive{}).Answer(context.Background(), AnswerInput{Query: q, Passages: passages, Scorer: NewScorer(q, TermStats{})})
	if err != nil {
		t.Fatal(err)
	}
	for _, doc := range []letters.DocRef{city, county} {
		if n := strings.Count(d.Text, SourceLabel(doc)); n > 1 {
			t.Errorf("answer labels %s %d times, want once:\n%s", doc.Authority, n, d.Text)
		}
	}
}

// TestImproveListBeforeAJudgementRow: asked what a council was told it
// needs to improve, the report's list under "What needs to improve?" is
// the answer, though a judgement row ("… Requires improvement to be
// good") shares more of the question's words.
func TestImproveListBeforeAJudgementRow(t *testing.T) {
	doc := letters.DocRef{ID: 1, Authority: "Testford", Kind: letters.KindInspection, Date: "2025-06-27"}
	ps := []letters.Passage{
		{Paragraph: letters.Paragraph{ID: 1, Section: "Judgements", Text: "The experiences and progress of children who need help and protection Requires improvement to be good"}, Document: doc},
		{Paragraph: letters.Paragraph{ID: 2, Section: "What needs to improve?", Text: "• The quality of assessments and plans for children in need.\n• The timeliness of pathway plans for care leavers."}, Document: doc},
	}
	q := Parse("What was Testford told it needs to improve in the 2025 inspection?", []string{"Testford"}, nil)
	picked := (&Extractive{}).Select(AnswerInput{Query: q, Passages: ps, Scorer: NewScorer(q, TermStats{})})
	var got []string
	for _, c := range picked {
		got = append(got, c.text)
	}
	want := []string{"The quality of assessments and plans for children in need.", "The timeliness of pathway plans for care leavers."}
	if !slices.Equal(got, want) {
		t.Errorf("picked %q, want %q", got, want)
	}
}
