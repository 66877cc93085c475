package store

import (
	"context"
	"fmt"
	"time"

	"github.com/letters-app/letters"

	"github.com/jackc/pgx/v5"
)

// AddAudit appends an entry to the audit log.
func (db *DB) AddAudit(ctx context.Context, e letters.AuditEntry) error {
	var conv, question any
	if e.ConversationID != "" {
		id, err := checkConversationID(e.ConversationID)
		if err != nil {
			return err
		}
		conv = id
	}
	if e.Question != "" {
		question = e.Question
	}
	var turn any
	if e.TurnID > 0 {
		turn = e.TurnID
	}
	_, err := db.pool.Exec(ctx, `INSERT INTO audit_log (user_name, route, conversation_id, turn_id, question) VALUES ($1, $2, $3, $4, $5)`,
		e.User, e.Route, conv, turn, question)
	return wrap("audit", err)
}

// Audit returns the audit log since a time, oldest first: every user's, or
// one user's when user is not "".
func (db *DB) Audit(ctx context.Context, user string, since time.Time) ([]letters.AuditEntry, error) {
	rows, err := db.pool.Query(ctx, `SELECT id, at, user_name, route, coalesce(conversation_id::text, ''), coalesce(turn_id, 0), coalesce(question, '')
		FROM audit_log WHERE at >= $1 AND ($2 = '' OR user_name = $2) ORDER BY at, id`, since, user)
	if err != nil {
		return nil, wrap("audit", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (letters.AuditEntry, error) {
		var e letters.AuditEntry
		err := r.Scan(&e.ID, &e.At, &e.User, &e.Route, &e.ConversationID, &e.TurnID, &e.Question)
		return e, err
	})
	return out, wrap("audit", err)
}

// Deleted counts the rows a retention run or an erasure deleted (or, for
// UserData, holds).
type Deleted struct {
	Conversations int64 `json:"conversations"`
	Turns         int64 `json:"turns"`
	Feedback      int64 `json:"feedback"`
	Tokens        int64 `json:"tokens"`
	Sessions      int64 `json:"sessions"`
	Audit         int64 `json:"audit"`
}

func (d Deleted) String() string {
	return fmt.Sprintf("%d conversations, %d turns, %d feedback, %d tokens, %d sessions, %d audit log entries",
		d.Conversations, d.Turns, d.Feedback, d.Tokens, d.Sessions, d.Audit)
}

// Expire deletes what is older than the retention period: turns (with the
// feedback on them), feedback, audit log entries, conversations left with
// no turns, and sessions that have expired. It runs in one transaction.
func (db *DB) Expire(ctx context.Context, retention time.Duration) (Deleted, error) {
	var d Deleted
	if retention <= 0 {
		return d, fmt.Errorf("retention %s: %w", retention, letters.ErrInvalid)
	}
	err := pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		var cutoff time.Time
		if err := tx.QueryRow(ctx, `SELECT now() - $1::bigint * interval '1 microsecond'`, retention.Microseconds()).Scan(&cutoff); err != nil {
			return err
		}
		for _, q := range []struct {
			n   *int64
			sql string
		}{
			{&d.Feedback, `DELETE FROM feedback WHERE created_at < $1 OR turn_id IN (SELECT id FROM turns WHERE created_at < $1)`},
			{&d.Turns, `DELETE FROM turns WHERE created_at < $1`},
			{&d.Conversations, `DELETE FROM conversations c WHERE c.created_at < $1 AND NOT EXISTS (SELECT 1 FROM turns t WHERE t.conversation_id = c.id)`},
			{&d.Audit, `DELETE FROM audit_log WHERE at < $1`},
		} {
			tag, err := tx.Exec(ctx, q.sql, cutoff)
			if err != nil {
				return err
			}
			*q.n = tag.RowsAffected()
		}
		tag, err := tx.Exec(ctx, `DELETE FROM sessions WHERE expires_at < now()`)
		d.Sessions = tag.RowsAffected()
		return err
	})
	return d, wrap("expire", err)
}

// userSQL deletes (or counts) a user's rows, in the order that counts each
// row once: feedback given or received, turns, conversations, sessions,
// tokens, audit log entries.
var userSQL = []struct {
	table, where string
}{
	{"feedback", `user_name = $1 OR turn_id IN (SELECT id FROM turns WHERE user_name = $1 OR conversation_id IN (SELECT id FROM conversations WHERE user_name = $1))`},
	{"turns", `user_name = $1 OR conversation_id IN (SELECT id FROM conversations WHERE user_name = $1)`},
	{"conversations", `user_name = $1`},
	{"sessions", `user_name = $1 OR token_id IN (SELECT id FROM api_tokens WHERE user_name = $1)`},
	{"api_tokens", `user_name = $1`},
	{"audit_log", `user_name = $1`},
}

func (d *Deleted) field(table string) *int64 {
	switch table {
	case "feedback":
		return &d.Feedback
	case "turns":
		return &d.Turns
	case "conversations":
		return &d.Conversations
	case "sessions":
		return &d.Sessions
	case "api_tokens":
		return &d.Tokens
	}
	return &d.Audit
}

// UserData counts what the service holds about a user.
func (db *DB) UserData(ctx context.Context, user string) (Deleted, error) {
	var d Deleted
	if user == "" {
		return d, fmt.Errorf("a user name is needed: %w", letters.ErrInvalid)
	}
	for _, q := range userSQL {
		// the table names are the constants above, not input
		if err := db.pool.QueryRow(ctx, `SELECT count(*) FROM `+q.table+` WHERE `+q.where, user).Scan(d.field(q.table)); err != nil {
			return d, wrap("user data", err)
		}
	}
	return d, nil
}

// EraseUser deletes everything the service holds about a user, in one
// transaction: their conversations with every turn and the feedback on
// them, their other turns and feedback, their API tokens and sessions, and
// their audit log entries. Their name comes off the corrections they made
// to documents' details (the corrections, about the documents, stay). It
// returns what it deleted.
func (db *DB) EraseUser(ctx context.Context, user string) (Deleted, error) {
	var d Deleted
	if user == "" {
		return d, fmt.Errorf("a user name is needed: %w", letters.ErrInvalid)
	}
	err := pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		for _, q := range userSQL {
			tag, err := tx.Exec(ctx, `DELETE FROM `+q.table+` WHERE `+q.where, user)
			if err != nil {
				return err
			}
			*d.field(q.table) = tag.RowsAffected()
		}
		_, err := tx.Exec(ctx, `UPDATE document_overrides SET edited_by = '' WHERE edited_by = $1`, user)
		return err
	})
	return d, wrap("erase user", err)
}
