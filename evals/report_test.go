package evals

import (
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/letters-app/letters"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/ from the current output")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run `go test ./evals -run %s -update` to create it)", err, t.Name())
	}
	if got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := 0; i < max(len(gl), len(wl)); i++ {
			g, w := "<end>", "<end>"
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Fatalf("%s differs from the golden file at line %d:\n got %q\nwant %q\n(go test ./evals -run %s -update rewrites it)", name, i+1, g, w, t.Name())
			}
		}
	}
}

func ptr(f float64) *float64 { return &f }

// sampleReport is a fixed report with every part the writers render: a
// passing row, a failing one with markup in its text, a conversation, a
// refusal, judge figures, two kinds and a baseline.
func sampleReport() Report {
	doc := letters.DocRef{ID: 1, Slug: "2026-03-12-nottingham-city-monitoring-visit", Date: "2026-03-12", SourceName: "000_9ffa9ab164142b1c.txt"}
	return Report{
		Set:  "evals/dev.jsonl",
		When: time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC),
		Metrics: Metrics{
			RetrievalRecallAtK: 0.75, MRR: 0.6, CitationPrecision: 0.5, CitationPrecisionSentence: 0.4, CitationPrecisionAnswerable: 0.55,
			CitationRecall: 0.45, CitationRecallParagraph: 0.65, SupportedRate: 0.8, RefusalAccuracy: 0.9, RefusalRecall: 1, AnswerRate: 0.667,
			RefusalBalancedAccuracy: 0.833, FalseRefusals: 1, MissedRefusals: 0, AnswerF1: 0.321, CeilingF1: 0.7, LatencyP50: 12.5, LatencyP95: 40.25,
			N: 3, NAnswerable: 2, NUnanswerable: 1, K: 5, Answerer: "extractive", Embedder: "hash-256", Errors: 0,
			JudgeCitationPrecision: ptr(0.875), JudgeCitationRecall: ptr(0.625), JudgePairs: 8,
			ByKind: map[string]KindMetrics{
				"lookup":     {N: 2, RetrievalRecallAtK: 1, CitationPrecision: 0.5, CitationPrecisionSentence: 0.25, CitationRecall: 0.5, RefusalBalancedAccuracy: 1, AnswerF1: 0.4},
				"unanswered": {N: 1, RetrievalRecallAtK: 0, CitationPrecision: 0, CitationPrecisionSentence: 0, CitationRecall: 0, RefusalBalancedAccuracy: 0.5, AnswerF1: 0},
			},
		},
		Rows: []Row{
			{
				Item: Item{ID: "mash-1", Question: "How does the MASH respond?", Kind: "lookup", Answerable: true,
					Evidence: []Evidence{{Doc: doc.SourceName, Quote: "remains consistently strong"}}},
				Answer:        "The MASH response remains consistently strong [1].",
				Citations:     []letters.Citation{{Marker: 1, ParagraphID: 29, Key: "nc#6", Document: doc, Label: "¶6", Quote: "When children are at risk the response remains consistently strong.", Support: 1, Supported: true}},
				CitationMatch: []bool{true}, PairMatch: []bool{true}, EvidenceCited: []bool{true}, EvidenceInAnswer: []bool{true}, EvidenceFound: []bool{true},
				FirstMatchRank: 1, SentencesCited: 1, SentencesOK: 1, F1: 0.5, CeilingF1: 0.9, LatencyMS: 12.5, RefusalCorrect: true,
			},
			{
				Item: Item{ID: "edt|2", Turns: []string{"What about *Nottinghamshire*?"}, Question: "And the <b>emergency</b> duty team?", Kind: "lookup", Answerable: true,
					Evidence: []Evidence{{Doc: "001_cd393a7f81667f70.txt", Quote: "well-resourced emergency duty team"}}},
				Answer:        "See [the letter](http://evil.example) <script>alert(1)</script> [1].",
				Citations:     []letters.Citation{{Marker: 1, ParagraphID: 30, Key: "nc#7", Document: doc, Label: "7", Quote: strings.Repeat("long quote ", 30), Support: 0.2}},
				CitationMatch: []bool{false}, PairMatch: []bool{false}, EvidenceCited: []bool{false}, EvidenceInAnswer: []bool{false}, EvidenceFound: []bool{true},
				FirstMatchRank: 3, SentencesCited: 1, F1: 0.142, CeilingF1: 0.5, LatencyMS: 40.25, RefusalCorrect: true,
			},
			{
				Item:    Item{ID: "swim-3", Question: "What about the swimming pool?", Kind: "unanswered"},
				Refused: true, Answer: "The letters do not say.", RefusalCorrect: true, LatencyMS: 3,
			},
		},
		Baseline: &Diff{Baseline: "reports/main/report.json", Better: 1, Worse: 1, Same: 1, Rows: []DiffRow{
			{ID: "edt|2", Kind: "lookup", Was: 0.6, Now: 0.3, Change: "worse", Why: "citation lost"},
			{ID: "mash-1", Kind: "lookup", Was: 0.5, Now: 0.85, Change: "better", Why: "answer F1 up"},
			{ID: "swim-3", Kind: "unanswered", Was: 1, Now: 1, Change: "same"},
		}},
	}
}

