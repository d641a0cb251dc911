package otherruntimes

import (
	"testing"

	"github.com/concspec/concspec/internal/polyglot"
	"github.com/stretchr/testify/require"
)

// Versions compare release for release, from the first dotted number of a version line.
func TestVersionsCompareReleaseForRelease(t *testing.T) {
	for line, want := range map[string]string{
		"25.0.3+9-LTS": "25.0.3", "rustc 1.95.0 (59807616e 2026-04-14)": "1.95.0", "3.11.7": "3.11.7", "4.5": "4.5", "20": "20",
	} {
		v, err := parseVersion(line)
		require.NoError(t, err, line)
		require.Equal(t, want, v.String())
	}
	_, err := parseVersion("no digits")
	require.ErrorContains(t, err, "no version number")
	v := func(s string) version { r, _ := parseVersion(s); return r }
	require.True(t, v("3.4").less(v("3.11")))
	require.False(t, v("3.11").less(v("3.11.0")))
	require.False(t, v("12").less(v("10.5")))
	require.True(t, v("1.0").less(v("1.0.1")))
	require.Equal(t, "3.12", v("3.11.7").next().String())
	require.Equal(t, "20.1", v("20").next().String())
	require.NoError(t, versionVerdict("Python", v("3.11.7"), "3.11.7", v("3.11"), "TaskGroup"))
	require.ErrorContains(t, versionVerdict("Python", v("3.11.7"), "3.11.7", v("3.12"), "x"), "the Python here is 3.11.7 (3.11.7), older than 3.12, the release the guide dates x to")
}

// The installed version is rustc's for Rust and the probe's own for the others.
func TestTheInstalledVersionIsTheRuntimesOwnReport(t *testing.T) {
	s := &state{ran: true, result: polyglot.Result{Version: "rustc 1.95.0 (x)", Values: map[string]any{"version": "1.24.2", "works": true}}}
	rust, _, err := s.installed("Rust")
	require.NoError(t, err)
	require.Equal(t, "1.95.0", rust.String())
	tokio, _, err := s.installed("tokio")
	require.NoError(t, err)
	require.Equal(t, "1.24.2", tokio.String())
	require.NoError(t, s.itWorks("tokio"))
	s.result.Values = map[string]any{"works": false}
	require.ErrorContains(t, s.itWorks("tokio"), "tokio did not do what it should")
	_, _, err = s.installed("tokio")
	require.ErrorContains(t, err, "printed no version")
}
