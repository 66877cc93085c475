package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/letters-app/letters"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// CreateConversation starts a conversation and returns its id.
func (db *DB) CreateConversation(ctx context.Context, user, title string) (string, error) {
	id := uuid.NewString()
	_, err := db.pool.Exec(ctx, `INSERT INTO conversations (id, user_name, title) VALUES ($1, $2, $3)`, id, user, title)
	return id, wrap("create conversation", err)
}

// AddTurn stores an answer (citations and reproducibility record included)
// in a conversation and returns the turn id. A conversation holds at most
// rag.MaxTurns turns (rag.ErrConversationFull after that); the
// conversation's row is locked while its turns are counted, so concurrent
// questions cannot pass the limit together.
func (db *DB) AddTurn(ctx context.Context, conversationID, question string, rec letters.TurnRecord) (int64, error) {
	if _, err := checkConversationID(conversationID); err != nil {
		return 0, err
	}
	b, err := json.Marshal(rec)
	if err != nil {
		return 0, err
	}
	var id int64
	err = pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		var n int
		var owner string
		err := tx.QueryRow(ctx, `SELECT (SELECT count(*) FROM turns WHERE conversation_id = c.id), c.user_name
			FROM conversations c WHERE c.id = $1 FOR UPDATE`, conversationID).Scan(&n, &owner)
		if errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("conversation %s: %w", conversationID, letters.ErrNotFound)
		}
		if err != nil {
			return err
		}
		if n >= letters.MaxTurns {
			return letters.ErrConversationFull
		}
		return tx.QueryRow(ctx, `INSERT INTO turns (conversation_id, question, result, user_name) VALUES ($1, $2, $3, $4) RETURNING id`,
			conversationID, question, b, owner).Scan(&id)
	})
	if errors.Is(err, letters.ErrNotFound) || errors.Is(err, letters.ErrConversationFull) {
		return 0, err
	}
	return id, wrap("add turn", err)
}

// checkConversationID checks a conversation id: only the canonical form
// (8-4-4-4-12 hexadecimal digits, as the service hands them out) names a
// conversation. uuid.Parse also takes urn:uuid:…, {…} and undashed forms,
// and PostgreSQL fails on the first, so anything else is not found.
func checkConversationID(id string) (string, error) {
	u, err := uuid.Parse(id)
	if err != nil || len(id) != 36 || u.String() != strings.ToLower(id) {
		return "", fmt.Errorf("conversation id %q: %w", clipID(id), letters.ErrNotFound)
	}
	return u.String(), nil
}

func clipID(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// Conversation returns a conversation and its turns in order.
func (db *DB) Conversation(ctx context.Context, id string) (letters.Conversation, error) {
	var c letters.Conversation
	id, err := checkConversationID(id)
	if err != nil {
		return c, err
	}
	err = db.pool.QueryRow(ctx, `SELECT id::text, user_name, title, created_at FROM conversations WHERE id = $1`, id).
		Scan(&c.ID, &c.User, &c.Title, &c.CreatedAt)
	if err != nil {
		return c, wrap("conversation", err)
	}
	rows, err := db.pool.Query(ctx, `SELECT id, user_name, question, result, created_at FROM turns WHERE conversation_id = $1 ORDER BY id`, id)
	if err != nil {
		return c, wrap("turns", err)
	}
	c.Turns, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (letters.StoredTurn, error) {
		var t letters.StoredTurn
		var raw []byte
		if err := r.Scan(&t.ID, &t.User, &t.Question, &raw, &t.CreatedAt); err != nil {
			return t, err
		}
		t.Record, err = letters.DecodeTurnRecord(raw)
		return t, err
	})
	if c.Turns == nil {
		c.Turns = []letters.StoredTurn{}
	}
	return c, wrap("turns", err)
}

// TurnOwner returns the user who owns a turn (rag.ErrNotFound when there is
// no such turn).
func (db *DB) TurnOwner(ctx context.Context, turnID int64) (string, error) {
	var owner string
	err := db.pool.QueryRow(ctx, `SELECT user_name FROM turns WHERE id = $1`, turnID).Scan(&owner)
	return owner, wrap("turn owner", err)
}

