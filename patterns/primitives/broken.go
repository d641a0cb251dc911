package primitives

import "sync/atomic"

// NoLock is a NEGATIVE CONTROL: a sync.Locker whose Lock excludes nothing.
type NoLock struct{}

// Lock does nothing.
func (NoLock) Lock() {}

// Unlock does nothing.
func (NoLock) Unlock() {}

// IncrementLoadStore is a NEGATIVE CONTROL: an increment made of an atomic load and a separate
// atomic store. Each step is atomic, the pair is not: another goroutine's update between them
// is overwritten. between runs in that window; the corpus uses it to force the interleaving.
func IncrementLoadStore(n *atomic.Int64, between func()) {
	v := n.Load()
	between()
	n.Store(v + 1)
}
