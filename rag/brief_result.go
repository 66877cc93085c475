package rag

import (
	"fmt"
	"strings"
)

// BriefingResult renders a briefing as a chat answer, so that a "brief me
// on …" question can be answered with it: each section a heading line and
// up to perSection bullets (0: all), each bullet a quoted sentence with its
// citation marker. Every citation is the bullet's own paragraph, so every
// sentence is supported by construction; the record names the "briefing"
// answerer.
func BriefingResult(question string, br Briefing, perSection int) Result {
	res := Result{Question: question, Citations: []Citation{}, Passages: []Passage{},
		Record: Record{Answerer: "briefing", Retrieved: []RetrievedRef{}, Filter: Filter{Authorities: []string{br.Council.Name}}}}
	var b strings.Builder
	fmt.Fprintf(&b, "Briefing on %s from %d documents, newest first; every line is quoted from the document cited.", br.Council.Name, len(br.Documents))
	n := 0
	for _, s := range br.Sections {
		bl := s.Bullets
		if perSection > 0 && len(bl) > perSection {
			bl = bl[:perSection]
		}
		if len(bl) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\n\n%s:", s.Title)
		for _, x := range bl {
			n++
			fmt.Fprintf(&b, "\n- %s %s [%d]", bulletSource(x.Document), Neutralise(x.Text), n)
			p := Passage{Paragraph: Paragraph{ID: x.ParagraphID, DocumentID: x.Document.ID, Label: x.Label, Section: x.Heading, Text: x.Text,
				Key: x.Key}, Document: x.Document, Rank: n}
			res.Passages = append(res.Passages, p)
			res.Citations = append(res.Citations, Citation{Marker: n, ParagraphID: x.ParagraphID, Key: x.Key, Document: x.Document,
				Label: x.Label, Section: x.Heading, Quote: x.Text, Support: 1, Supported: true})
			res.Record.Retrieved = append(res.Record.Retrieved, RetrievedRef{ParagraphID: x.ParagraphID, Key: x.Key, Score: 1})
		}
	}
	if n == 0 {
		res.Refused = true
		res.Answer = fmt.Sprintf("The documents about %s give nothing to brief on for that choice.", br.Council.Name)
		return res
	}
	res.Answer = b.String()
	return res
}

// bulletSource names a bullet's document in the answer text, as every
// statement of an answer does: "(monitoring visit letter, 12 March 2026)".
func bulletSource(d DocRef) string {
	label := strings.TrimSuffix(SourceLabel(DocRef{Kind: d.Kind, Date: d.Date}), ":")
	return "(" + label + ")"
}
