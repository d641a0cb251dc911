package ecosystem

import (
	"github.com/concspec/concspec"
	"github.com/puzpuzpuz/xsync/v4"
)

// xsync.Counter, "a striped int64 counter": Inc "increments the counter by 1"; Value "may not
// include all of the latest operations in presence of concurrent modifications", which the
// contract allows: it reads the count once the increments have ended.
func init() {
	register(sharedCounter("xsync.Counter", (*xsync.Counter)(nil), func() concspec.Counter { return xsyncCounter{xsync.NewCounter()} }))
}

type xsyncCounter struct{ *xsync.Counter }

func (c xsyncCounter) Increment() { c.Inc() }
