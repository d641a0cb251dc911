package whenitpays

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"time"

	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"github.com/concspec/concspec/steps/shared"
)

// tinyWork runs items of each size one after another, one goroutine per item and in one chunk
// per core, in the program built without the race detector, and records each way's wall time and
// processor time relative to one after another.
func (s *state) tinyWork(ctx context.Context, n, sizes string) error {
	if err := harness.RequireExclusive(ctx, "measures how long tiny work takes one after another, one goroutine per item and in chunks"); err != nil {
		return err
	}
	k, err := stepkit.Count("the number of items", n, 1_000_000)
	if err != nil {
		return err
	}
	args := []string{tinyWorkControlName, "-items", strconv.Itoa(k)}
	s.sizes = nil
	for _, text := range numberList.FindAllString(sizes, -1) {
		size, err := stepkit.Count("the work size", text, 100_000_000)
		if err != nil {
			return err
		}
		s.sizes, args = append(s.sizes, size), append(args, text)
	}
	var measured []Sized
	if err := shared.MeasureInChild(ctx, &measured, args...); err != nil {
		return err
	}
	s.sized = map[int]Sized{}
	for _, m := range measured {
		s.sized[m.Rounds] = m
		settings := map[string]string{"items": n, "rounds per item": strconv.Itoa(m.Rounds), "passes over the items per sample": strconv.Itoa(m.Reps), "GOMAXPROCS": strconv.Itoa(m.PerItem.GOMAXPROCS), "race detector": "off (the program built without it)"}
		for _, f := range []harness.Figure{
			{Name: "one goroutine per item, wall time relative to one after another", Value: ratio(m.PerItem.Wall, m.OneAfterAnother.Wall), Unit: "×"},
			{Name: "one chunk per core, wall time relative to one after another", Value: ratio(m.Chunked.Wall, m.OneAfterAnother.Wall), Unit: "×"},
			{Name: "one goroutine per item, processor time relative to one after another", Value: ratio(m.PerItem.CPU, m.OneAfterAnother.CPU), Unit: "×"},
			{Name: "one goroutine per item, processor time relative to one chunk per core", Value: ratio(m.PerItem.CPU, m.Chunked.CPU), Unit: "×"},
		} {
			f.Settings = settings
			if err := harness.Record(ctx, f); err != nil {
				return err
			}
		}
	}
	return nil
}

var numberList = regexp.MustCompile(`\d+`)

func ratio(a, b time.Duration) float64 { return a.Seconds() / b.Seconds() }

// size is the work size a step names, once it has been measured.
func (s *state) size(text string) (Sized, error) {
	n, err := strconv.Atoi(text)
	if err != nil {
		return Sized{}, err
	}
	m, ok := s.sized[n]
	if !ok {
		return Sized{}, fmt.Errorf("work of %s rounds was not measured", text)
	}
	return m, nil
}

// batchingCheck is the batching check: for work of the size m, one goroutine per item cost at
// least least times the processor time of one chunk per core. It is decided on processor time,
// which a busy machine cannot take away, as it can take away a wall-time ratio.
func (s *state) batchingCheck(ctx context.Context, size, times string) error {
	m, err := s.size(size)
	if err != nil {
		return err
	}
	least, err := strconv.ParseFloat(times, 64)
	if err != nil {
		return err
	}
	return harness.Detect(ctx, batching, func() error {
		if got := ratio(m.PerItem.CPU, m.Chunked.CPU); got < least {
			return fmt.Errorf("for work of %d rounds one goroutine per item cost %.2f times the processor time of one chunk per core (%s against %s), not at least %.2f times: batching gains nothing",
				m.Rounds, got, m.PerItem.CPU, m.Chunked.CPU, least)
		}
		return nil
	})
}

func (s *state) batchingPays(ctx context.Context, size, times string) error {
	return s.batchingCheck(ctx, size, times)
}

// batchingPaysFails is the negative control: the batching check fires on work big enough to pay
// for its goroutine.
func (s *state) batchingPaysFails(ctx context.Context, size, times string) error {
	if _, err := s.size(size); err != nil {
		return err
	}
	if s.batchingCheck(ctx, size, times) == nil {
		return fmt.Errorf("the batching check did not fire: for work of %s rounds one goroutine per item cost at least %s times the processor time of one chunk per core", size, times)
	}
	return nil
}

// perItemCostsMore is the batching check against one after another: spawning a goroutine for
// each item cost more processor time than the items themselves.
func (s *state) perItemCostsMore(ctx context.Context, size string) error {
	m, err := s.size(size)
	if err != nil {
		return err
	}
	return harness.Detect(ctx, batching, func() error {
		if m.PerItem.CPU <= m.OneAfterAnother.CPU {
			return fmt.Errorf("for work of %d rounds one goroutine per item cost %s of processor time, one after another %s: not more", m.Rounds, m.PerItem.CPU, m.OneAfterAnother.CPU)
		}
		return nil
	})
}

// crossover reports the smallest measured size from which one goroutine per item is no slower
// than one after another in wall time (0 when it loses at every size measured).
func (s *state) crossover(ctx context.Context) error {
	crossover := 0
	for _, size := range s.sizes {
		if m := s.sized[size]; m.PerItem.Wall <= m.OneAfterAnother.Wall {
			crossover = size
			break
		}
	}
	settings := map[string]string{"race detector": "off (the program built without it)"}
	if len(s.sizes) > 0 {
		settings["GOMAXPROCS"] = strconv.Itoa(s.sized[s.sizes[0]].PerItem.GOMAXPROCS)
	}
	if crossover == 0 {
		settings["crossover"] = "none: it lost at every size measured"
	}
	return harness.Record(ctx, harness.Figure{
		Name: "work size from which one goroutine per item stops losing", Value: float64(crossover), Unit: "rounds", Settings: settings,
	})
}
