@R19
Feature: A limited group never runs more tasks at once than its limit
  Goroutines are cheap, so a limit is not there to save goroutines: it bounds a resource the
  tasks share (connections, memory, a remote service's patience). errgroup's SetLimit, a
  semaphore.Weighted, conc's WithMaxGoroutines and the reference group's SetLimit each promise
  that no more than the limit run at once. How a group keeps to it is its own choice: Go may wait
  for a free slot (errgroup), or take the task at once and queue it until a slot frees (a pool).
  Either way every task Go takes runs, exactly once.

  The tasks run in rounds: a goroutine submits them all; each round, the number running is read
  only once nothing in the scenario moves — the group has started every task its limit allows and
  each is held — and then they are let go. The count is exact and no timing is involved.

  Scenario Outline: <group>: 12 tasks through a limit of 3
    Given the "<group>" task group limited to 3 tasks at a time
    When 12 tasks run through the group in rounds
    Then at most 3 tasks were ever running at once
    And at one moment exactly 3 tasks were running
    And no goroutine is left running

    @contract @needs:bounded
    Examples: the contract
      | group            |
      | reference        |

    Examples: other implementations
      | group            |
      | errgroup         |
      | conc             |
      | conc-first-error |
      | gather           |

  @negative
  Scenario: A limit that is off by one is caught
    Given the "exceeds-limit" task group limited to 3 tasks at a time
    When 12 tasks run through the group in rounds
    Then the limit check catches 4 tasks running at once under a limit of 3
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
