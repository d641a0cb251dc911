package otherruntimes

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/internal/polyglot"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"github.com/concspec/concspec/steps/shared"
	"github.com/cucumber/godog"
)

// The detectors of Java's pinning: whether JFR saw the waits pin their carrier, and whether the
// waits took turns on the one carrier, as pinned waits must.
const (
	// pinning is the check that JFR recorded a jdk.VirtualThreadPinned event for every wait of
	// a way of waiting.
	pinning harness.Detector = "virtual threads pinned, as JFR records it (other runtimes)"
	// tookTurns is the check that the waits of a way of waiting queued for the one carrier: their
	// wall time was at least a given number of latencies for each.
	tookTurns harness.Detector = "waits taking turns on one carrier (other runtimes)"
)

// waysOfWaiting are the ways P05Pinning waits, as the steps name them, and the prefix of the
// keys it prints for each.
var waysOfWaiting = map[string]string{
	"plain":         "plain",
	"native-frame":  "native_frame",
	"synchronized":  "synchronized",
	"ReentrantLock": "reentrant_lock",
}

const wayOfWaiting = `(plain|native-frame|synchronized|ReentrantLock)`

func registerJava(sc *godog.ScenarioContext, s *state) {
	sc.Given(stepkit.Re(`^the JDK the programs run on is (\d+) or newer: (.+)$`), jdkAtLeast)
	sc.Then(stepkit.Re(`^JFR saw every one of the `+wayOfWaiting+` waits pin its carrier$`), s.sawPinned)
	sc.Then(stepkit.Re(`^the check that JFR saw every one of the `+wayOfWaiting+` waits pin its carrier fails$`), s.sawPinnedFails)
	sc.Then(stepkit.Re(`^the `+wayOfWaiting+` waits took turns on the one carrier: at least (\d+(?:\.\d+)?) latencies for each$`), s.tookTurns)
	sc.Then(stepkit.Re(`^the check that the `+wayOfWaiting+` waits took turns on the one carrier, at least (\d+(?:\.\d+)?) latencies for each, fails$`), s.tookTurnsFails)
}

// jdkAtLeast skips the scenario, with why, when the newest JDK the Java programs find is older
// than major: the claim is about that JDK and later, and an older one can neither show nor
// refute it. A machine with no JDK 21 skips the scenario too.
func jdkAtLeast(ctx context.Context, major, why string) error {
	want, err := strconv.Atoi(major)
	if err != nil {
		return err
	}
	var got int
	var version string
	var jdkErr error
	err = shared.DoWithin(ctx, shared.LongBound(ctx), "asking the JDKs their versions", func(context.Context) {
		got, version, jdkErr = polyglot.JDK()
	}, func(parked []harness.Goroutine) string {
		return fmt.Sprintf("`java -version` answers in a second; but a JDK is still being asked, and the step waits at %s",
			shared.WhereAll(shared.In(parked, "polyglot.")))
	})
	if err != nil {
		return err // jdkErr is not read: a java may still be running
	}
	err = jdkErr
	if missing := (*polyglot.NotInstalled)(nil); errors.As(err, &missing) {
		return harness.Skip(ctx, missing.Error())
	}
	if err != nil {
		return err
	}
	if reason := jdkTooOld(got, version, want, why); reason != "" {
		return harness.Skip(ctx, reason)
	}
	return nil
}

// jdkTooOld says why a JDK of major version got (version, its version line) is too old for a
// claim about JDK want and later, or "" when it is not.
func jdkTooOld(got int, version string, want int, why string) string {
	if got < want {
		return fmt.Sprintf("the newest JDK here is %d (%s), older than %d, and %s: the claim is about JDK %d and later (install one to run this scenario)", got, version, want, why, want)
	}
	return ""
}

// waysCount reads a count P05Pinning printed for the way of waiting, and the number of tasks.
func (s *state) waysCount(way, suffix string) (v, tasks float64, err error) {
	if v, err = s.number(waysOfWaiting[way] + suffix); err != nil {
		return 0, 0, err
	}
	tasks, err = s.number("tasks")
	return v, tasks, err
}

// sawPinned is the pinning check: JFR recorded a pinned virtual thread for each of the way's
// waits.
func (s *state) sawPinned(ctx context.Context, way string) error {
	events, tasks, err := s.waysCount(way, "_pinned_events")
	if err != nil {
		return err
	}
	return harness.Detect(ctx, pinning, func() error { return s.allPinned(way, events, tasks) })
}

// allPinned is the pinning check's verdict on the jdk.VirtualThreadPinned events JFR recorded
// in the waits of a way of waiting.
func (s *state) allPinned(way string, events, tasks float64) error {
	if events < tasks {
		return fmt.Errorf("%s: JFR recorded %g pinned virtual threads in the %d %s waits: not every one pinned its carrier (%v)", s.result.Runtime, events, int(tasks), way, s.result.Values)
	}
	return nil
}

// sawPinnedFails is a negative control: the pinning check fires on waits that let their
// carrier go.
func (s *state) sawPinnedFails(ctx context.Context, way string) error {
	if err := s.sawPinned(ctx, way); err == nil {
		events, _, _ := s.waysCount(way, "_pinned_events")
		return fmt.Errorf("the pinning check finds that every %s wait pinned its carrier (JFR recorded %g pins): it cannot tell a wait that lets its carrier go from one that pins it", way, events)
	}
	return nil
}

// tookTurns is the check that the way's waits queued for the one carrier: their wall time, in
// latencies, was at least least for each wait.
func (s *state) tookTurns(ctx context.Context, way, least string) error {
	wall, tasks, err := s.waysCount(way, "_wall_over_latency")
	if err != nil {
		return err
	}
	each, err := strconv.ParseFloat(least, 64)
	if err != nil {
		return err
	}
	return harness.Detect(ctx, tookTurns, func() error { return s.queued(way, wall, tasks, each) })
}

// queued is the turn-taking check's verdict on the wall time of the way's waits.
func (s *state) queued(way string, wall, tasks, each float64) error {
	if wall < each*tasks {
		return fmt.Errorf("%s: the %d %s waits took %.3g latencies, fewer than %g for each (%.3g): they did not wait one after another for a single carrier (%v)",
			s.result.Runtime, int(tasks), way, wall, each, each*tasks, s.result.Values)
	}
	return nil
}

// tookTurnsFails is a negative control: the turn-taking check fires on waits that share the
// carrier.
func (s *state) tookTurnsFails(ctx context.Context, way, least string) error {
	if err := s.tookTurns(ctx, way, least); err == nil {
		wall, _, _ := s.waysCount(way, "_wall_over_latency")
		return fmt.Errorf("the turn-taking check finds that the %s waits took turns (%.3g latencies): it cannot tell waits that share the carrier from waits that queue for it", way, wall)
	}
	return nil
}
