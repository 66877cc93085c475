package bench

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/letters-app/letters/internal/store"
)

var (
	reVectorLiteral = regexp.MustCompile(`'\[[^\]]*\]'`)
	reHNSWScan      = regexp.MustCompile(`Index Scan using \S*(hnsw|embedding_idx)\S*`)
)

func ms(d time.Duration) string { return fmt.Sprintf("%.1f", float64(d.Microseconds())/1000) }

func lat(l Latency) string { return ms(l.P50) + " / " + ms(l.P95) + " / " + ms(l.P99) }

func verdict(ok bool) string {
	if ok {
		return "met"
	}
	return "**not met**"
}

// Markdown renders the report.
func (r *Report) Markdown(cmdline string, when time.Time) string {
	var b strings.Builder
	b.WriteString("# Benchmarks\n\n")
	fmt.Fprintf(&b, "Produced by `%s` on %s. Every figure below comes from that one run; the machine is shared and noisy, so compare ratios measured side by side rather than absolute numbers across runs.\n\n", cmdline, when.UTC().Format("2006-01-02 15:04 UTC"))
	b.WriteString("## Machine\n\n")
	for _, m := range r.Machine {
		b.WriteString("- " + m + "\n")
	}
	b.WriteString("\n## Targets\n\n| target | measured | status |\n| --- | --- | --- |\n")
	if len(r.Ingest) > 0 {
		best := r.Ingest[len(r.Ingest)-1]
		for _, in := range r.Ingest {
			fmt.Fprintf(&b, "| ingest ≥ 5,000 paragraphs/s (built-in embedder, %s), N = %d | %.0f paragraphs/s | %s |\n", graphNote(in), in.Docs, in.ParasPerSec(), verdict(in.ParasPerSec() >= 5000))
		}
		_ = best
	}
	if r.Compare != nil {
		ratio := r.Compare.Langchaingo.Seconds() / r.Compare.Ours.Seconds()
		fmt.Fprintf(&b, "| ingest ≥ 10× faster than langchaingo's store (same input; ours %s, langchaingo with its HNSW index) | %.1f× | %s |\n", graphNote(r.Ingest[0]), ratio, verdict(ratio >= 10))
		if ix := r.Index; ix != nil && ix.BulkThenBuild.Wall > 0 && ix.None.Wall > 0 {
			other, name := ix.BulkThenBuild, "building the HNSW graph too (`--vector-index hnsw`)"
			if r.Ingest[0].Graph {
				other, name = ix.None, "without a graph (`--vector-index none`)"
			}
			nr := r.Compare.Langchaingo.Seconds() / other.Wall.Seconds()
			fmt.Fprintf(&b, "| … ours %s | %.1f× | %s |\n", name, nr, verdict(nr >= 10))
		}
	}
	for _, rr := range r.Retrieve {
		fmt.Fprintf(&b, "| hybrid retrieval p95 ≤ 25 ms, N = %d (%d paragraphs), all questions | %s ms | %s |\n", rr.Docs, rr.Paragraphs, ms(rr.Hybrid.P95), verdict(rr.Hybrid.P95 <= 25*time.Millisecond))
		fmt.Fprintf(&b, "| … questions without a filter / with one from their own words | %s / %s ms | %s / %s |\n", ms(rr.HybridUnfiltered.P95), ms(rr.HybridFiltered.P95),
			verdict(rr.HybridUnfiltered.P95 <= 25*time.Millisecond), verdict(rr.HybridFiltered.P95 <= 25*time.Millisecond))
		if rr.VectorIndex == "hnsw" {
			fmt.Fprintf(&b, "| HNSW recall@10 ≥ 0.95 at ef_search %d, N = %d | %.3f | %s |\n", rr.EFSearch, rr.Docs, rr.Recall[rr.EFSearch], verdict(rr.Recall[rr.EFSearch] >= 0.95))
		} else if len(rr.Variants) > 0 {
			// the graph a model's embeddings get, built on this corpus
			v := rr.Variants[0]
			fmt.Fprintf(&b, "| HNSW recall@10 ≥ 0.95 at ef_search %d (the index model embeddings get, built here: %s), N = %d | %.3f | %s |\n", rr.EFSearch, v.Name, rr.Docs, v.Recall, verdict(v.Recall >= 0.95))
		}
	}
	for _, h := range r.HTTP {
		if h.Concurrency == 32 {
			fmt.Fprintf(&b, "| /api/ask ≥ 200 req/s at concurrency 32 | %.0f req/s | %s |\n", h.RPS, verdict(h.RPS >= 200))
			fmt.Fprintf(&b, "| /api/ask p99 ≤ 100 ms at concurrency 32 | %s ms | %s |\n", ms(h.P99), verdict(h.P99 <= 100*time.Millisecond))
			fmt.Fprintf(&b, "| zero errors | %d | %s |\n", h.Errors, verdict(h.Errors == 0))
			fmt.Fprintf(&b, "| server RSS ≤ 200 MB under load | %.0f MB | %s |\n", h.RSSMB, verdict(h.RSSMB <= 200))
		}
	}
	b.WriteString("\n## Ingest (files → committed rows with indexes)\n\n| letters | paragraphs | HNSW graph | wall time | of which index build | paragraphs/s | peak RSS |\n| --- | --- | --- | --- | --- | --- | --- |\n")
	for _, in := range r.Ingest {
		g := "no"
		if in.Graph {
			g = "yes"
		}
		fmt.Fprintf(&b, "| %d | %d | %s | %.2f s | %.2f s | %.0f | %.0f MB |\n", in.Docs, in.Paragraphs, g, in.Wall.Seconds(), in.IndexBuild.Seconds(), in.ParasPerSec(), float64(in.PeakRSSKB)/1024)
	}
	b.WriteString("\nLoading: binary `COPY` per document (one transaction each); into an empty corpus the full-text (and HNSW) indexes are dropped and built once after the load, as pgvector advises, with `maintenance_work_mem` sized to hold the graph (256 MB to 8 GB) and one parallel maintenance worker, the term statistics and GIN index beside it; later ingests maintain the indexes incrementally. The default, `--vector-index auto`, builds no HNSW graph for the built-in embedder, at any size (always one for a model's embeddings): the vector arm ranks exactly the paragraphs that share the question's words. `hnsw` and `none` force one or the other (the side-by-side table below).\n")
	if ix := r.Index; ix != nil {
		fmt.Fprintf(&b, "\n### Vector index strategies, side by side (N = %d, %d paragraphs)\n\n| strategy | wall time | of which index build | paragraphs/s |\n| --- | --- | --- | --- |\n", ix.Docs, ix.Paragraphs)
		for _, row := range []struct {
			name string
			in   IngestRow
		}{{"no vector index (`--vector-index none`; what `auto` does for the built-in embedder)", ix.None},
			{"HNSW built after the bulk load (`--vector-index hnsw`; what `auto` does for a model's embeddings)", ix.BulkThenBuild},
			{"insert into an HNSW-indexed table", ix.Indexed}} {
			fmt.Fprintf(&b, "| %s | %.2f s | %.2f s | %.0f |\n", row.name, row.in.Wall.Seconds(), row.in.IndexBuild.Seconds(), row.in.ParasPerSec())
		}
		fmt.Fprintf(&b, "\nNo index is %.1f× faster than building HNSW after the load, which is %.1f× faster than inserting into the graph. Quality and retrieval with each are in the README (Performance).\n",
			ix.BulkThenBuild.Wall.Seconds()/ix.None.Wall.Seconds(), ix.Indexed.Wall.Seconds()/ix.BulkThenBuild.Wall.Seconds())
	}
	if r.Compare != nil {
		c := r.Compare
		fmt.Fprintf(&b, "\n### Against langchaingo's `vectorstores/pgvector` (same chunks, same embedder, N = %d)\n\n| store | paragraphs | wall time | paragraphs/s |\n| --- | --- | --- | --- |\n| letters (`letters ingest`, %s) | %d | %.2f s | %.0f |\n| langchaingo `AddDocuments` (one call per letter, its HNSW index) | %d | %.2f s | %.0f |\n| ratio | | %.1f× | |\n",
			c.Docs, graphNote(r.Ingest[0]), r.Ingest[0].Paragraphs, c.Ours.Seconds(), float64(r.Ingest[0].Paragraphs)/c.Ours.Seconds(), c.Paragraphs, c.Langchaingo.Seconds(), float64(c.Paragraphs)/c.Langchaingo.Seconds(), c.Langchaingo.Seconds()/c.Ours.Seconds())
		if ix := r.Index; ix != nil && ix.None.Wall > 0 && ix.BulkThenBuild.Wall > 0 {
			other, name := ix.BulkThenBuild, "`--vector-index hnsw`, the graph built after the load"
			if r.Ingest[0].Graph {
				other, name = ix.None, "`--vector-index none`, no graph"
			}
			fmt.Fprintf(&b, "| letters (%s) | %d | %.2f s | %.0f |\n| ratio | | %.1f× | |\n",
				name, ix.Paragraphs, other.Wall.Seconds(), other.ParasPerSec(), c.Langchaingo.Seconds()/other.Wall.Seconds())
		}
		fmt.Fprintf(&b, "\nlangchaingo `SimilaritySearch` (k = 10) on its table: p50 / p95 / p99 = %s ms.\n", lat(c.LangSearch))
	}
	b.WriteString("\n## Retrieval latency (ms, p50 / p95 / p99, k = 10, one query at a time)\n\n| letters | paragraphs | hybrid (full path: parse, embed, SQL, rerank), all | … without a filter | … with a filter from the question | vector only | full-text only | vector + filter (authority, 3-year range) | filtered queries returning k rows (or all the filter admits) |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n")
	for _, rr := range r.Retrieve {
		fmt.Fprintf(&b, "| %d | %d | %s | %s | %s | %s | %s | %s | %.0f%% |\n", rr.Docs, rr.Paragraphs, lat(rr.Hybrid), lat(rr.HybridUnfiltered), lat(rr.HybridFiltered),
			lat(rr.Vector), lat(rr.Text), lat(rr.Filtered), rr.FilteredFull*100)
	}
	b.WriteString("\nA filter admitting at most 15,000 paragraphs is searched exactly (the vectors are inline half-precision values, about 1 µs each); a wider one walks the HNSW graph with pgvector's iterative index scans (`hnsw.iterative_scan = relaxed_order`, set per connection), so a selective filter still returns k rows. The full-text arm ranks at most 1,000 paragraphs per arm and uses only terms in at most max(2,000, 1 %) of the paragraphs, with document frequencies read from a table ingest keeps.\n")
	for _, rr := range r.Retrieve {
		if len(rr.Variants) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\n### Vector index variants (N = %d, %d paragraphs, build with 1 GB maintenance_work_mem and one parallel worker; recall@10 against exact search at the configured ef_search; the vector query alone, ms)\n\n| index | build | recall@10 | query p50 / p95 / p99 |\n| --- | --- | --- | --- |\n", rr.Docs, rr.Paragraphs)
		for _, v := range rr.Variants {
			fmt.Fprintf(&b, "| %s | %.2f s | %.3f | %s |\n", v.Name, v.Build.Seconds(), v.Recall, lat(v.Query))
		}
	}
	for _, rr := range r.Retrieve {
		if len(rr.Sparse) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\n### The built-in embedding as `sparsevec` (N = %d, %d paragraphs; the same features unfolded into 2^20 unsigned indexes; HNSW with the configured m and ef_construction and the same build settings as above; recall@10 against exact search over the sparse vectors at the configured ef_search)\n\n| vectors | non-zero per paragraph | COPY | HNSW build | index size | recall@10 | query p50 / p95 / p99 |\n| --- | --- | --- | --- | --- | --- | --- |\n", rr.Docs, rr.Paragraphs)
		if len(rr.Variants) > 0 {
			v := rr.Variants[0]
			fmt.Fprintf(&b, "| halfvec(1024) (configured; stored in paragraphs: %.0f MB) | 1024 | (in the load) | %.2f s | %.0f MB | %.3f | %s |\n",
				float64(rr.Sparse[0].DenseColumnBytes)/1e6, v.Build.Seconds(), float64(rr.Sparse[0].DenseIndexBytes)/1e6, v.Recall, lat(v.Query))
		}
		for _, v := range rr.Sparse {
			skipped := ""
			if v.Skipped > 0 {
				skipped = fmt.Sprintf(" (%d paragraphs over HNSW's 1,000 or with none left out)", v.Skipped)
			}
			fmt.Fprintf(&b, "| %s (table %.0f MB)%s | %.0f | %.2f s | %.2f s | %.0f MB | %.3f | %s |\n", v.Name, float64(v.TableBytes)/1e6, skipped,
				v.MeanNonZero, v.Load.Seconds(), v.Build.Seconds(), float64(v.IndexBytes)/1e6, v.Recall, lat(v.Query))
		}
	}
	b.WriteString("\n### Vector arm recall@10 against exact search\n\n")
	for _, rr := range r.Retrieve {
		if rr.VectorIndex != "hnsw" {
			b.WriteString("Without an index the vector arm sees only the paragraphs that share a searched word with the question, so it misses exact neighbours that share only common words, bigrams or trigrams: that is what it trades for building nothing. Whether answers lose by it is measured by the eval sets (README, Quality), not by this figure.\n\n")
			break
		}
	}
	b.WriteString("| letters | vector arm | recall@10 |\n| --- | --- | --- |\n")
	for _, rr := range r.Retrieve {
		if rr.VectorIndex != "hnsw" {
			fmt.Fprintf(&b, "| %d | no index (built-in embedder): the full-text candidates (≤ 6,000, or 300 with its rarest words) ranked exactly | %.3f |\n", rr.Docs, rr.ArmRecall)
			continue
		}
		efs := make([]int, 0, len(rr.Recall))
		for ef := range rr.Recall {
			efs = append(efs, ef)
		}
		sort.Ints(efs)
		for _, ef := range efs {
			mark := ""
			if ef == rr.EFSearch {
				mark = " (configured)"
			}
			fmt.Fprintf(&b, "| %d | HNSW, ef_search %d%s | %.3f |\n", rr.Docs, ef, mark, rr.Recall[ef])
		}
	}
	if len(r.Explain) > 0 {
		b.WriteString("\n## Query plans (`EXPLAIN (ANALYZE, BUFFERS)`)\n")
		keys := make([]string, 0, len(r.Explain))
		for k := range r.Explain {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			plan := r.Explain[k]
			question := ""
			if q, rest, ok := strings.Cut(plan, "\n\n"); ok && !strings.Contains(q, "\n") {
				question, plan = q, rest
			}
			uses := "does **not** use the HNSW index (sequential scan and sort)"
			switch {
			case reHNSWScan.MatchString(plan):
				uses = "uses the HNSW index"
			case strings.Contains(plan, "Index Scan using paragraphs_document"):
				uses = "exact search: the filter's paragraphs read by document and sorted by distance"
			case len(r.Retrieve) > 0 && r.Retrieve[0].VectorIndex != "hnsw" && strings.Contains(plan, "paragraphs_tsv"):
				uses = "no vector index: the full-text arm's candidates ranked by distance"
			}
			fmt.Fprintf(&b, "\n### %s — %s\n\n", k, uses)
			if question != "" {
				fmt.Fprintf(&b, "Question: %q\n\n", question)
			}
			fmt.Fprintf(&b, "```\n%s\n```\n", reVectorLiteral.ReplaceAllString(plan, "'[…]'"))
		}
	}
	b.WriteString("\n## /api/ask (extractive, five sample letters, loopback, `letters serve` as its own process)\n\n| concurrency | requests | req/s | p50 / p95 / p99 ms | errors | server RSS |\n| --- | --- | --- | --- | --- | --- |\n")
	for _, h := range r.HTTP {
		fmt.Fprintf(&b, "| %d | %d | %.0f | %s / %s / %s | %d | %.0f MB |\n", h.Concurrency, h.Requests, h.RPS, ms(h.P50), ms(h.P95), ms(h.P99), h.Errors, h.RSSMB)
	}
	if s := r.Soak; s != nil {
		fmt.Fprintf(&b, "\n## Mixed soak (ask 40%%, chat streams 20%%, search 20%%, documents 20%%; concurrency 32, %.0f s)\n\n| requests | req/s | p50 / p95 / p99 ms | 5xx | other errors | goroutines before → after | RSS before → after |\n| --- | --- | --- | --- | --- | --- | --- |\n| %d | %.0f | %s / %s / %s | %d | %d | %.0f → %.0f | %.0f → %.0f MB |\n",
			s.Duration.Seconds(), s.Requests, s.RPS, ms(s.P50), ms(s.P95), ms(s.P99), s.ServerErrs, s.Errors-s.ServerErrs, s.GoroutinesBefore, s.GoroutinesAfter, s.RSSBeforeMB, s.RSSAfterMB)
	}
	b.WriteString("\n## Commands\n\n")
	for _, c := range r.Commands {
		b.WriteString("- `" + c + "`\n")
	}
	return b.String()
}

// graphNote says how a corpus was loaded: with or without the HNSW graph,
// and by which --vector-index.
func graphNote(in IngestRow) string {
	mode := "`--vector-index " + in.Mode + "`"
	if in.Mode == store.VectorIndexAuto {
		mode = "the default `--vector-index auto`"
	}
	if in.Graph {
		return mode + ": HNSW graph built"
	}
	return mode + ": no graph"
}

// thousands writes n with a comma between each group of three digits.
func thousands(n int64) string {
	d := fmt.Sprint(n)
	for i := len(d) - 3; i > 0; i -= 3 {
		d = d[:i] + "," + d[i:]
	}
	return d
}
