package rag

import (
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/letters-app/letters"

	"github.com/letters-app/letters/internal/terms"
)

// Scorer weighs how well text covers a query's terms, each term weighted by
// its inverse document frequency in the corpus.
type Scorer struct {
	q     Query
	idf   []float64 // per term
	df    []int     // per term: paragraphs holding it (-1: a stopword, -2: not looked up)
	total float64
	// paragraphs: the corpus's size (TermStats.Total)
	paragraphs int
	// selectiveIDF: a term drives the full-text arm only with at least this
	// idf (see textMaxDF)
	selectiveIDF float64
	// Unknown lists proper names in the question that no paragraph contains.
	Unknown []string
	// absent: the question's topic words (not council names) that no
	// paragraph contains, with no synonym and no thesaurus relatives (a
	// word the thesaurus knows is of the letters' subject); topicKnown:
	// some topic word is in a paragraph
	absent      []string
	topicKnown  bool
	unseen      float64              // idf weight of the absent words
	domainKnown bool                 // a known word is an acronym or a thesaurus term
	memo        map[string]textStems // stems of texts seen in this request
	shared      *analysis            // the service's caches across requests (nil: none)
	aliases     map[string]string    // a council's bare name to its full one (corpusInfo.aliases)
	role        *[][]string          // the post a who-question asks about (askedRole), once read
	// named: the stems of the things the ask names that are not councils
	// and that few paragraphs mention ("Larch Lodge", "Safe Steps"): a
	// figure answering a question about one is stated where it is named
	named []string
	// area: how a sentence names the ILACS judgement a grade question
	// asks about (judgementArea), nil when it asks about none
	area *regexp.Regexp
}

// stems returns the stems of text, computed once per scorer (one request).
func (s *Scorer) stems(text string) textStems {
	if ts, ok := s.memo[text]; ok {
		return ts
	}
	var ts textStems
	if s.shared != nil {
		ts = s.shared.stems.get(text, stemsOf)
	} else {
		ts = stemsOf(text)
	}
	if s.memo == nil {
		s.memo = map[string]textStems{}
	}
	s.memo[text] = ts
	return ts
}

// verdictWords are how a reader reports what inspectors or the press
// thought, or how big something was, ("Ravenmoor City was criticised in 2023 for relying on agency
// staff"): the verdict frames the question, its object is the topic; the
// letters state findings rather than call them criticisms. They weigh
// as little as a stopword.
var verdictWords = map[string]bool{"criticised": true, "criticized": true, "criticism": true, "criticisms": true, "criticise": true,
	"praised": true, "praise": true, "commended": true, "slammed": true, "condemned": true,
	// and how much of it there was, in a reader's words ("loads of agency
	// staff", "a huge backlog"): the letters give the figure
	"loads": true, "lots": true, "heaps": true, "tons": true, "masses": true, "huge": true, "massive": true, "whopping": true}

// namedShare: a name in at most this share of paragraphs names a thing
// (a home, a service, a panel), not the letters' subject at large
// ("Ofsted", "Department").
const namedShare = 0.01

// institutions are the bodies questions capitalise ("Did Cabinet agree
// …", "the Department for Education"), which a passage may not name where
// it gives the figure: not things a figure is about.
var institutions = map[string]bool{"cabinet": true, "council": true, "committee": true, "board": true, "panel": true, "scrutiny": true,
	"ofsted": true, "department": true, "education": true, "police": true, "nhs": true, "government": true, "court": true,
	"inspectorate": true, "partnership": true, "executive": true, "members": true, "councillors": true}

// reMonthName is a month, capitalised as a name is.
var reMonthName = regexp.MustCompile(`(?i)^(?:january|february|march|april|may|june|july|august|september|october|november|december)$`)

// namesNamed reports whether p names one of the things the ask names
// (named), or the ask names none.
func (s *Scorer) namesNamed(p letters.Passage) bool {
	if len(s.named) == 0 {
		return true
	}
	ts := s.stems(p.Text)
	return slices.ContainsFunc(s.named, func(w string) bool { return ts.set[w] })
}

// TermStats gives each term's paragraph count (df) and the corpus size.
type TermStats struct {
	DF    map[string]int // by lower-cased word or phrase; -1: a stopword to Postgres
	Total int
}

