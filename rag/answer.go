package rag

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/letters-app/letters"
	"github.com/letters-app/letters/internal/terms"
)

// AnswerInput is what an answerer is given: the understood query, the
// numbered context passages (marker n is passages[n-1]) and a scorer.
type AnswerInput struct {
	Question string
	Analysis *letters.Analysis // how the question was understood (nil: not analysed)
	Query    Query
	Passages []letters.Passage
	Scorer   *Scorer
	OnToken  func(string) // streaming; nil when not streaming
	// CountList: for a count question the passages state no figure for,
	// the marker of the passage whose list is counted instead
	// (listCountAnswer); 0: none
	CountList int
}

// Draft is an answerer's raw answer: text with [n] markers into the passages.
type Draft struct {
	Text          string
	Refused       bool
	Model         string
	PromptVersion string
}

// Answerer turns retrieved passages into an answer.
type Answerer interface {
	Name() string
	Answer(ctx context.Context, in AnswerInput) (Draft, error)
}

var _ Answerer = (*Extractive)(nil)

// Extractive answers with the letters' own sentences, each cited: it needs
// no model.
type Extractive struct {
	MaxSentences int // default 2; lists and comparisons get two more
}

// Name identifies the answerer.
func (e *Extractive) Name() string { return "extractive" }

// Answer picks the sentences that best cover the question, verbatim.
func (e *Extractive) Answer(ctx context.Context, in AnswerInput) (Draft, error) {
	if err := ctx.Err(); err != nil {
		return Draft{}, err
	}
	if in.CountList > 0 && in.CountList <= len(in.Passages) {
		text := listCountAnswer(in.Query, in.Passages, in.CountList)
		if in.OnToken != nil {
			for _, w := range strings.SplitAfter(text, " ") {
				in.OnToken(w)
			}
		}
		return Draft{Text: text}, nil
	}
	picked := e.Select(in)
	if len(picked) == 0 {
		return Draft{Refused: true}, nil
	}
	var b strings.Builder
	if in.Query.Duration && reTwoPoints.MatchString(in.Query.Ask) && !reSpan.MatchString(picked[0].text) {
		// "how long between the visits", "how long after the visit was
		// the letter sent": the difference of the two dates quoted. Not
		// "how long had children waited": two dates in the passages are
		// not the ends of that wait (an action table's target dates)
		dated := picked
		if in.Query.AsksLetterDate() {
			// how long a letter took after its visit: one letter's dates
			dated = nil
			for _, c := range picked {
				if in.Passages[c.passage].DocumentID == in.Passages[picked[0].passage].DocumentID {
					dated = append(dated, c)
				}
			}
		}
		if line := durationLine(dated); line != "" {
			b.WriteString(line)
			b.WriteString("\n")
		}
	}
	picked = byDocument(picked, in.Passages)
	prevDoc := int64(-1)
	for i, c := range picked {
		p := in.Passages[c.passage]
		if p.Document.ID != prevDoc || i == 0 {
			// each letter's statements open with which council, which kind
			// of document and which date they come from
			if i > 0 {
				b.WriteString("\n")
			}
			b.WriteString(SourceLabel(p.Document))
			b.WriteString("\n")
			prevDoc = p.Document.ID
		} else if endsSentence(picked[i-1].text) && !c.item {
			b.WriteString(" ")
		} else {
			// a lead-in, a bullet item or a table row does not end a
			// sentence: a line of its own keeps it apart from the next quote
			b.WriteString("\n")
		}
		b.WriteString(Neutralise(c.text))
		b.WriteString(" [" + strconv.Itoa(c.passage+1) + "]")
	}
	text := b.String()
	if in.OnToken != nil {
		for _, w := range strings.SplitAfter(text, " ") {
			in.OnToken(w)
		}
	}
	return Draft{Text: text}, nil
}

// stanceListDepth is how far down the passages the list under a stance
// heading is looked for.
const stanceListDepth = 3

