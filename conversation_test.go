package letters_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/letters-app/letters"
)

func TestDecodeTurnRecord(t *testing.T) {
	// a turn stored before records were versioned: the API's Result as JSON
	v0, err := json.Marshal(letters.Result{Question: "What does NFA mean?", Answer: "No further action [1].", ConversationID: "c",
		Citations: []letters.Citation{{Marker: 1, Key: "a#¶3", Quote: "NFA means no further action."}},
		Record:    letters.Record{RewrittenQuery: "NFA", Answerer: "extractive"}})
	if err != nil {
		t.Fatal(err)
	}
	v1, _ := json.Marshal(letters.NewTurnRecord(letters.Result{Question: "q", Answer: "a", Refused: true,
		Passages: []letters.Passage{{Paragraph: letters.Paragraph{Text: "closest"}}}}))
	tests := []struct {
		name    string
		raw     string
		want    func(letters.TurnRecord) string // "" when right
		wantErr string
	}{
		{"version 0 (a stored Result)", string(v0), func(r letters.TurnRecord) string {
			if r.Version != 0 || r.Answer != "No further action [1]." || len(r.Citations) != 1 || r.Citations[0].Quote != "NFA means no further action." ||
				r.Record.RewrittenQuery != "NFA" || r.Result().Question != "What does NFA mean?" {
				return "fields not read"
			}
			return ""
		}, ""},
		{"version 1, refused: its closest passages kept", string(v1), func(r letters.TurnRecord) string {
			if r.Version != 1 || !r.Refused || len(r.Passages) != 1 || r.Result().Passages[0].Text != "closest" {
				return "fields not read"
			}
			return ""
		}, ""},
		{"a newer version than this program", `{"v":2,"answer":"a"}`, nil, "version 2"},
		{"not JSON", `{"v":`, nil, "stored turn"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := letters.DecodeTurnRecord([]byte(tt.raw))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("got error %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if msg := tt.want(got); msg != "" {
				t.Errorf("%s: got %+v", msg, got)
			}
		})
	}
}

func TestNewTurnRecordKeepsPassagesOnlyForRefusals(t *testing.T) {
	p := []letters.Passage{{Paragraph: letters.Paragraph{Text: "x"}}}
	for _, refused := range []bool{false, true} {
		got := len(letters.NewTurnRecord(letters.Result{Refused: refused, Passages: p}).Passages)
		want := map[bool]int{false: 0, true: 1}[refused]
		if got != want {
			t.Errorf("refused=%v: %d passages stored, want %d", refused, got, want)
		}
	}
}
