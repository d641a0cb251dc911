// Package catalog names every implementation the corpus can run, so that a feature can say
// "the mutex counter" and a child process can be told "-impl unsynchronised". Each entry is a
// reference pattern from patterns/, or a negative control (a known-broken variant) that is
// marked as such.
package catalog

import (
	"fmt"
	"slices"
	"strings"
)

// Entry is one named implementation.
type Entry[T any] struct {
	// New makes a fresh instance.
	New func() T
	// NegativeControl marks a known-broken variant, kept to prove the checks can fail.
	NegativeControl bool
}

// Lookup returns the implementation called name, or an error that lists the names there are.
func Lookup[V any](kind string, entries map[string]V, name string) (V, error) {
	e, ok := entries[name]
	if !ok {
		return e, fmt.Errorf("unknown %s implementation %q; known: %s", kind, name, strings.Join(Names(entries), ", "))
	}
	return e, nil
}

// Names lists the names in entries, sorted.
func Names[V any](entries map[string]V) []string {
	names := make([]string, 0, len(entries))
	for name := range entries {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}
