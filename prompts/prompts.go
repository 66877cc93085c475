// Package prompts holds the text templates used by the LLM answerer and the
// follow-up condenser, embedded in the binary, with a version string that is
// recorded with each answer.
package prompts

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"strings"
	"text/template"
)

//go:embed templates/*.txt
var files embed.FS

var tmpl = template.Must(template.ParseFS(files, "templates/*.txt"))

// Refusal is the exact reply the model is told to give when the context
// does not answer the question.
const Refusal = "The letters provided do not answer this question."

// Fence lines around each context paragraph.
const (
	Open  = "<<<PARAGRAPH"
	Close = "<<<END PARAGRAPH"
)

// Version identifies the templates: "v1-" and a hash of their text.
var Version = func() string {
	h := sha256.New()
	for _, n := range []string{"system.txt", "context.txt", "condense.txt"} {
		b, _ := files.ReadFile("templates/" + n)
		h.Write(b)
	}
	return "v1-" + hex.EncodeToString(h.Sum(nil))[:10]
}()

// Question is the question as it was understood (rag's analysis), so that a
// model answers what was asked, in the shape asked for.
type Question struct {
	Text     string // the question (a follow-up already resolved)
	Ask      string // the clause that asks, when the question also states a premise
	Premise  string // what the question takes as given (not to be answered)
	Kind     string // fact, list, count, date, duration, definition, why, yesno, comparison, summary, latest
	Searched string // the councils, document kinds and years searched, for people
	Wants    string // the kinds of answer expected ("a sum of money", "a number of inspectors")
}

// Paragraph is one numbered context paragraph.
type Paragraph struct {
	N       int
	Source  string // "Harwick City — monitoring visit letter, 12 March 2026": council, kind and date
	Title   string
	Date    string
	Label   string
	Section string
	Text    string
}

// Turn is one earlier exchange of a conversation.
type Turn struct {
	Question string
	Answer   string
}

func render(name string, data any) string {
	var b bytes.Buffer
	if err := tmpl.ExecuteTemplate(&b, name, data); err != nil {
		panic(err) // templates are embedded and tested
	}
	return strings.TrimSpace(b.String())
}

// System is the system prompt.
func System() string { return render("system.txt", map[string]string{"Refusal": Refusal}) }

// Context is the user message: the fenced, numbered paragraphs and the question.
// Paragraph text cannot close its fence: fence-like sequences inside it are defused.
func Context(q Question, paras []Paragraph) string {
	safe := make([]Paragraph, len(paras))
	for i, p := range paras {
		p.Text = defuse(p.Text)
		p.Title = defuse(p.Title)
		p.Section = defuse(p.Section)
		p.Source = defuse(p.Source)
		safe[i] = p
	}
	q.Text, q.Ask, q.Premise, q.Searched, q.Wants = defuse(q.Text), defuse(q.Ask), defuse(q.Premise), defuse(q.Searched), defuse(q.Wants)
	if q.Ask == q.Text {
		q.Ask = ""
	}
	return render("context.txt", map[string]any{"Open": Open, "Close": Close, "Paragraphs": safe, "Question": q,
		"Shape": shapes[q.Kind]})
}

// shapes tell the model the form of answer a kind of question wants.
var shapes = map[string]string{
	"list":       "a list, one item per line, each item cited",
	"count":      "the number first, as the documents state it, then what it counts",
	"date":       "the date first, as the documents state it",
	"duration":   "the length of time first, with the two dates it is measured between",
	"definition": "what the term stands for or means, in the documents' words",
	"yesno":      "yes or no first, then the sentence that shows it",
	"comparison": "each side in its own sentence, grouped by document in date order",
	"summary":    "the main findings, one sentence each, grouped by document in date order",
	"latest":     "what the most recent document says, naming its date",
	"why":        "the reason the documents give",
}

// Condense is the prompt that rewrites a follow-up question.
func Condense(history []Turn, question string) string {
	return render("condense.txt", map[string]any{"History": history, "Question": question})
}

// IsRefusal reports whether a model reply says the context does not answer.
func IsRefusal(reply string) bool {
	r := strings.ToLower(strings.TrimSpace(reply))
	return strings.HasPrefix(r, strings.ToLower(Refusal)) ||
		strings.Contains(r, "do not answer this question") || strings.Contains(r, "does not answer the question") ||
		strings.Contains(r, "context does not contain")
}

func defuse(s string) string {
	return strings.ReplaceAll(s, "<<<", "‹‹‹")
}

// Judge is the prompt that asks a model whether one cited paragraph, on its
// own, supports one answer sentence (the eval judge, ALCE-style).
func Judge(paragraph, statement string) string {
	return render("judge.txt", map[string]any{"Open": Open, "Close": Close, "Paragraph": defuse(paragraph), "Statement": defuse(statement)})
}

// JudgeVerdict reads a judge's reply: yes or no as its first word.
func JudgeVerdict(reply string) (supported bool, ok bool) {
	f := strings.Fields(strings.ToLower(reply))
	if len(f) == 0 {
		return false, false
	}
	switch strings.Trim(f[0], ".,:;!\"'*") {
	case "yes":
		return true, true
	case "no":
		return false, true
	}
	return false, false
}
