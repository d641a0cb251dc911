package fanout

import (
	"context"
	"fmt"
	"regexp"
	"strconv"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"github.com/concspec/concspec/steps/shared"
)

// fetchHeld runs a fan-out against answers that are held until the fan-out is blocked (or has
// returned, which is the bug), so a fan-out that does not wait cannot get lucky.
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
	done := make(chan struct{})
	id := make(chan int64, 1)
	go func() {
		defer close(done)
		id <- harness.GoroutineID()
		s.results = fanOut(ctx, srv.Client, srv.URLs("held", 0, k, ""))
	}()
	// The goroutine says its ID first, into a buffer with room for it: the receive cannot block.
	if _, err := harness.AwaitParked(ctx, <-id, "the "+name+" fan-out"); err != nil {
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
	s.served = k
	return nil
}

func (s *state) answersLost(lost, total string) error {
	got := s.served - len(s.results)
	if strconv.Itoa(got) != lost || strconv.Itoa(s.served) != total {
		return fmt.Errorf("%d of %d answers were lost, want %s of %s", got, s.served, lost, total)
	}
	return nil
}

func (s *state) fetchInChild(ctx context.Context, name, n string) error {
	k, err := stepkit.Count("the number of URLs", n, 10_000)
	if err != nil {
		return err
	}
	return shared.RunChild(ctx, false, &s.child, "fanout", "-impl", name, "-urls", strconv.Itoa(k))
}

func (s *state) childLeakReport(ctx context.Context, n, function string) error {
	if _, err := shared.ExitedNormally(ctx); err != nil {
		return err
	}
	sending := regexp.MustCompile(`in state chan send, with \S*` + regexp.QuoteMeta(function))
	blocked := len(sending.FindAllString(s.child.LeakReport, -1))
	if strconv.Itoa(blocked) != n {
		return fmt.Errorf("the child's leak check found %d goroutines blocked sending in %q, want %s:\n%s", blocked, function, n, s.child.LeakReport)
	}
	return nil
}
