package report

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/concspec/concspec/internal/cucumberschema"
	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/internal/tooling"
	"github.com/cucumber/godog"
	"github.com/stretchr/testify/require"
)

// shardFixtures is a small corpus: passing, failing and skipped scenarios, an outline's rows,
// attachments, and two features.
const shardFixtures = "testdata/shards"

// runMessages runs features through godog with the harness's Cucumber Messages formatter.
func runMessages(t *testing.T, fsys fs.FS, paths []string) []byte {
	t.Helper()
	file := filepath.Join(t.TempDir(), "messages.ndjson")
	suite := godog.TestSuite{
		Name: "shards",
		ScenarioInitializer: func(sc *godog.ScenarioContext) {
			sc.Step(`^a step that passes$`, func() error { return nil })
			sc.Step(`^a step that fails$`, func() error { return errors.New("it failed") })
			sc.Step(`^a step that skips$`, func() error { return godog.ErrSkip })
			sc.Step(`^a step that attaches a figure$`, func(ctx context.Context) (context.Context, error) {
				return godog.Attach(ctx, godog.Attachment{FileName: "figure.json", MediaType: "application/json", Body: []byte(`{"value":1}`)}), nil
			})
		},
		Options: &godog.Options{FS: fsys, Paths: paths, Format: "cucumber-messages:" + file, Strict: true, Concurrency: 1, Randomize: 7, Output: &bytes.Buffer{}},
	}
	suite.Run() // one scenario fails on purpose
	out, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// shardRuns runs the fixtures whole, and as n shards.
func shardRuns(t *testing.T, n int) (full []byte, shards [][]byte) {
	t.Helper()
	fsys := os.DirFS(shardFixtures)
	full = runMessages(t, fsys, []string{"basket.feature", "second.feature"})
	for i := 1; i <= n; i++ {
		sharded, paths, err := harness.ShardFeatures(fsys, "", harness.Shard{Index: i, Count: n})
		if err != nil {
			t.Fatal(err)
		}
		shards = append(shards, runMessages(t, sharded, paths))
	}
	return full, shards
}

// runSummary is what a messages file says ran: each scenario (feature, line of its scenario or
// example row, name) with its verdict, and how many envelopes of each kind there are.
type runSummary struct {
	scenarios []string
	kinds     map[string]int
	success   []bool
}

func summarize(t *testing.T, data []byte) runSummary {
	t.Helper()
	s := runSummary{kinds: map[string]int{}}
	lines := map[string]any{} // Gherkin node id → line
	pickles := map[string]string{}
	cases := map[string]string{}   // test case → pickle
	started := map[string]string{} // test case started → pickle
	verdicts := map[string]string{}
	ids := map[string]bool{}
	var envelopes []map[string]map[string]any
	for _, line := range bytes.Split(bytes.TrimSpace(data), []byte("\n")) {
		var e map[string]map[string]any
		if err := json.Unmarshal(line, &e); err != nil {
			t.Fatal(err)
		}
		envelopes = append(envelopes, e)
		for kind, body := range e {
			s.kinds[kind]++
			if id, ok := body["id"].(string); ok {
				if ids[id] {
					t.Errorf("the id %q is given twice", id)
				}
				ids[id] = true
			}
			if kind == "gherkinDocument" {
				for where, id := range nodeIDs(body) {
					line, _, _ := strings.Cut(where, ":")
					lines[id] = line
				}
			}
		}
	}
	for _, e := range envelopes {
		for kind, body := range e {
			switch kind {
			case "pickle":
				nodes := body["astNodeIds"].([]any)
				pickles[body["id"].(string)] = fmt.Sprintf("%v:%v %v", body["uri"], lines[nodes[len(nodes)-1].(string)], body["name"])
			case "testCase":
				cases[body["id"].(string)] = body["pickleId"].(string)
			case "testCaseStarted":
				started[body["id"].(string)] = cases[body["testCaseId"].(string)]
				verdicts[started[body["id"].(string)]] = "PASSED"
			case "testStepFinished":
				p := started[body["testCaseStartedId"].(string)]
				status := body["testStepResult"].(map[string]any)["status"].(string)
				if status != "PASSED" && verdicts[p] == "PASSED" {
					verdicts[p] = status
				}
			case "testRunFinished":
				s.success = append(s.success, body["success"].(bool))
			}
		}
	}
	for id, where := range pickles {
		s.scenarios = append(s.scenarios, where+" "+verdicts[id])
	}
	slices.Sort(s.scenarios)
	return s
}

// TestMergedShardsAreTheWholeRun: the fixtures run whole, and as two and as three shards
// merged, say the same scenarios ran with the same verdicts, in one run with unique ids.
func TestMergedShardsAreTheWholeRun(t *testing.T) {
	for _, n := range []int{2, 3} {
		full, shards := shardRuns(t, n)
		merged, err := mergeMessages(shards)
		if err != nil {
			t.Fatalf("%d shards: %v", n, err)
		}
		want, got := summarize(t, full), summarize(t, merged)
		if len(want.scenarios) != 9 {
			t.Fatalf("the whole run has %d scenarios, want 9: %v", len(want.scenarios), want.scenarios)
		}
		if !slices.Equal(got.scenarios, want.scenarios) {
			t.Errorf("%d shards merged ran\n%v\nthe whole run\n%v", n, strings.Join(got.scenarios, "\n"), strings.Join(want.scenarios, "\n"))
		}
		for _, kind := range []string{"meta", "source", "gherkinDocument", "pickle", "testRunStarted", "testCase", "testCaseStarted", "testStepFinished", "attachment", "testCaseFinished", "testRunFinished", "stepDefinition"} {
			if got.kinds[kind] != want.kinds[kind] {
				t.Errorf("%d shards merged: %d %s messages, the whole run %d", n, got.kinds[kind], kind, want.kinds[kind])
			}
		}
		if !slices.Equal(got.success, []bool{false}) {
			t.Errorf("%d shards merged: testRunFinished success %v; a scenario failed, so want one, false", n, got.success)
		}
		if bytes.Contains(merged, []byte(harness.ShardMarker)) {
			t.Errorf("%d shards merged: a source still has the shard marker", n)
		}
	}
}

// The merge refuses directories that are not shards of one run: a scenario in two of them.
func TestMergeRefusesAScenarioTwice(t *testing.T) {
	_, shards := shardRuns(t, 2)
	if _, err := mergeMessages([][]byte{shards[0], shards[0]}); err == nil || !strings.Contains(err.Error(), "ran in shard1 and in shard2") {
		t.Errorf("merging a shard with itself: %v; want the scenario named as run twice", err)
	}
}

func TestMergedMessagesFollowTheSchema(t *testing.T) {
	path := filepath.Join("..", "..", cucumberschema.SchemaPath)
	if _, err := os.Stat(path); err != nil {
		tooling.Missing(t, "the @cucumber/messages schema ("+cucumberschema.SchemaPath+"): run `make tools`")
	}
	schema, err := cucumberschema.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	_, shards := shardRuns(t, 2)
	merged, err := mergeMessages(shards)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := schema.Validate(bytes.NewReader(merged)); err != nil {
		t.Errorf("the merged messages do not follow the schema:\n%v", err)
	}
}

func TestMergeJUnit(t *testing.T) {
	one := `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="concspec" tests="2" failures="1" errors="0" time="1.500">
  <testsuite name="A" tests="2" failures="1" errors="0" skipped="0" time="1.500" timestamp="2026-11-27T10:00:02">
    <testcase name="a1" classname="A" time="1.000"></testcase>
    <testcase name="a2" classname="A" time="0.500"><failure message="Then x: boom" type="failed">boom &amp; more</failure></testcase>
  </testsuite>
</testsuites>`
	two := `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="concspec" tests="2" failures="0" errors="0" time="2.250">
  <testsuite name="A" tests="1" failures="0" errors="0" skipped="1" time="0.250" timestamp="2026-11-27T10:00:01">
    <testcase name="a3" classname="A" time="0.250"><skipped message="no runtime"></skipped></testcase>
  </testsuite>
  <testsuite name="B" tests="1" failures="0" errors="0" skipped="0" time="2.000" timestamp="2026-11-27T10:00:03">
    <testcase name="b1" classname="B" time="2.000"><system-out>speedup = 3.1 x</system-out></testcase>
  </testsuite>
</testsuites>`
	merged, err := mergeJUnit([][]byte{[]byte(one), []byte(two)})
	if err != nil {
		t.Fatal(err)
	}
	var got junitSuites
	if err := xml.Unmarshal(merged, &got); err != nil {
		t.Fatalf("the merged junit.xml does not parse: %v\n%s", err, merged)
	}
	if got.Tests != 4 || got.Failures != 1 || got.Errors != 0 || got.Time != "3.750" || len(got.Suites) != 2 {
		t.Errorf("merged totals %+v, want 4 tests, 1 failure, 3.750s, 2 suites\n%s", got, merged)
	}
	if root, _, _ := bytes.Cut(merged, []byte("<testsuite ")); bytes.Contains(root, []byte("skipped=")) {
		t.Errorf("the merged <testsuites> has a skipped attribute, which Jenkins' junit-10.xsd refuses (the suites carry it):\n%s", merged)
	}
	a := got.Suites[0]
	if a.Name != "A" || a.Tests != 3 || len(a.Cases) != 3 || a.Failures != 1 || a.Skipped != 1 || a.Timestamp != "2026-11-27T10:00:01" {
		t.Errorf("merged suite A %+v, want 3 cases, 1 failure, 1 skipped, the earliest timestamp\n%s", a, merged)
	}
	if !bytes.Contains(merged, []byte("boom &amp; more")) || !bytes.Contains(merged, []byte("<system-out>speedup = 3.1 x</system-out>")) {
		t.Errorf("a case's content was not kept as it was:\n%s", merged)
	}
}

// junitSuites is what the merge test reads back of junit.xml.
type junitSuites struct {
	Tests    int    `xml:"tests,attr"`
	Failures int    `xml:"failures,attr"`
	Errors   int    `xml:"errors,attr"`
	Time     string `xml:"time,attr"`
	Suites   []struct {
		Name      string     `xml:"name,attr"`
		Tests     int        `xml:"tests,attr"`
		Failures  int        `xml:"failures,attr"`
		Skipped   int        `xml:"skipped,attr"`
		Timestamp string     `xml:"timestamp,attr"`
		Cases     []struct{} `xml:"testcase"`
	} `xml:"testsuite"`
}

func TestMergeWritesEveryReport(t *testing.T) {
	dirs := []string{t.TempDir(), t.TempDir()}
	write := func(dir, name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, shards := shardRuns(t, 2)
	for i, dir := range dirs {
		write(dir, "messages.ndjson", string(shards[i]))
		write(dir, "cucumber.json", fmt.Sprintf(`[{"uri":"a.feature","elements":[{"name":"s%d","line":%d}]}]`, i, i+3))
		write(dir, "figures.json", fmt.Sprintf(`[{"scenario":"s%d","name":"speedup","value":%d}]`, i, i+2))
		write(dir, "detectors.json", fmt.Sprintf(`[{"scenario":"z%d","rules":["R01"],"negative":true,"fired":["leak"]}]`, 2-i))
		verdict := []string{"holds", "differs"}[i]
		write(dir, "conformance.json", fmt.Sprintf(`[{"implementation":"ours","rule":"R01","verdict":%q,"observations":[{"scenario":"s%d"}]}]`, verdict, i))
	}
	out := t.TempDir()
	if err := Merge(out, dirs); err != nil {
		t.Fatal(err)
	}
	in, err := Load(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(in.Results) != 1 || len(in.Results[0].Elements) != 2 || len(in.Figures) != 2 {
		t.Errorf("merged cucumber.json %+v and figures %+v: want one feature of two scenarios, two figures", in.Results, in.Figures)
	}
	if len(in.Conformance) != 1 || in.Conformance[0].Verdict != harness.Differs || len(in.Conformance[0].Observations) != 2 {
		t.Errorf("merged conformance %+v: want one cell, differs, two observations", in.Conformance)
	}
	var detections []harness.Detection
	data, _ := os.ReadFile(filepath.Join(out, harness.DetectionsFile))
	if err := json.Unmarshal(data, &detections); err != nil || len(detections) != 2 || detections[0].Scenario != "z1" {
		t.Errorf("merged detectors.json %s (%v): want both, sorted by scenario", data, err)
	}
	// A shard that did not write a report the others wrote cannot be merged as if it had.
	os.Remove(filepath.Join(dirs[1], "figures.json"))
	if err := Merge(t.TempDir(), dirs); err == nil || !strings.Contains(err.Error(), "figures.json is missing") {
		t.Errorf("merging with a shard's figures.json missing: %v", err)
	}
}

// TestAMergeNeedsEveryShard: shards that say which they are merge only all together, once each.
func TestAMergeNeedsEveryShard(t *testing.T) {
	shard := func(info string) string {
		dir := t.TempDir()
		require.NoError(t, os.WriteFile(filepath.Join(dir, harness.ShardFile), []byte(info), 0o644))
		return dir
	}
	one, two := shard(`{"shard":"1/3","scenarios":4,"of":11}`), shard(`{"shard":"2/3","scenarios":4,"of":11}`)
	three, other := shard(`{"shard":"3/3","scenarios":3,"of":11}`), shard(`{"shard":"3/3","scenarios":3,"of":12}`)
	require.NoError(t, everyShard([]string{three, one, two}))
	require.ErrorContains(t, everyShard([]string{one, two}), "the reports of shard [3/3] are missing")
	require.ErrorContains(t, everyShard([]string{one, one, three}), "shard 1/3 is given twice")
	require.ErrorContains(t, everyShard([]string{one, two, other}), "the shards come from different runs")
	require.ErrorContains(t, everyShard([]string{one, two, t.TempDir()}), "only 2 of the 3 directories say which shard they are")
	require.NoError(t, everyShard([]string{t.TempDir(), t.TempDir()}), "reports of runs that did not shard are merged as they are")
}
