package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/letters-app/letters"

	"github.com/labstack/echo/v4"

	"github.com/letters-app/letters/evals"
	"github.com/letters-app/letters/internal/chat"
)

// Filters is the API form of rag.Filter.
type Filters struct {
	Authorities []string `json:"authorities,omitempty"`
	Kinds       []string `json:"kinds,omitempty"`
	From        string   `json:"from,omitempty"` // YYYY-MM-DD
	To          string   `json:"to,omitempty"`
}

// AskRequest is the body of /api/ask and /api/chat.
type AskRequest struct {
	Question       string  `json:"question"`
	ConversationID string  `json:"conversation_id,omitempty"`
	Filters        Filters `json:"filters"`
	Answerer       string  `json:"answerer,omitempty"`
}

const (
	maxQuestion = 2000
	maxFilter   = 20  // values per filter list
	maxValueLen = 100 // characters per filter value
)

// bindJSON reads a JSON body strictly: right content type, valid UTF-8,
// one object, no unknown fields.
func bindJSON(c echo.Context, dst any) error {
	ct := c.Request().Header.Get(echo.HeaderContentType)
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil || mt != "application/json" {
		return &apiError{http.StatusUnsupportedMediaType, "unsupported_media_type", "send the body as application/json"}
	}
	body, err := io.ReadAll(c.Request().Body)
	if err != nil {
		var he *echo.HTTPError
		if errors.As(err, &he) {
			return &apiError{http.StatusRequestEntityTooLarge, "too_large", "the request body is too large"}
		}
		return badRequest("could not read the request body")
	}
	if !utf8.Valid(body) {
		return badRequest("the request body is not valid UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			return badRequest(fmt.Sprintf("malformed JSON at byte %d", se.Offset))
		case errors.As(err, &te):
			return badRequest(fmt.Sprintf("field %q has the wrong type", te.Field))
		case errors.Is(err, io.EOF):
			return badRequest("the request body is empty")
		case strings.HasPrefix(err.Error(), "json: unknown field"):
			return badRequest(strings.TrimPrefix(err.Error(), "json: "))
		}
		return badRequest("malformed JSON")
	}
	if dec.More() {
		return badRequest("the body must hold one JSON object")
	}
	return nil
}

func checkText(field, s string, max int) error {
	if utf8.RuneCountInString(s) > max {
		return badRequest(fmt.Sprintf("%s is longer than %d characters", field, max))
	}
	for _, r := range s {
		if unicode.IsControl(r) && r != '\n' && r != '\t' && r != '\r' {
			return badRequest(field + " contains control characters")
		}
	}
	return nil
}

func (r *AskRequest) validate() (letters.Filter, error) {
	r.Question = strings.TrimSpace(r.Question)
	if r.Question == "" {
		return letters.Filter{}, badRequest("question is empty")
	}
	if err := checkText("question", r.Question, maxQuestion); err != nil {
		return letters.Filter{}, err
	}
	return r.Filters.toFilter()
}

