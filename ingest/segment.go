package ingest

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/letters-app/letters"
)

// Para is one citable paragraph found by Segment.
type Para struct {
	Label   string `json:"label"`
	Section string `json:"section"`
	Text    string `json:"text"`
	Start   int    `json:"start"` // byte offset into Parsed.Body
	End     int    `json:"end"`
}

// Parsed is a cleaned, segmented document.
type Parsed struct {
	Title      string    `json:"title"`
	Header     []string  `json:"header"` // letterhead / front matter / byline lines (read for metadata; their facts are also the citable ¶H1)
	Signature  []string  `json:"signature"`
	Paragraphs []Para    `json:"paragraphs"`
	Dropped    []Dropped `json:"dropped"` // lines left out of the citable text on purpose, in order
	// Trailer: a report's closing publication line ("Published: 14 March
	// 2025"), read for its date and left out of the text
	Trailer []string `json:"trailer,omitempty"`
	Body    string   `json:"-"` // cleaned text: headings and paragraphs separated by blank lines
}

// Dropped is a line the segmenter left out of the paragraphs on purpose, and
// why. Every other line of a document is in a paragraph, a section heading
// or the title.
type Dropped struct {
	Line   int    `json:"line"` // 1-based line of the input
	Text   string `json:"text"` // the cleaned line
	Reason string `json:"reason"`
}

// Reasons a line is dropped.
const (
	DropHeader     = "header"         // letterhead, front matter, title block or byline before the text (read for metadata)
	DropSalutation = "salutation"     // "Dear …"
	DropLetterhead = "letterhead"     // a later letter's address block, before its salutation
	DropSignature  = "signature"      // "Yours sincerely", the signature and what follows a letter's end
	DropFurniture  = "page furniture" // telephone, e-mail, web address, page number, postal address, picture credit
	DropAdvert     = "advert"         // a subscription advert
	DropRepeated   = "repeated"       // a block seen before (running header, repeated caption)
	DropHeading    = "empty heading"  // a heading with no paragraph under it (another heading or the end follows)
)

// line kinds
type lineKind int

const (
	lkText lineKind = iota
	lkBlank
	lkBullet
	lkMDHeading
	lkRule // a markdown horizontal rule: a footnote follows
)

type line struct {
	kind lineKind
	text string
	no   int  // 1-based line number in the input
	cols bool // laid out in columns: two or more runs of three or more spaces inside it
}

var (
	reSup       = regexp.MustCompile(`(?i)<sup>[^<]*</sup>`)
	reTag       = regexp.MustCompile(`</?[a-zA-Z][^>]*>`)
	reMDLink    = regexp.MustCompile(`\[([^\]]+)\]\([^)]*\)`)
	reMDHeading = regexp.MustCompile(`^#{1,6}\s+`)
	reEmphasis  = regexp.MustCompile(`\*\*|__`)
	reRule      = regexp.MustCompile(`^(-{3,}|\*{3,}|_{3,})$`)
	// reEnumItem opens a numbered list item: "(i) the timeliness …;",
	// "(a) the findings … be noted;", "(1) That …", "b) …"
	reEnumItem = regexp.MustCompile(`^(?:\((?:[a-z]|[ivx]{1,5}|\d{1,2})\)|(?:[a-z]|[ivx]{2,5})\))\s+\S`)
	// reEnumMark is the number of such an item
	reEnumMark = regexp.MustCompile(`^(?:\((?:[a-z]|[ivx]{1,5}|\d{1,2})\)|(?:[a-z]|[ivx]{2,5})\))\s+`)
	// reInnerSentence: a sentence ends inside the line and another starts
	reInnerSentence = regexp.MustCompile(`[.!?]["”’)]?\s+["“‘(]?\p{Lu}`)
	reBullet        = regexp.MustCompile("^(?:[-*•·▪●◦\u2023\u2043\uf0b7\uf0a7]|o)\\s+")
	rePostcode      = regexp.MustCompile(`\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b`)
	rePhone         = regexp.MustCompile(`(?i)^(t|tel|telephone|textphone|fax|phone)[:.]?\s*[+\d(][\d ()-]{6,}$`)
	reEmail         = regexp.MustCompile(`^\S+@\S+\.\S+$`)
	reURL           = regexp.MustCompile(`(?i)^(https?://|www\.)\S+$`)
	rePageNum       = regexp.MustCompile(`(?i)^(page\s+)?\d{1,3}(\s+of\s+\d{1,3})?$`)
	// a printed page's running footer or header: "Ofsted Page 2 of 5
	// OFFICIAL", a protective marking on its own ("OFFICIAL-SENSITIVE"), and
	// the line a browser prints at the top of each page ("11/27/26, 1:30 PM
	// Monitoring visit to … - Ofsted reports")
	rePageFooter = regexp.MustCompile(`(?i)^(?:\S+\s+){0,3}page\s+\d{1,3}\s+of\s+\d{1,3}(?:\s+(?:official(?:[- ]sensitive)?|protect|restricted))?$`)
	reMarking    = regexp.MustCompile(`^(?:OFFICIAL(?:[- ]SENSITIVE)?|PROTECT|RESTRICTED)$`)
	rePrintStamp = regexp.MustCompile(`(?i)^\d{1,2}/\d{1,2}/\d{2,4},?\s+\d{1,2}:\d{2}(?::\d{2})?\s*(?:am|pm)?\b`)
	rePicture    = regexp.MustCompile(`(?i)\b(picture|photo|image|credit)\s*:`)
	rePrice      = regexp.MustCompile(`^From £\d`)
	reSubscribe  = regexp.MustCompile(`(?i)^(subscribe|subscribe now|sign up|log in|register)$`)
	// a news site's page around the article: an advert's marker, the
	// newsletter box, the copyright and cookie lines
	reAdMarker   = regexp.MustCompile(`(?i)^(advertisement|advert|sponsored(?: content)?)$`)
	reNewsletter = regexp.MustCompile(`(?i)^(?:sign up (?:to|for) (?:our|the) .{0,60}\b(?:newsletter|bulletin|e-?mails?)\b|enter your email)`)
	reCopyright  = regexp.MustCompile(`(?i)^(?:©|copyright\s)|\ball rights reserved\b`)
	// a cookie banner offers its choices ("Manage preferences | Accept all")
	reCookieBanner = regexp.MustCompile(`(?i)\b(?:we use|use of) cookies\b.*(?:\||\baccept\b|\bmanage\b)`)
	// a news page's share bar ("Share this article", "[Facebook] [X]
	// [Email]"), byline ("By Kirsty Holloway", "Local Democracy Reporter")
	// and dateline ("21 January 2026, 5:45 pm | Updated …"; ExtractMeta
	// reads the date from the dropped line)
	// a web page's social links, feedback prompt and attachment sizes
	// ("Facebook", "Was this page helpful?", "… PDF 212 KB")
	reSocial     = regexp.MustCompile(`(?i)^(?:facebook|twitter|x|linkedin|whatsapp|instagram|youtube|email|print|share)$|^was this page (?:helpful|useful)\??(?: yes no)?$`)
	reAttachSize = regexp.MustCompile(`\s+(?:PDF|DOCX?|XLSX?|ODT|RTF)\s+\d+(?:\.\d+)?\s*[KM]B$`)
	reShare      = regexp.MustCompile(`(?i)^share (?:this|the) (?:article|story|page|post)\b.{0,80}$|^(?:\[[^\]]{1,20}\]\s*){2,}$`)
	reByline     = regexp.MustCompile(`^By (?:\p{Lu}[\p{L}'’-]+ ){1,3}\p{Lu}[\p{L}'’-]+(?:,\s*(?:\p{Lu}\p{L}+ ){0,3}(?:Reporter|Correspondent|Editor|Journalist|Writer))?$|^(?:\p{Lu}\p{L}+ ){0,3}(?:Reporter|Correspondent|Editor|Journalist)$`)
	reDateline   = regexp.MustCompile(`(?i)^(?:(?:published|posted|updated|last updated):?\s+)?(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?\d{1,2}(?:st|nd|rd|th)? (?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]* \d{4},?\s+(?:\d{1,2}:\d{2}|\d{1,2}\.\d{2}\s*(?:am|pm))\s*(?:am|pm|gmt|bst)?(?:\s*\|\s*(?:updated|last updated).*)?$`)
	// a list of links to other articles, under its heading
	reLinkList   = regexp.MustCompile(`(?i)^(related (?:articles|stories|content|links)|most (?:read|popular|viewed|shared)|more on this (?:story|topic)|read more|you may also like)$`)
	reDottedNum  = regexp.MustCompile(`^(\d{1,2}(?:\.\d{1,2})+)\s+\S`)
	rePlainNum   = regexp.MustCompile(`^(\d{1,2})\s+[A-Z][a-z]`)
	reNumHeading = regexp.MustCompile(`^\d{1,2}\.\s+[A-Z][A-Z &,'’/:()-]+$`)
	reSalutation = regexp.MustCompile(`^Dear\s+\S`)
	reClosing    = regexp.MustCompile(`(?i)^yours (sincerely|faithfully)`)
	reFrontKV    = regexp.MustCompile(`^(Title of paper|Report to|Date|Relevant Director|Wards affected|Contact Officer)`)
	reBodyStart  = regexp.MustCompile(`(?i)^(summary|purpose|executive summary|introduction|background)\b`)
)

