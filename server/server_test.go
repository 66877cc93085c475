package server_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/tmc/langchaingo/llms"
	"github.com/tmc/langchaingo/llms/openai"

	"github.com/letters-app/letters/internal/hashembed"
	"github.com/letters-app/letters/internal/store"
	"github.com/letters-app/letters/internal/testdb"
	"github.com/letters-app/letters/rag"
	"github.com/letters-app/letters/server"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// newServer starts the real Echo server over a fresh database holding the
// sample letters (or none, when empty is true).
func newServer(t testing.TB, empty bool) (*httptest.Server, *store.DB) {
	t.Helper()
	return newServerWith(t, empty, nil)
}

// newServerWith lets a test change the server's configuration.
func newServerWith(t testing.TB, empty bool, configure func(*server.Config, *store.DB)) (*httptest.Server, *store.DB) {
	t.Helper()
	db := testdb.Open(t)
	emb, _ := hashembed.New(0)
	if !empty {
		testdb.Ingest(t, db, "../letters")
	}
	svc := rag.NewService(db, emb, emb.Name(), rag.Config{}, quiet, &rag.Extractive{})
	cfg := server.Config{Logger: quiet}
	if configure != nil {
		configure(&cfg, db)
	}
	srv := httptest.NewServer(server.New(cfg, svc, db).Handler())
	t.Cleanup(srv.Close)
	return srv, db
}

func do(t testing.TB, method, url, ctype, body string) (int, map[string]any, http.Header) {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	raw, _ := io.ReadAll(resp.Body)
	_ = json.Unmarshal(raw, &out)
	return resp.StatusCode, out, resp.Header
}

const js = "application/json"

