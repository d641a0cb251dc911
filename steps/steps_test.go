package steps

import (
	"testing"

	"github.com/concspec/concspec/polyglot"
	"github.com/stretchr/testify/require"
)

func TestCountAcceptsOnlyTheStatedRange(t *testing.T) {
	n, err := count("the number of goroutines", "8", 10)
	require.NoError(t, err)
	require.Equal(t, 8, n)
	for _, bad := range []string{"-3", "0", "11", "eight"} {
		_, err := count("the number of goroutines", bad, 10)
		require.ErrorContains(t, err, "the number of goroutines must be a whole number from 1 to 10")
	}
}

// The checks on a program's output must fail on the wrong side of their bound.
func TestOtherRuntimeChecksFailOnTheWrongSide(t *testing.T) {
	w := &world{polyglot: polyglotState{ran: true, result: polyglot.Result{Runtime: "R", Values: map[string]any{
		"lag": 300.0, "other": 100.0, "gil": true,
	}}}}
	require.NoError(t, w.valueAtMost("lag", "300"))
	require.ErrorContains(t, w.valueAtMost("lag", "299.5"), "lag = 300, more than 299.5")
	require.NoError(t, w.valueAtLeast("lag", "300"))
	require.ErrorContains(t, w.valueAtLeast("lag", "301"), "less than 301")
	require.NoError(t, w.valueAtLeastTimes("lag", "3", "other"))
	require.ErrorContains(t, w.valueAtLeastTimes("lag", "3.1", "other"), "not 3.1 times as much")
	require.NoError(t, w.valueIs("gil", "true"))
	require.Error(t, w.valueIs("gil", "false"))
	require.ErrorContains(t, w.valueAtMost("missing", "1"), `no number "missing"`)
}
