// Package shared is the concept every feature draws on: the leak check as a visible step, the
// checks on a child process (the race detector's report, a normal exit), and the loopback HTTP
// servers that the I/O features fetch from. Other concepts reach the server and the child run
// through the functions below, and bound their waits with those of waits.go, whose diagnoses
// say where goroutines are parked in the words of where.go. Two of its checks are detectors, the
// race report and the bounded wait; having no feature, and so no negative control, of its own,
// it leaves them to be declared by concepts whose negative controls fire them.
package shared

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/concept"
	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/internal/loopback"
	"github.com/concspec/concspec/patterns/fanout"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"github.com/cucumber/godog"
)

// Concept is the shared vocabulary; it has no feature of its own.
func Concept() concept.Concept {
	return concept.Concept{Name: "shared checks", Steps: register}
}

func register(sc *godog.ScenarioContext, _ *catalog.Catalog) {
	sc.Then(stepkit.Re(`^no goroutine is left running$`), noGoroutineLeft)
	sc.Then(stepkit.Re(`^the race detector reports a data race$`), raceReported)
	sc.Then(stepkit.Re(`^the race report points at "([^"]+)"$`), raceReportPointsAt)
	sc.Then(stepkit.Re(`^the race detector reports nothing$`), noRaceReported)
	sc.Then(stepkit.Re(`^the child process exits normally$`), childExitedNormally)
	sc.Then(stepkit.Re(`^this run of the corpus watches for data races$`), watchesForRaces)
	sc.Given(stepkit.Re(`^a loopback HTTP server$`), startServer(loopback.Start))
}

// noGoroutineLeft checks for leaks now, as a visible step; the harness checks again after the
// scenario's cleanups.
func noGoroutineLeft(ctx context.Context) error {
	return harness.NoLeaks(ctx)
}

// watchesForRaces fails a corpus built without the race detector: the scenarios that run
// synchronised code in this process would claim, without grounds, that no race happened.
func watchesForRaces() error {
	if !stepkit.RaceEnabled {
		return fmt.Errorf("this corpus was built without the race detector, so no scenario run in this process can show that its code is free of data races: run it with go test -race (make verify does)")
	}
	return nil
}

// --- child processes --------------------------------------------------------------------------

const raceWarning = "WARNING: DATA RACE"

// RaceReport is the detector of data races in a child process built with the race detector: it
// fires when the child halted on a race report. The shared-counters concept declares it.
const RaceReport harness.Detector = "race report"

// RunChild runs a control in a child process (kept for the Then steps above) and decodes the JSON
// the control prints into out. A child that exits non-zero is not an error here: the Then steps
// say whether that was expected.
func RunChild(ctx context.Context, race bool, out any, args ...string) error {
	res, err := harness.RunChild(ctx, harness.Child{Race: race, Args: args})
	if err != nil || res.ExitCode != 0 {
		return err
	}
	if err := json.Unmarshal([]byte(res.Stdout), out); err != nil {
		return fmt.Errorf("the child's output is not the JSON it should print: %w\n%s", err, ChildOutput(res))
	}
	return nil
}

// ChildOutput describes how a child ended and what it printed.
func ChildOutput(r harness.ChildResult) string {
	how := fmt.Sprintf("exit status %d after %s", r.ExitCode, r.Elapsed)
	if r.StoppedByBound {
		how = fmt.Sprintf("still running after %s: stopped by the bound (its goroutines are dumped below)", r.Elapsed)
	}
	return fmt.Sprintf("%s\n--- stdout\n%s--- stderr\n%s", how, r.Stdout, r.Stderr)
}

// LastChild is the child the scenario ran last; race asks for one built with the race detector.
func LastChild(ctx context.Context, race bool) (harness.ChildResult, error) {
	res, built, ok := harness.LastChild(ctx)
	switch {
	case !ok:
		return res, fmt.Errorf("no child process has run in this scenario")
	case race && !built:
		return res, fmt.Errorf("the child process was built without the race detector, so it cannot report a race")
	}
	return res, nil
}

// raceCheck is the race-report detector's look at r, a child built with the race detector: it
// fails with the report when the race detector halted the child.
func raceCheck(ctx context.Context, r harness.ChildResult) error {
	return harness.Detect(ctx, RaceReport, func() error {
		if r.ExitCode == harness.RaceExitCode && strings.Contains(r.Stderr, raceWarning) {
			return fmt.Errorf("the race detector halted the child on a data race:\n%s", ChildOutput(r))
		}
		return nil
	})
}

// noRaceReported is the positive check: the race detector watched the child and found nothing,
// and the child exited normally.
func noRaceReported(ctx context.Context) error {
	r, err := LastChild(ctx, true)
	if err != nil {
		return err
	}
	if err := raceCheck(ctx, r); err != nil {
		return err
	}
	if r.ExitCode != 0 {
		return fmt.Errorf("expected a clean exit; got:\n%s", ChildOutput(r))
	}
	return nil
}

