package offloading

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/patterns/offload"
	"github.com/concspec/concspec/patterns/work"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"github.com/concspec/concspec/steps/shared"
	"github.com/cucumber/godog"
)

// state holds the cheap requests' median latency per way of running the heavy work.
type state struct {
	cat    *catalog.Catalog
	median map[string]time.Duration
}

func register(sc *godog.ScenarioContext, cat *catalog.Catalog) {
	s := &state{cat: cat}
	sc.Given(stepkit.Re(`^GOMAXPROCS is (-?\d+) for this scenario$`), gomaxprocs)
	sc.When(stepkit.Re(`^(-?\d+) heavy requests burn CPU (inline in the server's handlers|in a pool of (?:-?\d+) workers?) while (-?\d+) cheap requests are timed$`), s.timeCheapRequests)
	sc.Then(stepkit.Re(`^cheap requests are at least (\d+) times slower with the work inline than offloaded$`), s.inlineSlower)
}

func gomaxprocs(ctx context.Context, n string) error {
	procs, err := stepkit.Count("GOMAXPROCS", n, 1024)
	if err != nil {
		return err
	}
	return harness.SetGOMAXPROCS(ctx, procs)
}

var poolSize = regexp.MustCompile(`^in a pool of (-?\d+) workers?$`)

// timeCheapRequests times cheap requests while heavy ones burn CPU. Its waits are bounded by
// time, never by polling, which would take processor time from what it measures: the timed
// calls run inside shared.Do, the wait around them costs nothing while they run. Whatever way
// it returns, the heavy work is released first, then the server and the pool are closed, each
// within a bound.
func (s *state) timeCheapRequests(ctx context.Context, heavy, mode, cheap string) (failed error) {
	if err := harness.RequireExclusive(ctx, "burns CPU in heavy requests and measures how long cheap requests take"); err != nil {
		return err
	}
	k, err := stepkit.Count("the number of heavy requests", heavy, 1000)
	if err != nil {
		return err
	}
	c, err := stepkit.Count("the number of cheap requests", cheap, 1000)
	if err != nil {
		return err
	}
	var offloader offload.Offloader
	burning := k
	if m := poolSize.FindStringSubmatch(mode); m != nil {
		workers, err := stepkit.Count("the number of workers", m[1], 1000)
		if err != nil {
			return err
		}
		newPool, err := catalog.Lookup(s.cat, poolKind, "bounded pool")
		if err != nil {
			return err
		}
		p := newPool(workers)
		defer closeWithin(ctx, &failed, "the pool", p.Close,
			"every job has ended, so the pool's workers are idle and closing it should return at once")
		offloader, burning = p, min(workers, k)
	}
	var stop atomic.Bool
	arrived, started := make(chan struct{}, k), make(chan struct{}, k)
	handler := offload.NewServer(offloader, func() {
		started <- struct{}{} // room for every heavy request: never blocks
		for !stop.Load() {
			work.Do(1, 10_000)
		}
	})
	server := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/heavy" {
			arrived <- struct{}{} // room for every heavy request: never blocks
		}
		handler.ServeHTTP(rw, r)
	}))
	defer closeWithin(ctx, &failed, "the server", server.Close,
		"the heavy work is released, so every handler should end and closing the server should return soon after")
	client := &http.Client{Transport: &http.Transport{}}
	defer client.CloseIdleConnections()
	defer stop.Store(true) // first of all: the heavy work ends, whatever failed
	var warmErr error
	if err := shared.Do(ctx, "a first cheap request, to warm the connection", func(ctx context.Context) {
		_, warmErr = get(ctx, client, server.URL+"/cheap")
	}, offloadParked("a cheap request is answered at once by its own handler")); err != nil {
		return err
	}
	if warmErr != nil {
		return warmErr
	}
	heavyDone := make(chan error, k)
	for range k {
		go func() { _, err := get(ctx, client, server.URL+"/heavy"); heavyDone <- err }()
	}
	for i := range k {
		if err := shared.Await(ctx, arrived, "every heavy request to reach the server",
			offloadParked(fmt.Sprintf("each of the %d heavy requests should reach its handler (%d have)", k, i))); err != nil {
			return err
		}
	}
	for i := range burning {
		if err := shared.Await(ctx, started, "the heavy work to start",
			offloadParked(fmt.Sprintf("the %d heavy requests reached the server, so %d of them should be computing, inline or one on each of the pool's workers (%d are): a pool must start a job whenever one of its workers is free", k, burning, i))); err != nil {
			return err
		}
	}
	latencies := make([]time.Duration, c)
	var cheapErr error
	if err := shared.Do(ctx, "the timed cheap requests", func(ctx context.Context) {
		for i := range latencies {
			if latencies[i], cheapErr = get(ctx, client, server.URL+"/cheap"); cheapErr != nil {
				return
			}
		}
	}, offloadParked("each cheap request is answered by its own handler, however busy the processors are")); err != nil {
		return err
	}
	if cheapErr != nil {
		return cheapErr
	}
	stop.Store(true)
	for i := range k {
		heavyErr, _, waitErr := shared.Receive(ctx, heavyDone, "every heavy request to be answered",
			offloadParked(fmt.Sprintf("the heavy work is released, so every heavy request should be answered (%d of %d are): a pool must run every job it took", i, k)))
		if err := cmp.Or(waitErr, heavyErr); err != nil {
			return err
		}
	}
	slices.Sort(latencies)
	median := latencies[len(latencies)/2]
	if s.median == nil {
		s.median = map[string]time.Duration{}
	}
	s.median[mode] = median
	return harness.Record(ctx, harness.Figure{
		Name: "median latency of a cheap request under heavy load", Value: median.Seconds(), Unit: "s",
		Settings: map[string]string{"heavy work": mode, "heavy requests": strconv.Itoa(k),
			"cheap requests": strconv.Itoa(c), "GOMAXPROCS": strconv.Itoa(runtime.GOMAXPROCS(0))},
	})
}

