"""Notifications and the outbox under load:

* what telling the community (in-app notifications and the work group's outbox row) adds to
  a report's submission — the work itself, and submissions with and without a work group;
* outbox throughput to a fake WeCom robot on loopback, with one and with two workers;
* the deadline sweep (overdue notices and escalations) with 100,000 open reports.

    python bench/notifications_bench.py                      # SQLite
    YIZHAN_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test python bench/notifications_bench.py
"""

from __future__ import annotations

import asyncio
import random
import statistics
import time
import uuid
from datetime import timedelta

import httpx
from harness import bench_app, communities, timed

from server.accounts.service import create_account
from server.core.clock import now
from server.core.roles import Role
from server.locations.models import PlaceKind
from server.locations.service import PlaceInput, create_place
from server.notifications.models import Delivery, DeliveryStatus, GroupChannel, GroupKind
from server.notifications.outbox import Deliverer
from server.reports.models import Category, Report, ReportStatus
from server.reports.telling import tell_about, watch_deadlines
from tests.support.fake_robots import start_fake_robots
from tests.support.photos import camera_jpeg

SUBMISSIONS = 40
GROUPS, PER_GROUP = 100, 10       # 1,000 messages; 10 a group stays under a robot's 20 a minute
OPEN_REPORTS, DUE = 100_000, 1_000


async def main() -> None:
    robots, server = start_fake_robots()
    photo = camera_jpeg(320, 240)
    async with bench_app() as (app, client, database):
        print(f"database: {database}")
        _, (quiet_community, told_community) = await communities(2)
        places = {}
        for community in (quiet_community, told_community):
            _, places[community.id] = await create_place(None, PlaceInput(kind=PlaceKind.BUILDING, name="3号楼",
                                                                          community_id=community.id))
            for n in range(3):
                await create_account(None, role=Role.COMMUNITY_WORKER, name=f"社工{n}", password="bench-password-1",
                                     username=f"w{community.id}x{n}", scope_id=community.id)
        await GroupChannel.create(community_id=told_community.id, kind=GroupKind.WECOM, url=robots.wecom_url())
        app.state.context.counters.hit = _no_limit  # measure the work, not the rate limit

        async def submit(community_id: int) -> float:
            t0 = time.perf_counter()
            r = await client.post("/api/v1/reports", data={
                "code": places[community_id], "category": "sanitation", "idempotency_key": uuid.uuid4().hex},
                files=[("photos", ("p.jpg", photo, "image/jpeg"))])
            assert r.status_code == 201, r.text
            return time.perf_counter() - t0

        plain, told = [], []
        for _ in range(SUBMISSIONS):  # interleaved, so that both see the same machine
            plain.append(await submit(quiet_community.id))
            told.append(await submit(told_community.id))
        print(f"report submission, community without a work group: {timed(plain)}")
        print(f"report submission, community with a work group (3 workers told, 1 outbox row): {timed(told)}")
        print(f"  difference of medians: {(statistics.median(told) - statistics.median(plain)) * 1000:.1f} ms")
        report = await Report.filter(scope_path__startswith=told_community.path).first()
        samples = []
        for _ in range(50):
            await Delivery.all().delete()
            t0 = time.perf_counter()
            await tell_about(report, "report_submitted")
            samples.append(time.perf_counter() - t0)
        print(f"telling the community of a report (notifications + outbox row) on its own: {timed(samples)} "
              f"(goal: median under 5 ms)")

        for workers in (1, 2):
            await Delivery.all().delete()
            await GroupChannel.all().delete()
            robots.received.clear()
            groups = [await GroupChannel.create(community_id=told_community.id, kind=GroupKind.WECOM,
                                                url=robots.wecom_url()) for _ in range(GROUPS)]
            await Delivery.bulk_create([
                Delivery(key=f"bench:{g.id}:{n}", channel="wecom", group_id=g.id, kind="report_submitted",
                         object_type="report", object_id=n, status_of_object="submitted", params={"place": "3号楼"},
                         next_attempt_at=now()) for g in groups for n in range(PER_GROUP)], batch_size=500)
            async with httpx.AsyncClient(timeout=httpx.Timeout(5.0)) as http:
                deliverers = [Deliverer(http, "https://yizhan.test", allow_loopback=True) for _ in range(workers)]
                t0 = time.perf_counter()
                while await Delivery.filter(status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENDING]).exists():
                    await asyncio.gather(*(d.deliver_due() for d in deliverers))
                elapsed = time.perf_counter() - t0
            total = GROUPS * PER_GROUP
            assert len(robots.received) == total and await Delivery.filter(status=DeliveryStatus.SENT).count() == total
            print(f"outbox to a fake WeCom robot on loopback, {workers} worker(s): {total / elapsed:.0f} messages/s "
                  f"({total} in {elapsed:.1f} s)")

        # Back to one work group for the community (the throughput test made a hundred).
        await Delivery.all().delete()
        await GroupChannel.all().delete()
        await GroupChannel.create(community_id=told_community.id, kind=GroupKind.WECOM, url=robots.wecom_url())
        category = await Category.get(key="sanitation")
        place_id = (await Report.first()).place_id
        rng = random.Random(3)
        moment = now()
        rows = [Report(category=category, place_id=place_id, scope_path=told_community.path,
                       status=ReportStatus.ASSIGNED, idempotency_key=uuid.uuid4().hex,
                       deadline_at=moment + timedelta(hours=rng.randint(1, 72))) for _ in range(OPEN_REPORTS - DUE)]
        rows += [Report(category=category, place_id=place_id, scope_path=told_community.path,
                        status=ReportStatus.ASSIGNED, idempotency_key=uuid.uuid4().hex,
                        deadline_at=moment - timedelta(minutes=rng.randint(1, 600))) for _ in range(DUE)]
        await Report.bulk_create(rows, batch_size=2000)
        t0 = time.perf_counter()
        told_count = await watch_deadlines(limit=DUE)
        first = time.perf_counter() - t0
        print(f"deadline sweep, {OPEN_REPORTS} open reports, {DUE} just past their deadline: {first:.2f} s "
              f"({told_count} notices, {await Delivery.all().count()} outbox rows)")
        samples = []
        for _ in range(10):
            t0 = time.perf_counter()
            assert await watch_deadlines() == 0
            samples.append(time.perf_counter() - t0)
        print(f"deadline sweep, {OPEN_REPORTS} open reports, nothing due: {timed(samples)}")
    server.shutdown()


async def _no_limit(key: str, window: int) -> tuple[int, int]:
    return 1, window


if __name__ == "__main__":
    asyncio.run(main())
