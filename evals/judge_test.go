package evals

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/letters-app/letters"

	"github.com/tmc/langchaingo/llms/openai"

	"github.com/letters-app/letters/prompts"
	"github.com/letters-app/letters/rag"
)

// scriptedJudge speaks OpenAI's chat-completions wire protocol and answers
// each judge prompt from a script: the verdict for the first scripted
// phrase found in the fenced paragraph.
type scriptedJudge struct {
	mu      sync.Mutex
	script  map[string]string // phrase in the paragraph -> reply
	prompts []string
}

func (s *scriptedJudge) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Messages []struct {
			Content any `json:"content"`
		} `json:"messages"`
	}
	if !strings.HasSuffix(r.URL.Path, "/chat/completions") || json.NewDecoder(r.Body).Decode(&body) != nil || len(body.Messages) == 0 {
		http.Error(w, `{"error":{"message":"bad request"}}`, http.StatusBadRequest)
		return
	}
	// the content is a string or a list of parts; as JSON, '<' would be
	// escaped and the fence not found, so text is taken as it is
	var prompt string
	switch c := body.Messages[len(body.Messages)-1].Content.(type) {
	case string:
		prompt = c
	default:
		var sb strings.Builder
		enc := json.NewEncoder(&sb)
		enc.SetEscapeHTML(false)
		enc.Encode(c)
		prompt = sb.String()
	}
	s.mu.Lock()
	s.prompts = append(s.prompts, prompt)
	s.mu.Unlock()
	para := prompt
	if i := strings.Index(prompt, prompts.Open); i >= 0 {
		para = prompt[i:]
		if j := strings.Index(para, prompts.Close); j >= 0 {
			para = para[:j]
		}
	}
	if !strings.HasPrefix(para, prompts.Open) {
		http.Error(w, `{"error":{"message":"no fenced paragraph in the prompt"}}`, http.StatusBadRequest)
		return
	}
	reply := "I am not sure."
	for phrase, v := range s.script {
		if strings.Contains(para, phrase) {
			reply = v
		}
	}
	json.NewEncoder(w).Encode(map[string]any{"id": "c1", "object": "chat.completion", "created": 1, "model": "fake",
		"choices": []any{map[string]any{"index": 0, "finish_reason": "stop", "message": map[string]any{"role": "assistant", "content": reply}}},
		"usage":   map[string]any{"prompt_tokens": 10, "completion_tokens": 1, "total_tokens": 11}})
}

type oneAnswer struct{ res letters.Result }

func (o oneAnswer) Ask(context.Context, rag.Request) (letters.Result, error) { return o.res, nil }

func TestLLMJudgeThroughLangchaingo(t *testing.T) {
	fake := &scriptedJudge{script: map[string]string{
		"The MASH is strong": "Yes.",
		"Cake is served":     "no — the paragraph is about cake",
	}}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	m, err := openai.New(openai.WithBaseURL(srv.URL+"/v1"), openai.WithToken("test"), openai.WithModel("fake"))
	if err != nil {
		t.Fatal(err)
	}
	// one sentence citing its real source [1] and a padded one [2]; a
	// second sentence cites nothing
	res := letters.Result{
		Answer: "The MASH is strong [1][2]. Everything is fine.",
		Citations: []letters.Citation{
			{Marker: 1, Key: "a#1", Quote: "The MASH is strong.", Document: letters.DocRef{SourceName: "a.txt"}},
			{Marker: 2, Key: "b#4", Quote: "Cake is served on Fridays.", Document: letters.DocRef{SourceName: "b.txt"}},
		},
		Sentences: []letters.SentenceCheck{{Text: "The MASH is strong.", Markers: []int{1, 2}, Supported: true}, {Text: "Everything is fine."}},
	}
	item := Item{ID: "q", Kind: "fact", Question: "How is the MASH?", Answerable: true, Answer: "strong", Evidence: []Evidence{{Doc: "a.txt", Quote: "The MASH is strong."}}}
	rep, err := Run(context.Background(), oneAnswer{res}, []Item{item}, Options{Judge: LLMJudge{Model: m}})
	if err != nil {
		t.Fatal(err)
	}
	got := rep.Rows[0].Judged
	want := []Verdict{{Sentence: "The MASH is strong.", Marker: 1, Key: "a#1", Supported: true},
		{Sentence: "The MASH is strong.", Marker: 2, Key: "b#4", Supported: false}, {Sentence: "Everything is fine."}}
	if len(got) != len(want) {
		t.Fatalf("verdicts = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("verdict %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	mm := rep.Metrics
	if mm.JudgeCitationPrecision == nil || *mm.JudgeCitationPrecision != 0.5 || *mm.JudgeCitationRecall != 0.5 || mm.JudgePairs != 2 {
		t.Errorf("judge metrics = %v / %v over %d pairs, want precision 0.5 (the padded citation), recall 0.5 (one of two sentences), 2 pairs",
			mm.JudgeCitationPrecision, mm.JudgeCitationRecall, mm.JudgePairs)
	}
	if len(fake.prompts) != 2 || !strings.Contains(fake.prompts[0], "Statement: The MASH is strong.") {
		t.Errorf("judge prompts = %q, want two, each with the sentence alone", fake.prompts)
	}

	// a reply that is neither yes nor no is an error, not a verdict
	fake.script = map[string]string{}
	if _, err := Run(context.Background(), oneAnswer{res}, []Item{item}, Options{Judge: LLMJudge{Model: m}}); err == nil {
		t.Error("an unreadable judge reply was taken as a verdict")
	}
}
