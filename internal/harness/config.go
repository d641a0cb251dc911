// Package harness runs concspec's Gherkin corpus under go test: it builds the godog options
// (strict mode, random order with a replayable seed, reports), and wraps every scenario in the
// checks the corpus relies on:
//
//   - a goroutine-leak check (a goleak snapshot before the scenario, goleak.Find after it, once
//     the scenario's own context is cancelled and its cleanups have run);
//   - a hang bound: a scenario still running after the bound stops the process with a message
//     that names it and a dump of every goroutine;
//   - child processes (negative controls built with or without the race detector, once per run);
//   - figures: measured numbers attached to their scenario and collected into figures.json.
//
// Scenarios run one at a time because the leak check is process-wide.
package harness

import (
	"fmt"
	"os"
	"strconv"
	"time"
)

// DefaultHangBound is how long one scenario may run before the harness calls it hung.
const DefaultHangBound = 45 * time.Second

// Config is what a run can vary. [ConfigFromEnv] reads it from the environment, which is how the
// Makefile passes SEED, TAGS and the rest.
type Config struct {
	// Seed orders features and scenarios; the same seed replays the same order. Zero picks a
	// fresh seed, which Run prints.
	Seed int64
	// Tags is a godog tag expression such as "@R18 && ~@slow"; empty runs everything.
	Tags string
	// HangBound is how long one scenario may run; zero means DefaultHangBound.
	HangBound time.Duration
	// ReportsDir receives junit.xml, cucumber.json and figures.json; empty writes no reports.
	ReportsDir string
	// Subjects are implementations under test, each run through the contract scenarios beside
	// the reference (see [Subject]).
	Subjects []Subject
}

// Environment variables read by ConfigFromEnv.
const (
	EnvSeed      = "CONCSPEC_SEED"
	EnvTags      = "CONCSPEC_TAGS"
	EnvHangBound = "CONCSPEC_HANG_BOUND"
	EnvReports   = "CONCSPEC_REPORTS"
)

// ConfigFromEnv reads CONCSPEC_SEED, CONCSPEC_TAGS, CONCSPEC_HANG_BOUND (a Go duration such as
// "30s") and CONCSPEC_REPORTS (a directory). A malformed value is an error, never ignored.
func ConfigFromEnv() (Config, error) {
	cfg := Config{Tags: os.Getenv(EnvTags), ReportsDir: os.Getenv(EnvReports)}
	if s := os.Getenv(EnvSeed); s != "" {
		seed, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return cfg, fmt.Errorf("%s=%q is not an integer seed", EnvSeed, s)
		}
		cfg.Seed = seed
	}
	if s := os.Getenv(EnvHangBound); s != "" {
		bound, err := time.ParseDuration(s)
		if err != nil || bound <= 0 {
			return cfg, fmt.Errorf("%s=%q is not a positive duration such as 30s", EnvHangBound, s)
		}
		cfg.HangBound = bound
	}
	return cfg, nil
}

func (c Config) hangBound() time.Duration {
	if c.HangBound > 0 {
		return c.HangBound
	}
	return DefaultHangBound
}
