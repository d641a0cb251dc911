// Package fanout is the slice for fan_out.feature (R15): one goroutine per URL, a WaitGroup, and
// a channel with room for every result, closed only after Wait, run for real against a loopback
// HTTP server, with the three ways of getting it wrong. It holds the scenario state and steps,
// the fan-outs of the catalogue with their broken twins, the two fan-out mutants, and the
// child-process control that runs a fan-out which may crash or leak.
package fanout

import (
	"context"
	"net/http"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/concept"
	fetch "github.com/concspec/concspec/patterns/fanout"
)

// FanOut requests every URL concurrently and returns what it collected.
type FanOut func(ctx context.Context, client *http.Client, urls []string) []fetch.Result

// kind is the catalogue's table of fan-outs.
var kind = catalog.Kind[FanOut]{Name: "fan-out"}

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
		},
		Mutants: []catalog.Mutant{
			catalog.Swap("closing the results channel before Wait", []string{"R15"}, kind, "wait then close", "close before wait"),
			catalog.Swap("a fan-out that forgets Wait", []string{"R15"}, kind, "wait then close", "without wait"),
		},
		Controls: map[string]concept.Control{"fanout": control},
		Steps:    register,
	}
}
