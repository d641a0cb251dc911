@polyglot
Feature: The same rules in the other runtimes the guide speaks of
  The guide states some of its rules for Python, Node.js, Java, Rust and C#. Their Go analogues
  run elsewhere in the corpus; here each rule runs in its own runtime, in a small program that
  prints what it measured. A runtime the machine does not have is not faked: the scenario is
  skipped with the reason and counted (`make tools` installs them on Debian). The programs that
  need compiling are compiled before the first scenario. What is asserted are ratios within one
  run; the numbers are figures.

  Whether work ran in parallel is judged on the processors it wanted, not on those it got. Each
  work item asks the kernel, from the thread that runs it, how long that thread has so far
  been on a CPU and how long it has been ready to run but waiting for one
  (/proc/thread-self/schedstat), once as the item starts and once as it ends. The sum over
  the items, divided by the wall time from the first item's start to the last one's end, is
  the processors wanted. Two workers that compute side by side want two, even when a busy
  neighbour lets them have only one: the time the neighbour takes from them is time they spend
  ready to run, which still counts. Workers that take turns want one, however idle the machine.
  The processors obtained, their time on a CPU alone over the same wall time, is what the
  neighbour changes; it is reported beside, with the machine's CPU pressure. Where the kernel
  does not give those statistics the scenario is skipped with the reason.

  @P01
  Rule: Python waits with asyncio and computes in processes; its threads take turns on computing work

    @exclusive
    Scenario: asyncio waits for 100 sleeps in about the time of one
      When the Python program "p01_gil.py" runs with "asyncio"
      Then the waits overlapped: its "asyncio_100_over_1" is at most 3

    @negative @exclusive
    Scenario: Threads computing under the GIL want one processor between them, processes one each, and the parallelism check tells them apart
      The program runs two workers that compute until the same moment, in a thread pool and
      then in a process pool. Under the GIL one thread computes while the other sleeps until
      it is handed the lock. A thread waiting for the GIL also wakes every switch interval to
      ask for it, and on a busy machine it waits for a CPU to do so, which counts as wanting
      one; the program sets the interval to 100 ms instead of 5 so that the asking is rare.
      The threads still take turns. This is the default build's behaviour: the interpreter is
      asked first whether its GIL is on, and a free-threaded build with it off skips this
      scenario for the next one.

      Given a machine with more than one core
      And a Python with the GIL on (any other Python skips this scenario)
      When the Python program "p01_gil.py" runs with "pools"
      Then its "gil" is "true"
      And the processes wanted at least 1.6 processors
      And the check that the threads wanted at least 1.6 processors fails

    @exclusive
    Scenario: On a free-threaded build with the GIL off, threads computing want a processor each, as processes do
      Python 3.13 added an optional build without the GIL (3.13t), and the guide counts it as a
      way to compute in parallel with threads. On such a build, with the GIL off, the same two
      threads compute side by side. No free-threaded Python is installable on this machine
      (Debian packages 3.11, built with the GIL), so here the interpreter's answer skips this
      scenario and the claim is stated, not run; where one is installed as python3 it runs.

      Given a machine with more than one core
      And a Python with the GIL off (any other Python skips this scenario)
      When the Python program "p01_gil.py" runs with "pools"
      Then its "gil" is "false"
      And the threads wanted at least 1.6 processors
      And the processes wanted at least 1.6 processors

  @P02
  Rule: Python's TaskGroup cancels the other tasks on the first failure; gather lets them run on

    Scenario: TaskGroup cancels the 4 siblings of a failing task
      When the Python program "p02_taskgroup.py" runs with "taskgroup"
      Then its "error" is "boom"
      And the failure stopped the 4 other tasks
      And its "running_after_error" is "0"

    @negative
    Scenario: gather reports the failure and leaves the 4 siblings running, and the cancellation check says so
      When the Python program "p02_taskgroup.py" runs with "gather"
      Then its "error" is "boom"
      And its "running_after_error" is "4"
      And the check that the failure stopped the 4 other tasks fails

  @P03
  Rule: Node.js computing on the event loop holds up every other callback; a worker thread keeps the loop free

    @negative @exclusive
    Scenario: 300 ms of work inline delays a callback due at once by all of it and runs no other; beside a worker the loop keeps running callbacks, and the event-loop check says so
      The program counts how many times a callback that keeps rescheduling itself ran while
      the work was in progress. Inline the loop runs nothing until the work returns, however
      idle the machine; beside a worker it goes on running callbacks, however busy the machine.
      How late a callback due at once ran in each case is reported beside.

      When the Node.js program "p03_event_loop.mjs" runs
      Then its "inline_lateness_ms" is at least 0.97 times its "work_ms"
      And the event loop stayed free: its "worker_callbacks_during_work" is at least 1
      And the check that the event loop stayed free fails: its "inline_callbacks_during_work" is less than 1

  @P04
  Rule: Node.js's Promise.all rejects at the first rejection and stops none of the others

    @negative
    Scenario: After Promise.all rejects, the 4 other tasks are still running, they run to the end, and the cancellation check says so
      When the Node.js program "p04_promise_all.mjs" runs with "promise-all"
      Then its "error" is "boom"
      And its "running_after_rejection" is "4"
      And its "completed" is "4"
      And the check that the failure stopped the 4 other tasks fails

    Scenario: An AbortController handed to every task stops the 4 others when one rejects
      When the Node.js program "p04_promise_all.mjs" runs with "promise-all-with-abort"
      Then its "error" is "boom"
      And the failure stopped the 4 other tasks
      And its "completed" is "0"

  @P05
  Rule: Java's virtual threads make a thread per blocking task cheap; a fixed pool makes the tasks queue, and so does a wait that pins the carrier

    @exclusive
    Scenario: 10,000 virtual threads that each block for 50 ms finish in a few latencies
      When the Java program "P05.java" runs with "virtual"
      Then the waits overlapped: its "wall_over_latency" is at most 40

    @negative @exclusive
    Scenario: 40 blocking tasks through a fixed pool of 4 platform threads wait their turn, and the overlap check says so
      When the Java program "P05.java" runs with "pool"
      Then its "wall_over_latency" is at least 9
      And the check that the waits overlapped fails: its "wall_over_latency" is more than 3

    @negative @exclusive
    Scenario: CompletableFuture.supplyAsync tasks started together overlap their waits; joined one by one, they take a latency each, and the overlap check says so
      Each task sleeps for one latency (50 ms) inside CompletableFuture.supplyAsync, on an
      executor that gives every task a virtual thread. 1,000 of them, all started before the
      first is joined, take about one latency; 20 of them, each joined before the next starts,
      take twenty, however idle the machine.

      When the Java program "P05.java" runs with "completable-future"
      Then the waits overlapped: its "started_together" is at most 10
      And its "joined_one_by_one" is at least 18
      And the check that the waits overlapped fails: its "joined_one_by_one" is more than 10

    @negative @exclusive
    Scenario: Blocking inside a native frame still pins the carrier; the same wait outside it does not
      JEP 491 (JDK 24) freed virtual threads blocked inside synchronized, but not those with a
      native frame on their stack: the JVM cannot move such a stack off its carrier. The program
      runs 40 virtual threads on one carrier thread; each calls C's qsort through the foreign
      function API, and qsort calls back into Java to compare, where the thread sleeps for one
      latency. With the only carrier pinned the sleeps queue, 40 latencies however idle the
      machine; the same sleeps with no native frame below them share the carrier and take
      about one. JFR records each pin (jdk.VirtualThreadPinned), which says it directly.

      When the Java program "P05Pinning.java" runs
      Then JFR saw every one of the native-frame waits pin its carrier
      And the native-frame waits took turns on the one carrier: at least 0.9 latencies for each
      And the waits overlapped: its "plain_wall_over_latency" is at most 10
      And the check that the waits overlapped fails: its "native_frame_wall_over_latency" is more than 10
      And the check that JFR saw every one of the plain waits pin its carrier fails
      And its "unknown_pinned_events" is "0"
      And the check that the plain waits took turns on the one carrier, at least 0.9 latencies for each, fails

    @negative @exclusive
    Scenario: Blocking while holding a ReentrantLock does not pin the carrier
      java.util.concurrent's locks park a virtual thread as any other wait does, on every JDK
      with virtual threads. In the same run, on the same one carrier, the native-frame waits
      queue: that proves the carrier is one, and that pinned waits on it would show.

      When the Java program "P05Pinning.java" runs
      Then the native-frame waits took turns on the one carrier: at least 0.9 latencies for each
      And the waits overlapped: its "reentrant_lock_wall_over_latency" is at most 10
      And the check that JFR saw every one of the ReentrantLock waits pin its carrier fails
      And its "unknown_pinned_events" is "0"

    @negative @exclusive
    Scenario: Since JDK 24, blocking inside synchronized no longer pins the carrier
      Before JDK 24 a virtual thread that blocked inside a synchronized block held on to its
      carrier thread, so with one carrier, 40 such threads took 40 latencies. JEP 491 (JDK 24)
      lets it go. The newest JDK the machine has (21 or later) runs the program; on one older
      than 24 this scenario is skipped, saying so, for the claim is about JDK 24 and later. In
      the same run, on the same one carrier, the native-frame waits queue: the baseline that
      shows one carrier really serialises pinned waits, so that the synchronized ones
      overlapping means they were not pinned. Every pin JFR saw must be one it could place.

      Given the JDK the programs run on is 24 or newer: before JDK 24 a virtual thread blocked inside synchronized keeps its carrier (JEP 491)
      When the Java program "P05Pinning.java" runs
      Then the native-frame waits took turns on the one carrier: at least 0.9 latencies for each
      And the waits overlapped: its "synchronized_wall_over_latency" is at most 10
      And the check that JFR saw every one of the synchronized waits pin its carrier fails
      And its "unknown_pinned_events" is "0"

  @R01
  Rule: Java has no interpreter lock: its platform threads compute in parallel

    @negative @exclusive
    Scenario: A parallel stream computes on a processor per core; a sequential stream wants one, and the parallelism check says so
      The program sends the same items through a sequential stream and then a parallel one,
      which splits them between the calling thread and the common ForkJoinPool's platform
      threads, and checks that both give the same results in the same order.

      Given a machine with more than one core
      When the Java program "R01Parallel.java" runs
      Then the parallel stream wanted at least 1.6 processors
      And the check that the sequential stream wanted at least 1.6 processors fails

  @R18
  Rule: Java's AtomicInteger and C#'s Interlocked count exactly from threads running at once; ++ on a shared int field loses updates

    Scenario: Java threads counting with AtomicInteger lose nothing; what ++ on an int field loses is measured
      Two platform threads, released together, each add 1 ten million times, first through
      AtomicInteger.incrementAndGet and then with ++ on a volatile int field. volatile makes
      every increment read and write the field itself, not a copy in a register; it does not
      make the read, the add and the write one step, so two threads running at the same
      instant overwrite each other's increments. How many were lost is a figure ("plain_lost",
      reported, not checked): on an idle 2-core machine between a few hundred thousand and
      several million, but beside busy neighbours the two threads may never hold two CPUs at
      the same instant, and some runs here lost none. The exact-count check's negative
      controls are the C# counters below: the int field's tasks lost millions in every run
      here, beside busy neighbours too, and the tasks that await between read and write lose
      updates however many CPUs they get.

      When the Java program "R18Counter.java" runs
      Then the counter counted every increment: its "atomic_count" is its "expected"

    @negative
    Scenario: C# tasks counting with Interlocked.Increment lose nothing; with ++ on an int field they lose updates, and the exact-count check says so
      Two tasks, each on a thread of its own (TaskCreationOptions.LongRunning), released
      together, each add 1 ten million times, first through Interlocked.Increment and then with
      ++ on a volatile int field, which loses the increments that two threads running at once
      make between each other's read and write. How many were lost is a figure ("plain_lost").

      When the C# program "R18Counter.cs" runs with "threads"
      Then the counter counted every increment: its "interlocked_count" is its "threads_expected"
      And the check that the counter counted every increment fails: its "plain_count" is less than its "threads_expected"

    @negative
    Scenario: A SemaphoreSlim(1) held across an await keeps a counter exact; with no lock the tasks lose updates, and the exact-count check says so
      C#'s lock statement cannot contain an await (the compiler refuses it); a SemaphoreSlim of
      one slot, entered with WaitAsync and left with Release, can be held across one. Four tasks
      started with Task.Run each add 1 ten thousand times by reading the counter, awaiting
      Task.Yield (which lets any other task run) and writing the value read plus one. Holding the
      semaphore from the read to the write, no other task reads in between; holding nothing,
      the other tasks read the same value while one is suspended, and their writes overwrite
      each other. That needs no second core: it is the await, not the hardware, that
      interleaves them. How many were lost is a figure ("unguarded_lost").

      When the C# program "R18Counter.cs" runs with "async-lock"
      Then the counter counted every increment: its "semaphore_count" is its "async_expected"
      And the check that the counter counted every increment fails: its "unguarded_count" is less than its "async_expected"

  @P06
  Rule: Rust uses rayon for data parallelism and tokio for asynchronous I/O

    @negative @exclusive
    Scenario: rayon's parallel map keeps the order and wants a processor per core; a sequential map wants one, and the parallelism check says so
      The program checks that both maps return the same results in the same order.

      Given a machine with more than one core
      When the Rust program "p06" runs with "rayon"
      Then the parallel map wanted at least 1.6 processors
      And the check that the sequential map wanted at least 1.6 processors fails

    @exclusive
    Scenario: 1,000 tokio sleeps finish in about the time of one
      When the Rust program "p06" runs with "tokio"
      Then the waits overlapped: its "wall_over_latency" is at most 3

    @negative @exclusive
    Scenario: Blocking sleeps on tokio's only thread run one after another, and the overlap check says so
      When the Rust program "p06" runs with "tokio-blocking"
      Then its "wall_over_latency" is at least 9
      And the check that the waits overlapped fails: its "wall_over_latency" is more than 3

  @P07
  Rule: C# waits with async/await and computes with Parallel.ForEach

    @negative @exclusive
    Scenario: Delays started together take one latency; awaited one by one, twenty, and the overlap check says so
      When the C# program "P07.cs" runs with "waits"
      Then the waits overlapped: its "awaited_together" is at most 3
      And its "awaited_one_by_one" is at least 18
      And the check that the waits overlapped fails: its "awaited_one_by_one" is more than 3

    @negative @exclusive
    Scenario: Async methods returning ValueTask overlap their delays when started together; awaited one by one, twenty, and the overlap check says so
      ValueTask is the lighter result type of an async method (a struct, which allocates
      nothing when the method completes at once); awaited, it waits as a Task does. Twenty
      such methods, each awaiting a 50 ms delay, are all started before the first is awaited,
      and then each is awaited as it starts.

      When the C# program "P07.cs" runs with "tasks"
      Then the waits overlapped: its "value_tasks_together" is at most 3
      And its "value_tasks_one_by_one" is at least 18
      And the check that the waits overlapped fails: its "value_tasks_one_by_one" is more than 3

    @exclusive
    Scenario: 10,000 tasks started with Task.Run, each awaiting a 50 ms delay, finish in a few latencies
      Task.Run queues each task on the .NET thread pool; a task that awaits gives its thread
      back until the delay is over, so ten thousand of them share the pool's few threads. The
      scenario above is its control: awaited one at a time, the same delays add up.

      When the C# program "P07.cs" runs with "tasks"
      Then the waits overlapped: its "task_run_wall_over_latency" is at most 20

    @negative @exclusive
    Scenario: Parallel.ForEach wants a processor per core; foreach wants one, and the parallelism check says so
      Given a machine with more than one core
      When the C# program "P07.cs" runs with "loops"
      Then the Parallel.ForEach loop wanted at least 1.6 processors
      And the check that the foreach loop wanted at least 1.6 processors fails
