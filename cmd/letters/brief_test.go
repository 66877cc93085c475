package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/letters-app/letters/internal/testdb"
	"github.com/letters-app/letters/rag"
)

func foldSpace(s string) string {
	s = strings.NewReplacer("‘", "'", "’", "'", "“", "\"", "”", "\"").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

// TestBriefCommand runs `letters brief` for Nottingham City in every
// format and reads each file back: the Markdown and HTML as text, the DOCX
// as a zip holding word/document.xml, the PDF through pdftotext. Every
// quoted sentence and citation of the briefing must be in each.
func TestBriefCommand(t *testing.T) {
	url := testdb.New(t)
	var out, errb bytes.Buffer
	ctx := context.Background()
	if err := Run(ctx, []string{"ingest", "--database-url", url, "../../letters"}, &out, &errb); err != nil {
		t.Fatalf("ingest: %v\n%s", err, errb.String())
	}
	dir := t.TempDir()
	var want []string
	{
		st, err := openStore(ctx, &Config{DatabaseURL: url})
		if err != nil {
			t.Fatal(err)
		}
		br, err := rag.NewBriefer(st).Brief(ctx, rag.BriefRequest{Council: "Nottingham City"})
		st.Close()
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range br.Bullets() {
			want = append(want, b.Text, b.Cite())
		}
	}
	for _, format := range []string{"md", "html", "docx", "pdf"} {
		t.Run(format, func(t *testing.T) {
			file := filepath.Join(dir, "nottingham."+format)
			errb.Reset()
			err := Run(ctx, []string{"brief", "--database-url", url, "--council", "Nottingham City", "--format", format, "--out", file}, &out, &errb)
			if err != nil {
				t.Fatalf("brief --format %s: %v\n%s", format, err, errb.String())
			}
			raw, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var text string
			switch format {
			case "md":
				text = string(raw)
			case "html":
				text = strings.NewReplacer("&#39;", "'", "&#34;", "\"", "&amp;", "&").Replace(string(raw))
			case "docx":
				zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
				if err != nil {
					t.Fatalf("docx: %v", err)
				}
				for _, f := range zr.File {
					if f.Name == "word/document.xml" {
						rc, _ := f.Open()
						x, _ := io.ReadAll(rc)
						rc.Close()
						text = xmlText(string(x))
					}
				}
			case "pdf":
				b, err := exec.Command("pdftotext", "-enc", "UTF-8", file, "-").Output()
				if err != nil {
					t.Fatalf("pdftotext: %v", err)
				}
				text = string(b)
			}
			got := foldSpace(text)
			for _, w := range want {
				if !strings.Contains(got, foldSpace(w)) {
					t.Errorf("%s: missing %q", format, w)
				}
			}
		})
	}

	tests := []struct {
		name string
		args []string
		want string // in the error, naming the flag
	}{
		{"no council", []string{}, "--council"},
		{"unknown council", []string{"--council", "Atlantis"}, "--council"},
		{"bad format", []string{"--council", "Nottingham City", "--format", "odt"}, "--format"},
		{"bad from", []string{"--council", "Nottingham City", "--from", "12/03/2026"}, "--from"},
		{"bad to", []string{"--council", "Nottingham City", "--to", "2026-02-30"}, "--to"},
		{"from after to", []string{"--council", "Nottingham City", "--from", "2026-01-01", "--to", "2025-01-01"}, "--from"},
		{"unknown document", []string{"--council", "Nottingham City", "--document", "nope"}, "--document"},
		{"pdf to stdout", []string{"--council", "Nottingham City", "--format", "pdf"}, "--out"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Run(ctx, append([]string{"brief", "--database-url", url}, tt.args...), io.Discard, io.Discard)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("brief %v: err = %v, want one naming %s", tt.args, err, tt.want)
			}
		})
	}
}

// xmlText is the text of a WordprocessingML part: the content of its <w:t>
// elements, a line per paragraph.
func xmlText(x string) string {
	var b strings.Builder
	for _, p := range strings.Split(x, "</w:p>") {
		for {
			i := strings.Index(p, "<w:t")
			if i < 0 {
				break
			}
			p = p[i:]
			j := strings.Index(p, ">")
			if j < 0 {
				break
			}
			if p[j-1] == '/' || (len(p) > 4 && p[4] != '>' && p[4] != ' ') {
				p = p[j+1:]
				continue
			}
			k := strings.Index(p, "</w:t>")
			if k < 0 {
				break
			}
			b.WriteString(p[j+1 : k])
			p = p[k:]
		}
		b.WriteString("\n")
	}
	return strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", "\"", "&apos;", "'", "&#39;", "'", "&#34;", "\"").Replace(b.String())
}

// summarisingModel is an OpenAI-compatible server whose model "summarises"
// by quoting the first context paragraph it is given, cited [1].
func summarisingModel(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		var body struct {
			Messages []struct {
				Content json.RawMessage `json:"content"`
			} `json:"messages"`
		}
		json.Unmarshal(raw, &body)
		var prompt string
		for _, m := range body.Messages {
			var s string
			if json.Unmarshal(m.Content, &s) != nil {
				var parts []struct{ Text string }
				json.Unmarshal(m.Content, &parts)
				for _, p := range parts {
					s += p.Text
				}
			}
			prompt += s + "\n"
		}
		reply := "I cannot tell."
		if i := strings.Index(prompt, "<<<PARAGRAPH [1]"); i >= 0 {
			lines := strings.SplitN(prompt[i:], "\n", 3)
			if len(lines) >= 2 {
				reply = lines[1] + " [1]"
			}
		}
		json.NewEncoder(w).Encode(map[string]any{"id": "c1", "object": "chat.completion", "created": 1, "model": "fake",
			"choices": []any{map[string]any{"index": 0, "finish_reason": "stop", "message": map[string]any{"role": "assistant", "content": reply}}},
			"usage":   map[string]any{"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20}})
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestBriefCommandSummaries asks for model summaries: each section with
// quotations gets one, its citation printed, through an OpenAI-compatible
// server.
func TestBriefCommandSummaries(t *testing.T) {
	url := testdb.New(t)
	ctx := context.Background()
	if err := Run(ctx, []string{"ingest", "--database-url", url, "../../letters"}, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	model := summarisingModel(t)
	t.Setenv("OPENAI_API_KEY", "test")
	var out bytes.Buffer
	err := Run(ctx, []string{"brief", "--database-url", url, "--council", "nottingham-city", "--summaries",
		"--llm", "openai", "--llm-model", "fake", "--openai-base-url", model.URL + "/v1"}, &out, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	md := out.String()
	if n := strings.Count(md, "> Summary (written by a model"); n < 4 {
		t.Errorf("%d sections with a summary, want ≥ 4:\n%s", n, md[:min(len(md), 3000)])
	}
	if !strings.Contains(md, "> [1] Monitoring visit letter, 12 March 2026, ¶") {
		t.Errorf("summary citations not printed:\n%s", md[:min(len(md), 3000)])
	}
	err = Run(ctx, []string{"brief", "--database-url", url, "--council", "nottingham-city", "--summaries"}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "--summaries") {
		t.Errorf("--summaries without a model: err = %v, want one naming --summaries", err)
	}
}
