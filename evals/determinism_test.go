package evals_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/letters-app/letters/evals"
	"github.com/letters-app/letters/ingest"
	"github.com/letters-app/letters/internal/hashembed"
	"github.com/letters-app/letters/internal/testdb"
	"github.com/letters-app/letters/rag"
)

// TestEvalIsDeterministicAcrossIngests ingests the samples five times with
// parallel workers into fresh databases, together with a near-copy of one
// letter (so that identical paragraphs in two letters tie in every arm), and
// checks that the eval report is byte-identical each time, latencies and
// database ids aside. Paragraph ids follow the order the workers happened to
// write the documents; ties broken by id made the dev metrics flip.
func TestEvalIsDeterministicAcrossIngests(t *testing.T) {
	dir := t.TempDir()
	samples, err := filepath.Glob("../letters/*.txt")
	if err != nil || len(samples) == 0 {
		t.Fatalf("samples: %v %v", samples, err)
	}
	for _, p := range samples {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(p)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// a near-copy: same paragraphs, one more at the end, another file name
	b, _ := os.ReadFile(samples[0])
	if err := os.WriteFile(filepath.Join(dir, "copy_"+filepath.Base(samples[0])), append(b, []byte("\n\nA closing note added to the copy.\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open("dev.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	items, err := evals.Read(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	var first []byte
	for run := 0; run < 5; run++ {
		db := testdb.Open(t)
		emb, _ := hashembed.New(0)
		if _, err := testdb.Pipeline(db).Run(context.Background(), []string{dir}, ingest.Options{Workers: 4}); err != nil {
			t.Fatal(err)
		}
		svc := rag.NewService(db, emb, emb.Name(), rag.Config{}, testdb.Quiet)
		rep, err := evals.Run(context.Background(), svc, items, evals.Options{Corpus: db, Concurrency: 4})
		if err != nil {
			t.Fatal(err)
		}
		got := canonical(t, rep)
		if run == 0 {
			first = got
			continue
		}
		if !bytes.Equal(got, first) {
			i := 0
			for i < len(got) && i < len(first) && got[i] == first[i] {
				i++
			}
			lo := max(0, i-300)
			t.Fatalf("ingest %d gave a different eval report from ingest 1; first difference at byte %d:\ngot  …%s\nwant …%s",
				run+1, i, got[lo:min(len(got), i+200)], first[lo:min(len(first), i+200)])
		}
	}
}

// canonical is the report's JSON without what legitimately differs between
// runs: latencies, timestamps and database ids (and slugs: which of the two
// files with the same metadata gets the plain slug depends on which was
// written first).
func canonical(t *testing.T, rep evals.Report) []byte {
	t.Helper()
	rep.When = time.Time{}
	rep.Metrics.LatencyP50, rep.Metrics.LatencyP95 = 0, 0
	for i := range rep.Rows {
		r := &rep.Rows[i]
		r.LatencyMS = 0
		for j := range r.Citations {
			c := &r.Citations[j]
			c.ParagraphID, c.Document.ID, c.Document.Slug, c.Key = 0, 0, "", c.Document.SourceName+"#"+c.Label
		}
	}
	b, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
