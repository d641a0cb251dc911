package workpool

// NewOversized is a NEGATIVE CONTROL (rule R19): asked for limit workers, it starts one more,
// so one task more than the limit runs at once.
func NewOversized(limit int) *Pool {
	return New(limit + 1)
}

// DropsWhenBusy is a NEGATIVE CONTROL (rule R09): its Submit, finding every worker busy,
// forgets the task and returns nil as if a worker had taken it.
type DropsWhenBusy struct{ *Pool }

// Submit hands task to an idle worker, or drops it.
func (p DropsWhenBusy) Submit(task func()) error {
	select {
	case p.tasks <- task:
	default:
	}
	return nil
}

// StopsEarly is a NEGATIVE CONTROL (rule R09): its StopAndWait stops the pool and returns at
// once, while the workers still run the tasks they took.
type StopsEarly struct{ *Pool }

// StopAndWait stops the pool without waiting for it.
func (p StopsEarly) StopAndWait() {
	p.stopped.Do(func() { close(p.stop) })
}

// QueuesWithoutBound is a NEGATIVE CONTROL (rule R19): its Submit never waits. When every worker
// is busy it parks the task on a goroutine of its own until a worker is free, so a submitter
// faster than the workers piles up tasks, and goroutines, without limit; once the pool stops,
// the tasks still parked are dropped.
type QueuesWithoutBound struct{ *Pool }

// Submit takes task at once, whatever the workers are doing.
func (p QueuesWithoutBound) Submit(task func()) error {
	select {
	case <-p.stop:
		return ErrStopped
	case p.tasks <- task:
		return nil
	default:
	}
	go func() {
		select {
		case p.tasks <- task:
		case <-p.stop:
		}
	}()
	return nil
}

// RunsAfterStop is a NEGATIVE CONTROL (rule R10): once the pool is stopped, its Submit runs the
// task on a goroutine nobody waits for, after StopAndWait has returned.
type RunsAfterStop struct{ *Pool }

// Submit hands task to a worker, or, once the pool is stopped, to a goroutine of its own.
func (p RunsAfterStop) Submit(task func()) error {
	if err := p.Pool.Submit(task); err != nil {
		go task()
	}
	return nil
}

// CrashesOnPanic is a NEGATIVE CONTROL (rule R14): a task's panic is thrown again on a goroutine
// of its own, where nothing recovers it, so the process dies as if the pool had no recover.
type CrashesOnPanic struct{ *Pool }

// Submit hands task to a worker; its panic ends the process.
func (p CrashesOnPanic) Submit(task func()) error {
	return p.Pool.Submit(func() {
		defer func() {
			if v := recover(); v != nil {
				go func() { panic(v) }()
				// The worker never returns, so StopAndWait cannot return and let the program
				// end cleanly before the panic ends it.
				select {}
			}
		}()
		task()
	})
}
