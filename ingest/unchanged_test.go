package ingest_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/letters-app/letters/ingest"
)

// TestUnchangedPDFNotExtracted: with a pdftotext that counts its calls, a
// PDF is extracted when new, changed or forced, and not at all when it is
// unchanged (the bytes decide, before extraction).
func TestUnchangedPDFNotExtracted(t *testing.T) {
	ctx := context.Background()
	_, p := setup(t)
	sample, err := filepath.Abs(firstSample(t))
	if err != nil {
		t.Fatal(err)
	}
	bin, dir := t.TempDir(), t.TempDir()
	calls := filepath.Join(bin, "calls")
	script := "#!/bin/sh\necho call >> '" + calls + "'\nexec cat '" + sample + "'\n"
	if err := os.WriteFile(filepath.Join(bin, "pdftotext"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	pdf := filepath.Join(dir, "letter.pdf")
	write := func(s string) func() {
		return func() {
			if err := os.WriteFile(pdf, []byte("%PDF-1.4 (a stand-in) "+s), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	tests := []struct {
		name      string
		before    func()
		opt       ingest.Options
		wantCalls int
		want      string // the file's status
	}{
		{"new", write("v1"), ingest.Options{}, 1, "added"},
		{"unchanged", func() {}, ingest.Options{}, 0, "skipped"},
		{"unchanged, dry run", func() {}, ingest.Options{DryRun: true}, 0, "skipped"},
		{"unchanged, forced", func() {}, ingest.Options{Force: true}, 1, "updated"},
		{"changed", write("v2"), ingest.Options{}, 1, "updated"},
		{"unchanged again", func() {}, ingest.Options{}, 0, "skipped"},
	}
	for _, tt := range tests {
		tt.before()
		_ = os.Remove(calls)
		sum, err := p.Run(ctx, []string{dir}, tt.opt)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		b, _ := os.ReadFile(calls)
		if got := strings.Count(string(b), "call"); got != tt.wantCalls {
			t.Errorf("%s: pdftotext called %d times, want %d", tt.name, got, tt.wantCalls)
		}
		if len(sum.PerFile) != 1 || sum.PerFile[0].Status != tt.want {
			t.Errorf("%s: got %+v, want letter.pdf %s", tt.name, sum.PerFile, tt.want)
		}
	}
}

func firstSample(t *testing.T) string {
	t.Helper()
	files, _ := filepath.Glob("../letters/*.txt")
	if len(files) == 0 {
		t.Fatal("no sample letters")
	}
	return files[0]
}
