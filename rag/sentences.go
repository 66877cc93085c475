package rag

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// abbreviations that end with a full stop without ending a sentence.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "st": true, "no": true, "e.g": true,
	"i.e": true, "etc": true, "cf": true, "vs": true, "approx": true, "para": true, "paras": true, "fig": true,
}

// Sentences splits a paragraph into sentences, each a substring of the
// paragraph (verbatim, so a quoted sentence is exactly the letter's words).
// Bullet lines are sentences of their own, without the bullet mark.
func Sentences(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		line = strings.TrimSpace(strings.TrimPrefix(line, "•"))
		if line == "" {
			continue
		}
		start := 0
		for i := 0; i < len(line); {
			r, n := utf8.DecodeRuneInString(line[i:])
			if r == '.' || r == '?' || r == '!' {
				j := i + n
				// closing quotes and brackets belong to the sentence
				for j < len(line) {
					c, m := utf8.DecodeRuneInString(line[j:])
					if c == '"' || c == '”' || c == '’' || c == '\'' || c == ')' {
						j += m
						continue
					}
					break
				}
				if j >= len(line) {
					break
				}
				if line[j] == ' ' && nextStartsSentence(line[j+1:]) && !(r == '.' && isAbbrev(line[start:i])) {
					out = append(out, strings.TrimSpace(line[start:j]))
					start = j + 1
					i = j + 1
					continue
				}
			}
			i += n
		}
		if s := strings.TrimSpace(line[start:]); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func nextStartsSentence(s string) bool {
	s = strings.TrimLeft(s, " ")
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r) || unicode.IsDigit(r) || r == '"' || r == '“' || r == '‘' || r == '\'' || r == '('
}

func isAbbrev(before string) bool {
	i := strings.LastIndexAny(before, " (")
	w := strings.ToLower(before[i+1:])
	if abbreviations[w] {
		return true
	}
	// single capital initial such as "J. Smith"
	return len(w) == 1 && unicode.IsLetter(rune(w[0]))
}
