// Package primitives holds the small pieces the corpus needs to show the documented guarantees
// of Go's own primitives: channels deliver in order and report closing, a sync.Mutex lets one
// goroutine at a time into a critical section, and an atomic Add is one indivisible
// read-modify-write.
//
// Contract of [CriticalSection]: Enter runs the body with the locker held and records how many
// goroutines were inside at once; with a real lock (sync.Mutex) MaxInside never exceeds 1.
//
// The NEGATIVE CONTROLS in broken.go are a lock that excludes nothing and an increment built
// from an atomic load and a separate atomic store.
package primitives

import (
	"sync"
	"sync/atomic"
)

// CriticalSection counts the goroutines inside it.
type CriticalSection struct {
	Lock      sync.Locker
	inside    atomic.Int64
	maxInside atomic.Int64
}

// Enter takes the lock, runs body inside the section, and leaves.
func (c *CriticalSection) Enter(body func()) {
	c.Lock.Lock()
	defer c.Lock.Unlock()
	n := c.inside.Add(1)
	for m := c.maxInside.Load(); n > m && !c.maxInside.CompareAndSwap(m, n); m = c.maxInside.Load() {
	}
	body()
	c.inside.Add(-1)
}

// MaxInside is the most goroutines that were ever inside at once.
func (c *CriticalSection) MaxInside() int64 { return c.maxInside.Load() }
