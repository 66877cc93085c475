package briefdoc

import (
	"fmt"
	"io"
	"math"

	"github.com/go-pdf/fpdf"

	"github.com/letters-app/letters/rag"
)

// PDF writes the pack as an A4 PDF with the core Helvetica font (text is
// translated to its Windows-1252 encoding, which holds the letters' curly
// quotes, dashes, £ and ¶), a running footer with the council, date and
// page number.
func PDF(w io.Writer, p Pack) error {
	pdf := fpdf.New("P", "mm", "A4", "")
	tr := pdf.UnicodeTranslatorFromDescriptor("")
	pdf.SetMargins(18, 18, 18)
	pdf.SetAutoPageBreak(true, 18)
	pdf.SetTitle(tr(Title(p)), false)
	pdf.SetCreator("letters", false)
	footer := Title(p) + " — prepared " + rag.LongDate(p.Briefing.Generated)
	pdf.SetFooterFunc(func() {
		pdf.SetY(-12)
		pdf.SetFont("Helvetica", "", 8)
		pdf.SetTextColor(80, 90, 95)
		pdf.CellFormat(0, 5, tr(fmt.Sprintf("%s — page %d", footer, pdf.PageNo())), "", 0, "C", false, 0, "")
	})
	pdf.AddPage()
	text := func(style string, size float64, h float64, s string) {
		pdf.SetFont("Helvetica", style, size)
		pdf.SetTextColor(11, 12, 12)
		pdf.MultiCell(0, h, tr(s), "", "L", false)
	}
	heading := func(s string, size float64) {
		if pdf.GetY() > 250 { // keep a heading with what follows it
			pdf.AddPage()
		}
		pdf.Ln(3)
		text("B", size, size*0.5, s)
		pdf.Ln(1)
	}
	_, pageH := pdf.GetPageSize()
	left, _, right, _ := pdf.GetMargins()
	pageW, _ := pdf.GetPageSize()
	bullet := func(prefix string, b rag.Bullet) {
		// keep a bullet and its citation on one page (a quote split by the
		// running footer would not read back as one sentence)
		lines := func(s string) float64 {
			// words wrap before the edge: count a line per 90% of the width
			return math.Floor(pdf.GetStringWidth(tr(s))/(0.9*(pageW-left-right-5))) + 1
		}
		pdf.SetFont("Helvetica", "", 10)
		h := 5 * lines(prefix+Quote(b))
		pdf.SetFont("Helvetica", "I", 9)
		h += 4.5*lines("— "+b.Cite()) + 1.5
		if pdf.GetY()+h > pageH-18 {
			pdf.AddPage()
		}
		x := pdf.GetX()
		pdf.SetFont("Helvetica", "", 10)
		pdf.CellFormat(5, 5, tr("•"), "", 0, "L", false, 0, "")
		pdf.SetLeftMargin(x + 5)
		text("", 10, 5, prefix+Quote(b))
		pdf.SetFont("Helvetica", "I", 9)
		pdf.SetTextColor(80, 90, 95)
		pdf.MultiCell(0, 4.5, tr("— "+b.Cite()), "", "L", false)
		pdf.SetLeftMargin(x)
		pdf.Ln(1.5)
	}
	text("B", 20, 10, Title(p))
	pdf.Ln(1)
	text("", 10, 5, Intro(p))
	if p.Link != "" {
		text("", 10, 5, "Online: "+p.Link)
	}
	heading("Documents", 14)
	for _, d := range p.Briefing.Documents {
		text("", 10, 5, "• "+DocLine(d))
	}
	for _, s := range p.Briefing.Sections {
		heading(s.Title, 14)
		for _, l := range SummaryLines(s) {
			text("I", 10, 5, l)
		}
		if len(s.Bullets) == 0 {
			text("", 10, 5, "Nothing in these documents.")
		}
		for _, b := range s.Bullets {
			bullet("", b)
		}
	}
	if tl := p.Timeline; tl != nil {
		heading("Timeline", 14)
		for _, e := range tl.Entries {
			line := rag.LongDate(e.Date) + " — " + e.KindLabel + " (" + Dates(e) + ")"
			if g := e.Gap(); g != "" {
				line += "; " + g
			}
			text("B", 10, 5, line)
			if j := JudgementLine(e); j != "" {
				text("", 10, 5, "Judgements: "+j)
			}
			if e.Headline != nil {
				bullet("", *e.Headline)
			}
		}
	}
	if c := p.Changes; c != nil {
		heading(ChangesTitle(*c), 14)
		for _, t := range c.Topics {
			heading(t.Title, 11)
			if t.Note != "" {
				text("", 10, 5, t.Note)
			}
			if t.Earlier != nil {
				bullet("Earlier: ", *t.Earlier)
			}
			if t.Later != nil {
				bullet("Later: ", *t.Later)
			}
		}
	}
	if err := pdf.Output(w); err != nil {
		return fmt.Errorf("briefdoc: pdf: %w", err)
	}
	return nil
}
