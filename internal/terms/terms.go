// Package terms turns text into the normalised, stemmed word tokens that the
// built-in embedder, the query parser and the extractive answerer share.
package terms

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"

	"github.com/letters-app/letters/internal/lru"
)

// Token is one word of a text: its surface form and its stem.
type Token struct {
	Word string // lower-cased surface form
	Stem string // snowball English stem
}

// Words splits text into lower-cased words: letters and digits, keeping
// inner hyphens, apostrophes and slashes out (they split words).
func Words(text string) []string {
	out := make([]string, 0, len(text)/6)
	start, simple := -1, true // the current word's start; all ASCII lower case and digits so far
	flush := func(end int) {
		if start < 0 {
			return
		}
		if simple {
			out = append(out, text[start:end]) // already as it would be written: no copy
		} else {
			var b strings.Builder
			b.Grow(end - start)
			for _, r := range text[start:end] {
				b.WriteRune(unicode.ToLower(r))
			}
			out = append(out, b.String())
		}
		start, simple = -1, true
	}
	for i, r := range text {
		switch {
		case r < utf8.RuneSelf && ('a' <= r && r <= 'z' || '0' <= r && r <= '9'):
		case r < utf8.RuneSelf && 'A' <= r && r <= 'Z':
			simple = false
		case r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			simple = false
		default:
			// anything else ends a word, apostrophes too: possessive 's is
			// left to the stemmer, contractions split
			flush(i)
			continue
		}
		if start < 0 {
			start = i
		}
	}
	flush(len(text))
	return out
}

// stemEntries bounds the stem cache: the corpus's vocabulary fits (tens of
// thousands of words), and the words users type cannot grow it further.
const stemEntries = 50000

// stems caches Stem across the process (the embedder, the query parser and
// the answerer stem the same words over and over); bounded, least recently
// used out.
var stems = lru.New[string, string](stemEntries)

// Stem returns the snowball English stem of a lower-cased word.
func Stem(w string) string { return stemWith(stems, w) }

// stemWith is Stem, kept in cache c.
func stemWith(c *lru.Cache[string, string], w string) string {
	if s, ok := c.Get(w); ok {
		return s
	}
	s := stem(w)
	// the cache keeps copies, never a slice of the text w was cut from
	// (Words returns substrings; a stem equal to its word may be w itself)
	k := strings.Clone(w)
	if s == w {
		c.Add(k, k)
	} else {
		c.Add(k, strings.Clone(s))
	}
	return s
}

// stem computes the stem of w, without the cache.
func stem(w string) string {
	if len(w) > 2 && !isNumber(w) {
		return english.Stem(w, false)
	}
	return w
}

func isNumber(w string) bool {
	for _, r := range w {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// Content returns the content tokens of text: stopwords and one-letter words
// (the "s" of a possessive) removed, each stemmed.
func Content(text string) []Token {
	words := Words(text)
	out := make([]Token, 0, len(words))
	for _, w := range words {
		if len(w) < 2 || IsStopword(w) {
			continue
		}
		out = append(out, Token{Word: w, Stem: Stem(w)})
	}
	return out
}

// Stems returns the stems of the content tokens of text.
func Stems(text string) []string {
	toks := Content(text)
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.Stem
	}
	return out
}

// IsStopword reports whether w (lower case) carries no topic of its own.
func IsStopword(w string) bool {
	_, ok := stopwords[w]
	return ok
}

// IsQuestionWord reports whether w is a word that shapes a question rather
// than naming its topic ("what", "say", "find", "tell me about").
func IsQuestionWord(w string) bool {
	_, ok := questionWords[w]
	return ok
}

var stopwords = set(`a about above after again against all am an and any are aren as at be because been
before being below between both but by can cannot could couldn did didn do does doesn doing don down
during each few for from further had hadn has hasn have haven having he her here hers herself him himself
his how i if in into is isn it its itself just let me more most mustn my myself no nor not of off on once
only or other ought our ours ourselves out over own same shan she should shouldn so some such than that
the their theirs them themselves then there these they this those through to too under until up very was
wasn we were weren what when where which while who whom why will with won would wouldn you your yours
yourself yourselves also s t d ll m o re ve y per via us`)

var questionWords = set(`say said says tell told find found findings finding describe described
according letter letters document documents mention
mentioned mentions stated state think main key please give list explain summarise summarize happen
happened happens refer refers referred referring mean means meant stand stands stood
called call known define defined definition nutshell briefly overview`)

func set(s string) map[string]struct{} {
	m := map[string]struct{}{}
	for _, w := range strings.Fields(s) {
		m[w] = struct{}{}
	}
	return m
}