// offloadParked is the diagnosis of a wait on the server or the pool that ran out: what was
// expected, and where the handlers, the pool's workers and the requests are parked.
func offloadParked(expected string) shared.Diagnosis {
	return func(parked []harness.Goroutine) string {
		return expected + "; but the goroutines of the server, the pool and the requests are at " +
			shared.WhereAll(shared.In(parked, "offload"))
	}
}

// closeWithin closes what with closeIt, within the bound, as a step returns: a close that does
// not return makes the step fail (unless it fails already), and is left to the leak check.
func closeWithin(ctx context.Context, failed *error, what string, closeIt func(), expected string) {
	closeErr := shared.Do(ctx, "closing "+what, func(context.Context) { closeIt() }, offloadParked(expected))
	*failed = cmp.Or(*failed, closeErr)
}

// get requests url and returns how long the answer took.
func get(ctx context.Context, client *http.Client, url string) (time.Duration, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, err
	}
	start := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return 0, err
	}
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("%s: status %d", url, resp.StatusCode)
	}
	return time.Since(start), nil
}

func (s *state) inlineSlower(ctx context.Context, times string) error {
	factor, err := stepkit.Count("the factor", times, 1000)
	if err != nil {
		return err
	}
	var inline, offloaded time.Duration
	for mode, median := range s.median {
		if mode == "inline in the server's handlers" {
			inline = median
		} else {
			offloaded = median
		}
	}
	if inline == 0 || offloaded == 0 {
		return fmt.Errorf("the scenario must time cheap requests both with the work inline and offloaded")
	}
	ratio := inline.Seconds() / offloaded.Seconds()
	if err := harness.Record(ctx, harness.Figure{
		Name: "cheap request latency, inline over offloaded", Value: ratio, Unit: "×",
		Settings: map[string]string{"GOMAXPROCS": strconv.Itoa(runtime.GOMAXPROCS(0))},
	}); err != nil {
		return err
	}
	if ratio < float64(factor) {
		return fmt.Errorf("cheap requests took %.2f× as long with the work inline (%s) as offloaded (%s), want at least %d×", ratio, inline, offloaded, factor)
	}
	return nil
}
