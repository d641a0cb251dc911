// Package measure takes the measurements the corpus reports as figures, in ways that survive a
// noisy machine: process CPU time over wall time (how many processors were busy on average),
// the median of repeated runs, and ratios of two measurements taken in the same run. It never
// judges an absolute time; the scenarios compare ratios.
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
}

// Parallelism is CPU time over wall time: about 0 for a run that mostly waits, about 1 for one
// busy processor, about N when N processors were busy throughout.
func (s Sample) Parallelism() float64 {
	if s.Wall <= 0 {
		return 0
	}
	return s.CPU.Seconds() / s.Wall.Seconds()
}

// Run measures one call of f.
func Run(f func()) Sample {
	cpu0, start := processCPU(), time.Now()
	f()
	return Sample{Wall: time.Since(start), CPU: processCPU() - cpu0}
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

// PeakParallelism runs f n times and returns the highest CPU-over-wall ratio. A neighbour on
// the machine can only lower the ratio (it takes processors away), never raise it, so the best
// of a few runs is the fairest reading of what the program can use.
func PeakParallelism(n int, f func()) float64 {
	var peak float64
	for range max(1, n) {
		peak = max(peak, Run(f).Parallelism())
	}
	return peak
}

// processCPU is the user plus system CPU time the process has used so far.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
