@R08 @P06 @P07 @exclusive
Feature: I/O-bound work scales with concurrency
  A hundred tasks that each wait for the network finish in about the time of one, not a
  hundred times as long: while one waits, the others wait too. The tasks here make real
  requests to a loopback HTTP/2 server that answers each after 50ms, so that ten thousand can be
  in flight without ten thousand connections. They run in the program built without the race
  detector, as a user's binary is built. Goroutines play the part that tokio's tasks play in
  Rust and async/await in C#.

  What is asserted is that the tasks waited together. n tasks that take at most b times as long
  as one wait, on average, n/b at a time; so at one moment at least n/b of them were waiting at
  the server, which counts them. A busy machine slows the sending of the requests, not their
  waiting, so it cannot take that count away, as it can take away a ratio of wall times. How
  long the n tasks took relative to one is reported as a figure: each request also costs some
  CPU, so once n times that cost outgrows the 50ms of waiting, the wall time grows with n.

  Scenario Outline: <n> concurrent I/O-bound tasks take about as long as one
    When 1 task and then <n> tasks concurrently each make a request a loopback HTTP/2 server answers after 50ms
    Then the <n> tasks waited together, as taking at most <bound> times as long as one requires
    And no goroutine is left running

    Examples:
      | n    | bound |
      | 1    | 1     |
      | 10   | 2     |
      | 100  | 2     |
      | 1000 | 5     |

    @slow
    Examples: ten thousand
      | n     | bound |
      | 10000 | 50    |

  @negative
  Scenario: Tasks that wait one after another do not scale, and the scaling check says so
    When 1 task and then 10 tasks one after another each make a request a loopback HTTP/2 server answers after 50ms
    Then the check that the 10 tasks waited together, as taking at most 5 times as long as one requires, fails
    And no goroutine is left running
