package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/netip"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/letters-app/letters"
	"github.com/letters-app/letters/internal/store"
	"github.com/letters-app/letters/internal/testdb"
	"github.com/letters-app/letters/server"
)

// routes lists every route with a request that succeeds when signed in,
// the status it then answers and a piece of the body it then sends. {doc},
// {para}, {conv}, {gone} and {turn} are replaced by a document, a paragraph,
// a conversation of the signed-in user, another one of theirs (deleted by
// the DELETE route) and a turn of {conv}.
var routes = []struct {
	method, path, body string
	want               int
	wantBody           string
}{
	{"POST", "/api/ask", `{"question":"What does NFA mean?"}`, 200, `"answerer":"extractive"`},
	{"POST", "/api/chat", `{"question":"What does NFA mean?"}`, 200, "event: done"},
	{"GET", "/api/search?q=MASH", "", 200, `"passages":[{`},
	{"GET", "/api/documents", "", 200, `"slug":"2026-03-12-nottingham-city-monitoring-visit"`},
	{"GET", "/api/documents/{doc}", "", 200, `"document":{"id":{doc},`},
	{"GET", "/api/paragraphs/{para}", "", 200, `"id":{para},`},
	{"GET", "/api/conversations/{conv}", "", 200, `"id":"{conv}"`},
	{"GET", "/api/conversations?q=MASH", "", 200, `"id":"{conv}"`},
	{"DELETE", "/api/conversations/{gone}", "", 204, ""},
	{"GET", "/api/me", "", 200, `"user":"alice"`},
	{"POST", "/api/feedback", `{"turn_id":{turn},"rating":1}`, 201, `{"id":1}`},
	{"GET", "/api/openapi.yaml", "", 200, "openapi: 3.0.3"},
	{"POST", "/v1/chat/completions", `{"model":"letters","messages":[{"role":"user","content":"MASH?"}]}`, 200, `"finish_reason":"stop"`},
	{"GET", "/v1/models", "", 200, `"id":"letters"`},
	{"GET", "/metrics", "", 200, "go_gc_duration_seconds"},
	{"GET", "/", "", 200, "<title>Inspection letters – ask with sources</title>"},
	{"GET", "/documents", "", 200, "<title>Inspection letters – ask with sources</title>"},
	{"GET", "/documents/{doc}", "", 200, "<title>Inspection letters – ask with sources</title>"},
	{"GET", "/c/{conv}", "", 200, "<title>Inspection letters – ask with sources</title>"},
	{"GET", "/history", "", 200, "<title>Inspection letters – ask with sources</title>"},
	{"GET", "/feedback", "", 200, "<title>Inspection letters – ask with sources</title>"},
	{"GET", "/app.js", "", 200, "letters web chat"},
	{"GET", "/app.css", "", 200, "letters web chat"},
}

func noRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

func send(t *testing.T, c *http.Client, method, u, body string, h map[string]string) *http.Response {
	t.Helper()
	resp, _ := sendRead(t, c, method, u, body, h)
	return resp
}

