"""Work that holds the interpreter for seconds — drawing hundreds of QR codes in pure Python
for a batch of posters — runs in a separate process, so that the worker's event loop keeps
answering scans meanwhile (a thread would share the interpreter lock with it). One such
process per worker, started on first use; it keeps what it has computed (the codes it drew)
for the next batch."""

from __future__ import annotations

import asyncio
import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")

_pool: ProcessPoolExecutor | None = None


async def in_process(work: Callable[..., T], *args: Any) -> T:
    """``work(*args)`` in the worker's helper process (``work`` and its arguments are
    pickled: a module-level function and plain data)."""
    global _pool
    if _pool is None:
        # "spawn": a fresh interpreter, not a fork of one with a running event loop and threads.
        _pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    return await asyncio.get_running_loop().run_in_executor(_pool, work, *args)


def shutdown() -> None:
    global _pool
    if _pool is not None:
        _pool.shutdown(wait=False, cancel_futures=True)
        _pool = None
