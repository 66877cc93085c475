package ingest

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/letters-app/letters"
)

// Meta is the metadata extracted from one document.
type Meta struct {
	Title      string     `json:"title"`
	Kind       string     `json:"kind"`
	Authority  string     `json:"authority"`
	LetterDate *time.Time `json:"letter_date"`
	VisitStart *time.Time `json:"visit_start"`
	VisitEnd   *time.Time `json:"visit_end"`
	Recipient  string     `json:"recipient"`
	Inspectors []string   `json:"inspectors"`
}

var months = map[string]time.Month{
	"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
	"august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
	"oct": 10, "nov": 11, "dec": 12,
}

const monthRe = `(January|February|March|April|May|June|July|August|September|October|November|December)`

var (
	reDMY        = regexp.MustCompile(`^(\d{1,2})(?:st|nd|rd|th)? ` + monthRe + `,? (\d{4})$`)
	reWeekday    = regexp.MustCompile(`^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),? ` + monthRe + ` (\d{1,2}),? (\d{4})$`)
	reWeekdayDMY = regexp.MustCompile(`^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),? (\d{1,2}(?:st|nd|rd|th)? ` + monthRe + ` \d{4})$`)
	reDotDate    = regexp.MustCompile(`^Date:\s*(\d{1,2})[./](\d{1,2})[./](\d{2,4})$`)
	reVisitOn    = regexp.MustCompile(`(?i)visit to (.+?) children['’]s services on ([^.]+?\d{4})`)
	// "Between 22 and 26 January 2024, Ofsted, the CQC, HMICFRS and HMI
	// Probation carried out a joint inspection": a JTAI letter's opening
	// (only a joint inspection: "Between 1 April 2023 and 31 March 2024,
	// the IRO service conducted 1,204 reviews" dates no visit)
	reBetweenInspected = regexp.MustCompile(`(?i)(?:^|\n)between ((?:[^.,]+?\d{4})(?: and [^.,]+?\d{4})?),? [^.]*?\b(?:carried out|conducted|undertook) (?:a |an )?joint\b`)
	reReleaseLine      = regexp.MustCompile(`(?i)^(?:for immediate release|embargoed (?:until|to)(?: [\d.:]+(?: ?[ap]m)?,?)?|release date|date of release)\s*[:.,-]?\s*`)
	reTookPlace        = regexp.MustCompile(`(?i)took place (?:between|from) ([^.]+?\d{4})`)
	reDayTok           = regexp.MustCompile(`(\d{1,2})(?:st|nd|rd|th)?(?:\s+` + monthRe + `)?(?:\s+(\d{4}))?`)
	reInspWere         = regexp.MustCompile(`(?i)inspectors? for this visit (?:was|were) ([^.]+)\.`)
	// a council's name: one word, or two with a compass point or a joining
	// word ("West Sussex", "Brighton and Hove", "Stockton-on-Tees")
	reCouncil = regexp.MustCompile(`\b((?:(?:North|South|East|West|Central|Mid|Greater) )?[A-Z][a-z]+(?:-(?:on|upon|under|le)-[A-Z][a-z]+)?(?: (?:and|upon|with) [A-Z][a-z]+)?(?: City)?) (?:City |County |Metropolitan Borough |Metropolitan District |Borough |District )?Council\b`)
	// a line that is a council's name and nothing else: a committee
	// paper's or minutes' heading ("WEST ALDERMOOR COUNCIL", capitals folded)
	reCouncilLine = regexp.MustCompile(`^(?:The )?((?:[A-Z][a-z]+[ -](?:(?:and|upon|with|on|under|le)[ -])?){0,3}[A-Z][a-z]+(?: City)?) (?:City |County |Metropolitan Borough |Metropolitan District |Borough |District )?Council$`)
	// an inspection report's title names the local authority as Ofsted does
	reInspectionOf = regexp.MustCompile(`(?i)^inspection of (.+?) local authority children['’]s services$`)
	// a committee paper's date, as its front sheet gives it ("Date of
	// meeting: 15 July 2025", "| Meeting date | 9 October 2025 |")
	reMeetingDate = regexp.MustCompile(`(?i)^(?:date of (?:the )?(?:meeting|committee|board|decision|letter|report)|(?:meeting|committee|board|letter|report) date|date)\s*[:|]?\s*(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?(\d.+)$`)
	// a meeting date keyed inside a front sheet's line
	reMeetingDateIn = regexp.MustCompile(`(?i)\b(?:date of (?:the )?meeting|meeting date)\s*[:|]\s*(\d{1,2}(?:st|nd|rd|th)? ` + monthRe + `,? \d{4})\b`)
	// front-sheet keys of a committee or board paper
	rePaperKey = regexp.MustCompile(`(?i)^(?:report to|title of paper|report title|meeting|date of (?:the )?meeting|meeting date|agenda item|report of|report author|author|wards? affected|key decision|purpose of (?:the )?report|decision maker|portfolio holder|cabinet member|lead member|sponsor|classification|status|exempt(?: information)?|appendices)\s*[:|]`)
	// a news article's dateline: "21 January 2026, 5:45 pm", "Published
	// 21 Jan 2026", "Wed 21 Jan 2026 17.45 GMT"
	reNewsDate  = regexp.MustCompile(`(?i)(?:^(?:published|posted|updated|last updated)\b:?\s*(?:on\s+)?(?:\d{1,2}[:.]\d{2}\s*(?:am|pm)?,?\s+)?(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?(\d{1,2})(?:st|nd|rd|th)? (jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]* (\d{4})|^(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?(\d{1,2})(?:st|nd|rd|th)? (jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]* (\d{4}),?\s+(?:at\s+)?\d{1,2}[:.]\d{2})`)
	reMinutes   = regexp.MustCompile(`(?i)^minutes\b|\bminutes of (?:the )?(?:meeting|proceedings)\b|^agenda and (?:draft |confirmed )?minutes$|\s[-–—:|]\s*minutes$`)
	reHeldOn    = regexp.MustCompile(`(?i)\b(?:held|meeting)\b[^.\n]*?\b(?:on )?(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),? )?(\d{1,2}(?:st|nd|rd|th)? ` + monthRe + ` \d{4})`)
	rePublished = regexp.MustCompile(`(?i)^(?:report )?` + publishedKey + `\s*:?\s*(.+)$`)
	reDatesLine = regexp.MustCompile(`(?i)^(?:inspection|visit) dates?\s*:\s*(.+\d{4})`)
	reAnyDMY    = regexp.MustCompile(`\b(\d{1,2})(?:st|nd|rd|th)? ` + monthRe + `,? (\d{4})\b`)
	reShireCS   = regexp.MustCompile(`\b([A-Z][a-z]+(?: [A-Z][a-z]+)?)(?:’s|'s)? [Cc]hildren(?:’s|'s) [Ss]ervices`)
	reRole      = regexp.MustCompile(`(?i),?\s*(His|Her) Majesty(?:’s|'s) Inspectors?|,?\s*Ofsted Inspectors?`)
)

