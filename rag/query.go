package rag

import (
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/letters-app/letters"

	"github.com/letters-app/letters/internal/terms"
)

// Query is a question understood without a model: its content terms (with
// acronyms expanded both ways and informal words mapped to the letters'
// vocabulary), the metadata filters it names, and what shape of answer it wants.
type Query struct {
	Text   string         // the question as asked (after follow-up rewriting)
	Terms  []Term         // content terms, one per concept
	Filter letters.Filter // filters recognised in the text, merged with the caller's
	Names  []string       // capitalised words of the question (proper names), lower-cased
	Places []string       // those of Names that are part of a council's name ("nottingham"): where, not what
	// PlaceKind is "city" or "county" when the question says "the city"
	// or "the county" (one of them) and names no council: which council it
	// means is not known (ResolvePlaces found none, or several), but the
	// kind of council is, and answers from the other kind are not about it
	PlaceKind string
	// Asked: the filters the question's own words set (Filter adds the
	// caller's and resolves "latest" to documents)
	Asked letters.Filter
	// ShortNamed: the councils of Asked named only by their short name
	// ("Pelham", "Nottingham"): a place as much as a council, which does
	// not tie an off-subject question to the letters ("What is the weather
	// in Nottingham?")
	ShortNamed []string
	Years      []int
	// Months: a month and year the ask names ("the January 2025 visit",
	// "the March 2026 letter"), which dates one visit, letter or meeting:
	// the documents dated so rank first (a preference, not a filter)
	Months []YearMonth
	// Ordinals: the monitoring visits the ask numbers ("the first
	// monitoring visit", "Ofsted's third monitoring visit"): 1, 2, 3 …
	Ordinals []int
	Temporal bool // asks about change over time or compares letters: order by date
	List     bool // asks for several items
	Define   bool // asks what an acronym or term stands for
	// expected answer types
	WantWho    bool // "who", "which inspectors": a person's name
	WantWhen   bool // "when", "which dates": a date
	WantNumber bool // "how many", "how long", "how much": a number
	// WantMoney: "how much money / did it cost / is it worth": a sum (£);
	// WantPercent: "what rate / share / percentage": a percentage
	WantMoney, WantPercent bool
	// OnlyChange: the question asks what changed and about nothing else
	// ("What has changed at Nottingham City?")
	OnlyChange bool
	// AsksScope: the question asks what a visit or inspection covered
	// ("what areas did the visit look at?"): the letter's list of them
	// answers it
	AsksScope bool
	// WantGrade: "what grade / rating", "how was it judged": an
	// inspection's judgement (a table row, "judged good")
	WantGrade bool
	// WantReason: "why", "what caused", "what is the reason": a sentence
	// that gives a cause ("because", "owing to", "as a result of")
	WantReason bool
	// CountOf: what "how many …" counts ("how many inspectors" →
	// "inspectors"): its answer puts a number before that word
	CountOf string
	Kinds   []string
	// Ask and Premise: "Nottingham City was judged inadequate in 2022 —
	// what has improved since?" asks "what has improved since?" given the
	// premise; a year in the premise does not filter.
	Ask, Premise string
	PremiseYears []int
	// Duration: "how long between …", "how long after …": the dates the
	// letters state answer it, and the answer shows the difference.
	Duration bool
	// Stance: the ask wants the letters' criticisms ("weak": weaknesses,
	// concerns, what needs to improve, what to worry about) or their praise
	// ("strong": strengths, positives, what is working well, what has got
	// better); "" for a neutral question.
	Stance string
	// Parts: the questions a multi-part ask joins ("How much did X put in,
	// and what is it paying for?"), each answered in its own right; one
	// part for a simple question.
	Parts []string
}

// Term is one concept of a query: a stem and its alternatives (an acronym's
// expansion, a synonym); a sentence matches the term if it has any of them.
type Term struct {
	Word    string     // surface form as asked
	Alts    [][]string // each alternative is a sequence of stems (a phrase)
	Phrases []string   // the alternatives as words, for full-text search
	// Related: the thesaurus's other names for the term's concept
	// (stems, and as words), counted at relatedWeight
	Related        [][]string
	RelatedPhrases []string
}

// Stems returns all single stems that stand for the term.
func (t Term) Stems() []string {
	var out []string
	for _, a := range t.Alts {
		out = append(out, a...)
	}
	return out
}

// synonyms maps informal or alternative words to the letters' vocabulary.
// It is general English for this domain, not a list fitted to questions.
var synonyms = map[string][]string{
	"kid": {"child"}, "kids": {"child"}, "youngster": {"child"}, "youngsters": {"child"},
	"mum": {"parent"}, "mums": {"parent"}, "dad": {"parent"}, "dads": {"parent"},
	"cops": {"police"}, "staff": {"workforce", "worker"}, "boss": {"leader", "manager"},
	"bosses": {"leader", "manager"}, "rating": {"judged", "grade"}, "rated": {"judged"},
	"grade": {"judged", "judgement"}, "grading": {"judged", "grade"}, "delay": {"wait"}, "delays": {"wait"},
	"slow": {"delay", "timeliness"}, "quick": {"prompt", "timely"}, "fast": {"prompt", "swift"},
	"problems": {"weakness", "concern"}, "problem": {"weakness", "concern"},
	"strengths": {"strong"}, "bad": {"inadequate", "poor", "weak"},
	"pile": {"backlog"}, "pileup": {"backlog"}, "logjam": {"backlog"}, "queue": {"backlog", "waiting"}, "queues": {"backlog", "waiting"},
	"apologised": {"apologise", "sorry"}, "apologized": {"apologise", "sorry"}, "apology": {"apologise", "sorry"},
	"council": {"authority"}, "saw": {"seen"}, "see": {"seen"},
	// a backlog "sorted" is one the letters say was cleared or resolved
	"sorted": {"cleared", "resolved"},
	// contacts "sitting" unscreened are waiting; "when inspectors arrived"
	// is the letters' "at the start of this visit"
	"sitting": {"waiting"}, "arrived": {"start"}, "arrival": {"start"},
	// what a visit covered: Ofsted letters say "Inspectors reviewed the
	// progress made in the following areas", "This visit focused on …",
	// "evaluated"
	"cover": {"reviewed", "focused", "evaluated"}, "covered": {"reviewed", "focused", "evaluated"},
	"covers": {"reviewed", "focused", "evaluated"}, "covering": {"reviewed", "focused", "evaluated"},
	// "looked at" is how people say it; not "focused", every focused
	// visit letter's name
	"look": {"reviewed", "evaluated"}, "looked": {"reviewed", "evaluated"},
	// months as people abbreviate them; documents write them out
	"jan": {"january"}, "feb": {"february"}, "mar": {"march"}, "apr": {"april"}, "jun": {"june"},
	"jul": {"july"}, "aug": {"august"}, "sep": {"september"}, "sept": {"september"}, "oct": {"october"},
	"nov": {"november"}, "dec": {"december"},
}

var kindWords = []struct {
	re   *regexp.Regexp
	kind string
}{
	{regexp.MustCompile(`(?i)\bmonitoring (visits?|letters?)\b`), letters.KindMonitoringVisit},
	{regexp.MustCompile(`(?i)\bfocused (visits?|letters?)\b`), letters.KindFocusedVisit},
	{regexp.MustCompile(`(?i)\bboard papers?\b|\bcommittee papers?\b|\bcouncil papers?\b`), letters.KindBoardPaper},
	{regexp.MustCompile(`(?i)\bnews\b|\bpress\b|\barticles?\b|\bjournalists?\b`), letters.KindNews},
	{regexp.MustCompile(`(?i)\bminutes\b`), letters.KindMinutes},
	{regexp.MustCompile(`(?i)\b(?:full|ILACS|graded) inspection reports?\b|\binspection reports?\b`), letters.KindInspection},
}

// reAboutDoc ends a text in "the paper on", "an update about the", "the
// committee report following": a council paper that reports on what
// follows ("the Ofsted report on the focused visit" is the letter itself).
var reAboutDoc = regexp.MustCompile(`(?i)\b(?:papers?|updates?|briefings?|items?|(?:board|committee|cabinet|council|scrutiny|panel|progress|officers?['’]?)\s+reports?)\s+(?:on|about|into|following|after)\s+(?:the |its |their |a |an |this |that )?(?:[\w'’-]+ ){0,3}$`)

