package catalog

import (
	"fmt"
	"slices"
	"strings"
)

// EnvMutant names the mutant a corpus process runs with; `make mutate` sets it, and a control
// program started by that process inherits it.
const EnvMutant = "CONCSPEC_MUTANT"

// Mutant is a known-broken implementation put in the place of a reference one, so that the
// corpus can show it kills it: the scenarios of its rules, which use the reference, must fail.
type Mutant struct {
	Name string
	// Rules are the rules whose scenarios are expected to kill it; `make mutate` runs only
	// those, as a mutation tool runs only the tests that cover the mutated code.
	Rules []string
	// kind, reference and broken say which entry takes which one's place.
	kind, reference, broken string
	// take, if set, builds the mutated entry's value from both (to keep what describes the
	// reference, such as how a task group handles panics, and take only the broken code).
	take func(reference, broken any) any
	// blind, if set, makes this a detector-off mutant: the implementations stay as they are and
	// the check called blind is switched off.
	blind string
}

// SwitchOff declares a detector-off mutant: the corpus runs with the check called detector
// blind (it passes without looking). Every negative control in which that check fired must then
// fail, or the negative controls do not prove the check can fail; `make mutate` finds those
// controls, and so the rules to run, in a run with no mutant.
func SwitchOff(detector string) Mutant {
	return Mutant{Name: "detector off: " + detector, blind: detector}
}

// Blind names the check a detector-off mutant switches off; "" for a mutant that swaps an
// implementation.
func (m Mutant) Blind() string { return m.blind }

// Swap declares a mutant: the entry called reference makes what the entry called broken makes.
// It keeps its name and is not marked as a negative control: the scenarios see the reference,
// broken.
func Swap[V any](name string, rules []string, k Kind[V], reference, broken string) Mutant {
	return Mutant{Name: name, Rules: rules, kind: k.Name, reference: reference, broken: broken}
}

// SwapWith is Swap for kinds whose value describes itself as well as running: take builds the
// mutated value from the reference's and the broken one's.
func SwapWith[V any](name string, rules []string, k Kind[V], reference, broken string, take func(reference, broken V) V) Mutant {
	m := Swap(name, rules, k, reference, broken)
	m.take = func(r, b any) any {
		ref, brk := r.(func() V), b.(func() V)
		return func() V { return take(ref(), brk()) }
	}
	return m
}

// Mutate returns a catalogue in which m is in place; c is unchanged.
func (c *Catalog) Mutate(m Mutant) (*Catalog, error) {
	if m.blind != "" {
		out, err := c.With()
		if err != nil {
			return nil, err
		}
		out.mutant, out.blind = m.Name, m.blind
		return out, nil
	}
	ref, ok := c.entries[key{m.kind, m.reference}]
	brk, found := c.entries[key{m.kind, m.broken}]
	if !ok || !found {
		return nil, fmt.Errorf("mutant %q: the catalogue has no %s %q or no %q to swap", m.Name, m.kind, m.reference, m.broken)
	}
	out, err := c.With()
	if err != nil {
		return nil, err
	}
	ref.make = brk.make
	if m.take != nil {
		orig := c.entries[key{m.kind, m.reference}].make
		ref.make = m.take(orig, brk.make)
	}
	out.entries[key{m.kind, m.reference}] = ref
	out.mutant = m.Name
	return out, nil
}

// Find returns the mutant called name among mutants.
func Find(mutants []Mutant, name string) (Mutant, error) {
	var names []string
	for _, m := range mutants {
		if m.Name == name {
			return m, nil
		}
		names = append(names, fmt.Sprintf("%q", m.Name))
	}
	slices.Sort(names)
	return Mutant{}, fmt.Errorf("unknown mutant %q; known: %s", name, strings.Join(names, ", "))
}
