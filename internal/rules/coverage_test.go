package rules_test

import (
	"fmt"
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
	// The IDs of each series run from 01 without a gap, so that a rule is never lost between two.
	next := map[byte]int{}
	for _, r := range rules.Catalogue() {
		next[r.ID[0]]++
		if want := fmt.Sprintf("%c%02d", r.ID[0], next[r.ID[0]]); r.ID != want {
			t.Errorf("%s is where %s should be: the IDs of a series run from 01 without a gap", r.ID, want)
		}
	}
	if next['R'] < 26 || next['P'] < 7 {
		t.Errorf("the catalogue has R01–R%02d and P01–P%02d; it must keep at least R01–R26 and P01–P07", next['R'], next['P'])
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
