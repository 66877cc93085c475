// Package evals runs eval sets (JSON Lines of questions with gold evidence
// quotes) through the rag pipeline and computes citation accuracy,
// retrieval quality, refusal accuracy, answer F1 and latency.
package evals

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/letters-app/letters/internal/terms"
	"github.com/letters-app/letters/rag"
)

// Evidence is a gold quote from a named document.
type Evidence struct {
	Doc   string `json:"doc"`
	Quote string `json:"quote"`
}

// Item is one eval question.
type Item struct {
	ID         string     `json:"id"`
	Question   string     `json:"question"`
	Answer     string     `json:"answer"`
	Evidence   []Evidence `json:"evidence"`
	Answerable bool       `json:"answerable"`
	Kind       string     `json:"kind"`
}

// Read parses an eval set; every line must be a valid item.
func Read(r io.Reader) ([]Item, error) {
	var items []Item
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	seen := map[string]bool{}
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var it Item
		dec := json.NewDecoder(strings.NewReader(line))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&it); err != nil {
			return nil, fmt.Errorf("line %d: %w: %w", n, rag.ErrInvalid, err)
		}
		switch {
		case it.ID == "":
			return nil, fmt.Errorf("line %d: missing id: %w", n, rag.ErrInvalid)
		case strings.TrimSpace(it.Question) == "":
			return nil, fmt.Errorf("line %d (%s): missing question: %w", n, it.ID, rag.ErrInvalid)
		case seen[it.ID]:
			return nil, fmt.Errorf("line %d: duplicate id %q: %w", n, it.ID, rag.ErrInvalid)
		case it.Answerable && len(it.Evidence) == 0:
			return nil, fmt.Errorf("line %d (%s): answerable item without evidence: %w", n, it.ID, rag.ErrInvalid)
		}
		for _, e := range it.Evidence {
			if e.Doc == "" || strings.TrimSpace(e.Quote) == "" {
				return nil, fmt.Errorf("line %d (%s): evidence needs doc and quote: %w", n, it.ID, rag.ErrInvalid)
			}
		}
		seen[it.ID] = true
		items = append(items, it)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return items, nil
}

// normalise folds case, whitespace and quote characters.
func normalise(s string) string {
	s = strings.NewReplacer("‘", "'", "’", "'", "“", "\"", "”", "\"", "–", "-", "—", "-", "•", " ").Replace(s)
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}

// Matches reports whether a paragraph from document docName matches an
// evidence item: same file name, and the paragraph contains the quote after
// normalisation, or at least 80% of the quote's word tokens in order.
func Matches(paragraph, docName string, ev Evidence) bool {
	if filepath.Base(docName) != filepath.Base(ev.Doc) {
		return false
	}
	p, q := normalise(paragraph), normalise(ev.Quote)
	if strings.Contains(p, q) {
		return true
	}
	qt := tokens(q)
	if len(qt) == 0 {
		return false
	}
	pt := tokens(p)
	// longest in-order subsequence of quote tokens found in the paragraph
	// (greedy from each start is enough for prose)
	best := 0
	for start := range qt {
		j, n := 0, 0
		for _, w := range qt[start:] {
			for k := j; k < len(pt); k++ {
				if pt[k] == w {
					n++
					j = k + 1
					break
				}
			}
		}
		best = max(best, n)
		if len(qt)-start <= best {
			break
		}
	}
	return float64(best) >= 0.8*float64(len(qt))
}

