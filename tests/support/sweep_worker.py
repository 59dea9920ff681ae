"""Run as a process: one app worker's deadline sweep (the housekeeping job), a few times.
The escalation test starts two at once against PostgreSQL."""

import asyncio
import os
import sys

from tortoise import Tortoise

from server.core.db import close_db, tortoise_config
from server.reports.telling import watch_deadlines


async def main(url: str, rounds: int) -> None:
    await Tortoise.init(config=tortoise_config(url), _enable_global_fallback=True)
    told = 0
    for _ in range(rounds):
        told += await watch_deadlines()
    await close_db()
    print(told, flush=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2])))
    os._exit(0)
