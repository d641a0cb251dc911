package parallelmap

import (
	"context"
	"fmt"
	"maps"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"github.com/concspec/concspec/steps/shared"
)

// ParallelSpeedup is the parallel-speedup check: work spread over processors was done faster
// than another way of doing it (one after another, or workers sharing a lock), given the
// processors each wanted.
const ParallelSpeedup harness.Detector = "parallel speedup"

// Speedup is how many times faster than base the work done the way par was, given the processors
// each wanted: how long each takes when the machine gives it every processor it wants
// (Spread.Unhindered), the median over the rounds in which both were measured (Alternate). A
// neighbour that takes CPUs away lengthens the wall time, so it can flip a wall-time speed-up;
// the time a thread waits for a CPU is left out of this one, so it cannot.
func Speedup(base, par []Spread) float64 {
	var ratios []float64
	for r := range min(len(base), len(par)) {
		if par[r].Unhindered > 0 {
			ratios = append(ratios, base[r].Unhindered.Seconds()/par[r].Unhindered.Seconds())
		}
	}
	if len(ratios) == 0 {
		return 0
	}
	slices.Sort(ratios)
	return ratios[len(ratios)/2]
}

// WallSpeedup is how many times faster than base par was in wall time, the median over rounds:
// what the machine gave, reported beside Speedup.
func WallSpeedup(base, par []Spread) float64 {
	wall := func(spreads []Spread) []Spread {
		out := slices.Clone(spreads)
		for i := range out {
			out[i].Unhindered = out[i].Wall
		}
		return out
	}
	return Speedup(wall(base), wall(par))
}

// OneCore skips the scenario on a machine with one core, where nothing runs in parallel; a step
// that measures a parallel speed-up calls it first.
func OneCore(ctx context.Context) error {
	if runtime.NumCPU() == 1 {
		return harness.Skip(ctx, "this machine has one core, so no work can be spread over processors here")
	}
	return nil
}

// slowedAbove is how much more processor time than base the same work may take done the way
// par, in a round, before the round counts as one in which the processors slowed each other.
const slowedAbove = 1.3

// CheckFaster is the positive parallel-speedup check: the work done the way what says (par) was
// at least least times faster than done the way than says (base), over the rounds in which the
// processors ran at their speed. A round in which par took more than slowedAbove times the
// processor time of base for the same work is one in which this machine's processors slowed
// each other down as they computed side by side (hardware threads of one core, or a host busy
// beside this machine): what the work wanted, it did not get at full speed, and that round
// cannot show a speed-up. If most rounds are such rounds, the scenario is skipped with what was
// measured: a speed-up can be neither shown nor refuted on this machine now.
func CheckFaster(ctx context.Context, what, than string, base, par []Spread, least float64) error {
	var keptBase, keptPar []Spread
	var slowed []string
	for r := range min(len(base), len(par)) {
		if ratio := par[r].OnCPU.Seconds() / base[r].OnCPU.Seconds(); ratio > slowedAbove {
			slowed = append(slowed, fmt.Sprintf("%.2f", ratio))
			continue
		}
		keptBase, keptPar = append(keptBase, base[r]), append(keptPar, par[r])
	}
	if len(keptPar) <= len(slowed) {
		return harness.Skip(ctx, fmt.Sprintf("in %d of %d rounds %s took %s times the processor time of %s for the same work: this machine's processors slowed each other down as they computed side by side (hardware threads of one core, or a host busy beside this machine), so no speed-up can be shown now",
			len(slowed), len(slowed)+len(keptPar), what, strings.Join(slowed, ", "), than))
	}
	return CheckSpeedup(ctx, what, than, keptBase, keptPar, least)
}

// CheckSpeedup is the parallel-speedup check over every round: the work done the way what says
// (par) was at least least times faster than done the way than says (base). The negative
// controls use it as it is: work that costs more processor time than it should (a shared lock)
// is what they show.
func CheckSpeedup(ctx context.Context, what, than string, base, par []Spread, least float64) error {
	return harness.Detect(ctx, ParallelSpeedup, func() error {
		if got := Speedup(base, par); got < least {
			b, p := Typical(base), Typical(par)
			return fmt.Errorf("%s was %.2f times as fast as %s, given the processors each wanted (the median of %d rounds; in a typical round they wanted %s against %s processors, for %s against %s of processor time, and took %s against %s of wall time), not at least %.2f times",
				what, got, than, len(par), shared.Processors(p.Wanted()), shared.Processors(b.Wanted()), p.OnCPU, b.OnCPU, p.Wall, b.Wall, least)
		}
		return nil
	})
}

