package offloading

import (
	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"github.com/cucumber/godog"
)

// state is the scenario's pool and what was seen of it.
type state struct {
	cat     *catalog.Catalog
	name    string
	workers int
	// computing is how many heavy jobs were computing once no more could start.
	computing int
	// waited is what Do and Close did while a job ran.
	waited waited
	// queued is what Do did when its context ended while its job waited for a worker.
	queued queued
	// latencies are the cheap requests' latencies under heavy load.
	latencies *Latencies
}

func register(sc *godog.ScenarioContext, cat *catalog.Catalog) {
	s := &state{cat: cat}
	sc.Given(stepkit.Re(`^the "([^"]+)" pool of (-?\d+) workers?$`), s.thePool)
	sc.When(stepkit.Re(`^(-?\d+) heavy requests that compute until released reach a server that offloads them to the pool$`), s.heavyRequests)
	sc.Then(stepkit.Re(`^as many heavy jobs computed at once as the pool has workers$`), s.computedAsManyAsWorkers)
	sc.Then(stepkit.Re(`^the check that as many heavy jobs computed at once as the pool has workers fails$`), s.computedAsManyFails)
	sc.When(stepkit.Re(`^a job that runs until released is handed to Do, and the pool is closed while it runs$`), s.doThenClose)
	sc.Then(stepkit.Re(`^Do and Close each waited for the job$`), s.eachWaited)
	sc.Then(stepkit.Re(`^the check that Do and Close each waited for the job fails$`), s.eachWaitedFails)
	sc.When(stepkit.Re(`^the context of a second job ends while it waits for the worker, busy with a first$`), s.cancelQueued)
	sc.Then(stepkit.Re(`^Do returned the context's error at once, and the second job never ran$`), s.gaveUp)
	sc.Then(stepkit.Re(`^the check that Do returned the context's error at once, and the second job never ran, fails$`), s.gaveUpFails)
	sc.When(stepkit.Re(`^at GOMAXPROCS (-?\d+) cheap requests are timed while (-?\d+) heavy requests burn CPU, inline in the server's handlers and then in the pool$`), s.timeCheapRequests)
	sc.Then(stepkit.Re(`^cheap requests are at least (\d+) times slower with the work inline than offloaded$`), s.inlineSlower)
	sc.Then(stepkit.Re(`^the check that cheap requests are at least (\d+) times slower with the work inline than offloaded fails$`), s.inlineSlowerFails)
}

func (s *state) thePool(name, workers string) error {
	if err := catalog.Check(s.cat, poolKind, name); err != nil {
		return err
	}
	n, err := stepkit.Count("the number of workers", workers, 1000)
	s.name, s.workers = name, n
	return err
}

// newPool makes the scenario's pool.
func (s *state) newPool() (pool, error) {
	if s.name == "" {
		return nil, errNoPool
	}
	newPool, err := catalog.Lookup(s.cat, poolKind, s.name)
	if err != nil {
		return nil, err
	}
	return newPool(s.workers), nil
}
