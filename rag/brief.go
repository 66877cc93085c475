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
	"unicode"

	"github.com/letters-app/letters"
)

// BriefStore is what briefings, timelines and what-changed need from the
// store: the councils, one council's documents (with bodies) and their
// paragraphs.
type BriefStore interface {
	Councils(ctx context.Context) ([]letters.Council, error)
	CouncilDocuments(ctx context.Context, authority string) ([]letters.Document, error)
	DocumentParagraphs(ctx context.Context, ids []int64) (map[int64][]letters.Paragraph, error)
}

// councilSuffixes are dropped when a name is matched ("Harwickshire County
// Council" names the authority "Harwickshire").
var councilSuffixes = []string{"-metropolitan-borough-council", "-county-council", "-borough-council", "-city-council", "-council", "-county"}

func councilKey(s string) string {
	id := letters.CouncilID(s)
	for _, suf := range councilSuffixes {
		if t, ok := strings.CutSuffix(id, suf); ok && t != "" {
			if suf == "-city-council" {
				return t + "-city"
			}
			return t
		}
	}
	return id
}

// Briefer builds briefings, timelines and what-changed comparisons from
// the documents' own sentences. It needs no model.
type Briefer struct {
	src BriefStore
	now func() time.Time
}

// NewBriefer returns a briefer over src.
func NewBriefer(src BriefStore) *Briefer { return &Briefer{src: src, now: time.Now} }

// Brief is the briefing of a council (see Briefer.Brief). The service's
// store must implement BriefStore (store.DB does).
func (s *Service) Brief(ctx context.Context, req BriefRequest) (Briefing, error) {
	b, err := s.briefer()
	if err != nil {
		return Briefing{}, err
	}
	br, err := b.Brief(ctx, req)
	if err == nil && req.Summaries {
		s.summarise(ctx, &br)
	}
	return br, err
}

// Timeline is every document of a council in date order (see Briefer.Timeline).
func (s *Service) Timeline(ctx context.Context, council string) (Timeline, error) {
	b, err := s.briefer()
	if err != nil {
		return Timeline{}, err
	}
	return b.Timeline(ctx, council)
}

// Changes compares two documents of a council topic by topic (see Briefer.Changes).
func (s *Service) Changes(ctx context.Context, req ChangesRequest) (Changes, error) {
	b, err := s.briefer()
	if err != nil {
		return Changes{}, err
	}
	return b.Changes(ctx, req)
}

// Councils lists the councils with documents.
func (s *Service) Councils(ctx context.Context) ([]letters.Council, error) {
	b, err := s.briefer()
	if err != nil {
		return nil, err
	}
	return b.Councils(ctx)
}

func (s *Service) briefer() (*Briefer, error) {
	src, ok := s.store.(BriefStore)
	if !ok {
		return nil, fmt.Errorf("rag: briefings: the store cannot list councils: %w", letters.ErrUnavailable)
	}
	return NewBriefer(src), nil
}

// Councils lists the councils with documents.
func (b *Briefer) Councils(ctx context.Context) ([]letters.Council, error) {
	cs, err := b.src.Councils(ctx)
	if err != nil {
		return nil, fmt.Errorf("rag: councils: %w", err)
	}
	return cs, nil
}

// council resolves a council by id or name ("nottingham-city", "Nottingham
// City", "Nottingham City Council").
func (b *Briefer) council(ctx context.Context, name string) (letters.Council, error) {
	if strings.TrimSpace(name) == "" {
		return letters.Council{}, fmt.Errorf("rag: council: no council named: %w", letters.ErrInvalid)
	}
	cs, err := b.Councils(ctx)
	if err != nil {
		return letters.Council{}, err
	}
	want := councilKey(name)
	for _, c := range cs {
		if c.ID == letters.CouncilID(name) || councilKey(c.Name) == want {
			return c, nil
		}
	}
	return letters.Council{}, fmt.Errorf("rag: council %q: %w", name, letters.ErrNotFound)
}

// BriefRequest asks for a council's briefing, optionally narrowed to a
// date range (inclusive; a document is in it when its letter date is, or
// when the visit it reports meets it: "the 2023 inspection" is reported in
// January 2024) or one document (id or slug).
type BriefRequest struct {
	Council  string     `json:"council"`
	From     *time.Time `json:"from,omitempty"`
	To       *time.Time `json:"to,omitempty"`
	Document string     `json:"document,omitempty"`
	// Kinds keeps only documents of these kinds (letters.Kind*); none:
	// every kind.
	Kinds []string `json:"kinds,omitempty"`
	// Summaries asks for a model's two-sentence summary above each section
	// (Service.Brief with a model answerer configured; checked citations).
	Summaries bool `json:"summaries,omitempty"`
}

// Bullet is one line of a briefing: a verbatim sentence (or table row) of a
// document with its citation.
type Bullet struct {
	Text        string         `json:"text"`
	Key         string         `json:"key"` // slug#label, the stable citation key
	ParagraphID int64          `json:"paragraph_id"`
	Label       string         `json:"label"`
	Heading     string         `json:"heading,omitempty"` // the document's section it came from
	Document    letters.DocRef `json:"document"`
	Citation    string         `json:"citation"` // Cite(), as printed
}

// Cite is the bullet's citation as printed: "Monitoring visit letter,
// 12 March 2026, ¶4 (slug#¶4)".
func (bl Bullet) Cite() string {
	parts := []string{letters.KindLabel(bl.Document.Kind)}
	if d := LongDate(bl.Document.Date); d != "" {
		parts = append(parts, d)
	}
	l := bl.Label
	if !strings.HasPrefix(l, "¶") && l != "" && l[0] >= '0' && l[0] <= '9' {
		l = "¶" + l
	}
	parts = append(parts, l)
	return strings.Join(parts, ", ") + " (" + bl.Key + ")"
}

