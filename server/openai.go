package server

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/letters-app/letters"
	"github.com/letters-app/letters/internal/chat"

	"github.com/labstack/echo/v4"
)

// OpenAI-compatible chat completions, so existing chat clients can use the
// service. The model names pick the answerer: "letters" (the default
// answerer), "letters-extractive", "letters-llm".

type chatMessage struct {
	Role    string `json:"role"`
	Content string `json:"content"`
	Name    string `json:"name,omitempty"`
}

type chatRequest struct {
	Model            string         `json:"model"`
	Messages         []chatMessage  `json:"messages"`
	Stream           bool           `json:"stream"`
	Temperature      *float64       `json:"temperature,omitempty"`
	TopP             *float64       `json:"top_p,omitempty"`
	MaxTokens        *int           `json:"max_tokens,omitempty"`
	MaxCompletion    *int           `json:"max_completion_tokens,omitempty"`
	N                *int           `json:"n,omitempty"`
	User             string         `json:"user,omitempty"`
	StreamOptions    map[string]any `json:"stream_options,omitempty"`
	Stop             any            `json:"stop,omitempty"`
	PresencePenalty  *float64       `json:"presence_penalty,omitempty"`
	FrequencyPenalty *float64       `json:"frequency_penalty,omitempty"`
	Seed             *int           `json:"seed,omitempty"`
	// ConversationID (an extension) continues a stored conversation: its
	// turns are the history (the earlier messages are then ignored) and
	// the answer is added to it. Without it the earlier messages are the
	// history and the exchange is stored as a new conversation; either
	// way the response names the conversation and turn.
	ConversationID string `json:"conversation_id,omitempty"`
}

func (s *Server) modelNames() []string {
	out := []string{"letters"}
	for _, a := range s.ask.Answerers() {
		out = append(out, "letters-"+a)
	}
	return out
}

func (s *Server) models(c echo.Context) error {
	var data []map[string]any
	for _, m := range s.modelNames() {
		data = append(data, map[string]any{"id": m, "object": "model", "created": 1767225600, "owned_by": "letters"})
	}
	return c.JSON(http.StatusOK, map[string]any{"object": "list", "data": data})
}

// References renders a result's citations as the numbered list appended to
// the message content, each saying whether its paragraph supports the
// sentence that cites it, and how well (the support score).
func References(res letters.Result) string {
	if len(res.Citations) == 0 && !(res.Refused && len(res.Passages) > 0) {
		return ""
	}
	var b strings.Builder
	if res.Refused {
		b.WriteString("\n\nClosest passages:\n")
		for i, p := range res.Passages {
			fmt.Fprintf(&b, "%d. %s (%s), ¶%s: \"%s\"\n", i+1, p.Document.Title, p.Document.Date, strings.TrimPrefix(p.Label, "¶"), clip(p.Text, 300))
		}
		return b.String()
	}
	b.WriteString("\n\nReferences:\n")
	for _, c := range res.Citations {
		support := fmt.Sprintf("supported %.2f", c.Support)
		if !c.Supported {
			support = fmt.Sprintf("UNSUPPORTED: the paragraph does not say this; support %.2f", c.Support)
		}
		fmt.Fprintf(&b, "[%d] %s (%s), ¶%s: \"%s\" (%s)\n", c.Marker, c.Document.Title, c.Document.Date, strings.TrimPrefix(c.Label, "¶"), clip(c.Quote, 300), support)
	}
	return b.String()
}

func (s *Server) chatCompletions(c echo.Context) error {
	var req chatRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	answerer := ""
	switch {
	case req.Model == "" || req.Model == "letters":
	case strings.HasPrefix(req.Model, "letters-"):
		answerer = strings.TrimPrefix(req.Model, "letters-")
	default:
		return &apiError{http.StatusNotFound, "model_not_found", fmt.Sprintf("unknown model %q; see /v1/models", clip(req.Model, 60))}
	}
	if len(req.Messages) == 0 {
		return badRequest("messages is empty")
	}
	last := req.Messages[len(req.Messages)-1]
	if last.Role != "user" {
		return badRequest("the last message must be from the user")
	}
	ar := AskRequest{Question: last.Content, Answerer: answerer}
	f, err := ar.validate()
	if err != nil {
		return err
	}
	rr := chat.Request{User: user(c), ConversationID: req.ConversationID, Question: ar.Question, Filter: f, Answerer: answerer}
	if rr.ConversationID != "" {
		if err := s.chat.CanAsk(c.Request().Context(), rr.User, rr.ConversationID); err != nil {
			return err
		}
	}
	// earlier user/assistant pairs are the conversation
	var pending string
	for _, m := range req.Messages[:len(req.Messages)-1] {
		switch m.Role {
		case "user":
			pending = m.Content
		case "assistant":
			if pending != "" {
				ans := m.Content
				if i := strings.Index(ans, "\n\nReferences:"); i >= 0 {
					ans = ans[:i]
				}
				rr.History = append(rr.History, letters.Turn{Question: pending, Answer: ans})
				pending = ""
			}
		}
	}
	id := "chatcmpl-" + c.Response().Header().Get(echo.HeaderXRequestID)
	created := time.Now().Unix()
	model := orDefault(req.Model, "letters")
	if !req.Stream {
		res, err := s.chat.Ask(c.Request().Context(), rr)
		if err != nil {
			return err
		}
		s.answered(c, rr.Question, res)
		content := res.Answer + References(res)
		cits := res.Citations
		if cits == nil {
			cits = []letters.Citation{}
		}
		return c.JSON(http.StatusOK, map[string]any{
			"id": id, "object": "chat.completion", "created": created, "model": model,
			"citations":       cits,                                      // an extension: each with supported and support
			"conversation_id": res.ConversationID, "turn_id": res.TurnID, // extensions
			"choices": []any{map[string]any{"index": 0, "finish_reason": "stop",
				"message": map[string]any{"role": "assistant", "content": content}}},
			"usage": map[string]int{"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
		})
	}
	s.streams.Add(1)
	defer s.streams.Done()
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Accel-Buffering", "no")
	c.Response().WriteHeader(http.StatusOK)
	w := &sse{w: c.Response()}
	chunk := func(delta map[string]any, finish any) {
		if w.err != nil {
			return
		}
		b := map[string]any{"id": id, "object": "chat.completion.chunk", "created": created, "model": model,
			"choices": []any{map[string]any{"index": 0, "delta": delta, "finish_reason": finish}}}
		w.data(b)
	}
	chunk(map[string]any{"role": "assistant", "content": ""}, nil)
	rr.OnToken = func(t string) { chunk(map[string]any{"content": t}, nil) }
	res, err := s.chat.Ask(c.Request().Context(), rr)
	if err != nil {
		if c.Request().Context().Err() == nil {
			_, code, msg := classify(err)
			w.data(map[string]any{"error": map[string]string{"code": code, "message": msg}})
		}
		return nil
	}
	s.answered(c, rr.Question, res)
	if refs := References(res); refs != "" {
		chunk(map[string]any{"content": refs}, nil)
	}
	if w.err == nil { // the last chunk names the stored conversation and turn (extensions)
		w.data(map[string]any{"id": id, "object": "chat.completion.chunk", "created": created, "model": model,
			"choices":         []any{map[string]any{"index": 0, "delta": map[string]any{}, "finish_reason": "stop"}},
			"conversation_id": res.ConversationID, "turn_id": res.TurnID})
	}
	if w.err == nil {
		fmt.Fprint(w.w, "data: [DONE]\n\n")
		w.w.Flush()
	}
	return nil
}
