"""The housekeeping loop: repeats its jobs, survives a failing one, stops cleanly."""

import asyncio

from server.core.sweeper import SWEEP_SECONDS, Housekeeping


async def test_jobs_repeat_and_a_failing_job_does_not_stop_the_others():
    runs = {"good": 0, "bad": 0}

    async def good() -> int:
        runs["good"] += 1
        return 1

    async def bad() -> int:
        runs["bad"] += 1
        raise RuntimeError("database went away")

    housekeeping = Housekeeping([bad, good], seconds=0.01)
    housekeeping.start()
    for _ in range(200):
        if runs["good"] >= 3:
            break
        await asyncio.sleep(0.01)
    await housekeeping.stop()
    assert runs["good"] >= 3 and runs["bad"] >= 3
    assert not housekeeping.running


def test_the_default_interval_is_five_minutes():
    assert SWEEP_SECONDS == 300
    assert Housekeeping([]).seconds == 300


async def test_heavy_work_runs_in_a_helper_process_that_is_reused():
    import os

    from server.core import offload

    try:
        first = await offload.in_process(os.getpid)
        assert first != os.getpid()  # not a thread of this process: the event loop keeps the interpreter
        assert await offload.in_process(os.getpid) == first
    finally:
        offload.shutdown()
