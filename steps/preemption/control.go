package preemption

import (
	"flag"
	"sync/atomic"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/patterns/work"
)

// Result is what the tight-loop control prints if its loop ends.
type Result struct {
	Ended bool `json:"ended"`
}

// control spins, with no function call in the loop, until another goroutine sets a flag. Run
// with GOMAXPROCS=1 and GODEBUG=asyncpreemptoff=1, nothing can stop the loop to let that
// goroutine run, so it never ends: the corpus stops it with a bound.
func control(_ *catalog.Catalog, args []string) (any, error) {
	flags := flag.NewFlagSet("tight-loop", flag.ContinueOnError)
	if err := flags.Parse(args); err != nil {
		return nil, err
	}
	var flagSet atomic.Bool
	go flagSet.Store(true)
	work.SpinUntil(&flagSet)
	return Result{Ended: true}, nil
}
