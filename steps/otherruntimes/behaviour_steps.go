package otherruntimes

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"github.com/cucumber/godog"
)

// behaviourFeatures are the feature files that show how Python's and Node.js's own
// concurrency behaves (gather, threads and a shared counter, pools, forgotten awaits,
// run_in_executor, worker_threads, unhandled rejections), beside other_runtimes.feature.
var behaviourFeatures = []string{"python_runtime.feature", "node_runtime.feature"}

// exactCount is the check that a counter shared by threads counted every increment.
const exactCount harness.Detector = "exact count (other runtimes)"

// registerBehaviour registers the steps that python_runtime.feature and node_runtime.feature
// add to the slice's vocabulary, on the scenario's state s.
func registerBehaviour(sc *godog.ScenarioContext, s *state) {
	sc.Then(stepkit.Re(`^its "([^"]+)" contains "([^"]*)"$`), s.valueContains)
	sc.Then(stepkit.Re(`^the counter counted every increment: its "([^"]+)" is its "([^"]+)"$`), s.countedEvery)
	sc.Then(stepkit.Re(`^the check that the counter counted every increment fails: its "([^"]+)" is less than its "([^"]+)"$`), s.countedEveryFails)
}

// text is what the program printed under key, as a string.
func (s *state) text(key string) (string, error) {
	if !s.ran {
		return "", fmt.Errorf("no program has run: start with `When the … program \"…\" runs`")
	}
	v, ok := s.result.Values[key].(string)
	if !ok {
		return "", fmt.Errorf("%s printed no text %q: %v", s.result.Runtime, key, s.result.Values)
	}
	return v, nil
}

// valueContains checks that the text the program printed under key contains part.
func (s *state) valueContains(key, part string) error {
	v, err := s.text(key)
	if err != nil {
		return err
	}
	if !strings.Contains(v, part) {
		return fmt.Errorf("%s printed %s = %q, which does not contain %q", s.result.Runtime, key, v, part)
	}
	return nil
}

// countedEvery is the exact-count check: the counter the program printed as key holds every
// increment, the number printed as expected.
func (s *state) countedEvery(ctx context.Context, key, expected string) error {
	count, err := s.number(key)
	if err != nil {
		return err
	}
	want, err := s.number(expected)
	if err != nil {
		return err
	}
	return harness.Detect(ctx, exactCount, func() error { return s.exact(key, count, want) })
}

// exact is the exact-count check's verdict on a counter, printed as key, that should be want.
func (s *state) exact(key string, count, want float64) error {
	if count != want {
		return fmt.Errorf("%s counted %s = %s of %s increments: %s were lost (%v)", s.result.Runtime, key,
			strconv.FormatFloat(count, 'f', -1, 64), strconv.FormatFloat(want, 'f', -1, 64), strconv.FormatFloat(want-count, 'f', -1, 64), s.result.Values)
	}
	return nil
}

// countedEveryFails is a negative control: the exact-count check fires on a counter that
// lost updates.
func (s *state) countedEveryFails(ctx context.Context, key, expected string) error {
	if err := s.countedEvery(ctx, key, expected); err == nil {
		v, _ := s.number(key)
		want, _ := s.number(expected)
		return fmt.Errorf("the exact-count check passes %s = %s of %s increments: it cannot tell a counter that loses updates from one that does not",
			key, strconv.FormatFloat(v, 'f', -1, 64), strconv.FormatFloat(want, 'f', -1, 64))
	}
	return nil
}