// ExtractMeta reads the metadata of a segmented document.
func ExtractMeta(p Parsed) Meta {
	m := Meta{Title: p.Title}
	all := strings.Join(p.Header, "\n")
	var text strings.Builder
	for _, para := range p.Paragraphs {
		text.WriteString(para.Text)
		text.WriteString("\n")
	}
	body := text.String()

	// letter date: the first date line in the header
	for i, h := range p.Header {
		if d, ok := parseDateLine(h); ok {
			m.LetterDate = &d
			// recipient: the lines after the date, up to the organisation/address
			if i+1 < len(p.Header) && !reSalutation.MatchString(p.Header[i+1]) {
				rec := []string{p.Header[i+1]}
				if i+2 < len(p.Header) && !reSalutation.MatchString(p.Header[i+2]) {
					rec = append(rec, p.Header[i+2])
				}
				if reDMY.MatchString(h) { // a letter's date line is followed by its recipient
					m.Recipient = strings.Join(rec, ", ")
				}
			}
			break
		}
		if strings.HasPrefix(h, "Report to:") {
			m.Recipient = strings.TrimSpace(strings.TrimPrefix(h, "Report to:"))
		}
	}
	if m.Recipient == "" {
		for _, h := range p.Header {
			if strings.HasPrefix(h, "Report to:") {
				m.Recipient = strings.TrimSpace(strings.TrimPrefix(h, "Report to:"))
			}
		}
	}

	// kind: what the document says it is, in the order a reader would
	// check (a board paper about a monitoring visit is a board paper)
	lowTitle := strings.ToLower(m.Title)
	lead := strings.Join(append([]string{m.Title}, p.Header...), "\n")
	keys := 0
	for _, h := range p.Header {
		if rePaperKey.MatchString(frontLine(h)) || reKeyLine.MatchString(frontLine(h)) && !reDatesLine.MatchString(h) && !strings.HasPrefix(strings.ToLower(h), "lead inspector") {
			keys++
		}
	}
	switch {
	case strings.Contains(all, "Title of paper:") || strings.Contains(all, "Report to:"):
		m.Kind = letters.KindBoardPaper
	case reMinutes.MatchString(lowTitle) || anyLine(lead, reMinutes) || strings.HasPrefix(strings.ToLower(firstParas(p, 1)), "minutes of"):
		// minutes say so, whatever keys their heading has ("Meeting:",
		// "Date of meeting:"); a paragraph that opens so is theirs
		m.Kind = letters.KindMinutes
	case keys >= 2:
		m.Kind = letters.KindBoardPaper
	case strings.Contains(lowTitle, "monitoring visit"):
		m.Kind = letters.KindMonitoringVisit
	case strings.Contains(lowTitle, "focused visit"):
		m.Kind = letters.KindFocusedVisit
	case strings.Contains(lowTitle, "inspection of") || (strings.Contains(all+body, "Overall effectiveness") && anyLine(lead, reDatesLine)):
		m.Kind = letters.KindInspection
	case councilReport(p) || councilMeetingHeading(m.Title, p.Header):
		m.Kind = letters.KindBoardPaper
	case len(p.Header) >= 2 && len(p.Signature) == 0 && !strings.Contains(all, "Dear "):
		m.Kind = letters.KindNews
	default:
		m.Kind = letters.KindOther
	}
	// an Ofsted report page names itself in a line of its own ("Inspection
	// of Redmarsh local authority children's services", under GOV.UK's
	// navigation): that is its title
	if !reInspectionOf.MatchString(strings.TrimSpace(m.Title)) {
		for _, h := range p.Header {
			if reInspectionOf.MatchString(strings.TrimSpace(h)) {
				m.Title = strings.TrimSpace(h)
				if m.Kind == letters.KindNews || m.Kind == letters.KindOther {
					m.Kind = letters.KindInspection
				}
				break
			}
		}
	}
	// dates a header states: publication (the document's date), the
	// inspection or visit dates, a meeting's date
	for _, h := range p.Header {
		h = strings.TrimSpace(h)
		if mm := rePublished.FindStringSubmatch(h); mm != nil && m.LetterDate == nil {
			if d := reAnyDMY.FindString(mm[1]); d != "" {
				if t, ok := parseDateLine(d); ok {
					m.LetterDate = &t
				}
			}
		}
		if mm := reDatesLine.FindStringSubmatch(h); mm != nil && m.VisitStart == nil {
			m.VisitStart, m.VisitEnd = parseRange(mm[1])
		}
	}
	if m.LetterDate == nil {
		// a report's publication line may close it ("Published: 14 March
		// 2025" above the copyright line)
		for _, l := range p.Trailer {
			if mm := rePublished.FindStringSubmatch(strings.TrimSpace(reOfstedPrefix.ReplaceAllString(l, ""))); mm != nil {
				if t, ok := parseDateLine(reAnyDMY.FindString(mm[1])); ok {
					m.LetterDate = &t
					break
				}
			}
		}
	}
	if m.LetterDate == nil {
		// a front sheet's meeting date, a memo's "Date:" line, a letter's
		// "Date of letter:" (a letter exported with its details as a list)
		for _, h := range p.Header {
			if mm := reMeetingDate.FindStringSubmatch(frontLine(h)); mm != nil {
				if t, ok := parseDateLine(reAnyDMY.FindString(mm[1])); ok {
					m.LetterDate = &t
					break
				}
			}
		}
	}
	if m.LetterDate == nil {
		// a front sheet in two columns (a PDF's text laid out): the
		// meeting date is the second column of a line ("Report to: Cabinet
		// Date of meeting: 14 March 2024")
		for _, h := range p.Header {
			if mm := reMeetingDateIn.FindStringSubmatch(h); mm != nil {
				if t, ok := parseDateLine(mm[1]); ok {
					m.LetterDate = &t
					break
				}
			}
		}
	}
	if m.LetterDate == nil && m.Kind == letters.KindNews {
		lines := append([]string(nil), p.Header...)
		for i, d := range p.Dropped {
			if i < 40 && d.Reason != DropAdvert { // not a related article's
				lines = append(lines, d.Text) // the dateline is page furniture
			}
		}
		for _, l := range append(lines, strings.Split(firstParas(p, 3), "\n")...) {
			if mm := reNewsDate.FindStringSubmatch(strings.TrimSpace(l)); mm != nil {
				d, mon, y := mm[1], mm[2], mm[3]
				if d == "" {
					d, mon, y = mm[4], mm[5], mm[6]
				}
				day, _ := strconv.Atoi(d)
				year, _ := strconv.Atoi(y)
				if mo := months[strings.ToLower(mon)]; mo != 0 && day >= 1 && day <= 31 {
					t := time.Date(year, mo, day, 0, 0, 0, 0, time.UTC)
					m.LetterDate = &t
					break
				}
			}
		}
	}
	if m.Kind == letters.KindNews && len(strings.Fields(m.Title)) <= 4 {
		// a news page's first header line is often the site's name: the
		// headline is the first long line that is not navigation, byline
		// or dateline
		for _, h := range p.Header {
			if len(strings.Fields(h)) >= 6 && !reNewsDate.MatchString(h) && !reReleaseLine.MatchString(h) && !strings.HasPrefix(h, "By ") && !strings.Contains(h, " > ") && !strings.Contains(h, " | ") {
				m.Title = h
				break
			}
		}
	}
	if m.LetterDate == nil && m.Kind == letters.KindMinutes {
		// a meeting page's heading dates it ("Children and Young People
		// Scrutiny Committee - Tuesday, 15th October, 2024 6.30 pm"), before
		// any earlier meeting its minutes mention
		for _, h := range append([]string{m.Title}, p.Header...) {
			// a venue ("Committee Room 2") names a room, not the body
			if reMeetingBody.MatchString(strings.ReplaceAll(strings.ToLower(h), "committee room", "")) {
				if t, ok := parseDateLine(reAnyDMY.FindString(h)); ok {
					m.LetterDate = &t
					m.Title = strings.TrimSpace(h)
					break
				}
			}
		}
	}
	if m.LetterDate == nil && m.Kind == letters.KindMinutes {
		// a line of the heading that opens with the meeting's date
		// ("Wednesday 12 March 2025 at 10.00 am")
		for _, h := range p.Header {
			if mm := reLeadingDate.FindStringSubmatch(strings.TrimSpace(h)); mm != nil {
				if t, ok := parseDateLine(mm[1]); ok {
					m.LetterDate = &t
					break
				}
			}
		}
	}
	if m.LetterDate == nil && m.Kind == letters.KindMinutes {
		if mm := reHeldOn.FindStringSubmatch(lead + "\n" + firstParas(p, 3)); mm != nil {
			if t, ok := parseDateLine(reAnyDMY.FindString(mm[1])); ok {
				m.LetterDate = &t
			}
		}
	}
	if m.LetterDate == nil && m.Kind == letters.KindInspection {
		// "Ofsted has published this report on its website on 1 March 2024."
		if mm := rePublishedOn.FindStringSubmatch(body); mm != nil {
			if t, ok := parseDateLine(mm[1]); ok {
				m.LetterDate = &t
			}
		}
	}
	if m.LetterDate == nil {
		// a letter forwarded by e-mail: its date line is in the letterhead
		// after the cover note, which ingest leaves out of the text
		for _, d := range p.Dropped {
			if d.Reason == DropLetterhead {
				if t, ok := parseDateLine(d.Text); ok {
					m.LetterDate = &t
					break
				}
			}
		}
	}
	if m.LetterDate == nil && m.VisitEnd != nil && m.Kind == letters.KindInspection {
		m.LetterDate = m.VisitEnd
	}

	// authority: the letter's own words, then the council named in the
	// title or header (capitals folded), then the first one in the body
	// the body's own words, each sought where the body holds its literal
	// part (the regexps scan the whole letter at each position otherwise)
	lowBody := strings.ToLower(body)
	visitOn := submatchIf(body, lowBody, "visit to", reVisitOn)
	inspWere := submatchIf(body, lowBody, "for this visit", reInspWere)
	if mm := visitOn; mm != nil {
		m.Authority = normaliseAuthority(mm[1])
	} else if mm := reInspectionOf.FindStringSubmatch(strings.TrimSpace(m.Title)); mm != nil {
		m.Authority = normaliseAuthority(mm[1])
	} else if a := councilLine(append([]string{m.Title}, p.Header...), m.Title+"\n"+all+"\n"+body); a != "" {
		m.Authority = a
	} else if a := councilIn(m.Title + "\n" + foldCaps(strings.Join(p.Header, "\n"))); a != "" {
		m.Authority = a
	} else if mm := reShireCS.FindStringSubmatch(m.Title); mm != nil && !strings.EqualFold(mm[1], "Ofsted") && !strings.HasPrefix(mm[1], "Inspection") && !genericCouncil[strings.Fields(mm[1])[0]] {
		// (a headline's "City's children's services" is the city's: the
		// body names it)
		m.Authority = normaliseAuthority(mm[1])
	}
	if m.Authority == "" {
		m.Authority = councilIn(body)
	}
	if m.Authority == "" {
		for _, mm := range reShireCS.FindAllStringSubmatch(body, -1) {
			if w := strings.Fields(mm[1])[0]; !strings.EqualFold(w, "Ofsted") && !strings.HasPrefix(w, "Inspection") && !genericCouncil[w] && w != "Our" && w != "Its" {
				m.Authority = normaliseAuthority(mm[1])
				break
			}
		}
	}

	// visit dates
	if m.VisitStart != nil {
		// stated in the header
	} else if mm := visitOn; mm != nil {
		m.VisitStart, m.VisitEnd = parseRange(mm[2])
	} else if mm := submatchIf(body, lowBody, "took place", reTookPlace); mm != nil {
		m.VisitStart, m.VisitEnd = parseRange(mm[1])
	} else if mm := reBetweenInspected.FindStringSubmatch(body); mm != nil {
		m.VisitStart, m.VisitEnd = parseRange(mm[1])
	}

	// inspectors
	if mm := inspWere; mm != nil {
		list := reRole.ReplaceAllString(mm[1], "")
		list = strings.ReplaceAll(list, " and ", ", ")
		for _, n := range strings.Split(list, ",") {
			if n = strings.TrimSpace(n); n != "" {
				m.Inspectors = append(m.Inspectors, n)
			}
		}
	}
	if len(m.Inspectors) == 0 {
		// an inspection report's header: "Lead inspector: Fiona Gatley,
		// His Majesty's Inspector"
		for _, h := range p.Header {
			if mm := reLeadInspector.FindStringSubmatch(frontLine(h)); mm != nil {
				if n := strings.TrimSpace(strings.SplitN(reRole.ReplaceAllString(mm[1], ""), ",", 2)[0]); n != "" {
					m.Inspectors = append(m.Inspectors, n)
				}
				break
			}
		}
	}
	return m
}

