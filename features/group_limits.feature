@R19
Feature: A limited group never runs more tasks at once than its limit
  Goroutines are cheap, so a limit is not there to save goroutines: it bounds a resource the
  tasks share (connections, memory, a remote service's patience). errgroup's SetLimit, a
  semaphore.Weighted, conc's WithMaxGoroutines and the reference group's SetLimit each promise
  that no more than the limit run at once. How a group keeps to it is its own choice: Go may wait
  for a free slot (errgroup), or take the task at once and queue it until a slot frees (a pool).
  Either way every task Go takes runs, exactly once — or, once the group is cancelled, may be
  skipped — and the group does use its limit: at some moment as many tasks run as it allows.

  The tasks run in rounds: a goroutine submits them all; each round, the number running is read
  only once nothing in the scenario moves — the group has started every task its limit allows
  and each is held — and then they are let go. The count is exact and no timing is involved.

  Scenario Outline: <group>: 12 tasks through a limit of <limit>
    Given the "<group>" task group limited to <limit> tasks at a time
    When 12 tasks run through the group in rounds
    Then every one of the 12 tasks ran exactly once
    And at most <limit> tasks were ever running at once
    And at one moment exactly <limit> tasks were running
    And no goroutine is left running

    @contract @needs:bounded
    Examples: the contract
      | group            | limit |
      | reference        | 3     |
      | reference        | 1     |

    Examples: other implementations
      | group            | limit |
      | errgroup         | 3     |
      | errgroup         | 1     |
      | conc             | 3     |
      | conc             | 1     |
      | conc-first-error | 3     |
      | gather           | 3     |
      | gather           | 1     |

  Scenario Outline: <group>: 12 tasks through a limit of 3, the root cancelled while they wait for a slot
    The root is cancelled once the first three run, while Go waits for a slot (or the group holds
    the others queued). Cancelling asks the tasks to stop; it frees no slot: the limit holds on
    this path too. A group may skip the tasks it has not started once it is cancelled; one that
    promises to run every task must still run them, in turn.

    Given the "<group>" task group limited to 3 tasks at a time
    When 12 tasks run through the group in rounds, and the root context is cancelled after the first
    Then <ran>
    And at most 3 tasks were ever running at once
    And no goroutine is left running

    @contract @needs:bounded
    Examples: the contract
      | group            | ran                                                                                      |
      | reference        | every one of the 12 tasks ran exactly once, or was skipped once the group was cancelled |

    Examples: other implementations
      | group            | ran                                        |
      | errgroup         | every one of the 12 tasks ran exactly once |
      | conc             | every one of the 12 tasks ran exactly once |
      | conc-first-error | every one of the 12 tasks ran exactly once |
      | gather           | every one of the 12 tasks ran exactly once |

  @negative
  Scenario: A limit that is off by one is caught by the limit check
    Given the "exceeds-limit" task group limited to 3 tasks at a time
    When 12 tasks run through the group in rounds
    Then the limit check catches 4 tasks running at once under a limit of 3
    And no goroutine is left running

  @negative
  Scenario: A limit that is never reached is caught by the check that the group fills it
    The reference group with its limit off by one the other way: asked for 3, it runs 2 at once.
    It never exceeds the limit, so only the check that the group uses it catches the bug.

    Given the "falls-short-of-limit" task group limited to 3 tasks at a time
    When 12 tasks run through the group in rounds
    Then at most 3 tasks were ever running at once
    And the check that at one moment exactly 3 tasks were running fails, saying at most 2 ran at once
    And no goroutine is left running

  @negative
  Scenario: A group that drops a task when every slot is taken is caught by the ledger
    The reference group whose Go, finding every slot taken, forgets the task instead of waiting
    for a slot. Go returns as if it had taken it; nothing fails, nothing leaks, and nothing
    cancelled the group. Only the ledger, which counts every task Go took, sees two go missing.

    Given the "drops-when-full" task group limited to 3 tasks at a time
    When 5 tasks are started that may return only once Wait has been called
    Then the ledger check catches 2 of the 5 tasks taken by Go and never run
    And no goroutine is left running

  Scenario Outline: <group>: when every slot is taken, <try>
    Given the "<group>" task group limited to 2 tasks at a time
    When 2 tasks are running and holding their slots
    Then <try>
    And no goroutine is left running

    @contract @needs:bounded @needs:try-go
    Examples: the contract
      | group            | try                          |
      | reference        | TryGo refuses a further task |

    Examples: other implementations
      | group            | try                          |
      | errgroup         | TryGo refuses a further task |
      | gather           | TryGo refuses a further task |
      | conc             | the group offers no TryGo    |
      | conc-first-error | the group offers no TryGo    |

  @negative
  Scenario: A limit that is off by one lets TryGo take a task when every slot is taken, and the TryGo check says so
    Given the "exceeds-limit" task group limited to 2 tasks at a time
    When 2 tasks are running and holding their slots
    Then the check that TryGo refuses a further task fails
    And no goroutine is left running

  Scenario Outline: the reference group refuses a limit of <limit>
    A limit below 1 would let no task run: every Go would block for ever. SetLimit refuses it at
    once, with a panic that says why.

    Given the "reference" task group
    Then setting its limit to <limit> panics, saying "group: limit must be at least 1, got <limit>"
    And no goroutine is left running

    Examples:
      | limit |
      | 0     |
      | -1    |

  @negative
  Scenario Outline: <group>: siblings that fill every slot deadlock the group, and the step says why at once
    Four siblings wait on their context for a failure to cancel it, but the group runs only 2
    tasks at a time: the first two take both slots and wait, the third sibling cannot start
    (its Go blocks, or the group queues it), and the task whose failure would cancel them never
    starts. The deadlock is real: the scenario is wrong for such a limit. What the corpus owes
    is to fail the step as soon as nothing can move, saying who holds the slots and what they
    wait for — never to hang the run.

    Given the "<group>" task group limited to 2 tasks at a time
    When one task fails with "boom" while 4 siblings wait on their context, which cannot finish
    Then the step was stopped as soon as nothing could move, saying "Go is blocked: the group's 2 slots are held by tasks waiting for a cancellation that only the failing task, not yet started, can bring"
    And once the group is cancelled, every task returns and so does Wait
    And no goroutine is left running

    Examples:
      | group     |
      | errgroup  |
      | reference |
      | conc      |
      | gather    |
