package rag

import (
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/letters-app/letters"
	"github.com/letters-app/letters/internal/terms"
)

// A detail is a kind of fact a question asks for in so many words — a
// percentage, a sum of money, a count — that a passage either states or
// does not. Letters, board papers and minutes give such figures as
// figures ("82%", "£1.2 million", "14 children"); when no sentence on the
// question's topic in the passages found holds one, the honest answer is
// that the documents do not give it, not the nearest sentence without it.
type detail struct {
	name string         // "a percentage", as the refusal says it
	ask  *regexp.Regexp // the clause that asks for it
	has  *regexp.Regexp // a sentence that states one
	// also, if set, must match the same sentence too: a date that answers
	// "when is the next visit due" is one the sentence looks forward to
	also *regexp.Regexp
	// own, if set, is a question about the document's own occasion (its
	// visit, inspection, meeting or publication), which every passage
	// dates in its label: such a question is not this detail's to check
	own *regexp.Regexp
	// counted: a count or a share is of something, so the sentence that
	// gives it must be about what the question counts, not merely share
	// one of its words: it covers at least countedTopic of the question
	// (by idf weight). "How many children were on child protection plans
	// at the 2023 inspection?" is not answered by "35% of social workers
	// in the child protection teams are agency staff".
	counted bool
	// person: has is not used; the sentence must name a person
	// (personNames), and a document's front matter ("Chair: Councillor …",
	// "Lead inspector: …") may state it
	person bool
	// paragraph: the sentence stating it may go on from one naming the
	// topic ("A peer review took place in May. It found …"): the topic is
	// looked for in its paragraph
	paragraph bool
}

// countedTopic is how much of the question a sentence giving a count or
// a share must cover (dev sweep 0.2 / 0.25 / 0.3 / 0.35 / 0.4 / 0.5:
// 0.3 to 0.4 best, the lowest kept).
const countedTopic = 0.3

// reStatesGrade gives a grade: "requires improvement" or "inadequate"
// anywhere (the framework's words), "good" or "outstanding" only as a
// judgement ("judged good", "rated as outstanding", a judgement table's
// row): letters call much else good.
var reStatesGrade = regexp.MustCompile(`(?i)\brequires? improvement\b|\binadequate\b|\b(?:judged|rated|graded|grade[ds]?|judgements?|ratings?|effectiveness)\b(?: (?:to be|as|was|were|is|of|at|overall))*\s+(?:good|outstanding)\b|^(?:the )?(?:impact of leaders|experiences and progress|overall effectiveness)\b.*\b(?:good|outstanding)$`)

