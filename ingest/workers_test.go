package ingest_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/letters-app/letters"
	"github.com/letters-app/letters/ingest"
	"github.com/letters-app/letters/internal/hashembed"
	"github.com/letters-app/letters/internal/testdb"
)

// downStore is the database going away during a run: SourceHash of the
// file named down fails with letters.ErrUnavailable at once; for the other
// files it waits for the run to be cancelled (or hold), counting those
// that saw the cancellation.
type downStore struct {
	ingest.Store
	down      string
	hold      time.Duration
	cancelled atomic.Int32
}

func (s *downStore) SourceHash(ctx context.Context, path string) (string, bool, error) {
	if filepath.Base(path) == s.down {
		return "", false, fmt.Errorf("store: source hash: %w", letters.ErrUnavailable)
	}
	select {
	case <-ctx.Done():
		s.cancelled.Add(1)
		return "", false, ctx.Err()
	case <-time.After(s.hold):
		return s.Store.SourceHash(ctx, path)
	}
}

// TestFatalErrorCancelsOtherFiles: a fatal error in one file (the database
// unavailable) cancels the files in flight and starts no more; the run
// returns that error, and per-file failures still do not stop a run.
func TestFatalErrorCancelsOtherFiles(t *testing.T) {
	tests := []struct {
		name          string
		down          string // the file whose store call fails; "" none
		wantErr       error
		wantCancelled int32
		wantFiles     int // outcomes recorded
	}{
		{"one file's database error stops the others", "b.txt", letters.ErrUnavailable, 2, 0},
		{"no fatal error: all files run", "", nil, 0, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := testdb.Open(t)
			dir := t.TempDir()
			for _, n := range []string{"a.txt", "b.txt", "c.txt", "d.txt"} {
				text := "Letter " + n + "\n\nThe local authority improved its services for children in care this year.\n"
				if err := os.WriteFile(filepath.Join(dir, n), []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			hold := 20 * time.Second
			if tt.down == "" {
				hold = 0
			}
			st := &downStore{Store: db, down: tt.down, hold: hold}
			emb, _ := hashembed.New(0)
			p := ingest.New(st, emb, emb.Name(), emb.Dimension(), testdb.Quiet, io.Discard, false)
			start := time.Now()
			sum, err := p.Run(context.Background(), []string{dir}, ingest.Options{Workers: 3, BulkThreshold: -1})
			if took := time.Since(start); took > 10*time.Second {
				t.Errorf("Run took %s: the files in flight were not cancelled", took.Round(time.Millisecond))
			}
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) {
				t.Errorf("Run: got error %v, want %v", err, tt.wantErr)
			}
			if got := st.cancelled.Load(); got != tt.wantCancelled {
				t.Errorf("%d files saw the cancellation, want %d (a.txt and c.txt in flight; d.txt never started)", got, tt.wantCancelled)
			}
			if got := len(sum.PerFile); got != tt.wantFiles {
				t.Errorf("%d outcomes recorded %v, want %d", got, strings.TrimSpace(fmt.Sprint(sum.PerFile)), tt.wantFiles)
			}
		})
	}
}