// reLeadInspector is an inspection report's "Lead inspector:" line.
var reLeadInspector = regexp.MustCompile(`(?i)^lead inspector\s*[:|]?\s*(\S.*)$`)

// reOfstedPrefix is the inspectorate's name before a report's last line.
var reOfstedPrefix = regexp.MustCompile(`(?i)^ofsted\s+`)

// genericCouncil are words that stand before "Council" without naming one
// ("the County Council", "Metropolitan Borough Council", "Youth Council",
// "Report to Council").
var genericCouncil = map[string]bool{"The": true, "County": true, "City": true, "Borough": true, "District": true,
	"Metropolitan": true, "Town": true, "Parish": true, "Unitary": true, "Local": true, "This": true, "Full": true,
	"Youth": true, "Report": true, "Agenda": true, "Recommendation": true, "Recommendations": true, "Care": true}

// reDocControl are a council document's control lines ("Owner: Director
// of Children's Services", "Version 1.1", "Children and Families
// Directorate").
var reDocControl = regexp.MustCompile(`(?i)^(?:owner|version|author|status|classification|review date)\b\s*[:.]?\s*\S|\bdirectorate$`)

// councilReport reports whether a document without a front sheet is a
// council's own report: three or more paragraphs numbered as reports
// number them ("1.1", "2.3"), or document-control lines in its header; a
// news page has neither.
func councilReport(p Parsed) bool {
	dotted := 0
	for _, para := range p.Paragraphs {
		if reDottedLabel.MatchString(para.Label) {
			dotted++
		}
	}
	if dotted >= 3 {
		return true
	}
	control := 0
	for _, h := range p.Header {
		if reDocControl.MatchString(strings.TrimSpace(h)) {
			control++
		}
	}
	return control >= 2
}

