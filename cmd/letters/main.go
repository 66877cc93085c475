// Command letters ingests inspection letters into PostgreSQL + pgvector and
// answers questions about them with cited paragraphs: on the command line,
// over HTTP and in a web chat.
//
//	letters ingest PATH...          ingest files or folders
//	letters ask "question" [--json] answer one question
//	letters brief --council NAME    a council's cited briefing (md, html, docx, pdf)
//	letters serve [--addr :8080]    run the HTTP service and web chat
//	letters eval --set FILE         run an eval set
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
	"os/signal"
	"runtime/debug"
	"runtime/pprof"
	"strings"
	"syscall"

	"github.com/letters-app/letters"

	"golang.org/x/term"

	"github.com/letters-app/letters/ingest"
	"github.com/letters-app/letters/internal/chat"
	"github.com/letters-app/letters/internal/store"
	"github.com/letters-app/letters/rag"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		if !errors.Is(err, errUsage) && !errors.Is(err, errHelp) {
			fmt.Fprintln(os.Stderr, "letters:", err)
		}
		os.Exit(exitCode(err))
	}
}

var errUsage = errors.New("usage")

// errHelp: the user asked for a command's flags (-h, --help).
var errHelp = errors.New("help")

// exitFailure is an error that sets the exit status without more output.
type exitFailure struct{ code int }

func (e exitFailure) Error() string { return fmt.Sprintf("exit status %d", e.code) }

func exitCode(err error) int {
	var ef exitFailure
	if errors.As(err, &ef) {
		return ef.code
	}
	if errors.Is(err, errHelp) {
		return 0
	}
	if errors.Is(err, errUsage) {
		return 2
	}
	return 1
}

const usage = `usage: letters <command> [flags]

commands:
  ingest PATH...      ingest letters (txt, md, pdf, html files or folders)
  ask "QUESTION"      answer a question with cited paragraphs
  brief --council NAME --format md|html|docx|pdf --out FILE   a council's cited briefing
  serve               run the HTTP API and web chat
  eval --set FILE     run an eval set and report metrics
  feedback export     print feedback as eval-set lines
  token create|revoke|list   manage API tokens (for --auth token)
  user erase NAME [--yes]    delete everything held about a user (asks first on a terminal)
  gc [--retention D] [--older-than D]   delete conversations, turns, feedback and audit entries older
                      than --retention, and for good the documents --prune removed (all, or those
                      removed at least --older-than ago; until then re-ingesting restores them)
  audit [--user NAME] print the audit log (who asked what, when)
  health [--url URL]  exit 0 when the URL answers 200 (container healthcheck)
  config-doc          print the configuration reference (Markdown)

Run 'letters <command> -h' for the flags of a command.
`

// Run runs the command line args (standard input: none).
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return run(ctx, args, strings.NewReader(""), stdout, stderr)
}

// run runs the command line args, reading answers to questions from stdin.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errUsage
	}
	cmd, args := args[0], args[1:]
	switch cmd {
	case "ingest":
		return runIngest(ctx, args, stdout, stderr)
	case "ask":
		return runAsk(ctx, args, stdout, stderr)
	case "brief":
		return runBrief(ctx, args, stdout, stderr)
	case "serve":
		return runServe(ctx, args, stdout, stderr)
	case "eval":
		return runEval(ctx, args, stdout, stderr)
	case "feedback":
		return runFeedback(ctx, args, stdout, stderr)
	case "gc":
		return runGC(ctx, args, stdout, stderr)
	case "token":
		return runToken(ctx, args, stdout, stderr)
	case "user":
		return runUser(ctx, args, stdin, stdout, stderr)
	case "audit":
		return runAudit(ctx, args, stdout, stderr)
	case "health":
		return runHealth(ctx, args, stdout, stderr)
	case "config-doc":
		fmt.Fprint(stdout, ConfigDoc())
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprintf(stderr, "letters: unknown command %q\n\n%s", cmd, usage)
	return errUsage
}

// parse binds the config and the command's own flags, and parses args
// (flags may follow positional arguments).
func parse(fs *flag.FlagSet, args []string, stderr io.Writer) (*Config, []string, error) {
	cfg := &Config{}
	if err := bind(fs, cfg); err != nil {
		return nil, nil, err
	}
	fs.SetOutput(stderr)
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, nil, errHelp // asked for: the usage is printed, and that is success
			}
			return nil, nil, errUsage
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
	if err := validate(fs, cfg); err != nil {
		return nil, nil, err
	}
	return cfg, pos, nil
}

func newLogger(cfg *Config, w io.Writer) *slog.Logger {
	var lvl slog.Level
	_ = lvl.UnmarshalText([]byte(cfg.LogLevel))
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: lvl}))
}

