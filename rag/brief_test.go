package rag_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/letters-app/letters"

	"github.com/letters-app/letters/internal/hashembed"
	"github.com/letters-app/letters/internal/store"
	"github.com/letters-app/letters/internal/testdb"
	"github.com/letters-app/letters/rag"
)

func briefCorpus(t *testing.T) *store.DB {
	t.Helper()
	db := testdb.Open(t)
	testdb.Ingest(t, db, "../letters", "../evals/corpus")
	return db
}

func day(s string) *time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return &t
}

// TestBrief checks briefings over the samples and evals/corpus/: sections
// in the letters' order, bullets verbatim in the paragraph they cite, from
// the council asked about, deduplicated, newest document first, and the
// statements a board member needs in the right sections.
func TestBrief(t *testing.T) {
	db := briefCorpus(t)
	ctx := context.Background()
	svc := service(db) // the service's Brief reads through the same store
	b := rag.NewBriefer(db)
	tests := []struct {
		name    string
		req     rag.BriefRequest
		docs    int
		section string
		want    string // a bullet of that section contains this
	}{
		{"latest judgement of a monitoring visit", rag.BriefRequest{Council: "Nottingham City"}, 4, rag.SectionJudgements, "seventh monitoring visit since the local authority was judged inadequate in July 2022"},
		{"judgement table of a board paper", rag.BriefRequest{Council: "nottingham-city"}, 4, rag.SectionJudgements, "Overall effectiveness Inadequate"},
		{"judgement table of an inspection report", rag.BriefRequest{Council: "Harwickshire County Council"}, 3, rag.SectionJudgements, "The experiences and progress of children in care | Good"},
		{"headline findings section", rag.BriefRequest{Council: "Nottingham City"}, 4, rag.SectionHeadline, "Until recently, progress in developing front door practice has been limited."},
		{"overall verdict", rag.BriefRequest{Council: "Nottingham City"}, 4, rag.SectionHeadline, "Overall, the effectiveness of the front door service is improving but remains inconsistent."},
		{"strength", rag.BriefRequest{Council: "Nottingham City"}, 4, rag.SectionStrengths, "Workforce stability has strengthened"},
		{"what needs to improve, as a list item", rag.BriefRequest{Council: "Nottinghamshire"}, 1, rag.SectionImprove, "Management oversight and timely progression of all contacts in the multi-agency safeguarding hub (MASH)"},
		{"areas for improvement listed in a board paper", rag.BriefRequest{Council: "Nottingham City"}, 4, rag.SectionImprove, "The quality and timeliness of return home interviews."},
		{"progress since the previous visit", rag.BriefRequest{Council: "Nottingham City"}, 4, rag.SectionProgress, "as identified at a previous monitoring visit"},
		{"what the council said it would do", rag.BriefRequest{Council: "Harwick City"}, 4, rag.SectionActions, "Progress against each action will be reported to the Board monthly"},
		{"one document", rag.BriefRequest{Council: "Nottingham City", Document: "2024-09-02-nottingham-city-monitoring-visit"}, 1, rag.SectionStrengths, "The MASH responds appropriately to most requests for support."},
		{"a date range", rag.BriefRequest{Council: "Harwick City", From: day("2025-06-01"), To: day("2026-12-31")}, 2, rag.SectionHeadline, "front door"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			br, err := svc.Brief(ctx, tt.req)
			if err != nil {
				t.Fatal(err)
			}
			if len(br.Documents) != tt.docs {
				t.Errorf("got %d documents, want %d", len(br.Documents), tt.docs)
			}
			found := false
			seen := map[string]bool{}
			for _, s := range br.Sections {
				prev := "9999-99-99"
				for _, bl := range s.Bullets {
					if s.ID == tt.section && strings.Contains(bl.Text, tt.want) {
						found = true
					}
					if bl.Document.Authority != br.Council.Name {
						t.Errorf("bullet from %s in %s's briefing: %q", bl.Document.Authority, br.Council.Name, bl.Text)
					}
					if bl.Document.Date > prev {
						t.Errorf("%s: %s after %s: not newest first", s.ID, bl.Document.Date, prev)
					}
					prev = bl.Document.Date
					n := strings.Join(strings.Fields(strings.ToLower(bl.Text)), " ")
					if seen[n] {
						t.Errorf("bullet twice: %q", bl.Text)
					}
					seen[n] = true
					if bl.Citation != bl.Cite() || !strings.HasSuffix(bl.Citation, "("+bl.Key+")") {
						t.Errorf("citation %q does not end with the key %q", bl.Citation, bl.Key)
					}
					if bl.ParagraphID > 0 {
						p, err := db.Paragraph(ctx, bl.ParagraphID)
						if err != nil {
							t.Fatal(err)
						}
						if !strings.Contains(fold(p.Section+"\n"+p.Text), fold(bl.Text)) || p.Key != bl.Key {
							t.Errorf("bullet %q is not in its cited paragraph %s", bl.Text, p.Key)
						}
					}
				}
			}
			if !found {
				t.Errorf("no %s bullet contains %q", tt.section, tt.want)
			}
			var ids []string
			for _, s := range br.Sections {
				ids = append(ids, s.ID)
			}
			if got := strings.Join(ids, ","); got != "judgements,headline,strengths,improve,progress,actions" {
				t.Errorf("sections = %s", got)
			}
		})
	}
	// same result without the service, and errors that say what was wrong
	if _, err := b.Brief(ctx, rag.BriefRequest{Council: "Nottingham City"}); err != nil {
		t.Fatal(err)
	}
	errs := []struct {
		name string
		req  rag.BriefRequest
		want error
	}{
		{"no council", rag.BriefRequest{}, letters.ErrInvalid},
		{"unknown council", rag.BriefRequest{Council: "Atlantis"}, letters.ErrNotFound},
		{"from after to", rag.BriefRequest{Council: "Nottingham City", From: day("2026-01-01"), To: day("2025-01-01")}, letters.ErrInvalid},
		{"another council's document", rag.BriefRequest{Council: "Nottingham City", Document: "2026-01-12-nottinghamshire-focused-visit"}, letters.ErrNotFound},
	}
	for _, tt := range errs {
		if _, err := b.Brief(ctx, tt.req); !errors.Is(err, tt.want) {
			t.Errorf("%s: err = %v, want %v", tt.name, err, tt.want)
		}
	}
}

