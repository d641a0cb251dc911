// Package counter holds shared counters that many goroutines increment at once.
//
// Contract of every counter here except [Unsynchronised]: when n goroutines each call
// Increment k times and all of them have returned, Value returns exactly n×k. Increment and
// Value are safe to call from any goroutine, and the race detector reports nothing.
//
//   - [Mutex] guards a plain int with a sync.Mutex.
//   - [Atomic] uses sync/atomic read-modify-write.
//   - [Owner] confines the int to one goroutine; other goroutines send it increments through a
//     channel ("share memory by communicating"). Close stops the owner goroutine; a counter
//     that is never closed leaks it.
//
// [Unsynchronised] is the NEGATIVE CONTROL: the bad pattern the rule warns against. Concurrent
// increments race (the race detector reports it) and updates are lost (Value may be less than
// n×k, never more). It exists so the corpus can prove that its checks catch the bug; never use it.
package counter

import (
	"sync"
	"sync/atomic"
)

// IncrementConcurrently starts the given number of goroutines, each calling c.Increment
// increments times, and returns once every one of them has returned.
func IncrementConcurrently(c Counter, goroutines, increments int) {
	var wg sync.WaitGroup
	for range goroutines {
		wg.Go(func() {
			for range increments {
				c.Increment()
			}
		})
	}
	wg.Wait()
}

// Counter is what every implementation in this package offers.
type Counter interface {
	Increment()
	Value() int64
}

// Mutex is a counter whose increments are serialised by a mutex.
type Mutex struct {
	mu sync.Mutex
	n  int64
}

// Increment adds one under the lock.
func (c *Mutex) Increment() {
	c.mu.Lock()
	c.n++
	c.mu.Unlock()
}

// Value reads the count under the lock.
func (c *Mutex) Value() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}

// Atomic is a counter updated with an atomic add.
type Atomic struct {
	n atomic.Int64
}

// Increment adds one atomically.
func (c *Atomic) Increment() { c.n.Add(1) }

// Value loads the count atomically.
func (c *Atomic) Value() int64 { return c.n.Load() }

// Owner is a counter owned by a single goroutine. Create it with [NewOwner] and stop it with
// Close once nothing increments it any more.
type Owner struct {
	increments chan struct{}
	reads      chan chan int64
	done       chan struct{}
}

// NewOwner starts the owning goroutine.
func NewOwner() *Owner {
	c := &Owner{
		increments: make(chan struct{}),
		reads:      make(chan chan int64),
		done:       make(chan struct{}),
	}
	go c.own()
	return c
}

func (c *Owner) own() {
	var n int64
	for {
		select {
		case <-c.increments:
			n++
		case reply := <-c.reads:
			reply <- n
		case <-c.done:
			return
		}
	}
}

// Increment hands one increment to the owner; it returns once the owner has taken it.
func (c *Owner) Increment() { c.increments <- struct{}{} }

// Value asks the owner for the count.
func (c *Owner) Value() int64 {
	reply := make(chan int64)
	c.reads <- reply
	return <-reply
}

// Close stops the owner goroutine. The counter must not be used afterwards.
func (c *Owner) Close() { close(c.done) }
