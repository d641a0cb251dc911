package offloading

import (
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

func (s *state) timeCheapRequests(ctx context.Context, heavy, mode, cheap string) error {
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
		defer p.Close()
		offloader, burning = p, min(workers, k)
	}
	var stop atomic.Bool
	arrived, started := make(chan struct{}, k), make(chan struct{}, k)
	handler := offload.NewServer(offloader, func() {
		started <- struct{}{}
		for !stop.Load() {
			work.Do(1, 10_000)
		}
	})
	server := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/heavy" {
			arrived <- struct{}{}
		}
		handler.ServeHTTP(rw, r)
	}))
	defer server.Close()
	client := &http.Client{Transport: &http.Transport{}}
	defer client.CloseIdleConnections()
	if _, err := get(ctx, client, server.URL+"/cheap"); err != nil { // warm the connection
		return err
	}
	heavyDone := make(chan error, k)
	for range k {
		go func() { _, err := get(ctx, client, server.URL+"/heavy"); heavyDone <- err }()
	}
	for range k {
		if err := harness.Await(ctx, arrived, "every heavy request to reach the server"); err != nil {
			return err
		}
	}
	for range burning {
		if err := harness.Await(ctx, started, "the heavy work to start"); err != nil {
			return err
		}
	}
	latencies := make([]time.Duration, c)
	for i := range latencies {
		latencies[i], err = get(ctx, client, server.URL+"/cheap")
		if err != nil {
			return err
		}
	}
	stop.Store(true)
	for range k {
		if err := <-heavyDone; err != nil {
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
