// Package steps is the corpus's step vocabulary, assembled from one package per concept
// (steps/counters, steps/taskgroups, ...): each concept owns its feature files, its steps and
// their per-scenario state, its implementations and broken twins, its mutants and its
// child-process controls. This package lists the concepts and builds from them what one run
// needs: a catalogue value, the step registration, the mutants and the controls. concspec.Run
// uses it; a reader looking for the code behind a sentence finds it in the concept's package
// (`make steps` says which).
package steps

import (
	"fmt"
	"maps"
	"slices"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/concept"
	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/steps/counters"
	"github.com/concspec/concspec/steps/fanout"
	"github.com/concspec/concspec/steps/goroutinecost"
	"github.com/concspec/concspec/steps/goversion"
	"github.com/concspec/concspec/steps/ioscaling"
	"github.com/concspec/concspec/steps/lifetimes"
	"github.com/concspec/concspec/steps/links"
	"github.com/concspec/concspec/steps/measurefirst"
	"github.com/concspec/concspec/steps/mixedworkload"
	"github.com/concspec/concspec/steps/offloading"
	"github.com/concspec/concspec/steps/otherruntimes"
	"github.com/concspec/concspec/steps/ownership"
	"github.com/concspec/concspec/steps/parallelism"
	"github.com/concspec/concspec/steps/parallelmap"
	"github.com/concspec/concspec/steps/pipelines"
	"github.com/concspec/concspec/steps/preemption"
	"github.com/concspec/concspec/steps/primitives"
	"github.com/concspec/concspec/steps/semaphores"
	"github.com/concspec/concspec/steps/shared"
	"github.com/concspec/concspec/steps/taskgroups"
	"github.com/concspec/concspec/steps/whenitpays"
	"github.com/concspec/concspec/steps/workerpools"
	"github.com/cucumber/godog"
)

// Concepts are the slices of the corpus, the shared vocabulary first.
func Concepts() []concept.Concept {
	return []concept.Concept{
		shared.Concept(),
		counters.Concept(),
		taskgroups.Concept(),
		lifetimes.Concept(),
		primitives.Concept(),
		ownership.Concept(),
		parallelmap.Concept(),
		pipelines.Concept(),
		links.Concept(),
		semaphores.Concept(),
		fanout.Concept(),
		mixedworkload.Concept(),
		offloading.Concept(),
		workerpools.Concept(),
		preemption.Concept(),
		parallelism.Concept(),
		measurefirst.Concept(),
		ioscaling.Concept(),
		goroutinecost.Concept(),
		whenitpays.Concept(),
		goversion.Concept(),
		otherruntimes.Concept(),
	}
}

// Catalog builds a run's catalogue from every concept's entries and then extra (a team's own
// implementations), with the mutant called mutant laid over it when it is not "".
func Catalog(mutant string, extra ...catalog.Entry) (*catalog.Catalog, error) {
	var entries []catalog.Entry
	for _, c := range Concepts() {
		entries = append(entries, c.Entries...)
	}
	cat, err := catalog.New(entries...)
	if err != nil {
		return nil, err
	}
	if cat, err = cat.With(extra...); err != nil || mutant == "" {
		return cat, err
	}
	m, err := catalog.Find(Mutants(), mutant)
	if err != nil {
		return nil, err
	}
	return cat.Mutate(m)
}

// Register returns what registers every concept's steps on a scenario, each with state of its
// own and the run's catalogue.
func Register(cat *catalog.Catalog) func(*godog.ScenarioContext) {
	concepts := Concepts()
	return func(sc *godog.ScenarioContext) {
		for _, c := range concepts {
			c.Steps(sc, cat)
		}
	}
}

// Mutants lists every concept's mutants, and a detector-off mutant for the leak check and for
// every detector a concept declares.
func Mutants() []catalog.Mutant {
	all := []catalog.Mutant{catalog.SwitchOff(string(harness.LeakCheck))}
	for _, c := range Concepts() {
		all = append(all, c.Mutants...)
		for _, d := range c.Detectors {
			all = append(all, catalog.SwitchOff(string(d)))
		}
	}
	return all
}

// Capabilities maps every capability a concept's contract knows to what it promises.
func Capabilities() map[string]string {
	all := map[string]string{}
	for _, c := range Concepts() {
		maps.Copy(all, c.Capabilities)
	}
	return all
}

// Controls maps every child-process control to its function; a name two concepts claim is an
// error.
func Controls() (map[string]concept.Control, error) {
	all := map[string]concept.Control{}
	for _, c := range Concepts() {
		for _, name := range slices.Sorted(maps.Keys(c.Controls)) {
			if _, taken := all[name]; taken {
				return nil, fmt.Errorf("two concepts define the control %q", name)
			}
			all[name] = c.Controls[name]
		}
	}
	return all, nil
}
