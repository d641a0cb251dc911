package counters

import (
	"flag"
	"fmt"
	"runtime"
	"sync"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/patterns/counter"
)

// Result is what the counter control prints.
type Result struct {
	Expected int64 `json:"expected"`
	Count    int64 `json:"count"`
	// FewestOverlaps is, with -until-overlaps, the fewest overlaps any goroutine saw.
	FewestOverlaps int `json:"fewest_overlaps,omitempty"`
}

// windowed is a counter that can call a function between reading its count and writing it
// back: the unsynchronised twin, through which the control forces the interleaving that loses
// updates.
type windowed interface {
	counter.Counter
	Between(func())
}

// control increments a catalogued counter from many goroutines at once. Run on the
// unsynchronised counter it is the negative control for rule R18; run on a correct counter it
// shows that the race detector stays quiet when there is no race. With -read, another goroutine
// reads the count until it sees an increment, ordered with the increments by nothing but the
// counter itself: a Value that reads without the counter's lock is a race the detector reports.
// With -interleave, every goroutine reads the count before any writes it back. With
// -until-overlaps n, the goroutines run at GOMAXPROCS -procs and keep incrementing until each
// has seen n overlaps (see incrementUntilOverlapped), making at most -increments each.
func control(cat *catalog.Catalog, args []string) (any, error) {
	flags := flag.NewFlagSet("counter", flag.ContinueOnError)
	impl := flags.String("impl", "unsynchronised", "counter implementation, by catalog name")
	goroutines := flags.Int("goroutines", 8, "goroutines incrementing at once")
	increments := flags.Int("increments", 10000, "increments per goroutine")
	read := flags.Bool("read", false, "read the count while the goroutines increment it")
	interleave := flags.Bool("interleave", false, "each goroutine increments once, and all read the count before any writes it back")
	overlaps := flags.Int("until-overlaps", 0, "increment until each goroutine has seen this many times the others' increments land between two of its reads")
	procs := flags.Int("procs", 0, "GOMAXPROCS to run the goroutines at (0: leave it)")
	if err := flags.Parse(args); err != nil {
		return nil, err
	}
	if *goroutines < 1 || *increments < 1 || *overlaps < 0 || *procs < 0 {
		return nil, fmt.Errorf("-goroutines and -increments must be at least 1, -until-overlaps and -procs at least 0")
	}
	c, err := catalog.Lookup(cat, kind, *impl)
	if err != nil {
		return nil, err
	}
	if *procs > 0 {
		runtime.GOMAXPROCS(*procs) // whatever GOMAXPROCS the environment set
	}
	if *overlaps > 0 {
		o := incrementUntilOverlapped(c, *goroutines, *overlaps, *increments)
		return Result{Expected: o.made, Count: c.Value(), FewestOverlaps: o.fewestSeen}, nil
	}
	if *interleave {
		if err := forceInterleaving(c, *goroutines, *increments); err != nil {
			return nil, err
		}
	}
	var reader sync.WaitGroup
	if *read {
		reader.Go(func() {
			for c.Value() == 0 {
				runtime.Gosched()
			}
		})
	}
	counter.IncrementConcurrently(c, *goroutines, *increments)
	reader.Wait()
	return Result{Expected: int64(*goroutines) * int64(*increments), Count: c.Value()}, nil
}

// forceInterleaving makes each of the goroutines' increments wait, between its read and its
// write, until every goroutine has read: all read the same count, and all but one update are
// lost.
func forceInterleaving(c counter.Counter, goroutines, increments int) error {
	w, ok := c.(windowed)
	if !ok {
		return fmt.Errorf("the counter %T has no window between its read and its write to force an interleaving in", c)
	}
	if increments != 1 {
		return fmt.Errorf("-interleave takes one increment per goroutine, not %d", increments)
	}
	var allRead sync.WaitGroup
	allRead.Add(goroutines)
	w.Between(func() {
		allRead.Done()
		allRead.Wait()
	})
	return nil
}
