"""R26's probe of the version table's Python rows: it uses the milestone given and prints one
JSON object with the interpreter's version and what the milestone did. It fails (an exception,
a non-zero exit) if the milestone is missing or does not do what it should.

- "asyncio" (3.4): an event loop runs two coroutines side by side, the asyncio module's core.
- "async-await" (3.5): a native coroutine, written with async def and await, returns its value.
- "taskgroup" (3.11): asyncio.TaskGroup runs three tasks and waits for them all.
- "gil": whether this is a free-threaded build (3.13t and later, built with Py_GIL_DISABLED)
  and whether its GIL is on now (sys._is_gil_enabled(); before 3.13 there is no such function
  and the GIL is always on). A free-threaded build can still turn the GIL on, so the second is
  what its threads get.
"""
import asyncio
import inspect
import json
import platform
import sys
import sysconfig


async def double(x):
    await asyncio.sleep(0)
    return 2 * x


async def side_by_side():
    started = []

    async def task(name):
        started.append(name)
        await asyncio.sleep(0.01)
        return len(started)

    # Both tasks have started before either finishes: each sees two starts.
    return await asyncio.gather(task("a"), task("b"))


async def in_a_task_group():
    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(double(i)) for i in range(3)]
    return [t.result() for t in tasks]


def main():
    milestone = sys.argv[1] if len(sys.argv) > 1 else ""
    if milestone == "asyncio":
        works = asyncio.run(side_by_side()) == [2, 2]
    elif milestone == "async-await":
        works = inspect.iscoroutinefunction(double) and asyncio.run(double(21)) == 42
    elif milestone == "taskgroup":
        works = asyncio.run(in_a_task_group()) == [0, 2, 4]
    elif milestone == "gil":
        print(json.dumps({"version": platform.python_version(),
                          "free_threaded_build": bool(sysconfig.get_config_var("Py_GIL_DISABLED")),
                          "gil": getattr(sys, "_is_gil_enabled", lambda: True)()}))
        return
    else:
        sys.exit(f"unknown milestone {milestone!r}: asyncio, async-await, taskgroup or gil")
    print(json.dumps({"milestone": milestone, "version": platform.python_version(), "works": works}))


if __name__ == "__main__":
    main()