// namesKind reports whether re (a document kind's words) names the kind
// of document the question asks of: "the paper on the monitoring visit"
// names the visit the paper is about, not a monitoring visit letter;
// "the update on the monitoring visit letter" still names the letter.
func namesKind(re *regexp.Regexp, text string) bool {
	for _, loc := range re.FindAllStringIndex(text, -1) {
		before := text[:loc[0]]
		about := reAboutDoc.MatchString(before) || reReportOn.MatchString(before) && reCouncilBody.MatchString(before)
		letter := strings.Contains(strings.ToLower(text[loc[0]:loc[1]]), "letter") || strings.HasPrefix(strings.ToLower(text[loc[1]:]), " letter")
		if !about || letter {
			return true
		}
	}
	return false
}

// genericKind reports whether every mention of a document kind (re) in
// text is generic: "a monitoring visit", "each focused visit", "any
// inspection report". "How many inspectors carry out a monitoring visit?"
// and "How long does a focused visit last?" ask how Ofsted works, which
// council papers explain ("Two inspectors will usually carry out each
// monitoring visit"), not what one letter found: the kind is what the
// question is about, not a filter. (With a council or a year named, "a
// monitoring visit to Harwick City in 2025" is one of its letters.)
func genericKind(re *regexp.Regexp, text string) bool {
	locs := re.FindAllStringIndex(text, -1)
	for _, loc := range locs {
		if !reGenericDet.MatchString(text[:loc[0]]) {
			return false
		}
	}
	return len(locs) > 0
}

// reGenericDet ends a text in an article or determiner that makes what
// follows any one of its kind.
var reGenericDet = regexp.MustCompile(`(?i)\b(?:a|an|each|every|any)\s+(?:(?:full|typical|normal|usual|single|ofsted)\s+)?$`)

// reReportOn ends a text in "the report on (the)": with a council body
// named before it ("when did the board receive the report on …") it is
// the body's paper.
var (
	reReportOn    = regexp.MustCompile(`(?i)\breports?\s+(?:on|about|into|following|after)\s+(?:the |its |their |a |an |this |that )?(?:[\w'’-]+ ){0,3}$`)
	reCouncilBody = regexp.MustCompile(`(?i)\b(?:board|committee|cabinet|scrutiny|panel|councillors|members)\b`)
)

// reBareVisit is "the latest visit", "the last visit", "the most recent
// visit" with no kind named: an Ofsted visit, whose findings are in a
// monitoring or focused visit letter or an inspection report (board papers
// and minutes report on visits; they are not one).
var reBareVisit = regexp.MustCompile(`(?i)\b(?:latest|last|most recent|newest|recent) (?:ofsted )?visits?\b`)

var (
	reYear     = regexp.MustCompile(`\b(19|20)\d{2}\b`)
	reLatest   = regexp.MustCompile(`(?i)\b(?:latest|most recent|newest)(?: (?:monitoring |focused )?(?:letter|visit|inspection)s?)?\b|\blast (?:monitoring |focused )?(?:letter|visit)s?\b`)
	reTemporal = regexp.MustCompile(`(?i)\b(change[ds]?|changing|compare[ds]?|comparison|between|over time|since|progress(ed)?|improved?|trend|before and after|differ(ence)?|both)\b`)
	// reDocumentFact asks what a document's letterhead or front sheet
	// says: to whom it was addressed, who presented it, who attended
	reDocumentFact = regexp.MustCompile(`(?i)\b(?:address(?:ed|ee)?|sent to|written to|report(?:ed)? to|presented|author|chair(?:ed|man|person)?|attend(?:ed|ance)?|present|apologies|lead inspector|contact officer|named|sign(?:ed|atory|ature|s))\b`)
	// reAddressee asks to whom a letter went: its letterhead says, in
	// words the question does not use
	reAddressee = regexp.MustCompile(`(?i)\b(?:address(?:ed|ee)|sent to|written to|recipient|to whom)\b`)
	reWho       = regexp.MustCompile(`(?i)\bwho\b|\bwhich (inspectors?|officers?|directors?|people|person|councillors?|cllrs?|(?:cabinet |lead )?members?|chairs?|advisers?|advisors?)\b|\bwhat (?:is|was|are|were) the (?:full )?names? of\b[^?]*\b` + askRole + `\b|\bwhose\b`)
	// "when" asks for a date at the head of a question or before its verb
	// ("When was …", "… and when did it take place?"), not as a
	// conjunction ("how does the MASH respond when children are at risk?")
	reWhen    = regexp.MustCompile(`(?i)^\W*when\b|\bwhen (?:did|was|were|is|are|will|does|do|has|have|had|would|can|could|should)\b|\bwhich (dates?|days?|months?|years?)\b|\bwhat (date|year)\b|\bhow long ago\b|\bby when\b|\bwhen\s*\?`)
	reHowMany = regexp.MustCompile(`(?i)\bhow (many|much|long|often)\b|\bwhat (number|proportion|percentage)\b`)
	// "what is a/an …?" is a definition only when no council or year is
	// named ("What is a typical caseload in Harwick City?" is not)
	reDefineAn    = regexp.MustCompile(`(?i)^\W*(?:what is|what are|what['’]s) (?:a|an) [^?,;]{3,60}\?\s*$`)
	reDefineOther = regexp.MustCompile(`(?i:\bstands? for\b|\bwhat (?:does|do) (?:(?:a|an|the)\s+)?(?:[\w'’-]+\s+){0,2}[\w'’-]+ mean(?:\s+in\s+[^?]*)?\s*\??\s*$|\bwhat (?:does|do) (?:a|an|the) (?:[\w'’-]+\s+){0,3}[\w'’-]+ (?:actually |really )?do(?:\s+for\s+[^?]*)?\s*\??\s*$|\bmeaning of\b|\bwhat is meant by\b)|\b(?i:what is|what are|what['’]s)(?: the| an?)? [A-Z]{2,6}s?(?:$|[^\w'’])`)
	reDefine      = regexp.MustCompile(`(?i:\bstands? for\b|\bwhat (?:does|do) (?:(?:a|an|the)\s+)?(?:[\w'’-]+\s+){0,2}[\w'’-]+ mean(?:\s+in\s+[^?]*)?\s*\??\s*$|\bwhat (?:does|do) (?:a|an|the) (?:[\w'’-]+\s+){0,3}[\w'’-]+ (?:actually |really )?do(?:\s+for\s+[^?]*)?\s*\??\s*$|\bmeaning of\b|\bwhat is meant by\b|^\W*(?:what is|what are|what['’]s) (?:a|an) [^?,;]{3,60}\?\s*$)|\b(?i:what is|what are|what['’]s)(?: the| an?)? [A-Z]{2,6}s?(?:$|[^\w'’])`)
	// a sum of money or a percentage asked for; what "how many" counts
	reAskMoney   = regexp.MustCompile(`(?i)\bhow much (?:\w+ )?(?:money|funding|cash)\b|\bhow much\b.*\b(?:cost|costs|costing|invest(?:ed|ing|ment|ments|s)?|fund(?:ed|ing|s)?|budget(?:ed|s)?|overspen[dt]|grants?)\b|\bwhat (?:will|did|does|would|do) (?:it|this|that|they|these|those)(?: \w+)? cost\b|\bwhat (?:will|did|does|would|do)\b[^?]{0,60}\bcost\b|\bhow much (?:is|was|were|are) (?:being |been )?(?:spent|invested|allocated|committed)\b`)
	reAskReason  = regexp.MustCompile(`(?i)^\s*why\b|\bwhy (?:is|are|was|were|did|do|does|has|have|had|didn't|don't|doesn't|hasn't|haven't|isn't|aren't|wasn't|weren't)\b|\bwhat (?:caused|causes|led to|lies behind|is behind|was behind|explains)\b|\b(?:the )?reasons? (?:for|why|behind)\b|\bhow come\b`)
	reAskScope   = regexp.MustCompile(`(?i)\b(?:cover(?:s|ed|ing)?|look(?:s|ed|ing)? at|focus(?:ed|es|ing)? on|topics?|scope|review(?:ed)?|what was (?:the visit|it|the inspection) about|inspect(?:ed)?)\b|\b(?:which|what) areas? (?:did|does|do|were|was|will)\b`)
	reAskGrade   = regexp.MustCompile(`(?i)\bwhat (?:grade|grades|rating|ratings|ofsted rating|judgement|judgements)\b|\bhow (?:was|were|is|are|did)\b.*\b(?:rated|graded|judged)\b|\b(?:rated|graded|judged) (?:as )?what\b|\bwhich (?:grade|rating)\b`)
	reAskPercent = regexp.MustCompile(`(?i)\b(?:percentage|per ?cent|proportion|what share)\b|\b(?:the|its|their|a|an|[\w-]+(?:'s|’s)|[\w-]+-[\w-]+|turnover|vacancy|referral|conversion|completion|attendance|response|return|placement|stability|caseload|sickness|absence|agency)\s+rates?\b`)
	reHowManyOf  = regexp.MustCompile(`(?i)\bhow many ((?:[a-z][a-z'’-]*\s+){0,5}[a-z][a-z'’-]*)`)
	reList       = regexp.MustCompile(`(?i)\b(what are|list|main|areas|weaknesses|strengths|concerns|recommendations|steps|actions)\b`)
)

