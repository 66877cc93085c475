// Package ingest loads letters (txt, md, pdf, html), cleans them, segments
// them into citable paragraphs, extracts metadata and acronyms, embeds the
// paragraphs and writes each document to the store in one transaction.
package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/letters-app/letters"

	"github.com/schollz/progressbar/v3"
	"github.com/tmc/langchaingo/embeddings"
	"golang.org/x/sync/errgroup"
)

// Store is what the pipeline needs from the database.
type Store interface {
	SourceHash(ctx context.Context, path string) (string, bool, error)
	PathsWithHash(ctx context.Context, sha string) ([]string, error)
	ReplaceDocument(ctx context.Context, nd letters.NewDocument) (int64, error)
	Prune(ctx context.Context, remove []string) ([]string, error)
	Sources(ctx context.Context) ([]letters.Source, error)
	SetSourcePath(ctx context.Context, oldPath, path string) error
	SetEmbedder(ctx context.Context, name string, dim int, reset bool) error
	ParagraphTexts(ctx context.Context) ([]int64, []string, error)
	SetEmbeddings(ctx context.Context, ids []int64, vecs [][]float32) error
	BulkLoad(ctx context.Context, n, threshold int, fn func(ctx context.Context) error) (letters.BulkResult, error)
}

// Pipeline ingests files.
type Pipeline struct {
	store    Store
	embedder embeddings.Embedder
	name     string
	dim      int
	log      *slog.Logger
	progress io.Writer // where progress goes; a terminal gets a bar
	isTTY    bool
}

// New returns a pipeline writing to st with the embedder named name, of
// dimension dim.
func New(st Store, emb embeddings.Embedder, name string, dim int, log *slog.Logger, progress io.Writer, isTTY bool) *Pipeline {
	if progress == nil {
		progress = io.Discard
	}
	return &Pipeline{store: st, embedder: emb, name: name, dim: dim, log: log, progress: progress, isTTY: isTTY}
}

// Options change what a run does.
type Options struct {
	// Prune removes the documents whose files were under the given paths
	// and are gone. A document whose file is still there (failing to load
	// or not), or was never under these paths, is kept.
	Prune bool
	// DryRun reports what would be added, replaced and removed, and writes
	// nothing.
	DryRun bool
	// MaxPrune: a prune removing more documents than this asks Confirm
	// first, and is refused without it (default 3; <0: no limit).
	MaxPrune int
	// Confirm is asked, with the names, before a prune of more than
	// MaxPrune documents (--yes, or a question on a terminal).
	Confirm func(remove []string) bool
	// Limits bound each file's size and text-extraction time.
	Limits  Limits
	Reembed bool // switch the corpus to this embedder, re-embedding every paragraph
	Force   bool // re-ingest files even when unchanged
	// Workers ingest files in parallel (default: DefaultWorkers). Each
	// document is still one transaction.
	Workers int
	// BulkThreshold: loading at least this many files into an empty corpus
	// drops the search indexes and builds them once at the end
	// (store.BulkLoad; default store.DefaultBulkThreshold; <0 never).
	BulkThreshold int
}

// Failure is one file that could not be ingested.
type Failure struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

// Summary reports a run.
type Summary struct {
	Bulk       bool          `json:"bulk"`
	PeakRSSKB  int64         `json:"peak_rss_kb,omitempty"`
	IndexBuild time.Duration `json:"index_build_ns"`
	Added      int           `json:"added"`
	Updated    int           `json:"updated"`
	Skipped    int           `json:"skipped"`
	Failed     int           `json:"failed"`
	Pruned     int           `json:"pruned"`
	DryRun     bool          `json:"dry_run,omitempty"`
	Removed    []string      `json:"removed,omitempty"` // paths pruned; with DryRun or a refused prune, what would be
	Reembedded int           `json:"reembedded"`
	Paragraphs int           `json:"paragraphs"`
	Dropped    int           `json:"dropped_lines"` // lines of the written documents left out of their paragraphs (letterheads, signatures, page furniture…)
	Duration   time.Duration `json:"duration_ns"`
	Failures   []Failure     `json:"failures,omitempty"`
	Ignored    []Failure     `json:"ignored,omitempty"` // not ingested on purpose (symbolic links out of the folders)
	PerFile    []FileResult  `json:"files"`
}

