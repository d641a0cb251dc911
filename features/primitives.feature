@R05
Feature: Go's primitives keep their documented guarantees
  The guide maps each concurrency primitive to its Go counterpart: a goroutine for a task, a
  channel for a queue, sync.Mutex for a lock, sync/atomic for atomics, and errgroup as the
  parallel loop. Each scenario shows one guarantee a program may rely on, and where a guarantee
  can be broken by using the primitive wrongly, the broken use is run too.

  Scenario Outline: A channel with a buffer of <buffer> delivers values in the order they were sent
    When one goroutine sends the numbers 1 to 1000 on a channel with a buffer of <buffer>
    Then the receiver gets them in the order they were sent
    And no goroutine is left running

    Examples:
      | buffer |
      | 0      |
      | 10     |

  Scenario: A closed channel still delivers what it holds, then the zero value with ok false
    When a channel with a buffer of 3 is given 2 values and closed
    Then receiving yields 2 values, then the zero value with ok false, every time after

  Scenario: Sending on a closed channel panics
    When a value is sent on a closed channel
    Then the send panics with "send on closed channel"

  @negative
  Scenario: A receive from a nil channel blocks for ever, and the bounded wait says so
    A channel declared and never made is nil, and a receive from it never proceeds: the
    goroutine that waits there is stuck for good. For ever cannot be shown, so a bounded wait
    shows it still waiting.

    When a goroutine receives from a nil channel
    Then 50ms later it is still waiting, and the bounded wait says so
    And no goroutine is left running

  Scenario: A select never chooses a nil channel
    A nil channel in a select is a case switched off: even beside a closed channel, which is
    always ready, it is never chosen.

    Then a select never chooses a nil channel over a closed one in 1000 tries

  Scenario: A mutex lets one goroutine at a time into the critical section
    Given a critical section guarded by "sync.Mutex"
    When one goroutine is inside and a second tries to enter
    Then the second waits in Lock until the first leaves
    And the most goroutines ever inside at once was 1
    When 8 goroutines each enter it 1000 times
    Then the most goroutines ever inside at once was 1
    And no goroutine is left running

  @negative
  Scenario: A lock that excludes nothing lets a second goroutine in, and the exclusion check says so
    Given a critical section guarded by "no lock"
    When one goroutine is inside and a second tries to enter
    Then the exclusion check catches 2 goroutines inside at once
    And no goroutine is left running

  Scenario: An atomic Add never loses an update
    When 8 goroutines each add 1 with an atomic Add 10000 times
    Then the atomic count is exactly 80000

  @negative
  Scenario: An atomic load and a separate atomic store lose an update when they interleave, and the count check says so
    Each step is atomic, the increment is not. The interleaving that loses the update is forced,
    so the loss is certain rather than likely.

    When two increments made of an atomic load and an atomic store interleave, both loading before either stores
    Then the check that the atomic count is exactly 2 fails, with 1 update lost
    And no goroutine is left running

  Scenario: errgroup as the parallel loop joins every task before Wait returns
    When errgroup runs 100 tasks that each fill their own slot
    Then after Wait every one of the 100 slots is filled
    And no goroutine is left running