var details = []detail{
	// Ofsted letters close by looking back at what was found; they rarely
	// say when the next visit or inspection will be. A question about when
	// something is to happen is answered only by a sentence on its topic
	// that both looks forward ("will", "is due", "is expected to") and
	// gives a time ("in the second half of 2026", "by March", "in spring").
	// Minutes resolve in the subjunctive: "RESOLVED that a further
	// progress report be presented to the Committee in July 2026".
	{"a future date",
		regexp.MustCompile(`(?i)\bwhen\b.*\b(next|will|expected|planned|scheduled|going to|upcoming)\b|\bwhat date\b.*\b(next|will)\b`),
		regexp.MustCompile(`(?i)\b(January|February|March|April|May|June|July|August|September|October|November|December|spring|summer|autumn|winter)\b|\b(19|20)\d{2}\b|\b(first|second) half\b|\b(end|beginning|start) of (the )?(year|month)\b|\bwithin (the next )?\w+ (weeks?|months?|years?)\b`),
		regexp.MustCompile(`(?i)\b(will|shall|due|is expected|are expected|expected to|planned for|scheduled|intends? to|plans? to)\b|\b(?:be|is to be|are to be) (?:presented|reported|brought|submitted|considered|received|circulated|provided)\b`), nil, false, false, false},
	// A question about when something other than the document's own
	// visit, inspection, meeting or publication happened ("when did the
	// council open its family hubs") is answered by an on-topic sentence
	// that dates it: letters and papers date what they report ("in April
	// 2025", "since 2022", "in the autumn"). The document's own occasion
	// is dated by its label, so questions about it are left alone.
	{"a date",
		regexp.MustCompile(`(?i)\bwhen (did|was|were|had|has|have)\b|\bwhat date\b|\bin (which|what) (month|year)\b`),
		regexp.MustCompile(`(?i)\b(January|February|March|April|May|June|July|August|September|October|November|December|spring|summer|autumn|winter)\b|\b(19|20)\d{2}\b`),
		nil,
		regexp.MustCompile(`(?i)\b(visit|visits|visited|inspection|inspections|inspected|report|reports|letter|letters|paper|papers|meeting|meetings|minutes|published|publish|dated|judged|rated|rating|judgement)\b`), false, false, false},
	{"a percentage or proportion",
		regexp.MustCompile(`(?i)\b(what|which) (percentage|proportion|per ?cent(age)?|share)\b|\bhow many per ?cent\b|\bwhat(?:['’]s| is| was| were| are| has been| had been) (?:(?:the|its|their) )?(?:[\w'’-]+ ){0,4}rates?\b(?: (?:back |now |then |in |at |for |of (?:re-?referrals?|referrals?|turnover|vacancies|absence|sickness)\b)|\s*\??$)`),
		regexp.MustCompile(`(?i)\d\s*%|\bper ?cent\b|\b(half|thirds?|quarters?|fifths?|tenths?)\b`), nil, nil, true, false, false},
	{"an amount of money",
		regexp.MustCompile(`(?i)\bhow much (money|funding|grant)\b|\bhow much\b.*\b(costs?|(?:over|under)?spend|(?:over|under)?spent|(?:over|under)?spending|invest(ed)?|deficit|shortfall|funding|funded|budget|receive[d]?|get|got|pay|paid|award(ed)?|allocated?|save[d]?)\b|\bwhat (was|is|were|are) the (budget|cost|costs|funding|overspend|savings?)\b|\bwhat (?:will|did|does|would|do)\b[^?]{0,60}\bcost\b`),
		regexp.MustCompile(`(?i)[£$€]\s?\d|\b\d+(\.\d+)?\s?(million|bn|billion|m|k)\b|\bmillion\b|\bbillion\b`), nil, nil, false, false, false},
	// Ofsted grades full inspections (outstanding, good, requires
	// improvement to be good, inadequate); monitoring and focused visits
	// and joint targeted area inspections give no grade. A question asking
	// what grade or rating something got is answered by an on-topic
	// sentence or table row that gives one.
	{"a grade",
		regexp.MustCompile(`(?i)\bwhat (?:grade|grades|rating|ratings|ofsted rating|overall (?:grade|rating|judgement))\b|\bwhat(?:'s|’s| is| was) (?:the |its |their |[\w-]+(?: [\w-]+){0,2}['’]s )?(?:current |latest |overall )?(?:ofsted )?(?:grade|rating)\b|\bhow (?:was|were|is|are|did)\b.*\b(?:rated|graded|judged)\b|\b(?:rated|graded|judged) (?:as )?what\b`),
		reStatesGrade, nil, nil, false, false, false},
	// Letters, papers and minutes name people by their role ("Councillor
	// Linda Marsh, Chair", "Lead inspector: Alison Greaves"); a question
	// asking who holds a role, or the name of someone, is answered only by
	// an on-topic sentence or front-matter field that names a person, not
	// by the nearest sentence about the role ("an Improvement Adviser will
	// act as independent chair").
	{"a name", reAskName, nil, nil, nil, false, true, false},
	// Letters and papers report reviews, audits and evaluations that
	// leaders have commissioned and that are still to report ("commissioned
	// an external review of the front door, which is due to report in
	// September 2024"). A question asking what one found or recommended is
	// answered only by a sentence that names it and reports its outcome in
	// the past or present ("The review found …", "The audit's
	// recommendations were …"), not by the sentence saying it is planned.
	{"the findings of the review asked about",
		reAskOutcome,
		regexp.MustCompile(`(?i)\b(?:found|finds|recommended|recommends|concluded|concludes|identified|identifies|showed|shows|highlighted|highlights|noted|notes|described|describes|confirmed|confirms|praised|criticised|criticized|suggested|suggests|advised|reported that|rated|judged)\b|\b(?:recommendations?|findings?|conclusions?)\b (?:were|was|are|is|included|include|have been|has been)\b`),
		reReviewOrIt, nil, false, false, true},
	// A body's decision is minuted ("RESOLVED that …", "Cabinet approved
	// …", "The committee agreed …"); a paper's recommendation to it ("That
	// the Panel recommends to Cabinet that …", "Cabinet is asked to: (c)
	// approve the recruitment …") is not one. Asked whether a body agreed
	// to something, only a sentence recording a decision on it answers: one
	// sharing two of its words (a minute's other decision, "That the Panel
	// endorses the refreshed Pledge to children in care", shares one with
	// it, not its subject).
	{"a decision",
		reAskDecision,
		regexp.MustCompile(`(?i)\bresolved\b|\b(?:agreed|approved|decided|endorsed|adopted|accepted|signed off|ratified|rejected|refused|deferred)\b`),
		nil, nil, false, false, false},
	{"a number",
		regexp.MustCompile(`(?i)\bhow many\b|\bwhat (number|total)\b`),
		regexp.MustCompile(`(?i)\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|dozens?)\b|\b\d[\d,.]*\b`), nil, nil, true, false, false},
}

