@R19
Feature: A limited group never runs more tasks at once than its limit
  Goroutines are cheap, so a limit is not there to save goroutines: it bounds a resource the
  tasks share (connections, memory, a remote service's patience). errgroup's SetLimit, a
  semaphore.Weighted, conc's WithMaxGoroutines and the reference group's SetLimit each promise
  that no more than the limit run at once; Go waits for a free slot.

  The tasks run in rounds: the number running is read only when the group is full and every
  admitted task is held, so the count is exact and no timing is involved.

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
