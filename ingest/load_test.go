package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/letters-app/letters"
)

// writePDF writes a small, valid one-page PDF with the given lines (an
// empty line leaves a gap, as between paragraphs in a letter).
func writePDF(t *testing.T, path string, lines []string) {
	t.Helper()
	var content bytes.Buffer
	content.WriteString("BT /F1 11 Tf 72 760 Td 14 TL\n")
	for _, l := range lines {
		l = strings.NewReplacer(`\`, `\\`, "(", `\(`, ")", `\)`).Replace(l)
		fmt.Fprintf(&content, "(%s) Tj T*\n", l)
	}
	content.WriteString("ET\n")
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", content.Len(), content.String()),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestLoadPDF(t *testing.T) {
	path := filepath.Join(t.TempDir(), "letter.pdf")
	writePDF(t, path, []string{
		"3 March 2026", "", "Dear Ms Smith", "", "Monitoring visit to Testshire children's services", "",
		"This letter summarises the findings of the monitoring visit to Testshire children's",
		"services on 3 and 4 February 2026. His Majesty's Inspectors for this visit were Ann Lee and Bo Ray.", "",
		"Headline findings", "",
		"The multi-agency safeguarding hub (MASH) responds appropriately to most requests", "for support from partner agencies.", "",
		"Yours sincerely", "", "Ann Lee",
	})
	text, _, err := Load(context.Background(), path, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	p := Segment(text)
	m := ExtractMeta(p)
	if strings.ReplaceAll(m.Title, "’", "'") != "Monitoring visit to Testshire children's services" || m.VisitStart == nil || m.Authority != "Testshire" || m.LetterDate == nil {
		t.Errorf("metadata from the PDF: %+v", m)
	}
	var found bool
	for _, para := range p.Paragraphs {
		if para.Section == "Headline findings" && strings.Contains(para.Text, "responds appropriately to most requests for support from partner agencies.") {
			found = true // hard-wrapped lines reflowed into one paragraph
		}
	}
	if !found {
		t.Errorf("paragraphs from the PDF: %+v", p.Paragraphs)
	}
}

func TestLoadHTMLMainTextOnly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "page.html")
	html := `<!doctype html><html><head><title>x</title><script>steal()</script><style>p{}</style></head><body>
<header>Council logo</header><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<main><h1>Inspectors rate Testshire children's services good</h1>
<p>By A Reporter</p><p>Wednesday, May 6, 2026</p>
<p>Testshire Council's children's services have been rated good by Ofsted after a full inspection in April.</p>
<ul><li>Leaders know their services well.</li><li>Children are seen promptly.</li></ul>
<aside>Subscribe to our newsletter</aside></main><footer>Copyright</footer></body></html>`
	os.WriteFile(path, []byte(html), 0o644)
	text, _, err := Load(context.Background(), path, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"steal()", "Council logo", "News", "Subscribe", "Copyright", "p{}"} {
		if strings.Contains(text, bad) {
			t.Errorf("HTML text keeps %q:\n%s", bad, text)
		}
	}
	p := Segment(text)
	// the dateline is the citable front matter (¶H1); the article follows
	if len(p.Paragraphs) != 2 || p.Paragraphs[0].Text != "Wednesday, May 6, 2026" || !strings.Contains(p.Paragraphs[1].Text, "rated good by Ofsted") {
		t.Errorf("paragraphs: %+v", p.Paragraphs)
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	cases := map[string]struct {
		content string
		want    error
	}{
		"empty.txt":   {"", ErrEmpty},
		"spaces.md":   {"  \n\n ", ErrEmpty},
		"notes.docx":  {"PK..", letters.ErrUnsupportedFormat},
		"latin1.txt":  {"Caf\xe9 in the MASH.", nil},
		"missing.txt": {"-", nil},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, name)
			if name != "missing.txt" {
				os.WriteFile(path, []byte(c.content), 0o644)
			}
			text, _, err := Load(context.Background(), path, Limits{})
			switch {
			case name == "missing.txt":
				if err == nil {
					t.Error("a missing file loaded")
				}
			case c.want != nil && !errors.Is(err, c.want):
				t.Errorf("err = %v, want %v", err, c.want)
			case c.want == nil && (err != nil || !strings.Contains(text, "Café")):
				t.Errorf("text %q, err %v", text, err)
			}
		})
	}
}
