package fanout

import (
	"context"
	"fmt"
	"runtime"
	"time"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"github.com/concspec/concspec/steps/shared"
)

// fetchHeld runs a fan-out against answers the server holds until the fan-out has sent every
// request it will send without an answer: it counts the requests then waiting at the server at
// once, and only then releases the answers. A fan-out that does not wait cannot get lucky (it has
// returned before any answer exists), and a sequential one is seen waiting with one request.
func (s *state) fetchHeld(ctx context.Context, name, n string) error {
	srv, err := shared.Server(ctx)
	if err != nil {
		return err
	}
	k, err := stepkit.Count("the number of URLs", n, 10_000)
	if err != nil {
		return err
	}
	fanOut, err := catalog.Lookup(s.cat, kind, name)
	if err != nil {
		return err
	}
	s.urls = srv.URLs("held", 0, k, "")
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.results = fanOut(ctx, srv.Client, s.urls)
	}()
	if s.atOnce, err = requestsAtOnce(ctx, "the "+name+" fan-out"); err != nil {
		return err
	}
	srv.Release()
	// The requests are answered over the loopback, so the scenario's goroutines wait on I/O
	// while all is well: the waits are bounded by time, not by the scenario going quiet.
	if err := shared.Await(ctx, done, "the "+name+" fan-out to return", func(parked []harness.Goroutine) string {
		return fmt.Sprintf("every held answer is released, so the fan-out should return once it has collected the %d of them; but its goroutines are parked at %s",
			k, shared.WhereAll(shared.In(parked, "fanout.")))
	}); err != nil {
		return err
	}
	for i := range k {
		if err := shared.Await(ctx, srv.Served, "the server to answer every request", func(parked []harness.Goroutine) string {
			return fmt.Sprintf("every held answer is released, so the server should answer all %d requests; it has answered %d, and the scenario's goroutines are parked at %s",
				k, i, shared.WhereAll(parked))
		}); err != nil {
			return err
		}
	}
	return nil
}

// requestsAtOnce waits until the fan-out has sent every request it will send before an answer
// comes, and returns how many requests are then waiting at the server. The answers are held, so
// that count can only grow until they are released. The fan-out is done sending when nothing in
// the scenario moves (a request not yet sent is a goroutine ready to run) and every request its
// goroutines are making (in fanout.Fetch) has reached a handler of the server (none is still on
// its way). Counting, not timing: a busy machine delays the moment, never the count. It never
// sleeps; between looks it yields the processor.
func requestsAtOnce(ctx context.Context, what string) (int, error) {
	deadline := time.Now().Add(harness.AwaitBound(ctx))
	for {
		gs, err := harness.Goroutines(ctx)
		if err != nil {
			return 0, err
		}
		moving, requests, waiting := false, 0, 0
		for _, g := range gs {
			moving = moving || !g.Blocked()
			switch {
			case g.In("/patterns/fanout.Fetch("):
				requests++
			case g.In("/internal/loopback."):
				waiting++
			}
		}
		if !moving && waiting == requests {
			return waiting, nil
		}
		if time.Now().After(deadline) {
			return 0, fmt.Errorf("%w: %s kept sending requests, or they kept travelling, for %s: %d requests made, %d waiting at the server, and the scenario's goroutines %s; they follow:\n\n%s",
				harness.ErrBoundExceeded, what, harness.AwaitBound(ctx), requests, waiting, movement(moving), harness.Stacks(gs))
		}
		runtime.Gosched()
	}
}

// movement says whether some goroutine of the scenario was still moving.
func movement(moving bool) string {
	if moving {
		return "still move"
	}
	return "are all parked"
}
