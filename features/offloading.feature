@R17 @P03
Feature: Offloading CPU work keeps a server responsive
  The guide's Node.js example blocks the whole event loop with one heavy request. Go does not
  have one event loop to block: every request gets a goroutine, and the scheduler preempts a
  busy one. What still happens is crowding: heavy handlers computing inline all compete with
  the cheap requests for the processors. Offloading the heavy work to a small pool limits how
  many goroutines compute at once, and the cheap requests stay fast.

  What the pool promises is checked here, under the race detector: no more heavy jobs compute at
  once than it has workers, Do returns once its work has run and Close once the workers have
  finished, and Do gives up when its context ends while the work waits for a worker. How fast
  the cheap requests stay is measured in the program built without the race detector, as a
  user's binary is built: their latencies depend on the machine, so they are reported as
  figures, and what is asserted is their ratio within one run, inline against offloaded in
  alternating rounds.

  Scenario: The bounded pool computes no more heavy jobs at once than it has workers
    Given the "bounded pool" pool of 2 workers
    When 5 heavy requests that compute until released reach a server that offloads them to the pool
    Then as many heavy jobs computed at once as the pool has workers
    And no goroutine is left running

  @negative
  Scenario Outline: A pool that lets more heavy jobs compute is caught by the offloaded-computing check (<pool>)
    Given the "<pool>" pool of 2 workers
    When 5 heavy requests that compute until released reach a server that offloads them to the pool
    Then the check that as many heavy jobs computed at once as the pool has workers fails
    And no goroutine is left running

    Examples:
      | pool                |
      | runs in the caller  |
      | one worker too many |

  Scenario: Do returns once its work has run, and Close once the workers have finished
    Given the "bounded pool" pool of 1 worker
    When a job that runs until released is handed to Do, and the pool is closed while it runs
    Then Do and Close each waited for the job
    And no goroutine is left running

  @negative
  Scenario: A pool whose Do returns before the work ran is caught by the offload-wait check
    Given the "returns before the work ran" pool of 1 worker
    When a job that runs until released is handed to Do, and the pool is closed while it runs
    Then the check that Do and Close each waited for the job fails
    And no goroutine is left running

  Scenario: Do gives up when its context ends while the work waits for a worker
    Given the "bounded pool" pool of 1 worker
    When the context of a second job ends while it waits for the worker, busy with a first
    Then Do returned the context's error at once, and the second job never ran
    And no goroutine is left running

  @negative
  Scenario: A pool whose Do waits for a worker whatever its context says is caught by the queued-cancellation check
    Given the "ignores its context while queued" pool of 1 worker
    When the context of a second job ends while it waits for the worker, busy with a first
    Then the check that Do returned the context's error at once, and the second job never ran, fails
    And no goroutine is left running

  @exclusive
  Scenario Outline: At GOMAXPROCS <procs>, offloading heavy work keeps cheap requests fast
    Given the "bounded pool" pool of 1 worker
    When at GOMAXPROCS <procs> cheap requests are timed while 4 heavy requests burn CPU, inline in the server's handlers and then in the pool
    Then cheap requests are at least 2 times slower with the work inline than offloaded
    And no goroutine is left running

    Examples:
      | procs |
      | 1     |
      | 2     |

  @exclusive @negative
  Scenario: A "pool" that runs the work in the caller offloads nothing, and the responsiveness check says so
    Given the "runs in the caller" pool of 1 worker
    When at GOMAXPROCS 2 cheap requests are timed while 4 heavy requests burn CPU, inline in the server's handlers and then in the pool
    Then the check that cheap requests are at least 2 times slower with the work inline than offloaded fails
    And no goroutine is left running
