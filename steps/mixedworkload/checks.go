package mixedworkload

import (
	"context"
	"fmt"
	"slices"

	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"github.com/concspec/concspec/steps/shared"
)

// acceptingCheck is the detector: the first request computes on a goroutine other than the one
// that accepts, and every cheap request was accepted, queued or turned away as want says,
// before the accepting goroutine blocked again, while the first request was still computing.
func (s *state) acceptingCheck(ctx context.Context, n string, want *[2]int) error {
	if fmt.Sprint(s.cheap) != n {
		return fmt.Errorf("%s cheap requests expected, %d were sent", n, s.cheap)
	}
	return harness.Detect(ctx, accepting, func() error {
		if s.stalled != "" {
			return fmt.Errorf("%s", s.stalled)
		}
		var got [2]int
		for i, a := range s.accepted {
			switch {
			case a.id != i+1:
				return fmt.Errorf("the layer told of request %d when it had just taken cheap request %d", a.id, i+1)
			case !a.computing:
				return fmt.Errorf("cheap request %d was accepted after the first request's work had ended", a.id)
			case a.queued:
				got[0]++
			default:
				got[1]++
			}
		}
		if want != nil && got != *want {
			return fmt.Errorf("%d were queued and %d turned away, want %d and %d", got[0], got[1], want[0], want[1])
		}
		return nil
	})
}

func (s *state) acceptedWhileComputing(ctx context.Context, n, queued, away string) error {
	var want [2]int
	var err error
	if want[0], err = stepkit.Number("the queued requests", queued, 0, 10_000); err != nil {
		return err
	}
	if want[1], err = stepkit.Number("the requests turned away", away, 0, 10_000); err != nil {
		return err
	}
	if err := s.acceptingCheck(ctx, n, &want); err != nil {
		return fmt.Errorf("the I/O layer %q should accept every cheap request while the first computes elsewhere, but %w", s.name, err)
	}
	if err := harness.Record(ctx, harness.Figure{
		Name: "slowest acceptance of a cheap request", Value: slices.Max(s.waited).Seconds(), Unit: "s",
		Settings: map[string]string{"I/O layer": s.name, "cheap requests": n},
	}); err != nil {
		return err
	}
	return s.finish(ctx)
}

func (s *state) acceptedWhileComputingFails(ctx context.Context, n, want string) error {
	if err := shared.Fired(s.acceptingCheck(ctx, n, nil), "accepting", fmt.Sprintf("the I/O layer %q", s.name), want); err != nil {
		return err
	}
	return s.finish(ctx)
}

// finish releases the first request's work, closes the layer's channel and waits for the layer
// to return, and then for the worker that computed the first request to finish what it took
// (it exits, or blocks on a queue no one closes): a Run that returned early leaves it running.
// Once finished, it does nothing.
func (s *state) finish(ctx context.Context) error {
	if s.finished {
		return nil
	}
	s.stop.Store(true)
	if !s.closed {
		close(s.in)
		s.closed = true
	}
	if err := shared.Await(ctx, s.done, "the I/O layer to stop", s.diagnose("the first request's work is released and the layer's channel closed, so it should finish what it took and return", returnsAtClose)); err != nil {
		return err
	}
	if _, err := harness.AwaitParked(ctx, s.computer, "the worker that computed the first request, once Run has returned"); err != nil {
		return err
	}
	s.finished = true
	return nil
}
