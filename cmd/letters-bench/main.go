// Command letters-bench measures the product binary and writes
// BENCHMARKS.md, and writes synthetic letters for benchmarks and the scale
// evals. It is its own command so that the product binary (cmd/letters)
// links neither the benchmark harness nor langchaingo's vector store that
// the side-by-side ingest comparison uses.
//
//	letters-bench [--docs 1000,20000] [--out BENCHMARKS.md] [--quick] [--letters bin/letters]
//	letters-bench synth --docs N --out DIR [--seed S] [--samples letters]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/letters-app/letters/internal/bench"
	"github.com/letters-app/letters/internal/synth"
)

var errUsage = errors.New("usage")

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := Run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	switch {
	case err == nil:
	case errors.Is(err, errUsage):
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "letters-bench:", err)
		os.Exit(1)
	}
}

// Run runs the command line args.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "synth" {
		return runSynth(ctx, args[1:], stdout, stderr)
	}
	return runBench(ctx, args, stdout, stderr)
}

func runBench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("letters-bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	docs := fs.String("docs", "1000,20000", "corpus sizes (letters), comma-separated")
	out := fs.String("out", "BENCHMARKS.md", "report file (- for stdout)")
	quick := fs.Bool("quick", false, "smoke run: short durations and few queries")
	httpOnly := fs.Bool("http-only", false, "measure only /api/ask under load and the mixed soak")
	work := fs.String("workdir", os.TempDir(), "where synthetic corpora are written (reused between runs)")
	bin := fs.String("letters", "bin/letters", "the product binary measured")
	dbURL := fs.String("database-url", os.Getenv("DATABASE_URL"), "PostgreSQL server on which the benchmark databases are created [$DATABASE_URL]")
	level := fs.String("log-level", "info", "debug, info, warn or error")
	vindex := fs.String("vector-index", "auto", "the product's --vector-index for every run: auto (its default), hnsw or none")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if *vindex != "auto" && *vindex != "none" && *vindex != "hnsw" {
		return fmt.Errorf("--vector-index: %q is not auto, none or hnsw", *vindex)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q: %w", fs.Arg(0), errUsage)
	}
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(*level)); err != nil {
		return fmt.Errorf("--log-level: %q is not debug, info, warn or error", *level)
	}
	if *dbURL == "" {
		return errors.New("set DATABASE_URL: benchmark databases are created on its server")
	}
	var sizes []int
	for _, s := range strings.Split(*docs, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			return fmt.Errorf("--docs: %q is not a positive number", s)
		}
		sizes = append(sizes, n)
	}
	exe, err := filepath.Abs(*bin)
	if err != nil {
		return err
	}
	if _, err := os.Stat(exe); err != nil {
		return fmt.Errorf("--letters: %w (run make build first)", err)
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: lvl}))
	rep, err := bench.Run(ctx, bench.Config{Bin: exe, AdminURL: *dbURL, Docs: sizes, Samples: "letters", VectorIndex: *vindex,
		EvalSet: "evals/dev.jsonl", Quick: *quick, HTTPOnly: *httpOnly, WorkDir: *work, Log: log})
	if err != nil {
		return err
	}
	md := rep.Markdown("letters-bench "+strings.Join(args, " "), time.Now())
	if *out == "-" {
		_, err = io.WriteString(stdout, md)
		return err
	}
	if err := os.MkdirAll(filepath.Dir(*out), 0o755); err != nil {
		return err
	}
	return os.WriteFile(*out, []byte(md), 0o644)
}

func runSynth(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("synth", flag.ContinueOnError)
	docs := fs.Int("docs", 1000, "number of letters")
	out := fs.String("out", "", "output folder")
	seed := fs.Int64("seed", 1, "random seed (same seed, same letters)")
	samples := fs.String("samples", "letters", "folder of sample letters to recombine")
	fs.SetOutput(stderr)
	if err := fs.Parse(args); err != nil || *out == "" || *docs < 1 {
		fmt.Fprintln(stderr, "usage: letters-bench synth --docs N --out DIR [--seed S]")
		return errUsage
	}
	n, err := synth.Write(ctx, *samples, synth.Options{Docs: *docs, Seed: *seed, Out: *out})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %d letters (about %d paragraphs) to %s\n", *docs, n, *out)
	return nil
}