// maskWord replaces every whole-word occurrence of w in s (ASCII word
// boundaries, as regexp's \b) with a space, and says whether there was one.
// (A regexp per authority per question was compiled here before: a tenth
// of the server's CPU under load.)
func maskWord(s, w string) (string, bool) {
	if w == "" {
		return s, false
	}
	isWord := func(c byte) bool {
		return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
	}
	var b strings.Builder
	found, from := false, 0
	for i := 0; i+len(w) <= len(s); {
		j := strings.Index(s[i:], w)
		if j < 0 {
			break
		}
		start, end := i+j, i+j+len(w)
		if (start == 0 || !isWord(s[start-1]) || !isWord(w[0])) && (end == len(s) || !isWord(s[end]) || !isWord(w[len(w)-1])) {
			b.WriteString(s[from:start])
			b.WriteByte(' ')
			from, found = end, true
			i = end
			continue
		}
		i = start + 1
	}
	if !found {
		return s, false
	}
	b.WriteString(s[from:])
	return b.String(), true
}

// Parse understands a question. authorities are the corpus's local
// authorities (recognised in the text); glossary expands acronyms.
func Parse(text string, authorities []string, glossary []letters.GlossaryEntry) Query {
	text = spellOut(unshout(text))
	glossary = withDomainAcronyms(text, glossary)
	q := Query{Text: text}
	q.Filter.Authorities, q.ShortNamed = namedAuthorities(text, authorities)
	q.Ask, q.Premise = splitPremise(text)
	q.PremiseYears, q.Years = years(q.Premise), years(q.Ask)
	q.Months = months(q.Ask)
	q.Ordinals = askedOrdinals(q.Ask)
	q.Filter.From, q.Filter.To = yearRange(q.Years)
	if fy := financialYearEnd(q.Ask); fy > 0 && q.Filter.To != nil && q.Filter.To.Year() < fy {
		// "by the end of 2024/25", "the Q3 2024/25 update": a council's
		// financial year runs April to March, and the papers reporting on
		// it are dated in its second calendar year too
		to := time.Date(fy, 12, 31, 0, 0, 0, 0, time.UTC)
		q.Filter.To = &to
	}
	if base := baselineYears(q.Ask); len(base) > 0 && len(base) == len(q.Years) {
		// "more than at the 2023 inspection", "compared with 2023": the
		// year is where a comparison starts, and the documents from it
		// on answer
		q.Filter.To = nil
	}
	for _, k := range kindWords {
		if namesKind(k.re, text) && !(len(q.Filter.Authorities) == 0 && len(q.Years) == 0 && genericKind(k.re, text)) {
			q.Kinds = append(q.Kinds, k.kind)
		}
	}
	if len(q.Kinds) == 0 && reBareVisit.MatchString(text) {
		q.Kinds = []string{letters.KindMonitoringVisit, letters.KindFocusedVisit, letters.KindInspection}
	}
	q.Filter.Kinds = q.Kinds
	q.Filter.Latest = reLatest.MatchString(text)
	q.classify()
	if q.Duration && len(q.Kinds) > 0 && !slices.Contains(q.Kinds, letters.KindInspection) &&
		reTwoPoints.MatchString(q.Ask) && reInspectionEvent.MatchString(q.Ask) {
		// "how long after its full inspection did Ofsted go back for the
		// focused visit?": the time between two events, one of them the
		// inspection, whose report's "Inspection dates:" line dates it
		q.Kinds = append(q.Kinds, letters.KindInspection)
		q.Filter.Kinds = q.Kinds
	}
	q.Parts = splitParts(q.Ask)
	q.Names = properNames(text)
	q.Places = placeNames(q.Names, authorities)
	if city, county := mentionsPlace(reTheCity, text), mentionsPlace(reTheCounty, text); city != county && len(q.Filter.Authorities) == 0 {
		q.PlaceKind = "county"
		if city {
			q.PlaceKind = "city"
		}
	}
	q.Asked = q.Filter
	q.Terms, q.OnlyChange = topicTerms(text, glossary, q.filterWords())
	if kw := q.kindWords(); len(kw) > 0 {
		// the document kind a question names ("the 2024 monitoring visit",
		// "the board paper") is a filter, as its council and year are: every
		// letter of the kind names itself ("This letter summarises the
		// findings of the monitoring visit…"), so the words tell nothing
		// about the topic; kept when nothing else is asked about
		fw := q.filterWords()
		for w := range kw {
			fw[w] = true
		}
		if t, only := topicTerms(text, glossary, fw); len(t) > 0 {
			q.Terms, q.OnlyChange = t, only
		}
	}
	q.Terms = withRelated(q.Terms, text)
	return q
}

// namedAuthorities are the authorities a question names, longest first so
// that "Nottinghamshire" is not read as "Nottingham".
func namedAuthorities(text string, authorities []string) (named, byShortName []string) {
	auth := append([]string(nil), authorities...)
	sort.Slice(auth, func(i, j int) bool { return len(auth[i]) > len(auth[j]) })
	masked := strings.ToLower(text)
	var out []string
	for _, a := range auth {
		if m, ok := maskWord(masked, strings.ToLower(a)); ok {
			out = append(out, a)
			masked = m
		}
	}
	// a council is also named without the kind of council it is:
	// "Pelham" for Pelham Metropolitan Borough, "Ravenmoor" for Ravenmoor
	// City; written with its capital, and only when no other council
	// goes by the same short name
	var byShort []string
	short := map[string][]string{}
	for _, a := range auth {
		if n := shortName(a); n != "" {
			short[n] = append(short[n], a)
		}
	}
	// the longest short name first: "Barrowfield-on-Teme" before
	// "Barrowfield", which it holds
	byShortLen := slices.Clone(auth)
	slices.SortStableFunc(byShortLen, func(a, b string) int { return len(shortName(b)) - len(shortName(a)) })
	for _, a := range byShortLen {
		n := shortName(a)
		if n == "" || len(short[n]) > 1 || slices.Contains(out, a) {
			continue
		}
		if _, ok := maskWord(text, n); !ok {
			continue // not written with its capital
		}
		if m, ok := maskWord(masked, strings.ToLower(n)); ok {
			out = append(out, a)
			byShort = append(byShort, a)
			masked = m
		}
	}
	return out, byShort
}

// reCouncilKind is the kind of council a name may end or begin with.
var reCouncilKind = regexp.MustCompile(`^City of |(?: Metropolitan Borough| Royal Borough| Borough| City| County| District)+$`)

// shortName is a council's name without the kind of council it is
// ("Pelham" for "Pelham Metropolitan Borough"), or "" when it has none.
func shortName(a string) string {
	n := strings.TrimSpace(reCouncilKind.ReplaceAllString(a, ""))
	if n == a || n == "" {
		return ""
	}
	return n
}

// years are the years a clause names.
func years(clause string) []int {
	var out []int
	for _, m := range reYear.FindAllString(clause, -1) {
		y, _ := strconv.Atoi(m)
		out = append(out, y)
	}
	return out
}

// reInspectionEvent is an inspection as an event a length of time may be
// measured from or to ("after the inadequate inspection", "since Ofsted
// inspected the council", "after the ILACS"). (A question naming an
// inspection report has the report's kind already.)
var reInspectionEvent = regexp.MustCompile(`(?i)\binspect(?:ion|ions|ed)\b|\bILACS\b`)

