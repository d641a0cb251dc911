package goroutinecost

import (
	"flag"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/measure"
)

// controlName is the child-program control that spawns and joins tasks.
const controlName = "spawn"

// The ways of giving each task its own thread of execution.
const (
	// OwnGoroutine gives each task a goroutine.
	OwnGoroutine = "goroutine"
	// OwnThread gives each task an OS thread: a goroutine locked to its thread, which it never
	// unlocks, so that the thread ends with it and the next task needs a new one.
	OwnThread = "OS thread"
)

// Spawned is what the spawn control measured of n tasks, each parked until all had started and
// then let go: the run (wall and processor time, spawning to joining), how many were alive at
// once, how many ran to their end before the join returned, and the memory in use while all were
// parked (resident set), per task.
type Spawned struct {
	How           string         `json:"how"`
	N             int            `json:"n"`
	Sample        measure.Sample `json:"sample"`
	AliveAtOnce   int            `json:"aliveAtOnce"`
	RanToTheEnd   int            `json:"ranToTheEnd"`
	BytesPerTask  float64        `json:"bytesPerTask"`
	ThreadsAtOnce int            `json:"threadsAtOnce"`
}

// control spawns -n tasks -how (a goroutine, or an OS thread, each), in the program built without
// the race detector.
func control(_ *catalog.Catalog, args []string) (any, error) {
	flags := flag.NewFlagSet(controlName, flag.ContinueOnError)
	n := flags.Int("n", 10_000, "tasks")
	how := flags.String("how", OwnGoroutine, "what each task runs on: goroutine or OS thread")
	if err := flags.Parse(args); err != nil {
		return nil, err
	}
	return spawn(*n, *how == OwnThread), nil
}

// spawn starts n tasks, each of which waits until all have started, lets them go and joins them.
func spawn(n int, ownThread bool) Spawned {
	out := Spawned{How: OwnGoroutine, N: n}
	if ownThread {
		out.How = OwnThread
	}
	runtime.GC()
	goroutines, threads, resident := runtime.NumGoroutine(), threadCount(), residentBytes()
	release := make(chan struct{})
	var ran atomic.Int64
	out.Sample = measure.Run(func() {
		var started, joined sync.WaitGroup
		started.Add(n)
		for range n {
			joined.Go(func() {
				if ownThread {
					runtime.LockOSThread() // never unlocked: the thread ends with the task
				}
				started.Done()
				<-release
				ran.Add(1)
			})
		}
		started.Wait()
		out.AliveAtOnce = runtime.NumGoroutine() - goroutines
		out.ThreadsAtOnce = threadCount() - threads
		out.BytesPerTask = float64(residentBytes()-resident) / float64(n)
		close(release)
		joined.Wait()
	})
	out.RanToTheEnd = int(ran.Load())
	return out
}

// threadCount is the number of the process's OS threads.
func threadCount() int {
	entries, err := os.ReadDir("/proc/self/task")
	if err != nil {
		return 0
	}
	return len(entries)
}

// residentBytes is the process's resident set, from /proc/self/statm.
func residentBytes() int64 {
	body, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(body))
	if len(f) < 2 {
		return 0
	}
	pages, _ := strconv.ParseInt(f[1], 10, 64)
	return pages * int64(os.Getpagesize())
}