// NewScorer weighs the query's terms with corpus statistics.
func NewScorer(q Query, st TermStats) *Scorer {
	s := &Scorer{q: q, idf: make([]float64, len(q.Terms)), df: make([]int, len(q.Terms)), paragraphs: st.Total}
	if q.WantGrade || requestedDetail(q) != nil {
		s.area = judgementArea(q.Ask + " " + q.Text)
	}
	n := float64(max(st.Total, 1))
	s.selectiveIDF = math.Log(1 + n/float64(textMaxDF(st.Total)+1))
	for i, t := range q.Terms {
		df := -2
		for _, p := range t.Phrases {
			if d, ok := st.DF[strings.ToLower(p)]; ok && d > df {
				df = d
			}
		}
		s.df[i] = df
		switch {
		case df == -1 || verdictWords[strings.ToLower(t.Word)]:
			s.idf[i] = 0.1
		case df < 0:
			s.idf[i] = math.Log(1 + n) // not looked up: treat as rare
		default:
			s.idf[i] = math.Log(1 + n/float64(df+1))
		}
		s.total += s.idf[i]
		name, place := false, false
		for _, n := range q.Names {
			if terms.Stem(n) == t.Alts[0][0] {
				name = true
				place = place || slices.Contains(q.Places, n)
			}
		}
		if name && !place && df > 0 && float64(df) <= namedShare*n && !institutions[strings.ToLower(t.Word)] && slices.Contains(properNames(q.Ask), strings.ToLower(t.Word)) && !reMonthName.MatchString(t.Word) {
			s.named = append(s.named, t.Alts[0][0])
		}
		switch {
		case df == 0 && name:
			s.Unknown = append(s.Unknown, properCase(q.Text, t.Word))
		case place:
			// a council's name says where, not what about
		case frameWords[strings.ToLower(t.Word)]:
			// "what is it like today?": when and how, not what about
		case df == 0 && len(t.Related) == 0:
			s.absent = append(s.absent, properCase(q.Text, t.Word))
			s.unseen += s.idf[i]
		default:
			s.topicKnown = true
			// an acronym the letters define ("NFA") or a word of the
			// thesaurus is the letters' own subject
			s.domainKnown = s.domainKnown || len(t.Related) > 0 || t.Word == strings.ToUpper(t.Word) && len(t.Word) >= 2
		}
	}
	return s
}

// OffTopic returns the question's topic words when none of them is in
// any paragraph ("what is the weather in Nottingham?": a place the letters
// name, a subject they never mention), else nil. A question that also
// names a council, a kind of document, a period or the latest letter is
// tied to the letters by its own words: "what's the verdict on Lowdale
// City?" asks in words the letters do not use about a letter they hold. (A
// filter the caller set does not tie it: the weather is off the letters'
// subject whichever council is selected.)
func (s *Scorer) OffTopic() []string {
	if len(s.q.Years) > 0 || !withoutShortNamed(s.q.Asked, s.q.ShortNamed).IsZero() {
		return nil
	}
	if s.topicKnown && (s.domainKnown || s.unseen < offTopicShare*s.total) {
		// some topic word is in the letters and carries the question
		return nil
	}
	return s.absent
}

// withoutShortNamed is f without the councils named only by their short
// name (Query.ShortNamed).
func withoutShortNamed(f letters.Filter, short []string) letters.Filter {
	if len(short) == 0 {
		return f
	}
	f.Authorities = slices.DeleteFunc(slices.Clone(f.Authorities), func(a string) bool { return slices.Contains(short, a) })
	if len(f.Authorities) == 0 {
		f.Authorities = nil
	}
	return f
}

// frameWords frame a question in time or manner without naming what it is
// about ("what is the weather like in Harwick today?"): they neither tie
// it to the letters nor take it away from them.
var frameWords = map[string]bool{"like": true, "today": true, "tonight": true, "tomorrow": true, "yesterday": true, "now": true, "currently": true, "nowadays": true}

// offTopicShare: a question none of whose filters is named and two thirds
// of whose weight is on words no letter holds ("What is the best recipe
// for lasagne?": only "best" is in the letters) is off their subject.
const offTopicShare = 2.0 / 3

// textStems holds a text's stems as a set and a sequence.
type textStems struct {
	set map[string]bool
	seq []string
}

// senseStems are the stems of text's content words, with the words the
// genre uses in two senses kept apart where the stemmer joins them: a
// "rate" (a re-referral rate, a turnover rate) is a figure, while "rated"
// and a "rating" are a judgement (an Ofsted grade, a board paper's
// "rated red" action). "What was the re-referral rate?" is not answered by
// "Action 5.1f is rated red because only 35% …".
func senseStems(text string) []string {
	toks := terms.Content(text)
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.Stem
		if s, ok := senseOf[t.Word]; ok {
			out[i] = s
		}
	}
	return out
}

var senseOf = map[string]string{"rated": "rating", "rating": "rating", "ratings": "rating"}

func stemsOf(text string) textStems {
	seq := senseStems(text)
	set := make(map[string]bool, len(seq))
	for _, s := range seq {
		set[s] = true
	}
	return textStems{set: set, seq: seq}
}

func (ts textStems) has(alt []string) bool {
	if len(alt) == 1 {
		return ts.set[alt[0]]
	}
	for i := 0; i+len(alt) <= len(ts.seq); i++ {
		if equalStems(ts.seq[i:i+len(alt)], alt) {
			return true
		}
	}
	return false
}

// matches returns which terms the text has.
func (s *Scorer) matches(ts textStems) []bool {
	m := make([]bool, len(s.q.Terms))
	for i, t := range s.q.Terms {
		for _, a := range t.Alts {
			if len(a) > 0 && ts.has(a) {
				m[i] = true
				break
			}
		}
	}
	return m
}

