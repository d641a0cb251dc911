package benchmarks

import (
	"context"
	"runtime"
	"sync"
	"testing"

	"github.com/concspec/concspec/patterns/counter"
	"github.com/concspec/concspec/patterns/parmap"
	"github.com/concspec/concspec/patterns/work"
	"github.com/concspec/concspec/steps"
	"github.com/concspec/concspec/steps/taskgroups"
)

// groupNames are the task groups compared; the negative controls are left out.
var groupNames = []string{"reference", "errgroup", "conc", "conc-first-error", "gather"}

func noop(context.Context) error { return nil }

// starter is how the catalogue's group called name starts.
func starter(b *testing.B, name string) func(context.Context, int) taskgroups.Group {
	cat, err := steps.Catalog("")
	if err != nil {
		b.Fatal(err)
	}
	start, err := taskgroups.Starter(cat, name)
	if err != nil {
		b.Fatal(err)
	}
	return start
}

// BenchmarkGroupSpawnJoin starts 100 empty tasks in a group and waits for them.
func BenchmarkGroupSpawnJoin(b *testing.B) {
	for _, name := range groupNames {
		start := starter(b, name)
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				g := start(context.Background(), 0)
				for range 100 {
					g.Go(noop)
				}
				if err := g.Wait(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkBoundedPool pushes 1,000 small tasks through a group limited to 4 at a time.
func BenchmarkBoundedPool(b *testing.B) {
	for _, name := range groupNames {
		start := starter(b, name)
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				g := start(context.Background(), 4)
				for i := range 1000 {
					g.Go(func(context.Context) error { work.Do(uint64(i), 100); return nil })
				}
				if err := g.Wait(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkOrderedMap maps 200 items of 100,000 rounds each (about 0.2ms), sequentially and in
// parallel. Much smaller items cost less than waking a worker to hand them over.
func BenchmarkOrderedMap(b *testing.B) {
	items := make([]int, 200)
	f := func(i int) uint64 { return work.Spin(uint64(i), 100_000) }
	b.Run("sequential", func(b *testing.B) {
		for b.Loop() {
			out := make([]uint64, len(items))
			for i, item := range items {
				out[i] = f(item)
			}
		}
	})
	b.Run("parallel", func(b *testing.B) {
		for b.Loop() {
			_, _ = parmap.Map(context.Background(), items, runtime.GOMAXPROCS(0), func(_ context.Context, i int) (uint64, error) { return f(i), nil })
		}
	})
}

// BenchmarkCounters has 8 goroutines increment one counter 1,000 times each.
func BenchmarkCounters(b *testing.B) {
	counters := map[string]func() counter.Counter{
		"mutex":  func() counter.Counter { return &counter.Mutex{} },
		"atomic": func() counter.Counter { return &counter.Atomic{} },
		"owner":  func() counter.Counter { return counter.NewOwner() },
	}
	for _, name := range []string{"mutex", "atomic", "owner"} {
		newCounter := counters[name]
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				c := newCounter()
				counter.IncrementConcurrently(c, 8, 1000)
				if closer, ok := c.(interface{ Close() }); ok {
					closer.Close()
				}
			}
		})
	}
}

// BenchmarkGoroutine spawns b.N goroutines that all park until the last has started, then
// joins them: `make bench` runs it with -benchtime=1000000x, a million goroutines at once.
func BenchmarkGoroutine(b *testing.B) {
	var started, joined sync.WaitGroup
	release := make(chan struct{})
	started.Add(b.N)
	for range b.N {
		joined.Go(func() {
			started.Done()
			<-release
		})
	}
	started.Wait()
	close(release)
	joined.Wait()
}
