package catalog

import (
	"context"
	"fmt"
	"slices"

	"github.com/concspec/concspec/patterns/counter"
)

// Capabilities a contract scenario can need (its @needs: tags), beyond a pattern's minimal
// contract, with what each promises.
const (
	CancelsOnError = "cancels-on-error"
	ReportsCause   = "reports-cause"
	FirstErrorOnly = "first-error-only"
	RecoversPanics = "recovers-panics"
	Bounded        = "bounded"
	TryGoes        = "try-go"
)

// Capabilities describes each capability.
var Capabilities = map[string]string{
	CancelsOnError: "the first error cancels the context every other task of the group holds",
	ReportsCause:   "that cancellation carries the error as its cause (context.Cause)",
	FirstErrorOnly: "Wait returns the first error alone, not every error joined",
	RecoversPanics: "a task's panic is recovered and Wait returns it as an error",
	Bounded:        "a limit above zero bounds how many tasks run at once",
	TryGoes:        "the group has TryGo, which refuses a task when the group is full",
}

// Subject is an implementation written outside concspec, plugged into the catalogue for a run.
type Subject struct {
	Name string
	// Column is the Examples column that names implementations of its kind.
	Column       string
	Capabilities []string
	plug         func() (unplug func(), err error)
}

// GroupSubject makes a task group written outside concspec pluggable.
func GroupSubject(name string, start func(parent context.Context, limit int) Group, capabilities ...string) Subject {
	panics := PanicCrashes
	if slices.Contains(capabilities, RecoversPanics) {
		panics = PanicBecomesError
	}
	return Subject{Name: name, Column: "group", Capabilities: capabilities, plug: func() (func(), error) {
		return plugIn(Groups, name, GroupImpl{Start: start, Panics: panics})
	}}
}

// CounterSubject makes a shared counter written outside concspec pluggable.
func CounterSubject(name string, newCounter func() counter.Counter) Subject {
	return Subject{Name: name, Column: "implementation", plug: func() (func(), error) {
		return plugIn(Counters, name, Entry[counter.Counter]{New: newCounter})
	}}
}

// Plug adds the subjects to the catalogue and returns what takes them out again. A name the
// catalogue already has, or a capability it does not know, is an error.
func Plug(subjects []Subject) (unplug func(), err error) {
	var undo []func()
	unplug = func() {
		for _, u := range slices.Backward(undo) {
			u()
		}
	}
	for _, s := range subjects {
		for _, c := range s.Capabilities {
			if _, ok := Capabilities[c]; !ok {
				unplug()
				return nil, fmt.Errorf("%s declares %q, which no scenario knows; the capabilities are %v", s.Name, c, Names(Capabilities))
			}
		}
		u, err := s.plug()
		if err != nil {
			unplug()
			return nil, err
		}
		undo = append(undo, u)
	}
	return unplug, nil
}

func plugIn[V any](entries map[string]V, name string, v V) (func(), error) {
	if _, taken := entries[name]; taken {
		return nil, fmt.Errorf("the catalogue already has an implementation called %q; choose another name", name)
	}
	entries[name] = v
	return func() { delete(entries, name) }, nil
}
