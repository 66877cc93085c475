package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/letters-app/letters/synth"
)

func runSynth(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("synth", flag.ContinueOnError)
	docs := fs.Int("docs", 1000, "number of letters")
	out := fs.String("out", "", "output folder")
	seed := fs.Int64("seed", 1, "random seed (same seed, same letters)")
	samples := fs.String("samples", "letters", "folder of sample letters to recombine")
	fs.SetOutput(stderr)
	if err := fs.Parse(args); err != nil || *out == "" || *docs < 1 {
		fmt.Fprintln(stderr, "usage: letters synth --docs N --out DIR [--seed S]")
		return errUsage
	}
	n, err := synth.Write(ctx, *samples, synth.Options{Docs: *docs, Seed: *seed, Out: *out})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %d letters (about %d paragraphs) to %s\n", *docs, n, *out)
	return nil
}
