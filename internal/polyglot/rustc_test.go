package polyglot

import (
	"context"
	"errors"
	"os/exec"
	"testing"

	"github.com/stretchr/testify/require"
)

// rustc rejects the racy counter with E0499 and writes no binary; the counters behind a Mutex
// and an atomic compile.
func TestRustcRejectsTheRaceAndAcceptsTheCounters(t *testing.T) {
	if _, err := exec.LookPath("rustc"); err != nil {
		t.Skip("rustc is not installed")
	}
	race, err := RustCompile(context.Background(), "ownership/race.rs")
	require.NoError(t, err)
	require.False(t, race.Compiled)
	require.False(t, race.Binary)
	require.Equal(t, []string{"E0499"}, race.Codes)
	require.Equal(t, []string{"error[E0499]: cannot borrow `counter` as mutable more than once at a time"}, race.Errors)
	counters, err := RustCompile(context.Background(), "ownership/counters.rs")
	require.NoError(t, err)
	require.True(t, counters.Compiled && counters.Binary, counters.Output)
	require.Empty(t, counters.Codes)
	_, err = RustCompile(context.Background(), "ownership/none.rs")
	require.ErrorContains(t, err, `no Rust program "ownership/none.rs"`)
}

// A program that needs a newer JDK than the newest here is a runtime not installed.
func TestAJavaProgramThatNeedsANewerJDKIsNotInstalledOnAnOlderOne(t *testing.T) {
	if _, _, err := JDK(); err != nil {
		t.Skip(err)
	}
	newerJDK["Newer.java"] = struct {
		major int
		why   string
	}{1000, "a feature of JDK 1000"}
	defer delete(newerJDK, "Newer.java")
	_, _, err := prepareJava(t.TempDir(), "Newer.java")
	var missing *NotInstalled
	require.True(t, errors.As(err, &missing), "%v", err)
	require.Contains(t, missing.Runtime, "a JDK 1000 or newer (a feature of JDK 1000; the newest here is")
}
