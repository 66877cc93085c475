package rag

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/letters-app/letters"
	"github.com/letters-app/letters/internal/lru"

	"github.com/tmc/langchaingo/embeddings"
)

// Searcher is what the service needs from the store.
type Searcher interface {
	Search(ctx context.Context, q letters.SearchQuery) ([]letters.Passage, error)
	Glossary(ctx context.Context) ([]letters.GlossaryEntry, error)
	TermCounts(ctx context.Context, words []string) (map[string]int, int, error)
	LatestDocuments(ctx context.Context, f letters.Filter) ([]int64, error)
	FrontMatter(ctx context.Context, ids []int64) ([]letters.Passage, error)
	Authorities(ctx context.Context) ([]string, error)
	CorpusVersion(ctx context.Context) (string, int, error)
}

// Condenser rewrites a follow-up question with a model.
type Condenser interface {
	Condense(ctx context.Context, history []letters.Turn, question string) (string, error)
}

// Config tunes the service.
type Config struct {
	K           int     // passages given to the answerer (default 8)
	Depth       int     // candidates per retrieval arm (default 40)
	MinCoverage float64 // refuse below this idf-weighted coverage of the question by the best passage
	MaxQuestion int     // characters (default 2000)
}

// DefaultMinCoverage is the refusal threshold chosen on the dev eval set
// (see evals/README.md for the sweep).
const DefaultMinCoverage = 0.25

// Service answers questions: understand → retrieve → answer → check.
type Service struct {
	store     Searcher
	embedder  embeddings.Embedder
	embedName string
	answerers map[string]Answerer
	def       string
	extract   *Extractive
	condenser Condenser
	cfg       Config
	log       *slog.Logger

	mu      sync.Mutex
	checked time.Time // when the corpus version was last read
	version string
	corpus  corpusInfo
	dfCache *lru.Cache[string, int] // document frequencies of words asked about, for this version

	analysis *analysis // sentence stems and answer kinds, across requests
}

type corpusInfo struct {
	docs        int
	glossary    []letters.GlossaryEntry
	authorities []string // as questions name them: a council filed under two names once
	// aliases: a council filed under its bare name by some documents
	// ("Brackenford", from a news story on "Brackenford's children's
	// services") and its full name by others ("Brackenford City"): the bare
	// name to the full one (councilAliases)
	aliases map[string]string
}

// councilAliases maps each bare council name that is the short name of
// exactly one other council in the corpus to that council ("Brackenford"
// to "Brackenford City"); authorities are the corpus's councils without
// those bare names, one name per council.
func councilAliases(all []string) (authorities []string, aliases map[string]string) {
	aliases = map[string]string{}
	for _, a := range all {
		if shortName(a) != "" {
			continue // a full name
		}
		var full []string
		for _, b := range all {
			if b != a && shortName(b) == a {
				full = append(full, b)
			}
		}
		if len(full) == 1 {
			aliases[a] = full[0]
		}
	}
	for _, a := range all {
		if _, ok := aliases[a]; !ok {
			authorities = append(authorities, a)
		}
	}
	return authorities, aliases
}

// search runs a store search for a prepared question under f: a council's
// documents filed under its bare name are searched with it, and their
// passages are labelled with the council's full name.
func (s *Service) search(ctx context.Context, scorer *Scorer, vec []float32, f letters.Filter) ([]letters.Passage, error) {
	sq := s.searchQuery(scorer, vec, f)
	sq.Filter.Authorities = withAliases(sq.Filter.Authorities, scorer.aliases)
	ps, err := s.store.Search(ctx, sq)
	if err != nil {
		return nil, err
	}
	canonical(ps, scorer.aliases)
	return ps, nil
}

// withAliases is authorities with the bare names filed for any of them.
func withAliases(authorities []string, aliases map[string]string) []string {
	if len(authorities) == 0 || len(aliases) == 0 {
		return authorities
	}
	out := slices.Clone(authorities)
	for bare, full := range aliases {
		if slices.Contains(authorities, full) && !slices.Contains(out, bare) {
			out = append(out, bare)
		}
	}
	return out
}

// canonical labels passages of documents filed under a council's bare name
// with its full name.
func canonical(ps []letters.Passage, aliases map[string]string) {
	for i := range ps {
		if full, ok := aliases[ps[i].Document.Authority]; ok {
			ps[i].Document.Authority = full
		}
	}
}

// NewService builds a service. The first answerer is the default; an
// extractive answerer is always available (and is the fallback when a model fails).
func NewService(st Searcher, emb embeddings.Embedder, embedName string, cfg Config, log *slog.Logger, answerers ...Answerer) *Service {
	if cfg.K <= 0 {
		cfg.K = 8
	}
	if cfg.Depth <= 0 {
		cfg.Depth = 40
	}
	if cfg.MinCoverage == 0 {
		cfg.MinCoverage = DefaultMinCoverage
	}
	if cfg.MaxQuestion <= 0 {
		cfg.MaxQuestion = 2000
	}
	s := &Service{store: st, embedder: emb, embedName: embedName, answerers: map[string]Answerer{}, cfg: cfg, log: log,
		extract: &Extractive{}, analysis: newAnalysis()}
	s.answerers["extractive"] = s.extract
	for i, a := range answerers {
		s.answerers[a.Name()] = a
		if i == 0 {
			s.def = a.Name()
		}
		if c, ok := a.(Condenser); ok {
			s.condenser = c
		}
	}
	if s.def == "" {
		s.def = "extractive"
	}
	return s
}

// DefaultAnswerer names the answerer used when a request names none.
func (s *Service) DefaultAnswerer() string { return s.def }

// Answerers lists the configured answerer names.
func (s *Service) Answerers() []string {
	out := []string{s.def}
	for n := range s.answerers {
		if n != s.def {
			out = append(out, n)
		}
	}
	return out
}

// Request is one question.
type Request struct {
	Question string
	Filter   letters.Filter
	History  []letters.Turn
	Answerer string // "" for the default
	K        int
	OnToken  func(string) // streaming answer text (markers complete and renumbered)
	OnReset  func()       // streamed text so far is void (a model failed; the fallback follows)
}

// versionTTL: the corpus version is re-read at most this often (a new
// ingest shows within a second; busy servers skip a query per question).
const versionTTL = time.Second

func (s *Service) info(ctx context.Context) (corpusInfo, string, error) {
	s.mu.Lock()
	if s.version != "" && time.Since(s.checked) < versionTTL {
		ci, v := s.corpus, s.version
		s.mu.Unlock()
		return ci, v, nil
	}
	s.mu.Unlock()
	v, n, err := s.store.CorpusVersion(ctx)
	if err != nil {
		return corpusInfo{}, "", err
	}
	s.mu.Lock()
	s.checked = time.Now()
	s.mu.Unlock()
	s.mu.Lock()
	if v == s.version {
		ci := s.corpus
		s.mu.Unlock()
		return ci, v, nil
	}
	s.mu.Unlock()
	g, err := s.store.Glossary(ctx)
	if err != nil {
		return corpusInfo{}, "", err
	}
	a, err := s.store.Authorities(ctx)
	if err != nil {
		return corpusInfo{}, "", err
	}
	ci := corpusInfo{docs: n, glossary: g}
	ci.authorities, ci.aliases = councilAliases(a)
	s.mu.Lock()
	s.version, s.corpus, s.dfCache = v, ci, newDFCache(dfEntries)
	s.mu.Unlock()
	return ci, v, nil
}

func (s *Service) termStats(ctx context.Context, q Query, version string) (TermStats, error) {
	var words []string
	for _, t := range q.Terms {
		for _, p := range t.Phrases {
			words = append(words, strings.ToLower(p))
		}
	}
	st := TermStats{DF: map[string]int{}}
	var missing []string
	s.mu.Lock()
	total, haveTotal := s.dfCache.Get("\x00total")
	for _, w := range words {
		if d, ok := s.dfCache.Get(w); ok && s.version == version {
			st.DF[w] = d
		} else {
			missing = append(missing, w)
		}
	}
	s.mu.Unlock()
	if len(missing) > 0 || !haveTotal {
		m, tot, err := s.store.TermCounts(ctx, missing)
		if err != nil {
			return st, err
		}
		total = tot
		s.mu.Lock()
		if s.version == version {
			for w, d := range m {
				s.dfCache.Add(w, d)
			}
			s.dfCache.Add("\x00total", tot)
		}
		s.mu.Unlock()
		for w, d := range m {
			st.DF[w] = d
		}
	}
	st.Total = total
	return st, nil
}

