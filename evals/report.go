package evals

import (
	"encoding/json"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"sort"
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
		{"citation_precision", m.CitationPrecision}, {"citation_precision_sentence", m.CitationPrecisionSentence},
		{"citation_precision_answerable", m.CitationPrecisionAnswerable},
		{"citation_recall", m.CitationRecall}, {"citation_recall_paragraph", m.CitationRecallParagraph},
		{"refusal_balanced_accuracy", m.RefusalBalancedAccuracy}, {"refusal_recall", m.RefusalRecall}, {"answer_rate", m.AnswerRate},
		{"refusal_accuracy", m.RefusalAccuracy}, {"answer_f1", m.AnswerF1}, {"extractive_ceiling_f1", m.CeilingF1},
		{"supported_rate", m.SupportedRate},
	}
}

// Table is the summary table printed by `letters eval`.
func (r Report) Table() string {
	var b strings.Builder
	m := r.Metrics
	fmt.Fprintf(&b, "eval: %d questions (%d answerable), answerer %s, embedder %s, k=%d\n\n", m.N, m.NAnswerable, m.Answerer, m.Embedder, m.K)
	fmt.Fprintf(&b, "%-30s %s\n", "metric", "value")
	for _, x := range m.metricRows() {
		fmt.Fprintf(&b, "%-30s %.3f\n", x.Name, x.Value)
	}
	if m.JudgeCitationPrecision != nil {
		fmt.Fprintf(&b, "%-30s %.3f\n%-30s %.3f\n", "judge_citation_precision", *m.JudgeCitationPrecision, "judge_citation_recall", *m.JudgeCitationRecall)
	}
	fmt.Fprintf(&b, "%-30s %d\n%-30s %d\n%-30s %.1f\n%-30s %.1f\n%-30s %d\n", "false_refusals", m.FalseRefusals,
		"missed_refusals", m.MissedRefusals, "latency_ms_p50", m.LatencyP50, "latency_ms_p95", m.LatencyP95, "errors", m.Errors)
	b.WriteString("\n" + m.kindTable(false))
	if r.Baseline != nil {
		fmt.Fprintf(&b, "\nagainst %s: %d better, %d worse, %d same, %d new\n", r.Baseline.Baseline, r.Baseline.Better, r.Baseline.Worse, r.Baseline.Same, r.Baseline.New)
	}
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
	if m := r.Metrics; m.JudgeCitationPrecision != nil {
		fmt.Fprintf(&b, "Judge (model, each citation alone against its sentence): citation precision %.3f, citation recall %.3f over %d pairs.\n\n",
			*m.JudgeCitationPrecision, *m.JudgeCitationRecall, m.JudgePairs)
	}
	fmt.Fprintf(&b, "answer_f1 %.3f against an extractive ceiling of %.3f (F1 of answering with exactly the gold quotes).\n\n", r.Metrics.AnswerF1, r.Metrics.CeilingF1)
	b.WriteString("## By question kind\n\n" + r.Metrics.kindTable(true) + "\n")
	if d := r.Baseline; d != nil {
		fmt.Fprintf(&b, "## Against the baseline `%s`\n\n%d better, %d worse, %d same, %d new.\n\n", md(d.Baseline), d.Better, d.Worse, d.Same, d.New)
		b.WriteString("| id | kind | change | was | now | what changed |\n| --- | --- | --- | --- | --- | --- |\n")
		for _, x := range d.Rows {
			if x.Change == "same" {
				continue
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %.2f | %.2f | %s |\n", md(x.ID), md(x.Kind), x.Change, x.Was, x.Now, md(x.Why))
		}
		b.WriteString("\n")
	}
	b.WriteString("## Questions\n\n")
	for _, row := range r.Rows {
		fmt.Fprintf(&b, "### %s (%s) — %s\n\n", md(row.Item.ID), md(row.Item.Kind), passFail(row))
		for _, q := range row.Item.Turns {
			fmt.Fprintf(&b, "**Earlier:** %s\n\n", md(q))
		}
		fmt.Fprintf(&b, "**Q:** %s\n\n**A:** %s\n\n", md(row.Item.Question), md(row.Answer))
		for i, c := range row.Citations {
			ok := "✗"
			if i < len(row.CitationMatch) && row.CitationMatch[i] {
				ok = "✓"
			}
			fmt.Fprintf(&b, "- [%d] %s %s ¶%s %s — %s\n", c.Marker, ok, md(c.Document.SourceName), md(strings.TrimPrefix(c.Label, "¶")), c.Document.Date, md(clip(c.Quote, 200)))
		}
		for j, ev := range row.Item.Evidence {
			fmt.Fprintf(&b, "- gold %s retrieved=%v cited=%v in answer=%v — %s\n", md(ev.Doc), row.EvidenceFound[j], row.EvidenceCited[j],
				j < len(row.EvidenceInAnswer) && row.EvidenceInAnswer[j], md(clip(ev.Quote, 160)))
		}
		b.WriteString("\n")
	}
	return b.String()
}

// md escapes text for a Markdown table cell or paragraph: no markup,
// links, HTML or line breaks from answers, quotes or ids take effect.
func md(s string) string {
	var b strings.Builder
	for _, r := range strings.Join(strings.Fields(s), " ") {
		if strings.ContainsRune("\\`*_{}[]()<>#+!|~", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// kindTable renders the per-kind metrics, as Markdown or plain text.
func (m Metrics) kindTable(markdown bool) string {
	kinds := make([]string, 0, len(m.ByKind))
	for k := range m.ByKind {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	var b strings.Builder
	head := []string{"kind", "n", "recall@k", "cit_prec", "cit_prec_sent", "cit_recall", "refusal_bal", "answer_f1"}
	if markdown {
		b.WriteString("| " + strings.Join(head, " | ") + " |\n|" + strings.Repeat(" --- |", len(head)) + "\n")
	} else {
		fmt.Fprintf(&b, "%-14s %4s %9s %9s %13s %10s %11s %9s\n", "kind", "n", "recall@k", "cit_prec", "cit_prec_sent", "cit_recall", "refusal_bal", "answer_f1")
	}
	for _, k := range kinds {
		x := m.ByKind[k]
		if markdown {
			fmt.Fprintf(&b, "| %s | %d | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f |\n", md(k), x.N, x.RetrievalRecallAtK, x.CitationPrecision,
				x.CitationPrecisionSentence, x.CitationRecall, x.RefusalBalancedAccuracy, x.AnswerF1)
		} else {
			fmt.Fprintf(&b, "%-14s %4d %9.3f %9.3f %13.3f %10.3f %11.3f %9.3f\n", k, x.N, x.RetrievalRecallAtK, x.CitationPrecision,
				x.CitationPrecisionSentence, x.CitationRecall, x.RefusalBalancedAccuracy, x.AnswerF1)
		}
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
	"f3":   func(p *float64) string { return fmt.Sprintf("%.3f", *p) },
}).Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Eval report — {{.Set}}</title>
<style>
body{font-family:Arial,Helvetica,sans-serif;color:#0b0c0c;max-width:1100px;margin:2em auto;padding:0 1em;line-height:1.4}
table{border-collapse:collapse;width:100%;margin:1em 0}td,th{border-bottom:1px solid #b1b4b6;padding:.4em;text-align:left;vertical-align:top}
.pass{color:#00703c;font-weight:bold}.fail{color:#d4351c;font-weight:bold}.q{font-size:.9em;color:#505a5f}
</style></head><body>
<h1>Eval report</h1>
<p>Set <code>{{.Set}}</code> · {{.When.Format "2006-01-02 15:04 UTC"}} · answerer <code>{{.Metrics.Answerer}}</code> · embedder <code>{{.Metrics.Embedder}}</code> · {{.Metrics.N}} questions ({{.Metrics.NAnswerable}} answerable)</p>
<svg role="img" aria-label="Metrics chart" width="560" height="{{y 14}}" xmlns="http://www.w3.org/2000/svg">
{{range $i, $m := .Metrics.MetricRows}}<text x="0" y="{{y $i}}" dy="14" font-size="13">{{$m.Name}}</text>
<rect x="180" y="{{y $i}}" width="300" height="18" fill="#f3f2f1"/><rect x="180" y="{{y $i}}" width="{{w $m.Value}}" height="18" fill="#1d70b8"/>
<text x="490" y="{{y $i}}" dy="14" font-size="13">{{pct $m.Value}}</text>
{{end}}</svg>
<p>False refusals {{.Metrics.FalseRefusals}} · missed refusals {{.Metrics.MissedRefusals}} · latency p50 {{.Metrics.LatencyP50}} ms, p95 {{.Metrics.LatencyP95}} ms · answer F1 {{printf "%.3f" .Metrics.AnswerF1}} against an extractive ceiling of {{printf "%.3f" .Metrics.CeilingF1}}</p>
{{with .Metrics.JudgeCitationPrecision}}<p>Judge: citation precision {{f3 .}}{{end}}{{with .Metrics.JudgeCitationRecall}}, citation recall {{f3 .}}</p>{{end}}
<h2>By question kind</h2>
<table><thead><tr><th>kind</th><th>n</th><th>recall@k</th><th>citation precision</th><th>sentence-level precision</th><th>citation recall</th><th>refusal balanced accuracy</th><th>answer F1</th></tr></thead><tbody>
{{range $k, $x := .Metrics.ByKind}}<tr><td>{{$k}}</td><td>{{$x.N}}</td><td>{{printf "%.3f" $x.RetrievalRecallAtK}}</td><td>{{printf "%.3f" $x.CitationPrecision}}</td><td>{{printf "%.3f" $x.CitationPrecisionSentence}}</td><td>{{printf "%.3f" $x.CitationRecall}}</td><td>{{printf "%.3f" $x.RefusalBalancedAccuracy}}</td><td>{{printf "%.3f" $x.AnswerF1}}</td></tr>
{{end}}</tbody></table>
{{with .Baseline}}<h2>Against the baseline <code>{{.Baseline}}</code></h2>
<p>{{.Better}} better, {{.Worse}} worse, {{.Same}} same, {{.New}} new.</p>
<table><thead><tr><th>id</th><th>kind</th><th>change</th><th>was</th><th>now</th><th>what changed</th></tr></thead><tbody>
{{range .Rows}}{{if ne .Change "same"}}<tr><td>{{.ID}}</td><td>{{.Kind}}</td><td class="{{if eq .Change "worse"}}fail{{else}}pass{{end}}">{{.Change}}</td><td>{{printf "%.2f" .Was}}</td><td>{{printf "%.2f" .Now}}</td><td>{{.Why}}</td></tr>{{end}}
{{end}}</tbody></table>{{end}}
<table><thead><tr><th>id</th><th>question and answer</th><th>citations</th><th>gold evidence</th><th>result</th></tr></thead><tbody>
{{range .Rows}}{{$row := .}}<tr><td>{{.Item.ID}}<br><span class="q">{{.Item.Kind}}</span></td>
<td>{{range .Item.Turns}}<p class="q">Earlier: {{.}}</p>{{end}}<strong>{{.Item.Question}}</strong><p>{{.Answer}}</p></td>
<td>{{range $i, $c := .Citations}}<p>[{{$c.Marker}}] {{if at $row.CitationMatch $i}}<span class="pass">✓</span>{{else}}<span class="fail">✗</span>{{end}} {{$c.Document.SourceName}} {{para $c.Label}}<br><span class="q">{{clip $c.Quote 240}}</span></p>{{end}}</td>
<td>{{range $j, $e := .Item.Evidence}}<p>{{$e.Doc}} {{if at $row.EvidenceInAnswer $j}}<span class="pass">in answer, cited</span>{{else if at $row.EvidenceCited $j}}paragraph cited, sentence missing{{else if at $row.EvidenceFound $j}}retrieved{{else}}<span class="fail">missed</span>{{end}}<br><span class="q">{{clip $e.Quote 200}}</span></p>{{end}}</td>
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
