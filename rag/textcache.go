package rag

import (
	"regexp"
	"strings"
	"sync"

	"github.com/letters-app/letters/internal/lru"
)

// textCache keeps what the extractive answerer computes about a text (its
// stems, the kinds of answer it contains) across requests: the same
// paragraphs come back for many questions, and analysing their sentences
// was most of a request's CPU (BENCHMARKS.md). It holds at most max entries
// and starts again when full. A nil cache computes without keeping.
type textCache[V any] struct {
	mu  sync.RWMutex
	m   map[string]V
	max int
}

func newTextCache[V any](max int) *textCache[V] {
	return &textCache[V]{m: make(map[string]V), max: max}
}

// get returns the value for text, computing and keeping it if needed.
func (c *textCache[V]) get(text string, compute func(string) V) V {
	if c == nil {
		return compute(text)
	}
	c.mu.RLock()
	v, ok := c.m[text]
	c.mu.RUnlock()
	if ok {
		return v
	}
	v = compute(text)
	c.mu.Lock()
	if len(c.m) >= c.max {
		c.m = make(map[string]V, c.max)
	}
	c.m[strings.Clone(text)] = v // not a slice of a larger string kept alive
	c.mu.Unlock()
	return v
}

// answerKinds says which kinds of answer a sentence contains.
type answerKinds struct{ name, date, number, money, percent, reason, span, grade bool }

func kindsOf(sent string) answerKinds {
	// names: ignore the sentence's first word, which is capitalised anyway
	rest := sent
	if i := strings.IndexByte(sent, ' '); i > 0 {
		rest = sent[i+1:]
	}
	return answerKinds{name: namesPerson(rest), date: reDateLike.MatchString(sent), number: reNumber.MatchString(sent),
		money: reMoney.MatchString(sent), percent: rePercent.MatchString(sent), reason: givesReason(sent), span: reSpan.MatchString(sent), grade: reStatesGrade.MatchString(sent)}
}

// reMoney is a sum ("£3.2 million", "£310,000", "2 million pounds");
// rePercent a percentage ("23%", "35 per cent").
var (
	reMoney   = regexp.MustCompile(`(?i)£\s?\d|\b\d[\d,.]*\s?(?:million|m|bn|billion|k)?\s?pounds\b`)
	rePercent = regexp.MustCompile(`(?i)\d\s?%|\bper ?cent\b`)
	// reSpan is a length of time: "six weeks", "45 working days", "18 months"
	reSpan = regexp.MustCompile(`(?i)\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|several|a few|a|an)\s+(?:(?:working|calendar|school|consecutive|full)\s+)?(?:days?|nights?|weeks?|months?|years?|hours?|fortnights?)\b`)
	// reReason gives a cause: "because", "owing to", "as a result of",
	// "led to", "caused by", "so that", "which means"
	reReason = regexp.MustCompile(`(?i)\b(?:because|owing to|due to|as a result(?: of)?|result(?:s|ed|ing)? (?:in|from)|caused by|causes?|led to|lead(?:s|ing)? to|contribut(?:e|es|ed|ing) to|stems? from|driven by|means that|which means|so that|therefore|consequently|hampered by)\b`)
	// reDueToHappen is "due to" of a time, not a cause ("due to report
	// in December")
	reDueToHappen = regexp.MustCompile(`(?i)\bdue to (?:be|start|launch|open|begin|report|complete|finish|end|take place|close|go live|conclude)\b`)
)

// givesReason reports whether sent gives a cause ("because", "owing
// to", "as a result of"); "due to report in December" gives a time.
func givesReason(sent string) bool {
	if !reReason.MatchString(sent) {
		return false
	}
	if reDueToHappen.MatchString(sent) {
		return reReason.MatchString(reDueToHappen.ReplaceAllString(sent, " "))
	}
	return true
}

