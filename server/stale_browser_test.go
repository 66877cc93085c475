package server_test

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/letters-app/letters/internal/hashembed"
	"github.com/letters-app/letters/internal/testdb"
	"github.com/letters-app/letters/rag"
	"github.com/letters-app/letters/server"
)

// TestBrowserCitationsSurviveReingest asks two questions, changes the
// letter they cite (one cited paragraph reworded, an uncited paragraph
// before another cited one deleted), re-ingests, reloads the conversation
// and clicks each citation: an unchanged paragraph opens highlighted in the
// current version of its letter (its key kept though its number moved); the
// reworded one still shows the words quoted, marked "this letter has since
// changed", with a link that opens the current version.
func TestBrowserCitationsSurviveReingest(t *testing.T) {
	dir := t.TempDir()
	files, _ := filepath.Glob("../letters/*")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, filepath.Base(f)), b, 0o644)
	}
	db := testdb.Open(t)
	testdb.Ingest(t, db, dir)
	emb, _ := hashembed.New(0)
	svc := rag.NewService(db, emb, emb.Name(), rag.Config{}, quiet, &rag.Extractive{})
	srv := httptest.NewServer(server.New(server.Config{Logger: quiet}, svc, db).Handler())
	t.Cleanup(srv.Close)
	ctx := browser(t, 90*time.Second)

	var q1, q2 string
	err := chromedp.Run(ctx,
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible("#question", chromedp.ByID),
		chromedp.SendKeys("#question", "How does the Nottingham City MASH respond when children are at high risk of significant harm?", chromedp.ByID),
		chromedp.Click("#ask", chromedp.ByID),
		chromedp.WaitVisible(`section.app-turn[data-done="true"] a.app-cite`, chromedp.ByQuery),
		chromedp.Text(`section.app-turn .app-turn__a`, &q1, chromedp.ByQuery),
		chromedp.SendKeys("#question", "How timely is the response to initial requests for help in Nottingham City, other than at risk of significant harm?", chromedp.ByID),
		chromedp.Click("#ask", chromedp.ByID),
		chromedp.WaitVisible(`section.app-turn:nth-of-type(2)[data-done="true"] a.app-cite`, chromedp.ByQuery),
		chromedp.Text(`section.app-turn:nth-of-type(2) .app-turn__a`, &q2, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatalf("asking: %v", err)
	}
	const reworded = "remains consistently strong"
	const timeliness = "Timeliness of response to initial requests for help, other than when children"
	if !strings.Contains(q1, reworded) || !strings.Contains(q2, "Timeliness of response to initial requests for help") {
		t.Fatalf("the answers do not quote the paragraphs this test changes:\n%s\n%s", q1, q2)
	}

	// the letter changes: ¶6 reworded, ¶7 (not cited) deleted, so the
	// paragraph cited by the second answer moves from ¶8 to ¶7
	letter := filepath.Join(dir, "000_9ffa9ab164142b1c.txt")
	b, _ := os.ReadFile(letter)
	text := strings.Replace(string(b), reworded, "remains strong", 1)
	i := strings.Index(text, "Threshold decisions for less urgent requests")
	j := strings.Index(text[i:], "\n\n")
	text = text[:i] + text[i+j+2:]
	if err := os.WriteFile(letter, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	testdb.Ingest(t, db, dir)

	// reload the conversation; click each citation of each turn
	type click struct {
		turn, marker                  int
		highlighted, stale, currentHL string
	}
	var clicks []click
	var markers [][]int
	err = chromedp.Run(ctx,
		chromedp.Reload(),
		chromedp.WaitVisible(`section.app-turn:nth-of-type(2)[data-done="true"]`, chromedp.ByQuery),
		chromedp.Evaluate(`Array.from(document.querySelectorAll("section.app-turn")).map(function (s) {
			return Array.from(new Set(Array.from(s.querySelectorAll(".app-turn__a a.app-cite")).map(function (a) { return Number(a.getAttribute("data-marker")); }))); })`, &markers),
	)
	if err != nil {
		t.Fatalf("reload: %v", err)
	}
	for ti, ms := range markers {
		for _, m := range ms {
			c := click{turn: ti + 1, marker: m}
			sel := `section.app-turn:nth-of-type(` + strconv.Itoa(ti+1) + `) .app-turn__a a.app-cite[data-marker="` + strconv.Itoa(m) + `"]`
			err := chromedp.Run(ctx,
				chromedp.Evaluate(`document.getElementById("source").hidden = true; document.getElementById("source-body").textContent = ""; true`, nil),
				chromedp.Click(sel, chromedp.ByQuery),
				chromedp.WaitVisible(`#source .app-para--hl, #source .app-stale`, chromedp.ByQuery),
				chromedp.Evaluate(`(document.querySelector("#source .app-para--hl") || {}).textContent || ""`, &c.highlighted),
				chromedp.Evaluate(`(document.querySelector("#source .app-stale") || {}).textContent || ""`, &c.stale),
			)
			if err != nil {
				screenshot(t, ctx, "stale-failure.png")
				t.Fatalf("turn %d, citation [%d]: nothing shown (%v)", c.turn, m, err)
			}
			if c.stale != "" {
				err := chromedp.Run(ctx,
					chromedp.Click(`#source .app-stale a.app-current`, chromedp.ByQuery),
					chromedp.WaitVisible(`#source .app-para--hl`, chromedp.ByQuery),
					chromedp.Text(`#source .app-para--hl`, &c.currentHL, chromedp.ByQuery),
				)
				if err != nil {
					t.Fatalf("turn %d, citation [%d]: the current version does not open: %v", c.turn, m, err)
				}
			}
			clicks = append(clicks, c)
		}
	}
	screenshot(t, ctx, "stale.png")
	if err := chromedp.Run(ctx, chromedp.Click(`section.app-turn .app-turn__a a.app-cite[data-marker="1"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`#source .app-stale`, chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	checkAxe(t, ctx, "a changed letter's citation")
	var sawStale, sawMoved bool
	for _, c := range clicks {
		switch {
		case strings.Contains(c.stale, reworded):
			sawStale = true
			if !strings.Contains(c.stale, "This letter has since changed") {
				t.Errorf("turn %d [%d]: the reworded paragraph's quote is not marked as changed: %q", c.turn, c.marker, c.stale)
			}
			if !strings.Contains(c.currentHL, "remains strong") {
				t.Errorf("turn %d [%d]: 'current version' opened %q, want the reworded paragraph", c.turn, c.marker, c.currentHL)
			}
		case c.stale != "":
			t.Errorf("turn %d [%d]: an unchanged paragraph is marked as changed: %q", c.turn, c.marker, c.stale)
		case c.highlighted == "":
			t.Errorf("turn %d [%d]: nothing highlighted", c.turn, c.marker)
		case strings.Contains(c.highlighted, timeliness):
			sawMoved = true
			if !strings.HasPrefix(strings.TrimSpace(c.highlighted), "¶7") {
				t.Errorf("turn %d [%d]: the moved paragraph shows as %q, want its new number ¶7", c.turn, c.marker, c.highlighted[:10])
			}
		}
	}
	if !sawStale || !sawMoved {
		t.Errorf("clicked %d citations: saw the reworded one %v, the moved one %v; want both", len(clicks), sawStale, sawMoved)
	}
}
