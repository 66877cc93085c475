package server_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// chromium finds Debian's chromium (make test installs it). A missing
// browser fails the test: it is never silently skipped.
func chromium(t testing.TB) string {
	t.Helper()
	for _, p := range []string{os.Getenv("CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if p != "" {
			if _, err := os.Stat(p); err == nil {
				return p
			}
		}
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	t.Fatal("chromium not found: run `make test` (scripts/deps.sh installs Debian's chromium) or set CHROMIUM")
	return ""
}

// browser starts a headless chromium with a fresh profile at 1280×1000 and
// returns a chromedp context that ends after timeout. The browser is shut
// down and its profile removed when the test ends.
func browser(t testing.TB, timeout time.Duration) context.Context {
	t.Helper()
	exe := chromium(t)
	profile, err := os.MkdirTemp("", "letters-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	// cleanups run last-registered first: the browser exits before its
	// profile is removed
	t.Cleanup(func() { os.RemoveAll(profile) })
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.Flag("headless", true), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true), chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.WindowSize(1280, 1000),
		chromedp.UserDataDir(profile),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancelBrowser := chromedp.NewContext(actx)
	t.Cleanup(cancelBrowser)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	t.Cleanup(cancel)
	return ctx
}

// screenshot saves the page as screenshots/NAME (git-ignored) for a person
// to look at; failing to take one is logged, not fatal.
func screenshot(t testing.TB, ctx context.Context, name string) {
	t.Helper()
	var buf []byte
	if err := chromedp.Run(ctx, chromedp.FullScreenshot(&buf, 100)); err != nil {
		t.Logf("screenshot %s: %v", name, err)
		return
	}
	dir := filepath.Join("..", "screenshots")
	os.MkdirAll(dir, 0o755)
	if err := os.WriteFile(filepath.Join(dir, name), buf, 0o644); err != nil {
		t.Logf("screenshot %s: %v", name, err)
	}
}

// axeScript is axe-core's axe.min.js, which scripts/deps.sh installs (npm,
// pinned) under node_modules/; AXE_CORE_JS names another copy. A missing
// file fails the test: it is never silently skipped.
func axeScript(t testing.TB) string {
	t.Helper()
	path := os.Getenv("AXE_CORE_JS")
	if path == "" {
		path = filepath.Join("..", "node_modules", "axe-core", "axe.min.js")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("axe-core: %v: run scripts/deps.sh (it installs axe-core) or set AXE_CORE_JS", err)
	}
	return string(b)
}

type axeViolation struct {
	ID, Impact, Help string
	Nodes            []struct {
		Target []any
		HTML   string
	}
}

// checkAxe runs axe-core on the page as it is now and reports each
// violation (WCAG 2.x A and AA rules and axe's best practices) as a test
// error naming the page. DevTools evaluation is not bound by the page's
// Content-Security-Policy, so the page's own headers stay strict.
func checkAxe(t testing.TB, ctx context.Context, page string) {
	t.Helper()
	var loaded bool
	if err := chromedp.Run(ctx, chromedp.Evaluate(`typeof window.axe === "object"`, &loaded)); err != nil {
		t.Fatalf("axe on %s: %v", page, err)
	}
	if !loaded {
		if err := chromedp.Run(ctx, chromedp.Evaluate(axeScript(t)+";true", &loaded)); err != nil {
			t.Fatalf("loading axe-core on %s: %v", page, err)
		}
	}
	var violations []axeViolation
	err := chromedp.Run(ctx, chromedp.Evaluate(`axe.run(document, {resultTypes: ["violations"]}).then(function (r) { return r.violations; })`,
		&violations, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }))
	if err != nil {
		t.Fatalf("axe on %s: %v", page, err)
	}
	for _, v := range violations {
		var where []string
		for i, n := range v.Nodes {
			if i == 3 {
				where = append(where, fmt.Sprintf("… %d more", len(v.Nodes)-3))
				break
			}
			where = append(where, fmt.Sprint(n.Target)+" "+n.HTML)
		}
		t.Errorf("axe on %s: %s (%s): %s\n\t%s", page, v.ID, v.Impact, v.Help, strings.Join(where, "\n\t"))
	}
}

// printPDF prints the page to A4 PDF as a user's "Print" would and returns
// its text (pdftotext -layout), with runs of space folded and a line broken
// after a hyphen (a long link) joined again.
func printPDF(t testing.TB, ctx context.Context) string {
	t.Helper()
	return strings.Join(strings.Fields(printPDFLayout(t, ctx)), " ")
}

// printPDFLayout is printPDF's text before folding: printed lines and page
// breaks (\f) kept (-layout, so that a slug's hyphen at a line's end is not
// taken for a word break), a line broken after a hyphen joined again.
func printPDFLayout(t testing.TB, ctx context.Context) string {
	t.Helper()
	var pdf []byte
	err := chromedp.Run(ctx, chromedp.ActionFunc(func(ctx context.Context) error {
		var err error
		pdf, _, err = page.PrintToPDF().WithPaperWidth(8.27).WithPaperHeight(11.69).WithPreferCSSPageSize(true).Do(ctx)
		return err
	}))
	if err != nil {
		t.Fatalf("print to PDF: %v", err)
	}
	file := filepath.Join(t.TempDir(), "page.pdf")
	if err := os.WriteFile(file, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	raw, err := exec.Command("pdftotext", "-layout", "-enc", "UTF-8", file, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return regexp.MustCompile(`-\s*\n\s*`).ReplaceAllString(string(raw), "-")
}

// awaitPromise makes chromedp.Evaluate wait for the promise the script returns.
func awaitPromise(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }
