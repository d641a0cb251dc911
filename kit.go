package concspec

import (
	"context"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/patterns/counter"
)

// Group is the task-group contract: start tasks that take a context and return an error, then
// wait for all of them. A group with a limit may also offer TryGo (see [TryGoer]).
type Group = catalog.Group

// TryGoer is a Group that can refuse a task when it is at its limit.
type TryGoer = catalog.TryGoer

// Counter is the shared-counter contract: Increment from many goroutines, Value once they end.
type Counter = counter.Counter

// Capabilities an implementation can declare. A contract scenario that needs one it does not
// declare is skipped for it, with the reason shown and counted — never passed.
const (
	// CancelsOnError: the first error cancels the context every other task holds.
	CancelsOnError = catalog.CancelsOnError
	// ReportsCause: that cancellation carries the error as its cause (context.Cause).
	ReportsCause = catalog.ReportsCause
	// FirstErrorOnly: Wait returns the first error alone.
	FirstErrorOnly = catalog.FirstErrorOnly
	// RecoversPanics: a task's panic becomes the error Wait returns.
	RecoversPanics = catalog.RecoversPanics
	// Bounded: a limit above zero bounds the tasks running at once.
	Bounded = catalog.Bounded
	// TryGo: the group offers TryGo, which refuses a task when the group is full.
	TryGo = catalog.TryGoes
)

// Implementation is an implementation of a pattern written outside concspec. Run holds it to
// the contract scenarios — the Examples blocks tagged @contract — under its own name, beside
// the reference.
type Implementation = catalog.Subject

// TaskGroup declares a task group: start returns a group whose tasks get a context derived from
// parent, bounded to limit tasks at once when limit is above zero.
func TaskGroup(name string, start func(parent context.Context, limit int) Group, capabilities ...string) Implementation {
	return catalog.GroupSubject(name, start, capabilities...)
}

// SharedCounter declares a counter that many goroutines increment.
func SharedCounter(name string, newCounter func() Counter) Implementation {
	return catalog.CounterSubject(name, newCounter)
}
