package rag

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/letters-app/letters"

	"github.com/tmc/langchaingo/llms"

	"github.com/letters-app/letters/prompts"
)

var _ Answerer = (*LLM)(nil)

// LLM answers with any langchaingo model (Ollama, OpenAI, OpenAI-compatible
// servers), streaming through llms.WithStreamingFunc.
type LLM struct {
	model     llms.Model
	modelName string
	maxTokens int
}

// NewLLM wraps a langchaingo model; modelName is recorded with each answer.
func NewLLM(model llms.Model, modelName string) *LLM {
	return &LLM{model: model, modelName: modelName, maxTokens: 512}
}

// Name identifies the answerer.
func (a *LLM) Name() string { return "llm" }

// Messages builds the chat messages for a question, as analysed (nil for
// none), and its context paragraphs, each headed with its source label
// (council, kind of document, date) as the extractive answer labels it.
func Messages(question string, an *letters.Analysis, passages []letters.Passage) []llms.MessageContent {
	paras := make([]prompts.Paragraph, len(passages))
	for i, p := range passages {
		paras[i] = prompts.Paragraph{N: i + 1, Source: strings.TrimSuffix(SourceLabel(p.Document), ":"), Title: p.Document.Title,
			Date: p.Document.Date, Label: p.Label, Section: p.Section, Text: p.Text}
	}
	q := prompts.Question{Text: question}
	if an != nil {
		q.Ask, q.Premise, q.Kind, q.Searched = an.Ask, an.Premise, an.Kind, an.Searched
		q.Wants = strings.Join(an.Wants, " and ")
	}
	return []llms.MessageContent{
		llms.TextParts(llms.ChatMessageTypeSystem, prompts.System()),
		llms.TextParts(llms.ChatMessageTypeHuman, prompts.Context(q, paras)),
	}
}

// Answer asks the model.
func (a *LLM) Answer(ctx context.Context, in AnswerInput) (Draft, error) {
	opts := []llms.CallOption{llms.WithTemperature(0), llms.WithMaxTokens(a.maxTokens)}
	if in.OnToken != nil {
		opts = append(opts, llms.WithStreamingFunc(func(_ context.Context, chunk []byte) error {
			in.OnToken(string(chunk))
			return nil
		}))
	}
	resp, err := a.model.GenerateContent(ctx, Messages(in.Question, in.Analysis, in.Passages), opts...)
	if err != nil {
		return Draft{}, fmt.Errorf("%w: %w", letters.ErrProviderFailed, err)
	}
	if resp == nil || len(resp.Choices) == 0 {
		return Draft{}, fmt.Errorf("%w: %w", letters.ErrProviderFailed, answerProblem("the model sent no answer"))
	}
	text := strings.TrimSpace(resp.Choices[0].Content)
	if text == "" {
		return Draft{}, fmt.Errorf("%w: %w", letters.ErrProviderFailed, answerProblem("the model sent an empty answer"))
	}
	return Draft{Text: text, Refused: prompts.IsRefusal(text), Model: a.modelName, PromptVersion: prompts.Version}, nil
}

// Condense rewrites a follow-up question with the model.
func (a *LLM) Condense(ctx context.Context, history []letters.Turn, question string) (string, error) {
	ts := make([]prompts.Turn, len(history))
	for i, h := range history {
		ts[i] = prompts.Turn{Question: h.Question, Answer: h.Answer}
	}
	out, err := llms.GenerateFromSinglePrompt(ctx, a.model, prompts.Condense(ts, question), llms.WithTemperature(0), llms.WithMaxTokens(128))
	if err != nil {
		return "", fmt.Errorf("%w: %w", letters.ErrProviderFailed, err)
	}
	out = strings.TrimSpace(out)
	if out == "" || len(out) > 4*len(question)+400 {
		return "", errors.New("condense: unusable rewrite")
	}
	return out, nil
}
