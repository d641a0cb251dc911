@R17 @P03 @exclusive
Feature: Offloading CPU work keeps a server responsive
  The guide's Node.js example blocks the whole event loop with one heavy request. Go does not
  have one event loop to block: every request gets a goroutine, and the scheduler preempts a
  busy one. What still happens is crowding: heavy handlers computing inline all compete with
  the cheap requests for the processors. Offloading the heavy work to a small pool limits how
  many goroutines compute at once, and the cheap requests stay fast.

  The latencies depend on the machine, so they are reported as figures; what is asserted is
  their ratio within one run.

  @negative
  Scenario Outline: At GOMAXPROCS <procs>, offloading heavy work keeps cheap requests fast
    Given GOMAXPROCS is <procs> for this scenario
    When 4 heavy requests burn CPU inline in the server's handlers while 3 cheap requests are timed
    And 4 heavy requests burn CPU in a pool of 1 worker while 3 cheap requests are timed
    Then cheap requests are at least 2 times slower with the work inline than offloaded
    And no goroutine is left running

    Examples:
      | procs |
      | 1     |
      | 2     |