// LongDate writes YYYY-MM-DD as "12 March 2026" ("" stays "", anything else as is).
func LongDate(d string) string {
	t, err := time.Parse("2006-01-02", d)
	if err != nil {
		return d
	}
	return t.Format("2 January 2006")
}

// Section ids of a briefing, in the order they are printed.
const (
	SectionJudgements = "judgements"
	SectionHeadline   = "headline"
	SectionStrengths  = "strengths"
	SectionImprove    = "improve"
	SectionProgress   = "progress"
	SectionActions    = "actions"
)

var sectionTitles = map[string]string{
	SectionJudgements: "Latest judgements and dates",
	SectionHeadline:   "Headline findings",
	SectionStrengths:  "Strengths",
	SectionImprove:    "Areas for improvement and priority actions",
	SectionProgress:   "Progress since the previous visit",
	SectionActions:    "What the council said it would do",
}

// BriefSection is one part of a briefing.
type BriefSection struct {
	ID      string          `json:"id"`
	Title   string          `json:"title"`
	Summary *SectionSummary `json:"summary,omitempty"` // with a model configured and asked for
	Bullets []Bullet        `json:"bullets"`
}

// Briefing is a council's cited briefing: every bullet a document's own sentence.
type Briefing struct {
	Council   letters.Council  `json:"council"`
	From      string           `json:"from,omitempty"`
	To        string           `json:"to,omitempty"`
	Documents []letters.DocRef `json:"documents"` // newest first
	Sections  []BriefSection   `json:"sections"`
	Generated string           `json:"generated"` // YYYY-MM-DD
}

// headed reports whether a bullet of the briefing's section id comes
// from under a document heading that re matches.
func (br Briefing) headed(id string, re *regexp.Regexp) bool {
	return slices.ContainsFunc(br.Sections, func(s BriefSection) bool {
		return s.ID == id && slices.ContainsFunc(s.Bullets, func(b Bullet) bool { return re.MatchString(b.Heading) })
	})
}

// reHeadlineHeading is the heading under which an Ofsted letter or
// report gives its own summary.
var reHeadlineHeading = regexp.MustCompile(`(?i)^headline findings\b`)

// Bullets is every bullet of the briefing, section by section.
func (br Briefing) Bullets() []Bullet {
	var out []Bullet
	for _, s := range br.Sections {
		out = append(out, s.Bullets...)
	}
	return out
}

func ref(d letters.Document) letters.DocRef {
	return letters.DocRef{ID: d.ID, Slug: d.Slug, Title: d.Title, Kind: d.Kind, Authority: d.Authority, Date: d.DateString(), SourceName: d.SourceName}
}

// load returns a council's documents (filtered) with their paragraphs.
func (b *Briefer) load(ctx context.Context, req BriefRequest) (letters.Council, []letters.Document, map[int64][]letters.Paragraph, error) {
	c, err := b.council(ctx, req.Council)
	if err != nil {
		return c, nil, nil, err
	}
	if req.From != nil && req.To != nil && req.To.Before(*req.From) {
		return c, nil, nil, fmt.Errorf("rag: brief: from is after to: %w", letters.ErrInvalid)
	}
	docs, err := b.src.CouncilDocuments(ctx, c.Name)
	if err != nil {
		return c, nil, nil, fmt.Errorf("rag: brief %s: %w", c.Name, err)
	}
	var keep []letters.Document
	for _, d := range docs {
		if req.Document != "" && strconv.FormatInt(d.ID, 10) != req.Document && d.Slug != req.Document && d.SourceName != req.Document {
			continue
		}
		if len(req.Kinds) > 0 && !slices.Contains(req.Kinds, d.Kind) {
			continue
		}
		if !d.InPeriod(req.From, req.To) {
			continue
		}
		keep = append(keep, d)
	}
	if req.Document != "" && len(keep) == 0 {
		return c, nil, nil, fmt.Errorf("rag: brief %s: document %q: %w", c.Name, req.Document, letters.ErrNotFound)
	}
	ids := make([]int64, len(keep))
	for i, d := range keep {
		ids[i] = d.ID
	}
	paras := map[int64][]letters.Paragraph{}
	if len(ids) > 0 {
		if paras, err = b.src.DocumentParagraphs(ctx, ids); err != nil {
			return c, nil, nil, fmt.Errorf("rag: brief %s: %w", c.Name, err)
		}
	}
	return c, keep, paras, nil
}

// sideHeading is a heading as a statement of a side (strengths, what
// needs to improve): "" for a report's graded heading, which says neither.
func sideHeading(h string) string {
	if reGradedSection.MatchString(h) {
		return ""
	}
	return h
}