// degrees returns how far the text has each term: 1 for the term or an
// alternative, relatedWeight for only a thesaurus relative, else 0.
func (s *Scorer) degrees(ts textStems) []float64 {
	d := make([]float64, len(s.q.Terms))
	for i, ok := range s.matches(ts) {
		if ok {
			d[i] = 1
			continue
		}
		for _, a := range s.q.Terms[i].Related {
			if len(a) > 0 && ts.has(a) {
				d[i] = relatedWeight
				break
			}
		}
	}
	return d
}

// exactCoverage is Coverage without thesaurus relatives.
func (s *Scorer) exactCoverage(ts textStems) float64 {
	if s.total == 0 {
		return 0
	}
	var c float64
	for i, ok := range s.matches(ts) {
		if ok {
			c += s.idf[i]
		}
	}
	return c / s.total
}

// Coverage is the idf-weighted share of query terms the text has (a term
// had only through a thesaurus relative counts at relatedWeight).
func (s *Scorer) Coverage(ts textStems) float64 {
	if s.total == 0 {
		return 0
	}
	var c float64
	for i, d := range s.degrees(ts) {
		c += d * s.idf[i]
	}
	return c / s.total
}

// candidate is one sentence of a retrieved passage.
type candidate struct {
	text    string
	passage int // index into passages
	score   float64
	matched []bool
	stems   textStems
	item    bool // an item of a list quoted after its lead-in: a line of its own
}

// rankSentences scores every sentence of the passages.
func (s *Scorer) rankSentences(passages []letters.Passage) (cands []candidate, bestPara float64) {
	acronym := s.q.Define && s.asksAcronym()
	for pi, p := range passages {
		pst := s.stems(p.Text)
		pcov := s.withHeading(p, s.Coverage(pst))
		// whether the question is answered at all rests on the asker's own
		// words: a thesaurus relative ranks, it does not answer
		bestPara = math.Max(bestPara, s.exactCoverage(pst))
		prior := 1 / float64(pi+2)
		scope := !s.q.AsksScope && !s.q.Define && isScope(p)
		sents, dateOnly := Sentences(p.Text), false
		if p.Section == "Letterhead" && s.q.AsksLetterDate() && !reAddressee.MatchString(s.q.Text) {
			if d := reLeadDate.FindString(p.Text); d != "" {
				// when a letter was sent: its date, not its addressee's
				// address
				sents, dateOnly = []string{d}, true
			}
		} else if IsFrontMatter(p) && s.q.AsksLetterDate() && !reAddressee.MatchString(s.q.Text) {
			if d := reSheetDate.FindString(p.Text); d != "" {
				// a paper's front sheet: the date of the meeting it went
				// to ("Date: 27.09.22")
				sents, dateOnly = []string{strings.TrimSpace(d)}, true
			}
		}
		for _, sent := range sents {
			st := s.stems(sent)
			if len(st.seq) < 3 && !dateOnly {
				continue
			}
			m := s.matches(st)
			var cov float64
			for i, d := range s.degrees(st) {
				cov += d * s.idf[i]
			}
			if s.total > 0 {
				cov /= s.total
			}
			if dateOnly {
				// a date line stands for its letterhead or front sheet,
				// which names the council, the post, the board
				cov = max(cov, pcov)
			}
			score := 0.65*cov + 0.25*pcov + 0.1*prior
			if t, asked := s.answerTypeMatch(sent); asked {
				// a who/when/how-many question's answer names a person, a date, a number
				score = score*0.75 + 0.25*t
			}
			if s.q.Stance != "" {
				// an ask for weaknesses wants the letters' criticisms, one
				// for strengths their praise: by the sentence's own wording,
				// or the section of the letter it stands in
				score = score*(1-stanceWeight) + stanceWeight*stanceMatch(s.q.Stance, s.polarity(sent), p.Section)
			}
			if reBoilerplate.MatchString(sent) && !s.q.AsksScope || reMethod.MatchString(sent) {
				// the letter's standing sentences ("This visit was carried
				// out in line with the ILACS framework"; how inspectors
				// worked: "Inspectors looked at a range of evidence,
				// including …") answer nothing, not even what the visit
				// looked at
				score -= scopeWeight
			}
			if reOpening.MatchString(sent) && !s.q.WantWhen && !s.q.Duration && !s.q.AsksScope && !s.q.AsksDocumentFacts() ||
				reSelfCount.MatchString(sent) && !s.q.WantNumber {
				// a letter's opening ("This letter summarises the findings
				// of the monitoring visit to … on 16 and 17 April 2024")
				// names the council, the visit and its dates, and says
				// nothing found: it answers when the visit was, not what
				// it found
				score -= scopeWeight
			}
			if s.q.AsksScope && reScopeLead.MatchString(sent) {
				// what a visit looked at: the letter's own lead-in to the
				// areas it reviewed
				score += scopeWeight
			}
			if scope {
				// what the visit looked at restates the topic; it says
				// nothing of what was found
				score -= scopeWeight
			}
			if s.q.WantWhen && reNextMeetingAsk.MatchString(s.q.Text) && reNextMeetingLine.MatchString(sent) {
				// minutes close with the date of the next meeting ("The
				// next meeting will be held on Thursday 12 June 2025")
				score += addresseeWeight
			}
			if s.q.AsksVisitDates() && (reOpening.MatchString(sent) || reVisitDatesLine.MatchString(sent)) {
				// when a visit was, or how long it took: the letter's
				// opening or the report's "Inspection dates:" line
				score += addresseeWeight
			}
			if p.Section == "Letterhead" && (reAddressee.MatchString(s.q.Text) || s.q.AsksLetterDate()) {
				score += addresseeWeight // the letter's date and addressee
			} else if p.Label == letters.SignatureLabel && s.q.AsksSigner() {
				score += addresseeWeight // who signed the letter
			} else if dateOnly {
				score += addresseeWeight // a paper's front sheet: the date of the meeting it went to
			}
			if s.q.Define {
				if at := acronymAt(sent, s.q); at >= 0 && acronym {
					// the sentence that spells the acronym out, the more
					// so when the thing it names is what the sentence is
					// about: a letter introduces a service as the subject
					// of its sentence ("The Emergency Duty Team (EDT)
					// responds …"), and mentions it later in passing
					score += 0.5 + subjectWeight*max(0, 1-float64(at)/subjectWords)
				} else if acronym && !reAsksExpansion.MatchString(s.q.Text) && s.definesTerm(sent) && !reJudging.MatchString(sent) {
					// "What is the MASH?" asks what it is as much as what
					// the letters stand for: "The MASH brings together
					// police, health and children's social care staff …"
					score += 0.5 + subjectWeight
				} else if !acronym && s.definesTerm(sent) {
					// "Return home interviews are independent
					// conversations with a child after …": the sentence
					// whose subject is the thing asked about, saying what
					// it is
					score += 0.5
				}
			}
			cands = append(cands, candidate{text: sent, passage: pi, score: score, matched: m, stems: st})
		}
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].score > cands[j].score })
	return cands, bestPara
}

