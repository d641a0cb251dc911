@R15
Feature: Fan out over many requests and collect every result
  The guide's Go example fetches many URLs at once: one goroutine per URL, a WaitGroup, and a
  channel with room for every result, closed only after Wait. Here it runs for real against a
  loopback HTTP server, and so do the three ways of getting it wrong.

  Scenario: Every URL gets exactly one result, failures included
    Given a loopback HTTP server
    When 50 URLs that each answer after 20ms are fetched concurrently, every 5th of them failing with status 500
    Then every URL has exactly one result: 40 with status 200 and 10 with status 500
    And once the server is closed, no goroutine is left running

  Scenario: A server that never answers is cut off by the context's deadline
    Given a loopback HTTP server
    When 3 URLs that answer after 10ms and 1 URL that never answers are fetched with a deadline 200ms away
    Then the 3 URLs that answer do so with status 200
    And the URLs that never answer fail with "context deadline exceeded"
    And once the server is closed, no goroutine is left running

  Scenario: A fan-out that waits before it collects gets every answer
    Given a loopback HTTP server
    When the "wait then close" fan-out fetches 10 URLs whose answers are held until it waits for them
    Then 0 of the 10 answers are reported lost
    And once the server is closed, no goroutine is left running

  @negative
  Scenario: A fan-out that forgets to wait loses the answers that come later
    Given a loopback HTTP server
    When the "without wait" fan-out fetches 10 URLs whose answers are held until it waits for them
    Then 10 of the 10 answers are reported lost
    And once the server is closed, no goroutine is left running

  @negative
  Scenario: Closing the results channel before Wait crashes the program
    When the "close before wait" fan-out fetches 10 URLs in a child process
    Then the child process dies with exit status 2 and "panic: send on closed channel"

  @negative
  Scenario: An unbuffered channel that nobody drains leaves the senders blocked for ever
    The fan-out takes the first answer and returns; the nine other goroutines wait to send on a
    channel nobody will read again. The child's leak check finds every one of them.

    When the "first of unbuffered" fan-out fetches 10 URLs in a child process
    Then the child's leak check reports 9 goroutines blocked sending in "fanout.FetchFirstUnbuffered"