func fold(s string) string {
	s = strings.NewReplacer("‘", "'", "’", "'", "“", "\"", "”", "\"").Replace(s)
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}

func TestBriefTimeline(t *testing.T) {
	db := briefCorpus(t)
	ctx := context.Background()
	tl, err := rag.NewBriefer(db).Timeline(ctx, "Harwick City")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		date, kind string
		gapDays    int
		judgement  string
	}{
		{"2025-02-24", letters.KindMonitoringVisit, 694, "Overall effectiveness (as this document reports it): inadequate"}, // after the March 2023 inspection a board paper dates
		{"2025-03-18", letters.KindBoardPaper, 0, "Overall effectiveness: Inadequate"},
		{"2025-10-08", letters.KindMonitoringVisit, 224, "reports it): inadequate"},
		{"2026-03-12", letters.KindMonitoringVisit, 154, "reports it): inadequate"},
	}
	if len(tl.Entries) != len(tests) {
		t.Fatalf("timeline has %d entries, want %d", len(tl.Entries), len(tests))
	}
	for i, tt := range tests {
		e := tl.Entries[i]
		var js []string
		for _, j := range e.Judgements {
			js = append(js, j.Area+": "+j.Grade)
		}
		if e.Date != tt.date || e.Document.Kind != tt.kind || e.GapDays != tt.gapDays || !strings.Contains(strings.Join(js, "; "), tt.judgement) {
			t.Errorf("entry %d = %s %s gap %d days %q, want %s %s gap %d %q", i, e.Date, e.Document.Kind, e.GapDays, js,
				tt.date, tt.kind, tt.gapDays, tt.judgement)
		}
		if e.Headline == nil || e.Headline.Citation == "" {
			t.Errorf("entry %d has no cited headline", i)
		}
	}
}

