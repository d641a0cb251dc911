package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"

	"github.com/concspec/concspec/internal/harness"
)

// firing maps each detector to the negative controls (subtest names) in which it fired in a run
// with no mutant, and to those scenarios' rules.
type firing map[string]controls

type controls struct {
	scenarios []string
	rules     []string
}

// baseline runs the corpus once with no mutant and reads, from its detectors.json, which
// detector fired in which negative control. The run must pass: a red corpus proves nothing.
func baseline(corpus, tags string) (firing, error) {
	dir, err := os.MkdirTemp("", "concspec-baseline-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	fmt.Println("baseline: the corpus with no mutant, to see which detector fires in which negative control …")
	cmd := exec.Command(corpus, "-test.run", "^TestFeatures$", "-test.count=1")
	cmd.Env = append(os.Environ(), "CONCSPEC_TAGS="+tags, "CONCSPEC_REPORTS="+dir, "CONCSPEC_CONCURRENCY=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("the corpus fails with no mutant, so no mutant can be judged: %w\n%s", err, out)
	}
	body, err := os.ReadFile(filepath.Join(dir, harness.DetectionsFile))
	if err != nil {
		return nil, err
	}
	var detections []harness.Detection
	if err := json.Unmarshal(body, &detections); err != nil {
		return nil, fmt.Errorf("reading %s: %w", harness.DetectionsFile, err)
	}
	return firingOf(detections), nil
}

func firingOf(detections []harness.Detection) firing {
	f := firing{}
	for _, d := range detections {
		if !d.Negative {
			continue // a detector that fired in a positive scenario failed the baseline run
		}
		for _, name := range d.Fired {
			c := f[string(name)]
			c.scenarios = append(c.scenarios, subtestName(d.Scenario))
			for _, r := range d.Rules {
				if !slices.Contains(c.rules, r) {
					c.rules = append(c.rules, r)
				}
			}
			slices.Sort(c.rules)
			f[string(name)] = c
		}
	}
	return f
}

// blindVerdict judges a detector-off mutant: it is killed when every negative control in which
// its detector fired failed without it.
func blindVerdict(v verdict, c controls) verdict {
	v.expected = c.scenarios
	for _, s := range c.scenarios {
		if _, failed := v.killers[s]; !failed {
			v.missed = append(v.missed, s)
		}
	}
	return v
}