func (f Filters) toFilter() (letters.Filter, error) {
	var out letters.Filter
	if len(f.Authorities) > maxFilter || len(f.Kinds) > maxFilter {
		return out, badRequest(fmt.Sprintf("at most %d values per filter", maxFilter))
	}
	for _, a := range f.Authorities {
		if err := checkText("authority", a, maxValueLen); err != nil {
			return out, err
		}
		if a = strings.TrimSpace(a); a != "" {
			out.Authorities = append(out.Authorities, a)
		}
	}
	for _, k := range f.Kinds {
		if k == "" {
			continue
		}
		if !letters.IsKind(k) {
			return out, badRequest(fmt.Sprintf("unknown document kind %q", clip(k, 40)))
		}
		out.Kinds = append(out.Kinds, k)
	}
	for _, d := range []struct {
		s   string
		dst **time.Time
	}{{f.From, &out.From}, {f.To, &out.To}} {
		if d.s == "" {
			continue
		}
		t, err := time.Parse("2006-01-02", d.s)
		if err != nil {
			return out, badRequest(fmt.Sprintf("date %q is not YYYY-MM-DD", clip(d.s, 20)))
		}
		*d.dst = &t
	}
	if out.From != nil && out.To != nil && out.To.Before(*out.From) {
		return out, badRequest("the date range ends before it starts")
	}
	return out, nil
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// ConversationView is a conversation as the API shows it: each stored
// turn's record as the answer (Result) it was.
type ConversationView struct {
	ID        string     `json:"id"`
	User      string     `json:"user"`
	Title     string     `json:"title"`
	CreatedAt time.Time  `json:"created_at"`
	Turns     []TurnView `json:"turns"`
}

// TurnView is one turn of a ConversationView.
type TurnView struct {
	ID        int64          `json:"id"`
	User      string         `json:"user"`
	Question  string         `json:"question"`
	Result    letters.Result `json:"result"`
	CreatedAt time.Time      `json:"created_at"`
}

func conversationView(c letters.Conversation) ConversationView {
	v := ConversationView{ID: c.ID, User: c.User, Title: c.Title, CreatedAt: c.CreatedAt, Turns: make([]TurnView, 0, len(c.Turns))}
	for _, t := range c.Turns {
		res := t.Record.Result()
		res.ConversationID, res.TurnID = c.ID, t.ID
		v.Turns = append(v.Turns, TurnView{ID: t.ID, User: t.User, Question: t.Question, Result: res, CreatedAt: t.CreatedAt})
	}
	return v
}

// AskResponse is a result with its conversation.
type AskResponse struct {
	letters.Result
	ConversationID string `json:"conversation_id"`
	TurnID         int64  `json:"turn_id"`
}

// chatRequest validates an API request and makes it the chat service's.
func (s *Server) chatRequest(c echo.Context, req *AskRequest) (chat.Request, error) {
	f, err := req.validate()
	if err != nil {
		return chat.Request{}, err
	}
	if s.cfg.LogQuestions {
		s.log.Debug("question", "q", req.Question, "request_id", c.Response().Header().Get(echo.HeaderXRequestID))
	}
	return chat.Request{User: user(c), ConversationID: req.ConversationID, Question: req.Question, Filter: f, Answerer: req.Answerer}, nil
}

// answered counts and audits an answer the chat service gave and stored.
func (s *Server) answered(c echo.Context, question string, res letters.Result) AskResponse {
	s.metrics.result(res)
	s.audit(c, res.ConversationID, res.TurnID, question)
	return AskResponse{Result: res, ConversationID: res.ConversationID, TurnID: res.TurnID}
}

// audit records who asked (or read) what: the user, the route, the
// conversation and turn, and the question only with Config.AuditQuestions.
// A failure to write it is logged, and the answer still given.
func (s *Server) audit(c echo.Context, conversationID string, turnID int64, question string) {
	e := letters.AuditEntry{User: user(c), Route: c.Request().Method + " " + c.Path(), ConversationID: conversationID, TurnID: turnID}
	if s.cfg.AuditQuestions {
		e.Question = question
	}
	if err := s.st.AddAudit(context.WithoutCancel(c.Request().Context()), e); err != nil {
		s.log.Error("audit log", "err", err, "route", e.Route, "request_id", c.Response().Header().Get(echo.HeaderXRequestID))
	}
}

// user is the authenticated user's name ("" until access control is configured).
func user(c echo.Context) string {
	if u, ok := c.Get("user").(string); ok {
		return u
	}
	return ""
}

func (s *Server) askHandler(c echo.Context) error {
	var req AskRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	cr, err := s.chatRequest(c, &req)
	if err != nil {
		return err
	}
	res, err := s.chat.Ask(c.Request().Context(), cr)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.answered(c, req.Question, res))
}

func (s *Server) searchHandler(c echo.Context) error {
	q := strings.TrimSpace(c.QueryParam("q"))
	if q == "" {
		return badRequest("q is empty")
	}
	if err := checkText("q", q, maxQuestion); err != nil {
		return err
	}
	k := 10
	if ks := c.QueryParam("k"); ks != "" {
		n, err := strconv.Atoi(ks)
		if err != nil || n < 1 || n > 50 {
			return badRequest("k must be a whole number from 1 to 50")
		}
		k = n
	}
	f, err := Filters{Authorities: c.QueryParams()["authority"], Kinds: c.QueryParams()["kind"],
		From: c.QueryParam("from"), To: c.QueryParam("to")}.toFilter()
	if err != nil {
		return err
	}
	ps, err := s.ask.Search(c.Request().Context(), q, f, k)
	if err != nil {
		return err
	}
	if ps == nil {
		ps = []letters.Passage{}
	}
	return c.JSON(http.StatusOK, map[string]any{"query": q, "passages": ps})
}