func tokens(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// Asker answers questions (the rag service).
type Asker interface {
	Ask(ctx context.Context, req rag.Request) (rag.Result, error)
}

var _ Asker = (*rag.Service)(nil)

// Options control a run.
type Options struct {
	K           int // retrieval cut-off for recall@k and MRR
	Concurrency int
	Answerer    string
	Filter      rag.Filter
}

// Row is one question's outcome.
type Row struct {
	Item           Item           `json:"item"`
	Answer         string         `json:"answer"`
	Refused        bool           `json:"refused"`
	Citations      []rag.Citation `json:"citations"`
	CitationMatch  []bool         `json:"citation_match"`
	EvidenceCited  []bool         `json:"evidence_cited"`
	EvidenceFound  []bool         `json:"evidence_retrieved"`
	FirstMatchRank int            `json:"first_match_rank"`
	SentencesCited int            `json:"sentences_cited"`
	SentencesOK    int            `json:"sentences_supported"`
	F1             float64        `json:"answer_f1"`
	LatencyMS      float64        `json:"latency_ms"`
	Error          string         `json:"error,omitempty"`
	RefusalCorrect bool           `json:"refusal_correct"`
}

// Metrics are the fixed JSON keys other tools read.
type Metrics struct {
	RetrievalRecallAtK float64 `json:"retrieval_recall_at_k"`
	MRR                float64 `json:"mrr"`
	CitationPrecision  float64 `json:"citation_precision"`
	CitationRecall     float64 `json:"citation_recall"`
	SupportedRate      float64 `json:"supported_rate"`
	RefusalAccuracy    float64 `json:"refusal_accuracy"`
	FalseRefusals      int     `json:"false_refusals"`
	MissedRefusals     int     `json:"missed_refusals"`
	AnswerF1           float64 `json:"answer_f1"`
	LatencyP50         float64 `json:"latency_ms_p50"`
	LatencyP95         float64 `json:"latency_ms_p95"`
	N                  int     `json:"n"`
	NAnswerable        int     `json:"n_answerable"`
	K                  int     `json:"k"`
	Answerer           string  `json:"answerer"`
	Embedder           string  `json:"embedder"`
	Errors             int     `json:"errors"`
}

// Report is a run's metrics and rows.
type Report struct {
	Metrics Metrics   `json:"metrics"`
	Rows    []Row     `json:"rows"`
	Set     string    `json:"set"`
	When    time.Time `json:"when"`
}

// Run asks every item and scores the answers.
func Run(ctx context.Context, a Asker, items []Item, opt Options) (Report, error) {
	if opt.K <= 0 {
		opt.K = 5
	}
	if opt.Concurrency <= 0 {
		opt.Concurrency = 4
	}
	rows := make([]Row, len(items))
	results := make([]rag.Result, len(items))
	sem := make(chan struct{}, opt.Concurrency)
	var wg sync.WaitGroup
	for i, it := range items {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			t := time.Now()
			res, err := a.Ask(ctx, rag.Request{Question: it.Question, Answerer: opt.Answerer, Filter: opt.Filter})
			lat := float64(time.Since(t).Microseconds()) / 1000
			rows[i] = Score(it, res, opt.K)
			rows[i].LatencyMS = lat
			if err != nil {
				rows[i].Error = err.Error()
			}
			results[i] = res
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return Report{}, err
	}
	m := Aggregate(rows, opt.K)
	for _, r := range results {
		if r.Record.Answerer != "" {
			m.Answerer, m.Embedder = r.Record.Answerer, r.Record.Embedder
			break
		}
	}
	if opt.Answerer != "" {
		m.Answerer = opt.Answerer
	}
	return Report{Metrics: m, Rows: rows, When: time.Now().UTC()}, nil
}

// Score compares one result with its item.
func Score(it Item, res rag.Result, k int) Row {
	r := Row{Item: it, Answer: res.Answer, Refused: res.Refused, Citations: res.Citations}
	r.RefusalCorrect = res.Refused == !it.Answerable
	r.EvidenceCited = make([]bool, len(it.Evidence))
	r.EvidenceFound = make([]bool, len(it.Evidence))
	for _, c := range res.Citations {
		ok := false
		for j, ev := range it.Evidence {
			if Matches(c.Quote, c.Document.SourceName, ev) {
				ok = true
				r.EvidenceCited[j] = true
			}
		}
		r.CitationMatch = append(r.CitationMatch, ok)
	}
	for rank, p := range res.Passages {
		if rank >= k {
			break
		}
		for j, ev := range it.Evidence {
			if Matches(p.Text, p.Document.SourceName, ev) {
				r.EvidenceFound[j] = true
				if r.FirstMatchRank == 0 {
					r.FirstMatchRank = rank + 1
				}
			}
		}
	}
	for _, s := range res.Sentences {
		if len(s.Markers) > 0 {
			r.SentencesCited++
			if s.Supported {
				r.SentencesOK++
			}
		}
	}
	if it.Answerable {
		r.F1 = TokenF1(stripMarkers(res.Answer), it.Answer)
	}
	return r
}

func stripMarkers(s string) string {
	for _, m := range []string{"[", "]", "【", "】"} {
		s = strings.ReplaceAll(s, m, " ")
	}
	return s
}

// TokenF1 is the SQuAD-style token F1 between two texts.
func TokenF1(pred, ref string) float64 {
	p, r := terms.Words(pred), terms.Words(ref)
	if len(p) == 0 || len(r) == 0 {
		if len(p) == len(r) {
			return 1
		}
		return 0
	}
	count := map[string]int{}
	for _, w := range r {
		count[w]++
	}
	common := 0
	for _, w := range p {
		if count[w] > 0 {
			common++
			count[w]--
		}
	}
	if common == 0 {
		return 0
	}
	prec := float64(common) / float64(len(p))
	rec := float64(common) / float64(len(r))
	return 2 * prec * rec / (prec + rec)
}

// Aggregate computes the metrics over rows. A metric with nothing to
// measure (no answerable questions, no citations) is 0, except
// supported_rate and citation_precision, which are 1 when there is nothing
// that could be wrong (no cited sentence, no citation).
func Aggregate(rows []Row, k int) Metrics {
	m := Metrics{N: len(rows), K: k}
	var evTotal, evFound, evCited, cits, citsOK, sents, sentsOK, refOK int
	var rr, f1 float64
	var lats []float64
	for _, r := range rows {
		lats = append(lats, r.LatencyMS)
		if r.Error != "" {
			m.Errors++
		}
		if r.RefusalCorrect {
			refOK++
		} else if r.Item.Answerable {
			m.FalseRefusals++
		} else {
			m.MissedRefusals++
		}
		sents += r.SentencesCited
		sentsOK += r.SentencesOK
		if !r.Item.Answerable {
			continue
		}
		m.NAnswerable++
		f1 += r.F1
		if r.FirstMatchRank > 0 {
			rr += 1 / float64(r.FirstMatchRank)
		}
		for j := range r.Item.Evidence {
			evTotal++
			if r.EvidenceFound[j] {
				evFound++
			}
			if r.EvidenceCited[j] {
				evCited++
			}
		}
		if !r.Refused {
			for _, ok := range r.CitationMatch {
				cits++
				if ok {
					citsOK++
				}
			}
		}
	}
	m.RetrievalRecallAtK = ratio(evFound, evTotal, 0)
	m.CitationRecall = ratio(evCited, evTotal, 0)
	m.CitationPrecision = ratio(citsOK, cits, 1)
	m.SupportedRate = ratio(sentsOK, sents, 1)
	m.RefusalAccuracy = ratio(refOK, len(rows), 0)
	if m.NAnswerable > 0 {
		m.MRR = round4(rr / float64(m.NAnswerable))
		m.AnswerF1 = round4(f1 / float64(m.NAnswerable))
	}
	m.LatencyP50, m.LatencyP95 = percentile(lats, 50), percentile(lats, 95)
	return m
}

func ratio(a, b int, empty float64) float64 {
	if b == 0 {
		return empty
	}
	return round4(float64(a) / float64(b))
}

func round4(f float64) float64 { return math.Round(f*10000) / 10000 }

func percentile(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	i := int(math.Ceil(p/100*float64(len(s)))) - 1
	i = max(0, min(i, len(s)-1))
	return math.Round(s[i]*100) / 100
}