// headingWeight is how much the words of the heading a paragraph stands
// under count towards its coverage of a question, against its own words.
// Letters and papers file their findings under headings that say what
// they are ("What needs to improve", "Areas for priority action",
// "Recommendations", "35. Placement sufficiency"), and a question often
// asks in the heading's words ("what needs to improve at the front
// door?") about paragraphs that never repeat them. Measured on dev at
// 0.25 / 0.5 / 0.75 / 1 (0.75 best), then checked on test (commit message).
const headingWeight = 0.75

// withHeading is cov, the coverage of the question by p's text, raised
// towards its coverage by the heading and the text together.
func (s *Scorer) withHeading(p letters.Passage, cov float64) float64 {
	if p.Section == "" || s.total == 0 {
		return cov
	}
	// each term as far as the text or the heading has it (stemmed apart:
	// headings repeat, so their stems stay cached, and no phrase runs
	// across the seam)
	text, head := s.degrees(s.stems(p.Text)), s.degrees(s.stems(p.Section))
	with := 0.0
	for i := range text {
		with += max(text[i], head[i]) * s.idf[i]
	}
	return cov + headingWeight*(with/s.total-cov)
}

// stanceWeight is how much a sentence's stance weighs when the ask has one.
const stanceWeight = 0.25

// polarity is polarity(sent), kept in the service's cache: a stance
// question weighs every sentence of every passage by it, and its regular
// expressions were half of such a request's CPU.
func (s *Scorer) polarity(sent string) int {
	if s.shared != nil {
		return s.shared.polarity.get(sent, polarity)
	}
	return polarity(sent)
}

// stanceMatch is 1 when a sentence says what the ask's stance wants (a
// criticism for "weak", praise for "strong") by its wording or by the
// letter's heading above it ("What needs to improve", "Strengths"), 0 when
// it says the opposite, ½ when it judges nothing.
func stanceMatch(stance string, p int, section string) float64 {
	section = sideHeading(section)
	switch stance {
	case "weak":
		if reImproveHeading.MatchString(section) && !reStrengthHeading.MatchString(section) {
			return 1
		}
		p = -p
	case "strong":
		if reStrengthHeading.MatchString(section) && !reImproveHeading.MatchString(section) {
			return 1
		}
	default:
		return 0.5
	}
	switch {
	case p > 0:
		return 1
	case p < 0:
		return 0
	}
	return 0.5
}

func jaccard(a, b textStems) float64 {
	if len(a.set) == 0 || len(b.set) == 0 {
		return 0
	}
	inter := 0
	for k := range a.set {
		if b.set[k] {
			inter++
		}
	}
	return float64(inter) / float64(len(a.set)+len(b.set)-inter)
}

// properCase returns word as it is written in text (case-insensitively found).
func properCase(text, word string) string {
	i := strings.Index(strings.ToLower(text), strings.ToLower(word))
	if i < 0 {
		return word
	}
	return text[i : i+len(word)]
}

// definesAcronym reports whether a sentence writes out one of the query's
// acronyms followed by it in brackets: "multi-agency safeguarding hub (MASH)".
func definesAcronym(sent string, q Query) bool {
	return acronymAt(sent, q) >= 0
}

