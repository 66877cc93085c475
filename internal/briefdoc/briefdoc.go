// Package briefdoc writes a council's briefing (with its timeline and what
// changed) as Markdown, a standalone HTML page, a Word document (DOCX,
// github.com/gomutex/godocx) or a PDF (github.com/go-pdf/fpdf). Every
// bullet is printed with its quoted sentence and its citation, verbatim.
package briefdoc

import (
	"fmt"
	"io"
	"strings"

	"github.com/letters-app/letters"

	"github.com/letters-app/letters/rag"
)

// Pack is what a briefing document holds.
type Pack struct {
	Briefing rag.Briefing
	Timeline *rag.Timeline // optional
	Changes  *rag.Changes  // optional
	Link     string        // optional: where the live briefing page is
}

// Formats are the formats Write accepts.
var Formats = []string{"md", "html", "docx", "pdf"}

// Write writes the pack in format (md, html, docx or pdf).
func Write(w io.Writer, format string, p Pack) error {
	switch format {
	case "md":
		return Markdown(w, p)
	case "html":
		return HTML(w, p)
	case "docx":
		return DOCX(w, p)
	case "pdf":
		return PDF(w, p)
	}
	return fmt.Errorf("briefdoc: format %q: %w", format, letters.ErrInvalid)
}

// Title is the document's title: "Briefing: Nottingham City".
func Title(p Pack) string { return "Briefing: " + p.Briefing.Council.Name }

// Intro is the line under the title: date, scope and how to read it.
func Intro(p Pack) string {
	b := p.Briefing
	scope := fmt.Sprintf("%d documents", len(b.Documents))
	if len(b.Documents) == 1 {
		scope = "1 document"
	}
	if n := len(b.Documents); n > 0 {
		first, last := b.Documents[n-1].Date, b.Documents[0].Date
		if first != "" && last != "" && first != last {
			scope += fmt.Sprintf(" dated %s to %s", rag.LongDate(first), rag.LongDate(last))
		} else if last != "" {
			scope += " dated " + rag.LongDate(last)
		}
	}
	if b.From != "" || b.To != "" {
		scope += fmt.Sprintf(" (asked for: %s to %s)", orAny(rag.LongDate(b.From)), orAny(rag.LongDate(b.To)))
	}
	return fmt.Sprintf("Prepared %s from %s. Every line is quoted word for word from the document cited after it; newest document first.",
		rag.LongDate(b.Generated), scope)
}

func orAny(s string) string {
	if s == "" {
		return "any date"
	}
	return s
}

// DocLine describes a document: "Monitoring visit letter, 12 March 2026: Title (slug)".
func DocLine(d letters.DocRef) string {
	s := letters.KindLabel(d.Kind)
	if d.Date != "" {
		s += ", " + rag.LongDate(d.Date)
	}
	return s + ": " + d.Title + " (" + d.Slug + ")"
}

// Quote is a bullet's text in quotation marks (a sentence that is itself a
// quotation keeps its own).
func Quote(b rag.Bullet) string {
	if strings.HasPrefix(b.Text, "“") && strings.HasSuffix(b.Text, "”") {
		return b.Text
	}
	return "“" + b.Text + "”"
}

// JudgementLine is a timeline entry's judgements: "Overall effectiveness: inadequate; …".
func JudgementLine(e rag.TimelineEntry) string {
	var parts []string
	for _, j := range e.Judgements {
		parts = append(parts, j.Area+": "+j.Grade)
	}
	return strings.Join(parts, "; ")
}

// Dates is a timeline entry's dates: "letter 12 March 2026; visit 10 February 2026 to 11 February 2026".
func Dates(e rag.TimelineEntry) string {
	var parts []string
	if e.Date != "" {
		parts = append(parts, "dated "+rag.LongDate(e.Date))
	}
	if e.VisitStart != "" {
		v := "visit " + rag.LongDate(e.VisitStart)
		if e.VisitEnd != "" && e.VisitEnd != e.VisitStart {
			v += " to " + rag.LongDate(e.VisitEnd)
		}
		parts = append(parts, v)
	}
	return strings.Join(parts, "; ")
}

// ChangesTitle is the heading of the what-changed part.
func ChangesTitle(c rag.Changes) string {
	return fmt.Sprintf("What changed: %s %s to %s %s", letters.KindLabel(c.Earlier.Kind), rag.LongDate(c.Earlier.Date),
		strings.ToLower(letters.KindLabel(c.Later.Kind)), rag.LongDate(c.Later.Date))
}

// SummaryLines are a section's model summary (if any) as printed: the
// summary, then each of its citations as "[n] kind, date, ¶label (key)".
func SummaryLines(sec rag.BriefSection) []string {
	if sec.Summary == nil {
		return nil
	}
	out := []string{"Summary (written by a model from the quotations below; its citations checked): " + sec.Summary.Text}
	for _, c := range sec.Summary.Citations {
		b := rag.Bullet{Key: c.Key, Label: c.Label, Document: c.Document}
		out = append(out, fmt.Sprintf("[%d] %s", c.Marker, b.Cite()))
	}
	return out
}

// Markdown writes the pack as Markdown.
func Markdown(w io.Writer, p Pack) error {
	var b strings.Builder
	br := p.Briefing
	fmt.Fprintf(&b, "# %s\n\n%s\n", Title(p), Intro(p))
	if p.Link != "" {
		fmt.Fprintf(&b, "\nOnline: %s\n", p.Link)
	}
	b.WriteString("\n## Documents\n\n")
	for _, d := range br.Documents {
		fmt.Fprintf(&b, "- %s\n", DocLine(d))
	}
	for _, s := range br.Sections {
		fmt.Fprintf(&b, "\n## %s\n\n", s.Title)
		if sl := SummaryLines(s); sl != nil {
			fmt.Fprintf(&b, "> %s\n", sl[0])
			for _, l := range sl[1:] {
				fmt.Fprintf(&b, ">\n> %s\n", l)
			}
			b.WriteString("\n")
		}
		if len(s.Bullets) == 0 {
			b.WriteString("Nothing in these documents.\n")
		}
		for _, bl := range s.Bullets {
			fmt.Fprintf(&b, "- %s — %s\n", Quote(bl), bl.Cite())
		}
	}
	if tl := p.Timeline; tl != nil {
		b.WriteString("\n## Timeline\n\n")
		for _, e := range tl.Entries {
			fmt.Fprintf(&b, "- **%s** — %s (%s)", rag.LongDate(e.Date), e.KindLabel, Dates(e))
			if g := e.Gap(); g != "" {
				fmt.Fprintf(&b, "; %s", g)
			}
			b.WriteString("\n")
			if j := JudgementLine(e); j != "" {
				fmt.Fprintf(&b, "  - Judgements: %s (%s)\n", j, e.Judgements[0].Key)
			}
			if e.Headline != nil {
				fmt.Fprintf(&b, "  - %s — %s\n", Quote(*e.Headline), e.Headline.Cite())
			}
		}
	}
	if c := p.Changes; c != nil {
		fmt.Fprintf(&b, "\n## %s\n", ChangesTitle(*c))
		for _, t := range c.Topics {
			fmt.Fprintf(&b, "\n### %s\n\n", t.Title)
			if t.Note != "" {
				fmt.Fprintf(&b, "%s\n\n", t.Note)
			}
			if t.Earlier != nil {
				fmt.Fprintf(&b, "- Earlier: %s — %s\n", Quote(*t.Earlier), t.Earlier.Cite())
			}
			if t.Later != nil {
				fmt.Fprintf(&b, "- Later: %s — %s\n", Quote(*t.Later), t.Later.Cite())
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
