package terms

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unsafe"

	"github.com/letters-app/letters/internal/lru"
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

// TestStemCacheKeepsCopies: the stem cache holds neither a word cut from a
// text by Words nor a stem that is that word, so that a cached entry does
// not keep the whole paragraph alive.
func TestStemCacheKeepsCopies(t *testing.T) {
	c := lru.New[string, string](10)
	text := "the 2026 inspection of care"
	for _, w := range Words(text) {
		stemWith(c, w)
	}
	lo := uintptr(unsafe.Pointer(unsafe.StringData(text)))
	hi := lo + uintptr(len(text))
	for _, w := range []string{"2026", "inspection", "care"} {
		s, ok := c.Get(w)
		if !ok {
			t.Fatalf("%q not cached", w)
		}
		if p := uintptr(unsafe.Pointer(unsafe.StringData(s))); p >= lo && p < hi {
			t.Errorf("cached stem of %q (%q) points into the text", w, s)
		}
	}
}