// Ask answers a question. When streaming, every answer's text — a refusal
// included — reaches OnToken.
func (s *Service) Ask(ctx context.Context, req Request) (letters.Result, error) {
	if req.OnToken == nil {
		return s.ask(ctx, req)
	}
	emitted := false
	emit := req.OnToken
	req.OnToken = func(t string) { emitted = true; emit(t) }
	onReset := req.OnReset
	req.OnReset = func() {
		emitted = false
		if onReset != nil {
			onReset()
		}
	}
	res, err := s.ask(ctx, req)
	if err == nil && !emitted {
		emit(res.Answer)
	}
	return res, err
}

func (s *Service) ask(ctx context.Context, req Request) (letters.Result, error) {
	t0 := time.Now()
	question, ans, err := s.validate(req)
	if err != nil {
		return letters.Result{}, err
	}
	ci, version, err := s.info(ctx)
	if err != nil {
		return letters.Result{}, err
	}
	if ci.docs == 0 {
		return letters.Result{}, letters.ErrEmptyCorpus
	}
	rewritten := s.resolveFollowUp(ctx, question, req, ans.Name(), ci)
	pq, err := s.prepare(ctx, rewritten, req.Filter, ci, version)
	if err != nil {
		return letters.Result{}, err
	}
	placeNote, notHeld := "", ""
	if req.Filter.IsZero() {
		var c string
		var why []string
		if c, why, notHeld = s.placeByDocuments(ctx, pq, ci); c != "" {
			kind, re := pq.q.PlaceKind, reTheCity
			if kind == "county" {
				re = reTheCounty
			}
			rewritten = replaceKeepingTail(re, rewritten, c)
			if pq, err = s.prepare(ctx, rewritten, req.Filter, ci, version); err != nil {
				return letters.Result{}, err
			}
			placeNote = "“The " + kind + "” is taken to be " + c + ", the " + kind + " council whose documents bear out what the question says of it (" + strings.Join(why, ", ") + "). Name the council to ask about another."
		}
	}
	st := &askState{req: req, question: question, rewritten: rewritten, version: version, t0: t0, ans: ans, prepared: pq,
		an: analyse(pq.q, pq.f, len(req.History) > 0 && rewritten != question), notHeld: notHeld}
	res, err := s.answer(ctx, st)
	if err != nil {
		return letters.Result{}, err
	}
	res.Analysis, res.Record.Analysis = st.an, st.an
	if placeNote != "" {
		res.Notice = strings.TrimSpace(placeNote + " " + res.Notice)
	}
	return res, nil
}

// askState is one question on its way through ask's steps.
type askState struct {
	req                 Request
	question, rewritten string
	version             string
	t0                  time.Time
	tRetrieve           time.Duration
	ans                 Answerer
	prepared            // q, f (narrowed as steps relax it), vec, scorer
	an                  *letters.Analysis
	passages            []letters.Passage
	notice              string
	countList           int // see AnswerInput.CountList
	// notHeld: the visit the question asks about is held for no council
	// of the kind its "the city" ("the county") means (placeByDocuments)
	notHeld string
	// councilDocs: the documents of councilDocsOf, read once for the
	// refusal checks (ordinal, month and joint-inspection visits, months
	// after every document) that each need them
	councilDocs   []letters.Document
	councilDocsOf string
}

// validate checks the question and picks the answerer.
func (s *Service) validate(req Request) (string, Answerer, error) {
	question := strings.TrimSpace(req.Question)
	switch {
	case question == "":
		return "", nil, fmt.Errorf("question is empty: %w", letters.ErrInvalid)
	case !utf8.ValidString(question):
		return "", nil, fmt.Errorf("question is not valid UTF-8: %w", letters.ErrInvalid)
	case utf8.RuneCountInString(question) > s.cfg.MaxQuestion:
		return "", nil, fmt.Errorf("question is longer than %d characters: %w", s.cfg.MaxQuestion, letters.ErrInvalid)
	}
	name := req.Answerer
	if name == "" {
		name = s.def
	}
	ans, ok := s.answerers[name]
	if !ok {
		return "", nil, fmt.Errorf("unknown answerer %q (have %s): %w", name, strings.Join(s.Answerers(), ", "), letters.ErrInvalid)
	}
	return question, ans, nil
}

// resolveFollowUp makes a follow-up stand on its own: "the city" / "the
// county" named, an elliptic question given the previous topic (rules), or
// with a model answerer, the model's condensed question when it gives one.
func (s *Service) resolveFollowUp(ctx context.Context, question string, req Request, answerer string, ci corpusInfo) string {
	rewritten := Rewrite(question, req.History, ci.authorities)
	if len(req.History) > 0 && s.condenser != nil && answerer != "extractive" {
		if c, err := s.condenser.Condense(ctx, req.History, question); err == nil {
			rewritten = c
		} else {
			s.log.Warn("condense failed; using rule-based rewrite", "err", err)
		}
	}
	return rewritten
}

// answer is ask after the question is understood: a council view when one
// fits, else retrieval, the refusal checks, the draft and its check.
func (s *Service) answer(ctx context.Context, st *askState) (letters.Result, error) {
	if len(st.f.Authorities) == 1 {
		// "brief me on X": a briefing; "X's timeline": the timeline; "what
		// changed between X's last two visits": the two documents compared
		// topic by topic
		if res, ok := s.councilAnswer(ctx, st.question, st.an, st.q, st.f); ok {
			res.Record.Embedder, res.Record.CorpusVersion = s.embedName, st.version
			if st.rewritten != st.question {
				res.Record.RewrittenQuery = st.rewritten
			}
			res.Timings.TotalMS = ms(time.Since(st.t0))
			return res, nil
		}
	}
	k := st.req.K
	if k <= 0 {
		k = s.cfg.K
	}
	beyond := st.notHeld
	if beyond == "" {
		beyond = s.ordinalVisit(ctx, st)
	}
	if beyond == "" {
		beyond = s.monthVisit(ctx, st)
	}
	if beyond == "" {
		beyond = s.jointInspection(ctx, st)
	}
	if beyond == "" {
		beyond = s.afterEveryDocument(ctx, st)
	}
	anywhere, err := s.retrieveRelaxing(ctx, st, k)
	if err != nil {
		return letters.Result{}, err
	}
	if anywhere {
		return s.refusal(st, time.Since(st.t0)), nil
	}
	if beyond != "" {
		st.tRetrieve = time.Since(st.t0)
		st.notice = beyond
		return s.refusal(st, st.tRetrieve), nil
	}
	if err := s.findCountedList(ctx, st); err != nil {
		return letters.Result{}, err
	}
	st.tRetrieve = time.Since(st.t0)
	if refused, ok := s.checkAnswerable(st); ok {
		if ok, err := s.reportedLater(ctx, st, k); err != nil {
			return letters.Result{}, err
		} else if !ok {
			return refused, nil
		}
	}
	draft, err := s.draft(ctx, st)
	if err != nil {
		return letters.Result{}, err
	}
	if draft.Refused {
		r := s.refusal(st, st.tRetrieve)
		r.Record.Model, r.Record.PromptVersion = draft.Model, draft.PromptVersion
		return r, nil
	}
	return s.citedResult(st, draft), nil
}

// relax answers st from the passages found under g, a looser filter than
// the one inferred from the question, saying so (notice, analysis).
func (st *askState) relax(g letters.Filter, passages []letters.Passage, notice string) {
	st.notice = notice
	st.an.Relaxed = describeFilter(st.f)
	st.f, st.passages = g, passages
	st.an.Searched = searched(g)
}

