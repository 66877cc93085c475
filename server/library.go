package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"

	"github.com/letters-app/letters"

	"github.com/labstack/echo/v4"

	"github.com/letters-app/letters/ingest"
)

// Roles, from least to most: a reader asks and reads; an editor also adds
// letters and corrects their details; an admin also reviews everyone's
// feedback and reads every conversation.
const (
	RoleReader = "reader"
	RoleEditor = "editor"
	RoleAdmin  = "admin"
)

// Ingester runs the ingest pipeline (ingest.Pipeline), as `letters
// ingest` does.
type Ingester interface {
	Run(ctx context.Context, paths []string, opt ingest.Options) (ingest.Summary, error)
}

// role is the user's role: Config.Admins are admins, Config.Editors
// editors, everyone else signed in a reader — whichever way they signed in
// (token, session or proxy header). Without access control (AuthNone)
// everyone is an admin, as everything is shared.
func (s *Server) role(c echo.Context) string {
	if s.cfg.Auth == "" || s.cfg.Auth == AuthNone {
		return RoleAdmin
	}
	switch u := user(c); {
	case u == "":
		return RoleReader
	case s.admins[u]:
		return RoleAdmin
	case s.editors[u]:
		return RoleEditor
	}
	return RoleReader
}

func (s *Server) requireEditor(c echo.Context) error {
	if r := s.role(c); r != RoleEditor && r != RoleAdmin {
		return fmt.Errorf("adding and correcting letters is for editors: %w", letters.ErrForbidden)
	}
	return nil
}

// uploadRoute is the upload's path: its body is bounded by the upload
// limits, not the API's 64 KB, and its time by the ingest, not the request
// timeout.
const uploadRoute = "/api/documents"

func isUpload(c echo.Context) bool {
	return c.Request().Method == http.MethodPost && c.Request().URL.Path == uploadRoute
}

// UploadResult is what happened to one uploaded file.
type UploadResult struct {
	File     string            `json:"file"`
	Status   string            `json:"status"` // added, updated, skipped (unchanged), failed
	Reason   string            `json:"reason,omitempty"`
	Document *letters.Document `json:"document,omitempty"`
}

// uploadHandler takes one or more letters (multipart "files"), saves them
// in Config.UploadDir and ingests them with the same pipeline, limits and
// errors as `letters ingest`; it answers with each file's outcome and the
// details parsed from it.
func (s *Server) uploadHandler(c echo.Context) error {
	if err := s.requireEditor(c); err != nil {
		return err
	}
	if s.cfg.Ingester == nil || s.cfg.UploadDir == "" {
		return &apiError{http.StatusServiceUnavailable, "uploads_off", "adding letters from the web is not set up on this server (--upload-dir)"}
	}
	form, err := c.MultipartForm()
	if err != nil {
		var he *echo.HTTPError
		if errors.As(err, &he) && he.Code == http.StatusRequestEntityTooLarge {
			return &apiError{http.StatusRequestEntityTooLarge, "too_large", s.limitsText()}
		}
		return badRequest("send the letters as multipart/form-data files")
	}
	defer form.RemoveAll()
	files := form.File["files"]
	switch {
	case len(files) == 0:
		return badRequest("choose at least one file")
	case len(files) > s.cfg.MaxUploadFiles:
		return badRequest(fmt.Sprintf("at most %d files at once", s.cfg.MaxUploadFiles))
	}
	if err := os.MkdirAll(s.cfg.UploadDir, 0o755); err != nil {
		return fmt.Errorf("upload folder: %w", err)
	}
	results := make([]UploadResult, len(files))
	var paths []string
	byPath := map[string]int{}
	for i, fh := range files {
		name, err := uploadName(fh.Filename)
		results[i].File = clip(filepath.Base(fh.Filename), 200)
		if err == nil && !ingest.Supported(name) {
			// the command line's error for such a file
			err = fmt.Errorf("%q files: %w", filepath.Ext(name), letters.ErrUnsupportedFormat)
		}
		if err == nil && fh.Size > s.cfg.MaxUploadBytes {
			err = fmt.Errorf("larger than %d MB", s.cfg.MaxUploadBytes>>20)
		}
		if err == nil {
			results[i].File = name
			path := filepath.Join(s.cfg.UploadDir, name)
			if err = saveUpload(fh, path); err == nil {
				paths = append(paths, path)
				byPath[path] = i
			}
		}
		if err != nil {
			results[i].Status, results[i].Reason = "failed", err.Error()
		}
	}
	if len(paths) > 0 {
		// the same run as the command line's, with its limits; one failed
		// file does not stop the others
		ctx, cancel := context.WithTimeout(c.Request().Context(), time.Duration(len(paths))*s.cfg.ExtractTimeout+time.Minute)
		defer cancel()
		sum, err := s.cfg.Ingester.Run(ctx, paths, ingest.Options{Limits: ingest.Limits{MaxFileSize: s.cfg.MaxUploadBytes, ExtractTimeout: s.cfg.ExtractTimeout}})
		if err != nil && !errors.Is(err, ingest.ErrSomeFailed) {
			return err
		}
		// each file's document: its own (by absolute path, the document's
		// identity), or, for a copy of a letter already in the library
		// (skipped), that letter's
		docPath := map[int]string{}
		copyOf := map[int]bool{}
		for _, f := range sum.PerFile {
			if i, ok := byPath[f.Path]; ok {
				results[i].Status = f.Status
				if f.SameAs != "" {
					docPath[i], copyOf[i] = f.SameAs, true
				} else if abs, err := filepath.Abs(f.Path); err == nil {
					docPath[i] = abs
				}
			}
		}
		for _, f := range sum.Failures {
			if i, ok := byPath[f.Path]; ok {
				results[i].Status, results[i].Reason = "failed", f.Reason
				delete(docPath, i)
			}
		}
		var lookup []string
		for _, p := range docPath {
			lookup = append(lookup, p)
		}
		docs, err := s.st.DocumentsByPath(c.Request().Context(), lookup)
		if err != nil {
			return err
		}
		for i, p := range docPath {
			d, ok := docs[p]
			if !ok {
				continue
			}
			results[i].Document = &d
			if copyOf[i] {
				results[i].Reason = "the same text as " + d.SourceName + ", already in the library"
			}
		}
	}
	s.log.Info("upload", "user", user(c), "files", len(files), "ingested", len(paths))
	return c.JSON(http.StatusOK, map[string]any{"results": results})
}

