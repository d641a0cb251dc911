package mixedworkload

import (
	"context"
	"fmt"
	"sync/atomic"

	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/steps/shared"
)

// ledgerEntry is what became of one request: whether the layer told of it, and as queued or
// turned away; how many times its work ran, and on which goroutine it last ran.
type ledgerEntry struct {
	told, queued atomic.Bool
	ran          atomic.Int32
	on           atomic.Int64
}

// tell enters in the ledger what the layer told of request id.
func (s *state) tell(id int, queued bool) {
	if id < 0 || id >= len(s.requests) {
		return // not a request of the scenario: the accepting check names it
	}
	s.requests[id].queued.Store(queued)
	s.requests[id].told.Store(true)
}

// work is request id's work: body, entered in the ledger and counted while it runs.
func (s *state) work(id int, body func()) func() {
	return func() {
		s.running.Add(1)
		defer s.running.Add(-1)
		s.requests[id].ran.Add(1)
		s.requests[id].on.Store(harness.GoroutineID())
		body()
	}
}

// undone is the work left undone at one moment: requests whose work was running, and queued
// requests whose work had not started.
type undone struct{ running, notStarted int }

func (s *state) undone() undone {
	u := undone{running: int(s.running.Load())}
	for i := range s.requests {
		if r := &s.requests[i]; r.queued.Load() && r.ran.Load() == 0 {
			u.notStarted++
		}
	}
	return u
}

// request names request id in a verdict.
func request(id int) string {
	if id == 0 {
		return "the first request"
	}
	return fmt.Sprintf("cheap request %d", id)
}

// ledgerCheck is the work-ledger detector, once Run has returned and the work it took has
// ended: the work of every request the layer queued ran exactly once, on a goroutine other than
// the one that accepts requests, and the work of every request it turned away never ran.
func (s *state) ledgerCheck(ctx context.Context) error {
	if s.in == nil {
		return fmt.Errorf("no request was sent: start with `When a request whose CPU work runs until released arrives, …`")
	}
	if err := s.finish(ctx); err != nil {
		return err
	}
	return harness.Detect(ctx, workLedger, func() error {
		for id := range s.requests {
			r := &s.requests[id]
			ran, where := r.ran.Load(), "in the pool"
			if r.on.Load() == s.acceptor {
				where = "on the goroutine that accepts requests"
			}
			switch {
			case !r.told.Load(): // never accepted nor turned away: the accepting check's business
			case !r.queued.Load() && ran > 0:
				return fmt.Errorf("%s was turned away, but its work ran %s", request(id), where)
			case !r.queued.Load():
			case ran == 0:
				return fmt.Errorf("%s was queued, but its work never ran", request(id))
			case ran > 1:
				return fmt.Errorf("%s was queued, but its work ran %d times", request(id), ran)
			case r.on.Load() == s.acceptor:
				return fmt.Errorf("%s was queued, but its work ran %s", request(id), where)
			}
		}
		return nil
	})
}

func (s *state) ranAsTold(ctx context.Context) error {
	if err := s.ledgerCheck(ctx); err != nil {
		return fmt.Errorf("the I/O layer %q should run the work of each request it queues once, in its pool, and never that of a request it turns away, but %w", s.name, err)
	}
	return nil
}

func (s *state) ranAsToldFails(ctx context.Context, want string) error {
	return shared.Fired(s.ledgerCheck(ctx), "work-ledger", fmt.Sprintf("the I/O layer %q", s.name), want)
}
