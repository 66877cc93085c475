package store

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/letters-app/letters"

	"github.com/jackc/pgx/v5"
	"github.com/pgvector/pgvector-go"
)

// hybridSQL fuses a vector nearest-neighbour arm and a full-text arm with
// reciprocal rank fusion (k = 60). The vector arm orders by distance and
// limits inside its CTE, on paragraphs alone, so that the HNSW index is used;
// a metadata filter arrives as a bitmap of the matching documents' ids ($5:
// withBits; a search without one takes withoutFilter's text), which HNSW's
// iterative scan applies while walking the graph (hybridExactSQL instead reads the documents' paragraphs
// by their index and sorts them, for filters that admit few paragraphs).
const hybridSQL = `
WITH vec AS (
    SELECT p.id, p.embedding <=> $1 AS dist
    FROM paragraphs p
    WHERE $2::boolean AND p.embedding IS NOT NULL
      AND ADMITS(p)
    ORDER BY p.embedding <=> $1
    LIMIT $6
), ` + ftsSQL

// lexicalSQL is hybridSQL for a corpus whose vectors have no HNSW index
// (the built-in embedder, whose hashed vectors carry the same words as the
// full-text index): the vector arm ranks exactly, by distance, the
// paragraphs that share the question's words (lexicalCandidates), instead
// of walking a graph over the whole corpus. A hashed-word vector is close
// to a question only through the words, bigrams and trigrams they share,
// so a paragraph sharing no searched word is rarely among its nearest
// anyway; building no graph is what makes ingest fast (BENCHMARKS.md).
const lexicalSQL = `
WITH ` + lexicalCandidates + `, vec AS (
    SELECT c.id, c.dist
    FROM (SELECT c.id, c.dist, rank() OVER (ORDER BY c.dist) AS place
          FROM cand c
          WHERE $2::boolean AND c.dist IS NOT NULL) c
    WHERE c.place <= $6
    LIMIT $6 + 100
), ` + ftsSQL

// lexicalCandidates are the paragraphs lexicalSQL's vector arm ranks, as
// CTEs ending in cand: up to 3,000 with all of the question's two rarest
// selective terms ($8) and 3,000 with any selective term ($4) — three
// times what the full-text arm ranks, since a selective term may be in
// up to max(2,000, 1 %) paragraphs and the first 1,000 the index returns
// are in no useful order (300 synthetic letters: test mrr .573 -> .581
// against 1,000) — or, when those find none, up to 300 with both of the
// two rarest words the corpus has, however common ($9), or with either
// when none has both ($10). So a question of common words ("how do
// leaders support social workers?"), or one whose selective words are in
// no paragraph ("which actions is the principal social worker
// responsible for?" where no letter says "principal"), still gets the
// paragraphs that share its words, ranked by distance, though not
// necessarily the nearest of all (an HNSW graph would find those). Before,
// such a question fell to Search's exact scan of every paragraph (300 ms
// at 650,000 paragraphs). The common words' arms take 300: a posting list
// of a fifth of the corpus is read by document for a wide filter (650k
// paragraphs, the benchmark's questions: p95 48 -> 43 ms against 1,000;
// the eval sets, 300 synthetic letters beside included, unchanged). Each
// candidate's distance to the question ($1; NULL without an embedding) is
// taken as the candidates are read: looked up again by id, 3,000
// candidates took 12 ms at 650,000 paragraphs.
const lexicalCandidates = `
sel AS MATERIALIZED (
    (SELECT p.id, p.embedding <=> $1 AS dist
     FROM paragraphs p, to_tsquery('english', $8) q
     WHERE $8 <> '' AND p.tsv @@ q
       AND ADMITS(p)
     LIMIT 3000)
    UNION
    (SELECT p.id, p.embedding <=> $1 AS dist
     FROM paragraphs p, websearch_to_tsquery('english', $4) q
     WHERE $4 <> '' AND p.tsv @@ q
       AND ADMITS(p)
     LIMIT 3000)
), near AS MATERIALIZED (
    SELECT p.id, p.embedding <=> $1 AS dist
    FROM paragraphs p, to_tsquery($11::regconfig, $9) q
    WHERE $9 <> '' AND NOT EXISTS (SELECT 1 FROM sel) AND NEARMATCH(p)
      AND ADMITS(p)
    LIMIT 300
), cand AS MATERIALIZED (
    SELECT id, dist FROM sel
    UNION ALL
    SELECT id, dist FROM near
    UNION ALL
    (SELECT p.id, p.embedding <=> $1 AS dist
     FROM paragraphs p, websearch_to_tsquery('english', $10) q
     WHERE $10 <> '' AND NOT EXISTS (SELECT 1 FROM sel) AND NOT EXISTS (SELECT 1 FROM near) AND NEARMATCH(p)
       AND ADMITS(p)
     LIMIT 300)
)`

