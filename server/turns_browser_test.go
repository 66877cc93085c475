package server_test

import (
	"context"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/letters-app/letters/internal/hashembed"
	"github.com/letters-app/letters/internal/testdb"
	"github.com/letters-app/letters/rag"
	"github.com/letters-app/letters/server"
)

// TestBrowserFiltersKept asks with filters chosen in the form: the turn
// says which filters it used, the shared link carries them, and opening
// that link in a fresh page shows them on the turn and sets the form.
func TestBrowserFiltersKept(t *testing.T) {
	srv, _ := newServer(t, false)
	ctx := browser(t, 90*time.Second)
	var used, location, shared string
	err := chromedp.Run(ctx,
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible("#question", chromedp.ByID),
		chromedp.WaitReady(`#f-authority option[value="Nottinghamshire"]`, chromedp.ByQuery),
		chromedp.Click("#filters summary", chromedp.ByQuery),
		chromedp.SetValue("#f-authority", "Nottinghamshire", chromedp.ByID),
		chromedp.SetValue("#f-from", "2025-01-01", chromedp.ByID),
		chromedp.SendKeys("#question", "What did inspectors find about early help?", chromedp.ByID),
		chromedp.Click("#ask", chromedp.ByID),
		chromedp.WaitVisible(`section.app-turn[data-done="true"]`, chromedp.ByQuery),
		chromedp.Evaluate(`(document.querySelector("section.app-turn .app-filters-used") || {}).textContent || ""`, &used),
		chromedp.Location(&location),
		chromedp.Evaluate(`document.getElementById("share-link").href`, &shared),
	)
	if err != nil {
		screenshot(t, ctx, "filters-failure.png")
		t.Fatal(err)
	}
	wantUsed := "Filters: local authority Nottinghamshire · dated from 1 January 2025"
	if used != wantUsed {
		t.Errorf("turn's filters line = %q, want %q", used, wantUsed)
	}
	for _, u := range []string{location, shared} {
		pu, err := url.Parse(u)
		if err != nil || !strings.HasPrefix(pu.Path, "/c/") || pu.Query().Get("authority") != "Nottinghamshire" || pu.Query().Get("from") != "2025-01-01" {
			t.Errorf("link %q does not keep the conversation and its filters", u)
		}
	}
	// a colleague opens the shared link
	ctx2 := browser(t, 60*time.Second)
	var authority, from string
	var open bool
	err = chromedp.Run(ctx2,
		chromedp.Navigate(shared),
		chromedp.WaitVisible(`section.app-turn[data-done="true"]`, chromedp.ByQuery),
		chromedp.WaitReady(`#f-authority option[value="Nottinghamshire"]`, chromedp.ByQuery),
		chromedp.Evaluate(`(document.querySelector("section.app-turn .app-filters-used") || {}).textContent || ""`, &used),
		chromedp.Evaluate(`document.getElementById("f-authority").value`, &authority),
		chromedp.Evaluate(`document.getElementById("f-from").value`, &from),
		chromedp.Evaluate(`document.getElementById("filters").open`, &open),
	)
	if err != nil {
		t.Fatal(err)
	}
	if used != wantUsed || authority != "Nottinghamshire" || from != "2025-01-01" || !open {
		t.Errorf("shared link opened: filters line %q, form authority %q from %q, filters open %v", used, authority, from, open)
	}
}

// TestBrowserPrintChat prints a conversation to PDF as a user would and
// reads it back: the questions, answers and sources are there with the
// conversation's link and the date, and no buttons or form.
func TestBrowserPrintChat(t *testing.T) {
	srv, _ := newServer(t, false)
	ctx := browser(t, 90*time.Second)
	var location string
	err := chromedp.Run(ctx,
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible("#question", chromedp.ByID),
		chromedp.SendKeys("#question", "What did inspectors say about the MASH?", chromedp.ByID),
		chromedp.Click("#ask", chromedp.ByID),
		chromedp.WaitVisible(`section.app-turn[data-done="true"] a.app-cite`, chromedp.ByQuery),
		chromedp.Location(&location),
	)
	if err != nil {
		t.Fatal(err)
	}
	text := printPDF(t, ctx)
	today := time.Now().UTC().Format("2 January 2006")
	for _, must := range []string{"What did inspectors say about the MASH?", "Sources", "Printed from " + location + " on " + today} {
		if !strings.Contains(text, must) {
			t.Errorf("printed conversation lacks %q:\n%s", must, text)
		}
	}
	for _, control := range []string{"Helpful", "Report wrong citation", "Your question", "New conversation", "Export Markdown", "Filters", "Documents"} {
		if strings.Contains(text, control) {
			t.Errorf("printed conversation shows the control %q", control)
		}
	}
}

// TestBrowserAnsweringShown asks a question whose answer takes two
// seconds: while it is being answered the turn shows "Answering…" and the
// Ask button is disabled; when it arrives the notice goes.
func TestBrowserAnsweringShown(t *testing.T) {
	db := testdb.Open(t)
	testdb.Ingest(t, db, "../letters")
	emb, _ := hashembed.New(0)
	svc := rag.NewService(db, emb, emb.Name(), rag.Config{}, quiet, &rag.Extractive{})
	srv := httptest.NewServer(server.New(server.Config{Logger: quiet}, slowAsker{svc, 2 * time.Second}, db).Handler())
	t.Cleanup(srv.Close)
	ctx := browser(t, 60*time.Second)
	var progress string
	var disabled, stillThere bool
	err := chromedp.Run(ctx,
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible("#question", chromedp.ByID),
		chromedp.SendKeys("#question", "What did inspectors say about the MASH?", chromedp.ByID),
		chromedp.Click("#ask", chromedp.ByID),
	)
	if err != nil {
		t.Fatal(err)
	}
	wctx, cancel := context.WithTimeout(ctx, time.Second)
	err = chromedp.Run(wctx,
		chromedp.WaitVisible("section.app-turn .app-progress", chromedp.ByQuery),
		chromedp.Text("section.app-turn .app-progress", &progress, chromedp.ByQuery),
		chromedp.Evaluate(`document.getElementById("ask").disabled`, &disabled),
	)
	cancel()
	if err != nil || !strings.Contains(progress, "Answering") || !disabled {
		screenshot(t, ctx, "answering-failure.png")
		t.Errorf("within a second of asking: progress %q (%v), Ask disabled %v; want a visible 'Answering…' and a disabled button", progress, err, disabled)
	}
	err = chromedp.Run(ctx,
		chromedp.WaitVisible(`section.app-turn[data-done="true"]`, chromedp.ByQuery),
		chromedp.Evaluate(`!!document.querySelector("section.app-turn .app-progress") && !!document.querySelector("section.app-turn .app-progress").offsetParent`, &stillThere),
	)
	if err != nil {
		t.Fatal(err)
	}
	if stillThere {
		t.Error("'Answering…' is still shown after the answer arrived")
	}
}
