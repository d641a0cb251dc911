// Package steps holds concspec's step definitions: a small vocabulary of plain-English steps
// that every feature shares (goroutine counts, implementations by name, "no goroutine is left
// running", "the race detector reports a data race", ...), one file per feature plus the shared
// ones. Register adds them all to a scenario; each scenario gets fresh state.
package steps

import (
	"fmt"

	"github.com/concspec/concspec/catalog"
	"regexp"
	"strconv"
	"sync"

	"github.com/cucumber/godog"
)

// Register adds every step definition to sc, with state private to that scenario.
func Register(sc *godog.ScenarioContext) {
	w := &world{}
	w.registerGoroutines(sc)
	w.registerChildren(sc)
	w.registerCounters(sc)
	w.registerGroups(sc)
	w.registerTaskGroups(sc)
	w.registerGroupLimits(sc)
	w.registerGroupPanics(sc)
	w.registerCancellationDepth(sc)
	w.registerGoroutineLifetimes(sc)
	w.registerPrimitives(sc)
	w.registerOwnership(sc)
	w.registerParallelMap(sc)
	w.registerPipelines(sc)
	w.registerFanOut(sc)
	w.registerMixedWorkload(sc)
	w.registerOffloading(sc)
	w.registerParallelism(sc)
	w.registerPreemption(sc)
	w.registerMeasureFirst(sc)
	w.registerIOScaling(sc)
	w.registerGoroutineCost(sc)
	w.registerWhenItPays(sc)
	w.registerGoVersion(sc)
	w.registerOtherRuntimes(sc)
}

// implementation returns the catalogued implementation called name (which the mutation matrix
// may have swapped for a broken one).
func implementation[V any](entries map[string]catalog.Entry[V], name string) V {
	return entries[name].New()
}

// compiled holds every step expression, compiled once: godog would otherwise compile them all
// again for each scenario.
var compiled sync.Map

// re returns the compiled step expression.
func re(expr string) *regexp.Regexp {
	if r, ok := compiled.Load(expr); ok {
		return r.(*regexp.Regexp)
	}
	r, _ := compiled.LoadOrStore(expr, regexp.MustCompile(expr))
	return r.(*regexp.Regexp)
}

// world is the state of one scenario, shared by its steps.
type world struct {
	child       childState
	counter     counterState
	group       groupState
	taskGroup   taskGroupState
	limit       limitState
	lifetime    lifetimeState
	primitive   primitiveState
	ownership   ownershipState
	parmap      mapState
	pipeline    pipelineState
	fanOut      fanOutState
	mixed       mixedState
	offload     offloadState
	parallelism parallelismState
	polyglot    polyglotState
	preemption  preemptionState
	workload    workloadState
	scaling     scalingState
	cost        costState
	pays        paysState
	goVersion   goVersionState
}

// Limits on the numbers a step accepts, so that a typo fails with a clear message instead of
// exhausting the machine.
const (
	maxGoroutines = 1_000_000
	maxRepeats    = 100_000_000
)

// count parses a step argument that must lie in [1, max], naming what it counts in the error.
func count(what, arg string, max int) (int, error) {
	return number(what, arg, 1, max)
}

// number parses a step argument that must lie in [min, max].
func number(what, arg string, min, max int) (int, error) {
	n, err := strconv.Atoi(arg)
	if err != nil || n < min || n > max {
		return 0, fmt.Errorf("%s must be a whole number from %d to %d, got %q", what, min, max, arg)
	}
	return n, nil
}