// ADMITS(p), in the queries above, stands for the condition that
// paragraph p's document passes the search's filter, $5; each query is
// prepared in the forms a search needs (searchSQL):
//   - a bitmap of the admitted document ids (withBits), for a filter that
//     may admit thousands of documents. Given thousands of ids instead,
//     Postgres estimated the selectivity of each for each arm when planning
//     the query: 34 ms to plan a question filtered to one kind of letter at
//     20,000 letters (13,000 admitted), against 9 ms to run it; a bitmap is
//     one value to the planner and a bit to test per row;
//   - an array of ids (withIDs), for the exact query (few documents, whose
//     paragraphs it reads by document);
//   - no condition and no $5 at all (withoutFilter), for a search without a
//     filter: a plan kept for it (generic) is not made for some filter.
var admits = regexp.MustCompile(`ADMITS\((\w+)\)`)

// NEARMATCH(p), in lexicalCandidates, is p.tsv @@ q for the arms that take
// 300 paragraphs holding the question's common words ($9, $10), in one of
// two forms (nearForm), both reading the table in its physical order, so
// that they find the same 300:
//   - through the full-text index (nearIndex): the index first lists
//     every paragraph holding the words, then the first 300 are read. For
//     words in a sixth of the corpus ("front door"), the listing took 24 of
//     the query's 33 ms at 650,000 paragraphs;
//   - by reading the table until 300 are found (nearScan: the index cannot
//     serve "(…) IS TRUE"): about 300 / share rows (2,200 for "front
//     door", 5 ms), but the whole table when few paragraphs hold them.
//
// The planner knows neither how many paragraphs the filter admits nor how
// the words' counts combine, and chose the index for "front door"; search
// chooses by the estimate the query carries (NearHits).
var nearMatch = regexp.MustCompile(`NEARMATCH\((\w+)\)`)

// nearForm is how NEARMATCH(p) finds the paragraphs holding the words.
type nearForm int

const (
	nearIndex nearForm = iota
	nearScan
)

func withNear(sql string, form nearForm) string {
	if form == nearScan {
		return nearMatch.ReplaceAllString(sql, `($1.tsv @@ q) IS TRUE`)
	}
	return nearMatch.ReplaceAllString(sql, `$1.tsv @@ q`)
}

// nearFormFor chooses how to find the 300 paragraphs holding q's Near
// words: by reading the table when that is expected to read fewer rows
// than the index would list (300 / share of the admitted paragraphs
// holding them, against how many hold them), else through the index; the
// index when the query carries no estimate. admitted: the paragraphs the
// filter admits (0: no filter).
func nearFormFor(q letters.SearchQuery, admitted int64) nearForm {
	if q.NearHits <= 0 || q.Paragraphs <= 0 {
		return nearIndex
	}
	hits, rows := q.NearHits, float64(q.Paragraphs)
	if admitted > 0 {
		hits *= float64(admitted) / rows
	}
	if hits < 300 {
		return nearIndex
	}
	if read := 300 * rows / hits; read < hits {
		return nearScan
	}
	return nearIndex
}

// withBits is sql with ADMITS(p) read from the bitmap $5 (idBits). A
// document id past its end is not admitted.
func withBits(sql string) string {
	return admits.ReplaceAllString(sql,
		`CASE WHEN $1.document_id < 8 * octet_length($$5::bytea) THEN get_bit($$5::bytea, $1.document_id) = 1 END`)
}

// withIDs is sql with ADMITS(p) read from the array of ids $5.
func withIDs(sql string) string {
	return admits.ReplaceAllString(sql, `$1.document_id = ANY($$5::bigint[])`)
}

var (
	paramFive      = regexp.MustCompile(`\$5\b`)
	paramAfterFive = regexp.MustCompile(`\$([6-9]|[1-9][0-9])\b`)
)

// withoutFilter is sql admitting every paragraph, with no parameter $5:
// the ones after it are renumbered ($6 is $5, and so on).
func withoutFilter(sql string) string {
	sql = admits.ReplaceAllString(sql, "true")
	if paramFive.MatchString(sql) {
		panic("store: withoutFilter: $5 outside ADMITS(p)")
	}
	return paramAfterFive.ReplaceAllStringFunc(sql, func(m string) string {
		n, _ := strconv.Atoi(m[1:])
		return "$" + strconv.Itoa(n-1)
	})
}