// reMeetingBodyLine is a heading line that names a council body and
// nothing else ("Children and Young People Scrutiny Committee",
// "Corporate Parenting Panel", "Cabinet"), as a paper's front sheet does
// under the council's name; a headline says more.
var reMeetingBodyLine = regexp.MustCompile(`^(?:[\p{L}'’&,-]+\s+){0,8}(?:committee|sub-committee|board|panel|cabinet|forum)$`)

// councilMeetingHeading reports whether a document opens as a council
// paper does with no keyed front sheet: a line that is the council's
// name ("Testshire County Council") and a line that is the body the
// paper goes to. A news story names the council in its headline or text,
// not in a line of its own above a committee's name.
func councilMeetingHeading(title string, header []string) bool {
	lines := append([]string{title}, header...)
	for i := 0; i+1 < len(lines); i++ {
		if councilLine(lines[i:i+1], "") == "" {
			continue
		}
		// the body's name, on the next line, in capitals as a name is
		// ("Corporate Parenting Panel"; a headline "Young people join
		// corporate parenting panel" is not one)
		next := strings.TrimSpace(lines[i+1])
		if reMeetingBodyLine.MatchString(strings.ToLower(next)) && nameCased(next) {
			return true
		}
	}
	return false
}

// nameCased reports whether every word of four letters or more in s
// starts with a capital, as a name or a heading in title case does.
func nameCased(s string) bool {
	for _, w := range strings.Fields(s) {
		if len(w) >= 4 && !unicode.IsUpper([]rune(w)[0]) {
			return false
		}
	}
	return true
}