// reFinancialYear is a financial year as councils write it ("2024/25",
// "2024-25", "2024–2025", "2024/2025"), or a span of years a plan covers
// ("the 2022-24 plan").
var reFinancialYear = regexp.MustCompile(`\b((?:19|20)\d{2})\s*[/–-]\s*((?:19|20)?\d{2})\b`)

// financialYearEnd is the last calendar year of the latest financial
// year or span an ask names (2025 for "2024/25", 2024 for "2022-24"); 0
// for none.
func financialYearEnd(ask string) int {
	end := 0
	for _, m := range reFinancialYear.FindAllStringSubmatch(ask, -1) {
		y, _ := strconv.Atoi(m[1])
		n, _ := strconv.Atoi(m[2])
		if len(m[2]) == 2 {
			n += y / 100 * 100
			if n < y {
				n += 100 // "1999/00"
			}
		}
		if n > y && n <= y+5 {
			// a financial year, or a plan's years ("the 2022-24 plan")
			end = max(end, n)
		}
	}
	return end
}

// reBaselineYear is a year a comparison is measured from ("than at the
// 2023 inspection", "compared with 2023", "than in 2022").
var reBaselineYear = regexp.MustCompile(`(?i)\b(?:than|compared (?:with|to)|as against|relative to|since)\s+(?:(?:at|in|during|before|after|for)\s+)?(?:(?:the|its|their)\s+)?(?:[\w'’-]+\s+){0,2}?((?:19|20)\d{2})\b`)

// baselineYears are the years an ask names as a comparison's baseline.
func baselineYears(ask string) []int {
	var out []int
	for _, m := range reBaselineYear.FindAllStringSubmatch(ask, -1) {
		y, _ := strconv.Atoi(m[1])
		out = append(out, y)
	}
	return out
}

// YearMonth is a calendar month.
type YearMonth struct {
	Year  int
	Month time.Month
}

// reMonthYear is a month and a year written together ("January 2025",
// "Feb 2026", "March, 2026").
var reMonthYear = regexp.MustCompile(`(?i)\b(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?,? ((?:19|20)\d{2})\b`)

// months are the months with years a clause names, each once.
func months(clause string) []YearMonth {
	var out []YearMonth
	for _, m := range reMonthYear.FindAllStringSubmatch(clause, -1) {
		t, err := time.Parse("Jan", strings.ToUpper(m[1][:1])+strings.ToLower(m[1][1:3]))
		if err != nil {
			continue
		}
		y, _ := strconv.Atoi(m[2])
		ym := YearMonth{y, t.Month()}
		if !slices.Contains(out, ym) {
			out = append(out, ym)
		}
	}
	return out
}

// datedIn reports whether the document is dated in one of the months: its
// own date (a letter's, a paper's, a meeting's) or its visit's days.
func datedIn(d letters.DocRef, ms []YearMonth) bool {
	in := func(date string, m YearMonth) bool {
		t, err := time.Parse("2006-01-02", date)
		return err == nil && t.Year() == m.Year && t.Month() == m.Month
	}
	for _, m := range ms {
		if in(d.Date, m) || in(d.VisitStart, m) || in(d.VisitEnd, m) {
			return true
		}
	}
	return false
}

// yearRange is 1 January of the earliest year to 31 December of the
// latest; nil for none.
func yearRange(ys []int) (*time.Time, *time.Time) {
	if len(ys) == 0 {
		return nil, nil
	}
	lo, hi := ys[0], ys[0]
	for _, y := range ys {
		lo, hi = min(lo, y), max(hi, y)
	}
	from := time.Date(lo, 1, 1, 0, 0, 0, 0, time.UTC)
	to := time.Date(hi, 12, 31, 0, 0, 0, 0, time.UTC)
	return &from, &to
}

// answerUnits: whether text asks for a sum of money or a percentage, and
// what "how many" counts ("how many monitoring visits has …" → "visits").
func answerUnits(text string) (money, percent bool, countOf string) {
	money = reAskMoney.MatchString(text)
	percent = reAskPercent.MatchString(text)
	if m := reHowManyOf.FindStringSubmatch(text); m != nil {
		// the first plural in the phrase ("monitoring visits", "social
		// workers left", "looked after children"), else its last word
		// before a verb ("young people were")
		noun, last := "", ""
		for _, w := range strings.Fields(m[1]) {
			w = strings.ToLower(strings.Trim(w, "'’"))
			if countStop[w] {
				break
			}
			if irregularPlural[w] || strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "'s") && !strings.HasSuffix(w, "’s") {
				noun = w
				break
			}
			if !terms.IsStopword(w) {
				last = w
			}
		}
		if noun == "" {
			noun = last
		}
		if noun != "" && !terms.IsStopword(noun) {
			countOf = noun
		}
	}
	return money, percent, countOf
}

// wants describes the expected answer types for people (Analysis.Wants).
func (q Query) wants() []string {
	var out []string
	if q.WantWho {
		out = append(out, "a person")
	}
	if q.WantWhen {
		out = append(out, "a date")
	}
	switch {
	case q.Duration:
		out = append(out, "a length of time")
	case q.WantMoney:
		out = append(out, "a sum of money")
	case q.WantPercent:
		out = append(out, "a percentage")
	case q.WantNumber && q.CountOf != "":
		out = append(out, "a number of "+q.CountOf)
	case q.WantNumber:
		out = append(out, "a number")
	}
	if q.WantPercent && q.WantMoney {
		out = append(out, "a percentage")
	}
	if q.WantReason {
		out = append(out, "a reason")
	}
	if q.WantGrade {
		out = append(out, "a grade")
	}
	return out
}

// Topicless reports whether the question asks about nothing but what its
// filters name (a council, a kind of document, a month or year): "What did
// Ofsted say about Harwickshire?", "What did inspectors find at the
// January 2025 visit?".
func (q Query) Topicless() bool {
	if q.WantWho || q.WantWhen || q.WantNumber || q.Define || q.Stance != "" {
		return false
	}
	kinds := map[string]bool{}
	for _, k := range kindWords {
		for _, m := range k.re.FindAllString(q.Text, -1) {
			for _, w := range terms.Words(m) {
				kinds[w] = true
			}
		}
	}
	for _, t := range q.Terms {
		month := len(t.Word) >= 3 && reMonthYear.MatchString(t.Word+" 2000")
		if !month && !kinds[strings.ToLower(t.Word)] {
			return false
		}
	}
	return true
}

// spelledOut are the abbreviations and phrasings readers use for what the
// letters write in full and never abbreviate, so no glossary entry of the corpus links
// them: "B&Bs" for bed and breakfast accommodation (Ofsted's letters on care
// leavers write "bed and breakfast"). The tokeniser splits "B&B" into
// single letters, which match nothing.
var spelledOut = []struct {
	re   *regexp.Regexp
	full string
}{
	{regexp.MustCompile(`(?i)\bB\s?&\s?Bs?\b`), "bed and breakfast"},
	// a report "came out": the documents say it was published; the
	// report (the letter, the results) is what comes out ("When did the
	// inspection report come out?"), not a council ("How did Tarrowshire
	// come out of its visit?": how it fared)
	{regexp.MustCompile(`(?i)(\b(?:report|reports|letter|letters|results?|findings|judgements?|ratings?)\b[^.?!]{0,30}?)\b(?:come|came|comes|coming) out\b`), "${1}published"},
	// figures "come down" and "go up" in a reader's words; the letters
	// write that they reduced, fell, increased or rose (not what "went
	// down well" or "down badly" with inspectors)
	{regexp.MustCompile(`(?i)\b(?:come|came|comes|coming|gone|went|go|goes|going) down\b(?:\s+(?:well|badly|hard|poorly)\b)?`), "reduced"},
	{regexp.MustCompile(`(?i)\b(?:gone|went|go|goes|going) up\b`), "increased"},
	// "when is the panel meeting after the October one?" asks for the
	// next meeting, which minutes close by dating ("The next meeting will
	// be held on …")
	{regexp.MustCompile(`(?i)(\bwhen\b[^?]*?)\b(meeting|meets?)(\s+(?:after|following)\b)`), "${1}next ${2}${3}"},
}

