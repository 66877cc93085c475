package ingest_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/letters-app/letters/ingest"
	"github.com/letters-app/letters/internal/hashembed"
	"github.com/letters-app/letters/internal/store"
)

// securityCases is issue #14's ingest findings, one row each: the files
// that reproduced the finding and what ingest must do now.
var securityCases = []struct {
	finding string // issue #14 finding
	files   string // the folder as the careless (or hostile) user leaves it
	want    string // the outcome now
	run     func(t *testing.T, db *store.DB, p *ingest.Pipeline)
}{
	{
		finding: "6 prune on an empty folder",
		files:   "the five sample letters ingested from a folder, then every file removed (an unmounted volume); ingest --prune that folder",
		want:    "nothing removed: more than 3 removals need --yes (or a yes at the terminal); ErrPruneRefused names the count",
		run:     checkPruneEmptyFolder,
	},
	{
		finding: "6 prune removes a document whose file failed to load",
		files:   "the five samples ingested, then one emptied (fails to load: no text); ingest --prune",
		want:    "the failing file is reported and its stored document kept; nothing pruned",
		run:     checkPruneKeepsFailedFile,
	},
	{
		finding: "6 prune removes documents from other folders",
		files:   "folder A (the five samples) and folder B (one letter) ingested; ingest --prune A",
		want:    "B's document kept: only documents whose files were under the given paths and are gone are removed",
		run:     checkPruneOnlyUnderPaths,
	},
	{
		finding: "6 prune --dry-run",
		files:   "four samples ingested; then one changed, one removed, the fifth added; ingest --prune --dry-run",
		want:    "the summary lists 1 to add, 1 to replace, 1 to remove; the database is unchanged",
		run:     checkPruneDryRun,
	},
	{
		finding: "6 prune of more than 3 documents",
		files:   "the five samples ingested, four removed; ingest --prune without, then with --yes",
		want:    "refused without --yes (or a no at the terminal), four removed with it",
		run:     checkPruneNeedsYes,
	},
	{
		finding: "10 symlinks followed out of the ingested folder",
		files:   "the samples plus notes.txt -> a file outside the folder, keys.md -> ../outside/keys.md and private -> a folder outside",
		want:    "the links are reported as skipped (not ingested, not failures); the samples are ingested; a link to a file inside the folder is fine",
		run:     checkSymlinksOutside,
	},
	{
		finding: "9 a huge file",
		files:   "the samples plus huge.txt of 3.3 MB, with --max-file-mb 1",
		want:    "huge.txt fails with a reason naming the size and the limit; the samples are ingested",
		run:     checkMaxFileSize,
	},
	{
		finding: "9 a PDF whose extraction hangs",
		files:   "the samples plus slow.pdf, with a pdftotext that never finishes and --extract-timeout 1s",
		want:    "slow.pdf fails after about 1 s with a reason naming the timeout; the samples are ingested",
		run:     checkExtractTimeout,
	},
	{
		finding: "7 content silently dropped by the segmenter",
		files:   "news-then-letter.txt (a news article, then a letter) and two-letters.txt (two letters, one after the other)",
		want:    "the article and both letters are paragraphs; only letterheads, salutations and signatures are left out, counted in the summary and logged at debug with their reasons",
		run:     checkSegmenterKeepsContent,
	},
	{
		finding: "8 same file name in two folders",
		files:   "a/letter.txt and b/letter.txt (two different letters), ingested together three times",
		want:    "two documents, both named letter.txt (each identified by its path); the second and third runs skip both and the ids stay",
		run:     checkSameNameTwoFolders,
	},
	{
		finding: "low: concurrent ingests fail with duplicate keys",
		files:   "the samples and the eval corpus (20 files) ingested by two runs at once into an empty corpus (both bulk loads), then twice more at once with --force",
		want:    "every run succeeds (no duplicate-key failure), and the corpus holds each file once, with its search indexes",
		run:     checkConcurrentIngests,
	},
}

