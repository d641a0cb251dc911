package measurefirst

import (
	"context"
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
	// not the setting up of connections, whose work a busy machine stretches.
	srv := loopback.StartHTTP2(max(1, *n))
	defer srv.Close()
	query := fmt.Sprintf("latency=%s", *latency)
	ctx := context.Background()
	failed := cmpErr(nil, fanout.Fetch(ctx, srv.Client, srv.URLs("ok", 0, 1, "")[0]))
	var sample measure.Sample
	switch *kind {
	case "waiting":
		results := make([]fanout.Result, *n)
		urls := srv.URLs("ok", 0, *n, query)
		sample = measure.Run(func() {
			var wg sync.WaitGroup
			for i := range *n {
				wg.Go(func() { results[i] = fanout.Fetch(ctx, srv.Client, urls[i]) })
			}
			wg.Wait()
		})
		for _, r := range results {
			failed = cmpErr(failed, r)
		}
	case "computing":
		sample = measure.Run(func() {
			var wg sync.WaitGroup
			for g := range *n {
				wg.Go(func() { work.Do(uint64(g+1), sideBySideRounds/2) })
			}
			wg.Wait()
		})
	case "spinning":
		// It only waits for one answer, but by spinning on a flag instead of blocking.
		var answered atomic.Bool
		var result fanout.Result
		sample = measure.Run(func() {
			fetched := make(chan struct{})
			go func() {
				defer close(fetched)
				result = fanout.Fetch(ctx, srv.Client, srv.URLs("ok", 0, 1, query)[0])
				answered.Store(true)
			}()
			work.SpinUntil(&answered)
			<-fetched
		})
		failed = cmpErr(failed, result)
	default:
		return nil, fmt.Errorf("-kind %q: waiting, computing or spinning", *kind)
	}
	return sample, failed
}

// cmpErr keeps the first failure among the answers.
func cmpErr(failed error, r fanout.Result) error {
	switch {
	case failed != nil:
		return failed
	case r.Err != nil:
		return r.Err
	case r.Status != 200:
		return fmt.Errorf("%s: status %d", r.URL, r.Status)
	}
	return nil
}
