package steps_test

import (
	"io/fs"
	"testing"

	"github.com/concspec/concspec"
	"github.com/concspec/concspec/steps"
	"github.com/stretchr/testify/require"
)

// Every concept's entries fit in one catalogue, and every mutant swaps entries that exist and
// names the rules whose scenarios must kill it.
func TestEveryMutantAppliesToTheCatalogue(t *testing.T) {
	for _, m := range steps.Mutants() {
		cat, err := steps.Catalog(m.Name)
		require.NoError(t, err, m.Name)
		require.Equal(t, m.Name, cat.Mutant())
		if m.Blind() != "" {
			// A detector-off mutant's rules are those of the negative controls in which its
			// detector fires; make mutate finds them in a run with no mutant.
			require.Equal(t, m.Blind(), cat.Blind(), m.Name)
			continue
		}
		require.NotEmpty(t, m.Rules, m.Name)
	}
	_, err := steps.Catalog("no such mutant")
	require.ErrorContains(t, err, `unknown mutant "no such mutant"`)
}

// Each detector has one name in the corpus, so that its detector-off mutant switches off one
// check and detectors.json names one.
func TestEveryDetectorHasOneConcept(t *testing.T) {
	owner := map[string]string{}
	for _, c := range steps.Concepts() {
		for _, d := range c.Detectors {
			require.NotContains(t, owner, string(d), "the detector %q is declared by %s and %s", d, owner[string(d)], c.Name)
			owner[string(d)] = c.Name
		}
	}
}

func TestEveryControlHasOneConcept(t *testing.T) {
	controls, err := steps.Controls()
	require.NoError(t, err)
	for _, name := range []string{"counter", "group-panic", "handoff", "fanout", "tight-loop"} {
		require.Contains(t, controls, name)
	}
}

// Each feature file of the corpus belongs to exactly one concept.
func TestEveryFeatureHasOneConcept(t *testing.T) {
	files, err := fs.Glob(concspec.Features(), "*.feature")
	require.NoError(t, err)
	owner := map[string]string{}
	for _, c := range steps.Concepts() {
		for _, f := range c.Features {
			require.NotContains(t, owner, f, "%s is claimed by %s and %s", f, owner[f], c.Name)
			owner[f] = c.Name
		}
	}
	for _, f := range files {
		if _, ok := owner[f]; !ok {
			t.Errorf("features/%s belongs to no concept: add it to the Features of its concept's Concept() (steps/<concept>/concept.go)", f)
		}
	}
	for f, c := range owner {
		require.Contains(t, files, f, "the concept %q names %s, which is not in features/", c, f)
	}
}
