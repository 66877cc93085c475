package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/letters-app/letters"
	"github.com/letters-app/letters/evals"
	"github.com/letters-app/letters/internal/store"
	"github.com/letters-app/letters/internal/testdb"
)

// cliCase is one command line run through run(ctx, args, stdin, stdout,
// stderr), with the exit status main would give it and what its output
// must hold.
type cliCase struct {
	name      string
	args      []string
	stdin     string
	code      int      // exit status (exitCode of the error)
	stdout    []string // pieces stdout must hold
	stderr    []string // pieces stderr (with main's "letters: ERROR" line) must hold
	stdoutRe  string   // a pattern stdout must match ("" for none)
	check     func(t *testing.T, stdout string)
	notStdout []string // pieces stdout must not hold
}

// runCLI runs a command line as main does and returns its output and exit
// status: an error other than a usage error is printed as main prints it.
func runCLI(ctx context.Context, stdin string, args ...string) (stdout, stderr string, code int) {
	var out, errb strings.Builder
	err := run(ctx, args, strings.NewReader(stdin), &out, &errb)
	if err != nil && !errors.Is(err, errUsage) && !errors.Is(err, errHelp) {
		fmt.Fprintln(&errb, "letters:", err)
	}
	if err != nil {
		code = exitCode(err)
	}
	return out.String(), errb.String(), code
}

func runCases(t *testing.T, ctx context.Context, tests []cliCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, code := runCLI(ctx, tt.stdin, tt.args...)
			if code != tt.code {
				t.Errorf("letters %s: exit status %d, want %d\nstdout:\n%s\nstderr:\n%s", strings.Join(tt.args, " "), code, tt.code, stdout, clipLines(stderr, 12))
			}
			for _, w := range tt.stdout {
				if !strings.Contains(stdout, w) {
					t.Errorf("stdout lacks %q; got:\n%s", w, stdout)
				}
			}
			for _, w := range tt.notStdout {
				if strings.Contains(stdout, w) {
					t.Errorf("stdout has %q; got:\n%s", w, stdout)
				}
			}
			for _, w := range tt.stderr {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr lacks %q; got:\n%s", w, clipLines(stderr, 12))
				}
			}
			if tt.stdoutRe != "" && !regexp.MustCompile(tt.stdoutRe).MatchString(stdout) {
				t.Errorf("stdout does not match %s; got:\n%s", tt.stdoutRe, stdout)
			}
			if tt.check != nil {
				tt.check(t, stdout)
			}
		})
	}
}

func clipLines(s string, n int) string {
	lines := strings.SplitAfter(s, "\n")
	if len(lines) <= n {
		return s
	}
	return strings.Join(lines[:n], "") + "…\n"
}

