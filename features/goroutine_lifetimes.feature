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
    Scenario: A fire-and-forget task is caught as a leak, and its error reaches nobody
      When a task that fails with "disk full" is started fire-and-forget
      Then the leak check reports a goroutine in "lifetime.FireAndForget"
      And once the task ends, its error has reached nobody
      And no goroutine is left running

  @R12
  Rule: a task that could block for ever has a way out

    Scenario: A receiver that selects on its context exits when the context is cancelled
      When a goroutine waits to receive from a channel nobody sends to, selecting on its context
      And its context is cancelled
      Then the receiver returns "context canceled"
      And no goroutine is left running

    @negative
    Scenario: A receiver with no way out is caught by the leak check
      When a goroutine waits to receive from a channel nobody sends to, with no way to stop it
      Then the leak check reports a goroutine in "lifetime.ReceiveForever"

  @R21
  Rule: a result is collected only after the tasks are waited for

    Scenario: Collecting after waiting gets every result
      When 5 tasks hand their results to "Collect"
      Then all 5 results arrive
      And no goroutine is left running

    @negative
    Scenario: Collecting without waiting loses results, and the ledger counts them
      Nothing fails and nothing leaks: the results land in a buffered channel that nobody reads.
      Only counting what was produced against what was delivered shows the loss.

      When 5 tasks hand their results to "CollectWithoutWait"
      Then 5 of the 5 results are reported lost
      And no goroutine is left running
