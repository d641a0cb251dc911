// Package ownership is the slice for ownership.feature (R03): share memory by communicating. A
// buffer sent on a channel changes owner and the sender does not touch it again; kept, the
// discipline needs no lock and the race detector finds nothing, broken, it reports the sender's
// write. It holds the scenario state and steps, the handoffs of the catalogue with their broken
// twin, the mutant, the detector of intact buffers, and the child-process control that lets the
// race detector watch a handoff without failing the corpus itself.
package ownership

import (
	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/concept"
	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/patterns/ownership"
)

// intact is the detector of the rule: it fires when a buffer does not arrive as it was sent.
const intact harness.Detector = "intact handoff"

// handoff sends n buffers of the given size on out, and closes it.
type handoff func(out chan<- *ownership.Buffer, n, size int)

// kind is the catalogue's table of ways of passing buffers to another goroutine.
var kind = catalog.Kind[handoff]{Name: "handoff"}

// Concept is the ownership slice.
func Concept() concept.Concept {
	return concept.Concept{
		Name:     "ownership handoffs",
		Features: []string{"ownership.feature"},
		Entries: []catalog.Entry{
			catalog.Reference(kind, "send and let go", func() handoff { return ownership.Handoff }),
			catalog.Broken(kind, "send and keep writing", func() handoff { return ownership.HandoffThenKeepWriting }),
		},
		Mutants: []catalog.Mutant{
			catalog.Swap("a sender that keeps writing after the handoff", []string{"R03"}, kind, "send and let go", "send and keep writing"),
		},
		Detectors: []harness.Detector{intact},
		Controls:  map[string]concept.Control{"handoff": control},
		Steps:     register,
	}
}
