package whenitpays

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"github.com/concspec/concspec/steps/ioscaling"
)

// callsSequentialAndConcurrent makes 1 call and then n, each one after another (plain calls in
// the step's goroutine) and concurrently (a goroutine each), in the program built without the
// race detector, and records how much faster concurrency made them.
func (s *state) callsSequentialAndConcurrent(ctx context.Context, n, millis string) error {
	k, err := stepkit.Count("the number of calls", n, 10_000)
	if err != nil {
		return err
	}
	ms, err := stepkit.Number("the latency in milliseconds", millis, 1, 10_000)
	if err != nil {
		return err
	}
	measured, err := ioscaling.Measure(ctx, time.Duration(ms)*time.Millisecond, 3,
		ioscaling.Tasks{How: ioscaling.OneAfterAnother, N: 1}, ioscaling.Tasks{How: ioscaling.Concurrently, N: 1},
		ioscaling.Tasks{How: ioscaling.OneAfterAnother, N: k}, ioscaling.Tasks{How: ioscaling.Concurrently, N: k})
	if err != nil {
		return err
	}
	s.calls = map[int]calls{1: {measured[0], measured[1]}, k: {measured[2], measured[3]}}
	for _, c := range []calls{s.calls[1], s.calls[k]} {
		settings := ioscaling.Settings(c.concurrently, millis+"ms")
		for _, f := range []harness.Figure{
			{Name: "concurrent calls' wall-time speed-up over one after another", Value: c.oneAfterAnother.Sample.Wall.Seconds() / c.concurrently.Sample.Wall.Seconds(), Unit: "×"},
			{Name: "most concurrent calls waiting at the server at one moment", Value: float64(c.concurrently.Together), Unit: "requests"},
		} {
			f.Settings = settings
			if err := harness.Record(ctx, f); err != nil {
				return err
			}
		}
	}
	return nil
}

// madeConcurrently is the n calls made concurrently, and the factor a step asks for.
func (s *state) madeConcurrently(n, times string) (ioscaling.Measured, int, error) {
	k, err := strconv.Atoi(n)
	if err != nil {
		return ioscaling.Measured{}, 0, err
	}
	c, ok := s.calls[k]
	if !ok {
		return ioscaling.Measured{}, 0, fmt.Errorf("%s calls were not made", n)
	}
	factor, err := stepkit.Count("the factor", times, 10_000)
	return c.concurrently, factor, err
}

// gainForMany is the scaling check on the n calls: to be factor times faster than one after
// another, at least factor of them waited at the server together.
func (s *state) gainForMany(ctx context.Context, n, times string) error {
	m, factor, err := s.madeConcurrently(n, times)
	if err != nil {
		return err
	}
	return ioscaling.Together(ctx, m, factor)
}

// noGainForOne is the negative control: the scaling check fires on a single call made
// concurrently, which has no other call to wait with.
func (s *state) noGainForOne(ctx context.Context, times string) error {
	m, factor, err := s.madeConcurrently("1", times)
	if err != nil {
		return err
	}
	if ioscaling.Together(ctx, m, factor) == nil {
		return fmt.Errorf("the scaling check did not fire: a single call made concurrently waited at the server with %d calls at once", m.Together)
	}
	return nil
}
