package server_test

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/letters-app/letters/internal/store"
	"github.com/letters-app/letters/internal/testdb"
	"github.com/letters-app/letters/server"
)

// TestUploadGoesByPath: an uploaded file is a document of its own path
// (the upload folder's), so a letter sharing a sample's file name does not
// replace that sample; a byte-for-byte copy of a letter already in the
// library is skipped and answered with that letter's document; sending
// the same file again is "skipped" with its own document.
func TestUploadGoesByPath(t *testing.T) {
	srv, db := newServerWith(t, false, func(c *server.Config, db *store.DB) {
		c.Ingester, c.UploadDir = testdb.Pipeline(db), t.TempDir()
	})
	sample, err := os.ReadFile("../letters/000_9ffa9ab164142b1c.txt")
	if err != nil {
		t.Fatal(err)
	}
	upload := func(name string, body []byte) server.UploadResult {
		t.Helper()
		var b bytes.Buffer
		w := multipart.NewWriter(&b)
		f, _ := w.CreateFormFile("files", name)
		f.Write(body)
		w.Close()
		req, _ := http.NewRequest("POST", srv.URL+"/api/documents", &b)
		req.Header.Set("Content-Type", w.FormDataContentType())
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out struct{ Results []server.UploadResult }
		if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != 200 || len(out.Results) != 1 {
			t.Fatalf("upload %s: %d %v %+v", name, resp.StatusCode, err, out)
		}
		return out.Results[0]
	}
	docs, paras, _ := db.Counts(t.Context())

	r := upload("copy.txt", sample)
	if r.Status != "skipped" || r.Document == nil || r.Document.SourceName != "000_9ffa9ab164142b1c.txt" ||
		!strings.Contains(r.Reason, "000_9ffa9ab164142b1c.txt") {
		t.Errorf("a copy of a sample: %+v; want skipped, with the sample's document and a reason naming it", r)
	}
	if d, p, _ := db.Counts(t.Context()); d != docs || p != paras {
		t.Errorf("after the copy: %d documents, %d paragraphs; want %d, %d (nothing added)", d, p, docs, paras)
	}

	letter := []byte("Ofsted\n\n1 May 2025\n\nDear Ms Smith\n\nMonitoring visit to Harwick City children's services\n\nInspectors found that practice is improving.\n")
	r = upload("000_9ffa9ab164142b1c.txt", letter)
	if r.Status != "added" || r.Document == nil || r.Reason != "" {
		t.Fatalf("a new letter named as a sample: %+v; want added", r)
	}
	if d, _, _ := db.Counts(t.Context()); d != docs+1 {
		t.Errorf("%d documents, want %d: the sample of that name is kept beside the upload", d, docs+1)
	}
	again := upload("000_9ffa9ab164142b1c.txt", letter)
	if again.Status != "skipped" || again.Document == nil || again.Document.ID != r.Document.ID || again.Reason != "" {
		t.Errorf("the same upload again: %+v; want skipped with its own document %d", again, r.Document.ID)
	}
}