// reDefiningVerb ends the subject of a sentence that says what its
// subject is: "Return home interviews are …", "A strategy discussion is
// …", "The Public Law Outline sets out …".
var reDefiningVerb = regexp.MustCompile(`(?i)^(?:(?:a|an|the)\s+)?((?:[\w'’-]+\s+){0,6}?[\w'’-]+)\s+(?:is|are|means|refers to|describes|sets out|brings? together|provides?|offers?|helps?|supports?|works? with|consists? of|is made up of|are made up of)\s`)

// definesTerm reports whether sent's subject, before a defining verb, is
// what the question asks to define: every word of it a word of the
// question's topic, and every topic word in it.
func (s *Scorer) definesTerm(sent string) bool {
	if len(s.q.Terms) == 0 {
		return false
	}
	if m := reDefiningVerb.FindStringSubmatch(sent); m != nil && s.definesSubject(m[1]) {
		return true
	}
	// a key or legend defines its terms in clauses: "RAG key: Red - off
	// track …; Amber - some risk to delivery …", "Green means the action
	// is on track; Amber means the action is behind schedule …": after a
	// "key:" lead-in, or two or more such entries, each a short term and a
	// definition of some words (not a record's "Rating: Amber; Owner: …")
	if !strings.Contains(sent, ";") {
		return false
	}
	lead := reKeyLead.MatchString(sent)
	var entries []string
	for _, c := range strings.Split(reKeyLead.ReplaceAllString(sent, ""), ";") {
		if m := reKeyEntry.FindStringSubmatch(strings.TrimSpace(c)); m != nil && len(strings.Fields(m[2])) >= keyDefinitionWords {
			entries = append(entries, m[1])
		}
	}
	if !lead && len(entries) < 2 {
		return false
	}
	return slices.ContainsFunc(entries, func(term string) bool { return s.definesSubjectOf(term, false) })
}

// keyDefinitionWords is the fewest words a key's entry defines its term in.
const keyDefinitionWords = 3

// reKeyLead is a key's or legend's lead-in ("6.1 The table below shows
// progress. RAG key:"); reKeyEntry one of its entries ("Amber - some risk
// to delivery", "Red: off track").
var (
	reKeyLead  = regexp.MustCompile(`(?i)^.*?\b(?:key|legend)\s*:\s*`)
	reKeyEntry = regexp.MustCompile(`^([\w'’-]+(?:\s+[\w'’-]+){0,1})\s*(?:-|–|—|=|:|\s+means|\s+is)\s+(\w.*)$`)
)

// definesSubject reports whether a defining sentence's subject is what the
// question asks to define (definesTerm).
func (s *Scorer) definesSubject(subject string) bool {
	return s.definesSubjectOf(subject, true)
}

// definesSubjectOf is definesSubject; a key's entry (every = false) names
// one of the topic's words ("Amber - some risk to delivery" for "what
// does an amber rating mean?": the key's heading says what it rates).
func (s *Scorer) definesSubjectOf(subject string, every bool) bool {
	subj := s.stems(subject)
	if len(subj.seq) == 0 {
		return false
	}
	if m := s.matches(subj); every && slices.Contains(m, false) && !s.coversTarget(subj) || !slices.Contains(m, true) {
		return false
	}
	// no word of the subject beyond the topic's ("Return home interview
	// performance is …" is about something else)
	topic := map[string]bool{}
	for _, t := range s.q.Terms {
		for _, a := range t.Alts {
			for _, w := range a {
				topic[w] = true
			}
		}
	}
	for _, w := range subj.seq {
		if !topic[w] && !topic[strings.TrimSuffix(w, "s")] {
			return false
		}
	}
	return true
}

// reDefineThing finds the thing a "what is …" or "what does … do"
// question asks about, before any clause on where or for whom ("What is
// the MASH, as described in the inspection report?", "What does a
// personal adviser do for young people leaving care?").
var reDefineThing = regexp.MustCompile(`(?i)\bwhat (?:does|do) (?:(?:a|an|the)\s+)?(.+?) (?:mean|stands? for|do)\b|\bwhat(?:['’]s| is| are) (?:(?:a|an|the)\s+)?([^,?;]+)`)

// defineThingWords is how many of the thing's first words a defining
// sentence's subject must hold.
const defineThingWords = 3

// coversTarget reports whether subj holds the thing the question asks to
// define (reDefineThing): its first defineThingWords words that are not
// stopwords, whatever the question goes on to say.
func (s *Scorer) coversTarget(subj textStems) bool {
	m := reDefineThing.FindStringSubmatch(s.q.Text)
	if m == nil {
		return false
	}
	thing := s.stems(m[1] + m[2]).seq
	if len(thing) == 0 {
		return false
	}
	thing = thing[:min(len(thing), defineThingWords)]
	for _, w := range thing {
		if !slices.Contains(subj.seq, w) {
			return false
		}
	}
	return true
}

// reJudging is a sentence that judges its subject rather than says what
// it is ("The MASH is not yet effective", "The MASH is improving",
// "… is good"): a finding about it, not a definition.
var reJudging = regexp.MustCompile(`(?i)^(?:(?:a|an|the)\s+)?(?:[\w'’-]+\s+){0,6}?(?:is|are)\s+(?:not|now|still|no longer|improving|effective|ineffective|good|strong|weak|inadequate|outstanding|better|worse|too|more|less|well|poorly|slow|timely|consistent|inconsistent)\b`)