// Brief builds a council's briefing. Sections follow how the letters are
// organised; each bullet is a sentence, list item or judgement-table row of
// a document, chosen from the document's own headings and wording, cited,
// deduplicated across documents (the earliest keeps it) and ordered newest
// document first.
func (b *Briefer) Brief(ctx context.Context, req BriefRequest) (Briefing, error) {
	c, docs, paras, err := b.load(ctx, req)
	if err != nil {
		return Briefing{}, err
	}
	br := Briefing{Council: c, Generated: b.now().Format("2006-01-02")}
	if req.From != nil {
		br.From = req.From.Format("2006-01-02")
	}
	if req.To != nil {
		br.To = req.To.Format("2006-01-02")
	}
	// docs are oldest first: the earliest statement of a repeated sentence keeps it
	per := map[string][]Bullet{}
	seen := map[string]bool{}
	for _, d := range docs {
		for sec, bullets := range classify(d, paras[d.ID]) {
			for _, bl := range bullets {
				n := normText(bl.Text)
				if seen[n] {
					continue
				}
				seen[n] = true
				per[sec] = append(per[sec], bl)
			}
		}
	}
	for i := len(docs) - 1; i >= 0; i-- {
		br.Documents = append(br.Documents, ref(docs[i]))
	}
	for _, id := range []string{SectionJudgements, SectionHeadline, SectionStrengths, SectionImprove, SectionProgress, SectionActions} {
		bl := per[id]
		sort.SliceStable(bl, func(i, j int) bool { return bl[i].Document.Date > bl[j].Document.Date })
		if bl == nil {
			bl = []Bullet{}
		}
		for i := range bl {
			bl[i].Citation = bl[i].Cite()
		}
		br.Sections = append(br.Sections, BriefSection{ID: id, Title: sectionTitles[id], Bullets: bl})
	}
	return br, nil
}

// Focus is the briefing narrowed to one section id, after the headline
// findings cut to headline bullets: an ask for one side (what to worry
// about, the positives) gets that side in full and the verdict it stands in.
func (br Briefing) Focus(id string, headline int) Briefing {
	out := br
	out.Sections = nil
	for _, s := range br.Sections {
		switch s.ID {
		case SectionHeadline:
			if len(s.Bullets) > headline {
				s.Bullets = s.Bullets[:headline]
			}
		case id:
		default:
			continue
		}
		out.Sections = append(out.Sections, s)
	}
	return out
}

// normText is the dedup key of a sentence: lower case, quotes and dashes
// folded, whitespace collapsed.
func normText(s string) string {
	s = strings.NewReplacer("‘", "'", "’", "'", "“", "\"", "”", "\"", "–", "-", "—", "-", "|", " ").Replace(s)
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}

// unit is a candidate bullet: a sentence or list item of a paragraph.
type unit struct {
	text    string
	para    letters.Paragraph
	item    bool   // a list item (bullet line or a line of a colon-introduced list)
	listOf  string // the line introducing the list ("… areas for improvement:")
	first   bool   // first sentence of its paragraph
	heading string
}

var (
	reParaNum        = regexp.MustCompile(`^(\d+(\.\d+)*\.?|\(?[a-z]\)|[ivx]+\.)\s+`)
	reActionRow      = regexp.MustCompile(`\b\d+\.\d+[a-z]\s`)
	reActionRowRef   = regexp.MustCompile(`\b[A-Z]\d{1,2}\s`) // "A1 Fill the vacant posts …" in a table with an Owner column
	reContextHeading = regexp.MustCompile(`(?i)^\s*(\d+\.?\s*)?(background|purpose( of (the )?report)?|apologies( for absence)?|declarations? of interests?|work programme)\s*$`)
	reBulletLn       = regexp.MustCompile(`^\s*([•\-*▪●◦]|\d+[.)]|[a-z][.)])\s+`)
)

// reActionHeader is an action log's header row.
var reActionHeader = regexp.MustCompile(`(?i)\b(?:action|owner|lead|responsible)\b`)

// actionTable: the rows of a paragraph that is an action log laid out as a
// table (every line two or more " | " cells, the first a header naming an
// action or its owner), without the header.
func actionTable(lines []string) ([]string, bool) {
	if len(lines) < 2 || !reActionHeader.MatchString(lines[0]) {
		return nil, false
	}
	for _, l := range lines {
		if strings.Count(l, "|") < 2 {
			return nil, false
		}
	}
	var rows []string
	for _, l := range lines[1:] {
		if l = strings.TrimSpace(l); strings.Trim(l, "|-: ") != "" {
			rows = append(rows, l)
		}
	}
	return rows, len(rows) > 0
}

// units splits a paragraph into sentences and list items, verbatim.
func units(p letters.Paragraph) []unit {
	var out []unit
	lines := strings.Split(p.Text, "\n")
	if rows, ok := actionTable(lines); ok {
		// an action log as a table ("No. | Action | Owner | Due"): each row
		// an action, the header none
		for _, r := range rows {
			out = append(out, unit{text: r, para: p, item: true, listOf: "action plan", heading: p.Section})
		}
		return out
	}
	intro := ""
	for li, line := range lines {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		isItem := reBulletLn.MatchString(line) && li > 0 || strings.HasPrefix(line, "•")
		if intro != "" && li > 0 && !strings.HasSuffix(line, ":") {
			isItem = true
		}
		clean := line
		if li == 0 || isItem {
			clean = strings.TrimSpace(reParaNum.ReplaceAllString(strings.TrimLeft(line, "•-*▪●◦ "), ""))
		}
		if isItem {
			if clean != "" {
				out = append(out, unit{text: clean, para: p, item: true, listOf: intro, heading: p.Section})
			}
			continue
		}
		for i, s := range Sentences(clean) {
			rows := reActionRow.FindAllStringIndex(s, -1)
			if len(rows) < 2 && strings.Contains(s, "Owner") {
				rows = reActionRowRef.FindAllStringIndex(s, -1)
			}
			if len(rows) >= 2 {
				// a flattened action-plan table: a row per action number
				for k, r := range rows {
					end := len(s)
					if k+1 < len(rows) {
						end = rows[k+1][0]
					}
					out = append(out, unit{text: strings.TrimSpace(s[r[0]:end]), para: p, item: true, listOf: "action plan", heading: p.Section})
				}
				continue
			}
			out = append(out, unit{text: s, para: p, first: li == 0 && i == 0, heading: p.Section})
		}
		if strings.HasSuffix(line, ":") {
			intro = line
		}
	}
	return out
}

