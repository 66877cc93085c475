package ingest

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzSegment: any text segments without panicking, every paragraph's
// offsets point at its text in the body, labels are unique, no paragraph
// is empty, and every line is kept or listed as dropped.
func FuzzSegment(f *testing.F) {
	for _, name := range samples {
		if b, err := readFile("../letters/" + name); err == nil {
			f.Add(b[:min(len(b), 600)])
		}
	}
	f.Add("Dear Sir\n\n### **A**\n\n- item\n\n1.1 text\n\nlower case continues")
	f.Add(twoLetters)
	f.Add(articleThenLetter)
	f.Add("Title of paper: x\n\nSummary\n\n1.1 a:\n\n b\n\nNext steps\n\n1.2 c")
	f.Fuzz(func(t *testing.T, raw string) {
		p := Segment(raw)
		seen := map[string]bool{}
		for _, para := range p.Paragraphs {
			if strings.TrimSpace(para.Text) == "" {
				t.Fatalf("empty paragraph %q", para.Label)
			}
			if para.Start < 0 || para.End > len(p.Body) || p.Body[para.Start:para.End] != para.Text {
				t.Fatalf("paragraph %s offsets [%d:%d] do not point at its text", para.Label, para.Start, para.End)
			}
			if seen[para.Label] {
				t.Fatalf("label %s repeated", para.Label)
			}
			seen[para.Label] = true
			if utf8.ValidString(raw) && !utf8.ValidString(para.Text) {
				t.Fatalf("valid input gave invalid UTF-8 in %s", para.Label)
			}
		}
		if lost := unaccounted(raw, p); len(lost) > 0 {
			t.Fatalf("lines neither kept nor listed as dropped: %q", lost)
		}
		_ = ExtractMeta(p)
		_ = Glossary(raw)
	})
}
