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
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/letters-app/letters"

	"golang.org/x/sync/errgroup"

	"github.com/letters-app/letters/internal/terms"
	"github.com/letters-app/letters/rag"
)

// Evidence is a gold quote from a named document.
type Evidence struct {
	Doc   string `json:"doc"`
	Quote string `json:"quote"`
}

// Item is one eval question. Turns, when present, are earlier questions of
// the same conversation, asked in order before Question; only Question is
// scored.
type Item struct {
	ID         string     `json:"id"`
	Turns      []string   `json:"turns,omitempty"`
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
			return nil, fmt.Errorf("line %d: %w: %w", n, letters.ErrInvalid, err)
		}
		switch {
		case it.ID == "":
			return nil, fmt.Errorf("line %d: missing id: %w", n, letters.ErrInvalid)
		case strings.TrimSpace(it.Question) == "":
			return nil, fmt.Errorf("line %d (%s): missing question: %w", n, it.ID, letters.ErrInvalid)
		case seen[it.ID]:
			return nil, fmt.Errorf("line %d: duplicate id %q: %w", n, it.ID, letters.ErrInvalid)
		case it.Answerable && len(it.Evidence) == 0:
			return nil, fmt.Errorf("line %d (%s): answerable item without evidence: %w", n, it.ID, letters.ErrInvalid)
		}
		for _, q := range it.Turns {
			if strings.TrimSpace(q) == "" {
				return nil, fmt.Errorf("line %d (%s): empty question in turns: %w", n, it.ID, letters.ErrInvalid)
			}
		}
		for _, e := range it.Evidence {
			if e.Doc == "" || strings.TrimSpace(e.Quote) == "" {
				return nil, fmt.Errorf("line %d (%s): evidence needs doc and quote: %w", n, it.ID, letters.ErrInvalid)
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
// evidence item: same file name, and the paragraph contains the quote (see
// Contains).
func Matches(paragraph, docName string, ev Evidence) bool {
	if filepath.Base(docName) != filepath.Base(ev.Doc) {
		return false
	}
	return Contains(paragraph, ev.Quote)
}

// Contains reports whether text contains quote after normalisation, or at
// least 80% of the quote's word tokens in order (a quote that straddles a
// sentence boundary, or whose wording the answerer trimmed).
func Contains(text, quote string) bool {
	p, q := normalise(text), normalise(quote)
	if strings.Contains(p, q) {
		return true
	}
	qt := tokens(q)
	if len(qt) == 0 {
		return false
	}
	pt := tokens(p)
	// longest in-order subsequence of quote tokens found in the text
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
	Ask(ctx context.Context, req rag.Request) (letters.Result, error)
}

// Corpus reads the paragraphs of an ingested document by its file name, so
// that a citation of a paragraph whose text is identical to a gold one in
// another letter counts as right (Ofsted repeats sentences across letters).
type Corpus interface {
	SourceParagraphs(ctx context.Context, sourceName string) ([]string, error)
}

// Options control a run.
type Options struct {
	K           int // retrieval cut-off for recall@k and MRR
	Concurrency int
	Answerer    string
	Filter      letters.Filter
	Corpus      Corpus // optional: identical paragraphs count as equivalent
	Judge       Judge  // optional: a model judges each citation (ALCE-style)
}

// Row is one question's outcome.
type Row struct {
	Item      Item                    `json:"item"`
	Answer    string                  `json:"answer"`
	Refused   bool                    `json:"refused"`
	Citations []letters.Citation      `json:"citations"`
	Sentences []letters.SentenceCheck `json:"sentences,omitempty"`
	// CitationMatch: the cited paragraph (or one with identical text)
	// contains an evidence quote; false for every citation of an
	// unanswerable question.
	CitationMatch []bool `json:"citation_match"`
	// PairMatch: per (sentence, marker) pair in Sentences order, the
	// sentence itself contains an evidence quote that its cited paragraph
	// holds.
	PairMatch []bool `json:"pair_match"`
	// EvidenceCited: an evidence item's paragraph is cited (paragraph level).
	EvidenceCited []bool `json:"evidence_cited"`
	// EvidenceInAnswer: the answer text has the quote in a sentence that
	// cites a paragraph holding it (sentence level).
	EvidenceInAnswer []bool    `json:"evidence_in_answer"`
	EvidenceFound    []bool    `json:"evidence_retrieved"`
	FirstMatchRank   int       `json:"first_match_rank"`
	SentencesCited   int       `json:"sentences_cited"`
	SentencesOK      int       `json:"sentences_supported"`
	F1               float64   `json:"answer_f1"`
	CeilingF1        float64   `json:"ceiling_f1"`
	LatencyMS        float64   `json:"latency_ms"`
	Error            string    `json:"error,omitempty"`
	RefusalCorrect   bool      `json:"refusal_correct"`
	Judged           []Verdict `json:"judged,omitempty"`
}

// Metrics are the fixed JSON keys other tools read; keys are only ever
// added. evals/README.md defines each with a worked example.
type Metrics struct {
	RetrievalRecallAtK          float64 `json:"retrieval_recall_at_k"`
	MRR                         float64 `json:"mrr"`
	CitationPrecision           float64 `json:"citation_precision"`
	CitationPrecisionSentence   float64 `json:"citation_precision_sentence"`
	CitationPrecisionAnswerable float64 `json:"citation_precision_answerable"`
	CitationRecall              float64 `json:"citation_recall"`
	CitationRecallParagraph     float64 `json:"citation_recall_paragraph"`
	SupportedRate               float64 `json:"supported_rate"`
	RefusalAccuracy             float64 `json:"refusal_accuracy"`
	RefusalRecall               float64 `json:"refusal_recall"`
	AnswerRate                  float64 `json:"answer_rate"`
	RefusalBalancedAccuracy     float64 `json:"refusal_balanced_accuracy"`
	FalseRefusals               int     `json:"false_refusals"`
	MissedRefusals              int     `json:"missed_refusals"`
	AnswerF1                    float64 `json:"answer_f1"`
	CeilingF1                   float64 `json:"extractive_ceiling_f1"`
	LatencyP50                  float64 `json:"latency_ms_p50"`
	LatencyP95                  float64 `json:"latency_ms_p95"`
	N                           int     `json:"n"`
	NAnswerable                 int     `json:"n_answerable"`
	NUnanswerable               int     `json:"n_unanswerable"`
	K                           int     `json:"k"`
	Answerer                    string  `json:"answerer"`
	Embedder                    string  `json:"embedder"`
	Errors                      int     `json:"errors"`
	// JudgeCitationPrecision / JudgeCitationRecall: with --judge llm, the
	// share of (sentence, citation) pairs the model judged supported, and
	// the share of answer sentences with at least one supporting citation.
	JudgeCitationPrecision *float64 `json:"judge_citation_precision,omitempty"`
	JudgeCitationRecall    *float64 `json:"judge_citation_recall,omitempty"`
	JudgePairs             int      `json:"judge_pairs,omitempty"`
	// ByKind breaks the quality metrics down by question kind.
	ByKind map[string]KindMetrics `json:"by_kind,omitempty"`
}

// KindMetrics are the quality metrics of one question kind.
type KindMetrics struct {
	N                         int     `json:"n"`
	RetrievalRecallAtK        float64 `json:"retrieval_recall_at_k"`
	CitationPrecision         float64 `json:"citation_precision"`
	CitationPrecisionSentence float64 `json:"citation_precision_sentence"`
	CitationRecall            float64 `json:"citation_recall"`
	RefusalBalancedAccuracy   float64 `json:"refusal_balanced_accuracy"`
	AnswerF1                  float64 `json:"answer_f1"`
}

// Report is a run's metrics and rows.
type Report struct {
	Metrics Metrics   `json:"metrics"`
	Rows    []Row     `json:"rows"`
	Set     string    `json:"set"`
	When    time.Time `json:"when"`
	// Baseline, when set, is the per-question comparison with an earlier run.
	Baseline *Diff `json:"baseline,omitempty"`
}

// Run asks every item and scores the answers. An item with turns is asked
// as a conversation: each earlier turn in order, its answer kept as
// history, then the scored question.
func Run(ctx context.Context, a Asker, items []Item, opt Options) (Report, error) {
	if opt.K <= 0 {
		opt.K = 5
	}
	if opt.Concurrency <= 0 {
		opt.Concurrency = 4
	}
	equiv, err := equivalents(ctx, opt.Corpus, items)
	if err != nil {
		return Report{}, err
	}
	rows := make([]Row, len(items))
	results := make([]letters.Result, len(items))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(opt.Concurrency)
	for i, it := range items {
		g.Go(func() error {
			t := time.Now()
			res, err := askItem(gctx, a, it, opt)
			lat := float64(time.Since(t).Microseconds()) / 1000
			rows[i] = ScoreWith(it, res, opt.K, equiv[i])
			rows[i].LatencyMS = lat
			if err != nil {
				rows[i].Error = err.Error()
			}
			if err == nil && opt.Judge != nil && !res.Refused {
				v, jerr := judgeRow(gctx, opt.Judge, res)
				if jerr != nil {
					return fmt.Errorf("judge %s: %w", it.ID, jerr)
				}
				rows[i].Judged = v
			}
			results[i] = res
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return Report{}, err
	}
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

// askItem asks an item's earlier turns as a conversation, then its question.
func askItem(ctx context.Context, a Asker, it Item, opt Options) (letters.Result, error) {
	var history []letters.Turn
	for _, q := range it.Turns {
		r, err := a.Ask(ctx, rag.Request{Question: q, History: history, Answerer: opt.Answerer, Filter: opt.Filter})
		if err != nil {
			return letters.Result{}, fmt.Errorf("turn %q: %w", q, err)
		}
		history = append(history, letters.Turn{Question: q, Rewritten: r.Record.RewrittenQuery, Answer: r.Answer})
	}
	return a.Ask(ctx, rag.Request{Question: it.Question, History: history, Answerer: opt.Answerer, Filter: opt.Filter})
}

// Equivalents lists, per evidence item of a question, the normalised texts
// of the gold document's paragraphs that hold the quote: a paragraph of
// another letter with the same text is as good a source.
type Equivalents [][]string

func equivalents(ctx context.Context, c Corpus, items []Item) ([]Equivalents, error) {
	out := make([]Equivalents, len(items))
	if c == nil {
		return out, nil
	}
	cache := map[string][]string{}
	for i, it := range items {
		out[i] = make(Equivalents, len(it.Evidence))
		for j, ev := range it.Evidence {
			doc := filepath.Base(ev.Doc)
			paras, ok := cache[doc]
			if !ok {
				var err error
				if paras, err = c.SourceParagraphs(ctx, doc); err != nil {
					return nil, fmt.Errorf("paragraphs of %s: %w", doc, err)
				}
				cache[doc] = paras
			}
			for _, p := range paras {
				if Contains(p, ev.Quote) {
					out[i][j] = append(out[i][j], normalise(p))
				}
			}
		}
	}
	return out, nil
}

// Score compares one result with its item (no corpus equivalents).
func Score(it Item, res letters.Result, k int) Row { return ScoreWith(it, res, k, nil) }

// ScoreWith compares one result with its item; eq holds, per evidence item,
// the texts of paragraphs equivalent to the gold one.
func ScoreWith(it Item, res letters.Result, k int, eq Equivalents) Row {
	r := Row{Item: it, Answer: res.Answer, Refused: res.Refused, Citations: res.Citations, Sentences: res.Sentences}
	r.RefusalCorrect = res.Refused == !it.Answerable
	r.EvidenceCited = make([]bool, len(it.Evidence))
	r.EvidenceInAnswer = make([]bool, len(it.Evidence))
	r.EvidenceFound = make([]bool, len(it.Evidence))
	holds := func(text, doc string, j int) bool {
		if Matches(text, doc, it.Evidence[j]) {
			return true
		}
		if j < len(eq) && len(eq[j]) > 0 {
			n := normalise(text)
			for _, e := range eq[j] {
				if e == n {
					return true
				}
			}
		}
		return false
	}
	byMarker := map[int]letters.Citation{}
	for _, c := range res.Citations {
		byMarker[c.Marker] = c
		ok := false
		for j := range it.Evidence {
			if holds(c.Quote, c.Document.SourceName, j) {
				ok = true
				r.EvidenceCited[j] = true
			}
		}
		r.CitationMatch = append(r.CitationMatch, ok && it.Answerable)
	}
	for _, s := range res.Sentences {
		for _, m := range s.Markers {
			c, found := byMarker[m]
			ok := false
			for j, ev := range it.Evidence {
				if found && holds(c.Quote, c.Document.SourceName, j) && Contains(s.Text, ev.Quote) {
					ok = true
					r.EvidenceInAnswer[j] = true
				}
			}
			r.PairMatch = append(r.PairMatch, ok && it.Answerable)
		}
	}
	for rank, p := range res.Passages {
		if rank >= k {
			break
		}
		for j := range it.Evidence {
			if holds(p.Text, p.Document.SourceName, j) {
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
		r.F1 = TokenF1(StripMarkers(res.Answer), it.Answer)
		var gold []string
		for _, ev := range it.Evidence {
			gold = append(gold, ev.Quote)
		}
		r.CeilingF1 = TokenF1(strings.Join(gold, " "), it.Answer)
	}
	return r
}

var reMarkers = regexp.MustCompile(`\[\s*\d+(?:\s*[,;]\s*\d+)*\s*\]|【\s*\d+(?:\s*[,;]\s*\d+)*\s*】`)

// StripMarkers removes citation markers ("[1]", "[2, 3]") entirely, so that
// their digits are not counted as answer tokens.
func StripMarkers(s string) string {
	return strings.Join(strings.Fields(reMarkers.ReplaceAllString(s, " ")), " ")
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

// Aggregate computes the metrics over rows, with a breakdown by kind. A
// metric with nothing to measure is 0, except supported_rate and the
// citation precisions, which are 1 when there is nothing that could be
// wrong (no cited sentence, no citation).
func Aggregate(rows []Row, k int) Metrics {
	m := aggregate(rows, k)
	kinds := map[string][]Row{}
	for _, r := range rows {
		kind := r.Item.Kind
		if kind == "" {
			kind = "unlabelled"
		}
		kinds[kind] = append(kinds[kind], r)
	}
	if len(kinds) > 0 {
		m.ByKind = map[string]KindMetrics{}
		for kind, rs := range kinds {
			x := aggregate(rs, k)
			m.ByKind[kind] = KindMetrics{N: x.N, RetrievalRecallAtK: x.RetrievalRecallAtK, CitationPrecision: x.CitationPrecision,
				CitationPrecisionSentence: x.CitationPrecisionSentence, CitationRecall: x.CitationRecall,
				RefusalBalancedAccuracy: x.RefusalBalancedAccuracy, AnswerF1: x.AnswerF1}
		}
	}
	return m
}

func aggregate(rows []Row, k int) Metrics {
	m := Metrics{N: len(rows), K: k}
	var evTotal, evFound, evCited, evInAnswer, cits, citsOK, citsA, citsAOK, pairs, pairsOK, sents, sentsOK, refOK, unRefused, ansAnswered int
	var jPairs, jPairsOK, jSents, jSentsOK int
	judged := false
	var rr, f1, ceil float64
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
		if !r.Refused {
			for _, ok := range r.CitationMatch {
				cits++
				if ok {
					citsOK++
				}
			}
			for _, ok := range r.PairMatch {
				pairs++
				if ok {
					pairsOK++
				}
			}
		}
		if r.Judged != nil {
			judged = true
			ps, pok, ss, sok := judgeCounts(r)
			jPairs, jPairsOK, jSents, jSentsOK = jPairs+ps, jPairsOK+pok, jSents+ss, jSentsOK+sok
		}
		if !r.Item.Answerable {
			m.NUnanswerable++
			if r.Refused {
				unRefused++
			}
			continue
		}
		m.NAnswerable++
		if !r.Refused {
			ansAnswered++
			for _, ok := range r.CitationMatch {
				citsA++
				if ok {
					citsAOK++
				}
			}
		}
		f1 += r.F1
		ceil += r.CeilingF1
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
			if j < len(r.EvidenceInAnswer) && r.EvidenceInAnswer[j] {
				evInAnswer++
			}
		}
	}
	m.RetrievalRecallAtK = ratio(evFound, evTotal, 0)
	m.CitationRecall = ratio(evInAnswer, evTotal, 0)
	m.CitationRecallParagraph = ratio(evCited, evTotal, 0)
	m.CitationPrecision = ratio(citsOK, cits, 1)
	m.CitationPrecisionSentence = ratio(pairsOK, pairs, 1)
	m.CitationPrecisionAnswerable = ratio(citsAOK, citsA, 1)
	m.SupportedRate = ratio(sentsOK, sents, 1)
	m.RefusalAccuracy = ratio(refOK, len(rows), 0)
	m.RefusalRecall = ratio(unRefused, m.NUnanswerable, 0)
	m.AnswerRate = ratio(ansAnswered, m.NAnswerable, 0)
	switch {
	case m.NAnswerable > 0 && m.NUnanswerable > 0:
		m.RefusalBalancedAccuracy = round4((m.RefusalRecall + m.AnswerRate) / 2)
	case m.NAnswerable > 0:
		m.RefusalBalancedAccuracy = m.AnswerRate
	case m.NUnanswerable > 0:
		m.RefusalBalancedAccuracy = m.RefusalRecall
	}
	if m.NAnswerable > 0 {
		m.MRR = round4(rr / float64(m.NAnswerable))
		m.AnswerF1 = round4(f1 / float64(m.NAnswerable))
		m.CeilingF1 = round4(ceil / float64(m.NAnswerable))
	}
	if judged {
		p, rc := ratio(jPairsOK, jPairs, 1), ratio(jSentsOK, jSents, 0)
		m.JudgeCitationPrecision, m.JudgeCitationRecall, m.JudgePairs = &p, &rc, jPairs
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
