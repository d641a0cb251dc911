package catalog_test

import (
	"testing"

	"github.com/concspec/concspec/catalog"
	"github.com/stretchr/testify/require"
)

func TestLookupNamesTheKnownImplementations(t *testing.T) {
	_, err := catalog.Lookup("counter", catalog.Counters, "mutx")
	require.ErrorContains(t, err, `unknown counter implementation "mutx"; known: atomic, mutex, owner, unsynchronised`)
}

func TestOnlyTheUnsynchronisedCounterIsANegativeControl(t *testing.T) {
	for name, entry := range catalog.Counters {
		require.Equal(t, name == "unsynchronised", entry.NegativeControl, name)
	}
}

func TestEveryMutantSwapsEntriesThatExist(t *testing.T) {
	for _, m := range catalog.Mutants {
		require.NoError(t, catalog.Apply(m.Name), m.Name)
		require.NotEmpty(t, m.Rules, m.Name)
	}
	require.ErrorContains(t, catalog.Apply("no such mutant"), `unknown mutant "no such mutant"`)
}