var (
	reHeadHeading = regexp.MustCompile(`(?i)headline|summary|overview|key (findings|messages)|findings of|introduction|conclusions?|key points`)
	// a report's graded heading ("The experiences and progress of care
	// leavers: requires improvement to be good") names what is judged; the
	// paragraphs under it are strengths and weaknesses both
	reGradedSection   = regexp.MustCompile(`(?i):\s*(` + letters.Grades + `)$`)
	reImproveHeading  = regexp.MustCompile(`(?i)improve|priority action|areas? for (further )?(improvement|development)|weakness|concern|prioriti[sz]e|should|needs? to`)
	reStrengthHeading = regexp.MustCompile(`(?i)strength|working well|going well|what is good|positive`)
	reActionHeading   = regexp.MustCompile(`(?i)action|next steps|resolved|decision|improvement plan|response`)
	reBoiler          = regexp.MustCompile(`(?i)^(this letter summarises|i am copying|this visit was carried out|yours sincerely|ofsted will take|inspectors reviewed the progress|inspectors looked at|the areas for improvement have been cross-referenced|copyright|subscribe|we use cookies|picture:)`)
	reJudgedSent      = regexp.MustCompile(`(?i)\b(judged|rated|graded|downgraded)\b[^.]*\b(inadequate|requires improvement|good|outstanding)\b`)
	reInspectorsSaid  = regexp.MustCompile(`(?i)\b(inspectors|ofsted|the (monitoring |focused )?visit)\b`)
	reJudgedGeneral   = regexp.MustCompile(`(?i)\bwill be (limited|judged)|gradings? (are|is)\b`)
	reOverall         = regexp.MustCompile(`(?i)^overall,|overall effectiveness|the pace of (improvement|change)`)
	reProgress        = regexp.MustCompile(`(?i)since the (last|previous|monitoring|inspection|focused)|(last|previous) (monitoring )?(visit|inspection)|at the (last|previous)|progress (made|has|since)|no longer|have (improved|strengthened|deteriorated)|has (improved|strengthened|deteriorated)`)
	reCommit          = regexp.MustCompile(`(?i)\b(will|agreed|resolved|pledged|committed to|plans? to|is asked to|approves?|recommend(ed|s)?|to be (completed|delivered|reported)|target date|by (january|february|march|april|may|june|july|august|september|october|november|december|the end of)|owner|action \d|actions? (have|has) been)\b`)
	reVisitKind       = map[string]bool{letters.KindMonitoringVisit: true, letters.KindFocusedVisit: true, letters.KindInspection: true}
)

// Polarity cues in the genre's own words.
var (
	rePositive = regexp.MustCompile(`(?i)\b(strong(er|ly)?|strengths?|strengthened|effective(ly)?|well[- ](managed|supported|established|coordinated|resourced|attended|understood|met|placed)|good|improved|improving|appropriate(ly)?|timely|prompt(ly)?|stable|stabilised?|stability|positive(ly)?|confident|confidence|enjoy|proportionate(ly)?|matured|responsive|robust|valued|skilled|ambitious|embedded|accurate|consistent(ly)? (strong|good)|thoughtful|sensitive|committed|benefit|is a strength|high[- ]quality|clear|well|manageable|persistent|creative|quickly|helpful|trusting|settled|steady|open to challenge|culture of learning|increasingly|better|reduction|reduced|fallen|risen|higher|heard|influences?|instrumental|well-developed|dropped|opened|in touch|advocates?|making progress|helped|persistence|trusting relationships|proactive|creative|resilience|stronger)\b`)
	reNegative = regexp.MustCompile(`(?i)\b(not|too|inconsistent(ly)?|weakness(es)?|weak|variable|variability|varies|delays?|delayed|backlog|limited|lack(s|ing)?|insufficient(ly)?|poor|concerns?|fail(s|ed|ing)?|failures?|slow|protracted|high workloads|repeat(ed)?|undermine|inadequate|requires improvement|shortfalls?|gaps?|wait(s|ing)? too long|deteriorated|risk of harm|significant risk|most significant risk|only \d+%|few|fewer|unclear|drift|unsafe|worsened|rated red|turnover)\b`)
	reContrast = regexp.MustCompile(`(?i)\b(but|however|although|though|despite|whilst|while|yet)\b`)
)

// polarity scores a sentence: > 0 a strength, < 0 an area for improvement,
// 0 not evaluative. Only the main clause counts ("When children are at
// risk of harm, the response is timely": a strength), and after a contrast
// the clause that follows decides ("improving but remains inconsistent").
func polarity(s string) int {
	s = reNoDelay.ReplaceAllString(mainClause(s), "promptly")
	pos := len(rePositive.FindAllString(s, -1))
	neg := len(reNegative.FindAllString(s, -1))
	if loc := reContrast.FindStringIndex(s); loc != nil && loc[0] > 0 {
		tail := s[loc[1]:]
		if tp, tn := len(rePositive.FindAllString(tail, -1)), len(reNegative.FindAllString(tail, -1)); tn > tp {
			return -1
		}
	}
	switch {
	case neg > 0:
		return -1
	case pos > 0:
		return 1
	}
	return 0
}

var reNoDelay = regexp.MustCompile(`(?i)\b(without|no) (undue )?delay\b`)

// subordinators open a clause that sets the scene for the main one.
var subordinators = map[string]bool{"when": true, "if": true, "where": true, "once": true, "although": true,
	"though": true, "despite": true, "while": true, "whilst": true}

// mainClause drops a leading subordinate clause ("When …, ") and a trailing
// "when …" one.
func mainClause(s string) string {
	if f := strings.Fields(s); len(f) > 0 && subordinators[strings.ToLower(strings.Trim(f[0], ",'\""))] {
		if i := strings.Index(s, ", "); i > 0 {
			s = s[i+2:]
		}
	}
	if i := strings.Index(s, " when "); i > 0 {
		s = s[:i]
	}
	return s
}

