package otherruntimes

import (
	"testing"

	"github.com/concspec/concspec/internal/polyglot"
	"github.com/stretchr/testify/require"
)

// The compile check fires on a program rustc rejected, and on one it accepted without a binary.
func TestTheCompileCheckFiresOnARejectedProgram(t *testing.T) {
	require.NoError(t, acceptedVerdict("ok.rs", &polyglot.Compilation{Version: "rustc 1.95.0", Compiled: true, Binary: true}))
	require.ErrorContains(t, acceptedVerdict("race.rs", &polyglot.Compilation{Version: "rustc 1.95.0", Errors: []string{"error[E0499]: cannot borrow"}}),
		"rustc 1.95.0 rejected race.rs: error[E0499]: cannot borrow")
	require.ErrorContains(t, acceptedVerdict("odd.rs", &polyglot.Compilation{Version: "rustc", Compiled: true}), "wrote no binary")
	s := &state{compiled: &polyglot.Compilation{Version: "rustc", Errors: []string{"error[E0499]: cannot borrow `counter`"}}, compiledName: "race.rs"}
	require.NoError(t, s.rustcError("E0499", "cannot borrow `counter`"))
	require.ErrorContains(t, s.rustcError("E0373", "cannot borrow"), `not "error[E0373]: cannot borrow"`)
	require.NoError(t, s.noBinary())
	require.ErrorContains(t, (&state{}).noBinary(), "nothing was compiled")
}
