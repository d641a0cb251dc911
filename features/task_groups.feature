Feature: Task groups join their tasks and fail fast
  A task group runs related tasks that complete or fail together. Its Wait returns only once
  every task has returned, so nothing the group started outlives it. With fail-fast joining
  (Python's TaskGroup, Go's errgroup.WithContext) the first failure cancels the context that
  every sibling holds; with collect-all joining (a WaitGroup and a slice of errors: the "gather"
  rows) the siblings run on and Wait hands back every error once all have returned. The gather
  group mirrors asyncio.gather with return_exceptions=True (and Promise.allSettled): every task
  runs to its end and every failure comes back. Default asyncio.gather is another thing, and so
  is Node's Promise.all, which behaves like it: neither joins. Each hands whoever awaits it the
  first failure at once, while the other tasks run on unwatched, and a later failure is never
  raised. python_runtime.feature and other_runtimes.feature show them in their runtimes.

  The join holds on every path, not only when nothing fails: whatever the tasks do — return,
  fail one after another, observe a cancellation, panic — Wait returns only once every task
  that started has returned. Every step that waits for Wait judges this the moment Wait
  returns, so it is checked in every scenario of the task-group features, whatever the step
  says. The scenarios hold tasks and let them go one at a time, so a Wait that returns at the
  first error is caught while the others still run. A group may skip a task
  submitted once it is cancelled; a skipped task never counts as having run. Errors are compared
  as callers compare them, with errors.Is: a group may hand back a task's error wrapped.

  The same scenarios run against every implementation in the catalogue. Where one behaves
  differently from the reference group, its example row states the difference and the scenario
  asserts it: a difference is a documented fact, not a failure. docs/contracts/task-group.md
  says, rule by rule, what a group must do and what it may do instead.

  @R09
  Scenario Outline: <group>: Wait returns only after every task has returned
    Given the "<group>" task group
    When 5 tasks are started that may return only once Wait has been called
    Then Wait returns only after all 5 tasks have returned
    And no goroutine is left running

    @contract
    Examples: the contract
      | group            |
      | reference        |

    Examples: other implementations
      | group            |
      | errgroup         |
      | conc             |
      | conc-first-error |
      | gather           |

  @R09
  Scenario Outline: <group>: when a task fails, Wait still returns only after every task has returned
    Wait is called once the failure has been dealt with. A fail-fast group has cancelled the
    other tasks by then, a collect-all group has not; either way they return only when they are
    let go, one at a time, and Wait must wait for each of them: a Wait that returns the first
    error at once, or as soon as it knows one, is caught with tasks still running.

    Given the "<group>" task group
    When 4 tasks are started that may return only once Wait has been called, and then one fails with "boom"
    Then Wait returns only after all 5 tasks have returned
    And Wait returns only "boom"
    And no goroutine is left running

    @contract
    Examples: the contract
      | group            |
      | reference        |

    Examples: other implementations
      | group            |
      | errgroup         |
      | conc             |
      | conc-first-error |
      | gather           |

  @R09 @negative
  Scenario: A group whose Wait does not wait is caught by the join check
    Given the "returns-early" task group
    When 5 tasks are started that may return only once Wait has been called
    Then the join check catches Wait returning while 5 of the 5 tasks were still running
    And no goroutine is left running

  @R09 @negative
  Scenario: A group whose Wait returns at the first error is caught by the join check
    The reference group with one change: its Wait returns the first error the moment a task
    fails. When nothing fails it waits as it should, so only a join checked where a task fails
    catches it: here the four siblings, cancelled, are still held when Wait returns.

    Given the "returns-at-first-error" task group
    When one task fails with "boom" while 4 siblings wait on their context
    Then the join check catches Wait returning while 4 of the 5 tasks were still running
    And no goroutine is left running

  @R11 @R13 @P02
  Scenario Outline: <group>: when one task fails, <siblings>
    The siblings are looked at once the failure has been dealt with — nothing in the scenario
    moves any more — and before Wait is called: fail-fast cancels when the failure happens, not
    when someone waits.

    Given the "<group>" task group
    When one task fails with "boom" while 4 siblings wait on their context
    Then <siblings>
    And Wait returns <returned>
    And <cause>
    And no goroutine is left running

    @contract @needs:cancels-on-error @needs:reports-cause @needs:first-error-only
    Examples: the contract
      | group            | siblings                             | returned                                       | cause                                                    |
      | reference        | all 4 siblings observe cancellation | only "boom"                                    | the cancellation cause is "boom"                         |

    Examples: other implementations
      | group            | siblings                             | returned                                       | cause                                                    |
      | errgroup         | all 4 siblings observe cancellation | only "boom"                                    | the cancellation cause is "boom"                         |
      | conc             | all 4 siblings observe cancellation | "boom" joined with 4 "context canceled" errors | the cancellation carries no cause but "context canceled" |
      | conc-first-error | all 4 siblings observe cancellation | only "boom"                                    | the cancellation carries no cause but "context canceled" |
      | gather           | no sibling observes cancellation    | only "boom"                                    | the tasks' context is never cancelled                    |

  @R11 @negative
  Scenario: A group that does not cancel on failure is caught by the sibling-cancellation check
    The reference group with its cancellation taken out: the failure is kept for Wait, which
    still returns it, but the siblings run on as if nothing had happened.

    Given the "no-cancel" task group
    When one task fails with "boom" while 4 siblings wait on their context
    Then the check that all 4 siblings observe cancellation fails
    And Wait returns only "boom"
    And no goroutine is left running

  @R11 @negative
  Scenario: A group that cancels without a cause is caught by the cause check
    The reference group cancelled with a plain context.WithCancel: every sibling is cancelled
    when the task fails, but context.Cause tells them only "context canceled", not why.

    Given the "loses-cause" task group
    When one task fails with "boom" while 4 siblings wait on their context
    Then all 4 siblings observe cancellation
    And Wait returns only "boom"
    And the check that the cancellation cause is "boom" fails
    And no goroutine is left running

  @R11
  Scenario Outline: <group>: <watchers>
    A task often ties something longer-lived to the context it received: a goroutine that
    watches for cancellation, a context.AfterFunc, a connection closed when the context is done.
    The group's context is the group's own and lasts as long as the group: once Wait has joined
    every task it cancels that context, and whatever the tasks tied to it ends with the group.
    Nothing fails here, so nothing but Wait can cancel it. A group that hands its tasks the
    parent's own context has nothing of its own to cancel: what the tasks tied to it lasts until
    the parent's owner cancels the parent.

    Given the "<group>" task group
    When 3 tasks each start a watcher that runs until their context is done, and return
    Then <watchers>
    And no goroutine is left running

    @contract @needs:cancels-on-wait
    Examples: the contract
      | group            | watchers                                                                |
      | reference        | all 3 watchers have ended once Wait has returned                        |

    Examples: other implementations
      | group            | watchers                                                                |
      | errgroup         | all 3 watchers have ended once Wait has returned                        |
      | conc             | all 3 watchers have ended once Wait has returned                        |
      | conc-first-error | all 3 watchers have ended once Wait has returned                        |
      | gather           | the 3 watchers run on after Wait, until the parent context is cancelled |

  @R11 @negative
  Scenario: A group whose Wait leaves the context live is caught by the check that the watchers have ended
    The reference group whose Wait joins every task and returns, as it should, without cancelling
    the context it gave them: the watchers the tasks started run on after the group has ended,
    until the parent is cancelled, as if the group had no context of its own.

    Given the "leaves-context-live" task group
    When 3 tasks each start a watcher that runs until their context is done, and return
    Then the check that all 3 watchers have ended once Wait has returned fails: watcher 1 of 3 has not ended: it waits on the context task 1 received, which Wait left live
    And the 3 watchers run on after Wait, until the parent context is cancelled
    And no goroutine is left running

  @R13
  Scenario Outline: <group>: when three tasks fail in turn, Wait returns <returned>
    Each task is submitted once the group has dealt with the one before, so the second and the
    third reach a fail-fast group that is already cancelled: it may run them or skip them, and a
    task it skips neither runs nor counts among the errors.

    Given the "<group>" task group
    When 3 tasks fail one after another with "first", "second" and "third"
    Then Wait returns <returned>
    And no goroutine is left running

    @contract @needs:first-error-only
    Examples: the contract
      | group            | returned                              |
      | reference        | only "first"                          |

    Examples: other implementations
      | group            | returned                              |
      | errgroup         | only "first"                          |
      | conc             | "first", "second" and "third" joined |
      | conc-first-error | only "first"                          |
      | gather           | "first", "second" and "third" joined |

  @R13 @negative
  Scenario: A group whose Wait swallows the error is caught by the check on what Wait returns
    The reference group whose Wait waits for every task, as it should, and then returns nil.

    Given the "swallows-errors" task group
    When 3 tasks fail one after another with "first", "second" and "third"
    Then the check that Wait returns only "first" fails
    And no goroutine is left running

  @R11 @negative
  Scenario: A task that ignores its context outlives the cancellation, and the sibling-cancellation check says so
    Cancelling a context only asks: a task that never looks at it keeps running. The group can
    then not finish until the task ends by itself, which is how fail-fast turns into a hang.

    Given the "reference" task group
    When one task fails with "boom" while a sibling ignores its context
    Then the check that the sibling observes cancellation fails, saying it does not look at its context
    And no goroutine is left running
