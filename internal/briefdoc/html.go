package briefdoc

import (
	"html/template"
	"io"

	"github.com/letters-app/letters/rag"
)

var page = template.Must(template.New("brief").Funcs(template.FuncMap{
	"quote": Quote, "long": rag.LongDate, "docline": DocLine, "dates": Dates, "judgements": JudgementLine,
	"changes": ChangesTitle, "deref": func(b *rag.Bullet) rag.Bullet { return *b }, "summary": SummaryLines,
}).Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{.Title}}</title>
<style>
body { font-family: Arial, Helvetica, sans-serif; color: #0b0c0c; max-width: 46em; margin: 2em auto; padding: 0 1em; line-height: 1.45; }
h1 { font-size: 2em; margin-bottom: .3em; } h2 { border-top: 2px solid #0b0c0c; padding-top: .5em; margin-top: 1.6em; }
.cite { color: #505a5f; font-size: .9em; } .summary { border-left: 5px solid #1d70b8; padding-left: 10px; } li { margin-bottom: .6em; } .intro { color: #505a5f; }
@page { size: A4; margin: 18mm 16mm; }
@media print { body { margin: 0; max-width: none; } h2, h3 { break-after: avoid; } li { break-inside: avoid; } a { color: inherit; } }
</style>
</head>
<body>
<h1>{{.Title}}</h1>
<p class="intro">{{.Intro}}</p>
{{with .Pack.Link}}<p class="intro">Online: <a href="{{.}}">{{.}}</a></p>{{end}}
<h2>Documents</h2>
<ul>{{range .Pack.Briefing.Documents}}<li>{{docline .}}</li>{{end}}</ul>
{{range .Pack.Briefing.Sections}}
<h2 id="{{.ID}}">{{.Title}}</h2>
{{with summary .}}<div class="summary">{{range .}}<p>{{.}}</p>{{end}}</div>{{end}}
{{if not .Bullets}}<p>Nothing in these documents.</p>{{end}}
<ul>{{range .Bullets}}<li>{{quote .}} <span class="cite">— {{.Cite}}</span></li>{{end}}</ul>
{{end}}
{{with .Pack.Timeline}}
<h2 id="timeline">Timeline</h2>
<ul>{{range .Entries}}<li><strong>{{long .Date}}</strong> — {{.KindLabel}} ({{dates .}}){{with .Gap}}; {{.}}{{end}}
{{with judgements .}}<br>Judgements: {{.}}{{end}}
{{with .Headline}}<br>{{quote (deref .)}} <span class="cite">— {{.Cite}}</span>{{end}}</li>{{end}}</ul>
{{end}}
{{with .Pack.Changes}}
<h2 id="changes">{{changes .}}</h2>
{{range .Topics}}<h3>{{.Title}}</h3>{{with .Note}}<p>{{.}}</p>{{end}}
<ul>{{with .Earlier}}<li>Earlier: {{quote (deref .)}} <span class="cite">— {{.Cite}}</span></li>{{end}}
{{with .Later}}<li>Later: {{quote (deref .)}} <span class="cite">— {{.Cite}}</span></li>{{end}}</ul>
{{end}}
{{end}}
</body>
</html>
`))

// HTML writes the pack as a standalone HTML page that prints cleanly.
func HTML(w io.Writer, p Pack) error {
	return page.Execute(w, struct {
		Title, Intro string
		Pack         Pack
	}{Title(p), Intro(p), p})
}