// reAsksExpansion asks what an acronym stands for, not what the thing is.
var reAsksExpansion = regexp.MustCompile(`(?i)\bstands?\s+for\b|\bshort\s+for\b|\babbreviat|\bacronym\b|\bspelled?\s+out\b|\bfull\s+(?:name|form)\b`)

// reDefineTarget finds what a question asks to define: "what does X mean",
// "what does X stand for".
var reDefineTarget = regexp.MustCompile(`(?i)\bwhat (?:does|do) (.+?) (?:mean|stands? for)\b|^(?:.*?\b)?(\S+) stands? for\b`)

// asksAcronym reports whether the question types an acronym it asks to
// define ("What does RHI stand for?"), not the words it stands for ("What
// is a return home interview?", which a sentence spelling the acronym
// out does not define).
func (s *Scorer) asksAcronym() bool {
	target := s.q.Text
	if m := reDefineTarget.FindStringSubmatch(target); m != nil {
		// "In the JTAI progress report, what does an amber rating
		// mean?" asks what "amber" means, not what JTAI stands for
		target = m[1] + m[2]
	}
	for _, t := range s.q.Terms {
		if len(t.Phrases) > 1 && t.Word == strings.ToUpper(t.Word) && slices.ContainsFunc(terms.Words(target), func(w string) bool {
			return w == strings.ToLower(t.Word) || w == strings.ToLower(t.Word)+"s"
		}) {
			return true
		}
	}
	return false
}

// acronymAt is how many words of sent come before the acronym it spells
// out, or -1 when it spells none out.
func acronymAt(sent string, q Query) int {
	for _, t := range q.Terms {
		if len(t.Phrases) > 1 {
			if i := strings.Index(sent, "("+t.Word+")"); i >= 0 {
				return len(strings.Fields(sent[:i]))
			}
		}
	}
	return -1
}

// reSheetDate is the date line of a board or committee paper's front
// sheet.
var reSheetDate = regexp.MustCompile(`(?m)^(?:Date|Date of meeting|Meeting date):[ \t]*\S.*$`)

// reLeadDate is the date a letterhead opens with ("12 January 2026").
var reLeadDate = regexp.MustCompile(`^\d{1,2}(?:st|nd|rd|th)? (?:January|February|March|April|May|June|July|August|September|October|November|December) (?:19|20)\d{2}\b`)

// subjectWeight is what a sentence spelling out the acronym asked about
// gains when the acronym is its subject, falling to nothing when
// subjectWords or more words come before it.
const (
	subjectWeight = 0.2
	subjectWords  = 20
)

var (
	reName     = regexp.MustCompile(`\b[A-Z][a-z]+(?:-[A-Z][a-z]+)? (?:[A-Z][a-z]* )?[A-Z][a-zA-Z'’-]+\b`)
	reDateLike = regexp.MustCompile(`\b(January|February|March|April|May|June|July|August|September|October|November|December)\b|\b(19|20)\d{2}\b|\b\d{1,2}(st|nd|rd|th)\b|\b\d{1,2}/\d{1,2}/(?:\d{2}|\d{4})\b|\b\d{2}\.\d{2}\.(?:\d{2}|\d{4})\b`)
	reNumber   = regexp.MustCompile(`(?i)\b\d+\b|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|hundred|half|several)\b`)
)

