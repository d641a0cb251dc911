package whenitpays

import (
	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"github.com/concspec/concspec/steps/ioscaling"
	"github.com/cucumber/godog"
)

// state holds what the "when it pays" scenarios measured.
type state struct {
	// calls are the calls made one after another and concurrently, by number of calls.
	calls map[int]calls
	// summed is the numbers summed three ways.
	summed *Summed
	// sized is the tiny work, by work size, and sizes the sizes in the order measured.
	sized map[int]Sized
	sizes []int
}

// calls is one number of calls made one after another and concurrently.
type calls struct {
	oneAfterAnother, concurrently ioscaling.Measured
}

func register(sc *godog.ScenarioContext, _ *catalog.Catalog) {
	s := &state{}
	sc.When(stepkit.Re(`^1 call and then (-?\d+) calls the server answers after (\d+)ms are made one after another and concurrently$`), s.callsSequentialAndConcurrent)
	sc.Then(stepkit.Re(`^concurrency makes the (\d+) calls at least (\d+) times faster: at least as many of them waited together$`), s.gainForMany)
	sc.Then(stepkit.Re(`^the check that concurrency makes the single call at least (\d+) times faster fails: it waited alone$`), s.noGainForOne)
	sc.When(stepkit.Re(`^(-?\d+) numbers are summed one after another, in (-?\d+) independent chunks side by side, and by as many workers adding each number to one total under a shared lock$`), s.sumThreeWays)
	sc.Then(stepkit.Re(`^(the independent chunks|the shared lock) (?:are|is) at least (\d+(?:\.\d+)?) times faster than (one after another|the shared lock), given the processors each wants$`), s.faster)
	sc.Then(stepkit.Re(`^the check that (the independent chunks|the shared lock) (?:are|is) at least (\d+(?:\.\d+)?) times faster than (one after another|the shared lock), given the processors each wants, fails$`), s.fasterFails)
	sc.When(stepkit.Re(`^(-?\d+) items of work sized ((?:\d+(?:, | and )?)+) rounds run one after another, one goroutine per item, and in one chunk per core$`), s.tinyWork)
	sc.Then(stepkit.Re(`^for work of (\d+) rounds? one goroutine per item costs at least (\d+(?:\.\d+)?) times the processor time of one chunk per core$`), s.batchingPays)
	sc.Then(stepkit.Re(`^the check that for work of (\d+) rounds? one goroutine per item costs at least (\d+(?:\.\d+)?) times the processor time of one chunk per core fails$`), s.batchingPaysFails)
	sc.Then(stepkit.Re(`^for work of (\d+) rounds? one goroutine per item costs more processor time than one after another$`), s.perItemCostsMore)
	sc.Then(stepkit.Re(`^the size from which one goroutine per item stops losing is reported$`), s.crossover)
}
