package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/letters-app/letters/bench"
)

func runBench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	docs := fs.String("docs", "1000,20000", "corpus sizes (letters), comma-separated")
	out := fs.String("out", "BENCHMARKS.md", "report file (- for stdout)")
	quick := fs.Bool("quick", false, "smoke run: short durations and few queries")
	httpOnly := fs.Bool("http-only", false, "measure only /api/ask under load and the mixed soak")
	work := fs.String("workdir", os.TempDir(), "where synthetic corpora are written (reused between runs)")
	cfg, _, err := parse(fs, args, stderr)
	if err != nil {
		return err
	}
	if cfg.DatabaseURL == "" {
		return fmt.Errorf("set DATABASE_URL: benchmark databases are created on its server")
	}
	var sizes []int
	for _, s := range strings.Split(*docs, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			return fmt.Errorf("--docs: %q is not a positive number", s)
		}
		sizes = append(sizes, n)
	}
	bin, err := os.Executable()
	if err != nil {
		return err
	}
	log := newLogger(cfg, stderr)
	rep, err := bench.Run(ctx, bench.Config{Bin: bin, AdminURL: cfg.DatabaseURL, Docs: sizes, Samples: "letters",
		EvalSet: "evals/dev.jsonl", Quick: *quick, HTTPOnly: *httpOnly, WorkDir: *work, Log: log})
	if err != nil {
		return err
	}
	md := rep.Markdown("letters bench "+strings.Join(args, " "), time.Now())
	if *out == "-" {
		_, err = io.WriteString(stdout, md)
		return err
	}
	if err := os.MkdirAll(filepath.Dir(*out), 0o755); err != nil {
		return err
	}
	return os.WriteFile(*out, []byte(md), 0o644)
}
