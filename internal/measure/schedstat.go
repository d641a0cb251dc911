package measure

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// threads is each thread's scheduler statistics, by thread id.
type threads map[string]schedstat

// schedstat is one thread's line of /proc/<pid>/task/<tid>/schedstat: nanoseconds on a CPU,
// nanoseconds ready to run in a run queue, and the number of times it ran.
type schedstat struct {
	onCPU, waiting time.Duration
}

// readThreads reads the statistics of every thread under dir (a /proc/<pid>/task directory).
// It returns false when the kernel does not give them (no CONFIG_SCHED_INFO, not Linux).
func readThreads(dir string) (threads, bool) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, false
	}
	out := threads{}
	for _, e := range entries {
		body, err := os.ReadFile(filepath.Join(dir, e.Name(), "schedstat"))
		if err != nil {
			continue // the thread ended between the listing and the read
		}
		st, ok := parseSchedstat(string(body))
		if !ok {
			return nil, false
		}
		out[e.Name()] = st
	}
	return out, len(out) > 0
}

func parseSchedstat(line string) (schedstat, bool) {
	f := strings.Fields(line)
	if len(f) < 2 {
		return schedstat{}, false
	}
	on, err1 := strconv.ParseInt(f[0], 10, 64)
	wait, err2 := strconv.ParseInt(f[1], 10, 64)
	if err1 != nil || err2 != nil {
		return schedstat{}, false
	}
	return schedstat{onCPU: time.Duration(on), waiting: time.Duration(wait)}, true
}

// since sums what each thread ran and waited since earlier; a thread that started in between
// counts from zero. A thread that ended in between is not counted: Go keeps its threads, so in
// a Go process that loses at most a thread locked to a goroutine that exited.
func (now threads) since(earlier threads) (onCPU, waiting time.Duration) {
	for tid, st := range now {
		before := earlier[tid]
		onCPU += st.onCPU - before.onCPU
		waiting += st.waiting - before.waiting
	}
	return onCPU, waiting
}

// readPressure is the machine's total time during which some task was ready to run and had no
// CPU, from the "some" line of /proc/pressure/cpu.
func readPressure() (time.Duration, bool) {
	body, err := os.ReadFile("/proc/pressure/cpu")
	if err != nil {
		return 0, false
	}
	for _, line := range strings.Split(string(body), "\n") {
		if !strings.HasPrefix(line, "some ") {
			continue
		}
		for _, field := range strings.Fields(line) {
			if total, ok := strings.CutPrefix(field, "total="); ok {
				us, err := strconv.ParseInt(total, 10, 64)
				return time.Duration(us) * time.Microsecond, err == nil
			}
		}
	}
	return 0, false
}

// Kept returns a function that says how long, since Kept was called, the threads of this
// process were ready to run and kept waiting for a CPU (summed over the threads): the time a
// busy machine took from it. It says 0 where the kernel gives no scheduler statistics.
func Kept() func() time.Duration {
	dir := "/proc/self/task"
	start, ok := readThreads(dir)
	return func() time.Duration {
		if !ok {
			return 0
		}
		now, ok := readThreads(dir)
		if !ok {
			return 0
		}
		_, waiting := now.since(start)
		return waiting
	}
}
