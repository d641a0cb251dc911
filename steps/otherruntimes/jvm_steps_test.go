package otherruntimes

import (
	"testing"

	"github.com/concspec/concspec/internal/polyglot"
	"github.com/stretchr/testify/require"
)

// pinningRun is what P05Pinning prints, as the steps see it.
func pinningRun() *state {
	return &state{ran: true, result: polyglot.Result{Runtime: "J", Values: map[string]any{
		"tasks": 40.0, "native_frame_pinned_events": 40.0, "native_frame_wall_over_latency": 40.6,
		"plain_pinned_events": 0.0, "plain_wall_over_latency": 1.05,
	}}}
}

// The pinning and turn-taking checks fail on the wrong side of their bound, and read the keys
// of the way of waiting the step names.
func TestThePinningChecksFailOnTheWrongSide(t *testing.T) {
	s := pinningRun()
	events, tasks, err := s.waysCount("native-frame", "_pinned_events")
	require.NoError(t, err)
	require.NoError(t, s.allPinned("native-frame", events, tasks))
	require.ErrorContains(t, s.allPinned("native-frame", 39, 40), "JFR recorded 39 pinned virtual threads in the 40 native-frame waits")
	wall, tasks, err := s.waysCount("plain", "_wall_over_latency")
	require.NoError(t, err)
	require.ErrorContains(t, s.queued("plain", wall, tasks, 0.9), "the 40 plain waits took 1.05 latencies, fewer than 0.9 for each (36)")
	require.NoError(t, s.queued("native-frame", 40.6, 40, 0.9))
	_, _, err = s.waysCount("synchronized", "_pinned_events")
	require.ErrorContains(t, err, `no number "synchronized_pinned_events"`)
}

// A JDK older than a scenario needs skips it, saying which JDK and why.
func TestAnOlderJDKSkipsWithTheReason(t *testing.T) {
	require.Empty(t, jdkTooOld(25, "openjdk 25", 24, "x"))
	require.Empty(t, jdkTooOld(24, "openjdk 24", 24, "x"))
	require.Contains(t, jdkTooOld(21, `openjdk version "21.0.5"`, 24, "before JDK 24 synchronized pins"),
		`the newest JDK here is 21 (openjdk version "21.0.5"), older than 24, and before JDK 24 synchronized pins`)
}
