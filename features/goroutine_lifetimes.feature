Feature: Every goroutine has an owner who waits for it
  A goroutine that nobody joins is fire-and-forget: its error reaches no one, its result is
  lost, and if it blocks it stays blocked for the life of the process. The owner of a goroutine
  waits for it (a group's Wait, a WaitGroup), hears its error or result, and can stop it through
  its context. Each bad pattern below is run for real and caught: by the leak check, or by a
  ledger of what was produced against what was delivered.

  @R10
  Rule: every task has an owner who hears its error

    Scenario: A task started in a group is joined, and its error is heard
      Given the "reference" task group
      When a task that fails with "disk full" is started in the group and the group is waited for
      Then Wait returns only "disk full"
      And no goroutine is left running

    @negative
    Scenario: A fire-and-forget task is caught as a leak, and the error ledger finds its error heard by nobody
      The task's error is one the ledger follows: it counts the error produced when the task
      returns it, and heard when anyone reads it (its message, or errors.Is asking what it is).
      Once the task's goroutine has ended, nobody can hear the error any more.

      When a task that fails with "disk full" is started fire-and-forget
      Then the leak check reports a goroutine in "lifetime.FireAndForget"
      And once the task has ended, the check that its error was heard fails: the ledger counts 1 produced and 0 heard
      And no goroutine is left running

  @R12
  Rule: a task that could block for ever has a way out

    Scenario: A receiver that selects on its context exits when the context is cancelled
      When a goroutine waits to receive from a channel nobody sends to, selecting on its context
      And its context is cancelled
      Then the receiver returns "context canceled"
      And no goroutine is left running

    @negative
    Scenario: A receiver with no way out outlives the cancellation, and the receiver check and the leak check say so
      When a goroutine waits to receive from a channel nobody sends to, with no way to stop it
      And its context is cancelled
      Then the check that the receiver returns "context canceled" fails
      And the leak check reports a goroutine in "lifetime.ReceiveForever"

  @R21
  Rule: a result is collected only after the tasks are waited for

    Scenario: Collecting after waiting gets every result
      When 5 tasks hand their results to "Collect"
      Then all 5 results arrive
      And no goroutine is left running

    @negative
    Scenario: Collecting without waiting loses results, and the results check says so
      Nothing fails and nothing leaks: the results land in a buffered channel that nobody reads.
      Only counting what was produced against what was delivered shows the loss.

      When 5 tasks hand their results to "CollectWithoutWait"
      Then the check that all 5 results arrive fails, with 5 of them lost
      And no goroutine is left running
