package catalog_test

import (
	"testing"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/stretchr/testify/require"
)

var numbers = catalog.Kind[int]{Name: "number"}

func entries() []catalog.Entry {
	return []catalog.Entry{
		catalog.Reference(numbers, "one", func() int { return 1 }),
		catalog.Broken(numbers, "minus one", func() int { return -1 }),
	}
}

func TestLookupNamesTheKnownImplementations(t *testing.T) {
	cat, err := catalog.New(entries()...)
	require.NoError(t, err)
	_, err = catalog.Lookup(cat, numbers, "on")
	require.EqualError(t, err, `unknown number implementation "on"; known: minus one, one`)
	require.True(t, catalog.IsBroken(cat, numbers, "minus one"))
	require.False(t, catalog.IsBroken(cat, numbers, "one"))
}

func TestANameCannotBeTakenTwice(t *testing.T) {
	cat, err := catalog.New(entries()...)
	require.NoError(t, err)
	_, err = cat.With(catalog.Reference(numbers, "one", func() int { return 11 }))
	require.EqualError(t, err, `the catalogue already has a number called "one"; choose another name`)
}

// A catalogue is a value: adding to it or laying a mutant over it leaves it as it was, so two
// runs built from the same entries never see each other's changes.
func TestWithAndMutateLeaveTheOriginalAlone(t *testing.T) {
	cat, err := catalog.New(entries()...)
	require.NoError(t, err)
	more, err := cat.With(catalog.Reference(numbers, "two", func() int { return 2 }))
	require.NoError(t, err)
	require.Equal(t, []string{"minus one", "one", "two"}, catalog.Names(more, numbers))
	require.Equal(t, []string{"minus one", "one"}, catalog.Names(cat, numbers))

	mutated, err := cat.Mutate(catalog.Swap("negated", []string{"R00"}, numbers, "one", "minus one"))
	require.NoError(t, err)
	got, _ := catalog.Lookup(mutated, numbers, "one")
	require.Equal(t, -1, got)
	require.False(t, catalog.IsBroken(mutated, numbers, "one"), "a mutant is the reference, broken: not marked")
	require.Equal(t, "negated", mutated.Mutant())
	got, _ = catalog.Lookup(cat, numbers, "one")
	require.Equal(t, 1, got)
}

func TestSwapWithKeepsWhatTheReferenceSaysOfItself(t *testing.T) {
	cat, err := catalog.New(entries()...)
	require.NoError(t, err)
	m := catalog.SwapWith("offset", nil, numbers, "one", "minus one", func(ref, broken int) int { return ref*100 + broken })
	mutated, err := cat.Mutate(m)
	require.NoError(t, err)
	got, _ := catalog.Lookup(mutated, numbers, "one")
	require.Equal(t, 99, got)
}

func TestAMutantOfEntriesThatDoNotExistIsRefused(t *testing.T) {
	cat, err := catalog.New(entries()...)
	require.NoError(t, err)
	_, err = cat.Mutate(catalog.Swap("ghost", nil, numbers, "one", "zero"))
	require.ErrorContains(t, err, `no number "one" or no "zero" to swap`)
	_, err = catalog.Find([]catalog.Mutant{catalog.Swap("ghost", nil, numbers, "one", "zero")}, "spook")
	require.EqualError(t, err, `unknown mutant "spook"; known: "ghost"`)
}
