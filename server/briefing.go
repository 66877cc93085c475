package server

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/letters-app/letters"

	"github.com/labstack/echo/v4"

	"github.com/letters-app/letters/internal/briefdoc"
	"github.com/letters-app/letters/rag"
)

// Briefer makes councils' briefings, timelines and what-changed (the rag
// service does).
type Briefer interface {
	Councils(ctx context.Context) ([]letters.Council, error)
	Brief(ctx context.Context, req rag.BriefRequest) (rag.Briefing, error)
	Timeline(ctx context.Context, council string) (rag.Timeline, error)
	Changes(ctx context.Context, req rag.ChangesRequest) (rag.Changes, error)
}

// briefingRoutes adds the councils API and the briefing pages.
func (s *Server) briefingRoutes(api *echo.Group, page echo.HandlerFunc) {
	api.GET("/councils", s.councilsHandler)
	api.GET("/councils/:id/briefing", s.briefingHandler)
	api.GET("/councils/:id/timeline", s.timelineHandler)
	api.GET("/councils/:id/changes", s.changesHandler)
	// pages answer HEAD too, as the others do
	s.e.Match([]string{http.MethodGet, http.MethodHead}, "/briefing", page)
	s.e.Match([]string{http.MethodGet, http.MethodHead}, "/briefing/:id", page)
}

func (s *Server) briefer() (Briefer, error) {
	b, ok := s.ask.(Briefer)
	if !ok {
		return nil, fmt.Errorf("server: briefings: %w", letters.ErrUnavailable)
	}
	return b, nil
}

func (s *Server) councilsHandler(c echo.Context) error {
	b, err := s.briefer()
	if err != nil {
		return err
	}
	cs, err := b.Councils(c.Request().Context())
	if err != nil {
		return err
	}
	if cs == nil {
		cs = []letters.Council{}
	}
	return c.JSON(http.StatusOK, map[string]any{"councils": cs})
}

// dateParam reads an optional YYYY-MM-DD query parameter.
func dateParam(c echo.Context, name string) (*time.Time, error) {
	v := c.QueryParam(name)
	if v == "" {
		return nil, nil
	}
	t, err := time.Parse("2006-01-02", v)
	if err != nil {
		return nil, badRequest(name + ": want a date as YYYY-MM-DD")
	}
	return &t, nil
}

func councilParam(c echo.Context) (string, error) {
	id := c.Param("id")
	if err := checkText("council", id, 200); err != nil {
		return "", err
	}
	return id, nil
}

func (s *Server) briefingHandler(c echo.Context) error {
	b, err := s.briefer()
	if err != nil {
		return err
	}
	id, err := councilParam(c)
	if err != nil {
		return err
	}
	req := rag.BriefRequest{Council: id, Document: c.QueryParam("document")}
	switch v := c.QueryParam("summaries"); v {
	case "", "false", "0":
	case "true", "1":
		req.Summaries = true
	default:
		return badRequest("summaries: want true or false")
	}
	if req.From, err = dateParam(c, "from"); err != nil {
		return err
	}
	if req.To, err = dateParam(c, "to"); err != nil {
		return err
	}
	if err := checkText("document", req.Document, 200); err != nil {
		return err
	}
	format := c.QueryParam("format")
	if format != "" && format != "json" && !slices.Contains(briefdoc.Formats, format) {
		return badRequest("format: want json, " + strings.Join(briefdoc.Formats, ", "))
	}
	ctx := c.Request().Context()
	br, err := b.Brief(ctx, req)
	if err != nil {
		return err
	}
	if format == "" || format == "json" {
		return c.JSON(http.StatusOK, br)
	}
	// a document to take away: the briefing with the council's timeline and
	// what changed between its latest two documents of a kind
	pack := briefdoc.Pack{Briefing: br, Link: pageURL(c, br.Council.ID)}
	tl, err := b.Timeline(ctx, id)
	if err != nil {
		return err
	}
	pack.Timeline = &tl
	if ch, err := b.Changes(ctx, rag.ChangesRequest{Council: id}); err == nil {
		pack.Changes = &ch
	}
	var buf bytes.Buffer
	if err := briefdoc.Write(&buf, format, pack); err != nil {
		return err
	}
	types := map[string]string{"md": "text/markdown; charset=utf-8", "html": "text/html; charset=utf-8",
		"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "pdf": "application/pdf"}
	c.Response().Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="briefing-%s-%s.%s"`, br.Council.ID, br.Generated, format))
	return c.Blob(http.StatusOK, types[format], buf.Bytes())
}

// pageURL is the briefing page's address as the client asked for it.
func pageURL(c echo.Context, id string) string {
	return c.Scheme() + "://" + c.Request().Host + "/briefing/" + id
}

func (s *Server) timelineHandler(c echo.Context) error {
	b, err := s.briefer()
	if err != nil {
		return err
	}
	id, err := councilParam(c)
	if err != nil {
		return err
	}
	tl, err := b.Timeline(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, tl)
}

func (s *Server) changesHandler(c echo.Context) error {
	b, err := s.briefer()
	if err != nil {
		return err
	}
	id, err := councilParam(c)
	if err != nil {
		return err
	}
	req := rag.ChangesRequest{Council: id, From: c.QueryParam("from"), To: c.QueryParam("to")}
	for name, v := range map[string]string{"from": req.From, "to": req.To} {
		if err := checkText(name, v, 200); err != nil {
			return err
		}
	}
	ch, err := b.Changes(c.Request().Context(), req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, ch)
}
