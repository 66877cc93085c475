package server_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/letters-app/letters"

	"github.com/chromedp/chromedp"
	"github.com/tmc/langchaingo/llms/openai"

	"github.com/letters-app/letters/internal/hashembed"
	"github.com/letters-app/letters/internal/store"
	"github.com/letters-app/letters/internal/testdb"
	"github.com/letters-app/letters/rag"
	"github.com/letters-app/letters/server"
)

// securityCases is issue #14's findings, one row each: the request that
// reproduced the finding and what the service must do now.
var securityCases = []struct {
	finding string // issue #14 finding
	request string // what the attacker (or careless user) sends
	want    string // the outcome now
	run     func(t *testing.T)
}{
	{
		finding: "1 /metrics label exhaustion",
		request: "300 requests with made-up HTTP methods (M0..M299) and made-up paths, unauthenticated",
		want:    "every label value is a known method or OTHER and a registered route or unmatched; a bounded number of series",
		run:     checkMetricLabelsBounded,
	},
	{
		finding: "5 request id log amplification",
		request: "X-Request-Id of 8 kB, or with spaces, quotes and '=' (log field injection)",
		want:    "a fresh server-made id (≤ 64 characters of [A-Za-z0-9._-]) is used and logged instead; a well-formed client id is kept",
		run:     checkRequestIDValidated,
	},
	{
		finding: "4 rate-limit key spoofed with X-Forwarded-For / X-Real-IP",
		request: "20 quick requests at 1 request/s, each with a different X-Forwarded-For and X-Real-IP, from a peer that is no trusted proxy",
		want:    "the headers are ignored: the requests share the peer's budget and are limited (429)",
		run:     checkSpoofedForwardedFor,
	},
	{
		finding: "4 invalid-token flood reaches the database",
		request: "60 quick requests with a different wrong bearer token each, from one address",
		want:    "the per-address limiter before authentication refuses most (429) without a token lookup",
		run:     checkInvalidTokenFlood,
	},
	{
		finding: "12 proxy auth believed from any peer",
		request: "--auth proxy; a client that is not the proxy (127.0.0.1 outside --trusted-proxies 10.0.0.0/8) sends X-Forwarded-User: admin",
		want:    "401: the user header is believed only from a trusted proxy",
		run:     checkProxyHeaderFromUntrustedPeer,
	},
	{
		finding: "12 proxy user header sent twice",
		request: "--auth proxy from the trusted proxy; X-Forwarded-User twice (alice, then admin)",
		want:    "400: an ambiguous identity is refused, not resolved to either value",
		run:     checkProxyHeaderTwice,
	},
	{
		finding: "low: open redirect after sign-in",
		request: "sign in with next=/<TAB>/evil.example, /<LF>/evil.example, /\\evil.example, /%09/evil.example?, https://evil.example, javascript:alert(1)",
		want:    "303 to / (browsers drop TAB and newline and read \\ as /, so these went to //evil.example); same-site paths kept",
		run:     checkSigninOpenRedirect,
	},
	{
		finding: "low: a session created while its token was being revoked",
		request: "sign-in checks the token, `letters token revoke` runs (deleting the token's sessions), then the session row is written; the cookie is used",
		want:    "401: a session is checked against its token's revocation each time it is used",
		run:     checkSessionOfRevokedToken,
	},
	{
		finding: "low: CSRF token not bound to the session nor rotated at sign-in",
		request: "signed in with a cookie, POST /api/ask with (a) the CSRF token from before sign-in, (b) a CSRF cookie and header pair the attacker chose",
		want:    "403 for both: sign-in sets a new CSRF token derived from the session, and only that one is accepted",
		run:     checkCSRFBoundToSession,
	},
	{
		finding: "low: slow request bodies hold connections",
		request: "POST /api/ask declaring a 1,000-byte body, then one byte every 100 ms (slowloris on the body)",
		want:    "the connection is closed once ReadTimeout (300 ms here) is up; a request whose answer takes longer than ReadTimeout still gets it",
		run:     checkSlowBody,
	},
	{
		finding: "low: provider error text shown to users",
		request: "ask with the llm answerer while the model provider (a) refuses connections at its internal URL, (b) answers 500 naming an internal host",
		want:    "the answer falls back with a notice that names neither URL nor host; the details go to the log only",
		run:     checkProviderErrorsHidden,
	},
	{
		finding: "low: urn:uuid: conversation ids",
		request: "GET /api/conversations/urn:uuid:<uuid>, and /api/ask, /api/chat with that conversation_id (uuid.Parse accepts the form, PostgreSQL does not)",
		want:    "404 not_found, not 500",
		run:     checkURNConversationIDs,
	},
	{
		finding: "low: Markdown export not escaped",
		request: "in the web chat, ask `<img src=x onerror=alert(1)> [phish](https://evil.example) *MASH*` and export the conversation to Markdown",
		want:    "the export shows the question as text: no raw HTML tag, link or emphasis a Markdown viewer would render",
		run:     checkMarkdownExportEscaped,
	},
	{
		finding: "low: unbounded conversation length",
		request: "POST /api/ask (and /api/chat) to a conversation that already has 50 turns",
		want:    "409 conversation_full with a message saying to start a new conversation; no 51st turn is stored",
		run:     checkConversationCapped,
	},
	{
		finding: "3 conversations readable and writable by anyone signed in",
		request: "with --auth token: bob reads alice's conversation, asks in it (/api/ask, /api/chat, /v1/chat/completions with conversation_id, streamed or not), rates her turn, deletes it; carol, an admin (--admins carol), does the same",
		want:    "404 for bob on every route (as for a conversation that does not exist); carol may read it but not append or rate; alice may do all",
		run:     checkOwnership,
	},
	{
		finding: "11 no audit of who asked what; turns record no user",
		request: "with --auth token: alice asks on /api/ask, continues on /api/chat, asks on /v1/chat/completions and reads her conversation; then the same with --audit-questions",
		want:    "one audit entry per request naming alice, the route and the conversation (and turn), without the question; with --audit-questions the question too; every turn records alice",
		run:     checkAuditLog,
	},
	{
		finding: "low: /v1 drops the support flags",
		request: "POST /v1/chat/completions (plain and streaming) for an answer whose second citation its paragraph does not support",
		want:    "each reference says whether its paragraph supports the sentence, with the score; the plain response also lists the citations with supported and support",
		run:     checkV1SupportFlags,
	},
	{
		finding: "low: /readyz ready without search indexes",
		request: "GET /readyz after a first bulk load crashed between dropping the search indexes and building them (DropSearchIndexes, no EnsureSearchIndexes)",
		want:    "503 not_ready naming the missing indexes and how to rebuild them; 200 once they are built again",
		run:     checkReadyzNeedsIndexes,
	},
	{
		finding: "2 citation injection through bracketed numbers in a document",
		request: "ingest a board paper whose sentence carries literal [2][3] and [1, 4], then POST /api/ask about it",
		want:    "the answer cites only the paragraph the answerer chose; the planted brackets are shown as (2)(3); a padded citation is unsupported",
		run:     checkCitationInjection,
	},
	{
		finding: "low: a future-dated letter becomes the latest",
		request: "ingest a copy of a Nottingham City monitoring letter dated 12 March 2099 (a fake), then ask for the latest Nottingham City letter and list the documents",
		want:    "the fake is listed with future_dated: true and is not taken as the latest (the real 2026 letter is)",
		run:     checkFutureDatedLetter,
	},
}

