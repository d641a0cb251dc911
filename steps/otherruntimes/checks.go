package otherruntimes

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/internal/measure"
	"github.com/concspec/concspec/steps/shared"
)

// The detectors of the slice: each positive claim runs through one, and each negative control
// shows it firing on the bad pattern.
const (
	// parallelism is the check that a way of computing wanted several processors at once.
	parallelism harness.Detector = "parallelism measure (other runtimes)"
	// overlap is the check that waits ran side by side: they took a few latencies in all, not
	// one latency each.
	overlap harness.Detector = "waits overlap (other runtimes)"
	// stopping is the check that a failure stopped the other tasks of its group.
	stopping harness.Detector = "cancellation on failure (other runtimes)"
	// loopFree is the check that an event loop ran other callbacks while work was in progress.
	loopFree harness.Detector = "event loop free (other runtimes)"
)

// ways are the ways of computing whose processors the programs report, as the steps name them.
const ways = `(threads|processes|sequential map|parallel map|sequential stream|parallel stream|foreach loop|Parallel\.ForEach loop)`

// processors is what one way of computing wanted and obtained, as a program printed it.
type processors struct {
	wanted, obtained float64
	wall             time.Duration
}

// sample is what was measured, as the corpus's measures keep it: the time on a CPU and ready
// to run, over the wall time.
func (p processors) sample(pressure float64) measure.Sample {
	onCPU := time.Duration(p.obtained * float64(p.wall))
	return measure.Sample{
		Wall: p.wall, CPU: onCPU, OnCPU: onCPU, Schedstat: true, Pressure: pressure,
		Waiting: time.Duration((p.wanted - p.obtained) * float64(p.wall)),
	}
}

// processors reads what the program printed for the way of computing.
func (s *state) processors(way string) (processors, error) {
	if !s.ran {
		return processors{}, fmt.Errorf("no program has run: start with `When the … program \"…\" runs`")
	}
	all, _ := s.result.Values["processors"].(map[string]any)
	p, _ := all[way].(map[string]any)
	wanted, ok1 := p["wanted"].(float64)
	obtained, ok2 := p["obtained"].(float64)
	wall, ok3 := p["wall_s"].(float64)
	if !ok1 || !ok2 || !ok3 {
		return processors{}, fmt.Errorf("%s printed no processors wanted, obtained and wall_s for the %s: %v", s.result.Runtime, way, s.result.Values)
	}
	return processors{wanted: wanted, obtained: obtained, wall: time.Duration(wall * float64(time.Second))}, nil
}

// wantedAtLeast is the parallelism check: the way of computing kept several processors
// running or ready to run at once.
func (s *state) wantedAtLeast(ctx context.Context, way, least string) error {
	p, err := s.processors(way)
	if err != nil {
		return err
	}
	limit, err := strconv.ParseFloat(least, 64)
	if err != nil {
		return err
	}
	return harness.Detect(ctx, parallelism, func() error { return s.sideBySide(way, p, limit) })
}

// sideBySide is the parallelism check's verdict on what the way of computing wanted.
func (s *state) sideBySide(way string, p processors, least float64) error {
	if p.wanted < least {
		return fmt.Errorf("%s: the %s wanted %s processors (obtained %s), fewer than %s: they did not compute side by side",
			s.result.Runtime, way, shared.Processors(p.wanted), shared.Processors(p.obtained), strconv.FormatFloat(least, 'g', -1, 64))
	}
	return nil
}

// wantedAtLeastFails is a negative control: the parallelism check fires on a way of computing
// that takes turns.
func (s *state) wantedAtLeastFails(ctx context.Context, way, least string) error {
	if err := s.wantedAtLeast(ctx, way, least); err == nil {
		p, _ := s.processors(way)
		return fmt.Errorf("the parallelism check finds that the %s computed side by side (they wanted %s processors, obtained %s): it cannot tell taking turns from running in parallel",
			way, shared.Processors(p.wanted), shared.Processors(p.obtained))
	}
	return nil
}

// overlapped is the overlap check: the waits, measured in latencies (or in the time of one
// wait), took at most a few of them in all.
func (s *state) overlapped(ctx context.Context, key, most string) error {
	v, err := s.number(key)
	if err != nil {
		return err
	}
	limit, err := strconv.ParseFloat(most, 64)
	if err != nil {
		return err
	}
	return harness.Detect(ctx, overlap, func() error { return s.withinLatencies(key, v, limit) })
}

// withinLatencies is the overlap check's verdict on the waits' wall time, v, printed as key.
func (s *state) withinLatencies(key string, v, most float64) error {
	if v > most {
		return fmt.Errorf("%s measured %s = %.3g, more than %s: the waits did not overlap (%v)", s.result.Runtime, key, v, strconv.FormatFloat(most, 'g', -1, 64), s.result.Values)
	}
	return nil
}

// overlappedFails is a negative control: the overlap check fires on waits that ran one after
// another.
func (s *state) overlappedFails(ctx context.Context, key, most string) error {
	if err := s.overlapped(ctx, key, most); err == nil {
		v, _ := s.number(key)
		return fmt.Errorf("the overlap check finds %s = %.3g within %s: it cannot tell waits one after another from waits side by side", key, v, most)
	}
	return nil
}

// stoppedOthers is the cancellation check: the failure stopped every other task of the group.
func (s *state) stoppedOthers(ctx context.Context, others string) error {
	stopped, err := s.number("stopped")
	if err != nil {
		return err
	}
	n, err := strconv.Atoi(others)
	if err != nil {
		return err
	}
	return harness.Detect(ctx, stopping, func() error { return s.allStopped(int(stopped), n) })
}

// allStopped is the cancellation check's verdict: the failure stopped the n other tasks.
func (s *state) allStopped(stopped, n int) error {
	if stopped != n {
		return fmt.Errorf("%s: the failure stopped %d of the %d other tasks (%v)", s.result.Runtime, stopped, n, s.result.Values)
	}
	return nil
}

// stoppedOthersFails is a negative control: the cancellation check fires on a join that lets
// the other tasks run on.
func (s *state) stoppedOthersFails(ctx context.Context, others string) error {
	if err := s.stoppedOthers(ctx, others); err == nil {
		return fmt.Errorf("the cancellation check finds that the failure stopped the %s other tasks: it cannot tell a join that stops them from one that lets them run on (%v)", others, s.result.Values)
	}
	return nil
}

// stayedFree is the event-loop check: the loop ran other callbacks, counted as key, while the
// work was in progress.
func (s *state) stayedFree(ctx context.Context, key, least string) error {
	v, err := s.number(key)
	if err != nil {
		return err
	}
	n, err := strconv.Atoi(least)
	if err != nil {
		return err
	}
	return harness.Detect(ctx, loopFree, func() error { return s.ranCallbacks(key, int(v), n) })
}

// ranCallbacks is the event-loop check's verdict on the callbacks the loop ran, counted as key.
func (s *state) ranCallbacks(key string, ran, least int) error {
	if ran < least {
		return fmt.Errorf("%s measured %s = %d, fewer than %d: the loop ran no other callback while the work was in progress (%v)", s.result.Runtime, key, ran, least, s.result.Values)
	}
	return nil
}

// stayedFreeFails is a negative control: the event-loop check fires on work that holds the
// loop.
func (s *state) stayedFreeFails(ctx context.Context, key, least string) error {
	if err := s.stayedFree(ctx, key, least); err == nil {
		v, _ := s.number(key)
		return fmt.Errorf("the event-loop check finds %s = %v: it cannot tell work that holds the loop from work that leaves it free", key, v)
	}
	return nil
}
