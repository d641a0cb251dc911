package main

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/corpusbin"
	"github.com/concspec/concspec/internal/harness"
)

// isBlind says whether m is a detector-off mutant.
func isBlind(m catalog.Mutant) bool { return m.Blind() != "" }

// firing maps each detector to the negative controls (subtest names) in which it fired in a run
// with no mutant, and to those scenarios' rules.
type firing map[string]controls

type controls struct {
	// scenarios holds a name once for every negative control of that name in which the
	// detector fired (the rows of a Scenario Outline may share one).
	scenarios []string
	rules     []string
}

// startBaseline starts, in the first slot of s, the run of the corpus with no mutant, and
// returns a function that waits for its result. If the run fails, it cancels the other runs.
func startBaseline(ctx context.Context, cancel func(), s slots, corpus, tags string) func() (firing, error) {
	s.take()
	var (
		f    firing
		err  error
		done = make(chan struct{})
	)
	go func() {
		defer close(done)
		defer s.give()
		if f, err = baseline(ctx, corpus, tags); err != nil {
			cancel()
		}
	}()
	return func() (firing, error) {
		<-done
		return f, err
	}
}

// baseline runs the corpus once with no mutant and reads, from its detectors.json, which
// detector fired in which negative control. The run must pass: a red corpus proves nothing.
func baseline(ctx context.Context, corpus, tags string) (firing, error) {
	dir, err := os.MkdirTemp("", "concspec-baseline-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	fmt.Println("baseline: the corpus with no mutant, to see which detector fires in which negative control …")
	out, exit, err := corpusbin.Run(ctx, corpus, nil, "CONCSPEC_TAGS="+tags, "CONCSPEC_REPORTS="+dir, "CONCSPEC_CONCURRENCY=1")
	if err != nil {
		return nil, err
	}
	if exit != 0 {
		return nil, fmt.Errorf("the corpus fails with no mutant (exit status %d), so no mutant can be judged:\n%s", exit, out)
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
			c.scenarios = append(c.scenarios, corpusbin.SubtestName(d.Scenario))
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
// its detector fired failed without it. Scenarios that share a name are counted: as many of that
// name must have failed as fired.
func blindVerdict(v verdict, c controls) verdict {
	v.expected = c.scenarios
	unused := maps.Clone(v.failures)
	for _, s := range c.scenarios {
		if unused[s] > 0 {
			unused[s]--
			continue
		}
		v.missed = append(v.missed, s)
	}
	return v
}
