@R25
Feature: A channel link holds the producer back, or says it does not
  The link between two stages of a pipeline — a buffered channel, or a queue with an input and
  an output channel — decides what a slow consumer does to the producer. A bounded link takes
  as many items as its capacity and then makes the producer wait: the slow stage's pace reaches
  every stage upstream, and memory stays bounded. An unbounded queue takes everything at once:
  a legal choice, and sometimes the right one, but one that removes backpressure, so a link
  that makes it must declare itself unbounded, and the row then reports how many items it took
  instead of failing.

  The producer counts each item the link took; the consumer takes a few and pauses. Once
  nothing in the scenario moves — the producer waits on its send, or has sent everything — the
  items sent less the items taken are what the link holds. Nothing is timed. Then the consumer
  reads on until the output closes.

  Scenario Outline: <link>: a paused consumer holds the producer back
    Given the "<link>" channel link with a capacity of 4
    When 100 items are sent through it while the consumer takes 2 and pauses
    Then the producer is held back once the link holds 4 items, unless the link declares itself unbounded
    And no goroutine is left running

    @contract
    Examples: the contract
      | link    |
      | channel |

    Examples: other implementations, an unbounded queue reported with what it took
      | link            |
      | unbounded-queue |

  @negative
  Scenario: An unbounded queue held to a capacity lets the producer run away, and the backpressure check says so
    The queue keeps the order and closes its output after the last item; it only never makes
    the producer wait. Held to the capacity it was asked for, it fails.

    Given the "unbounded-queue" channel link with a capacity of 4
    When 100 items are sent through it while the consumer takes 2 and pauses
    Then the check that the producer is held back once the link holds 4 items fails: the link took 98 items while the consumer was paused, where its capacity is 4, and the producer sent all 100
    And no goroutine is left running
