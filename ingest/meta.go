package ingest

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/letters-app/letters/rag"
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
	reDMY       = regexp.MustCompile(`^(\d{1,2})(?:st|nd|rd|th)? ` + monthRe + ` (\d{4})$`)
	reWeekday   = regexp.MustCompile(`^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),? ` + monthRe + ` (\d{1,2}),? (\d{4})$`)
	reDotDate   = regexp.MustCompile(`^Date:\s*(\d{1,2})[./](\d{1,2})[./](\d{2,4})$`)
	reVisitOn   = regexp.MustCompile(`(?i)visit to (.+?) children['’]s services on ([^.]+?\d{4})`)
	reTookPlace = regexp.MustCompile(`(?i)took place between ([^.]+?\d{4})`)
	reDayTok    = regexp.MustCompile(`(\d{1,2})(?:st|nd|rd|th)?(?:\s+` + monthRe + `)?(?:\s+(\d{4}))?`)
	reInspWere  = regexp.MustCompile(`(?i)inspectors? for this visit (?:was|were) ([^.]+)\.`)
	reCouncil   = regexp.MustCompile(`\b([A-Z][a-z]+(?: City)?) (?:City |County |Borough )?Council\b`)
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

	// kind
	lowTitle := strings.ToLower(m.Title)
	switch {
	case strings.Contains(lowTitle, "monitoring visit"):
		m.Kind = rag.KindMonitoringVisit
	case strings.Contains(lowTitle, "focused visit"):
		m.Kind = rag.KindFocusedVisit
	case strings.Contains(all, "Title of paper:") || strings.Contains(all, "Report to:"):
		m.Kind = rag.KindBoardPaper
	case strings.Contains(lowTitle, "inspection of") && len(p.Signature) > 0:
		m.Kind = rag.KindInspection
	case len(p.Header) >= 2 && len(p.Signature) == 0 && !strings.Contains(all, "Dear "):
		m.Kind = rag.KindNews
	default:
		m.Kind = rag.KindOther
	}

	// authority
	if mm := reVisitOn.FindStringSubmatch(body); mm != nil {
		m.Authority = normaliseAuthority(mm[1])
	} else if mm := reCouncil.FindStringSubmatch(m.Title); mm != nil {
		m.Authority = normaliseAuthority(mm[1])
	} else if mm := reShireCS.FindStringSubmatch(m.Title); mm != nil && !strings.EqualFold(mm[1], "Ofsted") && !strings.HasPrefix(mm[1], "Inspection") {
		m.Authority = normaliseAuthority(mm[1])
	}
	if m.Authority == "" {
		if mm := reCouncil.FindStringSubmatch(m.Title + "\n" + body); mm != nil {
			m.Authority = normaliseAuthority(mm[1])
		}
	}

	// visit dates
	if mm := reVisitOn.FindStringSubmatch(body); mm != nil {
		m.VisitStart, m.VisitEnd = parseRange(mm[2])
	} else if mm := reTookPlace.FindStringSubmatch(body); mm != nil {
		m.VisitStart, m.VisitEnd = parseRange(mm[1])
	}

	// inspectors
	if mm := reInspWere.FindStringSubmatch(body); mm != nil {
		list := reRole.ReplaceAllString(mm[1], "")
		list = strings.ReplaceAll(list, " and ", ", ")
		for _, n := range strings.Split(list, ",") {
			if n = strings.TrimSpace(n); n != "" {
				m.Inspectors = append(m.Inspectors, n)
			}
		}
	}
	return m
}

func normaliseAuthority(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(s, " Council")
	s = strings.TrimSuffix(s, " County")
	return s
}

func parseDateLine(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
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