// figure reports whether d is a figure: a number, a share or a sum.
func (d *detail) figure() bool {
	return d.name == "a number" || d.name == "a percentage or proportion" || d.name == "an amount of money"
}

// reAskDecision asks whether a council body took a decision ("Did
// Tarrowshire's Cabinet agree to extend …?", "Has the committee approved
// the plan?", "Was the new offer approved?").
var reAskDecision = regexp.MustCompile(`(?i)^(?:did|has|have|had)\b[^?]*\b(?:cabinet|council|committee|board|panel|members|councillors|executive)\b[^?]*\b(?:agree|agreed|agrees|approve|approved|approves|decide|decided|decides|endorse|endorsed|endorses|adopt|adopted|adopts|sign off|signed off|ratify|ratified|ratifies|accept|accepted|accepts)\b` +
	`|^(?:was|were|has|have|had)\b[^?]*\b(?:been )?(?:approved|agreed|adopted|endorsed|signed off|ratified|accepted)\b`)

// reNotDecision: a sentence that recommends a decision ("the Panel
// recommends to Cabinet that …"), or asks a body to take one, records
// none; one agreeing the recommendations of a report does ("RESOLVED that
// the recommendations set out in the report be approved").
var reNotDecision = regexp.MustCompile(`(?i)\brecommends?\b|\b(?:is|are) recommended\b|\b(?:is|are|will be|were|was) asked to\b|\bfor (?:approval|decision|consideration)\b|\bto (?:consider|decide)\b|\bsubject to (?:cabinet|council)\b`)

// reReviewNoun names a review of a service: an external, independent or
// peer review, an audit, an evaluation, a diagnostic, a health check, a
// deep dive; or scrutiny's own (a task and finish group, an inquiry),
// which minutes set up and report on meetings later.
var reReviewNoun = regexp.MustCompile(`(?i)\b(?:review|reviews|audit|audits|evaluation|evaluations|diagnostic|health check|deep dive|peer challenge|investigation|task and finish group|working group|inquiry)\b`)

// reReviewOrIt is a sentence about a review: one naming it, or one
// going on about it ("It found …", "These showed …").
var reReviewOrIt = regexp.MustCompile(reReviewNoun.String() + `|^\s*(?:It|This|These|They|Its)\b`)

// reAskOutcome asks what a review found ("What did the external review
// of the front door recommend?", "What were the findings of the audit?").
var reAskOutcome = regexp.MustCompile(`(?i)\bwhat (?:did|does|has|have|do) (?:the|its|their|this|that|an?|[\w-]+(?: [\w-]+){0,2}['’]s) (?:[\w-]+ ){0,3}(?:review|audit|evaluation|diagnostic|health check|deep dive|peer challenge|investigation|task and finish group|working group|inquiry)\b(?: [\w'’-]+){0,6}? (?:find|found|recommend|recommended|conclude|concluded|identify|identified|show|showed|say|said|highlight|highlighted|suggest|suggested)\b` +
	`|\bwhat (?:were|are|was|is) the (?:main |key )?(?:findings|recommendations|conclusions|outcomes?|results?) of (?:the|its|their|this|that|an?|[\w-]+(?: [\w-]+){0,2}['’]s) (?:[\w-]+ ){0,3}(?:review|audit|evaluation|diagnostic|health check|deep dive|peer challenge|investigation|task and finish group|working group|inquiry)\b`)

