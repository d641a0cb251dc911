@R06 @P03 @exclusive
Feature: A mixed workload keeps its I/O layer apart from its CPU work
  The guide's decision tree ends with mixed workloads: separate the I/O layer from the CPU
  layer and offload the computing to a bounded pool. The I/O layer then goes on accepting while
  the pool is busy; an I/O layer that computes inline accepts nothing until it is done. The
  first request here computes until the scenario releases it, so "while it is still computing"
  is a fact, not a race; how long acceptance took is reported as a figure. Node.js shows the
  same split with its event loop and worker threads.

  Scenario: An I/O layer that offloads keeps accepting while the CPU pool is busy
    Given the I/O layer "offloading to a pool of 1 worker"
    When a request whose CPU work runs until released arrives, followed by 3 cheap requests
    Then all 3 cheap requests are accepted while the first is still computing
    And no goroutine is left running

  @negative
  Scenario: An I/O layer that computes inline stalls, and the bounded wait says so
    Given the I/O layer "computing inline"
    When a request whose CPU work runs until released arrives, followed by 3 cheap requests
    Then 100ms later no cheap request has been accepted, and the bounded wait says so
    And no goroutine is left running
