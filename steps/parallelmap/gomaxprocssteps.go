package parallelmap

import (
	"context"
	"fmt"
	"maps"
	"strconv"

	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"github.com/concspec/concspec/steps/shared"
)

// mapAtBoth maps CPU-bound items with the scenario's map and one after another, at GOMAXPROCS 1
// and 2, in the program built without the race detector, and records the map's wall-time
// speed-up at each as speedup_gomaxprocs_1 and speedup_gomaxprocs_2, beside what each way wanted
// of the processors and obtained, and the machine's CPU pressure.
func (s *state) mapAtBoth(ctx context.Context, n string) error {
	if err := harness.RequireExclusive(ctx, "measures how much faster CPU-bound items are mapped at GOMAXPROCS 1 and 2 than one after another"); err != nil {
		return err
	}
	if err := OneCore(ctx); err != nil {
		return err
	}
	k, err := stepkit.Count("the number of items", n, 1000)
	if err != nil {
		return err
	}
	var out []AtGOMAXPROCS
	if err := shared.MeasureInChild(ctx, &out, gomaxprocsControl, "-map", s.name, "-workers", strconv.Itoa(s.workers), "-items", strconv.Itoa(k)); err != nil {
		return err
	}
	s.atProcs = map[int]AtGOMAXPROCS{}
	for _, at := range out {
		if !Known(spreads(at.OneAfterAnother), spreads(at.Map)) {
			return harness.Skip(ctx, "the kernel gives no per-thread scheduler statistics (/proc/thread-self/schedstat), so what the map wants of the processors cannot be told from what a neighbour leaves it")
		}
		s.atProcs[at.GOMAXPROCS] = at
		settings := map[string]string{
			"map": s.name, "items": strconv.Itoa(k), "workers": strconv.Itoa(s.workers), "GOMAXPROCS": strconv.Itoa(at.GOMAXPROCS),
			"race detector": "off (the program built without it)", "rounds": strconv.Itoa(len(at.Map)),
		}
		if err := recordRound(ctx, "the items one after another", median(at.OneAfterAnother, wanted), settings); err != nil {
			return err
		}
		if err := recordRound(ctx, "the items through the "+s.name+" map", at.MapWanted(), settings); err != nil {
			return err
		}
		f := harness.Figure{Name: "speedup_gomaxprocs_" + strconv.Itoa(at.GOMAXPROCS), Value: at.WallSpeedup(), Unit: "×", Settings: maps.Clone(settings)}
		f.Settings["measured"] = "the wall time of the items one after another over that of the map, the median over the rounds"
		if err := harness.Record(ctx, f); err != nil {
			return err
		}
	}
	return nil
}

func wanted(r Round) float64 { return r.Spread.Wanted() }

func spreads(rounds []Round) []Spread {
	out := make([]Spread, len(rounds))
	for i, r := range rounds {
		out[i] = r.Spread
	}
	return out
}

// recordRound records what the threads that ran the items of a round wanted and obtained, what
// the whole process held, and the machine's CPU pressure.
func recordRound(ctx context.Context, what string, r Round, settings map[string]string) error {
	with := maps.Clone(settings)
	with["measured"], with["wall"] = what, r.Spread.Wall.String()
	figures := []harness.Figure{
		{Name: "processors its threads wanted (on a CPU or ready to run, over wall time)", Value: r.Spread.Wanted(), Unit: "processors"},
		{Name: "processors its threads obtained (on a CPU, over wall time)", Value: r.Spread.Obtained(), Unit: "processors"},
		{Name: "processors held (Go's processors running goroutines, over wall time)", Value: r.Sample.Held(), Unit: "processors"},
	}
	if r.Sample.Pressure >= 0 {
		figures = append(figures, harness.Figure{Name: "machine CPU pressure (share of the wall time some task waited for a CPU)", Value: r.Sample.Pressure, Unit: "share"})
	}
	for _, f := range figures {
		f.Settings = with
		if err := harness.Record(ctx, f); err != nil {
			return err
		}
	}
	return nil
}

// at is what was measured at the GOMAXPROCS a step names, and the number of processors it reads.
func (s *state) at(procs, processors string) (AtGOMAXPROCS, float64, error) {
	p, _ := strconv.Atoi(procs)
	at, ok := s.atProcs[p]
	if !ok {
		return at, 0, fmt.Errorf("nothing was mapped at GOMAXPROCS %s: start with `When it maps n CPU-bound items at GOMAXPROCS 1 and at GOMAXPROCS 2, and one after another at each`", procs)
	}
	limit, err := strconv.ParseFloat(processors, 64)
	return at, limit, err
}

// wantedAtLeast is the map-parallelism check: in the median round the threads that ran the map's
// items were on a CPU, or ready to run, at least least processors' worth of the wall time. A
// neighbour that takes CPUs away moves their time from running to waiting and leaves the sum
// alone; only what GOMAXPROCS lets the map run at once moves it.
func (s *state) wantedAtLeast(ctx context.Context, procs, least string) error {
	at, limit, err := s.at(procs, least)
	if err != nil {
		return err
	}
	return harness.Detect(ctx, mapParallelism, func() error {
		r := at.MapWanted()
		if got := r.Spread.Wanted(); got < limit {
			return fmt.Errorf("at GOMAXPROCS %s the threads of the %s map wanted %s processors on average (in the median of %d rounds; they obtained %s), fewer than %s: its items did not run side by side",
				procs, s.name, shared.Processors(got), len(at.Map), shared.Processors(r.Spread.Obtained()), least)
		}
		return nil
	})
}

// wantedAtLeastFails is the negative control: the map-parallelism check fires on a map whose
// items do not run side by side.
func (s *state) wantedAtLeastFails(ctx context.Context, procs, least string) error {
	if err := s.wantedAtLeast(ctx, procs, least); err == nil {
		at, _, _ := s.at(procs, least)
		return fmt.Errorf("the map-parallelism check did not fire: at GOMAXPROCS %s the threads of the %s map wanted %s processors on average, at least %s",
			procs, s.name, shared.Processors(at.MapWanted().Spread.Wanted()), least)
	}
	return nil
}

// wantedAtMost checks that the map's threads wanted at most most processors in its median round.
func (s *state) wantedAtMost(procs, most string) error {
	at, limit, err := s.at(procs, most)
	if err != nil {
		return err
	}
	if got := at.MapWanted().Spread.Wanted(); got > limit {
		return fmt.Errorf("at GOMAXPROCS %s the threads of the %s map wanted %s processors on average (in the median of %d rounds), more than %s",
			procs, s.name, shared.Processors(got), len(at.Map), most)
	}
	return nil
}
