package letters

import (
	"encoding/json"
	"fmt"
	"time"
)

// TurnVersion is the version of TurnRecord written today. Version 0 is a
// turn stored before records were versioned: the JSON of the answer as the
// API returned it, whose fields TurnRecord reads under the same names.
const TurnVersion = 1

// TurnRecord is a conversation turn as it is stored: what was asked, the
// answer, its citations (with their quotes) and the reproducibility record.
// It is its own versioned shape, not the API's Result, so that the API can
// change without rewriting stored turns and stored turns can change
// without changing the API; NewTurnRecord and Result convert.
type TurnRecord struct {
	Version        int             `json:"v"`
	Question       string          `json:"question"`
	Analysis       *Analysis       `json:"analysis,omitempty"`
	Answer         string          `json:"answer"`
	Refused        bool            `json:"refused"`
	Notice         string          `json:"notice,omitempty"`
	Citations      []Citation      `json:"citations"`
	Sentences      []SentenceCheck `json:"sentences,omitempty"`
	Passages       []Passage       `json:"passages,omitempty"` // kept only for a refusal: the closest passages are its answer
	DroppedMarkers int             `json:"dropped_markers"`
	Unsupported    int             `json:"unsupported_citations"`
	Timings        Timings         `json:"timings"`
	Record         Record          `json:"record"`
}

// NewTurnRecord is the stored form of an answer.
func NewTurnRecord(res Result) TurnRecord {
	t := TurnRecord{Version: TurnVersion, Question: res.Question, Analysis: res.Analysis, Answer: res.Answer,
		Refused: res.Refused, Notice: res.Notice, Citations: res.Citations, Sentences: res.Sentences,
		DroppedMarkers: res.DroppedMarkers, Unsupported: res.Unsupported, Timings: res.Timings, Record: res.Record}
	if res.Refused {
		t.Passages = res.Passages
	}
	return t
}

// Result is the answer a stored turn records, as the API shows it.
func (t TurnRecord) Result() Result {
	return Result{Question: t.Question, Analysis: t.Analysis, Answer: t.Answer, Refused: t.Refused, Notice: t.Notice,
		Citations: t.Citations, Sentences: t.Sentences, Passages: t.Passages, DroppedMarkers: t.DroppedMarkers,
		Unsupported: t.Unsupported, Timings: t.Timings, Record: t.Record}
}

// DecodeTurnRecord reads a stored turn of any version this code knows.
func DecodeTurnRecord(raw []byte) (TurnRecord, error) {
	var t TurnRecord
	if err := json.Unmarshal(raw, &t); err != nil {
		return t, fmt.Errorf("stored turn: %w", err)
	}
	if t.Version > TurnVersion {
		return t, fmt.Errorf("stored turn has version %d; this program reads up to %d", t.Version, TurnVersion)
	}
	return t, nil
}

// StoredTurn is one stored question and its answer.
type StoredTurn struct {
	ID        int64      `json:"id"`
	User      string     `json:"user"` // owner: the conversation's user
	Question  string     `json:"question"`
	Record    TurnRecord `json:"-"`
	CreatedAt time.Time  `json:"created_at"`
}

// Conversation is a stored conversation with its turns, oldest first.
type Conversation struct {
	ID        string       `json:"id"`
	User      string       `json:"user"`
	Title     string       `json:"title"`
	CreatedAt time.Time    `json:"created_at"`
	Turns     []StoredTurn `json:"turns"`
}

// History is the conversation as follow-up questions need it.
func (c Conversation) History() []Turn {
	out := make([]Turn, 0, len(c.Turns))
	for _, t := range c.Turns {
		out = append(out, Turn{Question: t.Question, Rewritten: t.Record.Record.RewrittenQuery, Answer: t.Record.Answer})
	}
	return out
}