// FileResult is the outcome for one file.
type FileResult struct {
	Path       string `json:"path"`
	Status     string `json:"status"`            // added, updated, skipped, failed
	SameAs     string `json:"same_as,omitempty"` // skipped: the file already ingested with the same content
	Paragraphs int    `json:"paragraphs"`
	Dropped    int    `json:"dropped_lines,omitempty"` // lines left out of the paragraphs, each logged at debug with its reason
}

// ErrSomeFailed is returned (wrapped) when at least one file failed.
var ErrSomeFailed = errors.New("some files could not be ingested")

// ErrPruneRefused is returned (wrapped) when a prune would remove more
// than Options.MaxPrune documents and was not confirmed.
var ErrPruneRefused = errors.New("prune refused")

// String is the one-paragraph summary printed at the end of a run.
func (s Summary) String() string {
	if s.DryRun {
		return fmt.Sprintf("dry run: %d to add, %d to replace, %d unchanged, %d failing, %d to remove; nothing written",
			s.Added, s.Updated, s.Skipped, s.Failed, len(s.Removed))
	}
	return fmt.Sprintf("documents: %d added, %d updated, %d skipped, %d failed, %d pruned; paragraphs written: %d; lines left out: %d; time: %s",
		s.Added, s.Updated, s.Skipped, s.Failed, s.Pruned, s.Paragraphs, s.Dropped, s.Duration.Round(time.Millisecond))
}

// Files expands paths (files and folders, recursively) into a sorted list of
// files. Hidden files are ignored; a missing path is returned as a failure.
// A symbolic link inside a folder is followed only to a file inside one of
// the given paths: a link out of them (or to a folder, or broken) is
// returned in skipped, with the reason.
func Files(paths []string) (files []string, skipped, fails []Failure) {
	var roots []string // the given paths, links resolved: where links may point
	for _, p := range paths {
		if r, err := filepath.EvalSymlinks(p); err == nil {
			if a, err := filepath.Abs(r); err == nil {
				roots = append(roots, a)
			}
		}
	}
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			fails = append(fails, Failure{Path: p, Reason: err.Error()})
			continue
		}
		if !info.IsDir() {
			files = append(files, p) // named by the user: followed wherever it points
			continue
		}
		if li, err := os.Lstat(p); err == nil && li.Mode()&fs.ModeSymlink != 0 {
			p += string(filepath.Separator) // walk the folder the given link names
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				fails = append(fails, Failure{Path: path, Reason: err.Error()})
				return nil
			}
			if strings.HasPrefix(d.Name(), ".") && path != p {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.Type()&fs.ModeSymlink != 0 {
				if reason := linkProblem(path, roots); reason != "" {
					skipped = append(skipped, Failure{Path: path, Reason: reason})
					return nil
				}
			}
			if !d.IsDir() {
				files = append(files, path)
			}
			return nil
		})
		if err != nil {
			fails = append(fails, Failure{Path: p, Reason: err.Error()})
		}
	}
	sort.Strings(files)
	return files, skipped, fails
}

// linkProblem says why the symbolic link at path is not followed, or "" when
// it names a file inside roots.
func linkProblem(path string, roots []string) string {
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		return "symbolic link to nothing: not followed"
	}
	if a, err := filepath.Abs(target); err != nil || !under(a, roots) {
		return "symbolic link out of the ingested folders: not followed"
	}
	if info, err := os.Stat(target); err != nil || info.IsDir() {
		return "symbolic link to a folder: not followed"
	}
	return ""
}

// Run ingests the files under paths: it prepares the corpus (embedder,
// re-embedding), plans the run (which files, which moved), loads the files
// (with the search indexes managed by the store) and prunes.
func (p *Pipeline) Run(ctx context.Context, paths []string, opt Options) (Summary, error) {
	start := time.Now()
	sum := Summary{DryRun: opt.DryRun}
	if err := p.prepare(ctx, opt, &sum); err != nil {
		return sum, err
	}
	plan, err := p.plan(ctx, paths, &sum)
	if err != nil {
		return sum, err
	}
	if err := p.load(ctx, plan, opt, &sum); err != nil {
		return sum, err
	}
	if err := ctx.Err(); err != nil {
		return sum, err
	}
	if opt.Prune {
		if err := p.prune(ctx, paths, plan, opt, &sum); err != nil {
			if errors.Is(err, ErrPruneRefused) {
				sum.Duration = time.Since(start)
			}
			return sum, err
		}
	}
	sum.Duration = time.Since(start)
	if sum.Failed > 0 {
		return sum, fmt.Errorf("%d of %d files: %w", sum.Failed, len(plan.files)+len(plan.unreadable), ErrSomeFailed)
	}
	return sum, nil
}

