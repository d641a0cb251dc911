@R14
Feature: What a task group does with a panicking task
  A panic in a goroutine that nobody recovers ends the whole process. Task groups differ in what
  they do about it, and the differences matter: the reference group turns the panic into the
  error Wait returns (with the panic value and the stack), conc recovers it in the task and
  panics again in Wait, and errgroup and a plain WaitGroup recover nothing, so the process dies
  before Wait can return. The crashing cases run in a child process, where dying is observable.
  Whichever the answer, the panic cancels the sibling when it happens, and Wait — returning or
  panicking — comes only once the sibling has returned too.

  Scenario Outline: <group>: the panic becomes the error Wait returns
    Given the "<group>" task group
    When one task panics with "task exploded" while a sibling waits on its context
    Then the sibling observes cancellation
    And Wait returns the panic as an error carrying "task exploded" and the stack of "taskgroups.explode"
    And no goroutine is left running

    @contract @needs:recovers-panics @needs:cancels-on-error
    Examples: the contract
      | group     |
      | reference |

  Scenario Outline: <group>: a task that panics with an error is that error, for errors.Is and errors.As
    A task may panic with an error value (panic(err)). The error Wait returns then wraps it: a
    caller that asks errors.Is or errors.As about the error finds it, as if the task had returned
    it.

    Given the "<group>" task group
    When one task panics with the error "disk on fire" while a sibling waits on its context
    Then the sibling observes cancellation
    And errors.Is and errors.As find the task's error "disk on fire" in the error Wait returns
    And no goroutine is left running

    Examples:
      | group     |
      | reference |

  Scenario Outline: <group>: Wait panics again with the task's panic
    Given the "<group>" task group
    When one task panics with "task exploded" while a sibling waits on its context
    Then the sibling observes cancellation
    And Wait panics with "task exploded"
    And no goroutine is left running

    Examples:
      | group            |
      | conc             |
      | conc-first-error |

  Scenario Outline: <group>: nothing recovers the panic and the process dies
    Given the "<group>" task group
    When one task panics with "task exploded" in a child process
    Then the child process dies with exit status 2 and "panic: task exploded"
    And Wait had not returned when the process died

    Examples:
      | group    |
      | errgroup |
      | gather   |

  @negative
  Scenario: A group whose recover was taken out lets the panic kill the process, and the panic-as-error check says so
    The reference group without its recover, run in a child process, where dying is observable.

    Given the "crashes-on-panic" task group
    When one task panics with "task exploded" in a child process
    Then the check that Wait returns the panic as an error carrying "task exploded" and the stack of "taskgroups.explode" fails, for the process died with "panic: task exploded"
