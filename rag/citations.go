package rag

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/letters-app/letters"
)

// reMarker matches citation markers: [3], [3, 5], [3; 5], 【3】; adjacent
// markers such as [3][5] are two matches.
var reMarker = regexp.MustCompile(`\s?[\[【]\s*(\d{1,3}(?:\s*[,;]\s*\d{1,3})*)\s*[\]】]`)

// ParseMarkers returns the marker numbers in text, in order of appearance.
func ParseMarkers(text string) []int {
	var out []int
	for _, m := range reMarker.FindAllStringSubmatch(text, -1) {
		for _, f := range strings.FieldsFunc(m[1], func(r rune) bool { return r == ',' || r == ';' || r == ' ' }) {
			if n, err := strconv.Atoi(f); err == nil {
				out = append(out, n)
			}
		}
	}
	return out
}

// SupportThreshold is the share of a sentence's content words that its cited
// paragraphs must contain for the citation to count as supported.
const SupportThreshold = 0.6

// Numbering maps context markers (1..len(passages)) to display markers
// (1..m, in order of first appearance) and drops markers that name no passage.
type Numbering struct {
	n       int
	display map[int]int
	order   []int // context markers in display order
	Dropped int
}

// NewNumbering numbers markers for a context of n passages.
func NewNumbering(n int) *Numbering { return &Numbering{n: n, display: map[int]int{}} }

// Map returns the display marker for a context marker, or 0 when it names no
// passage (and counts it as dropped).
func (nb *Numbering) Map(ctxMarker int) int {
	if ctxMarker < 1 || ctxMarker > nb.n {
		nb.Dropped++
		return 0
	}
	if d, ok := nb.display[ctxMarker]; ok {
		return d
	}
	d := len(nb.order) + 1
	nb.display[ctxMarker] = d
	nb.order = append(nb.order, ctxMarker)
	return d
}

// Rewrite rewrites every marker group in text to display markers, removing
// unknown ones; "[3, 9]" with 9 unknown becomes "[1]".
func (nb *Numbering) Rewrite(text string) string {
	return reMarker.ReplaceAllStringFunc(text, func(m string) string {
		lead := ""
		if strings.HasPrefix(m, " ") {
			lead = " "
		}
		sub := reMarker.FindStringSubmatch(m)
		var keep []string
		for _, f := range strings.FieldsFunc(sub[1], func(r rune) bool { return r == ',' || r == ';' || r == ' ' }) {
			n, _ := strconv.Atoi(f)
			if d := nb.Map(n); d > 0 {
				keep = append(keep, strconv.Itoa(d))
			}
		}
		if len(keep) == 0 {
			return ""
		}
		return lead + "[" + strings.Join(keep, ", ") + "]"
	})
}

// Check rewrites a draft's markers to display numbers, drops unknown ones,
// and scores each cited sentence against its cited paragraphs. It returns
// the final text, the citations (in display order) and the counts of dropped
// markers and unsupported citations.
func Check(text string, passages []letters.Passage) (string, []letters.Citation, int, int) {
	return check(text, passages, nil)
}

// check is Check with the service's text caches (nil: none).
func check(text string, passages []letters.Passage, an *analysis) (string, []letters.Citation, int, int) {
	nb := NewNumbering(len(passages))
	out := nb.Rewrite(text)
	support := supportByDisplay(out, nb, passages, an)
	unsupported := 0
	for _, s := range support {
		if s < SupportThreshold {
			unsupported++
		}
	}
	return out, citationsFrom(support, nb, passages), nb.Dropped, unsupported
}

// CheckSentences scores each sentence of a final answer (display markers)
// against the quotes of its citations; a sentence without a marker has
// support 0.
func CheckSentences(answer string, cits []letters.Citation) []letters.SentenceCheck {
	return checkSentences(answer, cits, nil)
}

// citesRetrieved says whether a draft cites any of n retrieved passages.
func citesRetrieved(text string, n int) bool {
	nb := NewNumbering(n)
	nb.Rewrite(text)
	return len(nb.order) > 0
}

// stemsWith returns text's stems from the caches when there are some.
func stemsWith(an *analysis, text string) textStems {
	if an == nil {
		return stemsOf(text)
	}
	return an.stems.get(text, stemsOf)
}

