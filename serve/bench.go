package serve

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// BenchOptions configure a load run against a server.
type BenchOptions struct {
	// URL is the server's base URL (http://127.0.0.1:PORT).
	URL string
	// Requests is the number of ask requests (default 2000).
	Requests int
	// Clients send them concurrently (default 8).
	Clients int
	// Warmup requests are sent first and not measured (default 50).
	Warmup int
	// Questions are asked in turn; Docs, when set, restrict them in turn
	// ("" = whole collection).
	Questions []string
	Docs      []string
	// Client sends the requests; nil uses a client with keep-alive
	// connections for every client.
	Client *http.Client
}

// BenchReport is what a load run measured. Memory figures are this
// process's (meaningful when the server runs in it): the Go heap after a
// forced garbage collection, before the run (after warm-up) and after it.
type BenchReport struct {
	Requests, Clients, Errors int
	FirstError                string
	Elapsed                   time.Duration
	RequestsPerSec            float64
	P50, P90, P99, Max        time.Duration
	HeapBefore, HeapAfter     uint64
	SysBefore, SysAfter       uint64
	GoroutinesBefore          int
	GoroutinesAfter           int
}

// String prints the report in a few lines.
func (r BenchReport) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "ask requests %d from %d clients in %s: %.1f requests/s, errors %d\n",
		r.Requests, r.Clients, r.Elapsed.Round(time.Millisecond), r.RequestsPerSec, r.Errors)
	fmt.Fprintf(&b, "latency p50 %s  p90 %s  p99 %s  max %s\n", r.P50.Round(10*time.Microsecond), r.P90.Round(10*time.Microsecond), r.P99.Round(10*time.Microsecond), r.Max.Round(10*time.Microsecond))
	fmt.Fprintf(&b, "heap after GC: before %.1f MiB, after %.1f MiB (%+.1f MiB); runtime sys %.1f → %.1f MiB; goroutines %d → %d\n",
		mib(r.HeapBefore), mib(r.HeapAfter), mib(r.HeapAfter)-mib(r.HeapBefore), mib(r.SysBefore), mib(r.SysAfter), r.GoroutinesBefore, r.GoroutinesAfter)
	if r.FirstError != "" {
		fmt.Fprintf(&b, "first error: %s\n", r.FirstError)
	}
	return b.String()
}

func mib(n uint64) float64 { return float64(n) / (1 << 20) }

// Bench sends ask requests to a server from several clients and measures
// throughput, latency and memory. A request that fails or does not answer
// 200 with a JSON body counts as an error (the run goes on).
func Bench(ctx context.Context, opts BenchOptions) (BenchReport, error) {
	if opts.Requests <= 0 {
		opts.Requests = 2000
	}
	if opts.Clients <= 0 {
		opts.Clients = 8
	}
	if opts.Warmup < 0 {
		opts.Warmup = 0
	} else if opts.Warmup == 0 {
		opts.Warmup = 50
	}
	if len(opts.Questions) == 0 {
		return BenchReport{}, errors.New("serve bench: no questions")
	}
	client := opts.Client
	if client == nil {
		tr := &http.Transport{MaxIdleConnsPerHost: opts.Clients, MaxIdleConns: opts.Clients}
		defer tr.CloseIdleConnections()
		client = &http.Client{Transport: tr, Timeout: 2 * time.Minute}
	}
	url := strings.TrimRight(opts.URL, "/") + "/api/v1/ask"
	bodies := make([][]byte, len(opts.Questions))
	for i, q := range opts.Questions {
		req := AskRequest{Question: q, K: 5}
		if len(opts.Docs) > 0 {
			req.Doc = opts.Docs[i%len(opts.Docs)]
		}
		bodies[i], _ = json.Marshal(req)
	}
	one := func(i int) error {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(bodies[i%len(bodies)]))
		if err != nil {
			return err
		}
		req.Header.Set("Content-Type", "application/json")
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		var ar AskResponse
		derr := json.NewDecoder(resp.Body).Decode(&ar)
		_, _ = io.Copy(io.Discard, resp.Body)
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("status %d", resp.StatusCode)
		}
		return derr
	}
	for i := range opts.Warmup {
		if err := one(i); err != nil {
			return BenchReport{}, fmt.Errorf("serve bench: warm-up: %w", err)
		}
	}
	rep := BenchReport{Requests: opts.Requests, Clients: opts.Clients}
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	rep.HeapBefore, rep.SysBefore, rep.GoroutinesBefore = ms.HeapAlloc, ms.Sys, runtime.NumGoroutine()

	lat := make([]time.Duration, opts.Requests)
	var next, errs atomic.Int64
	var firstErr sync.Once
	var wg sync.WaitGroup
	start := time.Now()
	for range opts.Clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= opts.Requests || ctx.Err() != nil {
					return
				}
				t0 := time.Now()
				err := one(i)
				lat[i] = time.Since(t0)
				if err != nil {
					errs.Add(1)
					firstErr.Do(func() { rep.FirstError = err.Error() })
				}
			}
		}()
	}
	wg.Wait()
	rep.Elapsed = time.Since(start)
	if err := ctx.Err(); err != nil {
		return rep, fmt.Errorf("serve bench: %w", err)
	}
	rep.Errors = int(errs.Load())
	rep.RequestsPerSec = float64(opts.Requests) / rep.Elapsed.Seconds()
	slices.Sort(lat)
	q := func(p float64) time.Duration { return lat[min(len(lat)-1, int(p*float64(len(lat))))] }
	rep.P50, rep.P90, rep.P99, rep.Max = q(0.50), q(0.90), q(0.99), lat[len(lat)-1]

	if opts.Client == nil {
		client.CloseIdleConnections()
	}
	runtime.GC()
	runtime.ReadMemStats(&ms)
	rep.HeapAfter, rep.SysAfter, rep.GoroutinesAfter = ms.HeapAlloc, ms.Sys, runtime.NumGoroutine()
	return rep, nil
}
