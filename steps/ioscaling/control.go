package ioscaling

import (
	"cmp"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/measure"
	"github.com/concspec/concspec/patterns/fanout"
)

// The ways of making the requests.
const (
	// OneAfterAnother makes each request in the caller's goroutine once the last is answered:
	// plain sequential code.
	OneAfterAnother = "one after another"
	// Concurrently gives each request a goroutine of its own (patterns/fanout).
	Concurrently = "concurrently"
	// ThroughAPool hands the requests to a fixed number of goroutines, Workers, which take them
	// in turn.
	ThroughAPool = "through a pool"
)

// Tasks is N requests made one way.
type Tasks struct {
	How     string `json:"how"`
	N       int    `json:"n"`
	Workers int    `json:"workers,omitempty"`
}

// Measured is what the control measured of one Tasks: the run with the median wall time, the
// most requests that waited at the server at one moment (the least of its runs), and the
// GOMAXPROCS of the program that made them.
type Measured struct {
	Tasks      Tasks          `json:"tasks"`
	Sample     measure.Sample `json:"sample"`
	Together   int            `json:"together"`
	GOMAXPROCS int            `json:"gomaxprocs"`
}

// control makes each of the Tasks it is given in turn, each -runs times, against a loopback
// HTTP/2 server of its own that answers every request after -latency.
func control(_ *catalog.Catalog, args []string) (any, error) {
	flags := flag.NewFlagSet(controlName, flag.ContinueOnError)
	latency := flags.Duration("latency", 50*time.Millisecond, "how long the server takes to answer")
	runs := flags.Int("runs", 3, "runs of each Tasks; the median is kept")
	list := flags.String("tasks", "[]", "the Tasks, as a JSON list")
	if err := flags.Parse(args); err != nil {
		return nil, err
	}
	var tasks []Tasks
	if err := json.Unmarshal([]byte(*list), &tasks); err != nil {
		return nil, fmt.Errorf("-tasks: %w", err)
	}
	srv := startCounting(*latency)
	defer srv.close()
	ctx := context.Background()
	if _, err := srv.make(ctx, Tasks{How: OneAfterAnother, N: 1}); err != nil {
		return nil, fmt.Errorf("a first request, to open the connection: %w", err)
	}
	out := make([]Measured, len(tasks))
	for i, t := range tasks {
		together, failed := math.MaxInt, error(nil)
		sample := measure.Median(*runs, func() {
			n, err := srv.make(ctx, t)
			together, failed = min(together, n), cmp.Or(failed, err)
		})
		if failed != nil {
			return nil, fmt.Errorf("%d requests %s: %w", t.N, t.How, failed)
		}
		out[i] = Measured{Tasks: t, Sample: sample, Together: together, GOMAXPROCS: runtime.GOMAXPROCS(0)}
	}
	return out, nil
}

// countingServer answers every request after its latency, over unencrypted HTTP/2 (so that ten
// thousand requests share a connection), and counts the requests waiting for their answer.
type countingServer struct {
	server  *httptest.Server
	client  *http.Client
	latency time.Duration
	waiting atomic.Int64
	most    atomic.Int64
}

func startCounting(latency time.Duration) *countingServer {
	s := &countingServer{latency: latency}
	s.server = httptest.NewUnstartedServer(s)
	var protocols http.Protocols
	protocols.SetUnencryptedHTTP2(true)
	s.server.Config.Protocols = &protocols
	s.server.Config.HTTP2 = &http.HTTP2Config{MaxConcurrentStreams: 1 << 20}
	s.server.Start()
	s.client = &http.Client{Transport: &http.Transport{Protocols: &protocols}}
	return s
}

// ServeHTTP waits the latency (less if the client gives up) and answers 200.
func (s *countingServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	now := s.waiting.Add(1)
	for {
		most := s.most.Load()
		if now <= most || s.most.CompareAndSwap(most, now) {
			break
		}
	}
	timer := time.NewTimer(s.latency)
	select {
	case <-timer.C:
	case <-r.Context().Done():
		timer.Stop()
	}
	s.waiting.Add(-1)
	w.Write([]byte("ok"))
}

func (s *countingServer) close() {
	s.client.CloseIdleConnections()
	s.server.Close()
}

// make makes the requests of t and returns the most that waited at the server at one moment.
func (s *countingServer) make(ctx context.Context, t Tasks) (together int, err error) {
	s.most.Store(0)
	urls := make([]string, t.N)
	for i := range urls {
		urls[i] = fmt.Sprintf("%s/%d", s.server.URL, i)
	}
	switch t.How {
	case OneAfterAnother:
		for _, url := range urls {
			err = cmp.Or(err, answered(fanout.Fetch(ctx, s.client, url)))
		}
	case Concurrently:
		for _, r := range fanout.FetchAll(ctx, s.client, urls) {
			err = cmp.Or(err, answered(r))
		}
	case ThroughAPool:
		err = s.throughPool(ctx, urls, t.Workers)
	default:
		err = fmt.Errorf("no way of making requests called %q", t.How)
	}
	return int(s.most.Load()), err
}

// throughPool makes the requests with a fixed number of goroutines, which take them in turn.
func (s *countingServer) throughPool(ctx context.Context, urls []string, workers int) error {
	jobs := make(chan string)
	errs := make([]error, max(1, workers))
	var wg sync.WaitGroup
	for w := range errs {
		wg.Go(func() {
			for url := range jobs {
				errs[w] = cmp.Or(errs[w], answered(fanout.Fetch(ctx, s.client, url)))
			}
		})
	}
	for _, url := range urls {
		jobs <- url
	}
	close(jobs)
	wg.Wait()
	return cmp.Or(errs...)
}

func answered(r fanout.Result) error {
	if r.Err != nil || r.Status != http.StatusOK {
		return fmt.Errorf("%s: status %d, error %v", r.URL, r.Status, r.Err)
	}
	return nil
}
