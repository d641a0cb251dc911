package harness

import (
	"fmt"
	"os"
	"runtime"
	"sync"
	"time"
)

// HangExitCode is the exit status of a process stopped by the hang bound.
const HangExitCode = 3

// watchdog stops the process when one scenario runs longer than the bound. A hung goroutine
// cannot be unblocked from outside, so the only honest way out is to report the hang, dump
// every goroutine so the reader sees where it is stuck, and exit non-zero.
type watchdog struct {
	bound time.Duration
	mu    sync.Mutex
	timer *time.Timer
}

func (w *watchdog) start(name, uri string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.timer != nil {
		w.timer.Stop()
	}
	w.timer = time.AfterFunc(w.bound, func() { hang(name, uri, w.bound) })
}

func (w *watchdog) stop() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.timer != nil {
		w.timer.Stop()
		w.timer = nil
	}
}

func hang(name, uri string, bound time.Duration) {
	fmt.Fprintf(os.Stderr, "\nconcspec: HANG: scenario %q (%s) is still running after the hang bound of %s (set %s to change it).\n"+
		"Every goroutine follows; the scenario's own is the one running its step.\n\n%s\n",
		name, uri, bound, EnvHangBound, goroutineDump())
	os.Exit(HangExitCode)
}

// goroutineDump returns the stacks of all goroutines.
func goroutineDump() string {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			return string(buf[:n])
		}
		buf = make([]byte, 2*len(buf))
	}
}