// Record records what a typical round of work wanted of the processors, what it obtained, and how
// long it takes given what it wanted; what names the work and settings are its conditions.
func Record(ctx context.Context, what string, rounds []Spread, settings map[string]string) error {
	s := Typical(rounds)
	with := maps.Clone(settings)
	with["measured"] = what
	with["wall"] = s.Wall.String()
	for _, f := range []harness.Figure{
		{Name: "processors its threads wanted (on a CPU or ready to run, over wall time)", Value: s.Wanted(), Unit: "processors"},
		{Name: "processors its threads obtained (on a CPU, over wall time)", Value: s.Obtained(), Unit: "processors"},
		{Name: "time it takes given every processor it wants", Value: s.Unhindered.Seconds(), Unit: "s"},
	} {
		f.Settings = with
		if err := harness.Record(ctx, f); err != nil {
			return err
		}
	}
	return nil
}

// mapFaster maps CPU-bound items in the program built without the race detector, one after
// another and with the scenario's map, and records what each wanted of the processors and how much
// faster the map was.
func (s *state) mapFaster(ctx context.Context, n string) error {
	if err := harness.RequireExclusive(ctx, "measures how much faster CPU-bound items are mapped over the cores than one after another"); err != nil {
		return err
	}
	if err := OneCore(ctx); err != nil {
		return err
	}
	k, err := stepkit.Count("the number of items", n, 1000)
	if err != nil {
		return err
	}
	var m Mapped
	if err := shared.MeasureInChild(ctx, &m, controlName, "-map", s.name, "-items", strconv.Itoa(k)); err != nil {
		return err
	}
	s.mapped = &m
	settings := map[string]string{"map": s.name, "items": strconv.Itoa(k), "workers": strconv.Itoa(m.Workers), "race detector": "off (the program built without it)"}
	if !Known(m.OneAfterAnother, m.Map) {
		return harness.Skip(ctx, "the kernel gives no per-thread scheduler statistics (/proc/thread-self/schedstat), so what the map wants of the processors cannot be told from what a neighbour leaves it")
	}
	if err := Record(ctx, "the items one after another", m.OneAfterAnother, settings); err != nil {
		return err
	}
	if err := Record(ctx, "the items through the "+s.name+" map", m.Map, settings); err != nil {
		return err
	}
	for _, f := range []harness.Figure{
		{Name: "parallel map's wall-time speed-up over one after another", Value: WallSpeedup(m.OneAfterAnother, m.Map), Unit: "×"},
		{Name: "parallel map's speed-up over one after another, given the processors each wanted", Value: Speedup(m.OneAfterAnother, m.Map), Unit: "×"},
	} {
		f.Settings = settings
		if err := harness.Record(ctx, f); err != nil {
			return err
		}
	}
	return nil
}

// fasterThanOneAfterAnother is the parallel-speedup check on the scenario's map.
func (s *state) fasterThanOneAfterAnother(ctx context.Context, times string) error {
	least, err := s.timed(times)
	if err != nil {
		return err
	}
	return CheckFaster(ctx, "the "+s.name+" map", "one after another", s.mapped.OneAfterAnother, s.mapped.Map, least)
}

// fasterFails is the negative control: the parallel-speedup check fires on a map that gains
// nothing from the cores.
func (s *state) fasterFails(ctx context.Context, times string) error {
	least, err := s.timed(times)
	if err != nil {
		return err
	}
	if CheckSpeedup(ctx, "the "+s.name+" map", "one after another", s.mapped.OneAfterAnother, s.mapped.Map, least) == nil {
		return fmt.Errorf("the parallel-speedup check did not fire: the %s map was %.2f times as fast as one after another, given the processors each wanted",
			s.name, Speedup(s.mapped.OneAfterAnother, s.mapped.Map))
	}
	return nil
}

// timed reads the speed-up a step asks for, once the map has been timed.
func (s *state) timed(times string) (float64, error) {
	if s.mapped == nil {
		return 0, fmt.Errorf("no map was timed: start with `When it maps n CPU-bound items, and they are mapped one after another too`")
	}
	return strconv.ParseFloat(times, 64)
}
