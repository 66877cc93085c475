package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/letters-app/letters/evals"
	"github.com/letters-app/letters/server"
)

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	drain := fs.Duration("shutdown-timeout", 15*time.Second, "time in-flight requests and streams get to finish on SIGTERM")
	cfg, _, err := parse(fs, args, stderr)
	if err != nil {
		return err
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
	srv := server.New(server.Config{RequestTimeout: cfg.RequestTimeout, RateLimit: cfg.RateLimit, Logger: log,
		LogQuestions: cfg.LogLevel == "debug"}, svc, db)
	return srv.Run(ctx, cfg.Addr, *drain, func(addr string) {
		log.Info("serving", "addr", addr, "answerer", svc.DefaultAnswerer())
		fmt.Fprintf(stdout, "letters: listening on http://%s\n", addr)
	})
}

func runFeedback(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "export" {
		fmt.Fprintln(stderr, "usage: letters feedback export > regressions.jsonl")
		return errUsage
	}
	fs := flag.NewFlagSet("feedback export", flag.ContinueOnError)
	cfg, _, err := parse(fs, args[1:], stderr)
	if err != nil {
		return err
	}
	db, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	fb, err := db.AllFeedback(ctx)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(stdout)
	for _, f := range fb {
		if err := enc.Encode(evals.FromFeedback(f.ID, f.Question, f.Rating, f.CitationMarker, f.Comment, f.User, f.Result)); err != nil {
			return err
		}
	}
	return nil
}
