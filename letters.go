// Package letters is the domain of the service: documents, paragraphs,
// citations, answers and conversation turns, the document kinds and the
// sentinel errors every layer wraps. It imports nothing outside the
// standard library; rag (the engine), store (PostgreSQL), ingest, server
// and evals all build on it.
package letters

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
)

// Sentinel errors. Callers wrap them with %w; the HTTP layer maps them to
// status codes in one table.
var (
	ErrNotFound          = errors.New("not found")
	ErrInvalid           = errors.New("invalid request")
	ErrEmbedderMismatch  = errors.New("embedder differs from the one the corpus was embedded with")
	ErrUnavailable       = errors.New("service unavailable")
	ErrEmptyCorpus       = errors.New("no documents have been ingested")
	ErrUnauthorized      = errors.New("unauthorized")
	ErrForbidden         = errors.New("forbidden")
	ErrProviderFailed    = errors.New("model provider failed")
	ErrUnsupportedFormat = errors.New("unsupported file format")
	ErrConversationFull  = fmt.Errorf("a conversation holds at most %d questions; start a new conversation", MaxTurns)
)

// MaxTurns is the most questions one conversation holds: each answer reads
// the whole history, so it is bounded.
const MaxTurns = 50

// Document kinds.
const (
	KindMonitoringVisit = "monitoring_visit"
	KindFocusedVisit    = "focused_visit"
	KindInspection      = "inspection_report"
	KindBoardPaper      = "board_paper"
	KindNews            = "news_article"
	KindMinutes         = "committee_minutes"
	KindOther           = "other"
)

// Kinds are the document kinds, in the order people are shown them.
var Kinds = []string{KindMonitoringVisit, KindFocusedVisit, KindInspection, KindBoardPaper, KindMinutes, KindNews, KindOther}

// IsKind reports whether k is a document kind.
func IsKind(k string) bool {
	for _, x := range Kinds {
		if x == k {
			return true
		}
	}
	return false
}

// KindLabel is the human name of a document kind.
func KindLabel(kind string) string {
	switch kind {
	case KindMonitoringVisit:
		return "Monitoring visit letter"
	case KindFocusedVisit:
		return "Focused visit letter"
	case KindInspection:
		return "Inspection report"
	case KindBoardPaper:
		return "Council board paper"
	case KindNews:
		return "News article"
	case KindMinutes:
		return "Committee minutes"
	}
	return "Document"
}

// Document is one ingested file with its metadata.
type Document struct {
	ID         int64      `json:"id"`
	Slug       string     `json:"slug"`
	SourceName string     `json:"source_name"`
	SHA256     string     `json:"sha256"`
	Title      string     `json:"title"`
	Kind       string     `json:"kind"`
	Authority  string     `json:"authority"`
	LetterDate *time.Time `json:"letter_date,omitempty"`
	VisitStart *time.Time `json:"visit_start,omitempty"`
	VisitEnd   *time.Time `json:"visit_end,omitempty"`
	Recipient  string     `json:"recipient"`
	Inspectors []string   `json:"inspectors"`
	Body       string     `json:"body,omitempty"`
	Paragraphs int        `json:"paragraphs"`
	IngestedAt time.Time  `json:"ingested_at"`
	// FutureDated: the letter is dated more than a day after it was
	// ingested (a mistake or a fake); it is never taken as "the latest".
	FutureDated bool `json:"future_dated"`
}

// DateString is the letter date as YYYY-MM-DD, or "".
func (d *Document) DateString() string {
	if d.LetterDate == nil {
		return ""
	}
	return d.LetterDate.Format("2006-01-02")
}

// Paragraph is the citation unit.
type Paragraph struct {
	ID          int64  `json:"id"`
	DocumentID  int64  `json:"document_id"`
	Ordinal     int    `json:"ordinal"`
	Label       string `json:"label"`
	Section     string `json:"section"`
	Text        string `json:"text"`
	StartOffset int    `json:"start_offset"`
	EndOffset   int    `json:"end_offset"`
	// Key is the paragraph's stable citation key: Key(slug, label) when it
	// was first stored, kept across re-ingests while its text is unchanged
	Key string `json:"key"`
}

// FrontMatterLabel labels a document's front matter: the facts at its head
// (a letter's date and addressee, a front sheet's "Key: value" fields), one
// citable paragraph.
const FrontMatterLabel = "¶H1"

// InPeriod reports whether the document belongs to the period from..to
// (either end open when nil): its letter is dated in it, or the visit or
// inspection it reports meets it ("the 2023 inspection" is reported in a
// letter of January 2024). A document with neither date is in an open
// period only.
func (d Document) InPeriod(from, to *time.Time) bool {
	return meets(d.LetterDate, d.LetterDate, from, to) || d.VisitStart != nil && meets(d.VisitStart, d.VisitEnd, from, to)
}