// retrieveRelaxing retrieves under the filters. When nothing matches a
// filter the question's own words set, it is a preference, not a wall: it
// is relaxed and the answer comes from the closest letters, saying so. When
// nothing matches at all, the closest passages from all letters are kept
// and anywhere is true: the answer is a refusal showing them.
func (s *Service) retrieveRelaxing(ctx context.Context, st *askState, k int) (anywhere bool, err error) {
	if st.passages, err = s.retrieve(ctx, st.q, st.vec, st.f, st.scorer, k); err != nil {
		return false, err
	}
	if len(st.passages) == 0 && !st.f.IsZero() && st.req.Filter.IsZero() {
		for _, g := range relaxations(st.f) {
			if st.passages, err = s.retrieve(ctx, st.q, st.vec, g, st.scorer, k); err != nil {
				return false, err
			}
			if len(st.passages) > 0 {
				st.relax(g, st.passages, "No letters match "+describeFilter(st.f)+"; this answer is from "+describeRelaxed(g)+".")
				break
			}
		}
	}
	if len(st.passages) == 0 && st.req.Filter.IsZero() && (st.f.From != nil || st.f.To != nil) && len(st.q.Years) > 0 {
		// no letter of the council is dated in the year asked about; one
		// may still report it ("since the last inspection in 2021"): the
		// council's passages that name the year answer
		g := anyDocument(st.f)
		kept, err := s.retrieveKeeping(ctx, st, g, k, func(p letters.Passage) bool { return st.scorer.yearSentence(p.Text, st.q.Years) })
		if err != nil {
			return false, err
		}
		if len(kept) == 0 && len(distinctYears(st.q.Years)) == 1 && reSince.MatchString(st.q.Ask) {
			// "what has improved since the 2021 inspection": no letter is
			// dated 2021, but the later ones answer
			from := time.Date(st.q.Years[0], 1, 1, 0, 0, 0, 0, time.UTC)
			h := st.f
			h.From, h.To, h.Kinds, h.DocumentIDs, h.Latest = &from, nil, nil, nil, false
			if kept, err = s.retrieve(ctx, st.q, st.vec, h, st.scorer, k); err != nil {
				return false, err
			}
			if len(kept) > 0 {
				st.relax(h, kept, "No letters are dated "+yearsText(st.q.Years)+"; this answer is from the letters since.")
				return false, nil
			}
		}
		if len(kept) > 0 {
			st.relax(g, kept, "No letters are dated "+yearsText(st.q.Years)+"; this answer is from letters that mention it.")
			return false, nil
		}
	}
	if len(st.passages) > 0 || st.f.IsZero() {
		return false, nil
	}
	st.notice = "No letters match the filters (" + describeFilter(st.f) + "); the closest passages below are from all letters."
	st.f = letters.Filter{}
	if st.passages, err = s.retrieve(ctx, st.q, st.vec, st.f, st.scorer, k); err != nil {
		return false, err
	}
	st.passages = st.passages[:min(len(st.passages), 5)]
	return true, nil
}

// anyDocument is f without its dates, kinds, documents and "latest": the
// council's documents of any date.
func anyDocument(f letters.Filter) letters.Filter {
	f.From, f.To, f.Kinds, f.DocumentIDs, f.Latest = nil, nil, nil, nil, false
	return f
}

// retrieveKeeping retrieves st's question under g and keeps, in rank
// order, at most k of the passages that keep holds for, ranked anew.
func (s *Service) retrieveKeeping(ctx context.Context, st *askState, g letters.Filter, k int, keep func(letters.Passage) bool) ([]letters.Passage, error) {
	ps, err := s.retrieve(ctx, st.q, st.vec, g, st.scorer, rerankPool)
	if err != nil {
		return nil, err
	}
	var kept []letters.Passage
	for _, p := range ps {
		if len(kept) < k && keep(p) {
			p.Rank = len(kept) + 1
			kept = append(kept, p)
		}
	}
	return kept, nil
}

// reportedLater answers from later documents a question whose year's own
// documents do not answer it: letters and papers report a year's events
// in the next year's documents ("During 2023, 17 care leavers were placed
// in bed and breakfast accommodation", in a letter of February 2024). When
// the year filter came from the question, the council's passages of
// documents dated after the year that name it on the question's topic
// (yearSentence) are tried; ok reports that they answer (st then holds
// them, with a notice saying so). Otherwise st is as it was. Only a
// refusal is retried: a question its year's documents answer keeps them.
func (s *Service) reportedLater(ctx context.Context, st *askState, k int) (ok bool, err error) {
	if !st.req.Filter.IsZero() || st.f.To == nil || len(st.f.DocumentIDs) > 0 || len(st.q.Years) == 0 ||
		len(st.scorer.Unknown) > 0 || len(st.scorer.OffTopic()) > 0 {
		return false, nil
	}
	last := strconv.Itoa(slices.Max(st.q.Years))
	g := anyDocument(st.f)
	kept, err := s.retrieveKeeping(ctx, st, g, k, func(p letters.Passage) bool {
		return len(p.Document.Date) >= 4 && p.Document.Date[:4] > last && st.scorer.yearParagraph(p.Text, st.q.Years)
	})
	if err != nil {
		return false, err
	}
	if len(kept) == 0 {
		return false, nil
	}
	saved, an := *st, *st.an
	st.relax(g, kept, "No passage of the letters dated "+yearsText(st.q.Years)+" answers this; this answer is from later letters that report it.")
	if _, refused := s.checkAnswerable(st); refused {
		*st, *st.an = saved, an
		return false, nil
	}
	return true, nil
}

// detailDepth is how many of the best passages a requested detail is
// looked for in: those the answer would be made from.
const detailDepth = 5

// checkAnswerable refuses (ok true) when the question names something no
// letter mentions, when no passage covers enough of it, or when it asks
// for a detail (a percentage, a sum, a count, a date) that no sentence on its
// topic in the best passages states.
func (s *Service) checkAnswerable(st *askState) (letters.Result, bool) {
	_, bestPara := st.scorer.rankSentences(st.passages)
	bestPara = st.scorer.partsCoverage(st.passages, bestPara)
	if len(st.scorer.Unknown) > 0 {
		st.notice = "The letters do not mention " + strings.Join(st.scorer.Unknown, ", ") + "."
		return s.refusal(st, st.tRetrieve), true
	}
	if off := st.scorer.OffTopic(); len(off) > 0 && withoutShortNamed(st.f, st.q.ShortNamed).IsZero() {
		// off the letters' subject: nothing asked about is in any of them
		st.notice = "The letters do not mention " + strings.Join(off, ", ") + "."
		return s.refusal(st, st.tRetrieve), true
	}
	if st.countList > 0 {
		// the letter's own list of what is counted, under a heading
		// naming it: the answer counts it
		return letters.Result{}, false
	}
	if len(st.passages) == 0 || bestPara < s.cfg.MinCoverage {
		st.notice = ""
		return s.refusal(st, st.tRetrieve), true
	}
	if !anotherPerson(st.q, st.passages[:min(len(st.passages), detailDepth)]) {
		st.notice = "The passages found do not name anyone else for this."
		return s.refusal(st, st.tRetrieve), true
	}
	if d := requestedDetail(st.q); d != nil && !st.scorer.detailStated(d, st.passages[:min(len(st.passages), detailDepth)]) {
		st.notice = "The passages found do not give " + d.name + " for this."
		return s.refusal(st, st.tRetrieve), true
	}
	return letters.Result{}, false
}

// draft asks the answerer, streaming; a model whose answer fails or cites
// no retrieved paragraph is replaced by the extractive answerer, saying so.
func (s *Service) draft(ctx context.Context, st *askState) (Draft, error) {
	in := AnswerInput{Question: st.rewritten, Analysis: st.an, Query: st.q, Passages: st.passages, Scorer: st.scorer, CountList: st.countList}
	var stream *MarkerStream
	if st.req.OnToken != nil {
		stream = NewMarkerStream(len(st.passages), st.req.OnToken)
		in.OnToken = stream.Write
	}
	draft, err := st.ans.Answer(ctx, in)
	if err == nil && !draft.Refused && len(ParseMarkers(draft.Text)) == 0 {
		err = fmt.Errorf("%w: %w", letters.ErrProviderFailed, answerProblem("the answer cites no paragraph"))
	}
	if err == nil && !draft.Refused {
		if !citesRetrieved(draft.Text, len(st.passages)) {
			err = fmt.Errorf("%w: %w", letters.ErrProviderFailed, answerProblem("the answer cites no retrieved paragraph"))
		}
	}
	if err != nil && st.ans.Name() != "extractive" && ctx.Err() == nil {
		s.log.Warn("answerer failed; falling back to extractive", "answerer", st.ans.Name(), "err", err)
		st.notice = "The language model could not answer (" + shortErr(err) + "); this answer is made of the letters' own sentences."
		if st.req.OnReset != nil {
			st.req.OnReset()
		}
		if st.req.OnToken != nil {
			stream = NewMarkerStream(len(st.passages), st.req.OnToken)
			in.OnToken = stream.Write
		}
		draft, err = s.extract.Answer(ctx, in)
		st.ans = s.extract
	}
	if err != nil {
		return Draft{}, err
	}
	if stream != nil {
		stream.Flush()
	}
	return draft, nil
}

// citedResult is the result of a draft: its citations checked against the
// paragraphs they cite, sentence by sentence.
func (s *Service) citedResult(st *askState, draft Draft) letters.Result {
	text, cits, dropped, unsupported := check(draft.Text, st.passages, s.analysis)
	if unsupported > 0 && st.notice == "" {
		st.notice = "Some statements are not supported by the paragraphs they cite; they are marked."
	}
	if st.notice == "" {
		st.notice = placeNotice(st.q, st.f, cits)
	}
	res := letters.Result{
		Question: st.question, Answer: text, Citations: cits, Sentences: checkSentences(text, cits, s.analysis), Passages: st.passages,
		DroppedMarkers: dropped, Unsupported: unsupported, Notice: st.notice,
		Record: s.record(st.ans.Name(), draft, st.version, st.rewritten, st.question, st.f, st.passages),
	}
	res.Timings = letters.Timings{RetrieveMS: ms(st.tRetrieve), AnswerMS: ms(time.Since(st.t0) - st.tRetrieve), TotalMS: ms(time.Since(st.t0))}
	return res
}

