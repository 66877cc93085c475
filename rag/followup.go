package rag

import (
	"regexp"
	"strings"

	"github.com/letters-app/letters/internal/terms"
)

// Turn is an earlier exchange of a conversation, as follow-ups need it.
type Turn struct {
	Question  string `json:"question"`
	Rewritten string `json:"rewritten,omitempty"`
	Answer    string `json:"answer"`
}

var (
	reFollowUp = regexp.MustCompile(`(?i)^\s*(and|but|also|what about|how about|what of|then|so)\b`)
	rePronoun  = regexp.MustCompile(`(?i)\b(that|this|it|they|them|those|these|there|then|same)\b`)
)

// Rewrite resolves a follow-up question against the previous turn without a
// model: an elliptic question ("and what about Nottinghamshire?", "when was
// that?") carries the previous topic, with the previous authority and years
// replaced by any the follow-up names.
func Rewrite(question string, history []Turn, authorities []string) string {
	if len(history) == 0 {
		return question
	}
	prev := history[len(history)-1]
	prevQ := prev.Rewritten
	if prevQ == "" {
		prevQ = prev.Question
	}
	content := 0
	for _, t := range terms.Content(question) {
		if !terms.IsQuestionWord(t.Word) {
			content++
		}
	}
	if !reFollowUp.MatchString(question) && !(rePronoun.MatchString(question) && content < 3) && content >= 2 {
		return question // a question that stands on its own
	}
	topic := prevQ
	cur := Parse(question, authorities, nil)
	if len(cur.Filter.Authorities) > 0 {
		for _, a := range authorities {
			topic = regexp.MustCompile(`(?i)\b`+regexp.QuoteMeta(a)+`(['’]s)?\b`).ReplaceAllString(topic, "")
		}
	}
	if len(cur.Years) > 0 {
		topic = reYear.ReplaceAllString(topic, "")
	}
	topic = strings.Join(strings.Fields(topic), " ")
	return strings.TrimSpace(question) + " (" + strings.TrimRight(topic, "?. ") + ")"
}
