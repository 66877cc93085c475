package rag

import (
	"slices"
	"testing"
)

// TestDatedMention: a date that dates a visit, a document or a meeting
// tells councils apart; an event's year or a target's date does not.
func TestDatedMention(t *testing.T) {
	tests := []struct {
		text string
		want string // the mention found; "" for none
	}{
		{"What did the county's 2023 inspection find?", "2023 inspection"},
		{"Which actions were open after the October 2024 meeting?", "October 2024 meeting"},
		{"How many kids were in unregistered homes when Ofsted inspected in 2023?", "inspected in 2023"},
		{"What did its visit in March 2024 look at?", "visit in March 2024"},
		{"What did the 2024 Ofsted monitoring visit say?", "2024 Ofsted monitoring visit"},
		{"The city was judged inadequate in 2023 - how has reliance on agency staff changed?", "judged inadequate in 2023"},
		{"It went inadequate in July 2023; what has improved?", "went inadequate in July 2023"},
		{"How many care leavers ended up in B&Bs in 2023?", ""},
		{"Did the city reach its 85% target by March 2025?", ""},
		{"How did caseloads move over 2024/25?", ""},
	}
	for _, tt := range tests {
		if got := reDatedMention.FindString(tt.text); got != tt.want {
			t.Errorf("reDatedMention in %q = %q, want %q", tt.text, got, tt.want)
		}
	}
}

// TestAsksVisitDates: when a visit was or how long it took, not how long
// something the visit found took.
func TestAsksVisitDates(t *testing.T) {
	tests := []struct {
		question string
		want     bool
	}{
		{"How long did the 2023 inspection of Ravenmoor City last?", true},
		{"How long did Ofsted spend inspecting the county in 2023?", true},
		{"When did inspectors visit Testshire for its second monitoring visit?", true},
		{"When did the focused visit take place?", true},
		{"How many days did the inspection last?", true},
		{"How long do care proceedings take in the city?", false},
		{"When did the council launch its new front door?", false},
	}
	for _, tt := range tests {
		if got := Parse(tt.question, []string{"Ravenmoor City", "Testshire"}, nil).AsksVisitDates(); got != tt.want {
			t.Errorf("AsksVisitDates(%q) = %v, want %v", tt.question, got, tt.want)
		}
	}
}

// TestBareAndFullNameAreOneCouncil: a council filed under its bare name by
// one document ("Brackenford") and its full name by others ("Brackenford
// City") is one council: naming either names both; a county of a like
// name is another council.
func TestBareAndFullNameAreOneCouncil(t *testing.T) {
	auth := []string{"Brackenford City", "Brackenford", "Brackenshire"}
	tests := []struct {
		question string
		want     []string
	}{
		{"What did the first monitoring visit to Brackenford find?", []string{"Brackenford", "Brackenford City"}},
		{"What did Brackenford City's first monitoring visit find?", []string{"Brackenford", "Brackenford City"}},
		{"How is Brackenshire doing on care leavers?", []string{"Brackenshire"}},
	}
	for _, tt := range tests {
		got := slices.Sorted(slices.Values(Parse(tt.question, auth, nil).Filter.Authorities))
		if !slices.Equal(got, tt.want) {
			t.Errorf("%q: authorities %v, want %v", tt.question, got, tt.want)
		}
	}
}
