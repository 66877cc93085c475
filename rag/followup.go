package rag

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/letters-app/letters"

	"github.com/letters-app/letters/internal/terms"
)

var (
	reFollowUp = regexp.MustCompile(`(?i)^\s*(and|but|also|what about|how about|what of|then|so)\b`)
	reBorrows  = regexp.MustCompile(`(?i)^\s*(what about|how about|what of)\b`)
	rePronoun  = regexp.MustCompile(`(?i)\b(that|this|it|they|them|those|these|there|then|same)\b`)
)

// Rewrite resolves a follow-up question against the previous turn only,
// without a model: "the city" / "the county" become the councils they mean
// next to the previous one; an elliptic question ("and what about
// Nottinghamshire?", "when was that?") carries the previous topic, with the
// previous council and years replaced by any the follow-up names; a
// question that stands on its own but names no council keeps the previous
// council (shown to the user as inherited).
func Rewrite(question string, history []letters.Turn, authorities []string) string {
	if len(history) == 0 {
		return ResolvePlaces(question, nil, authorities)
	}
	prev := history[len(history)-1]
	prevQ := prev.Rewritten
	if prevQ == "" {
		prevQ = prev.Question
	}
	prevAuth := Parse(prevQ, authorities, nil).Filter.Authorities
	question = ResolvePlaces(question, prevAuth, authorities)
	cur := Parse(question, authorities, nil)
	content := 0
	for _, t := range terms.Content(question) {
		if !terms.IsQuestionWord(t.Word) {
			content++
		}
	}
	// "And how is the out-of-hours service doing?" opens like a follow-up
	// but asks about a topic of its own: it keeps the previous council,
	// not the previous topic ("What about …?" always borrows it)
	ownTopic := reFollowUp.MatchString(question) && !reBorrows.MatchString(question) && !rePronoun.MatchString(question) && len(cur.Terms) >= 2
	if (!reFollowUp.MatchString(question) || ownTopic) && !(rePronoun.MatchString(question) && content < 3) && content >= 2 {
		// a question that stands on its own; a pronoun ("they", "their")
		// or no council of its own means the previous council still holds
		if len(cur.Filter.Authorities) == 0 && len(prevAuth) > 0 {
			return strings.TrimSpace(question) + " (" + strings.Join(prevAuth, " and ") + ")"
		}
		return question
	}
	// the previous turn's own question and topic, flattened: a follow-up of
	// a follow-up does not nest the whole history
	topic := strings.NewReplacer("(", " ", ")", " ").Replace(prevQ)
	if len(cur.Filter.Authorities) > 0 {
		for _, a := range authorities {
			topic = regexp.MustCompile(`(?i)\b`+regexp.QuoteMeta(a)+`(['’]s)?\b`).ReplaceAllString(topic, "")
			if n := shortName(a); n != "" {
				// named by its short name ("Pelham's first visit")
				topic = regexp.MustCompile(`\b`+regexp.QuoteMeta(n)+`(['’]s)?\b`).ReplaceAllString(topic, "")
			}
		}
	}
	if len(cur.Years) > 0 {
		topic = reYear.ReplaceAllString(topic, "")
	}
	words := strings.Fields(topic)
	if len(words) > maxTopicWords {
		words = words[:maxTopicWords]
	}
	topic = strings.Join(words, " ")
	return strings.TrimSpace(question) + " (" + strings.TrimRight(topic, "?. ") + ")"
}

// maxTopicWords bounds the topic a follow-up carries over.
const maxTopicWords = 30

var (
	reTheCity   = regexp.MustCompile(`(?i)\bthe city(['’]s)?\b|\bcity ` + placeNouns + `\b`)
	reTheCounty = regexp.MustCompile(`(?i)\bthe county(['’]s)?\b|\bcounty ` + placeNouns + `\b`)
)

// placeNouns follow "city" or "county" used as a modifier for the
// council's own services and people ("county social workers", "city front
// door staff", "county care leavers").
const placeNouns = `(?:families|children|young people|social workers|staff|council|leaders|managers|practitioners|teams?|services?|letter|visit|front door|mash|care leavers|foster carers|schools)`

// ResolvePlaces replaces "the city" and "the county" with the councils they
// name. English local government pairs a city with the county around it,
// named alike (Nottingham City and Nottinghamshire): next to a council the
// question or conversation already names, "the county" is the county of
// that city and "the city" the city of that county; with no such council,
// each is the corpus's only city or county, if it has exactly one.
// Otherwise the words are left as they are.
func ResolvePlaces(question string, context []string, authorities []string) string {
	for _, a := range Parse(question, authorities, nil).Filter.Authorities {
		context = append([]string{a}, context...)
	}
	if c := counterpart(context, authorities, true); c != "" {
		question = replaceKeepingTail(reTheCity, question, c)
	}
	if c := counterpart(context, authorities, false); c != "" {
		question = replaceKeepingTail(reTheCounty, question, c)
	}
	return question
}

// replaceKeepingTail replaces "the city('s)" with name('s), and "city
// families" with "name families".
func replaceKeepingTail(re *regexp.Regexp, s, name string) string {
	var b strings.Builder
	last := 0
	for _, loc := range placeMentions(re, s) {
		m := s[loc[0]:loc[1]]
		low := strings.ToLower(m)
		b.WriteString(s[last:loc[0]])
		switch {
		case strings.HasPrefix(low, "the ") && (strings.HasSuffix(low, "'s") || strings.HasSuffix(low, "’s")):
			b.WriteString(name + "'s")
		case strings.HasPrefix(low, "the "):
			b.WriteString(name)
		default:
			b.WriteString(name + m[strings.Index(m, " "):])
		}
		last = loc[1]
	}
	b.WriteString(s[last:])
	return b.String()
}

// afterProperName reports whether before ends with a capitalised word (the
// start of a name that the match continues: "Nottingham City Council"),
// not the first word of a sentence.
func afterProperName(before string) bool {
	f := strings.Fields(before)
	if len(f) == 0 || !strings.HasSuffix(before, " ") {
		return false
	}
	if len(f) == 1 || strings.ContainsAny(f[len(f)-2][len(f[len(f)-2])-1:], ".?!") {
		return false // the question's first word ("Do county social workers …")
	}
	r := []rune(f[len(f)-1])
	return unicode.IsUpper(r[0])
}

// counterpart finds the city (city true) or county a question means.
func counterpart(context, authorities []string, city bool) string {
	kind := "county"
	if city {
		kind = "city"
	}
	want := func(a string) bool { return OfPlaceKind(a, kind) }
	base := func(a string) string {
		a = strings.TrimSuffix(a, " City")
		return strings.TrimSuffix(strings.TrimSuffix(a, "shire"), "Shire")
	}
	for _, c := range context {
		if want(c) {
			return c // the council named is itself the city (county) meant
		}
		for _, a := range authorities {
			if want(a) && base(a) == base(c) {
				return a
			}
		}
	}
	var only []string
	for _, a := range authorities {
		if want(a) {
			only = append(only, a)
		}
	}
	if len(only) == 1 {
		return only[0]
	}
	return ""
}
