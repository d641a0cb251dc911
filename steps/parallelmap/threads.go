package parallelmap

import (
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
	"unsafe"

	"github.com/concspec/concspec/internal/harness"
)

// Spread is what a run of work, spread over goroutines or not, cost the OS threads that did it,
// from the kernel's clocks of those threads alone (not the runtime's other threads, such as
// sysmon, which on a busy machine waits for a CPU at every wake).
type Spread struct {
	Wall time.Duration `json:"wall"`
	// OnCPU and Waiting are the time the work's threads spent on a CPU and ready to run waiting
	// for one, summed over the threads.
	OnCPU   time.Duration `json:"onCPU"`
	Waiting time.Duration `json:"waiting"`
	// Unhindered is how long the work takes when the machine gives it every processor it wants,
	// estimated two ways, of which it is the smaller: the most processor time one goroutine spent
	// on its pieces (right when the work is shared out before it starts), and the processor time
	// of all the pieces over the processors they wanted on average (right when as many want a
	// processor throughout). Neither counts the time a thread waited for a CPU, nor the time the
	// machine's host took the CPU from under it (which the kernel counts as neither running nor
	// waiting); nor, therefore, the time a piece blocks: it is for work that computes.
	Unhindered time.Duration `json:"unhindered"`
	// Known says the kernel gave every thread's clocks.
	Known bool `json:"known"`
}

// Wanted is the processors the work asked for on average: its threads' time on a CPU or ready to
// run, over the wall time. A neighbour that takes CPUs away moves time from the one to the other
// and leaves the sum alone.
func (s Spread) Wanted() float64 {
	if s.Wall <= 0 {
		return 0
	}
	return (s.OnCPU + s.Waiting).Seconds() / s.Wall.Seconds()
}

// Obtained is the processors the work was given on average: its time on a CPU over the wall time.
func (s Spread) Obtained() float64 {
	if s.Wall <= 0 {
		return 0
	}
	return s.OnCPU.Seconds() / s.Wall.Seconds()
}

// tally adds up what the pieces of one run of work cost their threads, by the goroutine that ran
// them, and when the last ended.
type tally struct {
	mu    sync.Mutex
	s     Spread
	spent map[int64]time.Duration // processor time of the pieces, by the goroutine that ran them
	last  time.Time
}

func newTally() *tally { return &tally{s: Spread{Known: true}, spent: map[int64]time.Duration{}} }

// do runs piece locked to its goroutine's OS thread, so that the thread does nothing else
// meanwhile, and adds what it cost the thread.
func (t *tally) do(piece func()) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	on0, wait0, ok0 := threadClock()
	piece()
	t.add(harness.GoroutineID(), on0, wait0, ok0)
}

// add adds what the calling thread has cost since its clocks read on0 and wait0 (ok0 says
// whether they could be read), to the goroutine g.
func (t *tally) add(g int64, on0, wait0 time.Duration, ok0 bool) {
	on1, wait1, ok1 := threadClock()
	now := time.Now()
	t.mu.Lock()
	defer t.mu.Unlock()
	t.last = later(t.last, now)
	t.s.OnCPU += on1 - on0
	t.s.Waiting += wait1 - wait0
	t.spent[g] += on1 - on0
	t.s.Known = t.s.Known && ok0 && ok1
}

// spread is what the tally added up, over the wall time from start to the end of the last piece.
func (t *tally) spread(start time.Time) Spread {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := t.s
	s.Wall = t.last.Sub(start)
	for _, spent := range t.spent {
		s.Unhindered = max(s.Unhindered, spent)
	}
	if wanted := s.OnCPU + s.Waiting; wanted > 0 {
		s.Unhindered = min(s.Unhindered, time.Duration(float64(s.Wall)*s.OnCPU.Seconds()/wanted.Seconds()))
	}
	return s
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// Measure runs work once, with a tally through which work runs its pieces, and returns what the
// pieces cost over the wall time from the start of work to the end of its last piece (the time
// work takes to return after that, which on a busy machine is the time its goroutine waits to be
// woken, is no part of the pieces).
func Measure(work func(do func(piece func()))) Spread {
	t := newTally()
	start := time.Now()
	work(t.do)
	return t.spread(start)
}

// SideBySide runs n pieces of work side by side, once, and returns what they cost. Each piece
// runs in a goroutine of its own, locked to its OS thread; all of them have started, and read
// their thread's clocks, before the wall clock starts and any is let go, so that the time the
// runtime takes to start a goroutine is left out, while the time a thread waits for a CPU once
// let go is counted. The wall clock stops when the last piece ends.
func SideBySide(n int, piece func(i int)) Spread {
	t := newTally()
	var ready, finished sync.WaitGroup
	start := make(chan struct{})
	ready.Add(n)
	for i := range n {
		finished.Go(func() {
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			on0, wait0, ok0 := threadClock()
			ready.Done()
			<-start
			piece(i)
			t.add(int64(i), on0, wait0, ok0)
		})
	}
	ready.Wait()
	began := time.Now()
	close(start)
	finished.Wait()
	return t.spread(began)
}

// Alternate measures each of ways once a round, for rounds rounds (at least one), the ways one
// after another within a round, so that the ways of a round meet the machine as it was then: a
// host that slows this machine's processors for a while slows them alike. It returns each way's
// spreads, by round.
func Alternate(rounds int, ways ...func() Spread) [][]Spread {
	out := make([][]Spread, len(ways))
	for range max(1, rounds) {
		for w, way := range ways {
			out[w] = append(out[w], way())
		}
	}
	return out
}

// Typical is the spread of the round with the median wall time, for the figures.
func Typical(spreads []Spread) Spread {
	if len(spreads) == 0 {
		return Spread{}
	}
	sorted := slices.SortedFunc(slices.Values(spreads), func(a, b Spread) int { return int(a.Wall - b.Wall) })
	return sorted[len(sorted)/2]
}

// Known says the kernel gave every thread's clocks in every round.
func Known(spreads ...[]Spread) bool {
	for _, way := range spreads {
		for _, s := range way {
			if !s.Known {
				return false
			}
		}
	}
	return true
}

// threadClock reads the calling thread's time on a CPU, from the kernel's thread CPU-time clock
// (which brings it up to date as it reads: /proc/thread-self/schedstat gives the running thread's
// CPU time only as of the last scheduler tick, up to 10ms old), and its time ready to run, from
// /proc/thread-self/schedstat (up to date: a running thread's waits are counted when it gets the
// CPU). ok is false when the kernel gives either not.
func threadClock() (onCPU, waiting time.Duration, ok bool) {
	var ts syscall.Timespec
	if _, _, errno := syscall.Syscall(syscall.SYS_CLOCK_GETTIME, clockThreadCPUTime, uintptr(unsafe.Pointer(&ts)), 0); errno != 0 {
		return 0, 0, false
	}
	body, err := os.ReadFile("/proc/thread-self/schedstat")
	if err != nil {
		return 0, 0, false
	}
	f := strings.Fields(string(body))
	if len(f) < 2 {
		return 0, 0, false
	}
	wait, err := strconv.ParseInt(f[1], 10, 64)
	return time.Duration(ts.Nano()), time.Duration(wait), err == nil
}

// clockThreadCPUTime is CLOCK_THREAD_CPUTIME_ID: the calling thread's CPU time.
const clockThreadCPUTime = 3
