@R06 @P03 @exclusive
Feature: A mixed workload keeps its I/O layer apart from its CPU work
  The guide's decision tree ends with mixed workloads: separate the I/O layer from the CPU
  layer and offload the computing to a bounded pool. The I/O layer then goes on accepting while
  the pool is busy, and turns a request away when the pool's queue is full; an I/O layer that
  computes inline accepts nothing until it is done. The first request here computes until the
  scenario releases it, so "while it is still computing" is a fact, not a race. Each cheap
  request is sent once the layer waits for it, and judged when the layer blocks again: it must
  have been accepted by then. How long acceptance took is reported as a figure. Node.js shows
  the same split with its event loop and worker threads.

  Scenario: An I/O layer that offloads keeps accepting while the CPU pool is busy
    Given the I/O layer "offloading to 1 worker with a queue of 8"
    When a request whose CPU work runs until released arrives, followed by 3 cheap requests
    Then all 3 cheap requests are accepted while the first is still computing: 3 queued and 0 turned away
    And no goroutine is left running

  Scenario: An I/O layer whose queue is full turns the next requests away at once
    The one worker computes the first request, so the queue fills with the first 8 cheap
    requests; the 9th and 10th find it full.

    Given the I/O layer "offloading to 1 worker with a queue of 8"
    When a request whose CPU work runs until released arrives, followed by 10 cheap requests
    Then all 10 cheap requests are accepted while the first is still computing: 8 queued and 2 turned away
    And no goroutine is left running

  @negative
  Scenario: An I/O layer that computes inline stalls, and the accepting check says so
    Given the I/O layer "computing inline"
    When a request whose CPU work runs until released arrives, followed by 3 cheap requests
    Then the check that all 3 cheap requests are accepted while the first is still computing fails: the first request computes on the goroutine that accepts requests
    And no goroutine is left running

  @negative
  Scenario: An I/O layer that waits for room in a full queue stops accepting, and the accepting check says so
    Given the I/O layer "waiting for room in a queue of 8"
    When a request whose CPU work runs until released arrives, followed by 10 cheap requests
    Then the check that all 10 cheap requests are accepted while the first is still computing fails: cheap request 9 was taken but not accepted before the layer blocked again
    And no goroutine is left running