// rePublishedOn is a report's sentence giving its publication date.
var rePublishedOn = regexp.MustCompile(`(?i)\bpublished this report\b[^.]*?\bon (\d{1,2}(?:st|nd|rd|th)? ` + monthRe + `,? \d{4})`)

// reLeadingDate is a line that opens with a date, after its weekday.
var reLeadingDate = regexp.MustCompile(`^(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),? )?(\d{1,2}(?:st|nd|rd|th)? ` + monthRe + `,? \d{4})\b`)

// reMeetingBody names a meeting's body in its heading.
var reMeetingBody = regexp.MustCompile(`(?i)\b(?:committee|board|panel|cabinet|forum|partnership|sub-committee)\b`)

var reDottedLabel = regexp.MustCompile(`^\d{1,2}\.\d{1,2}$`)

// councilLine is the council a line of the title or header consists of
// ("WEST ALDERMOOR COUNCIL", "Hollinsby Council – Improvement Board": the
// part before a dash), or "".
func councilLine(lines []string, text string) string {
	for _, l := range lines {
		l = foldCaps(strings.TrimSpace(l))
		if i := strings.IndexAny(l, "–—|"); i > 0 {
			l = strings.TrimSpace(l[:i])
		}
		if mm := reCouncilLine.FindStringSubmatch(l); mm != nil && !genericCouncil[strings.Fields(mm[1])[0]] {
			name := mm[1]
			for _, kind := range []string{" Metropolitan Borough", " Metropolitan District", " Borough", " District", " County"} {
				name = strings.TrimSuffix(name, kind)
			}
			return normaliseAuthority(settleJoined(name, text))
		}
	}
	return ""
}

