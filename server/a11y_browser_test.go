package server_test

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/letters-app/letters/internal/store"
	"github.com/letters-app/letters/server"
)

// TestBrowserAccessibility runs axe-core on every page the service shows,
// in the states a user sees them (an answer with its source open, a
// document, a briefing, the sign-in page), at desktop and phone widths:
// zero violations.
func TestBrowserAccessibility(t *testing.T) {
	srv, _ := newServerWith(t, false, func(c *server.Config, db *store.DB) {
		c.Auth, c.Authenticator, c.CookieSecure = server.AuthToken, db, false
	})
	ctx := browser(t, 120*time.Second)
	if err := chromedp.Run(ctx, chromedp.Navigate(srv.URL+"/signin"), chromedp.WaitVisible("#token", chromedp.ByID)); err != nil {
		t.Fatalf("sign-in page: %v", err)
	}
	checkAxe(t, ctx, "/signin")

	srv, _ = newServer(t, false)
	ctx = browser(t, 120*time.Second)
	err := chromedp.Run(ctx,
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible("#question", chromedp.ByID),
	)
	if err != nil {
		t.Fatalf("chat page: %v", err)
	}
	checkAxe(t, ctx, "/")
	err = chromedp.Run(ctx,
		chromedp.SendKeys("#question", "What did inspectors say about the MASH?", chromedp.ByID),
		chromedp.Click("#ask", chromedp.ByID),
		chromedp.WaitVisible(`section.app-turn[data-done="true"] a.app-cite`, chromedp.ByQuery),
		chromedp.Click(`section.app-turn a.app-cite[data-marker="1"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`#source .app-para--hl`, chromedp.ByQuery),
	)
	if err != nil {
		screenshot(t, ctx, "a11y-failure.png")
		t.Fatalf("answer with its source: %v", err)
	}
	checkAxe(t, ctx, "/c/… with the source open")
	pages := []struct{ path, ready string }{
		{"/documents", `#docs-body tr`},
		{"/documents/1", `#doc-body .app-para`},
		{"/briefing", `#councils-body a`},
		{"/briefing/nottingham-city", `body[data-ready="true"]`},
	}
	for _, width := range []int64{1280, 375} {
		if err := chromedp.Run(ctx, chromedp.EmulateViewport(width, 900)); err != nil {
			t.Fatal(err)
		}
		for _, p := range pages {
			if err := chromedp.Run(ctx, chromedp.Navigate(srv.URL+p.path), chromedp.WaitVisible(p.ready, chromedp.ByQuery)); err != nil {
				t.Fatalf("%s: %v", p.path, err)
			}
			checkAxe(t, ctx, p.path+" at "+map[int64]string{1280: "desktop", 375: "phone"}[width]+" width")
		}
	}
}
