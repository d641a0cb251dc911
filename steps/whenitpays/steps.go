package whenitpays

import (
	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"github.com/cucumber/godog"
)

// state holds the speed-ups the "when it pays" scenarios measured.
type state struct {
	speedup      map[int]float64 // concurrent over sequential, by number of calls
	lockSlowdown float64
	// perItem is one goroutine per item relative to one after another, by work size.
	perItem map[int]float64
	sizes   []int
}

func register(sc *godog.ScenarioContext, _ *catalog.Catalog) {
	s := &state{}
	sc.When(stepkit.Re(`^1 call and then (-?\d+) calls the server answers after (\d+)ms are made one after another and concurrently$`), s.callsSequentialAndConcurrent)
	sc.Then(stepkit.Re(`^concurrency makes the single call no faster$`), s.noGainForOne)
	sc.Then(stepkit.Re(`^it makes the (\d+) calls at least (\d+) times faster$`), s.gainForMany)
	sc.When(stepkit.Re(`^(-?\d+) numbers are summed in (-?\d+) independent chunks, and by as many workers adding every number to one total under a shared lock$`), s.chunksVersusLock)
	sc.Then(stepkit.Re(`^the shared lock is at least (\d+) times slower$`), s.lockSlower)
	sc.When(stepkit.Re(`^(-?\d+) items of work sized ((?:\d+(?:, | and )?)+) rounds run one after another, one goroutine per item, and in one chunk per core$`), s.tinyWork)
	sc.Then(stepkit.Re(`^for work of (\d+) rounds one goroutine per item is slower than one after another$`), s.perItemSlower)
	sc.Then(stepkit.Re(`^the size from which one goroutine per item stops losing is reported$`), s.crossover)
}
