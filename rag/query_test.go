package rag

import (
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/letters-app/letters"
)

func TestMaskWord(t *testing.T) {
	tests := []struct {
		s, w, want string
		found      bool
	}{
		{"nottingham city's mash", "nottingham city", " 's mash", true},
		{"nottinghamshire's front door", "nottingham", "nottinghamshire's front door", false},
		{"in nottingham, and nottingham.", "nottingham", "in  , and  .", true},
		{"derby", "derby", " ", true},
		{"derbyshire and derby", "derby", "derbyshire and  ", true},
		{"", "derby", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.s+"/"+tc.w, func(t *testing.T) {
			got, found := maskWord(tc.s, tc.w)
			if got != tc.want || found != tc.found {
				t.Errorf("maskWord(%q, %q) = %q, %v; want %q, %v", tc.s, tc.w, got, found, tc.want, tc.found)
			}
		})
	}
}

func TestQuestionAnalysis(t *testing.T) {
	auth := []string{"Nottingham City", "Nottinghamshire"}
	tests := []struct {
		q, ask, premise, kind string
		years, premiseYears   []int
	}{
		{"Nottingham City was judged inadequate in 2022 - what has improved since?", "what has improved since?", "Nottingham City was judged inadequate in 2022", "comparison", nil, []int{2022}},
		{"The board meets next week; what were the main weaknesses at the 2026 visit?", "what were the main weaknesses at the 2026 visit?", "The board meets next week", "list", []int{2026}, nil},
		{"What does MASH stand for?", "What does MASH stand for?", "", "definition", nil, nil},
		{"what's the IRO service?", "what's the IRO service?", "", "definition", nil, nil},
		{"What’s SGO?", "What’s SGO?", "", "definition", nil, nil},
		{"Given that Nottingham City was judged inadequate in 2022, what has improved since?", "what has improved since?", "Given that Nottingham City was judged inadequate in 2022", "comparison", nil, []int{2022}},
		{"Since the 2024 visit, how has the MASH changed?", "how has the MASH changed?", "Since the 2024 visit", "comparison", nil, []int{2024}},
		{"Since 2024 what has changed in the MASH?", "Since 2024 what has changed in the MASH?", "", "comparison", []int{2024}, nil}, // no comma: no premise clause
		{"How many inspectors were on site in 2022?", "How many inspectors were on site in 2022?", "", "count", []int{2022}, nil},
		{"How long did the inspection last?", "How long did the inspection last?", "", "duration", nil, nil},
		{"When did the focused visit to Nottinghamshire take place?", "When did the focused visit to Nottinghamshire take place?", "", "date", nil, nil},
		{"Compare the front door in Nottingham City and Nottinghamshire.", "Compare the front door in Nottingham City and Nottinghamshire.", "", "comparison", nil, nil},
		{"What did the latest monitoring visit find?", "What did the latest monitoring visit find?", "", "latest", nil, nil},
		{"Brief me on Nottingham City for the board", "Brief me on Nottingham City for the board", "", "summary", nil, nil},
		{"Sum up how Greavesley came out of its focused visit.", "Sum up how Greavesley came out of its focused visit.", "", "summary", nil, nil},
		{"Is the MASH effective?", "Is the MASH effective?", "", "yesno", nil, nil},
		{"Why were some no further action decisions wrong?", "Why were some no further action decisions wrong?", "", "why", nil, nil},
		{"Is it true that the county has a new model? How far has it gone?", "Is it true that the county has a new model? How far has it gone?", "", "yesno", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			q := Parse(tt.q, auth, nil)
			if q.Ask != tt.ask || q.Premise != tt.premise {
				t.Errorf("ask %q premise %q, want ask %q premise %q", q.Ask, q.Premise, tt.ask, tt.premise)
			}
			if got := q.QuestionKind(); got != tt.kind {
				t.Errorf("kind = %q, want %q", got, tt.kind)
			}
			if !reflect.DeepEqual(q.Years, tt.years) || !reflect.DeepEqual(q.PremiseYears, tt.premiseYears) {
				t.Errorf("years %v premise years %v, want %v and %v", q.Years, q.PremiseYears, tt.years, tt.premiseYears)
			}
			if len(tt.premiseYears) > 0 && q.Filter.From != nil {
				t.Errorf("a year in the premise became a date filter: %v", q.Filter.From)
			}
		})
	}
}