// idBits is the bitmap of ids that withBits reads: bit n (the n%8-th
// lowest bit of byte n/8, as get_bit numbers them) is set for id n.
func idBits(ids []int64) []byte {
	var top int64 = -1
	for _, id := range ids {
		top = max(top, id)
	}
	b := make([]byte, top/8+1)
	for _, id := range ids {
		if id >= 0 {
			b[id/8] |= 1 << (id % 8)
		}
	}
	return b
}

// A search's query: which one (hybridSQL, lexicalSQL or hybridExactSQL)
// and how it reads the filter.
type searchSQL int

const (
	graphAll        searchSQL = iota // hybridSQL, no filter
	graphBits                        // hybridSQL, a bitmap filter
	lexicalAll                       // lexicalSQL, no filter
	lexicalBits                      // lexicalSQL, a bitmap filter
	exactIDs                         // hybridExactSQL, filtered to few documents
	lexicalAllScan                   // lexicalAll, its Near arms reading the table (nearScan)
	lexicalBitsScan                  // lexicalBits, likewise
	numSearchSQL
)

// searchSQLs holds each searchSQL's text, made once.
var searchSQLs = [numSearchSQL]string{
	graphAll:        withoutFilter(hybridSQL),
	graphBits:       withBits(hybridSQL),
	lexicalAll:      withoutFilter(withNear(lexicalSQL, nearIndex)),
	lexicalBits:     withBits(withNear(lexicalSQL, nearIndex)),
	exactIDs:        withIDs(hybridExactSQL),
	lexicalAllScan:  withoutFilter(withNear(lexicalSQL, nearScan)),
	lexicalBitsScan: withBits(withNear(lexicalSQL, nearScan)),
}

func (s searchSQL) lexical() bool {
	return s == lexicalAll || s == lexicalBits || s == lexicalAllScan || s == lexicalBitsScan
}

// hybridExactSQL is hybridSQL with an exact vector arm, for filters that
// leave few documents: the distances are taken in a subquery kept apart
// (OFFSET 0), each once, so that the planner reads the filtered paragraphs
// by document and ranks them, instead of walking the HNSW graph past
// everything the filter rejects.
const hybridExactSQL = `
WITH vec AS (
    SELECT p.id, p.dist
    FROM (SELECT p.id, p.dist, rank() OVER (ORDER BY p.dist) AS place
          FROM (SELECT p.id, p.embedding <=> $1 AS dist
                FROM paragraphs p
                WHERE $2::boolean AND p.embedding IS NOT NULL
                  AND p.document_id = ANY($5)
                OFFSET 0) p) p
    WHERE p.place <= $6
    LIMIT $6 + 100
), ` + ftsSQL

