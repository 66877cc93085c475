package server_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserBriefingPrint opens Nottingham City's briefing page from the
// Documents page in a real browser, prints it to PDF as a board member
// would, and reads the PDF back with pdftotext: every quoted sentence's
// citation is there, with the page's address and date, and no controls.
func TestBrowserBriefingPrint(t *testing.T) {
	srv, _ := newServer(t, false)
	ctx := browser(t, 90*time.Second)

	var ready, location string
	err := chromedp.Run(ctx,
		chromedp.Navigate(srv.URL+"/documents"),
		chromedp.WaitVisible(`#docs-briefings`, chromedp.ByID),
		chromedp.Click(`#docs-briefings`, chromedp.ByID),
		chromedp.WaitVisible(`#councils-body a[href="/briefing/nottingham-city"]`, chromedp.ByQuery),
		chromedp.Click(`#councils-body a[href="/briefing/nottingham-city"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`body[data-ready]`, chromedp.ByQuery),
		chromedp.AttributeValue(`body`, "data-ready", &ready, nil, chromedp.ByQuery),
		chromedp.Location(&location),
		chromedp.WaitVisible(`#changes .app-change`, chromedp.ByQuery),
	)
	if err != nil {
		screenshot(t, ctx, "briefing-failure.png")
		t.Fatalf("open the briefing page: %v", err)
	}
	screenshot(t, ctx, "briefing.png")
	if ready != "true" || !strings.HasSuffix(location, "/briefing/nottingham-city") {
		t.Fatalf("briefing page ready=%q at %s", ready, location)
	}
	raw := printPDFLayout(t, ctx)
	text := foldQuotes(raw)

	var br struct {
		Sections []struct{ Bullets []bulletJSON }
	}
	getJSON(t, srv.URL+"/api/councils/nottingham-city/briefing", &br)
	var ch struct {
		Topics []struct{ Earlier, Later *bulletJSON }
	}
	getJSON(t, srv.URL+"/api/councils/nottingham-city/changes", &ch)
	var want []string
	for _, s := range br.Sections {
		for _, b := range s.Bullets {
			want = append(want, b.Citation)
		}
	}
	for _, tc := range ch.Topics {
		for _, b := range []*bulletJSON{tc.Earlier, tc.Later} {
			if b != nil {
				want = append(want, b.Citation)
			}
		}
	}
	if len(want) < 20 {
		t.Fatalf("%d citations on the page, want ≥ 20", len(want))
	}
	missing := 0
	for _, w := range want {
		if !strings.Contains(text, foldQuotes(w)) {
			missing++
			t.Errorf("printed briefing lacks the citation %q", w)
		}
	}
	pages := strings.Count(raw, "\f")
	t.Logf("printed briefing: %d pages, %d citations, %d missing", pages, len(want), missing)
	for _, must := range []string{"Briefing: Nottingham City", "Printed from " + srv.URL + "/briefing/nottingham-city on",
		"Latest judgements and dates", "Timeline", "What changed"} {
		if !strings.Contains(text, must) {
			t.Errorf("printed briefing lacks %q", must)
		}
	}
	for _, control := range []string{"Update briefing", "Download:", "Compare", "All councils", "Ask a question"} {
		if strings.Contains(text, control) {
			t.Errorf("printed briefing shows the control %q", control)
		}
	}

	// one document, at phone width: nothing overflows sideways
	var overflow bool
	var docs int
	err = chromedp.Run(ctx,
		chromedp.EmulateViewport(375, 800),
		chromedp.Navigate(srv.URL+"/briefing/nottingham-city?document=2024-09-02-nottingham-city-monitoring-visit"),
		chromedp.WaitVisible(`body[data-ready="true"]`, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelectorAll("#brief-docs li").length`, &docs),
		chromedp.Evaluate(`document.documentElement.scrollWidth > window.innerWidth + 1`, &overflow),
	)
	if err != nil {
		t.Fatalf("briefing of one document: %v", err)
	}
	screenshot(t, ctx, "briefing-phone.png")
	if overflow {
		var wide string
		chromedp.Run(ctx, chromedp.Evaluate(`Array.from(document.querySelectorAll("body *")).filter(function (e) {
			return e.getBoundingClientRect().right > window.innerWidth + 1; }).slice(0, 8).map(function (e) {
			return e.tagName + "#" + e.id + "." + e.className; }).join(" ")`, &wide))
		t.Logf("wider than the screen: %s", wide)
	}
	if docs != 1 || overflow {
		t.Errorf("one-document briefing lists %d documents (want 1); overflows at phone width: %v", docs, overflow)
	}
}

func foldQuotes(s string) string {
	s = strings.NewReplacer("‘", "'", "’", "'", "“", "\"", "”", "\"", "\u00a0", " ").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}
