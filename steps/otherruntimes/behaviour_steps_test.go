package otherruntimes

import (
	"testing"

	"github.com/concspec/concspec/internal/polyglot"
	"github.com/stretchr/testify/require"
)

// The checks that python_runtime.feature and node_runtime.feature add must fail on the wrong
// side.
func TestRuntimeBehaviourChecksFailOnTheWrongSide(t *testing.T) {
	s := &state{ran: true, result: polyglot.Result{Runtime: "R", Values: map[string]any{
		"warning": "coroutine 'save' was never awaited", "gil": true, "free": false,
		"expected": 1000.0, "count": 1000.0, "lossy": 600.0, "lost": 0.0,
	}}}
	require.NoError(t, s.valueContains("warning", "never awaited"))
	require.ErrorContains(t, s.valueContains("warning", "awaited at once"), `which does not contain "awaited at once"`)
	require.ErrorContains(t, s.valueContains("count", "1"), `printed no text "count"`)
	require.NoError(t, s.exact("count", 1000, 1000))
	require.ErrorContains(t, s.exact("lossy", 600, 1000), "lossy = 600 of 1000 increments: 400 were lost")
}
