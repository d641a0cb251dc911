package otherruntimes

import (
	"testing"

	"github.com/concspec/concspec/internal/polyglot"
	"github.com/stretchr/testify/require"
)

// The checks on a program's output must fail on the wrong side of their bound.
func TestOtherRuntimeChecksFailOnTheWrongSide(t *testing.T) {
	s := &state{ran: true, result: polyglot.Result{Runtime: "R", Values: map[string]any{
		"lag": 300.0, "other": 100.0, "gil": true,
	}}}
	require.NoError(t, s.valueAtMost("lag", "300"))
	require.ErrorContains(t, s.valueAtMost("lag", "299.5"), "lag = 300, more than 299.5")
	require.NoError(t, s.valueAtLeast("lag", "300"))
	require.ErrorContains(t, s.valueAtLeast("lag", "301"), "less than 301")
	require.NoError(t, s.valueAtLeastTimes("lag", "3", "other"))
	require.ErrorContains(t, s.valueAtLeastTimes("lag", "3.1", "other"), "not 3.1 times as much")
	require.NoError(t, s.valueIs("gil", "true"))
	require.Error(t, s.valueIs("gil", "false"))
	require.ErrorContains(t, s.valueAtMost("missing", "1"), `no number "missing"`)
}
