// Command concspec-controls runs concspec's negative controls in a process of their own: the bad
// patterns whose failure would otherwise take the test process down with it (a data race under
// the race detector, a panic nobody recovers, a goroutine that starves). The corpus builds it
// once per run, with and without -race, and asserts on its exit status and output. Each concept
// of steps/ brings its own controls.
//
// Usage:
//
//	concspec-controls <control> [flags]
//
// Each control prints one JSON object on stdout when it finishes.
package main

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/steps"
)

func main() {
	controls, err := steps.Controls()
	if err != nil {
		fail("", err)
	}
	if len(os.Args) < 2 || controls[os.Args[1]] == nil {
		fmt.Fprintf(os.Stderr, "usage: concspec-controls <control> [flags]; controls: %s\n", strings.Join(slices.Sorted(maps.Keys(controls)), ", "))
		os.Exit(2)
	}
	// The child's catalogue is the parent's: the same entries, and the mutant the parent runs.
	cat, err := steps.Catalog(os.Getenv(catalog.EnvMutant))
	if err != nil {
		fail(os.Args[1], err)
	}
	out, err := controls[os.Args[1]](cat, os.Args[2:])
	if err != nil {
		fail(os.Args[1], err)
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		fail(os.Args[1], err)
	}
}

func fail(control string, err error) {
	fmt.Fprintf(os.Stderr, "concspec-controls %s: %v\n", control, err)
	os.Exit(2)
}
