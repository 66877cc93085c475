package evals

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/letters-app/letters"

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

func cit(doc, quote string) letters.Citation {
	return letters.Citation{Quote: quote, Document: letters.DocRef{SourceName: doc}}
}

// answer builds an extractive-style result: each sentence cites one
// paragraph (doc, paragraph text).
func answer(sents ...[3]string) letters.Result {
	var res letters.Result
	var text []string
	for i, s := range sents {
		m := i + 1
		res.Citations = append(res.Citations, letters.Citation{Marker: m, Quote: s[2], Document: letters.DocRef{SourceName: s[1]}})
		res.Sentences = append(res.Sentences, letters.SentenceCheck{Text: s[0], Markers: []int{m}, Supported: true})
		text = append(text, fmt.Sprintf("%s [%d]", s[0], m))
	}
	res.Answer = strings.Join(text, " ")
	return res
}

func TestMetrics(t *testing.T) {
	const para = "The MASH is strong. Cake is served on Fridays."
	ans := Item{ID: "1", Kind: "fact", Answerable: true, Answer: "the mash is strong",
		Evidence: []Evidence{{Doc: "a.txt", Quote: "MASH is strong"}, {Doc: "b.txt", Quote: "backlog in screening"}}}
	one := Item{ID: "3", Kind: "fact", Answerable: true, Answer: "the mash is strong", Evidence: []Evidence{{Doc: "a.txt", Quote: "The MASH is strong."}}}
	un := Item{ID: "2", Kind: "unanswerable", Answerable: false}
	refused := letters.Result{Refused: true, Answer: rag.RefusalText}
	tests := []struct {
		name string
		rows []Row
		want Metrics
	}{
		{"empty set", nil, Metrics{CitationPrecision: 1, CitationPrecisionSentence: 1, SupportedRate: 1}},
		{"one right citation, one wrong, one evidence uncovered", []Row{Score(ans, func() letters.Result {
			r := answer([3]string{"The MASH is strong.", "a.txt", para}, [3]string{"Cake.", "c.txt", "Cake."})
			r.Passages = []letters.Passage{{Paragraph: letters.Paragraph{Text: "x"}, Document: letters.DocRef{SourceName: "z.txt"}}, {Paragraph: letters.Paragraph{Text: para}, Document: letters.DocRef{SourceName: "a.txt"}}}
			return r
		}(), 5)}, Metrics{N: 1, NAnswerable: 1, RetrievalRecallAtK: 0.5, MRR: 0.5, CitationPrecision: 0.5, CitationPrecisionSentence: 0.5,
			CitationRecall: 0.5, CitationRecallParagraph: 0.5, SupportedRate: 1, RefusalAccuracy: 1, AnswerRate: 1, RefusalBalancedAccuracy: 1, AnswerF1: 1}},
		{"right paragraph, wrong sentence", []Row{Score(one, answer([3]string{"Cake is served on Fridays.", "a.txt", para}), 5)},
			Metrics{N: 1, NAnswerable: 1, CitationPrecision: 1, CitationPrecisionSentence: 0, CitationRecall: 0, CitationRecallParagraph: 1,
				SupportedRate: 1, RefusalAccuracy: 1, AnswerRate: 1, RefusalBalancedAccuracy: 1}},
		{"identical paragraph in another letter (no corpus: wrong)", []Row{Score(one, answer([3]string{"The MASH is strong.", "copy.txt", para}), 5)},
			Metrics{N: 1, NAnswerable: 1, CitationPrecision: 0, CitationPrecisionSentence: 0, CitationRecall: 0, SupportedRate: 1, RefusalAccuracy: 1,
				AnswerRate: 1, RefusalBalancedAccuracy: 1, AnswerF1: 1}},
		{"identical paragraph in another letter (equivalent)", []Row{ScoreWith(one, answer([3]string{"The MASH is strong.", "copy.txt", para}), 5,
			Equivalents{{normalise(para)}})},
			Metrics{N: 1, NAnswerable: 1, CitationPrecision: 1, CitationPrecisionSentence: 1, CitationRecall: 1, CitationRecallParagraph: 1,
				SupportedRate: 1, RefusalAccuracy: 1, AnswerRate: 1, RefusalBalancedAccuracy: 1, AnswerF1: 1}},
		{"refuse everything", []Row{Score(ans, refused, 5), Score(one, refused, 5), Score(one, refused, 5), Score(un, refused, 5)},
			Metrics{N: 4, NAnswerable: 3, NUnanswerable: 1, CitationPrecision: 1, CitationPrecisionSentence: 1, SupportedRate: 1,
				RefusalAccuracy: 0.25, RefusalRecall: 1, AnswerRate: 0, RefusalBalancedAccuracy: 0.5, FalseRefusals: 3}},
		{"answer everything: citations on the unanswerable question are wrong", []Row{
			Score(one, answer([3]string{"The MASH is strong.", "a.txt", para}), 5),
			Score(one, answer([3]string{"The MASH is strong.", "a.txt", para}), 5),
			Score(one, answer([3]string{"The MASH is strong.", "a.txt", para}), 5),
			Score(un, answer([3]string{"The MASH is strong.", "a.txt", para}), 5)},
			Metrics{N: 4, NAnswerable: 3, NUnanswerable: 1, CitationPrecision: 0.75, CitationPrecisionSentence: 0.75, CitationPrecisionAnswerable: 1,
				CitationRecall: 1, CitationRecallParagraph: 1, SupportedRate: 1, RefusalAccuracy: 0.75, RefusalRecall: 0, AnswerRate: 1,
				RefusalBalancedAccuracy: 0.5, MissedRefusals: 1, AnswerF1: 1}},
		{"zero-citation answer", []Row{Score(ans, letters.Result{Answer: "I think so."}, 5)},
			Metrics{N: 1, NAnswerable: 1, CitationPrecision: 1, CitationPrecisionSentence: 1, SupportedRate: 1, RefusalAccuracy: 1, AnswerRate: 1, RefusalBalancedAccuracy: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Aggregate(tt.rows, 5)
			check := []struct {
				name      string
				got, want float64
			}{
				{"retrieval_recall_at_k", got.RetrievalRecallAtK, tt.want.RetrievalRecallAtK}, {"mrr", got.MRR, tt.want.MRR},
				{"citation_precision", got.CitationPrecision, tt.want.CitationPrecision},
				{"citation_precision_sentence", got.CitationPrecisionSentence, tt.want.CitationPrecisionSentence},
				{"citation_recall", got.CitationRecall, tt.want.CitationRecall},
				{"citation_recall_paragraph", got.CitationRecallParagraph, tt.want.CitationRecallParagraph},
				{"supported_rate", got.SupportedRate, tt.want.SupportedRate}, {"refusal_accuracy", got.RefusalAccuracy, tt.want.RefusalAccuracy},
				{"refusal_recall", got.RefusalRecall, tt.want.RefusalRecall}, {"answer_rate", got.AnswerRate, tt.want.AnswerRate},
				{"refusal_balanced_accuracy", got.RefusalBalancedAccuracy, tt.want.RefusalBalancedAccuracy},
				{"false_refusals", float64(got.FalseRefusals), float64(tt.want.FalseRefusals)}, {"missed_refusals", float64(got.MissedRefusals), float64(tt.want.MissedRefusals)},
				{"n", float64(got.N), float64(tt.want.N)}, {"n_answerable", float64(got.NAnswerable), float64(tt.want.NAnswerable)},
				{"n_unanswerable", float64(got.NUnanswerable), float64(tt.want.NUnanswerable)},
			}
			if tt.want.CitationPrecisionAnswerable > 0 {
				check = append(check, struct {
					name      string
					got, want float64
				}{"citation_precision_answerable", got.CitationPrecisionAnswerable, tt.want.CitationPrecisionAnswerable})
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

func TestByKind(t *testing.T) {
	one := Item{ID: "1", Kind: "fact", Answerable: true, Answer: "x", Evidence: []Evidence{{Doc: "a.txt", Quote: "The MASH is strong."}}}
	un := Item{ID: "2", Kind: "unanswerable"}
	m := Aggregate([]Row{Score(one, answer([3]string{"The MASH is strong.", "a.txt", "The MASH is strong."}), 5),
		Score(un, letters.Result{Refused: true}, 5)}, 5)
	if got := m.ByKind["fact"]; got.N != 1 || got.CitationRecall != 1 || got.RefusalBalancedAccuracy != 1 {
		t.Errorf("by_kind[fact] = %+v, want n 1, citation recall 1, balanced accuracy 1", got)
	}
	if got := m.ByKind["unanswerable"]; got.N != 1 || got.RefusalBalancedAccuracy != 1 {
		t.Errorf("by_kind[unanswerable] = %+v, want n 1, balanced accuracy 1", got)
	}
}

func TestStripMarkersAndF1(t *testing.T) {
	tests := []struct{ in, want string }{
		{"The MASH is strong [1].", "The MASH is strong ."},
		{"Two sources [2, 3] and [12]; also 【4】.", "Two sources and ; also ."},
		{"In 2024 the backlog fell", "In 2024 the backlog fell"},
	}
	for _, tt := range tests {
		if got := StripMarkers(tt.in); got != tt.want {
			t.Errorf("StripMarkers(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	// marker digits are not answer tokens: "12" in the reference must not be matched by "[12]"
	it := Item{ID: "1", Answerable: true, Answer: "12 children", Evidence: []Evidence{{Doc: "a.txt", Quote: "q"}}}
	if f := Score(it, letters.Result{Answer: "Children were seen [12]."}, 5).F1; f >= 0.5 {
		t.Errorf("F1 with a marker's digits = %v, want < 0.5 (only \"children\" matches)", f)
	}
}

func TestCompare(t *testing.T) {
	one := Item{ID: "q1", Kind: "fact", Answerable: true, Answer: "the mash is strong", Evidence: []Evidence{{Doc: "a.txt", Quote: "The MASH is strong."}}}
	two := Item{ID: "q2", Kind: "unanswerable"}
	good := answer([3]string{"The MASH is strong.", "a.txt", "The MASH is strong."})
	old := Report{Rows: []Row{Score(one, letters.Result{Refused: true}, 5), Score(two, letters.Result{Refused: true}, 5)}}
	now := Report{Rows: []Row{Score(one, good, 5), Score(two, good, 5), Score(Item{ID: "q3", Kind: "fact"}, letters.Result{Refused: true}, 5)}}
	d := Compare(old, now, "old/report.json")
	if d.Better != 1 || d.Worse != 1 || d.New != 1 || d.Same != 0 {
		t.Fatalf("diff = %+v, want 1 better, 1 worse, 1 new", d)
	}
	if d.Rows[0].ID != "q2" || d.Rows[0].Change != "worse" || !strings.Contains(d.Rows[0].Why, "refused true→false") {
		t.Errorf("first row = %+v, want q2 worse (refused true→false)", d.Rows[0])
	}
	now.Baseline = d
	for name, out := range map[string]string{"markdown": now.Markdown(), "table": now.Table()} {
		if !strings.Contains(out, "1 better, 1 worse") {
			t.Errorf("%s report lacks the baseline summary:\n%s", name, out)
		}
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
	res := &letters.Result{Answer: "The MASH is strong [1].", Citations: []letters.Citation{cit("/x/a.txt", "The MASH is strong.")}}
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