// clean normalises raw text into typed lines (cleanLines) and blanks
// adverts, returning the lines it blanked.
func clean(raw string) ([]line, []Dropped) {
	ls := cleanLines(raw)
	return ls, append(dropRunning(ls), dropAdverts(ls)...)
}

// dropRunning blanks a printed document's running header or footer: a
// short line that is not a sentence ("Ofsted inspection report: Kestrel
// Downs County Council", "8 to 19 January 2024"), repeated word for word
// three or more times, at least two of them next to a page marker ("Page
// 2 of 7", "Ofsted Page 2 of 5 OFFICIAL"). Its first occurrence would
// otherwise be glued into the paragraph it interrupts. A grade repeats in
// a judgement table's cells and is never furniture.
func dropRunning(ls []line) []Dropped {
	count := map[string]int{}
	for _, l := range ls {
		if l.kind == lkText && countWords(l.text, 12) <= 12 && !endsSentence(l.text) && !reGradeOnly.MatchString(l.text) {
			count[l.text]++
		}
	}
	byPage := map[string]int{}
	for i, l := range ls {
		if l.kind == lkText && count[l.text] >= 3 && nearPageMarker(ls, i) {
			byPage[l.text]++
		}
	}
	var dropped []Dropped
	for i, l := range ls {
		if l.kind == lkText && byPage[l.text] >= 2 {
			dropped = append(dropped, Dropped{Line: l.no, Text: l.text, Reason: DropFurniture})
			ls[i] = line{kind: lkBlank, no: l.no}
		}
	}
	return dropped
}

// rePageMarker is a page's number as printed pages give it ("Page 2",
// "Page 2 of 7", "2 of 7"); a bare number is not one (a table cell, a
// count).
var rePageMarker = regexp.MustCompile(`(?i)^(?:page\s+\d{1,3}(?:\s+of\s+\d{1,3})?|\d{1,3}\s+of\s+\d{1,3})$`)

// nearPageMarker reports whether a page marker is among the three
// non-blank lines on either side of line i.
func nearPageMarker(ls []line, i int) bool {
	for _, step := range []int{-1, 1} {
		for j, seen := i+step, 0; j >= 0 && j < len(ls) && seen < 3; j += step {
			if ls[j].kind == lkBlank {
				continue
			}
			seen++
			if rePageMarker.MatchString(ls[j].text) || rePageFooter.MatchString(ls[j].text) {
				return true
			}
		}
	}
	return false
}

// cleanLines normalises raw text into typed lines: markdown residue
// stripped, whitespace folded, bullets recognised.
func cleanLines(raw string) []line {
	raw = strings.ToValidUTF8(raw, "\uFFFD")
	raw = strings.NewReplacer("\r\n", "\n", "\r", "\n", "\f", "\n\n", "\u00a0", " ", "\u200b", "").Replace(raw)
	var out []line
	for i, s := range strings.Split(raw, "\n") {
		// two column gaps (three columns) before the spaces are folded
		// (the regexp tries every position of a line: most lines, with no
		// run of spaces or tab, cannot match and skip it)
		cols := (strings.Contains(s, "   ") || strings.IndexByte(s, '\t') >= 0) &&
			len(reColumnGap.FindAllStringIndex(strings.TrimSpace(s), 3)) >= 2
		s = foldSpaces(s)
		kind := lkText
		if strings.HasPrefix(s, "#") && reMDHeading.MatchString(s) {
			kind = lkMDHeading
			s = reMDHeading.ReplaceAllString(s, "")
		}
		if strings.IndexByte(s, '<') >= 0 {
			s = reSup.ReplaceAllString(s, "")
			s = reTag.ReplaceAllString(s, "")
		}
		if strings.IndexByte(s, '[') >= 0 {
			s = reMDLink.ReplaceAllString(s, "$1")
		}
		if strings.Contains(s, "**") || strings.Contains(s, "__") {
			s = reEmphasis.ReplaceAllString(s, "")
		}
		if strings.HasSuffix(s, "B") {
			s = reAttachSize.ReplaceAllString(s, "") // a link's "PDF 212 KB"
		}
		s = strings.TrimSpace(s)
		switch {
		case s == "":
			kind = lkBlank
		case kind == lkText && reRule.MatchString(s):
			kind, s = lkRule, ""
		case kind == lkText && reBullet.MatchString(s) && !strings.HasPrefix(s, "o ") || strings.HasPrefix(s, "o ") && len(s) > 2 && unicode.IsUpper(rune(s[2])):
			kind = lkBullet
			s = reBullet.ReplaceAllString(s, "")
		case kind == lkText && reEnumItem.MatchString(s) && !reInnerSentence.MatchString(s):
			// minutes and papers number a list's items "(i)", "(a)",
			// "(1)": items of a list, each on its line, keeping its
			// number; a lettered paragraph of several sentences ("(a)
			// Councillor O'Dowd asked why … The Head of Service
			// accepted …") is a paragraph of its own
			kind = lkBullet
		}
		out = append(out, line{kind, s, i + 1, cols && kind == lkText})
	}
	return out
}

// foldSpaces trims s and folds its runs of white space to one space, as
// strings.Join(strings.Fields(s), " ") does, without copying a line that
// is already folded (most are).
func foldSpaces(s string) string {
	prevSpace := true // a leading space is not folded
	for _, r := range s {
		space := r < utf8.RuneSelf && asciiSpace[r] || r >= utf8.RuneSelf && unicode.IsSpace(r)
		if space && (r != ' ' || prevSpace) {
			return strings.Join(strings.Fields(s), " ")
		}
		prevSpace = space
	}
	if prevSpace { // a trailing space, or s is empty
		return strings.TrimSpace(s)
	}
	return s
}

// countWords is len(strings.Fields(s)) when that is at most limit, and
// limit+1 when it is more, counted without building the fields (the
// segmenter asks of every line whether it is short).
func countWords(s string, limit int) int {
	n := 0
	inWord := false
	for _, r := range s {
		if r < utf8.RuneSelf && asciiSpace[r] || r >= utf8.RuneSelf && unicode.IsSpace(r) {
			inWord = false
			continue
		}
		if !inWord {
			if n++; n > limit {
				return n
			}
			inWord = true
		}
	}
	return n
}

// asciiSpace are the ASCII characters unicode.IsSpace reports.
var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// reColumnGap is the gap between two columns of a table laid out as text
// (a run of three or more spaces, or tabs, inside the trimmed line).
var reColumnGap = regexp.MustCompile(`(?: {3,}|\t+)`)