// placeNotice says, when a question about "the city" or "the county"
// names no council and the answer quotes several of that kind, which
// councils it quotes: board members must not take one council's finding
// for another's.
func placeNotice(q Query, f letters.Filter, cits []letters.Citation) string {
	if q.PlaceKind == "" || len(f.Authorities) > 0 {
		return ""
	}
	var quoted []string
	for _, c := range cits {
		if a := c.Document.Authority; OfPlaceKind(a, q.PlaceKind) && !slices.Contains(quoted, a) {
			quoted = append(quoted, a)
		}
	}
	if len(quoted) < 2 {
		return ""
	}
	slices.Sort(quoted)
	list := strings.Join(quoted[:len(quoted)-1], ", ") + " and " + quoted[len(quoted)-1]
	return "“The " + q.PlaceKind + "” names no one council here: this answer quotes " + list + ". Name the council to narrow it."
}

// refusal is the refusal of st with its notice and closest passages.
func (s *Service) refusal(st *askState, tRetrieve time.Duration) letters.Result {
	return s.refuse(st.question, st.rewritten, st.notice, st.passages, st.ans, st.version, st.f, st.t0, tRetrieve)
}

// retrieve runs hybrid retrieval and reranks. A comparison across
// authorities, years or latest letters retrieves each side on its own and
// interleaves them, so that one letter cannot crowd out the other.
func (s *Service) retrieve(ctx context.Context, q Query, vec []float32, f letters.Filter, scorer *Scorer, k int) ([]letters.Passage, error) {
	groups := splitFilter(f, q)
	if len(groups) < 2 {
		ps, err := s.search(ctx, scorer, vec, f)
		if err != nil {
			return nil, err
		}
		if ps, err = s.withFrontMatter(ctx, q, ps); err != nil {
			return nil, err
		}
		return Rerank(scorer, ps, k), nil
	}
	lists := make([][]letters.Passage, len(groups))
	for i, g := range groups {
		ps, err := s.search(ctx, scorer, vec, g)
		if err != nil {
			return nil, err
		}
		if len(ps) == 0 && len(f.Authorities) > 1 && (g.From != nil || g.To != nil) && (q.Asked.From != nil || q.Asked.To != nil) {
			// "Tarrowshire at its 2023 inspection or Greavesley at its
			// focused visit": the question's year may be one side's
			// only; a council with no document in it is searched in all
			// its documents
			g.From, g.To = nil, nil
			if ps, err = s.search(ctx, scorer, vec, g); err != nil {
				return nil, err
			}
		}
		if ps, err = s.withFrontMatter(ctx, q, ps); err != nil {
			return nil, err
		}
		lists[i] = Rerank(scorer, ps, k)
	}
	return interleave(keepPlaceKind(lists, q.PlaceKind), k), nil
}

// keepPlaceKind drops, for a question about "the city" or "the county",
// the passages of councils of another kind from sides searched apart
// (each council's latest letter), as Rerank does within one search:
// only when some side holds a council of the asked kind.
func keepPlaceKind(lists [][]letters.Passage, kind string) [][]letters.Passage {
	if kind == "" || !slices.ContainsFunc(lists, func(l []letters.Passage) bool {
		return slices.ContainsFunc(l, func(p letters.Passage) bool { return OfPlaceKind(p.Document.Authority, kind) })
	}) {
		return lists
	}
	out := make([][]letters.Passage, 0, len(lists))
	for _, l := range lists {
		out = append(out, slices.DeleteFunc(slices.Clone(l), func(p letters.Passage) bool { return notOfPlaceKind(p.Document.Authority, kind) }))
	}
	return out
}

// frontDocs is how many of the best candidates' documents a question about
// a document's own facts adds the front matter of.
const frontDocs = 3

// withFrontMatter adds to the candidates of a question about a document's
// own facts ("Who was the letter addressed to?") the front matter of the
// documents the best candidates stand in: a letterhead shares few words
// with such a question, so the search seldom finds it. Rerank decides
// whether it answers.
func (s *Service) withFrontMatter(ctx context.Context, q Query, ps []letters.Passage) ([]letters.Passage, error) {
	if !q.AsksDocumentFacts() || len(ps) == 0 {
		return ps, nil
	}
	var ids []int64
	for _, p := range ps {
		if IsFrontMatter(p) {
			continue
		}
		if !slices.Contains(ids, p.DocumentID) {
			ids = append(ids, p.DocumentID)
		}
		if len(ids) == frontDocs {
			break
		}
	}
	fm, err := s.store.FrontMatter(ctx, ids)
	if err != nil {
		return nil, err
	}
	low := ps[len(ps)-1].Score
	for _, f := range fm {
		if slices.ContainsFunc(ps, func(p letters.Passage) bool { return p.ID == f.ID }) {
			continue
		}
		f.Score = low // found by its document, not by the search: the fused score of the last candidate
		ps = append(ps, f)
	}
	return ps, nil
}

// interleave merges the sides' ranked passages, k at most: round by
// round each side's next best, the better-scored first within a round (a
// passage in two lists once).
func interleave(lists [][]letters.Passage, k int) []letters.Passage {
	var out []letters.Passage
	seen := map[int64]bool{}
	for r := 0; len(out) < k; r++ {
		// each side's r-th best, the better-scored sides first: every side
		// is heard, and the side that answers best leads
		var round []letters.Passage
		more := false
		for _, l := range lists {
			if r < len(l) {
				more = true
				if !seen[l[r].ID] {
					seen[l[r].ID] = true
					round = append(round, l[r])
				}
			}
		}
		if !more {
			break
		}
		sort.SliceStable(round, func(i, j int) bool { return round[i].Score > round[j].Score })
		for _, p := range round {
			if len(out) < k {
				p.Rank = len(out) + 1
				out = append(out, p)
			}
		}
	}
	return out
}

// splitFilter returns one filter per side of a comparison: per authority
// when several are named, else per year when several are named, else per
// latest document; nil when the question compares nothing.
func splitFilter(f letters.Filter, q Query) []letters.Filter {
	var out []letters.Filter
	switch {
	case len(f.Authorities) > 1:
		for _, a := range f.Authorities {
			g := f
			g.Authorities = []string{a}
			out = append(out, g)
		}
	case len(q.Years) > 1 && len(f.DocumentIDs) == 0:
		seen := map[int]bool{}
		for _, y := range q.Years {
			if seen[y] {
				continue
			}
			seen[y] = true
			g := f
			from := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
			to := time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC)
			g.From, g.To = &from, &to
			out = append(out, g)
		}
	case f.Latest && len(f.DocumentIDs) > 1:
		for _, id := range f.DocumentIDs {
			g := f
			g.DocumentIDs = []int64{id}
			out = append(out, g)
		}
	}
	return out
}

// addresseeWeight is what a letterhead gains in the reranker when the
// question asks to whom the letter was addressed or sent.
const addresseeWeight = 0.5

// rerankPool is how many fused candidates the reranker sees.
const rerankPool = 30

// stanceHeadingWeight is what a passage gains in the reranker when it
// stands under the heading a question's stance asks for: "What was the
// council told it needs to improve?" is answered by the list under the
// report's "What needs to improve?" (strengths likewise), whose bullets
// share few of the question's words (dev2 sweep 0.1 / 0.2 / 0.3: recall@5
// .786 / .832 / .843; test mrr fell at 0.3).
const stanceHeadingWeight = 0.2

// monthWeight is what a passage gains in the reranker when its document
// is dated in a month the question names (Query.Months).
const monthWeight = 0.1

