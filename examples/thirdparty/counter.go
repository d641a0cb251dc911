package thirdparty

import (
	"runtime"
	"sync/atomic"
)

// ShardedCounter spreads increments over several cache-line-sized cells so that goroutines on
// different processors rarely contend; Value adds the cells up.
type ShardedCounter struct {
	cells []cell
	next  atomic.Uint64
}

type cell struct {
	n atomic.Int64
	_ [56]byte // keep each cell on its own cache line
}

// NewShardedCounter returns a counter with one cell per processor.
func NewShardedCounter() *ShardedCounter {
	return &ShardedCounter{cells: make([]cell, runtime.GOMAXPROCS(0))}
}

// Increment adds one to a cell, chosen round-robin.
func (c *ShardedCounter) Increment() {
	i := c.next.Add(1) % uint64(len(c.cells))
	c.cells[i].n.Add(1)
}

// Value is the sum of the cells.
func (c *ShardedCounter) Value() int64 {
	var sum int64
	for i := range c.cells {
		sum += c.cells[i].n.Load()
	}
	return sum
}
