package rules

import (
	"fmt"
	"io/fs"
	"maps"
	"regexp"
	"slices"

	"github.com/concspec/concspec/internal/featurefs"
	messages "github.com/cucumber/messages/go/v34"
)

// NegativeTag marks a negative control: a scenario that runs the bad pattern its rule warns
// against and asserts that a detector of the corpus catches it (a race report, a leak, a lost
// update, a missed cancellation, a hang stopped by a bound, a measured ratio on the wrong side).
// Where a rule about speed compares the bad pattern with the good one inside one run, the
// comparison scenario is the negative control and carries the tag.
const NegativeTag = "@negative"

// ruleTag is what a tag naming a rule looks like; one not in the catalogue is a mistake.
var ruleTag = regexp.MustCompile(`^@[RP]\d+$`)

// Scenario is one scenario of a feature file, or one Examples block of a scenario outline
// (whose tags add to the outline's).
type Scenario struct {
	Name string
	// URI is the feature file's path within the corpus; Line is where the scenario starts.
	URI  string
	Line int
	// Rows are the lines of the example rows when the scenario is an outline's Examples block.
	Rows []int
	// Tags are the scenario's own and those it inherits from its feature, rule and examples.
	Tags []string
}

// Negative reports whether the scenario is a negative control.
func (s Scenario) Negative() bool { return slices.Contains(s.Tags, NegativeTag) }

// Where is "file:line".
func (s Scenario) Where() string { return fmt.Sprintf("%s:%d", s.URI, s.Line) }

// Coverage is which scenarios encode each rule.
type Coverage struct {
	// ByRule maps a rule ID to its scenarios, in file order.
	ByRule map[string][]Scenario
	// Unknown lists the scenarios that carry a rule tag the catalogue does not have, by tag.
	Unknown map[string][]Scenario
}

// Cover reads every .feature file in fsys and maps the rules to their scenarios.
func Cover(fsys fs.FS) (Coverage, error) {
	c := Coverage{ByRule: map[string][]Scenario{}, Unknown: map[string][]Scenario{}}
	all, err := Scenarios(fsys)
	for _, s := range all {
		c.add(s)
	}
	return c, err
}

// Scenarios lists the scenarios of every .feature file in fsys, in path and file order.
func Scenarios(fsys fs.FS) ([]Scenario, error) {
	var all []Scenario
	err := featurefs.Walk(fsys, func(path string, doc *messages.GherkinDocument, _ *messages.Incrementing) error {
		all = append(all, scenarios(path, doc)...)
		return nil
	})
	return all, err
}

func (c Coverage) add(s Scenario) {
	for _, tag := range s.Tags {
		if !ruleTag.MatchString(tag) {
			continue
		}
		if _, ok := Lookup(tag[1:]); ok {
			c.ByRule[tag[1:]] = append(c.ByRule[tag[1:]], s)
		} else {
			c.Unknown[tag] = append(c.Unknown[tag], s)
		}
	}
}

// scenarios lists a document's scenarios with the tags each inherits.
func scenarios(uri string, doc *messages.GherkinDocument) []Scenario {
	if doc.Feature == nil {
		return nil
	}
	var out []Scenario
	var walk func(inherited []string, children []*messages.FeatureChild)
	walk = func(inherited []string, children []*messages.FeatureChild) {
		for _, child := range children {
			if child.Rule != nil {
				ruleChildren := make([]*messages.FeatureChild, 0, len(child.Rule.Children))
				for _, rc := range child.Rule.Children {
					ruleChildren = append(ruleChildren, &messages.FeatureChild{Scenario: rc.Scenario})
				}
				walk(withTags(inherited, child.Rule.Tags), ruleChildren)
			}
			if sc := child.Scenario; sc != nil {
				tags := withTags(inherited, sc.Tags)
				if len(sc.Examples) == 0 {
					out = append(out, Scenario{Name: sc.Name, URI: uri, Line: int(sc.Location.Line), Tags: tags})
				}
				for _, ex := range sc.Examples {
					var rows []int
					for _, row := range ex.TableBody {
						rows = append(rows, int(row.Location.Line))
					}
					out = append(out, Scenario{Name: sc.Name, URI: uri, Line: int(sc.Location.Line), Rows: rows, Tags: withTags(tags, ex.Tags)})
				}
			}
		}
	}
	walk(withTags(nil, doc.Feature.Tags), doc.Feature.Children)
	return out
}

func withTags(inherited []string, tags []*messages.Tag) []string {
	out := slices.Clone(inherited)
	for _, t := range tags {
		if !slices.Contains(out, t.Name) {
			out = append(out, t.Name)
		}
	}
	return out
}

// Problems lists what the coverage lacks, one line each: a catalogue rule with no scenario, a
// rule with no negative control, a rule tag that is not in the catalogue. None means covered.
func (c Coverage) Problems() []string {
	var problems []string
	for _, r := range Catalogue() {
		scs := c.ByRule[r.ID]
		switch {
		case len(scs) == 0:
			problems = append(problems, fmt.Sprintf("%s (%s) has no scenario: tag one with @%s", r.ID, r.Statement, r.ID))
		case !slices.ContainsFunc(scs, Scenario.Negative):
			problems = append(problems, fmt.Sprintf("%s has no negative control: none of its %d scenarios is tagged %s", r.ID, len(scs), NegativeTag))
		}
	}
	for _, tag := range slices.Sorted(maps.Keys(c.Unknown)) {
		for _, s := range c.Unknown[tag] {
			problems = append(problems, fmt.Sprintf("%s: scenario %q is tagged %s, which is not in the rule catalogue", s.Where(), s.Name, tag))
		}
	}
	return problems
}
