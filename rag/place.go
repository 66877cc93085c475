package rag

import (
	"context"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/letters-app/letters"
)

// maxPlaceCandidates bounds the councils whose documents are read to tell
// which one "the city" or "the county" means: beyond it, those among the
// question's best passages.
const maxPlaceCandidates = 8

// placeByDocuments tells which council a question's "the city" or "the
// county" means (q.PlaceKind, no council named) from what the question says
// of it that only one such council's documents bear out: a numbered
// monitoring visit ("the county's second monitoring visit"), a visit named
// by its month, a joint targeted area inspection, a year a document is
// dated or a visit made in, a kind of document (its focused visit, its
// corporate parenting panel's minutes), a name its papers use ("the
// county's Grow Our Own scheme"). Whoever writes "the county" has one in
// mind, and says of it what marks it out; a question saying nothing that
// one council's documents alone bear out is left as it is (the answer
// then says which councils it quotes). It returns the council and what
// marked it out, or "" when no one council does.
//
// When the question asks about a visit (a numbered monitoring visit, one
// named by its month, a JTAI) that no document of any council of the kind
// is of or mentions, notHeld says so, and the question is refused as it is
// for a council named ("No document held for X is of its first monitoring
// visit"): only when every council of the kind was read.
func (s *Service) placeByDocuments(ctx context.Context, pq prepared, ci corpusInfo) (council string, why []string, notHeld string) {
	q := pq.q
	if q.PlaceKind == "" || len(q.Filter.Authorities) > 0 {
		return "", nil, ""
	}
	src, ok := s.store.(BriefStore)
	if !ok {
		return "", nil, ""
	}
	checks := placeChecks(q)
	if len(checks) == 0 {
		return "", nil, ""
	}
	var cands []string
	for _, a := range ci.authorities {
		if OfPlaceKind(a, q.PlaceKind) {
			cands = append(cands, a)
		}
	}
	all := len(cands) <= maxPlaceCandidates
	if !all {
		// many councils of the kind: those the question's best passages
		// are from
		ps, err := s.search(ctx, pq.scorer, pq.vec, pq.f)
		if err != nil {
			s.log.Debug("place candidates; question left as it is", "err", err)
			return "", nil, ""
		}
		cands = cands[:0]
		for _, p := range Rerank(pq.scorer, ps, rerankPool) {
			if a := p.Document.Authority; OfPlaceKind(a, q.PlaceKind) && !slices.Contains(cands, a) && len(cands) < maxPlaceCandidates {
				cands = append(cands, a)
			}
		}
	}
	if len(cands) < 2 {
		return "", nil, ""
	}
	best, bestN, tie := "", -1, false
	var bestMet []bool
	everyone := slices.Repeat([]bool{true}, len(checks)) // the checks every candidate meets
	visits := visitsAsked(q)
	for _, c := range cands {
		docs, err := src.CouncilDocuments(ctx, c)
		if err != nil {
			s.log.Debug("place candidate documents; question left as it is", "council", c, "err", err)
			return "", nil, ""
		}
		visits = slices.DeleteFunc(visits, func(v placeCheck) bool { return slices.ContainsFunc(docs, v.holds) })
		met, n := make([]bool, len(checks)), 0
		for i, ch := range checks {
			if met[i] = slices.ContainsFunc(docs, ch.holds); met[i] {
				n++
			}
			everyone[i] = everyone[i] && met[i]
		}
		switch {
		case n > bestN:
			best, bestN, bestMet, tie = c, n, met, false
		case n == bestN:
			tie = true
		}
	}
	if all && len(visits) > 0 {
		return "", nil, "No document held for any " + q.PlaceKind + " council is of " + visits[0].what + " or mentions one."
	}
	if tie || bestN <= 0 {
		return "", nil, ""
	}
	// the notice says what marked it out: not what every council has
	var marked []string
	for i, ch := range checks {
		if bestMet[i] && !everyone[i] {
			marked = append(marked, ch.what)
		}
	}
	return best, marked, ""
}

// visitsAsked are the visits q asks about, each as a test of a document
// that is of it or speaks of it: a numbered monitoring visit, a visit named
// by its month, a joint targeted area inspection.
func visitsAsked(q Query) []placeCheck {
	var out []placeCheck
	if len(q.Ordinals) == 1 && !asksFuture(q) {
		n := q.Ordinals[0]
		mention := visitMention(n)
		out = append(out, placeCheck{"its " + ordinalWord(n) + " monitoring visit", func(d letters.Document) bool {
			return visitOrdinal(reOwnOrdinal, d.Body) == n || mention.MatchString(d.Body)
		}})
	}
	if ms := months(reMonthVisit.FindString(q.Ask)); len(ms) == 1 {
		out = append(out, placeCheck{"a visit in " + ms[0].Month.String() + " " + strconv.Itoa(ms[0].Year), func(d letters.Document) bool {
			return datedIn(visitRef(d), ms) || slices.Contains(months(d.Body), ms[0])
		}})
	}
	if reJointInspection.MatchString(q.Ask) {
		out = append(out, placeCheck{"a joint targeted area inspection", func(d letters.Document) bool {
			return reSpeaksOfJoint.MatchString(d.Title) || reSpeaksOfJoint.MatchString(d.Body)
		}})
	}
	return out
}

