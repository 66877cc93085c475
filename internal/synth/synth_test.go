package synth

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/letters-app/letters/ingest"
)

// TestDistractorsAreOtherCouncils: a synthetic letter is to a council the
// samples are not about; one "to" Nottingham City made of Nottingham City's
// own sentences would be a second copy of its findings under another date.
func TestDistractorsAreOtherCouncils(t *testing.T) {
	out := t.TempDir()
	if _, err := Write(context.Background(), filepath.Join("..", "..", "letters"), Options{Docs: 200, Seed: 1, Out: out}); err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(out, "*.txt"))
	if err != nil || len(files) != 200 {
		t.Fatalf("%d letters written (%v), want 200", len(files), err)
	}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		a := ingest.ExtractMeta(ingest.Segment(string(raw))).Authority
		if strings.HasPrefix(a, "Nottingham") {
			t.Errorf("%s is to %s, a council the samples are about", filepath.Base(f), a)
		}
	}
}