// TestUsageAndBadFlags: usage errors exit 2 with the usage on stderr;
// other failures exit 1 with the error; help exits 0.
func TestUsageAndBadFlags(t *testing.T) {
	t.Setenv("DATABASE_URL", "")
	runCases(t, context.Background(), []cliCase{
		{name: "no command", code: 2, stderr: []string{"usage: letters <command> [flags]", "user erase NAME [--yes]"}},
		{name: "unknown command", args: []string{"frobnicate"}, code: 2, stderr: []string{`letters: unknown command "frobnicate"`, "usage: letters <command>"}},
		{name: "help", args: []string{"help"}, code: 0, stdout: []string{"usage: letters <command> [flags]", "config-doc"}},
		{name: "--help", args: []string{"--help"}, code: 0, stdout: []string{"usage: letters <command> [flags]"}},
		{name: "undefined flag", args: []string{"ask", "--nope", "x"}, code: 2, stderr: []string{"flag provided but not defined: -nope", "Usage of ask:"}},
		{name: "flag -h", args: []string{"ingest", "-h"}, code: 0, stderr: []string{"Usage of ingest:", "-prune"}},
		{name: "ask --help", args: []string{"ask", "--help"}, code: 0, stderr: []string{"Usage of ask:", "-conversation"}},
		{name: "health -h", args: []string{"health", "-h"}, code: 0, stderr: []string{"Usage of health:"}},
		{name: "bad flag value", args: []string{"ingest", "--workers", "many", "x"}, code: 2, stderr: []string{`invalid value "many" for flag -workers`}},
		{name: "ask without a question", args: []string{"ask"}, code: 2, stderr: []string{`usage: letters ask [flags] "QUESTION"`}},
		{name: "ingest without a path", args: []string{"ingest"}, code: 2, stderr: []string{"usage: letters ingest [flags] PATH..."}},
		{name: "feedback without export", args: []string{"feedback"}, code: 2, stderr: []string{"usage: letters feedback export"}},
		{name: "feedback import", args: []string{"feedback", "import"}, code: 2, stderr: []string{"usage: letters feedback export"}},
		{name: "token without a command", args: []string{"token"}, code: 2, stderr: []string{"usage: letters token create --user NAME | revoke ID | list"}},
		{name: "token burn", args: []string{"token", "burn"}, code: 2, stderr: []string{`letters token: unknown command "burn"`}},
		{name: "user without erase", args: []string{"user", "list"}, code: 2, stderr: []string{"usage: letters user erase NAME [--yes]"}},
		{name: "user erase without a name", args: []string{"user", "erase"}, code: 2, stderr: []string{"usage: letters user erase NAME [--yes]"}},
		{name: "health bad flag", args: []string{"health", "--nope"}, code: 2, stderr: []string{"flag provided but not defined: -nope"}},
		{name: "gc negative --older-than", args: []string{"gc", "--older-than", "-1h"}, code: 1, stderr: []string{"letters: --older-than -1h0m0s is negative"}},
		{name: "ask unknown kind", args: []string{"ask", "--kind", "inspection", "x"}, code: 1, stderr: []string{`letters: unknown document kind "inspection" (one of monitoring_visit, focused_visit, inspection_report`}},
		{name: "ask bad date", args: []string{"ask", "--from", "2026-13-01", "x"}, code: 1, stderr: []string{`letters: date "2026-13-01" is not YYYY-MM-DD: invalid request`}},
		{name: "no database", args: []string{"ask", "What does NFA mean?"}, code: 1, stderr: []string{"letters: no database: set DATABASE_URL or --database-url"}},
		{name: "eval without its set", args: []string{"eval", "--set", "no/such/set.jsonl"}, code: 1, stderr: []string{"letters: open no/such/set.jsonl: no such file or directory"}},
		{name: "config-doc", args: []string{"config-doc"}, code: 0, stdout: []string{ConfigDoc(), "`DATABASE_URL`"}},
	})
}

// TestHealthCommand: exit 0 and "ok" on a 200, exit 1 naming the status
// otherwise or the error when nothing answers.
func TestHealthCommand(t *testing.T) {
	ok := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/healthz" {
			http.NotFound(w, r)
		}
	}))
	defer ok.Close()
	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(503) }))
	defer down.Close()
	gone := httptest.NewServer(http.NotFoundHandler())
	gone.Close()
	runCases(t, context.Background(), []cliCase{
		{name: "200", args: []string{"health", "--url", ok.URL + "/healthz"}, code: 0, stdout: []string{"ok\n"}},
		{name: "404", args: []string{"health", "--url", ok.URL + "/nope"}, code: 1, stderr: []string{"letters: health: " + ok.URL + "/nope answered 404"}},
		{name: "503", args: []string{"health", "--url", down.URL}, code: 1, stderr: []string{"letters: health: " + down.URL + " answered 503"}},
		{name: "nothing listening", args: []string{"health", "--url", gone.URL, "--timeout", "2s"}, code: 1, stderr: []string{"letters: health: Get \"" + gone.URL + "\""}},
	})
}

