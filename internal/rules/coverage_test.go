package rules_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/concspec/concspec"
	"github.com/concspec/concspec/internal/rules"
)

// TestCorpusCoversTheCatalogue is the enforcement: every rule has a scenario and a negative
// control, and every rule tag names a rule of the catalogue.
func TestCorpusCoversTheCatalogue(t *testing.T) {
	c, err := rules.Cover(concspec.Features())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range c.Problems() {
		t.Error(p)
	}
}

func TestCatalogueIDsAreUniqueAndInOrder(t *testing.T) {
	for i, r := range rules.Catalogue() {
		if r.Statement == "" || r.Section == "" {
			t.Errorf("%s has no statement or section", r.ID)
		}
		if i > 0 && rules.Catalogue()[i-1].ID[0] == r.ID[0] && rules.Catalogue()[i-1].ID >= r.ID {
			t.Errorf("%s comes after %s", r.ID, rules.Catalogue()[i-1].ID)
		}
	}
	if got := len(rules.Catalogue()); got != 33 {
		t.Errorf("the catalogue has %d rules, want R01–R26 and P01–P07 (33)", got)
	}
}

// The check must be able to fail: each kind of gap in a made-up corpus is reported.
func TestCoverageReportsEveryKindOfGap(t *testing.T) {
	corpus := fstest.MapFS{
		"a.feature": {Data: []byte(`@R05
Feature: a
  @R01
  Scenario: positive only
    Given x

  @R99
  Scenario: unknown rule
    Given x

  Scenario Outline: outline
    Given <x>

    @R02 @negative
    Examples:
      | x |
      | 1 |

  Rule: r
    @R03
    Scenario: in a rule
      Given x
`)},
	}
	c, err := rules.Cover(corpus)
	if err != nil {
		t.Fatal(err)
	}
	problems := strings.Join(c.Problems(), "\n")
	for _, want := range []string{
		"R01 has no negative control: none of its 1 scenarios is tagged @negative",
		"a.feature:8: scenario \"unknown rule\" is tagged @R99, which is not in the rule catalogue",
		"R04 (",
		"P07 (",
	} {
		if !strings.Contains(problems, want) {
			t.Errorf("the problems do not say %q:\n%s", want, problems)
		}
	}
	for _, covered := range []string{"R02 ", "R05 "} {
		if strings.Contains(problems, covered) {
			t.Errorf("%sis covered by the outline's Examples tagged @negative (its own, or inherited from the feature):\n%s", covered, problems)
		}
	}
	if got := len(c.ByRule["R03"]); got != 1 {
		t.Errorf("the scenario inside a Rule counted %d times for R03, want 1", got)
	}
}