func TestSecurityFindings(t *testing.T) {
	for _, tc := range securityCases {
		t.Run(tc.finding, func(t *testing.T) {
			t.Logf("request: %s; want: %s", tc.request, tc.want)
			tc.run(t)
		})
	}
}

func rawRequest(t *testing.T, method, u string, h map[string]string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(method, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range h {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}

func checkRequestIDValidated(t *testing.T) {
	srv, _ := newServer(t, true)
	base := srv.URL
	valid := regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)
	for _, tt := range []struct {
		name, sent string
		kept       bool
	}{
		{"8 kB", strings.Repeat("A", 8<<10), false},
		{"log field injection", `x" level=ERROR msg="forged`, false},
		{"65 characters", strings.Repeat("b", 65), false},
		{"well-formed", "req-2026.11_27-abc", true},
	} {
		resp := rawRequest(t, "GET", base+"/healthz", map[string]string{"X-Request-Id": tt.sent})
		got := resp.Header.Get("X-Request-Id")
		if tt.kept && got != tt.sent {
			t.Errorf("%s: X-Request-Id %q, want the client's %q kept", tt.name, got, tt.sent)
		}
		if !tt.kept && (got == tt.sent || !valid.MatchString(got)) {
			t.Errorf("%s: X-Request-Id %q (%d bytes), want a fresh id matching %s", tt.name, clipID(got), len(got), valid)
		}
	}
}

func clipID(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

func checkMetricLabelsBounded(t *testing.T) {
	srv, db := newServerWith(t, true, func(c *server.Config, db *store.DB) { c.Auth, c.Authenticator = server.AuthToken, db })
	base := srv.URL
	for i := 0; i < 300; i++ {
		rawRequest(t, fmt.Sprintf("M%d", i), fmt.Sprintf("%s/x%d/api/%d", base, i, i), nil)
		rawRequest(t, "GET", fmt.Sprintf("%s/nowhere/%d", base, i), nil)
	}
	_, secret, err := db.CreateToken(context.Background(), "ops")
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("GET", base+"/metrics", nil)
	req.Header.Set("Authorization", "Bearer "+secret)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	series := 0
	for _, line := range strings.Split(string(raw), "\n") {
		if !strings.HasPrefix(line, "letters_http_requests_total{") {
			continue
		}
		series++
		if strings.Contains(line, `method="M`) || strings.Contains(line, "/x") || strings.Contains(line, "/nowhere") {
			t.Errorf("client-controlled label value: %s", line)
		}
	}
	if series == 0 || series > 20 {
		t.Errorf("letters_http_requests_total has %d series, want 1..20", series)
	}
}

func checkSpoofedForwardedFor(t *testing.T) {
	srv, _ := newServerWith(t, true, func(c *server.Config, _ *store.DB) { c.RateLimit = 1 })
	limited := 0
	for i := 0; i < 20; i++ {
		fake := fmt.Sprintf("203.0.113.%d", i+1)
		resp := rawRequest(t, "GET", srv.URL+"/api/documents", map[string]string{"X-Forwarded-For": fake, "X-Real-IP": fake})
		if resp.StatusCode == http.StatusTooManyRequests {
			limited++
		}
	}
	if limited == 0 {
		t.Error("20 requests at 1 request/s with rotating X-Forwarded-For were never limited")
	}
}

// countingAuth counts token lookups (each one a database query).
type countingAuth struct {
	server.Authenticator
	mu      sync.Mutex
	lookups int
}

func (a *countingAuth) TokenUser(ctx context.Context, secret string) (string, int64, error) {
	a.mu.Lock()
	a.lookups++
	a.mu.Unlock()
	return a.Authenticator.TokenUser(ctx, secret)
}

func checkInvalidTokenFlood(t *testing.T) {
	var auth *countingAuth
	srv, _ := newServerWith(t, true, func(c *server.Config, db *store.DB) {
		auth = &countingAuth{Authenticator: db}
		c.Auth, c.Authenticator, c.IPRateLimit = server.AuthToken, auth, 2
	})
	limited := 0
	for i := 0; i < 60; i++ {
		resp := rawRequest(t, "GET", srv.URL+"/api/documents", map[string]string{"Authorization": fmt.Sprintf("Bearer lt_wrong%d", i)})
		if resp.StatusCode == http.StatusTooManyRequests {
			limited++
		}
	}
	auth.mu.Lock()
	defer auth.mu.Unlock()
	if auth.lookups > 15 || limited < 40 {
		t.Errorf("60 wrong tokens: %d token lookups and %d refused with 429, want at most 15 lookups and at least 40 refusals", auth.lookups, limited)
	}
}

func proxyServer(t *testing.T, trusted string) string {
	srv, _ := newServerWith(t, false, func(c *server.Config, _ *store.DB) {
		c.Auth = server.AuthProxy
		c.TrustedProxies = []netip.Prefix{netip.MustParsePrefix(trusted)}
	})
	return srv.URL
}

func checkProxyHeaderFromUntrustedPeer(t *testing.T) {
	base := proxyServer(t, "10.0.0.0/8")
	resp := rawRequest(t, "GET", base+"/api/documents", map[string]string{"X-Forwarded-User": "admin"})
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("user header from an untrusted peer: %d, want 401", resp.StatusCode)
	}
}

func checkProxyHeaderTwice(t *testing.T) {
	base := proxyServer(t, "127.0.0.0/8")
	if resp := rawRequest(t, "GET", base+"/api/documents", map[string]string{"X-Forwarded-User": "alice"}); resp.StatusCode != http.StatusOK {
		t.Fatalf("one user header from the trusted proxy: %d, want 200", resp.StatusCode)
	}
	req, _ := http.NewRequest("GET", base+"/api/documents", nil)
	req.Header.Add("X-Forwarded-User", "alice")
	req.Header.Add("X-Forwarded-User", "admin")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("user header twice: %d, want 400", resp.StatusCode)
	}
}

