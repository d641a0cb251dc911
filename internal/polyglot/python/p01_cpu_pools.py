"""P01: the same CPU-bound Python work done in one thread, in a pool of two threads and in a
pool of two processes. The guide says a thread pool is slower than one thread; this measures
by how much. Prints one JSON object:

- the wall time of the thread pool and of the process pool over the wall time of one thread,
  at the interpreter's default switch interval, each the median of RUNS runs taken in turn
  (one thread, threads, processes, and again), so that a neighbour that comes and goes weighs
  on every way alike: "thread_pool_over_sequential" and "process_pool_over_sequential". They
  are figures: a busy machine moves them, giving each way what it has to spare at the time.
  Beside them, the processor time the thread pool's run cost this process over what one
  thread's cost ("thread_pool_cpu_over_sequential"): under the GIL the threads compute one at
  a time, so on an idle machine their wall time is about their processor time, and a
  neighbour moves this figure less than the wall times;
- under "processors", what decides whether a way computes in parallel, measured as p01_gil.py
  measures it (its "pools" mode, which this program calls): the processors two threads and two
  processes wanted while computing until the same moment, each worker reading its own
  thread's /proc/thread-self/schedstat, with the switch interval at p01_gil.py's 100 ms. No
  neighbour changes what a worker wants. Without those statistics the program prints why under
  "no_schedstat".
"""
import json
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import p01_gil

ITEMS = 4
WORKERS = 2
ITERATIONS = 800_000  # some 40 ms of computing per item here
RUNS = 3


def compute(_):
    """A fixed amount of computing."""
    total = 0
    for i in range(ITERATIONS):
        total += i * i
    return total


class OneThread:
    """Runs the items one after another in the calling thread, as a pool would map them."""

    def map(self, fn, items):
        return [fn(i) for i in items]


def run(way):
    """The wall time of one run of the items the way given, and the processor time this
    process (all its threads, none of its children) spent meanwhile."""
    start, cpu = time.perf_counter(), time.process_time()
    list(way.map(compute, range(ITEMS)))
    return time.perf_counter() - start, time.process_time() - cpu


def ratios():
    """The median wall times of the pools over that of one thread."""
    runs = {"sequential": [], "threads": [], "processes": []}
    with ThreadPoolExecutor(max_workers=WORKERS) as threads, ProcessPoolExecutor(max_workers=WORKERS) as processes:
        ways = {"sequential": OneThread(), "threads": threads, "processes": processes}
        for way in ways.values():  # start every worker before anything is measured
            list(way.map(compute, range(WORKERS)))
        for _ in range(RUNS):
            for name, way in ways.items():
                runs[name].append(run(way))

    def median(name, which):
        return statistics.median(r[which] for r in runs[name])

    return {
        "thread_pool_over_sequential": median("threads", 0) / median("sequential", 0),
        "process_pool_over_sequential": median("processes", 0) / median("sequential", 0),
        "thread_pool_cpu_over_sequential": median("threads", 1) / median("sequential", 1),
    }


def main():
    out = {"items": ITEMS, "workers": WORKERS, "runs": RUNS, "default_switch_interval_ms": sys.getswitchinterval() * 1000}
    out.update(ratios())
    out.update(p01_gil.pools())  # sets its switch interval: after the ratios, which keep the default
    return out


if __name__ == "__main__":
    print(json.dumps(main()))
