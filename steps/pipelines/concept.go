// Package pipelines is the slice for pipelines.feature (R25): a pipeline runs its stages side by
// side, joined by channels with a small buffer; items keep their order, a slow consumer holds
// everything upstream back, the first error stops every stage, and a consumer that walks away
// leaves nothing running and nothing flowing. It holds the scenario state and steps, the
// pipeline stages of the catalogue with their broken twins, the stage mutants, and the five
// detectors the rule rests on.
package pipelines

import (
	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/concept"
	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/patterns/pipeline"
)

// StageBuilder makes a pipeline stage that applies f to every item.
type StageBuilder func(f func(int) (int, error)) pipeline.Stage

// stageKind is the catalogue's table of pipeline stages.
var stageKind = catalog.Kind[StageBuilder]{Name: "pipeline stage"}

// The detectors of the rule: every check of the feature runs through one of them.
const (
	// order fires when items leave out of order, or not each once.
	order harness.Detector = "pipeline order"
	// backpressure fires when more items are in flight than the pipeline's channels and
	// goroutines can hold.
	backpressure harness.Detector = "pipeline backpressure"
	// buffering fires when a pipeline that has settled behind a paused consumer holds other
	// than exactly what its contract places in it: a full buffer on every channel and one item
	// in the hands of the source and of each stage. A channel with a smaller buffer than asked
	// for, or a stage that holds a batch, leaves its mark here even within the backpressure bound.
	buffering harness.Detector = "pipeline buffering"
	// firstError fires when the pipeline does not return its first error, or lets items past it.
	firstError harness.Detector = "pipeline first error"
	// cancellation fires when a stage stays blocked after the cancellation, or forwards an item
	// after it.
	cancellation harness.Detector = "pipeline cancellation"
)

// Concept is the pipelines slice.
func Concept() concept.Concept {
	return concept.Concept{
		Name:     "pipelines",
		Features: []string{"pipelines.feature"},
		Entries: []catalog.Entry{
			catalog.Reference(stageKind, "map", func() StageBuilder { return pipeline.Map }),
			catalog.Broken(stageKind, "ignores cancellation", func() StageBuilder { return pipeline.MapIgnoringCancel }),
			catalog.Broken(stageKind, "forwards after cancellation", func() StageBuilder { return pipeline.MapForwardingAfterCancel }),
			catalog.Broken(stageKind, "queues without bound", func() StageBuilder { return pipeline.MapUnbounded }),
			catalog.Broken(stageKind, "sends from a stack", func() StageBuilder { return pipeline.MapFromStack }),
			catalog.Broken(stageKind, "skips failures", func() StageBuilder { return pipeline.MapSkippingFailures }),
		},
		Mutants: []catalog.Mutant{
			catalog.Swap("a pipeline stage that does not stop on cancel", []string{"R25"}, stageKind, "map", "ignores cancellation"),
			catalog.Swap("a map stage that keeps forwarding after cancel", []string{"R25"}, stageKind, "map", "forwards after cancellation"),
			catalog.Swap("a pipeline stage without backpressure", []string{"R25"}, stageKind, "map", "queues without bound"),
			catalog.Swap("a pipeline stage that reorders its items", []string{"R25"}, stageKind, "map", "sends from a stack"),
			catalog.Swap("a pipeline stage that swallows its errors", []string{"R25"}, stageKind, "map", "skips failures"),
		},
		Detectors: []harness.Detector{order, backpressure, buffering, firstError, cancellation},
		Steps:     register,
	}
}