// domainAcronyms spell out abbreviations that staff and board members use
// for what the letters usually write in full, so that the corpus's own
// glossary (acronyms a document defines: "return home interview (RHI)")
// often lacks them. Each is the children's social care sector's standard
// expansion, as the ILACS framework and the statutory guidance write it.
// An acronym is read so only as typed in capitals, and only when no
// document defines it otherwise.
var domainAcronyms = map[string]string{
	"LAC": "looked after children", "CLA": "children looked after", "CiC": "children in care",
	"CIN": "child in need", "CPP": "child protection plan", "CSE": "child sexual exploitation",
	"CCE": "child criminal exploitation", "NEET": "not in education, employment or training",
	"SGO": "special guardianship order", "PLO": "public law outline",
	"UASC": "unaccompanied asylum-seeking children", "YOT": "youth offending team",
	"CAMHS": "child and adolescent mental health services", "ICPC": "initial child protection conference",
	"IHA": "initial health assessment", "EHCP": "education, health and care plan",
}

// reAcronymWord is a word typed in capitals (a lower-case letter inside
// allowed: "CiC"), with an optional plural s.
var reAcronymWord = regexp.MustCompile(`\b([A-Z][A-Za-z]*[A-Z])(s?)\b`)

// spellOut writes the reader's abbreviations in the letters' words.
func spellOut(text string) string {
	for _, a := range spelledOut {
		text = a.re.ReplaceAllStringFunc(text, func(m string) string {
			if reHowItWent.MatchString(m) {
				return m // "went down well": how it was received
			}
			return a.re.ReplaceAllString(m, a.full)
		})
	}
	return text
}

// reHowItWent: "went down well", "down badly": how something was received.
var reHowItWent = regexp.MustCompile(`(?i)\bdown\s+(?:well|badly|hard|poorly)\b`)

// withDomainAcronyms is the corpus glossary with the domain's expansion of
// each acronym of domainAcronyms that text uses, typed in capitals, and no
// document defines: the question's acronym is then searched for in both
// forms, as one the letters define is.
func withDomainAcronyms(text string, glossary []letters.GlossaryEntry) []letters.GlossaryEntry {
	defined := map[string]bool{}
	for _, g := range glossary {
		defined[strings.ToUpper(g.Acronym)] = true
	}
	out := glossary
	for _, m := range reAcronymWord.FindAllStringSubmatch(text, -1) {
		full, ok := domainAcronyms[m[1]]
		if !ok || defined[strings.ToUpper(m[1])] {
			continue
		}
		defined[strings.ToUpper(m[1])] = true
		// as typed, plural too ("UASCs")
		out = append(slices.Clip(out), letters.GlossaryEntry{Acronym: m[1] + m[2], Expansion: full})
	}
	return out
}

// unshout writes a question typed in capitals ("WHAT ARE THE AREAS FOR
// IMPROVEMENT IN KELLINGMOOR") in lower case, so that its words are read
// as words and not as acronyms or names; a question with any lower-case
// letter is left as typed.
func unshout(text string) string {
	upper := 0
	for _, r := range text {
		if unicode.IsLower(r) {
			return text
		}
		if unicode.IsUpper(r) {
			upper++
		}
	}
	if upper < 12 {
		return text // "MASH?", "What is EDT" …: short capitals are acronyms
	}
	return strings.ToLower(text)
}

// countStop ends the counted phrase after "how many": a verb.
var countStop = map[string]bool{"has": true, "have": true, "had": true, "did": true, "do": true, "does": true, "were": true,
	"was": true, "are": true, "is": true, "will": true, "would": true, "can": true, "could": true, "should": true, "might": true}

// irregularPlural are the genre's plurals without an s.
var irregularPlural = map[string]bool{"children": true, "people": true, "staff": true, "men": true, "women": true, "personnel": true}

// classify sets what kind of answer the question wants.
func (q *Query) classify() {
	text := q.Text
	q.Temporal = reTemporal.MatchString(text) || len(q.Years) > 1 || len(q.Filter.Authorities) > 1 || len(q.PremiseYears) > 0
	q.List = reList.MatchString(text)
	q.Define = reDefine.MatchString(text) && (len(q.Filter.Authorities) == 0 && len(q.Years) == 0 || !reDefineAn.MatchString(text) || reDefineOther.MatchString(text)) &&
		!reActorDoes.MatchString(text)
	q.WantWho = reWho.MatchString(text)
	q.WantWhen = reWhen.MatchString(text)
	q.WantNumber = reHowMany.MatchString(text)
	q.WantMoney, q.WantPercent, q.CountOf = answerUnits(q.Ask)
	q.WantReason = reAskReason.MatchString(q.Ask)
	q.WantGrade = reAskGrade.MatchString(q.Ask)
	q.AsksScope = asksScope(q.Ask)
	// "how long between the visits": the dates it is measured from answer it
	q.Duration = reDuration.MatchString(q.Ask)
	q.WantWhen = q.WantWhen || q.Duration
	q.Stance = stance(q.Ask)
}

// reActorDoes asks what a body or person does ("What does the council do
// for care leavers?"): its actions, not a definition.
var reActorDoes = regexp.MustCompile(`(?i)\bwhat (?:does|do) (?:the |its |their )?(?:council|local authority|authority|leaders?|inspectors?|ofsted|director|dcs|cabinet|committee|board|panel|partnership|partners|it|they|we|you)\b`)

// Stances in the words people ask with. Ofsted letters state what is
// strong and what needs to improve ("Areas for improvement", "What needs
// to improve", "weaknesses remain"); a question asking for one wants those
// statements, not the letter's praise or its criticisms alike.
var (
	reAskWeak   = regexp.MustCompile(`(?i)\b(weakness(es)?|weak(er|est)?|(main|key|biggest|big|major|principal|serious|remaining|outstanding|greatest|most significant) (concerns?|risks?|issues)|concerns? (did|do|does|remain)|concerned|worr(y|ied|ies|ying|isome)|shortcomings?|short ?falls?|failings?|problems?|problematic|criticis(e|ed|ms?)|areas? (for|of) (further )?(improvement|development)|needs? (to )?improv(e|ing)|still (needs?|to) improve|(has|have|had|is|are) (to|still to) improve|not (yet )?(working|good enough|improved)|what (is|was|went) wrong|gone wrong|falling short|improvements? (are |were )?(needed|required|asked|sought)|priority actions?|(to|should|must|needs? to) work on)\b`)
	reAskStrong = regexp.MustCompile(`(?i)\b(strengths?|strong points?|positives?|positive (findings|things|aspects)|praise[sd]?|working well|going well|went well|done well|doing well|good practice|what (is|was|were|are) good|got better|gotten better|(has|have|had) (actually |really )?improved|improvements? (made|achieved|seen))\b`)
)

// stance is the ask's Stance: "weak", "strong" or "".
func stance(ask string) string {
	w, s := reAskWeak.MatchString(ask), reAskStrong.MatchString(ask)
	switch {
	case w && !s:
		return "weak"
	case s && !w:
		return "strong"
	}
	return ""
}

// placeNames are the names that are words of a council's name.
func placeNames(names, authorities []string) []string {
	var out []string
	for _, n := range names {
		for _, a := range authorities {
			if slices.Contains(strings.Fields(strings.ToLower(a)), n) {
				out = append(out, n)
				break
			}
		}
	}
	return out
}

// properNames are the capitalised words not at the start of the question.
func properNames(text string) []string {
	var out []string
	for i, w := range strings.Fields(text) {
		w = strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")
		if i == 0 || len(w) < 2 {
			continue
		}
		r := []rune(w)
		// a capitalised word, or a brand written in camel case ("iPhone",
		// "eBay"): a name either way
		camel := len(r) > 2 && unicode.IsLower(r[0]) && unicode.IsUpper(r[1]) && unicode.IsLower(r[len(r)-1])
		if (unicode.IsUpper(r[0]) || camel) && !isAllUpper(w) {
			out = append(out, strings.ToLower(w))
		}
	}
	return out
}

// kindWords are the words of the document kinds the question names, when
// they set its kind filter.
func (q *Query) kindWords() map[string]bool {
	out := map[string]bool{}
	// a question about the visit itself — when it was, how long after,
	// who carried it out, how many — asks about the document, not a topic
	if len(q.Filter.Kinds) == 0 || q.WantWhen || q.WantWho || q.WantNumber || q.Duration {
		return out
	}
	for _, k := range kindWords {
		if k.kind != letters.KindMonitoringVisit && k.kind != letters.KindFocusedVisit {
			continue
		}
		// in the clause that asks: a premise's "3 or 4 monitoring visits a
		// year" is what it is about
		for _, m := range k.re.FindAllString(q.Ask, -1) {
			for _, w := range terms.Words(m) {
				out[w] = true
			}
		}
	}
	return out
}