// settleJoined keeps a council name joined by "and", "with" or "upon"
// ("Wendlesham and Cray", "Kingston upon Thames") when the document names
// it so more than once; once only, it is more likely prose ("Ofsted and
// Saltmere Council", "Partnership with Hollinsby Council"): the name is
// then the words after the joining word.
func settleJoined(name, text string) string {
	for _, j := range []string{" and ", " with ", " upon "} {
		if i := strings.LastIndex(name, j); i >= 0 && strings.Count(text, name) < 2 {
			return name[i+len(j):]
		}
	}
	return name
}

// frontLine is a front-sheet line without table or emphasis markup ("|
// Meeting date | 9 October 2025 |" reads "Meeting date | 9 October 2025").
func frontLine(s string) string {
	return strings.TrimSpace(strings.Trim(strings.TrimSpace(s), "|"))
}

// submatchIf is re.FindStringSubmatch(s) when lower (s in lower case)
// contains literal, a part of every match of re, and nil otherwise.
func submatchIf(s, lower, literal string, re *regexp.Regexp) []string {
	if !strings.Contains(lower, literal) {
		return nil
	}
	return re.FindStringSubmatch(s)
}

// councilIn returns the first council named in text, or "". A name of two
// plain words ("Brightwater Fells Council") is taken whole when the text
// names the place so more than once, else its last word ("Yesterday
// Saltmere Council" is Saltmere's).
func councilIn(text string) string {
	if !strings.Contains(text, "Council") {
		return ""
	}
	for _, mm := range reCouncil.FindAllStringSubmatch(text, -1) {
		if genericCouncil[mm[1]] || genericCouncil[strings.Fields(mm[1])[0]] {
			continue
		}
		name := settleJoined(mm[1], text)
		if two := reTwoWordCouncil.FindStringSubmatch(text[:strings.Index(text, mm[0])+len(mm[0])]); two != nil && strings.HasSuffix(two[0], mm[0]) {
			if w := strings.Fields(two[1]); len(w) == 2 && !genericCouncil[w[0]] && !genericCouncil[w[1]] && strings.Count(text, two[1]) >= 2 {
				name = two[1]
			}
		}
		return normaliseAuthority(name)
	}
	return ""
}

