package catalog

import (
	"fmt"
	"strings"
)

// EnvMutant names the mutant the corpus runs with (see [Apply]); `make mutate` sets it.
const EnvMutant = "CONCSPEC_MUTANT"

// Mutant is a known-broken implementation put in the place of a reference one, so that the
// corpus can show it kills it: the scenarios that use the reference must fail.
type Mutant struct {
	Name string
	// Rules are the rules whose scenarios are expected to kill it; a mutant killed only by
	// other scenarios, or by a failure of no scenario at all, is not a proof of anything.
	Rules []string
	// apply swaps the broken implementation in.
	apply func() error
}

// Mutants is the catalogue of mutants: at least one for every rule that has an implementation.
var Mutants = []Mutant{
	{"unsynchronised counter", []string{"R18"}, swap(Counters, "mutex", "unsynchronised")},
	{"a Wait that returns before its tasks end", []string{"R09"}, swapGroup("reference", "returns-early")},
	{"a group that leaks a goroutine", []string{"R09", "R10", "R11", "R13", "R14", "R19"}, swapGroup("reference", "leaks-goroutine")},
	{"fire-and-forget tasks", []string{"R09", "R10"}, swapGroup("reference", "fire-and-forget")},
	{"a group that does not cancel siblings", []string{"R11", "R13"}, swapGroup("reference", "no-cancel")},
	{"a swallowed error", []string{"R10", "R11", "R13"}, swapGroup("reference", "swallows-errors")},
	{"a limit that is exceeded", []string{"R19"}, swapGroup("reference", "exceeds-limit")},
	{"a task that ignores its context", []string{"R11", "R13", "R14"}, swap(Waiters, "honours its context", "ignores its context")},
	{"a lost result", []string{"R21"}, swap(Collectors, "Collect", "CollectWithoutWait")},
	{"closing the results channel before Wait", []string{"R15"}, swap(FanOuts, "wait then close", "close before wait")},
	{"a fan-out that forgets Wait", []string{"R15"}, swap(FanOuts, "wait then close", "without wait")},
	{"a broken order in the ordered map", []string{"R16"}, swap(Maps, "ordered", "completion-order")},
	{"a pipeline stage that does not stop on cancel", []string{"R25"}, swap(Stages, "map", "ignores cancellation")},
	{"a pipeline stage without backpressure", []string{"R25"}, swap(Stages, "map", "queues without bound")},
	{"a sender that keeps writing after the handoff", []string{"R03"}, swap(Handoffs, "send and let go", "send and keep writing")},
	{"an I/O layer that computes inline", []string{"R06"}, swap(IOLayers, "offloading to a pool of 1 worker", "computing inline")},
	{"a pool that runs the work in the caller", []string{"R17"}, swap(Pools, "bounded pool", "runs in the caller")},
	{"a lock that excludes nothing", []string{"R05"}, swap(Locks, "sync.Mutex", "no lock")},
	{"a receiver that cannot be stopped", []string{"R12"}, swap(Receivers, "select on the context", "receive for ever")},
	{"a group that lets a panic crash the process", []string{"R14"}, swapGroup("reference", "crashes-on-panic")},
}

// swap returns a function that makes the entry called reference build what the entry called
// broken builds. The entry keeps its name and its place, and it is not marked as a negative
// control: the scenarios see the reference, broken.
func swap[V any](entries map[string]Entry[V], reference, broken string) func() error {
	return swapIn(entries, reference, broken, func(e, b Entry[V]) Entry[V] { e.New = b.New; return e })
}

// swapGroup is swap for task groups: the reference group starts the broken one.
func swapGroup(reference, broken string) func() error {
	return swapIn(Groups, reference, broken, func(g, b GroupImpl) GroupImpl { g.Start = b.Start; return g })
}

// swapIn replaces the entry called reference with take(reference's entry, broken's entry).
func swapIn[V any](entries map[string]V, reference, broken string, take func(ref, broken V) V) func() error {
	return func() error {
		e, ok := entries[reference]
		b, found := entries[broken]
		if !ok || !found {
			return fmt.Errorf("the catalogue has no %q or no %q to swap", reference, broken)
		}
		entries[reference] = take(e, b)
		return nil
	}
}

// Apply puts the mutant called name in place. It is meant for a process that runs the corpus
// once with that mutant; nothing undoes it.
func Apply(name string) error {
	var names []string
	for _, m := range Mutants {
		if m.Name == name {
			return m.apply()
		}
		names = append(names, fmt.Sprintf("%q", m.Name))
	}
	return fmt.Errorf("unknown mutant %q; known: %s", name, strings.Join(names, ", "))
}