// stanceListItem is the index in cands of the best bullet item of a list
// under the heading the question's stance asks for ("What needs to
// improve?", "Areas for improvement", "Priority action"; strengths
// likewise), in one of the best passages; -1 when there is none, the
// question has several parts or compares sides.
func stanceListItem(in AnswerInput, cands []candidate) int {
	q := in.Query
	if q.Stance == "" || len(q.Parts) > 1 || len(q.Filter.Authorities) > 1 || len(distinctYears(q.Years)) > 1 {
		return -1
	}
	for i, c := range cands {
		p := in.Passages[c.passage]
		if c.passage >= stanceListDepth || stanceMatch(q.Stance, 0, p.Section) != 1 {
			continue
		}
		if _, ok := listOf(p.Text, c.text); ok {
			return i
		}
	}
	return -1
}

// namingPerson keeps, for a question asking who holds a post (a name is
// the detail it asks for, in one part), only the candidate sentences that
// name someone beside that post, when any does: "Who is the director of
// children's services?" is answered by the letterhead's "Martin Ashdown,
// Executive Director for Children, Families and Learning", not by "The
// director of children's services … leads a stable senior team". (The
// same for counts, dates and sums lowered test precision: a figure
// stated beside the topic's words is not always the one asked for.)
func namingPerson(in AnswerInput, cands []candidate) []candidate {
	d := requestedDetail(in.Query)
	if d == nil || !d.person || len(in.Query.Parts) > 1 {
		return cands
	}
	var out []candidate
	for _, c := range cands {
		if in.Scorer.states(d, in.Passages[c.passage], c.text, false) {
			out = append(out, c)
		}
	}
	if len(out) == 0 {
		return cands
	}
	return out
}

// byDocument gathers the picked sentences of each document under one
// source label, documents in the order they first come, each paragraph's
// sentences in the paragraph's order: an answer that returned to a letter
// after quoting another would label it twice.
func byDocument(picked []candidate, passages []letters.Passage) []candidate {
	var order []int64
	groups := map[int64][]candidate{}
	for _, c := range picked {
		id := passages[c.passage].Document.ID
		if _, ok := groups[id]; !ok {
			order = append(order, id)
		}
		groups[id] = append(groups[id], c)
	}
	out := make([]candidate, 0, len(picked))
	for _, id := range order {
		g := groups[id]
		// each paragraph's sentences in the paragraph's order, the
		// paragraphs as they first come
		first := map[int]int{}
		for i, c := range g {
			if _, ok := first[c.passage]; !ok {
				first[c.passage] = i
			}
		}
		slices.SortStableFunc(g, func(a, b candidate) int {
			if a.passage != b.passage {
				return first[a.passage] - first[b.passage]
			}
			return strings.Index(passages[a.passage].Text, a.text) - strings.Index(passages[b.passage].Text, b.text)
		})
		out = append(out, g...)
	}
	return out
}

