package harness

import (
	"cmp"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Verdict compares an implementation's behaviour with the reference contract of a rule.
type Verdict string

const (
	// Holds: the implementation behaves as the rule's reference contract says.
	Holds Verdict = "holds"
	// Differs: it behaves otherwise; the observation says how. A difference is a fact the
	// scenario asserts, not a failure.
	Differs Verdict = "differs"
)

// Observation is one conformance fact, recorded by a step.
type Observation struct {
	Implementation string  `json:"implementation"`
	Rule           string  `json:"rule"`
	Verdict        Verdict `json:"verdict"`
	Observed       string  `json:"observed"`
	Scenario       string  `json:"scenario"`
}

// Conform records what implementation did under the rules of the running scenario.
func Conform(ctx context.Context, implementation string, verdict Verdict, observed string) error {
	s := current(ctx)
	if s == nil {
		return errNoScenario
	}
	for _, rule := range s.rules {
		if strings.HasPrefix(rule, "P") {
			continue // another runtime's rule: a Go scenario tagged with it is only its analogue
		}
		o := Observation{Implementation: implementation, Rule: rule, Verdict: verdict, Observed: observed, Scenario: s.name}
		s.run.locked(func() { s.run.observations = append(s.run.observations, o) })
	}
	return nil
}

// ConformanceCell is one implementation × rule entry of conformance.json: it holds when every
// observation held, and lists what was observed.
type ConformanceCell struct {
	Implementation string        `json:"implementation"`
	Rule           string        `json:"rule"`
	Verdict        Verdict       `json:"verdict"`
	Observations   []Observation `json:"observations"`
}

// conformanceMatrix folds the observations into cells, sorted by implementation then rule.
func conformanceMatrix(observations []Observation) []ConformanceCell {
	type key struct{ impl, rule string }
	cells := map[key]*ConformanceCell{}
	var keys []key
	for _, o := range observations {
		k := key{o.Implementation, o.Rule}
		c, ok := cells[k]
		if !ok {
			c = &ConformanceCell{Implementation: o.Implementation, Rule: o.Rule, Verdict: Holds}
			cells[k] = c
			keys = append(keys, k)
		}
		if o.Verdict == Differs {
			c.Verdict = Differs
		}
		c.Observations = append(c.Observations, o)
	}
	slices.SortFunc(keys, func(a, b key) int {
		return cmp.Or(cmp.Compare(a.impl, b.impl), cmp.Compare(a.rule, b.rule))
	})
	matrix := make([]ConformanceCell, 0, len(keys))
	for _, k := range keys {
		matrix = append(matrix, *cells[k])
	}
	return matrix
}

func writeConformance(dir string, observations []Observation) error {
	if dir == "" {
		return nil
	}
	body, err := json.MarshalIndent(conformanceMatrix(observations), "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "conformance.json"), append(body, '\n'), 0o644)
}
