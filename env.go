package concspec

import (
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/harness"
)

// mutantEnv names the mutant a corpus process runs with (`make mutate` sets it).
const mutantEnv = catalog.EnvMutant

// concurrencyEnv sets how many scenarios run at once (`make verify CONCURRENCY=1`).
const concurrencyEnv = "CONCSPEC_CONCURRENCY"

// optionsFromEnv reads the options the Makefile passes to the corpus's own test:
// CONCSPEC_SEED, CONCSPEC_TAGS, CONCSPEC_HANG_BOUND (a Go duration such as "30s"),
// CONCSPEC_REPORTS (a directory), CONCSPEC_CONCURRENCY, CONCSPEC_SHARD ("i/n"),
// CONCSPEC_SHARD_DURATIONS (an earlier run's cucumber.json) and CONCSPEC_MUTANT. A malformed value is an error, never
// ignored.
func optionsFromEnv() (opts Options, mutant string, err error) {
	opts = Options{
		Tags: os.Getenv(harness.EnvTags), ReportsDir: os.Getenv(harness.EnvReports),
		Shard: os.Getenv(harness.EnvShard), ShardDurations: os.Getenv(harness.EnvShardDurations),
	}
	if s := os.Getenv(harness.EnvSeed); s != "" {
		if opts.Seed, err = strconv.ParseInt(s, 10, 64); err != nil {
			return opts, "", fmt.Errorf("%s=%q is not an integer seed", harness.EnvSeed, s)
		}
	}
	if s := os.Getenv(harness.EnvHangBound); s != "" {
		bound, err := time.ParseDuration(s)
		if err != nil || bound <= 0 {
			return opts, "", fmt.Errorf("%s=%q is not a positive duration such as 30s", harness.EnvHangBound, s)
		}
		opts.HangBound = bound
	}
	if s := os.Getenv(concurrencyEnv); s != "" {
		if opts.Concurrency, err = strconv.Atoi(s); err != nil || opts.Concurrency < 1 {
			return opts, "", fmt.Errorf("%s=%q is not a whole number of scenarios, at least 1", concurrencyEnv, s)
		}
	}
	return opts, os.Getenv(mutantEnv), nil
}