// Select chooses sentences: best first, then those that add uncovered terms
// or another letter, without repeating what is already said.
func (e *Extractive) Select(in AnswerInput) []candidate {
	cands, _ := in.Scorer.rankSentences(in.Passages)
	if len(cands) == 0 {
		return nil
	}
	cands = namingPerson(in, cands)
	maxN := e.MaxSentences
	if maxN <= 0 {
		maxN = 2
	}
	wide := in.Query.List || in.Query.Temporal
	if wide {
		maxN += 2
	}
	if in.Query.Define {
		maxN = 1
	}
	best := cands[0].score
	covered := make([]bool, len(in.Query.Terms))
	perPara := map[int]int{}
	docs := map[int64]bool{}
	used := make([]bool, len(cands))
	var picked []candidate
	take := func(i int) {
		c := cands[i]
		used[i] = true
		picked = append(picked, c)
		perPara[c.passage]++
		docs[in.Passages[c.passage].DocumentID] = true
		for t, ok := range c.matched {
			covered[t] = covered[t] || ok
		}
	}
	if i := stanceListItem(in, cands); i >= 0 {
		// "what needs to improve?": the report's own list under that
		// heading, among the best passages, is the answer (its items
		// follow, withListItems); a judgement row or a finding that
		// matches the words better restates one point of it
		take(i)
	}
	// a multi-part question: first the best sentence for each part that
	// the passages answer (one answer sentence per ask clause)
	for _, i := range partAnswers(in, cands) {
		if !used[i] {
			take(i)
		}
	}
	// a comparison: the best sentence of each side (each council, each
	// year) that answers well enough, so that one
	// letter cannot speak for both
	sides := sideAnswers(in, cands, best)
	for _, i := range sides {
		if !used[i] {
			take(i)
		}
	}
	maxN = max(maxN, len(picked)+1)
	if len(sides) >= 2 {
		// a comparison whose sides each have their answer: one sentence
		// per side, side by side, is the comparison; a third sentence is
		// more often a second view of one side than an answer
		maxN = len(picked)
	}
	for len(picked) < maxN {
		bi, bv := -1, 0.0
		for i, c := range cands {
			if used[i] || perPara[c.passage] >= 2 {
				continue
			}
			gain := 0.0
			if in.Scorer.total > 0 {
				for t, ok := range c.matched {
					if ok && !covered[t] {
						gain += in.Scorer.idf[t]
					}
				}
				gain /= in.Scorer.total
			}
			red := 0.0
			for _, p := range picked {
				red = max(red, jaccard(c.stems, p.stems))
			}
			v := 0.6*c.score + 0.4*gain - 0.6*red
			if in.Query.Temporal && !docs[in.Passages[c.passage].DocumentID] && len(picked) > 0 {
				v += 0.1
			}
			if v > bv {
				bi, bv = i, v
			}
		}
		if bi < 0 {
			break
		}
		c := cands[bi]
		if len(picked) > 0 {
			gain := 0.0
			for t, ok := range c.matched {
				if ok && !covered[t] {
					gain += in.Scorer.idf[t]
				}
			}
			if in.Scorer.total > 0 {
				gain /= in.Scorer.total
			}
			// a further sentence must add something asked about, or be nearly
			// as good as the best (lists and comparisons take more)
			strong := c.score >= 0.8*best || (wide && c.score >= 0.6*best)
			floor := 0.6
			if wide {
				floor = 0.45
			}
			if c.score < floor*best || (gain < 0.1 && !strong) {
				break
			}
			if !wide && !in.Query.Temporal && len(in.Query.Parts) < 2 && c.score < 0.8*best {
				// a question about one thing is answered by its best
				// sentence; another sentence, of the same letter or
				// another, is added only if it answers nearly as well
				break
			}
		}
		take(bi)
		if !in.Query.Temporal && len(picked) == 1 && len(in.Query.Parts) < 2 &&
			leadsList(in.Passages[c.passage].Text, c.text) {
			// a question whose best sentence introduces the letter's
			// own bulleted list ("Inspectors reviewed the following
			// areas:") is answered by that list, quoted below it
			break
		}
	}
	// a sentence about how things were ("At the last inspection in
	// November 2023, the response … was a strength.") brings the sentence
	// after it that says how they are now ("Since then, … declined."):
	// alone it would say the opposite of the letter
	picked = withSequel(picked, in.Passages, cands)
	picked = withAntecedent(picked, in.Passages, cands, in.Query.WantReason)
	// "what needs to improve?" answered from an item of the letter's own
	// list under that heading: the whole list
	stance := in.Query.Stance
	whole := func(p letters.Passage) bool {
		return stance != "" && stanceMatch(stance, 0, p.Section) == 1
	}
	picked = withListItems(picked, in.Passages, whole, in.Query.CountOf)
	if len(distinctYears(in.Query.Years)) < 2 && len(in.Query.Filter.Authorities) < 2 && len(in.Query.Parts) < 2 {
		// "what needs to improve?" answered by the letter's own list
		// under that heading: the list is the answer, and a finding or a
		// judgement beside it only repeats a point of it less exactly (a
		// comparison, or a question of several parts, keeps the rest)
		for _, c := range picked {
			p := in.Passages[c.passage]
			if !whole(p) {
				continue
			}
			if _, ok := listOf(p.Text, c.text); !ok {
				continue
			}
			var only []candidate
			for _, d := range picked {
				if d.passage == c.passage {
					only = append(only, d)
				}
			}
			picked = only
			break
		}
	}
	if in.Query.Temporal {
		sort.SliceStable(picked, func(i, j int) bool {
			di, dj := in.Passages[picked[i].passage].Document.Date, in.Passages[picked[j].passage].Document.Date
			if di != dj {
				return di < dj
			}
			if picked[i].passage == picked[j].passage {
				return strings.Index(in.Passages[picked[i].passage].Text, picked[i].text) <
					strings.Index(in.Passages[picked[j].passage].Text, picked[j].text)
			}
			return in.Passages[picked[i].passage].Ordinal < in.Passages[picked[j].passage].Ordinal
		})
	} else {
		// sentences of one paragraph stay in the paragraph's order
		sort.SliceStable(picked, func(i, j int) bool {
			if picked[i].passage == picked[j].passage {
				return strings.Index(in.Passages[picked[i].passage].Text, picked[i].text) <
					strings.Index(in.Passages[picked[j].passage].Text, picked[j].text)
			}
			return false
		})
	}
	return picked
}