// A name is asked for by "who is / was the <role>" ("Who is the
// council's cabinet member for children?", "Who was the lead inspector?",
// "Who is the DCS now?"), "who chairs / chaired / signed", "which <role>"
// ("Which councillor chairs the corporate parenting board?") or "what is
// the name of the <role>". A role is a post councils and Ofsted name people
// by; "who did inspectors speak to", "who are the members of the MASH"
// (agencies), "who is responsible for …" and "the name of the new
// service" ask for no person.
const (
	askPossessive = `(?:(?:the|its|their|[\w-]+(?: [\w-]+){0,2}['’]s)\s+)?`
	askRoleWords  = `(?:(?:current|new|permanent|interim|acting|independent|lead|cabinet|executive|corporate|strategic|elected|council|county|city|board|panel|committee|scrutiny|improvement|partnership|safeguarding|children's|childrens|portfolio)\s+){0,4}`
	askRole       = `(?:chair|chairman|chairperson|chairwoman|director|dcs|member|mayor|leader|chief executive|commissioner|inspector|adviser|advisor|holder|councillor|principal social worker|head of service)`
)

var reAskName = regexp.MustCompile(`(?i)\bwho(?:'s|’s| is| was| has been| will be)(?: now| currently)?\s+` + askPossessive + askRoleWords + askRole + `\b` +
	`|\bwhat (?:is|was|are|were) the (?:full )?names? of\b[^?]*\b` + askRole + `\b` +
	`|\bwho (?:chaired|chairs|signed)\b` +
	// "which councillor chairs …", "which inspector led …"
	`|\bwhich ` + askRoleWords + askRole + `\b` +
	// an inspection or visit is led by a named inspector
	`|\bwho (?:led|leads|carried out|conducted) (?:the |their |its |this |that )?(?:[\w'’-]+ ){0,3}(?:inspection|visit)\b` +
	// "who inspected the council", "who visited": the inspectors, by name
	`|\bwho (?:inspected|visited)\b`)

// reRoleAsked finds the post a who-question asks about, or "chaired" /
// "chairs" for the chair.
var reRoleAsked = regexp.MustCompile(`(?i)\b(?:` + askRole + `|chaired|chairs)\b`)

// roleNames are the words the documents name each post by, as stems: a
// who-question's answer names the person beside the post it asks about
// ("Councillor Rosalind Peake (Chair)", "Gareth Lowe, Principal Social
// Worker"). Councils call their elected lead for children a cabinet or
// lead member, a portfolio holder or simply a councillor; Ofsted letters
// are addressed to the director of children's services (the DCS) by the
// council's own title for the post.
var roleNames = [][][]string{
	{{"chair"}, {"chairman"}, {"chairperson"}, {"chairwoman"}},
	{{"director"}, {"dcs"}},
	{{"member"}, {"holder"}, {"councillor"}, {"cllr"}},
	{{"leader"}},
	{{"chief", "execut"}},
	{{"mayor"}},
	{{"commission"}},
	{{"inspector"}},
	{{"advis"}, {"advisor"}},
	{{"princip", "social", "worker"}},
	{{"head", "servic"}},
}

// askedRole is the post a who-question asks about, as the ways the
// documents name it (roleNames); nil when it names none.
func askedRole(ask string) [][]string {
	m := reRoleAsked.FindString(ask)
	if m == "" {
		return nil
	}
	stems := terms.Stems(m)
	for _, class := range roleNames {
		for _, alt := range class {
			if slices.Equal(alt, stems) {
				return class
			}
		}
	}
	return nil
}

// askedRole is askedRole of the question, read once per scorer (every
// sentence of the best passages is checked against it).
func (s *Scorer) askedRole() [][]string {
	if s.role == nil {
		r := askedRole(s.q.Ask + " " + s.q.Text)
		s.role = &r
	}
	return *s.role
}

// namesRole reports whether ts names the post role (askedRole) in one of
// its ways: every stem of one of them.
func namesRole(ts textStems, role [][]string) bool {
	for _, alt := range role {
		if !slices.ContainsFunc(alt, func(w string) bool { return !ts.set[w] }) {
			return true
		}
	}
	return false
}