func (s *Server) documentsHandler(c echo.Context) error {
	docs, err := s.st.Documents(c.Request().Context())
	if err != nil {
		return err
	}
	if docs == nil {
		docs = []letters.Document{}
	}
	return c.JSON(http.StatusOK, map[string]any{"documents": docs})
}

func idParam(c echo.Context) (int64, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id < 1 {
		return 0, notFound("no such id")
	}
	return id, nil
}

func (s *Server) documentHandler(c echo.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	d, ps, err := s.st.Document(c.Request().Context(), id)
	if err != nil {
		return err
	}
	for i := range ps {
		ps[i].Key = letters.ParagraphKey(d.Slug, ps[i])
	}
	return c.JSON(http.StatusOK, map[string]any{"document": d, "paragraphs": ps})
}

func (s *Server) paragraphHandler(c echo.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	p, err := s.st.Paragraph(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}

func (s *Server) conversationHandler(c echo.Context) error {
	conv, err := s.chat.Conversation(c.Request().Context(), user(c), c.Param("id"))
	if err != nil {
		return err
	}
	out := conversationView(conv)
	if err := s.resolveCitations(c.Request().Context(), out.Turns); err != nil {
		return err
	}
	s.audit(c, conv.ID, 0, "")
	return c.JSON(http.StatusOK, out)
}

// resolveCitations points stored citations at the paragraphs now under
// their keys: a letter re-ingested since gives its paragraphs new ids. A
// citation whose paragraph no longer says what was quoted (or is gone) is
// marked Changed, keeps its quote, and names the current paragraph (or
// document) when there is one.
func (s *Server) resolveCitations(ctx context.Context, turns []TurnView) error {
	var keys []string
	for _, t := range turns {
		for _, c := range t.Result.Citations {
			keys = append(keys, c.Key)
		}
	}
	if len(keys) == 0 {
		return nil
	}
	now, err := s.st.ParagraphsByKey(ctx, keys)
	if err != nil {
		return err
	}
	docs := map[string]int64{}
	for i := range turns {
		for j := range turns[i].Result.Citations {
			c := &turns[i].Result.Citations[j]
			if p, ok := now[c.Key]; ok {
				c.Document.ID = p.DocumentID
				if sameText(p.Text, c.Quote) {
					c.ParagraphID, c.Label = p.ID, p.Label
					continue
				}
				c.Changed, c.CurrentParagraphID = true, p.ID
				continue
			}
			c.Changed = true
			slug, _, _ := strings.Cut(c.Key, "#")
			id, ok := docs[slug]
			if !ok {
				id, err = s.st.CurrentDocument(ctx, slug, c.Document.SourceName)
				if err != nil && !errors.Is(err, letters.ErrNotFound) {
					return err
				}
				docs[slug] = id
			}
			c.Document.ID = id // 0: the letter itself is gone
		}
	}
	return nil
}

// sameText compares a paragraph with a stored quote of it, spacing aside.
func sameText(a, b string) bool {
	return strings.Join(strings.Fields(a), " ") == strings.Join(strings.Fields(b), " ")
}

// meHandler says who the user is and what they may do, for the page.
func (s *Server) meHandler(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string]any{"user": user(c), "admin": s.isAdmin(c), "role": s.role(c)})
}

// isAdmin: an admin (Config.Admins) reviews everyone's feedback; without
// access control (AuthNone) everything is shared, so everyone may.
func (s *Server) isAdmin(c echo.Context) bool {
	if s.cfg.Auth == "" || s.cfg.Auth == AuthNone {
		return true
	}
	u := user(c)
	return u != "" && s.admins[u]
}