// meets reports whether the dates a..b (b nil: a alone; a nil: unknown)
// meet the period lo..hi.
func meets(a, b, lo, hi *time.Time) bool {
	if a == nil {
		return lo == nil && hi == nil
	}
	if b == nil {
		b = a
	}
	return (lo == nil || !b.Before(*lo)) && (hi == nil || !a.After(*hi))
}

// SignatureLabel labels a letter's signature: who signed it and as what
// ("Margaret Burke / His Majesty's Inspector"), a fact of the letter like
// its letterhead, placed after the body so that no other label moves.
const SignatureLabel = "¶S1"

// Key is a new paragraph's citation key "<document slug>#<label>".
func Key(slug, label string) string { return slug + "#" + label }

// ParagraphKey is p's stored key, or Key(slug, p.Label) for a paragraph
// without one.
func ParagraphKey(slug string, p Paragraph) string {
	if p.Key != "" {
		return p.Key
	}
	return Key(slug, p.Label)
}

// Passage is a retrieved paragraph with its document and scores.
type Passage struct {
	Paragraph
	Document   DocRef  `json:"document"`
	Score      float64 `json:"score"`
	VectorRank int     `json:"vector_rank,omitempty"`
	TextRank   int     `json:"text_rank,omitempty"`
	Rank       int     `json:"rank"`
}

// DocRef is the part of a Document a citation shows.
type DocRef struct {
	ID         int64  `json:"id"`
	Slug       string `json:"slug"`
	Title      string `json:"title"`
	Kind       string `json:"kind"`
	Authority  string `json:"authority"`
	Date       string `json:"date"` // YYYY-MM-DD or ""
	SourceName string `json:"source_name"`
	// the visit or inspection the document reports, when it says
	// (YYYY-MM-DD; set by search, for dates a question names)
	VisitStart string `json:"visit_start,omitempty"`
	VisitEnd   string `json:"visit_end,omitempty"`
}

// Citation ties a marker in an answer to a paragraph.
type Citation struct {
	Marker      int     `json:"marker"`
	ParagraphID int64   `json:"paragraph_id"`
	Key         string  `json:"key"`
	Document    DocRef  `json:"document"`
	Label       string  `json:"label"`
	Section     string  `json:"section"`
	Quote       string  `json:"quote"`
	Support     float64 `json:"support"`
	Supported   bool    `json:"supported"`
	// set when a stored turn is read back after its letter was re-ingested:
	// Changed when the paragraph under Key no longer says Quote (or is
	// gone); CurrentParagraphID is the paragraph now under Key, if any
	Changed            bool  `json:"changed,omitempty"`
	CurrentParagraphID int64 `json:"current_paragraph_id,omitempty"`
}

// Timings records where an answer's time went, in milliseconds.
type Timings struct {
	RetrieveMS float64 `json:"retrieve_ms"`
	AnswerMS   float64 `json:"answer_ms"`
	TotalMS    float64 `json:"total_ms"`
}

// Record is the reproducibility record stored with each answer.
type Record struct {
	Retrieved      []RetrievedRef `json:"retrieved"`
	Answerer       string         `json:"answerer"`
	Model          string         `json:"model,omitempty"`
	PromptVersion  string         `json:"prompt_version,omitempty"`
	Embedder       string         `json:"embedder"`
	CorpusVersion  string         `json:"corpus_version"`
	RewrittenQuery string         `json:"rewritten_query,omitempty"`
	Filter         Filter         `json:"filter"`
	Requested      *Filter        `json:"requested,omitempty"` // the filters the caller chose, before the question's own were added
	Analysis       *Analysis      `json:"analysis,omitempty"`
}

// RetrievedRef is one retrieved paragraph in a Record.
type RetrievedRef struct {
	ParagraphID int64   `json:"paragraph_id"`
	Key         string  `json:"key"`
	Score       float64 `json:"score"`
}

// Analysis is how a question was understood, shown with its answer
// ("Searched: Nottingham City · monitoring visit letters · 2026") so that a
// reader sees what was assumed.
type Analysis struct {
	Ask           string   `json:"ask"`               // the clause that asks
	Premise       string   `json:"premise,omitempty"` // what the question takes as given (its years do not filter)
	Kind          string   `json:"kind"`              // fact, list, count, duration, date, definition, why, yesno, comparison, summary, latest
	Councils      []string `json:"councils,omitempty"`
	DocumentKinds []string `json:"document_kinds,omitempty"`
	Years         []int    `json:"years,omitempty"`
	// Months: a month the ask names ("January 2025"): documents dated in
	// it (visit or own date) rank first; a preference, not a filter
	Months []string `json:"months,omitempty"`
	Latest bool     `json:"latest,omitempty"`
	// Place: "city councils" or "county councils" when the question says
	// "the city" or "the county" without naming which: answers come from
	// councils of that kind
	Place string `json:"place,omitempty"`
	// Wants: the kinds of answer the ask expects ("a person", "a date", "a
	// number of inspectors", "a sum of money", "a percentage"): sentences
	// that hold one rank first
	Wants     []string `json:"wants,omitempty"`
	Inherited bool     `json:"inherited,omitempty"` // a follow-up: the topic comes from the previous question
	Relaxed   string   `json:"relaxed,omitempty"`   // what was loosened because no document matched
	Searched  string   `json:"searched"`            // the filters applied, for people
}