// countedNouns are the stems of the noun a question counts ("how many
// kids"): its own and its synonyms' ("children"), as the letters write it
// (a count is of children, in the plural).
func countedNouns(countOf string) []string {
	w := strings.ToLower(lastWord(countOf))
	out := []string{terms.Stem(w)}
	for _, syn := range synonyms[w] {
		if syn == "child" {
			syn = "children" // "how many kids": "598 children"
		}
		if st := terms.Stem(syn); !slices.Contains(out, st) {
			out = append(out, st)
		}
	}
	return out
}

// countedNear reports whether a figure stands within a few words of the
// noun it would count, before it ("412 children", "the seventh
// monitoring visit") or after it ("children in care: 412", "caseloads
// averaged 18").
func countedNear(text, noun string) bool {
	ws := terms.Words(text)
	for i, w := range ws {
		if terms.Stem(w) != noun {
			continue
		}
		for j := max(0, i-3); j < len(ws) && j <= i+4; j++ {
			if j != i && reCountWord.MatchString(ws[j]) {
				return true
			}
		}
	}
	return false
}

// namesThem reports whether text counts people by naming them: letters
// name their inspectors ("His Majesty's Inspectors for this visit were
// Margaret Burke and Gemma McNevin") and minutes those present, rather
// than say how many there were.
func namesThem(text, noun string) bool {
	if !namedByName[noun] || len(personNames(text)) == 0 {
		return false
	}
	for _, w := range terms.Words(text) {
		if terms.Stem(w) == noun {
			return true
		}
	}
	return false
}

// namedByName are the people letters and minutes list by name: the
// inspectors of a visit, the councillors and members present.
var namedByName = map[string]bool{terms.Stem("inspectors"): true, terms.Stem("councillors"): true, terms.Stem("members"): true}

// lastWord is the head noun of what a question counts ("monitoring
// visits" → "visits").
func lastWord(s string) string {
	f := strings.Fields(s)
	if len(f) == 0 {
		return s
	}
	return f[len(f)-1]
}

// reNumberOf gives a count as "the number of …" (a table row, "the number
// of children … rose to 412"), not a figure before what it counts.
var reNumberOf = regexp.MustCompile(`(?i)\bnumbers? of\b|\btotal of\b`)

// reToProvide: an action to provide a figure ("Provide number of care
// leavers who would be eligible …" in an action log) does not give it.
var reToProvide = regexp.MustCompile(`(?i)\b(?:provide|supply|circulate|confirm|report back on|bring back|share|obtain|collate)\s+(?:the\s+|a\s+)?(?:numbers?|figures?|data|details)\b`)

// reNotACount are figures that count nothing: years, dates, ages ("care
// leavers aged 21 to 25", "16- and 17-year-olds"), action references
// ("A24/09"), paragraph and section numbers.
var reNotACount = regexp.MustCompile(`(?i)\b(19|20)\d{2}\b|\b(?:aged?|ages|age of|up to age)\s+\d{1,2}(?:\s*(?:to|and|-|–)\s*\d{1,2})?\b|\b\d{1,2}(?:-? and \d{1,2})?-year-olds?\b|\b[A-Z]{1,3}\d{1,3}/\d{1,3}\b|\b\d{1,2}(st|nd|rd|th)?\s+(January|February|March|April|May|June|July|August|September|October|November|December)\b|\b(January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2}\b|\b(paragraph|section|page|para|appendix|item|recommendation)\s+\d[\d.]*\b|^\s*\d+(\.\d+)*\s`)

// reCaseloadFigure is a caseload given as a number of children ("average
// caseloads have reduced from 24 to 17 children", "caseloads of up to 30
// children"; the figure after "of", "to", "from", "average"): how many
// one worker holds, not how many children there are ("caseloads remain
// high, with 412 children on plans" counts them). It counts children only for a question about caseloads or how
// many each worker has (reCaseloadAsk: "How many children does each IRO
// have?").
var (
	reCaseloadFigure = regexp.MustCompile(`(?i)\b(?:caseloads?|workloads?)\b(?:\W+[\w'’-]+){0,8}?\W+(?:of|to|from|at|averag(?:e|es|ed|ing)|around|about|between)\W+(?:up to\W+|around\W+|about\W+|an average of\W+)?\d[\d,]*(?:\s*(?:to|and|or|-|–)\s*\d[\d,]*)*\s+(?:children|young people|families|cases)\b`)
	reCaseloadAsk    = regexp.MustCompile(`(?i)\b(?:caseloads?|workloads?|on average)\b|\b(?:each|every|per|an?|the average)\s+(?:social workers?|workers?|iros?|independent reviewing officers?|practitioners?|personal advisers?|advisers?|pas?|team managers?|managers?)\b`)
)

