package harness

import (
	"bytes"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/concspec/concspec/internal/featurefs"
	gherkin "github.com/cucumber/gherkin/go/v42"
	messages "github.com/cucumber/messages/go/v34"
)

// corpus is the project's own features/ directory.
func corpus(t *testing.T) (fs.FS, []string) {
	t.Helper()
	fsys := os.DirFS(filepath.Join("..", "..", "features"))
	paths, err := featurePaths(fsys)
	if err != nil || len(paths) == 0 {
		t.Fatalf("listing the corpus: %v (%d files)", err, len(paths))
	}
	return fsys, paths
}

// godogRuns lists the scenarios godog would run from the files: each pickle the tags select, by key.
func godogRuns(t *testing.T, fsys fs.FS, paths []string, tags string) []string {
	t.Helper()
	var keys []string
	for _, path := range paths {
		data, err := fs.ReadFile(fsys, path)
		if err != nil {
			t.Fatal(err)
		}
		ids := &messages.Incrementing{}
		doc, err := gherkin.ParseGherkinDocument(bytes.NewReader(data), ids.NewId)
		if err != nil {
			t.Fatalf("%s does not parse once sharded: %v", path, err)
		}
		index := gherkinIndex(doc)
		for _, p := range gherkin.Pickles(*doc, path, ids.NewId) {
			if featurefs.Selected(tags, p.Tags) {
				keys = append(keys, ScenarioKey(path, where(index, p).line))
			}
		}
	}
	slices.Sort(keys)
	return keys
}

// TestShardsPartitionTheCorpus runs the deal as godog would see it: for every number of shards,
// with and without durations and tags, each scenario of the corpus runs in exactly one shard.
func TestShardsPartitionTheCorpus(t *testing.T) {
	fsys, paths := corpus(t)
	for _, tags := range []string{"", "~@slow", "@R11,@R18,@P02"} {
		all := godogRuns(t, fsys, paths, tags)
		if len(all) == 0 {
			t.Fatalf("tags %q select no scenario of the corpus", tags)
		}
		measured := map[string]float64{}
		for i, k := range all {
			if i%3 != 0 { // some unmeasured, which weigh the median
				measured[k] = float64(hash(k)%1000) / 100
			}
		}
		for _, durations := range []map[string]float64{nil, measured} {
			for n := 1; n <= 5; n++ {
				owner := map[string]int{}
				var sizes []int
				for i := 1; i <= n; i++ {
					sharded, kept, mine, total, err := shardFeatures(fsys, paths, tags, Shard{Index: i, Count: n, Durations: durations})
					if err != nil {
						t.Fatal(err)
					}
					got := godogRuns(t, sharded, kept, tags)
					if len(got) != mine || total != len(all) {
						t.Errorf("tags %q, shard %d/%d: says %d of %d, godog would run %d of %d", tags, i, n, mine, total, len(got), len(all))
					}
					for _, k := range got {
						if o, twice := owner[k]; twice {
							t.Errorf("tags %q: %s runs in shard %d/%d and in shard %d/%d", tags, k, o, n, i, n)
						}
						owner[k] = i
					}
					sizes = append(sizes, len(got))
				}
				if got := slices.Sorted(maps.Keys(owner)); !slices.Equal(got, all) {
					t.Errorf("tags %q, %d shards: the shards run %d scenarios, the corpus has %d", tags, n, len(got), len(all))
				}
				if durations == nil && slices.Max(sizes)-slices.Min(sizes) > 1 {
					t.Errorf("tags %q, %d shards without durations: sizes %v are not balanced", tags, n, sizes)
				}
			}
		}
	}
}

// TestShardDealIsStable: the same scenarios deal the same way whatever order the seed gives
// the files, and a sharded file is the original once unsharded, every line in its place.
func TestShardDealIsStable(t *testing.T) {
	fsys, paths := corpus(t)
	deals := map[string]bool{}
	for _, seed := range []int64{1, 42, 20261127} {
		shuffled := slices.Clone(paths)
		shuffle(shuffled, seed)
		var deal string
		for i := 1; i <= 3; i++ {
			sharded, kept, _, _, err := shardFeatures(fsys, shuffled, "", Shard{Index: i, Count: 3})
			if err != nil {
				t.Fatal(err)
			}
			deal += fmt.Sprint(i, godogRuns(t, sharded, kept, ""))
			for _, path := range kept {
				original, _ := fs.ReadFile(fsys, path)
				mine, _ := fs.ReadFile(sharded, path)
				if UnshardSource(string(mine)) != string(original) {
					t.Errorf("shard %d/3: %s is not the original once the marker is taken off", i, path)
				}
				if bytes.Count(mine, []byte("\n")) != bytes.Count(original, []byte("\n")) {
					t.Errorf("shard %d/3: %s has lines added or lost", i, path)
				}
			}
		}
		deals[deal] = true
	}
	if len(deals) != 1 {
		t.Errorf("the deal changes with the seed's order of the files: %d different deals", len(deals))
	}
}

func TestParseShard(t *testing.T) {
	if s, err := ParseShard("2/4"); err != nil || s.Index != 2 || s.Count != 4 {
		t.Errorf(`ParseShard("2/4") = %v, %v`, s, err)
	}
	if s, err := ParseShard(""); err != nil || s.Count != 0 {
		t.Errorf(`ParseShard("") = %v, %v; want no sharding`, s, err)
	}
	for _, bad := range []string{"0/2", "3/2", "2", "a/b", "1/0", "-1/2"} {
		if _, err := ParseShard(bad); err == nil {
			t.Errorf("ParseShard(%q) accepted it", bad)
		}
	}
}

func TestLoadDurations(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cucumber.json")
	report := `[{"uri":"a.feature","elements":[{"line":7,"steps":[{"result":{"duration":1500000000}},{"result":{"duration":500000000}}]}]}]`
	if err := os.WriteFile(path, []byte(report), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := LoadDurations(path)
	if err != nil || got["a.feature:7"] != 2 {
		t.Errorf("LoadDurations = %v, %v; want a.feature:7 = 2s", got, err)
	}
}