// ftsSQL is the rest of the hybrid query: the full-text arm and the fusion.
// The vector arm's first $6 (vr) are ordered by distance, then by the
// stable key: the exact arms (lexicalSQL's, hybridExactSQL's) hand it
// every paragraph as near as the $6-th (ties kept), so that which of two
// equally near paragraphs (a sentence every letter repeats) is kept does
// not depend on the order the rows were read in, which differs between
// two ingests of the same letters. Up to 100 ties are kept (LIMIT $6 +
// 100): without a limit Postgres expected a third of the candidates to
// pass, and joined them to paragraphs by reading the whole table (32,621
// paragraphs: p95 20 -> 39 ms).
// The full-text arm ranks at most 1,000 paragraphs that have all of the
// query's two rarest terms ($8, to_tsquery syntax built from sanitised
// words) together with at most 1,000 that have any of its selective terms
// ($4), so that no question makes it rank a large part of the corpus. Of
// each thousand, only those ranked as high as the $6-th (place, ties
// included) are joined to their documents for the stable order of ties:
// joining all of them, Postgres read every document (6 of 34 ms at 20,000
// letters).
const ftsSQL = `vr AS (
    SELECT v.id, v.r
    FROM (SELECT v.id, row_number() OVER (ORDER BY v.dist, ` + stableKey + `) AS r
          FROM vec v JOIN paragraphs p ON p.id = v.id JOIN documents d ON d.id = p.document_id) v
    WHERE v.r <= $6
), fts_all AS (
    SELECT p.id, p.rank
    FROM (SELECT p.id, p.document_id, p.ordinal, p.rank, rank() OVER (ORDER BY p.rank DESC) AS place
          FROM (SELECT p.id, p.document_id, p.ordinal, ts_rank_cd(p.tsv, q, 32) AS rank
                FROM paragraphs p, to_tsquery('english', $8) q
                WHERE $3::boolean AND $8 <> '' AND p.tsv @@ q
                  AND ADMITS(p)
                LIMIT 1000) p) p
         JOIN documents d ON d.id = p.document_id
    WHERE p.place <= $6
    ORDER BY p.rank DESC, ` + stableKey + `
    LIMIT $6
), fts_any AS (
    SELECT p.id, p.rank
    FROM (SELECT p.id, p.document_id, p.ordinal, p.rank, rank() OVER (ORDER BY p.rank DESC) AS place
          FROM (SELECT p.id, p.document_id, p.ordinal, ts_rank_cd(p.tsv, q, 32) AS rank
                FROM paragraphs p, websearch_to_tsquery('english', $4) q
                WHERE $3::boolean AND p.tsv @@ q
                  AND ADMITS(p)
                LIMIT 1000) p) p
         JOIN documents d ON d.id = p.document_id
    WHERE p.place <= $6
    ORDER BY p.rank DESC, ` + stableKey + `
    LIMIT $6
), fts AS (
    SELECT id, max(rank) AS rank FROM (SELECT * FROM fts_all UNION ALL SELECT * FROM fts_any) u GROUP BY id
), fr AS (
    SELECT f.id, row_number() OVER (ORDER BY f.rank DESC, ` + stableKey + `) AS r
    FROM fts f JOIN paragraphs p ON p.id = f.id JOIN documents d ON d.id = p.document_id
    ORDER BY r LIMIT $6
), fused AS (
    SELECT coalesce(vr.id, fr.id) AS id, vr.r AS vrank, fr.r AS frank,
           coalesce(1.0 / (60 + vr.r), 0) + coalesce(1.0 / (60 + fr.r), 0) AS score
    FROM vr FULL JOIN fr ON vr.id = fr.id
)
SELECT p.id, p.document_id, p.ordinal, p.label, p.section, p.text, p.start_offset, p.end_offset,
       d.slug, d.title, d.kind, d.authority, d.letter_date, d.source_name, d.visit_start, d.visit_end,
       f.score, coalesce(f.vrank, 0), coalesce(f.frank, 0), coalesce(p.key, d.slug || '#' || p.label)
FROM fused f
JOIN paragraphs p ON p.id = f.id
JOIN documents d ON d.id = p.document_id
ORDER BY f.score DESC, ` + stableKey + `
LIMIT $7`

// stableKey ends every ordering in retrieval (with a paragraph p and its
// document d in scope): newest letter first, then file name, path and
// paragraph ordinal (not the slug: which of two files with the same metadata
// gets the plain slug depends on which was written first). Paragraph ids depend on the order parallel ingest workers wrote
// the documents, so ties between identical paragraphs of two letters were
// broken differently after each fresh ingest.
const stableKey = `d.letter_date DESC NULLS LAST, d.source_name, d.source_path, p.ordinal`

// exactMaxParagraphs: a filter admitting documents with at most this many
// paragraphs in all gets the exact vector arm: reading 10,000 inline
// half-precision vectors takes about 10 ms, less than an HNSW scan that
// skips the 98 % of the graph a one-authority filter rejects, and it is
// exact.
const exactMaxParagraphs = 15000

// filterSQL finds the documents a filter admits, and how many paragraphs
// they have, in one row (from the documents_admit index alone, when it
// covers the filter). A date range admits a document whose letter (or
// meeting, or publication) date or whose visit dates fall in it: "the 2023
// inspection" was published in January 2024.
const filterSQL = `
SELECT coalesce(array_agg(d.id), '{}'), coalesce(sum(d.paragraph_count), 0)
FROM documents d
WHERE (cardinality($1::text[]) = 0 OR d.authority = ANY($1))
  AND (cardinality($2::text[]) = 0 OR d.kind = ANY($2))
  AND ($3::date IS NULL OR d.letter_date >= $3 OR d.visit_end >= $3)
  AND ($4::date IS NULL OR d.letter_date <= $4 OR d.visit_start <= $4)
  AND (cardinality($5::bigint[]) = 0 OR d.id = ANY($5))`

// filterDocuments returns the ids of the documents a filter admits and how
// many paragraphs they have, or nil when the filter admits everything.
func (db *DB) filterDocuments(ctx context.Context, f letters.Filter) ([]int64, int64, bool, error) {
	if len(f.Authorities) == 0 && len(f.Kinds) == 0 && f.From == nil && f.To == nil && len(f.DocumentIDs) == 0 {
		return nil, 0, false, nil
	}
	auth, kinds, ids := f.Authorities, f.Kinds, f.DocumentIDs
	if auth == nil {
		auth = []string{}
	}
	if kinds == nil {
		kinds = []string{}
	}
	if ids == nil {
		ids = []int64{}
	}
	var out []int64
	var paras int64
	err := db.read.QueryRow(ctx, filterSQL, auth, kinds, f.From, f.To, ids).Scan(&out, &paras)
	return out, paras, true, wrap("filter", err)
}

