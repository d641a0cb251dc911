// Package harness runs concspec's Gherkin corpus under go test: it builds the godog options
// (strict mode, random order with a replayable seed, reports), runs scenarios side by side, and
// wraps every scenario in the checks the corpus relies on:
//
//   - a goroutine-leak check of the scenario's own goroutines: each scenario's goroutine carries a
//     pprof label with the scenario's id, every goroutine it starts inherits the label, and after
//     the scenario (its context cancelled, its cleanups run) any goroutine still carrying that
//     label is a leak of that scenario and of no other;
//   - exclusion: a scenario tagged @exclusive (it measures, changes GOMAXPROCS or burns CPU)
//     runs with no other scenario beside it;
//   - a hang bound: a scenario still running after the bound stops the process with a message
//     that names it and a dump of every goroutine;
//   - child processes (negative controls built with or without the race detector, once per run);
//   - figures: measured numbers attached to their scenario and collected into figures.json;
//   - shards: a run split across CI machines runs one share of the scenarios (see [Shard]).
package harness

import (
	"io/fs"
	"runtime"
	"time"

	"github.com/cucumber/godog"
)

// DefaultHangBound is how long one scenario may run before the harness calls it hung.
const DefaultHangBound = 45 * time.Second

// Environment variables the corpus's own test reads (the Makefile sets them).
const (
	EnvSeed      = "CONCSPEC_SEED"
	EnvTags      = "CONCSPEC_TAGS"
	EnvHangBound = "CONCSPEC_HANG_BOUND"
	EnvReports   = "CONCSPEC_REPORTS"
	// EnvShard is "i/n": run the i-th of n shares of the selected scenarios (see [Shard]).
	EnvShard = "CONCSPEC_SHARD"
	// EnvShardDurations is an earlier run's cucumber.json, whose durations balance the shards.
	EnvShardDurations = "CONCSPEC_SHARD_DURATIONS"
)

// Suite is one run of feature files, every value resolved by the caller.
type Suite struct {
	// Name names the run in the reports.
	Name string
	// Features holds the .feature files; every one below its root is run.
	Features fs.FS
	// Steps registers the step definitions on each scenario's context.
	Steps func(*godog.ScenarioContext)
	// Seed orders features and scenarios; zero picks a fresh seed, which Run prints.
	Seed int64
	// Tags is a godog tag expression; empty runs everything.
	Tags string
	// HangBound is how long one scenario may run; zero means DefaultHangBound.
	HangBound time.Duration
	// ReportsDir receives the reports; empty writes none.
	ReportsDir string
	// Subjects are implementations under test, each run through the contract scenarios beside
	// the reference (see [Subject]).
	Subjects []Subject
	// Concurrency is how many scenarios may run at once (those tagged @exclusive always run
	// alone); zero means twice the number of processors.
	Concurrency int
	// Env is added to the environment of every child process (for example the mutant).
	Env []string
	// Shard is the share of the selected scenarios this run runs (the zero value: all of them).
	Shard Shard
	// Blind names the detector a detector-off mutant switches off (see [Detect]); "" for none.
	Blind string
}

func (s Suite) hangBound() time.Duration {
	if s.HangBound > 0 {
		return s.HangBound
	}
	return DefaultHangBound
}

func (s Suite) concurrency() int {
	if s.Concurrency > 0 {
		return s.Concurrency
	}
	return 2 * runtime.NumCPU()
}