// filterWords are the words that name a filter (an authority, a year, "the
// latest"): they narrow retrieval instead of weighing on relevance.
func (q *Query) filterWords() map[string]bool {
	out := map[string]bool{}
	for _, a := range q.Filter.Authorities {
		for _, w := range terms.Words(a) {
			out[w] = true
		}
	}
	for _, y := range append(append([]int(nil), q.Years...), q.PremiseYears...) {
		out[strconv.Itoa(y)] = true
	}
	for _, m := range reLatest.FindAllString(q.Text, -1) {
		for _, w := range terms.Words(m) {
			out[w] = true
		}
	}
	return out
}

// reCompareOperator is how a question asks for a comparison ("how did X
// change", "compare X and Y", "how do they differ"): its operator, not its
// topic ("changes in the senior leadership team" is not about the MASH).
var reCompareOperator = regexp.MustCompile(`(?i)\b(?:change[sd]?|changing|differ(?:ed|s|ence|ences)?|compar(?:e|ed|es|ing|ison|isons)|contrast(?:ed)?)\b`)

// topicTerms are searchTerms without the comparison's operator words, or
// with them when nothing else is asked about ("what has changed?").
func topicTerms(text string, glossary []letters.GlossaryEntry, filterWords map[string]bool) (ts []Term, onlyChange bool) {
	if reCompareOperator.MatchString(text) {
		if t := searchTerms(reCompareOperator.ReplaceAllString(text, " "), glossary, filterWords); len(t) > 0 {
			return t, false
		}
		return searchTerms(text, glossary, filterWords), true
	}
	return searchTerms(text, glossary, filterWords), false
}

// reUnParticiple is a participle negated by "un-" ("unscreened",
// "unallocated", "unanswered").
var reUnParticiple = regexp.MustCompile(`^un([a-z]{4,}(?:ed|ing))$`)

// unNegated is the participle an "un-" word negates, as an alternative:
// letters say "212 contacts were waiting to be screened" and "not
// allocated" where a reader asks about "unscreened contacts".
func unNegated(w string) []string {
	if m := reUnParticiple.FindStringSubmatch(w); m != nil {
		return []string{m[1]}
	}
	return nil
}

// searchTerms are the question's content words that are neither question
// words nor filter words, one per stem, each with its alternatives: an
// acronym with the expansions the letters define, a word with its
// synonyms; an expansion written out in the question also stands for its
// acronym.
func searchTerms(text string, glossary []letters.GlossaryEntry, filterWords map[string]bool) []Term {
	var out []Term
	byAcr := map[string][]letters.GlossaryEntry{}
	for _, g := range glossary {
		byAcr[strings.ToLower(g.Acronym)] = append(byAcr[strings.ToLower(g.Acronym)], g)
	}
	seen := map[string]bool{}
	add := func(word string, phrases ...string) {
		var alts [][]string
		for _, p := range phrases {
			alts = append(alts, senseStems(p))
		}
		if len(alts[0]) == 0 {
			alts[0] = []string{strings.ToLower(word)}
		}
		key := strings.Join(alts[0], " ")
		if seen[key] {
			return
		}
		seen[key] = true
		out = append(out, Term{Word: word, Alts: alts, Phrases: phrases})
	}
	toks := terms.Content(text)
	covered := map[int]bool{} // token positions consumed by a glossary expansion phrase
	stems := make([]string, len(toks))
	for i, t := range toks {
		stems[i] = t.Stem
	}
	for _, g := range glossary {
		exp := terms.Stems(g.Expansion)
		if len(exp) < 2 {
			continue
		}
		for i := 0; i+len(exp) <= len(stems); i++ {
			if equalStems(stems[i:i+len(exp)], exp) {
				add(g.Acronym, strings.ToLower(g.Acronym), g.Expansion)
				for j := i; j < i+len(exp); j++ {
					covered[j] = true
				}
			}
		}
	}
	for i, t := range toks {
		if covered[i] || terms.IsQuestionWord(t.Word) || filterWords[t.Word] {
			continue
		}
		// "what did inspectors say / Ofsted find": the asker, not the topic
		if (t.Stem == "inspector" || t.Word == "ofsted") && i+1 < len(toks) && terms.IsQuestionWord(toks[i+1].Word) {
			continue
		}
		if gs, ok := byAcr[t.Word]; ok {
			phrases := []string{t.Word}
			for _, g := range gs {
				phrases = append(phrases, g.Expansion)
			}
			add(strings.ToUpper(t.Word), phrases...)
			continue
		}
		add(t.Word, append(append([]string{t.Word}, synonyms[t.Word]...), unNegated(t.Word)...)...)
	}
	return out
}

// rePremiseBreak separates a premise from the question that follows it: a
// dash, a semicolon, or a full stop.
var rePremiseBreak = regexp.MustCompile(`\s[—–-]\s|;\s+|\.\s+`)

// rePartBreak joins two questions in one: "…, and what …", "… and which
// …", or a question mark followed by another question.
var rePartBreak = regexp.MustCompile(`(?i)(?:,\s*|\s+)(?:and|but|also)\s+(?:(?:what|which|who|whom|whose|when|where|why|how|is|are|was|were|did|does|do|has|have)\b)|\?\s+`)

// splitParts splits an ask into the questions it joins; each part has at
// least three words, else the ask stays whole.
func splitParts(ask string) []string {
	locs := rePartBreak.FindAllStringIndex(ask, -1)
	var parts []string
	start := 0
	for _, l := range locs {
		cut := l[0]
		next := l[1]
		if ask[l[0]] != '?' {
			// keep the question word with the second part: skip ", and "
			m := strings.TrimLeft(ask[l[0]:l[1]], ", \t")
			w := strings.Fields(m)
			next = l[1] - len(w[len(w)-1])
		} else {
			cut = l[0] + 1
		}
		part := strings.TrimSpace(ask[start:cut])
		if len(strings.Fields(part)) >= 3 && len(strings.Fields(ask[next:])) >= 3 && reAskStart.MatchString(strings.TrimSpace(ask[next:])) {
			parts = append(parts, part)
			start = next
		}
	}
	if len(parts) == 0 {
		return []string{strings.TrimSpace(ask)}
	}
	return append(parts, strings.TrimSpace(ask[start:]))
}

// rePremiseLead is a question opening with a clause that states what it
// takes as given, up to the comma before the question proper.
var rePremiseLead = regexp.MustCompile(`(?i)^\s*(given( that)?|since|after|following|now that|although|though|despite|as|bearing in mind( that)?|considering( that)?|in (the )?light of)\b[^,?]{3,},`)

// splitPremise returns the clause that asks and what comes before it, when
// the question opens with a statement ("X was judged inadequate in 2022 —
// what has improved since?"). A question with no such break is all ask.
func splitPremise(text string) (ask, premise string) {
	// a leading subordinate clause that states what is given: "Given that
	// X was judged inadequate in 2022, what has improved?", "Since the 2024
	// visit, how has …" (the clause, then a comma, then the question)
	if m := rePremiseLead.FindStringSubmatchIndex(text); m != nil {
		before, after := strings.TrimSpace(text[:m[1]-1]), strings.TrimSpace(text[m[1]:])
		if before != "" && reAskStart.MatchString(after) {
			return after, before
		}
	}
	locs := rePremiseBreak.FindAllStringIndex(text, -1)
	for i := len(locs) - 1; i >= 0; i-- {
		before, after := strings.TrimSpace(text[:locs[i][0]]), strings.TrimSpace(text[locs[i][1]:])
		if before == "" || after == "" || strings.HasSuffix(before, "?") {
			continue
		}
		if reAskStart.MatchString(after) && !reAskStart.MatchString(before) {
			return after, before
		}
	}
	return text, ""
}

// reAskStart: a clause that asks begins with a question word or an
// instruction.
var reAskStart = regexp.MustCompile(`(?i)^(what|which|who|whom|whose|when|where|why|how|is|are|was|were|do|does|did|has|have|had|can|could|will|would|should|list|summarise|summarize|describe|explain|compare|tell|give|brief)\b`)

