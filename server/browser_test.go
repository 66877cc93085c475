package server_test

import (
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserChat drives the web chat in a real browser: ask, watch the
// answer stream in, click a citation, see the highlighted paragraph in the
// source panel, reload and see the conversation again, export Markdown, and
// check that a <script> question is rendered inertly.
func TestBrowserChat(t *testing.T) {
	srv, _ := newServer(t, false)
	ctx := browser(t, 90*time.Second)

	var answer, highlighted, url, exported, title, searched string
	var turns int
	err := chromedp.Run(ctx,
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible("#question", chromedp.ByID),
		chromedp.Title(&title),
		chromedp.SendKeys("#question", "How does the Nottingham City MASH respond when children are at high risk of significant harm?", chromedp.ByID),
		chromedp.Click("#ask", chromedp.ByID),
		chromedp.WaitVisible(`section.app-turn[data-done="true"] a.app-cite`, chromedp.ByQuery),
		chromedp.Text(`section.app-turn .app-turn__a`, &answer, chromedp.ByQuery),
		chromedp.Text(`section.app-turn .app-searched`, &searched, chromedp.ByQuery),
	)
	if err != nil {
		screenshot(t, ctx, "browser-failure.png")
		t.Fatalf("ask: %v", err)
	}
	if searched != "Searched: Nottingham City" {
		t.Errorf("searched line = %q, want %q (how the question was understood)", searched, "Searched: Nottingham City")
	}
	if !strings.Contains(title, "Inspection letters") || !strings.Contains(answer, "[1]") {
		t.Fatalf("title %q, answer %q", title, answer)
	}
	err = chromedp.Run(ctx,
		chromedp.Click(`section.app-turn a.app-cite[data-marker="1"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`#source .app-para--hl`, chromedp.ByQuery),
		chromedp.Text(`#source .app-para--hl`, &highlighted, chromedp.ByQuery),
	)
	if err != nil {
		screenshot(t, ctx, "browser-failure.png")
		t.Fatalf("citation click: %v", err)
	}
	screenshot(t, ctx, "chat.png")
	// the answer opens with its source's label on a line of its own, and
	// the highlighted paragraph holds the sentence that follows it
	lines := strings.Split(strings.TrimSpace(strings.SplitN(answer, "[1]", 2)[0]), "\n")
	if len(lines) < 2 || !strings.HasSuffix(strings.TrimSpace(lines[0]), ":") || !strings.Contains(lines[0], "Nottingham City") {
		t.Errorf("answer %q does not open with a source label (council, kind, date) on its own line", answer)
	}
	first := strings.TrimSpace(lines[len(lines)-1])
	if !strings.Contains(strings.Join(strings.Fields(highlighted), " "), strings.Join(strings.Fields(first), " ")) {
		t.Errorf("highlighted paragraph %q does not contain the cited sentence %q", highlighted, first)
	}
	err = chromedp.Run(ctx,
		chromedp.Location(&url),
		chromedp.Reload(),
		chromedp.WaitVisible(`section.app-turn[data-done="true"]`, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelectorAll("section.app-turn").length`, &turns),
		chromedp.Evaluate(`window.lettersExportMarkdown()`, &exported),
	)
	if err != nil {
		t.Fatalf("reload: %v", err)
	}
	if !strings.Contains(url, "/c/") || turns != 1 {
		t.Errorf("after reload: url %q, %d turns", url, turns)
	}
	if !strings.Contains(exported, "## 1. How does the Nottingham City MASH respond") || !strings.Contains(exported, "### References") || !strings.Contains(exported, `\[1\] `) {
		t.Errorf("exported Markdown:\n%s", exported)
	}
	// a script in a question is shown as text, never run
	var alerted bool
	var qText string
	err = chromedp.Run(ctx,
		chromedp.Evaluate(`window.__pwned = false; true`, nil),
		chromedp.SendKeys("#question", `<img src=x onerror="window.__pwned=true"><script>window.__pwned=true</script> MASH?`, chromedp.ByID),
		chromedp.Click("#ask", chromedp.ByID),
		chromedp.WaitVisible(`section.app-turn:nth-of-type(2)[data-done]`, chromedp.ByQuery),
		chromedp.Text(`section.app-turn:nth-of-type(2) .app-turn__q`, &qText, chromedp.ByQuery),
		chromedp.Evaluate(`window.__pwned`, &alerted),
	)
	if err != nil {
		screenshot(t, ctx, "browser-failure.png")
		t.Fatalf("script question: %v", err)
	}
	if alerted || !strings.Contains(qText, "<script>") {
		t.Errorf("payload ran (%v) or was not shown as text (%q)", alerted, qText)
	}
	// what kind of answer the question was taken to want is said too
	var wants string
	err = chromedp.Run(ctx,
		chromedp.SendKeys("#question", "How many inspectors carried out the 2026 monitoring visit to Nottingham City?", chromedp.ByID),
		chromedp.Click("#ask", chromedp.ByID),
		chromedp.WaitVisible(`section.app-turn:nth-of-type(3)[data-done]`, chromedp.ByQuery),
		chromedp.Text(`section.app-turn:nth-of-type(3) .app-searched`, &wants, chromedp.ByQuery),
	)
	if err != nil {
		screenshot(t, ctx, "browser-failure.png")
		t.Fatalf("count question: %v", err)
	}
	if !strings.Contains(wants, "looking for a number of inspectors") {
		t.Errorf("searched line = %q, want it to say it looks for a number of inspectors", wants)
	}
	// phone width: the page still works and nothing overflows sideways
	var overflow bool
	err = chromedp.Run(ctx,
		chromedp.EmulateViewport(375, 800),
		chromedp.Navigate(srv.URL+"/documents"),
		chromedp.WaitVisible(`#docs-body tr`, chromedp.ByQuery),
		chromedp.Evaluate(`document.documentElement.scrollWidth > window.innerWidth + 1`, &overflow),
	)
	if err != nil {
		t.Fatalf("documents page: %v", err)
	}
	screenshot(t, ctx, "documents-phone.png")
	if overflow {
		t.Error("the documents page overflows at phone width")
	}
}

// TestBrowserDocumentsPage opens the documents list and one document's full
// text with its paragraph labels; the chat view is not shown there.
func TestBrowserDocumentsPage(t *testing.T) {
	srv, _ := newServer(t, false)
	ctx := browser(t, 60*time.Second)
	var rows, labels int
	var chatVisible bool
	var firstLabel string
	err := chromedp.Run(ctx,
		chromedp.Navigate(srv.URL+"/documents"),
		chromedp.WaitVisible(`#docs-body tr`, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelectorAll("#docs-body tr").length`, &rows),
		chromedp.Evaluate(`!!document.getElementById("view-chat").offsetParent`, &chatVisible),
		chromedp.Click(`#docs-body tr a`, chromedp.ByQuery),
		chromedp.WaitVisible(`#doc-body .app-para`, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelectorAll("#doc-body .app-para__label").length`, &labels),
		chromedp.Text(`#doc-body .app-para__label`, &firstLabel, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatal(err)
	}
	if rows != 5 || chatVisible || labels < 10 || !strings.HasPrefix(firstLabel, "¶") {
		t.Errorf("rows %d, chat visible %v, %d labels, first label %q", rows, chatVisible, labels, firstLabel)
	}

	// no two rows share a title; a column sorts when its heading is
	// pressed, and again the other way; the date is in view on a phone
	var titles, dates []string
	var sortState, dateDesc []string
	err = chromedp.Run(ctx,
		chromedp.Navigate(srv.URL+"/documents"),
		chromedp.WaitVisible(`#docs-body tr`, chromedp.ByQuery),
		chromedp.Evaluate(`Array.from(document.querySelectorAll("#docs-body tr th a, #docs-body tr td:first-child a")).map(function (a) { return a.textContent; })`, &titles),
	)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, ti := range titles {
		if seen[ti] {
			t.Errorf("two documents are listed as %q", ti)
		}
		seen[ti] = true
	}
	if len(titles) != 5 {
		t.Errorf("%d titles, want 5", len(titles))
	}
	var sortable bool
	if err := chromedp.Run(ctx, chromedp.Evaluate(`!!document.querySelector('#docs-table th[data-sort="date"] button')`, &sortable)); err != nil || !sortable {
		t.Fatalf("the Date column has no sort button (%v)", err)
	}
	err = chromedp.Run(ctx,
		chromedp.Click(`#docs-table th[data-sort="date"] button`, chromedp.ByQuery),
		chromedp.Evaluate(`Array.from(document.querySelectorAll("#docs-body tr [data-sort-value][data-col='date']")).map(function (c) { return c.getAttribute("data-sort-value"); })`, &dates),
		chromedp.Evaluate(`Array.from(document.querySelectorAll("#docs-table thead th")).map(function (h) { return h.getAttribute("aria-sort") || ""; })`, &sortState),
		chromedp.Click(`#docs-table th[data-sort="date"] button`, chromedp.ByQuery),
		chromedp.Evaluate(`Array.from(document.querySelectorAll("#docs-body tr [data-sort-value][data-col='date']")).map(function (c) { return c.getAttribute("data-sort-value"); })`, &dateDesc),
	)
	if err != nil {
		t.Fatalf("sorting the documents: %v", err)
	}
	if len(dates) != 5 || !sort.StringsAreSorted(dates) {
		t.Errorf("after sorting by date: %q, want 5 dates, oldest first", dates)
	}
	if !slices.Contains(sortState, "ascending") {
		t.Errorf("header aria-sort after sorting by date: %q, want one ascending", sortState)
	}
	if want := slices.Clone(dates); len(dateDesc) != 5 || !slices.Equal(dateDesc, func() []string { slices.Reverse(want); return want }()) {
		t.Errorf("after sorting by date again: %q, want newest first", dateDesc)
	}
	var dateInView bool
	err = chromedp.Run(ctx,
		chromedp.EmulateViewport(375, 800),
		chromedp.Navigate(srv.URL+"/documents"),
		chromedp.WaitVisible(`#docs-body tr`, chromedp.ByQuery),
		chromedp.Evaluate(`(function () { var c = document.querySelector("#docs-body tr [data-col='date']"); if (!c) return false;
			var r = c.getBoundingClientRect(); return r.width > 0 && r.left >= 0 && r.right <= window.innerWidth; })()`, &dateInView),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !dateInView {
		screenshot(t, ctx, "documents-phone-failure.png")
		t.Error("on a phone the documents' dates are out of view")
	}
}
