package otherruntimes

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// Each scenario of P01's threads runs on the Python it is for and skips, saying why, on the
// other.
func TestTheGILScenariosSkipOnThePythonTheyAreNotFor(t *testing.T) {
	require.Empty(t, otherPython("3.11.7", true, false, true))
	require.Empty(t, otherPython("3.13.1", false, true, false))
	require.Contains(t, otherPython("3.11.7", true, false, false), "no free-threaded build (3.13t or later) is installable on this machine")
	require.Contains(t, otherPython("3.13.1", true, true, false), "its GIL is on")
	require.Contains(t, otherPython("3.13.1", false, true, true), "free-threaded build with the GIL off")
}