// placeCheck is one thing a question says of the council it means, as a
// test of one of a council's documents.
type placeCheck struct {
	what  string // as the notice says it: "a second monitoring visit"
	holds func(letters.Document) bool
}

// placeChecks are what q says of "the city" or "the county" that its
// documents can bear out.
func placeChecks(q Query) []placeCheck {
	var out []placeCheck
	for _, n := range q.Ordinals {
		out = append(out, placeCheck{"a " + ordinalWord(n) + " monitoring visit", func(d letters.Document) bool {
			return visitOrdinal(reOwnOrdinal, d.Body) == n
		}})
	}
	for _, m := range reDatedMention.FindAllString(q.Text, -1) {
		if ms := months(m); len(ms) > 0 {
			out = append(out, placeCheck{"a document or visit of " + ms[0].Month.String() + " " + strconv.Itoa(ms[0].Year), func(d letters.Document) bool {
				return datedIn(visitRef(d), ms[:1])
			}})
			continue
		}
		y, _ := strconv.Atoi(reYear.FindString(m))
		out = append(out, placeCheck{"a document or visit of " + strconv.Itoa(y), func(d letters.Document) bool {
			return ofYear(d, y)
		}})
	}
	if reJointInspection.MatchString(q.Ask) {
		out = append(out, placeCheck{"a joint targeted area inspection", func(d letters.Document) bool {
			return reSpeaksOfJoint.MatchString(d.Title) || reSpeaksOfJoint.MatchString(d.Body)
		}})
	}
	if kinds := q.Asked.Kinds; len(kinds) > 0 {
		what := "a " + strings.ToLower(letters.KindLabel(kinds[0]))
		if len(kinds) > 1 {
			what = "a visit or inspection letter"
		}
		out = append(out, placeCheck{what, func(d letters.Document) bool {
			return slices.Contains(kinds, d.Kind)
		}})
	}
	for _, n := range namePhrases(q.Ask) {
		re := regexp.MustCompile(`\b` + regexp.QuoteMeta(n) + `\b`)
		out = append(out, placeCheck{"“" + n + "”", func(d letters.Document) bool {
			return re.MatchString(d.Body)
		}})
	}
	return out
}

// reNamePhrase is a run of capitalised words ("Grow Our Own", "Larch
// Lodge", "Safe Steps Partnership").
var reNamePhrase = regexp.MustCompile(`\b\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*)*`)

// namePhrases are the names text gives a thing, each a run of capitalised
// words, as documents write them: not a sentence's first word, a council,
// the inspectorate, a month, "the city" or "the county" ("City").
func namePhrases(text string) []string {
	var out []string
	for _, loc := range reNamePhrase.FindAllStringIndex(text, -1) {
		before := strings.TrimRight(text[:loc[0]], " \t")
		if before == "" || strings.HasSuffix(before, ".") || strings.HasSuffix(before, "?") || strings.HasSuffix(before, "!") || strings.HasSuffix(before, ":") {
			continue // a sentence's first word
		}
		n := strings.TrimSuffix(strings.TrimSuffix(text[loc[0]:loc[1]], "'s"), "’s")
		if w := strings.ToLower(n); placeWords[w] || len(months(n+" 2000")) > 0 || isAllUpper(n) || slices.Contains(out, n) {
			continue
		}
		out = append(out, n)
	}
	return out
}

// reDatedMention is a date that dates a visit, a document or a meeting
// ("the 2023 inspection", "the October 2024 meeting", "when Ofsted
// inspected in 2023", "its visit in March 2024", "judged inadequate in
// 2023"), not an event a document
// reports ("care leavers placed in B&Bs in 2023") or a target ("by March
// 2025"), which any council's papers may speak of.
var reDatedMention = regexp.MustCompile(`(?i)\b(?:` + monthNames + `\s+)?(?:19|20)\d{2}(?:/\d{2})?\s+(?:ofsted\s+|full\s+|monitoring\s+|focused\s+|ilacs\s+|cabinet\s+|panel\s+|committee\s+|board\s+)*(?:visit|inspection|letter|report|meeting|paper|judgement)s?\b|\b(?:visit|inspect(?:ion|ed)|letter|meeting|report)\s+(?:(?:in|of|during|on)\s+)(?:` + monthNames + `\s+)?(?:19|20)\d{2}\b` +
	// a judgement is an inspection's: "judged inadequate in 2023", "went
	// inadequate in July 2023"
	`|\b(?:it|city|county|council|authority|services)\s+(?:was\s+|were\s+|had been\s+|got\s+)?(?:judged|rated|graded|went|became)\s+(?:as\s+)?(?:outstanding|good|inadequate|requires improvement(?: to be good)?)\s+(?:by ofsted\s+)?in\s+(?:` + monthNames + `\s+)?(?:19|20)\d{2}\b`)

// monthNames matches a month's name or its abbreviation.
const monthNames = `(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)`

// placeWords are capitalised words that name no one council's thing: the
// inspectorate, the place words themselves.
var placeWords = map[string]bool{"ofsted": true, "city": true, "county": true, "council": true}

// ofYear reports whether d is dated in year y, or reports a visit made in it.
func ofYear(d letters.Document, y int) bool {
	r := visitRef(d)
	for _, t := range []string{r.Date, r.VisitStart, r.VisitEnd} {
		if strings.HasPrefix(t, strconv.Itoa(y)+"-") {
			return true
		}
	}
	return false
}
