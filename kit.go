package concspec

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/patterns/counter"
	"github.com/concspec/concspec/steps"
	"github.com/concspec/concspec/steps/counters"
	"github.com/concspec/concspec/steps/taskgroups"
)

// Group is the task-group contract: start tasks that take a context and return an error, then
// wait for all of them. A group with a limit may also offer TryGo (see [TryGoer]).
type Group interface {
	Go(task func(ctx context.Context) error)
	Wait() error
}

// TryGoer is a Group that can refuse a task when it is at its limit.
type TryGoer interface {
	TryGo(task func(ctx context.Context) error) bool
}

// Counter is the shared-counter contract: Increment from many goroutines, Value once they end.
type Counter = counter.Counter

// Capabilities an implementation can declare. A contract scenario that needs one it does not
// declare is skipped for it, with the reason shown and counted — never passed.
const (
	// CancelsOnError: the first error cancels the context every other task holds.
	CancelsOnError = taskgroups.CancelsOnError
	// ReportsCause: that cancellation carries the error as its cause (context.Cause).
	ReportsCause = taskgroups.ReportsCause
	// CancelsOnWait: Wait cancels the tasks' context once every task has returned.
	CancelsOnWait = taskgroups.CancelsOnWait
	// FirstErrorOnly: Wait returns the first error alone.
	FirstErrorOnly = taskgroups.FirstErrorOnly
	// RecoversPanics: a task's panic becomes the error Wait returns.
	RecoversPanics = taskgroups.RecoversPanics
	// Bounded: a limit above zero bounds the tasks running at once.
	Bounded = taskgroups.Bounded
	// TryGo: the group offers TryGo, which refuses a task when the group is full.
	TryGo = taskgroups.TryGoes
)

// Implementation is an implementation of a pattern written outside concspec, made by a
// contract's constructor ([TaskGroup], [SharedCounter], [WeightedSemaphore], [ChannelLink], …).
// Run holds it to the contract scenarios — the Examples blocks tagged @contract — under its own
// name, beside the reference.
type Implementation struct {
	name string
	// column is the Examples column that names implementations of its kind.
	column       string
	capabilities []string
	entry        catalog.Entry
}

// TaskGroup declares a task group: start returns a group whose tasks get a context derived from
// parent, bounded to limit tasks at once when limit is above zero.
func TaskGroup(name string, start func(parent context.Context, limit int) Group, capabilities ...string) Implementation {
	adapted := func(parent context.Context, limit int) taskgroups.Group { return start(parent, limit) }
	return Implementation{name: name, column: "group", capabilities: capabilities, entry: taskgroups.Entry(name, adapted, capabilities)}
}

// SharedCounter declares a counter that many goroutines increment.
func SharedCounter(name string, newCounter func() Counter) Implementation {
	return Implementation{name: name, column: "implementation", entry: counters.Entry(name, newCounter)}
}

// plugged checks the implementations' capabilities and returns them as the harness's subjects
// and as catalogue entries.
func plugged(impls []Implementation) ([]harness.Subject, []catalog.Entry, error) {
	known := steps.Capabilities()
	var subjects []harness.Subject
	var entries []catalog.Entry
	for _, impl := range impls {
		for _, c := range impl.capabilities {
			if _, ok := known[c]; !ok {
				return nil, nil, fmt.Errorf("%s declares %q, which no scenario knows; the capabilities are %v", impl.name, c, slices.Sorted(maps.Keys(known)))
			}
		}
		subjects = append(subjects, harness.Subject{Name: impl.name, Column: impl.column, Capabilities: slices.Clone(impl.capabilities)})
		entries = append(entries, impl.entry)
	}
	return subjects, entries, nil
}