// QuestionKind names the shape of answer a question wants.
func (q Query) QuestionKind() string {
	low := strings.ToLower(q.Ask)
	if low == "" {
		low = strings.ToLower(q.Text)
	}
	switch {
	case q.Define:
		return "definition"
	case reSummary.MatchString(low):
		return "summary"
	case reCompare.MatchString(low) || len(q.Filter.Authorities) > 1 || len(q.Years) > 1:
		return "comparison"
	case q.Filter.Latest:
		return "latest"
	case q.Duration && !strings.Contains(low, "how long ago"):
		return "duration"
	case q.WantNumber:
		return "count"
	case q.WantWhen:
		return "date"
	case strings.HasPrefix(low, "why") || strings.Contains(low, "how come") || strings.Contains(low, "reason"):
		return "why"
	case q.List:
		return "list"
	case reYesNo.MatchString(low):
		return "yesno"
	}
	return "fact"
}

var (
	reDuration = regexp.MustCompile(`(?i)\bhow long\b|\bhow many (months|weeks|days|years|nights)\b|\b(?:longest|shortest|average|typical) (?:time|wait|waits|stay|stays|period)\b`)
	reSummary  = regexp.MustCompile(`(?i)\bsummar|\bsum up\b|\bbrief me\b|\boverview\b|\bkey findings\b|\bheadlines?\b|\bmost (concerned|worried)\b`)
	reCompare  = regexp.MustCompile(`(?i)\bcompar|\bdiffer|\bchanged?\b|\bsince\b|\bbetween\b|\bboth\b|\bversus\b|\bvs\b`)
	reYesNo    = regexp.MustCompile(`(?i)^(is|are|was|were|do|does|did|has|have|had|can|could|will|would|should)\b`)
)

func isAllUpper(w string) bool {
	for _, r := range w {
		if unicode.IsLower(r) {
			return false
		}
	}
	return true
}