func TestResolvePlacesAndInheritance(t *testing.T) {
	auth := []string{"Harwick City", "Harwickshire", "Nottingham City", "Nottinghamshire"}
	tests := []struct {
		name, question string
		history        []letters.Turn
		wantAuth       []string
		wantHas        string
	}{
		{"the county next to a city named", "How does the county's front door compare with Nottingham City's?", nil, []string{"Nottingham City", "Nottinghamshire"}, ""},
		{"the city after a county turn", "And in the city at the latest visit?", []letters.Turn{{Question: "What did inspectors find about the out-of-hours service in Nottinghamshire?"}}, []string{"Nottingham City"}, "out-of-hours"},
		{"no counterpart known: left alone", "What did the city's letter say?", nil, nil, "the city's"},
		{"a council's full name is not 'the city'", "Which department warned Nottingham City Council in 2022, and what about city children?", nil, []string{"Nottingham City"}, "warned Nottingham City Council in 2022, and what about Nottingham City children?"},
		{"a question's first word is not part of a name", "Do county social workers visit children out of hours?", []letters.Turn{{Question: "What did inspectors find at Nottingham City's front door?"}}, []string{"Nottinghamshire"}, "Do Nottinghamshire social workers"},
		{"county lines is not the county", "What did inspectors say about the county lines work?", []letters.Turn{{Question: "What did inspectors find at Nottingham City's front door?"}}, []string{"Nottingham City"}, "the county lines work"},
		{"a pronoun keeps the previous council", "By when do they plan to stop using bed and breakfasts?", []letters.Turn{{Question: "How many care leavers are in bed and breakfasts in Harwick City?"}}, []string{"Harwick City"}, "stop using"},
		{"a new council replaces the old", "What did the Harwickshire scrutiny committee decide about return home interviews?", []letters.Turn{{Question: "What about Nottinghamshire?"}}, []string{"Harwickshire"}, ""},
		{"a follow-up of a follow-up does not nest", "And in 2024?", []letters.Turn{{Question: "And the MASH?", Rewritten: "And the MASH? (What did inspectors find about the front door in Nottingham City in 2026)"}}, []string{"Nottingham City"}, "MASH"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Rewrite(tt.question, tt.history, auth)
			q := Parse(got, auth, nil)
			a := append([]string(nil), q.Filter.Authorities...)
			sort.Strings(a)
			if !reflect.DeepEqual(a, tt.wantAuth) && !(len(a) == 0 && tt.wantAuth == nil) {
				t.Errorf("Rewrite = %q: councils %v, want %v", got, a, tt.wantAuth)
			}
			if !strings.Contains(got, tt.wantHas) {
				t.Errorf("Rewrite = %q, want it to contain %q", got, tt.wantHas)
			}
			if strings.Count(got, "(") > 1 {
				t.Errorf("Rewrite = %q nests the history", got)
			}
		})
	}
}

// The visit kind a question names is a filter, not its topic: every letter
// of the kind names itself, so "monitoring visit" must not carry coverage.
func TestVisitKindWordsAreFilterWords(t *testing.T) {
	auth := []string{"Nottingham City", "Nottinghamshire"}
	tests := []struct {
		q    string
		want []string // term words
	}{
		{"What did the 2024 monitoring visit say about adoption in Nottingham City?", []string{"adoption"}},
		{"What part of Nottinghamshire's children's services did Ofsted look at in its focused visit?", []string{"part", "children", "services", "ofsted", "look"}},
		// nothing else asked about: the kind words stay
		{"What did the 2026 monitoring visit find?", []string{"monitoring", "visit"}},
		// about the visit itself: when, how long, who
		{"When did the focused visit to Nottinghamshire take place?", []string{"focused", "visit", "take", "place"}},
		{"How long after the 2024 monitoring visit was the letter sent?", []string{"long", "monitoring", "visit", "sent"}},
		// in a premise, the visits are what it is about ("compare" is how
		// it asks, not what about)
		{"The board paper said to expect 3 or 4 monitoring visits a year. How does that compare with the number the city had?", []string{"board", "paper", "expect", "monitoring", "visits", "year", "number", "city"}},
		// other kinds keep their words
		{"What does the board paper say about ILACS?", []string{"board", "paper", "ilacs"}},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			var got []string
			for _, term := range Parse(tt.q, auth, nil).Terms {
				got = append(got, term.Word)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("terms %q, want %q", got, tt.want)
			}
		})
	}
}