func TestBriefChanges(t *testing.T) {
	db := briefCorpus(t)
	ctx := context.Background()
	b := rag.NewBriefer(db)
	ch, err := b.Changes(ctx, rag.ChangesRequest{Council: "Lowdale City"})
	if err != nil {
		t.Fatal(err)
	}
	if ch.Earlier.Slug != "2024-10-14-lowdale-city-monitoring-visit" || ch.Later.Slug != "2026-02-09-lowdale-city-monitoring-visit" {
		t.Errorf("default pair %s → %s, want the two monitoring visits", ch.Earlier.Slug, ch.Later.Slug)
	}
	topics := map[string]rag.TopicChange{}
	for _, tc := range ch.Topics {
		topics[tc.Topic] = tc
		for _, bl := range []*rag.Bullet{tc.Earlier, tc.Later} {
			if bl == nil {
				continue
			}
			p, err := db.Paragraph(ctx, bl.ParagraphID)
			if err != nil || !strings.Contains(fold(p.Text), fold(bl.Text)) {
				t.Errorf("%s: %q not in its cited paragraph (%v)", tc.Topic, bl.Text, err)
			}
		}
		if (tc.Earlier == nil) != (tc.Note == "Only in the later document.") || (tc.Later == nil) != (tc.Note == "Only in the earlier document.") {
			t.Errorf("%s: earlier %v later %v note %q", tc.Topic, tc.Earlier != nil, tc.Later != nil, tc.Note)
		}
	}
	if w := topics["workforce"]; w.Earlier == nil || w.Later == nil {
		t.Errorf("workforce not compared side by side: %+v", w)
	}
	// chosen documents, in either order, and errors
	ch2, err := b.Changes(ctx, rag.ChangesRequest{Council: "lowdale-city", From: "2026-03-10-lowdale-city-committee-minutes", To: "2024-10-14-lowdale-city-monitoring-visit"})
	if err != nil || ch2.Earlier.Slug != "2024-10-14-lowdale-city-monitoring-visit" {
		t.Errorf("chosen pair: %v %s", err, ch2.Earlier.Slug)
	}
	errs := []struct {
		name string
		req  rag.ChangesRequest
		want error
	}{
		{"one document named", rag.ChangesRequest{Council: "Lowdale City", From: "2024-10-14-lowdale-city-monitoring-visit"}, letters.ErrInvalid},
		{"the same document twice", rag.ChangesRequest{Council: "Lowdale City", From: "2024-10-14-lowdale-city-monitoring-visit", To: "2024-10-14-lowdale-city-monitoring-visit"}, letters.ErrInvalid},
		{"another council's document", rag.ChangesRequest{Council: "Lowdale City", From: "2024-10-14-lowdale-city-monitoring-visit", To: "2025-06-24-lowdaleshire-focused-visit"}, letters.ErrNotFound},
		{"nothing of one kind twice", rag.ChangesRequest{Council: "Nottinghamshire"}, letters.ErrNotFound},
	}
	for _, tt := range errs {
		if _, err := b.Changes(ctx, tt.req); !errors.Is(err, tt.want) {
			t.Errorf("%s: err = %v, want %v", tt.name, err, tt.want)
		}
	}
}

// fakeModel stands in for the LLM answerer: it writes a summary from the
// passages it is given (or a claim they do not support, or fails).
type fakeModel struct {
	mode  string // "faithful", "unsupported" or "fail"
	calls int
}

func (f *fakeModel) Name() string { return "llm" }

func (f *fakeModel) Answer(ctx context.Context, in rag.AnswerInput) (rag.Draft, error) {
	f.calls++
	switch f.mode {
	case "fail":
		return rag.Draft{}, fmt.Errorf("%w: connection refused", letters.ErrProviderFailed)
	case "unsupported":
		return rag.Draft{Text: "Every child in the city is safe and thriving [1]."}, nil
	}
	text := in.Passages[0].Text + " [1]"
	if len(in.Passages) > 1 {
		text += " " + in.Passages[1].Text + " [2]"
	}
	return rag.Draft{Text: text, Model: "fake"}, nil
}

func TestBriefSummaries(t *testing.T) {
	db := briefCorpus(t)
	ctx := context.Background()
	emb, _ := hashembed.New(0)
	tests := []struct {
		mode      string
		summaries bool
		want      bool // sections carry summaries
	}{
		{"faithful", true, true},
		{"faithful", false, false},
		{"unsupported", true, false},
		{"fail", true, false},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%v", tt.mode, tt.summaries), func(t *testing.T) {
			m := &fakeModel{mode: tt.mode}
			svc := rag.NewService(db, emb, emb.Name(), rag.Config{}, quiet, &rag.Extractive{}, m)
			br, err := svc.Brief(ctx, rag.BriefRequest{Council: "Nottingham City", Summaries: tt.summaries})
			if err != nil {
				t.Fatalf("Brief: %v (a model is optional: its failure is no error)", err)
			}
			got := 0
			for _, s := range br.Sections {
				if s.Summary == nil {
					continue
				}
				got++
				if len(s.Summary.Citations) == 0 || s.Summary.Unsupported != 0 || !strings.Contains(s.Summary.Text, "[1]") {
					t.Errorf("%s: summary %+v is not cited and supported", s.ID, s.Summary)
				}
				for _, c := range s.Summary.Citations {
					if !c.Supported || c.Document.Authority != "Nottingham City" {
						t.Errorf("%s: citation %+v", s.ID, c)
					}
				}
			}
			if (got > 0) != tt.want {
				t.Errorf("%d sections with a summary, want summaries: %v (model called %d times)", got, tt.want, m.calls)
			}
			if !tt.summaries && m.calls != 0 {
				t.Errorf("the model was called %d times without summaries asked for", m.calls)
			}
		})
	}
}
