package measure

import (
	"runtime"
	"sync"
	"testing"
	"time"
)

func TestAWaitRunsOnNoProcessor(t *testing.T) {
	s := Run(func() { <-time.After(30 * time.Millisecond) })
	if !s.Schedstat {
		t.Skip("the kernel gives no per-thread scheduler statistics")
	}
	// Only the time on a CPU: on a busy machine every wake (the timer's, sysmon's) waits in the
	// run queue, and Wanted counts that wait, as the package comment says.
	if on := s.OnCPU.Seconds() / s.Wall.Seconds(); on > 0.5 {
		t.Fatalf("waiting 30ms ran on %.2f processors on average", on)
	}
	if s.Wanted() < s.OnCPU.Seconds()/s.Wall.Seconds() {
		t.Fatalf("wanted %.2f processors, less than the time it ran on one", s.Wanted())
	}
}

// spin computes until the wall clock has moved by d: a thread that runs, or is ready to run, the
// whole time.
func spin(d time.Duration) {
	for start := time.Now(); time.Since(start) < d; {
	}
}

func TestTwoSpinningThreadsWantTwoProcessorsWhateverTheyObtain(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		t.Skip("needs GOMAXPROCS of 2 or more")
	}
	s := Run(func() {
		var wg sync.WaitGroup
		for range 2 {
			wg.Go(func() { spin(100 * time.Millisecond) })
		}
		wg.Wait()
	})
	if !s.Schedstat {
		t.Skip("the kernel gives no per-thread scheduler statistics")
	}
	// Wanted counts the run queue as well as the CPU: a neighbour moves time from one to the
	// other and leaves the sum, so this holds on a machine with one free processor too.
	if w := s.Wanted(); w < 1.6 {
		t.Fatalf("two goroutines that spin wanted %.2f processors (obtained %.2f)", w, s.Obtained())
	}
	if s.Obtained() > s.Wanted()+0.1 {
		t.Fatalf("obtained %.2f processors, more than the %.2f wanted", s.Obtained(), s.Wanted())
	}
}

func TestSchedstatLinesAreRead(t *testing.T) {
	st, ok := parseSchedstat("1500 2500 7\n")
	if !ok || st.onCPU != 1500 || st.waiting != 2500 {
		t.Fatalf("parsed %+v, %v", st, ok)
	}
	if _, ok := parseSchedstat("garbage"); ok {
		t.Fatal("a line without two numbers was read")
	}
	now := threads{"1": {onCPU: 30, waiting: 10}, "2": {onCPU: 5, waiting: 5}}
	on, wait := now.since(threads{"1": {onCPU: 10, waiting: 10}})
	if on != 25 || wait != 5 {
		t.Fatalf("since: on %d, waiting %d; want 25 and 5 (a new thread counts from zero)", on, wait)
	}
}

func TestMedianPicksTheMiddleRun(t *testing.T) {
	waits := []time.Duration{30 * time.Millisecond, 1 * time.Millisecond, 10 * time.Millisecond}
	i := 0
	s := Median(3, func() { <-time.After(waits[i]); i++ })
	if s.Wall < 10*time.Millisecond || s.Wall >= 30*time.Millisecond {
		t.Fatalf("the median of waits of 1, 10 and 30ms took %s", s.Wall)
	}
}

func TestTwoComputingGoroutinesHoldTwoProcessorsAndOneAtGOMAXPROCS1(t *testing.T) {
	if runtime.NumCPU() < 2 {
		t.Skip("needs two cores")
	}
	compute := func() {
		var wg sync.WaitGroup
		for range 2 {
			wg.Go(func() { spin(60 * time.Millisecond) })
		}
		wg.Wait()
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	// Held counts Go's processors, not the kernel's CPUs: a neighbour cannot lower it.
	if h := Run(compute).Held(); h < 1.6 {
		t.Fatalf("two computing goroutines held %.2f processors at GOMAXPROCS 2", h)
	}
	runtime.GOMAXPROCS(1)
	if h := Run(compute).Held(); h > 1.1 {
		t.Fatalf("two computing goroutines held %.2f processors at GOMAXPROCS 1", h)
	}
}

func TestMoreSpinningThreadsThanCPUsAreKeptWaiting(t *testing.T) {
	if _, ok := readThreads("/proc/self/task"); !ok {
		t.Skip("the kernel gives no per-thread scheduler statistics")
	}
	// Go runs at most GOMAXPROCS threads at once: let every spinning thread run.
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(runtime.NumCPU() + 2))
	kept := Kept()
	var wg sync.WaitGroup
	for range runtime.NumCPU() + 2 {
		wg.Go(func() {
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			spin(100 * time.Millisecond)
		})
	}
	wg.Wait()
	// More threads ready to run than there are CPUs: some wait in the run queue however quiet
	// the machine is, and Kept sees it.
	if k := kept(); k <= 0 {
		t.Fatalf("%d threads spinning on %d CPUs were never kept waiting (%s)", runtime.NumCPU()+2, runtime.NumCPU(), k)
	}
}
