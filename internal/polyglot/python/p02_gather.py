"""P02: what asyncio.gather does with its tasks' exceptions, in its two modes. Five tasks: one
fails ("first"), three return a value and one fails later ("later"), after the first failure.
Prints one JSON object for the mode given:

- "default": gather raises the first exception in the awaiting code while the four other tasks
  are still running ("error", "running_after_error"), and cancels none of them ("stopped").
  The awaiter then lets them finish: all four do ("finished_after_error"), and the later task
  raises its exception ("later_raised", as the task itself recorded it). That exception never
  reaches the awaiter ("errors_caught" counts what it caught), and asyncio does not log it
  either ("later_logged": gather's own callback retrieves it and drops it). For contrast, the
  same late failure in a task that nothing gathers is logged as "Task exception was never
  retrieved" once the task is gone ("logged_without_gather").
- "return-exceptions": gather returns once every task has finished, with each exception in
  the place of a result ("results", "exceptions_returned"), raises nothing ("raised") and
  stops none of the tasks ("stopped").
"""
import asyncio
import gc
import json
import sys

OTHERS = 4


async def default_mode(logged):
    release = asyncio.Event()  # the awaiter sets it after gather has raised
    later_raised = []
    finished = 0
    cancelled = 0

    async def sibling(i):
        nonlocal finished, cancelled
        try:
            await release.wait()
        except asyncio.CancelledError:
            cancelled += 1
            raise
        finished += 1
        return i

    async def later():
        nonlocal finished
        await release.wait()
        finished += 1
        later_raised.append("later")
        raise RuntimeError("later")

    async def first():
        await asyncio.sleep(0)  # every other task has started
        raise RuntimeError("first")

    others = [asyncio.ensure_future(sibling(i)) for i in range(OTHERS - 1)] + [asyncio.ensure_future(later())]
    caught = []
    try:
        await asyncio.gather(*others, first())
    except RuntimeError as e:
        caught.append(str(e))
    running = sum(1 for t in others if not t.done())
    release.set()
    await asyncio.wait(others)  # waits without retrieving any exception
    del others
    gc.collect()
    return {"error": caught[0] if caught else None, "errors_caught": len(caught), "running_after_error": running,
            "stopped": cancelled, "finished_after_error": finished,
            "later_raised": later_raised[0] if later_raised else None,
            "later_logged": sum("never retrieved" in m for m in logged)}


async def ungathered_late_failure(logged):
    """A task that fails with nobody retrieving its exception: asyncio logs it when the task
    is collected."""
    async def later():
        raise RuntimeError("later")

    task = asyncio.ensure_future(later())
    await asyncio.wait([task])
    del task
    gc.collect()
    return sum("never retrieved" in m for m in logged)


async def return_exceptions_mode():
    failed = asyncio.Event()
    cancelled = 0

    async def sibling(i):
        nonlocal cancelled
        try:
            await failed.wait()
        except asyncio.CancelledError:
            cancelled += 1
            raise
        return i

    async def later():
        await failed.wait()
        raise RuntimeError("later")

    async def first():
        await asyncio.sleep(0)
        failed.set()
        raise RuntimeError("first")

    raised = False
    try:
        results = await asyncio.gather(*(sibling(i) for i in range(OTHERS - 1)), later(), first(), return_exceptions=True)
    except RuntimeError:
        raised, results = True, []
    return {"raised": raised, "results": repr(results), "exceptions_returned": sum(isinstance(r, BaseException) for r in results),
            "stopped": cancelled}


async def main(mode):
    logged = []
    asyncio.get_running_loop().set_exception_handler(lambda _loop, context: logged.append(context.get("message", "")))
    if mode == "default":
        out = await default_mode(logged)
        out["logged_without_gather"] = await ungathered_late_failure(logged) - out["later_logged"]
    else:
        out = await return_exceptions_mode()
    out["mode"] = mode
    return out


if __name__ == "__main__":
    mode = sys.argv[1] if len(sys.argv) > 1 else ""
    if mode not in ("default", "return-exceptions"):
        sys.exit(f"unknown mode {mode!r}: default or return-exceptions")
    print(json.dumps(asyncio.run(main(mode))))