// requestedDetail is the detail the clause that asks wants, if any.
func requestedDetail(q Query) *detail {
	ask := q.Ask
	if ask == "" {
		ask = q.Text
	}
	if q.Duration {
		return nil // "how many months between …": the dates answer it, and the answer shows the difference
	}
	for i := range details {
		if details[i].person && len(q.Parts) > 1 {
			// "who inspected X, and who signed the letter?": a part the
			// passages do not name anyone for is said plainly, the other
			// parts are still answered
			continue
		}
		if details[i].name == "a percentage or proportion" && reMoneyRate.MatchString(ask) {
			continue // "the weekly fostering allowance rate" is a sum, not a percentage
		}
		if details[i].ask.MatchString(ask) && (details[i].own == nil || !details[i].own.MatchString(ask)) {
			return &details[i]
		}
	}
	return nil
}

// detailStated reports whether a sentence of the passages that is on the
// question's topic (it holds one of the question's terms; for a count or a
// share, it covers countedTopic of the question) states d. In a
// comparison of councils or years each side's figure is in a sentence about
// that side only, so there one term is enough.
func (s *Scorer) detailStated(d *detail, passages []letters.Passage) bool {
	counted := s.countedDetail(d)
	for _, p := range passages {
		for _, sent := range Sentences(p.Text) {
			if s.states(d, p, sent, counted) {
				return true
			}
		}
	}
	return false
}

// countedDetail reports whether d's figure must be of what the question
// counts (detail.counted), in a question about one council and year.
func (s *Scorer) countedDetail(d *detail) bool {
	return d.counted && len(s.q.Filter.Authorities) < 2 && len(distinctYears(s.q.Years)) < 2
}

// states reports whether sent, a sentence of p, states d on the
// question's topic (detailStated).
func (s *Scorer) states(d *detail, p letters.Passage, sent string, counted bool) bool {
	if IsFrontMatter(p) && !d.person {
		// a letterhead's date and a contact's telephone number state
		// nothing about the question's topic
		return false
	}
	if d.person && p.Section == "Letterhead" && s.q.AsksAddressee() && len(personNames(p.Text)) > 0 {
		// a letter is addressed to the council's director of
		// children's services, by name and by the council's own title
		// for the post
		return true
	}
	if d.person && p.Label == letters.SignatureLabel && s.q.AsksSigner() && len(personNames(p.Text)) > 0 {
		return true // who signed a letter: its signature
	}
	if d.figure() && !s.namesNamed(p) {
		// "How much will Larch Lodge cost to run?" is not answered by
		// a sum in a paragraph about something else
		return false
	}
	text := sent
	if d.name == "a number" {
		text = reNotACount.ReplaceAllString(sent, " ")
		if !reCaseloadAsk.MatchString(s.q.Text) {
			text = reCaseloadFigure.ReplaceAllString(text, " ")
		}
	}
	switch {
	case d.person:
		if len(personNames(text)) == 0 {
			return false
		}
		if role := s.askedRole(); role != nil && !namesRole(s.stems(sent), role) {
			// a name beside another post: "Who is the chief
			// executive?" is not answered by the director's name
			return false
		}
	case d.name == "a number" && counted && s.q.CountOf != "":
		// a count of what the question counts: a figure or an
		// ordinal just before it ("412 children", "the seventh
		// monitoring visit"), or "the number of …" with a figure;
		// not a figure of something else in a sentence on the topic
		counts := slices.ContainsFunc(countedNouns(s.q.CountOf), func(noun string) bool {
			return countedNear(text, noun) || namesThem(text, noun)
		})
		if !counts && !(d.has.MatchString(text) && reNumberOf.MatchString(text) && !reToProvide.MatchString(text)) {
			return false
		}
	case !d.has.MatchString(text):
		return false
	case d.name == "a percentage or proportion" && !s.namesRateOf(sent):
		// "What's the social worker vacancy rate?" is not answered by a
		// percentage of agency staff: a rate is of the thing named
		// before it
		return false
	case d.name == "a decision" && reNotDecision.MatchString(text):
		// a recommendation, or a decision still to be taken
		return false
	case d.also != nil && !d.also.MatchString(text) && !(d.name == "a future date" && afterDocument(text, p.Document.Date)):
		// (a paper looks forward by its dates too: "takes effect from 1
		// April 2025" in a report of March 2025)
		return false
	}
	if d.name == "a grade" {
		if s.area != nil && !s.area.MatchString(sent) {
			// "What grade did X get for children in care?" is not
			// answered by the overall grade ("children's services were
			// judged to be good")
			return false
		}
	}
	if d.name == "a grade" && len(s.q.Years) > 0 && !s.q.Temporal && !gradeOfYear(p, sent, s.q.Years) {
		// "What grade did X get when it was judged inadequate in 2024?"
		// is not answered by the grade of its 2021 inspection (a
		// question about change wants the grades of several years)
		return false
	}
	if len(s.q.Terms) == 0 {
		return true
	}
	if counted {
		return s.exactCoverage(s.stems(sent)) >= countedTopic
	}
	if d.paragraph {
		return slices.Contains(s.matches(s.stems(p.Text)), true)
	}
	if d.name == "a decision" {
		n := 0
		for _, ok := range s.matches(s.stems(sent)) {
			if ok {
				n++
			}
		}
		return n >= min(2, len(s.q.Terms))
	}
	return slices.Contains(s.matches(s.stems(sent)), true)
}