// numeric reports a flattened table: more than eight numbers in one "sentence".
func numeric(s string) bool {
	n := 0
	for _, f := range strings.Fields(s) {
		if strings.ContainsAny(f[:1], "0123456789") {
			n++
		}
	}
	return n > 8
}

// caps per document and section: enough for a board paper, short enough to read.
var sectionCap = map[string]int{SectionJudgements: 8, SectionHeadline: 8, SectionStrengths: 10, SectionImprove: 10, SectionProgress: 4, SectionActions: 14}

// classify picks a document's bullets for each section.
func classify(d letters.Document, paras []letters.Paragraph) map[string][]Bullet {
	out := map[string][]Bullet{}
	used := map[string]bool{}
	dr := ref(d)
	add := func(sec string, u unit) bool {
		n := normText(u.text)
		if used[n] || len(out[sec]) >= sectionCap[sec] {
			return false
		}
		used[n] = true
		out[sec] = append(out[sec], Bullet{Text: u.text, Key: letters.ParagraphKey(d.Slug, u.para), ParagraphID: u.para.ID,
			Label: u.para.Label, Heading: u.heading, Document: dr})
		return true
	}
	var all []unit
	for _, p := range paras {
		if p.Text == p.Section && reGradedSection.MatchString(p.Text) {
			// a report's graded heading ("The experiences and progress of
			// children in care: good"): a judgement, read as one above
			continue
		}
		for _, u := range units(p) {
			if len(u.text) < 25 || reBoiler.MatchString(u.text) || strings.HasSuffix(u.text, ":") {
				continue
			}
			all = append(all, u)
		}
	}
	// judgements: the judgement table's rows, then sentences saying what
	// the authority was judged
	for _, j := range tableJudgements(d, paras) {
		add(SectionJudgements, j.unit)
	}
	for _, u := range all {
		if reJudgedSent.MatchString(u.text) && !u.item && !reJudgedGeneral.MatchString(u.text) && strings.Count(u.text, "%") < 2 && len(u.text) < 400 {
			add(SectionJudgements, u)
		}
	}
	council := d.Kind == letters.KindBoardPaper || d.Kind == letters.KindMinutes
	// headline: the document's headline section (or the opening paragraphs
	// of a report without one), overall verdicts
	hasHead := false
	for _, u := range all {
		if reHeadHeading.MatchString(u.heading) && !reImproveHeading.MatchString(u.heading) {
			hasHead = true
			break
		}
	}
	type scored struct {
		u unit
		s float64
		i int
	}
	var heads []scored
	headPos := 0
	for i, u := range all {
		inHead := hasHead && reHeadHeading.MatchString(u.heading) && !reImproveHeading.MatchString(u.heading)
		// a report without a headline section opens with it; minutes record
		// it where members discuss what inspectors found
		intro := !hasHead && (d.Kind != letters.KindMinutes && u.heading == "" && u.para.Ordinal <= 3 ||
			d.Kind == letters.KindMinutes && reInspectorsSaid.MatchString(u.text))
		s := 0.0
		if inHead || intro {
			s = 2 - 0.05*float64(headPos)
			headPos++
			if polarity(u.text) != 0 {
				s += 0.6
			}
			if u.first {
				s += 0.3
			}
		}
		if reOverall.MatchString(u.text) {
			s += 2.5
		}
		if u.item || s == 0 {
			continue
		}
		heads = append(heads, scored{u, s - float64(i)*0.001, i})
	}
	sort.SliceStable(heads, func(a, b int) bool { return heads[a].s > heads[b].s })
	if len(heads) > sectionCap[SectionHeadline] {
		heads = heads[:sectionCap[SectionHeadline]]
	}
	sort.SliceStable(heads, func(a, b int) bool { return heads[a].i < heads[b].i })
	for _, h := range heads {
		add(SectionHeadline, h.u)
	}
	// what the council said it would do: commitments in its own papers,
	// action-plan rows, and what the council told the press
	if council || d.Kind == letters.KindNews {
		for _, u := range all {
			if u.listOf == "action plan" || reCommit.MatchString(u.text) && (council || strings.Contains(u.text, "“") || strings.Contains(u.text, "\"") || strings.Contains(strings.ToLower(u.text), "pledged")) {
				add(SectionActions, u)
			}
		}
		for _, u := range all {
			if council && (reActionHeading.MatchString(u.heading) || u.listOf == "action plan") && u.item {
				add(SectionActions, u)
			}
		}
	}
	// improvement and strengths: list items under the document's own
	// headings first, then the sentences whose wording says so
	for _, u := range all {
		if u.item && reBoiler.MatchString(u.listOf) {
			continue // "Inspectors reviewed the progress made in the following areas:" lists the visit's scope
		}
		if u.item && (reImproveHeading.MatchString(sideHeading(u.heading)) || reImproveHeading.MatchString(u.listOf)) && !reStrengthHeading.MatchString(u.listOf) {
			add(SectionImprove, u)
		}
		if u.item && (reStrengthHeading.MatchString(sideHeading(u.heading)) || reStrengthHeading.MatchString(u.listOf)) {
			add(SectionStrengths, u)
		}
	}
	var pos, neg []scored
	for i, u := range all {
		if u.item && !reStrengthHeading.MatchString(sideHeading(u.heading)) && !reImproveHeading.MatchString(sideHeading(u.heading)) {
			continue
		}
		if numeric(u.text) || reContextHeading.MatchString(u.heading) {
			continue // a flattened table of figures; a paper's background, not its findings
		}
		p := polarity(u.text)
		s := 1.0
		if u.first {
			s += 1.5
		}
		if len(strings.Fields(u.text)) <= 20 {
			s += 0.5
		}
		if reStrengthHeading.MatchString(sideHeading(u.heading)) && p >= 0 {
			pos = append(pos, scored{u, s + 1, i})
			continue
		}
		switch {
		case p > 0:
			pos = append(pos, scored{u, s + 0.2*float64(min(3, len(rePositive.FindAllString(u.text, -1)))), i})
		case p < 0:
			neg = append(neg, scored{u, s + 0.2*float64(min(3, len(reNegative.FindAllString(u.text, -1)))), i})
		}
	}
	for sec, list := range map[string][]scored{SectionStrengths: pos, SectionImprove: neg} {
		sort.SliceStable(list, func(a, b int) bool { return list[a].s > list[b].s })
		var pick []scored
		for _, x := range list {
			if len(pick)+len(out[sec]) >= sectionCap[sec] {
				break
			}
			if !used[normText(x.u.text)] {
				pick = append(pick, x)
			}
		}
		sort.SliceStable(pick, func(a, b int) bool { return pick[a].i < pick[b].i })
		for _, x := range pick {
			add(sec, x.u)
		}
	}
	// progress since the previous visit: inspectors' sentences about change
	if reVisitKind[d.Kind] {
		for _, u := range all {
			if reProgress.MatchString(u.text) {
				add(SectionProgress, u)
			}
		}
	}
	return out
}

