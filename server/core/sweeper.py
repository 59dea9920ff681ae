"""Housekeeping beside the server: jobs that must happen even if nobody opens the app
(requests and claims whose time ran out). Every worker runs them; each job is written so
that doing it twice at once changes things once (conditional updates)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence

from server.core import hot

logger = logging.getLogger(__name__)
SWEEP_SECONDS = 300

Job = Callable[[], Awaitable[int]]


def job_name(job: Job) -> str:
    return getattr(job, "__name__", repr(job))


class Housekeeping:
    """The jobs the running app repeats every ``seconds`` (``app.state.housekeeping``)."""

    def __init__(self, jobs: Sequence[Job], seconds: float = SWEEP_SECONDS) -> None:
        self.jobs = list(jobs)
        self.seconds = seconds
        self._task: asyncio.Task | None = None

    @property
    def job_names(self) -> list[str]:
        return [job_name(job) for job in self.jobs]

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    async def run_once(self) -> dict[str, int]:
        """Run every job once; a failing job is logged and tried again next time."""
        done: dict[str, int] = {}
        for job in self.jobs:
            try:
                done[job_name(job)] = await job()
            except Exception:  # noqa: BLE001 - a failed sweep is tried again next time
                logger.exception("housekeeping job %s failed", job_name(job))
            await hot.settle()  # e.g. expired claims put wishes back on their walls
        return done

    async def _forever(self) -> None:
        while True:
            await asyncio.sleep(self.seconds)
            await self.run_once()

    def start(self) -> None:
        self._task = asyncio.create_task(self._forever(), name="yizhan-housekeeping")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
