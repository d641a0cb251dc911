"""P02: when one task fails, asyncio.TaskGroup cancels its siblings; asyncio.gather raises the
first error and leaves them running. Prints one JSON object for the way of joining given
(taskgroup or gather): how many of the 4 siblings the failure had stopped (cancelled) and how
many were still running when the error reached the caller."""
import asyncio
import json
import sys

SIBLINGS = 4


async def run(join):
    started = 0
    all_started = asyncio.Event()
    cancelled = 0
    forever = asyncio.Event()  # nobody sets it: the siblings wait until they are cancelled

    async def sibling():
        nonlocal started, cancelled
        started += 1
        if started == SIBLINGS:
            all_started.set()
        try:
            await forever.wait()
        except asyncio.CancelledError:
            cancelled += 1
            raise

    async def failing():
        await all_started.wait()
        raise RuntimeError("boom")

    siblings = []
    error = None
    try:
        if join == "taskgroup":
            async with asyncio.TaskGroup() as tg:
                siblings = [tg.create_task(sibling()) for _ in range(SIBLINGS)]
                tg.create_task(failing())
        else:
            siblings = [asyncio.ensure_future(sibling()) for _ in range(SIBLINGS)]
            await asyncio.gather(*siblings, failing())
    except* RuntimeError as eg:
        error = str(eg.exceptions[0])
    running = sum(1 for t in siblings if not t.done())
    reported_cancelled = cancelled
    for t in siblings:  # leave nothing behind: cancel what the join left running
        t.cancel()
    await asyncio.gather(*siblings, return_exceptions=True)
    return {"join": join, "error": error, "stopped": reported_cancelled, "running_after_error": running}


if __name__ == "__main__":
    join = sys.argv[1]
    if join not in ("taskgroup", "gather"):
        sys.exit(f"unknown way of joining {join!r}: taskgroup or gather")
    print(json.dumps(asyncio.run(run(join))))
