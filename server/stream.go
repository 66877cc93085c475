package server

import (
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"
)

// sse writes Server-Sent Events.
type sse struct {
	w   *echo.Response
	err error
}

func startSSE(c echo.Context) *sse {
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Accel-Buffering", "no") // nginx: do not buffer the stream
	c.Response().WriteHeader(http.StatusOK)
	c.Response().Flush()
	return &sse{w: c.Response()}
}

// send writes one event with a JSON payload; after a write error (the
// client went away) it writes nothing more.
func (s *sse) send(event string, v any) {
	if s.err != nil {
		return
	}
	b, err := json.Marshal(v)
	if err != nil {
		s.err = err
		return
	}
	if _, err := fmt.Fprintf(s.w, "event: %s\ndata: %s\n\n", event, b); err != nil {
		s.err = err
		return
	}
	s.w.Flush()
}

// chatHandler answers as an SSE stream: "meta", then "token" events (answer
// text, markers complete), "reset" if a model failed and the fallback
// restarts the text, one "citation" event per citation, and "done" with the
// whole answer; or "error".
func (s *Server) chatHandler(c echo.Context) error {
	var req AskRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	cr, err := s.chatRequest(c, &req)
	if err != nil {
		return err
	}
	if cr.ConversationID != "" {
		if err := s.chat.CanAsk(c.Request().Context(), cr.User, cr.ConversationID); err != nil {
			return err
		}
	}
	s.streams.Add(1)
	defer s.streams.Done()
	out := startSSE(c)
	out.send("meta", map[string]any{"conversation_id": req.ConversationID, "answerer": orDefault(req.Answerer, s.ask.DefaultAnswerer())})
	cr.OnToken = func(t string) { out.send("token", map[string]string{"text": t}) }
	cr.OnReset = func() { out.send("reset", map[string]string{}) }
	res, err := s.chat.Ask(c.Request().Context(), cr)
	if err == nil {
		saved := s.answered(c, req.Question, res)
		for _, cit := range saved.Citations {
			out.send("citation", cit)
		}
		out.send("done", saved)
		return nil
	}
	if c.Request().Context().Err() != nil {
		return nil // the client went away
	}
	status, code, msg := classify(err)
	if status >= 500 {
		s.log.Error("chat failed", "err", err)
	}
	out.send("error", map[string]any{"error": map[string]string{"code": code, "message": msg}, "status": status})
	return nil
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// data writes an unnamed event (the OpenAI streaming format).
func (s *sse) data(v any) {
	if s.err != nil {
		return
	}
	b, err := json.Marshal(v)
	if err != nil {
		s.err = err
		return
	}
	if _, err := fmt.Fprintf(s.w, "data: %s\n\n", b); err != nil {
		s.err = err
		return
	}
	s.w.Flush()
}