// conversationsHandler lists the user's own conversations, the latest
// asked in first, optionally searched (?q=).
func (s *Server) conversationsHandler(c echo.Context) error {
	q := strings.TrimSpace(c.QueryParam("q"))
	if err := checkText("q", q, 200); err != nil {
		return err
	}
	list, err := s.st.Conversations(c.Request().Context(), user(c), q, 200)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"conversations": list})
}

// deleteConversationHandler deletes a conversation: its owner only.
func (s *Server) deleteConversationHandler(c echo.Context) error {
	conv, err := s.chat.Delete(c.Request().Context(), user(c), c.Param("id"))
	if err != nil {
		return err
	}
	s.audit(c, conv.ID, 0, "")
	return c.NoContent(http.StatusNoContent)
}

// feedbackListHandler lists every user's feedback, newest first, with the
// turn's question, answer and citations: admins only.
func (s *Server) feedbackListHandler(c echo.Context) error {
	if !s.isAdmin(c) {
		return fmt.Errorf("feedback review is for admins: %w", letters.ErrForbidden)
	}
	fb, err := s.st.AllFeedback(c.Request().Context())
	if err != nil {
		return err
	}
	slices.Reverse(fb)
	if fb == nil {
		fb = []letters.Feedback{}
	}
	s.audit(c, "", 0, "") // an admin read everyone's questions and answers
	return c.JSON(http.StatusOK, map[string]any{"feedback": fb})
}

// feedbackExportHandler is `letters feedback export`: every feedback row as
// an eval-set line (JSON Lines), admins only.
func (s *Server) feedbackExportHandler(c echo.Context) error {
	if !s.isAdmin(c) {
		return fmt.Errorf("feedback export is for admins: %w", letters.ErrForbidden)
	}
	fb, err := s.st.AllFeedback(c.Request().Context())
	if err != nil {
		return err
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	for _, f := range fb {
		if err := enc.Encode(evals.FromFeedback(f.ID, f.Question, f.Rating, f.CitationMarker, f.Remark(), f.User, f.Result)); err != nil {
			return err
		}
	}
	s.audit(c, "", 0, "")
	c.Response().Header().Set("Content-Disposition", `attachment; filename="letters-feedback.jsonl"`)
	return c.Blob(http.StatusOK, "application/x-ndjson", b.Bytes())
}

// FeedbackRequest is the body of /api/feedback.
type FeedbackRequest struct {
	TurnID         int64  `json:"turn_id"`
	Rating         int    `json:"rating"`                    // -1 (thumbs down), 0, 1 (thumbs up)
	CitationMarker *int   `json:"citation_marker,omitempty"` // "this citation is wrong"
	Reason         string `json:"reason,omitempty"`          // wrong_citation, not_answered, misleading or other
	Comment        string `json:"comment,omitempty"`
}

func (s *Server) feedbackHandler(c echo.Context) error {
	var req FeedbackRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	switch {
	case req.TurnID < 1:
		return badRequest("turn_id is required")
	case req.Rating < -1 || req.Rating > 1:
		return badRequest("rating must be -1, 0 or 1")
	case req.CitationMarker != nil && (*req.CitationMarker < 1 || *req.CitationMarker > 100):
		return badRequest("citation_marker is out of range")
	case req.Rating == 0 && req.CitationMarker == nil && strings.TrimSpace(req.Comment) == "" && req.Reason == "":
		return badRequest("give a rating, a citation marker, a reason or a comment")
	case req.Reason != "" && letters.FeedbackReasons[req.Reason] == "":
		return badRequest("reason must be wrong_citation, not_answered, misleading or other")
	}
	if req.CitationMarker != nil && req.Reason == "" {
		req.Reason = "wrong_citation"
	}
	if err := checkText("comment", req.Comment, 2000); err != nil {
		return err
	}
	if err := s.chat.AuthorizeTurn(c.Request().Context(), user(c), req.TurnID); err != nil {
		return err
	}
	id, err := s.st.AddFeedback(c.Request().Context(), letters.Feedback{TurnID: req.TurnID, Rating: req.Rating,
		CitationMarker: req.CitationMarker, Reason: req.Reason, Comment: req.Comment, User: user(c)})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, map[string]any{"id": id})
}
