package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/letters-app/letters"

	"github.com/letters-app/letters/internal/store"
	"github.com/letters-app/letters/internal/testdb"
)

// TestTokenChecksDoNotWritePerRequest: checking tokens, right or wrong,
// does not write a row per request; last_used is noted at most once a
// minute (issue #14, finding 4).
func TestTokenChecksDoNotWritePerRequest(t *testing.T) {
	ctx := context.Background()
	db := open(t, testdb.New(t), store.Options{})
	_, secret, err := db.CreateToken(ctx, "alice")
	if err != nil {
		t.Fatal(err)
	}
	lastUsed := func() string {
		ts, err := db.Tokens(ctx)
		if err != nil || len(ts) != 1 || ts[0].LastUsed == nil {
			t.Fatalf("tokens %+v, %v: want one, used", ts, err)
		}
		return ts[0].LastUsed.String()
	}
	for _, tt := range []struct {
		name, secret string
		wantErr      error
	}{
		{"first use", secret, nil},
		{"wrong token", "lt_wrong", letters.ErrUnauthorized},
		{"second use", secret, nil},
		{"third use", secret, nil},
	} {
		if _, _, err := db.TokenUser(ctx, tt.secret); !errors.Is(err, tt.wantErr) {
			t.Errorf("%s: err %v, want %v", tt.name, err, tt.wantErr)
		}
	}
	first := lastUsed()
	if _, _, err := db.TokenUser(ctx, secret); err != nil {
		t.Fatal(err)
	}
	if got := lastUsed(); got != first {
		t.Errorf("last_used moved from %s to %s within a minute: a write per request", first, got)
	}
}