// TestReportWriters: the summary table, and report.json, report.md and
// report.html as Report.Write writes them, match their golden files under
// testdata/ (go test ./evals -run TestReportWriters -update rewrites them).
func TestReportWriters(t *testing.T) {
	r := sampleReport()
	dir := t.TempDir()
	if err := r.Write(filepath.Join(dir, "out")); err != nil {
		t.Fatalf("Write: %v", err)
	}
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(dir, "out", name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	tests := []struct {
		name, golden string
		got          string
	}{
		{"table", "report.table.golden", r.Table()},
		{"markdown", "report.md.golden", read("report.md")},
		{"html", "report.html.golden", read("report.html")},
		{"json", "report.json.golden", read("report.json")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { golden(t, tt.golden, tt.got) })
	}
	if got := r.Markdown(); got != read("report.md") {
		t.Error("report.md is not Report.Markdown()")
	}
}

// TestReportWritersEscape: text from answers, questions and ids takes no
// effect as markup in the Markdown or HTML report.
func TestReportWritersEscape(t *testing.T) {
	r := sampleReport()
	dir := t.TempDir()
	if err := r.Write(dir); err != nil {
		t.Fatal(err)
	}
	html, _ := os.ReadFile(filepath.Join(dir, "report.html"))
	tests := []struct {
		name, text, bad, want string
	}{
		{"markdown link", r.Markdown(), "[the letter](http://evil.example)", `\[the letter\]\(http://evil.example\)`},
		{"markdown html", r.Markdown(), "<script>", `\<script\>`},
		{"markdown table cell", r.Markdown(), "| edt|2 |", `| edt\|2 |`},
		{"markdown emphasis", r.Markdown(), "*Nottinghamshire*", `\*Nottinghamshire\*`},
		{"html script", string(html), "<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"},
		{"html bold", string(html), "<b>emergency</b>", "&lt;b&gt;emergency&lt;/b&gt;"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if strings.Contains(tt.text, tt.bad) {
				t.Errorf("has %q unescaped", tt.bad)
			}
			if !strings.Contains(tt.text, tt.want) {
				t.Errorf("lacks %q", tt.want)
			}
		})
	}
}

// TestReportJSONRoundTrip: ReadReport reads back exactly what Write wrote,
// so a baseline compares like with like.
func TestReportJSONRoundTrip(t *testing.T) {
	r := sampleReport()
	dir := t.TempDir()
	if err := r.Write(dir); err != nil {
		t.Fatal(err)
	}
	got, err := ReadReport(filepath.Join(dir, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, r) {
		t.Errorf("read back %+v\nwant %+v", got, r)
	}
}

// TestBriefScoreTable: the briefing score table matches its golden file.
func TestBriefScoreTable(t *testing.T) {
	s := BriefScore{
		Docs: []BriefDocScore{
			{Doc: "2026-01-12-nottinghamshire-focused-visit", Headline: Recall{Found: 1, Want: 2}, Strengths: Recall{Found: 3, Want: 3}, Improve: Recall{Found: 0, Want: 1}},
			{Doc: "2026-03-12-nottingham-city-monitoring-visit", Headline: Recall{Found: 2, Want: 2}, Strengths: Recall{Found: 1, Want: 4}, Improve: Recall{Found: 2, Want: 2}},
		},
		Headline: 0.75, Strengths: 0.5714, Improve: 0.6667, Bullets: 12, Supported: 9, Foreign: 1,
	}
	golden(t, "briefscore.table.golden", s.Table())
}