// FilteredParagraphs counts the paragraphs with an embedding in the
// documents a filter admits (all of them for an empty filter).
func (db *DB) FilteredParagraphs(ctx context.Context, f letters.Filter) (int64, error) {
	ids, _, filtered, err := db.filterDocuments(ctx, f)
	if err != nil {
		return 0, err
	}
	var n int64
	err = db.read.QueryRow(ctx, `SELECT count(*) FROM paragraphs WHERE embedding IS NOT NULL AND (NOT $1 OR document_id = ANY($2))`,
		filtered, ids).Scan(&n)
	return n, wrap("filtered paragraphs", err)
}

// Search runs hybrid retrieval.
func (db *DB) Search(ctx context.Context, q letters.SearchQuery) ([]letters.Passage, error) {
	out, lexical, err := db.searchOnce(ctx, q, byWords)
	if err != nil || len(out) > 0 || !lexical || q.Arms == "text" || len(q.Vector) == 0 || isZero(q.Vector) {
		// found, or not the lexical query (the graph's, or the exact
		// one a narrow filter gets: nothing more to find)
		return out, err
	}
	// without a vector index, no word of the question is in any paragraph
	// (an off-topic question, a word the letters never use): the nearest
	// paragraphs sharing the beginning of one of its words ("LADO" finds
	// nothing, "stand" finds "standard"), its first four letters, else
	// its first three (the hashed vector's character trigrams begin so:
	// "^la", "lad"); then, sharing nothing at all, the nearest by an exact
	// scan, so that a refusal still shows the closest passages (a
	// sequential scan: 450-575 ms at 650,000 paragraphs; of the
	// benchmark's questions the three-letter prefixes leave 3 of 6 to it)
	for _, how := range []candidates{byPrefixes, byShortPrefixes} {
		if prefixQuery(q, how.prefixLen()) == "" {
			continue
		}
		if out, _, err = db.searchOnce(ctx, q, how); err != nil || len(out) > 0 {
			return out, err
		}
	}
	out, _, err = db.searchOnce(ctx, q, byScan)
	return out, err
}

// How the vector arm without an index finds its candidates (search).
type candidates int

const (
	byWords         candidates = iota // the full-text arm's words (lexicalSQL)
	byPrefixes                        // the first four letters of the question's words (prefixQuery)
	byShortPrefixes                   // their first three
	byScan                            // every paragraph the filter admits (exact)
)

// prefixLen is how much of a word a search by prefixes keeps (0: none).
func (c candidates) prefixLen() int {
	switch c {
	case byPrefixes:
		return 4
	case byShortPrefixes:
		return 3
	}
	return 0
}

// prefixQuery is the to_tsquery text matching any word that begins as one
// of q's words of at least prefixLen letters does ("" for none).
func prefixQuery(q letters.SearchQuery, prefixLen int) string {
	var out []string
	seen := map[string]bool{}
	for _, ts := range [][]letters.SearchTerm{q.Any, q.All, q.Near} {
		for _, t := range ts {
			for _, p := range t {
				for _, w := range strings.Fields(strings.ToLower(tsWords(p))) {
					r := []rune(w)
					if len(r) < prefixLen {
						continue
					}
					w = string(r[:prefixLen])
					if !seen[w] {
						seen[w] = true
						out = append(out, w+":*")
					}
				}
			}
		}
	}
	return strings.Join(out, " | ")
}

// searchOnce runs the hybrid query once; lexical reports whether it was
// the lexical one (lexicalSQL), whose candidates depend on how.
func (db *DB) searchOnce(ctx context.Context, q letters.SearchQuery, how candidates) (out []letters.Passage, lexical bool, err error) {
	err = db.search(ctx, q, "", how, &lexical, func(rows pgx.Rows) error {
		var err error
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (letters.Passage, error) {
			var p letters.Passage
			var date, vs, ve *time.Time
			err := r.Scan(&p.ID, &p.DocumentID, &p.Ordinal, &p.Label, &p.Section, &p.Text, &p.StartOffset, &p.EndOffset,
				&p.Document.Slug, &p.Document.Title, &p.Document.Kind, &p.Document.Authority, &date, &p.Document.SourceName, &vs, &ve,
				&p.Score, &p.VectorRank, &p.TextRank, &p.Key)
			fillRef(&p, date)
			fillVisit(&p, vs, ve)
			return p, err
		})
		return err
	})
	if err != nil {
		return nil, lexical, wrap("search", err)
	}
	if out == nil {
		out = []letters.Passage{}
	}
	for i := range out {
		out[i].Rank = i + 1
	}
	return out, lexical, nil
}