func TestBadRequests(t *testing.T) {
	srv, _ := newServer(t, false)
	long := strings.Repeat("a", 10*1024)
	tests := []struct {
		name, method, path, ctype, body string
		status                          int
		code, msg                       string // msg: the start of the error message
	}{
		{"malformed JSON", "POST", "/api/ask", js, `{"question":`, 400, "bad_request", "malformed JSON"},
		{"not an object", "POST", "/api/ask", js, `["question"]`, 400, "bad_request", `field "" has the wrong type`}, // names no field: a wart, asserted as it is
		{"two objects", "POST", "/api/ask", js, `{"question":"a"}{"question":"b"}`, 400, "bad_request", "the body must hold one JSON object"},
		{"wrong content type", "POST", "/api/ask", "text/plain", `{"question":"MASH?"}`, 415, "unsupported_media_type", "send the body as application/json"},
		{"no content type", "POST", "/api/chat", "", `{"question":"MASH?"}`, 415, "unsupported_media_type", "send the body as application/json"},
		{"empty body", "POST", "/api/ask", js, ``, 400, "bad_request", "the request body is empty"},
		{"empty question", "POST", "/api/ask", js, `{"question":"   "}`, 400, "bad_request", "question is empty"},
		{"10 kB question", "POST", "/api/ask", js, `{"question":"` + long + `"}`, 400, "bad_request", "question is longer than 2000 characters"},
		{"oversized body", "POST", "/api/ask", js, `{"question":"` + strings.Repeat("a", 70*1024) + `"}`, 413, "", "Request Entity Too Large"},
		{"invalid UTF-8", "POST", "/api/ask", js, "{\"question\":\"MASH \xff\xfe\"}", 400, "bad_request", "the request body is not valid UTF-8"},
		{"control characters", "POST", "/api/ask", js, `{"question":"MASH\u0000\u0007?"}`, 400, "bad_request", "question contains control characters"},
		{"unknown field", "POST", "/api/ask", js, `{"question":"MASH?","evil":1}`, 400, "bad_request", "unknown field \"evil\""},
		{"wrong type", "POST", "/api/ask", js, `{"question":42}`, 400, "bad_request", "field \"question\" has the wrong type"},
		{"too many filter values", "POST", "/api/ask", js, `{"question":"MASH?","filters":{"authorities":[` + strings.Repeat(`"x",`, 30) + `"x"]}}`, 400, "bad_request", "at most 20 values per filter"},
		{"very long filter value", "POST", "/api/ask", js, `{"question":"MASH?","filters":{"authorities":["` + strings.Repeat("x", 500) + `"]}}`, 400, "bad_request", "authority is longer than 100 characters"},
		{"unknown kind", "POST", "/api/ask", js, `{"question":"MASH?","filters":{"kinds":["poem"]}}`, 400, "bad_request", "unknown document kind \"poem\""},
		{"bad date", "POST", "/api/ask", js, `{"question":"MASH?","filters":{"from":"2024-13-45"}}`, 400, "bad_request", "date \"2024-13-45\" is not YYYY-MM-DD"},
		{"range backwards", "POST", "/api/ask", js, `{"question":"MASH?","filters":{"from":"2025-01-01","to":"2024-01-01"}}`, 400, "bad_request", "the date range ends before it starts"},
		{"unknown conversation", "POST", "/api/ask", js, `{"question":"MASH?","conversation_id":"8b0c2a8e-5f7e-4c1e-9f53-2d1f7a3c9e10"}`, 404, "not_found", "not found"},
		{"malformed conversation id", "POST", "/api/ask", js, `{"question":"MASH?","conversation_id":"'; DROP TABLE turns; --"}`, 404, "not_found", "not found"},
		{"unknown answerer", "POST", "/api/ask", js, `{"question":"MASH?","answerer":"oracle"}`, 400, "bad_request", "unknown answerer \"oracle\" (have extractive)"},
		{"unknown document", "GET", "/api/documents/999999", "", "", 404, "not_found", "not found"},
		{"non-numeric document", "GET", "/api/documents/abc", "", "", 404, "not_found", "no such id"},
		{"unknown paragraph", "GET", "/api/paragraphs/0", "", "", 404, "not_found", "no such id"},
		{"unknown conversation get", "GET", "/api/conversations/nope", "", "", 404, "not_found", "not found"},
		{"unknown API route", "GET", "/api/nothing", "", "", 404, "not_found", "no such API route"},
		{"search without q", "GET", "/api/search", "", "", 400, "bad_request", "q is empty"},
		{"search bad k", "GET", "/api/search?q=MASH&k=1000", "", "", 400, "bad_request", "k must be a whole number from 1 to 50"},
		{"feedback without turn", "POST", "/api/feedback", js, `{"rating":1}`, 400, "bad_request", "turn_id is required"},
		{"feedback bad rating", "POST", "/api/feedback", js, `{"turn_id":1,"rating":5}`, 400, "bad_request", "rating must be -1, 0 or 1"},
		{"feedback unknown turn", "POST", "/api/feedback", js, `{"turn_id":999999,"rating":1}`, 404, "not_found", "not found"},
		{"openai unknown model", "POST", "/v1/chat/completions", js, `{"model":"gpt-4","messages":[{"role":"user","content":"MASH?"}]}`, 404, "model_not_found", "unknown model \"gpt-4\"; see /v1/models"},
		{"openai no messages", "POST", "/v1/chat/completions", js, `{"model":"letters","messages":[]}`, 400, "bad_request", "messages is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body, _ := do(t, tt.method, srv.URL+tt.path, tt.ctype, tt.body)
			if status != tt.status {
				t.Fatalf("status = %d, want %d (body %v)", status, tt.status, body)
			}
			e, ok := body["error"].(map[string]any)
			if !ok {
				t.Fatalf("body = %v, want {error: {code, message}}", body)
			}
			if msg, _ := e["message"].(string); !strings.HasPrefix(msg, tt.msg) || tt.msg == "" {
				t.Errorf("message = %#v, want %q…", e["message"], tt.msg)
			}
			if tt.code != "" && e["code"] != tt.code {
				t.Errorf("code = %v, want %s", e["code"], tt.code)
			}
			if msg := fmt.Sprint(e["message"]); strings.Contains(msg, "store:") || strings.Contains(msg, "pgx") || strings.Contains(msg, "SQL") {
				t.Errorf("error message leaks internals: %q", msg)
			}
		})
	}
}

