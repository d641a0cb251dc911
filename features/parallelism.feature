@R04 @R02 @P01 @exclusive
Feature: Concurrency is not parallelism
  Goroutines are concurrent: they make progress in turns. They are parallel only when the
  runtime may run them on several processors at once, which GOMAXPROCS decides. At GOMAXPROCS 1
  two CPU-bound goroutines still take turns (the scheduler preempts them), but the process
  never keeps more than one processor busy — Go's analogue of Python threads under the GIL.
  With one processor per core they run side by side.

  The measure is the process's CPU time over its wall time: about 1 when one processor was busy,
  about 2 when two were. A busy neighbour can take a core away, so the scenario compares the two
  settings within one run rather than demanding 2.

  @negative
  Scenario: CPU-bound goroutines keep one processor busy at GOMAXPROCS 1, and more with one per core
    When 2 CPU-bound goroutines compute side by side at GOMAXPROCS 1 and then at GOMAXPROCS equal to the cores
    Then at GOMAXPROCS 1 each made progress while the other was unfinished
    And at GOMAXPROCS 1 the process kept at most 1.3 processors busy on average
    And with one per core it kept at least 1.1 times as many busy
    And no goroutine is left running
