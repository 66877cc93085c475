package rag

import (
	"reflect"
	"strings"
	"testing"

	"github.com/letters-app/letters"
)

func TestParseMarkers(t *testing.T) {
	tests := []struct {
		in   string
		want []int
	}{
		{"A claim [3].", []int{3}},
		{"Two [3, 5] and [3; 7].", []int{3, 5, 3, 7}},
		{"Adjacent [3][5].", []int{3, 5}},
		{"Full-width 【4】 marker.", []int{4}},
		{"No marker [a] or [] here.", nil},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := ParseMarkers(tt.in); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ParseMarkers(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func passagesFor(texts ...string) []letters.Passage {
	ps := make([]letters.Passage, len(texts))
	for i, t := range texts {
		ps[i] = letters.Passage{Paragraph: letters.Paragraph{ID: int64(100 + i), Text: t, Label: "¶" + string(rune('1'+i)), Key: "doc#x"}}
	}
	return ps
}

func TestCheck(t *testing.T) {
	ps := passagesFor(
		"The MASH responds appropriately to most requests for support.",
		"Workloads in the assessment teams are maintained at a manageable level.",
	)
	tests := []struct {
		name        string
		in          string
		wantText    string
		wantCits    int
		dropped     int
		unsupported int
	}{
		{"renumbered in order of appearance", "Workloads are manageable in assessment teams [2]. The MASH responds appropriately to requests [1].",
			"Workloads are manageable in assessment teams [1]. The MASH responds appropriately to requests [2].", 2, 0, 0},
		{"unknown marker removed", "The MASH responds appropriately [1][9].", "The MASH responds appropriately [1].", 1, 1, 0},
		{"group with unknown member", "The MASH responds appropriately [1, 42].", "The MASH responds appropriately [1].", 1, 1, 0},
		{"unsupported sentence flagged", "Inspectors praised the excellent sufficiency of foster placements [2].",
			"Inspectors praised the excellent sufficiency of foster placements [1].", 1, 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text, cits, dropped, unsupported := Check(tt.in, ps)
			if text != tt.wantText {
				t.Errorf("text = %q, want %q", text, tt.wantText)
			}
			if len(cits) != tt.wantCits || dropped != tt.dropped || unsupported != tt.unsupported {
				t.Errorf("citations %d dropped %d unsupported %d; want %d %d %d", len(cits), dropped, unsupported, tt.wantCits, tt.dropped, tt.unsupported)
			}
			for _, c := range cits {
				if c.Supported != (c.Support >= SupportThreshold) {
					t.Errorf("citation %d: supported=%v with support %.2f", c.Marker, c.Supported, c.Support)
				}
			}
		})
	}
}

func TestMarkerStream(t *testing.T) {
	tests := []struct {
		name   string
		chunks []string
		want   []string // emitted pieces
	}{
		{"half marker held back", []string{"The MASH [", "1", "] responds."}, []string{"The MASH ", "[1]", " responds."}},
		{"unknown marker never shown", []string{"Claim [7", "] more"}, []string{"Claim ", " more"}},
		{"renumbered", []string{"A [2]. B [1]."}, []string{"A ", "[1]", ". B ", "[2]", "."}},
		{"not a marker", []string{"see [note", "] here"}, []string{"see ", "[", "note", "] here"}},
		{"full-width", []string{"A 【", "2】"}, []string{"A ", "[1]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			s := NewMarkerStream(3, func(x string) { got = append(got, x) })
			for _, c := range tt.chunks {
				s.Write(c)
			}
			s.Flush()
			if strings.Join(got, "") != strings.Join(tt.want, "") {
				t.Errorf("stream = %q, want %q", got, tt.want)
			}
			for _, g := range got {
				if strings.Contains(g, "[") && !reMarkerFull.MatchString(strings.TrimSpace(g)) && g != "[" {
					t.Errorf("emitted a broken marker piece %q", g)
				}
			}
		})
	}
}

func TestSentences(t *testing.T) {
	got := Sentences("Prompt identification of risk. Ms. Burke led the visit. 1.4 The Inspection is unannounced.\n• first item\n• second item")
	want := []string{"Prompt identification of risk.", "Ms. Burke led the visit.", "1.4 The Inspection is unannounced.", "first item", "second item"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Sentences = %q, want %q", got, want)
	}
}

func TestParse(t *testing.T) {
	auth := []string{"Nottingham City", "Nottinghamshire"}
	gl := []letters.GlossaryEntry{{Acronym: "MASH", Expansion: "multi-agency safeguarding hub"}}
	tests := []struct {
		q           string
		authorities []string
		years       []int
		latest      bool
		kinds       []string
		termHas     string
	}{
		{"What did inspectors say about the MASH in 2026?", nil, []int{2026}, false, nil, "multi agenc safeguard hub"},
		{"How is the multi-agency safeguarding hub in Nottinghamshire?", []string{"Nottinghamshire"}, nil, false, nil, "mash"},
		{"What did the latest letter say about Nottingham City?", []string{"Nottingham City"}, nil, true, nil, ""},
		{"What did the 2022 board paper say?", nil, []int{2022}, false, []string{letters.KindBoardPaper}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			q := Parse(tt.q, auth, gl)
			if !reflect.DeepEqual(q.Filter.Authorities, tt.authorities) {
				t.Errorf("authorities = %v, want %v", q.Filter.Authorities, tt.authorities)
			}
			if !reflect.DeepEqual(q.Years, tt.years) {
				t.Errorf("years = %v, want %v", q.Years, tt.years)
			}
			if q.Filter.Latest != tt.latest {
				t.Errorf("latest = %v, want %v", q.Filter.Latest, tt.latest)
			}
			if !reflect.DeepEqual(q.Kinds, tt.kinds) {
				t.Errorf("kinds = %v, want %v", q.Kinds, tt.kinds)
			}
			if tt.termHas != "" {
				found := false
				for _, term := range q.Terms {
					for _, a := range term.Alts {
						if strings.Join(a, " ") == tt.termHas {
							found = true
						}
					}
				}
				if !found {
					t.Errorf("no term alternative %q in %+v", tt.termHas, q.Terms)
				}
			}
		})
	}
}

// TestFollowUpLeavesAShortNamedCouncil: "And what about Pelham?" after a
// question about Ravenmoor (named by its short name) asks about Pelham
// alone.
func TestFollowUpLeavesAShortNamedCouncil(t *testing.T) {
	auth := []string{"Ravenmoor City", "Pelham Metropolitan Borough"}
	hist := []letters.Turn{{Question: "What did Ravenmoor's first monitoring visit find about caseloads?"}}
	got := Rewrite("And what about Pelham?", hist, auth)
	if a := Parse(got, auth, nil).Filter.Authorities; !reflect.DeepEqual(a, []string{"Pelham Metropolitan Borough"}) {
		t.Errorf("rewrite %q: authorities %v, want only Pelham Metropolitan Borough", got, a)
	}
}

func TestRewriteFollowUp(t *testing.T) {
	auth := []string{"Nottingham City", "Nottinghamshire"}
	hist := []letters.Turn{{Question: "What did inspectors find about the MASH in Nottingham City?"}}
	got := Rewrite("and what about Nottinghamshire?", hist, auth)
	q := Parse(got, auth, nil)
	if !reflect.DeepEqual(q.Filter.Authorities, []string{"Nottinghamshire"}) {
		t.Errorf("rewrite %q: authorities %v, want only Nottinghamshire", got, q.Filter.Authorities)
	}
	if !strings.Contains(strings.ToLower(got), "mash") {
		t.Errorf("rewrite %q lost the topic", got)
	}
	if got := Rewrite("Which inspectors visited Nottinghamshire in 2025 and what did they find?", hist, auth); strings.Contains(got, "(") {
		t.Errorf("a self-contained question was rewritten: %q", got)
	}
}

// TestCouncilShortName: a council is named without the kind of council it
// is ("Pelham" for Pelham Metropolitan Borough), with its capital, when
// no other council shares the short name; a county named alike is another
// word.
func TestCouncilShortName(t *testing.T) {
	auth := []string{"Pelham Metropolitan Borough", "Ravenmoor City", "Ravenmoorshire", "Kent", "Reading Borough", "Ashby City", "Ashby District"}
	tests := []struct {
		q    string
		want []string
	}{
		{"How much extra money has Pelham put into children's services?", []string{"Pelham Metropolitan Borough"}},
		{"What did Pelham's 2024 focused visit find?", []string{"Pelham Metropolitan Borough"}},
		{"How many children are in care in Ravenmoor?", []string{"Ravenmoor City"}},
		{"How many children are in care in Ravenmoorshire?", []string{"Ravenmoorshire"}},
		{"What did inspectors say about Pelham Metropolitan Borough?", []string{"Pelham Metropolitan Borough"}},
		{"What did Kent's letter say?", []string{"Kent"}},
		// a common word, not capitalised, is not a council
		{"What are inspectors reading in the case files?", nil},
		{"What did inspectors find in Reading?", []string{"Reading Borough"}},
		// two councils go by "Ashby": neither is meant by it alone
		{"What did inspectors find in Ashby?", nil},
	}
	// a short name that holds another's is matched first
	long := []string{"Barrowfield Metropolitan Borough", "Barrowfield-on-Teme City", "Cray Metropolitan Borough", "Wendlesham and Cray City"}
	for q, want := range map[string][]string{
		"What did Barrowfield-on-Teme's first monitoring visit find?": {"Barrowfield-on-Teme City"},
		"What did Wendlesham and Cray's letter say?":                  {"Wendlesham and Cray City"},
		"What did Barrowfield's letter say?":                          {"Barrowfield Metropolitan Borough"},
	} {
		if got := Parse(q, long, nil).Filter.Authorities; !reflect.DeepEqual(got, want) {
			t.Errorf("Parse(%q) authorities = %v, want %v", q, got, want)
		}
	}
	for _, tt := range tests {
		if got := Parse(tt.q, auth, nil).Filter.Authorities; !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Parse(%q) authorities = %v, want %v", tt.q, got, tt.want)
		}
	}
}
