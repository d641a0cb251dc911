package harness

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
)

// Detector names one of the corpus's checks: the leak check, the sibling-cancellation check,
// the join check. Every check a rule rests on runs through Detect under its name, so that a
// detector-off mutant (`make mutate`) can switch it off and show that the negative controls in
// which it fires turn red without it.
type Detector string

// LeakCheck is the harness's own detector: goroutines a scenario left running.
const LeakCheck Detector = "leak check"

// Detect runs check, the detector d's look at what the scenario ran, and returns its verdict:
// nil when the rule held, the diagnosis when it did not. When it fires (a non-nil verdict), the
// scenario records that d fired; a negative control then turns that verdict into its pass. When
// the run is a detector-off mutant for d, Detect does not call check and returns nil: the
// detector is blind.
func Detect(ctx context.Context, d Detector, check func() error) error {
	s := current(ctx)
	if s == nil {
		return errNoScenario
	}
	return s.detect(d, check)
}

func (s *scenario) detect(d Detector, check func() error) error {
	if s.run.suite.Blind == string(d) {
		return nil
	}
	err := check()
	if err != nil && !slices.Contains(s.fired, d) {
		s.fired = append(s.fired, d)
	}
	return err
}

// Detection is the detectors that fired in one scenario: `make mutate` reads them from
// detectors.json to know which negative controls each detector-off mutant must turn red.
type Detection struct {
	Scenario string     `json:"scenario"`
	Rules    []string   `json:"rules"`
	Negative bool       `json:"negative"`
	Fired    []Detector `json:"fired"`
}

// DetectionsFile is the report, in the reports directory, of the detectors that fired.
const DetectionsFile = "detectors.json"

// recordDetections keeps what fired in the scenario for detectors.json.
func (s *scenario) recordDetections() {
	if len(s.fired) == 0 {
		return
	}
	d := Detection{Scenario: s.name, Rules: s.rules, Negative: s.negative, Fired: slices.Sorted(slices.Values(s.fired))}
	s.run.locked(func() { s.run.detections = append(s.run.detections, d) })
}

func writeDetections(dir string, detections []Detection) error {
	if dir == "" {
		return nil
	}
	if detections == nil {
		detections = []Detection{}
	}
	slices.SortFunc(detections, func(a, b Detection) int {
		if a.Scenario < b.Scenario {
			return -1
		}
		if a.Scenario > b.Scenario {
			return 1
		}
		return 0
	})
	body, err := json.MarshalIndent(detections, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, DetectionsFile), append(body, '\n'), 0o644)
}
