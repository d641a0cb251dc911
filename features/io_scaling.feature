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

  The last two scenarios turn to the server's side: many clients connected at once to a server
  that hands each connection to a goroutine of its own, or to a pool of a hundred handlers, as a
  thread-per-request server would. They count the connections in service at one moment and how
  many one handler served in turn, over three runs, and report how much longer the pool took. A
  busy machine can only lower the first count and raise the second (a handler it keeps from
  running starts its wait after others have ended theirs), never take them past what the way of
  handling allows, so each is read in the run it disturbed least.

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

  @R22 @negative
  Scenario: Thousands of concurrent connections: a goroutine each against a pool of 100 handlers
    The guide's table says concurrency is for thousands of concurrent connections, and a
    thread per request is enough under a hundred. Here 2000 clients connect at once to a
    loopback TCP server whose handler takes 100ms to answer, as if it waited on a database. The
    server accepts them all, then hands each to a goroutine of its own, or each in turn to a free
    handler of a pool of 100 goroutines — a thread-per-request server with a pool of threads.
    What is counted, not timed, decides: how many connections were in service at one moment.
    How many the pool had (never more than its 100 handlers) and how many its busiest handler
    served one after another (at least 20, each waiting its 100ms) are figures, not checks:
    the pool's shape fixes them. The pool's wall time over the goroutines' is reported as
    connections_2000_pool_over_goroutines.

    When 2000 concurrent connections to a loopback server whose handler answers after 100ms are handled by a goroutine each and by a pool of 100 handlers
    Then a goroutine each had all 2000 connections in service at once
    And the check that the pool had all 2000 connections in service at once fails
    And no goroutine is left running

  @R22
  Scenario: Under 100 concurrent connections a pool of 100 handlers serves them as fast as a goroutine each
    With 50 clients the pool has a handler free for each, so it serves them all at once, in
    one wait of 100ms, as a goroutine each does. The pool's wall time over the goroutines' is
    reported as connections_50_pool_over_goroutines.

    When 50 concurrent connections to a loopback server whose handler answers after 100ms are handled by a goroutine each and by a pool of 100 handlers
    Then a goroutine each had all 50 connections in service at once
    And the pool had all 50 connections in service at once
    And the pool's busiest handler served at most 1 connection one after another
    And no goroutine is left running
