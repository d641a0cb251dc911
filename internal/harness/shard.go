package harness

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing/fstest"

	"github.com/concspec/concspec/internal/featurefs"
	gherkin "github.com/cucumber/gherkin/go/v42"
	messages "github.com/cucumber/messages/go/v34"
)

// Shard is one share of a run split across CI machines: the scenarios the tags select are
// dealt to Count shards, and this run runs the Index-th (counted from 1). The deal depends on
// the scenarios and the durations only, never on the seed, so machines that each pick a fresh
// seed still split the corpus the same way; the seed orders the scenarios within the share.
type Shard struct {
	Index, Count int
	// Durations are seconds by scenario key (see [ScenarioKey]), from an earlier run; the deal
	// balances them. Without them it balances the number of scenarios.
	Durations map[string]float64
}

// ShardMarker starts each line a shard leaves out of its copy of a feature file: the line is
// commented so that godog does not run it, and every other line keeps its number. Merging the
// shards' reports takes the marker off again (see [UnshardSource]).
const ShardMarker = "#concspec-shard: "

// ParseShard reads "i/n" (1 ≤ i ≤ n); "" is no sharding.
func ParseShard(s string) (Shard, error) {
	if s == "" {
		return Shard{}, nil
	}
	i, n, ok := strings.Cut(s, "/")
	index, err1 := strconv.Atoi(strings.TrimSpace(i))
	count, err2 := strconv.Atoi(strings.TrimSpace(n))
	if !ok || err1 != nil || err2 != nil || count < 1 || index < 1 || index > count {
		return Shard{}, fmt.Errorf("shard %q is not i/n with 1 ≤ i ≤ n, such as 2/4", s)
	}
	return Shard{Index: index, Count: count}, nil
}

func (s Shard) String() string { return fmt.Sprintf("%d/%d", s.Index, s.Count) }

// ScenarioKey names a scenario across runs: its feature's path and its line, the example row's
// line for a row of an outline (each row is a scenario of its own).
func ScenarioKey(uri string, line int64) string { return fmt.Sprintf("%s:%d", uri, line) }

// LoadDurations reads how long each scenario took from an earlier run's cucumber.json (one
// shard's, or the merge of all of them), in seconds by [ScenarioKey].
func LoadDurations(path string) (map[string]float64, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var features []struct {
		URI      string `json:"uri"`
		Elements []struct {
			Line  int64 `json:"line"`
			Steps []struct {
				Result struct {
					Duration int64 `json:"duration"`
				} `json:"result"`
			} `json:"steps"`
		} `json:"elements"`
	}
	if err := json.Unmarshal(data, &features); err != nil {
		return nil, fmt.Errorf("%s is not a cucumber.json report: %w", path, err)
	}
	out := map[string]float64{}
	for _, f := range features {
		for _, e := range f.Elements {
			var ns int64
			for _, st := range e.Steps {
				ns += st.Result.Duration
			}
			out[ScenarioKey(f.URI, e.Line)] = float64(ns) / 1e9
		}
	}
	return out, nil
}

// spot is a scenario the tags select, where it is in its feature file.
type spot struct {
	key      string
	path     string
	scenario *messages.Scenario
	// row is the example row of an outline's scenario; nil for a plain scenario.
	row *messages.TableRow
}

// selection lists the scenarios of the feature files that the tags select, in path order.
func selection(fsys fs.FS, paths []string, tags string) ([]spot, map[string]*messages.GherkinDocument, error) {
	var spots []spot
	docs := map[string]*messages.GherkinDocument{}
	for _, path := range paths {
		data, err := fs.ReadFile(fsys, path)
		if err != nil {
			return nil, nil, err
		}
		ids := &messages.Incrementing{}
		doc, err := gherkin.ParseGherkinDocument(bytes.NewReader(data), ids.NewId)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", path, err)
		}
		docs[path] = doc
		scenarios, rows := map[string]*messages.Scenario{}, map[string]*messages.TableRow{}
		if doc.Feature != nil {
			for _, sc := range scenariosOf(doc.Feature) {
				scenarios[sc.Id] = sc
				for _, ex := range sc.Examples {
					for _, row := range ex.TableBody {
						rows[row.Id] = row
					}
				}
			}
		}
		for _, p := range gherkin.Pickles(*doc, path, ids.NewId) {
			if !featurefs.Selected(tags, p.Tags) {
				continue
			}
			s := spot{path: path, scenario: scenarios[p.AstNodeIds[0]]}
			line := s.scenario.Location.Line
			if len(p.AstNodeIds) > 1 {
				s.row = rows[p.AstNodeIds[len(p.AstNodeIds)-1]]
				line = s.row.Location.Line
			}
			s.key = ScenarioKey(path, line)
			spots = append(spots, s)
		}
	}
	return spots, docs, nil
}

// deal assigns each key to a shard (1…count): the heaviest scenario first, each to the shard
// with the least work so far (longest processing time first). A scenario without a measured
// duration weighs the median of those measured, or 1 when none is. Keys of equal weight go in
// the order of their hash, so that each feature's scenarios spread over the shards.
func deal(keys []string, count int, durations map[string]float64) map[string]int {
	weights := map[string]float64{}
	var known []float64
	for _, k := range keys {
		if d, ok := durations[k]; ok {
			known = append(known, d)
		}
	}
	fallback := 1.0
	if len(known) > 0 {
		slices.Sort(known)
		fallback = known[len(known)/2]
	}
	for _, k := range keys {
		w, ok := durations[k]
		if !ok {
			w = fallback
		}
		weights[k] = w
	}
	order := slices.Clone(keys)
	slices.SortFunc(order, func(a, b string) int {
		return cmp.Or(cmp.Compare(weights[b], weights[a]), cmp.Compare(hash(a), hash(b)), cmp.Compare(a, b))
	})
	load := make([]float64, count)
	counts := make([]int, count)
	out := map[string]int{}
	for _, k := range order {
		best := 0
		for i := 1; i < count; i++ {
			if load[i] < load[best] || (load[i] == load[best] && counts[i] < counts[best]) {
				best = i
			}
		}
		load[best] += weights[k]
		counts[best]++
		out[k] = best + 1
	}
	return out
}

