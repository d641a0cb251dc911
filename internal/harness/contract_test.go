package harness

import (
	"strings"
	"testing"
	"testing/fstest"

	messages "github.com/cucumber/messages/go/v34"
)

const outline = `Feature: f
  Scenario Outline: <group>: joins
    Given the "<group>" group with <n>

    @contract @needs:bounded
    Examples: the contract
      | group     | n |
      | reference | 1 |
      | reference | 2 |

    Examples: others
      | group    | n |
      | errgroup | 1 |
`

func TestASubjectGetsTheContractRowsOfTheReference(t *testing.T) {
	got, err := addSubjectRows([]byte(outline), []Subject{{Name: "ours", Column: "group"}, {Name: "counter", Column: "implementation"}})
	if err != nil {
		t.Fatal(err)
	}
	want := `      | reference | 2 |

    @implementation:ours @contract @needs:bounded
    Examples: ours, held to the contract of reference
      | group | n |
      | ours | 1 |
      | ours | 2 |

    Examples: others
`
	if !strings.Contains(string(got), want) {
		t.Errorf("got:\n%s", got)
	}
	if strings.Contains(string(got), "counter") {
		t.Errorf("a subject of another column got rows:\n%s", got)
	}
}

func TestASubjectWithoutANeededCapabilityIsSkipped(t *testing.T) {
	subjects := []Subject{{Name: "ours", Capabilities: []string{"bounded"}}}
	tags := func(names ...string) []*messages.PickleTag {
		var out []*messages.PickleTag
		for _, n := range names {
			out = append(out, &messages.PickleTag{Name: n})
		}
		return out
	}
	if r := skipReason(subjects, tags("@implementation:ours", "@needs:bounded")); r != "" {
		t.Errorf("a declared capability skipped the scenario: %s", r)
	}
	if r := skipReason(subjects, tags("@implementation:ours", "@needs:bounded", "@needs:try-go")); r != "ours does not declare try-go, which this scenario needs" {
		t.Errorf("reason %q", r)
	}
	if r := skipReason(subjects, tags("@needs:try-go")); r != "" {
		t.Errorf("the reference's own row was skipped: %s", r)
	}
}

func TestPlanListsTheSubjectsScenarios(t *testing.T) {
	plan, err := Plan(fstest.MapFS{"a.feature": {Data: []byte(outline)}}, []Subject{{Name: "ours", Column: "group"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(plan) != 2 || plan[0].Scenario != "ours: joins" || plan[0].Skip == "" || plan[1].Where != "a.feature:15" {
		t.Errorf("plan: %+v", plan)
	}
}
