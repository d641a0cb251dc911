package ecosystem

import (
	"github.com/concspec/concspec"
	"go.uber.org/atomic"
)

// go.uber.org/atomic's Int64, "an atomic wrapper around int64": Inc "atomically increments the
// wrapped int64", Load "atomically loads" it.
func init() {
	register(sharedCounter("uber-atomic.Int64", (*atomic.Int64)(nil), func() concspec.Counter { return uberInt64{atomic.NewInt64(0)} }))
}

type uberInt64 struct{ *atomic.Int64 }

func (c uberInt64) Increment()   { c.Inc() }
func (c uberInt64) Value() int64 { return c.Load() }