// dropAdverts blanks subscription adverts: a price or "Subscribe" line and
// the short heading and bullet lines just above it; and a news page's
// lists of links to other articles ("Related articles", "Most read") with
// their items. It returns them.
func dropAdverts(ls []line) []Dropped {
	var dropped []Dropped
	for i, l := range ls {
		if l.kind != lkText && l.kind != lkMDHeading || !reLinkList.MatchString(l.text) {
			continue
		}
		end := i + 1
		for end < len(ls) && (ls[end].kind == lkBlank || ls[end].kind == lkBullet) {
			end++
		}
		if !slices.ContainsFunc(ls[i+1:end], func(t line) bool { return t.kind == lkBullet }) {
			continue // a heading of the article that happens to read so
		}
		for j := i; j < end; j++ {
			if ls[j].kind != lkBlank {
				dropped = append(dropped, Dropped{Line: ls[j].no, Text: ls[j].text, Reason: DropAdvert})
			}
			ls[j] = line{kind: lkBlank, no: ls[j].no}
		}
	}
	for i, l := range ls {
		if l.kind == lkBlank || !(rePrice.MatchString(l.text) || reSubscribe.MatchString(l.text)) {
			continue
		}
		for j := i; j >= 0; j-- {
			t := ls[j]
			if t.kind != lkBlank && j != i && countWords(t.text, 8) > 8 {
				break
			}
			if t.kind != lkBlank && t.text != "" {
				dropped = append(dropped, Dropped{Line: t.no, Text: t.text, Reason: DropAdvert})
			}
			ls[j] = line{kind: lkBlank, no: t.no}
		}
	}
	return dropped
}

// isBoilerplate reports whether a cleaned line is letterhead, footer or page
// furniture that must never become a citable paragraph.
func isBoilerplate(s string) bool {
	if s == "" {
		return false
	}
	if reNewsletter.MatchString(s) && countWords(s, 40) <= 40 {
		return true
	}
	if len(s) > 200 { // running text: boilerplate lines are short
		return false
	}
	words := countWords(s, 20)
	if words > 20 {
		return false
	}
	lower := strings.ToLower(s)
	switch {
	case len([]rune(s)) <= 1: // stray check-box marks such as "x"
		return true
	case ruPhone.match(s, lower), ruEmail.match(s, lower), ruURL.match(s, lower), ruPageNum.match(s, lower):
		return true
	case ruPageFooter.match(s, lower), ruMarking.match(s, lower), ruPrintStamp.match(s, lower):
		return true
	case ruAdMarker.match(s, lower), ruCopyright.match(s, lower), ruCookieBanner.match(s, lower):
		return true
	case ruShare.match(s, lower), ruByline.match(s, lower), ruDateline.match(s, lower), ruSocial.match(s, lower):
		return true
	case words < 20 && ruPicture.match(s, lower):
		return true
	case rePrice.MatchString(s), ruSubscribe.match(s, lower):
		return true
	case words <= 10 && !strings.ContainsAny(s, ".;") && ruPostcode.match(s, lower):
		return true // address line such as "Ofsted Piccadilly Gate Store Street Manchester M1 2WD" or "NG2 3NG"
	}
	return false
}

// lineRule is a regexp isBoilerplate tries on a line, with a cheap
// condition every line it matches meets (a byte it must start with or
// hold, a word it must contain, a length it cannot pass): most lines fail
// the condition, and the regexp, which may try every position of the
// line, is not run (TestLineRuleConditions holds each condition to its
// regexp over every line of the sample, corpus and eval letters).
type lineRule struct {
	re  *regexp.Regexp
	may func(s, lower string) bool // s non-empty, lower = strings.ToLower(s)
}

func (r lineRule) match(s, lower string) bool { return r.may(s, lower) && r.re.MatchString(s) }

func startsWithAny(s, bytes string) bool { return s != "" && strings.IndexByte(bytes, s[0]) >= 0 }

func hasDigit(s string) bool { return strings.ContainsAny(s, "0123456789") }

var (
	ruPhone      = lineRule{rePhone, func(s, _ string) bool { return startsWithAny(s, "tTfFpP") }}
	ruEmail      = lineRule{reEmail, func(s, _ string) bool { return strings.IndexByte(s, '@') >= 0 }}
	ruURL        = lineRule{reURL, func(s, _ string) bool { return startsWithAny(s, "hHwW") }}
	ruPageNum    = lineRule{rePageNum, func(s, _ string) bool { return startsWithAny(s, "pP0123456789") }}
	ruPageFooter = lineRule{rePageFooter, func(_, lower string) bool { return strings.Contains(lower, "page") }}
	ruMarking    = lineRule{reMarking, func(s, _ string) bool { return startsWithAny(s, "OPR") }}
	ruPrintStamp = lineRule{rePrintStamp, func(s, _ string) bool { return startsWithAny(s, "0123456789") }}
	ruAdMarker   = lineRule{reAdMarker, func(s, _ string) bool { return len(s) <= len("sponsored content") }}
	ruCopyright  = lineRule{reCopyright, func(s, lower string) bool {
		return strings.HasPrefix(s, "©") || strings.HasPrefix(lower, "copyright") || strings.Contains(lower, "rights reserved")
	}}
	ruCookieBanner = lineRule{reCookieBanner, func(_, lower string) bool { return strings.Contains(lower, "cookies") }}
	ruShare        = lineRule{reShare, func(s, lower string) bool { return strings.HasPrefix(lower, "share ") || strings.HasPrefix(s, "[") }}
	ruByline       = lineRule{reByline, func(s, _ string) bool {
		return strings.HasPrefix(s, "By ") || strings.HasSuffix(s, "Reporter") || strings.HasSuffix(s, "Correspondent") ||
			strings.HasSuffix(s, "Editor") || strings.HasSuffix(s, "Journalist")
	}}
	ruDateline  = lineRule{reDateline, func(s, _ string) bool { return hasDigit(s) }}
	ruSocial    = lineRule{reSocial, func(s, _ string) bool { return len(s) <= len("was this page helpful? yes no") }}
	ruPicture   = lineRule{rePicture, func(s, _ string) bool { return strings.IndexByte(s, ':') >= 0 }}
	ruSubscribe = lineRule{reSubscribe, func(s, _ string) bool { return len(s) <= len("subscribe now") }}
	ruPostcode  = lineRule{rePostcode, func(s, _ string) bool { return hasDigit(s) }}
	// every rule above, for the test of their conditions
	lineRules = []lineRule{ruPhone, ruEmail, ruURL, ruPageNum, ruPageFooter, ruMarking, ruPrintStamp, ruAdMarker, ruCopyright,
		ruCookieBanner, ruShare, ruByline, ruDateline, ruSocial, ruPicture, ruSubscribe, ruPostcode}
)

type block struct {
	gap     bool // a blank line followed the last bullet
	lines   []string
	bullets []string // bullet items (each reflowed)
	mdHead  bool
	rule    bool   // preceded by a horizontal rule
	src     []line // the input lines the block was made of
}

// dropped lists the block's input lines, each with reason.
func (b *block) dropped(reason string) []Dropped {
	out := make([]Dropped, 0, len(b.src))
	for _, l := range b.src {
		out = append(out, Dropped{Line: l.no, Text: l.text, Reason: reason})
	}
	return out
}

func (b *block) text() string {
	t := reflow(b.lines)
	if rows, ok := tableRows(b.lines); ok {
		t = strings.Join(rows, "\n") // a table: one row a line, each its own sentence
	} else if b.columns() {
		// a table laid out in columns ("Average caseload (CIN/CP teams)
		// 27   24   18"): each row its own line, as the page shows it
		t = strings.Join(b.lines, "\n")
	}
	for _, it := range b.bullets {
		if t != "" {
			t += "\n"
		}
		if !reEnumItem.MatchString(it) {
			t += "• " // an item numbered "(i)" keeps its number as its mark
		}
		t += it
	}
	return t
}

// columns reports whether the block is a table laid out in columns: three
// or more lines, each of them with column gaps.
func (b *block) columns() bool {
	if len(b.lines) < 3 || len(b.bullets) > 0 {
		return false
	}
	n := 0
	for _, l := range b.src {
		if l.kind != lkText {
			continue
		}
		if !l.cols {
			return false
		}
		n++
	}
	return n == len(b.lines)
}

