package bench

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

// TestLoad: requests run at most concurrency at a time until the time is
// up, and failures are counted without stopping the others.
func TestLoad(t *testing.T) {
	tests := []struct {
		name        string
		concurrency int
		paths       []string
		wantErrs    bool
	}{
		{"all good", 3, []string{"/ok"}, false},
		{"half failing", 2, []string{"/ok", "/fail"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var inFlight, most atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				n := inFlight.Add(1)
				defer inFlight.Add(-1)
				for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
				}
				time.Sleep(5 * time.Millisecond)
				if r.URL.Path == "/fail" {
					w.WriteHeader(http.StatusInternalServerError)
				}
			}))
			defer srv.Close()
			var reqs []Request
			for _, p := range tt.paths {
				reqs = append(reqs, Get(srv.URL+p))
			}
			res := Load(context.Background(), srv.Client(), tt.concurrency, 300*time.Millisecond, reqs)
			if res.Requests == 0 {
				t.Fatal("no requests made")
			}
			if got := most.Load(); got > int32(tt.concurrency) {
				t.Errorf("%d requests at once, more than %d", got, tt.concurrency)
			}
			if got := res.Errors > 0 && res.ServerErrs > 0; got != tt.wantErrs {
				t.Errorf("errors %d, server errors %d; want some: %v", res.Errors, res.ServerErrs, tt.wantErrs)
			}
			if res.Duration > 2*time.Second {
				t.Errorf("took %s, want about 300ms", res.Duration)
			}
		})
	}
}

func TestThousands(t *testing.T) {
	for _, tt := range []struct {
		n    int64
		want string
	}{{0, "0"}, {999, "999"}, {1000, "1,000"}, {100000, "100,000"}, {1234567, "1,234,567"}} {
		if got := thousands(tt.n); got != tt.want {
			t.Errorf("thousands(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}
