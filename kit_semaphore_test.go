package concspec_test

import (
	"context"
	"slices"
	"testing"

	"github.com/concspec/concspec"
	"github.com/concspec/concspec/patterns/link"
	"golang.org/x/sync/semaphore"
)

// permitsOnly is a semaphore of single permits, as a bulkhead is: it declares neither weighted
// nor fifo.
func permitsOnly(weight int64) concspec.Semaphore { return semaphore.NewWeighted(weight) }

// A semaphore is held to the semaphore contract's rows under its own name, and the rows that
// need a capability it does not declare are skipped; a link is held to the link contract,
// whether or not it declares itself unbounded.
func TestSemaphoreAndLinkContractsPlan(t *testing.T) {
	xsync := concspec.WeightedSemaphore("ours-xsync", func(w int64) concspec.Semaphore { return semaphore.NewWeighted(w) }, concspec.Weighted, concspec.FIFO)
	permits := concspec.WeightedSemaphore("ours-permits", permitsOnly)
	queue := concspec.ChannelLink("ours-queue", func(ctx context.Context, _ int) concspec.Link { return link.NewUnboundedQueue(ctx) }, concspec.Unbounded)
	plan, err := concspec.Plan(concspec.Options{
		Corpus:          []string{"semaphores.feature", "channel_links.feature"},
		Implementations: []concspec.Implementation{xsync, permits, queue},
	})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range plan {
		got = append(got, p.Scenario+" — "+p.Skip)
	}
	slices.Sort(got)
	want := []string{
		"ours-permits: 10 Acquires of 1 never hold more than the weight of 3 — ",
		"ours-permits: Acquires of different weights never hold more than the weight of 4 — ours-permits does not declare weighted, which this scenario needs",
		"ours-permits: TryAcquire never waits — ",
		"ours-permits: a small Acquire made after a large one waits behind it — ours-permits does not declare weighted, fifo, which this scenario needs",
		"ours-permits: an Acquire cancelled while it waits keeps no unit — ",
		"ours-queue: a paused consumer holds the producer back — ",
		"ours-xsync: 10 Acquires of 1 never hold more than the weight of 3 — ",
		"ours-xsync: Acquires of different weights never hold more than the weight of 4 — ",
		"ours-xsync: TryAcquire never waits — ",
		"ours-xsync: a small Acquire made after a large one waits behind it — ",
		"ours-xsync: an Acquire cancelled while it waits keeps no unit — ",
	}
	if !slices.Equal(got, want) {
		t.Errorf("the plan is\n%q\nwant\n%q", got, want)
	}
}

// Semaphores and links plugged in from outside run their contract rows: x/sync's semaphore as
// it is, a plain channel, and an unbounded queue that declares itself so (its row reports the
// difference rather than failing).
func TestSemaphoreAndLinkContractsRun(t *testing.T) {
	if testing.Short() {
		t.Skip("runs two feature files")
	}
	concspec.Run(t, concspec.Options{
		Corpus: []string{"semaphores.feature", "channel_links.feature"},
		Tags:   "@contract",
		Implementations: []concspec.Implementation{
			concspec.WeightedSemaphore("ours-xsync", func(w int64) concspec.Semaphore { return semaphore.NewWeighted(w) }, concspec.Weighted, concspec.FIFO),
			concspec.WeightedSemaphore("ours-permits", permitsOnly),
			concspec.ChannelLink("ours-channel", func(_ context.Context, capacity int) concspec.Link { return link.NewChannel(capacity) }),
			concspec.ChannelLink("ours-queue", func(ctx context.Context, _ int) concspec.Link { return link.NewUnboundedQueue(ctx) }, concspec.Unbounded),
		},
	})
}
