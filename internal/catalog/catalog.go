// Package catalog is the per-run catalogue: every implementation a feature can name ("the mutex
// counter", "the errgroup task group"), built as a value for one run from the entries the
// concepts declare, the implementations a team plugs in, and at most one mutant laid over it.
//
// Nothing here is package-level state: two runs in one process hold two catalogues, and a name
// plugged into one is unknown to the other.
package catalog

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Kind names a table of implementations of one Go type: the counters, the task groups, the
// pipeline stages. A feature names an implementation within its kind.
type Kind[V any] struct {
	// Name is what messages call an implementation of this kind ("counter", "task group").
	Name string
}

// Entry is one named implementation of a kind, made by a function so that each scenario gets a
// fresh instance.
type Entry struct {
	kind   string
	name   string
	make   any // func() V for the kind's V
	broken bool
}

// Reference declares an implementation that keeps its rules.
func Reference[V any](k Kind[V], name string, make func() V) Entry {
	return Entry{kind: k.Name, name: name, make: make}
}

// Broken declares a negative control: a known-broken implementation, kept to prove that the
// checks can fail. A conformance matrix leaves it out.
func Broken[V any](k Kind[V], name string, make func() V) Entry {
	return Entry{kind: k.Name, name: name, make: make, broken: true}
}

// Name is the name a feature uses for the entry.
func (e Entry) Name() string { return e.name }

type key struct{ kind, name string }

// Catalog holds a run's entries. Its zero value is empty; it is never changed once built: With
// and Mutate return new catalogues.
type Catalog struct {
	entries map[key]Entry
	// mutant is the name of the mutant laid over the catalogue, or "".
	mutant string
	// blind is the check a detector-off mutant switches off, or "".
	blind string
}

// New builds a catalogue from entries; a kind and name given twice is an error.
func New(entries ...Entry) (*Catalog, error) {
	return (&Catalog{}).With(entries...)
}

// With returns a catalogue with the entries added. A name the kind already has is an error, so
// that a team's implementation can never shadow a reference one.
func (c *Catalog) With(entries ...Entry) (*Catalog, error) {
	out := &Catalog{entries: maps.Clone(c.entries), mutant: c.mutant, blind: c.blind}
	if out.entries == nil {
		out.entries = map[key]Entry{}
	}
	for _, e := range entries {
		k := key{e.kind, e.name}
		if _, taken := out.entries[k]; taken {
			return nil, fmt.Errorf("the catalogue already has a %s called %q; choose another name", e.kind, e.name)
		}
		out.entries[k] = e
	}
	return out, nil
}

// Lookup makes a fresh instance of the implementation of kind k called name, or returns an error
// that lists the names the kind has.
func Lookup[V any](c *Catalog, k Kind[V], name string) (V, error) {
	var zero V
	if err := Check(c, k, name); err != nil {
		return zero, err
	}
	e := c.entries[key{k.Name, name}]
	make, ok := e.make.(func() V)
	if !ok {
		return zero, fmt.Errorf("the %s called %q was declared with another Go type (%T)", k.Name, name, e.make)
	}
	return make(), nil
}

// IsBroken says whether the implementation of kind k called name is a negative control.
func IsBroken[V any](c *Catalog, k Kind[V], name string) bool {
	return c.entries[key{k.Name, name}].broken
}

// Names lists the names of kind k, sorted.
func Names[V any](c *Catalog, k Kind[V]) []string {
	var names []string
	for key := range c.entries {
		if key.kind == k.Name {
			names = append(names, key.name)
		}
	}
	slices.Sort(names)
	return names
}

// Mutant names the mutant laid over the catalogue, or "" for none.
func (c *Catalog) Mutant() string { return c.mutant }

// Blind names the check the run's detector-off mutant switches off, or "" for none.
func (c *Catalog) Blind() string { return c.blind }

// Check says whether kind k has an implementation called name, with the error Lookup would give,
// without making one (making one may start goroutines).
func Check[V any](c *Catalog, k Kind[V], name string) error {
	if _, ok := c.entries[key{k.Name, name}]; !ok {
		return fmt.Errorf("unknown %s implementation %q; known: %s", k.Name, name, strings.Join(Names(c, k), ", "))
	}
	return nil
}
