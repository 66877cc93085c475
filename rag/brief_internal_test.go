package rag

import (
	"slices"
	"testing"

	"github.com/letters-app/letters"
)

func TestBriefPolarity(t *testing.T) {
	tests := []struct {
		sentence string
		want     int
	}{
		{"Quality assurance is effective.", 1},
		{"The workforce is stable.", 1},
		{"The effectiveness of the front door service is improving but remains inconsistent.", -1},
		{"Timeliness of response to initial requests for help continues to be a significant weakness.", -1},
		{"Initial visits by workers to see children are not always completed in a timely way.", -1},
		{"Several leadership changes have taken place.", 0},
		{"When disabled children are at risk of significant harm, the initial response is timely and proportionate.", 1},
		{"Strategy discussions are held without delay and include the right professionals.", 1},
		{"While caseload numbers in the duty service are reducing, there are still some social workers with high workloads.", -1},
		{"Despite all these challenges, the MASH practitioners demonstrate resilience.", 1},
		{"The virtual school provides effective challenge to schools when children's needs are not being met.", 1},
	}
	for _, tt := range tests {
		if got := polarity(tt.sentence); got != tt.want {
			t.Errorf("polarity(%q) = %d, want %d", tt.sentence, got, tt.want)
		}
	}
}

func TestBriefCouncilID(t *testing.T) {
	tests := []struct{ name, id, key string }{
		{"Nottingham City", "nottingham-city", "nottingham-city"},
		{"Nottingham City Council", "nottingham-city-council", "nottingham-city"},
		{"Harwickshire County Council", "harwickshire-county-council", "harwickshire"},
		{"Kellingmoor Metropolitan Borough Council", "kellingmoor-metropolitan-borough-council", "kellingmoor"},
		{"Nottingham's  city", "nottinghams-city", "nottinghams-city"},
	}
	for _, tt := range tests {
		if got := letters.CouncilID(tt.name); got != tt.id {
			t.Errorf("CouncilID(%q) = %q, want %q", tt.name, got, tt.id)
		}
		if got := councilKey(tt.name); got != tt.key {
			t.Errorf("councilKey(%q) = %q, want %q", tt.name, got, tt.key)
		}
	}
}

func TestBriefUnits(t *testing.T) {
	p := letters.Paragraph{Label: "1.9", Text: "1.9 The inspection identified 8 specific areas for improvement:\nPlacement sufficiency for children in care.\nThe quality and timeliness of return home interviews."}
	us := units(p)
	if len(us) != 3 {
		t.Fatalf("units = %+v, want the intro and two list items", us)
	}
	if us[0].text != "The inspection identified 8 specific areas for improvement:" || us[0].item {
		t.Errorf("first unit = %+v, want the intro without its number", us[0])
	}
	if !us[1].item || us[1].listOf == "" || us[2].text != "The quality and timeliness of return home interviews." {
		t.Errorf("list items = %+v / %+v", us[1], us[2])
	}
}

func TestBriefJudgementTable(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string // area: grade
	}{
		{"rows with bars", "Judgement | Grade\nThe impact of leaders on social work practice with children and families | Good\nOverall effectiveness | Requires improvement to be good",
			[]string{"The impact of leaders on social work practice with children and families: Good", "Overall effectiveness: Requires improvement to be good"}},
		{"a row per line, grade below", "The outcome of the inspection was:\nJudgement\nGrade\nThe experiences and progress of children who need help and protection\nInadequate\nOverall effectiveness Inadequate (limited by the grading).",
			[]string{"The experiences and progress of children who need help and protection: Inadequate", "Overall effectiveness: Inadequate"}},
		{"flattened", "The outcome of the inspection was: Judgement Grade The experiences and progress of care leavers Requires improvement to be good Overall effectiveness Inadequate",
			[]string{"The experiences and progress of care leavers: Requires improvement to be good", "Overall effectiveness: Inadequate"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			js := tableJudgements(letters.Document{Slug: "d"}, []letters.Paragraph{{ID: 7, Label: "1.6", Text: tt.text}})
			var got []string
			for _, j := range js {
				got = append(got, j.Area+": "+j.Grade)
				if j.Key != "d#1.6" || j.ParagraphID != 7 {
					t.Errorf("judgement %+v not cited to its paragraph", j)
				}
			}
			if len(got) != len(tt.want) {
				t.Fatalf("judgements = %q, want %q", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("judgement %d = %q, want %q", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestBriefingResult(t *testing.T) {
	d := letters.DocRef{ID: 3, Slug: "s", Kind: letters.KindMonitoringVisit, Authority: "Harwick City", Date: "2026-03-12"}
	br := Briefing{Council: letters.Council{Name: "Harwick City"}, Documents: []letters.DocRef{d}, Sections: []BriefSection{
		{ID: SectionJudgements, Title: "Latest judgements and dates"},
		{ID: SectionStrengths, Title: "Strengths", Bullets: []Bullet{
			{Text: "Quality assurance is effective.", Key: "s#¶4", ParagraphID: 40, Label: "¶4", Document: d},
			{Text: "The workforce is stable.", Key: "s#¶5", ParagraphID: 41, Label: "¶5", Document: d},
			{Text: "Leaders know their services well.", Key: "s#¶6", ParagraphID: 42, Label: "¶6", Document: d}}},
	}}
	res := BriefingResult("Brief me on Harwick City", br, 2)
	want := "Briefing on Harwick City from one document; every line is quoted from the document cited.\n\n" +
		"Strengths:\n- (monitoring visit letter, 12 March 2026) Quality assurance is effective. [1]\n" +
		"- (monitoring visit letter, 12 March 2026) The workforce is stable. [2]"
	if res.Answer != want || res.Refused {
		t.Errorf("answer = %q, want %q", res.Answer, want)
	}
	if len(res.Citations) != 2 || res.Citations[1].Marker != 2 || res.Citations[1].ParagraphID != 41 || !res.Citations[1].Supported ||
		len(res.Passages) != 2 || res.Record.Answerer != "briefing" {
		t.Errorf("citations %+v passages %d record %+v", res.Citations, len(res.Passages), res.Record)
	}
	// the chat's citation checker agrees: every marker resolves and is supported
	text, cits, dropped, unsupported := Check(res.Answer, res.Passages)
	if text != res.Answer || len(cits) != 2 || dropped != 0 || unsupported != 0 {
		t.Errorf("Check: %d citations, %d dropped, %d unsupported", len(cits), dropped, unsupported)
	}
	if empty := BriefingResult("q", Briefing{Council: letters.Council{Name: "X"}}, 0); !empty.Refused {
		t.Error("an empty briefing should be a refusal")
	}
}

// TestActionTableRows: an action log laid out as a table gives one action
// per row, and its header row is none.
func TestActionTableRows(t *testing.T) {
	p := letters.Paragraph{ID: 1, Text: "No. | Action | Owner | Due\nA1 | Circulate the data | Owen Pryce | Monthly\nA2 | Report back | Helen Cartwright | 23 April 2026"}
	var got []string
	for _, u := range units(p) {
		if !u.item || u.listOf != "action plan" {
			t.Errorf("unit %q: item %v, list %q; want an action-plan item", u.text, u.item, u.listOf)
		}
		got = append(got, u.text)
	}
	want := []string{"A1 | Circulate the data | Owen Pryce | Monthly", "A2 | Report back | Helen Cartwright | 23 April 2026"}
	if !slices.Equal(got, want) {
		t.Errorf("units %q, want %q", got, want)
	}
}