// answerTypeMatch is the share of the question's expected answer types
// (a person, a date, a number) that the sentence contains.
func (s *Scorer) answerTypeMatch(sent string) (float64, bool) {
	q := s.q
	if !q.WantWho && !q.WantWhen && !q.WantNumber && !q.WantMoney && !q.WantPercent && !q.WantReason && !q.WantGrade {
		return 0, false
	}
	var k answerKinds
	if s.shared != nil {
		k = s.shared.kinds.get(sent, kindsOf)
	} else {
		k = kindsOf(sent)
	}
	if q.Duration && k.span {
		// "how long …" answered by the length itself ("wait up to six
		// weeks", "over three weeks on site")
		return 1, true
	}
	number := 0.0
	if k.number {
		number = 1
		if q.CountOf != "" && !slices.ContainsFunc(countedNouns(q.CountOf), func(noun string) bool {
			return countsNear(reNotACount.ReplaceAllString(sent, " "), noun) // years and dates count nothing
		}) {
			// a number, but not of what is counted ("up to 6 children"
			// for "how many inspectors")
			number = 0.5
		}
	}
	grade := b2f(k.grade)
	if k.grade && s.area != nil && !s.area.MatchString(sent) {
		// a grade, but not for the judgement asked about (the overall
		// one, for "what grade for children in care")
		grade = 0
	}
	want, got := 0, 0.0
	for _, c := range []struct {
		asked bool
		has   float64
	}{{q.WantWho, b2f(k.name)}, {q.WantWhen, b2f(k.date)}, {q.WantNumber, number}, {q.WantMoney, b2f(k.money)}, {q.WantPercent, b2f(k.percent)}, {q.WantReason, b2f(k.reason)}, {q.WantGrade, grade}} {
		if c.asked {
			want++
			got += c.has
		}
	}
	return got / float64(want), true
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// countsNear reports whether sent puts a number (or an ordinal: "the fifth
// monitoring visit") at most three words before a word whose stem is noun.
func countsNear(sent, noun string) bool {
	ws := terms.Words(sent)
	for i, w := range ws {
		if !reCountWord.MatchString(w) {
			continue
		}
		for j := i + 1; j < len(ws) && j <= i+3; j++ {
			if terms.Stem(ws[j]) == noun {
				return true
			}
		}
	}
	return false
}

var reCountWord = regexp.MustCompile(`^(?:\d+(?:st|nd|rd|th)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|several|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)$`)

// scopeWeight is what a sentence of a letter's scope ("Inspectors
// reviewed the progress made in the following areas: …") loses against
// a question that does not ask what a visit covered.
const scopeWeight = 0.15

var (
	reScopeSection = regexp.MustCompile(`(?i)\bareas? covered\b|\bscope of\b|\bfocus of (the|this) (visit|inspection)\b`)
	reScopeLead    = regexp.MustCompile(`(?i)^(?:¶?[\d.]+\s+)?(?:inspectors (?:reviewed|looked at|evaluated|considered) (?:the progress made|the local authority'?s?|the following|progress)|this (?:visit|inspection) (?:focused|looked)|the (?:visit|inspection) (?:focused|looked))\b|^(?:¶?[\d.]+\s+)?inspectors (?:reviewed|looked at|evaluated|considered)\b[^.]*:$`)
)

// reMethod is the sentence of a letter saying how inspectors worked,
// whatever they looked at.
var reMethod = regexp.MustCompile(`(?i)^(?:¶?[\d.]+\s+)?(?:inspectors|they) (?:looked at|considered|reviewed|evaluated|scrutinised) a (?:range|wide range|sample) of (?:evidence|children's (?:case )?records|case records)`)

// reOpening is an Ofsted letter's first sentences: what visit it was, to
// whom, when.
var reOpening = regexp.MustCompile(`(?i)^(?:¶?[\d.]+\s+)?(?:this letter summari[sz]es the (?:findings|outcome) of (?:the|a|an)\b` +
	// a JTAI letter's: who inspected, when, and what a JTAI is
	`|between [^.]*\d{4},? [^.]*\bcarried out a joint (?:targeted area )?inspection\b|this was a joint targeted area inspection\b|this letter to (?:all )?(?:the )?(?:three )?(?:statutory )?(?:safeguarding )?partners summari[sz]es\b` +
	`)`)

// reNextMeetingAsk asks when a body next meets ("When is the panel's next
// meeting?", "When does the committee meet after the March one?");
// reNextMeetingLine is the minutes' closing line giving it.
var (
	reNextMeetingAsk  = regexp.MustCompile(`(?i)\bnext (?:[\w'’-]+ ){0,4}(?:meeting|committee|panel|board|cabinet)\b|\b(?:meeting|committee|panel|board|cabinet|meets?)\b[^?]*\b(?:after|following)\b`)
	reNextMeetingLine = regexp.MustCompile(`(?i)\b(?:date of (?:the )?)?next meeting\b|\bwill next meet\b`)
)

// reVisitDatesLine is an inspection report's line giving the visit's
// dates ("Inspection dates: 13 March to 24 March 2023").
var reVisitDatesLine = regexp.MustCompile(`(?i)^(?:¶?[\w.]+\s+)?(?:(?:inspection|visit) dates?|dates? of (?:the )?(?:inspection|visit)):`)

// reSelfCount is a monitoring letter's count of itself ("This visit was
// the third monitoring visit since the local authority was judged
// inadequate in June 2023"): which visit it was, not what it found nor
// when it was (its date is the judgement's).
var reSelfCount = regexp.MustCompile(`(?i)^(?:¶?[\d.]+\s+)?(?:this|the) (?:visit )?was the \w+ monitoring visit since\b`)

// reBoilerplate are the sentences every Ofsted letter carries whatever
// was found.
var reBoilerplate = regexp.MustCompile(`(?i)^(?:¶?[\d.]+\s+)?(?:this (?:visit|inspection) was carried out in line with|ofsted will take the findings|i am copying this letter|the areas for improvement have been cross-referenced)`)

// isScope reports whether p is the part of a letter that says what the
// visit looked at: under an "Areas covered by the visit" heading, or led
// in by "Inspectors reviewed the progress made in the following areas".
func isScope(p letters.Passage) bool {
	return reScopeSection.MatchString(p.Section) || reScopeLead.MatchString(p.Text)
}

// commonIDF is the idf of a term found in a fifth of all paragraphs.
var commonIDF = math.Log(1 + 5)

// textMaxDF is the most paragraphs a term may be in and still drive the
// full-text arm: 2,000, or 1 % of a corpus above 200,000 paragraphs. A
// term in more would make Postgres read a posting list of tens of thousands
// of entries (and rank as many paragraphs) for a word that tells little
// apart; the vector arm and the reranker still weigh it. Below 2,000
// paragraphs the cap never binds.
func textMaxDF(total int) int { return max(2000, total/100) }

// textOrder returns the indexes of the terms that may drive the full-text
// arm, rarest first.
func (s *Scorer) textOrder() []int {
	var order []int
	for i := range s.q.Terms {
		if s.idf[i] >= s.selectiveIDF {
			order = append(order, i)
		}
	}
	sort.SliceStable(order, func(a, b int) bool { return s.idf[order[a]] > s.idf[order[b]] })
	return order
}

// AnyTerms is the query's full-text search without its commonest terms:
// those in more than a fifth of the paragraphs (which rank everything), and
// on a large corpus those above textMaxDF; the two rarest terms stay unless
// they too are above textMaxDF. None when no term is selective enough.
func (s *Scorer) AnyTerms() []letters.SearchTerm {
	order := s.textOrder()
	if len(order) == len(s.q.Terms) && len(order) <= 2 {
		return s.q.SearchTerms()
	}
	keep := Query{}
	for rank, i := range order {
		if rank < 2 || s.idf[i] >= commonIDF {
			keep.Terms = append(keep.Terms, s.q.Terms[i])
		}
	}
	return keep.SearchTerms()
}

// AllTerms is the two rarest terms, both required: a narrow, precise set
// the full-text arm ranks first; none with fewer than two selective terms.
func (s *Scorer) AllTerms() []letters.SearchTerm {
	order := s.textOrder()
	if len(order) < 2 {
		return nil
	}
	return []letters.SearchTerm{letters.SearchTerm(s.q.Terms[order[0]].Phrases), letters.SearchTerm(s.q.Terms[order[1]].Phrases)}
}

// NearTerms is the question's two rarest terms that some paragraph holds,
// however common: the candidates of a vector arm without an index when
// AnyTerms and AllTerms find no paragraph (no term is selective, or the
// selective ones are in no paragraph), both required. A term no paragraph
// holds is left out: with it, the two would find nothing.
func (s *Scorer) NearTerms() []letters.SearchTerm {
	var out []letters.SearchTerm
	for _, i := range s.nearOrder() {
		out = append(out, letters.SearchTerm(s.q.Terms[i].Phrases))
	}
	return out
}

// NearHits estimates how many paragraphs hold every NearTerms term, from
// each term's count as if they were independent; 0 when a count is
// unknown (a phrase, a stopword) or there are no terms.
func (s *Scorer) NearHits() float64 {
	order := s.nearOrder()
	if len(order) == 0 || s.paragraphs <= 0 {
		return 0
	}
	n := float64(s.paragraphs)
	hits := n
	for _, i := range order {
		if s.df[i] <= 0 {
			return 0
		}
		hits *= float64(s.df[i]) / n
	}
	return hits
}

// nearOrder is the indexes of NearTerms' terms: the two rarest that some
// paragraph holds (or not looked up), rarest first.
func (s *Scorer) nearOrder() []int {
	var order []int
	for i := range s.q.Terms {
		if s.df[i] > 0 || s.df[i] == -2 {
			order = append(order, i)
		}
	}
	sort.SliceStable(order, func(a, b int) bool { return s.idf[order[a]] > s.idf[order[b]] })
	return order[:min(2, len(order))]
}

// part is a scorer for one part of a multi-part question: the question's
// terms that the part names, with their weights, and the part's own
// expected answer types; nil when the part names none of the terms.
func (s *Scorer) part(text string) *Scorer {
	ts := stemsOf(text)
	sub := &Scorer{q: s.q, paragraphs: s.paragraphs, selectiveIDF: s.selectiveIDF, memo: s.memo, shared: s.shared}
	sub.q.Terms = nil
	for i, t := range s.q.Terms {
		for _, alt := range t.Alts {
			if len(alt) > 0 && ts.has(alt) {
				sub.q.Terms = append(sub.q.Terms, t)
				sub.idf = append(sub.idf, s.idf[i])
				sub.df = append(sub.df, s.df[i])
				sub.total += s.idf[i]
				break
			}
		}
	}
	if len(sub.q.Terms) == 0 {
		return nil
	}
	sub.q.Text, sub.q.Ask = text, text
	sub.q.WantWho, sub.q.WantWhen, sub.q.WantNumber = reWho.MatchString(text), reWhen.MatchString(text), reHowMany.MatchString(text)
	sub.q.WantMoney, sub.q.WantPercent, sub.q.CountOf = answerUnits(text)
	sub.q.WantReason = reAskReason.MatchString(text)
	sub.q.WantGrade = reAskGrade.MatchString(text)
	sub.q.AsksScope = asksScope(text)
	sub.q.Define = s.q.Define && reDefine.MatchString(text)
	return sub
}

// partsCoverage is the best paragraph coverage of the question, or for a
// multi-part question of its best-covered part: one part the letters
// answer is worth answering (the others then get what the passages hold).
func (s *Scorer) partsCoverage(passages []letters.Passage, whole float64) float64 {
	best := whole
	if len(s.q.Parts) < 2 {
		return best
	}
	for _, p := range s.q.Parts {
		if sub := s.part(p); sub != nil {
			_, cov := sub.rankSentences(passages)
			best = math.Max(best, cov)
		}
	}
	return best
}
