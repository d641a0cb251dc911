// Package concspec is an executable specification of concurrency and parallelism: Gherkin
// features, one concept each, whose scenarios run reference Go implementations of the patterns
// for real, under the race detector, with a goroutine-leak check and a hang bound on every
// scenario. Every rule also runs its negative control, the bad pattern it warns against, to
// show that the corpus catches it.
//
// The features ship inside the module ([Features]); [Run] runs them from any test, and holds a
// team's own implementations (made by [TaskGroup], [SharedCounter] and the other contracts'
// constructors) to the contract scenarios:
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

	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/internal/polyglot"
	"github.com/concspec/concspec/steps"
)

//go:embed features/*.feature
var embedded embed.FS

// Features returns the corpus: every .feature file, at the root of the file system.
func Features() fs.FS {
	sub, err := fs.Sub(embedded, "features")
	if err != nil {
		panic(err) // the directory is embedded: it is always there
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
	// zero means 45 seconds.
	HangBound time.Duration
	// ReportsDir receives junit.xml, cucumber.json, messages.ndjson, figures.json,
	// conformance.json and detectors.json; empty writes no reports.
	ReportsDir string
	// Implementations are your own implementations of the corpus's patterns ([TaskGroup],
	// [SharedCounter], [WeightedSemaphore], [ChannelLink], …). Each is held to the contract
	// scenarios under its own name.
	Implementations []Implementation
	// Features are your own .feature files, run together with the corpus; they can use every
	// step of the vocabulary (`go run github.com/concspec/concspec/cmd/concspec-steps` lists it). The corpus's files then appear under
	// "concspec/".
	Features fs.FS
	// Corpus selects concspec's feature files by name ("task_groups.feature"); nil runs all of
	// them, an empty list none (only your own Features).
	Corpus []string
	// Concurrency is how many scenarios may run at once; zero means twice the number of
	// processors. Scenarios tagged @exclusive (they measure time or CPU, or change GOMAXPROCS)
	// always run with nothing beside them, and each scenario's leak check sees only the
	// goroutines it started, whatever runs beside it.
	Concurrency int
	// Shard is "i/n" to run only the i-th of n shares of the scenarios Tags selects, one share
	// per CI machine (`concspec-report -merge` joins their reports); empty runs them all. The
	// shares depend only on the scenarios (and ShardDurations), not on Seed.
	Shard string
	// ShardDurations is the cucumber.json of an earlier run, whose scenario durations balance the
	// shares; empty balances their number.
	ShardDurations string
}

// Run runs the corpus with the given options, each scenario as a subtest of t.
func Run(t *testing.T, opts Options) {
	t.Helper()
	run(t, opts, "")
}

// run is Run with a mutant laid over the catalogue (see `make mutate`); "" runs none.
func run(t *testing.T, opts Options, mutant string) {
	t.Helper()
	features, err := selectFeatures(opts)
	if err != nil {
		t.Fatalf("concspec: %v", err)
	}
	subjects, entries, err := plugged(opts.Implementations)
	if err != nil {
		t.Fatalf("concspec: %v", err)
	}
	cat, err := steps.Catalog(mutant, entries...)
	if err != nil {
		t.Fatalf("concspec: %v", err)
	}
	var env []string
	if mutant != "" {
		t.Logf("running the corpus with the mutant %q in place of its reference", mutant)
		env = append(env, mutantEnv+"="+mutant)
	}
	shard, err := harness.ParseShard(opts.Shard)
	if err != nil {
		t.Fatalf("concspec: %v", err)
	}
	if opts.ShardDurations != "" {
		if shard.Durations, err = harness.LoadDurations(opts.ShardDurations); err != nil {
			t.Fatalf("concspec: the durations that balance the shards: %v", err)
		}
	}
	defer polyglot.Use()()
	polyglot.Prepare(features, opts.Tags) // before the first scenario, outside its hang bound
	harness.Run(t, harness.Suite{
		Name: "concspec", Features: features, Steps: steps.Register(cat), Seed: opts.Seed, Tags: opts.Tags,
		HangBound: opts.HangBound, ReportsDir: opts.ReportsDir, Subjects: subjects, Concurrency: opts.Concurrency, Env: env, Blind: cat.Blind(),
		Shard: shard,
	})
}

// Planned is a contract scenario as Run will treat it for one of the Implementations.
type Planned struct {
	// Implementation is the implementation's name.
	Implementation string
	// Scenario is the scenario's name as the run shows it.
	Scenario string
	// Where is the scenario's row (file:line) in the features as the run sees them, the
	// implementation's rows added.
	Where string
	// Skip is why the run will skip it for a capability the implementation does not declare;
	// empty when it will run.
	Skip string
}

// Plan lists the contract scenarios Run would hold each of opts.Implementations to, in the
// features opts selects, and which of them it would skip for a capability the implementation
// does not declare (opts.Tags aside). It runs nothing.
func Plan(opts Options) ([]Planned, error) {
	features, err := selectFeatures(opts)
	if err != nil {
		return nil, err
	}
	subjects, entries, err := plugged(opts.Implementations)
	if err != nil {
		return nil, err
	}
	// The catalogue refuses what Run would refuse: a name taken twice, or a reference's name.
	if _, err := steps.Catalog("", entries...); err != nil {
		return nil, err
	}
	planned, err := harness.Plan(features, subjects)
	out := make([]Planned, len(planned))
	for i, p := range planned {
		out[i] = Planned(p)
	}
	return out, err
}

// selectFeatures is the corpus, or the selected part of it beside the caller's own features.
func selectFeatures(opts Options) (fs.FS, error) {
	corpus := Features()
	if opts.Features == nil && opts.Corpus == nil {
		return corpus, nil
	}
	out := fstest.MapFS{}
	names, err := fs.Glob(corpus, "*.feature")
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
		data, err := fs.ReadFile(corpus, name)
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