// signIn gets the sign-in page's CSRF cookie and posts the token with next;
// it returns the response (not followed) and the client with its cookies.
func signIn(t *testing.T, base, secret, next string) (*http.Response, *http.Client, string) {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: noRedirect}
	send(t, c, "GET", base+"/signin", "", nil)
	csrf := cookieValue(jar, base, "letters_csrf")
	form := url.Values{"token": {secret}, "_csrf": {csrf}, "next": {next}}
	req, _ := http.NewRequest("POST", base+"/signin", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for _, ck := range jar.Cookies(req.URL) {
		req.AddCookie(ck)
	}
	// the transport, not the client: the client refuses a Location with
	// control characters before a test could see it; a browser follows it
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	jar.SetCookies(req.URL, resp.Cookies())
	return resp, c, csrf
}

func cookieValue(jar http.CookieJar, base, name string) string {
	u, _ := url.Parse(base)
	for _, ck := range jar.Cookies(u) {
		if ck.Name == name {
			return ck.Value
		}
	}
	return ""
}

func checkSigninOpenRedirect(t *testing.T) {
	base, _, secret := tokenServer(t)
	for _, tt := range []struct{ next, want string }{
		{"/\t/evil.example", "/"},
		{"/\n/evil.example", "/"},
		{"/\r/evil.example", "/"},
		{"/\\evil.example", "/"},
		{"\\/evil.example", "/"},
		{"//evil.example", "/"},
		{"/ /evil.example", "/"},
		{"https://evil.example/", "/"},
		{"javascript:alert(1)", "/"},
		{"/documents", "/documents"},
		{"/c/8b0c2a8e-5f7e-4c1e-9f53-2d1f7a3c9e10?x=1", "/c/8b0c2a8e-5f7e-4c1e-9f53-2d1f7a3c9e10?x=1"},
	} {
		resp, _, _ := signIn(t, base, secret, tt.next)
		if got := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || got != tt.want {
			t.Errorf("next=%q: %d → %q, want 303 → %q", tt.next, resp.StatusCode, got, tt.want)
		}
	}
}

