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

  Each request's work is entered in a ledger when it runs: a queued request's work runs once,
  in the pool, and a turned-away request's work never runs. The layer's Run returns when its
  channel is closed or its context cancelled, and only once the work it queued is done: the
  scenario closes or cancels while the first request still computes, waits until Run's
  goroutine has either returned or blocked, and only then releases the first request, so a Run
  that returns too early has done so, and is caught by what was still undone when it returned.

  Scenario: An I/O layer that offloads keeps accepting while the CPU pool is busy
    Given the I/O layer "offloading to 1 worker with a queue of 8"
    When a request whose CPU work runs until released arrives, followed by 3 cheap requests
    Then all 3 cheap requests are accepted while the first is still computing: 3 queued and 0 turned away
    And the work of each queued request ran once, in the pool, and that of each request turned away never ran
    And no goroutine is left running

  Scenario: An I/O layer whose queue is full turns the next requests away at once
    The one worker computes the first request, so the queue fills with the first 8 cheap
    requests; the 9th and 10th find it full.

    Given the I/O layer "offloading to 1 worker with a queue of 8"
    When a request whose CPU work runs until released arrives, followed by 10 cheap requests
    Then all 10 cheap requests are accepted while the first is still computing: 8 queued and 2 turned away
    And the work of each queued request ran once, in the pool, and that of each request turned away never ran
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

  @negative
  Scenario: An I/O layer that computes what its full queue turns away is caught by the work ledger
    It tells the 9th and 10th requests that they are turned away, but runs their work first, on
    the goroutine that accepts requests.

    Given the I/O layer "computing what a full queue of 8 turns away"
    When a request whose CPU work runs until released arrives, followed by 10 cheap requests
    Then the check that the work of each queued request ran once, in the pool, and that of each request turned away never ran fails: cheap request 9 was turned away, but its work ran on the goroutine that accepts requests
    And no goroutine is left running

  Scenario: Closing the layer's channel makes Run return once its worker has finished what it queued
    Given the I/O layer "offloading to 1 worker with a queue of 8"
    When a request whose CPU work runs until released arrives, followed by 3 cheap requests
    And the I/O layer's channel is closed while the first request is still computing
    Then Run returned only once the work of every request it had queued was done
    And the work of each queued request ran once, in the pool, and that of each request turned away never ran
    And no goroutine is left running

  @negative
  Scenario: An I/O layer whose Run does not wait for its worker returns while it computes, and the join check says so
    Given the I/O layer "returning before its worker is done"
    When a request whose CPU work runs until released arrives, followed by 3 cheap requests
    And the I/O layer's channel is closed while the first request is still computing
    Then the check that Run returned only once the work of every request it had queued was done fails: the layer's Run returned before the work of the requests it had queued was done: 1 still running, 3 not yet started
    And no goroutine is left running

  Scenario: Cancelling the layer's context makes Run return once its worker has finished what it queued
    The channel stays open: only the context tells Run to stop.

    Given the I/O layer "offloading to 1 worker with a queue of 8"
    When a request whose CPU work runs until released arrives, followed by 3 cheap requests
    And the I/O layer's context is cancelled while the first request is still computing
    Then Run returned once its context was cancelled
    And Run returned only once the work of every request it had queued was done
    And the work of each queued request ran once, in the pool, and that of each request turned away never ran
    And no goroutine is left running

  @negative
  Scenario: An I/O layer whose Run ignores its context goes on waiting for requests, and the context check says so
    Given the I/O layer "ignoring its context"
    When a request whose CPU work runs until released arrives, followed by 3 cheap requests
    And the I/O layer's context is cancelled while the first request is still computing
    Then the check that Run returned once its context was cancelled fails: the layer's Run did not return when its context was cancelled, and nothing in the scenario could make it
    And no goroutine is left running
