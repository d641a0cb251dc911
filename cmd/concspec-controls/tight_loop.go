package main

import (
	"flag"
	"sync/atomic"

	"github.com/concspec/concspec/internal/controls"
	"github.com/concspec/concspec/patterns/work"
)

// tightLoop spins, with no function call in the loop, until another goroutine sets a flag. Run
// with GOMAXPROCS=1 and GODEBUG=asyncpreemptoff=1, nothing can stop the loop to let that
// goroutine run, so it never ends: the corpus stops it with a bound.
func tightLoop(args []string) (any, error) {
	flags := flag.NewFlagSet("tight-loop", flag.ContinueOnError)
	if err := flags.Parse(args); err != nil {
		return nil, err
	}
	var flagSet atomic.Bool
	go flagSet.Store(true)
	work.SpinUntil(&flagSet)
	return controls.TightLoopResult{Ended: true}, nil
}
