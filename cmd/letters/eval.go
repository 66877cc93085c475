package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/letters-app/letters/evals"
)

func runEval(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	set := fs.String("set", "evals/dev.jsonl", "eval set (JSON Lines)")
	asJSON := fs.Bool("json", false, "print the metrics as one JSON object")
	report := fs.String("report", "", "write report.json, report.md and report.html into this folder")
	k := fs.Int("retrieval-k", 5, "cut-off for retrieval_recall_at_k and mrr")
	conc := fs.Int("concurrency", 4, "questions asked at once")
	authority := fs.String("authority", "", "filter: local authority")
	kind := fs.String("kind", "", "filter: document kind")
	from := fs.String("from", "", "filter: letters dated on or after YYYY-MM-DD")
	to := fs.String("to", "", "filter: letters dated on or before YYYY-MM-DD")
	floors := map[string]*float64{}
	for _, name := range []string{"retrieval-recall-at-k", "mrr", "citation-precision", "citation-recall", "supported-rate", "refusal-accuracy", "answer-f1"} {
		floors[name] = fs.Float64("min-"+name, 0, "exit non-zero when "+name+" is below this")
	}
	cfg, _, err := parse(fs, args, stderr)
	if err != nil {
		return err
	}
	f, err := filterFromFlags(*authority, *kind, *from, *to)
	if err != nil {
		return err
	}
	fh, err := os.Open(*set)
	if err != nil {
		return err
	}
	items, err := evals.Read(fh)
	fh.Close()
	if err != nil {
		return fmt.Errorf("%s: %w", *set, err)
	}
	log := newLogger(cfg, stderr)
	db, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	svc, err := newService(ctx, cfg, db, log)
	if err != nil {
		return err
	}
	rep, err := evals.Run(ctx, svc, items, evals.Options{K: *k, Concurrency: *conc, Filter: f, Answerer: cfg.Answerer})
	if err != nil {
		return err
	}
	rep.Set = *set
	if *report != "" {
		if err := rep.Write(*report); err != nil {
			return err
		}
	}
	if *asJSON {
		if err := json.NewEncoder(stdout).Encode(rep.Metrics); err != nil {
			return err
		}
	} else {
		fmt.Fprint(stdout, rep.Table())
	}
	m := rep.Metrics
	values := map[string]float64{"retrieval-recall-at-k": m.RetrievalRecallAtK, "mrr": m.MRR, "citation-precision": m.CitationPrecision,
		"citation-recall": m.CitationRecall, "supported-rate": m.SupportedRate, "refusal-accuracy": m.RefusalAccuracy, "answer-f1": m.AnswerF1}
	failed := false
	for name, floor := range floors {
		if *floor > 0 && values[name] < *floor {
			fmt.Fprintf(stderr, "eval gate: %s = %.4f is below the floor %.4f\n", name, values[name], *floor)
			failed = true
		}
	}
	if m.Errors > 0 {
		fmt.Fprintf(stderr, "eval: %d questions failed with an error\n", m.Errors)
		failed = true
	}
	if failed {
		return exitFailure{code: 1}
	}
	return nil
}