func openStore(ctx context.Context, cfg *Config) (*store.DB, error) {
	if cfg.DatabaseURL == "" {
		return nil, errors.New("no database: set DATABASE_URL or --database-url (`make db` prints one)")
	}
	return store.Open(ctx, cfg.DatabaseURL, store.Options{EFSearch: cfg.EFSearch, ReadURL: cfg.ReadDatabaseURL,
		HNSWM: cfg.HNSWM, HNSWEFConstruction: cfg.HNSWEFConstruction, VectorIndex: vectorIndex(cfg)})
}

// vectorIndex is the store's vector index for the configuration: "auto"
// is none for the built-in embedder, whose hashed vectors carry the words
// the full-text index holds, and hnsw for a model's embeddings, which
// carry meaning beyond them (store.VectorIndexFor).
func vectorIndex(cfg *Config) string {
	return store.VectorIndexFor(cfg.VectorIndex, cfg.Embedder)
}

func runIngest(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("ingest", flag.ContinueOnError)
	prune := fs.Bool("prune", false, "remove documents whose files were under PATHs and are gone (more than 3 need --yes or a yes at the terminal)")
	dryRun := fs.Bool("dry-run", false, "print what would be added, replaced and removed; write nothing")
	yes := fs.Bool("yes", false, "with --prune: remove more than 3 documents without asking")
	reembed := fs.Bool("reembed", false, "re-embed every paragraph with the configured embedder (after changing it)")
	force := fs.Bool("force", false, "re-ingest files even when unchanged")
	asJSON := fs.Bool("json", false, "print the summary as JSON")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile (pprof) to this file")
	workers := fs.Int("workers", ingest.DefaultWorkers(), "files ingested in parallel (twice the cores by default)")
	bulk := fs.Int("bulk-threshold", 200, "loading at least this many files into an empty corpus builds the search indexes once at the end (-1: never)")
	cfg, paths, err := parse(fs, args, stderr)
	if err != nil {
		return err
	}
	stop, err := startProfile(*cpuProfile)
	if err != nil {
		return err
	}
	defer stop()
	if len(paths) == 0 {
		fmt.Fprintln(stderr, "usage: letters ingest [flags] PATH...")
		return errUsage
	}
	log := newLogger(cfg, stderr)
	db, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	emb, name, dim, err := newEmbedder(ctx, cfg)
	if err != nil {
		return err
	}
	tty := false
	if f, ok := stderr.(*os.File); ok {
		tty = term.IsTerminal(int(f.Fd()))
	}
	p := ingest.New(db, emb, name, dim, log, stderr, tty)
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400) // ingest allocates short-lived garbage; trade memory for CPU
	}
	confirm := func([]string) bool { return *yes }
	if !*yes && term.IsTerminal(int(os.Stdin.Fd())) {
		confirm = func(remove []string) bool { return askRemove(os.Stdin, stderr, remove) }
	}
	sum, runErr := p.Run(ctx, paths, ingest.Options{Prune: *prune, DryRun: *dryRun, Confirm: confirm, Reembed: *reembed, Force: *force,
		Workers: *workers, BulkThreshold: *bulk,
		Limits: ingest.Limits{MaxFileSize: int64(cfg.MaxFileMB) << 20, ExtractTimeout: cfg.ExtractTimeout}})
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	sum.PeakRSSKB = ru.Maxrss
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		_ = enc.Encode(sum)
	} else {
		for _, f := range sum.Ignored {
			fmt.Fprintf(stderr, "skipped: %s: %s\n", f.Path, f.Reason)
		}
		for _, f := range sum.Failures {
			fmt.Fprintf(stderr, "failed: %s: %s\n", f.Path, f.Reason)
		}
		printPlan(stdout, sum, errors.Is(runErr, ingest.ErrPruneRefused))
		if sum.Reembedded > 0 {
			fmt.Fprintf(stdout, "re-embedded %d paragraphs with %s\n", sum.Reembedded, name)
		}
		fmt.Fprintln(stdout, sum.String())
	}
	if runErr != nil && errors.Is(runErr, ingest.ErrSomeFailed) {
		return exitFailure{code: 1}
	}
	return runErr
}

// printPlan lists, for a dry run, what would be added, replaced and
// removed, and for a refused prune what it would have removed.
func printPlan(w io.Writer, sum ingest.Summary, refused bool) {
	if sum.DryRun {
		for _, f := range sum.PerFile {
			switch f.Status {
			case "added":
				fmt.Fprintf(w, "would add: %s\n", f.Path)
			case "updated":
				fmt.Fprintf(w, "would replace: %s\n", f.Path)
			}
		}
	}
	if sum.DryRun || refused {
		for _, n := range sum.Removed {
			fmt.Fprintf(w, "would remove: %s\n", n)
		}
		return
	}
	for _, n := range sum.Removed {
		fmt.Fprintf(w, "removed: %s\n", n)
	}
}

