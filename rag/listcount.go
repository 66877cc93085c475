package rag

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/letters-app/letters"
)

// Ofsted's focused visit letters and inspection reports list what the
// council must do under a heading of its own ("What needs to improve in
// this area of social work practice?", "Priority action", "Areas for
// improvement"), one bullet a point, without saying how many there are. A
// question counting them ("how many areas for improvement did the focused
// visit give?") is answered by counting the bullets, shown as arithmetic on
// the quoted list, not as a claim of the letter.

// reAsksListed: a count question about what a letter lists under such a
// heading.
var reAsksListed = regexp.MustCompile(`(?i)\b(?:improve|improvements?|improving|priority actions?|priorities|weaknesses|areas? for (?:further )?(?:improvement|development))\b`)

// reCrossRef: a point's closing cross-reference in brackets after its
// full stop ("… immediate need. (outcome 3, national framework)"): a
// pointer to the national framework, not part of the point.
var reCrossRef = regexp.MustCompile(`\.\s*\([^()]*\)\s*$`)

// rePriorityHeading heads a letter's priority actions.
var rePriorityHeading = regexp.MustCompile(`(?i)\bpriority actions?\b`)

// listedItems returns the bullet items of p when q counts what p's heading
// lists: the priority actions under a "Priority action" heading, the areas
// for improvement under a heading of what needs to improve (not a graded
// judgement's heading, whose paragraphs are findings, not a list); nil for
// any other question or paragraph.
func listedItems(q Query, p letters.Passage) []string {
	if !q.WantNumber || q.CountOf == "" || !reAsksListed.MatchString(q.Ask) {
		return nil
	}
	h := p.Section
	if strings.Contains(strings.ToLower(q.Ask), "priorit") {
		if !rePriorityHeading.MatchString(h) {
			return nil
		}
	} else if !reImproveHeading.MatchString(h) || rePriorityHeading.MatchString(h) || reGradedSection.MatchString(h) {
		return nil
	}
	var items []string
	for _, item := range bulletItems(p.Text) {
		if m := reCrossRef.FindStringIndex(item); m != nil {
			item = item[:m[0]+1]
		}
		if item != "" {
			items = append(items, item)
		}
	}
	return items
}

// countedList is the 1-based marker of the first of passages whose list
// answers q's count (listedItems), or 0.
func countedList(q Query, passages []letters.Passage) int {
	for i, p := range passages {
		if len(listedItems(q, p)) > 0 {
			return i + 1
		}
	}
	return 0
}

// listCountAnswer is the answer to a count question from the list of the
// passage with marker n: its document's label, the count with the heading
// it was counted under (a line ending with a colon, no citation: it is
// arithmetic on the quotes), then each item quoted and cited.
func listCountAnswer(q Query, passages []letters.Passage, n int) string {
	p := passages[n-1]
	items := listedItems(q, p)
	var b strings.Builder
	b.WriteString(SourceLabel(p.Document))
	b.WriteString("\n")
	what := "areas for improvement"
	if rePriorityHeading.MatchString(p.Section) {
		what = "priority actions"
	}
	verb := "are"
	if len(items) == 1 {
		what, verb = strings.Replace(strings.Replace(what, "areas", "area", 1), "actions", "action", 1), "is"
	}
	fmt.Fprintf(&b, "%d %s %s listed under “%s”:", len(items), what, verb, strings.TrimSpace(p.Section))
	for _, it := range items {
		fmt.Fprintf(&b, "\n%s [%d]", Neutralise(it), n)
	}
	return b.String()
}

// findCountedList sets st.countList for a question counting what a letter
// lists (listedItems) when no sentence of the best passages states the
// count: the list among the best passages, or else the first such list of
// their documents (in the passages' order), added to the passages. The
// heading, not the items, holds the question's words, so retrieval often
// ranks the list below the findings that repeat them.
func (s *Service) findCountedList(ctx context.Context, st *askState) error {
	if len(st.passages) == 0 || !st.q.WantNumber || st.q.CountOf == "" || !reAsksListed.MatchString(st.q.Ask) {
		return nil
	}
	top := st.passages[:min(len(st.passages), detailDepth)]
	if d := requestedDetail(st.q); d == nil || st.scorer.detailStated(d, top) {
		return nil
	}
	if n := countedList(st.q, top); n > 0 {
		st.countList = n
		return nil
	}
	src, ok := s.store.(BriefStore)
	if !ok {
		return nil
	}
	var ids []int64
	refs := map[int64]letters.DocRef{}
	for _, p := range top {
		if _, ok := refs[p.DocumentID]; !ok {
			ids = append(ids, p.DocumentID)
			refs[p.DocumentID] = p.Document
		}
	}
	paras, err := src.DocumentParagraphs(ctx, ids)
	if err != nil {
		return fmt.Errorf("rag: the list a count question asks about: %w", err)
	}
	for _, id := range ids {
		for _, para := range paras[id] {
			p := letters.Passage{Paragraph: para, Document: refs[id]}
			if len(listedItems(st.q, p)) > 0 {
				// first: it is what the answer is made of
				st.passages = append([]letters.Passage{p}, st.passages...)
				for i := range st.passages {
					st.passages[i].Rank = i + 1
				}
				st.countList = 1
				return nil
			}
		}
	}
	return nil
}