// AddFeedback stores feedback on a turn: a user's second rating of a turn
// (or report on one of its citations) replaces the first.
func (db *DB) AddFeedback(ctx context.Context, f letters.Feedback) (int64, error) {
	var id int64
	err := db.pool.QueryRow(ctx, `INSERT INTO feedback (turn_id, rating, citation_marker, reason, comment, user_name)
		VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (turn_id, user_name, (coalesce(citation_marker, 0))) DO UPDATE
		SET rating = EXCLUDED.rating, reason = EXCLUDED.reason, comment = EXCLUDED.comment, created_at = now()
		RETURNING id`, f.TurnID, f.Rating, f.CitationMarker, f.Reason, f.Comment, f.User).Scan(&id)
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "23503" {
		return 0, fmt.Errorf("turn %d: %w", f.TurnID, letters.ErrNotFound)
	}
	return id, wrap("add feedback", err)
}

// AllFeedback returns every feedback row with its turn's question and
// answer, oldest first.
func (db *DB) AllFeedback(ctx context.Context) ([]letters.Feedback, error) {
	rows, err := db.pool.Query(ctx, `SELECT f.id, f.turn_id, f.rating, f.citation_marker, f.reason, f.comment, f.user_name, f.created_at,
			t.question, t.result
		FROM feedback f JOIN turns t ON t.id = f.turn_id ORDER BY f.id`)
	if err != nil {
		return nil, wrap("feedback", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (letters.Feedback, error) {
		var f letters.Feedback
		var raw []byte
		if err := r.Scan(&f.ID, &f.TurnID, &f.Rating, &f.CitationMarker, &f.Reason, &f.Comment, &f.User, &f.CreatedAt, &f.Question, &raw); err != nil {
			return f, err
		}
		rec, err := letters.DecodeTurnRecord(raw)
		res := rec.Result()
		f.Result = &res
		return f, err
	})
	return out, wrap("feedback", err)
}

// StartConversation creates a conversation with its first turn in one
// transaction and returns both ids.
func (db *DB) StartConversation(ctx context.Context, user, title, question string, rec letters.TurnRecord) (string, int64, error) {
	id := uuid.NewString()
	b, err := json.Marshal(rec)
	if err != nil {
		return "", 0, err
	}
	var turn int64
	err = db.pool.QueryRow(ctx, `WITH c AS (INSERT INTO conversations (id, user_name, title) VALUES ($1, $2, $3) RETURNING id)
		INSERT INTO turns (conversation_id, question, result, user_name) SELECT c.id, $4, $5, $2 FROM c RETURNING id`,
		id, user, title, question, b).Scan(&turn)
	return id, turn, wrap("start conversation", err)
}

// Conversations lists a user's conversations, the latest asked in first;
// with q, only those whose title, questions or answers contain it (any
// case). At most limit.
func (db *DB) Conversations(ctx context.Context, user, q string, limit int) ([]letters.ConversationSummary, error) {
	like := "%" + strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(q) + "%"
	rows, err := db.pool.Query(ctx, `SELECT c.id::text, c.title, c.created_at, max(t.created_at), count(t.id)
		FROM conversations c JOIN turns t ON t.conversation_id = c.id
		WHERE c.user_name = $1 AND ($2 = '' OR c.title ILIKE $3 OR EXISTS (
			SELECT 1 FROM turns m WHERE m.conversation_id = c.id AND (m.question ILIKE $3 OR m.result->>'answer' ILIKE $3)))
		GROUP BY c.id ORDER BY max(t.created_at) DESC, c.id LIMIT $4`, user, q, like, limit)
	if err != nil {
		return nil, wrap("conversations", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (letters.ConversationSummary, error) {
		var c letters.ConversationSummary
		err := r.Scan(&c.ID, &c.Title, &c.CreatedAt, &c.UpdatedAt, &c.Turns)
		return c, err
	})
	if out == nil {
		out = []letters.ConversationSummary{}
	}
	return out, wrap("conversations", err)
}

// DeleteConversation deletes a conversation with its turns and their
// feedback (rag.ErrNotFound when there is none).
func (db *DB) DeleteConversation(ctx context.Context, id string) error {
	id, err := checkConversationID(id)
	if err != nil {
		return err
	}
	tag, err := db.pool.Exec(ctx, `DELETE FROM conversations WHERE id = $1`, id)
	if err != nil {
		return wrap("delete conversation", err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("conversation %s: %w", id, letters.ErrNotFound)
	}
	return nil
}