// prepare records the embedder (unless a dry run) and re-embeds the
// corpus when asked.
func (p *Pipeline) prepare(ctx context.Context, opt Options, sum *Summary) error {
	if opt.DryRun && opt.Reembed {
		return fmt.Errorf("--dry-run and --reembed together: %w", letters.ErrInvalid)
	}
	if !opt.DryRun {
		if err := p.store.SetEmbedder(ctx, p.name, p.dim, opt.Reembed); err != nil {
			return err
		}
	}
	if opt.Reembed {
		n, err := p.reembed(ctx)
		if err != nil {
			return err
		}
		sum.Reembedded = n
	}
	return nil
}

// runPlan is what a run works on.
type runPlan struct {
	files      []string          // the files under the paths, sorted
	unreadable []Failure         // paths that could not be read
	moved      map[string]string // file -> the document whose file moved there (movedFrom)
	inRun      map[string]bool   // the files' absolute paths
}

// plan finds the files under paths and the documents that moved, and
// counts the paths that cannot be read and the links not followed.
func (p *Pipeline) plan(ctx context.Context, paths []string, sum *Summary) (runPlan, error) {
	files, skipped, fails := Files(paths)
	srcs, err := p.store.Sources(ctx)
	if err != nil {
		return runPlan{}, err
	}
	plan := runPlan{files: files, unreadable: fails, moved: movedFrom(files, srcs), inRun: make(map[string]bool, len(files))}
	for _, f := range files {
		if abs, err := filepath.Abs(f); err == nil {
			plan.inRun[abs] = true
		}
	}
	for _, f := range fails {
		sum.Failed++
		sum.Failures = append(sum.Failures, f)
		p.log.Warn("ingest: cannot read", "path", f.Path, "reason", f.Reason)
	}
	for _, f := range skipped {
		sum.Ignored = append(sum.Ignored, f)
		p.log.Warn("ingest: skipped", "path", f.Path, "reason", f.Reason)
	}
	return plan, nil
}

// load ingests the plan's files. Outside a dry run the store drops the
// search indexes for a large load into an empty corpus, and builds (or
// repairs) them after, even after a failure, so that what was committed is
// searchable.
func (p *Pipeline) load(ctx context.Context, plan runPlan, opt Options, sum *Summary) error {
	t := p.newTally(sum, len(plan.files))
	ingestAll := func(ctx context.Context) error {
		return p.ingestFiles(ctx, plan.files, plan.moved, plan.inRun, opt, t)
	}
	if opt.DryRun {
		return ingestAll(ctx)
	}
	br, err := p.store.BulkLoad(ctx, len(plan.files), opt.BulkThreshold, ingestAll)
	sum.Bulk, sum.IndexBuild = br.Bulk, br.IndexBuild
	return err
}

// prune removes the documents whose files were under paths and are gone
// (a dry run only lists them); more than opt.MaxPrune need opt.Confirm.
func (p *Pipeline) prune(ctx context.Context, paths []string, plan runPlan, opt Options, sum *Summary) error {
	remove, err := p.gone(ctx, paths, plan.files, plan.moved)
	if err != nil {
		return err
	}
	sum.Removed = remove
	max := opt.MaxPrune
	if max == 0 {
		max = 3
	}
	if opt.DryRun || len(remove) == 0 {
		return nil
	}
	if max >= 0 && len(remove) > max && (opt.Confirm == nil || !opt.Confirm(remove)) {
		return fmt.Errorf("prune would remove %d documents, more than %d: run with --yes to remove them (--dry-run lists them): %w",
			len(remove), max, ErrPruneRefused)
	}
	pruned, err := p.store.Prune(ctx, remove)
	if err != nil {
		return err
	}
	sum.Pruned = len(pruned)
	sum.Removed = pruned
	return nil
}

// DefaultWorkers is how many files are ingested at once by default: twice
// the cores, so that a file's parsing and embedding run while another's
// rows are written (20,000 synthetic letters, two cores: 119 s with 2
// workers, 109 with 3, 108 with 4; 1,000 letters: the same within noise).
func DefaultWorkers() int { return 2 * runtime.GOMAXPROCS(0) }

