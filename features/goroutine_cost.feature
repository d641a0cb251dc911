@R19 @P05 @exclusive
Feature: Goroutines are cheap: one per task, and bound resources rather than goroutines
  A goroutine starts with a small stack and costs about a microsecond to start and join, so a
  program can afford one per task, even a hundred thousand of them. Pooling goroutines for
  blocking work, as one would pool platform threads, only queues the waiting: a pool of four
  goroutines waits four at a time. A limit belongs on the resource the tasks share (see the
  bounded-concurrency scenarios), not on the goroutines. Java's virtual threads make the same
  promise, one per task; the polyglot scenarios run them.

  Scenario Outline: <n> goroutines are spawned and joined, and what each costs is measured
    The race detector makes every goroutine several times dearer (the figures say whether it was
    on); `make bench` measures a million without it.

    When <n> goroutines are spawned, each waiting until all have started, and then joined
    Then every one of them ran, and the time and memory per goroutine are reported
    And no goroutine is left running

    Examples:
      | n     |
      | 10000 |

    @slow
    Examples: a hundred thousand
      | n      |
      | 100000 |

  @negative
  Scenario: A fixed pool for blocking work makes the tasks wait their turn
    Given a loopback HTTP server
    When 40 tasks that each wait for an answer the server gives after 50ms run with one goroutine each, and then through a fixed pool of 4 goroutines
    Then the fixed pool took at least 3 times as long
    And once the server is closed, no goroutine is left running
