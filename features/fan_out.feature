@R15
Feature: Fan out over many requests and collect every result
  The guide's Go example fetches many URLs at once: one goroutine per URL, a WaitGroup, and a
  channel with room for every result, closed only after Wait. Here it runs for real against a
  loopback HTTP server, and so do the four ways of getting it wrong.

  Scenario: Every URL gets exactly one result, failures included
    Each answer must carry the whole body the server sent for its URL.

    Given a loopback HTTP server
    When 50 URLs that each answer after 20ms are fetched concurrently, every 5th of them failing with status 500
    Then every URL has exactly one result: 40 with status 200 and 10 with status 500
    And once the server is closed, no goroutine is left running

  Scenario: A server that never answers is cut off by the context's deadline
    The deadline is the scenario's clock: it passes 200ms after the start, and never before the
    client has read the answers that come in time and the request that never answers is waiting
    at the server. A busy machine can hold a read back past any wall-clock deadline, and a
    correct fan-out must not be failed for that.

    Given a loopback HTTP server
    When 3 URLs that answer after 10ms and 1 URL that never answers are fetched with a deadline 200ms away
    Then every URL has exactly one result: 3 with status 200 and 1 cut off with "context deadline exceeded"
    And once the server is closed, no goroutine is left running

  Scenario: A fan-out sends every request at once and waits for every answer
    The server holds every answer until no more requests come: it then counts how many requests
    are waiting for their answer at once, and lets them all go. Counting, not timing, shows the
    fan-out concurrent, however busy the machine.

    Given a loopback HTTP server
    When the "wait then close" fan-out fetches 10 URLs whose answers are held until no more requests come
    Then all 10 requests were waiting at the server at once
    And every URL has exactly one result: 10 with status 200 and 0 with status 500
    And once the server is closed, no goroutine is left running

  @negative
  Scenario: A fan-out that fetches one URL after another is not concurrent, and the concurrency check says so
    Given a loopback HTTP server
    When the "one after another" fan-out fetches 10 URLs whose answers are held until no more requests come
    Then the check that all 10 requests were waiting at the server at once fails: only 1 of the 10 were waiting at once
    And every URL has exactly one result: 10 with status 200 and 0 with status 500
    And once the server is closed, no goroutine is left running

  @negative
  Scenario: A fan-out that forgets to wait loses the answers that come later, and the one-result check says so
    Given a loopback HTTP server
    When the "without wait" fan-out fetches 10 URLs whose answers are held until no more requests come
    Then the check that every URL has exactly one result fails: 10 of the 10 URLs have none
    And once the server is closed, no goroutine is left running

  @negative
  Scenario: Closing the results channel before Wait crashes the program
    When the "close before wait" fan-out fetches 10 URLs in a child process
    Then the child process dies with exit status 2 and "panic: send on closed channel"

  Scenario: A fan-out that waits for every request leaves no goroutine behind in a child process
    When the "wait then close" fan-out fetches 10 URLs in a child process
    Then the child's leak check finds no goroutine left running

  @negative
  Scenario: An unbuffered channel that nobody drains leaves the senders blocked for ever, and the child's leak check says so
    The fan-out takes the first answer and returns; the nine other goroutines wait to send on a
    channel nobody will read again.

    When the "first of unbuffered" fan-out fetches 10 URLs in a child process
    Then the check that the child's leak check finds no goroutine left running fails: 9 goroutines blocked sending in "fanout.FetchFirstUnbuffered"