// reTableRule is a text table's rule line ("|---|---|", "+-----+-----+").
var reTableRule = regexp.MustCompile(`^[|+]?[\s:|+-]*-{3,}[\s:|+-]*$`)

// tableRows are the rows of a block that is a text table: two or more
// lines with at least two column bars each (rule lines between them
// left out: they carry no words). A table's rows are separate statements
// ("A2 | Progress report … | Helen Cartwright … | 23 April 2026"), not
// one sentence run together.
func tableRows(lines []string) ([]string, bool) {
	var rows []string
	for _, l := range lines {
		if reTableRule.MatchString(l) {
			continue
		}
		if strings.Count(l, "|") < 2 {
			return nil, false
		}
		if strings.Trim(l, "| ") == "" {
			continue // an empty row
		}
		rows = append(rows, strings.TrimSpace(l)) // verbatim: a quote is the row as written
	}
	return rows, len(rows) >= 2
}

// reflow joins hard-wrapped lines into one line; a word hyphenated at a
// line end ("self-" + "assessment") keeps its hyphen and loses the space.
func reflow(lines []string) string {
	var sb strings.Builder
	for i, l := range lines {
		if i > 0 {
			prev := lines[i-1]
			if !(len(prev) > 1 && strings.HasSuffix(prev, "-") && prev[len(prev)-2] != ' ' && startsLower(l)) {
				sb.WriteByte(' ')
			}
		}
		sb.WriteString(l)
	}
	return sb.String()
}

func (b *block) firstLine() string {
	if len(b.lines) > 0 {
		return b.lines[0]
	}
	if len(b.bullets) > 0 {
		return b.bullets[0]
	}
	return ""
}

// blocks groups cleaned lines into blocks separated by blank lines; a line
// that opens a numbered paragraph, a heading or a bullet starts a new block
// (bullets of one list share a block). Page furniture (isBoilerplate) is
// left out and returned.
func blocks(ls []line) ([]*block, []Dropped) {
	var out []*block
	var furniture []Dropped
	var cur *block
	rule := false
	flush := func() {
		if cur != nil && (len(cur.lines) > 0 || len(cur.bullets) > 0) {
			out = append(out, cur)
		}
		cur = nil
	}
	for _, l := range ls {
		switch l.kind {
		case lkBlank:
			// a blank line ends a block, but a bullet list continues across blank lines
			if cur != nil && len(cur.bullets) == 0 {
				flush()
			} else if cur != nil {
				cur.gap = true
			}
			continue
		case lkRule:
			flush()
			rule = true
			continue
		}
		if isBoilerplate(l.text) {
			furniture = append(furniture, Dropped{Line: l.no, Text: l.text, Reason: DropFurniture})
			continue
		}
		switch {
		case l.kind == lkMDHeading || reNumHeading.MatchString(l.text):
			flush()
			out = append(out, &block{lines: []string{l.text}, mdHead: true, rule: rule, src: []line{l}})
			rule = false
			continue
		case l.kind == lkBullet:
			if cur == nil {
				cur = &block{rule: rule}
				rule = false
			}
			cur.bullets = append(cur.bullets, l.text)
			cur.src = append(cur.src, l)
			cur.gap = false
			continue
		case reDottedNum.MatchString(l.text), rePlainNumPara.MatchString(l.text) && cur != nil && len(cur.bullets) == 0 && strings.Count(l.text, "|") < 2:
			// a numbered paragraph starts a block, even where a PDF's text
			// puts no blank line before it ("… to be good" / "8. Decisions …")
			flush()
		case reGenreHeading.MatchString(l.text):
			// a letter's or report's standard heading is a block of its
			// own, even with no blank line after it (a PDF's text)
			flush()
			out = append(out, &block{lines: []string{l.text}, rule: rule, src: []line{l}})
			rule = false
			continue
		}
		if cur != nil && len(cur.bullets) > 0 {
			// text after bullets: a wrapped bullet item continues in lower case
			// or without a blank line; otherwise a new block starts
			last := &cur.bullets[len(cur.bullets)-1]
			if startsLower(l.text) || (!cur.gap && !endsSentence(*last)) {
				*last += " " + l.text
				cur.src = append(cur.src, l)
				continue
			}
			flush()
		}
		if cur == nil {
			cur = &block{rule: rule}
			rule = false
		}
		cur.lines = append(cur.lines, l.text)
		cur.src = append(cur.src, l)
	}
	flush()
	return out, furniture
}

func startsLower(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLower(r)
}