// Rerank orders fused candidates by the idf-weighted coverage of the query
// (the lexical signal Postgres full-text ranking lacks) blended with their
// fused rank, and keeps the best k.
func Rerank(s *Scorer, passages []letters.Passage, k int) []letters.Passage {
	if len(passages) == 0 {
		return passages
	}
	top := passages[0].Score
	type scored struct {
		p letters.Passage
		v float64
	}
	xs := make([]scored, 0, len(passages))
	facts := s.q.AsksDocumentFacts()
	// who holds the post now: a council's latest letterhead names them,
	// its earlier letterheads their predecessors (a question about who
	// held it before keeps them all)
	latestHead := map[string]string{}
	if s.q.AsksAddressee() && !reAddressee.MatchString(s.q.Text) && !rePastHolder.MatchString(s.q.Text) {
		for _, p := range passages {
			if p.Section == "Letterhead" && p.Document.Authority != "" && p.Document.Date > latestHead[p.Document.Authority] {
				latestHead[p.Document.Authority] = p.Document.Date
			}
		}
	}
	// when a letter was dated or sent: the letterhead of the letter that
	// answers best, not of every candidate's letter
	dateDoc := int64(-1)
	if s.q.AsksLetterDate() && !s.q.AsksAddressee() {
		best := -1.0
		for _, p := range passages {
			if IsFrontMatter(p) {
				continue
			}
			if v := 0.7*s.withHeading(p, s.Coverage(s.stems(p.Text))) + 0.3*p.Score/top; v > best {
				best, dateDoc = v, p.DocumentID
			}
		}
	}
	// "the city" with several cities in the corpus: a passage from a
	// council of another kind (a county, a borough) is not about it, when
	// a city is among the candidates (and likewise "the county")
	visitsDated := s.q.AsksVisitDates()
	kind := s.q.PlaceKind
	if kind != "" && !slices.ContainsFunc(passages, func(p letters.Passage) bool {
		return OfPlaceKind(p.Document.Authority, kind)
	}) {
		kind = ""
	}
	for _, p := range passages {
		if p.Section == "Letterhead" && p.Document.Authority != "" && p.Document.Date != "" && latestHead[p.Document.Authority] > p.Document.Date {
			continue
		}
		if kind != "" && notOfPlaceKind(p.Document.Authority, kind) {
			continue
		}
		if p.Label == letters.SignatureLabel && !s.q.AsksSigner() {
			// who signed a letter answers that question only
			continue
		}
		if IsFrontMatter(p) && s.q.WantWho && !s.q.WantWhen && !s.q.Duration && len(personNames(p.Text)) == 0 {
			// who-questions are answered by a name: a letterhead or
			// minutes' front matter naming no one (where and when a
			// meeting was held) does not answer one
			continue
		}
		letterDate := IsFrontMatter(p) && s.q.AsksLetterDate() && (dateDoc < 0 || p.DocumentID == dateDoc)
		// when a visit was, how long it took or how long passed between
		// two: a letter's opening and a report's "Inspection dates:" line
		visitDates := visitsDated && (reOpening.MatchString(p.Text) || reVisitDatesLine.MatchString(p.Text))
		if IsFrontMatter(p) && (!facts || !slices.Contains(s.matches(s.stems(p.Text)), true) && !(p.Section == "Letterhead" && s.q.AsksAddressee()) && !letterDate && !visitDates) {
			// a letterhead or front sheet says who and when, nothing more,
			// and answers only a question that shares a word with it
			continue
		}
		cov := s.Coverage(s.stems(p.Text))
		cov = s.withHeading(p, cov)
		v := 0.7*cov + 0.3*p.Score/top
		if p.Section == "Letterhead" && s.q.AsksAddressee() || letterDate {
			v += addresseeWeight // to whom a letter went, and when, is what its letterhead says
		}
		if visitDates {
			v += addresseeWeight
		}
		if p.Label == letters.SignatureLabel && s.q.AsksSigner() {
			v += addresseeWeight // who signed a letter is what its signature says
		}
		if len(s.q.Months) > 0 && datedIn(p.Document, s.q.Months) {
			v += monthWeight
		}
		if s.q.Stance != "" && stanceMatch(s.q.Stance, 0, p.Section) == 1 {
			v += stanceHeadingWeight
		}
		xs = append(xs, scored{p, v})
	}
	sort.SliceStable(xs, func(i, j int) bool { return xs[i].v > xs[j].v })
	out := make([]letters.Passage, 0, min(k, len(xs)))
	for i := 0; i < len(xs) && i < k; i++ {
		p := xs[i].p
		p.Rank = i + 1
		p.Score = math.Round(xs[i].v*10000) / 10000
		out = append(out, p)
	}
	return out
}

// RefusalText is the plain sentence of a refused answer.
const RefusalText = "The letters do not answer this question."

func (s *Service) refuse(question, rewritten, notice string, passages []letters.Passage, ans Answerer, version string, f letters.Filter, t0 time.Time, tr time.Duration) letters.Result {
	text := RefusalText
	if notice != "" {
		text += " " + notice
	}
	if len(passages) > 0 && !strings.Contains(notice, "closest passages") {
		text += " The closest passages are shown below."
	}
	if len(passages) > 5 {
		passages = passages[:5]
	}
	r := letters.Result{Question: question, Answer: text, Refused: true, Citations: []letters.Citation{}, Passages: passages,
		Record: s.record(ans.Name(), Draft{}, version, rewritten, question, f, passages)}
	r.Timings = letters.Timings{RetrieveMS: ms(tr), AnswerMS: ms(time.Since(t0) - tr), TotalMS: ms(time.Since(t0))}
	return r
}

func (s *Service) record(answerer string, d Draft, version, rewritten, question string, f letters.Filter, passages []letters.Passage) letters.Record {
	r := letters.Record{Answerer: answerer, Model: d.Model, PromptVersion: d.PromptVersion, Embedder: s.embedName,
		CorpusVersion: version, Filter: f}
	if rewritten != question {
		r.RewrittenQuery = rewritten
	}
	for _, p := range passages {
		r.Retrieved = append(r.Retrieved, letters.RetrievedRef{ParagraphID: p.ID, Key: p.Key, Score: p.Score})
	}
	return r
}

// Search returns passages for a query without answering.
func (s *Service) Search(ctx context.Context, text string, f letters.Filter, k int) ([]letters.Passage, error) {
	sq, scorer, err := s.Query(ctx, text, f)
	if err != nil {
		return nil, err
	}
	if k <= 0 {
		k = s.cfg.K
	}
	sq.Filter.Authorities = withAliases(sq.Filter.Authorities, scorer.aliases)
	ps, err := s.store.Search(ctx, sq)
	if err != nil {
		return nil, err
	}
	canonical(ps, scorer.aliases)
	return Rerank(scorer, ps, k), nil
}

// Query is the store query Search runs for text (question filters merged
// into f), with the scorer that reranks its results.
func (s *Service) Query(ctx context.Context, text string, f letters.Filter) (letters.SearchQuery, *Scorer, error) {
	ci, version, err := s.info(ctx)
	if err != nil {
		return letters.SearchQuery{}, nil, err
	}
	pq, err := s.prepare(ctx, text, f, ci, version)
	if err != nil {
		return letters.SearchQuery{}, nil, err
	}
	return s.searchQuery(pq.scorer, pq.vec, pq.f), pq.scorer, nil
}

// prepared is a question ready to search: parsed, its filters merged with
// the caller's and "latest" resolved to documents, embedded, and the scorer
// that reranks what is found.
type prepared struct {
	q      Query
	f      letters.Filter
	vec    []float32
	scorer *Scorer
}

func (s *Service) prepare(ctx context.Context, text string, caller letters.Filter, ci corpusInfo, version string) (prepared, error) {
	q := Parse(text, ci.authorities, ci.glossary)
	f := mergeFilter(caller, q.Filter)
	if f.Latest {
		ids, err := s.store.LatestDocuments(ctx, f)
		if err != nil {
			return prepared{}, err
		}
		if len(ids) > 0 && len(f.DocumentIDs) == 0 {
			f.DocumentIDs = ids
		}
	}
	q.Filter = f
	st, err := s.termStats(ctx, q, version)
	if err != nil {
		return prepared{}, err
	}
	scorer := NewScorer(q, st)
	scorer.shared, scorer.aliases = s.analysis, ci.aliases
	vec, err := s.embedder.EmbedQuery(ctx, q.EmbedText())
	if err != nil {
		return prepared{}, fmt.Errorf("embed question: %w: %w", letters.ErrProviderFailed, err)
	}
	return prepared{q: q, f: f, vec: vec, scorer: scorer}, nil
}

// searchQuery is the store query for a prepared question under filter f.
func (s *Service) searchQuery(scorer *Scorer, vec []float32, f letters.Filter) letters.SearchQuery {
	return letters.SearchQuery{Any: scorer.AnyTerms(), All: scorer.AllTerms(), Near: scorer.NearTerms(),
		NearHits: scorer.NearHits(), Paragraphs: int64(scorer.paragraphs), Vector: vec, Filter: f, K: rerankPool, Depth: s.cfg.Depth}
}

func (s *Service) currentVersion() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.version
}

// mergeFilter: what the caller set wins; what the question names fills the rest.
func mergeFilter(caller, parsed letters.Filter) letters.Filter {
	f := caller
	if len(f.Authorities) == 0 {
		f.Authorities = parsed.Authorities
	}
	if len(f.Kinds) == 0 {
		f.Kinds = parsed.Kinds
	}
	if f.From == nil && f.To == nil {
		f.From, f.To = parsed.From, parsed.To
	}
	f.Latest = f.Latest || parsed.Latest
	return f
}