func TestHostileQuestionsAreAnsweredSafely(t *testing.T) {
	srv, db := newServer(t, false)
	for _, q := range []string{
		`MASH'; DROP TABLE paragraphs; --`,
		`<script>alert(1)</script> what about the MASH?`,
		`" OR 1=1 -- ) & | ! :* <-> ' \`,
		`and or not of the`,
		`MASH 2024/25 ½ café naïve Ærø (NFA) "inspection of local authority children's services"`,
		`what is the multi-agency safeguarding hub and the emergency duty team in 2019 to 2026?`,
	} {
		t.Run(q, func(t *testing.T) {
			b, _ := json.Marshal(map[string]string{"question": q})
			status, body, _ := do(t, "POST", srv.URL+"/api/ask", js, string(b))
			if status != 200 {
				t.Fatalf("status %d: %v", status, body)
			}
			if body["question"] != q {
				t.Errorf("question echoed as %v", body["question"])
			}
		})
	}
	if d, p, err := db.Counts(context.Background()); err != nil || d != 5 || p < 80 {
		t.Errorf("after hostile questions: %d documents, %d paragraphs, %v", d, p, err)
	}
}

func TestAskConversationAndFeedback(t *testing.T) {
	srv, _ := newServer(t, false)
	status, first, _ := do(t, "POST", srv.URL+"/api/ask", js, `{"question":"What did inspectors find about the MASH in Nottingham City?"}`)
	if status != 200 {
		t.Fatalf("status %d: %v", status, first)
	}
	cid, _ := first["conversation_id"].(string)
	if cid == "" || first["turn_id"] == nil || len(first["citations"].([]any)) == 0 {
		t.Fatalf("first answer: %v", first)
	}
	status, second, _ := do(t, "POST", srv.URL+"/api/ask", js, `{"question":"and what about Nottinghamshire?","conversation_id":"`+cid+`"}`)
	if status != 200 {
		t.Fatalf("follow-up status %d: %v", status, second)
	}
	rec := second["record"].(map[string]any)
	if !strings.Contains(strings.ToLower(fmt.Sprint(rec["rewritten_query"])), "mash") {
		t.Errorf("follow-up not rewritten with the topic: %v", rec["rewritten_query"])
	}
	for _, c := range second["citations"].([]any) {
		if a := c.(map[string]any)["document"].(map[string]any)["authority"]; a != "Nottinghamshire" {
			t.Errorf("follow-up cites %v, want Nottinghamshire", a)
		}
	}
	status, conv, _ := do(t, "GET", srv.URL+"/api/conversations/"+cid, "", "")
	if status != 200 {
		t.Fatalf("conversation status %d", status)
	}
	turns := conv["turns"].([]any)
	if len(turns) != 2 {
		t.Fatalf("%d turns, want 2", len(turns))
	}
	res := turns[0].(map[string]any)["result"].(map[string]any)
	if len(res["citations"].([]any)) == 0 || res["record"].(map[string]any)["embedder"] == "" || res["record"].(map[string]any)["corpus_version"] == "" {
		t.Errorf("stored turn lost citations or its record: %v", res["record"])
	}
	turnID := fmt.Sprint(first["turn_id"])
	status, fb, _ := do(t, "POST", srv.URL+"/api/feedback", js, `{"turn_id":`+turnID+`,"rating":1,"comment":"useful"}`)
	if status != 201 || fb["id"] == nil {
		t.Errorf("feedback: %d %v", status, fb)
	}
	status, _, _ = do(t, "POST", srv.URL+"/api/feedback", js, `{"turn_id":`+turnID+`,"citation_marker":1}`)
	if status != 201 {
		t.Errorf("citation feedback status %d", status)
	}
}

type event struct {
	name string
	data map[string]any
}

func readSSE(t *testing.T, r io.Reader) []event {
	t.Helper()
	var out []event
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	var cur event
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "event: "):
			cur.name = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			if err := json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &cur.data); err != nil {
				t.Fatalf("bad event data %q: %v", line, err)
			}
		case line == "":
			out = append(out, cur)
			cur = event{}
		}
	}
	return out
}

func TestChatStream(t *testing.T) {
	srv, _ := newServer(t, false)
	resp, err := http.Post(srv.URL+"/api/chat", js, strings.NewReader(`{"question":"How does the MASH respond to children at high risk of significant harm?"}`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
		t.Fatalf("content type %q", ct)
	}
	evs := readSSE(t, resp.Body)
	if len(evs) < 4 || evs[0].name != "meta" || evs[len(evs)-1].name != "done" {
		t.Fatalf("events: %v", evs)
	}
	var text strings.Builder
	tokens, cits := 0, 0
	for _, e := range evs {
		switch e.name {
		case "token":
			tokens++
			text.WriteString(e.data["text"].(string))
		case "citation":
			cits++
		}
	}
	done := evs[len(evs)-1].data
	if tokens < 5 || cits == 0 || cits != len(done["citations"].([]any)) {
		t.Errorf("%d tokens, %d citation events, done has %d citations", tokens, cits, len(done["citations"].([]any)))
	}
	if strings.TrimSpace(text.String()) != strings.TrimSpace(done["answer"].(string)) {
		t.Errorf("streamed %q\ndone %q", text.String(), done["answer"])
	}
	if done["conversation_id"] == "" {
		t.Error("done lacks the conversation id")
	}
}

func TestDocumentsSearchParagraphs(t *testing.T) {
	srv, _ := newServer(t, false)
	status, body, _ := do(t, "GET", srv.URL+"/api/documents", "", "")
	docs := body["documents"].([]any)
	if status != 200 || len(docs) != 5 {
		t.Fatalf("documents: %d, %d", status, len(docs))
	}
	first := docs[0].(map[string]any)
	if first["title"] == "" || first["letter_date"] == nil || first["kind"] == "" {
		t.Errorf("document metadata missing: %v", first)
	}
	id := fmt.Sprint(first["id"])
	status, doc, _ := do(t, "GET", srv.URL+"/api/documents/"+id, "", "")
	paras := doc["paragraphs"].([]any)
	if status != 200 || len(paras) < 10 {
		t.Fatalf("document %s: %d, %d paragraphs", id, status, len(paras))
	}
	p := paras[0].(map[string]any)
	if p["label"] == "" || p["key"] == "" || p["text"] == "" {
		t.Errorf("paragraph fields: %v", p)
	}
	status, para, _ := do(t, "GET", srv.URL+"/api/paragraphs/"+fmt.Sprint(p["id"]), "", "")
	if status != 200 || para["text"] != p["text"] {
		t.Errorf("paragraph: %d %v", status, para["text"])
	}
	status, hits, _ := do(t, "GET", srv.URL+"/api/search?q=emergency+duty+team&k=3&authority=Nottinghamshire", "", "")
	ps := hits["passages"].([]any)
	if status != 200 || len(ps) == 0 || len(ps) > 3 {
		t.Fatalf("search: %d, %d hits", status, len(ps))
	}
	for _, h := range ps {
		if a := h.(map[string]any)["document"].(map[string]any)["authority"]; a != "Nottinghamshire" {
			t.Errorf("search hit from %v", a)
		}
	}
	status, _, _ = do(t, "GET", srv.URL+"/api/openapi.yaml", "", "")
	if status != 200 {
		t.Errorf("openapi: %d", status)
	}
}

func TestHealthReadyMetricsHeaders(t *testing.T) {
	srv, _ := newServer(t, false)
	if s, _, _ := do(t, "GET", srv.URL+"/healthz", "", ""); s != 200 {
		t.Errorf("healthz %d", s)
	}
	if s, b, _ := do(t, "GET", srv.URL+"/readyz", "", ""); s != 200 || b["documents"] != float64(5) {
		t.Errorf("readyz %d %v", s, b)
	}
	do(t, "POST", srv.URL+"/api/ask", js, `{"question":"What does NFA mean?"}`)
	resp, err := http.Get(srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, m := range []string{"letters_http_requests_total", "letters_http_request_duration_seconds", "letters_retrieval_duration_seconds",
		"letters_answer_duration_seconds", "letters_refusals_total", "letters_unsupported_citations_total"} {
		if !strings.Contains(string(raw), m) {
			t.Errorf("/metrics lacks %s", m)
		}
	}
	for _, path := range []string{"/", "/documents", "/c/3f2504e0-4f89-11d3-9a0c-0305e82c3301"} {
		req, _ := http.NewRequest(http.MethodHead, srv.URL+path, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("HEAD %s = %d, want 200", path, resp.StatusCode)
		}
	}
	_, _, h := do(t, "GET", srv.URL+"/", "", "")
	for k, want := range map[string]string{"Content-Security-Policy": "script-src 'self'", "X-Content-Type-Options": "nosniff",
		"X-Frame-Options": "DENY", "X-Request-Id": ""} {
		if v := h.Get(k); v == "" || !strings.Contains(v, want) {
			t.Errorf("header %s = %q", k, v)
		}
	}
	empty, _ := newServer(t, true)
	if s, b, _ := do(t, "GET", empty.URL+"/readyz", "", ""); s != 503 {
		t.Errorf("readyz on an empty corpus: %d %v", s, b)
	}
	if s, _, _ := do(t, "POST", empty.URL+"/api/ask", js, `{"question":"MASH?"}`); s != 503 {
		t.Errorf("ask on an empty corpus: %d, want 503", s)
	}
}

// TestOpenAICompatible drives /v1 with langchaingo's own OpenAI client.
func TestOpenAICompatible(t *testing.T) {
	srv, _ := newServer(t, false)
	status, models, _ := do(t, "GET", srv.URL+"/v1/models", "", "")
	if status != 200 || len(models["data"].([]any)) < 2 {
		t.Fatalf("models: %d %v", status, models)
	}
	client, err := openai.New(openai.WithBaseURL(srv.URL+"/v1"), openai.WithToken("unused"), openai.WithModel("letters"))
	if err != nil {
		t.Fatal(err)
	}
	msgs := []llms.MessageContent{llms.TextParts(llms.ChatMessageTypeHuman, "What does NFA mean?")}
	for _, stream := range []bool{false, true} {
		t.Run(fmt.Sprintf("stream=%v", stream), func(t *testing.T) {
			var chunks []string
			opts := []llms.CallOption{}
			if stream {
				opts = append(opts, llms.WithStreamingFunc(func(_ context.Context, b []byte) error {
					chunks = append(chunks, string(b))
					return nil
				}))
			}
			resp, err := client.GenerateContent(context.Background(), msgs, opts...)
			if err != nil {
				t.Fatal(err)
			}
			content := resp.Choices[0].Content
			if !strings.Contains(content, "no further action") || !strings.Contains(content, "References:") || !strings.Contains(content, "[1]") {
				t.Errorf("content %q", content)
			}
			if stream && (len(chunks) < 3 || strings.Join(chunks, "") != content) {
				t.Errorf("%d chunks; joined equals content: %v", len(chunks), strings.Join(chunks, "") == content)
			}
		})
	}
}

func doWith(t testing.TB, url, body string, h map[string]string) (int, map[string]any, http.Header) {
	t.Helper()
	req, _ := http.NewRequest("POST", url, strings.NewReader(body))
	req.Header.Set("Content-Type", js)
	for k, v := range h {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out, resp.Header
}

func jsonNum(v any) string { b, _ := json.Marshal(v); return string(b) }

func TestRateLimit(t *testing.T) {
	srv, _ := newServerWith(t, false, func(c *server.Config, _ *store.DB) { c.RateLimit = 1 })
	limited := 0
	for i := 0; i < 10; i++ {
		status, body, _ := do(t, "GET", srv.URL+"/api/documents", "", "")
		if status == 429 {
			limited++
			if e, _ := body["error"].(map[string]any); e == nil || e["code"] != "rate_limited" {
				t.Errorf("429 body %v", body)
			}
		}
	}
	if limited == 0 {
		t.Error("10 quick requests at 1 request/s were never limited")
	}
	if s, _, _ := do(t, "GET", srv.URL+"/healthz", "", ""); s != 200 {
		t.Errorf("healthz is rate limited: %d", s)
	}
}
