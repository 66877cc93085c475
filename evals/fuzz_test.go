package evals

import (
	"strings"
	"testing"
)

// FuzzRead: any input either parses into valid items or is refused with an
// error; it never panics, and Matches never panics on what it reads.
func FuzzRead(f *testing.F) {
	f.Add(`{"id":"a","question":"Q?","answer":"A","evidence":[{"doc":"x.txt","quote":"q"}],"answerable":true,"kind":"fact"}`)
	f.Add(`{"id":"b","question":"Q","answerable":false}` + "\n\n" + `{"id":"c","question":"R","evidence":[]}`)
	f.Add(`{"id":`)
	f.Fuzz(func(t *testing.T, in string) {
		items, err := Read(strings.NewReader(in))
		if err != nil {
			return
		}
		for _, it := range items {
			if it.ID == "" || strings.TrimSpace(it.Question) == "" || (it.Answerable && len(it.Evidence) == 0) {
				t.Fatalf("invalid item accepted: %+v", it)
			}
			for _, e := range it.Evidence {
				_ = Matches(in, e.Doc, e)
			}
		}
	})
}
