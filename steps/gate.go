package steps

import "sync"

// gate is a channel closed at most once: tasks wait on it, and a step as well as the scenario's
// cleanup may open it, in either order.
type gate struct {
	once sync.Once
	ch   chan struct{}
}

func newGate() *gate { return &gate{ch: make(chan struct{})} }

// open lets every waiter through; opening an open gate does nothing.
func (g *gate) open() { g.once.Do(func() { close(g.ch) }) }

// wait is the channel to wait on.
func (g *gate) wait() <-chan struct{} { return g.ch }