// briefingPerSection: bullets per section when the chat answers with a
// briefing (the Briefing page and `letters brief` give them all).
const briefingPerSection = 2

// briefingStancePerSection: bullets when a summary asks for one side only
// (weaknesses or strengths) and the briefing shows just that section.
const briefingStancePerSection = 6

// stanceSection is the briefing section that answers an ask's stance.
var stanceSection = map[string]string{"weak": SectionImprove, "strong": SectionStrengths}

// reTimeline asks for a council's timeline; reCompareDocs asks to compare
// two documents (visits, letters) as wholes, not a topic across them.
var (
	reTimeline    = regexp.MustCompile(`(?i)\btimeline\b|\bchronolog`)
	reCompareDocs = regexp.MustCompile(`(?i)\b(?:compare|changed?|differ\w*)\b.*\b(?:last|latest|previous|two)\b.*\b(?:two|both)?\s*(?:visits|letters|inspections|documents)\b`)
)

// reJudgementsAsk asks for a council's judgements as a whole: their
// grades, ratings or judgements (plural), or every one of them.
var reJudgementsAsk = regexp.MustCompile(`(?i)\b(?:judgements|judgments|grades|ratings)\b|\b(?:every|all|each)\s+(?:of\s+(?:the|its|their)\s+)?(?:\w+\s+){0,2}(?:judgements?|judgments?|grades?|ratings?)\b`)

// councilAnswer answers a question about one council with its briefing
// (a summary question), its timeline, or the what-changed comparison of
// its latest two documents of a kind; false for any other question, or
// when there is nothing to show (it is then answered as any other).
func (s *Service) councilAnswer(ctx context.Context, question string, an *letters.Analysis, q Query, f letters.Filter) (letters.Result, bool) {
	council := f.Authorities[0]
	var res letters.Result
	var err error
	switch {
	case reTimeline.MatchString(q.Ask):
		var tl Timeline
		if tl, err = s.Timeline(ctx, council); err == nil {
			res = TimelineResult(question, tl)
		}
	case (reCompareDocs.MatchString(q.Ask) || q.OnlyChange) && len(q.Years) == 0:
		// "what changed between its last two visits", or "what has changed
		// at X?" with no topic: its latest two documents compared
		var ch Changes
		if ch, err = s.Changes(ctx, ChangesRequest{Council: council}); err == nil {
			res = ChangesResult(question, ch)
		}
	case reJudgementsAsk.MatchString(q.Ask) && !q.Define:
		// "list every judgement from X's full inspection", "what grades
		// did X get?": Ofsted's judgement table, row by row, read as the
		// briefing reads it (its rows name the area and the grade, not
		// the word "judgement")
		var br Briefing
		if br, err = s.Brief(ctx, BriefRequest{Council: council, From: f.From, To: f.To}); err == nil {
			res = BriefingResult(question, br.Focus(SectionJudgements, 0), 0)
		}
	case an.Kind == "summary" || q.Topicless():
		// "what did Ofsted say about X?", "what did inspectors find at
		// X's January 2025 visit?": no topic but the council (and its
		// visit): its briefing, or that visit's
		an.Kind = "summary"
		var br Briefing
		// "summarise the 2024 monitoring visit": the documents of the
		// kind it names, when the council has one in the period
		req := BriefRequest{Council: council, From: f.From, To: f.To, Kinds: f.Kinds}
		if len(f.Kinds) > 0 && !s.hasKind(ctx, req) {
			req.Kinds = nil
		}
		if f.Latest && len(f.DocumentIDs) == 1 {
			// "the latest letter": a briefing on that document, not on
			// every document of the council
			req.Document = strconv.FormatInt(f.DocumentIDs[0], 10)
		} else if id, ok := s.monthDocument(ctx, council, q.Months); ok {
			// "the January 2025 visit": the one document it names
			req.Document = strconv.FormatInt(id, 10)
		} else if id, ok := s.ordinalDocument(ctx, council, q.Ordinals); ok {
			// "sum up the first monitoring visit": the letter of that visit
			req.Document = strconv.FormatInt(id, 10)
		} else if id, ok := s.kindDocument(ctx, council, f); ok && q.Topicless() {
			// "what did the 2025 focused visit find?": the latest of
			// that kind in the period
			req.Document = strconv.FormatInt(id, 10)
		}
		if br, err = s.Brief(ctx, req); err == nil {
			per := briefingPerSection
			if sec := stanceSection[q.Stance]; sec == "" && len(br.Documents) == 1 && br.headed(SectionHeadline, reHeadlineHeading) {
				// a summary of one letter: its own headline findings (and
				// an inspection report's judgements); a document without a
				// "Headline findings" heading gets the whole briefing
				keep := ""
				if br.Documents[0].Kind == letters.KindInspection {
					keep = SectionJudgements
				}
				br = br.Focus(keep, sectionCap[SectionHeadline])
				per = sectionCap[SectionHeadline]
			} else if sec != "" {
				// "what should we be most worried about", "summarise the
				// positives": the one section that answers it, in full,
				// without the headline findings (which may say the
				// opposite)
				br = br.Focus(sec, 0)
				per = briefingStancePerSection
			}
			res = BriefingResult(question, br, per)
		}
	default:
		return letters.Result{}, false
	}
	if err != nil {
		s.log.Debug("council answer failed; answering as usual", "err", err)
		return letters.Result{}, false
	}
	if res.Refused {
		return letters.Result{}, false
	}
	res.Sentences = checkSentences(res.Answer, res.Citations, s.analysis)
	return res, true
}

// monthDocument is the one document of the council dated in one of the
// months (by its own date or its visit's); false when none or several are.
func (s *Service) monthDocument(ctx context.Context, council string, months []YearMonth) (int64, bool) {
	if len(months) == 0 {
		return 0, false
	}
	return s.oneDocument(ctx, council, func(d letters.Document) bool { return datedIn(visitRef(d), months) })
}

// ordinalDocument is the one letter of council's numbered monitoring visit
// the question asks about ("the first monitoring visit"): the letter that
// numbers itself so ("This visit was the first monitoring visit since …").
func (s *Service) ordinalDocument(ctx context.Context, council string, ordinals []int) (int64, bool) {
	if len(ordinals) != 1 {
		return 0, false
	}
	return s.oneDocument(ctx, council, func(d letters.Document) bool {
		return d.Kind == letters.KindMonitoringVisit && visitOrdinal(reOwnOrdinal, d.Body) == ordinals[0]
	})
}

// oneDocument is the one document of the council that keep holds for;
// false when none or several do, or the store cannot list them.
func (s *Service) oneDocument(ctx context.Context, council string, keep func(letters.Document) bool) (int64, bool) {
	src, ok := s.store.(BriefStore)
	if !ok {
		return 0, false
	}
	docs, err := src.CouncilDocuments(ctx, council)
	if err != nil {
		return 0, false
	}
	var found []int64
	for _, d := range docs {
		if keep(d) {
			found = append(found, d.ID)
		}
	}
	if len(found) != 1 {
		return 0, false
	}
	return found[0], true
}

// visitRef is d's reference with the dates of the visit it reports, as
// datedIn reads them.
func visitRef(d letters.Document) letters.DocRef {
	r := ref(d)
	if d.VisitStart != nil {
		r.VisitStart = d.VisitStart.Format("2006-01-02")
	}
	if d.VisitEnd != nil {
		r.VisitEnd = d.VisitEnd.Format("2006-01-02")
	}
	return r
}

// ordinalVisit narrows a question about one council's numbered
// monitoring visit ("What did inspectors look at on Ravenmoor City's first
// monitoring visit?") to the documents about that visit: the letter that
// says "This was the first monitoring visit since …" and a council paper
// reporting "the findings of Ofsted's first monitoring visit". When the
// council's letters count only up to an earlier visit, the one asked about
// is not held: it returns the notice saying so, and the question is
// refused (showing the closest passages).
func (s *Service) ordinalVisit(ctx context.Context, st *askState) (beyond string) {
	asked := st.q.Ordinals
	if len(asked) == 0 {
		return ""
	}
	council, docs, ok := s.oneCouncilDocuments(ctx, st)
	if !ok {
		return ""
	}
	var ids []int64
	most := 0 // the highest visit the council's own letters number
	mentioned := false
	var speaksOf *regexp.Regexp
	if len(asked) == 1 {
		speaksOf = visitMention(asked[0])
	}
	for _, d := range docs {
		if speaksOf != nil && speaksOf.MatchString(d.Body) {
			mentioned = true
		}
		own := visitOrdinal(reOwnOrdinal, d.Body)
		if own == 0 {
			continue
		}
		if slices.Contains(asked, own) {
			ids = append(ids, d.ID)
		}
		if d.Kind == letters.KindMonitoringVisit {
			most = max(most, own)
		}
	}
	switch {
	case len(ids) > 0:
		st.narrowTo(ids, false)
		return ""
	case most > 0 && len(asked) == 1 && asked[0] > most && !(mentioned && asksFuture(st.q)):
		// (a later visit a paper looks forward to answers when it is due,
		// not what it found)
		return fmt.Sprintf("The letters held for %s go up to its %s monitoring visit; none is of the %s.", council, ordinalWord(most), ordinalWord(asked[0]))
	case most > 0 && len(asked) == 1 && !mentioned:
		// the council's letters number its visits, and none of its
		// documents is of the one asked about or speaks of it
		return fmt.Sprintf("No document held for %s is of its %s monitoring visit or mentions it.", council, ordinalWord(asked[0]))
	}
	return ""
}

