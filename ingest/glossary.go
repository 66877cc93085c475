package ingest

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/letters-app/letters"

	"github.com/letters-app/letters/internal/terms"
)

var reAcronym = regexp.MustCompile(`\(([A-Z][A-Za-z]{1,7})\)`)

// Glossary finds acronyms that a text defines in the form
// "multi-agency safeguarding hub (MASH)": the words before the parenthesis
// whose initials spell the acronym's capitals.
func Glossary(text string) []letters.GlossaryEntry {
	var out []letters.GlossaryEntry
	seen := map[string]bool{}
	for _, m := range reAcronym.FindAllStringSubmatchIndex(text, -1) {
		acr := text[m[2]:m[3]]
		var caps []rune
		for _, r := range acr {
			if unicode.IsUpper(r) {
				caps = append(caps, unicode.ToLower(r))
			}
		}
		if len(caps) < 2 {
			continue
		}
		before := strings.Fields(text[max(0, m[0]-200):m[0]])
		exp := expand(before, caps)
		if exp == "" {
			continue
		}
		key := acr + "|" + strings.ToLower(exp)
		if !seen[key] {
			seen[key] = true
			out = append(out, letters.GlossaryEntry{Acronym: acr, Expansion: exp})
		}
	}
	return out
}

// expand walks back over words matching the acronym's letters from the last;
// stopwords may be skipped, and at most one other word.
func expand(words []string, caps []rune) string {
	i := len(caps) - 1
	skippedContent := 0
	start := -1
	for j := len(words) - 1; j >= 0 && i >= 0; j-- {
		w := strings.Trim(words[j], `'‘’"“”,;:`)
		if w == "" {
			return ""
		}
		lw := strings.ToLower(w)
		if terms.IsStopword(lw) || lw == "for" {
			if start == -1 {
				return "" // "... the (MASH)": the definition must end at the parenthesis
			}
			// a stopword spells a letter ("no further action (NFA)") only when
			// the word before it cannot ("assessed and supported (AS…)")
			r := []rune(lw)
			if r[0] != caps[i] || (j > 0 && initialIs(words[j-1], caps[i])) {
				continue
			}
		}
		parts := strings.Split(w, "-")
		// match the word's hyphenated parts from the end
		matched := true
		k := i
		for p := len(parts) - 1; p >= 0; p-- {
			r := []rune(strings.ToLower(parts[p]))
			if len(r) == 0 || k < 0 || r[0] != caps[k] {
				matched = false
				break
			}
			k--
		}
		if matched {
			i = k
			start = j
			continue
		}
		if skippedContent == 0 && start != -1 {
			skippedContent++
			continue
		}
		return ""
	}
	if i >= 0 || start < 0 {
		return ""
	}
	exp := strings.Join(words[start:], " ")
	return strings.Trim(exp, `'‘’"“”,;:`)
}

func initialIs(w string, c rune) bool {
	w = strings.ToLower(strings.Trim(w, `'‘’"“”,;:`))
	r := []rune(w)
	return len(r) > 0 && r[0] == c && !terms.IsStopword(w)
}
