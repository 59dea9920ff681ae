"""Run as a process: one app worker's delivery loop against a database, until nothing is
left to send or time runs out. The outbox test starts two and kills one mid-batch."""

import asyncio
import os
import sys
import time
from datetime import timedelta

import httpx
from tortoise import Tortoise

from server.core.db import close_db, tortoise_config
from server.notifications.models import Delivery, DeliveryStatus
from server.notifications.outbox import Deliverer


async def main(url: str, lease_seconds: float, limit_seconds: float) -> None:
    await Tortoise.init(config=tortoise_config(url), _enable_global_fallback=True)
    async with httpx.AsyncClient(timeout=httpx.Timeout(5.0)) as client:
        deliverer = Deliverer(client, "https://yizhan.test", allow_loopback=True, lease=timedelta(seconds=lease_seconds))
        print("started", flush=True)
        end = time.monotonic() + limit_seconds
        while time.monotonic() < end:
            await deliverer.deliver_due()
            if not await Delivery.filter(status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENDING]).exists():
                break
            await asyncio.sleep(0.2)
    await close_db()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], float(sys.argv[2]), float(sys.argv[3])))
    os._exit(0)