func endsSentence(s string) bool {
	s = strings.TrimRight(s, " ")
	if s == "" {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(s)
	return strings.ContainsRune(".!?:;\"”’)", r)
}

// isHeading decides whether a block is a section heading.
func isHeading(b *block, next *block) bool {
	if b.mdHead {
		return true
	}
	if len(b.lines) != 1 || len(b.bullets) > 0 {
		return false
	}
	s := b.lines[0]
	words := countWords(s, 12)
	if words > 12 || words == 0 {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s)
	if unicode.IsDigit(r) {
		if reMinuteItem.MatchString(s) {
			// a minuted item under its number ("24/37 DATE OF NEXT
			// MEETING"), as committee minutes head each item
			return true
		}
		// a council report's numbered section heading ("3. Background")
		// over its numbered paragraphs ("3.1 The previous inspection …")
		return words <= 8 && reNumTitle.MatchString(s) && next != nil && reDottedNum.MatchString(next.firstLine())
	}
	if !unicode.IsUpper(r) {
		return false
	}
	if reFactLine.MatchString(s) {
		return false // "Report author: Tom Galloway, Head of Service": a fact, not a heading
	}
	if strings.HasSuffix(s, ".") || strings.HasSuffix(s, ",") || strings.HasSuffix(s, ";") || strings.HasSuffix(s, "”") || strings.HasSuffix(s, "\"") {
		return false
	}
	if next != nil && startsLower(reEnumMark.ReplaceAllString(next.firstLine(), "")) {
		return false // a paragraph broken across a page, or a lead-in to "(i) the …" items
	}
	return true
}

// reFactLine is a council paper's or letter's line naming who wrote it,
// presents it or can be contacted about it ("Report author: Tom Galloway,
// Head of Quality Assurance", "Contact officer: …", "Lead inspector: …"),
// wherever it stands: a fact to cite, never a heading.
var reFactLine = regexp.MustCompile(`(?i)^(?:report |contact |lead |responsible |executive |cabinet |senior )?(?:authors?|contacts?|officers?|inspectors?|members?|sponsors?|presented by|prepared by|written by|portfolio holder|chair)\s*:\s*\S`)

// reMinuteItem is a minute's number and its title in capitals ("24/31
// DECLARATIONS OF INTEREST", "12/2025 CHILDREN IN CARE PERFORMANCE
// REPORT, QUARTER 1 2024/25").
var reMinuteItem = regexp.MustCompile(`^\d{1,4}/\d{1,4}\.?\s+\p{Lu}[\p{Lu}\d ,:;'’&()/.–-]*$`)

var reNumTitle = regexp.MustCompile(`^\d{1,2}\.\s+\p{Lu}[^.:;,]*$`)

// Segment cleans raw document text and splits it into citable paragraphs.
// Every input line ends up in a paragraph, a section heading, the title or
// Parsed.Dropped, with the reason it was left out: front matter and
// letterheads, salutations, signatures, page furniture, adverts, repeated
// blocks and headings with nothing under them. A letter inside a longer
// file (after a news article, or a second letter after the first) drops
// only its own letterhead, salutation and signature.
func Segment(raw string) Parsed {
	var p Parsed
	ls, adverts := clean(raw)
	bs, furniture := blocks(ls)
	p.Dropped = append(adverts, furniture...)
	s := &segmenter{p: &p, bs: bs, drop: make([]string, len(bs))}
	start := s.header()
	start = s.title(start)
	s.letters(start)
	s.publication(start)
	paras := s.paragraphs(start)
	slices.SortStableFunc(p.Dropped, func(a, b Dropped) int { return a.Line - b.Line })
	paras = append(frontMatter(&p, paras), paras...)
	if sig, ok := signature(&p); ok {
		paras = append(paras, sig)
	}
	p.Body, p.Paragraphs = layoutBody(paras)
	return p
}

// segmenter is one Segment call: the document's blocks and what is
// decided about them.
type segmenter struct {
	p    *Parsed
	bs   []*block
	drop []string // drop[i] is why block i is left out ("" when it is text)
}

// isSalutation: a salutation is a short block ("Dear Ms Smith"); running
// text that happens to start with "Dear" is text.
func (s *segmenter) isSalutation(i int) bool {
	return reSalutation.MatchString(s.bs[i].firstLine()) && !isProse(s.bs[i])
}

// header marks the blocks before the text as the header, and returns the
// first block after it: the letterhead up to the salutation (when no text
// comes before it); or board-paper front matter up to the summary; or the
// title/byline lines of an article.
func (s *segmenter) header() int {
	start := s.letterhead()
	if start == 0 && len(s.bs) > 0 && reFrontKV.MatchString(s.bs[0].firstLine()) {
		start = s.boardPaperHeader(false)
	} else if start == 0 && s.frontSheet() {
		start = s.boardPaperHeader(true)
	}
	if start == 0 {
		start = s.leadingShortBlocks()
	}
	return start
}

// letterhead: the blocks up to the first salutation, when no text comes
// before it (else 0: text before the letter, an article say, is kept).
func (s *segmenter) letterhead() int {
	for i := range s.bs {
		if !s.isSalutation(i) {
			continue
		}
		if slices.ContainsFunc(s.bs[:i], isProse) {
			return 0 // text before the letter: an article, say; it is kept
		}
		for j, h := range s.bs[:i+1] {
			s.p.Header = append(s.p.Header, h.lines...)
			s.drop[j] = DropHeader
		}
		s.drop[i] = DropSalutation
		return i + 1
	}
	return 0
}

// reKVLine is a front sheet's "Key: value" line ("Meeting: Children and
// Young People Scrutiny Panel", "Report author: …").
var reKVLine = regexp.MustCompile(`^\p{Lu}[\p{L}' ]{1,28}:\s+\S`)

// frontSheet reports whether one of the first two blocks is a committee
// paper's front sheet: three or more "Key: value" lines (after a heading
// line naming the council, say).
func (s *segmenter) frontSheet() bool {
	return slices.ContainsFunc(s.bs[:min(2, len(s.bs))], kvBlock)
}

// kvBlock reports whether a block is three or more Key: value lines.
func kvBlock(b *block) bool {
	n := 0
	for _, l := range b.lines {
		if reKVLine.MatchString(l) {
			n++
		}
	}
	return n >= 3
}

// boardPaperHeader: "Key: value" front matter up to the summary or the
// first numbered paragraph or heading; "Title of paper:" gives the title.
func (s *segmenter) boardPaperHeader(sheet bool) int {
	start := 0
	var header []string
	title := ""
	for i, b := range s.bs {
		if reBodyStart.MatchString(b.firstLine()) || reDottedNum.MatchString(b.firstLine()) || i > 0 && reNumHeading.MatchString(b.firstLine()) ||
			sheet && i > 0 && !kvBlock(b) && (isProse(b) || isHeading(b, nextOf(s.bs, i))) {
			// a front sheet found by its Key: value lines ends at the first
			// running text or heading after it, not at a distant "Summary"
			start = i
			break
		}
		header = append(header, b.lines...)
		for _, k := range b.lines {
			if strings.HasPrefix(k, "Title of paper:") {
				title = strings.TrimSpace(strings.TrimPrefix(k, "Title of paper:"))
			}
		}
	}
	if start == 0 {
		return 0 // no body after it: not a front sheet
	}
	s.p.Header = append(s.p.Header, header...)
	if title != "" {
		s.p.Title = title
	}
	for i := range start {
		s.drop[i] = DropHeader
	}
	return start
}

// leadingShortBlocks: the short blocks (title, byline, date) before the
// first real paragraph.
func (s *segmenter) leadingShortBlocks() int {
	start := 0
	for i, b := range s.bs {
		if isProse(b) {
			start = i
			break
		}
		s.p.Header = append(s.p.Header, b.lines...)
	}
	for i := range start {
		s.drop[i] = DropHeader
	}
	return start
}

// title sets the title: the first heading after a salutation (which then
// starts after it: the returned start), or the first header line.
func (s *segmenter) title(start int) int {
	p, bs := s.p, s.bs
	if p.Title == "" && start < len(bs) && isHeading(bs[start], nextOf(bs, start)) && !reBodyStart.MatchString(bs[start].firstLine()) && start > 0 && s.isSalutation(start-1) {
		p.Title = bs[start].firstLine()
		start++
	}
	if p.Title == "" {
		// a front sheet's "Title:" line names the paper
		for _, h := range p.Header {
			if mm := reTitleKey.FindStringSubmatch(h); mm != nil {
				p.Title = strings.TrimSpace(mm[1])
				break
			}
		}
	}
	if p.Title == "" {
		for _, h := range p.Header {
			if len(strings.Fields(h)) >= 3 && !reFrontKV.MatchString(h) && !reSiteNav.MatchString(h) && !reKeyLine.MatchString(h) && !rePublication.MatchString(h) && !reCookieBanner.MatchString(h) {
				p.Title = h
				break
			}
		}
	}
	return start
}

// rePublication is a report's publication line, alone or after the
// inspectorate's name on the last page ("Ofsted Published: 14 March 2025").
var rePublication = regexp.MustCompile(`(?i)^(?:ofsted\s+)?(?:report )?` + publishedKey + `\s*:?\s*\d{1,2}(?:st|nd|rd|th)? \p{L}+ \d{4}\.?$`)

// publishedKey is how a report's closing line names its publication date
// ("Published:", "Published date:", "Date of publication:").
const publishedKey = `(?:published(?: date| on)?|publication date|date of publication)`

// publication drops the blocks after start that are a publication line:
// the date of the report, not a finding (Parsed.Trailer keeps it).
func (s *segmenter) publication(start int) {
	for i := start; i < len(s.bs); i++ {
		if s.drop[i] == "" && len(s.bs[i].bullets) == 0 && rePublication.MatchString(s.bs[i].text()) {
			s.drop[i] = DropFurniture
			s.p.Trailer = append(s.p.Trailer, s.bs[i].text())
		}
	}
}

// reKeyLine is a front sheet's line, its key followed by a colon or, in a
// PDF's columns, by the value alone ("Date of meeting 17 March 2026").
var reKeyLine = regexp.MustCompile(`(?i)^(?:report to|title of paper|report title|meeting|date of (?:the )?meeting|meeting date|agenda item|report of|report author|author|wards?(?: affected)?|key decision|purpose of (?:the )?report|decision maker|portfolio holder|cabinet member|lead member|sponsor|classification|status|report status|exempt(?: information)?|appendices|inspection dates?|lead inspector)\b\s*[:|]?\s*\S`)

// reTitleKey is a front sheet's title line; reSiteNav a web page's
// navigation ("Skip to main content", "News | Sport | Jobs", "Home > News").
var (
	reTitleKey = regexp.MustCompile(`(?i)^(?:title|report title|subject)\s*:\s*(.{8,})$`)
	reSiteNav  = regexp.MustCompile(`(?i)^skip to\b|^cookies on\b|\S \| \S.* \| \S|\S > \S`)
)

// letters marks the letters after start: a salutation drops itself and the
// short blocks just before it (its letterhead); a closing drops itself and
// the signature after it (closing).
func (s *segmenter) letters(start int) {
	firstClosing := true
	for i := start; i < len(s.bs); i++ {
		switch {
		case s.drop[i] != "":
		case s.isSalutation(i):
			s.drop[i] = DropSalutation
			for j := i - 1; j >= start && s.drop[j] == "" && !isProse(s.bs[j]); j-- {
				s.drop[j] = DropLetterhead
			}
		case reClosing.MatchString(s.bs[i].firstLine()):
			s.closing(i, firstClosing)
			firstClosing = false
		}
	}
}

// closing drops the closing block i and the signature after it. What
// follows a signature up to the next salutation is the next letter's
// letterhead; when text follows instead, only the block just after the
// closing is the signature and the rest is kept. The first letter's
// signature is kept in Parsed.Signature.
func (s *segmenter) closing(i int, first bool) {
	bs := s.bs
	s.drop[i] = DropSignature
	k := i + 1
	for k < len(bs) && !isProse(bs[k]) && !s.isSalutation(k) {
		k++
	}
	for j := i + 1; j < k; j++ {
		switch {
		case j == i+1 || k == len(bs):
			s.drop[j] = DropSignature
		case s.isSalutation(k):
			s.drop[j] = DropLetterhead
		}
		if s.drop[j] == DropSignature && first {
			s.p.Signature = append(s.p.Signature, bs[j].text())
		}
	}
}

// paragraphs turns the blocks kept from start on into labelled paragraphs
// under their sections, adding the dropped blocks' lines to Parsed.Dropped.
func (s *segmenter) paragraphs(start int) []Para {
	w := &paraWriter{segmenter: s, start: start, heading: -1, prevHeading: true,
		seen: map[string]bool{}, labels: map[string]int{}, numbered: s.numbered(start)}
	for i, b := range s.bs {
		if s.drop[i] != "" {
			w.dropBlock(i)
			continue
		}
		if i < start {
			continue // the title (the heading after the salutation)
		}
		first := b.firstLine()
		text := b.text()
		if w.seen[text] && !reGradeOnly.MatchString(strings.TrimSpace(text)) && !leadsList(text, nextOf(s.bs, i)) {
			// a grade repeats in a judgement table's cells ("Requires
			// improvement to be good" for two judgements): not furniture
			s.p.Dropped = append(s.p.Dropped, b.dropped(DropRepeated)...)
			continue // repeated caption or furniture
		}
		w.seen[text] = true
		if w.inFootnote && !b.rule {
			w.inFootnote = false
			w.section = w.savedSection
		}
		if w.joinLast(i, first, text) {
			continue
		}
		if len(b.lines) <= 3 && len(b.bullets) == 0 && strings.IndexByte(text, ':') >= 0 && reGradedHeading.MatchString(strings.TrimSpace(text)) {
			// a report's graded heading (wrapped over lines or not) heads
			// the paragraphs on that judgement and is itself the
			// judgement: citable
			w.startSection(i, text)
			w.addGraded(text)
			continue
		}
		if isHeading(b, nextOf(s.bs, i)) && !w.leadInItem(b, first) {
			w.startSection(i, first)
			continue
		}
		w.add(b, first, text)
	}
	w.endHeading()
	return w.paras
}

// leadsList reports whether text, a block's, is the lead-in to a list in
// the next block: minutes repeat "RESOLVED that:" over each item's
// resolutions, and a lead-in said before is not furniture.
func leadsList(text string, next *block) bool {
	return strings.HasSuffix(strings.TrimSpace(text), ":") && next != nil && len(next.lines) == 0 && len(next.bullets) > 0
}

// numbered reports whether the kept text from start has dotted paragraph
// numbers ("1.2").
func (s *segmenter) numbered(start int) bool {
	for i, b := range s.bs[start:] {
		if s.drop[start+i] == "" && reDottedNum.MatchString(b.firstLine()) {
			return true
		}
	}
	return false
}

// paraWriter is the state of segmenter.paragraphs.
type paraWriter struct {
	*segmenter
	start                 int
	section, savedSection string
	heading               int // the block of the heading that names section and no paragraph yet
	inFootnote            bool
	seen                  map[string]bool
	labels                map[string]int
	ordinal               int
	graded                int // graded headings made paragraphs (¶G labels)
	paras                 []Para
	attach                bool // previous paragraph is a lead-in ending with ":" in a numbered document
	numbered              bool
	prevHeading           bool
}

// endHeading drops a heading that got no paragraph.
func (w *paraWriter) endHeading() {
	if w.heading >= 0 {
		if len(w.paras) == 0 {
			// a heading before any text is the document's head ("Minutes
			// of the meeting held on Tuesday 17 September 2024" under the
			// board's name): read for metadata, like a letterhead
			w.p.Header = append(w.p.Header, w.bs[w.heading].lines...)
			w.p.Dropped = append(w.p.Dropped, w.bs[w.heading].dropped(DropHeader)...)
		} else {
			w.p.Dropped = append(w.p.Dropped, w.bs[w.heading].dropped(DropHeading)...)
		}
		w.heading = -1
	}
}

// dropBlock adds block i's lines to the dropped ones; after start a letter
// starts or ends there: nothing joins across it.
func (w *paraWriter) dropBlock(i int) {
	w.p.Dropped = append(w.p.Dropped, w.bs[i].dropped(w.drop[i])...)
	if i >= w.start && w.drop[i] != DropLetterhead {
		// a letter starts or ends: nothing joins across it
		w.prevHeading, w.attach = true, false
		w.endHeading()
		if w.drop[i] == DropSalutation {
			w.section = ""
		}
	}
}

// leadInItem reports whether block b (first line first) continues the
// lead-in paragraph before it in a numbered document.
func (w *paraWriter) leadInItem(b *block, first string) bool {
	return w.attach && w.numbered && !b.mdHead && !reNumHeading.MatchString(first)
}

// joinLast appends block i (first line first, text text) to the last
// paragraph when it continues it, and reports whether it did.
func (w *paraWriter) joinLast(i int, first, text string) bool {
	b := w.bs[i]
	if reDottedNum.MatchString(first) || len(w.paras) == 0 || w.prevHeading {
		return false
	}
	last := &w.paras[len(w.paras)-1]
	switch {
	case startsLower(first) && !endsSentence(last.Text):
		// paragraph broken across a page
		last.Text += " " + text
	case len(b.lines) == 0 && len(b.bullets) > 0:
		// a bullet list stays with its lead-in
		last.Text += "\n" + text
	case w.leadInItem(b, first):
		last.Text += "\n" + text
	case w.numbered && last.Label != "" && reDottedNum.MatchString(last.Text) && !isHeading(b, nextOf(w.bs, i)):
		// in a numbered document a paragraph runs to the next number or heading
		last.Text += "\n" + text
	default:
		return false
	}
	return true
}

// startSection makes heading block i (first line first) name the section.
func (w *paraWriter) startSection(i int, first string) {
	w.endHeading()
	w.section = strings.TrimSuffix(strings.TrimSpace(first), ":")
	w.heading = i
	w.prevHeading = true
	w.attach = false
}

// add makes block b a paragraph of its own.
func (w *paraWriter) add(b *block, first, text string) {
	if b.rule && w.heading < 0 {
		// text after a rule is a note, unless the rule closes a heading
		// boxed between rules ("----- / 1. CHAIR'S FOREWORD / -----")
		w.inFootnote = true
		w.savedSection = w.section
		w.section = "Notes"
	}
	w.heading = -1
	w.ordinal++
	w.paras = append(w.paras, Para{Label: w.label(first), Section: w.section, Text: text})
	w.prevHeading = false
	w.attach = strings.HasSuffix(strings.TrimSpace(text), ":")
}

// addGraded makes a graded heading a paragraph too, labelled ¶G1, ¶G2 …
// so that the body's labels (and the citation keys made of them) stay as
// they were when such a heading was a heading only; what follows it starts
// afresh, as after any heading.
func (w *paraWriter) addGraded(text string) {
	w.heading = -1
	w.graded++
	w.paras = append(w.paras, Para{Label: "¶G" + strconv.Itoa(w.graded), Section: w.section, Text: text})
	w.prevHeading, w.attach = true, false
}

// label is the next paragraph's label: its dotted number, its plain number
// in a numbered document, else ¶ and its ordinal; a label seen before gets
// a suffix (-2, -3…).
func (w *paraWriter) label(first string) string {
	label := ""
	if m := reDottedNum.FindStringSubmatch(first); m != nil {
		label = m[1]
	} else if m := rePlainNum.FindStringSubmatch(first); m != nil && w.numbered {
		label = m[1]
	} else {
		label = "¶" + strconv.Itoa(w.ordinal)
	}
	if n := w.labels[label]; n > 0 {
		w.labels[label] = n + 1
		label = label + "-" + strconv.Itoa(n+1)
	} else {
		w.labels[label] = 1
	}
	return label
}

func nextOf(bs []*block, i int) *block {
	if i+1 < len(bs) {
		return bs[i+1]
	}
	return nil
}

// layoutBody writes the cleaned body text: the paragraphs in order, separated
// by blank lines; each paragraph's offsets index into it.
func layoutBody(paras []Para) (string, []Para) {
	var b strings.Builder
	for i := range paras {
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		paras[i].Start = b.Len()
		b.WriteString(paras[i].Text)
		paras[i].End = b.Len()
	}
	return b.String(), paras
}

// rePlainNumPara is a report's numbered paragraph ("8. Decisions for
// children to come into care are timely.").
var rePlainNumPara = regexp.MustCompile(`^\d{1,3}\.\s+\p{Lu}\p{Ll}`)

// reGenreHeading are the headings Ofsted letters and reports use, each on
// a line of its own.
var reGenreHeading = regexp.MustCompile(`(?i)^(?:what needs to improve(?: in this local authority['’]s children['’]s social care services)?\??|headline findings|main findings|findings and evaluation of progress|areas covered by the visit|areas for priority action|areas? for improvement|information about this local authority|overview|next steps)$`)

// isProse reports whether a block reads as a paragraph of running text.
func isProse(b *block) bool {
	t := b.text()
	if strings.Count(t, " | ") >= 2 && strings.Count(t, ":") >= 2 {
		// a reports website's details row ("Report type: Monitoring
		// visit letter | URN: 80441 | Published: 14 August 2024")
		return false
	}
	return countWords(t, 12) >= 12 && endsSentence(t)
}

// reGradedHeading is an inspection report's section heading, which names
// what is judged and its grade, however long: "The experiences and progress
// of children who need help and protection: requires improvement to be
// good" (17 words) heads the paragraphs on that judgement.
var reGradedHeading = regexp.MustCompile(`^\p{Lu}[^.:;]{3,160}:\s*(?i:` + letters.Grades + `)$`)

// reGrade is a judgement the inspection framework gives.
var reGrade = regexp.MustCompile(`(?i)\b(` + letters.Grades + `)\b`)

// reJudgementRow is a row of the judgement table as text laid out in
// columns (a PDF's export, the columns' spacing folded): one of the
// framework's judgements, then its grade.
var reJudgementRow = regexp.MustCompile(`(?i)^(?:the impact of leaders|the experiences and progress|overall effectiveness)\b.*\b(?:` + letters.Grades + `)$`)

var (
	// reInterleavedGrade is a judgement row whose grade's first line sits
	// inside the judgement's words (the grade cell begins with a capital)
	reInterleavedGrade = regexp.MustCompile(`^(.+?)\s+(Requires improvement to be|Requires improvement)\s+(\p{Ll}.*?)\s+(good)$`)
	reTrailingGrade    = regexp.MustCompile(`(?i)\b(?:` + letters.Grades + `)$`)
	reJudgementStart   = regexp.MustCompile(`(?i)^(?:the impact of leaders|the experiences and progress|overall effectiveness)\b`)
	reGradeOnly        = regexp.MustCompile(`(?i)^(?:` + letters.Grades + `|requires improvement to be|requires improvement|to be good|good)$`)
)

// judgementRows is the header with a judgement table's wrapped rows made
// whole. A PDF's text puts a long judgement over two lines and its grade
// on a line of its own, before, between or after them ("The impact of
// leaders on social work practice with children" / "Good" / "and
// families"; "Requires improvement to be" / "The experiences and progress
// of care leavers" / "good"): each row becomes "judgement grade". Other
// lines pass through.
func judgementRows(header []string) []string {
	var out []string
	var label, grade, pending []string
	whole := -1 // the index in out of the last row read whole from one line
	flush := func() {
		if len(label) > 0 {
			row := strings.Join(label, " ") + " " + strings.Join(grade, " ")
			// a PDF's columns interleaved: "… with children and Requires
			// improvement to be" / "families good" read as one row
			if row = strings.TrimSpace(row); !strings.HasSuffix(strings.ToLower(row), "requires improvement to be good") {
				row = reInterleavedGrade.ReplaceAllString(row, "$1 $3 $2 $4")
			}
			out = append(out, row)
		}
		label, grade = nil, nil
	}
	for _, h := range header {
		h = strings.TrimSpace(h)
		switch {
		case reJudgementStart.MatchString(h):
			flush()
			if reJudgementRow.MatchString(h) {
				out = append(out, h)
				whole = len(out) - 1
				continue
			}
			label, grade, pending = []string{h}, pending, nil
		case reGradeOnly.MatchString(h) && len(label) > 0 && (len(grade) == 0 || !reJudgementRow.MatchString("Overall effectiveness "+strings.Join(grade, " "))):
			grade = append(grade, h)
		case reGradeOnly.MatchString(h):
			flush()
			whole = -1 // a grade of its own: the whole row before is done
			pending = append(pending, h)
		case len(label) > 0 && h != "" && unicode.IsLower([]rune(h)[0]):
			label = append(label, h)
		case whole >= 0 && whole == len(out)-1 && h != "" && unicode.IsLower([]rune(h)[0]):
			// a row laid out in columns whose judgement wraps under itself
			// ("The impact of leaders on social work practice with   Good" /
			// "children and families"): the rest of the judgement goes
			// before the grade
			row := out[whole]
			if loc := reTrailingGrade.FindStringIndex(row); loc != nil {
				out[whole] = strings.TrimSpace(row[:loc[0]]) + " " + h + " " + strings.TrimSpace(row[loc[0]:])
			}
			continue
		default:
			flush()
			pending = nil
			whole = -1
			out = append(out, h)
		}
	}
	flush()
	return out
}

// frontMatter makes the facts at the head of a document citable: the
// letterhead's date and addressee, a front sheet's or report's "Key: value"
// fields (frontLines), as one paragraph labelled ¶H1; and the judgement
// table at the head of an inspection report: each row that gives a grade ("Overall effectiveness | Requires
// improvement to be good") becomes a paragraph of its own under
// "Judgements", labelled ¶F1, ¶F2 … so that the body's labels do not move.
// Those lines leave the dropped list. (Every "Key: value" header line made
// citable, measured in session 5, lowered the 50-synthetic test; as one
// paragraph seen only by questions about the document itself, in session
// 9, it raised dev, test recall and both 50-synthetic sets.)
func frontMatter(p *Parsed, body []Para) []Para {
	inBody := func(h string) bool {
		for _, b := range body {
			if strings.Contains(b.Text, h) {
				return true
			}
		}
		return false
	}
	var out []Para
	kept := map[string]bool{}
	if lines, section := frontLines(p, inBody); len(lines) > 0 {
		for _, l := range lines {
			for _, part := range strings.Split(l, "\n") {
				kept[part] = true
			}
		}
		out = append(out, Para{Label: letters.FrontMatterLabel, Section: section, Text: strings.Join(lines, "\n")})
	}
	rows := 0
	for _, h := range judgementRows(p.Header) {
		h = strings.TrimSpace(h)
		row := strings.Contains(h, " | ") && reGrade.MatchString(h) || reJudgementRow.MatchString(h)
		if !row || kept[h] || inBody(h) {
			continue
		}
		kept[h] = true
		rows++
		out = append(out, Para{Label: "¶F" + strconv.Itoa(rows), Section: "Judgements", Text: h})
	}
	if len(out) > 0 {
		var dropped []Dropped
		for _, d := range p.Dropped {
			if d.Reason == DropHeader && (kept[strings.TrimSpace(d.Text)] || frontKept(kept, strings.TrimSpace(d.Text))) {
				continue
			}
			dropped = append(dropped, d)
		}
		p.Dropped = dropped
	}
	return out
}

// SignatureSection is the signature paragraph's section: the words a
// question about it uses ("Who signed the letter?").
const SignatureSection = "Signed by"

// signature makes a letter's signature citable: the name of the person
// who signed it and their post, the lines after "Yours sincerely" up to an
// address line (one with a figure), another signatory's name or a web
// page's navigation, at most three. It is joined as a
// letterhead is, one sentence ("Margaret Burke His Majesty's Inspector"),
// and its lines leave the dropped list. A file holding several letters
// gets none: one ¶S1 after all of them would name the first letter's
// signer for the last.
func signature(p *Parsed) (Para, bool) {
	var lines []string
	var at []int
	sig := strings.Join(p.Signature, "\n") // the first closing's blocks, their lines joined
	closings, collecting := 0, false
	for i, d := range p.Dropped {
		l := strings.TrimSpace(d.Text)
		if d.Reason == DropSignature && reClosing.MatchString(l) {
			closings++
			collecting = closings == 1
			continue
		}
		if !collecting || l == "" {
			continue
		}
		if d.Reason != DropSignature || !strings.Contains(sig, l) || reHasFigure.MatchString(l) || len(lines) == 3 ||
			len(lines) > 0 && signedName(l) || reWebFurniture.MatchString(l) {
			// an address, a second signatory (a joint inspection's letter
			// is signed by each inspectorate), a web page's "Back to top"
			collecting = false
			continue
		}
		lines, at = append(lines, l), append(at, i)
	}
	if closings != 1 || len(lines) == 0 || !signedName(lines[0]) {
		return Para{}, false
	}
	for k := len(at) - 1; k >= 0; k-- {
		p.Dropped = slices.Delete(p.Dropped, at[k], at[k]+1)
	}
	return Para{Label: letters.SignatureLabel, Section: SignatureSection, Text: strings.Join(lines, " ")}, true
}

// reSignedName opens a signature's name line: two to four capitalised
// words ("Margaret Burke", "Dr Anna O'Neill-Hart"), the post sometimes on
// the same line.
var reSignedName = regexp.MustCompile(`^(?:(?:Dr|Mr|Mrs|Ms|Miss|Professor)\.? )?(\p{Lu}[\p{L}'’-]+) (\p{Lu}[\p{L}'’-]+)(?: \p{Lu}[\p{L}'’-]+){0,2}(?:$| )`)

// reWebFurniture is a saved web page's navigation line.
var reWebFurniture = regexp.MustCompile(`(?i)^(?:back to top|print this page|share this page|top of page)$`)

// reHasFigure: an address line (a street number, a postcode).
var reHasFigure = regexp.MustCompile(`\d`)

// notNameWord are words a signature's post or organisation opens with
// ("His Majesty's Inspector", "Ofsted Social Care Team", "Children's
// Services Improvement Board"): not a person's name.
var notNameWord = map[string]bool{
	"his": true, "her": true, "majesty's": true, "majesty’s": true, "inspector": true, "ofsted": true, "social": true,
	"care": true, "team": true, "children's": true, "children’s": true, "services": true, "council": true,
	"board": true, "director": true, "department": true, "improvement": true, "county": true, "city": true,
	"regional": true, "senior": true, "deputy": true, "national": true, "director,": true, "the": true,
}

// signedName reports whether a signature's first line opens with a
// person's name.
func signedName(line string) bool {
	m := reSignedName.FindStringSubmatch(line)
	return m != nil && !notNameWord[strings.ToLower(m[1])] && !notNameWord[strings.ToLower(m[2])]
}

// reFieldKey opens a front-matter field: "Report to:", "Relevant
// Director:", "Lead inspector:", "Present:", "Date of meeting:".
var reFieldKey = regexp.MustCompile(`^\p{Lu}[\p{L}()'’ ]{0,80}:(?:\s|$)`)

// reStandaloneDate is a line that is a date and nothing else: a letter's
// date, a news page's dateline.
var reStandaloneDate = regexp.MustCompile(`(?i)^(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?(?:\d{1,2}(?:st|nd|rd|th)? ` + monthRe + `,? \d{4}|` + monthRe + ` \d{1,2},? \d{4})$`)

// reGradeHead is a judgement table's head row; reByline a news page's
// author line ("Joe Lepper", "By Nina Carrow") before its dateline.
var (
	reGradeHead = regexp.MustCompile(`(?i)^judgements?\s*\|?\s*grades?$`)
	reAuthor    = regexp.MustCompile(`^(?:By )?\p{Lu}[\p{L}'’-]+(?: \p{Lu}[\p{L}'’-]+){1,2}$`)
)

// maxFieldWords: a front-matter field longer than this, or a sentence of
// twelve words or more, is prose (a front sheet's statement of the
// council's plan priorities), not a fact about the document.
const maxFieldWords = 30

// frontLines are the fact-bearing lines of a document's header, one field
// a line (a field's wrapped lines joined by a space), and the section they
// stand under. A letter (its header ends in a salutation): from its date
// line to the salutation, the date and the addressee's name, title and
// address, as one line — what stands above the date is Ofsted's own
// address. Otherwise: each "Key: value" field of a front sheet, report or
// minutes (the paper's title, already the document's, and fields of more
// than maxFieldWords words left out), and a line before the first field
// that carries a date (minutes' "held on …", a news page's dateline).
// Lines the body already holds, judgement rows and page furniture are not
// repeated.
func frontLines(p *Parsed, inBody func(string) bool) ([]string, string) {
	// the letterhead is kept whole, though the body names the council too
	var lines []string
	for _, h := range p.Header {
		h = strings.TrimSpace(h)
		if h == "" || h == p.Title || reSalutation.MatchString(h) || reGrade.MatchString(h) && (strings.Contains(h, " | ") || reJudgementRow.MatchString(h) || reGradeOnly.MatchString(h)) || reGradeHead.MatchString(h) {
			continue
		}
		lines = append(lines, h)
	}
	letter := slices.ContainsFunc(p.Dropped, func(d Dropped) bool { return d.Reason == DropSalutation })
	if letter {
		for i, l := range lines {
			if reStandaloneDate.MatchString(l) && i+1 < len(lines) {
				return []string{strings.Join(lines[i:], " ")}, "Letterhead"
			}
		}
		return nil, ""
	}
	var fields []string
	open := false // a field is open: lines without a key continue it
	for i, l := range lines {
		keyOnly := func(j int) bool {
			return j < len(lines) && strings.HasSuffix(lines[j], ":") && len(strings.Fields(lines[j])) <= 6
		}
		switch {
		case reFieldKey.MatchString(l) && !reTitleKey.MatchString(l) && !strings.HasPrefix(l, "Title of paper:"):
			fields = append(fields, l)
			open = true
		case reFieldKey.MatchString(l) || strings.HasPrefix(l, "Title of paper:"):
			open = false // the paper's title: the document's own
		case !strings.Contains(l, ":") && keyOnly(i+1) && startsLower(lines[i+1]):
			// a key wrapped over two lines ("Other officers who" / "have provided input:")
			fields = append(fields, l)
			open = true
		case open:
			fields[len(fields)-1] += " " + l
		case reAnyDMY.MatchString(l) || reStandaloneDate.MatchString(l):
			if i > 0 && reAuthor.MatchString(lines[i-1]) {
				l = lines[i-1] + " " + l // a news page's byline and dateline
			}
			fields = append(fields, l)
		}
	}
	var out []string
	for _, f := range fields {
		if n := len(strings.Fields(f)); n > maxFieldWords || n >= 12 && endsSentence(f) || strings.HasSuffix(f, ":") || inBody(f) {
			// prose (a plan's priorities), a key without a value, or text the body holds
			continue
		}
		out = append(out, f)
	}
	if len(out) == 0 {
		return nil, ""
	}
	return out, "Front matter"
}

// frontKept reports whether a header line went into the front-matter
// paragraph, where its field's lines are joined.
func frontKept(kept map[string]bool, line string) bool {
	for k := range kept {
		if line != "" && strings.Contains(k, line) {
			return true
		}
	}
	return false
}
