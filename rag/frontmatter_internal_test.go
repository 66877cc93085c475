package rag

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/letters-app/letters"
)

// A letterhead or front sheet (¶H1) answers who and when: who the letter
// was addressed to, who chaired, when the report was published. Other
// questions never see it, it never states a detail the question asks
// about (a contact's telephone number is not a count), and a who-question
// naming a person is not answered by that same person.
func TestFrontMatterPassages(t *testing.T) {
	front := letters.Passage{Paragraph: letters.Paragraph{ID: 1, DocumentID: 1, Label: "¶H1", Section: "Front matter",
		Text: "Report to: Children's Services Improvement Board\nDate: 18.03.25\nRelevant Director: Fiona Okafor – Strategic Director for Children and Families\nContact officer: Liam Prescott – Head of Improvement, 01632 960418"}, Document: letters.DocRef{ID: 1}, Score: 0.03}
	body := letters.Passage{Paragraph: letters.Paragraph{ID: 2, DocumentID: 1, Label: "2.1", Text: "The board agreed the improvement plan, which the director will report on in July."}, Document: letters.DocRef{ID: 1}, Score: 0.03}
	t.Run("rerank", func(t *testing.T) {
		tests := []struct {
			question string
			front    bool // the front matter is among the reranked passages
		}{
			{"Who was the relevant director for the improvement board paper?", true},
			{"Which officers were named as contacts on the board paper?", true},
			{"When did the improvement board get the paper?", true},
			{"What did the improvement board agree about the plan?", false},
			{"How is the improvement plan progressing?", false},
			// a who-question sharing no word with the front sheet
			{"Who runs the fostering panel?", false},
		}
		for _, tt := range tests {
			q := Parse(tt.question, nil, nil)
			got := Rerank(NewScorer(q, TermStats{}), []letters.Passage{front, body}, 2)
			has := false
			for _, p := range got {
				has = has || p.ID == front.ID
			}
			if has != tt.front {
				t.Errorf("Rerank(%q) keeps the front matter: %v, want %v", tt.question, has, tt.front)
			}
		}
	})
	t.Run("no detail from the front matter", func(t *testing.T) {
		q := Parse("How many improvement officers does the board have?", nil, nil)
		d := requestedDetail(q)
		if d == nil || d.name != "a number" {
			t.Fatalf("requestedDetail = %v, want a number", d)
		}
		if NewScorer(q, TermStats{}).detailStated(d, []letters.Passage{front}) {
			t.Errorf("a front sheet's telephone number states a number of improvement officers")
		}
	})
	t.Run("another person", func(t *testing.T) {
		lead := letters.Passage{Paragraph: letters.Paragraph{Label: "¶H1", Text: "Lead inspector: Alison Greaves, His Majesty's Inspector"}}
		team := letters.Passage{Paragraph: letters.Paragraph{Label: "¶1", Text: "The inspectors were Alison Greaves, His Majesty's Inspector, and Tom Reid, Ofsted Inspector."}}
		place := letters.Passage{Paragraph: letters.Paragraph{Label: "¶6", Text: "In the Ashby Vale locality, only 68% of assessments were completed on time."}}
		tests := []struct {
			question string
			passages []letters.Passage
			want     bool
		}{
			{"Who else was on the inspection team with Alison Greaves?", []letters.Passage{lead}, false},
			{"Who else was on the inspection team with Alison Greaves?", []letters.Passage{lead, place}, false},
			{"Who else was on the inspection team with Alison Greaves?", []letters.Passage{lead, team}, true},
			{"Who is Alison Greaves?", []letters.Passage{lead}, true},
			{"Who was the lead inspector?", []letters.Passage{lead}, true},
			{"What did Alison Greaves find?", []letters.Passage{lead}, true},
		}
		for _, tt := range tests {
			if got := anotherPerson(Parse(tt.question, nil, nil), tt.passages); got != tt.want {
				t.Errorf("anotherPerson(%q) = %v, want %v", tt.question, got, tt.want)
			}
		}
	})
}

