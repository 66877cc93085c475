package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/letters-app/letters/internal/store"
)

// expireDaily applies the retention period now and then once a day until
// ctx ends (serve); the returned channel closes when it has stopped.
func expireDaily(ctx context.Context, db *store.DB, retention time.Duration, log *slog.Logger) <-chan struct{} {
	done := make(chan struct{})
	expire := func() {
		d, err := db.Expire(ctx, retention)
		if err != nil {
			if ctx.Err() == nil {
				log.Error("retention: expiry failed", "err", err)
			}
			return
		}
		log.Info("retention: expired", "older_than", retention.String(), "conversations", d.Conversations, "turns", d.Turns,
			"feedback", d.Feedback, "audit", d.Audit, "sessions", d.Sessions)
	}
	expire()
	go func() {
		defer close(done)
		t := time.NewTicker(24 * time.Hour)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				expire()
			}
		}
	}()
	return done
}

// runUser: letters user erase NAME [--yes].
func runUser(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "erase" {
		fmt.Fprintln(stderr, "usage: letters user erase NAME [--yes]")
		return errUsage
	}
	fs := flag.NewFlagSet("user erase", flag.ContinueOnError)
	yes := fs.Bool("yes", false, "erase without asking")
	cfg, pos, err := parse(fs, args[1:], stderr)
	if err != nil {
		return err
	}
	if len(pos) != 1 || strings.TrimSpace(pos[0]) == "" {
		fmt.Fprintln(stderr, "usage: letters user erase NAME [--yes]")
		return errUsage
	}
	name := pos[0]
	db, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	held, err := db.UserData(ctx, name)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s has %s\n", name, held)
	if !*yes {
		f, ok := stdin.(*os.File)
		if !ok || !term.IsTerminal(int(f.Fd())) {
			return errors.New("not erased: run with --yes to erase without a terminal to ask on")
		}
		fmt.Fprintf(stderr, "Erase all of it for good? [y/N] ")
		line, _ := bufio.NewReader(stdin).ReadString('\n')
		if a := strings.ToLower(strings.TrimSpace(line)); a != "y" && a != "yes" {
			fmt.Fprintln(stdout, "not erased")
			return nil
		}
	}
	d, err := db.EraseUser(ctx, name)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "erased %s: %s\n", name, d)
	return nil
}

// runAudit prints the audit log.
func runAudit(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("audit", flag.ContinueOnError)
	userName := fs.String("user", "", "only this user's entries")
	since := fs.Duration("since", 7*24*time.Hour, "entries of this last period")
	asJSON := fs.Bool("json", false, "print JSON Lines")
	cfg, _, err := parse(fs, args, stderr)
	if err != nil {
		return err
	}
	db, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	es, err := db.Audit(ctx, *userName, time.Now().Add(-*since))
	if err != nil {
		return err
	}
	enc := json.NewEncoder(stdout)
	for _, e := range es {
		if *asJSON {
			if err := enc.Encode(e); err != nil {
				return err
			}
			continue
		}
		fmt.Fprintf(stdout, "%s  %-20s %-32s %s", e.At.UTC().Format(time.RFC3339), orDash(e.User), e.Route, orDash(e.ConversationID))
		if e.Question != "" {
			fmt.Fprintf(stdout, "  %q", e.Question)
		}
		fmt.Fprintln(stdout)
	}
	return nil
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