// reWhoIsName asks about a person the question names ("Who is Alison
// Greaves?", "who was Ms Coyle"): the answer is their role.
var reWhoIsName = regexp.MustCompile(`(?i)\bwho (?:is|was|are|were) (?:(?:mr|mrs|ms|miss|dr|councillor|cllr)\.? )?\p{Lu}`)

// anotherPerson reports whether a who-question that names a person ("Who
// else was on the inspection team with Alison Greaves?", "Who replaced
// Joanne Whitlock?") finds a passage that names someone else: the person
// it names cannot be its answer. A question naming nobody, or asking who
// the named person is, passes.
func anotherPerson(q Query, passages []letters.Passage) bool {
	ask := q.Ask
	if ask == "" {
		ask = q.Text
	}
	if !q.WantWho || reWhoIsName.MatchString(ask) {
		return true
	}
	asked := personNames(ask)
	if len(asked) == 0 {
		return true
	}
	for _, p := range passages {
		for _, sent := range Sentences(p.Text) {
			if !rePersonRole.MatchString(sent) {
				continue // "In the Ashby Vale locality …" names a place
			}
			for _, n := range personNames(sent) {
				if !slices.ContainsFunc(asked, func(a string) bool { return strings.Contains(n, a) || strings.Contains(a, n) }) {
					return true
				}
			}
		}
	}
	return false
}

// rePersonRole: a sentence that names a person says what they are or do
// (a title, a role, a verb of speaking or appointing).
var rePersonRole = regexp.MustCompile(`(?i)\b(?:mr|mrs|ms|miss|dr|councillor|cllr|inspectors?|director|officer|manager|chair|head|member|lead|leader|adviser|social worker|headteacher|chief|executive|said|says|told|appointed|joined|replaced|led by)\b`)

// reAnyYear is a year of the documents' era.
var reAnyYear = regexp.MustCompile(`\b(?:19|20)\d{2}\b`)

// gradeOfYear reports whether sent, a sentence of p giving a grade, gives
// it for one of years: Ofsted grades an inspection, and a grade stands for
// the year it was given. A sentence that names a year names the grade's
// ("judged good at its last inspection in 2021"); a judgement-table row
// names none, and is of the year its paragraph, its section or its
// document is.
func gradeOfYear(p letters.Passage, sent string, years []int) bool {
	if reAnyYear.MatchString(sent) {
		return mentionsYear(sent, years)
	}
	if mentionsYear(p.Text, years) || mentionsYear(p.Section, years) {
		return true
	}
	dated := false
	for _, d := range []string{p.Document.Date, p.Document.VisitStart, p.Document.VisitEnd} {
		if len(d) >= 4 {
			dated = true
			if mentionsYear(d[:4], years) {
				return true
			}
		}
	}
	return !dated // an undated document's row may be of any year
}

