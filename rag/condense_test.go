package rag_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/tmc/langchaingo/llms/openai"

	"github.com/letters-app/letters"
	"github.com/letters-app/letters/rag"
)

// condenseRouter sends the condenser's request (the prompt that ends with
// "Follow-up question:") to one fake provider and every other request to
// another.
type condenseRouter struct{ condense, answer *fakeProvider }

func (c condenseRouter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(b))
	if bytes.Contains(b, []byte("Follow-up question:")) {
		c.condense.ServeHTTP(w, r)
		return
	}
	c.answer.ServeHTTP(w, r)
}

func fakeLLM(t *testing.T, h http.Handler) *rag.LLM {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	m, err := openai.New(openai.WithBaseURL(srv.URL+"/v1"), openai.WithToken("test"), openai.WithModel("fake"))
	if err != nil {
		t.Fatal(err)
	}
	return rag.NewLLM(m, "openai:fake")
}

// TestCondense: the model rewrites a follow-up from a prompt holding the
// conversation and the follow-up; its reply is trimmed; a failing
// provider, an empty rewrite or one far longer than the question is an
// error.
func TestCondense(t *testing.T) {
	ctx := context.Background()
	history := []letters.Turn{
		{Question: "What did inspectors say about the Nottingham City MASH?", Answer: "The MASH response is consistently strong [1]."},
		{Question: "Who led the visit?", Answer: "Two inspectors [1]."},
	}
	const followUp = "And in 2024?"
	const rewritten = "What did inspectors say about the Nottingham City MASH in 2024?"
	tests := []struct {
		name    string
		fake    *fakeProvider
		want    string
		wantErr string // a piece of the error; "" for none
		is      error
	}{
		{"rewrites", &fakeProvider{reply: "  " + rewritten + "\n"}, rewritten, "", nil},
		{"provider fails", &fakeProvider{status: 500}, "", "provider", letters.ErrProviderFailed},
		{"empty rewrite", &fakeProvider{reply: " \n "}, "", "condense: unusable rewrite", nil},
		{"rambling rewrite", &fakeProvider{reply: strings.Repeat("word ", 100)}, "", "condense: unusable rewrite", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := fakeLLM(t, tt.fake).Condense(ctx, history, followUp)
			if tt.wantErr == "" && err != nil {
				t.Fatalf("Condense: %v", err)
			}
			if tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("Condense error = %v, want one with %q", err, tt.wantErr)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("Condense error = %v, want errors.Is %v", err, tt.is)
			}
			if got != tt.want {
				t.Errorf("Condense = %q, want %q", got, tt.want)
			}
			if tt.fake.status != 0 {
				return
			}
			msgs := tt.fake.lastMessages(t)
			if len(msgs) != 1 || msgs[0]["role"] != "user" {
				t.Fatalf("condense request messages = %v, want one user message", msgs)
			}
			prompt := fmt.Sprint(msgs[0]["content"])
			for _, want := range []string{
				"User: " + history[0].Question, "Assistant: " + history[0].Answer,
				"User: " + history[1].Question, "Assistant: " + history[1].Answer,
				"Follow-up question: " + followUp,
			} {
				if !strings.Contains(prompt, want) {
					t.Errorf("condense prompt lacks %q:\n%s", want, prompt)
				}
			}
		})
	}
}

// TestServiceCondensesFollowUps: a follow-up asked of the LLM answerer is
// retrieved with the model's rewrite, which the record keeps; when the
// condenser fails, the rule-based rewrite is used and the answer still
// given; the extractive answerer never calls the model.
func TestServiceCondensesFollowUps(t *testing.T) {
	db := corpus(t, nil)
	history := []letters.Turn{{Question: "What did inspectors say about the MASH in Nottingham City?", Answer: "The MASH is strong [1]."}}
	const followUp = "What about when a child is at high risk of significant harm?"
	const rewritten = "How does the Nottingham City MASH respond when a child is at high risk of significant harm?"
	answer := &fakeProvider{reply: "When children are at high risk of significant harm, the initial response from the MASH remains consistently strong [1]."}
	tests := []struct {
		name         string
		condense     *fakeProvider
		answerer     string
		wantRewrite  string // "" for the rule-based rewrite (anything but the model's)
		wantCondense int    // requests the condenser gets
	}{
		{"model rewrite", &fakeProvider{reply: rewritten}, "", rewritten, 1},
		{"condenser fails", &fakeProvider{status: 500}, "", "", 1},
		{"extractive", &fakeProvider{reply: rewritten}, "extractive", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc := service(db, fakeLLM(t, condenseRouter{condense: tt.condense, answer: answer}))
			res, err := svc.Ask(context.Background(), rag.Request{Question: followUp, History: history, Answerer: tt.answerer})
			if err != nil {
				t.Fatal(err)
			}
			tt.condense.mu.Lock()
			n := len(tt.condense.bodies)
			tt.condense.mu.Unlock()
			if n != tt.wantCondense {
				t.Errorf("condenser got %d requests, want %d", n, tt.wantCondense)
			}
			got := res.Record.RewrittenQuery
			if tt.wantRewrite != "" && got != tt.wantRewrite {
				t.Errorf("rewritten query = %q, want the model's %q", got, tt.wantRewrite)
			}
			if tt.wantRewrite == "" && got == rewritten {
				t.Errorf("rewritten query = %q: the model's rewrite was used", got)
			}
			if tt.wantRewrite != "" {
				if msgs := answer.lastMessages(t); !strings.Contains(fmt.Sprint(msgs[len(msgs)-1]["content"]), tt.wantRewrite) {
					t.Errorf("the answerer was not asked the rewritten question %q", tt.wantRewrite)
				}
			}
			if res.Refused || len(res.Citations) == 0 {
				t.Errorf("refused %v with %d citations; want an answer", res.Refused, len(res.Citations))
			}
		})
	}
}