// Judgement is one row of a judgement table (or a sentence saying what the
// authority was judged) with its citation.
type Judgement struct {
	Area        string `json:"area"`
	Grade       string `json:"grade"`
	Text        string `json:"text"` // the row or sentence, verbatim
	Key         string `json:"key"`
	Label       string `json:"label"`
	ParagraphID int64  `json:"paragraph_id,omitempty"`
	unit        unit
}

// reJudgementRow is a row of Ofsted's judgement table: one of the five
// judgement areas and its grade, separated by spaces, "|" or ":" (a table
// flattened into a paragraph, a row per line, or a heading of the report).
var reJudgementRow = regexp.MustCompile(`(?i)(the impact of leaders on social work practice with children(?:\s+and\s+families)?|the experiences and progress of children who need help and protection|the experiences and progress of children in care(?:\s+and\s+care\s+leavers)?|the experiences and progress of care leavers|overall effectiveness)\s*[|:]?\s*(requires improvement to be good|inadequate|good|outstanding)\b(\s*\([^)]*\)\.?)?`)

// tableJudgements reads a report's judgements: the rows of a judgement table
// in a paragraph, else the report's headings that carry a grade ("The
// experiences and progress of children in care: good"), cited to the
// paragraph under the heading.
func tableJudgements(d letters.Document, paras []letters.Paragraph) []Judgement {
	var out []Judgement
	seen := map[string]bool{}
	addRow := func(text string, m []int, p letters.Paragraph, heading bool) {
		row := strings.Join(strings.Fields(text[m[0]:m[1]]), " ")
		area := strings.Join(strings.Fields(text[m[2]:m[3]]), " ")
		k := strings.ToLower(area)
		if seen[k] {
			return
		}
		seen[k] = true
		u := unit{text: row, para: p, heading: p.Section}
		if heading {
			u.heading = text
		}
		out = append(out, Judgement{Area: area, Grade: text[m[4]:m[5]], Text: row, Key: letters.ParagraphKey(d.Slug, p), Label: p.Label,
			ParagraphID: p.ID, unit: u})
	}
	for _, p := range paras {
		if strings.Contains(p.Text, "Judgement") || strings.Contains(p.Text, "|") {
			for _, m := range reJudgementRow.FindAllStringSubmatchIndex(p.Text, -1) {
				addRow(p.Text, m, p, false)
			}
		}
	}
	if len(out) > 0 {
		return out
	}
	for _, p := range paras {
		for _, text := range []string{p.Section, p.Text} {
			if m := reJudgementRow.FindStringSubmatchIndex(text); m != nil && m[0] == 0 && m[1] == len(strings.TrimRight(text, ". ")) {
				addRow(text, m, p, text == p.Section)
			}
		}
	}
	return out
}

var reGradeWord = regexp.MustCompile(`(?i)(inadequate|requires improvement to be good|requires improvement|outstanding|good)`)

// judgementsOf is a document's judgements: its table rows, else what the
// sentences say it was judged.
func judgementsOf(d letters.Document, paras []letters.Paragraph) []Judgement {
	js := tableJudgements(d, paras)
	for i := range js {
		js[i].Key = letters.ParagraphKey(d.Slug, js[i].unit.para)
	}
	if len(js) > 0 {
		return js
	}
	for _, p := range paras {
		for _, u := range units(p) {
			if m := reJudgedSent.FindString(u.text); m != "" {
				g := reGradeWord.FindAllString(m, -1)
				return []Judgement{{Area: "Overall effectiveness (as this document reports it)", Grade: strings.ToLower(g[len(g)-1]), Text: u.text,
					Key: letters.ParagraphKey(d.Slug, p), Label: p.Label, ParagraphID: p.ID, unit: u}}
			}
		}
	}
	return nil
}

// TimelineEntry is one document of a council's timeline.
type TimelineEntry struct {
	Document   letters.DocRef `json:"document"`
	KindLabel  string         `json:"kind_label"`
	Date       string         `json:"date,omitempty"`
	VisitStart string         `json:"visit_start,omitempty"`
	VisitEnd   string         `json:"visit_end,omitempty"`
	Judgements []Judgement    `json:"judgements"`
	Headline   *Bullet        `json:"headline,omitempty"`
	// Gap since the previous inspection or visit (visits only).
	GapMonths int    `json:"gap_months,omitempty"`
	GapDays   int    `json:"gap_days,omitempty"`
	GapFrom   string `json:"gap_from,omitempty"` // start of the previous visit on file, YYYY-MM-DD
}

