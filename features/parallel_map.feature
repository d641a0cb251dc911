@R16 @P06 @P07
Feature: A parallel map returns results in input order
  Spreading CPU-bound work over cores is worth it only if the answer stays the same: result i
  belongs to item i, whatever order the items finish in. The scenarios force the worst order —
  the last item finishes first — so a map that collects in completion order cannot pass by luck.
  It is Go's counterpart of rayon's par_iter and C#'s Parallel.ForEach over an ordered result.

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

  @exclusive
  Scenario: Mapping CPU-bound items over the cores, the speedup is measured
    The speedup depends on the cores the run may use (GOMAXPROCS) and on what else the machine
    is doing, so it is reported, not asserted; the results must equal the sequential ones.

    When 8 CPU-bound items are mapped sequentially and then with one worker per core
    Then no goroutine is left running
