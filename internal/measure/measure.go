// Package measure takes the measurements the corpus reports as figures, in ways a busy machine
// cannot flip. It separates what a program asks of the machine from what the machine gives it:
//
//   - processors held: for a Go program, the time the Go scheduler's processors (GOMAXPROCS of
//     them) spent running goroutines, over the wall time, from runtime/metrics. Two goroutines
//     that compute hold two processors at GOMAXPROCS 2 whether or not the kernel gives their
//     threads a CPU; a goroutine that blocks holds none. This is what the corpus's verdicts on
//     Go rest on.
//   - processors wanted: the time the process's threads were on a CPU or ready to run (in the
//     run queue), over the wall time, from the kernel's per-thread scheduler statistics
//     (/proc/self/task/*/schedstat). For a thread that computes this is what it asks for; but a
//     thread that wakes often, like the Go runtime's sysmon, waits for a CPU at every wake on a
//     busy machine, so for a Go process it reads high under load. It is reported, and it is the
//     verdict for the worker threads of the programs in other runtimes.
//   - processors obtained: CPU time over wall time. This is what a neighbour takes away.
//
// Beside them a Sample keeps the machine's CPU pressure over the run (/proc/pressure/cpu), so a
// report says how busy the machine was. It never judges an absolute time; the scenarios compare
// ratios.
package measure

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"slices"
	"syscall"
	"time"
)

// Sample is one measured run.
type Sample struct {
	Wall time.Duration
	// CPU is the user and system time of the whole process (every thread) during the run.
	CPU time.Duration
	// OnCPU and Waiting are the time the process's threads spent on a CPU and in the run queue
	// ready to run, summed over the threads, from the scheduler's statistics. Schedstat says
	// whether the kernel gave them.
	OnCPU, Waiting time.Duration
	Schedstat      bool
	// Pressure is the share of the wall time during which some task on the machine was ready to
	// run and had no CPU (the "some" line of /proc/pressure/cpu); -1 when the kernel does not
	// report it.
	Pressure float64
	// GoBusy is the time the Go scheduler's processors spent running goroutines (the user class
	// of runtime/metrics' CPU classes), and GOMAXPROCS the setting it ran under.
	GoBusy     time.Duration
	GOMAXPROCS int
}

// Held is the processors the Go scheduler kept running goroutines on average: what a Go program
// asks for, which a neighbour cannot change (the kernel may take a thread's CPU away, but its
// goroutine keeps its processor), and which GOMAXPROCS bounds.
func (s Sample) Held() float64 {
	if s.Wall <= 0 {
		return 0
	}
	return s.GoBusy.Seconds() / s.Wall.Seconds()
}

// Demand is the processors the run asked for, as the smaller of Held and Wanted (Held alone where
// the kernel gives no scheduler statistics). A busy machine can overstate each, in its own way:
// Held counts a processor held by a thread the kernel has taken off its CPU, so a workload that
// wakes often for short bursts reads high; Wanted counts the run-queue wait at every wake. Neither
// understates work that computes, which holds its processors and wants its CPUs all the time, so
// the smaller of the two tells waiting from computing on a machine that is busy in either way.
func (s Sample) Demand() float64 {
	if !s.Schedstat {
		return s.Held()
	}
	return min(s.Held(), s.Wanted())
}

// Wanted is the processors the run's threads asked the kernel for on average: the time they were
// running or ready to run, over the wall time. A neighbour that takes CPUs away moves a
// computing thread's time from running to waiting and leaves the sum alone; a thread that wakes
// often waits at every wake, so under load this reads high (see the package comment). It is 0
// when the kernel gives no scheduler statistics.
func (s Sample) Wanted() float64 {
	if s.Wall <= 0 || !s.Schedstat {
		return 0
	}
	return (s.OnCPU + s.Waiting).Seconds() / s.Wall.Seconds()
}

// Obtained is the processors the run was given on average: its CPU time over the wall time.
func (s Sample) Obtained() float64 {
	if s.Wall <= 0 {
		return 0
	}
	return s.CPU.Seconds() / s.Wall.Seconds()
}

// Run measures one call of f. It collects garbage just before and just after f: the runtime
// brings its CPU classes up to date only when a collection ends (debug.GCStats.LastGC says when).
// From that moment to f, and from f to the next collection, the measuring goroutine holds one
// processor (it sweeps, and reads the kernel's figures); that time is taken out of what the
// scheduler held, which is then f's.
func Run(f func()) Sample {
	runtime.GC()
	busy0, since0 := goBusy(), lastGC()
	threads0, ok0 := readThreads("/proc/self/task")
	pressure0, okP0 := readPressure()
	cpu0, start := processCPU(), time.Now()
	f()
	wall, cpu, end := time.Since(start), processCPU()-cpu0, time.Now()
	threads1, ok1 := readThreads("/proc/self/task")
	pressure1, okP1 := readPressure()
	measuring := start.Sub(since0) + time.Since(end)
	runtime.GC()
	s := Sample{Wall: wall, CPU: cpu, GoBusy: goBusy() - busy0 - measuring, Schedstat: ok0 && ok1, Pressure: -1, GOMAXPROCS: runtime.GOMAXPROCS(0)}
	if s.Schedstat {
		s.OnCPU, s.Waiting = threads1.since(threads0)
	}
	if okP0 && okP1 && wall > 0 {
		s.Pressure = (pressure1 - pressure0).Seconds() / wall.Seconds()
	}
	return s
}

// lastGC is when the last collection brought the runtime's CPU classes up to date.
func lastGC() time.Time {
	var stats debug.GCStats
	debug.ReadGCStats(&stats)
	return stats.LastGC
}

// Median runs f n times (at least once) and returns the run with the median wall time.
func Median(n int, f func()) Sample {
	return MedianOf(n, func() Sample { return Run(f) })
}

// MedianOf takes n samples (at least one) and returns the one with the median wall time.
func MedianOf(n int, sample func() Sample) Sample {
	samples := make([]Sample, max(1, n))
	for i := range samples {
		samples[i] = sample()
	}
	slices.SortFunc(samples, func(a, b Sample) int { return int(a.Wall - b.Wall) })
	return samples[len(samples)/2]
}

// goBusy is the time the Go scheduler's processors have spent running goroutines so far, as of
// the last garbage collection.
func goBusy() time.Duration {
	sample := []metrics.Sample{{Name: "/cpu/classes/user:cpu-seconds"}}
	metrics.Read(sample)
	if sample[0].Value.Kind() != metrics.KindFloat64 {
		return 0
	}
	return time.Duration(sample[0].Value.Float64() * float64(time.Second))
}

// processCPU is the user plus system CPU time the process has used so far.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
