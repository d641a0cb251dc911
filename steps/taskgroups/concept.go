// Package taskgroups is the slice for the task-group features: task_groups.feature (R09 join,
// R11 fail fast, R13 first error or all errors), group_limits.feature (R19 a limit is never
// exceeded), group_panics.feature (R14 what a group does with a panicking task) and
// cancellation_depth.feature (R11 cancellation reaches every depth), as well as the step of
// goroutine_lifetimes.feature (R10) that joins a task in the scenario's group. It holds the
// task groups of the catalogue with their broken twins, the ways a task can wait, the mutants,
// the detectors its checks run through (detectors.go), the capabilities a team's group can
// declare, and the group-panic control that lets a panic crash a child process instead of the
// corpus.
package taskgroups

import (
	"context"
	"slices"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/concept"
	"github.com/concspec/concspec/patterns/gather"
	"github.com/concspec/concspec/patterns/group"
	"github.com/concspec/concspec/patterns/lifetime"
)

// Group is the task-group contract the structured-concurrency features check: start tasks that
// take a context and return an error, then wait for all of them.
type Group interface {
	Go(task func(ctx context.Context) error)
	Wait() error
}

// TryGoer is a Group that can refuse a task when it is at its limit.
type TryGoer interface {
	TryGo(task func(ctx context.Context) error) bool
}

// PanicHandling says what a group does with a panic in one of its tasks.
type PanicHandling string

const (
	// PanicBecomesError: the panic is recovered and Wait returns it as an error.
	PanicBecomesError PanicHandling = "becomes an error"
	// PanicRepanicsInWait: the panic is recovered in the task and raised again by Wait.
	PanicRepanicsInWait PanicHandling = "re-panics in Wait"
	// PanicCrashes: nothing recovers it and the process dies; only a child process can show it.
	PanicCrashes PanicHandling = "crashes the process"
)

// Capabilities a contract scenario can need (its @needs: tags), beyond the task group's
// minimal contract.
const (
	CancelsOnError = "cancels-on-error"
	ReportsCause   = "reports-cause"
	CancelsOnWait  = "cancels-on-wait"
	FirstErrorOnly = "first-error-only"
	RecoversPanics = "recovers-panics"
	Bounded        = "bounded"
	TryGoes        = "try-go"
)

// groupImpl is one task-group implementation.
type groupImpl struct {
	// Start returns a group whose tasks receive a context derived from parent; a limit above
	// zero bounds the tasks running at once.
	Start func(parent context.Context, limit int) Group
	// Panics says what the group does with a task's panic, so that the corpus runs a crashing
	// group's panic only in a child process.
	Panics PanicHandling
}

// waiter is a task that waits for its work to be released, or (if it honours it) for its
// context to be done, and returns ctx's error in that case.
type waiter func(ctx context.Context, work <-chan struct{}) error

// The catalogue's tables: the task groups, and the ways a task can wait.
var (
	groupKind  = catalog.Kind[groupImpl]{Name: "task group"}
	waiterKind = catalog.Kind[waiter]{Name: "waiter"}
)

// Entry declares a task group written outside concspec, held to the task-group contract. A
// group that declares RecoversPanics is taken to turn a task's panic into an error; any other
// is taken to let it crash the process, so that its panic runs only in a child process.
func Entry(name string, start func(parent context.Context, limit int) Group, capabilities []string) catalog.Entry {
	panics := PanicCrashes
	if slices.Contains(capabilities, RecoversPanics) {
		panics = PanicBecomesError
	}
	return catalog.Reference(groupKind, name, func() groupImpl { return groupImpl{Start: start, Panics: panics} })
}

