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

func TestSessions(t *testing.T) {
	ctx := context.Background()
	db := open(t, testdb.New(t), store.Options{})
	if _, _, err := db.CreateToken(ctx, ""); !errors.Is(err, letters.ErrInvalid) {
		t.Errorf("token without a user: %v, want ErrInvalid", err)
	}
	aliceTok, aliceSecret, err := db.CreateToken(ctx, "alice")
	if err != nil {
		t.Fatal(err)
	}
	bobTok, _, err := db.CreateToken(ctx, "bob")
	if err != nil {
		t.Fatal(err)
	}
	if user, id, err := db.TokenUser(ctx, aliceSecret); err != nil || user != "alice" || id != aliceTok {
		t.Errorf("token user = %q %d %v, want alice %d", user, id, err, aliceTok)
	}
	session := func(user string, tok int64, ttl time.Duration) string {
		s, err := db.CreateSession(ctx, user, tok, ttl)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	live := session("alice", aliceTok, time.Hour)
	expired := session("alice", aliceTok, -time.Second)
	signedOut := session("alice", aliceTok, time.Hour)
	bobs := session("bob", bobTok, time.Hour)
	if err := db.DeleteSession(ctx, signedOut); err != nil {
		t.Fatal(err)
	}
	check := func(when string, cases []struct {
		name, secret, user string
		err                error
	}) {
		t.Helper()
		for _, tt := range cases {
			user, err := db.SessionUser(ctx, tt.secret)
			if user != tt.user || !errors.Is(err, tt.err) || (tt.err == nil && err != nil) {
				t.Errorf("%s, %s: session user %q, %v; want %q, %v", when, tt.name, user, err, tt.user, tt.err)
			}
		}
	}
	check("before revoking", []struct {
		name, secret, user string
		err                error
	}{
		{"live", live, "alice", nil},
		{"bob's", bobs, "bob", nil},
		{"expired", expired, "", letters.ErrUnauthorized},
		{"signed out", signedOut, "", letters.ErrUnauthorized},
		{"unknown", "ls_nothing", "", letters.ErrUnauthorized},
	})
	if err := db.RevokeToken(ctx, aliceTok); err != nil {
		t.Fatal(err)
	}
	// a sign-in that raced the revocation writes its session after it
	late := session("alice", aliceTok, time.Hour)
	check("after revoking alice's token", []struct {
		name, secret, user string
		err                error
	}{
		{"alice's live session", live, "", letters.ErrUnauthorized},
		{"alice's session written after the revocation", late, "", letters.ErrUnauthorized},
		{"bob's", bobs, "bob", nil},
	})
	if _, _, err := db.TokenUser(ctx, aliceSecret); !errors.Is(err, letters.ErrUnauthorized) {
		t.Errorf("revoked token: %v, want ErrUnauthorized", err)
	}
	for _, id := range []int64{aliceTok, 99999} {
		if err := db.RevokeToken(ctx, id); !errors.Is(err, letters.ErrNotFound) {
			t.Errorf("revoke %d again/unknown: %v, want ErrNotFound", id, err)
		}
	}
	toks, err := db.Tokens(ctx)
	if err != nil || len(toks) != 2 {
		t.Fatalf("tokens %+v, %v", toks, err)
	}
	if toks[0].User != "alice" || toks[0].RevokedAt == nil || toks[1].User != "bob" || toks[1].RevokedAt != nil {
		t.Errorf("tokens = %+v, want alice revoked, bob not", toks)
	}
}

func TestAuditLog(t *testing.T) {
	ctx := context.Background()
	db := open(t, testdb.New(t), store.Options{})
	start := time.Now().Add(-time.Minute)
	cid, err := db.CreateConversation(ctx, "alice", "t")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range []letters.AuditEntry{
		{User: "alice", Route: "POST /api/ask", ConversationID: cid, Question: "what?"},
		{User: "bob", Route: "GET /api/documents"},
		{User: "alice", Route: "GET /api/conversations/:id", ConversationID: cid},
	} {
		if err := db.AddAudit(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.AddAudit(ctx, letters.AuditEntry{User: "x", Route: "r", ConversationID: "not-a-uuid"}); err == nil {
		t.Error("audit entry with a malformed conversation id was written")
	}
	for _, tt := range []struct {
		name, user string
		since      time.Time
		want       []string // route|conversation|question
	}{
		{"everyone", "", start, []string{"POST /api/ask|" + cid + "|what?", "GET /api/documents||", "GET /api/conversations/:id|" + cid + "|"}},
		{"alice", "alice", start, []string{"POST /api/ask|" + cid + "|what?", "GET /api/conversations/:id|" + cid + "|"}},
		{"nobody", "carol", start, nil},
		{"future", "", time.Now().Add(time.Hour), nil},
	} {
		es, err := db.Audit(ctx, tt.user, tt.since)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range es {
			got = append(got, e.Route+"|"+e.ConversationID+"|"+e.Question)
			if e.At.Before(start) || e.ID == 0 {
				t.Errorf("%s: entry %+v has no id or time", tt.name, e)
			}
		}
		if !equalStrings(got, tt.want) {
			t.Errorf("%s: audit %q, want %q", tt.name, got, tt.want)
		}
	}
	d := store.Deleted{Conversations: 1, Turns: 2, Feedback: 3, Tokens: 4, Sessions: 5, Audit: 6}
	if got, want := d.String(), "1 conversations, 2 turns, 3 feedback, 4 tokens, 5 sessions, 6 audit log entries"; got != want {
		t.Errorf("Deleted.String() = %q, want %q", got, want)
	}
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