// reTwoWordCouncil is a council of two plain words ending where a
// reCouncil match ends ("Brightwater Fells Council").
var reTwoWordCouncil = regexp.MustCompile(`\b([A-Z][a-z]+ [A-Z][a-z]+) (?:City |County |Metropolitan Borough |Metropolitan District |Borough |District )?Council\b$`)

// foldCaps title-cases lines written in capitals ("HARWICKSHIRE COUNTY
// COUNCIL"), as committee papers' headings often are.
func foldCaps(text string) string {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		if strings.ToUpper(l) == l && strings.ToLower(l) != l {
			words := strings.Fields(strings.ToLower(l))
			for j, w := range words {
				if j > 0 && joinWords[w] {
					continue // "ASHBY AND WREKIN COUNCIL": Ashby and Wrekin
				}
				words[j] = strings.ToUpper(w[:1]) + w[1:]
			}
			lines[i] = strings.Join(words, " ")
		}
	}
	return strings.Join(lines, "\n")
}

// joinWords stay in lower case inside a name.
var joinWords = map[string]bool{"and": true, "upon": true, "with": true, "on": true, "under": true, "of": true, "the": true, "in": true,
	"to": true, "for": true, "from": true, "at": true, "by": true}

func anyLine(text string, re *regexp.Regexp) bool {
	for _, l := range strings.Split(text, "\n") {
		if re.MatchString(strings.TrimSpace(l)) {
			return true
		}
	}
	return false
}

