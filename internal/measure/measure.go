// Package measure takes the measurements the corpus reports as figures, in ways a busy machine
// cannot flip. It separates what a program asks of the machine from what the machine gives it:
//
//   - processors wanted: the time the process's threads were running or ready to run (on a CPU,
//     or in the run queue waiting for one), over the wall time. Two threads that compute want
//     two processors whether or not a neighbour leaves them two; a thread that blocks wants none.
//   - processors obtained: the time they were on a CPU, over the wall time. This is what a
//     neighbour takes away.
//
// Both come from the kernel's per-thread scheduler statistics (/proc/self/task/*/schedstat).
// Beside them a Sample keeps the machine's CPU pressure over the run (/proc/pressure/cpu), so a
// report says how busy the machine was. It never judges an absolute time; the scenarios compare
// ratios.
package measure

import (
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
}

// Wanted is the processors the run asked for on average: the time its threads were running or
// ready to run, over the wall time. A neighbour that takes CPUs away moves time from running to
// waiting, and leaves this alone. It is 0 when the kernel gives no scheduler statistics.
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

// Run measures one call of f.
func Run(f func()) Sample {
	threads0, ok0 := readThreads("/proc/self/task")
	pressure0, okP0 := readPressure()
	cpu0, start := processCPU(), time.Now()
	f()
	wall, cpu := time.Since(start), processCPU()-cpu0
	threads1, ok1 := readThreads("/proc/self/task")
	pressure1, okP1 := readPressure()
	s := Sample{Wall: wall, CPU: cpu, Schedstat: ok0 && ok1, Pressure: -1}
	if s.Schedstat {
		s.OnCPU, s.Waiting = threads1.since(threads0)
	}
	if okP0 && okP1 && wall > 0 {
		s.Pressure = (pressure1 - pressure0).Seconds() / wall.Seconds()
	}
	return s
}

// Median runs f n times (at least once) and returns the run with the median wall time.
func Median(n int, f func()) Sample {
	samples := make([]Sample, max(1, n))
	for i := range samples {
		samples[i] = Run(f)
	}
	slices.SortFunc(samples, func(a, b Sample) int { return int(a.Wall - b.Wall) })
	return samples[len(samples)/2]
}

// processCPU is the user plus system CPU time the process has used so far.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
