package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/letters-app/letters/internal/store"
	"github.com/letters-app/letters/internal/testdb"
)

// TestMain lets a test run the real binary: with LETTERS_MAIN=1 the test
// binary is the letters command.
func TestMain(m *testing.M) {
	if os.Getenv("LETTERS_MAIN") == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func command(ctx context.Context, dbURL string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, os.Args[0], args...)
	cmd.Env = append(os.Environ(), "LETTERS_MAIN=1", "DATABASE_URL="+dbURL)
	return cmd
}

// corpusDir writes n letters (the samples, renamed and varied) into a folder.
func corpusDir(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	files, _ := filepath.Glob("../../letters/*.txt")
	for i := 0; i < n; i++ {
		b, err := os.ReadFile(files[i%len(files)])
		if err != nil {
			t.Fatal(err)
		}
		text := strings.Replace(string(b), "children", fmt.Sprintf("children (copy %d)", i), 1)
		os.WriteFile(filepath.Join(dir, fmt.Sprintf("letter_%04d.txt", i)), []byte(text), 0o644)
	}
	return dir
}

type rowCounts struct{ docs, paras int }

func countRows(t *testing.T, url string) rowCounts {
	t.Helper()
	db, err := store.Open(context.Background(), url, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	d, p, err := db.Counts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return rowCounts{d, p}
}

// corpusState is what a database holds of a corpus: each document's
// content hash and paragraph count by file path, and the totals.
type corpusState struct {
	docs, paras int
	byPath      map[string]string // source path → "sha256 paragraph_count"
}

// corpusIntegrity reads the corpus and fails the test when it holds a
// half-written document: a document whose paragraph_count is not the
// number of its paragraph rows (or is 0), or term statistics that are not
// the counts of the paragraphs stored (each document write keeps them in
// step in its own transaction).
func corpusIntegrity(t *testing.T, url string) corpusState {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	st := corpusState{byPath: map[string]string{}}
	rows, err := conn.Query(ctx, `SELECT d.source_path, d.sha256, d.paragraph_count, (SELECT count(*) FROM paragraphs p WHERE p.document_id = d.id)
		FROM documents d ORDER BY d.source_path`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var path, sha string
		var declared, stored int
		if err := rows.Scan(&path, &sha, &declared, &stored); err != nil {
			t.Fatal(err)
		}
		if declared != stored || stored == 0 {
			t.Errorf("half-written document %s: paragraph_count %d, %d paragraph rows", filepath.Base(path), declared, stored)
		}
		st.docs++
		st.paras += stored
		st.byPath[path] = fmt.Sprintf("%s %d", sha, stored)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	var orphans, wrongStats int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM paragraphs p WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = p.document_id)`).Scan(&orphans); err != nil {
		t.Fatal(err)
	}
	if err := conn.QueryRow(ctx, `
		WITH actual AS (
			SELECT l AS lexeme, count(*) AS df FROM paragraphs p, unnest(tsvector_to_array(p.tsv)) l GROUP BY l
			UNION ALL SELECT '', count(*) FROM paragraphs
		), a AS (SELECT lexeme, df FROM actual WHERE df <> 0), k AS (SELECT lexeme, df FROM term_stats WHERE df <> 0)
		SELECT count(*) FROM ((SELECT * FROM a EXCEPT SELECT * FROM k) UNION ALL (SELECT * FROM k EXCEPT SELECT * FROM a)) x`).Scan(&wrongStats); err != nil {
		t.Fatal(err)
	}
	if orphans != 0 || wrongStats != 0 {
		t.Errorf("%d paragraphs without a document; %d term statistics differ from the stored paragraphs", orphans, wrongStats)
	}
	return st
}

// sameCorpus fails the test when got does not hold exactly want's documents.
func sameCorpus(t *testing.T, what string, got, want corpusState) {
	t.Helper()
	if got.docs != want.docs || got.paras != want.paras {
		t.Errorf("%s: %d documents, %d paragraphs; a clean ingest has %d, %d", what, got.docs, got.paras, want.docs, want.paras)
	}
	for p, w := range want.byPath {
		if g := got.byPath[p]; g != w {
			t.Errorf("%s: %s is %q, clean ingest %q", what, filepath.Base(p), g, w)
		}
	}
}

// reProgress is a progress line of `letters ingest` (stderr, not a
// terminal), printed once the file's document is committed.
var reProgress = regexp.MustCompile(`^ingest: \[(\d+)/(\d+)\] .*: (added|updated|skipped)\b`)

// ingestUntil starts `letters ingest dir`, waits until it has reported at
// least n files done (or fails the test after the deadline), and returns
// the process, the files it reported and a channel closed when its stderr
// ends.
func ingestUntil(t *testing.T, ctx context.Context, url, dir string, n int, deadline time.Duration) (*exec.Cmd, int, <-chan struct{}) {
	t.Helper()
	cmd := command(ctx, url, "ingest", dir)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	progress := make(chan int, 1024)
	eof := make(chan struct{})
	go func() {
		defer close(eof)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if m := reProgress.FindStringSubmatch(sc.Text()); m != nil {
				k, _ := strconv.Atoi(m[1])
				select {
				case progress <- k:
				default:
				}
			}
		}
	}()
	timeout := time.After(deadline)
	done := 0
	for done < n {
		select {
		case k := <-progress:
			done = max(done, k)
		case <-eof:
			_ = cmd.Wait()
			t.Fatalf("ingest ended after reporting %d files, before %d", done, n)
		case <-timeout:
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
			t.Fatalf("ingest reported %d files in %v, want %d", done, deadline, n)
		}
	}
	return cmd, done, eof
}

// TestKilledIngestRerun kills `letters ingest` with SIGKILL part-way
// through, three times, each once its progress output shows it has
// committed some files and while files remain; after each kill the
// database holds every file reported and no half-written document, and a
// rerun completes with exactly the documents of a clean ingest.
func TestKilledIngestRerun(t *testing.T) {
	ctx := context.Background()
	const n = 150
	dir := corpusDir(t, n)

	clean := testdb.New(t)
	if out, err := command(ctx, clean, "ingest", dir).CombinedOutput(); err != nil {
		t.Fatalf("clean ingest: %v\n%s", err, out)
	}
	want := corpusIntegrity(t, clean)
	if want.docs != n {
		t.Fatalf("clean ingest: %d documents, want %d", want.docs, n)
	}

	killed := testdb.New(t)
	for i, after := range []int{3, 40, 90} { // files reported done before the kill
		cmd, reported, eof := ingestUntil(t, ctx, killed, dir, after, 2*time.Minute)
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatalf("kill %d: %v", i, err)
		}
		<-eof
		err := cmd.Wait()
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
			t.Fatalf("kill %d: ingest ended with %v before the kill landed", i, err)
		}
		got := corpusIntegrity(t, killed)
		if got.docs < reported || got.docs >= n {
			t.Fatalf("kill %d after %d files reported: %d documents, want at least %d and fewer than %d (killed mid-ingest)", i, reported, got.docs, reported, n)
		}
		t.Logf("kill %d: %d files reported, %d documents committed", i, reported, got.docs)
	}
	var out bytes.Buffer
	cmd := command(ctx, killed, "ingest", "--json", dir)
	cmd.Stdout = &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("rerun: %v", err)
	}
	var sum struct{ Added, Skipped, Updated, Failed int }
	if err := json.Unmarshal(out.Bytes(), &sum); err != nil {
		t.Fatalf("rerun --json: %v\n%s", err, out.String())
	}
	sameCorpus(t, "after kills and a rerun", corpusIntegrity(t, killed), want)
	if sum.Added+sum.Skipped != n || sum.Updated != 0 || sum.Failed != 0 || sum.Skipped < 90 {
		t.Errorf("rerun summary %+v, want added+skipped = %d (skipped ≥ 90, committed before the kills), none updated or failed", sum, n)
	}
}

// TestConcurrentAndRepeatedIngest: three `letters ingest` of one folder at
// once, then a forced re-ingest, then a plain one, leave exactly the
// documents, paragraphs and term statistics of one clean ingest.
func TestConcurrentAndRepeatedIngest(t *testing.T) {
	ctx := context.Background()
	const n = 20
	dir := corpusDir(t, n)
	clean := testdb.New(t)
	if out, err := command(ctx, clean, "ingest", dir).CombinedOutput(); err != nil {
		t.Fatalf("clean ingest: %v\n%s", err, out)
	}
	want := corpusIntegrity(t, clean)

	url := testdb.New(t)
	var wg sync.WaitGroup
	outs := make([][]byte, 3)
	errs := make([]error, 3)
	for i := range outs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			outs[i], errs[i] = command(ctx, url, "ingest", dir).CombinedOutput()
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("concurrent ingest %d: %v\n%s", i, err, outs[i])
		}
	}
	sameCorpus(t, "after three concurrent ingests", corpusIntegrity(t, url), want)

	tests := []struct {
		name string
		args []string
		want string // the summary line
	}{
		{"forced", []string{"ingest", "--force", dir}, fmt.Sprintf("0 added, %d updated", n)},
		{"repeated", []string{"ingest", dir}, fmt.Sprintf("0 added, 0 updated, %d skipped", n)},
	}
	for _, tt := range tests {
		out, err := command(ctx, url, tt.args...).Output()
		if err != nil || !strings.Contains(string(out), tt.want) {
			t.Errorf("%s ingest: %v\n%s\nwant %q", tt.name, err, out, tt.want)
		}
		sameCorpus(t, "after a "+tt.name+" ingest", corpusIntegrity(t, url), want)
	}
}

func TestAskAndEvalCommands(t *testing.T) {
	ctx := context.Background()
	url := testdb.New(t)
	if out, err := command(ctx, url, "ingest", "../../letters").CombinedOutput(); err != nil {
		t.Fatalf("ingest: %v\n%s", err, out)
	}
	out, err := command(ctx, url, "ask", "--json", "What does NFA mean?").Output()
	if err != nil {
		t.Fatalf("ask: %v", err)
	}
	var res struct {
		Answer    string
		Refused   bool
		Citations []struct{ Label, Quote string }
	}
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("ask --json output: %v\n%s", err, out)
	}
	if res.Refused || len(res.Citations) == 0 || !strings.Contains(res.Answer, "no further action") {
		t.Errorf("ask: %+v", res)
	}
	out, err = command(ctx, url, "eval", "--set", "../../evals/dev.jsonl", "--json").Output()
	if err != nil {
		t.Fatalf("eval: %v", err)
	}
	var m map[string]any
	if err := json.Unmarshal(out, &m); err != nil {
		t.Fatalf("eval --json is not one JSON object: %v\n%s", err, out)
	}
	for _, k := range []string{"retrieval_recall_at_k", "mrr", "citation_precision", "citation_recall", "supported_rate",
		"refusal_accuracy", "false_refusals", "missed_refusals", "answer_f1", "latency_ms_p50", "latency_ms_p95", "n", "n_answerable", "answerer", "embedder"} {
		if _, ok := m[k]; !ok {
			t.Errorf("eval JSON lacks %q", k)
		}
	}
	set, err := os.ReadFile("../../evals/dev.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if want := float64(bytes.Count(bytes.TrimSpace(set), []byte("\n")) + 1); m["n"] != want {
		t.Errorf("n = %v, want %v (one per line of the set)", m["n"], want)
	}
	for _, k := range []string{"citation_recall_paragraph", "citation_precision_sentence", "refusal_balanced_accuracy", "refusal_recall", "answer_rate", "extractive_ceiling_f1", "by_kind"} {
		if _, ok := m[k]; !ok {
			t.Errorf("eval JSON lacks the new key %q", k)
		}
	}
}

func TestConfigDocInREADMEIsCurrent(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), ConfigDoc()) {
		t.Errorf("README.md's configuration table differs from the code: run `go run ./cmd/letters config-doc` and paste it in")
	}
}

// syncBuffer is an io.Writer safe for one writer and one reader.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestServeEndToEnd runs `letters serve --addr 127.0.0.1:0` in process,
// asks over HTTP, then stops it as SIGTERM would: Run returns cleanly and
// the port is closed.
func TestServeEndToEnd(t *testing.T) {
	url := testdb.New(t)
	t.Setenv("DATABASE_URL", url)
	if err := Run(context.Background(), []string{"ingest", "../../letters"}, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	base, done, _ := startServe(t, ctx, "--shutdown-timeout", "5s")
	resp, err := http.Get(base + "/readyz")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("readyz: %v %v", resp, err)
	}
	resp.Body.Close()
	// a stream in flight when the stop arrives still finishes
	resp, err = http.Post(base+"/api/chat", "application/json", strings.NewReader(`{"question":"What does NFA mean?"}`))
	if err != nil {
		t.Fatal(err)
	}
	cancel()
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || !strings.Contains(string(body), "event: done") {
		t.Errorf("in-flight stream did not finish: %v\n%s", err, body)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run returned %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop")
	}
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Error("server still answers after shutdown")
	}
}

// TestLogsKeepSecretsAndQuestionsOut: the API key never reaches the logs;
// question text is logged only at debug level.
func TestLogsKeepSecretsAndQuestionsOut(t *testing.T) {
	url := testdb.New(t)
	t.Setenv("DATABASE_URL", url)
	if err := Run(context.Background(), []string{"ingest", "../../letters"}, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	const key = "sk-test-SECRET-4242"
	const question = "What does NFA mean in the letters, asked at level"
	t.Setenv("OPENAI_API_KEY", key)
	for _, level := range []string{"info", "debug"} {
		t.Run(level, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			base, done, logs := startServe(t, ctx, "--log-level", level, "--llm", "openai",
				"--llm-model", "m", "--openai-base-url", "http://127.0.0.1:1/v1", "--llm-timeout", "1s")
			for _, answerer := range []string{"extractive", "llm"} {
				resp, err := http.Post(base+"/api/ask", "application/json", strings.NewReader(`{"question":"`+question+` `+level+`?","answerer":"`+answerer+`"}`))
				if err != nil {
					t.Fatal(err)
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
			cancel()
			<-done
			l := logs.String()
			if strings.Contains(l, key) {
				t.Errorf("the API key is in the logs")
			}
			if got := strings.Contains(l, question); got != (level == "debug") {
				t.Errorf("question in %s logs: %v", level, got)
			}
			if !strings.Contains(l, "falling back to extractive") {
				t.Errorf("the unreachable model was not logged as a fallback:\n%s", l)
			}
		})
	}
}

// startServe runs `letters serve --addr 127.0.0.1:0 ARGS...` in process until
// ctx ends, and returns its base URL, its result and its log.
func startServe(t *testing.T, ctx context.Context, args ...string) (string, chan error, *syncBuffer) {
	t.Helper()
	out, logs := &syncBuffer{}, &syncBuffer{}
	done := make(chan error, 1)
	go func() { done <- Run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), out, logs) }()
	re := regexp.MustCompile(`listening on (http://\S+)`)
	for i := 0; i < 100; i++ {
		if m := re.FindStringSubmatch(out.String()); m != nil {
			return m[1], done, logs
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("server did not start: %s", logs.String())
	return "", nil, nil
}

func TestServeRefusesBadTrustedProxies(t *testing.T) {
	for _, tt := range []struct {
		name string
		args []string
		env  string
	}{
		{"flag with host bits", []string{"--trusted-proxies", "10.0.0.1/8"}, ""},
		{"environment, not a range", nil, "10.0.0.1"},
		{"environment, junk", nil, "proxy.internal"},
		{"--auth proxy without a trusted range", []string{"--auth", "proxy"}, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("LETTERS_TRUSTED_PROXIES", tt.env)
			t.Setenv("DATABASE_URL", "postgres://nobody@127.0.0.1:1/none?sslmode=disable&connect_timeout=1")
			var out, errb bytes.Buffer
			err := Run(context.Background(), append([]string{"serve", "--addr", "127.0.0.1:0"}, tt.args...), &out, &errb)
			if err == nil || !strings.Contains(err.Error(), "LETTERS_TRUSTED_PROXIES") {
				t.Errorf("serve = %v, want a start-up error naming LETTERS_TRUSTED_PROXIES", err)
			}
		})
	}
}

// TestIngestPruneCommand: `ingest --prune` of a folder whose files are
// mostly gone is refused without --yes (listing what it would remove),
// --dry-run lists and writes nothing, --yes removes (issue #14, finding 6).
func TestIngestPruneCommand(t *testing.T) {
	ctx := context.Background()
	url := testdb.New(t)
	dir := corpusDir(t, 5)
	run := func(args ...string) (string, error) {
		var out, errb bytes.Buffer
		t.Setenv("DATABASE_URL", url)
		err := Run(ctx, append([]string{"ingest", "--log-level", "warn"}, args...), &out, &errb)
		return out.String() + errb.String(), err
	}
	if out, err := run(dir); err != nil {
		t.Fatalf("ingest: %v\n%s", err, out)
	}
	for i := 0; i < 4; i++ {
		os.Remove(filepath.Join(dir, fmt.Sprintf("letter_%04d.txt", i)))
	}
	for _, tt := range []struct {
		name    string
		args    []string
		wantErr bool
		want    string
		docs    int
	}{
		{"without --yes", []string{"--prune", dir}, true, "would remove: " + filepath.Join(dir, "letter_0003.txt"), 5},
		{"dry run", []string{"--prune", "--dry-run", dir}, false, "would remove: " + filepath.Join(dir, "letter_0000.txt"), 5},
		{"with --yes", []string{"--prune", "--yes", dir}, false, "removed: " + filepath.Join(dir, "letter_0002.txt"), 1},
	} {
		out, err := run(tt.args...)
		if (err != nil) != tt.wantErr || !strings.Contains(out, tt.want) {
			t.Errorf("%s: err %v, output:\n%s\nwant error %v and %q", tt.name, err, out, tt.wantErr, tt.want)
		}
		if got := countRows(t, url).docs; got != tt.docs {
			t.Errorf("%s: %d documents, want %d", tt.name, got, tt.docs)
		}
	}
}

// TestDataProtectionCommands: the audit log records who asked what (no
// question text by default); `letters user erase NAME` deletes that user's
// conversations, turns, feedback, tokens, sessions and audit entries (and
// nobody else's), asking first unless --yes; `letters gc` applies the
// retention period (issue #14, finding 11).
func TestDataProtectionCommands(t *testing.T) {
	ctx := context.Background()
	url := testdb.New(t)
	t.Setenv("DATABASE_URL", url)
	cli := func(args ...string) (string, error) {
		var out, errb bytes.Buffer
		err := Run(ctx, args, &out, &errb)
		return out.String() + errb.String(), err
	}
	if out, err := cli("ingest", "../../letters"); err != nil {
		t.Fatalf("ingest: %v\n%s", err, out)
	}
	secrets := map[string]string{}
	for _, u := range []string{"alice", "bob"} {
		var out bytes.Buffer
		if err := Run(ctx, []string{"token", "create", "--user", u}, &out, io.Discard); err != nil {
			t.Fatal(err)
		}
		secrets[u] = strings.TrimSpace(out.String())
	}
	sctx, cancel := context.WithCancel(ctx)
	base, done, _ := startServe(t, sctx, "--auth", "token")
	ask := func(u, path, body string) int {
		req, _ := http.NewRequest("POST", base+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+secrets[u])
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode
	}
	const secretQuestion = "What does NFA mean for the Smith family?"
	for _, u := range []string{"alice", "bob"} {
		if code := ask(u, "/api/ask", `{"question":"`+secretQuestion+`"}`); code != 200 {
			t.Fatalf("%s asks: %d", u, code)
		}
	}
	if code := ask("alice", "/v1/chat/completions", `{"messages":[{"role":"user","content":"`+secretQuestion+`"}]}`); code != 200 {
		t.Fatalf("alice asks /v1: %d", code)
	}
	cancel()
	<-done

	out, err := cli("audit", "--user", "alice", "--json")
	if err != nil {
		t.Fatalf("audit: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], `"user":"alice"`) || !strings.Contains(lines[0], `"route":"POST /api/ask"`) ||
		!strings.Contains(lines[0], `"conversation_id":"`) || !strings.Contains(lines[1], `"route":"POST /v1/chat/completions"`) {
		t.Errorf("alice's audit log:\n%s\nwant her /api/ask and /v1 questions (each with its conversation: /v1 stores its exchanges too)", out)
	}
	if strings.Contains(out, "Smith") {
		t.Errorf("the audit log holds question text without --audit-questions:\n%s", out)
	}

	if out, err := cli("user", "erase", "alice"); err == nil || !strings.Contains(out, "alice has 2 conversations, 2 turns") {
		t.Errorf("erase without --yes and no terminal: %v\n%s\nwant a refusal after the counts", err, out)
	}
	out, err = cli("user", "erase", "alice", "--yes")
	if err != nil || !strings.Contains(out, "erased alice: 2 conversations, 2 turns, 0 feedback, 1 tokens, 0 sessions, 2 audit log entries") {
		t.Errorf("erase --yes: %v\n%s", err, out)
	}
	if out, _ := cli("user", "erase", "alice", "--yes"); !strings.Contains(out, "erased alice: 0 conversations, 0 turns, 0 feedback, 0 tokens, 0 sessions, 0 audit log entries") {
		t.Errorf("erase again: %s\nwant nothing left", out)
	}
	if out, _ := cli("audit", "--json"); strings.Count(out, "\n") != 1 || !strings.Contains(out, `"user":"bob"`) {
		t.Errorf("audit log after erasing alice:\n%s\nwant bob's entry only", out)
	}

	if out, err := cli("gc", "--retention", "0"); err != nil || !strings.Contains(out, "retention is off") {
		t.Errorf("gc with retention 0: %v %s", err, out)
	}
	if out, err := cli("gc"); err != nil || !strings.Contains(out, "0 conversations, 0 turns") {
		t.Errorf("gc with the default retention (a year): %v %s; want nothing deleted", err, out)
	}
	time.Sleep(10 * time.Millisecond)
	if out, err := cli("gc", "--retention", "5ms"); err != nil || !strings.Contains(out, "1 conversations, 1 turns, 0 feedback, 0 tokens, 0 sessions, 1 audit log entries") {
		t.Errorf("gc --retention 5ms: %v %s; want bob's conversation, turn and audit entry deleted", err, out)
	}
}
