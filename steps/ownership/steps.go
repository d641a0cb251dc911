package ownership

import (
	"context"
	"fmt"
	"strconv"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"github.com/concspec/concspec/steps/shared"
	"github.com/cucumber/godog"
)

// state is the handoff a scenario uses and what the receiver saw.
type state struct {
	cat    *catalog.Catalog
	name   string
	result Result
}

func register(sc *godog.ScenarioContext, cat *catalog.Catalog) {
	s := &state{cat: cat}
	sc.Given(stepkit.Re(`^the "([^"]+)" handoff$`), s.theHandoff)
	sc.When(stepkit.Re(`^(-?\d+) buffers are handed from one goroutine to another$`), s.handOver)
	sc.When(stepkit.Re(`^(-?\d+) buffers are handed from one goroutine to another in a child process built (with|without) the race detector$`), s.handOverInChild)
	sc.Then(stepkit.Re(`^every one of the (\d+) buffers arrives intact$`), s.buffersIntact)
	sc.Then(stepkit.Re(`^the check that every one of the (\d+) buffers arrives intact fails: (.+)$`), s.buffersIntactFails)
}

func (s *state) theHandoff(name string) error {
	if err := catalog.Check(s.cat, kind, name); err != nil {
		return err
	}
	s.name = name
	return nil
}

func (s *state) handOver(ctx context.Context, n string) error {
	k, err := stepkit.Count("the number of buffers", n, stepkit.MaxRepeats)
	if err != nil {
		return err
	}
	h, err := catalog.Lookup(s.cat, kind, s.name)
	if err != nil {
		return err
	}
	if catalog.IsBroken(s.cat, kind, s.name) {
		return fmt.Errorf("the %q handoff is a negative control: run it in a child process, where its race cannot fail the corpus itself", s.name)
	}
	var got Result
	err = harness.Call(ctx, "the handoff of "+n+" buffers", func() { got = receive(ctx, h, k, 64) }, func(parked []harness.Goroutine) string {
		var sender, reader []harness.Goroutine
		for _, g := range parked {
			switch {
			case g.In("created by github.com/concspec/concspec/steps/ownership.receive"):
				sender = append(sender, g)
			case g.In("ownership.receive("):
				reader = append(reader, g)
			}
		}
		if len(sender) == 0 {
			return fmt.Sprintf("the receiver reads buffers until the handoff closes its channel; but the handoff has returned without closing it, and the receiver waits at %s: a handoff must close its channel after the last of its %d buffers, or its receiver waits for ever",
				shared.WhereAll(reader), k)
		}
		return fmt.Sprintf("the handoff sends %d buffers and closes its channel, while the receiver reads each as it comes; but the handoff is parked at %s while the receiver waits at %s: a handoff must wait for nothing but the receiver taking each buffer",
			k, shared.WhereAll(sender), shared.WhereAll(reader))
	})
	if err != nil {
		return err
	}
	s.result.Received += got.Received
	s.result.Intact += got.Intact
	return nil
}

func (s *state) handOverInChild(ctx context.Context, n, with string) error {
	k, err := stepkit.Count("the number of buffers", n, stepkit.MaxRepeats)
	if err != nil {
		return err
	}
	return shared.RunChild(ctx, with == "with", &s.result, "handoff", "-impl", s.name, "-buffers", strconv.Itoa(k))
}

// intactCheck is the detector: n buffers arrived, each as it was when sent.
func (s *state) intactCheck(ctx context.Context, n string) error {
	return harness.Detect(ctx, intact, func() error {
		if r := s.result; fmt.Sprint(r.Received) != n || r.Intact != r.Received {
			return fmt.Errorf("%d buffers arrived, %d of them intact", r.Received, r.Intact)
		}
		return nil
	})
}

func (s *state) buffersIntact(ctx context.Context, n string) error {
	if err := s.intactCheck(ctx, n); err != nil {
		return fmt.Errorf("every one of the %s buffers should arrive intact, but %w", n, err)
	}
	return nil
}

func (s *state) buffersIntactFails(ctx context.Context, n, want string) error {
	return shared.Fired(s.intactCheck(ctx, n), "intact-handoff", fmt.Sprintf("the %q handoff", s.name), want)
}