func (s *Server) limitsText() string {
	return fmt.Sprintf("send at most %d files of up to %d MB each", s.cfg.MaxUploadFiles, s.cfg.MaxUploadBytes>>20)
}

// uploadName is the name an uploaded file is saved (and known) under: its
// base name, refused when it is empty, hidden, or holds control or path
// characters.
func uploadName(name string) (string, error) {
	name = filepath.Base(strings.ReplaceAll(name, `\`, "/"))
	if name == "" || name == "." || name == ".." || strings.HasPrefix(name, ".") || len(name) > 200 {
		return "", errors.New("the file has no usable name")
	}
	for _, r := range name {
		if unicode.IsControl(r) || r == '/' || r == ':' {
			return "", errors.New("the file's name holds characters a file name cannot")
		}
	}
	return name, nil
}

func saveUpload(fh *multipart.FileHeader, path string) error {
	src, err := fh.Open()
	if err != nil {
		return errors.New("the upload could not be read")
	}
	defer src.Close()
	tmp, err := os.CreateTemp(filepath.Dir(path), ".upload-*")
	if err != nil {
		return fmt.Errorf("saving the file: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := io.Copy(tmp, src); err != nil {
		tmp.Close()
		return fmt.Errorf("saving the file: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("saving the file: %w", err)
	}
	return os.Rename(tmp.Name(), path) // a replaced letter is swapped whole
}

// CorrectRequest is the body of PATCH /api/documents/{id}: the details to
// correct (absent: unchanged).
type CorrectRequest struct {
	Title      *string `json:"title,omitempty"`
	Kind       *string `json:"kind,omitempty"`
	Authority  *string `json:"authority,omitempty"`
	LetterDate *string `json:"letter_date,omitempty"`
	VisitStart *string `json:"visit_start,omitempty"`
	VisitEnd   *string `json:"visit_end,omitempty"`
}

// correctHandler corrects a document's parsed details (editors); the
// corrections are kept when the letter is ingested again.
func (s *Server) correctHandler(c echo.Context) error {
	if err := s.requireEditor(c); err != nil {
		return err
	}
	id, err := idParam(c)
	if err != nil {
		return err
	}
	var req CorrectRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	var f letters.DocumentFields
	for _, t := range []struct {
		name string
		in   *string
		out  **string
		max  int
	}{{"title", req.Title, &f.Title, 300}, {"authority", req.Authority, &f.Authority, maxValueLen}} {
		if t.in == nil {
			continue
		}
		v := strings.TrimSpace(*t.in)
		if v == "" {
			return badRequest(t.name + " cannot be empty")
		}
		if err := checkText(t.name, v, t.max); err != nil {
			return err
		}
		*t.out = &v
	}
	if req.Kind != nil {
		if !letters.IsKind(*req.Kind) {
			return badRequest(fmt.Sprintf("unknown document kind %q", clip(*req.Kind, 40)))
		}
		f.Kind = req.Kind
	}
	for _, d := range []struct {
		name string
		in   *string
		out  **time.Time
	}{{"letter_date", req.LetterDate, &f.LetterDate}, {"visit_start", req.VisitStart, &f.VisitStart}, {"visit_end", req.VisitEnd, &f.VisitEnd}} {
		if d.in == nil || *d.in == "" {
			continue
		}
		t, err := time.Parse("2006-01-02", *d.in)
		if err != nil {
			return badRequest(d.name + " must be a date, YYYY-MM-DD")
		}
		*d.out = &t
	}
	doc, err := s.st.CorrectDocument(c.Request().Context(), id, f, user(c))
	if err != nil {
		return err
	}
	s.log.Info("document corrected", "user", user(c), "document", id)
	return c.JSON(http.StatusOK, map[string]any{"document": doc})
}
