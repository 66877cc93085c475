package evals

import (
	"fmt"
	"path/filepath"

	"github.com/letters-app/letters"
)

// FeedbackItem is an eval-set line made from user feedback: the question,
// the answer given, and evidence — the cited paragraphs the user did not
// mark wrong, on a thumbs-up; none on a thumbs-down, for a person to fill in
// before it joins a regression set ("needs_review").
type FeedbackItem struct {
	Item
	NeedsReview bool   `json:"needs_review"`
	Feedback    string `json:"feedback"`
}

// FromFeedback turns one feedback row into an eval-set line.
func FromFeedback(id int64, question string, rating int, marker *int, comment, user string, res *letters.Result) FeedbackItem {
	it := FeedbackItem{Item: Item{ID: fmt.Sprintf("feedback-%d", id), Question: question, Kind: "feedback", Evidence: []Evidence{}}}
	switch {
	case marker != nil:
		it.Feedback = fmt.Sprintf("citation [%d] reported wrong", *marker)
	case rating > 0:
		it.Feedback = "thumbs up"
	case rating < 0:
		it.Feedback = "thumbs down"
	}
	if comment != "" {
		it.Feedback += ": " + comment
	}
	if user != "" {
		it.Feedback += " (" + user + ")"
	}
	if res != nil {
		it.Answer = res.Answer
		it.Answerable = !res.Refused
		if rating > 0 && marker == nil {
			for _, c := range res.Citations {
				it.Evidence = append(it.Evidence, Evidence{Doc: filepath.Base(c.Document.SourceName), Quote: c.Quote})
			}
		}
	}
	it.NeedsReview = rating <= 0 || marker != nil || len(it.Evidence) == 0
	return it
}