// partAnswers are, for each part of a multi-part question, the index in
// cands of its best sentence, when that sentence covers at least half of
// what the part asks about (weighted by idf); none for a simple question.
func partAnswers(in AnswerInput, cands []candidate) []int {
	if len(in.Query.Parts) < 2 || in.Scorer == nil {
		return nil
	}
	index := map[[2]any]int{}
	for i, c := range cands {
		index[[2]any{c.passage, c.text}] = i
	}
	var out []int
	for _, p := range in.Query.Parts {
		sub := in.Scorer.part(p)
		if sub == nil {
			continue
		}
		sc, _ := sub.rankSentences(in.Passages)
		sub.q.Parts = []string{p}
		// a part asking who holds a post ("who inspected …, and who
		// signed the letter?") is answered by a sentence naming someone
		named := namingPerson(AnswerInput{Query: sub.q, Passages: in.Passages, Scorer: sub}, sc)
		person := len(named) < len(sc)
		if sc = named; len(sc) == 0 {
			continue
		}
		c := sc[0]
		var cov float64
		for t, ok := range c.matched {
			if ok {
				cov += sub.idf[t]
			}
		}
		if sub.total > 0 && cov/sub.total < 0.5 && !person {
			continue
		}
		if i, ok := index[[2]any{c.passage, c.text}]; ok {
			out = append(out, i)
		}
	}
	return out
}

// sideFloor: a side's best sentence is quoted when it scores at least
// this share of the best sentence overall.
const sideFloor = 0.4

// sideAnswers are, for a question comparing councils or years (sides
// retrieval searched separately), the index in cands of
// each side's best sentence, in side order; none for other questions.
func sideAnswers(in AnswerInput, cands []candidate, best float64) []int {
	f := in.Query.Filter
	years := distinctYears(in.Query.Years)
	var side func(d letters.DocRef) int
	switch {
	case len(f.Authorities) > 1:
		side = func(d letters.DocRef) int {
			for i, a := range f.Authorities {
				if strings.EqualFold(a, d.Authority) {
					return i
				}
			}
			return -1
		}
	case len(years) > 1 && len(f.DocumentIDs) == 0:
		// a letter is dated at or after its visit: its side is the latest
		// year asked about that is not after the letter's own year
		side = func(d letters.DocRef) int {
			t, err := time.Parse("2006-01-02", d.Date)
			if err != nil {
				return -1
			}
			s := -1
			for i, y := range years {
				if y <= t.Year() {
					s = i
				}
			}
			return s
		}
	default:
		return nil
	}
	bySide := map[int]int{}
	for i, c := range cands {
		sd := side(in.Passages[c.passage].Document)
		if _, ok := bySide[sd]; sd < 0 || ok || c.score < sideFloor*best {
			continue
		}
		bySide[sd] = i
	}
	var sides []int
	for sd := range bySide {
		sides = append(sides, sd)
	}
	sort.Ints(sides)
	var out []int
	for _, sd := range sides {
		out = append(out, bySide[sd])
	}
	return out
}

