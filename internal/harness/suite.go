package harness

import (
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cucumber/godog"
)

// Run runs the suite with each scenario as a subtest of t, and fails t when any scenario fails
// or any step is undefined, pending or ambiguous, or when a feature cannot be parsed.
func Run(t *testing.T, s Suite) {
	t.Helper()
	paths, err := featurePaths(s.Features)
	if err != nil {
		t.Fatalf("concspec: listing features: %v", err)
	}
	if len(paths) == 0 {
		t.Fatalf("concspec: no .feature files found")
	}
	if err := checkTags(s.Tags); err != nil {
		t.Fatalf("concspec: %v", err)
	}
	empty, err := emptyFeatures(s.Features, paths)
	if err != nil {
		t.Fatalf("concspec: reading features: %v", err)
	}
	for _, problem := range empty {
		t.Errorf("concspec: %s: a feature file must specify something", problem)
	}
	if len(empty) > 0 {
		t.FailNow()
	}
	features, err := withSubjects(s.Features, paths, s.Subjects)
	if err != nil {
		t.Fatalf("concspec: adding the implementations under test: %v", err)
	}
	if s.Shard.Count > 0 {
		var mine, all int
		features, paths, mine, all, err = shardFeatures(features, paths, s.Tags, s.Shard)
		if err != nil {
			t.Fatalf("concspec: dealing the scenarios to shards: %v", err)
		}
		balance := "by number"
		if len(s.Shard.Durations) > 0 {
			balance = "by an earlier run's durations"
		}
		fmt.Printf("concspec: shard %s runs %d of the %d scenarios the tags select (dealt %s)\n", s.Shard, mine, all, balance)
		if mine == 0 {
			t.Fatalf("concspec: shard %s has no scenario: the tags %q select %d, fewer than the %d shards; run fewer shards", s.Shard, s.Tags, all, s.Shard.Count)
		}
		if err := writeShardInfo(s.ReportsDir, ShardInfo{Shard: s.Shard.String(), Scenarios: mine, Of: all}); err != nil {
			t.Fatalf("concspec: %v", err)
		}
	}
	seed := s.Seed
	if seed == 0 {
		seed = time.Now().UnixNano()
	}
	shuffle(paths, seed)
	fmt.Printf("concspec: random order, seed %d (replay: make verify SEED=%d, or Options{Seed: %d} from Go)\n", seed, seed, seed)

	run := newRun(s)
	format, err := run.formats()
	if err != nil {
		t.Fatalf("concspec: %v", err)
	}
	defer run.controls.remove() // also when the run ends early; AfterSuite removes them too
	if err := run.controls.prepare(); err != nil {
		t.Fatalf("concspec: %v", err)
	}
	suite := godog.TestSuite{
		Name:                 s.Name,
		TestSuiteInitializer: run.initSuite,
		ScenarioInitializer: func(sc *godog.ScenarioContext) {
			hooks := instrument(sc)
			run.beforeScenario(hooks)
			s.Steps(sc)
			run.afterScenario(hooks) // after the steps' own hooks, so the hang bound covers them too
		},
		Options: &godog.Options{
			TestingT:    t,
			Strict:      true,
			Concurrency: s.concurrency(),
			Randomize:   seed,
			Tags:        s.Tags,
			Format:      format,
			NoColors:    true,
			FS:          features,
			Paths:       paths,
		},
	}
	switch status := suite.Run(); status {
	case 0:
	case 2:
		t.Fatalf("concspec: the run could not start: a feature does not parse or an option is wrong (see the message above)")
	default:
		t.Fatalf("concspec: the corpus failed (godog status %d, seed %d): see the failed, undefined, pending or ambiguous steps above", status, seed)
	}
	if run.scenarios == 0 {
		skipped := ""
		if len(run.skipped) > 0 {
			skipped = fmt.Sprintf("; %d skipped, see why above", len(run.skipped))
		}
		t.Fatalf("concspec: no scenario ran (tags %q)%s", s.Tags, skipped)
	}
}

// featurePaths lists every .feature file in fsys, sorted.
func featurePaths(fsys fs.FS) ([]string, error) {
	var paths []string
	err := fs.WalkDir(fsys, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(path, ".feature") {
			paths = append(paths, path)
		}
		return nil
	})
	slices.Sort(paths)
	return paths, err
}

// shuffle orders the feature files by seed; godog shuffles the scenarios inside each file with
// the same seed.
func shuffle(paths []string, seed int64) {
	r := rand.New(rand.NewPCG(uint64(seed), 0))
	r.Shuffle(len(paths), func(i, j int) { paths[i], paths[j] = paths[j], paths[i] })
}

// formats is the godog format list: the run on stdout, and, when the suite has a reports
// directory, the reports: messages.ndjson, junit.xml and cucumber.json, all from one formatter
// of this run's own (registered under a name of its own, so that the watchdog can have it
// write them if a hang stops the run).
func (r *run) formats() (string, error) {
	dir := r.suite.ReportsDir
	if dir == "" {
		return terminalFormat, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("creating the reports directory: %w", err)
	}
	name := fmt.Sprintf("%s-%d", messagesFormat, r.id)
	godog.Format(name, "this run's reports", func(suite string, out io.Writer) godog.Formatter {
		m := newMessages(suite, out)
		m.reportsDir = dir
		r.locked(func() { r.reports = m })
		return m
	})
	return fmt.Sprintf("%s,%s:%s", terminalFormat, name, filepath.Join(dir, "messages.ndjson")), nil
}
