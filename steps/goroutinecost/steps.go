package goroutinecost

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"github.com/concspec/concspec/steps/ioscaling"
	"github.com/concspec/concspec/steps/shared"
	"github.com/cucumber/godog"
)

// state is what spawning tasks and pooling them measured.
type state struct {
	// tasks are the tasks the scenario is about, and threads the tasks on OS threads of their
	// own that they are compared with.
	tasks, threads *Spawned
	// oneEach and pooled are blocking tasks with a goroutine each and through a fixed pool.
	oneEach, pooled ioscaling.Measured
}

func register(sc *godog.ScenarioContext, _ *catalog.Catalog) {
	s := &state{}
	sc.When(stepkit.Re(`^(-?\d+) tasks each run on (a goroutine|an OS thread) of their own, waiting until all have started, and are joined$`), s.spawnTasks)
	sc.When(stepkit.Re(`^(-?\d+) tasks each run on an OS thread of their own likewise, for comparison$`), s.spawnThreads)
	sc.Then(stepkit.Re(`^all (\d+) tasks were alive at once, and every one ran to its end before the join returned$`), s.aliveAndJoined)
	sc.Then(stepkit.Re(`^a task cost at most 1/(\d+) of the processor time and 1/(\d+) of the memory of a task on an OS thread$`), s.cheap)
	sc.Then(stepkit.Re(`^the check that a task cost at most 1/(\d+) of the processor time and 1/(\d+) of the memory of a task on an OS thread fails$`), s.cheapFails)
	sc.When(stepkit.Re(`^(-?\d+) tasks that each wait for an answer a loopback server gives after (\d+)ms run with one goroutine each, and then through a fixed pool of (-?\d+) goroutines$`), s.oneEachThenPool)
	sc.Then(stepkit.Re(`^with one goroutine each, all (\d+) tasks waited at the server together$`), s.oneEachTogether)
	sc.Then(stepkit.Re(`^the check that through the pool all (\d+) tasks waited at the server together fails$`), s.pooledTogetherFails)
}

// measureSpawn runs the spawn control in the program built without the race detector, as a user's
// binary is built, and records what each task cost.
func measureSpawn(ctx context.Context, n, how string) (*Spawned, error) {
	if err := harness.RequireExclusive(ctx, "measures what spawning and joining tasks costs"); err != nil {
		return nil, err
	}
	limit := 10_000_000
	if how == OwnThread {
		limit = 5000 // the runtime allows 10,000 threads in all
	}
	k, err := stepkit.Count("the number of tasks", n, limit)
	if err != nil {
		return nil, err
	}
	var out Spawned
	if err := shared.MeasureInChild(ctx, &out, controlName, "-n", strconv.Itoa(k), "-how", how); err != nil {
		return nil, err
	}
	settings := map[string]string{"tasks": strconv.Itoa(k), "each on": how, "GOMAXPROCS": strconv.Itoa(out.Sample.GOMAXPROCS), "race detector": "off (the program built without it)"}
	for _, f := range []harness.Figure{
		{Name: "processor time to spawn, park and join one task", Value: perTask(out.Sample.CPU, k), Unit: "ns"},
		{Name: "wall time to spawn, park and join one task", Value: perTask(out.Sample.Wall, k), Unit: "ns"},
		{Name: "memory per parked task (resident set)", Value: out.BytesPerTask, Unit: "bytes"},
	} {
		f.Settings = settings
		if err := harness.Record(ctx, f); err != nil {
			return nil, err
		}
	}
	return &out, nil
}

func perTask(d time.Duration, n int) float64 { return float64(d.Nanoseconds()) / float64(n) }

func (s *state) spawnTasks(ctx context.Context, n, on string) (err error) {
	how := OwnGoroutine
	if on == "an OS thread" {
		how = OwnThread
	}
	s.tasks, err = measureSpawn(ctx, n, how)
	return err
}

func (s *state) spawnThreads(ctx context.Context, n string) (err error) {
	s.threads, err = measureSpawn(ctx, n, OwnThread)
	return err
}

// aliveAndJoined checks what the tasks did: every one was parked at the moment the last
// started, and every one had run to its end when the join returned.
func (s *state) aliveAndJoined(n string) error {
	if s.tasks == nil || strconv.Itoa(s.tasks.N) != n {
		return fmt.Errorf("%s tasks were not spawned", n)
	}
	if s.tasks.AliveAtOnce < s.tasks.N {
		return fmt.Errorf("when the last of %d tasks had started, %d goroutines more than before were alive", s.tasks.N, s.tasks.AliveAtOnce)
	}
	if s.tasks.RanToTheEnd != s.tasks.N {
		return fmt.Errorf("when the join returned, %d of %d tasks had run to their end", s.tasks.RanToTheEnd, s.tasks.N)
	}
	return nil
}

