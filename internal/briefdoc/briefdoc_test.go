package briefdoc_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/letters-app/letters"

	"github.com/letters-app/letters/internal/briefdoc"
	"github.com/letters-app/letters/internal/testdb"
	"github.com/letters-app/letters/rag"
)

// fold collapses whitespace and folds the quote characters a PDF font or
// Word may change, so that "every quoted sentence is there" compares words.
func fold(s string) string {
	s = strings.NewReplacer("‘", "'", "’", "'", "“", "\"", "”", "\"", "\u00a0", " ").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

// docxText reads a DOCX back: the text of every paragraph of word/document.xml.
func docxText(t *testing.T, data []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("docx is not a zip: %v", err)
	}
	var doc io.ReadCloser
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			if doc, err = f.Open(); err != nil {
				t.Fatal(err)
			}
		}
	}
	if doc == nil {
		t.Fatal("docx has no word/document.xml")
	}
	defer doc.Close()
	dec := xml.NewDecoder(doc)
	var b strings.Builder
	inText := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("docx XML: %v", err)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			inText = el.Name.Local == "t"
		case xml.EndElement:
			if el.Name.Local == "p" {
				b.WriteString("\n")
			}
			inText = false
		case xml.CharData:
			if inText {
				b.Write(el)
			}
		}
	}
	return b.String()
}

func pdfText(t *testing.T, data []byte) string {
	t.Helper()
	dir := t.TempDir()
	in := filepath.Join(dir, "brief.pdf")
	if err := os.WriteFile(in, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", in, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	return string(out)
}

// TestBriefExports writes Nottingham City's briefing in every format, reads
// each back (DOCX as zip + XML, PDF through pdftotext) and finds every
// quoted sentence and every citation.
func TestBriefExports(t *testing.T) {
	db := testdb.Open(t)
	testdb.Ingest(t, db, "../../letters")
	ctx := context.Background()
	b := rag.NewBriefer(db)
	br, err := b.Brief(ctx, rag.BriefRequest{Council: "Nottingham City Council"})
	if err != nil {
		t.Fatal(err)
	}
	tl, err := b.Timeline(ctx, "nottingham-city")
	if err != nil {
		t.Fatal(err)
	}
	ch, err := b.Changes(ctx, rag.ChangesRequest{Council: "nottingham-city"})
	if err != nil {
		t.Fatal(err)
	}
	// a model's summary, as Service.Brief adds one when asked (its citations checked)
	first := br.Sections[1].Bullets[0]
	br.Sections[1].Summary = &rag.SectionSummary{Text: first.Text + " [1]",
		Citations: []letters.Citation{{Marker: 1, ParagraphID: first.ParagraphID, Key: first.Key, Label: first.Label, Document: first.Document, Supported: true}}}
	pack := briefdoc.Pack{Briefing: br, Timeline: &tl, Changes: &ch, Link: "http://localhost:8080/briefing/nottingham-city"}
	want := append([]string{briefdoc.Title(pack), "http://localhost:8080/briefing/nottingham-city"}, briefdoc.SummaryLines(br.Sections[1])...)
	for _, bl := range br.Bullets() {
		want = append(want, bl.Text, bl.Cite())
	}
	for _, tc := range ch.Topics {
		for _, bl := range []*rag.Bullet{tc.Earlier, tc.Later} {
			if bl != nil {
				want = append(want, bl.Text, bl.Cite())
			}
		}
	}
	if len(br.Bullets()) < 20 {
		t.Fatalf("Nottingham City briefing has %d bullets, want ≥ 20", len(br.Bullets()))
	}
	read := map[string]func(*testing.T, []byte) string{
		"md":   func(_ *testing.T, b []byte) string { return string(b) },
		"html": func(_ *testing.T, b []byte) string { return strings.ReplaceAll(string(b), "&#39;", "'") },
		"docx": docxText,
		"pdf":  pdfText,
	}
	for _, format := range briefdoc.Formats {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			if err := briefdoc.Write(&buf, format, pack); err != nil {
				t.Fatalf("Write(%s): %v", format, err)
			}
			got := fold(read[format](t, buf.Bytes()))
			if format == "html" {
				got = fold(strings.NewReplacer("&#34;", "\"", "&amp;", "&", "&lt;", "<", "&gt;", ">").Replace(got))
			}
			missing := 0
			for _, w := range want {
				if !strings.Contains(got, fold(w)) {
					missing++
					if missing <= 5 {
						t.Errorf("%s: missing %q", format, w)
					}
				}
			}
			if missing > 0 {
				t.Errorf("%s: %d of %d quoted sentences and citations missing", format, missing, len(want))
			}
		})
	}
	var buf bytes.Buffer
	if err := briefdoc.Write(&buf, "odt", pack); err == nil {
		t.Error("Write(odt) succeeded, want an error")
	}
}
