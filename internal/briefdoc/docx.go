package briefdoc

import (
	"fmt"
	"io"

	"github.com/gomutex/godocx"
	"github.com/gomutex/godocx/docx"

	"github.com/letters-app/letters/rag"
)

// DOCX writes the pack as a Word document: headings, one bulleted
// paragraph per quoted sentence with its citation in grey italics.
func DOCX(w io.Writer, p Pack) error {
	doc, err := godocx.NewDocument()
	if err != nil {
		return fmt.Errorf("briefdoc: docx: %w", err)
	}
	heading := func(text string, level uint) error {
		_, err := doc.AddHeading(text, level)
		return err
	}
	bullet := func(prefix string, b rag.Bullet) *docx.Paragraph {
		para := doc.AddParagraph(prefix + Quote(b) + " ")
		para.Style("ListBullet")
		para.AddText("— " + b.Cite()).Italic(true).Color("505A5F")
		return para
	}
	if err := heading(Title(p), 0); err != nil {
		return fmt.Errorf("briefdoc: docx: %w", err)
	}
	doc.AddParagraph(Intro(p))
	if p.Link != "" {
		doc.AddParagraph("Online: " + p.Link)
	}
	if err := heading("Documents", 1); err != nil {
		return fmt.Errorf("briefdoc: docx: %w", err)
	}
	for _, d := range p.Briefing.Documents {
		doc.AddParagraph(DocLine(d)).Style("ListBullet")
	}
	for _, s := range p.Briefing.Sections {
		if err := heading(s.Title, 1); err != nil {
			return fmt.Errorf("briefdoc: docx: %w", err)
		}
		for _, l := range SummaryLines(s) {
			doc.AddParagraph(l).Style("Quote")
		}
		if len(s.Bullets) == 0 {
			doc.AddParagraph("Nothing in these documents.")
		}
		for _, b := range s.Bullets {
			bullet("", b)
		}
	}
	if tl := p.Timeline; tl != nil {
		if err := heading("Timeline", 1); err != nil {
			return fmt.Errorf("briefdoc: docx: %w", err)
		}
		for _, e := range tl.Entries {
			para := doc.AddParagraph("")
			para.AddText(rag.LongDate(e.Date)).Bold(true)
			line := " — " + e.KindLabel + " (" + Dates(e) + ")"
			if g := e.Gap(); g != "" {
				line += "; " + g
			}
			para.AddText(line)
			if j := JudgementLine(e); j != "" {
				doc.AddParagraph("Judgements: " + j).Style("ListBullet")
			}
			if e.Headline != nil {
				bullet("", *e.Headline)
			}
		}
	}
	if c := p.Changes; c != nil {
		if err := heading(ChangesTitle(*c), 1); err != nil {
			return fmt.Errorf("briefdoc: docx: %w", err)
		}
		for _, t := range c.Topics {
			if err := heading(t.Title, 2); err != nil {
				return fmt.Errorf("briefdoc: docx: %w", err)
			}
			if t.Note != "" {
				doc.AddParagraph(t.Note)
			}
			if t.Earlier != nil {
				bullet("Earlier: ", *t.Earlier)
			}
			if t.Later != nil {
				bullet("Later: ", *t.Later)
			}
		}
	}
	if err := doc.Write(w); err != nil {
		return fmt.Errorf("briefdoc: docx: %w", err)
	}
	return nil
}