func checkSessionOfRevokedToken(t *testing.T) {
	base, db, secret := tokenServer(t)
	ctx := context.Background()
	user, id, err := db.TokenUser(ctx, secret) // sign-in checks the token…
	if err != nil {
		t.Fatal(err)
	}
	if err := db.RevokeToken(ctx, id); err != nil { // …the administrator revokes it…
		t.Fatal(err)
	}
	sess, err := db.CreateSession(ctx, user, id, time.Hour) // …and sign-in writes its session
	if err == nil {
		resp := rawRequest(t, "GET", base+"/api/documents", map[string]string{"Cookie": "letters_session=" + sess})
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("session of a revoked token: %d, want 401", resp.StatusCode)
		}
	}
}

func checkCSRFBoundToSession(t *testing.T) {
	base, _, secret := tokenServer(t)
	resp, c, before := signIn(t, base, secret, "/")
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in: %d", resp.StatusCode)
	}
	session := cookieValue(c.Jar, base, "letters_session")
	after := cookieValue(c.Jar, base, "letters_csrf")
	if after == "" || after == before {
		t.Errorf("CSRF token after sign-in %q, want a new one", after)
	}
	ask := `{"question":"What does NFA mean?"}`
	for _, tt := range []struct {
		name, cookie, header string
		want                 int
	}{
		{"token from before sign-in", before, before, http.StatusForbidden},
		{"pair chosen by the attacker", "forged", "forged", http.StatusForbidden},
		{"the session's token", after, after, http.StatusOK},
	} {
		h := map[string]string{"Cookie": "letters_session=" + session + "; letters_csrf=" + tt.cookie, "X-CSRF-Token": tt.header}
		if resp := send(t, &http.Client{}, "POST", base+"/api/ask", ask, h); resp.StatusCode != tt.want {
			t.Errorf("%s: %d, want %d", tt.name, resp.StatusCode, tt.want)
		}
	}
}

// slowAsker takes delay to answer.
type slowAsker struct {
	server.Asker
	delay time.Duration
}

func (a slowAsker) Ask(ctx context.Context, req rag.Request) (letters.Result, error) {
	select {
	case <-time.After(a.delay):
	case <-ctx.Done():
		return letters.Result{}, ctx.Err()
	}
	return a.Asker.Ask(ctx, req)
}

// runServer serves with Server.Run (its own http.Server, with its
// timeouts) on a free port and returns the address.
func runServer(t *testing.T, cfg server.Config, wrap func(server.Asker) server.Asker) string {
	t.Helper()
	db := testdb.Open(t)
	testdb.Ingest(t, db, "../letters")
	emb, _ := hashembed.New(0)
	var ask server.Asker = rag.NewService(db, emb, emb.Name(), rag.Config{}, quiet, &rag.Extractive{})
	if wrap != nil {
		ask = wrap(ask)
	}
	cfg.Logger = quiet
	ctx, cancel := context.WithCancel(context.Background())
	addr := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- server.New(cfg, ask, db).Run(ctx, "127.0.0.1:0", time.Second, func(a string) { addr <- a })
	}()
	t.Cleanup(func() { cancel(); <-done })
	select {
	case a := <-addr:
		return a
	case err := <-done:
		t.Fatalf("server did not start: %v", err)
	}
	return ""
}