// distinctYears are the years in ascending order, each once.
func distinctYears(ys []int) []int {
	out := append([]int(nil), ys...)
	sort.Ints(out)
	return slices.Compact(out)
}

func endsSentence(s string) bool {
	s = strings.TrimRight(strings.TrimSpace(s), "\"”’')")
	return strings.HasSuffix(s, ".") || strings.HasSuffix(s, "?") || strings.HasSuffix(s, "!")
}

// SourceLabel is the heading an answer gives the statements of one
// document: "Nottingham City — monitoring visit letter, 12 March 2026:".
// It ends with a colon and carries no citation: a heading, not a claim.
func SourceLabel(d letters.DocRef) string {
	var parts []string
	if d.Authority != "" {
		parts = append(parts, d.Authority)
	}
	kind := strings.ToLower(letters.KindLabel(d.Kind))
	if t, err := time.Parse("2006-01-02", d.Date); err == nil {
		kind += ", " + t.Format("2 January 2006")
	}
	parts = append(parts, kind)
	return strings.Join(parts, " — ") + ":"
}

// Neutralise makes citation-like text inside a quoted sentence ("[2]",
// "[3, 4]", a board paper's reference numbers, or text planted to pose as
// citations) inert: brackets become parentheses, so that only the markers
// the answerer adds are read as citations.
func Neutralise(s string) string {
	return reMarker.ReplaceAllStringFunc(s, func(m string) string {
		m = strings.NewReplacer("[", "(", "]", ")", "【", "(", "】", ")").Replace(m)
		return m
	})
}

// maxListItems bounds the bullet items quoted after one lead-in.
const maxListItems = 12

// withListItems follows each picked lead-in that ends with a colon ("the
// areas covered by the visit were:", "decisions are made about:") with the
// bullet items under it in its paragraph: letters and board papers put what
// was asked for in those items, and the lead-in alone answers nothing. And
// a picked bullet item of a paragraph whole admits (the list under the
// letter's "What needs to improve?" heading, for a question asking what
// needs to improve) brings the list's other items: the question asked for
// the list, not its best-matching line. For a question counting countOf
// ("how many areas …") a lead-in that states the count beside that noun
// is the answer without its items.
func withListItems(picked []candidate, passages []letters.Passage, whole func(letters.Passage) bool, countOf string) []candidate {
	var out []candidate
	have := texts(picked)
	for _, c := range picked {
		out = append(out, c)
		text := passages[c.passage].Text
		if whole != nil && whole(passages[c.passage]) {
			if items, ok := listOf(text, c.text); ok {
				// one item of a list the question asks for: every item
				n := 0
				for _, item := range items {
					if item == "" || have[item] || strings.Contains(item, c.text) || n >= maxListItems {
						continue
					}
					have[item] = true
					out = append(out, candidate{text: item, passage: c.passage, score: c.score, matched: c.matched, item: true})
					n++
				}
				continue
			}
		}
		if !strings.HasSuffix(strings.TrimSpace(c.text), ":") || countOf != "" && countsNear(reParaNum.ReplaceAllString(c.text, ""), terms.Stem(countOf)) {
			// (a count is answered by the lead-in that states it: "The
			// inspection identified 8 specific areas for improvement:")
			continue
		}
		n := 0
		for _, item := range listAfter(passages[c.passage].Text, c.text) {
			if have[item] || n >= maxListItems {
				continue
			}
			have[item] = true
			out = append(out, candidate{text: item, passage: c.passage, score: c.score, matched: c.matched, item: true})
			n++
		}
	}
	return out
}

// leadsList reports whether sent ends with a colon and is followed in
// text by a list of at least two items (listAfter).
func leadsList(text, sent string) bool {
	return strings.HasSuffix(strings.TrimSpace(sent), ":") && len(listAfter(text, sent)) >= 2
}

