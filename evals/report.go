package evals

import (
	"encoding/json"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"strings"
)

// metricRows lists the [0,1] metrics in report order.
func (m Metrics) metricRows() []struct {
	Name  string
	Value float64
} {
	return []struct {
		Name  string
		Value float64
	}{
		{"retrieval_recall_at_k", m.RetrievalRecallAtK}, {"mrr", m.MRR},
		{"citation_precision", m.CitationPrecision}, {"citation_recall", m.CitationRecall},
		{"supported_rate", m.SupportedRate}, {"refusal_accuracy", m.RefusalAccuracy}, {"answer_f1", m.AnswerF1},
	}
}

// Table is the summary table printed by `letters eval`.
func (r Report) Table() string {
	var b strings.Builder
	m := r.Metrics
	fmt.Fprintf(&b, "eval: %d questions (%d answerable), answerer %s, embedder %s, k=%d\n\n", m.N, m.NAnswerable, m.Answerer, m.Embedder, m.K)
	fmt.Fprintf(&b, "%-24s %s\n", "metric", "value")
	for _, x := range m.metricRows() {
		fmt.Fprintf(&b, "%-24s %.3f\n", x.Name, x.Value)
	}
	fmt.Fprintf(&b, "%-24s %d\n%-24s %d\n%-24s %.1f\n%-24s %.1f\n%-24s %d\n", "false_refusals", m.FalseRefusals,
		"missed_refusals", m.MissedRefusals, "latency_ms_p50", m.LatencyP50, "latency_ms_p95", m.LatencyP95, "errors", m.Errors)
	return b.String()
}

// Markdown renders the report with one row per question.
func (r Report) Markdown() string {
	var b strings.Builder
	b.WriteString("# Eval report\n\n")
	fmt.Fprintf(&b, "Set: `%s` · %s · answerer `%s` · embedder `%s`\n\n", r.Set, r.When.Format("2006-01-02 15:04 UTC"), r.Metrics.Answerer, r.Metrics.Embedder)
	b.WriteString("| metric | value |\n| --- | --- |\n")
	for _, x := range r.Metrics.metricRows() {
		fmt.Fprintf(&b, "| %s | %.3f |\n", x.Name, x.Value)
	}
	fmt.Fprintf(&b, "| false_refusals | %d |\n| missed_refusals | %d |\n| latency_ms_p50 | %.1f |\n| latency_ms_p95 | %.1f |\n\n",
		r.Metrics.FalseRefusals, r.Metrics.MissedRefusals, r.Metrics.LatencyP50, r.Metrics.LatencyP95)
	b.WriteString("## Questions\n\n")
	for _, row := range r.Rows {
		fmt.Fprintf(&b, "### %s (%s) — %s\n\n**Q:** %s\n\n**A:** %s\n\n", row.Item.ID, row.Item.Kind, passFail(row), row.Item.Question, row.Answer)
		for i, c := range row.Citations {
			ok := "✗"
			if i < len(row.CitationMatch) && row.CitationMatch[i] {
				ok = "✓"
			}
			fmt.Fprintf(&b, "- [%d] %s `%s` ¶%s %s — %q\n", c.Marker, ok, c.Document.SourceName, strings.TrimPrefix(c.Label, "¶"), c.Document.Date, clip(c.Quote, 200))
		}
		for j, ev := range row.Item.Evidence {
			fmt.Fprintf(&b, "- gold `%s` retrieved=%v cited=%v — %q\n", ev.Doc, row.EvidenceFound[j], row.EvidenceCited[j], clip(ev.Quote, 160))
		}
		b.WriteString("\n")
	}
	return b.String()
}