// ExplainSearch returns EXPLAIN (ANALYZE, BUFFERS) of the query Search runs
// for q, with the same settings.
func (db *DB) ExplainSearch(ctx context.Context, q letters.SearchQuery) (string, error) {
	var plan string
	var lexical bool
	err := db.search(ctx, q, `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) `, byWords, &lexical, func(rows pgx.Rows) error {
		lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
		plan = strings.Join(lines, "\n")
		return err
	})
	return plan, wrap("explain", err)
}

// search runs the hybrid query for q with its settings and hands its rows
// to run. prefix goes before the SQL (EXPLAIN); how: where the vector arm
// without an index finds its candidates (byScan: it scans every paragraph
// the filter admits).
func (db *DB) search(ctx context.Context, q letters.SearchQuery, prefix string, how candidates, lexical *bool, run func(rows pgx.Rows) error) error {
	k := q.K
	if k <= 0 {
		k = 8
	}
	depth := q.Depth
	if depth < k {
		depth = max(k, 40)
	}
	useVec := len(q.Vector) > 0 && !isZero(q.Vector) && q.Arms != "text"
	anyText, allText := websearchText(q.Any), tsqueryAll(q.All)
	useText := anyText != "" && q.Arms != "vector"
	vec := q.Vector
	if !useVec {
		_, dim, err := db.EmbedderInfo(ctx)
		if err != nil {
			return err
		}
		if dim == 0 {
			dim = 1
		}
		vec = make([]float32, dim)
		vec[0] = 1
	}
	docIDs, paras, filtered, err := db.filterDocuments(ctx, q.Filter)
	if err != nil {
		return err
	}
	if filtered && len(docIDs) == 0 {
		return nil // no document matches the filter
	}
	graph := db.useHNSW
	var which searchSQL
	switch {
	case filtered && paras <= db.exactMax:
		which = exactIDs
	case !graph && how != byScan && filtered:
		which = lexicalBits
	case !graph && how != byScan:
		which = lexicalAll
	case filtered:
		which = graphBits
	default:
		which = graphAll
	}
	if which.lexical() && how == byWords {
		admitted := int64(0)
		if filtered {
			admitted = paras
		}
		if nearFormFor(q, admitted) == nearScan {
			switch which {
			case lexicalAll:
				which = lexicalAllScan
			case lexicalBits:
				which = lexicalBitsScan
			}
		}
	}
	// The unfiltered vector arm runs with sequential scans off: pgvector's cost
	// model prices a brute-force scan of 1024-dimension vectors far too low,
	// so at tens of thousands of rows the planner chose a scan and sort over
	// the HNSW index (109 ms against 6 ms, BENCHMARKS.md). The setting and
	// the query go in one batch: one round trip, one implicit transaction,
	// which is as far as the setting (is_local) lasts.
	seqscan := "on"
	if useVec && graph && (which == graphAll || which == graphBits) {
		seqscan = "off"
	}
	// Planning this query was a third of the database's time per question on
	// the sample letters, and its plan rarely depends on the values: without
	// a filter, or with a narrow one (the exact arm reads the filter's
	// documents by index), Postgres may keep a generic plan per connection.
	// A wide filter's query is planned with its values each time: its
	// generic plan read a wide filter's paragraphs by document (53 ms at
	// 650,000 paragraphs, 13,000 documents admitted; planned with the
	// values, a bitmap scan of the words: 9 ms).
	plans := "auto"
	if which == graphBits || which == lexicalBits || which == lexicalBitsScan {
		plans = "force_custom_plan"
	}
	// The lexical query's arms take the first paragraphs they find (LIMIT
	// without an order): a sequential scan must then start at the table's
	// first page, not join one already running elsewhere in the table
	// (synchronize_seqscans), nor be split between parallel workers, so
	// that the same question finds the same candidates every time. (The
	// others order every arm, and keep the server's settings: parallel
	// workers halve an exact scan of every vector.)
	b := &pgx.Batch{}
	if which.lexical() {
		b.Queue(`SELECT set_config('enable_seqscan', $1, true), set_config('plan_cache_mode', $2, true),
			set_config('synchronize_seqscans', 'off', true), set_config('max_parallel_workers_per_gather', '0', true)`, seqscan, plans)
	} else {
		b.Queue(`SELECT set_config('enable_seqscan', $1, true), set_config('plan_cache_mode', $2, true)`, seqscan, plans)
	}
	args := []any{pgvector.NewHalfVector(vec), useVec, useText, anyText, nil, depth, k, allText}
	if which.lexical() && how.prefixLen() > 0 {
		// the prefixes as the candidates of the rarest words' arm ($9),
		// which runs when the words' arms ($4, $8) are empty; read with
		// the simple configuration, which neither stems a prefix ("copy"
		// to "copi") nor drops one that is a stopword ("over", "some")
		args[3], args[7] = "", ""
		args = append(args, prefixQuery(q, how.prefixLen()), "", "simple")
	} else if which.lexical() {
		args = append(args, tsqueryEvery(q.Near), websearchText(q.Near), "english")
	}
	switch which {
	case graphAll, lexicalAll, lexicalAllScan:
		args = append(args[:4], args[5:]...) // no $5
	case graphBits, lexicalBits, lexicalBitsScan:
		args[4] = idBits(docIDs)
	default:
		args[4] = docIDs
	}
	*lexical = which.lexical()
	sql := searchSQLs[which]
	b.Queue(prefix+sql, args...)
	br := db.read.SendBatch(ctx, b)
	defer br.Close()
	if _, err := br.Exec(); err != nil {
		return err
	}
	rows, err := br.Query()
	if err != nil {
		return err
	}
	return run(rows)
}

