@R25
Feature: Pipelines keep order, push back, and stop together
  Work that is inherently sequential does not become faster with a parallel loop; a pipeline
  runs its stages side by side instead, each in its own goroutine, joined by channels with a
  small buffer. Items keep their order, a slow consumer holds everything upstream back, the
  first error stops every stage, and a consumer that walks away leaves nothing running and
  nothing flowing.

  Scenario: Items leave a pipeline in the order they entered
    Given a pipeline of 3 stages joined by channels with a buffer of 2
    When 100 items flow through it
    Then they come out in the order they went in, each once
    And the pipeline returns "<nil>"
    And no goroutine is left running

  @negative
  Scenario: A stage that sends its items from a stack reorders them, and the order check says so
    Stage 2 gathers four items at a time and sends the last one first.

    Given a pipeline of 3 stages joined by channels with a buffer of 2
    And stage 2 sends its items from a stack
    When 100 items flow through it
    Then the check that they come out in the order they went in, each once fails: item 3 came out in position 0
    And no goroutine is left running

  Scenario: A paused consumer holds the producer back
    Once the consumer pauses and nothing can move any more, each of the 4 channels holds its
    buffer of 2, and the source and each of the 3 stages hold the item they are blocked sending:
    exactly 4 × 2 + 4 = 12 items are in flight. While items still flow, the consumer may hold
    one more, taken but not yet counted, so at no moment are more than 13 in flight.

    Given a pipeline of 3 stages joined by channels with a buffer of 2
    When 100 items are fed to it while the consumer takes 5 and pauses
    Then exactly 12 items are in flight once the pipeline has settled
    And the producer is blocked with at most 13 items in flight
    And no goroutine is left running

  @negative
  Scenario: A stage that holds back a batch keeps one item too many in flight, and the buffering check says so
    Stage 2 gathers four items before it sends them. When the pipeline settles, the ten items
    downstream of it (five taken, five in the channels and stage 3) are the first two batches and
    half of the third, whose other half stage 2 still holds: 13 items in flight, which the bound
    of 13 while items flow lets pass.

    Given a pipeline of 3 stages joined by channels with a buffer of 2
    And stage 2 sends its items from a stack
    When 100 items are fed to it while the consumer takes 5 and pauses
    Then the check that exactly 12 items are in flight once the pipeline has settled fails: 13 items in flight where the settled pipeline holds exactly 12
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

  @negative
  Scenario: A stage that skips the items it fails on hides the error, and the first-error check says so
    Given a pipeline of 3 stages joined by channels with a buffer of 2
    And stage 2 fails on item 5
    And stage 2 skips the items it fails on
    When 100 items are fed to it and the consumer reads until the output closes
    Then the check that the pipeline returns "stage 2 failed on item 5" fails: it returned "<nil>"
    And no goroutine is left running

  Scenario: A consumer that quits early stops the whole pipeline
    The pipeline is full when the consumer quits: every stage holds an item it cannot send. Nobody
    reads the output any more, so each stage must notice the cancellation by itself.

    Given a pipeline of 3 stages joined by channels with a buffer of 2
    When 100 items are fed to it while the consumer takes 3 and pauses
    And the consumer quits, cancelling the context
    Then the pipeline returns "context canceled" with nobody reading its output
    And no goroutine is left running

  Scenario: A consumer that quits an idle pipeline gets the cancellation back
    Every item has come out and the source waits for more when the consumer quits. The source
    then ends without a word, as a source told to stop may: the stages must still report the
    cancellation, or the caller cannot tell a pipeline cut short from one that finished.

    Given a pipeline of 3 stages joined by channels with a buffer of 2
    When 10 items flow through it, and the consumer quits while the source waits for more
    Then the pipeline returns "context canceled"
    And no goroutine is left running

  @negative
  Scenario: A stage that ignores cancellation stays blocked when the consumer quits, and the cancellation check says so
    Given a pipeline of 3 stages joined by channels with a buffer of 2
    And stage 3 ignores cancellation
    When 100 items are fed to it while the consumer takes 3 and pauses
    And the consumer quits, cancelling the context
    Then the check that the pipeline returns "context canceled" with nobody reading its output fails: stage 3 stays parked in "pipeline.MapIgnoringCancel"
    And the leak check reports a goroutine in "pipeline.MapIgnoringCancel"

  Scenario: A stage forwards nothing once the pipeline is cancelled, even with room to send
    The consumer has read every item, so every channel is empty. Then it quits, and only then
    does the source send one more item, as a source that has not yet looked at its context
    would: the first stage must drop it rather than pass it on. A select between a channel with
    room and a done context picks either at random, so this runs in 20 fresh pipelines: a stage
    that leaves the choice to select forwards in about half of them, and in none of the 20 only
    once in a million runs.

    Given a pipeline of 3 stages joined by channels with a buffer of 2
    When 10 items flow through it, and 1 more is sent after the consumer quits, in 20 fresh pipelines one after another
    Then no stage forwards an item after the cancellation
    And the pipeline returns "context canceled"
    And no goroutine is left running

  @negative
  Scenario: A stage that looks at cancellation only when its send would block forwards after the cancel, and the cancellation check says so
    Given a pipeline of 3 stages joined by channels with a buffer of 2
    And stage 1 looks at cancellation only when its send would block
    When 10 items flow through it, and 1 more is sent after the consumer quits
    Then the check that no stage forwards an item after the cancellation fails: stage 1 forwarded item 10
    And no goroutine is left running
