// Package stepkit holds what the concepts' step packages share and nothing else: compiled step
// expressions, argument parsing with limits, a gate that lets waiting tasks go, and error
// flattening.
package stepkit

import (
	"fmt"
	"regexp"
	"strconv"
	"sync"
)

// Limits on the numbers a step accepts, so that a typo fails with a clear message instead of
// exhausting the machine.
const (
	MaxGoroutines = 1_000_000
	MaxRepeats    = 100_000_000
)

// compiled holds every step expression, compiled once: godog would otherwise compile them all
// again for each scenario.
var compiled sync.Map

// Re returns the compiled step expression.
func Re(expr string) *regexp.Regexp {
	if r, ok := compiled.Load(expr); ok {
		return r.(*regexp.Regexp)
	}
	r, _ := compiled.LoadOrStore(expr, regexp.MustCompile(expr))
	return r.(*regexp.Regexp)
}

// Count parses a step argument that must lie in [1, max], naming what it counts in the error.
func Count(what, arg string, max int) (int, error) {
	return Number(what, arg, 1, max)
}

// Number parses a step argument that must lie in [min, max].
func Number(what, arg string, min, max int) (int, error) {
	n, err := strconv.Atoi(arg)
	if err != nil || n < min || n > max {
		return 0, fmt.Errorf("%s must be a whole number from %d to %d, got %q", what, min, max, arg)
	}
	return n, nil
}

// Gate is a channel closed at most once: tasks wait on it, and a step as well as the scenario's
// cleanup may open it, in either order.
type Gate struct {
	once sync.Once
	ch   chan struct{}
}

// NewGate returns a closed-off gate.
func NewGate() *Gate { return &Gate{ch: make(chan struct{})} }

// Open lets every waiter through; opening an open gate does nothing.
func (g *Gate) Open() { g.once.Do(func() { close(g.ch) }) }

// Wait is the channel to wait on.
func (g *Gate) Wait() <-chan struct{} { return g.ch }

// Flatten lists the errors inside err, unwrapping joined errors (errors.Join, conc's
// multierror) at any depth.
func Flatten(err error) []error {
	if err == nil {
		return nil
	}
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		var all []error
		for _, e := range joined.Unwrap() {
			all = append(all, Flatten(e)...)
		}
		return all
	}
	return []error{err}
}