// Timeline is every document of a council, oldest first.
type Timeline struct {
	Council letters.Council `json:"council"`
	Entries []TimelineEntry `json:"entries"`
}

// Timeline lists every document of a council with its kind, dates,
// judgements and headline sentence, and the gap between visits.
func (b *Briefer) Timeline(ctx context.Context, council string) (Timeline, error) {
	c, docs, paras, err := b.load(ctx, BriefRequest{Council: council})
	if err != nil {
		return Timeline{}, err
	}
	tl := Timeline{Council: c, Entries: []TimelineEntry{}}
	// visits on file: the visit dates any document gives (a board paper
	// reporting an inspection dates that inspection)
	var visits []time.Time
	for _, d := range docs {
		if d.VisitStart != nil {
			visits = append(visits, *d.VisitStart)
		}
	}
	sort.Slice(visits, func(i, j int) bool { return visits[i].Before(visits[j]) })
	for i := range docs {
		d := docs[i]
		e := TimelineEntry{Document: ref(d), KindLabel: letters.KindLabel(d.Kind), Date: d.DateString(), Judgements: judgementsOf(d, paras[d.ID])}
		if e.Judgements == nil {
			e.Judgements = []Judgement{}
		}
		if d.VisitStart != nil {
			e.VisitStart = d.VisitStart.Format("2006-01-02")
		}
		if d.VisitEnd != nil {
			e.VisitEnd = d.VisitEnd.Format("2006-01-02")
		}
		if hs := classify(d, paras[d.ID])[SectionHeadline]; len(hs) > 0 {
			e.Headline = &hs[0]
			e.Headline.Citation = e.Headline.Cite()
		}
		if reVisitKind[d.Kind] && d.VisitStart != nil {
			for j := len(visits) - 1; j >= 0; j-- {
				if visits[j].Before(*d.VisitStart) {
					e.GapMonths, e.GapDays = monthsBetween(visits[j], *d.VisitStart), int(d.VisitStart.Sub(visits[j]).Hours()/24)
					e.GapFrom = visits[j].Format("2006-01-02")
					break
				}
			}
		}
		tl.Entries = append(tl.Entries, e)
	}
	return tl, nil
}

func monthsBetween(a, b time.Time) int {
	m := (b.Year()-a.Year())*12 + int(b.Month()) - int(a.Month())
	if b.Day() < a.Day() {
		m--
	}
	return m
}

// Gap describes the gap since the previous visit ("19 months (557 days)"), or "".
func (e TimelineEntry) Gap() string {
	if e.GapFrom == "" {
		return ""
	}
	return fmt.Sprintf("%d months (%d days) after the previous visit on file (%s)", e.GapMonths, e.GapDays, LongDate(e.GapFrom))
}

// Topic is one subject of a what-changed comparison, in the letters' own
// vocabulary.
type Topic struct {
	ID    string
	Title string
	re    *regexp.Regexp
}

func topic(id, title, words string) Topic {
	return Topic{ID: id, Title: title, re: regexp.MustCompile(`(?i)\b(` + words + `)\b`)}
}

// Topics is the curated thesaurus what-changed compares by.
var Topics = []Topic{
	topic("front-door", "Front door, MASH and contacts", `front door|mash|multi-agency safeguarding hub|contacts?|referrals?|thresholds?|screening|emergency duty|edt|duty (service|team)s?|out of hours|no further action|nfa|requests? for (help|support)`),
	topic("early-help", "Early help", `early help|family help|family hubs?|step[- ](up|down)|signpost(ing|ed)?`),
	topic("assessments", "Assessments", `assessments?|pre-birth|assessed`),
	topic("child-protection", "Child protection", `child protection|strategy discussions?|section 47|core groups?|conferences?|pre-proceedings|public law outline|plo|safety plan(s|ning)?|child in need`),
	topic("neglect-abuse", "Neglect and domestic abuse", `neglect|domestic abuse|cumulative harm`),
	topic("children-in-care", "Children in care", `children in care|in care|placements?|fostering|foster carers?|permanence|sufficiency|children's homes?|looked after|adoption|special guardianship`),
	topic("care-leavers", "Care leavers", `care leavers?|pathway plans?|personal advisers?|18\+|homeless|not in education, employment or training`),
	topic("workforce", "Workforce, caseloads and agency staff", `workforce|caseloads?|workloads?|agency (staff|social workers|workers)?|agency|recruit(ment|ed)?|turnover|permanent (staff|social workers)|social work academy|newly qualified|morale|vacanc(y|ies)`),
	topic("leadership", "Leadership and management oversight", `leaders|leadership|senior leaders|management oversight|managers?|oversight|supervision|elected members|director|self-assessment`),
	topic("quality-assurance", "Quality assurance and audit", `quality assurance|audits?|peer reviews?|performance (data|information|measures)|learning`),
	topic("missing-exploitation", "Missing children and exploitation", `go(es)? missing|went missing|gone missing|missing (from|episodes?|children)|children who are missing|exploitation|exploited|return home interviews?|rhis?|horizon team`),
	topic("disabled-children", "Disabled children", `disabled children|disabilit(y|ies)|send|complex needs`),
	topic("partnership", "Partnership working", `partners?|partnership|police|health|agencies|schools`),
	topic("voice", "Children's views and direct work", `voice|views|direct work|wishes and feelings|parents' views|lived experience`),
}

