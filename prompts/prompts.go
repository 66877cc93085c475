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

// Paragraph is one numbered context paragraph.
type Paragraph struct {
	N       int
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
func Context(question string, paras []Paragraph) string {
	safe := make([]Paragraph, len(paras))
	for i, p := range paras {
		p.Text = defuse(p.Text)
		p.Title = defuse(p.Title)
		p.Section = defuse(p.Section)
		safe[i] = p
	}
	return render("context.txt", map[string]any{"Open": Open, "Close": Close, "Paragraphs": safe, "Question": defuse(question)})
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