// ingestFiles ingests files, opt.Workers (DefaultWorkers) at a time, adding
// each outcome to t. A file that fails is counted and the others go on; a
// fatal error (cancelled, database unavailable) cancels the files in
// flight, starts no more, and is returned.
func (p *Pipeline) ingestFiles(ctx context.Context, files []string, moved map[string]string, inRun map[string]bool, opt Options, t *tally) error {
	workers := opt.Workers
	if workers <= 0 {
		workers = DefaultWorkers()
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(workers)
	for _, path := range files {
		if gctx.Err() != nil {
			break
		}
		g.Go(func() error {
			if err := gctx.Err(); err != nil {
				return err // stopped while this file waited for a worker
			}
			res, err := p.file(gctx, path, moved[path], inRun, opt.Force, opt.DryRun, opt.Limits)
			if err != nil && (isFatal(err) || gctx.Err() != nil) {
				return err // the run stops: the file is not counted
			}
			t.record(path, res, err)
			return nil
		})
	}
	err := g.Wait()
	t.finish()
	return err
}

// isFatal reports whether a file's error stops the whole run.
func isFatal(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, letters.ErrUnavailable)
}

// tally adds the files' outcomes to the summary as the workers finish them,
// and shows the progress: a bar on a terminal, else a line a file.
type tally struct {
	mu       sync.Mutex
	sum      *Summary
	total    int
	finished int
	bar      *progressbar.ProgressBar // nil: lines
	out      io.Writer
}

func (p *Pipeline) newTally(sum *Summary, total int) *tally {
	t := &tally{sum: sum, total: total, out: p.progress}
	if p.isTTY && total > 1 {
		t.bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(p.progress),
			progressbar.OptionSetDescription("ingest"), progressbar.OptionShowCount(), progressbar.OptionClearOnFinish())
	}
	return t
}

// record counts one file's outcome (err: it failed) and shows it.
func (t *tally) record(path string, res FileResult, err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	sum := t.sum
	if err != nil {
		res = FileResult{Path: path, Status: "failed"}
		sum.Failed++
		sum.Failures = append(sum.Failures, Failure{Path: path, Reason: err.Error()})
	}
	switch res.Status {
	case "added":
		sum.Added++
	case "updated":
		sum.Updated++
	case "skipped":
		sum.Skipped++
	}
	sum.Paragraphs += res.Paragraphs
	sum.Dropped += res.Dropped
	sum.PerFile = append(sum.PerFile, res)
	t.finished++
	t.show(path, res)
}

// show prints a finished file's progress; t.mu is held.
func (t *tally) show(path string, res FileResult) {
	if t.bar != nil {
		_ = t.bar.Add(1)
		return
	}
	line := fmt.Sprintf("ingest: [%d/%d] %s: %s", t.finished, t.total, path, res.Status)
	if res.Status == "failed" {
		line += ": " + t.sum.Failures[len(t.sum.Failures)-1].Reason
	} else if res.Paragraphs > 0 {
		line += fmt.Sprintf(" (%d paragraphs)", res.Paragraphs)
	} else if res.SameAs != "" {
		line += " (same content as " + res.SameAs + ")"
	}
	fmt.Fprintln(t.out, line)
}

// finish ends the progress bar and puts the files' results in path order.
func (t *tally) finish() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.bar != nil {
		_ = t.bar.Finish()
	}
	sort.Slice(t.sum.PerFile, func(i, j int) bool { return t.sum.PerFile[i].Path < t.sum.PerFile[j].Path })
}

// movedFrom finds, for each of files (by path) with no document of its
// own, a document of the same file name whose file is gone (it moved):
// that document is replaced, or, when unchanged, given its new path. The
// files are taken in order and a document is given to one file only, so
// the outcome does not depend on which worker runs first. Two files of one
// name that both exist are two documents.
func movedFrom(files []string, srcs []letters.Source) map[string]string {
	stored := make(map[string]bool, len(srcs))
	byName := map[string][]string{}
	for _, s := range srcs { // in path order
		stored[s.Path] = true
		byName[s.Name] = append(byName[s.Name], s.Path)
	}
	out := map[string]string{}
	claimed := map[string]bool{}
	for _, f := range files {
		abs, err := filepath.Abs(f)
		if err != nil || stored[abs] {
			continue
		}
		for _, old := range byName[filepath.Base(f)] {
			if claimed[old] {
				continue
			}
			if _, err := os.Lstat(old); errors.Is(err, fs.ErrNotExist) {
				out[f] = old
				claimed[old] = true
				break
			}
		}
	}
	return out
}

