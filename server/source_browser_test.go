package server_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// visibleJS is true when the element is inside the window and, when it is
// in the source panel, inside the panel's scrolled box too.
const visibleJS = `(function (sel) {
	var e = document.querySelector(sel);
	if (!e || !e.offsetParent) return false;
	var r = e.getBoundingClientRect();
	if (r.top < -1 || r.bottom > window.innerHeight + 1) return false;
	var p = document.getElementById("source").getBoundingClientRect();
	return !e.closest("#source") || (r.top >= p.top - 1 && r.bottom <= p.bottom + 1);
})`

// TestBrowserSourcePanel opens a citation's source as a user would, on a
// desktop and on a phone: the panel's title and Close stay in view however
// far the letter is scrolled, the cited sentence itself is marked inside
// its paragraph, Escape closes the panel and returns to the citation, and
// on a phone the panel covers the conversation rather than landing below it.
func TestBrowserSourcePanel(t *testing.T) {
	srv, _ := newServer(t, false)
	ctx := browser(t, 90*time.Second)
	var answer, sentence, para string
	var closeVisible, titleVisible, hlVisible, open, citeFocused bool
	err := chromedp.Run(ctx,
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible("#question", chromedp.ByID),
		chromedp.SendKeys("#question", "How does the Nottingham City MASH respond when children are at high risk of significant harm?", chromedp.ByID),
		chromedp.Click("#ask", chromedp.ByID),
		chromedp.WaitVisible(`section.app-turn[data-done="true"] a.app-cite`, chromedp.ByQuery),
		chromedp.Text(`section.app-turn .app-turn__a`, &answer, chromedp.ByQuery),
		chromedp.Click(`section.app-turn a.app-cite[data-marker="1"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`#source .app-para--hl`, chromedp.ByQuery),
		chromedp.Sleep(300), // smooth scrolling settles
		chromedp.Evaluate(visibleJS+`("#source-close")`, &closeVisible),
		chromedp.Evaluate(visibleJS+`("#source-title")`, &titleVisible),
		chromedp.Evaluate(visibleJS+`("#source .app-para--hl")`, &hlVisible),
		chromedp.Evaluate(`(document.querySelector("#source .app-para--hl mark.app-sentence") || {}).textContent || ""`, &sentence),
		chromedp.Text(`#source .app-para--hl`, &para, chromedp.ByQuery),
	)
	if err != nil {
		screenshot(t, ctx, "source-failure.png")
		t.Fatalf("open a citation: %v", err)
	}
	screenshot(t, ctx, "source-desktop.png")
	if !closeVisible || !titleVisible || !hlVisible {
		t.Errorf("desktop: Close in view %v, title in view %v, cited paragraph in view %v; want all true", closeVisible, titleVisible, hlVisible)
	}
	// the answer's first line is its source label ("…:"); the cited
	// sentence is the text between it and the marker
	cited := strings.TrimSpace(strings.SplitN(strings.SplitN(answer, "[1]", 2)[0], ":\n", 2)[1])
	if norm(sentence) != norm(cited) {
		t.Errorf("marked sentence = %q, want the cited sentence %q", sentence, cited)
	}
	if len(norm(para)) <= len(norm(sentence)) {
		t.Errorf("the paragraph %q should hold more than the marked sentence %q", para, sentence)
	}
	// two sentences quoted from one paragraph, each with its own marker:
	// both are marked
	var marks []string
	err = chromedp.Run(ctx,
		chromedp.Click("#source-close", chromedp.ByID),
		chromedp.SendKeys("#question", "What did inspectors say about the MASH?", chromedp.ByID),
		chromedp.Click("#ask", chromedp.ByID),
		chromedp.WaitVisible(`section.app-turn:nth-of-type(2)[data-done="true"] a.app-cite`, chromedp.ByQuery),
		chromedp.Text(`section.app-turn:nth-of-type(2) .app-turn__a`, &answer, chromedp.ByQuery),
		chromedp.Click(`section.app-turn:nth-of-type(2) a.app-cite[data-marker="1"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`#source .app-para--hl`, chromedp.ByQuery),
		chromedp.Evaluate(`Array.from(document.querySelectorAll("#source mark.app-sentence")).map(function (m) { return m.textContent; })`, &marks),
	)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(answer, "[1]") == 2 {
		if len(marks) != 2 {
			t.Errorf("answer %q cites ¶ [1] twice; marked %q, want both sentences", answer, marks)
		}
		for _, m := range marks {
			if !strings.Contains(norm(answer), norm(m)) {
				t.Errorf("marked %q, not a sentence of the answer %q", m, answer)
			}
		}
	} else {
		t.Logf("the answer no longer quotes two sentences of [1]: %q", answer)
	}
	err = chromedp.Run(ctx,
		chromedp.KeyEvent(kb.Escape),
		chromedp.Sleep(100),
		chromedp.Evaluate(`!document.getElementById("source").hidden`, &open),
		chromedp.Evaluate(`document.activeElement.matches("a.app-cite[data-marker='1']")`, &citeFocused),
	)
	if err != nil {
		t.Fatal(err)
	}
	if open || !citeFocused {
		t.Errorf("after Escape: panel open %v, focus back on the citation %v; want false, true", open, citeFocused)
	}

	// a phone: the source is shown over the conversation, its Close and
	// the cited paragraph both in view; closing it returns to the citation
	var citeVisible bool
	err = chromedp.Run(ctx,
		chromedp.EmulateViewport(375, 740),
		chromedp.Reload(),
		chromedp.WaitVisible(`section.app-turn[data-done="true"] a.app-cite`, chromedp.ByQuery),
		chromedp.ScrollIntoView(`section.app-turn a.app-cite[data-marker="1"]`, chromedp.ByQuery),
		chromedp.Click(`section.app-turn a.app-cite[data-marker="1"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`#source .app-para--hl`, chromedp.ByQuery),
		chromedp.Sleep(300),
		chromedp.Evaluate(visibleJS+`("#source-close")`, &closeVisible),
		chromedp.Evaluate(visibleJS+`("#source .app-para--hl")`, &hlVisible),
	)
	if err != nil {
		screenshot(t, ctx, "source-phone-failure.png")
		t.Fatalf("phone: %v", err)
	}
	screenshot(t, ctx, "source-phone.png")
	if !closeVisible || !hlVisible {
		t.Errorf("phone: Close in view %v, cited paragraph in view %v; want both", closeVisible, hlVisible)
	}
	err = chromedp.Run(ctx,
		chromedp.Click("#source-close", chromedp.ByID),
		chromedp.Sleep(300),
		chromedp.Evaluate(visibleJS+`("section.app-turn a.app-cite[data-marker='1']")`, &citeVisible),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !citeVisible {
		t.Error("phone: after Close the citation the user clicked is out of view")
	}
}

func norm(s string) string { return strings.Join(strings.Fields(s), " ") }
