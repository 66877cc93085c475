package server_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/tmc/langchaingo/llms/openai"
	"go.uber.org/goleak"

	"github.com/letters-app/letters/internal/hashembed"
	"github.com/letters-app/letters/internal/store"
	"github.com/letters-app/letters/internal/testdb"
	"github.com/letters-app/letters/rag"
	"github.com/letters-app/letters/server"
)

// TestDatabaseOutage stops PostgreSQL under a running server: /readyz turns
// 503, /api/ask answers 503 with a clear JSON error without hanging, and
// both recover by themselves when the database is back.
func TestDatabaseOutage(t *testing.T) {
	ctx := context.Background()
	cl := testdb.NewCluster(t)
	url := cl.CreateDB("letters")
	db, err := store.Open(ctx, url, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	testdb.Ingest(t, db, "../letters")
	emb, _ := hashembed.New(0)
	svc := rag.NewService(db, emb, emb.Name(), rag.Config{}, quiet, &rag.Extractive{})
	srv := httptest.NewServer(server.New(server.Config{Logger: quiet, RequestTimeout: 5 * time.Second}, svc, db).Handler())
	defer srv.Close()
	ask := func() (int, map[string]any, time.Duration) {
		start := time.Now()
		s, b, _ := do(t, "POST", srv.URL+"/api/ask", js, `{"question":"What does NFA mean?"}`)
		return s, b, time.Since(start)
	}
	if s, b, _ := ask(); s != 200 {
		t.Fatalf("before the outage: %d %v", s, b)
	}
	cl.Stop()
	if s, _, _ := do(t, "GET", srv.URL+"/readyz", "", ""); s != 503 {
		t.Errorf("readyz during the outage: %d, want 503", s)
	}
	s, b, took := ask()
	if s != 503 || took > 5*time.Second {
		t.Errorf("ask during the outage: %d after %v, want 503 quickly", s, took)
	}
	if e, _ := b["error"].(map[string]any); e == nil || !strings.Contains(e["message"].(string), "unavailable") {
		t.Errorf("ask error body %v", b)
	}
	if s, _, _ := do(t, "GET", srv.URL+"/healthz", "", ""); s != 200 {
		t.Errorf("healthz during the outage: %d (the process is up)", s)
	}
	cl.Start()
	deadline := time.Now().Add(15 * time.Second)
	for {
		s, _, _ := do(t, "GET", srv.URL+"/readyz", "", "")
		if s == 200 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("readyz did not recover: %d", s)
		}
		time.Sleep(200 * time.Millisecond)
	}
	if s, b, _ := ask(); s != 200 {
		t.Errorf("ask after recovery: %d %v", s, b)
	}
}

// slowProvider streams an OpenAI reply very slowly.
func slowProvider() *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		for i := 0; i < 100; i++ {
			_, err := io.WriteString(w, `data: {"id":"x","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"word "}}]}`+"\n\n")
			if err != nil {
				return
			}
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				return
			case <-time.After(50 * time.Millisecond):
			}
		}
	}))
}

// TestClientDisconnectMidStream: a client that goes away mid-stream leaves
// no goroutine behind.
func TestClientDisconnectMidStream(t *testing.T) {
	ctx := context.Background()
	db := testdb.Open(t)
	testdb.Ingest(t, db, "../letters")
	emb, _ := hashembed.New(0)
	prov := slowProvider()
	defer prov.Close()
	m, _ := openai.New(openai.WithBaseURL(prov.URL+"/v1"), openai.WithToken("x"), openai.WithModel("slow"))
	svc := rag.NewService(db, emb, emb.Name(), rag.Config{}, quiet, rag.NewLLM(m, "openai:slow"))
	srv := httptest.NewServer(server.New(server.Config{Logger: quiet}, svc, db).Handler())
	defer srv.Close()
	// warm up pools, then take the baseline
	do(t, "GET", srv.URL+"/api/documents", "", "")
	http.DefaultClient.CloseIdleConnections()
	opts := []goleak.Option{goleak.IgnoreCurrent()}
	before := runtime.NumGoroutine()

	for i := 0; i < 5; i++ {
		cctx, cancel := context.WithCancel(ctx)
		req, _ := http.NewRequestWithContext(cctx, "POST", srv.URL+"/api/chat", strings.NewReader(`{"question":"What does NFA mean?"}`))
		req.Header.Set("Content-Type", js)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		buf := make([]byte, 256)
		if _, err := resp.Body.Read(buf); err != nil {
			t.Fatal(err)
		}
		cancel() // the client goes away mid-stream
		resp.Body.Close()
	}
	http.DefaultClient.CloseIdleConnections()
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if err := goleak.Find(opts...); err != nil {
		t.Errorf("goroutines left after client disconnects (%d before, %d after): %v", before, runtime.NumGoroutine(), err)
	}
}
