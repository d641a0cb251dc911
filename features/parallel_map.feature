@R16 @P06 @P07
Feature: A parallel map returns results in input order
  Spreading CPU-bound work over cores is worth it only if the answer stays the same: result i
  belongs to item i, whatever order the items finish in. The scenarios force the worst order —
  the last item finishes first — so a map that collects in completion order cannot pass by luck.
  The map runs as many items at once as it has workers, no more and no fewer, and over the cores
  it is faster than one after another. It is Go's counterpart of rayon's par_iter and C#'s
  Parallel.ForEach over an ordered result.

  Scenario: The ordered map keeps input order when items finish in reverse
    Given the "ordered" parallel map with 8 workers
    When it maps 8 items that finish in reverse order
    Then the results come back in input order
    And no goroutine is left running

  @negative
  Scenario: A map that collects in completion order is caught by the order check
    Given the "completion-order" parallel map with 8 workers
    When it maps 8 items that finish in reverse order
    Then the order check catches the result of item 7 at position 0
    And no goroutine is left running

  Scenario: The ordered map runs as many items at once as it has workers
    Given the "ordered" parallel map with 3 workers
    When it maps 8 items that each wait until released
    Then as many items ran at once as the map has workers
    And no goroutine is left running

  @negative
  Scenario Outline: A map that ignores its worker count is caught by the worker-limit check (<map>)
    Given the "<map>" parallel map with 3 workers
    When it maps 8 items that each wait until released
    Then the check that as many items ran at once as the map has workers fails
    And no goroutine is left running

    Examples:
      | map                |
      | goroutine per item |
      | one at a time      |

  @exclusive
  Scenario: Mapping CPU-bound items over the cores is faster than one after another
    The items are mapped in the program built without the race detector, with one processor per
    core. A busy machine can take the cores away and flip a ratio of wall times, so the map is
    judged by how long it takes given the processors it wants: the processor time of the threads
    that run the items, over the processors those threads want (on a CPU or waiting for one),
    in alternating rounds. A round in which the map took far more processor time than one after
    another, for the same items, is one in which the processors slowed each other down (hardware
    threads of one core, or a busy host) and cannot show a speed-up; when most rounds are such,
    the scenario is skipped with what was measured. The wall-time speed-up is reported beside it.

    Given the "ordered" parallel map with one worker per core
    When it maps 64 CPU-bound items, and they are mapped one after another too
    Then it is at least 1.5 times faster than one after another, given the processors it wants
    And no goroutine is left running

  @exclusive @negative
  Scenario: A map that runs one item at a time is caught by the parallel-speedup check
    Given the "one at a time" parallel map with one worker per core
    When it maps 64 CPU-bound items, and they are mapped one after another too
    Then the check that it is at least 1.5 times faster than one after another, given the processors it wants, fails
    And no goroutine is left running
