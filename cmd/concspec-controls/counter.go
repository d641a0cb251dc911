package main

import (
	"flag"
	"fmt"

	"github.com/concspec/concspec/catalog"
	"github.com/concspec/concspec/internal/controls"
	"github.com/concspec/concspec/patterns/counter"
)

// counterControl increments a catalogued counter from many goroutines at once. Run on the
// unsynchronised counter it is the negative control for rule R18; run on a correct counter it
// shows that the race detector stays quiet when there is no race.
func counterControl(args []string) (any, error) {
	flags := flag.NewFlagSet("counter", flag.ContinueOnError)
	impl := flags.String("impl", "unsynchronised", "counter implementation, by catalog name")
	goroutines := flags.Int("goroutines", 8, "goroutines incrementing at once")
	increments := flags.Int("increments", 10000, "increments per goroutine")
	if err := flags.Parse(args); err != nil {
		return nil, err
	}
	if *goroutines < 1 || *increments < 1 {
		return nil, fmt.Errorf("-goroutines and -increments must be at least 1")
	}
	entry, err := catalog.Lookup("counter", catalog.Counters, *impl)
	if err != nil {
		return nil, err
	}
	c := entry.New()
	counter.IncrementConcurrently(c, *goroutines, *increments)
	return controls.CounterResult{Expected: int64(*goroutines) * int64(*increments), Count: c.Value()}, nil
}
