@R25
Feature: Pipelines keep order, push back, and stop together
  Work that is inherently sequential does not become faster with a parallel loop; a pipeline
  runs its stages side by side instead, each in its own goroutine, joined by channels with a
  small buffer. Items keep their order, a slow consumer holds everything upstream back, the
  first error stops every stage, and a consumer that walks away leaves nothing running.

  Scenario: Items leave a pipeline in the order they entered
    Given a pipeline of 3 stages joined by channels with a buffer of 2
    When 100 items flow through it
    Then they come out in the order they went in, each once
    And the pipeline returns "<nil>"
    And no goroutine is left running

  Scenario: A paused consumer holds the producer back
    The most that can be in flight is a buffer per channel plus one item in the hands of the
    source, of each stage and of the consumer: 4 × 2 + 5 = 13 here.

    Given a pipeline of 3 stages joined by channels with a buffer of 2
    When 100 items are fed to it while the consumer takes 5 and pauses
    Then the producer is blocked with at most 13 items in flight
    And no goroutine is left running

  @negative
  Scenario: A stage that queues without bound lets the producer run away, and the backpressure check says so
    Given a pipeline of 3 stages joined by channels with a buffer of 2
    And stage 2 queues without bound
    When 100 items are fed to it while the consumer takes 5 and pauses
    Then the backpressure check catches 95 items in flight where the pipeline holds at most 13
    And no goroutine is left running

  Scenario: An error in a middle stage stops every stage
    Given a pipeline of 3 stages joined by channels with a buffer of 2
    And stage 2 fails on item 5
    When 100 items are fed to it and the consumer reads until the output closes
    Then the pipeline returns "stage 2 failed on item 5"
    And the consumer got items in order, none from item 5 on
    And no goroutine is left running

  Scenario: A consumer that quits early stops the whole pipeline
    The pipeline is full when the consumer quits: every stage holds an item it cannot send. Nobody
    reads the output any more, so each stage must notice the cancellation by itself.

    Given a pipeline of 3 stages joined by channels with a buffer of 2
    When 100 items are fed to it while the consumer takes 3 and pauses
    And the consumer quits, cancelling the context
    Then the pipeline returns "context canceled" with nobody reading its output
    And no goroutine is left running

  @negative
  Scenario: A stage that ignores cancellation stays blocked when the consumer quits, and the leak check finds it
    Given a pipeline of 3 stages joined by channels with a buffer of 2
    And stage 3 ignores cancellation
    When 100 items are fed to it while the consumer takes 3 and pauses
    And the consumer quits, cancelling the context
    Then the leak check reports a goroutine in "pipeline.MapIgnoringCancel"
