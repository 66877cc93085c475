package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/letters-app/letters"

	"github.com/letters-app/letters/internal/store"
	"github.com/letters-app/letters/internal/testdb"
)

// seedUser gives user a conversation of two turns, a rating, a token, a
// session and an audit entry.
func seedUser(t *testing.T, db *store.DB, user string) string {
	t.Helper()
	ctx := context.Background()
	cid, turn, err := db.StartConversation(ctx, user, "t", "q1", letters.TurnRecord{Answer: "a1"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddTurn(ctx, cid, "q2", letters.TurnRecord{Answer: "a2"}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddFeedback(ctx, letters.Feedback{TurnID: turn, Rating: 1, User: user}); err != nil {
		t.Fatal(err)
	}
	tok, _, err := db.CreateToken(ctx, user)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateSession(ctx, user, tok, time.Hour); err != nil {
		t.Fatal(err)
	}
	if err := db.AddAudit(ctx, letters.AuditEntry{User: user, Route: "POST /api/ask", ConversationID: cid, TurnID: turn}); err != nil {
		t.Fatal(err)
	}
	return cid
}

func TestEraseUser(t *testing.T) {
	ctx := context.Background()
	db := open(t, testdb.New(t), store.Options{})
	alice := seedUser(t, db, "alice")
	bob := seedUser(t, db, "bob")
	all := store.Deleted{Conversations: 1, Turns: 2, Feedback: 1, Tokens: 1, Sessions: 1, Audit: 1}
	if got, err := db.UserData(ctx, "alice"); err != nil || got != all {
		t.Errorf("UserData(alice) = %+v, %v; want %+v", got, err, all)
	}
	if got, err := db.EraseUser(ctx, "alice"); err != nil || got != all {
		t.Errorf("EraseUser(alice) = %+v, %v; want %+v", got, err, all)
	}
	if _, err := db.Conversation(ctx, alice); !errors.Is(err, letters.ErrNotFound) {
		t.Errorf("alice's conversation after erasure: %v, want not found", err)
	}
	if got, _ := db.UserData(ctx, "alice"); got != (store.Deleted{}) {
		t.Errorf("left of alice: %+v", got)
	}
	if got, _ := db.UserData(ctx, "bob"); got != all {
		t.Errorf("bob's data after alice's erasure: %+v, want %+v", got, all)
	}
	if c, err := db.Conversation(ctx, bob); err != nil || len(c.Turns) != 2 {
		t.Errorf("bob's conversation: %d turns, %v", len(c.Turns), err)
	}
	if _, err := db.EraseUser(ctx, ""); !errors.Is(err, letters.ErrInvalid) {
		t.Errorf("erasing the anonymous user: %v, want ErrInvalid", err)
	}
}

func TestExpire(t *testing.T) {
	ctx := context.Background()
	db := open(t, testdb.New(t), store.Options{})
	seedUser(t, db, "alice")
	if got, err := db.Expire(ctx, time.Hour); err != nil || got != (store.Deleted{}) {
		t.Errorf("expire after an hour: %+v, %v; want nothing deleted", got, err)
	}
	time.Sleep(1500 * time.Millisecond)
	fresh := seedUser(t, db, "bob")
	got, err := db.Expire(ctx, time.Second)
	// alice's rows are older than a second and go; her token stays (tokens are
	// revoked, not expired) and so does her unexpired session
	if want := (store.Deleted{Conversations: 1, Turns: 2, Feedback: 1, Audit: 1}); err != nil || got != want {
		t.Errorf("expire after a second: %+v, %v; want %+v", got, err, want)
	}
	if c, err := db.Conversation(ctx, fresh); err != nil || len(c.Turns) != 2 {
		t.Errorf("bob's newer conversation: %d turns, %v; want kept", len(c.Turns), err)
	}
	if _, err := db.Expire(ctx, 0); !errors.Is(err, letters.ErrInvalid) {
		t.Errorf("expire with no retention: %v, want ErrInvalid", err)
	}
}