// websearchText is the websearch_to_tsquery text of terms: every
// alternative of every term joined with "or", phrases quoted (Postgres
// stems the words itself); "" for none.
func websearchText(terms []letters.SearchTerm) string {
	var out []string
	for _, t := range terms {
		for _, p := range t {
			p = tsWords(p)
			if p == "" {
				continue
			}
			if strings.Contains(p, " ") {
				p = `"` + p + `"`
			}
			out = append(out, p)
		}
	}
	return strings.Join(out, " or ")
}

// tsqueryAll is the to_tsquery text requiring every term (each one of its
// alternatives, a phrase as words in sequence); "" when there are fewer
// than two terms or a term has no word left to search.
func tsqueryAll(terms []letters.SearchTerm) string {
	if len(terms) < 2 {
		return ""
	}
	return tsqueryEvery(terms)
}

// tsqueryEvery is the to_tsquery text requiring every one of terms (any
// number, "" for none).
func tsqueryEvery(terms []letters.SearchTerm) string {
	var parts []string
	for _, t := range terms {
		var alts []string
		for _, p := range t {
			if p = tsWords(p); p != "" {
				alts = append(alts, strings.Join(strings.Fields(p), " <-> "))
			}
		}
		if len(alts) == 0 {
			return ""
		}
		parts = append(parts, "("+strings.Join(alts, " | ")+")")
	}
	return strings.Join(parts, " & ")
}

// tsWords keeps only the letters and digits of s, words separated by one
// space, so that nothing in it is full-text query syntax.
func tsWords(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }), " ")
}

func isZero(v []float32) bool {
	for _, x := range v {
		if x != 0 {
			return false
		}
	}
	return true
}

// exactStatsMax: up to this many paragraphs, a phrase's count is exact;
// above, it is the count of its rarest word.
const exactStatsMax = 50000

// termCountSQL reads document frequencies from term_stats, which ingest
// keeps in step with the paragraphs: one index lookup per lexeme. A
// phrase (several lexemes, all required) is counted exactly on a small
// corpus ($2) and estimated by its rarest lexeme on a large one.
const termCountSQL = `
SELECT w, CASE
    WHEN numnode(q) = 0 THEN -1
    WHEN $2::boolean AND cardinality(lx) > 1 THEN (SELECT count(*) FROM paragraphs WHERE tsv @@ q)
    ELSE coalesce((SELECT min(coalesce(t.df, 0)) FROM unnest(lx) l LEFT JOIN term_stats t ON t.lexeme = l), 0)
    END
FROM unnest($1::text[]) AS w,
     plainto_tsquery('english', w) AS q,
     tsvector_to_array(to_tsvector('english', w)) AS lx`

