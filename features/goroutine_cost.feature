@R19 @P05 @exclusive
Feature: Goroutines are cheap: one per task, and bound resources rather than goroutines
  A goroutine starts with a small stack and costs about a microsecond to start and join, so a
  program can afford one per task, even a hundred thousand of them; an OS thread per task costs
  tens of times more. Pooling goroutines for blocking work, as one would pool platform threads,
  only queues the waiting: a pool of four goroutines waits four at a time. A limit belongs on the
  resource the tasks share (see the bounded-concurrency scenarios), not on the goroutines. Java's
  virtual threads make the same promise, one per task; the polyglot scenarios run them.

  Everything is measured in the program built without the race detector, as a user's binary is
  built. A task on an OS thread of its own is a goroutine locked to its thread, which it never
  unlocks, so the thread ends with it. What a task costs is its processor time and its memory,
  not how long it took: a busy machine changes the one, not the other.

  Scenario Outline: <n> goroutines are alive at once, each costing a fraction of an OS thread
    When <n> tasks each run on a goroutine of their own, waiting until all have started, and are joined
    And 1000 tasks each run on an OS thread of their own likewise, for comparison
    Then all <n> tasks were alive at once, and every one ran to its end before the join returned
    And a task cost at most 1/10 of the processor time and 1/4 of the memory of a task on an OS thread
    And no goroutine is left running

    Examples:
      | n     |
      | 10000 |

    @slow
    Examples: a hundred thousand
      | n      |
      | 100000 |

  @negative
  Scenario: An OS thread per task is dear, and the goroutine-cost check says so
    When 1000 tasks each run on an OS thread of their own, waiting until all have started, and are joined
    And 1000 tasks each run on an OS thread of their own likewise, for comparison
    Then the check that a task cost at most 1/10 of the processor time and 1/4 of the memory of a task on an OS thread fails
    And no goroutine is left running

  @negative
  Scenario: A fixed pool for blocking work makes the tasks wait their turn, and the scaling check says so
    When 40 tasks that each wait for an answer a loopback server gives after 50ms run with one goroutine each, and then through a fixed pool of 4 goroutines
    Then with one goroutine each, all 40 tasks waited at the server together
    And the check that through the pool all 40 tasks waited at the server together fails
    And no goroutine is left running
