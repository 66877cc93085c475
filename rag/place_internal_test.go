package rag

import "testing"

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
