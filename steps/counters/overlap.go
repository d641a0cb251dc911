package counters

import (
	"sync"
	"sync/atomic"

	"github.com/concspec/concspec/patterns/counter"
)

// overlapped is what incrementUntilOverlapped counted.
type overlapped struct {
	made       int64 // increments made, by all the goroutines together
	fewestSeen int   // the fewest overlaps any one goroutine saw
}

// batch is how many increments a goroutine makes between two reads of the count. Reading
// after every increment would spend much of each goroutine's time outside Increment, where a
// switch away from it makes an overlap but gives no chance to lose an update; in batches, most
// switches land inside an increment.
const batch = 100

// incrementUntilOverlapped makes the goroutines' increments overlap, rather than hoping they
// do: each goroutine increments c batch times and reads the count, again and again, and counts
// an overlap whenever the count has moved by anything but its own batch since its last read,
// that is whenever another goroutine's increments landed between two of its reads. All of them
// go on until each has seen seen overlaps, or one has made atMost increments. On one processor
// every overlap a goroutine sees is a time it was switched out in the middle of its loop, and
// each such switch may fall between an increment's read and its write.
func incrementUntilOverlapped(c counter.Counter, goroutines, seen, atMost int) overlapped {
	var (
		wg       sync.WaitGroup
		enough   atomic.Int32 // goroutines that have seen enough overlaps
		stop     atomic.Bool
		made     atomic.Int64
		observed = make([]int, goroutines)
	)
	for g := range goroutines {
		wg.Go(func() {
			overlaps, n := 0, 0
			last := c.Value()
			for !stop.Load() && n < atMost {
				for range batch {
					c.Increment()
				}
				n += batch
				v := c.Value()
				if v != last+batch {
					overlaps++
					if overlaps == seen && enough.Add(1) == int32(goroutines) {
						stop.Store(true)
					}
				}
				last = v
			}
			stop.Store(true) // at the bound, the others stop too
			made.Add(int64(n))
			observed[g] = overlaps
		})
	}
	wg.Wait()
	least := observed[0]
	for _, o := range observed {
		least = min(least, o)
	}
	return overlapped{made: made.Load(), fewestSeen: least}
}
