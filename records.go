package letters

import (
	"time"
)

// The records the store keeps beside documents and conversations, named by
// the interfaces of ingest and server (so that neither names the store's
// types).

// NewDocument is a document ready to be written: metadata, paragraphs with
// their embeddings (nil for a paragraph without one) and glossary entries.
// SourcePath, the file's absolute path, is the document's identity.
type NewDocument struct {
	Doc        Document
	SourcePath string
	// Replaces is the path of a document this one replaces besides the one
	// at SourcePath (its file moved there); "" for none.
	Replaces   string
	Paragraphs []Paragraph
	Vectors    [][]float32
	Glossary   []GlossaryEntry
}

// Source is where a stored document came from.
type Source struct {
	Name string // file name (for display and eval sets)
	Path string // the file's absolute path: the document's identity
}

// DocumentFields are the details of a document an editor may correct; nil
// leaves one as it is.
type DocumentFields struct {
	Title      *string
	Kind       *string
	Authority  *string
	LetterDate *time.Time
	VisitStart *time.Time
	VisitEnd   *time.Time
}

// Feedback is a rating of an answer or a report on one of its citations.
type Feedback struct {
	ID             int64     `json:"id"`
	TurnID         int64     `json:"turn_id"`
	Rating         int       `json:"rating"` // -1, 0 or 1
	CitationMarker *int      `json:"citation_marker,omitempty"`
	Reason         string    `json:"reason"` // "", wrong_citation, not_answered, misleading or other
	Comment        string    `json:"comment"`
	User           string    `json:"user"`
	CreatedAt      time.Time `json:"created_at"`
	Question       string    `json:"question,omitempty"`
	Result         *Result   `json:"result,omitempty"`
}

// FeedbackReasons are the reasons a user may give.
var FeedbackReasons = map[string]string{"wrong_citation": "wrong citation", "not_answered": "did not answer the question",
	"misleading": "misleading", "other": "other"}

// Remark is the feedback's reason and comment in words ("misleading: …").
func (f Feedback) Remark() string {
	r := FeedbackReasons[f.Reason]
	switch {
	case r == "":
		return f.Comment
	case f.Comment == "":
		return r
	}
	return r + ": " + f.Comment
}

// ConversationSummary is one line of a user's list of conversations.
type ConversationSummary struct {
	ID        string    `json:"id"`
	Title     string    `json:"title"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"` // the latest turn
	Turns     int       `json:"turns"`
}

// AuditEntry is one line of the audit log: who asked (or read) what, when,
// through which route. Question is empty unless the service is configured
// to keep question text in the audit log.
type AuditEntry struct {
	ID             int64     `json:"id"`
	At             time.Time `json:"at"`
	User           string    `json:"user"`
	Route          string    `json:"route"`
	ConversationID string    `json:"conversation_id,omitempty"`
	TurnID         int64     `json:"turn_id,omitempty"`
	Question       string    `json:"question,omitempty"`
}

// BulkResult says what BulkLoad did with the search indexes.
type BulkResult struct {
	Bulk       bool          // the indexes were dropped for the load and built after it
	IndexBuild time.Duration // time spent building (or repairing) the indexes after the load
}