func equalStems(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// SearchTerms is every term of the question with its alternatives (the
// store matches words and phrases as its full-text search does).
func (q Query) SearchTerms() []letters.SearchTerm {
	out := make([]letters.SearchTerm, 0, len(q.Terms))
	for _, t := range q.Terms {
		out = append(out, letters.SearchTerm(t.Phrases))
	}
	return out
}

// EmbedText is the text embedded for the vector arm: the question with
// acronym expansions appended.
func (q Query) EmbedText() string {
	var b strings.Builder
	b.WriteString(q.Text)
	for _, t := range q.Terms {
		if len(t.Phrases) > 1 && isAllUpper(t.Word) {
			for _, p := range t.Phrases[1:] {
				b.WriteString(" ")
				b.WriteString(p)
			}
		}
	}
	return b.String()
}

// AsksDocumentFacts reports whether the question asks what a document's
// letterhead or front sheet states: a person, a date, to whom or by whom.
func (q Query) AsksDocumentFacts() bool {
	return q.WantWho || q.WantWhen || q.Duration || reDocumentFact.MatchString(q.Text) || q.AsksLetterDate()
}

// reDirectorAsk names the post an Ofsted letter is addressed to: the
// council's director of children's services (by whatever title:
// "Executive Director for Children, Families and Learning", "Strategic
// Director for Children and Families", the DCS).
var reDirectorAsk = regexp.MustCompile(`(?i)\bwho(?:'s|’s| is| was| has been)(?: now| currently)?\s+` + askPossessive +
	`(?:(?:current|new|permanent|interim|acting|executive|corporate|strategic)\s+)*(?:director (?:of|for) (?:children|child|families|family|young)|(?:children's|childrens|children’s) director|dcs)\b`)

// rePastHolder asks who held a post before ("who was the director
// before …", "the previous DCS"): not the latest letterhead's addressee.
var rePastHolder = regexp.MustCompile(`(?i)\bwho (?:was|were|had been)\b|\b(?:previous|former|before|predecessor|earlier|then|used to)\b`)

// AsksAddressee reports whether the question asks to whom a letter went,
// or who holds the post letters are addressed to (the director of
// children's services): a letter's letterhead answers both, in words the
// question need not use.
func (q Query) AsksAddressee() bool {
	ask := q.Ask
	if ask == "" {
		ask = q.Text
	}
	return reAddressee.MatchString(q.Text) || q.WantWho && reDirectorAsk.MatchString(ask)
}

// OfPlaceKind reports whether a council is of the kind ("city" or
// "county") a question's "the city" or "the county" means, by its name. A
// city council calls itself one ("Leeds City Council", "City of York
// Council"; ingest keeps "Leeds City", "City of York"). A county is named
// "…shire", or is one of the English county councils whose names do not
// say so ("Kent County Council" is filed as "Kent"): countyNames.
func OfPlaceKind(authority, kind string) bool {
	switch kind {
	case "city":
		return strings.HasSuffix(authority, " City") || strings.HasPrefix(authority, "City of ")
	case "county":
		low := strings.ToLower(authority)
		return strings.HasSuffix(low, "shire") || strings.HasSuffix(low, " county") || countyNames[low]
	}
	return false
}

// countyNames are England's county councils (two-tier and unitary) whose
// names do not end in "shire".
var countyNames = func() map[string]bool {
	m := map[string]bool{}
	for _, n := range []string{"cornwall", "cumberland", "cumbria", "devon", "dorset", "durham", "east sussex", "essex",
		"isle of wight", "kent", "norfolk", "north yorkshire", "northumberland", "rutland", "somerset", "suffolk",
		"surrey", "west sussex", "westmorland and furness"} {
		m[n] = true
	}
	return m
}()

// notOfPlaceKind reports whether a council's passage is not about "the
// city" ("the county") the question means: it is a council of another
// kind. A document about no one council is not ruled out.
func notOfPlaceKind(authority, kind string) bool {
	return authority != "" && !OfPlaceKind(authority, kind)
}

// mentionsPlace reports whether re ("the city", "the county") speaks
// of a council in text (placeMentions).
func mentionsPlace(re *regexp.Regexp, text string) bool {
	return len(placeMentions(re, text)) > 0
}

// placeMentions are the places in text where re ("the city", "the
// county") speaks of a council: not in "county lines" (a kind of
// exploitation) or "the city centre", nor as part of a name ("Leeds City
// Council").
func placeMentions(re *regexp.Regexp, text string) [][]int {
	var out [][]int
	for _, loc := range re.FindAllStringIndex(text, -1) {
		m := strings.ToLower(text[loc[0]:loc[1]])
		rest := strings.ToLower(text[loc[1]:])
		if strings.HasPrefix(rest, " lines") || strings.HasPrefix(rest, " line ") || strings.HasPrefix(rest, " centre") || strings.HasPrefix(rest, " center") {
			continue
		}
		if !strings.HasPrefix(m, "the ") && afterProperName(text[:loc[0]]) {
			continue
		}
		out = append(out, loc)
	}
	return out
}

// reLetterDate asks when a letter was written or sent ("What date is on
// the letter?", "How long after the visit was the letter sent?", "How long
// did the council wait for its letter?"): its date line says.
// A board or committee paper's date is the meeting it went to ("When did
// the Partnership Board get the paper?"): its front sheet says "Report to:
// … Date: …".
var reLetterDate = regexp.MustCompile(`(?i)\bletters?\b[^?]*\b(?:sent|dated|written|issued|published|arrived?|came|come out)\b|\b(?:sent|dated|date (?:is )?on|wait(?:ed)? for|receive[ds]?)\b[^?]*\bletters?\b` +
	`|\b(?:board|committee|cabinet|council|panel) (?:papers?|reports?)\b[^?]*\b(?:dated|written|presented|considered|discussed|tabled|submitted|taken)\b` +
	`|\b(?:the|a|this|that|its|their)\s+(?:[\w'’-]+\s+){0,3}(?:papers?|reports?)\b[^?]*\b(?:presented|submitted|taken|went|go(?:ne)?) to\b` +
	`|\b(?:get|got|receive[ds]?|consider(?:s|ed)?|discuss(?:es|ed)?)\b[^?]*\b(?:the|a|this|that|its|their)\s+(?:[\w'’-]+\s+){0,3}(?:papers?|reports?)\b`)

// AsksLetterDate reports whether a question about a date or a length of
// time asks when a letter was dated or sent.
func (q Query) AsksLetterDate() bool {
	ask := q.Ask
	if ask == "" {
		ask = q.Text
	}
	return (q.WantWhen || q.Duration || reWhatDate.MatchString(ask)) && reLetterDate.MatchString(ask)
}

// AsksVisitDates reports whether the question asks when a visit or an
// inspection was, or how long it took ("How long did the 2023 inspection
// last?", "How long did Ofsted spend inspecting the county?"): the
// letter's opening or the report's "Inspection dates:" line answers. So
// it does for the time between two of them ("How long after the
// inspection was the first monitoring visit?", "How long was there
// between the 2024 and 2026 visits?"): each one's dates.
func (q Query) AsksVisitDates() bool {
	ask := q.Ask
	if ask == "" {
		ask = q.Text
	}
	return (q.WantWhen || q.Duration) && reVisitDatesAsk.MatchString(ask) ||
		q.Duration && reTwoPoints.MatchString(ask) && visitEvents(ask) >= 2 ||
		reWhichVisit.MatchString(ask)
}

// reWhichVisit asks which visit or inspection was the latest (the first,
// the previous): a letter's opening says which it was and when ("This
// letter summarises the findings of the monitoring visit to … on 10 and
// 11 February 2026"), as a report's "Inspection dates:" line does. The
// visit ends the clause ("… to Testshire", "… covered in these
// documents", "… and what did it look at?"): "the latest inspection
// judgement", "the first visit's findings" ask for something else.
var reWhichVisit = regexp.MustCompile(`(?i)\b(?:what|which)(?: was| is| were|['’]s)? (?:the |its |their |[\w-]+['’]s )?(?:most recent|latest|last|newest|first|previous|next)(?: ofsted)?(?: monitoring| focused| full)? (?:visit|inspection)(?:\s+(?:(?:covered|held|recorded|described|mentioned|documented|included)\s+)?(?:to|of|in|for|at|by)\s+[^?,;]*?)?\s*(?:$|\?|,|;|\band\b)`)

// reVisitEvent is a visit or inspection ("the inspection", "the focused
// visit", "the 2024 and 2026 visits"), with the words that make it social
// work's rather than Ofsted's (a home or statutory visit, visits to
// children), which visitEvents does not count.
var reVisitEvent = regexp.MustCompile(`(?i)\b(?:(?:home|family|statutory|social work|practitioners?['’]?|supervisory|unannounced home|direct work) )?(?:inspections?|inspected|visits?)\b(?: to (?:children|families|young people|the child|homes|placements|parents))?`)

// visitEvents counts the visits and inspections text speaks of, a plural
// as two.
func visitEvents(text string) int {
	n := 0
	for _, m := range reVisitEvent.FindAllString(text, -1) {
		low := strings.ToLower(m)
		switch {
		case !strings.HasPrefix(low, "inspect") && !strings.HasPrefix(low, "visit") || strings.Contains(low, " to "):
			// a home visit, a statutory visit to children: social work,
			// not Ofsted's
		case strings.HasSuffix(low, "s"):
			n += 2
		default:
			n++
		}
	}
	return n
}

// reVisitDatesAsk asks when a visit took place or how long it lasted.
var reVisitDatesAsk = regexp.MustCompile(`(?i)\bhow long did ` + visitWords + `(?:inspection|visit)s?\b(?:\s+(?:of|to|in|at)\s+[^?]{0,40}?)?\s+(?:last|take)\b|\bhow (?:long|many days) did (?:ofsted|(?:the )?inspectors) spend\b|\bhow many days (?:did|was|were) ` + visitWords + `(?:inspection|visit)s?\b|\bwhen did (?:ofsted|(?:the )?inspectors) (?:visit|come|arrive|inspect|carry out)\b|\bwhat dates? (?:was|were|did) ` + visitWords + `(?:inspection|visit)s?\b|\bwhen (?:was|were|did) ` + visitWords + `(?:inspection|visit)s? (?:carried out|held|done|made|conducted|take place|happen)\b`)

// visitWords are the words that may stand before "inspection" or "visit"
// in a question about Ofsted's own (its, the 2023, the second monitoring,
// the focused, Ofsted's), not a home visit or an action plan.
const visitWords = `(?:(?:the|its|their|this|that|last|latest|most recent|recent|next|first|second|third|fourth|fifth|sixth|seventh|monitoring|focused|full|ilacs|graded|joint|targeted|area|send|ofsted['’]?s?|(?:19|20)\d{2}|[a-z]+['’]s|` + monthNames + `)\s+){0,4}`

// reWhatDate asks for a date in so many words.
var reWhatDate = regexp.MustCompile(`(?i)\bwhat (?:date|day)\b`)

// reWhoInspected asks who inspected: for the inspectors, not for what
// the visit looked at.
var reWhoInspected = regexp.MustCompile(`(?i)\bwho\b[^?]*\binspect(?:ed|s|ing)?\b`)

// asksScope reports whether text asks what a visit looked at ("What did
// the visit cover?", "What was inspected?").
func asksScope(text string) bool {
	return reAskScope.MatchString(text) && !reWhoInspected.MatchString(text)
}

// reAskSigner asks who signed a letter, or wrote or sent it (its
// signatory); reSignOff is signing off or up to something (a plan), which
// is not that.
var (
	reAskSigner = regexp.MustCompile(`(?i)\b(?:who|whose name|which inspector)\b[^?]*\bsign(?:ed|s)\b|\bsignator(?:y|ies)\b|\bsignature\b|\bwho\b[^?]*\b(?:wrote|writes|written|sent|authored)\b[^?]*\bletter\b|\b(?:author|writer|sender) of\b[^?]*\bletter\b`)
	reSignOff   = regexp.MustCompile(`(?i)\bsign(?:ed|s|ing)?\s+(?:off|up)\b`)
)

// AsksSigner reports whether the question asks who signed a letter (its
// signature, letters.SignatureLabel, says).
func (q Query) AsksSigner() bool {
	return reAskSigner.MatchString(q.Text) && !reSignOff.MatchString(q.Text)
}

// IsFrontMatter reports whether a passage is a document's letterhead or
// front sheet (ingest labels it letters.FrontMatterLabel).
func IsFrontMatter(p letters.Passage) bool {
	return p.Label == letters.FrontMatterLabel
}

// ordinals are the numbers Ofsted and councils count monitoring visits by.
var ordinals = map[string]int{"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
	"1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5, "6th": 6, "7th": 7, "8th": 8, "9th": 9, "10th": 10}

var (
	// reOwnOrdinal numbers the visit a document is about: a letter says
	// "This was the third monitoring visit since …"; a council paper or
	// minutes report "the findings of Ofsted's third monitoring visit",
	// "the letter from Ofsted following the sixth monitoring visit",
	// "Report title:
	// Ofsted third monitoring visit"
	reOwnOrdinal = regexp.MustCompile(`(?i)\b(?:(?:this|the)(?:\s+(?:monitoring\s+)?visit)?\s+was\s+the|findings of|letter (?:from ofsted )?following|report title:)\s+(?:ofsted['’]s\s+|the\s+|ofsted\s+)?(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|[1-9](?:st|nd|rd|th)|10th) monitoring visit\b`)
)

// askedOrdinals are the monitoring visits text numbers, each once: "the
// first and second monitoring visits" numbers both.
func askedOrdinals(text string) []int {
	var out []int
	for _, loc := range reAskedOrdinals.FindAllStringIndex(text, -1) {
		if reSinceRef.MatchString(text[:loc[0]]) {
			// "since the first monitoring visit": a point the question
			// measures from, not the visit it asks about
			continue
		}
		for _, w := range reOrdinalWord.FindAllString(text[loc[0]:loc[1]], -1) {
			if n := ordinals[strings.ToLower(w)]; n > 0 && !slices.Contains(out, n) {
				out = append(out, n)
			}
		}
	}
	return out
}

var (
	reSinceRef      = regexp.MustCompile(`(?i)\b(?:since|after|before|prior to|compared (?:with|to)|than(?: at)?|from)\s+(?:(?:the|its|their|(?:[\w'’-]+\s+){0,3}?[\w-]+['’]s)\s+)?$`)
	reOrdinalWord   = regexp.MustCompile(`(?i)\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|[1-9](?:st|nd|rd|th)|10th)\b`)
	reAskedOrdinals = regexp.MustCompile(`(?i)\b(?:(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|[1-9](?:st|nd|rd|th)|10th)(?:,\s*|\s+(?:and|or|to)\s+|\s+))+monitoring visits?\b`)
)

// visitOrdinal is the number re finds in text (its first match), or 0.
func visitOrdinal(re *regexp.Regexp, text string) int {
	if m := re.FindStringSubmatch(text); m != nil {
		return ordinals[strings.ToLower(m[1])]
	}
	return 0
}