// askRemove asks on the terminal before a prune removes documents.
func askRemove(in io.Reader, out io.Writer, remove []string) bool {
	fmt.Fprintf(out, "prune would remove %d documents whose files are gone:\n", len(remove))
	for _, n := range remove {
		fmt.Fprintf(out, "  %s\n", n)
	}
	fmt.Fprint(out, "Remove them? [y/N] ")
	line, _ := bufio.NewReader(in).ReadString('\n')
	a := strings.ToLower(strings.TrimSpace(line))
	return a == "y" || a == "yes"
}

// newService wires the rag service from the config.
func newService(ctx context.Context, cfg *Config, db *store.DB, log *slog.Logger) (*rag.Service, error) {
	emb, name, dim, err := newEmbedder(ctx, cfg)
	if err != nil {
		return nil, err
	}
	cur, curDim, err := db.EmbedderInfo(ctx)
	if err != nil {
		return nil, err
	}
	if cur != "" && (cur != name || curDim != dim) {
		return nil, fmt.Errorf("corpus embedded with %q (%d dimensions) but %q (%d) is configured: run `letters ingest --reembed PATH...`: %w",
			cur, curDim, name, dim, letters.ErrEmbedderMismatch)
	}
	model, modelName, err := newModel(cfg)
	if err != nil {
		return nil, err
	}
	var answerers []rag.Answerer
	llm := rag.Answerer(nil)
	if model != nil {
		llm = rag.NewLLM(model, modelName)
	}
	switch cfg.Answerer {
	case "", "extractive":
		answerers = append(answerers, &rag.Extractive{})
		if llm != nil {
			answerers = append(answerers, llm)
		}
	case "llm":
		answerers = append(answerers, llm)
	default:
		return nil, fmt.Errorf("unknown answerer %q (extractive or llm)", cfg.Answerer)
	}
	return rag.NewService(db, emb, name, rag.Config{K: cfg.TopK, MinCoverage: cfg.MinCoverage}, log, answerers...), nil
}

func runAsk(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("ask", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "print the full result as JSON")
	authority := fs.String("authority", "", "only letters about this local authority (comma-separated)")
	kind := fs.String("kind", "", "only documents of these kinds, comma-separated ("+strings.Join(letters.Kinds, ", ")+")")
	from := fs.String("from", "", "only letters dated on or after YYYY-MM-DD")
	to := fs.String("to", "", "only letters dated on or before YYYY-MM-DD")
	conversation := fs.String("conversation", "", "continue this stored conversation (its earlier questions are the context)")
	asUser := fs.String("user", os.Getenv("LETTERS_USER"), "the user the conversation belongs to [$LETTERS_USER]")
	ephemeral := fs.Bool("ephemeral", false, "do not store the question and answer")
	cfg, pos, err := parse(fs, args, stderr)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		fmt.Fprintln(stderr, `usage: letters ask [flags] "QUESTION"`)
		return errUsage
	}
	f, err := filterFromFlags(*authority, *kind, *from, *to)
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
	conv := chat.New(svc, db, chat.Policy{})
	res, err := conv.Ask(ctx, chat.Request{User: *asUser, ConversationID: *conversation, Question: strings.Join(pos, " "),
		Filter: f, Ephemeral: *ephemeral})
	if err != nil {
		return err
	}
	if res.ConversationID != "" {
		fmt.Fprintf(stderr, "conversation %s (ask a follow-up with --conversation %s)\n", res.ConversationID, res.ConversationID)
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	printResult(stdout, res)
	return nil
}

func printResult(w io.Writer, res letters.Result) {
	fmt.Fprintln(w, res.Answer)
	if res.Notice != "" && !res.Refused {
		fmt.Fprintln(w, "\nNote:", res.Notice)
	}
	if len(res.Citations) > 0 {
		fmt.Fprintln(w, "\nSources:")
		for _, c := range res.Citations {
			warn := ""
			if !c.Supported {
				warn = "  (UNSUPPORTED: the paragraph does not say this)"
			}
			fmt.Fprintf(w, "[%d] %s, %s — ¶%s%s%s\n    %s\n", c.Marker, c.Document.Title, c.Document.Date,
				strings.TrimPrefix(c.Label, "¶"), sectionSuffix(c.Section), warn, indent(c.Quote))
		}
	}
	if res.Refused && len(res.Passages) > 0 {
		fmt.Fprintln(w, "\nClosest passages:")
		for i, p := range res.Passages {
			fmt.Fprintf(w, "%d. %s, %s — ¶%s%s\n    %s\n", i+1, p.Document.Title, p.Document.Date,
				strings.TrimPrefix(p.Label, "¶"), sectionSuffix(p.Section), indent(p.Text))
		}
	}
}

func sectionSuffix(s string) string {
	if s == "" {
		return ""
	}
	return " (" + s + ")"
}

func indent(s string) string { return strings.ReplaceAll(s, "\n", "\n    ") }

// startProfile starts CPU profiling into path ("" for none); the returned
// func stops it.
func startProfile(path string) (func(), error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}
