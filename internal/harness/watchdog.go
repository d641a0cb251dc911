package harness

import (
	"fmt"
	"os"
	"runtime"
	"time"
)

// HangExitCode is the exit status of a process stopped by the hang bound.
const HangExitCode = 3

// hang stops the process when one scenario runs longer than the bound (each scenario's timer
// calls it). A hung goroutine cannot be unblocked from outside, so the only honest way out is to
// report the hang, dump every goroutine so the reader sees where it is stuck, and exit non-zero.
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