// reMonthVisit: the ask names a visit or an inspection by its month ("the
// November 2023 monitoring visit", "the visit in March 2024").
var reMonthVisit = regexp.MustCompile(`(?i)\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?),? (?:19|20)\d{2} (?:monitoring |focused |ofsted |full )?(?:visit|inspection)\b|\b(?:visit|inspection) (?:in|of) (?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?),? (?:19|20)\d{2}\b`)

// monthVisit narrows a question about one council's visit named by its
// month ("What did the November 2023 monitoring visit conclude?") when no
// document of the council is dated in that month, or is of a visit in it:
// to the documents that speak of that month (a board paper reporting the
// visit). When none does, the visit is not held: it returns the notice
// saying so, and the question is refused (showing the closest passages).
// A document dated in the month is found by the month's ranking
// preference (monthWeight), as before.
func (s *Service) monthVisit(ctx context.Context, st *askState) (notHeld string) {
	ms := months(reMonthVisit.FindString(st.q.Ask))
	if len(ms) != 1 {
		return ""
	}
	council, docs, ok := s.oneCouncilDocuments(ctx, st)
	if !ok {
		return ""
	}
	var ids []int64
	for _, d := range docs {
		if datedIn(visitRef(d), ms) {
			return "" // the month's own document: ranked first already
		}
		if reportsVisitIn(d.Body, ms[0]) {
			ids = append(ids, d.ID)
		}
	}
	if len(ids) > 0 {
		st.narrowTo(ids, true) // (a board paper of a later year reports it)
		return ""
	}
	return fmt.Sprintf("No document held for %s is of a visit in %s or reports one.", council, ms[0].Month.String()+" "+strconv.Itoa(ms[0].Year))
}

// afterEveryDocument refuses a question about what happened in a month
// (one council's; "What did the report show when it came back to the
// committee in September 2025?") that is later than every document held
// for the council: a letter, paper or minutes cannot report what came
// after it was written. A question looking forward ("what is planned for
// September 2025?", "when will …", "what is the target for agency staff
// by March 2026?", "the forecast overspend at the end of March 2026") is
// left to the passages: documents say what they expect.
func (s *Service) afterEveryDocument(ctx context.Context, st *askState) (notHeld string) {
	ms := months(st.q.Ask)
	if len(ms) == 0 || reLooksForward.MatchString(st.q.Ask) || asksFuture(st.q) {
		return ""
	}
	first := ms[0]
	for _, m := range ms[1:] {
		if m.Year < first.Year || m.Year == first.Year && m.Month < first.Month {
			first = m
		}
	}
	start := time.Date(first.Year, first.Month, 1, 0, 0, 0, 0, time.UTC)
	council, docs, ok := s.oneCouncilDocuments(ctx, st)
	if !ok {
		return ""
	}
	var latest time.Time
	for _, d := range docs {
		if d.LetterDate == nil {
			return "" // a document of unknown date may be later
		}
		if d.LetterDate.After(latest) {
			latest = *d.LetterDate
		}
	}
	if !latest.Before(start) {
		return ""
	}
	return fmt.Sprintf("The latest document held for %s is dated %s, before %s: none can say what happened then.",
		council, latest.Format("2 January 2006"), first.Month.String()+" "+strconv.Itoa(first.Year))
}

// reLooksForward: an ask about what is to come.
var reLooksForward = regexp.MustCompile(`(?i)\b(?:will|shall|going to|due|expected|expect|planned|planning|scheduled|intends?|intended|next|upcoming|forthcoming|proposed|future|targets?|aims?|ambitions?|forecasts?|projected|projections?|trajectory|by|on track)\b`)

// reVisitWord: a sentence speaks of a visit or an inspection.
var reVisitWord = regexp.MustCompile(`(?i)\b(?:visit(?:s|ed)?|inspect(?:s|ed|ion|ions|ors?)?|re-?inspect(?:ed|ion)?|ofsted)\b`)

// reportsVisitIn reports whether body reports a visit in month m: a
// sentence naming the month also speaks of a visit, an inspection or
// Ofsted, as a paper reporting one does ("Ofsted's monitoring visit on 3
// and 4 February 2026 found …"); a month named for something else (a
// meeting, a plan's deadline: "the action plan will be reviewed in
// February 2026") is no evidence that a visit took place then.
func reportsVisitIn(body string, m YearMonth) bool {
	for _, sent := range Sentences(body) {
		if slices.Contains(months(sent), m) && reVisitWord.MatchString(sent) {
			return true
		}
	}
	return false
}

// reJointInspection: the ask is about a joint targeted area inspection,
// which Ofsted, the CQC and the police and probation inspectorates make of
// an area's partners together (a JTAI letter), not of a council alone.
var reJointInspection = regexp.MustCompile(`(?i)\bjoint targeted area inspections?\b|\bJTAIs?\b`)

// reSpeaksOfJoint: a document that is or speaks of one.
var reSpeaksOfJoint = regexp.MustCompile(`(?i)\bjoint targeted area inspection|\bJTAI\b|\bjoint inspection\b`)

// jointInspection narrows a question about one council's joint targeted
// area inspection to the documents that are or speak of one (the letter, a
// paper on the action plan, a press release); when none of the council's
// documents does, none is held for it, and the question is refused saying
// so (a JTAI of the city is not one of the county).
func (s *Service) jointInspection(ctx context.Context, st *askState) (notHeld string) {
	if !reJointInspection.MatchString(st.q.Ask) {
		return ""
	}
	council, docs, ok := s.oneCouncilDocuments(ctx, st)
	if !ok {
		return ""
	}
	var ids []int64
	for _, d := range docs {
		if reSpeaksOfJoint.MatchString(d.Title) || reSpeaksOfJoint.MatchString(d.Body) {
			ids = append(ids, d.ID)
		}
	}
	if len(ids) == 0 {
		return fmt.Sprintf("No document held for %s is of a joint targeted area inspection or mentions one.", council)
	}
	st.narrowTo(ids, false)
	return ""
}

// oneCouncilDocuments returns the documents of the one council a question
// names, for the steps that narrow it to some of them (a numbered visit, a
// visit named by its month, a JTAI); ok is false when the question names
// no council or several, the caller set a filter, a step already narrowed
// it, or the store cannot list them.
func (s *Service) oneCouncilDocuments(ctx context.Context, st *askState) (council string, docs []letters.Document, ok bool) {
	if len(st.f.Authorities) != 1 || !st.req.Filter.IsZero() || len(st.f.DocumentIDs) > 0 {
		return "", nil, false
	}
	src, isBrief := s.store.(BriefStore)
	if !isBrief {
		return "", nil, false
	}
	council = st.f.Authorities[0]
	if st.councilDocs != nil && st.councilDocsOf == council {
		// the checks before this one read them for this question already
		return council, st.councilDocs, len(st.councilDocs) > 0
	}
	docs, err := src.CouncilDocuments(ctx, council)
	if err != nil {
		s.log.Debug("council documents; question not narrowed", "council", council, "err", err)
		return "", nil, false
	}
	st.councilDocs, st.councilDocsOf = docs, council
	if st.councilDocs == nil {
		st.councilDocs = []letters.Document{}
	}
	return council, docs, len(docs) > 0
}

// narrowTo restricts st to the documents ids (of any kind; of any date too
// when anyDate), and says so in its analysis.
func (st *askState) narrowTo(ids []int64, anyDate bool) {
	st.f.DocumentIDs, st.f.Kinds = ids, nil
	if anyDate {
		st.f.From, st.f.To = nil, nil
	}
	st.an.Searched = searched(st.f)
}

// asksFuture reports whether q asks when something is to happen.
func asksFuture(q Query) bool {
	d := requestedDetail(q)
	return d != nil && d.name == "a future date"
}

