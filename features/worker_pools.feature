Feature: A worker pool keeps its limit, runs every task it took once, and ends with nothing running
  A worker pool bounds how many tasks run at once: Submit hands it a task, and a fixed number of
  workers run them. StopAndWait ends it. Pools differ in much — what Submit does when every
  worker is busy, what it does once the pool is stopped, what happens to a task's panic — and
  each of those is a legal choice, stated here and recorded for every pool. What none may do is
  run more tasks at once than its workers, lose or repeat a task it took, let StopAndWait return
  while a task it took still runs, leave a goroutine behind, or run a task once it is stopped.

  No timing is involved. The tasks are held until the step lets them go, one at a time, each once
  nothing in the scenario moves; the ledger counts every task's start and end, so the most tasks
  running at once is exact, and a StopAndWait that returns early is caught with tasks still
  held. docs/contracts/worker-pool.md says what a pool plugged in from outside is held to.

  @R09 @R19
  Scenario Outline: <pool>: <tasks> tasks through <workers> workers, and StopAndWait waits for the last
    StopAndWait is called once every Submit has returned (a pool may not promise more to a Submit
    that races with its stop), while the last tasks still run, or wait in the pool's queue.

    Given the "<pool>" worker pool of <workers> workers
    When <tasks> tasks are submitted, held and let go one at a time, and the pool is stopped while the last ones run
    Then the pool ran every one of the <tasks> tasks exactly once
    And the pool never ran more than <workers> tasks at once
    And StopAndWait returned only after all <tasks> tasks had ended
    And no goroutine is left running

    @contract
    Examples: the contract
      | pool      | workers | tasks |
      | reference | 3       | 12    |
      | reference | 1       | 4     |

    Examples: other implementations
      | pool      | workers | tasks |
      | conc      | 3       | 12    |
      | conc      | 1       | 4     |

  @R19 @negative
  Scenario: A pool with one worker too many is caught by the limit check
    Given the "one worker too many" worker pool of 3 workers
    When 12 tasks are submitted, held and let go one at a time, and the pool is stopped while the last ones run
    Then the check that never more tasks ran at once than the pool has workers fails: 4 tasks ran at once in the one worker too many pool of 3 workers
    And no goroutine is left running

  @R09 @negative
  Scenario: A pool that drops a task when its workers are busy is caught by the ledger
    Its Submit returns nil as if a worker had taken the task; nothing fails and nothing leaks.
    Only the ledger, which counts every task Submit took, sees tasks go missing.

    Given the "drops a task when busy" worker pool of 2 workers
    When 5 tasks are submitted, held and let go one at a time, and the pool is stopped while the last ones run
    Then the check that every task Submit took ran exactly once fails: was taken by Submit and never ran
    And no goroutine is left running

  @R09 @negative
  Scenario: A pool whose StopAndWait does not wait is caught by the join check
    Given the "stops without waiting" worker pool of 2 workers
    When 5 tasks are submitted, held and let go one at a time, and the pool is stopped while the last ones run
    Then the check that StopAndWait returned only after every task had ended fails: StopAndWait returned while 2 of the 5 tasks it took were still running
    And no goroutine is left running

  @R19
  Scenario Outline: <pool>: when every worker is busy, Submit <full>
    Each further task is submitted once nothing moves: Submit has then done all it will. A pool
    may make the submitter wait, keep the task in a queue (bounded or not), or refuse it with an
    error; whichever it does, every task it took runs exactly once, and none it refused runs.

    Given the "<pool>" worker pool of 2 workers
    When every worker is busy and 10 further tasks are submitted
    Then a full pool's Submit <full>
    And the pool never ran more than 2 tasks at once
    And no goroutine is left running

    @contract
    Examples: the contract
      | pool      | full                                                                          |
      | reference | blocks, queues or refuses the task, and every task it took runs exactly once |

    Examples: other implementations
      | pool      | full                          |
      | conc      | blocks until a worker is free |

  @R19
  Scenario Outline: <pool>: a full pool pushes back on the submitter
    A queue without bound is a resource without bound: a submitter faster than the workers piles
    up tasks until memory runs out. A pool that pushes back makes Submit wait, or refuses the task,
    before more than 8 are queued.

    Given the "<pool>" worker pool of 2 workers
    When every worker is busy and 10 further tasks are submitted
    Then Submit pushed back before more than 8 tasks were queued
    And no goroutine is left running

    @contract @needs:pushes-back
    Examples: the contract
      | pool      |
      | reference |

    Examples: other implementations
      | pool      |
      | conc      |

  @R19 @negative
  Scenario: A pool that queues without bound is caught by the push-back check
    Given the "queues without bound" worker pool of 2 workers
    When every worker is busy and 10 further tasks are submitted
    Then a full pool's Submit queues every one of the 10 further tasks
    And the check that Submit pushed back before more than 8 tasks were queued fails: it never pushed back on the submitter
    And no goroutine is left running

  @R10
  Scenario Outline: <pool>: a task submitted after StopAndWait never runs, and Submit <answer>
    Once StopAndWait has returned, nobody waits for the pool any more: a task it started then
    would run with no owner. Submit must return, and the task must not run. Whether Submit says
    so with an error, panics, or drops the task without a word is the pool's choice, and recorded.

    Given the "<pool>" worker pool of 2 workers
    When the pool is stopped and then a further task is submitted
    Then a task submitted after StopAndWait never runs, and Submit <answer>
    And no goroutine is left running

    @contract
    Examples: the contract
      | pool      | answer                                 |
      | reference | returns an error, panics or ignores it |

    Examples: other implementations
      | pool      | answer |
      | conc      | panics |

  @R10 @negative
  Scenario: A pool that runs a task submitted after stop is caught by the submit-after-stop check
    Given the "runs a task after stop" worker pool of 2 workers
    When the pool is stopped and then a further task is submitted
    Then the check that a task submitted after StopAndWait never runs fails: ran: the runs a task after stop pool started it with nobody left to wait for it
    And no goroutine is left running

  @R14
  Scenario Outline: <pool>: a panicking task leaves the pool working, and StopAndWait <answer>
    A pool that survives a task's panic runs every other task, and StopAndWait, once they have
    ended, either returns or panics again with the task's panic. One that recovers nothing lets
    the process die: its panic runs only in a child process.

    Given the "<pool>" worker pool of 2 workers
    When 4 tasks are submitted and one more panics with "task exploded"
    Then the other 4 tasks ran exactly once, and StopAndWait <answer>
    And the pool never ran more than 2 tasks at once
    And no goroutine is left running

    @contract @needs:survives-panics
    Examples: the contract
      | pool      | answer                                           |
      | reference | returned or panicked again with "task exploded" |

    Examples: other implementations
      | pool      | answer                                  |
      | reference | panicked again with "task exploded"    |
      | conc      | panicked again with "task exploded"    |

  @R14 @negative
  Scenario: A pool whose task's panic kills the process is caught by the panic-survival check
    The reference pool whose recover is defeated: the panic is thrown again on a goroutine of its
    own. It runs in a child process, where dying is observable.

    Given the "crashes on a panic" worker pool of 2 workers
    When 4 tasks are submitted and one more panics with "task exploded" in a child process
    Then the check that the pool survives a panicking task fails: panic: task exploded
