package pipelines

import (
	"context"
	"fmt"
	"sync/atomic"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"github.com/cucumber/godog"
)

// state describes the pipeline a scenario builds and what came out of it.
type state struct {
	cat            *catalog.Catalog
	stages, buffer int
	// broken maps a stage number (from 1) to how it is built instead of pipeline.Map.
	broken map[int]StageBuilder
	failAt map[int]int
	// fed is how many items the source was given, the late item aside.
	fed      int
	received []int
	// produced counts the items the counting source made; peak is the most ever in flight.
	produced, peak atomic.Int64
	consumed       atomic.Int64
	// settledInFlight is how many items were in flight once the paused pipeline had settled;
	// settled says that it has.
	settledInFlight int64
	settled         bool
	cancel          context.CancelFunc
	// late is the item the source sends after the consumer quit (-1: none), and lateSeen[i]
	// says whether stage i applied its work to it: stage i-1 forwarded it. forwards says, for
	// each pipeline that was sent a late item, which stage forwarded it ("" if none did).
	late     int
	lateSeen []atomic.Bool
	forwards []string
	// worked counts, by stage, the items the stage applied its work to; workedAtQuit is that
	// count when the consumer quit.
	worked       []atomic.Int64
	workedAtQuit []int64
	// members names the pipeline's goroutines by ID: "the source", "stage 2".
	members map[int64]string
	out     <-chan int
	waited  chan struct{}
	waitErr error
}

func register(sc *godog.ScenarioContext, cat *catalog.Catalog) {
	s := &state{cat: cat, late: -1}
	sc.Given(stepkit.Re(`^a pipeline of (-?\d+) stages joined by channels with a buffer of (-?\d+)$`), s.thePipeline)
	sc.Given(stepkit.Re(`^stage (\d+) fails on item (\d+)$`), s.stageFails)
	sc.Given(stepkit.Re(`^stage (\d+) (ignores cancellation|queues without bound)$`), s.breakStage)
	sc.Given(stepkit.Re(`^stage (\d+) sends its items from a stack$`), s.stageFromStack)
	sc.Given(stepkit.Re(`^stage (\d+) skips the items it fails on$`), s.stageSkipsFailures)
	sc.Given(stepkit.Re(`^stage (\d+) looks at cancellation only when its send would block$`), s.stageForwardsAfterCancel)
	sc.When(stepkit.Re(`^(-?\d+) items flow through it$`), s.itemsFlow)
	sc.When(stepkit.Re(`^(-?\d+) items are fed to it while the consumer takes (-?\d+) and pauses$`), s.consumerPauses)
	sc.When(stepkit.Re(`^(-?\d+) items are fed to it and the consumer reads until the output closes$`), s.itemsFlow)
	sc.When(stepkit.Re(`^the consumer quits, cancelling the context$`), s.consumerQuits)
	sc.When(stepkit.Re(`^(-?\d+) items flow through it, and the consumer quits while the source waits for more$`), s.quitWhileIdle)
	sc.When(stepkit.Re(`^(-?\d+) items flow through it, and 1 more is sent after the consumer quits(?:, in (\d+) fresh pipelines one after another)?$`), s.lateItem)
	sc.Then(stepkit.Re(`^they come out in the order they went in, each once$`), s.inOrder)
	sc.Then(stepkit.Re(`^the check that they come out in the order they went in, each once fails: (.+)$`), s.inOrderFails)
	sc.Then(stepkit.Re(`^the producer is blocked with at most (\d+) items in flight$`), s.producerBlocked)
	sc.Then(stepkit.Re(`^exactly (\d+) items are in flight once the pipeline has settled$`), s.settledExactly)
	sc.Then(stepkit.Re(`^the check that exactly (\d+) items are in flight once the pipeline has settled fails: (.+)$`), s.settledExactlyFails)
	sc.Then(stepkit.Re(`^the backpressure check catches (\d+) items in flight where the pipeline holds at most (\d+)$`), s.backpressureCheckCatches)
	sc.Then(stepkit.Re(`^the pipeline returns "([^"]+)"$`), s.pipelineReturns)
	sc.Then(stepkit.Re(`^the check that the pipeline returns "([^"]+)" fails: it returned "([^"]+)"$`), s.pipelineReturnsFails)
	sc.Then(stepkit.Re(`^the consumer got items in order, none from item (\d+) on$`), s.consumerGotPrefix)
	sc.Then(stepkit.Re(`^the pipeline returns "([^"]+)" with nobody reading its output$`), s.pipelineReturnsUnread)
	sc.Then(stepkit.Re(`^the check that the pipeline returns "([^"]+)" with nobody reading its output fails: (stage \d+) stays parked in "([^"]+)"$`), s.pipelineReturnsUnreadFails)
	sc.Then(stepkit.Re(`^no stage forwards an item after the cancellation$`), s.nothingForwarded)
	sc.Then(stepkit.Re(`^the check that no stage forwards an item after the cancellation fails: (.+)$`), s.nothingForwardedFails)
}

func (s *state) thePipeline(stages, buffer string) error {
	var err error
	if s.stages, err = stepkit.Count("the number of stages", stages, 100); err != nil {
		return err
	}
	s.buffer, err = stepkit.Number("the buffer", buffer, 0, 10_000)
	s.broken, s.failAt = map[int]StageBuilder{}, map[int]int{}
	s.lateSeen, s.worked = make([]atomic.Bool, s.stages+1), make([]atomic.Int64, s.stages+1)
	return err
}

func (s *state) stage(n string) (int, error) {
	if s.broken == nil {
		return 0, fmt.Errorf("no pipeline: start with `Given a pipeline of … stages …`")
	}
	return stepkit.Count("the stage number", n, s.stages)
}

func (s *state) stageFails(n, item string) error {
	k, err := s.stage(n)
	if err != nil {
		return err
	}
	s.failAt[k], err = stepkit.Number("the failing item", item, 0, stepkit.MaxRepeats)
	return err
}

func (s *state) stageFromStack(n string) error { return s.breakStage(n, "sends from a stack") }

func (s *state) stageSkipsFailures(n string) error { return s.breakStage(n, "skips failures") }

func (s *state) stageForwardsAfterCancel(n string) error {
	return s.breakStage(n, "forwards after cancellation")
}

// breakStage builds stage n with the catalogued stage called name instead of "map".
func (s *state) breakStage(n, name string) error {
	k, err := s.stage(n)
	if err != nil {
		return err
	}
	s.broken[k], err = catalog.Lookup(s.cat, stageKind, name)
	return err
}

// full is how many items are in flight once a paused consumer has let the pipeline settle: a
// full buffer on every channel (one after the source and one after each stage), and the item
// the source and each stage hold while blocked on a send.
func (s *state) full() int64 {
	return int64((s.stages+1)*s.buffer + s.stages + 1)
}

// capacity is the most items that can be in flight at any moment: those of a full pipeline,
// and the one the consumer has taken but not yet counted.
func (s *state) capacity() int64 {
	return s.full() + 1
}
