package main

import (
	"context"
	"flag"
	"fmt"
	"io"
)

// runGC is `letters gc`, which deletes for good two kinds of things:
//   - conversations, turns, feedback and audit log entries older than the
//     retention period (--retention, LETTERS_RETENTION; 0: kept for ever),
//     and expired sessions: what serve does at start and daily;
//   - the documents pruned (soft-deleted) by `letters ingest --prune`, all
//     of them or those pruned at least --older-than ago: until then,
//     ingesting their files again brings them back unchanged, ids and
//     citation keys included.
func runGC(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("gc", flag.ContinueOnError)
	olderThan := fs.Duration("older-than", 0, "pruned documents: only those pruned at least this long ago (e.g. 720h); 0: all (conversations go by --retention)")
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
	if cfg.Retention <= 0 {
		fmt.Fprintln(stdout, "retention is off (LETTERS_RETENTION=0): no conversations, turns, feedback or audit entries deleted")
	} else {
		d, err := db.Expire(ctx, cfg.Retention)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "deleted, older than %s: %s\n", cfg.Retention, d)
	}
	n, err := db.CollectRemoved(ctx, *olderThan)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "gc: %d pruned documents deleted for good\n", n)
	return nil
}