// evalSet writes a two-question eval set: one answerable from the sample
// letters, one they do not answer.
func evalSet(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "set.jsonl")
	lines := `{"id": "nfa", "question": "What does NFA mean?", "answer": "No further action.", "evidence": [{"doc": "000_9ffa9ab164142b1c.txt", "quote": "premature 'no further action' (NFA) decisions and repeat contacts"}], "answerable": true, "kind": "definition"}
{"id": "pool", "question": "What did inspectors say about the swimming pool?", "answer": "", "evidence": [], "answerable": false, "kind": "unanswerable"}
`
	if err := os.WriteFile(p, []byte(lines), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestCommandsAgainstTheDatabase runs the commands on the sample letters in
// a real database and checks what they print.
func TestCommandsAgainstTheDatabase(t *testing.T) {
	ctx := context.Background()
	url := testdb.New(t)
	t.Setenv("DATABASE_URL", url)
	letterFiles, _ := filepath.Glob("../../letters/*.txt")
	n := len(letterFiles)
	if n == 0 {
		t.Fatal("no sample letters in ../../letters")
	}
	profile := filepath.Join(t.TempDir(), "cpu.pprof")

	// the corpus every subtest uses: the sample letters, ingested in process
	stdout, stderr, code := runCLI(ctx, "", "ingest", "--json", "--cpuprofile", profile, "../../letters")
	if code != 0 {
		t.Fatalf("ingest: exit status %d\n%s", code, stderr)
	}
	var sum struct{ Added, Updated, Skipped, Failed, Paragraphs int }
	if err := json.Unmarshal([]byte(stdout), &sum); err != nil {
		t.Fatalf("ingest --json: %v\n%s", err, stdout)
	}
	if sum.Added != n || sum.Updated+sum.Skipped+sum.Failed != 0 || sum.Paragraphs == 0 {
		t.Errorf("ingest summary %+v, want %d added and paragraphs written", sum, n)
	}
	if st, err := os.Stat(profile); err != nil || st.Size() == 0 {
		t.Errorf("ingest --cpuprofile wrote no profile: %v", err)
	}

	t.Run("ingest", func(t *testing.T) {
		extra := t.TempDir()
		b, err := os.ReadFile(letterFiles[0])
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(extra, "new.txt"), []byte(strings.Replace(string(b), "children", "young people", 1)), 0o644); err != nil {
			t.Fatal(err)
		}
		runCases(t, ctx, []cliCase{
			{name: "again", args: []string{"ingest", "../../letters"}, code: 0,
				stdout: []string{fmt.Sprintf("documents: 0 added, 0 updated, %d skipped, 0 failed, 0 pruned; paragraphs written: 0;", n)}},
			{name: "dry run", args: []string{"ingest", "--dry-run", extra}, code: 0,
				stdout: []string{"would add: " + filepath.Join(extra, "new.txt"), "dry run: 1 to add, 0 to replace, 0 unchanged, 0 failing, 0 to remove; nothing written"}},
			{name: "missing path", args: []string{"ingest", filepath.Join(extra, "nope")}, code: 1,
				stderr: []string{"failed: " + filepath.Join(extra, "nope")}, stdout: []string{"0 added, 0 updated, 0 skipped, 1 failed"}},
		})
		if got := countRows(t, url).docs; got != n {
			t.Errorf("%d documents after the dry run, want %d", got, n)
		}
	})

	t.Run("ask", func(t *testing.T) {
		runCases(t, ctx, []cliCase{
			{name: "text", args: []string{"ask", "What does NFA mean?"}, code: 0,
				stdout: []string{"premature 'no further action' (NFA) decisions and repeat contacts. [1]", "\nSources:\n",
					"[1] Monitoring visit to Nottingham City children's services, 2026-03-12 — ¶14 (Findings and evaluation of progress)\n    Many of the weaknesses"},
				notStdout: []string{"UNSUPPORTED", "Closest passages"}},
			{name: "json", args: []string{"ask", "--json", "What does NFA mean?"}, code: 0, check: checkAskJSON},
			{name: "refused", args: []string{"ask", "What did inspectors say about the swimming pool?"}, code: 0,
				stdout: []string{"The letters do not answer this question.", "\nClosest passages:\n1. "}, notStdout: []string{"Sources:"}},
			{name: "filtered", args: []string{"ask", "--json", "--authority", "Nottinghamshire", "--kind", "focused_visit", "Who were the inspectors?"}, code: 0,
				check: func(t *testing.T, stdout string) {
					var res letters.Result
					if err := json.Unmarshal([]byte(stdout), &res); err != nil {
						t.Fatal(err)
					}
					if len(res.Citations) == 0 {
						t.Fatalf("no citations: %s", res.Answer)
					}
					for _, c := range res.Citations {
						if c.Document.Authority != "Nottinghamshire" || c.Document.Kind != "focused_visit" {
							t.Errorf("citation [%d] from %s %s, want only Nottinghamshire focused visits", c.Marker, c.Document.Authority, c.Document.Kind)
						}
					}
				}},
			{name: "embedder mismatch", args: []string{"ask", "--embedder-dim", "128", "What does NFA mean?"}, code: 1,
				stderr: []string{`letters: corpus embedded with "hash-v1-1024" (1024 dimensions) but "hash-v1-128" (128) is configured: run ` + "`letters ingest --reembed PATH...`"}},
			{name: "embedder without a model", args: []string{"ask", "--embedder", "ollama", "What does NFA mean?"}, code: 1,
				stderr: []string{"letters: --embedder-model is required for the ollama embedder"}},
			{name: "unknown answerer", args: []string{"ask", "--answerer", "oracle", "What does NFA mean?"}, code: 1,
				stderr: []string{`letters: --answerer: "oracle" is not one of extractive, llm`}},
		})
	})

	// the follow-up hint `letters ask` prints works as printed, with no user
	// set (a conversation begun without one is continued without one)
	t.Run("follow-up as hinted", func(t *testing.T) {
		t.Setenv("LETTERS_USER", "")
		_, stderr, code := runCLI(ctx, "", "ask", "What did inspectors say about the MASH in Nottingham City?")
		m := regexp.MustCompile(`--conversation ([0-9a-f-]{36})`).FindStringSubmatch(stderr)
		if code != 0 || m == nil {
			t.Fatalf("exit %d, no follow-up hint in %q", code, stderr)
		}
		stdout, stderr, code := runCLI(ctx, "", "ask", "And in Nottinghamshire?", "--conversation", m[1])
		if code != 0 || !strings.Contains(stdout, "Nottinghamshire") {
			t.Errorf("follow-up: exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
		}
	})

	t.Run("eval", func(t *testing.T) {
		set := evalSet(t)
		report := filepath.Join(t.TempDir(), "report")
		runCases(t, ctx, []cliCase{
			{name: "json", args: []string{"eval", "--set", set, "--json", "--report", report}, code: 0, check: func(t *testing.T, stdout string) {
				var m evals.Metrics
				if err := json.Unmarshal([]byte(stdout), &m); err != nil {
					t.Fatalf("eval --json: %v\n%s", err, stdout)
				}
				if m.N != 2 || m.NAnswerable != 1 || m.NUnanswerable != 1 || m.Answerer != "extractive" || m.Embedder != "hash-v1-1024" || m.Errors != 0 {
					t.Errorf("metrics %+v: want 2 questions (1 answerable), extractive, hash-v1-1024, no errors", m)
				}
				if m.RetrievalRecallAtK != 1 || m.CitationRecall != 1 || m.RefusalRecall != 1 || m.FalseRefusals != 0 || m.MissedRefusals != 0 {
					t.Errorf("metrics %+v: want the NFA paragraph found and cited and the swimming pool refused", m)
				}
				if _, ok := m.ByKind["definition"]; !ok || len(m.ByKind) != 2 {
					t.Errorf("by kind %v, want definition and unanswerable", m.ByKind)
				}
				rep, err := evals.ReadReport(filepath.Join(report, "report.json"))
				if err != nil {
					t.Fatal(err)
				}
				if rep.Set != set || len(rep.Rows) != 2 || rep.Rows[0].Item.ID != "nfa" || !rep.Rows[1].Refused {
					t.Errorf("report.json: set %q, %d rows; want %q, nfa answered and pool refused", rep.Set, len(rep.Rows), set)
				}
				for _, f := range []string{"report.md", "report.html"} {
					if b, err := os.ReadFile(filepath.Join(report, f)); err != nil || !strings.Contains(string(b), "nfa") {
						t.Errorf("%s: %v, or it lacks the question nfa", f, err)
					}
				}
			}},
			{name: "table against a baseline", args: []string{"eval", "--set", set, "--baseline", filepath.Join(report, "report.json")}, code: 0,
				stdout: []string{"eval: 2 questions (1 answerable), answerer extractive, embedder hash-v1-1024, k=5", "retrieval_recall_at_k          1.000",
					"against " + filepath.Join(report, "report.json") + ": 0 better, 0 worse, 2 same, 0 new"}},
			{name: "below a floor", args: []string{"eval", "--set", set, "--json", "--min-answer-f1", "0.99", "--min-mrr", "0.5"}, code: 1,
				stderr: []string{"eval gate: answer-f1 = 0.1818 is below the floor 0.9900"}, check: func(t *testing.T, stdout string) {
					if !strings.HasPrefix(stdout, `{"retrieval_recall_at_k":1,`) {
						t.Errorf("the metrics are not printed before the gate fails: %s", stdout)
					}
				}},
			{name: "unknown judge", args: []string{"eval", "--set", set, "--judge", "oracle"}, code: 1, stderr: []string{`letters: --judge "oracle": the only judge is llm`}},
			{name: "judge without a model", args: []string{"eval", "--set", set, "--judge", "llm"}, code: 1, stderr: []string{"letters: --judge llm needs a model"}},
			{name: "missing baseline", args: []string{"eval", "--set", set, "--baseline", filepath.Join(report, "nope.json")}, code: 1, stderr: []string{"letters: --baseline: open " + filepath.Join(report, "nope.json")}},
			{name: "bad filter", args: []string{"eval", "--set", set, "--to", "yesterday"}, code: 1, stderr: []string{`letters: date "yesterday" is not YYYY-MM-DD`}},
		})
	})

	t.Run("token", func(t *testing.T) {
		var id string
		runCases(t, ctx, []cliCase{
			{name: "create", args: []string{"token", "create", "--user", "alice"}, code: 0, stdoutRe: `^lt_[A-Za-z0-9_-]{20,}\n$`, stderr: []string{"for alice (shown once; store it safely):"}},
			{name: "create without a user", args: []string{"token", "create"}, code: 1, stderr: []string{"letters: a token needs a user name"}},
			{name: "list", args: []string{"token", "list"}, code: 0, stdoutRe: `(?m)^id\s+user\s+created\s+last used\s+state\n(\d+)\s+alice\s+\d{4}-\d\d-\d\d \d\d:\d\d\s+never\s+active\n$`,
				check: func(t *testing.T, stdout string) {
					if m := regexp.MustCompile(`(?m)^(\d+)\s+alice`).FindStringSubmatch(stdout); m != nil {
						id = m[1]
					}
				}},
		})
		if id == "" {
			t.Fatal("no token id listed")
		}
		runCases(t, ctx, []cliCase{
			{name: "revoke", args: []string{"token", "revoke", id}, code: 0, stdout: []string{"revoked token " + id + "\n"}},
			{name: "listed revoked", args: []string{"token", "list"}, code: 0, stdoutRe: `(?m)^` + id + `\s+alice\s+.*\s+never\s+revoked \d{4}-\d\d-\d\d \d\d:\d\d$`},
			{name: "revoke a bad id", args: []string{"token", "revoke", "abc"}, code: 1, stderr: []string{`letters: token id "abc": invalid request`}},
			{name: "revoke without an id", args: []string{"token", "revoke"}, code: 2, stderr: []string{"usage: letters token revoke ID"}},
		})
	})

	t.Run("feedback, audit and user erase", func(t *testing.T) {
		db, err := store.Open(ctx, url, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		res := letters.Result{Question: "What does NFA mean?", Answer: "No further action [1].",
			Citations: []letters.Citation{{Marker: 1, Document: letters.DocRef{SourceName: "000_9ffa9ab164142b1c.txt"}, Quote: "premature 'no further action' (NFA) decisions", Supported: true}}}
		cid, tid, err := db.StartConversation(ctx, "carol", "NFA", "What does NFA mean?", letters.NewTurnRecord(res))
		if err != nil {
			t.Fatal(err)
		}
		fid, err := db.AddFeedback(ctx, letters.Feedback{TurnID: tid, Rating: 1, Comment: "spot on", User: "carol"})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range []letters.AuditEntry{
			{User: "carol", Route: "POST /api/ask", ConversationID: cid, TurnID: tid, Question: "What does NFA mean?"},
			{Route: "GET /metrics"},
		} {
			if err := db.AddAudit(ctx, e); err != nil {
				t.Fatal(err)
			}
		}
		runCases(t, ctx, []cliCase{
			{name: "feedback export", args: []string{"feedback", "export"}, code: 0, check: func(t *testing.T, stdout string) {
				var got evals.FeedbackItem
				if err := json.Unmarshal([]byte(stdout), &got); err != nil || strings.Count(stdout, "\n") != 1 {
					t.Fatalf("feedback export: %v\n%s\nwant one JSON line", err, stdout)
				}
				want := evals.FeedbackItem{Item: evals.Item{ID: fmt.Sprintf("feedback-%d", fid), Question: "What does NFA mean?", Answer: "No further action [1].",
					Evidence: []evals.Evidence{{Doc: "000_9ffa9ab164142b1c.txt", Quote: "premature 'no further action' (NFA) decisions"}}, Answerable: true, Kind: "feedback"},
					Feedback: "thumbs up: spot on (carol)"}
				if fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", want) {
					t.Errorf("exported %+v\nwant %+v", got, want)
				}
			}},
			{name: "audit", args: []string{"audit"}, code: 0,
				stdoutRe: `^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ  carol\s+POST /api/ask\s+` + cid + `  "What does NFA mean\?"\n\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ  -\s+GET /metrics\s+-\n$`},
			{name: "audit of one user", args: []string{"audit", "--user", "carol", "--json"}, code: 0,
				stdoutRe: `^\{"id":\d+,"at":"[^"]+","user":"carol","route":"POST /api/ask","conversation_id":"` + cid + `","turn_id":` + fmt.Sprint(tid) + `,"question":"What does NFA mean\?"\}\n$`},
			{name: "audit of nobody", args: []string{"audit", "--user", "nobody"}, code: 0, stdoutRe: `^$`},
			{name: "erase without --yes or a terminal", args: []string{"user", "erase", "carol"}, stdin: "y\n", code: 1,
				stdout: []string{"carol has 1 conversations, 1 turns, 1 feedback, 0 tokens, 0 sessions, 1 audit log entries"},
				stderr: []string{"letters: not erased: run with --yes to erase without a terminal to ask on"}},
			{name: "erase", args: []string{"user", "erase", "carol", "--yes"}, code: 0,
				stdout: []string{"erased carol: 1 conversations, 1 turns, 1 feedback, 0 tokens, 0 sessions, 1 audit log entries\n"}},
			{name: "nothing left to export", args: []string{"feedback", "export"}, code: 0, stdoutRe: `^$`},
			{name: "audit after the erase", args: []string{"audit", "--json"}, code: 0, stdoutRe: `^\{"id":\d+,"at":"[^"]+","user":"","route":"GET /metrics"\}\n$`},
		})
	})

	t.Run("gc", func(t *testing.T) {
		runCases(t, ctx, []cliCase{
			{name: "default retention", args: []string{"gc"}, code: 0, stdout: []string{
				"deleted, older than 8760h0m0s: 0 conversations, 0 turns, 0 feedback, 0 tokens, 0 sessions, 0 audit log entries\n",
				"gc: 0 pruned documents deleted for good\n"}},
			{name: "retention off", args: []string{"gc", "--retention", "0"}, code: 0, stdout: []string{"retention is off (LETTERS_RETENTION=0)"}},
		})
	})
}

// checkAskJSON: `ask --json` prints the result with its citations (the
// cited paragraph, its letter and its support) and its sentences, each
// naming citations that exist.
func checkAskJSON(t *testing.T, stdout string) {
	t.Helper()
	var res letters.Result
	if err := json.Unmarshal([]byte(stdout), &res); err != nil {
		t.Fatalf("ask --json: %v\n%s", err, stdout)
	}
	if res.Refused || !strings.Contains(res.Answer, "premature 'no further action' (NFA) decisions") {
		t.Errorf("answer %q (refused %v), want the NFA sentence", res.Answer, res.Refused)
	}
	if len(res.Citations) == 0 {
		t.Fatal("no citations")
	}
	c := res.Citations[0]
	if c.Marker != 1 || c.Document.SourceName != "000_9ffa9ab164142b1c.txt" || c.Label != "¶14" || c.Section != "Findings and evaluation of progress" ||
		!c.Supported || c.Support != 1 || c.ParagraphID == 0 || !strings.Contains(c.Quote, "premature 'no further action' (NFA) decisions") {
		t.Errorf("citation [1] = %+v, want ¶14 of 000_9ffa9ab164142b1c.txt, supported, quoting the NFA sentence", c)
	}
	if len(res.Sentences) == 0 {
		t.Fatal("no sentences")
	}
	supported := 0
	for _, s := range res.Sentences {
		for _, m := range s.Markers {
			if m < 1 || m > len(res.Citations) {
				t.Errorf("sentence %q cites [%d], with %d citations", s.Text, m, len(res.Citations))
			}
		}
		if s.Supported {
			supported++
			if s.Support < 0.6 || len(s.Markers) == 0 {
				t.Errorf("sentence %q supported with support %.2f and markers %v", s.Text, s.Support, s.Markers)
			}
		}
	}
	if supported == 0 {
		t.Errorf("no supported sentence in %+v", res.Sentences)
	}
	if res.Record.Answerer != "extractive" || res.Record.Embedder != "hash-v1-1024" || len(res.Record.Retrieved) == 0 {
		t.Errorf("record answerer %q embedder %q, %d retrieved", res.Record.Answerer, res.Record.Embedder, len(res.Record.Retrieved))
	}
}
