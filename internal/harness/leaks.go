package harness

import (
	"bytes"
	"context"
	"fmt"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/concspec/concspec/internal/measure"
)

// scenarioLabel is the pprof label every goroutine of a scenario carries: the scenario's goroutine
// gets it in the Before hook, and every goroutine started from it (or from those) inherits it.
const scenarioLabel = "concspec.scenario"

// leakPatience is how long a leak check waits for goroutines that are on their way out (a
// goroutine that has been told to stop and has not yet been scheduled to return): about what
// goleak's retries add up to. It counts only the time this process was free to run: the time
// its threads spent ready to run in the kernel's run queue, kept from a CPU by a busy machine,
// is added to it. Past a quarter of the hang bound the check gives up waiting all the same.
const leakPatience = 500 * time.Millisecond

// leaks reports the goroutines still carrying the scenario's label, or "" when there are none.
// It looks again, with growing pauses, until leakPatience has passed: a goroutine's exit cannot
// be waited for on a channel.
func (s *scenario) leaks() string {
	// The goroutine asking (the scenario's own, in a step or a hook) is not a leak: it stops
	// carrying the label while it looks.
	pprof.SetGoroutineLabels(context.Background())
	defer pprof.SetGoroutineLabels(s.labelled)
	start, kept := time.Now(), measure.Kept()
	for pause := time.Millisecond; ; pause *= 2 {
		groups := labelled(s.label)
		if len(groups) == 0 {
			return ""
		}
		if waited := time.Since(start); waited-kept() >= leakPatience || waited >= s.run.suite.hangBound()/4 {
			return describe(groups)
		}
		time.Sleep(min(pause, 100*time.Millisecond))
	}
}

// goroutineGroup is goroutines with one stack, as the goroutine profile groups them.
type goroutineGroup struct {
	count  int
	frames []string // "file:line", innermost first
	top    string   // the innermost function
}

// labelled returns the goroutines carrying the label value, from the goroutine profile (the only
// view of goroutines that shows their labels).
func labelled(value string) []goroutineGroup {
	var buf bytes.Buffer
	if err := pprof.Lookup("goroutine").WriteTo(&buf, 1); err != nil {
		return []goroutineGroup{{count: 1, top: "the goroutine profile could not be read: " + err.Error()}}
	}
	want := fmt.Sprintf("%q:%q", scenarioLabel, value)
	var out []goroutineGroup
	_, records, _ := strings.Cut(buf.String(), "\n") // past "goroutine profile: total N"
	for _, record := range strings.Split(records, "\n\n") {
		lines := strings.Split(strings.TrimSpace(record), "\n")
		if len(lines) < 2 || !strings.HasPrefix(lines[1], "# labels: ") || !labelMatches(lines[1], want) {
			continue
		}
		// A goroutine that has not run yet has no frame but runtime.goexit, which the profile
		// leaves out: it is still the scenario's.
		g := goroutineGroup{top: "a goroutine that has not started running yet"}
		g.count, _ = strconv.Atoi(strings.Fields(lines[0])[0])
		for _, l := range lines[2:] {
			if f := strings.Fields(strings.TrimPrefix(l, "#")); len(f) >= 3 {
				if len(g.frames) == 0 {
					g.top = function(f[1])
				}
				g.frames = append(g.frames, f[2])
			}
		}
		if !ignored(g.top) {
			out = append(out, g)
		}
	}
	return out
}

// labelMatches says whether a "# labels: {…}" line holds the wanted "key":"value" pair.
func labelMatches(line, want string) bool {
	body := strings.Trim(strings.TrimPrefix(line, "# labels: "), "{}")
	for _, pair := range strings.Split(body, ", ") {
		if pair == want {
			return true
		}
	}
	return false
}

// ignored are goroutines the runtime or the standard library starts once per process, which a
// scenario may happen to be the first to need.
func ignored(top string) bool {
	return top == "os/signal.signal_recv" || top == "os/signal.loop"
}

// describe says, for each group, how many goroutines are parked in which function, and shows
// each of them as the runtime's dump does: its state, its stack, and who created it.
func describe(groups []goroutineGroup) string {
	dump := goroutineDump()
	var b strings.Builder
	total := 0
	for _, g := range groups {
		total += g.count
	}
	fmt.Fprintf(&b, "%d goroutine(s) still running", total)
	for _, g := range groups {
		fmt.Fprintf(&b, "\n\n%d parked in %s:", g.count, g.top)
		shown := 0
		for _, stack := range strings.Split(dump, "\n\n") {
			if shown < g.count && sameFrames(stack, g.frames) {
				fmt.Fprintf(&b, "\n%s", stack)
				shown++
			}
		}
		if shown == 0 { // it ended between the two looks
			fmt.Fprintf(&b, "\n\t%s", strings.Join(g.frames, "\n\t"))
		}
	}
	return b.String()
}

// sameFrames says whether a goroutine of the runtime's dump has exactly the frames (file:line,
// innermost first) of a profile record.
func sameFrames(stack string, frames []string) bool {
	var at []string
	for _, line := range strings.Split(stack, "\n") {
		if !strings.HasPrefix(line, "\t") {
			continue
		}
		loc, _, _ := strings.Cut(strings.TrimSpace(line), " +0x")
		at = append(at, loc)
	}
	// The dump ends with the "created by" frame, which the profile does not list.
	return len(at) == len(frames)+1 && slices.Equal(at[:len(frames)], frames)
}

// function is the function name of a frame "pkg.fn+0x1f".
func function(frame string) string {
	name, _, _ := strings.Cut(frame, "+0x")
	return name
}
