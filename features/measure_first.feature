@R01 @R07 @exclusive
Feature: Measure first: is the time spent waiting or computing?
  The guide's first step is to find out where the time goes before choosing a model:
  I/O-bound work wants concurrency, CPU-bound work wants parallelism. The measure is how many
  processors the workload wants on average: the time its threads spend on a CPU or ready to run,
  over the wall time. A workload that waits for the network wants almost none; one that
  computes wants about one per computing goroutine, whether or not a busy neighbour leaves it
  that many (the neighbour turns running time into waiting-to-run time, and leaves the sum).
  What it obtained, its CPU time over the wall time, is reported beside it. Anything under 0.5
  is classified I/O-bound.

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
    Then the check that the spinning workload is I/O-bound fails
    And once the server is closed, no goroutine is left running
