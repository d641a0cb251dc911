package primitives

import (
	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/patterns/primitives"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"github.com/cucumber/godog"
)

// The detectors of the feature's negative controls.
const (
	// exclusion fails when more goroutines were inside a critical section at once than allowed.
	exclusion harness.Detector = "exclusion"
	// atomicUpdate fails when a count is not exactly one per increment made.
	atomicUpdate harness.Detector = "atomic update"
)

// state is what the primitive scenarios observed.
type state struct {
	cat      *catalog.Catalog
	received []int
	section  *primitives.CriticalSection
	// secondWaited says the second goroutine was seen blocked in Lock while the first was inside.
	secondWaited bool
	count        int64
	panicked     any
	slots        []bool
	// nilReceived is closed if a receive from a nil channel ever proceeds (it never does);
	// nilDone when the goroutine that tried has returned, once nilStop let it go.
	nilReceived, nilDone chan struct{}
	nilStop              *stepkit.Gate
}

func register(sc *godog.ScenarioContext, cat *catalog.Catalog) {
	s := &state{cat: cat}
	sc.When(stepkit.Re(`^one goroutine sends the numbers 1 to (-?\d+) on a channel with a buffer of (\d+)$`), s.sendInOrder)
	sc.Then(stepkit.Re(`^the receiver gets them in the order they were sent$`), s.receivedInOrder)
	sc.When(stepkit.Re(`^a channel with a buffer of 3 is given (\d+) values and closed$`), s.fillAndClose)
	sc.Then(stepkit.Re(`^receiving yields (\d+) values, then the zero value with ok false, every time after$`), s.drainClosed)
	sc.When(stepkit.Re(`^a value is sent on a closed channel$`), s.sendOnClosed)
	sc.Then(stepkit.Re(`^the send panics with "([^"]+)"$`), s.sendPanicked)
	sc.When(stepkit.Re(`^a goroutine receives from a nil channel$`), s.nilReceive)
	sc.Then(stepkit.Re(`^(\d+)ms later it is still waiting, and the bounded wait says so$`), s.nilStillWaiting)
	sc.Then(stepkit.Re(`^a select never chooses a nil channel over a closed one in (\d+) tries$`), nilNeverChosen)
	sc.Given(stepkit.Re(`^a critical section guarded by "(sync.Mutex|no lock)"$`), s.criticalSection)
	sc.When(stepkit.Re(`^one goroutine is inside and a second tries to enter$`), s.secondTriesToEnter)
	sc.When(stepkit.Re(`^(-?\d+) goroutines each enter it (-?\d+) times$`), s.enterMany)
	sc.Then(stepkit.Re(`^the second waits in Lock until the first leaves$`), s.secondWaitedInLock)
	sc.Then(stepkit.Re(`^the most goroutines ever inside at once (?:was|were) (\d+)$`), s.mostInside)
	sc.Then(stepkit.Re(`^the exclusion check catches (\d+) goroutines inside at once$`), s.exclusionCheckCatches)
	sc.When(stepkit.Re(`^(-?\d+) goroutines each add 1 with an atomic Add (-?\d+) times$`), s.atomicAdds)
	sc.When(stepkit.Re(`^two increments made of an atomic load and an atomic store interleave, both loading before either stores$`), s.loadStoreInterleaved)
	sc.Then(stepkit.Re(`^the atomic count is exactly (-?\d+)$`), s.atomicCountIs)
	sc.Then(stepkit.Re(`^the check that the atomic count is exactly (-?\d+) fails, with (\d+) updates? lost$`), s.atomicCountCheckFails)
	sc.When(stepkit.Re(`^errgroup runs (-?\d+) tasks that each fill their own slot$`), s.errgroupLoop)
	sc.Then(stepkit.Re(`^after Wait every one of the (\d+) slots is filled$`), s.allSlotsFilled)
}
