@R16 @P06 @P07
Feature: A parallel map returns results in input order
  Spreading CPU-bound work over cores is worth it only if the answer stays the same: result i
  belongs to item i, whatever order the items finish in. The scenarios force the worst order —
  the last item finishes first — so a map that collects in completion order cannot pass by luck.
  The map runs as many items at once as it has workers, no more and no fewer, and over the cores
  it is faster than one after another — at GOMAXPROCS 2, not at GOMAXPROCS 1, where its workers
  take turns on one processor. It is Go's counterpart of rayon's par_iter and C#'s
  Parallel.ForEach over an ordered result.

  The "ordered" map is the reference: the reference task group with a limit, each task writing
  the result of its own index. The same scenarios run against conc's iter.Map and iter.MapErr,
  conc's stream (whose callbacks, run in the order the tasks were submitted, append the
  results) and the errgroup-with-an-index map most Go code writes by hand. What a failing or
  panicking item does is where they part: each row states what its map does, and
  docs/contracts/ordered-map.md says what every map must do and what it may do instead. Every
  row ends with nothing left running, and every row in which an item fails or panics checks
  that the map returned only once every call it started had returned.

  Scenario Outline: <map>: keeps input order when items finish in reverse
    Given the "<map>" parallel map with 8 workers
    When it maps 8 items that finish in reverse order
    Then the results come back in input order
    And no goroutine is left running

    @contract
    Examples: the contract
      | map            |
      | ordered        |

    Examples: other implementations
      | map            |
      | conc-iter      |
      | conc-iter-err  |
      | conc-stream    |
      | errgroup-index |

  @negative
  Scenario: A map that collects in completion order is caught by the order check
    Given the "completion-order" parallel map with 8 workers
    When it maps 8 items that finish in reverse order
    Then the order check catches the result of item 7 at position 0
    And no goroutine is left running

  Scenario Outline: <map>: runs as many items at once as it has workers
    Given the "<map>" parallel map with 3 workers
    When it maps 8 items that each wait until released
    Then as many items ran at once as the map has workers
    And no goroutine is left running

    @contract
    Examples: the contract
      | map            |
      | ordered        |

    Examples: other implementations
      | map            |
      | conc-iter      |
      | conc-iter-err  |
      | conc-stream    |
      | errgroup-index |

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

  @R09 @R13
  Scenario Outline: <map>: when one item fails, <returned>
    The items are held until the step lets them go. Once all four run, the first fails; the
    others are let go only once the map has dealt with the failure, so a map that returns the
    error at once is caught with three calls still running.

    Given the "<map>" parallel map with 4 workers
    When it maps 4 items, and once all have started item 0 fails with "boom"
    Then the map returned only once all 4 calls had returned
    And <returned>
    And no goroutine is left running

    @contract @needs:map-returns-errors
    Examples: the contract
      | map            | returned                                          |
      | ordered        | the map returns an error that is "boom"           |

    Examples: other implementations
      | map            | returned                                          |
      | conc-iter-err  | the map returns an error that is "boom"           |
      | errgroup-index | the map returns an error that is "boom"           |
      | conc-iter      | the map returns no error: it has no way to return one |
      | conc-stream    | the map returns no error: it has no way to return one |

  @R09 @negative
  Scenario: A map that returns at the first error is caught by the check that it returned only once every call had
    The reference map over a group whose Wait returns the first error the moment an item
    fails. When nothing fails it waits as it should; here the three other calls, cancelled, are
    still held when it returns.

    Given the "returns-at-first-error" parallel map with 4 workers
    When it maps 4 items, and once all have started item 0 fails with "boom"
    Then the check that the map returned only once all 4 calls had returned fails: the map returned while 3 of the 4 calls were still running
    And no goroutine is left running

  @R13 @negative
  Scenario: A map that swallows an item's error is caught by the check on the error it returns
    Given the "swallows-errors" parallel map with 4 workers
    When it maps 4 items, and once all have started item 0 fails with "boom"
    Then the map returned only once all 4 calls had returned
    And the check that the map returns an error that is "boom" fails: it returned no error
    And no goroutine is left running

  @R11 @R13
  Scenario Outline: <map>: when one item fails, <siblings>
    The other items are looked at once the map has dealt with the failure — nothing in the
    scenario moves any more — and before they are let go: a map that cancels them only when
    they return, or when it returns, is caught.

    Given the "<map>" parallel map with 4 workers
    When it maps 4 items, and once all have started item 0 fails with "boom"
    Then <siblings>
    And the map returned only once all 4 calls had returned
    And no goroutine is left running

    @contract @needs:map-cancels-on-error
    Examples: the contract
      | map            | siblings                               |
      | ordered        | the 3 other items observe cancellation |

    Examples: other implementations
      | map            | siblings                               |
      | errgroup-index | the 3 other items observe cancellation |
      | conc-iter      | no other item observes cancellation    |
      | conc-iter-err  | no other item observes cancellation    |
      | conc-stream    | no other item observes cancellation    |

  @R11 @negative
  Scenario: A map whose failure cancels nothing is caught by the sibling-cancellation check
    The reference map over a group that keeps the first error for the caller and cancels
    nothing: the other items run on as if nothing had failed.

    Given the "no-cancel" parallel map with 4 workers
    When it maps 4 items, and once all have started item 0 fails with "boom"
    Then the check that the 3 other items observe cancellation fails: 3 of the 3 other items had not observed cancellation once the map had dealt with the failure
    And the map returns only "boom"
    And no goroutine is left running

  @R13
  Scenario Outline: <map>: when three items fail in turn, <returned>
    Each item is let go once the map has dealt with the one before, so the first error is
    known to be the first.

    Given the "<map>" parallel map with 3 workers
    When it maps 3 items that fail one after another with "first", "second" and "third"
    Then <returned>
    And the map returned only once all 3 calls had returned
    And no goroutine is left running

    @contract @needs:map-returns-errors @needs:map-first-error-only
    Examples: the contract
      | map            | returned                                              |
      | ordered        | the map returns only "first"                          |

    Examples: other implementations
      | map            | returned                                              |
      | errgroup-index | the map returns only "first"                          |
      | conc-iter-err  | the map returns "first", "second" and "third" joined  |
      | conc-iter      | the map returns no error: it has no way to return one |
      | conc-stream    | the map returns no error: it has no way to return one |

  @R09 @R14
  Scenario Outline: <map>: when an item panics, <outcome>
    A map may turn the panic into its error, or raise it again in the goroutine that called
    it; either way only once every call it started has returned, and nothing is left running.
    A map that lets the panic crash the process (errgroup-index: errgroup recovers nothing)
    declares neither capability, and these rows are skipped for it.

    Given the "<map>" parallel map with 4 workers
    When it maps 4 items, and once all have started item 0 panics with "kaboom"
    Then <outcome>
    And the map returned only once all 4 calls had returned
    And no goroutine is left running

    @contract @needs:map-panic-as-error
    Examples: the panic becomes the map's error
      | map           | outcome                                       |
      | ordered       | the map returns the panic "kaboom" as an error |

    @contract @needs:map-repanics
    Examples: the panic is raised again in the map's caller
      | map           | outcome                                       |
      | conc-iter     | the panic "kaboom" reaches the map's caller    |

    Examples: other implementations
      | map           | outcome                                       |
      | conc-iter-err | the panic "kaboom" reaches the map's caller    |
      | conc-stream   | the panic "kaboom" reaches the map's caller    |

  @R14 @negative
  Scenario: A map that swallows a panic is caught by the check that the panic becomes its error
    Given the "swallows-errors" parallel map with 4 workers
    When it maps 4 items, and once all have started item 0 panics with "kaboom"
    Then the check that the map returns the panic "kaboom" as an error fails: it returned no error
    And the map returned only once all 4 calls had returned
    And no goroutine is left running

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

  @exclusive @negative
  Scenario: A parallel map's speedup over a sequential one at GOMAXPROCS 1 and 2
    The same 64 CPU-bound items are mapped one after another and by the map with one worker
    per core, in alternating rounds, first at GOMAXPROCS 1 and then at GOMAXPROCS 2, in the
    program built without the race detector. The wall-time speed-ups are reported as
    speedup_gomaxprocs_1 and speedup_gomaxprocs_2: about 1 and about 2 while the machine's two
    cores are free (1.84–2.04 at GOMAXPROCS 2 in a quiet spell here), but a tenant busy on every
    core takes CPUs away and brings the second down to about 1 too. So the verdict rests on what
    the map asks for, which no tenant changes: the processors the threads running its items
    wanted (on a CPU or waiting for one), over the wall time, in the median round. At
    GOMAXPROCS 2 they want about two; at GOMAXPROCS 1 its workers take turns on one processor,
    and the same map-parallelism check says they never ran side by side. What the threads
    obtained, what the process held and the machine's CPU pressure are reported beside.

    Given a machine with more than one core
    And the "ordered" parallel map with one worker per core
    When it maps 64 CPU-bound items at GOMAXPROCS 1 and at GOMAXPROCS 2, and one after another at each
    Then at GOMAXPROCS 2 the map's threads wanted at least 1.5 processors on average
    And the check that at GOMAXPROCS 1 the map's threads wanted at least 1.5 processors on average fails
    And no goroutine is left running

  @exclusive @negative
  Scenario: A map that runs one item at a time wants one processor at GOMAXPROCS 2, and the map-parallelism check says so
    Given a machine with more than one core
    And the "one at a time" parallel map with one worker per core
    When it maps 64 CPU-bound items at GOMAXPROCS 1 and at GOMAXPROCS 2, and one after another at each
    Then the check that at GOMAXPROCS 2 the map's threads wanted at least 1.5 processors on average fails
    And at GOMAXPROCS 2 the map's threads wanted at most 1.3 processors on average
    And no goroutine is left running
