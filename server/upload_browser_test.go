package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/letters-app/letters"

	"github.com/chromedp/chromedp"
	"github.com/go-pdf/fpdf"

	"github.com/letters-app/letters/ingest"
	"github.com/letters-app/letters/internal/store"
	"github.com/letters-app/letters/internal/testdb"
	"github.com/letters-app/letters/server"
)

// writeLetterPDF writes text (a letter) as a PDF, as the real letters are.
func writeLetterPDF(t *testing.T, path, text string) {
	t.Helper()
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetFont("Helvetica", "", 11)
	pdf.AddPage()
	tr := pdf.UnicodeTranslatorFromDescriptor("")
	for _, para := range strings.Split(text, "\n\n") {
		pdf.MultiCell(0, 5, tr(strings.TrimSpace(para)), "", "L", false)
		pdf.Ln(4)
	}
	if err := pdf.OutputFileAndClose(path); err != nil {
		t.Fatal(err)
	}
}

// TestBrowserUploadAndCorrect adds letters from the web as an editor: a
// text letter, a PDF (with its progress shown) and a file of a kind the
// reader cannot read; sees each listed with its parsed council, kind and
// dates (or the reason it was not added, as the command line gives it);
// corrects a letter's council and kind; and finds the corrections kept
// after the letter is ingested again.
func TestBrowserUploadAndCorrect(t *testing.T) {
	uploads := t.TempDir()
	srv, db := newServerWith(t, false, func(c *server.Config, db *store.DB) {
		c.Ingester, c.UploadDir = testdb.Pipeline(db), uploads
	})
	dir := t.TempDir()
	txt, _ := os.ReadFile("../evals/corpus/h01_harwick_city_monitoring_2025-02.txt")
	os.WriteFile(filepath.Join(dir, "h01_harwick_city_monitoring_2025-02.txt"), txt, 0o644)
	other, _ := os.ReadFile("../evals/corpus/l01_lowdale_city_monitoring_2024-10.txt")
	writeLetterPDF(t, filepath.Join(dir, "lowdale_monitoring.pdf"), string(other))
	os.WriteFile(filepath.Join(dir, "minutes.docx"), []byte("PK\x03\x04 not a letter"), 0o644)
	files := []string{filepath.Join(dir, "h01_harwick_city_monitoring_2025-02.txt"), filepath.Join(dir, "lowdale_monitoring.pdf"), filepath.Join(dir, "minutes.docx")}

	ctx := browser(t, 90*time.Second)
	var stages []string
	type row struct{ File, Status, Authority, Kind, Date string }
	var rows []row
	err := chromedp.Run(ctx,
		chromedp.Navigate(srv.URL+"/documents"),
		chromedp.WaitVisible(`#nav-upload`, chromedp.ByID),
		chromedp.Click(`#nav-upload`, chromedp.ByID),
		chromedp.WaitVisible(`#upload-files`, chromedp.ByID),
		chromedp.Evaluate(`window.__stages = []; new MutationObserver(function () { window.__stages.push(document.getElementById("upload-stage").textContent); })
			.observe(document.getElementById("upload-stage"), { childList: true, characterData: true, subtree: true }); true`, nil),
		chromedp.SetUploadFiles(`#upload-files`, files, chromedp.ByID),
		chromedp.Click(`#upload-submit`, chromedp.ByID),
		chromedp.WaitVisible(`#upload-bar[data-done]`, chromedp.ByQuery),
		chromedp.WaitVisible(`#upload-body tr`, chromedp.ByQuery),
		chromedp.Evaluate(`window.__stages`, &stages),
		chromedp.Evaluate(`Array.from(document.querySelectorAll("#upload-body tr")).map(function (tr) {
			function col(c) { var td = tr.querySelector("[data-col='" + c + "']"); return td ? td.textContent : ""; }
			return { File: col("file"), Status: col("status"), Authority: col("authority"), Kind: col("kind"), Date: col("date") }; })`, &rows),
	)
	if err != nil {
		screenshot(t, ctx, "upload-failure.png")
		t.Fatalf("upload: %v", err)
	}
	screenshot(t, ctx, "upload.png")
	checkAxe(t, ctx, "/upload with results")
	if !strings.Contains(strings.Join(stages, "|"), "Reading the PDF text") {
		t.Errorf("progress stages shown: %q, want the PDF's reading stage", stages)
	}
	want := map[string]func(r row) bool{
		"h01_harwick_city_monitoring_2025-02.txt": func(r row) bool {
			return r.Status == "Added" && r.Authority == "Harwick City" && r.Kind == "Monitoring visit letter" && r.Date == "24 February 2025"
		},
		"lowdale_monitoring.pdf": func(r row) bool { return r.Status == "Added" && r.Authority == "Lowdale City" && r.Date != "" },
		"minutes.docx": func(r row) bool {
			return strings.HasPrefix(r.Status, "Not added") && strings.Contains(r.Status, ".docx")
		},
	}
	for _, r := range rows {
		if ok := want[r.File]; ok == nil || !ok(r) {
			t.Errorf("upload result %+v is not what was expected", r)
		}
		delete(want, r.File)
	}
	if len(want) > 0 {
		t.Errorf("no result for %v", want)
	}

	// correct the text letter's council and kind
	err = chromedp.Run(ctx,
		chromedp.Click(`#upload-body tr[data-file="h01_harwick_city_monitoring_2025-02.txt"] a.app-correct`, chromedp.ByQuery),
		chromedp.WaitVisible(`#e-authority`, chromedp.ByID),
		chromedp.Poll(`document.getElementById("e-authority").value !== ""`, nil, chromedp.WithPollingTimeout(5*time.Second)),
		chromedp.SetValue(`#e-authority`, "Harwick City Council", chromedp.ByID),
		chromedp.SetValue(`#e-kind`, "inspection_report", chromedp.ByID),
		chromedp.Click(`#edit-save`, chromedp.ByID),
		chromedp.WaitVisible(`#edit-saved`, chromedp.ByID),
	)
	if err != nil {
		screenshot(t, ctx, "correct-failure.png")
		t.Fatalf("correct: %v", err)
	}
	checkAxe(t, ctx, "/documents/{id}/edit")

	// the letter is read again (forced): the corrections stay
	if _, err := testdb.Pipeline(db).Run(context.Background(), []string{uploads}, ingest.Options{Force: true}); err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(srv.URL + "/api/documents")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var list struct{ Documents []letters.Document }
	json.NewDecoder(resp.Body).Decode(&list)
	found := false
	for _, d := range list.Documents {
		if d.SourceName == "h01_harwick_city_monitoring_2025-02.txt" {
			found = true
			if d.Authority != "Harwick City Council" || d.Kind != "inspection_report" {
				t.Errorf("after re-ingest: %q, %q; want the corrections kept", d.Authority, d.Kind)
			}
		}
	}
	if !found || len(list.Documents) != 7 {
		t.Errorf("%d documents (want 5 samples + 2 added); the text letter found: %v", len(list.Documents), found)
	}
}