func checkSlowBody(t *testing.T) {
	addr := runServer(t, server.Config{ReadTimeout: 300 * time.Millisecond}, func(a server.Asker) server.Asker {
		return slowAsker{Asker: a, delay: 600 * time.Millisecond}
	})
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /api/ask HTTP/1.1\r\nHost: letters\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{")
	start := time.Now()
	closed := false
	for time.Since(start) < 3*time.Second {
		if _, err := conn.Write([]byte(" ")); err != nil {
			closed = true
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if !closed {
		t.Errorf("a body trickled for %s kept its connection open, want it closed after the 300 ms read timeout", time.Since(start).Round(time.Millisecond))
	}
	// an answer slower than the read timeout is not cut off
	resp, err := http.Post("http://"+addr+"/api/ask", "application/json", strings.NewReader(`{"question":"What does NFA mean?"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("an answer taking 600 ms with a 300 ms read timeout: %d, want 200", resp.StatusCode)
	}
}

func checkProviderErrorsHidden(t *testing.T) {
	// (a) a provider URL nothing listens on
	dead := httptest.NewServer(http.NotFoundHandler())
	deadURL := dead.URL
	dead.Close()
	// (b) a provider whose error names an internal host
	failing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusInternalServerError)
		io.WriteString(w, `{"error":{"message":"upstream http://10.20.30.40:8000/v1 refused","type":"server_error"}}`)
	}))
	defer failing.Close()
	db := testdb.Open(t)
	testdb.Ingest(t, db, "../letters")
	emb, _ := hashembed.New(0)
	for _, tt := range []struct{ name, url, secret string }{
		{"connection refused", deadURL, strings.TrimPrefix(deadURL, "http://")},
		{"500 naming a host", failing.URL, "10.20.30.40"},
	} {
		m, err := openai.New(openai.WithBaseURL(tt.url+"/v1"), openai.WithToken("x"), openai.WithModel("m"))
		if err != nil {
			t.Fatal(err)
		}
		svc := rag.NewService(db, emb, emb.Name(), rag.Config{}, quiet, &rag.Extractive{}, rag.NewLLM(m, "openai:m"))
		srv := httptest.NewServer(server.New(server.Config{Logger: quiet}, svc, db).Handler())
		for _, path := range []string{"/api/ask", "/v1/chat/completions"} {
			body := `{"question":"What does NFA mean?","answerer":"llm"}`
			if path == "/v1/chat/completions" {
				body = `{"model":"letters-llm","messages":[{"role":"user","content":"What does NFA mean?"}]}`
			}
			resp, err := http.Post(srv.URL+path, "application/json", strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			raw, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK || strings.Contains(string(raw), tt.secret) || strings.Contains(string(raw), "http://") {
				t.Errorf("%s %s: %d %s\nwant 200 without %q or any URL", tt.name, path, resp.StatusCode, clipID2(string(raw)), tt.secret)
			}
		}
		srv.Close()
	}
}

func clipID2(s string) string {
	if i := strings.Index(s, "notice"); i >= 0 {
		return s[i:min(len(s), i+300)]
	}
	return s[:min(len(s), 300)]
}

func checkURNConversationIDs(t *testing.T) {
	srv, _ := newServer(t, false)
	_, body, _ := do(t, "POST", srv.URL+"/api/ask", js, `{"question":"What does NFA mean?"}`)
	cid, _ := body["conversation_id"].(string)
	if cid == "" {
		t.Fatalf("ask: %v", body)
	}
	for _, id := range []string{"urn:uuid:" + cid, "urn:uuid:8b0c2a8e-5f7e-4c1e-9f53-2d1f7a3c9e10", "{" + cid + "}"} {
		for _, r := range []struct{ method, path, body string }{
			{"GET", "/api/conversations/" + url.PathEscape(id), ""},
			{"POST", "/api/ask", `{"question":"And the MASH?","conversation_id":"` + id + `"}`},
			{"POST", "/api/chat", `{"question":"And the MASH?","conversation_id":"` + id + `"}`},
		} {
			status, body, _ := do(t, r.method, srv.URL+r.path, js, r.body)
			if status != http.StatusNotFound {
				t.Errorf("%s %s with %q: %d %v, want 404", r.method, r.path, id, status, body["error"])
			}
		}
	}
}

func checkMarkdownExportEscaped(t *testing.T) {
	srv, _ := newServer(t, false)
	ctx := browser(t, 60*time.Second)
	var exported string
	err := chromedp.Run(ctx,
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible("#question", chromedp.ByID),
		chromedp.SendKeys("#question", "<img src=x onerror=alert(1)> [phish](https://evil.example) *MASH*", chromedp.ByID),
		chromedp.Click("#ask", chromedp.ByID),
		chromedp.WaitVisible(`section.app-turn[data-done="true"]`, chromedp.ByQuery),
		chromedp.Evaluate(`window.lettersExportMarkdown()`, &exported),
	)
	if err != nil {
		t.Fatal(err)
	}
	for i := strings.IndexByte(exported, '<'); i >= 0; i = strings.IndexByte(exported[i+1:], '<') + i + 1 {
		if i == 0 || exported[i-1] != '\\' {
			t.Errorf("exported Markdown holds an unescaped '<' at byte %d:\n%s", i, exported)
			break
		}
		if strings.IndexByte(exported[i+1:], '<') < 0 {
			break
		}
	}
	if !strings.Contains(exported, "\\<img src=x onerror=alert\\(1\\)\\> \\[phish\\]\\(https://evil.example\\) \\*MASH\\*") {
		t.Errorf("exported Markdown does not show the question as escaped text:\n%s", exported)
	}
}

func checkConversationCapped(t *testing.T) {
	srv, db := newServer(t, false)
	ctx := context.Background()
	cid, _, err := db.StartConversation(ctx, "", "long", "What does NFA mean?", letters.TurnRecord{Answer: "x"})
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i < 50; i++ {
		if _, err := db.AddTurn(ctx, cid, "And again?", letters.TurnRecord{Answer: "x"}); err != nil {
			t.Fatalf("turn %d: %v", i+1, err)
		}
	}
	for _, path := range []string{"/api/ask", "/api/chat"} {
		status, body, _ := do(t, "POST", srv.URL+path, js, `{"question":"What does NFA mean?","conversation_id":"`+cid+`"}`)
		e, _ := body["error"].(map[string]any)
		if status != http.StatusConflict || e["code"] != "conversation_full" || !strings.Contains(fmt.Sprint(e["message"]), "new conversation") {
			t.Errorf("%s to a 50-turn conversation: %d %v, want 409 conversation_full saying to start a new conversation", path, status, e)
		}
	}
	if _, err := db.AddTurn(ctx, cid, "One more?", letters.TurnRecord{Answer: "x"}); err == nil {
		t.Error("the store added a 51st turn")
	}
	conv, err := db.Conversation(ctx, cid)
	if err != nil || len(conv.Turns) != 50 {
		t.Errorf("conversation has %d turns (%v), want 50", len(conv.Turns), err)
	}
}

func checkOwnership(t *testing.T) {
	srv, db := newServerWith(t, false, func(c *server.Config, db *store.DB) {
		c.Auth, c.Authenticator, c.Admins = server.AuthToken, db, []string{"carol"}
	})
	ctx := context.Background()
	bearer := map[string]map[string]string{}
	for _, u := range []string{"alice", "bob", "carol"} {
		_, secret, err := db.CreateToken(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		bearer[u] = map[string]string{"Authorization": "Bearer " + secret}
	}
	_, body, _ := doWith(t, srv.URL+"/api/ask", `{"question":"What does NFA mean?"}`, bearer["alice"])
	cid, _ := body["conversation_id"].(string)
	turn := jsonNum(body["turn_id"])
	if cid == "" {
		t.Fatalf("alice asks: %v", body)
	}
	follow := `{"question":"And the MASH?","conversation_id":"` + cid + `"}`
	routes := []struct{ name, method, path, body string }{
		{"read", "GET", "/api/conversations/" + cid, ""},
		{"append (ask)", "POST", "/api/ask", follow},
		{"append (chat)", "POST", "/api/chat", follow},
		{"rate a turn", "POST", "/api/feedback", `{"turn_id":` + turn + `,"rating":-1}`},
		{"append (/v1)", "POST", "/v1/chat/completions", `{"messages":[{"role":"user","content":"And the MASH?"}],"conversation_id":"` + cid + `"}`},
		{"append (/v1 stream)", "POST", "/v1/chat/completions", `{"stream":true,"messages":[{"role":"user","content":"And the MASH?"}],"conversation_id":"` + cid + `"}`},
	}
	want := map[string][]int{
		"bob":   {404, 404, 404, 404, 404, 404},
		"carol": {200, 404, 404, 404, 404, 404},
		"alice": {200, 200, 200, 201, 200, 200},
	}
	for _, u := range []string{"bob", "carol", "alice"} {
		for i, r := range routes {
			resp := send(t, &http.Client{}, r.method, srv.URL+r.path, r.body, bearer[u])
			if resp.StatusCode != want[u][i] {
				t.Errorf("%s: %s alice's conversation: %d, want %d", u, r.name, resp.StatusCode, want[u][i])
			}
		}
	}
	conv, err := db.Conversation(ctx, cid)
	if err != nil {
		t.Fatal(err)
	}
	// alice's first question and her four appends (ask, chat, /v1, /v1 stream); none of bob's or carol's
	if len(conv.Turns) != 5 {
		t.Errorf("alice's conversation has %d turns, want 5", len(conv.Turns))
	}
	for _, tr := range conv.Turns {
		if tr.User != "alice" {
			t.Errorf("turn %d owned by %q, want alice", tr.ID, tr.User)
		}
	}
	fb, err := db.AllFeedback(ctx)
	if err != nil || len(fb) != 1 || fb[0].User != "alice" {
		t.Errorf("feedback %+v (%v): want alice's rating only", fb, err)
	}
	// deleting: only the owner, last
	for _, u := range []string{"bob", "carol", "alice"} {
		resp := send(t, &http.Client{}, "DELETE", srv.URL+"/api/conversations/"+cid, "", bearer[u])
		if want := map[string]int{"bob": 404, "carol": 404, "alice": 204}[u]; resp.StatusCode != want {
			t.Errorf("%s: delete alice's conversation: %d, want %d", u, resp.StatusCode, want)
		}
	}
}

func checkAuditLog(t *testing.T) {
	for _, withText := range []bool{false, true} {
		srv, db := newServerWith(t, false, func(c *server.Config, db *store.DB) {
			c.Auth, c.Authenticator, c.AuditQuestions = server.AuthToken, db, withText
		})
		ctx := context.Background()
		_, secret, err := db.CreateToken(ctx, "alice")
		if err != nil {
			t.Fatal(err)
		}
		alice := map[string]string{"Authorization": "Bearer " + secret}
		const q = "What does NFA mean for the Smith family?"
		_, body, _ := doWith(t, srv.URL+"/api/ask", `{"question":"`+q+`"}`, alice)
		cid, _ := body["conversation_id"].(string)
		turn := jsonNum(body["turn_id"])
		if cid == "" {
			t.Fatalf("alice asks: %v", body)
		}
		for _, r := range []struct{ method, path, body string }{
			{"POST", "/api/chat", `{"question":"And the MASH?","conversation_id":"` + cid + `"}`},
			{"POST", "/v1/chat/completions", `{"messages":[{"role":"user","content":"` + q + `"}]}`},
			{"GET", "/api/conversations/" + cid, ""},
		} {
			resp := send(t, &http.Client{}, r.method, srv.URL+r.path, r.body, alice)
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 {
				t.Fatalf("%s %s: %d", r.method, r.path, resp.StatusCode)
			}
		}
		es, err := db.Audit(ctx, "", time.Now().Add(-time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range es {
			line := fmt.Sprintf("%s %s conv=%v turn=%v q=%q", e.User, e.Route, e.ConversationID == cid, e.TurnID > 0, e.Question)
			got = append(got, line)
		}
		text := func(s string) string {
			if withText {
				return s
			}
			return ""
		}
		want := []string{
			fmt.Sprintf("alice POST /api/ask conv=true turn=true q=%q", text(q)),
			fmt.Sprintf("alice POST /api/chat conv=true turn=true q=%q", text("And the MASH?")),
			fmt.Sprintf("alice POST /v1/chat/completions conv=false turn=true q=%q", text(q)), // its own new conversation
			`alice GET /api/conversations/:id conv=true turn=false q=""`,
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("audit-questions %v: audit log\n%s\nwant\n%s", withText, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if !withText && es[0].TurnID != mustInt(t, turn) {
			t.Errorf("audit entry names turn %d, want %s", es[0].TurnID, turn)
		}
		conv, err := db.Conversation(ctx, cid)
		if err != nil {
			t.Fatal(err)
		}
		for _, tr := range conv.Turns {
			if tr.User != "alice" {
				t.Errorf("turn %d records user %q, want alice", tr.ID, tr.User)
			}
		}
	}
}

func mustInt(t *testing.T, s string) int64 {
	t.Helper()
	var n int64
	if _, err := fmt.Sscan(s, &n); err != nil {
		t.Fatal(err)
	}
	return n
}

// fixedAsker answers every question with res.
type fixedAsker struct {
	server.Asker
	res letters.Result
}

func (a fixedAsker) Ask(ctx context.Context, req rag.Request) (letters.Result, error) {
	return a.res, nil
}

func checkV1SupportFlags(t *testing.T) {
	res := letters.Result{Answer: "Leaders acted [1]. Everything is outstanding [2].", Citations: []letters.Citation{
		{Marker: 1, Document: letters.DocRef{Title: "Monitoring visit", Date: "2026-03-12"}, Label: "¶3", Quote: "Leaders acted.", Support: 0.92, Supported: true},
		{Marker: 2, Document: letters.DocRef{Title: "Monitoring visit", Date: "2026-03-12"}, Label: "¶5", Quote: "Some services require improvement.", Support: 0.2, Supported: false},
	}}
	addr := runServer(t, server.Config{}, func(a server.Asker) server.Asker { return fixedAsker{Asker: a, res: res} })
	for _, stream := range []string{"false", "true"} {
		resp, err := http.Post("http://"+addr+"/v1/chat/completions", "application/json",
			strings.NewReader(`{"model":"letters","stream":`+stream+`,"messages":[{"role":"user","content":"How are services?"}]}`))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		body := strings.ReplaceAll(string(b), `\"`, `"`)
		for _, want := range []string{`¶3: "Leaders acted." (supported 0.92)`, `¶5: "Some services require improvement." (UNSUPPORTED: the paragraph does not say this; support 0.20)`} {
			if !strings.Contains(body, want) {
				t.Errorf("stream %s: the references lack %s:\n%s", stream, want, b)
			}
		}
		if stream == "false" && !strings.Contains(body, `"supported":false`) {
			t.Errorf("the plain response lists no citations with their support flags:\n%s", b)
		}
	}
}

func checkReadyzNeedsIndexes(t *testing.T) {
	srv, db := newServer(t, false)
	ctx := context.Background()
	if err := db.DropSearchIndexes(ctx); err != nil {
		t.Fatal(err)
	}
	code, body, _ := do(t, "GET", srv.URL+"/readyz", "", "")
	msg := fmt.Sprint(body["error"])
	if code != http.StatusServiceUnavailable || !strings.Contains(msg, "not_ready") || !strings.Contains(msg, "paragraphs_embedding_hnsw") || !strings.Contains(msg, "paragraphs_tsv") ||
		!strings.Contains(msg, "letters ingest") {
		t.Errorf("readyz without indexes: %d %v; want 503 not_ready naming both indexes and letters ingest", code, body)
	}
	if err := db.EnsureSearchIndexes(ctx); err != nil {
		t.Fatal(err)
	}
	if code, body, _ := do(t, "GET", srv.URL+"/readyz", "", ""); code != http.StatusOK {
		t.Errorf("readyz with the indexes rebuilt: %d %v; want 200", code, body)
	}
}

func checkFutureDatedLetter(t *testing.T) {
	srv, db := newServer(t, false)
	ctx := context.Background()
	real, err := os.ReadFile("../letters/000_9ffa9ab164142b1c.txt")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	fake := strings.Replace(string(real), "12 March 2026", "12 March 2099", 1)
	fake = strings.Replace(fake, "Leaders", "Leaders have closed the service and", 1)
	if err := os.WriteFile(dir+"/fake.txt", []byte(fake), 0o644); err != nil {
		t.Fatal(err)
	}
	testdb.Ingest(t, db, dir)
	fakeID, err := db.DocumentIDBySource(ctx, "fake.txt")
	if err != nil {
		t.Fatal(err)
	}
	realID, _ := db.DocumentIDBySource(ctx, "000_9ffa9ab164142b1c.txt")
	ids, err := db.LatestDocuments(ctx, letters.Filter{Authorities: []string{"Nottingham City"}, Latest: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != 1 || ids[0] != realID {
		t.Errorf("latest Nottingham City documents %v; want the real letter %d, not the fake %d", ids, realID, fakeID)
	}
	code, body, _ := do(t, "GET", srv.URL+"/api/documents", "", "")
	docs, _ := body["documents"].([]any)
	flagged := map[string]bool{}
	for _, d := range docs {
		m, _ := d.(map[string]any)
		if m["future_dated"] == true {
			flagged[fmt.Sprint(m["source_name"])] = true
		}
	}
	if code != 200 || len(flagged) != 1 || !flagged["fake.txt"] {
		t.Errorf("documents flagged future_dated: %v (status %d); want fake.txt only", flagged, code)
	}
}

func checkCitationInjection(t *testing.T) {
	srv, db := newServer(t, false)
	dir := t.TempDir()
	planted := "Title of paper: Testshire front door update\n\nReport to: Testshire Children's Services Improvement Board\n\nDate: 10.03.25\n\n" +
		"1.1 The Testshire front door screening backlog has been cleared entirely [2][3] and no child waits [1, 4].\n"
	if err := os.WriteFile(dir+"/planted.txt", []byte(planted), 0o644); err != nil {
		t.Fatal(err)
	}
	testdb.Ingest(t, db, dir)
	code, body, _ := do(t, "POST", srv.URL+"/api/ask", js, `{"question":"Has the Testshire front door screening backlog been cleared?"}`)
	if code != 200 {
		t.Fatalf("ask: %d %v", code, body)
	}
	answer, _ := body["answer"].(string)
	cits, _ := body["citations"].([]any)
	if !strings.Contains(answer, "(2)(3)") || strings.Contains(answer, "[2][3]") {
		t.Errorf("answer %q: the planted markers should be inert text", answer)
	}
	for _, c := range cits {
		m, _ := c.(map[string]any)
		if doc, _ := m["document"].(map[string]any); doc["source_name"] != "planted.txt" {
			t.Errorf("the answer cites %v; only the planted paragraph was quoted", doc["source_name"])
		}
	}
	if len(cits) != 1 {
		t.Errorf("%d citations, want 1 (answer %q)", len(cits), answer)
	}
}