// firstParas is the text of a document's first n paragraphs.
func firstParas(p Parsed, n int) string {
	var b strings.Builder
	for i := 0; i < n && i < len(p.Paragraphs); i++ {
		b.WriteString(p.Paragraphs[i].Text)
		b.WriteString("\n")
	}
	return b.String()
}

func normaliseAuthority(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(s, " Council")
	s = strings.TrimSuffix(s, " County")
	return s
}

func parseDateLine(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	// a press release's release line: "For immediate release: Tuesday 19
	// March 2024", "Embargoed until 00:01, 14 March 2025"
	s = reReleaseLine.ReplaceAllString(s, "")
	if m := reDMY.FindStringSubmatch(s); m != nil {
		d, _ := strconv.Atoi(m[1])
		y, _ := strconv.Atoi(m[3])
		return time.Date(y, months[strings.ToLower(m[2])], d, 0, 0, 0, 0, time.UTC), true
	}
	if m := reWeekday.FindStringSubmatch(s); m != nil {
		d, _ := strconv.Atoi(m[2])
		y, _ := strconv.Atoi(m[3])
		return time.Date(y, months[strings.ToLower(m[1])], d, 0, 0, 0, 0, time.UTC), true
	}
	if m := reWeekdayDMY.FindStringSubmatch(s); m != nil {
		return parseDateLine(m[1])
	}
	if m := reDotDate.FindStringSubmatch(s); m != nil {
		d, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		y, _ := strconv.Atoi(m[3])
		if y < 100 {
			y += 2000
		}
		if mo >= 1 && mo <= 12 && d >= 1 && d <= 31 {
			return time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC), true
		}
	}
	return time.Time{}, false
}

// parseRange reads "10 and 11 February 2026", "31 July and 1 August 2024",
// "26 November 2025" or "4th – 22nd July 2022": days take the next month and
// year named after them.
func parseRange(s string) (*time.Time, *time.Time) {
	toks := reDayTok.FindAllStringSubmatch(s, -1)
	type part struct {
		d    int
		mon  time.Month
		year int
	}
	var parts []part
	for _, t := range toks {
		d, _ := strconv.Atoi(t[1])
		if d < 1 || d > 31 {
			continue
		}
		p := part{d: d}
		if t[2] != "" {
			p.mon = months[strings.ToLower(t[2])]
		}
		if t[3] != "" {
			p.year, _ = strconv.Atoi(t[3])
		}
		parts = append(parts, p)
	}
	if len(parts) == 0 {
		return nil, nil
	}
	// fill months and years backwards from the last part
	for i := len(parts) - 2; i >= 0; i-- {
		if parts[i].mon == 0 {
			parts[i].mon = parts[i+1].mon
		}
		if parts[i].year == 0 {
			parts[i].year = parts[i+1].year
		}
	}
	first, last := parts[0], parts[len(parts)-1]
	if first.mon == 0 || first.year == 0 || last.mon == 0 || last.year == 0 {
		return nil, nil
	}
	a := time.Date(first.year, first.mon, first.d, 0, 0, 0, 0, time.UTC)
	b := time.Date(last.year, last.mon, last.d, 0, 0, 0, 0, time.UTC)
	return &a, &b
}
