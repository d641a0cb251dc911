// Package concspec is an executable specification of concurrency and parallelism: Gherkin
// features, one concept each, whose scenarios run reference Go implementations of the patterns
// for real, under the race detector, with a goroutine-leak check and a hang bound on every
// scenario. Every rule also runs its negative control, the bad pattern it warns against, to
// show that the corpus catches it.
//
// The features ship inside the module ([Features]); [Run] runs them from any test:
//
//	func TestCorpus(t *testing.T) {
//		concspec.Run(t, concspec.Options{Tags: "@R18"})
//	}
package concspec

import (
	"embed"
	"io/fs"
	"testing"

	"github.com/concspec/concspec/harness"
	"github.com/concspec/concspec/steps"
)

//go:embed features/*.feature
var embedded embed.FS

// Features is the corpus: every .feature file, at the root of the file system.
var Features = mustSub(embedded, "features")

func mustSub(fsys fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(fsys, dir)
	if err != nil {
		panic(err)
	}
	return sub
}

// Options is what a caller can vary; the zero value runs the whole corpus in a fresh random
// order and writes no reports.
type Options = harness.Config

// Run runs the corpus with the given options, each scenario as a subtest of t.
func Run(t *testing.T, opts Options) {
	t.Helper()
	harness.Run(t, harness.Suite{Name: "concspec", Features: Features, Steps: steps.Register, Config: opts})
}
