@polyglot
Feature: The same rules in the other runtimes the guide speaks of
  The guide states some of its rules for Python, Node.js, Java, Rust and C#. Their Go analogues
  run elsewhere in the corpus; here each rule runs in its own runtime, in a small program that
  prints what it measured. A runtime the machine does not have is not faked: the scenario is
  skipped with the reason and counted (`make tools` installs them on Debian). What is asserted
  are ratios within one run, with margins that hold on a busy machine; the numbers are figures.

  @P01
  Rule: Python waits with asyncio and computes in processes; its threads take turns on computing work

    @exclusive
    Scenario: asyncio waits for 100 sleeps in about the time of one
      When the Python program "p01_gil.py" runs with "asyncio"
      Then its "asyncio_100_over_1" is at most 3

    @negative @exclusive
    Scenario: Threads computing under the GIL keep one processor busy; processes keep more
      The program runs the same two CPU-bound workers in a thread pool and in a process pool,
      and reports the processors each kept busy (CPU time over wall time, best of five runs).
      Under the GIL the threads take turns: the parallelism check finds about one processor.

      Given a machine with more than one core
      When the Python program "p01_gil.py" runs with "pools"
      Then its "gil" is "true"
      And its "threads_processors" is at most 1.3
      And its "processes_processors" is at least 1.1 times its "threads_processors"

  @P02
  Rule: Python's TaskGroup cancels the other tasks on the first failure; gather lets them run on

    Scenario: TaskGroup cancels the 4 siblings of a failing task
      When the Python program "p02_taskgroup.py" runs with "taskgroup"
      Then its "error" is "boom"
      And its "cancelled" is "4"
      And its "running_after_error" is "0"

    @negative
    Scenario: gather reports the failure and leaves the 4 siblings running, and the cancellation check says so
      When the Python program "p02_taskgroup.py" runs with "gather"
      Then its "error" is "boom"
      And its "cancelled" is "0"
      And its "running_after_error" is "4"

  @P03
  Rule: Node.js computing on the event loop holds up every other callback; a worker thread keeps the loop free

    @negative @exclusive
    Scenario: 300 ms of work inline delays a callback due at once by all of it; in a worker, hardly at all
      When the Node.js program "p03_event_loop.mjs" runs
      Then its "inline_lateness_ms" is at least 0.97 times its "work_ms"
      And its "inline_lateness_ms" is at least 5 times its "worker_lateness_ms"

  @P04
  Rule: Node.js's Promise.all rejects at the first rejection and stops none of the others

    @negative
    Scenario: After Promise.all rejects, the 4 other tasks are still running, and they run to the end
      When the Node.js program "p04_promise_all.mjs" runs with "promise-all"
      Then its "error" is "boom"
      And its "running_after_rejection" is "4"
      And its "completed" is "4"
      And its "stopped" is "0"

    Scenario: An AbortController handed to every task stops the 4 others when one rejects
      When the Node.js program "p04_promise_all.mjs" runs with "promise-all-with-abort"
      Then its "error" is "boom"
      And its "stopped" is "4"
      And its "completed" is "0"

  @P05
  Rule: Java's virtual threads make a thread per blocking task cheap; a fixed pool makes the tasks queue

    @exclusive
    Scenario: 10,000 virtual threads that each block for 50 ms finish in a few latencies
      When the Java program "P05.java" runs with "virtual"
      Then its "wall_over_latency" is at most 40

    @negative @exclusive
    Scenario: 40 blocking tasks through a fixed pool of 4 platform threads wait their turn
      When the Java program "P05.java" runs with "pool"
      Then its "wall_over_latency" is at least 9

    @exclusive
    Scenario: Since JDK 24, blocking inside synchronized no longer pins the carrier
      Before JDK 24 a virtual thread that blocked inside a synchronized block held on to its
      carrier thread, so with one carrier, 100 such threads took 100 latencies. JEP 491 (JDK 24)
      lets it go. Run here on the newest JDK the machine has (21 or later) with one carrier: on
      JDK 24 or later the 100 finish in about one latency; an older JDK fails this scenario.

      When the Java program "P05.java" runs with "synchronized"
      Then its "carriers" is "1"
      And its "wall_over_latency" is at most 10

  @P06
  Rule: Rust uses rayon for data parallelism and tokio for asynchronous I/O

    @exclusive
    Scenario: rayon's parallel map keeps the order and more processors busy than a sequential one
      Given a machine with more than one core
      When the Rust program "p06" runs with "rayon"
      Then its "parallel_processors" is at least 1.1 times its "sequential_processors"

    @exclusive
    Scenario: 1,000 tokio sleeps finish in about the time of one
      When the Rust program "p06" runs with "tokio"
      Then its "wall_over_latency" is at most 3

    @negative @exclusive
    Scenario: Blocking sleeps on tokio's only thread run one after another, and the scaling check says so
      When the Rust program "p06" runs with "tokio-blocking"
      Then its "wall_over_latency" is at least 9

  @P07
  Rule: C# waits with async/await and computes with Parallel.ForEach

    @negative @exclusive
    Scenario: Delays started together take one latency; awaited one by one, twenty; Parallel.ForEach keeps more processors busy than foreach
      Given a machine with more than one core
      When the C# program "P07.cs" runs
      Then its "awaited_together" is at most 3
      And its "awaited_one_by_one" is at least 18
      And its "parallel_foreach_processors" is at least 1.1 times its "foreach_processors"