func hash(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

// shardFeatures returns the features as this shard runs them: in each file, the scenarios and
// example rows dealt to other shards are commented out with [ShardMarker] (every line keeps its
// number), and the files with none of this shard's scenarios are left out. It also says how
// many scenarios the shard has of how many the tags select.
func shardFeatures(fsys fs.FS, paths []string, tags string, shard Shard) (fs.FS, []string, int, int, error) {
	spots, docs, err := selection(fsys, paths, tags)
	if err != nil {
		return nil, nil, 0, 0, err
	}
	keys := make([]string, len(spots))
	for i, s := range spots {
		keys[i] = s.key
	}
	dealt := deal(keys, shard.Count, shard.Durations)
	out := fstest.MapFS{}
	var kept []string
	mine := 0
	for _, path := range paths {
		var others []spot
		runs := false
		for _, s := range spots {
			switch {
			case s.path != path:
			case dealt[s.key] == shard.Index:
				runs = true
				mine++
			default:
				others = append(others, s)
			}
		}
		if !runs {
			continue
		}
		data, err := fs.ReadFile(fsys, path)
		if err != nil {
			return nil, nil, 0, 0, err
		}
		out[path] = &fstest.MapFile{Data: commentOut(data, docs[path], others)}
		kept = append(kept, path)
	}
	return out, kept, mine, len(spots), nil
}

// commentOut comments the lines of the given scenarios: an example row's line, or a plain
// scenario's whole block, from its first tag to the line before whatever comes next.
func commentOut(data []byte, doc *messages.GherkinDocument, spots []spot) []byte {
	lines := strings.SplitAfter(string(data), "\n")
	starts := blockStarts(doc)
	out := map[int64]bool{}
	for _, s := range spots {
		if s.row != nil {
			out[s.row.Location.Line] = true
			continue
		}
		from := start(s.scenario.Location.Line, s.scenario.Tags)
		to := int64(len(lines))
		for _, st := range starts {
			if st > s.scenario.Location.Line {
				to = st - 1
				break
			}
		}
		for l := from; l <= to; l++ {
			out[l] = true
		}
	}
	for l := range out {
		if l >= 1 && int(l) <= len(lines) && lines[l-1] != "" {
			lines[l-1] = ShardMarker + lines[l-1]
		}
	}
	return []byte(strings.Join(lines, ""))
}

// blockStarts lists, in order, the first line of every scenario, background and rule.
func blockStarts(doc *messages.GherkinDocument) []int64 {
	var starts []int64
	if doc.Feature == nil {
		return nil
	}
	var children func([]*messages.FeatureChild)
	children = func(list []*messages.FeatureChild) {
		for _, c := range list {
			switch {
			case c.Scenario != nil:
				starts = append(starts, start(c.Scenario.Location.Line, c.Scenario.Tags))
			case c.Background != nil:
				starts = append(starts, c.Background.Location.Line)
			case c.Rule != nil:
				starts = append(starts, start(c.Rule.Location.Line, c.Rule.Tags))
				for _, rc := range c.Rule.Children {
					children([]*messages.FeatureChild{{Scenario: rc.Scenario, Background: rc.Background}})
				}
			}
		}
	}
	children(doc.Feature.Children)
	slices.Sort(starts)
	return starts
}

// start is the first line of a block: its first tag's, or its keyword's.
func start(keyword int64, tags []*messages.Tag) int64 {
	first := keyword
	for _, t := range tags {
		first = min(first, t.Location.Line)
	}
	return first
}

// UnshardSource is a feature file as it was before a shard commented out the scenarios of
// other shards.
func UnshardSource(data string) string {
	lines := strings.SplitAfter(data, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimPrefix(l, ShardMarker)
	}
	return strings.Join(lines, "")
}

// ShardFeatures is every feature file of fsys as the shard runs them (see [Shard]): the files
// with a scenario of the shard, the other shards' scenarios commented out, and their paths.
func ShardFeatures(fsys fs.FS, tags string, shard Shard) (fs.FS, []string, error) {
	paths, err := featurePaths(fsys)
	if err != nil {
		return nil, nil, err
	}
	sharded, kept, _, _, err := shardFeatures(fsys, paths, tags, shard)
	return sharded, kept, err
}

// ShardFile is the report a shard writes beside the others, saying which share of which run it
// is, so that a merge can tell when a shard is missing.
const ShardFile = "shard.json"

// ShardInfo is what ShardFile holds: the shard ("i/n"), and how many scenarios it ran of the
// run's whole selection.
type ShardInfo struct {
	Shard     string `json:"shard"`
	Scenarios int    `json:"scenarios"`
	Of        int    `json:"of"`
}

// writeShardInfo writes ShardFile into the reports directory, if the run has one.
func writeShardInfo(dir string, info ShardInfo) error {
	if dir == "" {
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("creating the reports directory: %w", err)
	}
	data, err := json.MarshalIndent(info, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, ShardFile), append(data, '\n'), 0o644)
}