// sendRead is send that also returns the body.
func sendRead(t *testing.T, c *http.Client, method, u, body string, h map[string]string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(method, u, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range h {
		req.Header.Set(k, v)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}

func tokenServer(t *testing.T) (string, *store.DB, string) {
	srv, db := newServerWith(t, false, func(c *server.Config, db *store.DB) {
		c.Auth, c.Authenticator, c.CookieSecure = server.AuthToken, db, false
	})
	_, secret, err := db.CreateToken(context.Background(), "alice")
	if err != nil {
		t.Fatal(err)
	}
	return srv.URL, db, secret
}

func TestEveryRouteRefusesAnonymous(t *testing.T) {
	ctx := context.Background()
	base, db, secret := tokenServer(t)
	docs, err := db.Documents(ctx)
	if err != nil || len(docs) == 0 {
		t.Fatalf("documents: %v (%d)", err, len(docs))
	}
	_, paras, err := db.Document(ctx, docs[0].ID)
	if err != nil || len(paras) == 0 {
		t.Fatalf("paragraphs of %d: %v (%d)", docs[0].ID, err, len(paras))
	}
	conv, turn, err := db.StartConversation(ctx, "alice", "MASH", "What about the MASH?", letters.TurnRecord{Question: "What about the MASH?", Answer: "MASH."})
	if err != nil {
		t.Fatal(err)
	}
	gone, _, err := db.StartConversation(ctx, "alice", "gone", "Another question?", letters.TurnRecord{Question: "Another question?", Answer: "Yes."})
	if err != nil {
		t.Fatal(err)
	}
	fill := strings.NewReplacer("{doc}", fmt.Sprint(docs[0].ID), "{para}", fmt.Sprint(paras[0].ID),
		"{conv}", conv, "{gone}", gone, "{turn}", fmt.Sprint(turn)).Replace
	c := &http.Client{CheckRedirect: noRedirect}
	for _, r := range routes {
		r.path, r.body, r.wantBody = fill(r.path), fill(r.body), fill(r.wantBody)
		t.Run(r.method+" "+r.path, func(t *testing.T) {
			resp := send(t, c, r.method, base+r.path, r.body, nil)
			switch {
			case strings.HasPrefix(r.path, "/api/") || strings.HasPrefix(r.path, "/v1/") || r.path == "/metrics":
				if resp.StatusCode != 401 || !strings.Contains(resp.Header.Get("WWW-Authenticate"), "Bearer") {
					t.Errorf("anonymous: %d, want 401 with WWW-Authenticate", resp.StatusCode)
				}
			default:
				if resp.StatusCode != 303 || !strings.HasPrefix(resp.Header.Get("Location"), "/signin") {
					t.Errorf("anonymous page: %d → %q, want a redirect to /signin", resp.StatusCode, resp.Header.Get("Location"))
				}
			}
			bearer := map[string]string{"Authorization": "Bearer " + secret}
			resp, body := sendRead(t, c, r.method, base+r.path, r.body, bearer)
			if resp.StatusCode != r.want || !strings.Contains(body, r.wantBody) {
				t.Errorf("with a token: %d %.200q; want %d with %q", resp.StatusCode, body, r.want, r.wantBody)
			}
			if resp := send(t, c, r.method, base+r.path, r.body, map[string]string{"Authorization": "Bearer lt_wrong"}); resp.StatusCode != 401 && resp.StatusCode != 303 {
				t.Errorf("with a wrong token: %d", resp.StatusCode)
			}
		})
	}
	for _, p := range []string{"/healthz", "/readyz", "/signin", "/assets/govuk/govuk-frontend.min.css"} {
		if resp := send(t, c, "GET", base+p, "", nil); resp.StatusCode != 200 {
			t.Errorf("%s anonymous: %d, want 200", p, resp.StatusCode)
		}
	}
	// a revoked token stops working
	toks, _ := db.Tokens(context.Background())
	if err := db.RevokeToken(context.Background(), toks[0].ID); err != nil {
		t.Fatal(err)
	}
	if resp := send(t, c, "GET", base+"/api/documents", "", map[string]string{"Authorization": "Bearer " + secret}); resp.StatusCode != 401 {
		t.Errorf("revoked token: %d, want 401", resp.StatusCode)
	}
}

func TestSignInCookieAndCSRF(t *testing.T) {
	base, _, secret := tokenServer(t)
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: noRedirect}
	// the sign-in page sets the CSRF cookie
	send(t, c, "GET", base+"/signin", "", nil)
	u, _ := url.Parse(base)
	var csrf string
	for _, ck := range jar.Cookies(u) {
		if ck.Name == "letters_csrf" {
			csrf = ck.Value
		}
	}
	if csrf == "" {
		t.Fatal("no CSRF cookie from /signin")
	}
	post := func(form url.Values) *http.Response {
		req, _ := http.NewRequest("POST", base+"/signin", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	if resp := post(url.Values{"token": {secret}}); resp.StatusCode != 403 {
		t.Errorf("sign-in without the CSRF field: %d, want 403", resp.StatusCode)
	}
	if resp := post(url.Values{"token": {"lt_wrong"}, "_csrf": {csrf}}); resp.StatusCode != 401 {
		t.Errorf("wrong token: %d, want 401", resp.StatusCode)
	}
	resp := post(url.Values{"token": {secret}, "_csrf": {csrf}, "next": {"/documents"}})
	if resp.StatusCode != 303 || resp.Header.Get("Location") != "/documents" {
		t.Fatalf("sign-in: %d → %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	var session *http.Cookie
	for _, ck := range resp.Cookies() {
		if ck.Name == "letters_session" {
			session = ck
		}
	}
	if session == nil || !session.HttpOnly || session.SameSite != http.SameSiteStrictMode {
		t.Fatalf("session cookie %+v: want HttpOnly, SameSite=Strict", session)
	}
	if resp := send(t, c, "GET", base+"/api/documents", "", nil); resp.StatusCode != 200 {
		t.Errorf("GET with the session cookie: %d", resp.StatusCode)
	}
	// sign-in rotated the CSRF token to the session's
	for _, ck := range jar.Cookies(u) {
		if ck.Name == "letters_csrf" {
			csrf = ck.Value
		}
	}
	if resp := send(t, c, "POST", base+"/api/ask", `{"question":"What does NFA mean?"}`, nil); resp.StatusCode != 403 {
		t.Errorf("cookie POST without the CSRF header: %d, want 403", resp.StatusCode)
	}
	if resp := send(t, c, "POST", base+"/api/ask", `{"question":"What does NFA mean?"}`, map[string]string{"X-CSRF-Token": csrf}); resp.StatusCode != 200 {
		t.Errorf("cookie POST with the CSRF header: %d, want 200", resp.StatusCode)
	}
	// an open redirect is not possible
	if resp := post(url.Values{"token": {secret}, "_csrf": {csrf}, "next": {"//evil.example/x"}}); resp.Header.Get("Location") != "/" {
		t.Errorf("next=//evil redirected to %q", resp.Header.Get("Location"))
	}
	// sign out ends the session (that second sign-in made a new one, with its own CSRF token)
	for _, ck := range jar.Cookies(u) {
		switch ck.Name {
		case "letters_session":
			session = ck
		case "letters_csrf":
			csrf = ck.Value
		}
	}
	req, _ := http.NewRequest("POST", base+"/signout", strings.NewReader(url.Values{"_csrf": {csrf}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if resp, err := c.Do(req); err != nil || resp.StatusCode != 303 {
		t.Fatalf("sign out: %v %v", resp, err)
	}
	if resp := send(t, c, "GET", base+"/api/documents", "", map[string]string{"Cookie": "letters_session=" + session.Value}); resp.StatusCode != 401 {
		t.Errorf("after sign-out the old session still works: %d", resp.StatusCode)
	}
}

func TestProxyAuthRecordsUser(t *testing.T) {
	srv, db := newServerWith(t, false, func(c *server.Config, db *store.DB) {
		c.Auth, c.ProxyUserHeader = server.AuthProxy, "X-Auth-Request-User"
		c.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}
	})
	c := &http.Client{}
	if resp := send(t, c, "POST", srv.URL+"/api/ask", `{"question":"What does NFA mean?"}`, nil); resp.StatusCode != 401 {
		t.Errorf("without the proxy header: %d, want 401", resp.StatusCode)
	}
	h := map[string]string{"X-Auth-Request-User": "bob@council.example"}
	_, body, _ := doWith(t, srv.URL+"/api/ask", `{"question":"What does NFA mean?"}`, h)
	turn := body["turn_id"]
	if turn == nil {
		t.Fatalf("ask as bob: %v", body)
	}
	send(t, c, "POST", srv.URL+"/api/feedback", `{"turn_id":`+jsonNum(turn)+`,"rating":1}`, h)
	fb, err := db.AllFeedback(context.Background())
	if err != nil || len(fb) != 1 || fb[0].User != "bob@council.example" {
		t.Errorf("feedback user: %+v %v", fb, err)
	}
	conv, err := db.Conversation(context.Background(), body["conversation_id"].(string))
	if err != nil || conv.User != "bob@council.example" {
		t.Errorf("conversation user %q, %v", conv.User, err)
	}
}

// TestConversationListAndDeleteOwnerOnly: a user lists only their own
// conversations, and only the owner may delete one (an admin may read it,
// not delete it; anyone else gets 404, as if it did not exist).
func TestConversationListAndDeleteOwnerOnly(t *testing.T) {
	srv, db := newServerWith(t, false, func(c *server.Config, db *store.DB) {
		c.Auth, c.Authenticator, c.CookieSecure, c.Admins = server.AuthToken, db, false, []string{"carol"}
	})
	ctx := context.Background()
	tok := map[string]string{}
	for _, u := range []string{"alice", "bob", "carol"} {
		_, secret, err := db.CreateToken(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		tok[u] = secret
	}
	as := func(u, method, path, body string) (int, map[string]any) {
		req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+tok[u])
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out map[string]any
		json.NewDecoder(resp.Body).Decode(&out)
		return resp.StatusCode, out
	}
	_, res := as("alice", "POST", "/api/ask", `{"question":"What does NFA mean?"}`)
	id, _ := res["conversation_id"].(string)
	if id == "" {
		t.Fatalf("ask: %v", res)
	}
	for _, tt := range []struct {
		user string
		want int
	}{{"bob", 0}, {"carol", 0}, {"alice", 1}} {
		_, list := as(tt.user, "GET", "/api/conversations", "")
		if got := len(list["conversations"].([]any)); got != tt.want {
			t.Errorf("%s lists %d conversations, want %d", tt.user, got, tt.want)
		}
	}
	for _, tt := range []struct {
		user string
		want int
	}{{"bob", 404}, {"carol", 404}, {"alice", 204}, {"alice", 404}} {
		if got, _ := as(tt.user, "DELETE", "/api/conversations/"+id, ""); got != tt.want {
			t.Errorf("%s deletes: %d, want %d", tt.user, got, tt.want)
		}
	}
	if got, _ := as("bob", "GET", "/api/feedback", ""); got != 403 {
		t.Errorf("bob (not an admin) reads the feedback review: %d, want 403", got)
	}
	if got, _ := as("carol", "GET", "/api/feedback", ""); got != 200 {
		t.Errorf("carol (an admin) reads the feedback review: %d, want 200", got)
	}
}

// TestRolesForLetters: only editors (and admins) add letters or correct
// their details, whichever way they signed in; readers get 403.
func TestRolesForLetters(t *testing.T) {
	for _, mode := range []string{server.AuthToken, server.AuthProxy} {
		t.Run(mode, func(t *testing.T) {
			srv, db := newServerWith(t, false, func(c *server.Config, db *store.DB) {
				c.Auth, c.Authenticator, c.CookieSecure = mode, db, false
				c.Editors, c.Admins = []string{"ed"}, []string{"ad"}
				c.Ingester, c.UploadDir = testdb.Pipeline(db), t.TempDir()
				if mode == server.AuthProxy {
					c.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}
				}
			})
			ctx := context.Background()
			as := func(u string, req *http.Request) int {
				if mode == server.AuthToken {
					_, secret, err := db.CreateToken(ctx, u)
					if err != nil {
						t.Fatal(err)
					}
					req.Header.Set("Authorization", "Bearer "+secret)
				} else {
					req.Header.Set("X-Forwarded-User", u)
				}
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				return resp.StatusCode
			}
			upload := func() *http.Request {
				var b bytes.Buffer
				w := multipart.NewWriter(&b)
				f, _ := w.CreateFormFile("files", "note.txt")
				f.Write([]byte("Ofsted\n\n1 May 2025\n\nDear Ms Smith\n\nMonitoring visit to Harwick City children's services\n\nInspectors found that practice is improving.\n"))
				w.Close()
				req, _ := http.NewRequest("POST", srv.URL+"/api/documents", &b)
				req.Header.Set("Content-Type", w.FormDataContentType())
				return req
			}
			correct := func() *http.Request {
				req, _ := http.NewRequest("PATCH", srv.URL+"/api/documents/1", strings.NewReader(`{"authority":"Nottingham"}`))
				req.Header.Set("Content-Type", "application/json")
				return req
			}
			for _, tt := range []struct {
				user        string
				up, correct int
			}{{"reader", 403, 403}, {"ed", 200, 200}, {"ad", 200, 200}} {
				if got := as(tt.user, upload()); got != tt.up {
					t.Errorf("%s uploads: %d, want %d", tt.user, got, tt.up)
				}
				if got := as(tt.user, correct()); got != tt.correct {
					t.Errorf("%s corrects: %d, want %d", tt.user, got, tt.correct)
				}
			}
		})
	}
}

// TestAuditOfReviewAndDeletes: the routes the library added that read
// other users' questions (the feedback review and its export) or delete a
// conversation are in the audit log, as reading a conversation is.
func TestAuditOfReviewAndDeletes(t *testing.T) {
	srv, db := newServerWith(t, false, func(c *server.Config, db *store.DB) {
		c.Auth, c.Authenticator, c.CookieSecure, c.Admins = server.AuthToken, db, false, []string{"carol"}
	})
	ctx := context.Background()
	bearer := func(u string) map[string]string {
		_, secret, err := db.CreateToken(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		return map[string]string{"Authorization": "Bearer " + secret}
	}
	alice, carol := bearer("alice"), bearer("carol")
	_, body, _ := doWith(t, srv.URL+"/api/ask", `{"question":"What does NFA mean?"}`, alice)
	cid, _ := body["conversation_id"].(string)
	if cid == "" {
		t.Fatalf("alice asks: %v", body)
	}
	for _, r := range []struct {
		method, path string
		h            map[string]string
		want         int
	}{
		{"GET", "/api/feedback", carol, 200},
		{"GET", "/api/feedback/export", carol, 200},
		{"DELETE", "/api/conversations/" + cid, alice, 204},
	} {
		if resp := send(t, &http.Client{}, r.method, srv.URL+r.path, "", r.h); resp.StatusCode != r.want {
			t.Fatalf("%s %s: %d, want %d", r.method, r.path, resp.StatusCode, r.want)
		}
	}
	es, err := db.Audit(ctx, "", time.Now().Add(-time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range es {
		got = append(got, fmt.Sprintf("%s %s conv=%v", e.User, e.Route, e.ConversationID == cid))
	}
	want := []string{"alice POST /api/ask conv=true", "carol GET /api/feedback conv=false",
		"carol GET /api/feedback/export conv=false", "alice DELETE /api/conversations/:id conv=true"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("audit log\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