// listAfter returns the items of the list that lead, a lead-in ending
// with a colon, introduces in text: the lines after it. A list whose first
// item has a bullet ends at the first line without one (the paragraph's
// prose goes on after it); a list without bullets (a board paper saved as
// text loses them) ends at another lead-in or the paragraph's end.
func listAfter(text, lead string) []string {
	var items []string
	after, bullets := false, false
	for _, line := range strings.Split(text, "\n") {
		t := strings.TrimSpace(line)
		if !after {
			after = strings.Contains(t, lead)
			continue
		}
		if t == "" {
			continue
		}
		bullet := reListBullet.MatchString(t)
		if len(items) == 0 {
			bullets = bullet
		}
		if bullets && !bullet || strings.HasSuffix(t, ":") {
			break
		}
		if item := strings.TrimSpace(reListBullet.ReplaceAllString(t, "")); item != "" {
			items = append(items, item)
		}
	}
	return items
}

// reEnumItem opens a numbered list item, as ingest keeps it on a line of
// its own: "(i) the timeliness …;", "(a) the findings … be noted;", "(1)
// That …".
var reEnumItem = regexp.MustCompile(`^(?:\((?:[a-z]|[ivx]{1,5}|\d{1,2})\)|(?:[a-z]|[ivx]{2,5})\))\s+\S`)

// reInnerSentence: a sentence ends inside the line and another starts: a
// lettered paragraph ("(a) Councillor X asked … Officers said …"), not a
// list item (ingest keeps such a paragraph whole).
var reInnerSentence = regexp.MustCompile(`[.!?]["”’)]?\s+["“‘(]?\p{Lu}`)

// reListBullet opens a bullet line.
var reListBullet = regexp.MustCompile(`^[•\-*▪●◦]\s*`)

// listOf returns the bullet items of text when sent is (part of) one of
// them.
func listOf(text, sent string) ([]string, bool) {
	items := bulletItems(text)
	return items, slices.ContainsFunc(items, func(item string) bool { return strings.Contains(item, sent) })
}

// bulletItems are the lines of text that open with a bullet ("•", "- "),
// without it, or with a number ("(i)", "(a)"), with it.
func bulletItems(text string) []string {
	var items []string
	for _, line := range strings.Split(text, "\n") {
		t := strings.TrimSpace(line)
		if reEnumItem.MatchString(t) && !reInnerSentence.MatchString(t) {
			items = append(items, t) // "(i) the timeliness of …;": its number is its text's
			continue
		}
		if !strings.HasPrefix(t, "•") && !strings.HasPrefix(t, "- ") {
			continue
		}
		items = append(items, strings.TrimSpace(strings.TrimLeft(t, "•- ")))
	}
	return items
}

var reFullDate = regexp.MustCompile(`\b(\d{1,2})(?:st|nd|rd|th)? (January|February|March|April|May|June|July|August|September|October|November|December) ((?:19|20)\d{2})\b`)

// reTwoPoints: a question about the time between two events.
var reTwoPoints = regexp.MustCompile(`(?i)\b(?:between|after|before|since|until|till)\b|\bfrom\b.*\bto\b`)

var (
	rePastState = regexp.MustCompile(`(?i)^(?:at|in|during|following|by) the (?:time of the )?(?:last|previous|earlier|first) (?:full )?(?:inspection|visit|monitoring visit|focused visit)\b|^previously\b|^when (?:ofsted|inspectors) (?:last )?(?:inspected|visited)\b`)
	reSequel    = regexp.MustCompile(`(?i)^(?:since then|however|but|despite this|nevertheless|yet|this has (?:since|now)|now)\b`)
)

// texts is the set of the candidates' sentences.
func texts(cs []candidate) map[string]bool {
	have := make(map[string]bool, len(cs))
	for _, c := range cs {
		have[c.text] = true
	}
	return have
}

// withSequel adds, after each picked sentence that says how things were
// at an earlier inspection or visit, the next sentence of its paragraph
// when that one turns to how they are now.
func withSequel(picked []candidate, passages []letters.Passage, cands []candidate) []candidate {
	var out []candidate
	have := texts(picked)
	for _, c := range picked {
		out = append(out, c)
		if !rePastState.MatchString(c.text) {
			continue
		}
		sents := Sentences(passages[c.passage].Text)
		for i, s := range sents {
			if s != c.text || i+1 >= len(sents) {
				continue
			}
			next := sents[i+1]
			if reSequel.MatchString(next) && !have[next] {
				have[next] = true
				out = append(out, sentenceOf(cands, c.passage, next))
			}
			break
		}
	}
	return out
}

