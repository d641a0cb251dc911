@R04 @R02 @P01 @exclusive
Feature: Concurrency is not parallelism
  Goroutines are concurrent: they make progress in turns. They are parallel only when the
  runtime may run them on several processors at once, which GOMAXPROCS decides. At GOMAXPROCS 1
  two CPU-bound goroutines still take turns (the scheduler preempts them), but they never hold
  more than one processor — Go's analogue of Python threads under the GIL. With one processor
  per core they hold one each.

  The measure is the processors the goroutines held on average: the time Go's scheduler kept its
  processors running them, over the wall time. It is what the program asks of the machine. A
  busy neighbour can take a core away from a thread, but not the processor from its goroutine,
  so the verdict is the same on a busy machine. Reported beside it: what the threads wanted
  from the kernel (on a CPU or ready to run), what they obtained (CPU time over wall time), and
  the machine's CPU pressure. The measurements run in a program built without the race
  detector, as a user's would be.

  @negative
  Scenario: At GOMAXPROCS 1 CPU-bound goroutines take turns, and the parallelism check says they never ran side by side
    When 2 CPU-bound goroutines compute side by side at GOMAXPROCS 1
    Then at GOMAXPROCS 1 both took chunks of the work, taking turns
    And at GOMAXPROCS 1 they held at most 1.3 processors on average
    And the check that at GOMAXPROCS 1 they held at least 1.6 processors fails

  Scenario: With one processor per core, CPU-bound goroutines run side by side
    Given a machine with more than one core
    When 2 CPU-bound goroutines compute side by side at GOMAXPROCS equal to the cores
    Then at GOMAXPROCS equal to the cores they held at least 1.6 processors on average
