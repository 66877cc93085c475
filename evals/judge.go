package evals

import (
	"context"
	"fmt"

	"github.com/letters-app/letters"

	"github.com/tmc/langchaingo/llms"

	"github.com/letters-app/letters/prompts"
)

// Judge decides whether one paragraph, on its own, supports one sentence.
// ALCE scores citations this way with an NLI classifier; here a configured
// model takes its place.
type Judge interface {
	Supports(ctx context.Context, paragraph, sentence string) (bool, error)
}

// Verdict is the judge's view of one (sentence, citation) pair; Marker 0 is
// a sentence that cites nothing (never supported).
type Verdict struct {
	Sentence  string `json:"sentence"`
	Marker    int    `json:"marker"`
	Key       string `json:"key,omitempty"`
	Supported bool   `json:"supported"`
}

// LLMJudge asks a langchaingo model, with the prompts package's judge
// template, at temperature 0.
type LLMJudge struct {
	Model llms.Model
}

// Supports implements Judge. A reply that is neither yes nor no is an error
// (a judge that cannot be read must not count as a verdict).
func (j LLMJudge) Supports(ctx context.Context, paragraph, sentence string) (bool, error) {
	reply, err := llms.GenerateFromSinglePrompt(ctx, j.Model, prompts.Judge(paragraph, sentence), llms.WithTemperature(0))
	if err != nil {
		return false, fmt.Errorf("%w: %w", letters.ErrProviderFailed, err)
	}
	ok, read := prompts.JudgeVerdict(reply)
	if !read {
		return false, fmt.Errorf("%w: judge replied %q, not yes or no", letters.ErrProviderFailed, clip(reply, 80))
	}
	return ok, nil
}

// judgeRow asks the judge about every (sentence, citation) pair of an
// answer: each cited paragraph alone against the sentence alone.
func judgeRow(ctx context.Context, j Judge, res letters.Result) ([]Verdict, error) {
	byMarker := map[int]letters.Citation{}
	for _, c := range res.Citations {
		byMarker[c.Marker] = c
	}
	out := []Verdict{}
	for _, s := range res.Sentences {
		if len(s.Markers) == 0 {
			out = append(out, Verdict{Sentence: s.Text})
			continue
		}
		for _, m := range s.Markers {
			c, ok := byMarker[m]
			v := Verdict{Sentence: s.Text, Marker: m, Key: c.Key}
			if ok {
				sup, err := j.Supports(ctx, c.Quote, s.Text)
				if err != nil {
					return nil, err
				}
				v.Supported = sup
			}
			out = append(out, v)
		}
	}
	return out, nil
}

// judgeCounts: citation pairs judged, supported; sentences, sentences with
// at least one supporting citation.
func judgeCounts(r Row) (pairs, pairsOK, sents, sentsOK int) {
	ok := map[string]bool{}
	var order []string
	for _, v := range r.Judged {
		if _, seen := ok[v.Sentence]; !seen {
			order = append(order, v.Sentence)
			ok[v.Sentence] = false
		}
		if v.Marker > 0 {
			pairs++
			if v.Supported {
				pairsOK++
				ok[v.Sentence] = true
			}
		}
	}
	for _, s := range order {
		sents++
		if ok[s] {
			sentsOK++
		}
	}
	return
}