// ChangesRequest names two documents of a council (ids or slugs); empty
// From/To mean the latest two of a kind.
type ChangesRequest struct {
	Council string `json:"council"`
	From    string `json:"from,omitempty"`
	To      string `json:"to,omitempty"`
}

// TopicChange is one topic's statements in the earlier and later document.
type TopicChange struct {
	Topic   string  `json:"topic"`
	Title   string  `json:"title"`
	Earlier *Bullet `json:"earlier,omitempty"`
	Later   *Bullet `json:"later,omitempty"`
	Note    string  `json:"note,omitempty"` // "Only in the later document."
}

// Changes is a what-changed comparison of two documents.
type Changes struct {
	Council letters.Council `json:"council"`
	Earlier letters.DocRef  `json:"earlier"`
	Later   letters.DocRef  `json:"later"`
	Topics  []TopicChange   `json:"topics"`
}

// Changes compares two documents of one council topic by topic: for each
// topic the most telling statement of each, side by side and cited.
func (b *Briefer) Changes(ctx context.Context, req ChangesRequest) (Changes, error) {
	c, docs, paras, err := b.load(ctx, BriefRequest{Council: req.Council})
	if err != nil {
		return Changes{}, err
	}
	find := func(id string) (int, error) {
		for i, d := range docs {
			if strconv.FormatInt(d.ID, 10) == id || d.Slug == id || d.SourceName == id {
				return i, nil
			}
		}
		return -1, fmt.Errorf("rag: changes %s: document %q: %w", c.Name, id, letters.ErrNotFound)
	}
	var a, z int
	switch {
	case req.From != "" && req.To != "":
		if a, err = find(req.From); err != nil {
			return Changes{}, err
		}
		if z, err = find(req.To); err != nil {
			return Changes{}, err
		}
	case req.From != "" || req.To != "":
		return Changes{}, fmt.Errorf("rag: changes: name both documents or neither: %w", letters.ErrInvalid)
	default:
		if a, z = latestPair(docs); a < 0 {
			return Changes{}, fmt.Errorf("rag: changes %s: no two documents of one kind: %w", c.Name, letters.ErrNotFound)
		}
	}
	if a == z {
		return Changes{}, fmt.Errorf("rag: changes: the same document twice: %w", letters.ErrInvalid)
	}
	if docDate(docs[z]) < docDate(docs[a]) {
		a, z = z, a
	}
	ch := Changes{Council: c, Earlier: ref(docs[a]), Later: ref(docs[z])}
	ea, el := docUnits(docs[a], paras[docs[a].ID]), docUnits(docs[z], paras[docs[z].ID])
	usedA, usedZ := map[string]bool{}, map[string]bool{}
	for _, t := range Topics {
		tc := TopicChange{Topic: t.ID, Title: t.Title, Earlier: bestFor(t, docs[a], ea, usedA), Later: bestFor(t, docs[z], el, usedZ)}
		switch {
		case tc.Earlier == nil && tc.Later == nil:
			continue
		case tc.Earlier == nil:
			tc.Note = "Only in the later document."
		case tc.Later == nil:
			tc.Note = "Only in the earlier document."
		}
		ch.Topics = append(ch.Topics, tc)
	}
	if ch.Topics == nil {
		ch.Topics = []TopicChange{}
	}
	return ch, nil
}

func docDate(d letters.Document) string { return d.DateString() }

// latestPair picks the latest two documents of one kind, preferring
// inspectors' letters; -1 when there are none.
func latestPair(docs []letters.Document) (int, int) {
	best, bestA, bestZ := "", -1, -1
	for _, pref := range []bool{true, false} {
		for z := len(docs) - 1; z >= 0; z-- {
			if reVisitKind[docs[z].Kind] != pref {
				continue
			}
			for a := z - 1; a >= 0; a-- {
				if docs[a].Kind == docs[z].Kind || reVisitKind[docs[a].Kind] && reVisitKind[docs[z].Kind] && docs[a].Kind != letters.KindInspection {
					if docs[a].Kind == docs[z].Kind && docDate(docs[z]) > best {
						best, bestA, bestZ = docDate(docs[z]), a, z
					}
					break
				}
			}
		}
		if bestA >= 0 {
			return bestA, bestZ
		}
	}
	return -1, -1
}

func docUnits(d letters.Document, paras []letters.Paragraph) []unit {
	var out []unit
	for _, p := range paras {
		for _, u := range units(p) {
			if len(u.text) >= 25 && !reBoiler.MatchString(u.text) && !strings.HasSuffix(u.text, ":") {
				out = append(out, u)
			}
		}
	}
	return out
}

// bestFor is the document's most telling sentence on a topic: the most
// topic words, evaluative sentences and whole sentences first, earliest on
// ties; a sentence already shown for another topic only when there is no other.
func bestFor(t Topic, d letters.Document, us []unit, used map[string]bool) *Bullet {
	var best *unit
	bs := 0.0
	for i := range us {
		n := len(t.re.FindAllString(us[i].text, -1))
		if n == 0 {
			continue
		}
		s := float64(min(n, 3))
		if polarity(us[i].text) != 0 {
			s += 1.5
		}
		if r := []rune(us[i].text); unicode.IsLower(r[0]) {
			s -= 1 // a list item's fragment
		}
		if used[us[i].text] {
			s -= 10
		}
		if best == nil || s > bs {
			best, bs = &us[i], s
		}
	}
	if best == nil {
		return nil
	}
	used[best.text] = true
	b := &Bullet{Text: best.text, Key: letters.ParagraphKey(d.Slug, best.para), ParagraphID: best.para.ID, Label: best.para.Label,
		Heading: best.heading, Document: ref(d)}
	b.Citation = b.Cite()
	return b
}