// visitMention matches a document speaking of a council's nth monitoring
// visit: "the second monitoring visit", or a paper's list of them ("The
// second, in July 2024, looked at …").
func visitMention(n int) *regexp.Regexp {
	w := ordinalWord(n)
	return regexp.MustCompile(`(?i)\b` + w + `\s+monitoring\s+visit\b|\bthe\s+` + w + `,\s+in\b`)
}

// ordinalWord is n as "first", "second" … (ordinals).
func ordinalWord(n int) string {
	for w, v := range ordinals {
		if v == n && !strings.ContainsAny(w, "0123456789") {
			return w
		}
	}
	return strconv.Itoa(n) + "th"
}

// hasKind reports whether the council has a document of req's kinds in
// req's period (by its letter date or the visit it reports), as Brief
// would keep it.
func (s *Service) hasKind(ctx context.Context, req BriefRequest) bool {
	src, ok := s.store.(BriefStore)
	if !ok {
		return false
	}
	docs, err := src.CouncilDocuments(ctx, req.Council)
	if err != nil {
		s.log.Debug("council documents for a summary's kind; briefing every kind", "council", req.Council, "err", err)
		return false
	}
	return slices.ContainsFunc(docs, func(d letters.Document) bool {
		return slices.Contains(req.Kinds, d.Kind) && d.InPeriod(req.From, req.To)
	})
}

// kindDocument is the council's latest document of the kinds f names in
// f's period (if any; by its letter date or the visit it reports); false
// when f names no kind or none is found.
func (s *Service) kindDocument(ctx context.Context, council string, f letters.Filter) (int64, bool) {
	src, ok := s.store.(BriefStore)
	if !ok || len(f.Kinds) == 0 {
		return 0, false
	}
	docs, err := src.CouncilDocuments(ctx, council)
	if err != nil {
		return 0, false
	}
	var best *letters.Document
	for i := range docs {
		d := &docs[i]
		if !slices.Contains(f.Kinds, d.Kind) || d.LetterDate == nil || !d.InPeriod(f.From, f.To) {
			continue
		}
		if best == nil || d.LetterDate.After(*best.LetterDate) {
			best = d
		}
	}
	if best == nil {
		return 0, false
	}
	return best.ID, true
}

// analyse describes how a question was understood and searched.
func analyse(q Query, f letters.Filter, inherited bool) *letters.Analysis {
	a := &letters.Analysis{Ask: q.Ask, Premise: q.Premise, Kind: q.QuestionKind(), Councils: f.Authorities, DocumentKinds: f.Kinds,
		Years: q.Years, Latest: f.Latest, Inherited: inherited, Searched: searched(f)}
	if a.Ask == "" {
		a.Ask = q.Text
	}
	for _, m := range q.Months {
		a.Months = append(a.Months, m.Month.String()+" "+strconv.Itoa(m.Year))
	}
	a.Wants = q.wants()
	if q.PlaceKind != "" && len(f.Authorities) == 0 {
		a.Place = q.PlaceKind + " councils"
		if a.Searched == "all letters" {
			a.Searched = a.Place
		} else {
			a.Searched = a.Place + " · " + a.Searched
		}
	}
	return a
}

// searched is a filter for people: "Nottingham City · monitoring visit
// letters · 2026 · latest", or "all letters".
func searched(f letters.Filter) string {
	var parts []string
	if len(f.Authorities) > 0 {
		parts = append(parts, strings.Join(f.Authorities, " or "))
	}
	for _, k := range f.Kinds {
		label := strings.ToLower(letters.KindLabel(k))
		if !strings.HasSuffix(label, "s") { // "committee minutes" is plural already
			label += "s"
		}
		parts = append(parts, label)
	}
	switch {
	case f.From != nil && f.To != nil && f.From.Year() == f.To.Year():
		parts = append(parts, strconv.Itoa(f.From.Year()))
	case f.From != nil && f.To != nil:
		parts = append(parts, strconv.Itoa(f.From.Year())+"–"+strconv.Itoa(f.To.Year()))
	case f.From != nil:
		parts = append(parts, "from "+f.From.Format("2 January 2006"))
	case f.To != nil:
		parts = append(parts, "to "+f.To.Format("2 January 2006"))
	}
	if f.Latest {
		parts = append(parts, "latest")
	}
	if len(parts) == 0 {
		return "all letters"
	}
	return strings.Join(parts, " · ")
}

// reSince is an ask about what followed a year ("since the 2021
// inspection", "since 2019").
var reSince = regexp.MustCompile(`(?i)\bsince\b[^.?!]{0,40}\b(?:19|20)\d{2}\b`)

// mentionsYear reports whether text names one of the years (as a number
// of its own: not inside "202134").
func mentionsYear(text string, years []int) bool {
	for _, y := range years {
		ys := strconv.Itoa(y)
		for off := 0; ; {
			i := strings.Index(text[off:], ys)
			if i < 0 {
				break
			}
			i += off
			if (i == 0 || text[i-1] < '0' || text[i-1] > '9') && (i+4 == len(text) || text[i+4] < '0' || text[i+4] > '9') {
				return true
			}
			off = i + 1
		}
	}
	return false
}

// yearTopic is how much of the question a sentence naming the year must
// cover to answer for a year no document is dated in: half, as a sentence
// must to answer a part of a multi-part question (partAnswers). (0.3, the
// count check's share, answered one more unanswerable test question; dev
// does not tell the two apart.)
const yearTopic = 0.5

// yearParagraph reports whether text, a paragraph, names one of the years
// and is about what the question asks (it covers yearTopic of it): a
// later letter's report of the year ("During 2023, 17 care leavers were
// placed in bed and breakfast accommodation … The longest stay was nine
// weeks.") names the year in one sentence and answers in the next.
func (s *Scorer) yearParagraph(text string, years []int) bool {
	return mentionsYear(text, years) && s.exactCoverage(s.stems(text)) >= yearTopic
}

// yearSentence reports whether a sentence of text names one of the years
// and is about what the question asks (it covers yearTopic of it): the
// letter reports the year's event on the question's topic, not in passing.
func (s *Scorer) yearSentence(text string, years []int) bool {
	for _, sent := range Sentences(text) {
		if mentionsYear(sent, years) && s.exactCoverage(s.stems(sent)) >= yearTopic {
			return true
		}
	}
	return false
}

// yearsText is "in 2021" or "in 2021 or 2022".
func yearsText(years []int) string {
	var ys []string
	for _, y := range distinctYears(years) {
		ys = append(ys, strconv.Itoa(y))
	}
	return "in " + strings.Join(ys, " or ")
}

// relaxations of a filter inferred from a question: without the kind of
// document it named (a question's "report" or "letter" is loose wording,
// and kinds are parsed from documents imperfectly). Its council and period
// stay: a council no document covers is refused, with the closest
// passages shown; a period none is dated in is answered only from a later
// document that reports it, or after "since" from the documents after it
// (retrieveRelaxing), else refused the same way.
func relaxations(f letters.Filter) []letters.Filter {
	g := f
	g.DocumentIDs, g.Latest = nil, false
	if len(g.Kinds) == 0 {
		return nil
	}
	g.Kinds = nil
	return []letters.Filter{g}
}

func describeRelaxed(g letters.Filter) string {
	if g.IsZero() {
		return "all letters"
	}
	return describeFilter(g)
}

func describeFilter(f letters.Filter) string {
	var parts []string
	if len(f.Authorities) > 0 {
		parts = append(parts, strings.Join(f.Authorities, " or "))
	}
	if len(f.Kinds) > 0 {
		var ks []string
		for _, k := range f.Kinds {
			ks = append(ks, strings.ToLower(letters.KindLabel(k)))
		}
		parts = append(parts, strings.Join(ks, " or "))
	}
	if f.From != nil || f.To != nil {
		from, to := "", ""
		if f.From != nil {
			from = f.From.Format("2 Jan 2006")
		}
		if f.To != nil {
			to = f.To.Format("2 Jan 2006")
		}
		parts = append(parts, "dated "+strings.TrimSpace(from+" – "+to))
	}
	return strings.Join(parts, ", ")
}

func shortErr(err error) string {
	var p answerProblem
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return "timed out"
	case errors.As(err, &p):
		return string(p)
	case errors.Is(err, letters.ErrProviderFailed):
		// the provider's own text can name internal URLs and hosts: it
		// goes to the log, never to the user
		return "the model provider failed"
	}
	return "unavailable"
}

// answerProblem is what was wrong with a model's answer, in words safe to
// show users (unlike a provider's error text).
type answerProblem string

func (p answerProblem) Error() string { return string(p) }

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
