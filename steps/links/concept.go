// Package links is the slice for channel_links.feature (R25): the link that joins two stages of
// a pipeline — a plain channel, or a queue with an input and an output channel — either holds
// the producer back once it holds its capacity (backpressure), or declares itself unbounded,
// a legal choice that the row reports as a difference, with the items it took while the
// consumer was paused. It holds the scenario state and steps, the links of the catalogue with
// the unbounded queue, the mutant, the capability, and the backpressure detector. The check is
// the one pipelines.feature makes of a whole pipeline, made here of one link that is plugged in
// from outside.
package links

import (
	"context"
	"slices"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/concept"
	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/patterns/link"
)

// Link is the channel-link contract: a producer sends on In and closes it when it has no more;
// a consumer receives from Out until it closes. A plain channel is both.
type Link interface {
	In() chan<- int
	Out() <-chan int
}

// Unbounded is the capability of a link that takes every item it is sent, whatever the
// consumer does: it removes backpressure, and says so.
const Unbounded = "unbounded"

// linkImpl is one link implementation: Open makes a link of the given capacity, whose own
// goroutines (if any) end when ctx is done; Unbounded says it declared itself unbounded.
type linkImpl struct {
	Open      func(ctx context.Context, capacity int) Link
	Unbounded bool
}

// kind is the catalogue's table of channel links.
var kind = catalog.Kind[linkImpl]{Name: "channel link"}

// backpressure fires when a link that does not declare itself unbounded takes more items than
// its capacity while the consumer is paused.
const backpressure harness.Detector = "link backpressure"

// Entry declares a channel link written outside concspec, held to the link contract; a link
// that declares Unbounded is reported as taking every item, not failed.
func Entry(name string, open func(ctx context.Context, capacity int) Link, capabilities []string) catalog.Entry {
	unbounded := slices.Contains(capabilities, Unbounded)
	return catalog.Reference(kind, name, func() linkImpl { return linkImpl{Open: open, Unbounded: unbounded} })
}

// Concept is the channel-links slice.
func Concept() concept.Concept {
	return concept.Concept{
		Name:     "channel links",
		Features: []string{"channel_links.feature"},
		Entries: []catalog.Entry{
			catalog.Reference(kind, "channel", func() linkImpl {
				return linkImpl{Open: func(_ context.Context, capacity int) Link { return link.NewChannel(capacity) }}
			}),
			catalog.Broken(kind, "unbounded-queue", func() linkImpl {
				return linkImpl{Open: func(ctx context.Context, _ int) Link { return link.NewUnboundedQueue(ctx) }, Unbounded: true}
			}),
		},
		Mutants: []catalog.Mutant{
			// The channel link opens an unbounded queue but still claims a bound.
			catalog.SwapWith("a channel link without backpressure", []string{"R25"}, kind, "channel", "unbounded-queue", func(ref, brk linkImpl) linkImpl {
				ref.Open = brk.Open
				return ref
			}),
		},
		Detectors: []harness.Detector{backpressure},
		Capabilities: map[string]string{
			Unbounded: "the link takes every item it is sent, whatever the consumer does: it puts no backpressure on the producer",
		},
		Steps: register,
	}
}
