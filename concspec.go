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
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/internal/polyglot"
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
type Options struct {
	// Seed orders features and scenarios; the same seed replays the same order. Zero picks a
	// fresh seed, which Run prints.
	Seed int64
	// Tags is a godog tag expression such as "@R18 && ~@slow" (comma for or, ~ for not); empty
	// runs everything.
	Tags string
	// HangBound is how long one scenario may run before the run stops with a goroutine dump;
	// zero means harness.DefaultHangBound.
	HangBound time.Duration
	// ReportsDir receives junit.xml, cucumber.json, messages.ndjson, figures.json and
	// conformance.json; empty writes no reports.
	ReportsDir string
	// Implementations are your own implementations of the corpus's patterns ([TaskGroup],
	// [SharedCounter]). Each is held to the contract scenarios under its own name.
	Implementations []Implementation
	// Features are your own .feature files, run together with the corpus; they can use every
	// step of the vocabulary (`make steps` lists it). The corpus's files then appear under
	// "concspec/".
	Features fs.FS
	// Corpus selects concspec's feature files by name ("task_groups.feature"); nil runs all of
	// them, an empty list none (only your own Features).
	Corpus []string
}

// Run runs the corpus with the given options, each scenario as a subtest of t.
func Run(t *testing.T, opts Options) {
	t.Helper()
	features, err := selectFeatures(opts)
	if err != nil {
		t.Fatalf("concspec: %v", err)
	}
	unplug, err := catalog.Plug(opts.Implementations)
	if err != nil {
		t.Fatalf("concspec: %v", err)
	}
	defer unplug()
	defer polyglot.Cleanup()
	cfg := harness.Config{Seed: opts.Seed, Tags: opts.Tags, HangBound: opts.HangBound, ReportsDir: opts.ReportsDir, Subjects: subjects(opts.Implementations)}
	harness.Run(t, harness.Suite{Name: "concspec", Features: features, Steps: steps.Register, Config: cfg})
}

// Planned is a contract scenario as Run will treat it for one of the Implementations.
type Planned = harness.Planned

// Plan lists the contract scenarios Run would hold each of opts.Implementations to, in the
// features opts selects, and which of them it would skip for a capability the implementation
// does not declare (opts.Tags aside). It runs nothing.
func Plan(opts Options) ([]Planned, error) {
	features, err := selectFeatures(opts)
	if err != nil {
		return nil, err
	}
	return harness.Plan(features, subjects(opts.Implementations))
}

func subjects(impls []Implementation) []harness.Subject {
	var out []harness.Subject
	for _, impl := range impls {
		out = append(out, harness.Subject{Name: impl.Name, Column: impl.Column, Capabilities: impl.Capabilities})
	}
	return out
}

// OptionsFromEnv reads the options the Makefile passes (see harness.ConfigFromEnv).
func OptionsFromEnv() (Options, error) {
	cfg, err := harness.ConfigFromEnv()
	return Options{Seed: cfg.Seed, Tags: cfg.Tags, HangBound: cfg.HangBound, ReportsDir: cfg.ReportsDir}, err
}

// selectFeatures is the corpus, or the selected part of it beside the caller's own features.
func selectFeatures(opts Options) (fs.FS, error) {
	if opts.Features == nil && opts.Corpus == nil {
		return Features, nil
	}
	out := fstest.MapFS{}
	names, err := fs.Glob(Features, "*.feature")
	if err != nil {
		return nil, err
	}
	if opts.Corpus != nil {
		for _, name := range opts.Corpus {
			if !slices.Contains(names, name) {
				return nil, fmt.Errorf("the corpus has no feature %q; it has %s", name, strings.Join(names, ", "))
			}
		}
		names = opts.Corpus
	}
	for _, name := range names {
		data, err := fs.ReadFile(Features, name)
		if err != nil {
			return nil, err
		}
		out["concspec/"+name] = &fstest.MapFile{Data: data}
	}
	if opts.Features == nil {
		return out, nil
	}
	err = fs.WalkDir(opts.Features, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".feature") {
			return err
		}
		data, err := fs.ReadFile(opts.Features, path)
		if err == nil {
			out[path] = &fstest.MapFile{Data: data}
		}
		return err
	})
	return out, err
}
