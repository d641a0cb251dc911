package measurefirst

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/loopback"
	"github.com/concspec/concspec/internal/measure"
	"github.com/concspec/concspec/patterns/fanout"
	"github.com/concspec/concspec/patterns/work"
)

// sideBySideRounds is the work of which each computing goroutine does half: two goroutines of
// this much work each take about 50ms of one processor (the parallelism feature's figure).
const sideBySideRounds = 25_000_000

// runs is how many times the control measures its workload. A busy machine can only raise what
// a workload that waits holds (it stretches the short stretches in which it runs, and leaves a
// processor with a thread it has descheduled), and cannot lower what one that computes holds;
// so the least of a few runs is the fairest reading of both.
const runs = 3

// control measures one workload in the program built without the race detector, against a
// loopback server of its own: what the workload asks of the machine is then Go's, not the race
// detector's (which costs about half a millisecond of CPU per request).
func control(_ *catalog.Catalog, args []string) (any, error) {
	flags := flag.NewFlagSet("workload", flag.ContinueOnError)
	kind := flags.String("kind", "", "waiting, computing or spinning")
	n := flags.Int("n", 1, "goroutines")
	latency := flags.Duration("latency", 100*time.Millisecond, "how long the server takes to answer")
	if err := flags.Parse(args); err != nil {
		return nil, err
	}
	// One HTTP/2 connection, dialled before the measurement: what is measured is the waiting,
	// not the setting up of connections.
	srv := loopback.StartHTTP2(max(1, *n))
	defer srv.Close()
	w := workload{srv: srv, n: max(1, *n), query: fmt.Sprintf("latency=%s", *latency)}
	if err := w.fetch(srv.URLs("ok", 0, 1, "")[0]); err != nil {
		return nil, err
	}
	run, ok := map[string]func() error{"waiting": w.waiting, "computing": w.computing, "spinning": w.spinning}[*kind]
	if !ok {
		return nil, fmt.Errorf("-kind %q: waiting, computing or spinning", *kind)
	}
	var least measure.Sample
	for i := range runs {
		var failed error
		sample := measure.Run(func() { failed = run() })
		if failed != nil {
			return nil, failed
		}
		if i == 0 || sample.Demand() < least.Demand() {
			least = sample
		}
	}
	return least, nil
}

// workload is the three workloads the scenarios tell apart.
type workload struct {
	srv   *loopback.Server
	n     int
	query string
}

// waiting starts n goroutines that each wait for one answer.
func (w workload) waiting() error {
	errs := make([]error, w.n)
	var wg sync.WaitGroup
	for i, url := range w.srv.URLs("ok", 0, w.n, w.query) {
		wg.Go(func() { errs[i] = w.fetch(url) })
	}
	wg.Wait()
	return errors.Join(errs...)
}

// computing starts n goroutines that compute.
func (w workload) computing() error {
	var wg sync.WaitGroup
	for g := range w.n {
		wg.Go(func() { work.Do(uint64(g+1), sideBySideRounds/2) })
	}
	wg.Wait()
	return nil
}

// spinning waits for one answer, but by spinning on a flag instead of blocking.
func (w workload) spinning() error {
	var answered atomic.Bool
	fetched := make(chan error, 1)
	go func() {
		fetched <- w.fetch(w.srv.URLs("ok", 0, 1, w.query)[0])
		answered.Store(true)
	}()
	work.SpinUntil(&answered)
	return <-fetched
}

// fetch asks the server for url and wants a 200.
func (w workload) fetch(url string) error {
	r := fanout.Fetch(context.Background(), w.srv.Client, url)
	switch {
	case r.Err != nil:
		return r.Err
	case r.Status != 200:
		return fmt.Errorf("%s: status %d", r.URL, r.Status)
	}
	return nil
}