func TestSecurityFindings(t *testing.T) {
	for _, tc := range securityCases {
		t.Run(tc.finding, func(t *testing.T) {
			t.Logf("files: %s; want: %s", tc.files, tc.want)
			db, p := setup(t)
			tc.run(t, db, p)
		})
	}
}

func names(t *testing.T, db *store.DB) []string {
	t.Helper()
	docs, err := db.Documents(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, d := range docs {
		out = append(out, d.SourceName)
	}
	slices.Sort(out)
	return out
}

func removeSamples(t *testing.T, dir string, n int) []string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	slices.Sort(files)
	var gone []string
	for _, f := range files[:n] {
		if err := os.Remove(f); err != nil {
			t.Fatal(err)
		}
		gone = append(gone, f) // prune names documents by path
	}
	return gone
}

func checkPruneEmptyFolder(t *testing.T, db *store.DB, p *ingest.Pipeline) {
	ctx := context.Background()
	dir := copySamples(t)
	if _, err := p.Run(ctx, []string{dir}, ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	removeSamples(t, dir, 5)
	sum, err := p.Run(ctx, []string{dir}, ingest.Options{Prune: true})
	if !errors.Is(err, ingest.ErrPruneRefused) {
		t.Errorf("prune of an empty folder: err %v, want ErrPruneRefused", err)
	}
	if d, _ := counts(t, db); d != 5 || sum.Pruned != 0 {
		t.Errorf("prune of an empty folder: %d documents left, %d pruned; want 5 left", d, sum.Pruned)
	}
}

func checkPruneKeepsFailedFile(t *testing.T, db *store.DB, p *ingest.Pipeline) {
	ctx := context.Background()
	dir := copySamples(t)
	if _, err := p.Run(ctx, []string{dir}, ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	broken := filepath.Join(dir, "002_2e91bc7b2a90793e.txt")
	if err := os.WriteFile(broken, []byte("   \n"), 0o644); err != nil {
		t.Fatal(err)
	}
	sum, err := p.Run(ctx, []string{dir}, ingest.Options{Prune: true})
	if !errors.Is(err, ingest.ErrSomeFailed) || sum.Failed != 1 {
		t.Errorf("err %v, %d failed; want the emptied file reported", err, sum.Failed)
	}
	if got := names(t, db); sum.Pruned != 0 || !slices.Contains(got, "002_2e91bc7b2a90793e.txt") {
		t.Errorf("pruned %d; documents %v: want the failing file's document kept", sum.Pruned, got)
	}
}

func checkPruneOnlyUnderPaths(t *testing.T, db *store.DB, p *ingest.Pipeline) {
	ctx := context.Background()
	a := copySamples(t)
	b := t.TempDir()
	other := filepath.Join(b, "other-letter.txt")
	sample, _ := os.ReadFile(filepath.Join(a, "000_9ffa9ab164142b1c.txt"))
	if err := os.WriteFile(other, append([]byte("Another council.\n\n"), sample...), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Run(ctx, []string{a, b}, ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	sum, err := p.Run(ctx, []string{a}, ingest.Options{Prune: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := names(t, db); sum.Pruned != 0 || len(got) != 6 {
		t.Errorf("ingest --prune A pruned %d; documents %v: want B's other-letter.txt kept (6 documents)", sum.Pruned, got)
	}
}

func checkPruneDryRun(t *testing.T, db *store.DB, p *ingest.Pipeline) {
	ctx := context.Background()
	dir := copySamples(t)
	fifth := filepath.Join(dir, "004_d35be00d07d11aa4.txt")
	held, _ := os.ReadFile(fifth)
	os.Remove(fifth)
	if _, err := p.Run(ctx, []string{dir}, ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	before := names(t, db)
	changed := filepath.Join(dir, "001_cd393a7f81667f70.txt")
	b, _ := os.ReadFile(changed)
	os.WriteFile(changed, append(b, []byte("\n\nA paragraph added later about the front door.\n")...), 0o644)
	os.Remove(filepath.Join(dir, "003_705f2bca4dafd539.txt"))
	os.WriteFile(fifth, held, 0o644)
	sum, err := p.Run(ctx, []string{dir}, ingest.Options{Prune: true, DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Added != 1 || sum.Updated != 1 || len(sum.Removed) != 1 || sum.Removed[0] != filepath.Join(dir, "003_705f2bca4dafd539.txt") || sum.Pruned != 0 {
		t.Errorf("dry run: %d to add, %d to replace, to remove %v, %d pruned; want 1, 1, [.../003_705f2bca4dafd539.txt], 0", sum.Added, sum.Updated, sum.Removed, sum.Pruned)
	}
	if after := names(t, db); !slices.Equal(after, before) {
		t.Errorf("dry run changed the documents: %v, was %v", after, before)
	}
	if sha, _, _ := db.SourceHash(ctx, changed); sha == "" {
		t.Error("the changed file's document went missing")
	}
}

func checkPruneNeedsYes(t *testing.T, db *store.DB, p *ingest.Pipeline) {
	ctx := context.Background()
	dir := copySamples(t)
	if _, err := p.Run(ctx, []string{dir}, ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	gone := removeSamples(t, dir, 4)
	var asked []string
	no := func(remove []string) bool { asked = remove; return false }
	if _, err := p.Run(ctx, []string{dir}, ingest.Options{Prune: true, Confirm: no}); !errors.Is(err, ingest.ErrPruneRefused) {
		t.Errorf("prune of 4 answered no: err %v, want ErrPruneRefused", err)
	}
	if d, _ := counts(t, db); d != 5 || !slices.Equal(asked, gone) {
		t.Errorf("after no: %d documents, asked about %v; want 5 left, asked about %v", d, asked, gone)
	}
	yes := func([]string) bool { return true }
	sum, err := p.Run(ctx, []string{dir}, ingest.Options{Prune: true, Confirm: yes})
	if err != nil || sum.Pruned != 4 {
		t.Errorf("prune of 4 with --yes: %v, %d pruned; want 4", err, sum.Pruned)
	}
	if d, _ := counts(t, db); d != 1 {
		t.Errorf("%d documents left, want 1", d)
	}
}

func checkSymlinksOutside(t *testing.T, db *store.DB, p *ingest.Pipeline) {
	ctx := context.Background()
	dir := copySamples(t)
	outside := t.TempDir()
	secret := []byte("Private notes kept outside the letters folder.\n\nThe door code of the records room is 1234.\n")
	for _, f := range []string{"secret.txt", "keys.md", "private/other.txt"} {
		os.MkdirAll(filepath.Dir(filepath.Join(outside, f)), 0o755)
		if err := os.WriteFile(filepath.Join(outside, f), secret, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.MkdirAll(filepath.Join(dir, "extra"), 0o755)
	if err := os.WriteFile(filepath.Join(dir, "extra", "real.txt"), []byte("A note inside the folder.\n\nIt may be ingested under either name.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	rel, _ := filepath.Rel(dir, filepath.Join(outside, "keys.md"))
	for link, target := range map[string]string{
		"notes.txt":  filepath.Join(outside, "secret.txt"),
		"keys.md":    rel,
		"private":    filepath.Join(outside, "private"),
		"inside.txt": filepath.Join("extra", "real.txt"),
	} {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Fatal(err)
		}
	}
	sum, err := p.Run(ctx, []string{dir}, ingest.Options{})
	if err != nil {
		t.Fatalf("ingest: %v (%+v)", err, sum.Failures)
	}
	got := names(t, db)
	for _, n := range []string{"notes.txt", "keys.md", "other.txt"} {
		if slices.Contains(got, n) {
			t.Errorf("%s (a link out of the folder) was ingested", n)
		}
	}
	if !slices.Contains(got, "inside.txt") || len(got) != 7 {
		t.Errorf("documents %v: want the five samples, real.txt and inside.txt", got)
	}
	var skipped []string
	for _, s := range sum.Ignored {
		skipped = append(skipped, filepath.Base(s.Path))
	}
	slices.Sort(skipped)
	if !slices.Equal(skipped, []string{"keys.md", "notes.txt", "private"}) {
		t.Errorf("reported as skipped: %v, want [keys.md notes.txt private]", skipped)
	}
}

func failureFor(sum ingest.Summary, name string) string {
	for _, f := range sum.Failures {
		if filepath.Base(f.Path) == name {
			return f.Reason
		}
	}
	return ""
}

func checkMaxFileSize(t *testing.T, db *store.DB, p *ingest.Pipeline) {
	dir := copySamples(t)
	big := strings.Repeat("The front door paragraph repeats itself for a long while. ", 60000) // 3.5 MB
	if err := os.WriteFile(filepath.Join(dir, "huge.txt"), []byte("Huge\n\n"+big), 0o644); err != nil {
		t.Fatal(err)
	}
	sum, err := p.Run(context.Background(), []string{dir}, ingest.Options{Limits: ingest.Limits{MaxFileSize: 1 << 20}})
	reason := failureFor(sum, "huge.txt")
	if !errors.Is(err, ingest.ErrSomeFailed) || !strings.Contains(reason, "3.3 MB") || !strings.Contains(reason, "1.0 MB") {
		t.Errorf("huge.txt: err %v, reason %q; want a failure naming its size (3.3 MB) and the limit (1.0 MB)", err, reason)
	}
	if sum.Added != 5 {
		t.Errorf("%s: want the 5 samples added", sum)
	}
}

func checkExtractTimeout(t *testing.T, db *store.DB, p *ingest.Pipeline) {
	dir := copySamples(t)
	bin := t.TempDir()
	if err := os.WriteFile(filepath.Join(bin, "pdftotext"), []byte("#!/bin/sh\nexec sleep 30\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	if err := os.WriteFile(filepath.Join(dir, "slow.pdf"), []byte("%PDF-1.4 (a stand-in)"), 0o644); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	sum, err := p.Run(context.Background(), []string{dir}, ingest.Options{Limits: ingest.Limits{ExtractTimeout: time.Second}})
	took := time.Since(start)
	reason := failureFor(sum, "slow.pdf")
	if !errors.Is(err, ingest.ErrSomeFailed) || !strings.Contains(reason, "1s") || took > 5*time.Second {
		t.Errorf("slow.pdf: err %v, reason %q after %s; want a failure naming the 1s limit within a few seconds", err, reason, took.Round(time.Millisecond))
	}
	if sum.Added != 5 {
		t.Errorf("%s: want the 5 samples added", sum)
	}
}

const newsThenLetter = `Council welcomes Ofsted letter

By Staff Reporter, 3 June 2024

The council's children's services have improved, inspectors said in a letter published this week after a two-day visit.

12 March 2026

Jane Smith
Director of Children's Services

Dear Jane

Monitoring visit to Anytown children's services

Leaders have taken robust action to improve practice quality since the last visit.

Yours sincerely

Margaret Burke
His Majesty's Inspector
`

const twoLetters = `12 March 2026

Jane Smith
Director of Children's Services

Dear Jane

Monitoring visit to Anytown children's services

The first letter says that leaders have taken robust action to improve practice.

Yours sincerely

Margaret Burke
His Majesty's Inspector

14 March 2026

John Brown
Director of Children's Services

Dear John

Focused visit to Othertown children's services

The second letter says that the local authority must improve its front door.

Yours sincerely

Gemma McNevin
His Majesty's Inspector
`

func checkSegmenterKeepsContent(t *testing.T, db *store.DB, _ *ingest.Pipeline) {
	ctx := context.Background()
	var log bytes.Buffer
	emb, _ := hashembed.New(0)
	p := ingest.New(db, emb, emb.Name(), emb.Dimension(), slog.New(slog.NewTextHandler(&log, &slog.HandlerOptions{Level: slog.LevelDebug})), io.Discard, false)
	dir := t.TempDir()
	for name, text := range map[string]string{"news-then-letter.txt": newsThenLetter, "two-letters.txt": twoLetters} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	sum, err := p.Run(ctx, []string{dir}, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string][]string{
		"news-then-letter.txt": {"inspectors said in a letter published this week", "Leaders have taken robust action"},
		"two-letters.txt":      {"The first letter says", "The second letter says"},
	} {
		id, err := db.DocumentIDBySource(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		_, paras, err := db.Document(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		var texts []string
		for _, para := range paras {
			texts = append(texts, para.Text)
		}
		all := strings.Join(texts, "\n")
		for _, w := range want {
			if !strings.Contains(all, w) {
				t.Errorf("%s: no paragraph says %q; paragraphs: %q", name, w, texts)
			}
		}
	}
	// left out: 2 + 3 + 1 + 1 header, letterhead, salutation and closing
	// lines (the letter's signature is its citable ¶S1); 1 + 3 + 3 + 1 + 3
	// in the two letters (the first letter's letterhead is its citable
	// front matter; a file of two letters has no ¶S1)
	if sum.Dropped != 7+11 || !strings.Contains(sum.String(), "lines left out: 18") {
		t.Errorf("summary: %d lines left out (%s), want 18", sum.Dropped, sum)
	}
	for _, want := range []string{`reason=signature text="Gemma McNevin"`, `reason=letterhead text="John Brown"`, `reason=salutation text="Dear Jane"`} {
		if !strings.Contains(log.String(), want) {
			t.Errorf("debug log lacks %s:\n%s", want, log.String())
		}
	}
}

func checkSameNameTwoFolders(t *testing.T, db *store.DB, p *ingest.Pipeline) {
	ctx := context.Background()
	a, b := t.TempDir(), t.TempDir()
	for dir, sample := range map[string]string{a: "000_9ffa9ab164142b1c.txt", b: "001_cd393a7f81667f70.txt"} {
		text, err := os.ReadFile(filepath.Join("..", "letters", sample))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "letter.txt"), text, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var first []int64
	for run := 1; run <= 3; run++ {
		sum, err := p.Run(ctx, []string{a, b}, ingest.Options{})
		if err != nil {
			t.Fatalf("run %d: %v (%+v)", run, err, sum.Failures)
		}
		docs, err := db.Documents(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		titles := map[string]bool{}
		for _, d := range docs {
			if d.SourceName != "letter.txt" {
				t.Errorf("run %d: document named %q, want letter.txt", run, d.SourceName)
			}
			ids = append(ids, d.ID)
			titles[d.Title] = true
		}
		slices.Sort(ids)
		if len(docs) != 2 || len(titles) != 2 {
			t.Fatalf("run %d: %d documents (%d titles), want both letters", run, len(docs), len(titles))
		}
		if run == 1 {
			first = ids
			continue
		}
		if sum.Skipped != 2 || sum.Added+sum.Updated != 0 || !slices.Equal(ids, first) {
			t.Errorf("run %d: %s, ids %v (first run %v); want both skipped and the same ids", run, sum, ids, first)
		}
	}
}

func checkConcurrentIngests(t *testing.T, db *store.DB, p *ingest.Pipeline) {
	ctx := context.Background()
	dir := copySamples(t)
	corpus, _ := filepath.Glob(filepath.Join("..", "evals", "corpus", "*"))
	for _, f := range corpus {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for round, opt := range []ingest.Options{{BulkThreshold: 1}, {Force: true}, {Force: true}} {
		errs := make(chan error, 2)
		for range 2 {
			go func() {
				sum, err := p.Run(ctx, []string{dir}, opt)
				if err != nil {
					err = fmt.Errorf("%w: %+v", err, sum.Failures)
				}
				errs <- err
			}()
		}
		for range 2 {
			if err := <-errs; err != nil {
				t.Errorf("round %d: %v", round+1, err)
			}
		}
		if d, _ := counts(t, db); d != 5+len(corpus) {
			t.Errorf("round %d: %d documents, want %d", round+1, d, 5+len(corpus))
		}
	}
	if missing, err := db.MissingSearchIndexes(ctx); err != nil || len(missing) > 0 {
		t.Errorf("search indexes missing after the concurrent runs: %v %v", missing, err)
	}
}
