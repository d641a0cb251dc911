package counters

import (
	"flag"
	"fmt"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/patterns/counter"
)

// Result is what the counter control prints.
type Result struct {
	Expected int64 `json:"expected"`
	Count    int64 `json:"count"`
}

// control increments a catalogued counter from many goroutines at once. Run on the
// unsynchronised counter it is the negative control for rule R18; run on a correct counter it
// shows that the race detector stays quiet when there is no race.
func control(cat *catalog.Catalog, args []string) (any, error) {
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
	c, err := catalog.Lookup(cat, kind, *impl)
	if err != nil {
		return nil, err
	}
	counter.IncrementConcurrently(c, *goroutines, *increments)
	return Result{Expected: int64(*goroutines) * int64(*increments), Count: c.Value()}, nil
}
