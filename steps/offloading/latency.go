package offloading

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"github.com/concspec/concspec/steps/shared"
)

// timeCheapRequests times cheap requests while heavy ones burn CPU, inline and in the scenario's
// pool, in the program built without the race detector at the GOMAXPROCS the step names, and
// records the median latency of each.
func (s *state) timeCheapRequests(ctx context.Context, procs, heavy string) error {
	if err := harness.RequireExclusive(ctx, "burns CPU in heavy requests and measures how long cheap requests take"); err != nil {
		return err
	}
	if s.name == "" {
		return errNoPool
	}
	p, err := stepkit.Count("GOMAXPROCS", procs, 1024)
	if err != nil {
		return err
	}
	k, err := stepkit.Count("the number of heavy requests", heavy, 1000)
	if err != nil {
		return err
	}
	var l Latencies
	if err := shared.MeasureInChild(ctx, &l, controlName, "-pool", s.name, "-workers", strconv.Itoa(s.workers),
		"-heavy", strconv.Itoa(k), "-procs", strconv.Itoa(p)); err != nil {
		return err
	}
	if len(l.Inline) == 0 || len(l.Offloaded) == 0 {
		return fmt.Errorf("the measuring child timed no cheap request")
	}
	s.latencies = &l
	settings := map[string]string{"heavy requests": strconv.Itoa(k), "cheap requests": strconv.Itoa(len(l.Inline)),
		"pool": s.name, "workers": strconv.Itoa(s.workers), "GOMAXPROCS": strconv.Itoa(l.GOMAXPROCS), "race detector": "off (the program built without it)"}
	for _, f := range []harness.Figure{
		{Name: "median latency of a cheap request, heavy work inline", Value: median(l.Inline).Seconds(), Unit: "s"},
		{Name: "median latency of a cheap request, heavy work in the pool", Value: median(l.Offloaded).Seconds(), Unit: "s"},
		{Name: "cheap request latency, inline over offloaded", Value: median(l.Inline).Seconds() / median(l.Offloaded).Seconds(), Unit: "×"},
	} {
		f.Settings = settings
		if err := harness.Record(ctx, f); err != nil {
			return err
		}
	}
	return nil
}

func median(ds []time.Duration) time.Duration {
	sorted := slices.Sorted(slices.Values(ds))
	return sorted[len(sorted)/2]
}

// responsivenessCheck is the responsiveness check: the cheap requests' median latency with the
// heavy work inline was at least factor times that with it offloaded.
func (s *state) responsivenessCheck(ctx context.Context, times string) error {
	if s.latencies == nil {
		return fmt.Errorf("no cheap request was timed: start with `When at GOMAXPROCS n cheap requests are timed while …`")
	}
	factor, err := stepkit.Count("the factor", times, 1000)
	if err != nil {
		return err
	}
	inline, offloaded := median(s.latencies.Inline), median(s.latencies.Offloaded)
	return harness.Detect(ctx, responsiveness, func() error {
		if ratio := inline.Seconds() / offloaded.Seconds(); ratio < float64(factor) {
			return fmt.Errorf("at GOMAXPROCS %d cheap requests took %.2f× as long with the work inline (%s) as in the %s (%s), not at least %d×",
				s.latencies.GOMAXPROCS, ratio, inline, s.name, offloaded, factor)
		}
		return nil
	})
}

func (s *state) inlineSlower(ctx context.Context, times string) error {
	return s.responsivenessCheck(ctx, times)
}

// inlineSlowerFails is the negative control: the responsiveness check fires on a pool that
// offloads nothing.
func (s *state) inlineSlowerFails(ctx context.Context, times string) error {
	if s.latencies == nil {
		return s.responsivenessCheck(ctx, times)
	}
	if s.responsivenessCheck(ctx, times) == nil {
		return fmt.Errorf("the responsiveness check did not fire: cheap requests were at least %s times slower with the work inline than in the %s", times, s.name)
	}
	return nil
}
