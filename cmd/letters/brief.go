package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/letters-app/letters"

	"github.com/letters-app/letters/internal/briefdoc"
	"github.com/letters-app/letters/rag"
)

// runBrief writes a council's briefing, with its timeline and what changed
// between its latest two documents of a kind, as md, html, docx or pdf.
func runBrief(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("brief", flag.ContinueOnError)
	council := fs.String("council", "", "the council: its name (\"Nottingham City\") or id (nottingham-city)")
	from := fs.String("from", "", "only documents dated, or reporting a visit, on or after YYYY-MM-DD")
	to := fs.String("to", "", "only documents dated, or reporting a visit, on or before YYYY-MM-DD")
	document := fs.String("document", "", "only this document (id or slug)")
	format := fs.String("format", "md", "md, html, docx or pdf")
	out := fs.String("out", "", "file to write (- or empty: standard output, md and html only)")
	link := fs.String("link", "", "optional: the briefing page's address, printed under the title")
	summaries := fs.Bool("summaries", false, "with a model configured (--llm, --llm-model), a two-sentence summary above each section, its citations checked")
	cfg, pos, err := parse(fs, args, stderr)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		fmt.Fprintln(stderr, "usage: letters brief --council NAME [--from YYYY-MM-DD --to YYYY-MM-DD] [--document ID] --format md|html|docx|pdf --out FILE")
		return errUsage
	}
	req := rag.BriefRequest{Council: strings.TrimSpace(*council), Document: *document, Summaries: *summaries}
	if req.Council == "" {
		return fmt.Errorf("--council: name a council (letters brief --council \"Nottingham City\"): %w", letters.ErrInvalid)
	}
	for _, d := range []struct {
		name, v string
		dst     **time.Time
	}{{"--from", *from, &req.From}, {"--to", *to, &req.To}} {
		if d.v == "" {
			continue
		}
		t, err := time.Parse("2006-01-02", d.v)
		if err != nil {
			return fmt.Errorf("%s: %q is not a date as YYYY-MM-DD: %w", d.name, d.v, letters.ErrInvalid)
		}
		*d.dst = &t
	}
	if req.From != nil && req.To != nil && req.To.Before(*req.From) {
		return fmt.Errorf("--from %s is after --to %s: %w", *from, *to, letters.ErrInvalid)
	}
	if !contains(briefdoc.Formats, *format) {
		return fmt.Errorf("--format: %q is not one of %s: %w", *format, strings.Join(briefdoc.Formats, ", "), letters.ErrInvalid)
	}
	if (*out == "" || *out == "-") && (*format == "docx" || *format == "pdf") {
		return fmt.Errorf("--out: a %s briefing needs a file to write: %w", *format, letters.ErrInvalid)
	}
	db, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	b := rag.NewBriefer(db)
	var br rag.Briefing
	if req.Summaries {
		if cfg.LLMModel == "" {
			return fmt.Errorf("--summaries: needs a model: set --llm-model (and --llm): %w", letters.ErrInvalid)
		}
		cfg.Answerer = "extractive" // the model writes the summaries; the briefing itself stays extractive
		svc, err := newService(ctx, cfg, db, newLogger(cfg, stderr))
		if err != nil {
			return err
		}
		br, err = svc.Brief(ctx, req)
		if err != nil {
			return briefFlagError(ctx, b, req, err)
		}
	} else if br, err = b.Brief(ctx, req); err != nil {
		return briefFlagError(ctx, b, req, err)
	}
	pack := briefdoc.Pack{Briefing: br, Link: *link}
	tl, err := b.Timeline(ctx, req.Council)
	if err != nil {
		return err
	}
	pack.Timeline = &tl
	if ch, err := b.Changes(ctx, rag.ChangesRequest{Council: req.Council}); err == nil {
		pack.Changes = &ch
	} else if !errors.Is(err, letters.ErrNotFound) {
		return err
	}
	var buf bytes.Buffer
	if err := briefdoc.Write(&buf, *format, pack); err != nil {
		return err
	}
	if *out == "" || *out == "-" {
		_, err := stdout.Write(buf.Bytes())
		return err
	}
	if err := writeFileAtomic(*out, buf.Bytes()); err != nil {
		return fmt.Errorf("--out: %w", err)
	}
	fmt.Fprintf(stderr, "brief: wrote %s (%s, %d bullets from %d documents)\n", *out, *format, len(br.Bullets()), len(br.Documents))
	return nil
}

// briefFlagError names the flag behind a briefing error: an unknown council
// lists the councils there are.
func briefFlagError(ctx context.Context, b *rag.Briefer, req rag.BriefRequest, err error) error {
	if !errors.Is(err, letters.ErrNotFound) {
		return err
	}
	if req.Document != "" && !strings.Contains(err.Error(), "council \"") {
		return fmt.Errorf("--document: %q is not a document of %s: %w", req.Document, req.Council, err)
	}
	var names []string
	if cs, cerr := b.Councils(ctx); cerr == nil {
		for _, c := range cs {
			names = append(names, c.Name)
		}
	}
	return fmt.Errorf("--council: no documents about %q (councils: %s): %w", req.Council, strings.Join(names, ", "), letters.ErrNotFound)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// writeFileAtomic writes data to a temporary file beside path and renames
// it into place, so a reader never sees half a document.
func writeFileAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".brief-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}
