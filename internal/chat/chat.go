// Package chat is the conversation service every entry point uses (the
// JSON API, the /api/chat stream, the OpenAI-compatible /v1 endpoint and
// `letters ask`): load the conversation's history, check that the asker may
// use it, ask, and store the turn as a versioned record. Ownership is
// decided here and nowhere else.
package chat

import (
	"context"
	"fmt"

	"github.com/letters-app/letters"
	"github.com/letters-app/letters/rag"
)

// Asker answers one question (the rag service).
type Asker interface {
	Ask(ctx context.Context, req rag.Request) (letters.Result, error)
}

// Store keeps conversations and their turns (the store package).
type Store interface {
	Conversation(ctx context.Context, id string) (letters.Conversation, error)
	StartConversation(ctx context.Context, user, title, question string, rec letters.TurnRecord) (string, int64, error)
	AddTurn(ctx context.Context, conversationID, question string, rec letters.TurnRecord) (int64, error)
	TurnOwner(ctx context.Context, turnID int64) (string, error)
	DeleteConversation(ctx context.Context, id string) error
}

// Policy is who may use which conversation.
type Policy struct {
	// Shared: no access control is configured, so every conversation is
	// everyone's (a single-user or trusted deployment).
	Shared bool
	// Admins may read every user's conversations, but not append to,
	// rate or delete them.
	Admins []string
}

// Service is the conversation service.
type Service struct {
	ask    Asker
	st     Store
	shared bool
	admins map[string]bool
}

// New returns the service.
func New(ask Asker, st Store, p Policy) *Service {
	s := &Service{ask: ask, st: st, shared: p.Shared, admins: map[string]bool{}}
	for _, a := range p.Admins {
		s.admins[a] = true
	}
	return s
}

// Request is one question in a conversation.
type Request struct {
	User           string // the signed-in user ("" without access control)
	ConversationID string // "" starts a new conversation
	Question       string
	Filter         letters.Filter // the filters the user chose
	Answerer       string
	// History is the conversation as the client keeps it, for a stateless
	// client (the OpenAI protocol) that names no ConversationID; ignored
	// when ConversationID is set, whose stored turns are the history.
	History []letters.Turn
	// Ephemeral: answer without storing the turn.
	Ephemeral bool
	OnToken   func(string) // streamed answer text
	OnReset   func()       // the streamed text is discarded (a fallback answer follows)
}

// TitleLength is how many characters of its first question title a conversation.
const TitleLength = 120

// CanAsk checks, before any answer is started, that the user may ask in
// the conversation (theirs, and not full); a stream uses it to answer
// with an HTTP status rather than an event. Ask checks again.
func (s *Service) CanAsk(ctx context.Context, user, conversationID string) error {
	_, err := s.history(ctx, user, conversationID)
	return err
}

// history loads a conversation the user may append to.
func (s *Service) history(ctx context.Context, user, conversationID string) ([]letters.Turn, error) {
	conv, err := s.st.Conversation(ctx, conversationID)
	if err != nil {
		return nil, err
	}
	if err := s.authorize(user, conv.User, true); err != nil {
		return nil, err
	}
	if len(conv.Turns) >= letters.MaxTurns {
		return nil, letters.ErrConversationFull
	}
	return conv.History(), nil
}

// Ask answers req.Question in its conversation and stores the turn. The
// result carries the conversation and turn ids (none when Ephemeral).
func (s *Service) Ask(ctx context.Context, req Request) (letters.Result, error) {
	rr := rag.Request{Question: req.Question, Filter: req.Filter, Answerer: req.Answerer,
		History: req.History, OnToken: req.OnToken, OnReset: req.OnReset}
	if req.ConversationID != "" {
		h, err := s.history(ctx, req.User, req.ConversationID)
		if err != nil {
			return letters.Result{}, err
		}
		rr.History = h
	}
	res, err := s.ask.Ask(ctx, rr)
	if err != nil {
		return res, err
	}
	if !req.Filter.IsZero() {
		f := req.Filter
		res.Record.Requested = &f // shown on the turn, and kept for the shared link
	}
	if req.Ephemeral {
		return res, nil
	}
	rec := letters.NewTurnRecord(res)
	if req.ConversationID == "" {
		res.ConversationID, res.TurnID, err = s.st.StartConversation(ctx, req.User, clip(req.Question, TitleLength), req.Question, rec)
	} else {
		res.ConversationID = req.ConversationID
		res.TurnID, err = s.st.AddTurn(ctx, req.ConversationID, req.Question, rec)
	}
	if err != nil {
		return letters.Result{}, fmt.Errorf("chat: saving the turn: %w", err)
	}
	return res, nil
}

// Conversation returns a conversation the user may read.
func (s *Service) Conversation(ctx context.Context, user, id string) (letters.Conversation, error) {
	conv, err := s.st.Conversation(ctx, id)
	if err != nil {
		return conv, err
	}
	if err := s.authorize(user, conv.User, false); err != nil {
		return letters.Conversation{}, err
	}
	return conv, nil
}

// Delete deletes a conversation the user owns.
func (s *Service) Delete(ctx context.Context, user, id string) (letters.Conversation, error) {
	conv, err := s.st.Conversation(ctx, id)
	if err != nil {
		return conv, err
	}
	if err := s.authorize(user, conv.User, true); err != nil {
		return letters.Conversation{}, err
	}
	return conv, s.st.DeleteConversation(ctx, conv.ID)
}

// AuthorizeTurn checks that the user may write about a turn (rate it,
// report one of its citations).
func (s *Service) AuthorizeTurn(ctx context.Context, user string, turnID int64) error {
	owner, err := s.st.TurnOwner(ctx, turnID)
	if err != nil {
		return err
	}
	return s.authorize(user, owner, true)
}

// authorize is the one ownership rule: a user may read and write what they
// own, an admin may also read anything, and without access control
// everything is shared. Anything else is not found, exactly as if it did
// not exist (so ids cannot be probed).
func (s *Service) authorize(user, owner string, write bool) error {
	if s.shared {
		return nil
	}
	if user == owner {
		// (a conversation begun without a user, from the command line,
		// is continued without one: the hint `letters ask` prints works)
		return nil
	}
	if !write && user != "" && s.admins[user] {
		return nil
	}
	return fmt.Errorf("owned by another user: %w", letters.ErrNotFound)
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