// gone returns the paths of the stored documents that prune removes: those
// whose file was under one of paths (an existing file or folder) when it
// was last ingested and no longer exists there. A document of one of this
// run's files (failing to load or not), or one that moved to one of them
// (moved), is never removed, nor is one whose file cannot be checked (only
// "does not exist" counts).
func (p *Pipeline) gone(ctx context.Context, paths, files []string, moved map[string]string) ([]string, error) {
	var roots []string
	for _, r := range paths {
		if _, err := os.Stat(r); err != nil {
			continue // a missing path vouches for nothing
		}
		a, err := filepath.Abs(r)
		if err != nil {
			return nil, err
		}
		roots = append(roots, a)
	}
	present := make(map[string]bool, len(files))
	for _, f := range files {
		if a, err := filepath.Abs(f); err == nil {
			present[a] = true
		}
		if old := moved[f]; old != "" {
			present[old] = true
		}
	}
	srcs, err := p.store.Sources(ctx)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, src := range srcs {
		if present[src.Path] {
			continue
		}
		a, err := filepath.Abs(src.Path)
		if err != nil || !under(a, roots) {
			continue
		}
		if _, err := os.Lstat(a); errors.Is(err, fs.ErrNotExist) {
			out = append(out, src.Path)
		}
	}
	return out, nil
}