// checkSentences is CheckSentences with the service's text caches.
// reSourceLabel is a statement's leading source label, "(monitoring visit
// letter, 12 March 2026)" or "- (council board paper, 27 September 2022)":
// metadata of the cited document, not a claim its paragraph must hold.
var reSourceLabel = regexp.MustCompile(`^\s*(?:-\s*)?\([^()]*\b(?:19|20)\d{2}\)\s*`)

// claimStems are the stems of a sentence's claim: without markers and
// without a leading source label.
func claimStems(sent string) textStems {
	return stemsOf(reSourceLabel.ReplaceAllString(reMarker.ReplaceAllString(sent, ""), ""))
}

func checkSentences(answer string, cits []letters.Citation, an *analysis) []letters.SentenceCheck {
	byMarker := map[int]string{}
	for _, c := range cits {
		byMarker[c.Marker] = c.Quote
	}
	var out []letters.SentenceCheck
	for _, sent := range citedSentences(answer) {
		marks := ParseMarkers(sent)
		clean := strings.TrimSpace(reMarker.ReplaceAllString(sent, ""))
		sc := letters.SentenceCheck{Text: clean, Markers: marks}
		if len(marks) > 0 {
			// each citation on its own: a sentence is supported only when
			// every paragraph it cites holds most of its words (a padded
			// "[1][4]" is not carried by [1])
			words := claimStems(clean)
			sc.Support = 1
			for _, m := range marks {
				sc.Support = min(sc.Support, round2(shareIn(words, stemsWith(an, byMarker[m]))))
			}
			sc.Supported = sc.Support >= SupportThreshold
		} else if strings.HasSuffix(clean, ":") {
			continue // a heading (a source label, a lead-in) asserts nothing
		}
		out = append(out, sc)
	}
	return out
}

// citationsFrom builds the citation list from each display marker's support.
func citationsFrom(support map[int]float64, nb *Numbering, passages []letters.Passage) []letters.Citation {
	cits := make([]letters.Citation, 0, len(nb.order))
	for i, cm := range nb.order {
		p := passages[cm-1]
		s, ok := support[i+1]
		if !ok {
			s = 0
		}
		cits = append(cits, letters.Citation{
			Marker: i + 1, ParagraphID: p.ID, Key: p.Key, Document: p.Document, Label: p.Label,
			Section: p.Section, Quote: p.Text, Support: round2(s), Supported: s >= SupportThreshold,
		})
	}
	return cits
}

// supportByDisplay gives each display marker the lowest support over the
// sentences that cite it, each citation scored on its own paragraph (not the
// union of a sentence's citations, which let a padded citation pass).
func supportByDisplay(text string, nb *Numbering, passages []letters.Passage, an *analysis) map[int]float64 {
	out := map[int]float64{}
	memo := map[int]textStems{}
	stemsAt := func(i int) textStems {
		ts, ok := memo[i]
		if !ok {
			ts = stemsWith(an, passages[i].Text)
			memo[i] = ts
		}
		return ts
	}
	for _, sent := range citedSentences(text) {
		words := claimStems(sent)
		marks := ParseMarkers(sent)
		if len(marks) == 0 {
			continue
		}
		for _, d := range marks {
			if d < 1 || d > len(nb.order) {
				continue
			}
			s := shareIn(words, stemsAt(nb.order[d-1]-1))
			if prev, ok := out[d]; !ok || s < prev {
				out[d] = s
			}
		}
	}
	return out
}

// shareIn is the share of a sentence's stems that a paragraph has (1 for a
// sentence without content words).
func shareIn(words, para textStems) float64 {
	if len(words.set) == 0 {
		return 1
	}
	hit := 0
	for k := range words.set {
		if para.set[k] {
			hit++
		}
	}
	return float64(hit) / float64(len(words.set))
}

// citedSentences splits an answer into sentences, each carrying the markers
// that follow it (a marker after the full stop belongs to the sentence before).
func citedSentences(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		// move markers that follow a full stop before it, then split
		line = reMarkerAfterStop.ReplaceAllString(line, "$2$1")
		out = append(out, Sentences(line)...)
	}
	return out
}

var reMarkerAfterStop = regexp.MustCompile(`([.!?])((?:\s?[\[【][\d,; ]+[\]】])+)`)

func round2(f float64) float64 { return float64(int(f*100+0.5)) / 100 }
