package main

import (
	"context"
	"encoding/json"
	"errors"
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
	baseline := fs.String("baseline", "", "compare question by question with an earlier run's report.json")
	judge := fs.String("judge", "", `"llm": the configured model judges each citation against its sentence (needs --llm-model)`)
	floors := map[string]*float64{}
	for _, name := range floorNames {
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
	opt := evals.Options{K: *k, Concurrency: *conc, Filter: f, Answerer: cfg.Answerer, Corpus: db}
	switch *judge {
	case "":
	case "llm":
		m, _, err := newModel(cfg)
		if err != nil {
			return err
		}
		if m == nil {
			return errors.New("--judge llm needs a model: set --llm-model (and --llm, --openai-url or --ollama-url)")
		}
		opt.Judge = evals.LLMJudge{Model: m}
	default:
		return fmt.Errorf("--judge %q: the only judge is llm", *judge)
	}
	var base evals.Report
	if *baseline != "" {
		if base, err = evals.ReadReport(*baseline); err != nil {
			return fmt.Errorf("--baseline: %w", err)
		}
	}
	rep, err := evals.Run(ctx, svc, items, opt)
	if err != nil {
		return err
	}
	rep.Set = *set
	if *baseline != "" {
		rep.Baseline = evals.Compare(base, rep, *baseline)
	}
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
	values := floorValues(m)
	failed := false
	for _, name := range floorNames {
		if floor := floors[name]; *floor > 0 && values[name] < *floor {
			fmt.Fprintf(stderr, "eval gate: %s = %.4f is below the floor %.4f\n", name, values[name], *floors[name])
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

// floorNames are the metrics `letters eval --min-NAME` can gate on.
var floorNames = []string{"retrieval-recall-at-k", "mrr", "citation-precision", "citation-precision-sentence", "citation-recall",
	"citation-recall-paragraph", "supported-rate", "refusal-accuracy", "refusal-recall", "answer-rate", "refusal-balanced-accuracy", "answer-f1"}

func floorValues(m evals.Metrics) map[string]float64 {
	return map[string]float64{"retrieval-recall-at-k": m.RetrievalRecallAtK, "mrr": m.MRR, "citation-precision": m.CitationPrecision,
		"citation-precision-sentence": m.CitationPrecisionSentence, "citation-recall": m.CitationRecall,
		"citation-recall-paragraph": m.CitationRecallParagraph, "supported-rate": m.SupportedRate, "refusal-accuracy": m.RefusalAccuracy,
		"refusal-recall": m.RefusalRecall, "answer-rate": m.AnswerRate, "refusal-balanced-accuracy": m.RefusalBalancedAccuracy, "answer-f1": m.AnswerF1}
}