// judgementAreas are the ILACS judgements, each as questions and documents
// name it: Ofsted grades the impact of leaders, the experiences and
// progress of children who need help and protection, of children in care
// and of care leavers, and overall effectiveness.
var judgementAreas = []struct{ asked, stated *regexp.Regexp }{
	{regexp.MustCompile(`(?i)\b(?:children in care|looked[- ]after children|children looked after|cared for children)\b`),
		regexp.MustCompile(`(?i)\b(?:children in care|looked[- ]after children|children looked after|cared for children)\b`)},
	{regexp.MustCompile(`(?i)\bcare leavers?\b|\bleaving care\b`),
		regexp.MustCompile(`(?i)\bcare leavers?\b|\bleaving care\b`)},
	{regexp.MustCompile(`(?i)\bhelp and protection\b|\bneed(?:ing)? (?:of )?help\b|\bchild protection\b`),
		regexp.MustCompile(`(?i)\bhelp and protection\b|\bneed(?:ing)? (?:of )?help\b|\bchild protection\b`)},
	{regexp.MustCompile(`(?i)\b(?:impact of )?leaders(?:hip)?\b`),
		regexp.MustCompile(`(?i)\bleaders(?:hip)?\b`)},
}

var reAskOverall = regexp.MustCompile(`(?i)\boverall\b`)

// judgementArea is how a sentence names the judgement area a grade question
// asks about, or nil when it asks about none (or about several, or
// overall).
func judgementArea(q string) *regexp.Regexp {
	if reAskOverall.MatchString(q) {
		return nil
	}
	var found *regexp.Regexp
	for _, a := range judgementAreas {
		if a.asked.MatchString(q) {
			if found != nil {
				return nil
			}
			found = a.stated
		}
	}
	return found
}

// afterDocument reports whether text names a month later than the month of
// docDate (YYYY-MM-DD): what a paper dates after itself is to come.
func afterDocument(text, docDate string) bool {
	d, err := time.Parse("2006-01-02", docDate)
	if err != nil {
		return false
	}
	for _, m := range months(text) {
		if m.Year > d.Year() || m.Year == d.Year() && m.Month > d.Month() {
			return true
		}
	}
	return false
}

// reRateOf is the thing a rate the question asks for is of: "the rate of
// re-referrals", "the vacancy rate", "turnover rates".
var (
	reRateOfAfter  = regexp.MustCompile(`(?i)\brates?\s+of\s+([a-z][a-z'’-]+)`)
	reRateOfBefore = regexp.MustCompile(`\b([A-Za-z][a-z'’-]+)\s+rates?\b`)
)

// notRateOf are words before "rate" that name no thing ("what rate", "the
// current rate").
var notRateOf = map[string]bool{"what": true, "which": true, "the": true, "its": true, "their": true, "a": true, "an": true,
	"current": true, "latest": true, "overall": true, "average": true, "this": true, "that": true, "same": true, "national": true}

// rateOf is the thing the rate q asks for is of, or "" when it names none:
// not a council's name or a possessive ("Testshire's rate", "the
// council's rate").
func rateOf(ask string) string {
	if m := reRateOfAfter.FindStringSubmatch(ask); m != nil {
		return m[1]
	}
	m := reRateOfBefore.FindStringSubmatch(ask)
	if m == nil || notRateOf[strings.ToLower(m[1])] || unicode.IsUpper([]rune(m[1])[0]) ||
		strings.HasSuffix(m[1], "'s") || strings.HasSuffix(m[1], "’s") {
		return ""
	}
	return m[1]
}

// reMoneyRate asks for a rate that is a sum of money: an allowance, a
// fee, pay.
var reMoneyRate = regexp.MustCompile(`(?i)\b(?:allowances?|pay|fees?|charges?|hourly|daily|weekly|salar(?:y|ies)|wages?|price)\b[^?]*\brates?\b`)

// rateStemPrefix is how much of a word's stem a sentence's word must share
// to name the same thing ("vacancy", "vacancies", "vacant").
const rateStemPrefix = 5

// namesRateOf reports whether sent names what the rate the question asks
// for is of (rateOf), when it asks for one; a sentence that does not is a
// percentage of something else.
func (s *Scorer) namesRateOf(sent string) bool {
	of := rateOf(s.q.Ask)
	if of == "" {
		return true
	}
	st := s.stems(sent)
	for _, w := range s.stems(of).seq {
		p := w[:min(len(w), rateStemPrefix)]
		if !slices.ContainsFunc(st.seq, func(x string) bool { return strings.HasPrefix(x, p) }) {
			return false
		}
	}
	return true
}
