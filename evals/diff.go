package evals

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"sort"
)

// Diff compares each question of a run with the same question in a
// baseline run (a report.json), so that a tuning change shows exactly what
// it broke.
type Diff struct {
	Baseline string    `json:"baseline"`
	Better   int       `json:"better"`
	Worse    int       `json:"worse"`
	Same     int       `json:"same"`
	New      int       `json:"new"`
	Rows     []DiffRow `json:"rows"`
}

// DiffRow is one question's score before and after.
type DiffRow struct {
	ID     string  `json:"id"`
	Kind   string  `json:"kind"`
	Was    float64 `json:"was"`
	Now    float64 `json:"now"`
	Change string  `json:"change"` // better, worse, same, new
	Why    string  `json:"why,omitempty"`
}

// RowScore is one question's quality in [0, 1]: 0 for an error or a wrong
// refusal decision, 1 for a right refusal; for an answered answerable
// question the mean of its retrieval recall, sentence-level citation recall,
// citation precision and answer F1.
func RowScore(r Row) float64 {
	if r.Error != "" || !r.RefusalCorrect {
		return 0
	}
	if !r.Item.Answerable {
		return 1
	}
	frac := func(xs []bool) float64 {
		if len(xs) == 0 {
			return 1
		}
		n := 0
		for _, x := range xs {
			if x {
				n++
			}
		}
		return float64(n) / float64(len(xs))
	}
	return round4((frac(r.EvidenceFound) + frac(r.EvidenceInAnswer) + frac(r.CitationMatch) + r.F1) / 4)
}

// ReadReport reads a report.json written by Report.Write.
func ReadReport(path string) (Report, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return Report{}, err
	}
	var r Report
	if err := json.Unmarshal(b, &r); err != nil {
		return Report{}, fmt.Errorf("%s: %w", path, err)
	}
	return r, nil
}

// Compare diffs a run against a baseline, question by question (matched by
// id); the rows are the changed questions first, worst change first.
func Compare(baseline, now Report, name string) *Diff {
	old := map[string]Row{}
	for _, r := range baseline.Rows {
		old[r.Item.ID] = r
	}
	d := &Diff{Baseline: name}
	for _, r := range now.Rows {
		n := RowScore(r)
		o, ok := old[r.Item.ID]
		row := DiffRow{ID: r.Item.ID, Kind: r.Item.Kind, Now: n, Change: "new"}
		if ok {
			row.Was = RowScore(o)
			switch delta := n - row.Was; {
			case math.Abs(delta) < 1e-4:
				row.Change = "same"
				d.Same++
			case delta > 0:
				row.Change = "better"
				d.Better++
			default:
				row.Change = "worse"
				d.Worse++
			}
			row.Why = why(o, r)
		} else {
			d.New++
		}
		d.Rows = append(d.Rows, row)
	}
	rank := map[string]int{"worse": 0, "better": 1, "new": 2, "same": 3}
	sort.SliceStable(d.Rows, func(i, j int) bool {
		a, b := d.Rows[i], d.Rows[j]
		if rank[a.Change] != rank[b.Change] {
			return rank[a.Change] < rank[b.Change]
		}
		return (a.Now - a.Was) < (b.Now - b.Was)
	})
	return d
}

// why names what changed between two outcomes of one question.
func why(o, n Row) string {
	count := func(xs []bool) int {
		c := 0
		for _, x := range xs {
			if x {
				c++
			}
		}
		return c
	}
	var parts []string
	if o.Refused != n.Refused {
		parts = append(parts, fmt.Sprintf("refused %v→%v", o.Refused, n.Refused))
	}
	if a, b := count(o.EvidenceFound), count(n.EvidenceFound); a != b {
		parts = append(parts, fmt.Sprintf("evidence retrieved %d→%d", a, b))
	}
	if a, b := count(o.EvidenceInAnswer), count(n.EvidenceInAnswer); a != b {
		parts = append(parts, fmt.Sprintf("evidence in answer %d→%d", a, b))
	}
	if a, b := count(o.CitationMatch), count(n.CitationMatch); a != b || len(o.CitationMatch) != len(n.CitationMatch) {
		parts = append(parts, fmt.Sprintf("right citations %d/%d→%d/%d", a, len(o.CitationMatch), b, len(n.CitationMatch)))
	}
	if math.Abs(o.F1-n.F1) >= 0.01 {
		parts = append(parts, fmt.Sprintf("F1 %.2f→%.2f", o.F1, n.F1))
	}
	s := ""
	for i, p := range parts {
		if i > 0 {
			s += "; "
		}
		s += p
	}
	return s
}