// under reports whether path is one of roots or inside one of them.
func under(path string, roots []string) bool {
	for _, r := range roots {
		if path == r || strings.HasPrefix(path, strings.TrimSuffix(r, string(filepath.Separator))+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

// File ingests one file.
func (p *Pipeline) File(ctx context.Context, path string, force bool) (FileResult, error) {
	return p.file(ctx, path, "", nil, force, false, Limits{})
}

// file ingests one file, or with dryRun only says what it would do. The
// document is keyed by the file's absolute path; movedFrom, when not "",
// is the path of the document of the same name whose file moved here.
func (p *Pipeline) file(ctx context.Context, path, movedFrom string, inRun map[string]bool, force, dryRun bool, lim Limits) (FileResult, error) {
	res := FileResult{Path: path}
	if !Supported(path) {
		return res, fmt.Errorf("%q files: %w", filepath.Ext(path), letters.ErrUnsupportedFormat)
	}
	// the bytes decide whether the file changed: an unchanged one is
	// skipped before its text is extracted (pdftotext is the slow part)
	raw, err := readSource(path, lim)
	if err != nil {
		return res, err
	}
	sum := sha256.Sum256(raw)
	sha := hex.EncodeToString(sum[:])
	name := filepath.Base(path)
	abs, err := filepath.Abs(path)
	if err != nil {
		return res, err
	}
	key := abs
	old, exists, err := p.store.SourceHash(ctx, abs)
	if err == nil && !exists && movedFrom != "" {
		key = movedFrom
		old, exists, err = p.store.SourceHash(ctx, movedFrom)
	}
	if err != nil {
		return res, err
	}
	if exists && old == sha && !force {
		res.Status = "skipped"
		if !dryRun && key != abs {
			err = p.store.SetSourcePath(ctx, key, abs) // it moved: the document goes with it
		}
		return res, err
	}
	if !exists {
		// the same bytes are already a document from a file that still
		// exists outside this run (a copy, or a second checkout of the same
		// folder): one letter, one document. Two identical files of one run
		// are both kept, so that which is kept never depends on which
		// worker came first.
		paths, err := p.store.PathsWithHash(ctx, sha)
		if err != nil {
			return res, err
		}
		for _, other := range paths {
			if inRun[other] {
				continue
			}
			if _, err := os.Stat(other); err == nil {
				res.Status = "skipped"
				res.SameAs = other
				return res, nil
			}
		}
	}
	text, err := extractText(ctx, path, raw, lim)
	if err != nil {
		return res, err
	}
	if dryRun {
		res.Status = "added"
		if exists {
			res.Status = "updated"
		}
		return res, nil
	}
	nd, dropped, err := p.build(ctx, text, name, abs, sha)
	if err != nil {
		return res, err
	}
	if key != abs {
		nd.Replaces = key
	}
	for _, d := range dropped {
		p.log.Debug("ingest: line left out", "path", path, "line", d.Line, "reason", d.Reason, "text", d.Text)
	}
	if _, err := p.store.ReplaceDocument(ctx, nd); err != nil {
		return res, err
	}
	res.Status = "added"
	if exists {
		res.Status = "updated"
	}
	res.Paragraphs = len(nd.Paragraphs)
	res.Dropped = len(dropped)
	return res, nil
}

// Build segments, describes and embeds one document's text.
func (p *Pipeline) Build(ctx context.Context, text, name, path, sha string) (letters.NewDocument, error) {
	nd, _, err := p.build(ctx, text, name, path, sha)
	return nd, err
}

// build is Build, also returning the lines the segmenter left out.
func (p *Pipeline) build(ctx context.Context, text, name, path, sha string) (letters.NewDocument, []Dropped, error) {
	parsed := Segment(text)
	if len(parsed.Paragraphs) == 0 {
		return letters.NewDocument{}, nil, ErrEmpty
	}
	meta := ExtractMeta(parsed)
	if meta.Title == "" {
		meta.Title = strings.TrimSuffix(name, filepath.Ext(name))
	}
	doc := letters.Document{
		SourceName: name, SHA256: sha, Title: meta.Title, Kind: meta.Kind, Authority: meta.Authority,
		LetterDate: meta.LetterDate, VisitStart: meta.VisitStart, VisitEnd: meta.VisitEnd,
		Recipient: meta.Recipient, Inspectors: meta.Inspectors, Body: parsed.Body,
	}
	doc.Slug = Slug(doc)
	if d := meta.LetterDate; d != nil && d.After(time.Now().AddDate(0, 0, 1)) {
		// stored and flagged, never taken as the latest (store.LatestDocuments)
		p.log.Warn("ingest: dated after today", "path", path, "date", d.Format("2006-01-02"))
	}
	paras := make([]letters.Paragraph, len(parsed.Paragraphs))
	texts := make([]string, len(parsed.Paragraphs))
	for i, pp := range parsed.Paragraphs {
		paras[i] = letters.Paragraph{Ordinal: i + 1, Label: pp.Label, Section: pp.Section, Text: pp.Text,
			StartOffset: pp.Start, EndOffset: pp.End}
		texts[i] = pp.Text
	}
	vecs, err := p.embed(ctx, texts)
	if err != nil {
		return letters.NewDocument{}, nil, err
	}
	return letters.NewDocument{Doc: doc, SourcePath: path, Paragraphs: paras, Vectors: vecs, Glossary: Glossary(parsed.Body)}, parsed.Dropped, nil
}

// embed embeds texts; a zero vector (nothing the embedder can represent)
// becomes nil so that the paragraph is stored without an embedding.
func (p *Pipeline) embed(ctx context.Context, texts []string) ([][]float32, error) {
	vecs, err := p.embedder.EmbedDocuments(ctx, texts)
	if err != nil {
		return nil, fmt.Errorf("embed: %w", err)
	}
	if len(vecs) != len(texts) {
		return nil, fmt.Errorf("embed: %d vectors for %d texts", len(vecs), len(texts))
	}
	for i, v := range vecs {
		if len(v) != p.dim {
			return nil, fmt.Errorf("embed: vector of %d dimensions, expected %d: %w", len(v), p.dim, letters.ErrEmbedderMismatch)
		}
		zero := true
		for _, x := range v {
			if x != 0 {
				zero = false
				break
			}
		}
		if zero {
			vecs[i] = nil
		}
	}
	return vecs, nil
}

func (p *Pipeline) reembed(ctx context.Context) (int, error) {
	ids, texts, err := p.store.ParagraphTexts(ctx)
	if err != nil {
		return 0, err
	}
	const batch = 256
	for i := 0; i < len(ids); i += batch {
		j := min(i+batch, len(ids))
		vecs, err := p.embed(ctx, texts[i:j])
		if err != nil {
			return i, err
		}
		if err := p.store.SetEmbeddings(ctx, ids[i:j], vecs); err != nil {
			return i, err
		}
	}
	return len(ids), nil
}

var reNonSlug = regexp.MustCompile(`[^a-z0-9]+`)

// Slug is the document's stable key: letter date, authority and kind.
func Slug(d letters.Document) string {
	parts := []string{}
	if d.LetterDate != nil {
		parts = append(parts, d.LetterDate.Format("2006-01-02"))
	}
	if d.Authority != "" {
		parts = append(parts, d.Authority)
	}
	parts = append(parts, strings.ReplaceAll(d.Kind, "_", " "))
	if d.LetterDate == nil && d.Authority == "" {
		parts = append(parts, strings.TrimSuffix(d.SourceName, filepath.Ext(d.SourceName)))
	}
	s := reNonSlug.ReplaceAllString(strings.ToLower(strings.Join(parts, " ")), "-")
	return strings.Trim(s, "-")
}
