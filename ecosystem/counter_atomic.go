package ecosystem

import (
	"sync/atomic"

	"github.com/concspec/concspec"
)

// sync/atomic's Int64, for comparison with the libraries: "Add atomically adds delta to x".
func init() {
	register(sharedCounter("sync-atomic.Int64", (*atomic.Int64)(nil), func() concspec.Counter { return new(stdAtomic) }))
}

type stdAtomic struct{ n atomic.Int64 }

func (c *stdAtomic) Increment()   { c.n.Add(1) }
func (c *stdAtomic) Value() int64 { return c.n.Load() }
