package offloading

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sync/atomic"
	"time"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/patterns/offload"
	"github.com/concspec/concspec/patterns/work"
)

// controlName is the child-program control that times cheap requests under heavy load.
const controlName = "offload-latency"

// Latencies is what the control measured: every cheap request's latency with the heavy work
// inline in the server's handlers and in the pool, and the GOMAXPROCS it ran at.
type Latencies struct {
	Inline     []time.Duration `json:"inline"`
	Offloaded  []time.Duration `json:"offloaded"`
	GOMAXPROCS int             `json:"gomaxprocs"`
}

// control times cheap requests while heavy requests burn CPU, in the program built without the
// race detector, in rounds: each round first with the heavy work inline, then in the pool -pool
// of the child's catalogue, so that both meet the same machine.
func control(cat *catalog.Catalog, args []string) (any, error) {
	flags := flag.NewFlagSet(controlName, flag.ContinueOnError)
	name := flags.String("pool", boundedPool, "the pool of the catalogue")
	workers := flags.Int("workers", 1, "the pool's workers")
	heavy := flags.Int("heavy", 4, "heavy requests")
	cheap := flags.Int("cheap", 5, "cheap requests timed in each round")
	rounds := flags.Int("rounds", 3, "rounds")
	procs := flags.Int("procs", runtime.GOMAXPROCS(0), "GOMAXPROCS")
	if err := flags.Parse(args); err != nil {
		return nil, err
	}
	newPool, err := catalog.Lookup(cat, poolKind, *name)
	if err != nil {
		return nil, err
	}
	runtime.GOMAXPROCS(*procs)
	out := Latencies{GOMAXPROCS: *procs}
	for range *rounds {
		inline, err := timeCheap(nil, *heavy, *heavy, *cheap)
		if err != nil {
			return nil, fmt.Errorf("inline: %w", err)
		}
		p := newPool(*workers)
		offloaded, err := timeCheap(p, *heavy, min(*workers, *heavy), *cheap)
		p.Close()
		if err != nil {
			return nil, fmt.Errorf("in the %s: %w", *name, err)
		}
		out.Inline, out.Offloaded = append(out.Inline, inline...), append(out.Offloaded, offloaded...)
	}
	return out, nil
}

// timeCheap sends heavy requests that burn CPU until released, through pool (inline when it is
// nil), waits until computing of them have started, times cheap requests one after another, and
// then releases the heavy work and waits for its answers.
func timeCheap(pool offload.Offloader, heavy, computing, cheap int) ([]time.Duration, error) {
	var stop atomic.Bool
	started := make(chan struct{}, heavy) // room for every heavy job: never blocks
	server := httptest.NewServer(offload.NewServer(pool, func() {
		started <- struct{}{}
		for !stop.Load() {
			work.Do(1, 10_000)
		}
	}))
	defer server.Close()
	client := &http.Client{Transport: &http.Transport{}}
	defer client.CloseIdleConnections()
	ctx := context.Background()
	if _, err := get(ctx, client, server.URL+"/cheap"); err != nil {
		return nil, fmt.Errorf("a first cheap request, to open the connection: %w", err)
	}
	answered := make(chan error, heavy)
	for range heavy {
		go func() { _, err := get(ctx, client, server.URL+"/heavy"); answered <- err }()
	}
	for range computing {
		<-started
	}
	latencies := make([]time.Duration, cheap)
	var failed error
	for i := range latencies {
		if latencies[i], failed = get(ctx, client, server.URL+"/cheap"); failed != nil {
			break
		}
	}
	stop.Store(true)
	for range heavy {
		if err := <-answered; err != nil && failed == nil {
			failed = err
		}
	}
	return latencies, failed
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
