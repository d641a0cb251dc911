@R01 @R07 @exclusive
Feature: Measure first: is the time spent waiting or computing?
  The guide's first step is to find out where the time goes before choosing a model:
  I/O-bound work wants concurrency, CPU-bound work wants parallelism. The simplest measure is
  how many processors the process kept busy on average — its CPU time over its wall time. A
  workload that waits for the network keeps almost none busy; one that computes keeps about one
  per computing goroutine busy. Anything under 0.5 is classified I/O-bound.

  Scenario: Measuring tells a waiting workload from a computing one
    Given a loopback HTTP server
    When a workload of 20 goroutines that each wait for an answer the server gives after 100ms is measured
    And a workload of 2 goroutines that compute is measured
    Then the waiting workload is classified I/O-bound
    And the computing workload is classified CPU-bound
    And once the server is closed, no goroutine is left running

  @negative
  Scenario: A workload that waits by spinning is caught computing
    Guessing from the code ("it only waits for the server") would call this I/O-bound. The
    measurement shows the truth: spinning on a flag burns a processor for as long as it waits.

    Given a loopback HTTP server
    When a workload that waits for the server's answer by spinning on a flag is measured
    Then the spinning workload is classified CPU-bound
    And once the server is closed, no goroutine is left running
