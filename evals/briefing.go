package evals

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"

	"github.com/letters-app/letters/rag"
)

// BriefGold is one line of briefing-gold.jsonl: the headline findings,
// strengths and areas for improvement a briefing must quote from a document.
type BriefGold struct {
	Doc       string   `json:"doc"`
	Council   string   `json:"council"`
	Headline  []string `json:"headline"`
	Strengths []string `json:"strengths"`
	Improve   []string `json:"improve"`
}

// ReadBriefGold reads a briefing gold file (JSON Lines).
func ReadBriefGold(r io.Reader) ([]BriefGold, error) {
	var out []BriefGold
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var g BriefGold
		dec := json.NewDecoder(strings.NewReader(line))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&g); err != nil {
			return nil, fmt.Errorf("evals: briefing gold line %d: %w", n, err)
		}
		if g.Doc == "" {
			return nil, fmt.Errorf("evals: briefing gold line %d: no doc", n)
		}
		out = append(out, g)
	}
	return out, sc.Err()
}

// Recall is found of want.
type Recall struct {
	Found   int      `json:"found"`
	Want    int      `json:"want"`
	Missing []string `json:"missing,omitempty"`
}

// Value is found/want (1 when nothing is wanted).
func (r Recall) Value() float64 { return ratio(r.Found, r.Want, 1) }

// BriefDocScore is one gold document's recall per list.
type BriefDocScore struct {
	Doc       string `json:"doc"`
	Headline  Recall `json:"headline"`
	Strengths Recall `json:"strengths"`
	Improve   Recall `json:"improve"`
}

// BriefScore scores briefings against the gold lists.
type BriefScore struct {
	Docs []BriefDocScore `json:"docs"`
	// Micro-averaged recall of each list over every gold document.
	Headline  float64 `json:"headline_recall"`
	Strengths float64 `json:"strengths_recall"`
	Improve   float64 `json:"improve_recall"`
	// Bullets is every bullet scored; Supported those whose cited paragraph
	// contains the bullet's text; Foreign those from another council's document.
	Bullets   int      `json:"bullets"`
	Supported int      `json:"supported"`
	Foreign   int      `json:"foreign"`
	Problems  []string `json:"problems,omitempty"`
}

// Support is Supported/Bullets.
func (s BriefScore) Support() float64 { return ratio(s.Supported, s.Bullets, 1) }

// SourceText returns the text a bullet cites: its paragraph, or for a
// judgement table in a document's front matter, the document's text.
type SourceText func(ctx context.Context, b rag.Bullet) (string, error)

// sectionsFor are the briefing sections a gold list is looked for in.
var sectionsFor = map[string][]string{
	"headline":  {rag.SectionJudgements, rag.SectionHeadline},
	"strengths": {rag.SectionStrengths},
	"improve":   {rag.SectionImprove},
}

// ScoreBriefings scores one briefing per council against the gold lists:
// a gold quote is recalled when a bullet of the matching section, cited to
// the gold document, contains it (Contains); every bullet must be contained
// (after whitespace, case and quote folding) in the text it cites and come
// from the briefing's own council.
func ScoreBriefings(ctx context.Context, gold []BriefGold, briefs []rag.Briefing, src SourceText) (BriefScore, error) {
	var sc BriefScore
	bySection := map[string]map[string][]string{} // doc → section → texts
	for _, br := range briefs {
		for _, s := range br.Sections {
			for _, b := range s.Bullets {
				sc.Bullets++
				if b.Document.Authority != br.Council.Name {
					sc.Foreign++
					sc.Problems = append(sc.Problems, fmt.Sprintf("%s: bullet from %s: %q", br.Council.Name, b.Document.Authority, b.Text))
				}
				text, err := src(ctx, b)
				if err != nil {
					return sc, fmt.Errorf("evals: source of %s: %w", b.Key, err)
				}
				if strings.Contains(normalise(text), normalise(b.Text)) {
					sc.Supported++
				} else {
					sc.Problems = append(sc.Problems, fmt.Sprintf("%s: cited text does not contain %q", b.Key, b.Text))
				}
				doc := filepath.Base(b.Document.SourceName)
				if bySection[doc] == nil {
					bySection[doc] = map[string][]string{}
				}
				bySection[doc][s.ID] = append(bySection[doc][s.ID], b.Text)
			}
		}
	}
	var found, want [3]int
	for _, g := range gold {
		ds := BriefDocScore{Doc: g.Doc}
		doc := filepath.Base(g.Doc)
		for i, l := range []struct {
			name string
			list []string
			r    *Recall
		}{{"headline", g.Headline, &ds.Headline}, {"strengths", g.Strengths, &ds.Strengths}, {"improve", g.Improve, &ds.Improve}} {
			for _, q := range l.list {
				l.r.Want++
				ok := false
				for _, sec := range sectionsFor[l.name] {
					for _, t := range bySection[doc][sec] {
						if Contains(t, q) {
							ok = true
						}
					}
				}
				if ok {
					l.r.Found++
				} else {
					l.r.Missing = append(l.r.Missing, q)
				}
			}
			found[i] += l.r.Found
			want[i] += l.r.Want
		}
		sc.Docs = append(sc.Docs, ds)
	}
	sort.Slice(sc.Docs, func(i, j int) bool { return sc.Docs[i].Doc < sc.Docs[j].Doc })
	sc.Headline = round4(ratio(found[0], want[0], 1))
	sc.Strengths = round4(ratio(found[1], want[1], 1))
	sc.Improve = round4(ratio(found[2], want[2], 1))
	return sc, nil
}

// Table is the score as a plain-text table, one row per document.
func (s BriefScore) Table() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-52s %9s %9s %9s\n", "document", "headline", "strength", "improve")
	for _, d := range s.Docs {
		fmt.Fprintf(&b, "%-52s %4d/%-4d %4d/%-4d %4d/%-4d\n", d.Doc, d.Headline.Found, d.Headline.Want,
			d.Strengths.Found, d.Strengths.Want, d.Improve.Found, d.Improve.Want)
	}
	fmt.Fprintf(&b, "%-52s %9.3f %9.3f %9.3f\n", "recall (micro)", s.Headline, s.Strengths, s.Improve)
	fmt.Fprintf(&b, "bullets %d, supported by their citation %d (%.3f), from another council %d\n",
		s.Bullets, s.Supported, s.Support(), s.Foreign)
	return b.String()
}

// ScoreChanges checks what-changed comparisons as ScoreBriefings checks
// briefings: every statement contained in the text it cites, and from the
// comparison's own council. It adds to the score's Bullets, Supported,
// Foreign and Problems.
func ScoreChanges(ctx context.Context, sc *BriefScore, changes []rag.Changes, src SourceText) error {
	for _, ch := range changes {
		for _, t := range ch.Topics {
			for _, b := range []*rag.Bullet{t.Earlier, t.Later} {
				if b == nil {
					continue
				}
				sc.Bullets++
				if b.Document.Authority != ch.Council.Name {
					sc.Foreign++
					sc.Problems = append(sc.Problems, fmt.Sprintf("%s: %s statement from %s: %q", ch.Council.Name, t.Topic, b.Document.Authority, b.Text))
				}
				text, err := src(ctx, *b)
				if err != nil {
					return fmt.Errorf("evals: source of %s: %w", b.Key, err)
				}
				if strings.Contains(normalise(text), normalise(b.Text)) {
					sc.Supported++
				} else {
					sc.Problems = append(sc.Problems, fmt.Sprintf("%s: cited text does not contain %q", b.Key, b.Text))
				}
			}
		}
	}
	return nil
}
