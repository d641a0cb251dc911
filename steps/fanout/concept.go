// Package fanout is the slice for fan_out.feature (R15): one goroutine per URL, a WaitGroup, and
// a channel with room for every result, closed only after Wait, run for real against a loopback
// HTTP server, with the four ways of getting it wrong. It holds the scenario state and steps,
// the fan-outs of the catalogue with their broken twins, the fan-out mutants, the detectors the
// rule rests on, and the child-process control that runs a fan-out which may crash or leak.
package fanout

import (
	"context"
	"net/http"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/concept"
	"github.com/concspec/concspec/internal/harness"
	fetch "github.com/concspec/concspec/patterns/fanout"
)

// FanOut requests every URL concurrently and returns what it collected.
type FanOut func(ctx context.Context, client *http.Client, urls []string) []fetch.Result

// kind is the catalogue's table of fan-outs.
var kind = catalog.Kind[FanOut]{Name: "fan-out"}

// The detectors of the rule: every check of the feature runs through one of them.
const (
	// oneResult fires when a URL has no result or more than one, or the results are not the
	// answers the server gave.
	oneResult harness.Detector = "one result per URL"
	// concurrent fires when fewer requests than URLs were waiting at the server at once.
	concurrent harness.Detector = "concurrent fan-out"
	// childLeaks fires when the child's leak check finds goroutines a fan-out left running.
	childLeaks harness.Detector = "fan-out leaks in a child"
)

// Concept is the fan-out slice.
func Concept() concept.Concept {
	return concept.Concept{
		Name:     "fan-out",
		Features: []string{"fan_out.feature"},
		Entries: []catalog.Entry{
			catalog.Reference(kind, "wait then close", func() FanOut { return fetch.FetchAll }),
			catalog.Broken(kind, "close before wait", func() FanOut { return fetch.FetchAllCloseBeforeWait }),
			catalog.Broken(kind, "without wait", func() FanOut { return fetch.FetchAllWithoutWait }),
			catalog.Broken(kind, "first of unbuffered", func() FanOut { return fetch.FetchFirstUnbuffered }),
			catalog.Broken(kind, "one after another", func() FanOut { return fetch.FetchAllOneByOne }),
		},
		Mutants: []catalog.Mutant{
			catalog.Swap("closing the results channel before Wait", []string{"R15"}, kind, "wait then close", "close before wait"),
			catalog.Swap("a fan-out that forgets Wait", []string{"R15"}, kind, "wait then close", "without wait"),
			catalog.Swap("a fan-out that fetches one URL after another", []string{"R15"}, kind, "wait then close", "one after another"),
		},
		Detectors: []harness.Detector{oneResult, concurrent, childLeaks},
		Controls:  map[string]concept.Control{"fanout": control},
		Steps:     register,
	}
}
