package bench

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"
)

// Request makes one HTTP request for the load generator.
type Request func(ctx context.Context, c *http.Client) (*http.Request, error)

// LoadResult summarises a load run.
type LoadResult struct {
	Concurrency int
	Duration    time.Duration
	Requests    int
	Errors      int // transport errors and non-2xx
	ServerErrs  int // 5xx
	RPS         float64
	P50, P95    time.Duration
	P99         time.Duration
}

// Load sends requests from concurrency workers for d (bounded: it stops by
// itself), choosing requests round-robin from reqs.
func Load(ctx context.Context, client *http.Client, concurrency int, d time.Duration, reqs []Request) LoadResult {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var mu sync.Mutex
	var lats []time.Duration
	var errs, serverErrs int
	var next int
	// one request a goroutine, concurrency at a time, until ctx ends; a
	// request's failure is counted, never returned, so none stops the others
	var g errgroup.Group
	g.SetLimit(concurrency)
	start := time.Now()
	for concurrency > 0 && ctx.Err() == nil {
		mk := reqs[next%len(reqs)]
		next++
		g.Go(func() error {
			req, err := mk(ctx, client)
			if err != nil {
				mu.Lock()
				errs++
				mu.Unlock()
				return nil
			}
			lat, status, err := send(client, req)
			mu.Lock()
			defer mu.Unlock()
			if err != nil { // a transport error; not counted once the run is over
				if ctx.Err() == nil {
					errs++
				}
				return nil
			}
			lats = append(lats, lat)
			if status >= 500 {
				serverErrs++
			}
			if status >= 300 {
				errs++
			}
			return nil
		})
	}
	_ = g.Wait() // the requests return no errors
	el := time.Since(start)
	sort.Slice(lats, func(i, j int) bool { return lats[i] < lats[j] })
	pct := func(p float64) time.Duration {
		if len(lats) == 0 {
			return 0
		}
		i := int(math.Ceil(p/100*float64(len(lats)))) - 1
		return lats[max(0, min(i, len(lats)-1))]
	}
	return LoadResult{Concurrency: concurrency, Duration: el, Requests: len(lats), Errors: errs, ServerErrs: serverErrs,
		RPS: float64(len(lats)) / el.Seconds(), P50: pct(50), P95: pct(95), P99: pct(99)}
}

// send sends one request and reads its response: the latency and the status.
func send(client *http.Client, req *http.Request) (time.Duration, int, error) {
	t := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		return 0, 0, err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return time.Since(t), resp.StatusCode, nil
}

// PostJSON makes a JSON POST request maker.
func PostJSON(url, body string) Request {
	return func(ctx context.Context, _ *http.Client) (*http.Request, error) {
		r, err := http.NewRequestWithContext(ctx, http.MethodPost, url, strings.NewReader(body))
		if err == nil {
			r.Header.Set("Content-Type", "application/json")
		}
		return r, err
	}
}

// Get makes a GET request maker.
func Get(url string) Request {
	return func(ctx context.Context, _ *http.Client) (*http.Request, error) {
		return http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	}
}

// ServerStats reads go_goroutines and process_resident_memory_bytes from /metrics.
func ServerStats(ctx context.Context, base string) (goroutines, rssBytes float64, err error) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/metrics", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, 0, err
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var v float64
		line := sc.Text()
		if strings.HasPrefix(line, "go_goroutines ") {
			fmt.Sscan(strings.TrimPrefix(line, "go_goroutines "), &v)
			goroutines = v
		}
		if strings.HasPrefix(line, "process_resident_memory_bytes ") {
			fmt.Sscan(strings.TrimPrefix(line, "process_resident_memory_bytes "), &v)
			rssBytes = v
		}
	}
	return goroutines, rssBytes, sc.Err()
}
