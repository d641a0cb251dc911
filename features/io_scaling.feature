@R08 @P06 @P07 @exclusive
Feature: I/O-bound work scales with concurrency
  A hundred tasks that each wait for the network finish in about the time of one, not a
  hundred times as long: while one waits, the others wait too. The tasks here make real
  requests to a loopback HTTP/2 server that answers each after 50ms, so that ten thousand can be
  in flight without ten thousand connections. How long n tasks took relative to one is reported
  for each n; the bound asserted is loose, because the machine may be busy, and still far from
  the n times of running them one after another. Goroutines play the part that tokio's tasks
  play in Rust and async/await in C#.

  What really happens at large n: each request also costs some CPU (about half a millisecond
  under the race detector), so once n times that cost outgrows the 50ms of waiting, the wall
  time grows with n — the work has become CPU-bound. Measured on a 2-core machine at GOMAXPROCS
  1: about 1.5× for 100 tasks, 9× for 1,000 and 100× for 10,000 (still a hundred times faster
  than one after another); with more processors, less.

  Scenario Outline: <n> concurrent I/O-bound tasks take about as long as one
    Given a loopback HTTP/2 server
    When 1 task and then <n> concurrent tasks each make a request the server answers after 50ms
    Then the <n> tasks took at most <bound> times as long as one
    And once the server is closed, no goroutine is left running

    Examples:
      | n    | bound |
      | 1    | 3     |
      | 10   | 3     |
      | 100  | 5     |
      | 1000 | 50    |

    @slow
    Examples: ten thousand
      | n     | bound |
      | 10000 | 500   |

  @negative
  Scenario: Tasks that wait one after another do not scale, and the scaling check says so
    Given a loopback HTTP/2 server
    When 1 task and then 10 tasks one after another each make a request the server answers after 50ms
    Then the scaling check catches the 10 tasks taking at least 5 times as long as one
    And once the server is closed, no goroutine is left running
