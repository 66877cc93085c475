package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/letters-app/letters"
)

// DefaultBulkThreshold is the number of documents from which a load into
// an empty corpus drops the search indexes and builds them once at the end.
const DefaultBulkThreshold = 200

// BulkLoad runs fn, which writes about n documents, with the search
// indexes managed for it. Loading at least threshold documents (0:
// DefaultBulkThreshold; < 0: never) into an empty corpus drops the HNSW
// and full-text indexes first: pgvector advises building HNSW after the
// load, which is much faster than inserting into it (GIN likewise). The
// dropped indexes are rebuilt after fn whether it returns an error, panics
// or ctx is cancelled (the rebuild does not stop with ctx), so that what
// was committed is searchable. Without a drop, the indexes are repaired
// (created if missing) after a successful fn only. fn's error comes first;
// a failed rebuild is joined to it.
func (db *DB) BulkLoad(ctx context.Context, n, threshold int, fn func(ctx context.Context) error) (res letters.BulkResult, err error) {
	bulk, err := db.bulkWanted(ctx, n, threshold)
	if err != nil {
		return res, err
	}
	if bulk {
		if err := db.DropSearchIndexes(ctx); err != nil {
			return res, err
		}
		res.Bulk = true
	}
	fnDone := false
	defer func() {
		if !bulk && (!fnDone || err != nil) {
			return // nothing dropped, and the load did not finish: leave the indexes as they are
		}
		start := time.Now()
		if ierr := db.EnsureSearchIndexes(context.WithoutCancel(ctx)); ierr != nil {
			err = errors.Join(err, fmt.Errorf("rebuild after the bulk load: %w", ierr))
		}
		res.IndexBuild = time.Since(start)
	}()
	err = fn(ctx)
	fnDone = true
	return res, err
}

// bulkWanted decides whether a load of n documents drops the indexes: n
// reaches the threshold and the corpus has no paragraphs.
func (db *DB) bulkWanted(ctx context.Context, n, threshold int) (bool, error) {
	if threshold == 0 {
		threshold = DefaultBulkThreshold
	}
	if threshold < 0 || n < threshold {
		return false, nil
	}
	var empty bool
	if err := db.pool.QueryRow(ctx, `SELECT NOT EXISTS (SELECT 1 FROM paragraphs)`).Scan(&empty); err != nil {
		return false, wrap("bulk load", err)
	}
	return empty, nil
}
