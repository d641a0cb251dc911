package harness

import (
	"fmt"
	"os"
	"runtime"

	"github.com/cucumber/godog"
)

// HangExitCode is the exit status of a process stopped by the hang bound.
const HangExitCode = 3

// hang stops the process when one scenario runs longer than the bound (each scenario's timer
// calls it). A hung goroutine cannot be unblocked from outside, so the only honest way out is to
// report the hang, dump every goroutine so the reader sees where it is stuck, write every
// report — the hung scenario failed with that dump, every other scenario's result, and the
// run's end with success false — and exit non-zero.
func (r *run) hang(p *godog.Scenario) {
	bound := r.suite.hangBound()
	dump := goroutineDump()
	fmt.Fprintf(os.Stderr, "\nconcspec: HANG: scenario %q (%s) is still running after the hang bound of %s (set %s to change it).\n"+
		"Every goroutine follows; the scenario's own is the one running its step.\n\n%s\n", p.Name, p.Uri, bound, EnvHangBound, dump)
	if r.reports != nil {
		r.reports.abort(p, fmt.Errorf("HANG: still running after the hang bound of %s; every goroutine follows:\n\n%s", bound, dump))
		fmt.Fprintf(os.Stderr, "concspec: the reports in %s are written: this scenario failed, the others as they ended\n", r.suite.ReportsDir)
	}
	r.controls.remove()
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
