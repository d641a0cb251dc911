@R04 @R02 @P01 @exclusive
Feature: Concurrency is not parallelism
  Goroutines are concurrent: they make progress in turns. They are parallel only when the
  runtime may run them on several processors at once, which GOMAXPROCS decides. At GOMAXPROCS 1
  two CPU-bound goroutines still take turns (the scheduler preempts them), but they never want
  more than one processor — Go's analogue of Python threads under the GIL. With one processor
  per core they want one each.

  The measure is the processors the goroutines want on average: the time their threads spend on
  a CPU or ready to run, over the wall time, from the kernel's scheduler statistics. A busy
  neighbour can take a core away, which turns running time into waiting-to-run time and leaves
  the sum alone; so the verdict is the same on a busy machine. What they obtained (CPU time
  over wall time) and the machine's CPU pressure are reported beside it. The measurements run
  in a program built without the race detector, as a user's would be.

  @negative
  Scenario: At GOMAXPROCS 1 CPU-bound goroutines take turns, and the parallelism check says they never ran side by side
    When 2 CPU-bound goroutines compute side by side at GOMAXPROCS 1
    Then at GOMAXPROCS 1 each made progress while the other was unfinished
    And at GOMAXPROCS 1 they wanted at most 1.3 processors on average
    And the check that at GOMAXPROCS 1 they wanted at least 1.6 processors fails

  Scenario: With one processor per core, CPU-bound goroutines run side by side
    Given a machine with more than one core
    When 2 CPU-bound goroutines compute side by side at GOMAXPROCS equal to the cores
    Then at GOMAXPROCS equal to the cores they wanted at least 1.6 processors on average
