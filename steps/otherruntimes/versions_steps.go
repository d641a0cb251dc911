package otherruntimes

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"github.com/cucumber/godog"
)

// newEnough is the check that the runtime (or crate) a probe ran on is at least the release the
// guide's version table dates a milestone to.
const newEnough harness.Detector = "runtime new enough for its milestone (version table)"

// components are what a version row is about, as the steps name them.
const components = `(Python|Node\.js|JDK|Rust|tokio|\.NET Framework profile)`

func registerVersions(sc *godog.ScenarioContext, s *state) {
	sc.Then(stepkit.Re(`^the `+components+` that ran it is (\d+(?:\.\d+)*) or newer, the release the guide dates (.+) to$`), s.versionAtLeast)
	sc.Then(stepkit.Re(`^the check that the `+components+` that ran it is the release after its own or newer fails$`), s.nextReleaseFails)
	sc.Then(stepkit.Re(`^it has (.+): its "works" is "true"$`), s.itWorks)
}

// dotted is a version's numbers: the first run of dotted digits in a version line.
var dotted = regexp.MustCompile(`\d+(?:\.\d+)*`)

// version is a release's numbers, major first.
type version []int

func parseVersion(s string) (version, error) {
	m := dotted.FindString(s)
	if m == "" {
		return nil, fmt.Errorf("no version number in %q", s)
	}
	var v version
	for _, part := range strings.Split(m, ".") {
		n, err := strconv.Atoi(part)
		if err != nil {
			return nil, fmt.Errorf("version %q: %v", s, err)
		}
		v = append(v, n)
	}
	return v, nil
}

// less compares release for release; a missing number counts as 0 (3.11 is 3.11.0).
func (v version) less(w version) bool {
	for i := range max(len(v), len(w)) {
		a, b := at(v, i), at(w, i)
		if a != b {
			return a < b
		}
	}
	return false
}

func at(v version, i int) int {
	if i < len(v) {
		return v[i]
	}
	return 0
}

// next is the release after v: its minor number plus one (3.11.7 → 3.12, 20 → 20.1).
func (v version) next() version {
	return version{at(v, 0), at(v, 1) + 1}
}

func (v version) String() string {
	parts := make([]string, len(v))
	for i, n := range v {
		parts[i] = strconv.Itoa(n)
	}
	return strings.Join(parts, ".")
}

// installed is the version of the component the probe ran on: rustc's for Rust (`rustc
// --version`, as the corpus read it when it built the probe), what the probe printed as
// "version" for the others.
func (s *state) installed(component string) (version, string, error) {
	if !s.ran {
		return nil, "", fmt.Errorf("no program has run: start with `When the … program \"…\" runs`")
	}
	line := s.result.Version
	if component != "Rust" {
		printed, ok := s.result.Values["version"].(string)
		if !ok {
			return nil, "", fmt.Errorf("the %s probe printed no version: %v", component, s.result.Values)
		}
		line = printed
	}
	v, err := parseVersion(line)
	return v, line, err
}

// versionAtLeast is the version check: the component the probe ran on is at least least.
func (s *state) versionAtLeast(ctx context.Context, component, least, milestone string) error {
	got, line, err := s.installed(component)
	if err != nil {
		return err
	}
	want, err := parseVersion(least)
	if err != nil {
		return err
	}
	return harness.Detect(ctx, newEnough, func() error { return versionVerdict(component, got, line, want, milestone) })
}

// versionVerdict is the version check's verdict on the installed version got (from line).
func versionVerdict(component string, got version, line string, want version, milestone string) error {
	if got.less(want) {
		return fmt.Errorf("the %s here is %s (%s), older than %s, the release the guide dates %s to", component, got, line, want, milestone)
	}
	return nil
}

// nextReleaseFails is a negative control: the version check fires on a milestone dated one
// release after the installed one.
func (s *state) nextReleaseFails(ctx context.Context, component string) error {
	got, _, err := s.installed(component)
	if err != nil {
		return err
	}
	next := got.next()
	if err := s.versionAtLeast(ctx, component, next.String(), "a milestone one release after "+got.String()); err == nil {
		return fmt.Errorf("the version check finds the %s here (%s) at least %s: it cannot tell a runtime too old for a milestone from one new enough", component, got, next)
	}
	return nil
}

// itWorks says the probe used the milestone's feature and saw it do what it does.
func (s *state) itWorks(feature string) error {
	if !s.ran {
		return fmt.Errorf("no program has run: start with `When the … program \"…\" runs`")
	}
	if works, _ := s.result.Values["works"].(bool); !works {
		return fmt.Errorf("the probe of %s ran on %s, but %s did not do what it should: %v", feature, s.result.Version, feature, s.result.Values)
	}
	return nil
}
