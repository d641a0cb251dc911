// Package pipelines is the slice for pipelines.feature (R25): a pipeline runs its stages side by
// side, joined by channels with a small buffer; items keep their order, a slow consumer holds
// everything upstream back, the first error stops every stage, and a consumer that walks away
// leaves nothing running. It holds the scenario state and steps, the pipeline stages of the
// catalogue with their broken twins, and the two stage mutants.
package pipelines

import (
	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/concept"
	"github.com/concspec/concspec/patterns/pipeline"
)

// StageBuilder makes a pipeline stage that applies f to every item.
type StageBuilder func(f func(int) (int, error)) pipeline.Stage

// stageKind is the catalogue's table of pipeline stages.
var stageKind = catalog.Kind[StageBuilder]{Name: "pipeline stage"}

// Concept is the pipelines slice.
func Concept() concept.Concept {
	return concept.Concept{
		Name:     "pipelines",
		Features: []string{"pipelines.feature"},
		Entries: []catalog.Entry{
			catalog.Reference(stageKind, "map", func() StageBuilder { return pipeline.Map }),
			catalog.Broken(stageKind, "ignores cancellation", func() StageBuilder { return pipeline.MapIgnoringCancel }),
			catalog.Broken(stageKind, "queues without bound", func() StageBuilder { return pipeline.MapUnbounded }),
		},
		Mutants: []catalog.Mutant{
			catalog.Swap("a pipeline stage that does not stop on cancel", []string{"R25"}, stageKind, "map", "ignores cancellation"),
			catalog.Swap("a pipeline stage without backpressure", []string{"R25"}, stageKind, "map", "queues without bound"),
		},
		Steps: register,
	}
}