// TestFollowUpWithItsOwnTopic: "And how is the out-of-hours service
// doing?" asks about a topic of its own: it keeps the previous council but
// not the previous topic; "What about …?" and "And that?" still borrow it.
func TestFollowUpWithItsOwnTopic(t *testing.T) {
	auth := []string{"Nottingham City", "Nottinghamshire"}
	history := []letters.Turn{{Question: "What did inspectors find about the front door at Nottingham City's 2026 visit?"}}
	tests := []struct {
		question      string
		want, wantNot string
	}{
		{"And how is the out-of-hours service doing?", "Nottingham City", "front door"},
		{"What about the out-of-hours service?", "front door", ""},
		{"And was that better than in 2024?", "front door", ""},
	}
	for _, tt := range tests {
		got := Rewrite(tt.question, history, auth)
		if !strings.Contains(got, tt.want) || tt.wantNot != "" && strings.Contains(got, tt.wantNot) {
			t.Errorf("Rewrite(%q) = %q, want it to contain %q and not %q", tt.question, got, tt.want, tt.wantNot)
		}
	}
}

// TestKindNamedOrReportedOn: a question names a document kind it asks of
// ("the latest monitoring visit letter"), not the visit a board paper
// reports on ("the paper on the monitoring visit").
func TestKindNamedOrReportedOn(t *testing.T) {
	tests := []struct {
		q    string
		want []string
	}{
		{"What did the monitoring visit find about caseloads?", []string{letters.KindMonitoringVisit}},
		{"When did the cabinet receive the paper on the focused visit?", nil},
		{"What does the board paper about the monitoring visit recommend?", []string{letters.KindBoardPaper}},
		{"Who presented the update following the latest focused visit?", nil},
		{"What did the focused visit report say about the paper on the monitoring visit?", []string{letters.KindFocusedVisit}},
		// Ofsted's report on a visit is its letter; a letter named is a letter
		{"What did the Ofsted report on the focused visit find?", []string{letters.KindFocusedVisit}},
		{"Summarise the update on the monitoring visit letter", []string{letters.KindMonitoringVisit}},
		{"When did the scrutiny committee consider the committee report on the focused visit?", nil},
		{"When did the board receive the report on the monitoring visit?", nil},
		// a kind spoken of generically is how Ofsted works, which council
		// papers explain: no filter; with a council or a year named it is
		// one of the council's letters
		{"How many inspectors normally carry out a monitoring visit?", nil},
		{"How long does a focused visit last?", nil},
		{"What happens at each monitoring visit?", nil},
		{"What did a monitoring visit to Testford City find about caseloads?", []string{letters.KindMonitoringVisit}},
		{"What did a monitoring visit in 2025 find about caseloads?", []string{letters.KindMonitoringVisit}},
		{"A monitoring visit took place in the spring; what did the monitoring visit find?", []string{letters.KindMonitoringVisit}},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			if got := Parse(tt.q, []string{"Testford City"}, nil).Kinds; !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Kinds = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestWhoInspectedIsNotScope: "what was inspected?" asks what a visit
// looked at; "who inspected?" asks for the inspectors.
func TestWhoInspectedIsNotScope(t *testing.T) {
	tests := []struct {
		q    string
		want bool
	}{
		{"What did the monitoring visit cover?", true},
		{"What was inspected at the focused visit?", true},
		{"Who inspected Testshire on the most recent visit?", false},
		{"Who inspected the front door, and who signed the letter?", false},
	}
	for _, tt := range tests {
		if got := Parse(tt.q, nil, nil).AsksScope; got != tt.want {
			t.Errorf("Parse(%q).AsksScope = %v, want %v", tt.q, got, tt.want)
		}
	}
}

// TestAsksForAPerson: "which councillor", "which cabinet member", "what is
// the name of" ask for a person as "who" does: a council paper's front
// sheet ("Portfolio holder: Councillor Faisal Rahman") may answer.
func TestAsksForAPerson(t *testing.T) {
	tests := []struct {
		q    string
		want bool
	}{
		{"Which councillor is the cabinet lead for children in Testford?", true},
		{"Which cabinet member is responsible for children's services?", true},
		{"What is the name of the lead inspector?", true},
		{"Who chaired the meeting?", true},
		{"Which inspectors carried out the visit?", true},
		{"Which areas did the visit cover?", false},
		{"Which teams have the highest caseloads?", false},
		{"What is the name of Testford's edge-of-care service?", false},
		{"What is the name of Testford's principal social worker?", true},
	}
	for _, tt := range tests {
		q := Parse(tt.q, []string{"Testford"}, nil)
		if q.WantWho != tt.want {
			t.Errorf("Parse(%q).WantWho = %v, want %v", tt.q, q.WantWho, tt.want)
		}
		if tt.want && !q.AsksDocumentFacts() {
			t.Errorf("Parse(%q).AsksDocumentFacts() = false, want true", tt.q)
		}
	}
}

// TestUnNegatedParticiple: a reader's "unscreened contacts" finds the
// letters' "waiting to be screened"; words that only begin with "un" are
// left alone.
func TestUnNegatedParticiple(t *testing.T) {
	tests := []struct {
		word string
		want []string
	}{
		{"unscreened", []string{"screened"}},
		{"unallocated", []string{"allocated"}},
		{"unanswered", []string{"answered"}},
		{"understand", nil},
		{"universal", nil},
		{"unit", nil},
	}
	for _, tt := range tests {
		if got := unNegated(tt.word); !slices.Equal(got, tt.want) {
			t.Errorf("unNegated(%q) = %q, want %q", tt.word, got, tt.want)
		}
	}
	q := Parse("How many contacts were sitting unscreened in the MASH?", nil, nil)
	s := NewScorer(q, TermStats{})
	m := s.matches(stemsOf("At the start of this visit, 212 contacts were waiting to be screened."))
	for i, term := range q.Terms {
		if term.Word == "unscreened" && !m[i] {
			t.Errorf("unscreened does not match \"waiting to be screened\": alternatives %q", term.Alts)
		}
	}
	// a pile-up is the letters' backlog
	q = Parse("Was there a pile-up of contacts at the front door?", nil, nil)
	found := false
	for _, term := range q.Terms {
		for _, a := range term.Alts {
			found = found || slices.Equal(a, []string{"backlog"})
		}
	}
	if !found {
		t.Errorf("no backlog alternative in %+v", q.Terms)
	}
}

// TestVisitOrdinals: the visits a question numbers, not one it measures
// from; the visit a document numbers itself.
func TestVisitOrdinals(t *testing.T) {
	for q, want := range map[string][]int{
		"What did Ravenmoor City's first monitoring visit find?":              {1},
		"What has improved since Ravenmoor City's first monitoring visit?":    nil,
		"What has improved since the first monitoring visit?":                 nil,
		"What did the letter following the third monitoring visit say?":       {3},
		"How did the first and second monitoring visits differ on caseloads?": {1, 2},
	} {
		if got := askedOrdinals(q); !slices.Equal(got, want) {
			t.Errorf("askedOrdinals(%q) = %v, want %v", q, got, want)
		}
	}
	for body, want := range map[string]int{
		"This was the third monitoring visit since the local authority was judged inadequate.":        3,
		"This visit was the second monitoring visit since the local authority was judged inadequate.": 2,
		"The visit was the first monitoring visit since the judgement.":                               1,
		"Since the first monitoring visit, leaders have made progress.":                               0,
	} {
		if got := visitOrdinal(reOwnOrdinal, body); got != want {
			t.Errorf("visitOrdinal(%q) = %d, want %d", body, got, want)
		}
	}
}

// TestDurationAsked: "the longest time", "the average wait" ask for a
// length of time as "how long" does.
func TestDurationAsked(t *testing.T) {
	for q, want := range map[string]bool{
		"What was the longest time a care leaver spent in bed and breakfast accommodation?": true,
		"What is the average wait for an assessment?":                                       true,
		"How long do children wait for an assessment?":                                      true,
		"How many nights did the young person stay in a hostel?":                            true,
		"What was the longest-serving director's name?":                                     false,
		"When was the last inspection?":                                                     false,
	} {
		if got := Parse(q, nil, nil).Duration; got != want {
			t.Errorf("Parse(%q).Duration = %v, want %v", q, got, want)
		}
	}
}

// TestBaselineYearIsAStart: a year a comparison is measured from ("than at
// the 2023 inspection") is where the documents asked about start, not the
// only year they may be dated in.
func TestBaselineYearIsAStart(t *testing.T) {
	tests := []struct {
		q      string
		from   string
		opened bool // no end to the range
	}{
		{"Is Tarrowshire keeping in touch with more of its care leavers than at the 2023 inspection?", "2023-01-01", true},
		{"Are caseloads lower now compared with 2022?", "2022-01-01", true},
		{"What has improved in the front door since the 2022 inspection?", "2022-01-01", true},
		{"What did the 2023 inspection find about care leavers?", "2023-01-01", false},
	}
	for _, tt := range tests {
		q := Parse(tt.q, nil, nil)
		if q.Filter.From == nil || q.Filter.From.Format("2006-01-02") != tt.from {
			t.Errorf("%q: From = %v, want %s", tt.q, q.Filter.From, tt.from)
		}
		if got := q.Filter.To == nil; got != tt.opened {
			t.Errorf("%q: To = %v, want open-ended %v", tt.q, q.Filter.To, tt.opened)
		}
	}
}

func TestFinancialYearRunsIntoTheNext(t *testing.T) {
	tests := []struct {
		q        string
		from, to string
	}{
		{"Did the council hit its agency social worker target by the end of 2024/25?", "2024-01-01", "2025-12-31"},
		{"Which measures were red in the Q3 2024-25 update?", "2024-01-01", "2025-12-31"},
		{"What was the overspend in 2023–2024?", "2023-01-01", "2024-12-31"},
		{"What did the 2023 inspection find about care leavers?", "2023-01-01", "2023-12-31"},
		// two years that are not one financial year
		{"How did caseloads change between 2022 and 2024?", "2022-01-01", "2024-12-31"},
		{"What did inspectors find in 2022-2024?", "2022-01-01", "2024-12-31"},
		// a plan's span of years
		{"What progress was made on the 2022-24 plan?", "2022-01-01", "2024-12-31"},
		{"What did the 1999/00 accounts show?", "1999-01-01", "2000-12-31"},
	}
	for _, tt := range tests {
		q := Parse(tt.q, nil, nil)
		if q.Filter.From == nil || q.Filter.To == nil {
			t.Errorf("%q: From, To = %v, %v, want %s to %s", tt.q, q.Filter.From, q.Filter.To, tt.from, tt.to)
			continue
		}
		if got := q.Filter.From.Format("2006-01-02") + " to " + q.Filter.To.Format("2006-01-02"); got != tt.from+" to "+tt.to {
			t.Errorf("%q: range = %s, want %s to %s", tt.q, got, tt.from, tt.to)
		}
	}
}

// TestIntervalFromInspection: the time between an inspection and a visit
// of a kind the question names is measured from the inspection report's
// dates too, so its kind is searched beside the visit's.
func TestIntervalFromInspection(t *testing.T) {
	tests := []struct {
		q    string
		want []string
	}{
		{"How long after its full inspection did Ofsted go back into Testshire for the focused visit?",
			[]string{letters.KindFocusedVisit, letters.KindInspection}},
		{"How long after the inadequate inspection was the first monitoring visit?",
			[]string{letters.KindMonitoringVisit, letters.KindInspection}},
		{"How long did the focused visit last?", []string{letters.KindFocusedVisit}},
		{"How long after the focused visit was the letter sent?", []string{letters.KindFocusedVisit}},
		{"How long after Ofsted inspected Testshire was the first monitoring visit?",
			[]string{letters.KindMonitoringVisit, letters.KindInspection}},
	}
	for _, tt := range tests {
		if got := Parse(tt.q, []string{"Testshire"}, nil).Filter.Kinds; !slices.Equal(got, tt.want) {
			t.Errorf("%q: Filter.Kinds = %v, want %v", tt.q, got, tt.want)
		}
	}
}
