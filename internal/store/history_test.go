package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/letters-app/letters"

	"github.com/letters-app/letters/internal/testdb"
)

// TestConversationsAndFeedback: a user's conversations, newest first,
// searched by title, question and answer (wildcards are literal), never
// another user's; deleting one takes its turns and feedback; a second
// rating of a turn by the same user replaces the first.
func TestConversationsAndFeedback(t *testing.T) {
	ctx := context.Background()
	db := testdb.Open(t)
	start := func(user, q, answer string) (string, int64) {
		id, turn, err := db.StartConversation(ctx, user, q, q, letters.TurnRecord{Answer: answer})
		if err != nil {
			t.Fatal(err)
		}
		return id, turn
	}
	a1, t1 := start("alice", "MASH response times?", "The MASH responds promptly.")
	a2, _ := start("alice", "Care leavers?", "Care leavers have personal advisers (100% of them).")
	start("bob", "MASH for bob?", "x")
	tests := []struct {
		q    string
		want []string
	}{
		{"", []string{a2, a1}},
		{"mash", []string{a1}},
		{"PERSONAL ADVISERS", []string{a2}},
		{"100%", []string{a2}},
		{"_", nil},
		{"bob", nil},
	}
	for _, tt := range tests {
		got, err := db.Conversations(ctx, "alice", tt.q, 50)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, c := range got {
			ids = append(ids, c.ID)
		}
		if len(ids) != len(tt.want) || (len(ids) > 0 && (ids[0] != tt.want[0] || ids[len(ids)-1] != tt.want[len(tt.want)-1])) {
			t.Errorf("q %q: got %v, want %v", tt.q, ids, tt.want)
		}
	}

	one := 1
	for _, f := range []letters.Feedback{
		{TurnID: t1, Rating: -1, Reason: "misleading", Comment: "first", User: "alice"},
		{TurnID: t1, Rating: 1, Comment: "second thoughts", User: "alice"},
		{TurnID: t1, Rating: -1, Reason: "not_answered", User: "bob"},
		{TurnID: t1, Rating: 0, Reason: "wrong_citation", CitationMarker: &one, User: "alice"},
	} {
		if _, err := db.AddFeedback(ctx, f); err != nil {
			t.Fatal(err)
		}
	}
	fb, err := db.AllFeedback(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, f := range fb {
		got[f.User]++
		if f.User == "alice" && f.CitationMarker == nil && (f.Rating != 1 || f.Comment != "second thoughts" || f.Reason != "") {
			t.Errorf("alice's rating = %+v, want the second one", f)
		}
	}
	if got["alice"] != 2 || got["bob"] != 1 {
		t.Errorf("feedback rows per user %v, want alice 2 (one rating, one citation report), bob 1", got)
	}

	if err := db.DeleteConversation(ctx, a1); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Conversation(ctx, a1); !errors.Is(err, letters.ErrNotFound) {
		t.Errorf("deleted conversation: %v, want not found", err)
	}
	if err := db.DeleteConversation(ctx, a1); !errors.Is(err, letters.ErrNotFound) {
		t.Errorf("deleting again: %v, want not found", err)
	}
	if fb, _ := db.AllFeedback(ctx); len(fb) != 0 {
		t.Errorf("%d feedback rows left after deleting their conversation", len(fb))
	}
}
