@R11
Feature: Cancellation reaches every depth
  A context is cancelled for everything derived from it. When a task of one group starts a
  group of its own from the context it received, cancelling the root — or letting its deadline
  pass — reaches the tasks of the inner group too, and context.Cause tells them why. The chain
  breaks only where someone starts from a fresh context.Background(). The inner tasks return one
  at a time once they have observed it, and each group's Wait — the inner one's and the root's —
  must come only after every task it started has returned: a cancellation is a path on which the
  join holds too. The cause is compared with errors.Is: a group may wrap it.

  Scenario Outline: <group>: cancelling the root reaches a group nested in a task
    Given the "<group>" task group
    And one of its tasks runs an inner "<group>" group whose 3 tasks wait on their context
    When the root context is cancelled with the cause "shutting down"
    Then all 3 inner tasks observe cancellation
    And every inner task sees the cause "shutting down"
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

  Scenario Outline: <group>: the root's deadline reaches a group nested in a task
    Given the "<group>" task group under a deadline 20ms away with the cause "took too long"
    And one of its tasks runs an inner "<group>" group whose 3 tasks wait on their context
    When the deadline passes
    Then all 3 inner tasks observe cancellation
    And every inner task sees the cause "took too long"
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

  @negative
  Scenario: A nested group started from context.Background() is cut off from cancellation, and the depth check says so
    The task that starts the inner group roots it in a fresh context.Background() instead of the
    context it received. Cancelling the root reaches the task, not the inner group's tasks: they
    wait on, and nothing in the scenario can cancel them.

    Given the "reference" task group
    And one of its tasks runs an inner "reference" group on a fresh background context, whose 3 tasks wait on theirs
    When the root context is cancelled with the cause "shutting down"
    Then the check that all 3 inner tasks observe cancellation fails, saying their context is not derived from the root
    And no goroutine is left running
