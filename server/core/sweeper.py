"""Housekeeping beside the server: jobs that must happen even if nobody opens the app
(requests and claims whose time ran out). Every worker runs them; each job is written so
that doing it twice at once changes things once (conditional updates)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

logger = logging.getLogger(__name__)
SWEEP_SECONDS = 300


async def sweep_forever(jobs: list[Callable[[], Awaitable[int]]], seconds: float = SWEEP_SECONDS) -> None:
    while True:
        await asyncio.sleep(seconds)
        for job in jobs:
            try:
                await job()
            except Exception:  # noqa: BLE001 - a failed sweep is tried again next time
                logger.exception("housekeeping job %s failed", getattr(job, "__name__", job))
