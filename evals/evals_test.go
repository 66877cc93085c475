package evals

import (
	"math"
	"strings"
	"testing"

	"github.com/letters-app/letters/rag"
)

func TestMatches(t *testing.T) {
	para := "1.4 The Inspection is unannounced and takes place over three weeks.  The first week takes place off site. Weeks two and three involved 6 inspectors working on site, understanding in detail our work."
	tests := []struct {
		name, doc, quote string
		want             bool
	}{
		{"exact after whitespace folding", "003.txt", "takes place over three weeks. The first week", true},
		{"case and curly quotes", "003.txt", "THE INSPECTION IS UNANNOUNCED", true},
		{"other document", "004.txt", "The Inspection is unannounced", false},
		{"80% of tokens in order (straddles a boundary)", "003.txt", "involved 6 inspectors working on site, understanding in detail our work with children", true},
		{"too few tokens", "003.txt", "inspectors praised the new swimming pool and cafe on site", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Matches(para, "/x/003.txt", Evidence{Doc: tt.doc, Quote: tt.quote}); got != tt.want {
				t.Errorf("Matches = %v, want %v", got, tt.want)
			}
		})
	}
	if !Matches("Nottingham’s children’s services", "a.txt", Evidence{Doc: "a.txt", Quote: "Nottingham's children's services"}) {
		t.Error("quote characters should be normalised")
	}
}

func TestRead(t *testing.T) {
	good := `{"id":"a","question":"Q?","answer":"A","evidence":[{"doc":"x.txt","quote":"q"}],"answerable":true,"kind":"fact"}
{"id":"b","question":"Q2?","answer":"","evidence":[],"answerable":false,"kind":"unanswerable"}`
	items, err := Read(strings.NewReader(good))
	if err != nil || len(items) != 2 {
		t.Fatalf("Read = %d items, %v", len(items), err)
	}
	bad := []string{
		`{"id":"a","question":"Q?"`,
		`{"id":"","question":"Q?"}`,
		`{"id":"a","question":"  "}`,
		`{"id":"a","question":"Q","answerable":true,"evidence":[]}`,
		`{"id":"a","question":"Q","unknown":1}`,
		`{"id":"a","question":"Q"}` + "\n" + `{"id":"a","question":"Q"}`,
	}
	for _, b := range bad {
		if _, err := Read(strings.NewReader(b)); err == nil {
			t.Errorf("Read(%q) accepted a bad set", b)
		}
	}
}

func cit(doc, quote string) rag.Citation {
	return rag.Citation{Quote: quote, Document: rag.DocRef{SourceName: doc}}
}