// namesPerson reports whether text names a person: two capitalised words
// in a row ("Margaret Burke", "Gemma McNevin") of which neither is a word
// the genre capitalises for places, bodies, roles or dates ("Nottingham
// City", "His Majesty's Inspectors", "Children's Services", "12 March").
// Letters name a council or Ofsted in most sentences; a who-question's
// answer is the sentence that names its people.
func namesPerson(text string) bool {
	return len(personNames(text)) > 0
}

// personNames are the names namesPerson finds in text, each as its words
// joined by a space ("Alison Greaves").
func personNames(text string) []string {
	var out, run []string // run: capitalised words in a row that may be a name
	end := func() {
		if len(run) >= 2 {
			out = append(out, strings.Join(run, " "))
		}
		run = run[:0]
	}
	for _, f := range strings.Fields(text) {
		w := strings.TrimLeft(f, "(\"“‘")
		trimmed := strings.TrimRight(w, ",.;:)!?\"”’")
		core := strings.TrimSuffix(strings.TrimSuffix(trimmed, "'s"), "’s")
		// a title or role before a name ("Councillor Linda Marsh",
		// "Corporate Director Catherine Underwood") breaks the run, it does
		// not end the search
		if reNameWord.MatchString(core) && !notPersonWord[strings.ToLower(core)] {
			run = append(run, core)
		} else {
			end()
		}
		if trimmed != w || core != trimmed {
			end() // a comma, a full stop or a possessive ends a name
		}
	}
	end()
	return out
}

// reNameWord is a word that may be part of a person's name: a capital and
// a lower-case letter ("Marsh", "McNevin", "O’Brien", "Smith-Jones"), not
// an acronym ("MASH", "BCP").
var reNameWord = regexp.MustCompile(`^[A-Z](?:[a-z]|['’][A-Z])[a-zA-Z'’-]*$`)

// notPersonWord are words the genre capitalises that are not people's names
// (the last line: the addresses of letterheads and minutes, "County Hall,
// Tollgate Road").
var notPersonWord = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`january february march april may june july august september october november december
		monday tuesday wednesday thursday friday saturday sunday
		his her majesty majesty's inspector inspectors ofsted ofsted's the this that these those a an in on at of for and
		city county council councils borough metropolitan district town shire district unitary authority authorities local
		children children's child young people people's families family adult adults services service social care work
		workers worker academy hub hubs team teams board boards partnership partnerships safeguarding multi-agency agency
		director directors corporate executive assistant deputy head chief principal senior lead officer officers manager
		managers member members portfolio holder cabinet committee scrutiny panel chair chairs vice councillor cllr mayor
		department education health learning schools school integrated trust nhs police constabulary court courts act
		government secretary state minister independent early help front door improvement plan monitoring visit focused
		inspection report reports letter letters judgement judgements requires good outstanding inadequate effectiveness
		overall experiences progress impact leaders leadership management practice independent reviewing officer officers
		emergency duty out hours missing exploitation protection conference conferences plans home homes residential
		fostering adoption regional virtual school leaving leavers pathway personal adviser advisers mental wellbeing
		well-being assessment assessments strategy strategic operational quality assurance performance data programme
		programmes framework frameworks network networks unit units centre centres office offices fund funding grant
		national england english wales uk british mr mrs ms miss dr sir dame professor
		road street avenue square chamber guildhall building buildings drive crescent terrace gardens`) {
		m[w] = true
	}
	return m
}()

// analysis holds the service's text caches.
type analysis struct {
	stems    *textCache[textStems]
	kinds    *textCache[answerKinds]
	polarity *textCache[int] // polarity of a sentence (stance questions)
}

// analysisEntries bounds each cache: 20,000 texts (about 20 MB of stems).
const analysisEntries = 20000

func newAnalysis() *analysis {
	return &analysis{stems: newTextCache[textStems](analysisEntries), kinds: newTextCache[answerKinds](analysisEntries),
		polarity: newTextCache[int](analysisEntries)}
}

// dfEntries bounds the service's cache of document frequencies: each new
// word a user asks about adds one, so without a bound it grows until the
// corpus changes. Least recently used words go first.
const dfEntries = 10000

func newDFCache(max int) *lru.Cache[string, int] { return lru.New[string, int](max) }
