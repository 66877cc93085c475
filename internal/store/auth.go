package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/letters-app/letters"

	"github.com/jackc/pgx/v5"
)

// Token is an API token's record (the secret itself is never stored).
type Token struct {
	ID        int64      `json:"id"`
	User      string     `json:"user"`
	CreatedAt time.Time  `json:"created_at"`
	LastUsed  *time.Time `json:"last_used,omitempty"`
	RevokedAt *time.Time `json:"revoked_at,omitempty"`
}

func hashSecret(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

func newSecret(prefix string) (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return prefix + base64.RawURLEncoding.EncodeToString(b), nil
}

// CreateToken makes a token for user and returns its id and the secret,
// which is shown once and stored only as a hash.
func (db *DB) CreateToken(ctx context.Context, user string) (int64, string, error) {
	if user == "" {
		return 0, "", fmt.Errorf("a token needs a user name: %w", letters.ErrInvalid)
	}
	secret, err := newSecret("lt_")
	if err != nil {
		return 0, "", err
	}
	var id int64
	err = db.pool.QueryRow(ctx, `INSERT INTO api_tokens (user_name, hash) VALUES ($1, $2) RETURNING id`, user, hashSecret(secret)).Scan(&id)
	return id, secret, wrap("create token", err)
}

// RevokeToken revokes a token and ends its sessions.
func (db *DB) RevokeToken(ctx context.Context, id int64) error {
	tag, err := db.pool.Exec(ctx, `UPDATE api_tokens SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL`, id)
	if err != nil {
		return wrap("revoke token", err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("token %d (or it is already revoked): %w", id, letters.ErrNotFound)
	}
	_, err = db.pool.Exec(ctx, `DELETE FROM sessions WHERE token_id = $1`, id)
	return wrap("revoke token", err)
}

// Tokens lists tokens.
func (db *DB) Tokens(ctx context.Context) ([]Token, error) {
	rows, err := db.pool.Query(ctx, `SELECT id, user_name, created_at, last_used, revoked_at FROM api_tokens ORDER BY id`)
	if err != nil {
		return nil, wrap("tokens", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Token, error) {
		var t Token
		err := r.Scan(&t.ID, &t.User, &t.CreatedAt, &t.LastUsed, &t.RevokedAt)
		return t, err
	})
	return out, wrap("tokens", err)
}

// TokenUser returns the user and id of a valid (unrevoked) token secret.
// It only reads, except to note last_used at most once a minute per token:
// a flood of wrong (or right) tokens writes nothing per request.
func (db *DB) TokenUser(ctx context.Context, secret string) (string, int64, error) {
	var user string
	var id int64
	var stale bool
	err := db.pool.QueryRow(ctx, `SELECT user_name, id, last_used IS NULL OR last_used < now() - interval '1 minute'
		FROM api_tokens WHERE hash = $1 AND revoked_at IS NULL`, hashSecret(secret)).Scan(&user, &id, &stale)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", 0, letters.ErrUnauthorized
	}
	if err != nil {
		return "", 0, wrap("token", err)
	}
	if stale {
		_, err = db.pool.Exec(ctx, `UPDATE api_tokens SET last_used = now()
			WHERE id = $1 AND (last_used IS NULL OR last_used < now() - interval '1 minute')`, id)
	}
	return user, id, wrap("token", err)
}

// CreateSession starts a web session for the token's user and returns the
// session secret for the cookie.
func (db *DB) CreateSession(ctx context.Context, user string, tokenID int64, ttl time.Duration) (string, error) {
	secret, err := newSecret("ls_")
	if err != nil {
		return "", err
	}
	_, err = db.pool.Exec(ctx, `INSERT INTO sessions (hash, user_name, token_id, expires_at) VALUES ($1, $2, $3, $4)`,
		hashSecret(secret), user, tokenID, time.Now().Add(ttl))
	if err == nil {
		_, err = db.pool.Exec(ctx, `DELETE FROM sessions WHERE expires_at < now()`)
	}
	return secret, wrap("create session", err)
}

// SessionUser returns the user of a live session whose token is not revoked.
func (db *DB) SessionUser(ctx context.Context, secret string) (string, error) {
	var user string
	// the token is checked each time: a session written while its token was
	// being revoked (sign-in raced `token revoke`) is dead too
	err := db.pool.QueryRow(ctx, `SELECT s.user_name FROM sessions s JOIN api_tokens t ON t.id = s.token_id
		WHERE s.hash = $1 AND s.expires_at > now() AND t.revoked_at IS NULL`, hashSecret(secret)).Scan(&user)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", letters.ErrUnauthorized
	}
	return user, wrap("session", err)
}

// DeleteSession ends a session (sign out).
func (db *DB) DeleteSession(ctx context.Context, secret string) error {
	_, err := db.pool.Exec(ctx, `DELETE FROM sessions WHERE hash = $1`, hashSecret(secret))
	return wrap("delete session", err)
}
