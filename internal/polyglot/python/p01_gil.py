"""P01: under the GIL, threads doing CPU work take turns; processes compute at once; asyncio
waits concurrently. Prints one JSON object for the mode given:

- "pools": two workers that compute until the same moment, as threads and as processes. For
  each, under "processors", the processors they wanted (the time each worker spent on a CPU or
  ready to run for one, over the wall time from the first worker's start to the last one's
  end) and the processors they obtained (the time on a CPU, over the same wall time). Each
  worker reads its own thread's scheduler statistics (/proc/thread-self/schedstat) as it starts
  and ends its work. A busy neighbour turns running time into time ready to run, so it changes
  what the workers obtain and not what they want. Without those statistics the program prints
  why under "no_schedstat".
- "asyncio": the wall time of 100 concurrent waits relative to one.
"""
import asyncio
import json
import sys
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

WORK_S = 1.0
RUNS = 2
WORKERS = 2
SCHEDSTAT = "/proc/thread-self/schedstat"
# A thread that waits for the GIL wakes every switch interval to ask for it, and on a busy
# machine it spends that wake-up ready to run, waiting for a CPU: at the default 5 ms the
# asking alone can want a third of a processor. A 100 ms interval makes the asking rare and
# leaves the computing as it is: one thread at a time, in turns.
SWITCH_INTERVAL_S = 0.1


def schedstat():
    """The calling thread's nanoseconds on a CPU and nanoseconds ready to run in a run queue.
    The kernel brings a running thread's time on a CPU up to date only at a clock tick or a
    switch, up to 4 ms late; asking for the thread's CPU time brings it up to date first."""
    time.thread_time_ns()
    with open(SCHEDSTAT) as f:
        on_cpu, waiting = f.read().split()[:2]
    return int(on_cpu), int(waiting)


def spin(deadline_ns):
    """Computes until the monotonic clock (one clock for every process) reaches deadline_ns, and
    returns when it started and ended and what the thread (or process) running it spent
    meanwhile: the nanoseconds on a CPU and the nanoseconds ready to run."""
    start = time.monotonic_ns()
    on0, wait0 = schedstat()
    total = 0
    while time.monotonic_ns() < deadline_ns:
        for i in range(1000):
            total += i * i
    on1, wait1 = schedstat()
    return start, time.monotonic_ns(), on1 - on0, wait1 - wait0


def processors(pool_class):
    """What WORKERS workers of the pool wanted and obtained over RUNS runs, each from the first
    worker's start to the last one's end. The workers of a run compute until the same moment,
    WORK_S seconds after the run starts: long beside the time the pool takes to hand them
    their work, which a busy machine stretches and which no worker spends computing. The pool
    is started, and its workers with it, before anything is measured."""
    with pool_class(max_workers=WORKERS) as pool:
        list(pool.map(spin, [0] * WORKERS))
        on_cpu = waiting = wall = 0
        for _ in range(RUNS):
            deadline = time.monotonic_ns() + int(WORK_S * 1e9)
            items = list(pool.map(spin, [deadline] * WORKERS))
            wall += max(end for _, end, _, _ in items) - min(start for start, _, _, _ in items)
            on_cpu += sum(on for _, _, on, _ in items)
            waiting += sum(wait for _, _, _, wait in items)
        return {"wanted": (on_cpu + waiting) / wall, "obtained": on_cpu / wall, "wall_s": wall / 1e9}


async def waits(n, latency):
    start = time.perf_counter()
    await asyncio.gather(*(asyncio.sleep(latency) for _ in range(n)))
    return time.perf_counter() - start


def pools():
    out = {"gil": getattr(sys, "_is_gil_enabled", lambda: True)(), "workers": WORKERS,
           "switch_interval_ms": SWITCH_INTERVAL_S * 1000}
    try:
        on_cpu, _ = schedstat()
    except (OSError, ValueError) as e:
        out["no_schedstat"] = f"the kernel gives no per-thread scheduler statistics ({SCHEDSTAT}: {e})"
        return out
    if on_cpu == 0:  # this thread has run: a kernel that keeps no statistics writes zeros
        out["no_schedstat"] = f"the kernel keeps no per-thread scheduler statistics ({SCHEDSTAT} reads zeros)"
        return out
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    out["processors"] = {
        "threads": processors(ThreadPoolExecutor),
        "processes": processors(ProcessPoolExecutor),
    }
    return out


def main():
    mode = sys.argv[1] if len(sys.argv) > 1 else ""
    if mode == "asyncio":
        one = asyncio.run(waits(1, 0.05))
        out = {"asyncio_100_over_1": asyncio.run(waits(100, 0.05)) / one}
    elif mode == "pools":
        out = pools()
    else:
        sys.exit(f"unknown mode {mode!r}: asyncio or pools")
    print(json.dumps(out))


if __name__ == "__main__":
    main()
