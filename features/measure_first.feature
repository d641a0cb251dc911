@R01 @R07 @exclusive
Feature: Measure first: is the time spent waiting or computing?
  The guide's first step is to find out where the time goes before choosing a model:
  I/O-bound work wants concurrency, CPU-bound work wants parallelism. The measure is how many
  processors the workload asked for on average, the smaller of two figures: the processors Go's
  scheduler kept running its goroutines, and those its threads wanted from the kernel (on a CPU
  or ready to run), each over the wall time. A workload that waits for the network asks for
  almost none; one that computes asks for about one per computing goroutine, whether or not a
  busy neighbour leaves its threads that many CPUs. A busy neighbour can overstate either figure
  for a waiting workload, each in its own way, but not both at once. What the threads obtained
  is reported beside them. Anything under 0.5 is classified I/O-bound. Each
  workload runs in a program built without the race detector, against a loopback server of its
  own, so what it asks for is Go's and not the detector's.

  Scenario: Measuring tells a waiting workload from a computing one
    When a workload of 20 goroutines that each wait for an answer a loopback server gives after 100ms is measured
    And a workload of 2 goroutines that compute is measured
    Then the waiting workload is classified I/O-bound
    And the computing workload is classified CPU-bound

  @negative
  Scenario: A workload that waits by spinning is caught computing
    Guessing from the code ("it only waits for the server") would call this I/O-bound. The
    measurement shows the truth: spinning on a flag burns a processor for as long as it waits.

    When a workload that waits for a loopback server's answer by spinning on a flag is measured
    Then the check that the spinning workload is I/O-bound fails