func passFail(r Row) string {
	if !r.RefusalCorrect {
		return "FAIL (refusal)"
	}
	for _, ok := range r.CitationMatch {
		if !ok {
			return "FAIL (citation)"
		}
	}
	return "pass"
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

var htmlTmpl = template.Must(template.New("r").Funcs(template.FuncMap{
	"pct":  func(f float64) string { return fmt.Sprintf("%.1f%%", f*100) },
	"w":    func(f float64) float64 { return f * 300 },
	"y":    func(i int) int { return 10 + i*28 },
	"pass": passFail,
	"clip": clip,
	"at":   func(xs []bool, i int) bool { return i < len(xs) && xs[i] },
	"para": func(l string) string { return "¶" + strings.TrimPrefix(l, "¶") },
}).Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Eval report — {{.Set}}</title>
<style>
body{font-family:Arial,Helvetica,sans-serif;color:#0b0c0c;max-width:1100px;margin:2em auto;padding:0 1em;line-height:1.4}
table{border-collapse:collapse;width:100%;margin:1em 0}td,th{border-bottom:1px solid #b1b4b6;padding:.4em;text-align:left;vertical-align:top}
.pass{color:#00703c;font-weight:bold}.fail{color:#d4351c;font-weight:bold}.q{font-size:.9em;color:#505a5f}
</style></head><body>
<h1>Eval report</h1>
<p>Set <code>{{.Set}}</code> · {{.When.Format "2006-01-02 15:04 UTC"}} · answerer <code>{{.Metrics.Answerer}}</code> · embedder <code>{{.Metrics.Embedder}}</code> · {{.Metrics.N}} questions ({{.Metrics.NAnswerable}} answerable)</p>
<svg role="img" aria-label="Metrics chart" width="560" height="{{y 7}}" xmlns="http://www.w3.org/2000/svg">
{{range $i, $m := .Metrics.MetricRows}}<text x="0" y="{{y $i}}" dy="14" font-size="13">{{$m.Name}}</text>
<rect x="180" y="{{y $i}}" width="300" height="18" fill="#f3f2f1"/><rect x="180" y="{{y $i}}" width="{{w $m.Value}}" height="18" fill="#1d70b8"/>
<text x="490" y="{{y $i}}" dy="14" font-size="13">{{pct $m.Value}}</text>
{{end}}</svg>
<p>False refusals {{.Metrics.FalseRefusals}} · missed refusals {{.Metrics.MissedRefusals}} · latency p50 {{.Metrics.LatencyP50}} ms, p95 {{.Metrics.LatencyP95}} ms</p>
<table><thead><tr><th>id</th><th>question and answer</th><th>citations</th><th>gold evidence</th><th>result</th></tr></thead><tbody>
{{range .Rows}}{{$row := .}}<tr><td>{{.Item.ID}}<br><span class="q">{{.Item.Kind}}</span></td>
<td><strong>{{.Item.Question}}</strong><p>{{.Answer}}</p></td>
<td>{{range $i, $c := .Citations}}<p>[{{$c.Marker}}] {{if at $row.CitationMatch $i}}<span class="pass">✓</span>{{else}}<span class="fail">✗</span>{{end}} {{$c.Document.SourceName}} {{para $c.Label}}<br><span class="q">{{clip $c.Quote 240}}</span></p>{{end}}</td>
<td>{{range $j, $e := .Item.Evidence}}<p>{{$e.Doc}} {{if at $row.EvidenceCited $j}}<span class="pass">cited</span>{{else if at $row.EvidenceFound $j}}retrieved{{else}}<span class="fail">missed</span>{{end}}<br><span class="q">{{clip $e.Quote 200}}</span></p>{{end}}</td>
<td>{{$p := pass .}}{{if eq $p "pass"}}<span class="pass">pass</span>{{else}}<span class="fail">{{$p}}</span>{{end}}</td></tr>
{{end}}</tbody></table></body></html>
`))

// MetricRows is for the HTML template.
func (m Metrics) MetricRows() []struct {
	Name  string
	Value float64
} {
	return m.metricRows()
}

// Write writes report.json, report.md and report.html into dir.
func (r Report) Write(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	j, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "report.json"), j, 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "report.md"), []byte(r.Markdown()), 0o644); err != nil {
		return err
	}
	f, err := os.Create(filepath.Join(dir, "report.html"))
	if err != nil {
		return err
	}
	if err := htmlTmpl.Execute(f, r); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