// TermCounts returns, for each word, the number of paragraphs containing it
// (after Postgres's English stemming; -1 for a word that is a stopword
// there) and the total number of paragraphs.
func (db *DB) TermCounts(ctx context.Context, words []string) (map[string]int, int, error) {
	out := make(map[string]int, len(words))
	var total int
	if err := db.read.QueryRow(ctx, `SELECT coalesce((SELECT df FROM term_stats WHERE lexeme = ''), 0)`).Scan(&total); err != nil {
		return nil, 0, wrap("term counts", err)
	}
	if len(words) == 0 {
		return out, total, nil
	}
	rows, err := db.read.Query(ctx, termCountSQL, words, total <= exactStatsMax)
	if err != nil {
		return nil, 0, wrap("term counts", err)
	}
	for rows.Next() {
		var w string
		var n int
		if err := rows.Scan(&w, &n); err != nil {
			rows.Close()
			return nil, 0, wrap("term counts", err)
		}
		out[w] = n
	}
	return out, total, wrap("term counts", rows.Err())
}

// latestSQL finds, for each authority ($1: these only, or all), its newest
// dated document of the kinds ($2) and dates ($3, $4) asked for, newest by
// letter date, then file name and path; in authority order. It walks the
// authorities in the documents_latest index (a loose index scan: one probe
// for the next authority, one for its newest document) instead of sorting
// every document by authority and date (20,000 documents: 26 -> under 1
// ms).
const latestSQL = `
WITH RECURSIVE a AS (
    (SELECT d.authority FROM documents d WHERE d.letter_date IS NOT NULL ORDER BY d.authority LIMIT 1)
    UNION ALL
    SELECT (SELECT d.authority FROM documents d
            WHERE d.letter_date IS NOT NULL AND d.authority > a.authority
            ORDER BY d.authority LIMIT 1)
    FROM a WHERE a.authority IS NOT NULL
)
SELECT l.id
FROM a CROSS JOIN LATERAL (
    SELECT d.id FROM documents d
    WHERE d.authority = a.authority AND d.letter_date IS NOT NULL
      AND (cardinality($2::text[]) = 0 OR d.kind = ANY($2))
      AND ($3::date IS NULL OR d.letter_date >= $3)
      AND ($4::date IS NULL OR d.letter_date <= $4)
      AND NOT (` + futureDatedSQL + `)
    ORDER BY d.letter_date DESC, d.source_name, d.source_path
    LIMIT 1) l
WHERE a.authority IS NOT NULL AND (cardinality($1::text[]) = 0 OR a.authority = ANY($1))
ORDER BY a.authority`

// LatestDocuments returns the ids of the newest documents matching the
// filter (by letter date), at most one per authority; a document dated
// after it was ingested (futureDatedSQL) is never the newest.
func (db *DB) LatestDocuments(ctx context.Context, f letters.Filter) ([]int64, error) {
	auth, kinds := f.Authorities, f.Kinds
	if auth == nil {
		auth = []string{}
	}
	if kinds == nil {
		kinds = []string{}
	}
	rows, err := db.read.Query(ctx, latestSQL, auth, kinds, f.From, f.To)
	if err != nil {
		return nil, wrap("latest documents", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	return ids, wrap("latest documents", err)
}

// Authorities lists the distinct local authorities in the corpus.
func (db *DB) Authorities(ctx context.Context) ([]string, error) {
	rows, err := db.read.Query(ctx, `SELECT DISTINCT authority FROM documents WHERE authority <> '' ORDER BY authority`)
	if err != nil {
		return nil, wrap("authorities", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	return out, wrap("authorities", err)
}

// CheckTermStats compares the kept term statistics with a count over every
// paragraph and returns an error naming the first differences (none: nil).
func (db *DB) CheckTermStats(ctx context.Context) error {
	rows, err := db.pool.Query(ctx, `
		WITH truth AS (
		    SELECT word AS lexeme, ndoc::bigint AS df FROM ts_stat('SELECT tsv FROM paragraphs')
		    UNION ALL SELECT '', count(*) FROM paragraphs
		), kept AS (SELECT lexeme, df FROM term_stats WHERE df <> 0)
		SELECT coalesce(t.lexeme, k.lexeme), coalesce(t.df, 0), coalesce(k.df, 0)
		FROM truth t FULL JOIN kept k ON k.lexeme = t.lexeme
		WHERE t.df IS DISTINCT FROM k.df
		ORDER BY 1 LIMIT 5`)
	if err != nil {
		return wrap("check term statistics", err)
	}
	var diffs []string
	for rows.Next() {
		var l string
		var want, got int64
		if err := rows.Scan(&l, &want, &got); err != nil {
			rows.Close()
			return wrap("check term statistics", err)
		}
		diffs = append(diffs, fmt.Sprintf("%q: kept %d, counted %d", l, got, want))
	}
	if err := rows.Err(); err != nil {
		return wrap("check term statistics", err)
	}
	if len(diffs) > 0 {
		return fmt.Errorf("store: term statistics out of step: %s", strings.Join(diffs, "; "))
	}
	return nil
}
