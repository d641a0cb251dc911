package otherruntimes

import (
	"testing"
	"time"

	"github.com/concspec/concspec/internal/polyglot"
	"github.com/stretchr/testify/require"
)

// printed is a program's output as the steps see it.
func printed() *state {
	return &state{ran: true, result: polyglot.Result{Runtime: "R", Values: map[string]any{
		"lag": 300.0, "other": 100.0, "gil": true, "stopped": 0.0,
		"processors": map[string]any{
			"threads":   map[string]any{"wanted": 1.05, "obtained": 0.5, "wall_s": 2.0},
			"processes": map[string]any{"wanted": 1.97, "obtained": 0.9},
		},
	}}}
}

// The checks on a program's output must fail on the wrong side of their bound.
func TestOtherRuntimeChecksFailOnTheWrongSide(t *testing.T) {
	s := printed()
	require.NoError(t, s.valueAtLeast("lag", "300"))
	require.ErrorContains(t, s.valueAtLeast("lag", "301"), "less than 301")
	require.NoError(t, s.valueAtLeastTimes("lag", "3", "other"))
	require.ErrorContains(t, s.valueAtLeastTimes("lag", "3.1", "other"), "not 3.1 times as much")
	require.NoError(t, s.valueIs("gil", "true"))
	require.Error(t, s.valueIs("gil", "false"))
	require.ErrorContains(t, s.valueAtLeast("missing", "1"), `no number "missing"`)
	require.NoError(t, s.withinLatencies("lag", 300, 300))
	require.ErrorContains(t, s.withinLatencies("lag", 300, 299.5), "lag = 300, more than 299.5: the waits did not overlap")
	require.NoError(t, s.allStopped(4, 4))
	require.ErrorContains(t, s.allStopped(0, 4), "stopped 0 of the 4 other tasks")
	require.NoError(t, s.ranCallbacks("ticks", 1, 1))
	require.ErrorContains(t, s.ranCallbacks("ticks", 0, 1), "ticks = 0, fewer than 1: the loop ran no other callback")
}

// The parallelism check judges what was wanted, whatever was obtained.
func TestTheParallelismCheckJudgesWhatWasWanted(t *testing.T) {
	s := printed()
	p, err := s.processors("threads")
	require.NoError(t, err)
	require.Equal(t, processors{wanted: 1.05, obtained: 0.5, wall: 2 * time.Second}, p)
	require.NoError(t, s.sideBySide("threads", processors{wanted: 1.6, obtained: 0.4}, 1.6))
	require.ErrorContains(t, s.sideBySide("threads", p, 1.6), "the threads wanted 1.05 processors (obtained 0.50), fewer than 1.6")
	_, err = s.processors("processes")
	require.ErrorContains(t, err, "no processors wanted, obtained and wall_s for the processes")
}

// A way of computing's figures are the corpus's measures: wanted is the time on a CPU and
// ready to run over the wall time, obtained the time on a CPU alone.
func TestProcessorsBecomeASample(t *testing.T) {
	sample := processors{wanted: 1.9, obtained: 0.8, wall: time.Second}.sample(0.5)
	require.InDelta(t, 1.9, sample.Wanted(), 1e-9)
	require.InDelta(t, 0.8, sample.Obtained(), 1e-9)
	require.Equal(t, 0.5, sample.Pressure)
}