// TestAddresseeFromTheLetterhead: "Who was the letter addressed to?" shares
// no word with the letterhead that answers it; the letterhead still ranks
// first and is quoted, over a sentence that merely says "address".
func TestAddresseeFromTheLetterhead(t *testing.T) {
	head := letters.Passage{Paragraph: letters.Paragraph{ID: 1, DocumentID: 1, Label: letters.FrontMatterLabel, Section: "Letterhead",
		Text: "12 January 2026 Anne Coyle Executive Director Children, Families and Education County Hall Loughborough Road"}, Document: letters.DocRef{ID: 1}, Score: 0.01}
	body := letters.Passage{Paragraph: letters.Paragraph{ID: 2, DocumentID: 1, Label: "¶21", Section: "Main findings",
		Text: "This was reflected in senior leaders being receptive to the issues raised and the recently appointed director of children's services taking immediate action to address the areas of concerns."}, Document: letters.DocRef{ID: 1}, Score: 0.03}
	q := Parse("Who was the focused visit letter addressed to?", nil, nil)
	s := NewScorer(q, TermStats{})
	got := Rerank(s, []letters.Passage{body, head}, 2)
	if len(got) != 2 || got[0].ID != head.ID {
		t.Fatalf("Rerank: %+v, want the letterhead first", got)
	}
	picked := (&Extractive{}).Select(AnswerInput{Query: q, Passages: got, Scorer: s})
	if len(picked) == 0 || got[picked[0].passage].ID != head.ID {
		t.Errorf("Select quotes %+v first, want the letterhead", picked)
	}
}

// TestDirectorFromTheLatestLetterhead: Ofsted writes to the council's
// director of children's services, by name and by the council's own title
// for the post. "Who is the director of children's services?" is answered
// by the council's latest letterhead (a predecessor's older letterhead is
// left out), and a letterhead naming someone states the name asked for.
func TestDirectorFromTheLatestLetterhead(t *testing.T) {
	old := letters.Passage{Paragraph: letters.Paragraph{ID: 1, DocumentID: 1, Label: letters.FrontMatterLabel, Section: "Letterhead",
		Text: "4 May 2024 Rhian Pellow Corporate Director for Children and Young People Brackenford Borough Council Civic Centre"},
		Document: letters.DocRef{ID: 1, Authority: "Brackenford", Date: "2024-05-04"}, Score: 0.02}
	latest := letters.Passage{Paragraph: letters.Paragraph{ID: 2, DocumentID: 2, Label: letters.FrontMatterLabel, Section: "Letterhead",
		Text: "9 October 2025 Tomasz Wren Corporate Director for Children and Young People Brackenford Borough Council Civic Centre"},
		Document: letters.DocRef{ID: 2, Authority: "Brackenford", Date: "2025-10-09"}, Score: 0.01}
	body := letters.Passage{Paragraph: letters.Paragraph{ID: 3, DocumentID: 2, Label: "¶4", Section: "Main findings",
		Text: "The director of children's services, appointed in 2025, has brought stability to the senior leadership team."},
		Document: letters.DocRef{ID: 2, Authority: "Brackenford", Date: "2025-10-09"}, Score: 0.03}
	q := Parse("Who is Brackenford's director of children's services?", []string{"Brackenford"}, nil)
	if !q.AsksAddressee() {
		t.Fatalf("%q: AsksAddressee false, want true", q.Text)
	}
	s := NewScorer(q, TermStats{})
	got := Rerank(s, []letters.Passage{body, old, latest}, 3)
	ids := passageIDs(got)
	if len(ids) != 2 || ids[0] != latest.ID || ids[1] != body.ID {
		t.Fatalf("Rerank: ids %v, want [%d %d] (the latest letterhead first, the older one left out)", ids, latest.ID, body.ID)
	}
	d := requestedDetail(q)
	if d == nil || !d.person {
		t.Fatalf("%q: detail %v, want a name", q.Text, d)
	}
	if !s.detailStated(d, got) {
		t.Errorf("detailStated: false, want true (the letterhead names the director)")
	}
	// who held the post before: the earlier letterhead is kept
	past := Parse("Who was Brackenford's director of children's services before 2025?", []string{"Brackenford"}, nil)
	if got := Rerank(NewScorer(past, TermStats{}), []letters.Passage{body, old, latest}, 3); len(got) != 3 {
		t.Errorf("Rerank for a past holder: %d passages, want 3 (both letterheads)", len(got))
	}
	// a letterhead whose title for the post shares no word with the
	// question ("Corporate Director for People") still names the DCS
	people := latest
	people.Text = "9 October 2025 Tomasz Wren Corporate Director for People Brackenford Borough Council Civic Centre"
	dcs := Parse("Who is Brackenford's DCS now?", []string{"Brackenford"}, nil)
	if d := requestedDetail(dcs); d == nil || !NewScorer(dcs, TermStats{}).detailStated(d, []letters.Passage{people}) {
		t.Errorf("%q: the letterhead naming Tomasz Wren does not state the name", dcs.Text)
	}
	for _, question := range []string{"Who chairs the improvement board?", "Who led the inspection?", "What did the director say about caseloads?",
		"Who reports to the director of children's services?", "Who is the assistant director for children's social care?"} {
		if Parse(question, nil, nil).AsksAddressee() {
			t.Errorf("%q: AsksAddressee true, want false", question)
		}
	}
}

