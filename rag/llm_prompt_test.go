package rag_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/tmc/langchaingo/llms/openai"

	"github.com/letters-app/letters/rag"
)

// The model answerer is given what the extractive one uses: each context
// paragraph headed with its council, kind of document and date, and the
// question as analysed (what is asked, what is taken as given, the shape of
// answer, what was searched), through the real langchaingo client.
func TestLLMContextCarriesSourcesAndAnalysis(t *testing.T) {
	db := corpus(t, nil)
	fake := &fakeProvider{reply: "The MASH responds quickly [1]."}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	m, _ := openai.New(openai.WithBaseURL(srv.URL+"/v1"), openai.WithToken("test"), openai.WithModel("fake"))
	svc := service(db, rag.NewLLM(m, "openai:fake"))
	res, err := svc.Ask(context.Background(), rag.Request{Question: "The MASH was judged weak in 2022 — list the strengths the 2026 letter found", Answerer: "llm"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Passages) == 0 || res.Analysis == nil || res.Analysis.Premise == "" || res.Analysis.Kind != "list" {
		t.Fatalf("want passages, and an analysis with a premise and kind list; got %d passages, analysis %+v", len(res.Passages), res.Analysis)
	}
	msgs := fake.lastMessages(t)
	user := fmt.Sprint(msgs[1]["content"])
	sys := fmt.Sprint(msgs[0]["content"])
	label := strings.TrimSuffix(rag.SourceLabel(res.Passages[0].Document), ":")
	for _, want := range []string{
		"[1] " + label,
		"What is asked: " + res.Analysis.Ask,
		"Taken as given by the question",
		"Documents searched: " + res.Analysis.Searched,
		"Answer with: a list",
	} {
		if !strings.Contains(user, want) {
			t.Errorf("context lacks %q:\n%s", want, user)
		}
	}
	// a question for a count says what it counts to the model too
	res, err = svc.Ask(context.Background(), rag.Request{Question: "How many inspectors carried out the 2026 monitoring visit to Nottingham City?", Answerer: "llm"})
	if err != nil {
		t.Fatal(err)
	}
	if user := fmt.Sprint(fake.lastMessages(t)[1]["content"]); !strings.Contains(user, "The answer names: a number of inspectors.") {
		t.Errorf("context lacks the expected answer type (analysis wants %q):\n%s", res.Analysis.Wants, user)
	}
	if !strings.Contains(sys, "Say which council and which document each statement comes from") {
		t.Errorf("system prompt does not ask for sources:\n%s", sys)
	}
}