// Concept is the task-groups slice.
func Concept() concept.Concept {
	return concept.Concept{
		Name: "task groups",
		Features: []string{
			"task_groups.feature", "group_limits.feature", "group_panics.feature", "cancellation_depth.feature",
		},
		Entries: entries(),
		Mutants: []catalog.Mutant{
			swapGroup("a Wait that returns before its tasks end", []string{"R09"}, "returns-early"),
			swapGroup("a Wait that returns at the first error", []string{"R09"}, "returns-at-first-error"),
			swapGroup("a group that leaks a goroutine", []string{"R09", "R10", "R11", "R13", "R14", "R19"}, "leaks-goroutine"),
			swapGroup("fire-and-forget tasks", []string{"R09", "R10"}, "fire-and-forget"),
			swapGroup("a group that does not cancel siblings", []string{"R11", "R13"}, "no-cancel"),
			swapGroup("a swallowed error", []string{"R10", "R11", "R13"}, "swallows-errors"),
			swapGroup("a limit that is exceeded", []string{"R19"}, "exceeds-limit"),
			catalog.Swap("a task that ignores its context", []string{"R11", "R13", "R14"}, waiterKind, "honours its context", "ignores its context"),
			swapGroup("a group that lets a panic crash the process", []string{"R14"}, "crashes-on-panic"),
			swapGroup("a cancellation that loses its cause", []string{"R11"}, "loses-cause"),
			swapGroup("a Wait that leaves the context live", []string{"R11"}, "leaves-context-live"),
			swapGroup("a limit that is never reached", []string{"R19"}, "falls-short-of-limit"),
			swapGroup("a group that drops a task when it is full", []string{"R19"}, "drops-when-full"),
		},
		Detectors: detectors,
		Capabilities: map[string]string{
			CancelsOnError: "the first error cancels the context every other task of the group holds",
			ReportsCause:   "that cancellation carries the error as its cause (context.Cause)",
			CancelsOnWait:  "Wait cancels the tasks' context once every task has returned, so nothing started with it outlives the group",
			FirstErrorOnly: "Wait returns the first error alone, not every error joined",
			RecoversPanics: "a task's panic is recovered and Wait returns it as an error",
			Bounded:        "a limit above zero bounds how many tasks run at once",
			TryGoes:        "the group has TryGo, which refuses a task when the group is full",
		},
		Controls: map[string]concept.Control{"group-panic": control},
		Steps:    register,
	}
}

// entries are the catalogued task groups, their broken twins, and the ways a task can wait.
func entries() []catalog.Entry {
	ref := func(name string, start func(context.Context, int) Group, panics PanicHandling) catalog.Entry {
		return catalog.Reference(groupKind, name, func() groupImpl { return groupImpl{Start: start, Panics: panics} })
	}
	broken := func(name string, start func(context.Context, int) Group, panics PanicHandling) catalog.Entry {
		return catalog.Broken(groupKind, name, func() groupImpl { return groupImpl{Start: start, Panics: panics} })
	}
	return []catalog.Entry{
		ref("reference", withLimit(group.WithContext), PanicBecomesError),
		ref("errgroup", startErrgroup, PanicCrashes),
		ref("conc", func(parent context.Context, limit int) Group {
			return startConc(parent, limit, false)
		}, PanicRepanicsInWait),
		ref("conc-first-error", func(parent context.Context, limit int) Group {
			return startConc(parent, limit, true)
		}, PanicRepanicsInWait),
		ref("gather", withLimit(gather.New), PanicCrashes),
		broken("returns-early", withLimit(group.EarlyWithContext), PanicBecomesError),
		broken("returns-at-first-error", withLimit(group.FirstErrorWithContext), PanicBecomesError),
		broken("exceeds-limit", withLimit(group.ExceedingWithContext), PanicBecomesError),
		broken("no-cancel", withLimit(group.NoCancelWithContext), PanicBecomesError),
		broken("swallows-errors", withLimit(group.SwallowingWithContext), PanicBecomesError),
		broken("leaks-goroutine", withLimit(group.LeakingWithContext), PanicBecomesError),
		broken("fire-and-forget", startFireAndForget, PanicBecomesError),
		broken("crashes-on-panic", withLimit(group.CrashingWithContext), PanicCrashes),
		broken("loses-cause", withLimit(group.LosingCauseWithContext), PanicBecomesError),
		broken("leaves-context-live", withLimit(group.LiveWithContext), PanicBecomesError),
		broken("falls-short-of-limit", withLimit(group.ShortWithContext), PanicBecomesError),
		broken("drops-when-full", withLimit(group.DroppingWithContext), PanicBecomesError),

		catalog.Reference(waiterKind, "honours its context", func() waiter { return lifetime.WaitForWork }),
		catalog.Broken(waiterKind, "ignores its context", func() waiter { return lifetime.WaitForWorkIgnoringContext }),
	}
}

// swapGroup is a mutant that makes the reference group start the broken one; the reference keeps
// its panic handling.
func swapGroup(name string, rules []string, broken string) catalog.Mutant {
	return catalog.SwapWith(name, rules, groupKind, "reference", broken, func(g, b groupImpl) groupImpl {
		g.Start = b.Start
		return g
	})
}

// Starter returns how the catalogue's task group called name starts a group (the benchmarks
// compare the groups through it).
func Starter(cat *catalog.Catalog, name string) (func(parent context.Context, limit int) Group, error) {
	impl, err := catalog.Lookup(cat, groupKind, name)
	return impl.Start, err
}
