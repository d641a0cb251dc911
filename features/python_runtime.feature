@polyglot
Feature: Python's concurrency as it behaves
  What the guide says about Python, run in Python itself (CPython 3.11 or later): what
  asyncio.gather does with its tasks' exceptions, what threads do to a shared counter, what a
  thread pool gains on computing work, what a coroutine called without await does, and how
  run_in_executor keeps an event loop answering. Each scenario runs a small program that prints
  what it saw; where what it saw depends on the interpreter (a build without the GIL, an older
  version), the scenario says so, and its numbers are figures. Without Python the scenarios are
  skipped with the reason.

  @P02
  Rule: Default gather raises the first exception and lets the other tasks run on; return_exceptions=True returns every exception

    Scenario: Default gather raises the first exception while the other tasks run on, and never raises a later one
      Five tasks: one fails at once, three return a value when the awaiting code lets them,
      and one fails then too. gather does not swallow the first exception: it raises it in
      the awaiting code at once, while the four others are still running, and it cancels
      none of them. They all run to the end after the raise. The later exception is raised in
      its task, and goes nowhere: the awaiting code has already had its one exception, and
      asyncio does not even log it, because gather's own callback takes it from the task and
      drops it. A task nothing gathers, failing the same way, is logged as "Task exception was
      never retrieved" once it is gone.

      When the Python program "p02_gather.py" runs with "default"
      Then its "error" is "first"
      And its "running_after_error" is "4"
      And its "stopped" is "0"
      And its "finished_after_error" is "4"
      And its "later_raised" is "later"
      And its "errors_caught" is "1"
      And its "later_logged" is "0"
      And its "logged_without_gather" is "1"

    @negative
    Scenario: gather with return_exceptions=True returns every exception as a result, and the fail-fast check says so
      With return_exceptions=True gather raises nothing: it waits for every task, and each
      exception takes the place of that task's result, in the order the tasks were given. No
      task is stopped, so the check that a failure stops the others fires.

      When the Python program "p02_gather.py" runs with "return-exceptions"
      Then its "raised" is "false"
      And its "exceptions_returned" is "2"
      And its "results" is "[0, 1, 2, RuntimeError('later'), RuntimeError('first')]"
      And the check that the failure stopped the 4 other tasks fails

  @R18
  Rule: Threads incrementing a shared counter without a lock lose updates wherever the interpreter can switch between the read and the write

    @negative
    Scenario: Threads running counter += 1 without a lock: the updates this interpreter loses are measured
      Four threads, released together, each add 1 to a shared counter 250,000 times, in two
      ways. The first is `counter += 1` on a global int. On CPython 3.11 with the GIL none of
      these updates was lost in any run here (figure "plain_lost", reported, not checked): the
      interpreter hands the GIL to another thread only where the bytecode calls a function or
      jumps back in a loop, and the load, the add and the store of `counter += 1` have no such
      point between them. That is an accident of the implementation, not a promise: up to
      Python 3.9 a switch could fall between them, a shorter switch interval
      (sys.setswitchinterval) only makes switches more frequent, and a free-threaded build runs
      the threads at the same time and loses updates. The second is the same `+= 1` on a
      counter whose value is read and written through a property: the setter is a call, made
      after the getter has read the value, so a switch can fall between the read and the
      write, and a large share of the updates is lost (figure "attribute_lost": here between
      16% and 57% of them, in every run, beside burners or not). Only the counter that loses
      updates is checked: the rule is that an unsynchronised counter may lose them, and which
      interpreter happens not to is no part of it.

      When the Python program "r18_counter.py" runs with "unlocked"
      Then the check that the counter counted every increment fails: its "attribute_count" is less than its "expected"

    Scenario: The same counter under a threading.Lock counts exactly
      The same threads and increments, each increment made holding one threading.Lock: no
      thread can read the counter between another's read and write, so both counters hold
      every increment. The property's counter is the one that shows the lock at work: without
      it, it loses updates.

      When the Python program "r18_counter.py" runs with "locked"
      Then the counter counted every increment: its "attribute_count" is its "expected"
      And the counter counted every increment: its "plain_count" is its "expected"

  @P01
  Rule: A thread pool gains nothing on CPU-bound Python work under the GIL; a process pool computes in parallel

    @negative @exclusive
    Scenario: CPU-bound work in a thread pool, in one thread and in a process pool: the measured ratios
      The same four items of computing run in one thread, in a pool of two threads and in a
      pool of two processes, in turn, three times. The guide says a thread pool is slower
      than one thread. The wall times say by how much: the thread pool's over one thread's
      (figure "thread_pool_over_sequential") and the process pool's (figure
      "process_pool_over_sequential"), medians, at the default switch interval; beside them
      the processor time the thread pool cost over one thread's (figure
      "thread_pool_cpu_over_sequential"). Measured here, over dozens of runs on a shared
      2-core machine, the thread pool took about as long as one thread: the wall-time ratio's
      median between 0.9 and 1, its processor time's 1.0. Under the GIL the two threads take
      turns, and handing the GIL over every 5 ms costs little. So "slower" is refined: a
      thread pool gains nothing. A busy machine moves a single wall-time ratio by a third
      either way (the process pool's too, which can then look no faster than one thread),
      so the verdict is taken as in other_runtimes.feature, on the processors two threads and
      two processes wanted while computing until the same moment: the threads want one
      between them, the processes one each. A free-threaded build runs the threads in
      parallel, so there this scenario is skipped: other_runtimes.feature has one for it.

      Given a machine with more than one core
      And a Python with the GIL on (any other Python skips this scenario)
      When the Python program "p01_cpu_pools.py" runs
      Then the processes wanted at least 1.6 processors
      And the check that the threads wanted at least 1.6 processors fails

  @R21
  Rule: A coroutine called without await never runs

    Scenario: A coroutine called without await never runs, and Python warns that it was never awaited
      Calling a coroutine function makes a coroutine object and runs none of its body. When
      the object is dropped unawaited, CPython warns with a RuntimeWarning; with the default
      warning filters it is printed on stderr, and the program still exits with 0. The same
      body runs when it is awaited.

      When the Python program "r21_forgotten_await.py" runs
      Then its "body_ran" is "false"
      And its "warning_category" is "RuntimeWarning"
      And its "warning" contains "was never awaited"
      And its "default_stderr" contains "RuntimeWarning: coroutine 'save' was never awaited"
      And its "default_stdout" is ""
      And its "default_exit_code" is "0"
      And its "body_ran_when_awaited" is "true"

  @P01
  Rule: A blocking call made from asyncio belongs in an executor; made inline it stops the event loop

    Scenario: run_in_executor keeps the event loop answering while a blocking call runs
      A task ticks all along, yielding to the loop after each tick. The blocking call counts
      the ticks from when it starts to when it ends. In the executor it runs in another
      thread, and the loop keeps ticking.

      When the Python program "p01_executor.py" runs with "executor"
      Then the event loop stayed free: its "ticks_during_call" is at least 1

    @negative
    Scenario: A blocking call made inline on the event loop stops it answering, and the responsiveness check says so
      Inline, the call runs on the loop's own thread, which runs nothing else until it
      returns, however idle the machine: not one tick.

      When the Python program "p01_executor.py" runs with "inline"
      Then its "ticks_during_call" is "0"
      And the check that the event loop stayed free fails: its "ticks_during_call" is less than 1
