package main

import (
	"context"
	"flag"
	"fmt"
	"io"
)

// runGC deletes for good the documents pruned (soft-deleted) by `letters
// ingest --prune`: until then, ingesting their files again brings them
// back unchanged, ids and citation keys included.
func runGC(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("gc", flag.ContinueOnError)
	olderThan := fs.Duration("older-than", 0, "only documents pruned at least this long ago (e.g. 720h); 0: all")
	cfg, _, err := parse(fs, args, stderr)
	if err != nil {
		return err
	}
	if *olderThan < 0 {
		return fmt.Errorf("--older-than %v is negative", *olderThan)
	}
	db, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	n, err := db.CollectRemoved(ctx, *olderThan)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "gc: %d pruned documents deleted for good\n", n)
	return nil
}