// costCheck is the goroutine-cost check: a task cost at most 1/cpu of the processor time and
// 1/memory of the memory of a task on an OS thread of its own, measured in the same run. Both
// are what the tasks cost, not how long they took, so a busy machine cannot change them.
func (s *state) costCheck(ctx context.Context, cpu, memory string) error {
	if s.tasks == nil || s.threads == nil {
		return fmt.Errorf("the scenario must spawn its tasks and the OS threads they are compared with")
	}
	c, err := stepkit.Count("the share of processor time", cpu, 1_000_000)
	if err != nil {
		return err
	}
	m, err := stepkit.Count("the share of memory", memory, 1_000_000)
	if err != nil {
		return err
	}
	task, thread := s.tasks, s.threads
	cpuRatio := perTask(thread.Sample.CPU, thread.N) / perTask(task.Sample.CPU, task.N)
	memoryRatio := thread.BytesPerTask / task.BytesPerTask
	return harness.Detect(ctx, goroutineCost, func() error {
		if cpuRatio < float64(c) || memoryRatio < float64(m) {
			return fmt.Errorf("a task on %s cost %.0fns of processor time and %.0f bytes, a task on an OS thread %.0fns and %.0f bytes: 1/%.1f of the processor time and 1/%.1f of the memory, not at most 1/%d and 1/%d",
				task.How, perTask(task.Sample.CPU, task.N), task.BytesPerTask, perTask(thread.Sample.CPU, thread.N), thread.BytesPerTask, cpuRatio, memoryRatio, c, m)
		}
		return nil
	})
}

func (s *state) cheap(ctx context.Context, cpu, memory string) error {
	return s.costCheck(ctx, cpu, memory)
}

// cheapFails is the negative control: the goroutine-cost check fires on tasks that each take an
// OS thread.
func (s *state) cheapFails(ctx context.Context, cpu, memory string) error {
	if s.tasks == nil || s.threads == nil {
		return s.costCheck(ctx, cpu, memory)
	}
	if s.costCheck(ctx, cpu, memory) == nil {
		return fmt.Errorf("the goroutine-cost check did not fire: tasks on %s cost at most 1/%s of the processor time and 1/%s of the memory of tasks on OS threads", s.tasks.How, cpu, memory)
	}
	return nil
}

// oneEachThenPool makes blocking requests with one goroutine each and then through a fixed pool,
// in the program built without the race detector, and records how much longer the pool took.
func (s *state) oneEachThenPool(ctx context.Context, n, millis, poolSize string) error {
	k, err := stepkit.Count("the number of tasks", n, 10_000)
	if err != nil {
		return err
	}
	p, err := stepkit.Count("the pool size", poolSize, k)
	if err != nil {
		return err
	}
	ms, err := stepkit.Number("the latency in milliseconds", millis, 1, 10_000)
	if err != nil {
		return err
	}
	measured, err := ioscaling.Measure(ctx, time.Duration(ms)*time.Millisecond, 1,
		ioscaling.Tasks{How: ioscaling.Concurrently, N: k}, ioscaling.Tasks{How: ioscaling.ThroughAPool, N: k, Workers: p})
	if err != nil {
		return err
	}
	s.oneEach, s.pooled = measured[0], measured[1]
	settings := ioscaling.Settings(s.pooled, millis+"ms")
	for _, f := range []harness.Figure{
		{Name: "blocking tasks through a fixed pool, wall time relative to one goroutine each", Value: s.pooled.Sample.Wall.Seconds() / s.oneEach.Sample.Wall.Seconds(), Unit: "×"},
		{Name: "most pooled tasks waiting at the server at one moment", Value: float64(s.pooled.Together), Unit: "requests"},
	} {
		f.Settings = settings
		if err := harness.Record(ctx, f); err != nil {
			return err
		}
	}
	return nil
}

// tasksNamed checks the number of tasks a step names against those measured.
func tasksNamed(m ioscaling.Measured, n string) (int, error) {
	if strconv.Itoa(m.Tasks.N) != n {
		return 0, fmt.Errorf("%d tasks were measured, not %s", m.Tasks.N, n)
	}
	return m.Tasks.N, nil
}

// oneEachTogether is the scaling check on the tasks with a goroutine each: all of them waited at
// once.
func (s *state) oneEachTogether(ctx context.Context, n string) error {
	k, err := tasksNamed(s.oneEach, n)
	if err != nil {
		return err
	}
	return ioscaling.Together(ctx, s.oneEach, k)
}

// pooledTogetherFails is the negative control: the scaling check fires on the pool, which lets
// only its goroutines wait at once.
func (s *state) pooledTogetherFails(ctx context.Context, n string) error {
	k, err := tasksNamed(s.pooled, n)
	if err != nil {
		return err
	}
	if ioscaling.Together(ctx, s.pooled, k) == nil {
		return fmt.Errorf("the scaling check did not fire: through a pool of %d goroutines, %d tasks waited at the server at once", s.pooled.Tasks.Workers, s.pooled.Together)
	}
	return nil
}
