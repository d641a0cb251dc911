package harness

import (
	"context"
	"runtime/pprof"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// inScenario runs fn as the goroutine of a scenario of its own, labelled as the harness labels
// one, and ends it afterwards.
func inScenario(t *testing.T, label string, fn func(ctx context.Context)) {
	t.Helper()
	s := &scenario{name: t.Name(), label: label, run: newRun(Suite{})}
	s.labelled = pprof.WithLabels(context.Background(), pprof.Labels(scenarioLabel, label))
	ctx := context.WithValue(context.Background(), scenarioKey{}, s)
	done := make(chan struct{})
	go func() {
		defer close(done)
		pprof.SetGoroutineLabels(s.labelled)
		fn(ctx)
	}()
	<-done
}

func TestAwaitQuietWaitsForEveryGoroutineOfTheScenarioToBlock(t *testing.T) {
	inScenario(t, "quiet-1", func(ctx context.Context) {
		release, started := make(chan struct{}), make(chan struct{}, 3)
		defer close(release)
		for range 3 {
			go func() { started <- struct{}{}; <-release }()
		}
		gs, err := AwaitQuiet(ctx, "three goroutines to block")
		require.NoError(t, err)
		require.Len(t, gs, 3)
		require.Len(t, started, 3, "quiet means every one of them has run up to its wait")
		for _, g := range gs {
			require.Equal(t, "chan receive", g.State)
		}
	})
}

func TestCallFailsAtOnceWhenNothingCanMoveTheCall(t *testing.T) {
	inScenario(t, "quiet-2", func(ctx context.Context) {
		never := make(chan struct{})
		defer close(never)
		err := Call(ctx, "Go", func() { <-never }, func(parked []Goroutine) string {
			return strings.Repeat("x", len(parked))
		})
		require.ErrorIs(t, err, ErrStuck)
		require.ErrorContains(t, err, "Go has not returned and nothing in the scenario can move it: x")
	})
}

func TestCallReturnsWhenTheCallDoes(t *testing.T) {
	inScenario(t, "quiet-3", func(ctx context.Context) {
		require.NoError(t, Call(ctx, "a call that returns", func() {}, nil))
	})
}

func TestOnlyWaitsOnOthersCountAsBlocked(t *testing.T) {
	for state, want := range map[string]bool{
		"chan receive": true, "select": true, "sync.WaitGroup.Wait": true, "IO wait": true, "semacquire": false,
		"running": false, "runnable": false, "GC assist wait": false, "sync.Mutex.Lock": false, "preempted": false,
	} {
		require.Equal(t, want, blocked(state), state)
	}
}

// A step that measures refuses to run in a scenario not tagged @exclusive, and says why.
func TestAMeasuringStepNeedsAnExclusiveScenario(t *testing.T) {
	inScenario(t, "exclusive-1", func(ctx context.Context) {
		err := RequireExclusive(ctx, "measures something")
		require.ErrorContains(t, err, "this step measures something, so its scenario must run with nothing beside it: tag the scenario (or its feature) @exclusive")
		current(ctx).exclusive = true
		require.NoError(t, RequireExclusive(ctx, "measures something"))
	})
}
