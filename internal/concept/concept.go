// Package concept is what one slice of the corpus gives the suite: a concept (counters, task
// groups, pipelines, ...) owns its feature files, its steps and their per-scenario state, its
// implementations and broken twins for the catalogue, its mutants, and the negative controls it
// runs in a child process. The suite is a list of concepts; nothing holds every concept's state.
package concept

import (
	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/harness"
	"github.com/cucumber/godog"
)

// Concept is one slice of the corpus.
type Concept struct {
	// Name names the concept in messages ("task groups").
	Name string
	// Features are the feature files (by name, "counters.feature") whose scenarios this
	// concept's steps run. A shared concept may have none.
	Features []string
	// Entries are the concept's implementations and broken twins, for the run's catalogue.
	Entries []catalog.Entry
	// Mutants are broken twins swapped in for a reference, for the mutation matrix.
	Mutants []catalog.Mutant
	// Detectors are the checks the concept's steps make through harness.Detect. Each is a
	// detector-off mutant in the mutation matrix: switched off, every negative control in which
	// it fires must fail.
	Detectors []harness.Detector
	// Capabilities are what an implementation of this concept's contract can declare beyond
	// the minimal contract, with what each promises (a contract scenario's @needs: tags).
	Capabilities map[string]string
	// Controls are the negative controls this concept runs in a child process
	// (cmd/concspec-controls), by subcommand name.
	Controls map[string]Control
	// Steps registers the concept's steps on one scenario, with state private to that scenario.
	// cat is the run's catalogue.
	Steps func(sc *godog.ScenarioContext, cat *catalog.Catalog)
}

// Control runs one negative control in the child program with its command-line arguments and
// returns what the program prints as JSON. cat is the child's catalogue, with the parent's
// mutant in place if it runs one.
type Control func(cat *catalog.Catalog, args []string) (any, error)
