package whenitpays

import (
	"cmp"
	"context"
	"fmt"
	"strconv"

	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/internal/measure"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"github.com/concspec/concspec/steps/shared"
)

func (s *state) callsSequentialAndConcurrent(ctx context.Context, n, millis string) error {
	if err := harness.RequireExclusive(ctx, "measures how long calls take one after another and concurrently"); err != nil {
		return err
	}
	r, err := shared.RequestsTo(ctx, "the number of calls", n, 10_000, millis)
	if err != nil {
		return err
	}
	srv := r.Server
	s.speedup = map[int]float64{}
	for _, calls := range []int{1, r.N} {
		urls := r.URLs(calls)
		// The timed calls run inside shared.Do: the wait around them is bounded by time and
		// costs nothing while they run, and past the bound their context is cancelled.
		var failure error
		var sequential, concurrent measure.Sample
		err := shared.Do(ctx, fmt.Sprintf("%d calls made one after another and concurrently", calls), func(ctx context.Context) {
			sequential = measure.Median(3, func() {
				for _, url := range urls {
					failure = cmp.Or(failure, shared.FetchAllOK(ctx, srv, []string{url}))
				}
			})
			concurrent = measure.Median(3, func() { failure = cmp.Or(failure, shared.FetchAllOK(ctx, srv, urls)) })
		}, func(parked []harness.Goroutine) string {
			return fmt.Sprintf("each of the %d calls is answered after %sms, so every timed round should end long before the bound; but the calls are at %s and the server's handlers at %s",
				calls, millis, shared.WhereAll(shared.In(parked, "fanout.")), shared.WhereAll(shared.In(parked, "loopback.")))
		})
		if err != nil {
			return err // failure is not read: the calls may still be running
		}
		if failure != nil {
			return failure
		}
		s.speedup[calls] = sequential.Wall.Seconds() / concurrent.Wall.Seconds()
		if err := harness.Record(ctx, harness.Figure{
			Name: "concurrent calls' speedup over one after another", Value: s.speedup[calls], Unit: "×",
			Settings: map[string]string{"calls": strconv.Itoa(calls), "latency": millis + "ms"},
		}); err != nil {
			return err
		}
	}
	return nil
}

func (s *state) noGainForOne() error {
	if got := s.speedup[1]; got > 1.5 {
		return fmt.Errorf("one call made concurrently was %.2f times faster than made plainly", got)
	}
	return nil
}

func (s *state) gainForMany(n, times string) error {
	k, err := strconv.Atoi(n)
	if err != nil {
		return err
	}
	factor, err := stepkit.Count("the factor", times, 10_000)
	if err != nil {
		return err
	}
	if got, ok := s.speedup[k]; !ok || got < float64(factor) {
		return fmt.Errorf("%s calls made concurrently were %.2f times faster, want at least %d", n, got, factor)
	}
	return nil
}