// Result is an answer with its evidence.
type Result struct {
	Question       string          `json:"question"`
	Analysis       *Analysis       `json:"analysis,omitempty"`
	Answer         string          `json:"answer"`
	Refused        bool            `json:"refused"`
	Notice         string          `json:"notice,omitempty"`
	Citations      []Citation      `json:"citations"`
	Sentences      []SentenceCheck `json:"sentences,omitempty"`
	Passages       []Passage       `json:"passages"`
	DroppedMarkers int             `json:"dropped_markers"`
	Unsupported    int             `json:"unsupported_citations"`
	Timings        Timings         `json:"timings"`
	Record         Record          `json:"record"`
	ConversationID string          `json:"conversation_id,omitempty"`
	TurnID         int64           `json:"turn_id,omitempty"`
}

// Filter narrows retrieval by document metadata. Zero values mean "any".
type Filter struct {
	Authorities []string   `json:"authorities,omitempty"`
	Kinds       []string   `json:"kinds,omitempty"`
	From        *time.Time `json:"from,omitempty"`
	To          *time.Time `json:"to,omitempty"`
	DocumentIDs []int64    `json:"document_ids,omitempty"`
	Latest      bool       `json:"latest,omitempty"` // newest matching document first / only
}

// IsZero reports whether the filter narrows nothing.
func (f Filter) IsZero() bool {
	return len(f.Authorities) == 0 && len(f.Kinds) == 0 && f.From == nil && f.To == nil &&
		len(f.DocumentIDs) == 0 && !f.Latest
}

// GlossaryEntry is an acronym defined in a letter ("multi-agency
// safeguarding hub (MASH)").
type GlossaryEntry struct {
	Acronym   string `json:"acronym"`
	Expansion string `json:"expansion"`
}

// SearchTerm is one term of a search: its alternatives (a word, an
// acronym's expansion, a synonym), each a word or a phrase of words. A term
// matches a paragraph that holds any alternative.
type SearchTerm []string

// Grades is the inspection framework's (ILACS) judgement scale as a
// regular-expression alternation, for the patterns that read grades
// (judgement rows, graded headings).
const Grades = `outstanding|good|requires improvement(?: to be good)?|inadequate`

// SearchQuery is what hybrid retrieval is asked, in the engine's terms; the
// store turns it into its own query language.
type SearchQuery struct {
	// Any: the full-text arm ranks paragraphs holding any of these terms.
	Any []SearchTerm
	// All: a narrow, precise set (every one of these terms) the full-text
	// arm ranks first; none for no such set.
	All []SearchTerm
	// Near: the question's two rarest terms found in the corpus, however
	// common they are (both required): what a vector arm without an index
	// ranks when Any and All find no paragraph (every word of the question
	// is common, or its selective words are in none), so that it still
	// finds the paragraphs that share them.
	Near []SearchTerm
	// NearHits: how many of the corpus's Paragraphs hold every Near term,
	// estimated from each term's count as if they were independent (0:
	// unknown); the store chooses by it how to find Near's paragraphs.
	NearHits   float64
	Paragraphs int64
	Vector     []float32 // query embedding; nil or zero skips the vector arm
	Filter     Filter
	K          int // passages returned
	Depth      int // candidates taken from each arm before fusion
	// Arms selects which arms run: "hybrid" (default), "vector" or "text".
	Arms string
}

// SentenceCheck is one sentence of an answer with its citation support.
type SentenceCheck struct {
	Text      string  `json:"text"`
	Markers   []int   `json:"markers"`
	Support   float64 `json:"support"`
	Supported bool    `json:"supported"`
}

// Council is an authority with the span of its documents.
type Council struct {
	ID        string   `json:"id"` // slug of the name: "nottingham-city"
	Name      string   `json:"name"`
	Documents int      `json:"documents"`
	From      string   `json:"from,omitempty"` // earliest letter date, YYYY-MM-DD
	To        string   `json:"to,omitempty"`   // latest letter date
	Kinds     []string `json:"kinds"`
}

// CouncilID is the URL id of a council name: lower case words joined by
// hyphens ("Nottingham City" → "nottingham-city").
func CouncilID(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		case r == '\'' || r == '’':
		default:
			dash = true
		}
	}
	return b.String()
}

// Turn is an earlier exchange of a conversation, as follow-ups need it.
type Turn struct {
	Question  string `json:"question"`
	Rewritten string `json:"rewritten,omitempty"`
	Answer    string `json:"answer"`
}
