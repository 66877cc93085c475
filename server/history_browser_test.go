package server_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserHistoryAndFeedback: a user rates an answer (changes their
// mind: one rating stays), giving a reason and a comment; finds their
// conversations newest first, searches them and deletes one; the admin
// page lists the feedback with its question, answer and sources, and
// downloads it as eval-set lines.
func TestBrowserHistoryAndFeedback(t *testing.T) {
	srv, _ := newServer(t, false)
	ctx := browser(t, 90*time.Second)
	var first, second, done string
	err := chromedp.Run(ctx,
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible("#question", chromedp.ByID),
		chromedp.SendKeys("#question", "What did inspectors say about the MASH?", chromedp.ByID),
		chromedp.Click("#ask", chromedp.ByID),
		chromedp.WaitVisible(`section.app-turn[data-done="true"] .app-feedback button`, chromedp.ByQuery),
		chromedp.Location(&first),
		chromedp.Click(`section.app-turn .app-feedback button.app-rate`, chromedp.ByQuery), // Helpful
		chromedp.WaitVisible(`section.app-turn .app-feedback button.app-rate[aria-pressed="true"]`, chromedp.ByQuery),
		chromedp.Click(`section.app-turn .app-feedback button.app-rate:nth-of-type(2)`, chromedp.ByQuery), // Not helpful
		chromedp.WaitVisible(`section.app-turn form.app-why`, chromedp.ByQuery),
	)
	if err != nil {
		screenshot(t, ctx, "history-failure.png")
		t.Fatalf("rating an answer: %v", err)
	}
	checkAxe(t, ctx, "the chat with the feedback form open")
	err = chromedp.Run(ctx,
		chromedp.Click(`section.app-turn form.app-why input[value="misleading"]`, chromedp.ByQuery),
		chromedp.SendKeys(`section.app-turn form.app-why textarea`, "mixes two years", chromedp.ByQuery),
		chromedp.Click(`section.app-turn form.app-why button[type="submit"]`, chromedp.ByQuery),
		chromedp.WaitNotVisible(`section.app-turn form.app-why`, chromedp.ByQuery),
		chromedp.Text(`section.app-turn .app-fb-done`, &done, chromedp.ByQuery),
		chromedp.Click("#new", chromedp.ByID),
		chromedp.SendKeys("#question", "What support do care leavers get in Nottinghamshire?", chromedp.ByID),
		chromedp.Click("#ask", chromedp.ByID),
		chromedp.WaitVisible(`section.app-turn[data-done="true"]`, chromedp.ByQuery),
		chromedp.Location(&second),
	)
	if err != nil {
		screenshot(t, ctx, "history-failure.png")
		t.Fatalf("feedback and a second conversation: %v", err)
	}
	if !strings.Contains(done, "Thank you") {
		t.Errorf("after sending feedback: %q", done)
	}
	idOf := func(u string) string { return u[strings.LastIndex(u, "/c/")+3:] }

	// the admin page (auth none: everyone may review)
	var items int
	var item, export string
	err = chromedp.Run(ctx,
		chromedp.Navigate(srv.URL+"/feedback"),
		chromedp.WaitVisible(`#feedback-list .app-fb-item`, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelectorAll("#feedback-list .app-fb-item").length`, &items),
		chromedp.Text(`#feedback-list .app-fb-item`, &item, chromedp.ByQuery),
		chromedp.Evaluate(`fetch(document.getElementById("feedback-export").href).then(function (r) { return r.text(); })`, &export,
			awaitPromise),
	)
	if err != nil {
		screenshot(t, ctx, "feedback-failure.png")
		t.Fatalf("feedback review: %v", err)
	}
	checkAxe(t, ctx, "/feedback")
	if items != 1 {
		t.Errorf("%d feedback items, want 1 (the second rating replaced the first)", items)
	}
	for _, want := range []string{"What did inspectors say about the MASH?", "Not helpful: it is misleading", "mixes two years", "Answer", "Sources", "#¶"} {
		if !strings.Contains(item, want) {
			t.Errorf("feedback item lacks %q:\n%s", want, item)
		}
	}
	if lines := strings.Split(strings.TrimSpace(export), "\n"); len(lines) != 1 || !strings.Contains(lines[0], `"feedback":"thumbs down: misleading: mixes two years`) {
		t.Errorf("export = %q, want one eval line with the reason and comment", export)
	}

	// your conversations: newest first, searched, one deleted
	var order []string
	err = chromedp.Run(ctx,
		chromedp.Navigate(srv.URL+"/history"),
		chromedp.WaitVisible(`#history-list li`, chromedp.ByQuery),
		chromedp.Evaluate(`Array.from(document.querySelectorAll("#history-list li")).map(function (l) { return l.getAttribute("data-id"); })`, &order),
	)
	if err != nil {
		t.Fatalf("history: %v", err)
	}
	checkAxe(t, ctx, "/history")
	if len(order) != 2 || order[0] != idOf(second) || order[1] != idOf(first) {
		t.Errorf("history lists %v, want newest first [%s %s]", order, idOf(second), idOf(first))
	}
	var status int
	err = chromedp.Run(ctx,
		chromedp.SendKeys("#history-q", "MASH", chromedp.ByID),
		chromedp.Click("#history-search", chromedp.ByID),
		chromedp.Poll(`document.querySelectorAll("#history-list li").length === 1`, nil, chromedp.WithPollingTimeout(10*time.Second)),
		chromedp.Evaluate(`Array.from(document.querySelectorAll("#history-list li")).map(function (l) { return l.getAttribute("data-id"); })`, &order),
		chromedp.Click(`#history-list li .app-del`, chromedp.ByQuery),
		chromedp.Click(`#history-list li .app-del-yes`, chromedp.ByQuery),
		chromedp.WaitNotPresent(`#history-list li`, chromedp.ByQuery),
		chromedp.Evaluate(`fetch("/api/conversations/`+idOf(first)+`").then(function (r) { return r.status; })`, &status, awaitPromise),
	)
	if err != nil {
		t.Fatalf("search and delete: %v", err)
	}
	if len(order) != 1 || order[0] != idOf(first) {
		t.Errorf("searching MASH lists %v, want only %s", order, idOf(first))
	}
	if status != 404 {
		t.Errorf("the deleted conversation answers %d, want 404", status)
	}
}
