package rag

import (
	"fmt"
	"strings"
	"time"

	"github.com/letters-app/letters"
)

// BriefingResult renders a briefing as a chat answer, so that a "brief me
// on …" question can be answered with it: each section a heading line and
// up to perSection bullets (0: all), each bullet a quoted sentence with its
// citation marker. Every citation is the bullet's own paragraph, so every
// sentence is supported by construction; the record names the "briefing"
// answerer.
func BriefingResult(question string, br Briefing, perSection int) letters.Result {
	rb := newResultBuilder(question, "briefing", br.Council.Name)
	docs := fmt.Sprintf("%d documents, newest first", len(br.Documents))
	if len(br.Documents) == 1 {
		docs = "one document"
	}
	fmt.Fprintf(&rb.b, "Briefing on %s from %s; every line is quoted from the document cited.", br.Council.Name, docs)
	for _, s := range br.Sections {
		bl := s.Bullets
		if perSection > 0 && len(bl) > perSection {
			bl = bl[:perSection]
		}
		if len(bl) == 0 {
			continue
		}
		fmt.Fprintf(&rb.b, "\n\n%s:", s.Title)
		for i := range bl {
			rb.bullet(&bl[i])
		}
	}
	return rb.result(fmt.Sprintf("The documents about %s give nothing to brief on for that choice.", br.Council.Name))
}

// ChangesResult renders a what-changed comparison of two documents as a
// chat answer: per topic the earlier and the later statement, each
// labelled with its document and date and cited, and what only one says.
func ChangesResult(question string, ch Changes) letters.Result {
	rb := newResultBuilder(question, "changes", ch.Council.Name)
	fmt.Fprintf(&rb.b, "What changed at %s between the %s and the %s, topic by topic:", ch.Council.Name,
		strings.TrimSuffix(SourceLabel(letters.DocRef{Kind: ch.Earlier.Kind, Date: ch.Earlier.Date}), ":"),
		strings.TrimSuffix(SourceLabel(letters.DocRef{Kind: ch.Later.Kind, Date: ch.Later.Date}), ":"))
	for _, t := range ch.Topics {
		if t.Earlier == nil && t.Later == nil {
			continue
		}
		fmt.Fprintf(&rb.b, "\n\n%s:", t.Title)
		for _, x := range []*Bullet{t.Earlier, t.Later} {
			if x != nil {
				rb.bullet(x)
			}
		}
		if t.Note != "" {
			fmt.Fprintf(&rb.b, "\n%s:", strings.TrimSuffix(t.Note, "."))
		}
	}
	return rb.result("The two documents say nothing comparable.")
}

// TimelineResult renders a council's timeline as a chat answer: each
// document with its kind, dates, the gap since the previous visit, and its
// headline sentence, cited.
func TimelineResult(question string, tl Timeline) letters.Result {
	rb := newResultBuilder(question, "timeline", tl.Council.Name)
	fmt.Fprintf(&rb.b, "Timeline of %s, oldest first:", tl.Council.Name)
	for _, e := range tl.Entries {
		line := strings.TrimSuffix(SourceLabel(letters.DocRef{Kind: e.Document.Kind, Date: e.Date}), ":")
		if e.VisitStart != "" {
			line += "; visit " + longDate(e.VisitStart)
			if e.VisitEnd != "" && e.VisitEnd != e.VisitStart {
				line += " to " + longDate(e.VisitEnd)
			}
		}
		if e.GapMonths > 0 || e.GapDays > 0 {
			line += fmt.Sprintf("; %d months (%d days) after the previous visit on file", e.GapMonths, e.GapDays)
		}
		fmt.Fprintf(&rb.b, "\n\n%s:", line)
		if e.Headline != nil {
			rb.bullet(e.Headline)
		}
	}
	return rb.result(fmt.Sprintf("There are no documents about %s.", tl.Council.Name))
}

func longDate(iso string) string {
	if t, err := time.Parse("2006-01-02", iso); err == nil {
		return t.Format("2 January 2006")
	}
	return iso
}

// resultBuilder collects a rendered answer's text, passages and citations:
// every citation is its bullet's own paragraph, so every line is supported
// by construction.
type resultBuilder struct {
	b   strings.Builder
	res letters.Result
	n   int
}

func newResultBuilder(question, answerer, council string) *resultBuilder {
	return &resultBuilder{res: letters.Result{Question: question, Citations: []letters.Citation{}, Passages: []letters.Passage{},
		Record: letters.Record{Answerer: answerer, Retrieved: []letters.RetrievedRef{}, Filter: letters.Filter{Authorities: []string{council}}}}}
}

// bullet adds a quoted sentence labelled with its document and date.
func (rb *resultBuilder) bullet(x *Bullet) {
	rb.n++
	n := rb.n
	fmt.Fprintf(&rb.b, "\n- %s %s [%d]", bulletSource(x.Document), Neutralise(x.Text), n)
	rb.res.Passages = append(rb.res.Passages, letters.Passage{Paragraph: letters.Paragraph{ID: x.ParagraphID, DocumentID: x.Document.ID, Label: x.Label,
		Section: x.Heading, Text: x.Text, Key: x.Key}, Document: x.Document, Rank: n})
	rb.res.Citations = append(rb.res.Citations, letters.Citation{Marker: n, ParagraphID: x.ParagraphID, Key: x.Key, Document: x.Document,
		Label: x.Label, Section: x.Heading, Quote: x.Text, Support: 1, Supported: true})
	rb.res.Record.Retrieved = append(rb.res.Record.Retrieved, letters.RetrievedRef{ParagraphID: x.ParagraphID, Key: x.Key, Score: 1})
}

// result is the answer, or a refusal saying why when nothing was added.
func (rb *resultBuilder) result(empty string) letters.Result {
	if rb.n == 0 {
		rb.res.Refused = true
		rb.res.Answer = empty
		return rb.res
	}
	rb.res.Answer = rb.b.String()
	return rb.res
}

// bulletSource names a bullet's document in the answer text, as every
// statement of an answer does: "(monitoring visit letter, 12 March 2026)".
func bulletSource(d letters.DocRef) string {
	label := strings.TrimSuffix(SourceLabel(letters.DocRef{Kind: d.Kind, Date: d.Date}), ":")
	return "(" + label + ")"
}
