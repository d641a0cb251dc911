package steps

import (
	"context"
	"fmt"
	"strconv"

	"github.com/concspec/concspec/catalog"
	"github.com/concspec/concspec/internal/controls"
	"github.com/concspec/concspec/patterns/ownership"
	"github.com/cucumber/godog"
)

// ownershipState is the handoff a scenario uses and what the receiver saw.
type ownershipState struct {
	name   string
	result controls.HandoffResult
}

func (w *world) registerOwnership(sc *godog.ScenarioContext) {
	sc.Given(re(`^the "([^"]+)" handoff$`), w.theHandoff)
	sc.When(re(`^(-?\d+) buffers are handed from one goroutine to another$`), w.handOver)
	sc.When(re(`^(-?\d+) buffers are handed from one goroutine to another in a child process built (with|without) the race detector$`), w.handOverInChild)
	sc.Then(re(`^every one of the (\d+) buffers arrives intact$`), w.buffersIntact)
}

func (w *world) theHandoff(name string) error {
	if _, err := catalog.Lookup("handoff", catalog.Handoffs, name); err != nil {
		return err
	}
	w.ownership.name = name
	return nil
}

func (w *world) handOver(n string) error {
	k, err := count("the number of buffers", n, maxRepeats)
	if err != nil {
		return err
	}
	entry, err := catalog.Lookup("handoff", catalog.Handoffs, w.ownership.name)
	if err != nil {
		return err
	}
	if entry.NegativeControl {
		return fmt.Errorf("the %q handoff is a negative control: run it in a child process, where its race cannot fail the corpus itself", w.ownership.name)
	}
	out := make(chan *ownership.Buffer)
	go entry.New()(out, k, 64)
	res := &w.ownership.result
	for b := range out {
		res.Received++
		if b.Intact() {
			res.Intact++
		}
	}
	return nil
}

func (w *world) handOverInChild(ctx context.Context, n, with string) error {
	k, err := count("the number of buffers", n, maxRepeats)
	if err != nil {
		return err
	}
	return w.runChild(ctx, with == "with", &w.ownership.result, "handoff", "-impl", w.ownership.name, "-buffers", strconv.Itoa(k))
}

func (w *world) buffersIntact(n string) error {
	r := w.ownership.result
	if fmt.Sprint(r.Received) != n || r.Intact != r.Received {
		return fmt.Errorf("%d buffers arrived, %d of them intact; want all %s intact", r.Received, r.Intact, n)
	}
	return nil
}