// TestLetterDateFromTheLetterhead: "how long after the visit was the
// letter sent?" is answered by the letter's date line and its first
// paragraph's visit dates, with the difference shown; the date is quoted,
// not the addressee's address, and another letter's date is not used.
func TestLetterDateFromTheLetterhead(t *testing.T) {
	doc := letters.DocRef{ID: 1, Authority: "Brackenford City", Date: "2025-07-14", Kind: letters.KindMonitoringVisit}
	other := letters.DocRef{ID: 2, Authority: "Ellerby City", Date: "2024-03-02", Kind: letters.KindMonitoringVisit}
	head := letters.Passage{Paragraph: letters.Paragraph{ID: 1, DocumentID: 1, Label: letters.FrontMatterLabel, Section: "Letterhead",
		Text: "14 July 2025 Tomasz Wren Corporate Director for People Brackenford City Council Civic Centre"}, Document: doc, Score: 0.01}
	first := letters.Passage{Paragraph: letters.Paragraph{ID: 2, DocumentID: 1, Label: "¶1",
		Text: "This letter summarises the findings of the monitoring visit to Brackenford City children's services on 3 and 4 June 2025."}, Document: doc, Score: 0.03}
	otherHead := letters.Passage{Paragraph: letters.Paragraph{ID: 3, DocumentID: 2, Label: letters.FrontMatterLabel, Section: "Letterhead",
		Text: "2 March 2024 Ines Varga Director of Children's Services Ellerby City Council Town Hall"}, Document: other, Score: 0.02}
	q := Parse("How long after the Brackenford City monitoring visit was the letter sent?", []string{"Brackenford City", "Ellerby City"}, nil)
	if !q.AsksLetterDate() {
		t.Fatalf("%q: AsksLetterDate false, want true", q.Text)
	}
	s := NewScorer(q, TermStats{})
	got := Rerank(s, []letters.Passage{first, otherHead, head}, 3)
	ids := passageIDs(got)
	if len(ids) != 2 || !slices.Contains(ids, head.ID) || !slices.Contains(ids, first.ID) {
		t.Fatalf("Rerank: passages %v, want the Brackenford letter's letterhead and first paragraph only", ids)
	}
	d, err := (&Extractive{}).Answer(context.Background(), AnswerInput{Query: q, Passages: got, Scorer: s})
	if err != nil {
		t.Fatal(err)
	}
	if want := "Between 4 June 2025 and 14 July 2025: 1 month (40 days)"; !strings.HasPrefix(d.Text, want) {
		t.Errorf("answer %q, want it to open %q", d.Text, want)
	}
	if strings.Contains(d.Text, "Civic Centre") || strings.Contains(d.Text, "2 March 2024") {
		t.Errorf("answer %q quotes the address or another letter's date", d.Text)
	}
	for _, question := range []string{"What did the letter say about caseloads?", "When will the next visit take place?"} {
		if Parse(question, nil, nil).AsksLetterDate() {
			t.Errorf("%q: AsksLetterDate true, want false", question)
		}
	}
}

// passageIDs are the passages' ids, in order.
func passageIDs(ps []letters.Passage) []int64 {
	var out []int64
	for _, p := range ps {
		out = append(out, p.ID)
	}
	return out
}

// TestStanceHeadingRanks: asked what a council needs to improve, the list
// under the report's "What needs to improve?" heading ranks above a
// paragraph sharing more of the question's words.
func TestStanceHeadingRanks(t *testing.T) {
	doc := letters.DocRef{ID: 1, Authority: "Testford"}
	intro := letters.Passage{Paragraph: letters.Paragraph{ID: 1, Text: "Services for children in Testford have continued to improve since the last inspection in 2022, when they were judged to require improvement to be good."}, Document: doc, Score: 1}
	list := letters.Passage{Paragraph: letters.Paragraph{ID: 2, Section: "What needs to improve?", Text: "• The quality of assessments and plans for children in need.\n• The timeliness of pathway plans for care leavers."}, Document: doc, Score: 0.8}
	q := Parse("What was Testford told it needs to improve at its inspection?", []string{"Testford"}, nil)
	got := Rerank(NewScorer(q, TermStats{}), []letters.Passage{intro, list}, 2)
	if len(got) != 2 || got[0].ID != 2 {
		t.Errorf("Rerank = %v, want the list (2) first", passageIDs(got))
	}
}
