package terms

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"
)

// wordsReference is Words as first written (a builder per word, every rune
// lower-cased): the faster Words must split and lower-case exactly as it.
func wordsReference(text string) []string {
	var out []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			out = append(out, b.String())
			b.Reset()
		}
	}
	for _, r := range text {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		} else {
			flush()
		}
	}
	flush()
	return out
}

func TestWordsMatchesReference(t *testing.T) {
	tests := []string{
		"", " ", "MASH", "The multi-agency safeguarding hub (MASH) responds.",
		"children's social care", "don’t", "Ofsted Page 2 of 5", "11/27/26, 1:30 PM",
		"Ísland Café naïve ÉCOLE", "x\xffy", "1.1 The inspection", "co-ordinated, well‑led", "İstanbul ΣΟΦΊΑ",
		"trailing word", "ＦＵＬＬＷＩＤＴＨ ２０２６",
	}
	files, _ := filepath.Glob("../../letters/*.txt")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		tests = append(tests, string(b))
	}
	for _, text := range tests {
		got, want := Words(text), wordsReference(text)
		if len(got) == 0 && len(want) == 0 {
			continue
		}
		if !slices.Equal(got, want) {
			t.Errorf("Words(%.40q):\n got %q\nwant %q", text, got, want)
		}
	}
}

func FuzzWords(f *testing.F) {
	for _, s := range []string{"MASH", "children's", "Ísland x\xffy", "a1 B2 ｃ3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		got, want := Words(text), wordsReference(text)
		if (len(got) != 0 || len(want) != 0) && !slices.Equal(got, want) {
			t.Errorf("Words(%q) = %q, want %q", text, got, want)
		}
	})
}