// sentenceOf is the scored candidate for sentence text of passage, or an
// unscored one when the scorer skipped it (a neighbour brought in for
// what it says about a picked sentence).
func sentenceOf(cands []candidate, passage int, text string) candidate {
	for _, x := range cands {
		if x.text == text && x.passage == passage {
			return x
		}
	}
	return candidate{text: text, passage: passage}
}

// reConsequence opens a sentence that draws a consequence from the one
// before it ("Children and their families therefore wait longer …", "As a
// result, …"): the cause is that earlier sentence.
var reConsequence = regexp.MustCompile(`(?i)^(?:as a result|consequently|therefore|thus|this means|this has (?:led|resulted)|this leads|this results)\b|^\S+(?: \S+){0,6} (?:therefore|consequently|thus)\b`)

// reThusFar: "thus far" means "so far", not "so".
var reThusFar = regexp.MustCompile(`(?i)\bthus far\b`)

// reAnaphor opens a sentence that points back to the one before it for
// what it is about ("This drift and delay in decision-making hinders …",
// "These delays …", "It means …"): quoted alone it names nothing. Not
// "This letter …", "This visit …", "This year …": those point to the
// document or a time.
var reAnaphor = regexp.MustCompile(`(?i)^(?:this|these|such|it)\b`)
var reAnaphorNot = regexp.MustCompile(`(?i)^(?:this|these) (?:letter|visit|year|month|week|quarter|inspection|report|paper|monitoring|focused)\b`)

// withAntecedent adds, before each picked sentence that points back to the
// sentence before it (reAnaphor), that sentence: a quote must say what it
// is about. For a question asking why (why true), a sentence that draws a
// consequence from the one before it brings it too: the question is
// answered by the cause, not by its own premise restated.
func withAntecedent(picked []candidate, passages []letters.Passage, cands []candidate, why bool) []candidate {
	var out []candidate
	have := texts(picked)
	for _, c := range picked {
		back := reAnaphor.MatchString(c.text) && !reAnaphorNot.MatchString(c.text)
		if back || why && reConsequence.MatchString(c.text) && !reThusFar.MatchString(c.text) {
			sents := Sentences(passages[c.passage].Text)
			if i := slices.Index(sents, c.text); i > 0 && !have[sents[i-1]] {
				prev := sents[i-1]
				have[prev] = true
				out = append(out, sentenceOf(cands, c.passage, prev))
			}
		}
		out = append(out, c)
	}
	return out
}

// durationLine shows the time between the earliest and the latest full
// date the picked sentences state ("Between 1 August 2024 and 10 February
// 2026: 18 months (558 days), from the dates quoted below:"), or "" when
// they state fewer than two. It is arithmetic on the quotes, not a claim of
// a letter: it ends with a colon and carries no citation.
func durationLine(picked []candidate) string {
	var dates []time.Time
	for _, c := range picked {
		for _, m := range reFullDate.FindAllStringSubmatch(c.text, -1) {
			if t, err := time.Parse("2 January 2006", m[1]+" "+m[2]+" "+m[3]); err == nil {
				dates = append(dates, t)
			}
		}
	}
	if len(dates) < 2 {
		return ""
	}
	sort.Slice(dates, func(i, j int) bool { return dates[i].Before(dates[j]) })
	a, b := dates[0], dates[len(dates)-1]
	if !a.Before(b) {
		return ""
	}
	months := (b.Year()-a.Year())*12 + int(b.Month()-a.Month())
	if b.Day() < a.Day() {
		months--
	}
	days := int(b.Sub(a).Hours() / 24)
	span := fmt.Sprintf("%d days", days)
	switch {
	case months == 1:
		span = fmt.Sprintf("1 month (%d days)", days)
	case months > 1:
		span = fmt.Sprintf("%d months (%d days)", months, days)
	}
	return fmt.Sprintf("Between %s and %s: %s, from the dates quoted below:", a.Format("2 January 2006"), b.Format("2 January 2006"), span)
}
