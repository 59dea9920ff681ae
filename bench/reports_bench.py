"""Benchmark for 随手拍 reports, through the real app on a temporary database.

    python bench/reports_bench.py
    YIZHAN_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test python bench/reports_bench.py

Measures: the upload size of a report from a 12 MP photo shrunk as the phone does it
(≤ 1,600 px JPEG, quality 0.8; the browser test checks the real Chromium figure); server
time to process one camera photo; report submissions per second; the triage queue with
100,000 reports in the database. The PostgreSQL database is wiped first.
"""

from __future__ import annotations

import asyncio
import random
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import bench_app, communities, phone_shrink, print_processing, sign_in, timed  # noqa: E402

from server.accounts.models import Role  # noqa: E402
from server.accounts.service import create_account  # noqa: E402
from server.locations.models import PlaceKind  # noqa: E402
from server.locations.service import PlaceInput, create_place  # noqa: E402
from server.reports.models import Category, Report, ReportStatus  # noqa: E402
from tests.support.photos import camera_jpeg  # noqa: E402

REPORTS = 100_000
SUBMISSIONS = 60
CONCURRENCY = 4


async def main() -> None:
    camera = camera_jpeg(4000, 3000)
    shrunk = phone_shrink(camera)
    print(f"12 MP camera photo {len(camera) / 1024:.0f} KB → uploaded after shrinking {len(shrunk) / 1024:.0f} KB "
          f"(goal ≤ 400 KB)")
    print_processing({"12 MP camera photo": camera, "phone-shrunk photo": shrunk})

    async with bench_app() as (app, client, database):
        print(f"database: {database}")
        _, (community,) = await communities(1)
        place, code = await create_place(None, PlaceInput(kind=PlaceKind.BUILDING, name="3号楼",
                                                          community_id=community.id))
        await create_account(None, role=Role.COMMUNITY_WORKER, name="社工", username="worker",
                             password="bench-password-1", scope_id=community.id)
        app.state.context.counters.hit = _no_limit  # the benchmark measures work, not the rate limit

        async def submit_one() -> float:
            t0 = time.perf_counter()
            r = await client.post("/api/v1/reports", data={
                "code": code, "category": "sanitation", "idempotency_key": uuid.uuid4().hex},
                files=[("photos", ("p.jpg", shrunk, "image/jpeg"))])
            assert r.status_code == 201, r.text
            return time.perf_counter() - t0

        started = time.perf_counter()
        latencies: list[float] = []
        for _ in range(SUBMISSIONS // CONCURRENCY):
            latencies += await asyncio.gather(*(submit_one() for _ in range(CONCURRENCY)))
        elapsed = time.perf_counter() - started
        print(f"report submissions (one phone-shrunk photo each, {CONCURRENCY} at a time): "
              f"{SUBMISSIONS / elapsed:.1f} per second; {timed(latencies)}")

        rng = random.Random(7)
        categories = await Category.all()
        statuses = list(ReportStatus)
        now = datetime.now(UTC)
        t0 = time.perf_counter()
        rows = [Report(category=rng.choice(categories), place_id=place.id, scope_path=community.path,
                       status=rng.choice(statuses), idempotency_key=uuid.uuid4().hex,
                       deadline_at=now + timedelta(hours=rng.randint(-48, 48))) for _ in range(REPORTS)]
        await Report.bulk_create(rows, batch_size=2000)
        print(f"seeded {REPORTS} reports in {time.perf_counter() - t0:.1f} s")

        await sign_in(client, "worker", "bench-password-1")
        for label, params in (("open, first page", {"status": ["submitted", "verified", "assigned", "reopened"]}),
                              ("overdue", {"overdue": "true"}),
                              ("one category", {"category": "street_light"}),
                              ("everything, page 2", None)):
            samples = []
            for _ in range(20):
                query = dict(params or {})
                if params is None:
                    first = (await client.get("/api/v1/reports")).json()
                    query["cursor"] = first["next_cursor"]
                t0 = time.perf_counter()
                r = await client.get("/api/v1/reports", params=query)
                samples.append(time.perf_counter() - t0)
                assert r.status_code == 200 and len(r.json()["items"]) == 20, r.text
            print(f"triage queue with {REPORTS} reports — {label}: {timed(samples)}")


async def _no_limit(key: str, window: int) -> tuple[int, int]:
    return 1, window


if __name__ == "__main__":
    asyncio.run(main())