// raceReported is the negative control: the race-report detector fires on the child.
func raceReported(ctx context.Context) error {
	r, err := LastChild(ctx, true)
	if err != nil {
		return err
	}
	if raceCheck(ctx, r) == nil {
		return fmt.Errorf("the race-report check did not fire: it expected the race detector to halt the child with status %d and %q; got:\n%s",
			harness.RaceExitCode, raceWarning, ChildOutput(r))
	}
	return harness.Record(ctx, harness.Figure{
		Name: "race-detector child run", Value: r.Elapsed.Seconds(), Unit: "s",
		Settings: map[string]string{"GORACE": strings.TrimPrefix(harness.RaceEnv, "GORACE=")},
	})
}

func raceReportPointsAt(ctx context.Context, frame string) error {
	r, err := LastChild(ctx, true)
	if err != nil {
		return err
	}
	at := strings.Index(r.Stderr, raceWarning)
	if at < 0 || !strings.Contains(r.Stderr[at:], frame) {
		return fmt.Errorf("expected a race report that points at %q; got:\n%s", frame, ChildOutput(r))
	}
	return nil
}

func childExitedNormally(ctx context.Context) error {
	_, err := ExitedNormally(ctx)
	return err
}

// ExitedNormally returns the child the scenario ran last, or an error unless it exited with
// status 0 (the step "the child process exits normally", for steps that read its output).
func ExitedNormally(ctx context.Context) (harness.ChildResult, error) {
	r, err := LastChild(ctx, false)
	if err == nil && r.ExitCode != 0 {
		err = fmt.Errorf("expected the child process to exit with status 0; got:\n%s", ChildOutput(r))
	}
	return r, err
}

// --- the loopback server ----------------------------------------------------------------------

type serverKey struct{}

// startServer is a step that starts a loopback server, closes it when the scenario ends, and
// keeps it in the scenario's context for the steps that fetch from it.
func startServer(start func(maxConcurrent int) *loopback.Server) func(context.Context) (context.Context, error) {
	return func(ctx context.Context) (context.Context, error) {
		s := start(stepkit.MaxGoroutines)
		if err := harness.Cleanup(ctx, func() { closeServer(ctx, s) }); err != nil {
			s.Close()
			return ctx, err
		}
		return context.WithValue(ctx, serverKey{}, s), nil
	}
}

// closeServer closes the server when the scenario ends. Close waits for every request in flight
// to end; the wait is bounded, and a request that outlives it is left to the leak check, which
// says where its goroutines are parked.
func closeServer(ctx context.Context, s *loopback.Server) {
	_ = doWithin(ctx, harness.AwaitBound(ctx), "closing the loopback server", func(context.Context) { s.Close() }, nil)
}

// Server is the scenario's loopback server.
func Server(ctx context.Context) (*loopback.Server, error) {
	if s, ok := ctx.Value(serverKey{}).(*loopback.Server); ok {
		return s, nil
	}
	return nil, fmt.Errorf("no server: start with `Given a loopback HTTP server`")
}

// Requests are n requests to the scenario's loopback server that answer 200 after a latency.
type Requests struct {
	Server *loopback.Server
	N      int
	Query  string
}

// URLs returns the first k of those requests' URLs.
func (r Requests) URLs(k int) []string { return r.Server.URLs("ok", 0, k, r.Query) }

// RequestsTo parses a step's count (what it counts, at most max) and latency in milliseconds.
func RequestsTo(ctx context.Context, what, n string, max int, millis string) (Requests, error) {
	s, err := Server(ctx)
	if err != nil {
		return Requests{}, err
	}
	k, err := stepkit.Count(what, n, max)
	if err != nil {
		return Requests{}, err
	}
	query, err := Latency(millis)
	return Requests{Server: s, N: k, Query: query}, err
}

// Latency is the query that makes the loopback server answer after millis milliseconds.
func Latency(millis string) (string, error) {
	ms, err := stepkit.Number("the latency in milliseconds", millis, 0, 60_000)
	return fmt.Sprintf("latency=%dms", ms), err
}

// FetchAllOK fetches urls concurrently from the scenario's server and fails unless every answer
// is a 200. It waits as long as the server takes: its callers bound it, with Do.
func FetchAllOK(ctx context.Context, s *loopback.Server, urls []string) error {
	for _, r := range fanout.FetchAll(ctx, s.Client, urls) {
		if r.Err != nil || r.Status != 200 {
			return fmt.Errorf("%s: status %d, error %v", r.URL, r.Status, r.Err)
		}
	}
	return nil
}
