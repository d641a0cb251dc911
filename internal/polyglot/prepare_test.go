package polyglot

import (
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/require"
)

// features are two feature files: programs of two runtimes, under tags at every level.
var features = fstest.MapFS{
	"a.feature": {Data: []byte(`@polyglot
Feature: a
  @P01
  Rule: one
    Scenario: runs Python
      When the Python program "p01_gil.py" runs with "pools"
      Then something

    @slow
    Scenario: runs Rust
      When the Rust program "p06" runs with "rayon"

  @P06
  Rule: two
    Scenario: runs Rust again
      When the Rust program "p06" runs with "tokio"
`)},
	"b.feature": {Data: []byte(`Feature: b
  Scenario: runs no program
    When nothing runs
`)},
}

// Prepare prepares what the selected scenarios run, each program once, and nothing for a
// selection that runs none.
func TestTheProgramsNeededAreThoseOfTheSelectedScenarios(t *testing.T) {
	python, rust := Program{"Python", "p01_gil.py"}, Program{"Rust", "p06"}
	for tags, want := range map[string][]Program{
		"":                     {python, rust},
		"@polyglot":            {python, rust},
		"~@polyglot":           nil,
		"@P01 && ~@slow":       {python},
		"@P06, @P01 && ~@slow": {python, rust},
		"@slow":                {rust},
		"@R01":                 nil,
	} {
		got, err := Needed(features, tags)
		require.NoError(t, err)
		require.Equal(t, want, got, "tags %q", tags)
	}
}

func TestAFeatureThatDoesNotParseIsNamed(t *testing.T) {
	_, err := Needed(fstest.MapFS{"bad.feature": {Data: []byte("@ Feature: x\n")}}, "")
	require.ErrorContains(t, err, "bad.feature")
}
