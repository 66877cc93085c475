package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/letters-app/letters"

	"github.com/letters-app/letters/evals"
	"github.com/letters-app/letters/ingest"
	"github.com/letters-app/letters/server"
)

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	drain := fs.Duration("shutdown-timeout", 15*time.Second, "time in-flight requests and streams get to finish on SIGTERM")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile (pprof) to this file until shutdown")
	cfg, _, err := parse(fs, args, stderr)
	if err != nil {
		return err
	}
	// configuration mistakes stop the start, before anything is opened
	switch cfg.Auth {
	case server.AuthNone, server.AuthToken, server.AuthProxy:
	default:
		return fmt.Errorf("unknown --auth %q (none, token or proxy)", cfg.Auth)
	}
	proxies, err := server.ParseTrustedProxies(cfg.TrustedProxies)
	if err != nil {
		return fmt.Errorf("LETTERS_TRUSTED_PROXIES (--trusted-proxies): %w", err)
	}
	if cfg.Auth == server.AuthProxy && len(proxies) == 0 {
		return errors.New("--auth proxy believes a user header only from the proxy: set LETTERS_TRUSTED_PROXIES (--trusted-proxies) to its address range")
	}
	stop, err := startProfile(*cpuProfile)
	if err != nil {
		return err
	}
	defer stop()
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
	if cfg.Retention > 0 {
		ectx, cancel := context.WithCancel(ctx)
		done := expireDaily(ectx, db, cfg.Retention, log)
		defer func() { cancel(); <-done }()
	}
	// letters added from the web go through the command line's pipeline
	emb, embName, dim, err := newEmbedder(ctx, cfg)
	if err != nil {
		return err
	}
	var ingester server.Ingester
	if cfg.UploadDir != "" {
		ingester = ingest.New(db, emb, embName, dim, log, io.Discard, false)
	}
	srv := server.New(server.Config{AuditQuestions: cfg.AuditQuestions, RequestTimeout: cfg.RequestTimeout, ReadTimeout: cfg.ReadTimeout, RateLimit: cfg.RateLimit, Logger: log,
		IPRateLimit: cfg.IPRateLimit, TrustedProxies: proxies, Admins: strings.Split(cfg.Admins, ","), Editors: strings.Split(cfg.Editors, ","),
		LogQuestions: cfg.LogLevel == "debug", Auth: cfg.Auth, ProxyUserHeader: cfg.ProxyUserHeader,
		CookieSecure: cfg.CookieSecure, SessionTTL: cfg.SessionTTL, Authenticator: db,
		Ingester: ingester, UploadDir: cfg.UploadDir, MaxUploadBytes: int64(cfg.MaxFileMB) << 20, ExtractTimeout: cfg.ExtractTimeout}, svc, db)
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
		if err := enc.Encode(evals.FromFeedback(f.ID, f.Question, f.Rating, f.CitationMarker, f.Remark(), f.User, f.Result)); err != nil {
			return err
		}
	}
	return nil
}

func runToken(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "usage: letters token create --user NAME | revoke ID | list")
		return errUsage
	}
	sub := args[0]
	if sub != "create" && sub != "revoke" && sub != "list" {
		fmt.Fprintf(stderr, "letters token: unknown command %q\nusage: letters token create --user NAME | revoke ID | list\n", sub)
		return errUsage
	}
	fs := flag.NewFlagSet("token "+sub, flag.ContinueOnError)
	userName := fs.String("user", "", "the user the token belongs to (create)")
	cfg, pos, err := parse(fs, args[1:], stderr)
	if err != nil {
		return err
	}
	db, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	switch sub {
	case "create":
		id, secret, err := db.CreateToken(ctx, *userName)
		if err != nil {
			return err
		}
		fmt.Fprintf(stderr, "token %d for %s (shown once; store it safely):\n", id, *userName)
		fmt.Fprintln(stdout, secret)
		return nil
	case "revoke":
		if len(pos) != 1 {
			fmt.Fprintln(stderr, "usage: letters token revoke ID")
			return errUsage
		}
		id, err := strconv.ParseInt(pos[0], 10, 64)
		if err != nil {
			return fmt.Errorf("token id %q: %w", pos[0], letters.ErrInvalid)
		}
		if err := db.RevokeToken(ctx, id); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "revoked token %d\n", id)
		return nil
	case "list":
		ts, err := db.Tokens(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%-6s %-24s %-20s %-20s %s\n", "id", "user", "created", "last used", "state")
		for _, t := range ts {
			state, last := "active", "never"
			if t.RevokedAt != nil {
				state = "revoked " + t.RevokedAt.Format("2006-01-02 15:04")
			}
			if t.LastUsed != nil {
				last = t.LastUsed.Format("2006-01-02 15:04")
			}
			fmt.Fprintf(stdout, "%-6d %-24s %-20s %-20s %s\n", t.ID, t.User, t.CreatedAt.Format("2006-01-02 15:04"), last, state)
		}
		return nil
	}
	fmt.Fprintln(stderr, "usage: letters token create --user NAME | revoke ID | list")
	return errUsage
}
