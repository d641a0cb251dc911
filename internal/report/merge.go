package report

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/concspec/concspec/internal/harness"
)

// Merge joins the reports that the shards of one run (`make verify SHARD=i/n`, one directory
// each) wrote into the directory out, as one run would have written them: messages.ndjson,
// junit.xml, cucumber.json, figures.json, conformance.json and detectors.json. A report that no
// shard wrote is left out; one that only some wrote, or a shard whose run never finished, is an
// error, since the merge would then show part of the run as the whole of it.
func Merge(out string, dirs []string) error {
	if len(dirs) == 0 {
		return errors.New("no shard directories to merge")
	}
	if err := everyShard(dirs); err != nil {
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	for _, f := range []struct {
		name  string
		merge func([][]byte) ([]byte, error)
	}{
		{"messages.ndjson", mergeMessages},
		{"junit.xml", mergeJUnit},
		{"cucumber.json", mergeCucumberJSON},
		{"figures.json", concatJSON("")},
		{harness.DetectionsFile, concatJSON("scenario")},
		{"conformance.json", mergeConformance},
	} {
		var inputs [][]byte
		var missing []string
		for _, dir := range dirs {
			data, err := os.ReadFile(filepath.Join(dir, f.name))
			switch {
			case errors.Is(err, fs.ErrNotExist):
				missing = append(missing, dir)
			case err != nil:
				return err
			default:
				inputs = append(inputs, data)
			}
		}
		if len(inputs) == 0 {
			continue
		}
		if len(missing) > 0 {
			return fmt.Errorf("%s is missing from %v though the other shards wrote it: did those shards finish?", f.name, missing)
		}
		if f.name == "messages.ndjson" {
			for _, dir := range dirs {
				if err := complete(filepath.Join(dir, f.name)); err != nil {
					return err
				}
			}
		}
		merged, err := f.merge(inputs)
		if err != nil {
			return fmt.Errorf("merging %s: %w", f.name, err)
		}
		if err := os.WriteFile(filepath.Join(out, f.name), merged, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// everyShard checks that the directories are every shard of one run, once each, when the
// shards said which they are (harness.ShardFile): a merge of some of them would show part of
// the run as the whole of it.
func everyShard(dirs []string) error {
	var infos []harness.ShardInfo
	for _, dir := range dirs {
		data, err := os.ReadFile(filepath.Join(dir, harness.ShardFile))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return err
		}
		var info harness.ShardInfo
		if err := json.Unmarshal(data, &info); err != nil {
			return fmt.Errorf("%s: %w", filepath.Join(dir, harness.ShardFile), err)
		}
		infos = append(infos, info)
	}
	if len(infos) == 0 {
		return nil
	}
	if len(infos) < len(dirs) {
		return fmt.Errorf("only %d of the %d directories say which shard they are (%s): merge the reports of one sharded run", len(infos), len(dirs), harness.ShardFile)
	}
	seen := map[int]bool{}
	count, ran := 0, 0
	for _, info := range infos {
		shard, err := harness.ParseShard(info.Shard)
		if err != nil {
			return err
		}
		if count != 0 && (shard.Count != count || info.Of != infos[0].Of) {
			return fmt.Errorf("the shards come from different runs: %s of %d scenarios beside %s of %d", info.Shard, info.Of, infos[0].Shard, infos[0].Of)
		}
		if seen[shard.Index] {
			return fmt.Errorf("shard %s is given twice", info.Shard)
		}
		count, seen[shard.Index], ran = shard.Count, true, ran+info.Scenarios
	}
	var missing []string
	for i := 1; i <= count; i++ {
		if !seen[i] {
			missing = append(missing, fmt.Sprintf("%d/%d", i, count))
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("the reports of shard %v are missing: a merge without them would show part of the run as the whole of it", missing)
	}
	if ran != infos[0].Of {
		return fmt.Errorf("the shards ran %d scenarios between them, not the %d of the run's selection", ran, infos[0].Of)
	}
	return nil
}

// concatJSON joins JSON arrays, sorted by the string field by when it is not "".
func concatJSON(by string) func([][]byte) ([]byte, error) {
	return func(inputs [][]byte) ([]byte, error) {
		var all []map[string]any
		for _, data := range inputs {
			var part []map[string]any
			if err := json.Unmarshal(data, &part); err != nil {
				return nil, err
			}
			all = append(all, part...)
		}
		if by != "" {
			slices.SortStableFunc(all, func(a, b map[string]any) int {
				return cmp.Compare(fmt.Sprint(a[by]), fmt.Sprint(b[by]))
			})
		}
		if all == nil {
			all = []map[string]any{}
		}
		return indentJSON(all)
	}
}

// mergeCucumberJSON joins the features of cucumber.json by uri: a feature that ran in several
// shards becomes one, with the scenarios of all of them.
func mergeCucumberJSON(inputs [][]byte) ([]byte, error) {
	var features []map[string]any
	byURI := map[string]map[string]any{}
	for _, data := range inputs {
		var part []map[string]any
		if err := json.Unmarshal(data, &part); err != nil {
			return nil, err
		}
		for _, f := range part {
			uri := fmt.Sprint(f["uri"])
			first, seen := byURI[uri]
			if !seen {
				byURI[uri] = f
				features = append(features, f)
				continue
			}
			elements, _ := first["elements"].([]any)
			more, _ := f["elements"].([]any)
			first["elements"] = append(elements, more...)
		}
	}
	if features == nil {
		features = []map[string]any{}
	}
	return indentJSON(features)
}

// mergeConformance folds the shards' cells again: a cell holds when it held in every shard.
func mergeConformance(inputs [][]byte) ([]byte, error) {
	type key struct{ impl, rule string }
	cells := map[key]*harness.ConformanceCell{}
	var keys []key
	for _, data := range inputs {
		var part []harness.ConformanceCell
		if err := json.Unmarshal(data, &part); err != nil {
			return nil, err
		}
		for _, c := range part {
			k := key{c.Implementation, c.Rule}
			have, ok := cells[k]
			if !ok {
				cells[k], keys = &c, append(keys, k)
				continue
			}
			if c.Verdict == harness.Differs {
				have.Verdict = harness.Differs
			}
			have.Observations = append(have.Observations, c.Observations...)
		}
	}
	slices.SortFunc(keys, func(a, b key) int { return cmp.Or(cmp.Compare(a.impl, b.impl), cmp.Compare(a.rule, b.rule)) })
	out := make([]harness.ConformanceCell, 0, len(keys))
	for _, k := range keys {
		out = append(out, *cells[k])
	}
	return indentJSON(out)
}

func indentJSON(v any) ([]byte, error) {
	data, err := json.MarshalIndent(v, "", "  ")
	return append(data, '\n'), err
}