func TestMetrics(t *testing.T) {
	ans := Item{ID: "1", Answerable: true, Answer: "the mash is strong",
		Evidence: []Evidence{{Doc: "a.txt", Quote: "MASH is strong"}, {Doc: "b.txt", Quote: "backlog in screening"}}}
	un := Item{ID: "2", Answerable: false}
	tests := []struct {
		name string
		rows []Row
		want Metrics
	}{
		{"empty set", nil, Metrics{CitationPrecision: 1, SupportedRate: 1}},
		{"one right citation, one wrong, one evidence uncovered", []Row{Score(ans, rag.Result{
			Answer:    "The MASH is strong [1]. Cake [2].",
			Citations: []rag.Citation{cit("a.txt", "The MASH is strong."), cit("c.txt", "Cake.")},
			Sentences: []rag.SentenceCheck{{Markers: []int{1}, Supported: true}, {Markers: []int{2}, Supported: false}},
			Passages:  []rag.Passage{{Paragraph: rag.Paragraph{Text: "x"}, Document: rag.DocRef{SourceName: "z.txt"}}, {Paragraph: rag.Paragraph{Text: "The MASH is strong."}, Document: rag.DocRef{SourceName: "a.txt"}}},
		}, 5)}, Metrics{N: 1, NAnswerable: 1, RetrievalRecallAtK: 0.5, MRR: 0.5, CitationPrecision: 0.5, CitationRecall: 0.5,
			SupportedRate: 0.5, RefusalAccuracy: 1, AnswerF1: 1}},
		{"zero-citation answer and a missed refusal", []Row{
			Score(ans, rag.Result{Answer: "I think so."}, 5),
			Score(un, rag.Result{Answer: "Something [1].", Citations: []rag.Citation{cit("a.txt", "x")}}, 5),
		}, Metrics{N: 2, NAnswerable: 1, CitationPrecision: 1, SupportedRate: 1, RefusalAccuracy: 1, MissedRefusals: 0}},
		{"false refusal", []Row{Score(ans, rag.Result{Refused: true, Answer: rag.RefusalText}, 5)},
			Metrics{N: 1, NAnswerable: 1, CitationPrecision: 1, SupportedRate: 1, RefusalAccuracy: 0, FalseRefusals: 1}},
	}
	// the unanswerable item answered is a missed refusal
	tests[2].want.RefusalAccuracy, tests[2].want.MissedRefusals = 0.5, 1
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Aggregate(tt.rows, 5)
			check := []struct {
				name      string
				got, want float64
			}{
				{"retrieval_recall_at_k", got.RetrievalRecallAtK, tt.want.RetrievalRecallAtK}, {"mrr", got.MRR, tt.want.MRR},
				{"citation_precision", got.CitationPrecision, tt.want.CitationPrecision}, {"citation_recall", got.CitationRecall, tt.want.CitationRecall},
				{"supported_rate", got.SupportedRate, tt.want.SupportedRate}, {"refusal_accuracy", got.RefusalAccuracy, tt.want.RefusalAccuracy},
				{"false_refusals", float64(got.FalseRefusals), float64(tt.want.FalseRefusals)}, {"missed_refusals", float64(got.MissedRefusals), float64(tt.want.MissedRefusals)},
				{"n", float64(got.N), float64(tt.want.N)}, {"n_answerable", float64(got.NAnswerable), float64(tt.want.NAnswerable)},
			}
			if tt.want.AnswerF1 > 0 {
				check = append(check, struct {
					name      string
					got, want float64
				}{"answer_f1 > 0.5", math.Min(got.AnswerF1, 0.6), 0.6})
			}
			for _, c := range check {
				if math.Abs(c.got-c.want) > 1e-9 {
					t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
				}
			}
		})
	}
}

func TestTokenF1(t *testing.T) {
	if f := TokenF1("the mash is strong", "the mash is strong"); f != 1 {
		t.Errorf("identical F1 = %v", f)
	}
	if f := TokenF1("", "x"); f != 0 {
		t.Errorf("empty prediction F1 = %v", f)
	}
	if f := TokenF1("a b", "b c"); math.Abs(f-0.5) > 1e-9 {
		t.Errorf("half overlap F1 = %v, want 0.5", f)
	}
}

func TestPercentile(t *testing.T) {
	xs := []float64{5, 1, 4, 2, 3}
	if p := percentile(xs, 50); p != 3 {
		t.Errorf("p50 = %v", p)
	}
	if p := percentile(xs, 95); p != 5 {
		t.Errorf("p95 = %v", p)
	}
	if p := percentile(nil, 50); p != 0 {
		t.Errorf("empty p50 = %v", p)
	}
}

func TestFromFeedback(t *testing.T) {
	res := &rag.Result{Answer: "The MASH is strong [1].", Citations: []rag.Citation{cit("/x/a.txt", "The MASH is strong.")}}
	up := FromFeedback(7, "How is the MASH?", 1, nil, "", "alice", res)
	if up.ID != "feedback-7" || !up.Answerable || len(up.Evidence) != 1 || up.Evidence[0].Doc != "a.txt" || up.NeedsReview {
		t.Errorf("thumbs up: %+v", up)
	}
	m := 1
	wrong := FromFeedback(8, "How is the MASH?", 0, &m, "wrong letter", "bob", res)
	if len(wrong.Evidence) != 0 || !wrong.NeedsReview || !strings.Contains(wrong.Feedback, "citation [1] reported wrong") {
		t.Errorf("wrong citation: %+v", wrong)
	}
}
